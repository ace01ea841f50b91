"""The troubleshooting index and the response-code table, rendered from the site model in the page's
language (nothing existing does this). A step called by hooks/main.py; schema, validation and
rendering live in kb.troubleshooting (pure, unit-tested)."""
from __future__ import annotations

from kb import domain
from kb import troubleshooting as ts


def expand(markdown: str, page, model, lang: str) -> str:
    neutral = domain.split(page.file.src_uri)[0]
    if neutral == ts.INDEX:
        return ts.expand(markdown, ts.INDEX_MARKER_NAME, ts.render_index(model.rows(lang), lang, ts.INDEX))
    if neutral == ts.CODES_PAGE:
        return ts.expand(markdown, ts.CODES_MARKER_NAME, ts.render_codes(model.codes, lang))
    return markdown
