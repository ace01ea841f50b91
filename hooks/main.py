"""The site's build, event by event: the one file MkDocs loads from hooks/ (mkdocs.yml `hooks:`).

It owns the kb.site.Session of one `mkdocs build` and hands the site model, and the build under way,
to each concern's steps (hooks/<concern>.py), so a page's journey reads top to bottom here.
Lifecycle: on_pre_build starts a build (the top-level build, or static-i18n's English build inside
its on_post_build), on_files of the top-level build reads the site model from MkDocs' files once,
on_post_build finishes the build, on_build_error forgets it all.

Every problem any step finds is logged as a warning when it is found and, at the end of the
top-level build, stops the build, whatever the verbosity or strict setting: MkDocs counts
strict-mode warnings through its logger, and `-q` raises the logger's level so none are counted or
shown (mkdocs issue 4126), which would publish a broken site. Under `-q` the error lists them all.
"""
from __future__ import annotations

import jinja2
from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority

import a11y
import abbreviations
import dates
import facts
import handbook
import holidays
import offline
import search_index
import tools
import trees
import troubleshooting_index
import validate
from kb import domain, report
from kb.site import Session

session = Session()


def on_startup(command, dirty):
    session.command = command


@event_priority(100)    # before Material's search (its jieba dictionary) and offline (its shim) plugins
def _configure(config):
    validate.check_config(config)
    session.material_worker = search_index.configure(config)
    offline.configure(config)
    return config


@event_priority(-110)   # after static-i18n (-100) has set this build's language
def _configure_language(config):
    abbreviations.configure(config, domain.language(config.theme.get("language")))
    return config


on_config = CombinedEvent(_configure, _configure_language)


def on_pre_build(config):
    session.start(config.theme.get("language"), config.site_dir)
    if session.top_level:
        session.shallow = dates.shallow_commits(config)


@event_priority(0)      # before static-i18n sorts the files by language: every page of both languages
def _read_site(files, config):
    if session.top_level:               # static-i18n's other language: the same sources, already read
        session.site = validate.load_site(files, config)
        session.report(session.site.problems)
        facts.warn_stale(session.site)
        session.calendar, session.today, problems = holidays.load(config)
        session.report(problems)
    return files


@event_priority(-200)   # after static-i18n, which cannot handle a generated file
def _generate_worker(files, config):
    if session.top_level and session.material_worker:
        files = search_index.worker_file(files, config, session.material_worker)
    return files


on_files = CombinedEvent(_read_site, _generate_worker)


def on_nav(nav, config, files):
    session.build.urls = [page.url for page in nav.pages]
    return handbook.add_to_nav(nav, session.build.lang)


def on_page_markdown(markdown, page, config, files):
    lang = session.build.lang
    markdown = trees.expand(markdown, page, session.site, lang)
    markdown = troubleshooting_index.expand(markdown, page, session.site, lang)
    markdown, problems = facts.expand(markdown, page, session.site, lang)
    session.report(problems)
    session.report(tools.check(markdown, page, session.site))
    dates.label(page, lang, session.shallow)
    markdown = holidays.expand(markdown, lang, session.calendar, session.today)
    search_index.boost(page)
    return markdown


def on_page_content(html, page, config, files):
    html = a11y.repair(html)
    html = trees.inline_script(html, config)
    html = tools.add_report_link(html, page, files)
    html = tools.inline_start(html, page, config)
    html = troubleshooting_index.inline_filter_script(html, config)
    html = holidays.inline_script(html, config)
    validate.note_ids(html, page, config, session.site, session.build)
    return html


def on_env(env, config, files):
    env.bytecode_cache = _compiled_templates()
    session.report(validate.pending_problems(session.site, session.build))
    return env


def _compiled_templates() -> jinja2.BytecodeCache | None:
    """Jinja's own cache of compiled templates, in a folder of its own in the user's temporary folder: MkDocs makes
    a new Jinja environment for every build (static-i18n's English build, each `make serve` rebuild, each test's
    fixture site), which compiled Material's 92 templates again (1 s). Keyed by each template's name and a checksum
    of its source and Jinja's version, so a changed template or a new Material is compiled afresh, and written to a
    temporary file and renamed, so builds side by side share it; the built pages are the same byte for byte. None
    (no cache) where the temporary folder cannot hold it."""
    try:
        return jinja2.FileSystemBytecodeCache()
    except (OSError, RuntimeError):       # no temporary folder, or one another user owns
        return None


def on_page_context(context, page, config, nav):
    search_index.note_page(page, session.build)
    return context


def on_post_page(output, page, config):
    output = tools.inline_stylesheet(output, config)
    return search_index.point_page(output, page.file.src_uri, session.build.lang)


def on_post_template(output, template_name, config):
    return search_index.point_worker(output, template_name) if template_name == "404.html" else output


@event_priority(10)     # before Material's search writes this language's entries (0) and static-i18n merges them (-100)
def _keep_search_entries(config):
    search_index.keep_entries(config, session.build)


@event_priority(-150)   # after static-i18n's build of the other language (-100), before anything is written
def _stop_on_problems(config):
    """In the top-level build only: an error inside static-i18n's nested build would leave static-i18n
    believing a build is still under way, and `mkdocs serve` would never build the other language again."""
    if session.top_level and session.problems:
        raise PluginError(report.summary(session.problems, listed_above=report.shown()))


@event_priority(-200)   # the whole site is built: each language's own search index over the merged one
def _write_search_indexes(config):
    if session.top_level:
        search_index.write_indexes(config, {**session.done, session.build.lang: session.build},
                                   session.site.codes, session.build.site_dir)


@event_priority(-300)   # this language's pages are written (and, top-level, the search indexes)
def _write_handbook(config):
    if handbook.enabled(session.command):
        handbook.write(session.build, config)


@event_priority(-400)   # last: the offline copy's indexes, from the final search indexes
def _finish(config):
    build = session.finish()
    if not build.nested and offline.enabled(config):
        offline.inline_indexes(build.site_dir)


on_post_build = CombinedEvent(_keep_search_entries, _stop_on_problems, _write_search_indexes, _write_handbook, _finish)


def on_build_error(error, **kwargs):
    session.reset()


def on_serve(server, config, builder):
    """Editing the data or the allowlist rebuilds the preview like editing a page does."""
    for path in validate.watched(config):
        server.watch(str(path))
    return server
