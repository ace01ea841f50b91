"""Due-date calculator: reads the public holidays (chinese-calendar plus data/holidays-supplement.yml),
replaces `<!-- due-date -->` with the calculator's form (data baked in) and `<!-- holiday-table -->`
with this year's holiday table, and inlines assets/tools/due-date.js and .css where the form is.
Steps called by hooks/main.py; the data, the checks and the due-date rules live in kb.holidays
(pure, unit-tested).

Supplement problems stop the build (file, line, fix). Holiday data that ends within 60 days of the
build date is a warning that does not stop it: logged on its own logger, outside MkDocs' 'mkdocs'
logger whose warnings strict mode counts, so the site still builds in late December.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from kb import holidays as kb_holidays
from kb import pages, report
from kb.report import Problem

MARKER_NAMES = ("due-date", "holiday-table")
SCRIPT = "assets/tools/due-date.js"
STYLE = "assets/tools/due-date.css"
FORM_HTML = re.compile(r'<form class="kb-due".*?</form>', re.S)
SETUP = "<script>window.kbDueDate && kbDueDate.setup(document.currentScript.previousElementSibling)</script>"
MARKER = re.compile(r"^[ \t]*<!--\s*(due-date|holiday-table)\s*-->[ \t]*$", re.M)



def load(config) -> tuple[dict, object, list[Problem]]:
    """Once per top-level build: (the calendar, the build date, the supplement's problems)."""
    root = Path(config.config_file_path).resolve().parent
    calendar = kb_holidays.package()
    problems: list[Problem] = []
    supplement = root / kb_holidays.SUPPLEMENT
    if supplement.is_file():
        text = supplement.read_text(encoding="utf-8")
        years, problems = kb_holidays.parse_supplement(text)
        calendar, merged = kb_holidays.merge(calendar, years)
        problems += merged
    today = kb_holidays.build_date(os.environ)
    warning = kb_holidays.ending_soon(calendar, today)
    if warning:
        report.advice.warning(warning)         # not a problem: the build goes on
    return calendar, today, problems


def expand(markdown: str, lang: str, cal: dict, today) -> str:
    if "<!--" not in markdown or not MARKER.search(markdown):
        return markdown

    def render(match):
        if match.group(1) == "due-date":
            return kb_holidays.form_html(cal, today, lang)
        return kb_holidays.holiday_tables(cal, today, lang)
    return MARKER.sub(render, markdown)


def inline_script(html: str, config) -> str:
    """The page holding the form gets the calculator's script inline after its h1 and its style just
    before the form (pages without it load neither), and a call right after the form that shows it."""
    if '<form class="kb-due"' not in html:
        return html
    docs = Path(config.docs_dir)
    script = (docs / SCRIPT).read_text(encoding="utf-8")
    style = (docs / STYLE).read_text(encoding="utf-8")
    html = FORM_HTML.sub(lambda m: f"<style>{style}</style>" + m.group(0) + SETUP, html)
    return pages.inline_script(html, script)
