"""Which build a hook is in: static-i18n runs the en build inside the zh build's on_post_build and
leaves the config reconfigured for en afterwards, so hooks remember each build's facts themselves."""
from __future__ import annotations

from . import lang


class Builds:
    """A stack of the builds under way; call start() in on_pre_build, finish() in on_post_build and
    reset() in on_build_error."""

    def __init__(self):
        self._stack: list[dict] = []

    def start(self, config, **facts) -> dict:
        build = {"lang": lang.current(config), "site_dir": config.site_dir, **facts}
        self._stack.append(build)
        return build

    @property
    def current(self) -> dict:
        return self._stack[-1]

    @property
    def outermost(self) -> bool:
        """True in the build that static-i18n's language builds are nested in (the whole site)."""
        return len(self._stack) == 1

    def finish(self) -> dict:
        return self._stack.pop()

    def reset(self) -> None:
        """Forget the builds under way: call it in on_build_error. A build that stops with an error
        never reaches on_post_build, and `mkdocs serve` builds again in the same process; left on
        the stack, it would make every later build look nested (no search indexes, no PDFs)."""
        self._stack.clear()
