"""The table filter as merchants use it (issue 14 §4 and §6, issue 15): what a terminal's screen shows
("51-余额不足") finds its code on both code pages, the troubleshooting index matches how merchants type
("昨天的钱没到"), nothing matching offers the site search with the same words, and the box is part of
the page's HTML: in place at the first paint with JavaScript, absent without it."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from bs4 import BeautifulSoup

from conftest import REPO, STILL, phone_layout_shifts
from kb import troubleshooting as ts

pytestmark = [pytest.mark.browser]

CODE_PAGES = {"zh": "reference/response-codes/", "en": "en/reference/response-codes/"}
INDEX_PAGES = {"zh": "troubleshooting/", "en": "en/troubleshooting/"}

# What a merchant types or pastes, and the code rows it must leave (exactly), on both code pages.
TERMINAL_TEXTS = [
    ("51-余额不足", ["51"]),                      # one acquirer's display table (the data's terminal: field)
    ("05-交易失败请联系发卡行", ["05"]),
    ("15-无此发卡行请换卡重试", ["15"]),
    ("５１－余额不足", ["51"]),                    # typed with a full-width keyboard
    ("51 余额不足", ["51"]),
    ("51余额不足", ["51"]),
    ("余额不足", ["51"]),                         # the text alone
    ("请联系发卡行", ["05"]),                      # an instruction alone: the codes that carry it
    ("请换卡重试", ["15"]),
    ("资金不足", ["51"]),                         # the UnionPay meaning, shown by terminals without a table
    ("98-交易超时请重试", ["98"]),                  # another acquirer's wording: the code decides
    ("A0-MAC校验错", ["A0"]),
    ("51 55", ["51", "55"]),                     # two codes: either one
]


def visible_codes(tab) -> list[str]:
    return tab.eval_on_selector_all(
        "[data-filter] tbody tr", "rows => rows.filter(r => !r.hidden && r.offsetParent !== null).map(r => r.dataset.codes)")


def visible_pages(tab) -> list[str]:
    """The troubleshooting pages of the index rows shown, as 'nothing-arrived', 'error-code', …"""
    return tab.eval_on_selector_all(
        "[data-filter] tbody tr", "rows => rows.filter(r => !r.hidden && r.offsetParent !== null)"
        ".map(r => r.querySelector('td a').getAttribute('href').replace(/\\/$/, '').replace(/\\.html$/, ''))")


def paste(tab, text: str) -> None:
    box = tab.locator("input.kb-filter__input")
    box.fill(text)
    assert box.input_value() == text


def script_errors(tab) -> list[str]:
    return [error for error in tab.errors if not error.startswith("Failed to load resource")]


# ---------------------------------------------------------------------------------------- data

def test_terminal_texts_are_data_and_a_wrong_one_names_its_line():
    table, problems = ts.load_codes((REPO / ts.DATA_FILE).read_text(encoding="utf-8"))
    assert problems == []
    assert table.codes["51"].terminal == ("51-余额不足",) and table.codes["05"].terminal == ("05-交易失败请联系发卡行",)
    assert table.codes["15"].terminal == ("15-无此发卡行请换卡重试",) and table.codes["98"].terminal == ()
    header = (REPO / ts.DATA_FILE).read_text(encoding="utf-8").split("\ncodes:")[0]
    assert "differ by acquirer" in header
    text = (REPO / ts.DATA_FILE).read_text(encoding="utf-8").replace(
        'terminal: ["51-余额不足"]', "terminal: 51-余额不足")
    line = next(number for number, row in enumerate(text.split("\n"), 1) if row.strip() == "terminal: 51-余额不足")
    _, problems = ts.load_codes(text)
    assert [str(p) for p in problems] == [
        f"{ts.DATA_FILE}:{line}: code 51: terminal must be a list of the texts terminals show, e.g. "
        f'terminal: ["51-余额不足"] (or leave it out)']


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_both_code_pages_show_the_terminal_text_and_carry_the_chinese_meaning(site_dir, lang):
    doc = BeautifulSoup((site_dir / CODE_PAGES[lang] / "index.html").read_text(encoding="utf-8"), "html.parser")
    row = doc.find(id="code-51")
    assert "51-余额不足" in row.get_text() and "资金不足" in row.get_text()
    label = "终端可能显示（因收单机构而异）" if lang == "zh" else "The terminal may show (varies by acquirer)"
    assert label in row.select_one(".kb-terminal").get_text()


# ---------------------------------------------------------------------------------------- code pages

@pytest.mark.parametrize("lang", ["zh", "en"])
def test_terminal_texts_find_their_code_on_both_code_pages(page, site_url, lang):
    page.goto(site_url + CODE_PAGES[lang])
    everything = visible_codes(page)
    assert len(everything) >= 41
    misses = []
    for text, codes in TERMINAL_TEXTS:
        paste(page, text)
        if visible_codes(page) != codes:
            misses.append(f"{text!r}: {visible_codes(page)} instead of {codes}")
    assert not misses, "\n".join(misses)
    paste(page, "")
    assert visible_codes(page) == everything
    assert script_errors(page) == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_typing_key_by_key_updates_the_rows_and_the_count(page, site_url, lang):
    page.goto(site_url + CODE_PAGES[lang])
    box = page.locator("input.kb-filter__input")
    box.fill("")
    box.press_sequentially("51-余额不足")
    assert visible_codes(page) == ["51"]
    status = page.locator(".kb-filter__status").inner_text()
    assert status == ("显示 1 行，共 41 行" if lang == "zh" else "Showing 1 of 41 rows").replace("41", str(len(ts.load_codes((REPO / ts.DATA_FILE).read_text(encoding="utf-8"))[0].codes)))


# ---------------------------------------------------------------------------------------- index

INDEX_QUERIES = {
    "zh": [
        ("昨天的钱没到", {"nothing-arrived"}, 5),    # (query, rows that must show, at most this many rows)
        ("钱怎么还没到账啊", {"nothing-arrived"}, 5),
        ("51-余额不足", {"error-code"}, 1),
        ("交易失败请联系发卡行", {"error-code"}, 3),
        ("账户被冻结了怎么办", {"account-frozen"}, 3),
        ("到账金额少了", {"less-than-sold"}, 3),
        ("顾客扣钱了没出小票", {"charged-no-slip"}, 3),
    ],
    "en": [
        ("my money didn't arrive", {"nothing-arrived"}, 5),
        ("51-余额不足", {"error-code"}, 1),
        ("交易失败请联系发卡行", {"error-code"}, 3),
        ("frozen account", {"account-frozen"}, 2),
        ("昨天的钱没到", {"nothing-arrived"}, 5),     # the Chinese words of the twin page find the row too
    ],
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_index_matches_how_merchants_type(page, site_url, lang):
    page.goto(site_url + INDEX_PAGES[lang])
    total = len(visible_pages(page))
    assert total >= 8
    misses = []
    for query, wanted, most in INDEX_QUERIES[lang]:
        paste(page, query)
        shown = set(visible_pages(page))
        if not wanted <= shown or not 0 < len(shown) <= min(most, total - 1):
            misses.append(f"{query!r}: {sorted(shown)} (wanted {sorted(wanted)}, at most {most})")
    assert not misses, "\n".join(misses)
    assert script_errors(page) == []


def test_the_chinese_matching_rule(page, site_url):
    """Filler characters cut the query, pieces become character pairs; rows holding every piece whole
    (score 2) win, otherwise a row needs half of the pairs and 3/4 of the best row's share."""
    page.goto(site_url + INDEX_PAGES["zh"])
    parsed = page.evaluate("q => kbFilter.parseQuery(q, {'51': true})", "昨天的钱没到，怎么办？")
    assert parsed["pieces"] == ["昨天", "钱没到"] and parsed["codes"] == []
    parsed = page.evaluate("q => kbFilter.parseQuery(q, {'51': true})", "51-余额不足 the PIN")
    assert parsed["codes"] == ["51"] and parsed["latin"] == ["pin"] and parsed["pieces"] == ["余额不足"]
    score = "([q, text, codes]) => kbFilter.score({codes: codes, text: text}, kbFilter.parseQuery(q, {'51': true}))"
    assert page.evaluate(score, ["昨天的钱没到", "好几天钱没到账", []]) == pytest.approx(2 / 3)
    assert page.evaluate(score, ["请联系发卡行", "需要时由顾客联系自己的发卡行", []]) == pytest.approx(3 / 5)
    assert page.evaluate(score, ["请联系发卡行", "05-交易失败请联系发卡行", ["05"]]) == 2     # every piece whole
    assert page.evaluate(score, ["51-随便什么字", "资金不足", ["51"]]) == 1
    assert page.evaluate(score, ["51-余额不足", "资金不足", ["55"]]) == 0
    assert page.evaluate(score, ["fee coffee", "fees and refunds", []]) == 0


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_match_offers_the_site_search_with_the_same_words(page, site_url, lang):
    page.goto(site_url + INDEX_PAGES[lang])
    words = "打印机卡纸" if lang == "zh" else "printer paper jam"
    paste(page, words)
    assert visible_pages(page) == []
    empty = page.locator(".kb-filter__empty")
    assert empty.is_visible()
    button = empty.get_by_role("button")
    assert words in button.inner_text()
    assert button.bounding_box()["height"] >= 44
    button.click()
    search = page.locator("input[data-md-component=search-query]")
    search.wait_for(state="visible")
    assert search.input_value() == words
    assert page.evaluate("document.querySelector('input[data-md-toggle=search]').checked")
    page.locator(".md-search-result__meta").wait_for(state="visible")
    assert script_errors(page) == []


