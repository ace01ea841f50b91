"""One search index per language (zh at search/, en at en/search/), Chinese cut by jieba with the site's dictionary, front-matter keywords indexed, and pages pointed at our search worker (docs/assets/search/worker.js: Chinese queries cut into the index's words); nothing existing does this (static-i18n merges both languages into one index; Material cuts Chinese queries badly)."""
from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority

from kb import lang as langs
from kb import search
from kb import troubleshooting as ts
from kb.builds import Builds

USER_DICT = Path(__file__).resolve().parents[1] / "data" / "jieba-user-dict.txt"
PREFIX = {lang: ("" if lang == langs.DEFAULT else f"{lang}/") for lang in langs.LANGS}

_builds = Builds()
_entries: dict[str, list[dict]] = {}      # language -> Material's entries of that language's build
_keywords: dict[str, dict[str, list]] = {}  # language -> page URL -> keyword phrases
_summaries: dict[str, dict[str, str]] = {}  # language -> page URL -> front-matter description
_symptoms: dict[str, set[str]] = {}         # language -> URLs of the symptom pages (front matter `troubleshooting:`)
_codes_page: dict[str, str] = {}            # language -> URL of the response-code table page
_material_worker: dict[str, str] = {}       # 'name': Material's search worker file, read from the pages


def _jieba():
    try:
        import jieba
    except ImportError as err:
        raise PluginError(
            f"search: the Python package 'jieba' is missing ({err}), so Chinese pages would be indexed "
            "as whole phrases and Chinese searches would find nothing. Run `make venv` (it installs "
            "the pinned jieba from requirements.txt) and build again.") from err
    return jieba


def _search_plugin(config):
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    if plugin is None or not hasattr(plugin, "search_index"):
        return None
    return plugin


_loaded: dict = {}


def on_config(config):
    jieba = _jieba()
    if not USER_DICT.is_file():
        raise PluginError(f"search: the jieba user dictionary {USER_DICT} is missing; restore it from git")
    jieba.setLogLevel(30)                  # no 'Building prefix dict' chatter on every build
    stamp = (str(USER_DICT), USER_DICT.stat().st_mtime_ns)
    if _loaded.get("dict") != stamp:       # once per process (static-i18n configures twice), again after an edit
        jieba.load_userdict(str(USER_DICT))    # global: Material's indexer cuts page text with it too
        _loaded["dict"] = stamp
    return config


def on_pre_build(config):
    build = _builds.start(config)
    if _builds.outermost:
        _entries.clear()
        _keywords.clear()
        _summaries.clear()
        _symptoms.clear()
        _codes_page.clear()
    _keywords.setdefault(build["lang"], {})
    _summaries.setdefault(build["lang"], {})
    _symptoms.setdefault(build["lang"], set())


def on_page_context(context, page, config, nav):
    phrases = search.keywords_of(page.meta)
    if phrases:
        _keywords.setdefault(_builds.current["lang"], {})[page.url] = phrases
    if page.meta.get("description"):
        _summaries.setdefault(_builds.current["lang"], {})[page.url] = str(page.meta["description"])
    if langs.split(page.file.src_uri)[0] == ts.CODES_PAGE:
        _codes_page[_builds.current["lang"]] = page.url
    if isinstance(page.meta.get("troubleshooting"), dict):
        _symptoms.setdefault(_builds.current["lang"], set()).add(page.url)
    return context


def _point_worker(output, where):
    try:
        output, name = search.point_worker(output)
    except ValueError as err:
        raise PluginError(f"search: {where}: {err}") from err
    if name:
        _material_worker["name"] = name
    return output


def on_post_template(output, template_name, config):
    return _point_worker(output, template_name) if template_name == "404.html" else output


def on_post_page(output, page, config):
    output = _point_worker(output, page.file.src_uri)
    lang = _builds.current["lang"]
    if PREFIX[lang]:
        try:
            output = search.point_base(output, PREFIX[lang].rstrip("/"))
        except ValueError as err:
            raise PluginError(f"search: {page.file.src_uri}: {err}") from err
    return output


@event_priority(10)     # before Material writes (0) and static-i18n merges (-100): this build's own entries
def keep_entries(config):
    plugin = _search_plugin(config)
    if plugin is not None:
        _entries[_builds.current["lang"]] = [dict(e) for e in plugin.search_index.entries]


@event_priority(-200)   # after static-i18n has run the nested en build and written its merged index
def write_indexes(config):
    outermost = _builds.outermost
    build = _builds.finish()
    if not outermost or _search_plugin(config) is None:
        return
    jieba = _jieba()
    site = Path(build["site_dir"])
    wrapper = site / search.WORKER
    if not wrapper.is_file() or "name" not in _material_worker:
        raise PluginError(f"search: {search.WORKER} (our search worker) or Material's worker name is missing; "
                          "restore docs/assets/search/worker.js from git")
    try:
        wrapper.write_text(search.worker_script(wrapper.read_text(encoding="utf-8"), _material_worker["name"]), encoding="utf-8")
    except ValueError as err:
        raise PluginError(f"search: {err}") from err
    data = Path(config.config_file_path or "mkdocs.yml").resolve().parent / ts.DATA_FILE
    table = ts.load_codes_file(data)[0] if data.is_file() else ts.CodeTable()   # its problems: reported by troubleshooting_index
    for lang in langs.LANGS:
        if lang not in _entries:
            continue
        prefix = PREFIX[lang]
        fields = {url: search.keyword_field(phrases, lang, jieba.cut)
                  for url, phrases in _keywords.get(lang, {}).items()}
        entries = _entries[lang]
        if lang in _codes_page:
            entries = search.with_code_entries(entries, _codes_page[lang], search.code_entries(
                table, _codes_page[lang], lang, ts.side_label, jieba.cut))
        entries = search.inject_keywords(entries, fields)
        entries = search.inject_summaries(entries, {url: search.summary_field(text, lang, jieba.cut)
                                                    for url, text in _summaries.get(lang, {}).items()})
        entries = [search.with_aliases(e, lang, jieba.cut) for e in entries]
        entries = search.with_page_boost(entries, _symptoms.get(lang, set()), search.SYMPTOM_BOOST)
        try:
            entries = search.relocate(entries, prefix)
        except ValueError as err:
            raise PluginError(f"search: {lang} index: {err}") from err
        entries = search.with_overview_boost(search.with_definition_words(entries, lang))
        target = site / prefix / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(search.index_json(entries, lang), encoding="utf-8")


on_post_build = CombinedEvent(keep_entries, write_indexes)


def on_build_error(error, **kwargs):
    _builds.reset()
