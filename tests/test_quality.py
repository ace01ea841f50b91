"""Quality gates over every built page in both languages, in headless Chromium: no other host,
no console error, zero axe-core violations, the language switch, phone width and 200% zoom."""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import REPO, pages_of
from scripts.bench_search import page_url

AXE_SOURCE = Axe().axe_script          # axe-core as axe-playwright-python ships it
# Every page of both languages, known at collection from docs/ (each neutral page and its English twin), so that the
# sweep below is one test per page and pytest-xdist shares it out; test_the_sweep_has_every_built_page checks the list.
PAGES = sorted(prefix + page_url(path.relative_to(REPO / "docs").as_posix())
               for path in (REPO / "docs").rglob("*.md") if not path.name.endswith((".en.md", ".zh.md"))
               for prefix in ("", "en/"))


def first_of_each_section(paths: list[str]) -> set[str]:
    """The start page and the first page of each section, in both languages."""
    first: dict[tuple, str] = {}
    for path in sorted(paths):
        first.setdefault((path.startswith("en/"), path.removeprefix("en/").split("/")[0]), path)
    return set(first.values())


WHOLE = first_of_each_section(PAGES)
# The pages that load their language's real search index in the sweep (the others load its config alone: see phones).
START = {"", "en/"}
PHONE = {"width": 360, "height": 740}
VIEWPORTS = [(PHONE["width"], PHONE["height"], "phone"), (640, 400, "200% zoom of a 1280×800 window")]


def test_the_sweep_has_every_built_page(site_dir):
    built = sorted(p.relative_to(site_dir).as_posix().removesuffix("index.html") for p in pages_of(site_dir))
    assert PAGES == built
    assert len(WHOLE) >= 16, sorted(WHOLE)


@pytest.fixture(scope="session")
def phones(browser):
    """The sweep's two tabs, each reused from page to page (a new tab a page cost 0.2-0.3 s more), each in a browser
    context of its own: a phone (mobile viewport rules), one loading the real search index (for the start pages,
    START) and one loading it without its pages (conftest.Browser), the rest. `tab.requests` and `tab.errors` collect the
    URLs asked for and the console errors. Widths are CSS pixels, so the device pixel ratio (1 here) changes nothing
    the sweep measures. axe-core is loaded into each page as it starts, which costs less than sending it over after
    the load (0.15 s a page measured).
    The contexts prefer reduced motion, so Material's own rule turns CSS transitions off: resized from 640 to
    1280 px, the search box otherwise fades to its desktop colours while axe measures them, and axe reported a
    contrast failure on `.md-search__input` once in a fresh clone (the colours it settles on pass)."""
    tabs = {}
    for search_index in (True, False):
        context = browser.new_context(viewport=PHONE, is_mobile=True, reduced_motion="reduce", search_index=search_index)
        context.add_init_script(script=AXE_SOURCE)
        tab = tabs[search_index] = context.new_page()
        tab.requests, tab.errors = [], []
        tab.on("request", lambda r, tab=tab: tab.requests.append(r.url))
        tab.on("console", lambda m, tab=tab: tab.errors.append(m.text) if m.type == "error" else None)
        tab.on("pageerror", lambda e, tab=tab: tab.errors.append(str(e)))
    yield tabs
    for tab in tabs.values():
        tab.context.close()


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES)
def test_the_page_loads_nothing_from_elsewhere_logs_no_error_fits_a_phone_and_passes_axe(phones, site_url, path):
    """One load of the page, on a phone:
    - no horizontal scroll and body text of at least 12 px, at 360 px and at 640 px (a 1280 px window zoomed to 200%);
    - then at 1280 px, zero axe-core violations in the article, and in the whole page (header, navigation, footer:
      the same template on every page of a language) on the start page and the first page of each section;
    - no request to another host and no console error, read once the network has been quiet for 500 ms (the
      search worker and its index load after the page). The two start pages load the real search index; the
      others its config alone, fetched from the page's own index URL (the same worker and index serve every page
      of a language, building the index is 0.5-0.9 CPU-s a page, and the search tests load it in both languages)."""
    page = phones[path in START]
    page.requests.clear()
    page.errors.clear()
    problems = []
    page.set_viewport_size(PHONE)
    page.goto(site_url + path, wait_until="load")
    for width, height, label in VIEWPORTS:
        page.set_viewport_size({"width": width, "height": height})
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            wide = page.evaluate("""() => [...document.querySelectorAll('article *')]
                .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
                .slice(0, 3).map(el => el.tagName + '.' + el.className)""")
            problems.append(f"{label}: {overflow}px horizontal scroll ({wide})")
        size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('article p') || document.body).fontSize)")
        if size < 12:
            problems.append(f"{label}: body text {size}px")
    page.set_viewport_size({"width": 1280, "height": 800})
    violations = page.evaluate("part => axe.run(part || document, {resultTypes: ['violations']}).then(r => r.violations)",
                               None if path in WHOLE else {"include": [["article"]]})
    for violation in violations:
        targets = [node["target"] for node in violation["nodes"]][:3]
        problems.append(f"axe {violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    page.wait_for_load_state("networkidle")
    foreign = [u for u in page.requests if not u.startswith((site_url, "data:", "blob:"))]
    if foreign:
        problems.append(f"requests to other hosts: {foreign}")
    if page.errors:
        problems.append(f"console errors: {page.errors}")
    assert not problems, f"{path or '/'}:\n" + "\n".join(problems)


@pytest.mark.browser
@pytest.mark.parametrize("path", sorted(WHOLE))
def test_the_language_switch_lands_on_the_same_page_in_the_other_language(page, site_url, path):
    """Clicked in the browser on the start page and the first page of each section, both languages; that the
    switch of every page links its twin is checked in the HTML (tests/test_foundation.py)."""
    is_en = path.startswith("en/")
    twin = site_url + (path.removeprefix("en/") if is_en else "en/" + path)
    page.goto(site_url + path)
    switch = page.locator(f"a.md-select__link[hreflang='{'zh' if is_en else 'en'}']").first
    switch.dispatch_event("click")
    page.wait_for_url(twin)
    assert page.evaluate("document.documentElement.lang").startswith("zh" if is_en else "en")


def test_task_list_checkboxes_get_their_item_text_as_name():
    from kb.a11y import label_task_checkboxes
    source = ('<li class="task-list-item"><label class="task-list-control"><input type="checkbox" disabled/>'
              '<span class="task-list-indicator"></span></label> Check the <a href="x">paper</a> &amp; power</li>')
    out = label_task_checkboxes(source)
    assert '<input type="checkbox" disabled aria-label="Check the paper &amp; power"/>' in out
    assert label_task_checkboxes(out) == out
