"""Dated, sourced facts: expands `<!-- fact: ID -->`, `<!-- facts: GROUP -->`, `<!-- source: ID -->` and `<!-- sources -->` from data/facts.yml and data/sources.yml in the page's language; fails the build on a bad marker or entry, warns (without failing) on a fact checked more than a year ago (nothing existing does this).

Thin: loading, validation and rendering live in kb.facts. The data files are found next to mkdocs.yml;
a fixture site without them uses the repository's. Data problems are reported once per build, in the
top-level build; a bad marker on the page of each language. The age of each checked date is measured
from SOURCE_DATE_EPOCH when set (reproducible builds), else today.
"""
from __future__ import annotations

import datetime
import logging
import os
from pathlib import Path

from kb import facts as kb_facts
from kb import lang as langs
from kb import pages as kb_pages
from kb.report import emit

HOOK_REPO = Path(__file__).resolve().parents[1]
STATE: dict = {"facts": {}, "sources": {}}

for _name in kb_facts.INLINE_MARKERS + kb_facts.BLOCK_MARKERS:     # they add no ids to a page
    kb_pages.register_marker(_name, lambda argument, lang: ())

# A stale fact is a visible warning, not a failure: MkDocs' strict mode counts warnings of the
# 'mkdocs' loggers only, so this one prints with a handler of its own, in MkDocs' format.
stale_log = logging.getLogger("kb.facts.stale")
if not stale_log.handlers:
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("WARNING -  %(message)s"))
    stale_log.addHandler(_handler)
    stale_log.propagate = False


def _root(config) -> Path:
    return Path(config.config_file_path).resolve().parent if config.config_file_path else Path.cwd()


def data_file(config, name: str) -> tuple[Path, str]:
    """(path, name shown in messages) of a data file next to mkdocs.yml, else the repository's."""
    local = _root(config) / name
    path = local if local.exists() else HOOK_REPO / name
    try:
        return path, path.relative_to(_root(config)).as_posix()
    except ValueError:
        return path, str(path)


def _today() -> datetime.date:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).date()
    return datetime.date.today()


def _top_level(config) -> bool:
    """False inside the builds static-i18n runs for the other languages (the data is the same)."""
    return not getattr(config.plugins.get("i18n"), "building", False)


def on_pre_build(config, **kwargs):
    sources_path, sources_shown = data_file(config, kb_facts.SOURCES_FILE)
    facts_path, facts_shown = data_file(config, kb_facts.FACTS_FILE)
    problems = []
    sources, found = kb_facts.load_sources(sources_path.read_text(encoding="utf-8"), sources_shown) \
        if sources_path.is_file() else ({}, [])
    problems += found
    facts, found = kb_facts.load_facts(facts_path.read_text(encoding="utf-8"), sources, facts_shown, sources_shown) \
        if facts_path.is_file() else ({}, [])
    problems += found
    STATE.update(facts=facts, sources=sources, facts_file=facts_shown, sources_file=sources_shown)
    if _top_level(config):
        emit(problems)
        for problem in kb_facts.stale(facts.values(), _today(), facts_shown) + \
                kb_facts.stale(sources.values(), _today(), sources_shown):
            stale_log.warning(str(problem))


def on_page_markdown(markdown, page, config, files, **kwargs):
    if "<!--" not in markdown:
        return markdown
    src = page.file.src_uri
    first_line = 1
    if page.file.abs_src_path:
        text = Path(page.file.abs_src_path).read_text(encoding="utf-8")
        first_line = kb_pages.split_front_matter(text, src)[2]
    shown = f"{Path(config.docs_dir).name}/{src}"
    markdown, problems = kb_facts.replace_markers(markdown, STATE["facts"], STATE["sources"], langs.split(src)[1],
                                                  shown, first_line, STATE.get("facts_file", kb_facts.FACTS_FILE),
                                                  STATE.get("sources_file", kb_facts.SOURCES_FILE))
    emit(problems)
    return markdown


def on_serve(server, config, builder, **kwargs):
    for name in (kb_facts.FACTS_FILE, kb_facts.SOURCES_FILE):
        path = data_file(config, name)[0]
        if path.exists():
            server.watch(str(path))
    return server
