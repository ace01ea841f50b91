"""Dated, sourced facts (nothing existing does this): `<!-- fact: ID -->`, `<!-- facts: GROUP -->`,
`<!-- source: ID -->` and `<!-- sources -->` expanded from data/facts.yml and data/sources.yml in the
page's language. Steps called by hooks/main.py; loading, validation and rendering live in kb.facts.

A bad marker or entry stops the build (file, line, fix); a fact checked more than a year ago is a
visible warning that does not: MkDocs' strict mode counts the warnings of the 'mkdocs' loggers only,
so it prints through a logger of its own, in MkDocs' format. Its age is measured from
SOURCE_DATE_EPOCH when set (reproducible builds), else today."""
from __future__ import annotations

import datetime
import os

from kb import facts as kb_facts
from kb import report



def today() -> datetime.date:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).date()
    return datetime.date.today()


def warn_stale(model) -> None:
    """Facts and sources checked more than a year ago: once per build."""
    day = today()
    for problem in kb_facts.stale(model.facts.values(), day, kb_facts.FACTS_FILE) + \
            kb_facts.stale(model.sources.values(), day, kb_facts.SOURCES_FILE):
        report.advice.warning(str(problem))


def expand(markdown: str, page, model, lang: str) -> tuple[str, list]:
    if "<!--" not in markdown:
        return markdown, []
    source = model.pages.get(page.file.src_uri)
    return kb_facts.replace_markers(markdown, model.facts, model.sources, lang,
                                    source.shown if source else page.file.src_uri, source.body_line if source else 1)
