"""Each page's last-change date (from the git-revision-date-localized plugin) labelled in the page's
language, saying plainly when it is not the date of the page's last commit: a shallow clone or a build
outside git (nothing existing does; the plugin silently shows the build date). Steps called by
hooks/main.py; the labels live in kb.dates."""
from __future__ import annotations

import subprocess
from pathlib import Path

from mkdocs.plugins import get_plugin_logger

from kb import dates as kb_dates

log = get_plugin_logger("dates")
META = "git_revision_date_localized"


def _git(root: Path, *args: str) -> str | None:
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def shallow_commits(config) -> frozenset[str]:
    """The boundary commits of a shallow clone (none in a full clone or outside git); says once in the
    build log when pages cannot show the date of their last commit."""
    if config.plugins.get("git-revision-date-localized") is None:
        return frozenset()
    root = Path(config.docs_dir).resolve()
    inside = _git(root, "rev-parse", "--is-inside-work-tree") == "true"
    shallow = inside and _git(root, "rev-parse", "--is-shallow-repository") == "true"
    commits = frozenset()
    if shallow:
        path = _git(root, "rev-parse", "--git-path", "shallow")
        file = (root / path) if path else None
        if file and file.is_file():
            commits = frozenset(file.read_text(encoding="utf-8").split())
    message = kb_dates.status_message(inside, shallow)
    if message:
        log.info(message)
    return commits


def label(page, lang: str, shallow: frozenset[str]) -> None:
    date = page.meta.get(META)
    if date:
        source = kb_dates.kind(page.meta.get(f"{META}_hash") or "", shallow)
        page.meta[META] = kb_dates.label(date, lang, source)
