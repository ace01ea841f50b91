"""Stops the build on bad links, anchors, twins, front matter or external hosts (nothing existing checks twins).

MkDocs' own `validation:` checks one language at a time and ignores twins and front matter; static-i18n
checks neither.

Whole-docs checks run once per `mkdocs build` (and per rebuild under `mkdocs serve`): in the top-level
build, before static-i18n builds the other language. Each problem is logged as one warning line
`docs/<path>:<line>: <what is wrong>: <fix>`; strict mode then fails the build after listing all of them.
A link to an id that only generated content (a tree, the response-codes table) provides is checked once
that page is rendered. Configuration mistakes raise PluginError saying what to set.
"""
from __future__ import annotations

import logging
import os
import re
from pathlib import Path

from mkdocs.exceptions import PluginError

from kb import lang as langs
from kb import links, pages
from kb.report import Problem, emit

HOOK_REPO = Path(__file__).resolve().parents[1]
RENDERED_ID = re.compile(r"""\sid=["']([^"']+)["']""")
STATE: dict = {"site": None, "pending": [], "rendered": {}}


def _config_dir(config) -> Path:
    return Path(config.config_file_path).resolve().parent if config.config_file_path else Path.cwd()


def hosts_file(config) -> Path:
    """data/external-hosts.yml next to mkdocs.yml; a fixture site without one uses the repository's."""
    local = _config_dir(config) / links.HOSTS_FILE
    return local if local.exists() else HOOK_REPO / links.HOSTS_FILE


def _shown_hosts(config, path: Path) -> str:
    try:
        return path.relative_to(_config_dir(config)).as_posix()
    except ValueError:
        return str(path)


def on_config(config):
    i18n = config.plugins.get("i18n")
    if i18n is None or getattr(i18n, "config", {}).get("docs_structure") != "suffix":
        raise PluginError("hooks/validate.py checks translation twins of the suffix layout (x.md zh, x.en.md en): "
                          "configure the 'i18n' plugin (mkdocs-static-i18n) with 'docs_structure: suffix'")
    codes = [language.locale for language in i18n.config.languages]
    if sorted(codes) != sorted(langs.LANGS):
        raise PluginError(f"hooks/validate.py expects the languages {', '.join(langs.LANGS)} in the i18n plugin, "
                          f"found {', '.join(codes)}: set 'languages' to zh (default) and en, or extend hooks/kb/lang.py")
    for group, name in (("links", "not_found"), ("links", "anchors"), ("links", "absolute_links"), ("nav", "not_found")):
        level = getattr(getattr(config.validation, group), name)
        if level < logging.WARNING:
            raise PluginError(f"MkDocs' own link validation must stay on: set 'validation: {group}: {name}: warn' "
                              f"in mkdocs.yml")
    path = hosts_file(config)
    try:
        STATE["hosts"] = links.load_hosts(path)
    except ValueError as err:
        raise PluginError(f"hooks/validate.py: {err}") from None
    STATE["hosts_file"] = _shown_hosts(config, path)
    return config


def _top_level(config) -> bool:
    """False inside the builds static-i18n runs for the other languages (the sources are the same)."""
    return not getattr(config.plugins.get("i18n"), "building", False)


def on_files(files, config):
    if not _top_level(config):
        return files
    docs_name = os.path.relpath(config.docs_dir, _config_dir(config)).replace(os.sep, "/")
    sources, static = {}, set()
    for file in files:
        if file.inclusion.is_excluded():
            continue
        if file.is_documentation_page():
            sources[file.src_uri] = pages.parse(file.content_string, file.src_uri, f"{docs_name}/{file.src_uri}")
        else:
            static.add(file.src_uri)
    site = links.SiteMap(sources, static, docs_name, STATE["hosts"], STATE["hosts_file"])
    problems, pending = links.site_problems(site)
    STATE.update(site=site, pending=pending, rendered={})
    emit(problems)
    return files


def _page_path(page, config) -> str:
    return Path(os.path.relpath(page.file.abs_src_path, config.docs_dir)).as_posix() if page.file.abs_src_path \
        else page.file.src_uri


def on_page_content(html, page, config, files):
    if STATE["pending"]:
        path = _page_path(page, config)
        if any(item.page == path for item in STATE["pending"]):
            STATE["rendered"][path] = set(RENDERED_ID.findall(html))
    return html


def on_env(env, config, files):
    """Links to ids made by generated content, checked now that this language's pages are rendered."""
    waiting, problems = [], []
    for item in STATE["pending"]:
        ids = STATE["rendered"].get(item.page)
        if ids is None:
            waiting.append(item)
        elif item.fragment not in ids:
            problems.append(Problem(item.file, item.line,
                                    STATE["site"].missing_id(item.target, item.page, item.fragment, ids)))
    STATE["pending"] = waiting
    emit(problems)
    return env


def on_serve(server, config, builder):
    """Editing the allowlist rebuilds the preview like editing a page does."""
    path = hosts_file(config)
    if path.exists():
        server.watch(str(path))
    return server