# ---------------------------------------------------------------------------------------- the box in the HTML

@pytest.mark.parametrize("path", list(INDEX_PAGES.values()) + list(CODE_PAGES.values()))
def test_the_box_is_in_the_html_and_hidden_without_javascript(browser, site_dir, site_url, path):
    doc = BeautifulSoup((site_dir / path / "index.html").read_text(encoding="utf-8"), "html.parser")
    box = doc.select_one("[data-filter] .kb-filter__box")
    field = box.select_one("input.kb-filter__input")
    assert box.select_one("label")["for"] == field["id"]
    assert set(field["aria-describedby"].split()) == {field["id"] + "-hint", field["id"] + "-status"}
    context = browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(site_url + path)
        assert not tab.locator(".kb-filter__box").is_visible()
        assert not tab.locator("input.kb-filter__input").is_visible()
        assert not tab.locator(".kb-filter__empty").is_visible()
        rows = tab.locator("[data-filter] tbody tr")
        assert rows.count() >= 8 and all(rows.nth(i).is_visible() for i in range(rows.count()))
    finally:
        context.close()


@pytest.mark.parametrize("path", [INDEX_PAGES["zh"], INDEX_PAGES["en"], CODE_PAGES["zh"]])
def test_the_box_does_not_move_the_page_on_a_phone(browser, site_url, path):
    shifts, shown = phone_layout_shifts(browser, site_url + path, "input.kb-filter__input")
    assert shown
    assert sum(shift["value"] for shift in shifts) < STILL, shifts


def test_only_pages_with_a_filter_carry_the_filter_script(site_dir):
    with_filter = {Path(p) for p in list(INDEX_PAGES.values()) + list(CODE_PAGES.values())}
    for html in sorted(site_dir.rglob("index.html")):
        rel = html.parent.relative_to(site_dir)
        if "assets" in rel.parts or "search" in rel.parts:
            continue
        text = html.read_text(encoding="utf-8")
        assert ("kbFilter" in text) == (rel in with_filter), rel
        assert "assets/filter.js" not in text, rel


@pytest.mark.parametrize("path", [INDEX_PAGES["en"], CODE_PAGES["zh"]])
def test_the_filter_passes_axe_with_rows_and_with_none(page, site_url, path):
    page.goto(site_url + path)
    axe = Axe()
    for query in ("", "51-余额不足", "zz-nothing-like-this"):
        paste(page, query)
        violations = [f"{query!r}: {v['id']}: {v['help']}" for v in
                      axe.run(page, context={"include": [["[data-filter]"]]}).response["violations"]]
        assert violations == []
    assert all(urlsplit(url).hostname == "127.0.0.1" for url in page.requests)
