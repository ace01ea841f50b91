"""Each language's PDF handbook, written into the built site after that language's pages are built:
a step called by hooks/main.py. Skipped under `mkdocs serve` (a PDF per save would make the preview
slow) and when HANDBOOK=0 (the small fixture sites of the tests). The composition lives in kb/handbook.py."""
from __future__ import annotations

import datetime
import os
import subprocess
import time
from pathlib import Path

from mkdocs.plugins import get_plugin_logger

from kb import handbook

log = get_plugin_logger("handbook")


def enabled(command: str) -> bool:
    return command != "serve" and os.environ.get("HANDBOOK", "1") != "0"


def _stamp(config) -> tuple[str, str]:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    built = datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc) if epoch else datetime.datetime.now(datetime.timezone.utc)
    try:
        version = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=Path(config.config_file_path).parent,
                                 capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        version = "unversioned"
    return built.strftime("%Y-%m-%d"), version


def write(build, config) -> None:
    """The handbook of `build`'s language from its built pages, in nav order."""
    started = time.perf_counter()
    site = build.site_dir
    known = {handbook.key(url) for url in build.urls}
    chapters = []
    for url in build.urls:
        path = site / url / "index.html" if url == "" or url.endswith("/") else site / url
        chapters.append(handbook.chapter(url, path.read_text(encoding="utf-8"), known, site))
    built, version = _stamp(config)
    target = site / handbook.filename(build.lang)
    handbook.render_pdf(handbook.document(chapters, build.lang, built, version), target, site)
    log.info(f"{target.name}: {len(chapters)} pages, {target.stat().st_size / 1e6:.1f} MB in {time.perf_counter() - started:.1f} s")
