"""Reads Markdown sources with line numbers (strict front matter, heading ids, links): MkDocs keeps no line numbers."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from . import domain
from . import yamlfile
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
MARKER = re.compile(r"<!--\s*([a-z][a-z0-9-]*)\s*(?::\s*([^\s>]+))?\s*-->")


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
    markers: list = field(default_factory=list)    # generator markers: (line, name, argument), e.g. (3, 'tree', 'main')
    unnamed: list = field(default_factory=list)    # (line, heading text) of headings without an explicit id
    shown: str = ""                                # the path used in messages, e.g. 'docs/causes/fees.md'
    duplicates: list = field(default_factory=list) # (line, id, first line) of an id given twice
    meta_lines: dict = field(default_factory=dict) # front matter field, dotted ('troubleshooting.causes.0') -> line

    @property
    def neutral(self) -> str:
        return domain.split(self.path)[0]

    @property
    def lang(self) -> str:
        return domain.split(self.path)[1]

    @property
    def keys(self) -> dict[str, int]:
        """Top-level front matter key -> line."""
        return {key: line for key, line in self.meta_lines.items() if "." not in key}


def split_front_matter(text: str, shown: str) -> tuple[dict, str, int, list[Problem]]:
    """Returns (meta, body, body_line, problems); meta keeps each field's line (kb.yamlfile.Map).
    A malformed block is a problem, never body text."""
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
    meta, problems, _ = yamlfile.load(block, shown, first_line=2, subject="front matter is ",
                                      hint=", e.g. quote values that contain ': ' or start with '[', '*', '&' or '!'")
    if problems:
        return {}, body, end + 2, problems
    if meta is None:
        return {}, body, end + 2, []
    if not isinstance(meta, dict):
        found = type(yamlfile.plain(meta)).__name__
        return {}, body, end + 2, [Problem(shown, 2, f"front matter must be a mapping of 'key: value' lines, found a {found}: write one 'key: value' per line")]
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
    source.meta_lines = yamlfile.lines_of(meta)
    for number, name, argument in comments(body, body_line):
        source.markers.append((number, name, argument))
    return source


H1_END = re.compile(r"</h1>", re.I)


def inline_script(html: str, source: str) -> str:
    """A page's rendered content with `source` as an inline <script> right after its h1 (or first,
    without one): early in the page, so the widgets set up right after their markup find it before
    the first paint, and after the h1, because Material's search makes whatever precedes the h1 the
    page's own entry (a script there left it empty and moved the page's text to a section)."""
    script = f"<script>{source}</script>\n"
    match = H1_END.search(html)
    return html[:match.end()] + "\n" + script + html[match.end():] if match else script + html
