"""Page tools (report builder, fee check): steps called by hooks/main.py. Checks tool blocks at build,
inlines start.js after the last tool block of a page (it loads each tool's script when the block comes
near), puts the tools' stylesheet in those pages' <head>, and adds the report link to troubleshooting pages.

Thin on purpose: finding blocks, placing the assets and rendering the link live in kb.tools (pure, unit-tested).
A page without a tool block loads no tool script and no tool stylesheet.
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.utils import get_relative_url

from kb import domain
from kb import tools as kb_tools


def check(markdown: str, page, model) -> list:
    """Problems with the page's tool blocks (file, line, fix)."""
    source = model.pages.get(page.file.src_uri)
    if "data-kb-tool" not in markdown or source is None:
        return []
    return kb_tools.check_source(markdown, source.shown, source.body_line)


def add_report_link(html: str, page, files) -> str:
    """Troubleshooting pages link to the report builder with their symptom filled in."""
    if not page.file.src_uri.startswith("troubleshooting/"):
        return html
    symptom = (page.meta.get("troubleshooting") or {}).get("symptom") if isinstance(page.meta, dict) else None
    if not isinstance(symptom, str) or not symptom.strip():
        return html
    lang = domain.split(page.file.src_uri)[1]
    contact = files.get_file_from_path(domain.localized(domain.CONTACT_PAGE, lang)) or \
        files.get_file_from_path(domain.CONTACT_PAGE)
    if contact is None:
        return html
    return kb_tools.report_link(html, lang, kb_tools.report_url(get_relative_url(contact.url, page.url), symptom))


def inline_start(html: str, page, config) -> str:
    """start.js, naming the scripts of the tools whose blocks the page holds, after the last block."""
    names = kb_tools.used(html)
    if not names:
        return html
    source = (Path(config.docs_dir) / kb_tools.START).read_text(encoding="utf-8")
    return kb_tools.place(html, source, {name: get_relative_url(kb_tools.TOOLS[name], page.url) for name in names})


def inline_stylesheet(output: str, config) -> str:
    """The tools' stylesheet, in the <head> of the pages holding a tool only."""
    if "data-kb-tool=" not in output or not kb_tools.used(output):
        return output
    return kb_tools.head_style(output, (Path(config.docs_dir) / kb_tools.STYLESHEET).read_text(encoding="utf-8"))
