"""Page tools (report builder, fee check): finds their blocks, checks their names, places the script that starts them and the troubleshooting pages' report links. Hand-written: no plugin loads a script only where its block is.

A page asks for a tool with a Markdown block (md_in_html), whose content is what readers without
JavaScript, and paper, get:

    <div class="kb-tool" data-kb-tool="fee-check" markdown>
    How to check the figures by hand …
    </div>

The tool's script (docs/assets/tools/<name>.js) holds every label and message in both languages, so
the form is written once. Pages holding a block get start.js inlined after their last block; it loads
the tool's script and builds the form when the block comes within a screen of the viewport (or at
once when the address leads to it), so a page opened to be read neither downloads nor builds it.
"""
from __future__ import annotations

import html as html_lib
import json
import re
from urllib.parse import quote

from .pages import lines as source_lines
from .report import Problem

# name -> its script, which START loads when the tool's block comes near
TOOLS = {
    "report-builder": "assets/tools/report.js",
    "fee-check": "assets/tools/fee-check.js",
}
START = "assets/tools/start.js"
STYLESHEET = "assets/tools/report.css"
REPORT_ANCHOR = "report-builder"

SOURCE_BLOCK = re.compile(r"""data-kb-tool\s*=\s*["']([^"']*)["']""")
HTML_BLOCK = re.compile(r"""<div\b[^>]*\bdata-kb-tool="([^"]*)"[^>]*>""")
DIV_TAG = re.compile(r"<(/?)div\b[^>]*>", re.I)
WHO_TO_CONTACT = re.compile(r'<h2 id="who-to-contact"')
NEXT_STEP = re.compile(r'<h2 id="next-step"')
H2 = re.compile(r"<h2\b")

REPORT_LINK_TEXT = {
    "zh": ("把情况写成报告", "列出收单机构要的各项单号，复制发送或打印出来交给对方。"),
    "en": ("Write the report for your acquirer", "the numbers your acquirer asks for, ready to copy into a message or print."),
}


def check_source(markdown: str, shown: str, first_line: int = 1) -> list[Problem]:
    """Problems with the tool blocks of one page's Markdown (file, line, fix)."""
    problems = []
    for number, text, in_code in source_lines(markdown, first_line):
        if in_code:
            continue
        for name in SOURCE_BLOCK.findall(text):
            if name not in TOOLS:
                known = " or ".join(f'"{tool}"' for tool in TOOLS)
                problems.append(Problem(shown, number, f'data-kb-tool="{name}" names no tool: write {known}'))
            elif "markdown" not in text:
                problems.append(Problem(shown, number, f'the "{name}" block needs the markdown attribute, '
                                                      f'<div class="kb-tool" data-kb-tool="{name}" markdown>, '
                                                      "or its text for readers without JavaScript is not rendered"))
    return problems


def used(html: str) -> list[str]:
    """The known tools whose blocks are in a rendered page, in order of first appearance."""
    names = []
    for name in HTML_BLOCK.findall(html):
        if name in TOOLS and name not in names:
            names.append(name)
    return names


def block_end(html: str, start: int) -> int:
    """The index just after the </div> closing the <div> that opens at `start`."""
    depth = 0
    for match in DIV_TAG.finditer(html, start):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return match.end()
    return len(html)


def place(html: str, start_source: str, urls: dict[str, str]) -> str:
    """A rendered page holding tool blocks, with start.js and its call naming each tool's script (by
    its URL relative to the page) inlined right after the last block, where every block is parsed."""
    last = None
    for match in HTML_BLOCK.finditer(html):
        if match.group(1) in TOOLS:
            last = match
    if last is None:
        return html
    end = block_end(html, last.start())
    call = f"window.kbStart({json.dumps(urls, ensure_ascii=False)})"
    return html[:end] + f"\n<script>{start_source}\n{call}</script>" + html[end:]


def head_style(page_html: str, css: str) -> str:
    """A whole built page with the tools' stylesheet in a <style> at the end of its <head>: inline, so
    the page waits for no further request before its first paint; in the head, not the article, because
    the handbook copies articles and the sheet's print rules are not the handbook's."""
    head_end = page_html.find("</head>")
    return page_html[:head_end] + f"<style>{css}</style>\n" + page_html[head_end:] if head_end >= 0 else page_html


def report_url(contact_url: str, symptom: str) -> str:
    """The report builder's address with the symptom filled in (the builder reads ?symptom= and ?path=)."""
    return f"{contact_url}?symptom={quote(symptom.strip(), safe='')}#{REPORT_ANCHOR}"


def report_link(html: str, lang: str, url: str) -> str:
    """A troubleshooting page's rendered content with a link to the report builder at the end of its
    'who to contact' section; without one, before 'next step' (which must stay last), or at the end."""
    text, tail = REPORT_LINK_TEXT.get(lang, REPORT_LINK_TEXT["en"])
    separator = "：" if lang == "zh" else ": "
    paragraph = (f'<p class="kb-report-link"><a href="{html_lib.escape(url)}">{html_lib.escape(text)}</a>'
                 f"{separator}{html_lib.escape(tail)}</p>\n")
    section = WHO_TO_CONTACT.search(html)
    match = H2.search(html, section.end()) if section else NEXT_STEP.search(html)
    return html[:match.start()] + paragraph + html[match.start():] if match else html + paragraph
