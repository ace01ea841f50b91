"""Offline copy support (OFFLINE=true, `make offline`): Material's offline plugin does the work; these
steps swap its unpkg search shim for the vendored one and inline each language's search index.
Called by hooks/main.py."""
from __future__ import annotations

from pathlib import Path

SHIM = "assets/vendor/iframe-worker-1.0.4/shim.js"


def enabled(config) -> bool:
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(plugin and plugin.config.enabled)


def configure(config) -> None:
    """Runs before the offline plugin's on_config, which adds unpkg only when no shim is listed."""
    if enabled(config):
        polyfills = [p for p in config.extra.get("polyfills", []) if "iframe-worker" not in p]
        config.extra["polyfills"] = polyfills + [SHIM]


def inline_indexes(site_dir: Path) -> None:
    """Each language's search_index.json as the search_index.js the offline plugin's pages load."""
    for index in Path(site_dir).glob("**/search/search_index.json"):
        data = index.read_text(encoding="utf-8")
        index.with_suffix(".js").write_text(f"var __index = {data}", encoding="utf-8")
