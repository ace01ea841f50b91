"""Python-Markdown's `abbr` for Chinese text too (hand-written: `abbr` wraps a term only between \\b word
boundaries, and running Chinese has none, so '请核对联行号' never matched '联行号'). A term's end is bounded
only where it is a Latin letter or digit; headings are left alone (their text is the page's table of
contents and its search titles)."""
from __future__ import annotations

import re

from markdown.extensions import Extension
from markdown.extensions.abbr import AbbrTreeprocessor
from markdown.util import AtomicString

WORD = re.compile(r"[A-Za-z0-9_]")
SKIP = {"h1", "h2", "h3", "h4", "h5", "h6", "a", "abbr", "code", "pre", "script", "style"}   # a link is already a tap target


def pattern(terms) -> re.Pattern:
    """One regex for every term, longest first; a Latin end of a term must not run on into a Latin word."""
    parts = []
    for term in sorted(terms, key=len, reverse=True):
        left = r"(?<![A-Za-z0-9_])" if WORD.match(term[0]) else ""
        right = r"(?![A-Za-z0-9_])" if WORD.match(term[-1]) else ""
        parts.append(left + re.escape(term) + right)
    return re.compile("|".join(parts))


class CJKAbbrTreeprocessor(AbbrTreeprocessor):
    def _wrap(self, text: str, insert):
        for match in reversed(list(self.RE.finditer(text))):
            if self.abbrs.get(match.group(0)):
                insert(self.create_element(self.abbrs[match.group(0)], match.group(0), text[match.end():]))
                text = text[:match.start()]
        return text

    def iter_element(self, el, parent=None):
        if el.tag not in SKIP:
            for child in reversed(el):
                self.iter_element(child, el)
            if el.text and not isinstance(el.text, AtomicString):
                el.text = self._wrap(el.text, lambda node: el.insert(0, node))
        if parent is not None and el.tail and not isinstance(el.tail, AtomicString):
            index = list(parent).index(el) + 1
            el.tail = self._wrap(el.tail, lambda node: parent.insert(index, node))

    def run(self, root):
        if not self.abbrs:
            return
        self.RE = pattern(self.abbrs)
        self.iter_element(root)


class CJKAbbrExtension(Extension):
    """Replaces the `abbr` extension's tree processor (keeps its definitions); list it after 'abbr'."""

    def extendMarkdown(self, md):
        if "abbr" not in md.treeprocessors:
            raise ValueError("the CJK abbreviations need Python-Markdown's 'abbr' extension listed before them")
        md.treeprocessors.register(CJKAbbrTreeprocessor(md, md.treeprocessors["abbr"].abbrs), "abbr", 7)
