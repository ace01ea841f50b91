"""Accessibility repairs to each rendered page (see kb/a11y.py for what and why): a step called by hooks/main.py."""
from kb.a11y import label_task_checkboxes


def repair(html: str) -> str:
    return label_task_checkboxes(html) if "task-list-control" in html else html
