"""Content problems as one line each (file:line: what is wrong: fix), logged so strict mode fails the build."""
from __future__ import annotations

import logging
from dataclasses import dataclass

log = logging.getLogger("mkdocs.plugins.kb")


@dataclass(frozen=True, order=True)
class Problem:
    file: str          # path as the author sees it, e.g. 'docs/causes/fees.md'
    line: int          # 1-based; 0 when the problem concerns the whole file
    message: str       # what is wrong and what would fix it

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}" if self.line else f"{self.file}: {self.message}"


def emit(problems) -> int:
    """Log every problem as a MkDocs warning (strict mode then fails the build). Returns the count."""
    problems = sorted(set(problems))
    for problem in problems:
        log.warning(str(problem))
    return len(problems)
