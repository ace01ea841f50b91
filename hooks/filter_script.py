"""Filter script hook: inlines assets/filter.js at the end of the pages holding a filter block (the
troubleshooting index, the response-code table) and nowhere else (MkDocs' extra_javascript loads a script
on every page).

The filter box is already in the page's HTML (kb.troubleshooting renders it, hidden without JavaScript),
so the script can run after the table has been painted without moving anything; inline, it needs no
request and works from the offline copy (file://).
"""
from __future__ import annotations

from pathlib import Path

SCRIPT = "assets/filter.js"


def on_page_content(html, page, config, files, **kwargs):
    if "data-filter" not in html:
        return html
    source = (Path(config.docs_dir) / SCRIPT).read_text(encoding="utf-8")
    return f"{html}\n<script>{source}</script>\n"
