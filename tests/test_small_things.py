"""Small things of issue 14 §6: no page sends a reader without JavaScript to a box that is not there, the
report template's copy button says what it does and its lines wrap on a phone, and the handbook is in the
navigation drawer in both languages."""
from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import pytest

from conftest import built_page, pages_of

pytestmark = [pytest.mark.browser]

PHONE = {"viewport": {"width": 412, "height": 823}, "is_mobile": True, "has_touch": True}
# Words that send a reader to a box, field or button.
BOX_WORDS = ["筛选框", "搜索框", "输入框", "上方的框", "复制按钮", "filter box", "search box", "box above", "copy button",
             "the box", "this box"]
# The elements that are controls: the HTML filter and the browser check must ask for the same.
CONTROLS = "input, button, textarea, select"


def may_point_to_a_box(page) -> bool:
    """Whether a built page could fail the check below, read from its HTML: a control (other than a checkbox) or a
    box word in its content, hidden or not. The browser sees less (no hidden element, no text of a script or a
    template), so a page this says no to cannot fail there; whitespace is collapsed as the browser's innerText does."""
    content = built_page(page).select_one(".md-content")
    text = re.sub(r"\s+", " ", content.get_text()).lower()
    return (any(word in text for word in BOX_WORDS)
            or any(control.get("type") != "checkbox" for control in content.select(CONTROLS)))


@pytest.mark.parametrize("lang", ["zh", "en"])          # one test per language, so that pytest-xdist shares them out
def test_without_javascript_no_page_points_to_a_box_that_is_not_there(browser, site_dir, site_url, lang):
    """Every page of the language whose HTML holds a box word or a control is loaded without JavaScript on a phone:
    no box word in its visible text, no visible control (a page load is 0.2 s; the rest cannot fail)."""
    pages = pages_of(site_dir, lang)
    assert len(pages) >= 35
    urls = [page.relative_to(site_dir).as_posix().removesuffix("index.html") for page in pages if may_point_to_a_box(page)]
    assert "troubleshooting/" in [url.removeprefix("en/") for url in urls], "the index's filter box is in its HTML"
    context = browser.new_context(java_script_enabled=False, **PHONE)
    problems = []
    try:
        tab = context.new_page()
        for url in urls:
            tab.goto(site_url + url)
            text = tab.locator(".md-content").inner_text().lower()
            problems += [f"{url}: says {word!r}" for word in BOX_WORDS if word in text]
            controls = tab.eval_on_selector_all(
                f".md-content :is({CONTROLS})",
                "els => els.filter(e => e.checkVisibility() && e.type !== 'checkbox').map(e => e.outerHTML.slice(0, 80))")
            problems += [f"{url}: shows a control that needs JavaScript: {html}" for html in controls]
    finally:
        context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_report_template_copy_button_is_labelled_and_long_lines_wrap(browser, site_url, lang):
    context = browser.new_context(**PHONE)
    try:
        tab = context.new_page()
        tab.goto(site_url + ("" if lang == "zh" else "en/") + "actions/contact/#report-template")
        block = tab.locator("#report-template ~ .highlight").first
        button = block.locator(".md-code__button[data-md-type=copy]")
        button.wait_for(state="visible")
        word = "复制" if lang == "zh" else "Copy"
        assert button.evaluate("b => getComputedStyle(b, '::before').content") == f'"{word}"'
        assert button.get_attribute("title") == ("复制" if lang == "zh" else "Copy to clipboard")   # Material's own
        box = button.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44
        code = block.locator("pre > code")
        assert code.evaluate("c => c.scrollWidth <= c.clientWidth + 1"), "a line runs off the screen"
        assert code.evaluate("c => getComputedStyle(c).whiteSpace") == "pre-wrap"
        first_line = code.evaluate("""c => { const r = document.createRange(); r.setStart(c.firstChild || c, 0);
                                             r.setEnd(c.firstChild || c, 1); return r.getBoundingClientRect().top; }""")
        assert first_line >= box["y"] + box["height"] - 2, "the button covers the first line"
        assert tab.evaluate("document.documentElement.scrollWidth") <= 412
    finally:
        context.close()


@pytest.mark.parametrize("lang,title,pdf", [("zh", "下载手册（PDF）", "pos-handbook-zh.pdf"),
                                            ("en", "Download the handbook (PDF)", "pos-handbook-en.pdf")])
def test_the_handbook_is_in_the_navigation_drawer(browser, site_url, lang, title, pdf):
    context = browser.new_context(**PHONE)
    try:
        tab = context.new_page()
        page_url = site_url + ("" if lang == "zh" else "en/") + "causes/fees/"
        tab.goto(page_url)
        tab.locator("label.md-header__button[for=__drawer]").click()
        link = tab.locator(".md-nav--primary a.md-nav__link", has_text=title)
        link.wait_for(state="visible")
        assert urlsplit(urljoin(page_url, link.get_attribute("href"))).path == f"/{pdf}"
        assert link.bounding_box()["height"] >= 24
    finally:
        context.close()
