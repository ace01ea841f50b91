"""The site's own checks (nothing existing checks twins, front matter or the allowlist, and MkDocs'
`validation:` sees one language at a time): the configuration they need, the site model read from
MkDocs' files once per `mkdocs build`, and links to ids only a rendered page shows.

Steps called by hooks/main.py. Each content problem is one line `docs/<path>:<line>: <what is
wrong>: <fix>`; main.py lists them all and stops the build. Configuration mistakes raise PluginError
saying what to set."""
from __future__ import annotations

import logging
import os
import re
from pathlib import Path

from mkdocs.exceptions import PluginError

from kb import domain, links, site
from kb.report import Problem

HOOK_REPO = Path(__file__).resolve().parents[1]
RENDERED_ID = re.compile(r"""\sid=["']([^"']+)["']""")


def config_dir(config) -> Path:
    return Path(config.config_file_path).resolve().parent if config.config_file_path else Path.cwd()


def hosts_file(config) -> Path:
    """data/external-hosts.yml next to mkdocs.yml; a fixture site without one uses the repository's."""
    local = config_dir(config) / links.HOSTS_FILE
    return local if local.exists() else HOOK_REPO / links.HOSTS_FILE


def check_config(config) -> None:
    i18n = config.plugins.get("i18n")
    if i18n is None or getattr(i18n, "config", {}).get("docs_structure") != "suffix":
        raise PluginError("hooks/validate.py checks translation twins of the suffix layout (x.md zh, x.en.md en): "
                          "configure the 'i18n' plugin (mkdocs-static-i18n) with 'docs_structure: suffix'")
    codes = [language.locale for language in i18n.config.languages]
    if sorted(codes) != sorted(domain.LANGS):
        raise PluginError(f"hooks/validate.py expects the languages {', '.join(domain.LANGS)} in the i18n plugin, "
                          f"found {', '.join(codes)}: set 'languages' to zh (default) and en, or extend hooks/kb/domain.py")
    for group, name in (("links", "not_found"), ("links", "anchors"), ("links", "absolute_links"), ("nav", "not_found")):
        level = getattr(getattr(config.validation, group), name)
        if level < logging.WARNING:
            raise PluginError(f"MkDocs' own link validation must stay on: set 'validation: {group}: {name}: warn' "
                              f"in mkdocs.yml")


def load_site(files, config) -> site.Site:
    """The site model from MkDocs' files (both languages' pages, as static-i18n leaves them in the
    top-level build), the data next to mkdocs.yml and the nav."""
    root = config_dir(config)
    path = hosts_file(config)
    try:
        hosts = links.load_hosts(path)
    except ValueError as err:
        raise PluginError(f"hooks/validate.py: {err}") from None
    try:
        shown_hosts = path.relative_to(root).as_posix()
    except ValueError:
        shown_hosts = str(path)
    docs_name = os.path.relpath(config.docs_dir, root).replace(os.sep, "/")
    texts, static = {}, set()
    for file in files:
        if file.inclusion.is_excluded():
            continue
        if file.is_documentation_page():
            texts[file.src_uri] = file.content_string
        else:
            static.add(file.src_uri)
    return site.load(texts, static, site.read_data(root), site.nav_paths(config.nav), docs_name, hosts, shown_hosts)


def _page_path(page, config) -> str:
    return Path(os.path.relpath(page.file.abs_src_path, config.docs_dir)).as_posix() if page.file.abs_src_path \
        else page.file.src_uri


def note_ids(html: str, page, config, model: site.Site, build: site.Build) -> None:
    """Keeps the ids of a rendered page that a link waits for (generated content)."""
    path = _page_path(page, config)
    if any(item.page == path for item in model.pending):
        build.rendered[path] = set(RENDERED_ID.findall(html))


def pending_problems(model: site.Site, build: site.Build) -> list[Problem]:
    """Links to ids made by generated content, checked once this language's pages are rendered."""
    problems = []
    for item in model.pending:
        ids = build.rendered.get(item.page)
        if ids is not None and item.fragment not in ids:
            problems.append(Problem(item.file, item.line, model.links.missing_id(item.target, item.page, item.fragment, ids)))
    return problems


def watched(config) -> list[Path]:
    """What `mkdocs serve` rebuilds on, besides docs/: the data folder and the allowlist."""
    return [path for path in (config_dir(config) / "data", hosts_file(config)) if path.exists()]
