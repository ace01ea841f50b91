"""Troubleshooting index hook: generates the index from the pages' front matter and the response-code table from data (nothing existing does this).

Thin on purpose: schema, validation and rendering live in kb.troubleshooting (pure, unit-tested).
- on_config: reads data/response-codes.yml next to mkdocs.yml (fixture sites bring their own) and tells
  kb.pages which ids the two markers generate (`code-XX`, `family-NAME`), so links to them are checked.
- on_files: reads every page, validates the troubleshooting pages, the index and the codes pages, and
  reports each problem once: in the build of its page's language (static-i18n builds zh, then en).
- on_page_markdown: replaces `<!-- troubleshooting-index -->` and `<!-- response-codes -->` in the
  current language.
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority

from kb import lang as langs
from kb import pages as kb_pages
from kb import troubleshooting as ts
from kb.links import SiteMap
from kb.report import emit

STATE: dict = {"table": ts.CodeTable(), "data_problems": [], "rows": []}


def _root(config) -> Path:
    return Path(config.config_file_path).resolve().parent if config.config_file_path else Path.cwd()


@event_priority(100)        # before any hook that reads pages, so the generated ids are known
def on_config(config):
    table, problems = ts.load_codes_file(_root(config) / ts.DATA_FILE)
    STATE.update(table=table, data_problems=problems)
    ts.register(table)
    return config


def on_files(files, config):
    lang = langs.current(config)
    docs = Path(config.docs_dir)
    sources = kb_pages.load(docs)
    static = {file.src_uri for file in files if not file.src_uri.endswith(".md")}
    sitemap = SiteMap(sources, static, docs.name)
    texts = {path: (docs / path).read_text(encoding="utf-8")
             for path, source in sources.items() if ts.is_troubleshooting(source)}
    order = ts.nav_order(config.nav)
    problems = ts.validate(sources, sitemap, STATE["table"], texts, order) + STATE["data_problems"]
    emit(problem for problem in problems if ts.language_of(problem) == lang)
    STATE["rows"] = ts.rows(sources, lang, order)
    return files


def on_page_markdown(markdown, page, config, files):
    neutral = langs.split(page.file.src_uri)[0]
    lang = langs.current(config)
    if neutral == ts.INDEX:
        return ts.expand(markdown, ts.INDEX_MARKER_NAME, ts.render_index(STATE["rows"], lang, ts.INDEX, STATE["table"]))
    if neutral == ts.CODES_PAGE:
        return ts.expand(markdown, ts.CODES_MARKER_NAME, ts.render_codes(STATE["table"], lang))
    return markdown


def on_serve(server, config, builder):
    data = _root(config) / ts.DATA_FILE
    if data.exists():
        server.watch(str(data))
    return server
