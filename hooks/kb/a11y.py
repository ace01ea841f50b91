"""Accessibility repairs to rendered HTML that no Markdown extension option provides."""
from __future__ import annotations

import html
import re

# pymdownx.tasklist writes <label class="task-list-control"><input …><span …></span></label> Text:
# the label holds no text, so the checkbox has no accessible name (axe: label, critical).
TASK = re.compile(
    r'(<label class="task-list-control"><input)([^>]*?)(/?>)(<span class="task-list-indicator"></span></label>)'
    r'(.*?)(?=</li>|<ul|<ol|</p>)', re.S)
TAG = re.compile(r"<[^>]+>")


def label_task_checkboxes(page_html: str) -> str:
    """Gives each task-list checkbox the item's text as its accessible name."""
    def name(match: re.Match) -> str:
        text = " ".join(html.unescape(TAG.sub("", match.group(5))).split())
        if not text or "aria-label" in match.group(2):
            return match.group(0)
        return f'{match.group(1)}{match.group(2)} aria-label="{html.escape(text)}"{match.group(3)}{match.group(4)}{match.group(5)}'
    return TASK.sub(name, page_html)
