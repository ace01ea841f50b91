"""The one link resolver: every hook that writes or checks a link (pages, trees, index) uses it."""
from __future__ import annotations

import posixpath
from urllib.parse import urlsplit

from . import lang as langs
from .pages import Source


def is_external(target: str) -> bool:
    parts = urlsplit(target)
    return bool(parts.scheme or parts.netloc)


class SiteMap:
    """What a link may point to: each language's pages with their ids, and the static files."""

    def __init__(self, sources: dict[str, Source], static: set[str] = frozenset(), docs_name: str = "docs"):
        self.sources = sources                      # 'x.md' / 'x.en.md' -> Source
        self.static = set(static)                   # docs-relative paths of non-Markdown files
        self.docs_name = docs_name

    def shown(self, path: str) -> str:
        return f"{self.docs_name}/{path}"

    def check(self, src: str, target: str) -> str | None:
        """None when `target`, written in page `src` (docs-relative), resolves; else what is wrong and the fix.

        External targets are not judged here (see the allowlist check)."""
        if is_external(target) or target.startswith(("mailto:", "tel:")):
            return None
        src_neutral, lang = langs.split(src)
        path, _, fragment = target.partition("#")
        path = path.split("?", 1)[0]
        if path.startswith("/"):
            return (f"link '{target}': absolute links break /en/, offline copies and sub-path hosting; "
                    f"write it relative to this page, e.g. '{posixpath.relpath(path.lstrip('/') or '.', posixpath.dirname(src) or '.')}'")
        if not path:
            return self._check_fragment(target, src, fragment)
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(src), path))
        if resolved.startswith("../"):
            return f"link '{target}': points outside {self.docs_name}/"
        if resolved.endswith(".md"):
            neutral, target_lang = langs.split(resolved)
            if target_lang != langs.DEFAULT or resolved.endswith(".zh.md"):
                neutral_link = posixpath.relpath(neutral, posixpath.dirname(src) or ".")
                crossing = "leads into the other language" if target_lang != lang else "names a language"
                return (f"link '{target}' {crossing}: link the language-neutral file "
                        f"'{neutral_link}{'#' + fragment if fragment else ''}' and static-i18n picks each language's page")
            page = langs.localized(neutral, lang)
            if page not in self.sources:
                if neutral in self.sources or any(langs.split(p)[0] == neutral for p in self.sources):
                    return f"link '{target}': {self.shown(neutral)} has no {lang} twin {self.shown(page)}: write that page"
                return f"link '{target}': no page {self.shown(resolved)}: fix the path or create the page"
            return self._check_fragment(target, page, fragment)
        if resolved in self.static:
            return None
        if resolved + "/index.md" in self.sources or (resolved in ("", ".") and "index.md" in self.sources):
            return f"link '{target}': link the page file '{posixpath.join(path, 'index.md')}', not a folder"
        return f"link '{target}': no file {self.shown(resolved)}: fix the path, or link a page's .md file"

    def _check_fragment(self, target: str, page: str, fragment: str) -> str | None:
        if not fragment:
            return None
        ids = self.sources[page].ids
        if fragment in ids:
            return None
        listed = ", ".join(sorted(self.sources[page].headings)) or "none"
        return f"link '{target}': no heading with id '{fragment}' in {self.shown(page)} (ids there: {listed})"
