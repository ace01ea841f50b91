"""Writes each language's PDF handbook into the built site, after that language's pages are built.

Skipped under `mkdocs serve` (a PDF per save would make the preview slow) and when HANDBOOK=0
(the small fixture sites of the tests). The composition lives in kb/handbook.py.
"""
from __future__ import annotations

import datetime
import os
import subprocess
import time
from pathlib import Path

from mkdocs.plugins import event_priority, get_plugin_logger

from kb import handbook
from kb.builds import Builds

log = get_plugin_logger("handbook")
_command = "build"
_builds = Builds()


def on_startup(command, dirty):
    global _command
    _command = command


def _enabled() -> bool:
    return _command != "serve" and os.environ.get("HANDBOOK", "1") != "0"


def on_pre_build(config):
    _builds.start(config, urls=[])


def on_nav(nav, config, files):
    _builds.current["urls"] = [page.url for page in nav.pages]


def _stamp(config) -> tuple[str, str]:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    built = datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc) if epoch else datetime.datetime.now(datetime.timezone.utc)
    try:
        version = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=Path(config.config_file_path).parent,
                                 capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        version = "unversioned"
    return built.strftime("%Y-%m-%d"), version


@event_priority(-300)   # after static-i18n (-100) and the search index split (-200)
def on_post_build(config):
    build = _builds.finish()
    if not _enabled():
        return
    started = time.perf_counter()
    site = Path(build["site_dir"])
    known = {handbook.key(url) for url in build["urls"]}
    chapters = []
    for url in build["urls"]:
        path = site / url / "index.html" if url == "" or url.endswith("/") else site / url
        chapters.append(handbook.chapter(url, path.read_text(encoding="utf-8"), known, site))
    built, version = _stamp(config)
    target = site / handbook.filename(build["lang"])
    handbook.render_pdf(handbook.document(chapters, build["lang"], built, version), target, site)
    log.info(f"{target.name}: {len(chapters)} pages, {target.stat().st_size / 1e6:.1f} MB in {time.perf_counter() - started:.1f} s")


def on_build_error(error, **kwargs):
    _builds.reset()
