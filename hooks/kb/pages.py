"""Reading Markdown sources: strict front matter, heading ids and links, each with its line number."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import lang as langs
from .report import Problem

FENCE = re.compile(r"^\s*(```|~~~)")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
ATTR_ID = re.compile(r"\{\s*:?[^}]*?#([A-Za-z0-9_-]+)[^}]*\}")
HTML_ID = re.compile(r"""\sid=["']([^"']+)["']""")
INLINE_CODE = re.compile(r"`+[^`\n]*`+")
MD_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'][^)]*[\"'])?\s*\)")
REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$")
HTML_HREF = re.compile(r"""\s(?:href|src)=["']([^"']+)["']""")


@dataclass
class Source:
    """One Markdown file as the author wrote it."""
    path: str                      # docs-relative src_uri, e.g. 'causes/fees.en.md'
    meta: dict = field(default_factory=dict)
    body: str = ""
    body_line: int = 1             # line number (1-based) of the body's first line in the file
    headings: dict = field(default_factory=dict)   # heading id -> line
    ids: dict = field(default_factory=dict)        # every explicit id (headings included) -> line
    links: list = field(default_factory=list)      # (line, target)
    problems: list = field(default_factory=list)

    @property
    def neutral(self) -> str:
        return langs.split(self.path)[0]

    @property
    def lang(self) -> str:
        return langs.split(self.path)[1]


def split_front_matter(text: str, shown: str) -> tuple[dict, str, int, list[Problem]]:
    """Returns (meta, body, body_line, problems). A malformed block is a problem, never body text."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return {}, text, 1, []
    for end in range(1, len(lines)):
        if lines[end].rstrip() in ("---", "..."):
            break
    else:
        return {}, text, 1, [Problem(shown, 1, "front matter opened with '---' is never closed: add a line '---' after the last field")]
    block = "\n".join(lines[1:end])
    body = "\n".join(lines[end + 1:])
    try:
        meta = yaml.safe_load(block) if block.strip() else {}
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        what = getattr(err, "problem", None) or str(err).splitlines()[0]
        return {}, body, end + 2, [Problem(shown, line, f"front matter is not valid YAML ({what}): fix the syntax, e.g. quote values that contain ':' or start with '[' or '*'")]
    if not isinstance(meta, dict):
        return {}, body, end + 2, [Problem(shown, 2, f"front matter must be a mapping of 'key: value' lines, found {type(meta).__name__}")]
    return meta, body, end + 2, []


def scan(body: str, first_line: int = 1):
    """Yields (line_number, text) of the lines outside fenced code, inline code blanked out."""
    fenced = None
    for offset, raw in enumerate(body.split("\n")):
        match = FENCE.match(raw)
        if fenced:
            if match and match.group(1) == fenced:
                fenced = None
            continue
        if match:
            fenced = match.group(1)
            continue
        yield first_line + offset, INLINE_CODE.sub("``", raw)


def parse(text: str, path: str, shown: str | None = None) -> Source:
    """Parses one file's text; `shown` is the path used in messages (default 'docs/<path>')."""
    shown = shown or f"docs/{path}"
    meta, body, body_line, problems = split_front_matter(text, shown)
    source = Source(path=path, meta=meta, body=body, body_line=body_line, problems=problems)
    for number, line in scan(body, body_line):
        heading = HEADING.match(line)
        for found in ATTR_ID.findall(line) + HTML_ID.findall(line):
            source.ids.setdefault(found, number)
            if heading and found in ATTR_ID.findall(heading.group(2)):
                source.headings.setdefault(found, number)
        for regex in (MD_LINK, REF_DEF, HTML_HREF):
            for target in regex.findall(line):
                source.links.append((number, target))
    return source


def load(docs_dir: str | Path) -> dict[str, Source]:
    """Every Markdown file under docs_dir, keyed by its docs-relative path."""
    docs = Path(docs_dir)
    sources = {}
    for file in sorted(docs.rglob("*.md")):
        rel = file.relative_to(docs).as_posix()
        sources[rel] = parse(file.read_text(encoding="utf-8"), rel, f"{docs.name}/{rel}")
    return sources
