"""Reads Markdown sources with line numbers (strict front matter, heading ids, links): MkDocs keeps no line numbers."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import yaml

from . import lang as langs
from .report import Problem

FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
ATTR_ID = re.compile(r"\{\s*:?[^}]*?#([A-Za-z0-9_-]+)[^}]*\}")
HEADING_ATTRS = re.compile(r"\s*\{\s*:?[^}]*\}\s*$")
HTML_ID = re.compile(r"""\sid=["']([^"']+)["']""")
INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)*?\1")
MD_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'][^)]*[\"'])?\s*\)")
REF_DEF = re.compile(r"^\s{0,3}\[(?!\^)[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$")
HTML_HREF = re.compile(r"""\s(?:href|src)=["']([^"']+)["']""")
AUTOLINK = re.compile(r"<((?:https?|ftp|mailto|tel):[^>\s]+)>", re.IGNORECASE)
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)   # libyaml when PyYAML has it: ~5x faster
META_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:")
MARKER = re.compile(r"<!--\s*([a-z][a-z0-9-]*)\s*(?::\s*([^\s>]+))?\s*-->")

# Generated content (a decision tree, the response-codes table) creates ids the Markdown source does
# not show. A hook that renders a marker registers a function marker_argument, lang -> ids, so that
# links into its output can be checked before it runs: register_marker("response-codes", fn).
MARKERS: dict[str, Callable[[str | None, str], Iterable[str]]] = {}


def register_marker(name: str, ids: Callable[[str | None, str], Iterable[str]]) -> None:
    """Declares the ids that `<!-- name -->` / `<!-- name: argument -->` will put into a page."""
    MARKERS[name] = ids


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
    markers: dict = field(default_factory=dict)    # generator marker name -> line, e.g. {'tree': 3}
    unnamed: list = field(default_factory=list)    # (line, heading text) of headings without an explicit id
    shown: str = ""                                # the path used in messages, e.g. 'docs/causes/fees.md'
    duplicates: list = field(default_factory=list) # (line, id, first line) of an id given twice
    meta_lines: dict = field(default_factory=dict) # top-level front matter key -> line

    @property
    def neutral(self) -> str:
        return langs.split(self.path)[0]

    @property
    def lang(self) -> str:
        return langs.split(self.path)[1]


def split_front_matter(text: str, shown: str) -> tuple[dict, str, int, list[Problem]]:
    """Returns (meta, body, body_line, problems). A malformed block is a problem, never body text."""
    text = text.lstrip("\ufeff")
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
        meta = yaml.load(block, Loader=FAST_LOADER) if block.strip() else {}
    except yaml.YAMLError:
        meta = None
    try:    # the pure-Python loader only when the fast one fails: its messages are the clearer ones
        meta = yaml.safe_load(block) if meta is None and block.strip() else meta
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        what = getattr(err, "problem", None) or str(err).splitlines()[0]
        return {}, body, end + 2, [Problem(shown, line, f"front matter is not valid YAML ({what}): fix the syntax, e.g. quote values that contain ': ' or start with '[', '*', '&' or '!'")]
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        return {}, body, end + 2, [Problem(shown, 2, f"front matter must be a mapping of 'key: value' lines, found a {type(meta).__name__}: write one 'key: value' per line")]
    return meta, body, end + 2, []


def _closes(raw: str, match, fenced: str) -> bool:
    """A fence closes with the same character, at least as long, and no info string."""
    return bool(match) and match.group(1)[0] == fenced[0] and len(match.group(1)) >= len(fenced) \
        and not raw.strip().lstrip(fenced[0])


def scan(body: str, first_line: int = 1):
    """Yields (line_number, text) of the lines outside fenced code and HTML comments, inline code blanked out."""
    fenced = None
    in_comment = False
    for offset, raw in enumerate(body.split("\n")):
        match = FENCE.match(raw)
        if fenced:
            if _closes(raw, match, fenced):
                fenced = None
            continue
        if match and not in_comment:
            fenced = match.group(1)
            continue
        text = INLINE_CODE.sub("``", raw)
        kept = []
        while text:
            if in_comment:
                end = text.find("-->")
                if end < 0:
                    text = ""
                else:
                    text, in_comment = text[end + 3:], False
            else:
                start = text.find("<!--")
                if start < 0:
                    kept.append(text)
                    text = ""
                else:
                    kept.append(text[:start])
                    text, in_comment = text[start + 4:], True
        yield first_line + offset, "".join(kept)


def lines(body: str, first_line: int = 1):
    """Yields (line_number, text, in_code) for every line; in_code is True for fenced code, fences included."""
    fenced = None
    for offset, raw in enumerate(body.split("\n")):
        match = FENCE.match(raw)
        if fenced:
            if _closes(raw, match, fenced):
                fenced = None
            yield first_line + offset, raw, True
            continue
        if match:
            fenced = match.group(1)
        yield first_line + offset, raw, bool(match)


def comments(body: str, first_line: int = 1):
    """Yields (line_number, marker_name, argument) of one-line generator markers such as `<!-- tree: main -->`."""
    for number, raw, in_code in lines(body, first_line):
        if not in_code:
            for name, argument in MARKER.findall(INLINE_CODE.sub("``", raw)):
                yield number, name, argument or None


def parse(text: str, path: str, shown: str | None = None) -> Source:
    """Parses one file's text; `shown` is the path used in messages (default 'docs/<path>')."""
    shown = shown or f"docs/{path}"
    meta, body, body_line, problems = split_front_matter(text, shown)
    source = Source(path=path, meta=meta, body=body, body_line=body_line, problems=problems, shown=shown)
    for number, line in scan(body, body_line):
        heading = HEADING.match(line)
        heading_ids = ATTR_ID.findall(heading.group(2)) if heading else []
        for found in ATTR_ID.findall(line) + HTML_ID.findall(line):
            if found in source.ids:
                source.duplicates.append((number, found, source.ids[found]))
            source.ids.setdefault(found, number)
        for found in heading_ids:
            source.headings.setdefault(found, number)
        if heading and not heading_ids:
            source.unnamed.append((number, HEADING_ATTRS.sub("", heading.group(2)).strip("# ")))
        for regex in (MD_LINK, REF_DEF, HTML_HREF, AUTOLINK):
            for target in regex.findall(line):
                source.links.append((number, target))
    for number, raw in enumerate(text.lstrip("\ufeff").split("\n")[1:body_line - 2] if meta else [], start=2):
        key = META_KEY.match(raw)
        if key:
            source.meta_lines.setdefault(key.group(1), number)
    lang = source.lang
    for number, name, argument in comments(body, body_line):
        source.markers.setdefault(name, number)
        if name in MARKERS:
            for found in MARKERS[name](argument, lang):
                source.ids.setdefault(found, number)
    return source


def load(docs_dir: str | Path) -> dict[str, Source]:
    """Every Markdown file under docs_dir, keyed by its docs-relative path."""
    docs = Path(docs_dir)
    sources = {}
    for file in sorted(docs.rglob("*.md")):
        rel = file.relative_to(docs).as_posix()
        sources[rel] = parse(file.read_text(encoding="utf-8"), rel, f"{docs.name}/{rel}")
    return sources


H1_END = re.compile(r"</h1>", re.I)


def inline_script(html: str, source: str) -> str:
    """A page's rendered content with `source` as an inline <script> right after its h1 (or first,
    without one): early in the page, so the widgets set up right after their markup find it before
    the first paint, and after the h1, because Material's search makes whatever precedes the h1 the
    page's own entry (a script there left it empty and moved the page's text to a section)."""
    script = f"<script>{source}</script>\n"
    match = H1_END.search(html)
    return html[:match.end()] + "\n" + script + html[match.end():] if match else script + html
