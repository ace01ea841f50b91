"""Accessibility repairs to each rendered page (see kb/a11y.py for what and why)."""
from kb.a11y import label_task_checkboxes


def on_page_content(html, page, config, files):
    return label_task_checkboxes(html) if "task-list-control" in html else html
