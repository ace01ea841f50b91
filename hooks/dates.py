"""Labels each page's last-change date (from the git-revision-date-localized plugin) in the page's language,
and says plainly when it is not the date of the page's last commit: a shallow clone or a build outside git
(nothing existing does; the plugin silently shows the build date). Labels in kb.dates."""
from __future__ import annotations

import subprocess
from pathlib import Path

from mkdocs.plugins import get_plugin_logger

from kb import dates as kb_dates
from kb import lang as langs

log = get_plugin_logger("dates")
STATE: dict = {"shallow": frozenset(), "said": None}
META = "git_revision_date_localized"


def _git(root: Path, *args: str) -> str | None:
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def on_config(config, **kwargs):
    if config.plugins.get("git-revision-date-localized") is None:
        return config
    root = Path(config.docs_dir).resolve()
    inside = _git(root, "rev-parse", "--is-inside-work-tree") == "true"
    shallow = inside and _git(root, "rev-parse", "--is-shallow-repository") == "true"
    commits = frozenset()
    if shallow:
        path = _git(root, "rev-parse", "--git-path", "shallow")
        file = (root / path) if path else None
        if file and file.is_file():
            commits = frozenset(file.read_text(encoding="utf-8").split())
    STATE["shallow"] = commits
    message = kb_dates.status_message(inside, shallow)
    if message and STATE["said"] != message:       # once per build, not once per language
        log.info(message)
    STATE["said"] = message
    return config


def on_page_markdown(markdown, page, config, files, **kwargs):
    date = page.meta.get(META)
    if date:
        source = kb_dates.kind(page.meta.get(f"{META}_hash") or "", STATE["shallow"])
        page.meta[META] = kb_dates.label(date, langs.split(page.file.src_uri)[1], source)
    return markdown
