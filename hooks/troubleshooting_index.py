"""The troubleshooting index and the response-code table, rendered from the site model in the page's
language, with their filter script (nothing existing does this). A step called by hooks/main.py; schema, validation and
rendering live in kb.troubleshooting (pure, unit-tested)."""
from __future__ import annotations

from pathlib import Path

from kb import domain
from kb import troubleshooting as ts

FILTER_SCRIPT = "assets/filter.js"


def expand(markdown: str, page, model, lang: str) -> str:
    neutral = domain.split(page.file.src_uri)[0]
    if neutral == ts.INDEX:
        return ts.expand(markdown, ts.INDEX_MARKER_NAME, ts.render_index(model.rows(lang), lang, ts.INDEX, model.codes))
    if neutral == ts.CODES_PAGE:
        return ts.expand(markdown, ts.CODES_MARKER_NAME, ts.render_codes(model.codes, lang))
    return markdown


def inline_filter_script(html: str, config) -> str:
    """assets/filter.js at the end of the pages holding a filter block (the index, the code table) and
    nowhere else: the box is already in the HTML (hidden without JavaScript), so the script runs after
    the table is painted without moving anything; inline, it works from the offline copy too."""
    if "data-filter" not in html:
        return html
    source = (Path(config.docs_dir) / FILTER_SCRIPT).read_text(encoding="utf-8")
    return f"{html}\n<script>{source}</script>\n"
