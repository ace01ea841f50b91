"""Quality gates over every built page in both languages, in headless Chromium: no other host,
no console error, zero axe-core violations, the language switch, phone width and 200% zoom."""
from __future__ import annotations

from urllib.parse import urljoin

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import pages_of




@pytest.fixture(scope="module")
def urls(site_dir, site_url):
    return [urljoin(site_url, p.relative_to(site_dir).as_posix().removesuffix("index.html")) for p in pages_of(site_dir)]


def first_of_each_section(urls: list[str], site_url: str) -> set[str]:
    """The start page and the first page of each section, in both languages."""
    first: dict[tuple, str] = {}
    for url in urls:
        rel = url.removeprefix(site_url)
        first.setdefault((rel.startswith("en/"), rel.removeprefix("en/").split("/")[0]), url)
    return set(first.values())


@pytest.mark.browser
def test_every_page_loads_nothing_from_elsewhere_logs_no_error_and_passes_axe(browser, urls, site_url):
    """axe checks the article of every page, and the whole page (header, navigation, footer: the same on
    every page of a language) on the start page and the first page of each section: axe over every whole
    page took twice as long for the same template. It runs once the page has loaded; the requests are
    read after it, once the network has been quiet for 500 ms (the search worker and its index load
    after the page)."""
    axe = Axe()
    whole = first_of_each_section(urls, site_url)
    problems = []
    context = browser.new_context()
    for url in urls:
        page = context.new_page()
        requests, errors = [], []
        page.on("request", lambda r: requests.append(r.url))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(url, wait_until="load")
        result = axe.run(page, context=None if url in whole else {"include": [["article"]]})
        page.wait_for_load_state("networkidle")
        foreign = [u for u in requests if not u.startswith((site_url, "data:", "blob:"))]
        if foreign:
            problems.append(f"{url}: requests to other hosts: {foreign}")
        if errors:
            problems.append(f"{url}: console errors: {errors}")
        for violation in result.response["violations"]:
            targets = [node["target"] for node in violation["nodes"]][:3]
            problems.append(f"{url}: axe {violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
        page.close()
    context.close()
    assert len(whole) >= 16, sorted(whole)
    assert not problems, f"{len(problems)} problems over {len(urls)} pages:\n" + "\n".join(problems)


@pytest.mark.browser
def test_the_language_switch_lands_on_the_same_page_in_the_other_language(page, urls, site_url):
    """Clicked in the browser on the start page and the first page of each section, both languages; that the
    switch of every page links its twin is checked in the HTML (tests/test_foundation.py)."""
    sample = first_of_each_section(urls, site_url)
    assert len(sample) >= 16, sorted(sample)
    for url in sorted(sample):
        is_en = url.startswith(site_url + "en/")
        twin = url.replace(site_url + "en/", site_url) if is_en else url.replace(site_url, site_url + "en/", 1)
        page.goto(url)
        switch = page.locator(f"a.md-select__link[hreflang='{'zh' if is_en else 'en'}']").first
        switch.dispatch_event("click")
        page.wait_for_url(twin)
        assert page.evaluate("document.documentElement.lang").startswith("zh" if is_en else "en")


VIEWPORTS = [(360, 740, "phone"), (640, 400, "200% zoom of a 1280×800 window")]


@pytest.mark.browser
def test_no_horizontal_scroll_and_readable_text(browser, urls):
    """Each page loaded once on a phone (360 px, 3x) and measured there and at 640 px (a 1280 px window
    zoomed to 200%): resizing the viewport lays the page out again without loading it twice."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=3, is_mobile=True)
    page = context.new_page()
    problems = []
    for url in urls:
        page.set_viewport_size({"width": 360, "height": 740})
        page.goto(url)
        for width, height, label in VIEWPORTS:
            page.set_viewport_size({"width": width, "height": height})
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            if overflow > 0:
                wide = page.evaluate("""() => [...document.querySelectorAll('article *')]
                    .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
                    .slice(0, 3).map(el => el.tagName + '.' + el.className)""")
                problems.append(f"{label}: {url}: {overflow}px horizontal scroll ({wide})")
            size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('article p') || document.body).fontSize)")
            if size < 12:
                problems.append(f"{label}: {url}: body text {size}px")
    context.close()
    assert not problems, "\n".join(problems)


def test_task_list_checkboxes_get_their_item_text_as_name():
    from kb.a11y import label_task_checkboxes
    source = ('<li class="task-list-item"><label class="task-list-control"><input type="checkbox" disabled/>'
              '<span class="task-list-indicator"></span></label> Check the <a href="x">paper</a> &amp; power</li>')
    out = label_task_checkboxes(source)
    assert '<input type="checkbox" disabled aria-label="Check the paper &amp; power"/>' in out
    assert label_task_checkboxes(out) == out
