"""Content problems as one line each (file:line: what is wrong: fix): logged as MkDocs warnings as they
are found, and listed again in the error that stops the build when warnings are not shown (`-q`)."""
from __future__ import annotations

import logging
from dataclasses import dataclass

log = logging.getLogger("mkdocs.plugins.kb")

# Advice that must not fail a strict build, which counts the warnings of MkDocs' own 'mkdocs' logger: data
# about to run out, a fact not checked for a year. Printed the way MkDocs prints a warning.
ADVICE = "kb.advice"
advice = logging.getLogger(ADVICE)
if not advice.handlers:
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("WARNING -  %(message)s"))
    advice.addHandler(_handler)
    advice.propagate = False


@dataclass(frozen=True, order=True)
class Problem:
    file: str          # path as the author sees it, e.g. 'docs/causes/fees.md'
    line: int          # 1-based; 0 when the problem concerns the whole file
    message: str       # what is wrong and what would fix it

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}" if self.line else f"{self.file}: {self.message}"


def emit(problems) -> None:
    """Logs each problem as a MkDocs warning (shown unless the build runs with -q)."""
    for problem in sorted(set(problems)):
        log.warning(str(problem))


def shown() -> bool:
    """Whether MkDocs shows warnings: `-q` raises its logger's level, and then strict mode counts none."""
    return log.isEnabledFor(logging.WARNING)


def summary(problems, listed_above: bool = False) -> str:
    """The error that stops the build: how many problems, and each once in file and line order
    unless they were just shown as warnings."""
    problems = sorted(set(problems))
    count = len(problems)
    head = f"{count} problem{'s' if count != 1 else ''} in the site's sources"
    if listed_above:
        return f"{head}, listed above; fix each, then build again"
    return f"{head}; fix each, then build again:\n" + "\n".join(f"  {problem}" for problem in problems)
