"""One search index per language (zh at search/, en at en/search/), Chinese cut by jieba with the site's
dictionary, front-matter keywords indexed, and pages pointed at our search worker (docs/assets/search/worker.js:
Chinese queries cut into the index's words); nothing existing does this (static-i18n merges both languages
into one index; Material cuts Chinese queries badly). Steps called by hooks/main.py; what goes into an
index lives in kb.search (pure, unit-tested)."""
from __future__ import annotations

from importlib import metadata
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

import material
from kb import domain, search
from kb import troubleshooting as ts

USER_DICT = Path(__file__).resolve().parents[1] / "data" / "jieba-user-dict.txt"
PREFIX = {lang: ("" if lang == domain.DEFAULT else f"{lang}/") for lang in domain.LANGS}


def _jieba():
    try:
        import jieba
    except ImportError as err:
        raise PluginError(
            f"search: the Python package 'jieba' is missing ({err}), so Chinese pages would be indexed "
            "as whole phrases and Chinese searches would find nothing. Run `make venv` (it installs "
            "the pinned jieba from requirements.txt) and build again.") from err
    return jieba


def search_plugin(config):
    """Material's search plugin, when it is on (its options include jieba_dict_user)."""
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    return plugin if plugin is not None and "jieba_dict_user" in plugin.config else None


def configure(config) -> str | None:
    """Before Material's search plugin reads its config: jieba present, the site's dictionary given to
    Material's own `jieba_dict_user` (as an absolute path: Material resolves it from the working
    directory), and Material's worker still what worker.js relies on. Returns that worker's name."""
    plugin = search_plugin(config)
    if plugin is None:
        return None
    jieba = _jieba()
    if not USER_DICT.is_file():
        raise PluginError(f"search: the jieba user dictionary {USER_DICT} is missing; restore it from git")
    jieba.setLogLevel(30)                  # no 'Building prefix dict' chatter on every build
    plugin.config.jieba_dict_user = str(USER_DICT)
    workers = Path(material.__file__).parent / search.MATERIAL_WORKERS
    name, broken = search.material_contract(workers, metadata.version("mkdocs-material"))
    if broken:
        points = "\n".join(f"  - {what}" for _, what in search.CONTRACT)
        raise PluginError("search: docs/assets/search/worker.js wraps Material's search worker, and the installed "
                          "Material no longer matches what it relies on:\n" + "\n".join(f"  ! {b}" for b in broken) +
                          f"\nWhat worker.js relies on (re-check each in {workers}):\n{points}")
    return name


def worker_file(files, config, material_worker: str):
    """Our worker, with Material's worker's name filled in, written once as a generated file."""
    original = files.get_file_from_path(search.WORKER)
    if original is None:
        raise PluginError(f"search: {search.WORKER} (our search worker) is missing; restore docs/assets/search/worker.js from git")
    try:
        content = search.worker_script(original.content_string, material_worker)
    except ValueError as err:
        raise PluginError(f"search: {err}") from err
    files.remove(original)
    files.append(File.generated(config, search.WORKER, content=content))
    return files


def boost(page) -> None:
    """Symptom pages (a `troubleshooting:` block) weigh more, through Material's own page boost."""
    if isinstance(page.meta.get("troubleshooting"), dict):
        page.meta.setdefault("search", {}).setdefault("boost", search.SYMPTOM_BOOST)


def note_page(page, build) -> None:
    """What this language's index needs from a page's front matter."""
    phrases = search.keywords_of(page.meta)
    if phrases:
        build.keywords[page.url] = phrases
    if page.meta.get("description"):
        build.summaries[page.url] = str(page.meta["description"])
    if domain.split(page.file.src_uri)[0] == ts.CODES_PAGE:
        build.codes_url = page.url


def point_worker(output: str, where: str) -> str:
    """A page pointed at our worker (the 404 page: only that, it serves both languages' URLs)."""
    return search.point_worker(output)[0]


def point_page(output: str, where: str, lang: str) -> str:
    """A page pointed at our worker and at its own language's index."""
    output = point_worker(output, where)
    try:
        return search.point_base(output, PREFIX[lang].rstrip("/")) if PREFIX[lang] else output
    except ValueError as err:
        raise PluginError(f"search: {where}: {err}") from err


def keep_entries(config, build) -> None:
    """This build's own entries, before Material writes them and static-i18n merges the languages."""
    plugin = search_plugin(config)
    if plugin is not None and hasattr(plugin, "search_index"):
        build.entries = [dict(e) for e in plugin.search_index.entries]


def write_indexes(config, builds: dict, codes: ts.CodeTable, site_dir: Path) -> None:
    """Each language's own index, over the merged one static-i18n wrote."""
    if search_plugin(config) is None:
        return
    jieba = _jieba()
    for lang, build in builds.items():
        prefix = PREFIX[lang]
        fields = {url: search.keyword_field(phrases, lang, jieba.cut) for url, phrases in build.keywords.items()}
        entries = build.entries
        if build.codes_url is not None:
            entries = search.with_code_entries(entries, build.codes_url, search.code_entries(
                codes, build.codes_url, lang, ts.side_label, jieba.cut))
        entries = search.inject_keywords(entries, fields)
        entries = search.inject_summaries(entries, {url: search.summary_field(text, lang, jieba.cut)
                                                    for url, text in build.summaries.items()})
        entries = [search.with_aliases(e, lang, jieba.cut) for e in entries]
        try:
            entries = search.relocate(entries, prefix)
        except ValueError as err:
            raise PluginError(f"search: {lang} index: {err}") from err
        entries = search.with_overview_boost(search.with_definition_words(entries, lang))
        target = site_dir / prefix / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(search.index_json(entries, lang), encoding="utf-8")
