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


@pytest.mark.browser
def test_every_page_loads_nothing_from_elsewhere_logs_no_error_and_passes_axe(browser, urls, site_url):
    axe = Axe()
    problems = []
    context = browser.new_context()
    for url in urls:
        page = context.new_page()
        requests, errors = [], []
        page.on("request", lambda r: requests.append(r.url))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(url, wait_until="networkidle")
        foreign = [u for u in requests if not u.startswith((site_url, "data:", "blob:"))]
        if foreign:
            problems.append(f"{url}: requests to other hosts: {foreign}")
        if errors:
            problems.append(f"{url}: console errors: {errors}")
        result = axe.run(page)
        for violation in result.response["violations"]:
            targets = [node["target"] for node in violation["nodes"]][:3]
            problems.append(f"{url}: axe {violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
        page.close()
    context.close()
    assert not problems, f"{len(problems)} problems over {len(urls)} pages:\n" + "\n".join(problems)


@pytest.mark.browser
def test_the_language_switch_lands_on_the_same_page_in_the_other_language(page, urls, site_url):
    for url in urls:
        is_en = url.startswith(site_url + "en/")
        twin = url.replace(site_url + "en/", site_url) if is_en else url.replace(site_url, site_url + "en/", 1)
        page.goto(url)
        switch = page.locator(f"a.md-select__link[hreflang='{'zh' if is_en else 'en'}']").first
        switch.dispatch_event("click")
        page.wait_for_url(twin)
        assert page.evaluate("document.documentElement.lang").startswith("zh" if is_en else "en")


@pytest.mark.browser
@pytest.mark.parametrize("width,height,scale,label", [(360, 740, 3, "phone"), (640, 400, 2, "200% zoom of a 1280×800 window")])
def test_no_horizontal_scroll_and_readable_text(browser, urls, width, height, scale, label):
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=scale, is_mobile=width < 400)
    page = context.new_page()
    problems = []
    for url in urls:
        page.goto(url)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            wide = page.evaluate("""() => [...document.querySelectorAll('article *')]
                .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
                .slice(0, 3).map(el => el.tagName + '.' + el.className)""")
            problems.append(f"{url}: {overflow}px horizontal scroll ({wide})")
        size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('article p') || document.body).fontSize)")
        if size < 12:
            problems.append(f"{url}: body text {size}px")
    context.close()
    assert not problems, f"{label}:\n" + "\n".join(problems)


def test_task_list_checkboxes_get_their_item_text_as_name():
    from kb.a11y import label_task_checkboxes
    source = ('<li class="task-list-item"><label class="task-list-control"><input type="checkbox" disabled/>'
              '<span class="task-list-indicator"></span></label> Check the <a href="x">paper</a> &amp; power</li>')
    out = label_task_checkboxes(source)
    assert '<input type="checkbox" disabled aria-label="Check the paper &amp; power"/>' in out
    assert label_task_checkboxes(out) == out
