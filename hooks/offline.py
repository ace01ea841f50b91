"""Offline copy support (OFFLINE=true, `make offline`): Material's offline plugin does the work; this
hook swaps its unpkg search shim for the vendored one and re-inlines each language's search index."""
from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority

from kb.builds import Builds

SHIM = "assets/vendor/iframe-worker-1.0.4/shim.js"
_builds = Builds()


def _offline(config) -> bool:
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(plugin and plugin.config.enabled)


@event_priority(100)    # before the offline plugin's on_config, which adds unpkg only when no shim is listed
def on_config(config):
    if _offline(config):
        polyfills = [p for p in config.extra.get("polyfills", []) if "iframe-worker" not in p]
        config.extra["polyfills"] = polyfills + [SHIM]
    return config


def on_pre_build(config):
    _builds.start(config)


@event_priority(-400)   # last: after static-i18n merged and the search hook split the indexes
def on_post_build(config):
    outermost = _builds.outermost
    build = _builds.finish()
    if not (_offline(config) and outermost):
        return
    for index in Path(build["site_dir"]).glob("**/search/search_index.json"):
        data = index.read_text(encoding="utf-8")
        index.with_suffix(".js").write_text(f"var __index = {data}", encoding="utf-8")


def on_build_error(error, **kwargs):
    _builds.reset()
