"""Troubleshooting index and response-code table (issue 7): schema validation, generated rows, links, filter.

Unit tests call kb.troubleshooting directly; fault tests build small fixture sites and read the build
output; the real-site tests read the built HTML; browser tests type into the filter in Chromium."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import REPO, built_page, fixture_site, mkdocs_build
from kb import domain as langs
from kb import pages as kb_pages
from kb import site as kb_site
from kb import troubleshooting as ts
from kb.links import SiteMap

DATA = REPO / "data" / "response-codes.yml"

# Q/CUP 006.6-2015 A.2.1: every response code and who must act (C cardholder/issuer, M merchant/terminal,
# N network, "—" nobody: the approvals 00, 10, 11, A2, A4, A5, A6).
DOMAIN_SIDES = {
    "00": "—", "01": "C", "03": "M", "04": "C", "05": "C", "10": "—", "11": "—", "12": "M", "13": "M",
    "14": "C", "15": "C", "21": "C/M", "22": "M", "25": "M", "30": "M/N", "33": "C", "34": "C", "38": "C", "40": "M/C", "41": "C", "43": "C",
    "45": "C", "51": "C", "54": "C", "55": "C", "57": "C", "58": "M", "59": "C", "61": "C", "62": "C",
    "64": "M", "65": "C", "68": "N", "75": "C", "77": "M", "90": "N", "91": "N", "92": "N", "94": "M",
    "96": "N", "97": "M", "98": "N", "99": "M", "A0": "M", "A2": "—", "A4": "—", "A5": "—", "A6": "—",
}


def table():
    loaded, problems = ts.load_codes(DATA.read_text(encoding="utf-8"))
    assert not problems, "\n".join(map(str, problems))
    return loaded


def front(block: dict, title: str = "症状页", anchor: str = "page") -> str:
    return "---\n" + yaml.safe_dump({"troubleshooting": block}, allow_unicode=True, sort_keys=False) + \
        f"---\n\n# {title} {{ #{anchor} }}\n\n正文。\n"


ZH_BLOCK = {
    "symptom": "钱晚到了", "family": "missing", "causes": ["causes/cycle.md"], "codes": ["98"],
    "wait": "按合同约定的结算周期", "contact": ["acquirer", "settlement-bank"],
    "keywords": ["钱晚到", "到账慢", "晚了一天", "结算慢", "怎么还没到", "迟到"],
}
EN_BLOCK = {
    "symptom": "The money came late", "family": "missing", "causes": ["causes/cycle.md"], "codes": ["98"],
    "wait": "Per the settlement cycle in your contract", "contact": ["acquirer", "settlement-bank"],
    "keywords": ["late payout", "slow settlement", "a day late", "money delayed", "still waiting", "overdue"],
}
CONTACT_ZH = "# 联系谁 { #contact }\n\n" + "".join(f"## {r} {{ #{r} }}\n\n文字。\n\n" for r in ts.ROLES)
CONTACT_EN = "# Who to contact { #contact }\n\n" + "".join(f"## {r} {{ #{r} }}\n\nText.\n\n" for r in ts.ROLES)


def small_site(zh_block=ZH_BLOCK, en_block=EN_BLOCK, zh_text: str | None = None) -> dict[str, str]:
    """The pages of a small complete site: one troubleshooting page, its cause, contact, index, codes."""
    return {
        "index.md": "# 首页 { #home }\n\n[索引](troubleshooting/index.md)\n",
        "index.en.md": "# Home { #home }\n\n[Index](troubleshooting/index.md)\n",
        "troubleshooting/index.md": f"# 故障排查索引 {{ #troubleshooting-index }}\n\n{ts.INDEX_MARKER}\n",
        "troubleshooting/index.en.md": f"# Troubleshooting index {{ #troubleshooting-index }}\n\n{ts.INDEX_MARKER}\n",
        "troubleshooting/late.md": zh_text if zh_text is not None else front(zh_block, "钱晚到了", "late"),
        "troubleshooting/late.en.md": front(en_block, "The money came late", "late"),
        "causes/cycle.md": "# 结算周期没到 { #cycle }\n\n文字。\n",
        "causes/cycle.en.md": "# Not due yet { #cycle }\n\nText.\n",
        "actions/contact.md": CONTACT_ZH,
        "actions/contact.en.md": CONTACT_EN,
        "reference/response-codes.md": f"# 应答码 {{ #response-codes }}\n\n{ts.CODES_MARKER}\n",
        "reference/response-codes.en.md": f"# Response codes {{ #response-codes }}\n\n{ts.CODES_MARKER}\n",
    }


def sitemap_of(pages: dict[str, str]) -> tuple[dict, SiteMap]:
    """The pages as the site model reads them (with the ids the generator markers put in)."""
    model = kb_site.load(pages, set(), {ts.DATA_FILE: DATA.read_text(encoding="utf-8")}, [])
    return model.pages, model.links


def problems_of(pages: dict[str, str]) -> list[str]:
    sources, site = sitemap_of(pages)
    return [str(p) for p in ts.validate(sources, site, table())]


# ------------------------------------------------------------------------------------------- unit

def test_code_data_holds_every_code_of_the_domain_with_its_side_and_advice():
    loaded = table()
    assert list(loaded.codes) == list(DOMAIN_SIDES), "codes missing, extra or out of order"
    for code, entry in loaded.codes.items():
        assert "/".join(entry.sides) == DOMAIN_SIDES[code], f"{code}: side {entry.sides}"
        assert entry.zh and entry.en and entry.do["zh"] and entry.do["en"], code
    assert "签到" in loaded.codes["77"].do["zh"] and "sign the terminal in again" in loaded.codes["A0"].do["en"].lower()
    assert "收单机构" in loaded.codes["97"].do["zh"] and "another card" in loaded.codes["51"].do["en"]
    assert "twice" in loaded.codes["96"].do["en"] and "稍后再试" in loaded.codes["91"].do["zh"]


def test_code_data_problems_name_the_line_and_the_fix():
    text = DATA.read_text(encoding="utf-8").replace('code: "05"', "code: 05", 1)
    _, problems = ts.load_codes(text)
    line = text.split("\n").index("  - code: 05") + 1
    assert [str(p) for p in problems] == [
        f"{ts.DATA_FILE}:{line}: code 5 must be a quoted two-character string such as \"05\" or A0 "
        f"(unquoted 05 is read as the number 5)"]


def test_a_valid_page_has_no_problem():
    assert problems_of(small_site()) == []


def test_a_missing_field_names_the_file_the_field_and_the_troubleshooting_line():
    block = {k: v for k, v in ZH_BLOCK.items() if k != "wait"}
    found = problems_of(small_site(zh_block=block))
    assert found == ["docs/troubleshooting/late.md:2: troubleshooting.wait is missing: add e.g. "
                     "'wait: 按合同约定的结算周期，过了应到账日仍未到再联系'"]


def test_a_missing_block_stops_the_page():
    text = "---\ndescription: 说明\n---\n\n# 钱晚到了 { #late }\n"
    found = problems_of(small_site(zh_text=text))
    assert len(found) == 1 and found[0].startswith("docs/troubleshooting/late.md:1: front matter has no "
                                                   "'troubleshooting:' block")


def test_wrong_types_each_name_their_field_and_line():
    text = """---
troubleshooting:
  symptom: 钱晚到了
  family: late
  causes: [causes/nope.md]
  codes: [98, "XX"]
  wait: ""
  contact: [bank]
  keywords: [钱晚到, 到账慢]
  keyword: [多余]
---

# 钱晚到了 { #late }
"""
    found = "\n".join(problems_of(small_site(zh_text=text)))
    expected = [
        "late.md:4: troubleshooting.family: 'late' is not a family",
        "late.md:5: troubleshooting.causes: 'causes/nope.md' does not resolve",
        "late.md:6: troubleshooting.codes: item 1 is a number 98, not a string: quote every code",
        "late.md:6: troubleshooting.codes: 'XX' is not a response code in data/response-codes.yml",
        "late.md:7: troubleshooting.wait: must be non-empty text",
        "late.md:8: troubleshooting.contact: 'bank' is not a role",
        "late.md:9: troubleshooting.keywords: lists 2, needs at least 6",
        "late.md:10: troubleshooting.keyword: unknown field: did you mean 'keywords'?",
    ]
    for phrase in expected:
        assert phrase in found, f"missing {phrase!r} in:\n{found}"
    # the English twin still agrees with what it should: family/causes/codes/contact differ -> reported there
    assert "late.en.md:" in found and "twins must list the same" in found


def test_twins_must_list_the_same_codes_and_every_page_needs_its_twin():
    pages = small_site(en_block={**EN_BLOCK, "codes": ["68"]})
    found = problems_of(pages)
    assert len(found) == 1 and found[0].startswith("docs/troubleshooting/late.en.md:")
    assert "troubleshooting.codes is ['68'] here but ['98'] in the Chinese twin" in found[0]
    pages = small_site()
    del pages["troubleshooting/late.en.md"]
    assert any("has no English twin docs/troubleshooting/late.en.md" in p for p in problems_of(pages))
    pages = small_site()
    del pages["troubleshooting/late.md"]
    assert any(p.startswith("docs/troubleshooting/late.en.md: has no Chinese twin docs/troubleshooting/late.md")
               for p in problems_of(pages))


def test_an_index_page_without_its_marker_is_reported():
    pages = small_site()
    pages["troubleshooting/index.en.md"] = "# Troubleshooting index { #troubleshooting-index }\n"
    assert problems_of(pages) == [f"docs/troubleshooting/index.en.md: has no line {ts.INDEX_MARKER}: add it where "
                                  f"the generated index goes (nobody edits the index by hand)"]


def test_generated_links_are_checked_through_the_site_map():
    pages = small_site()
    pages["actions/contact.en.md"] = "# Who to contact { #contact }\n\n## Acquirer { #acquirer }\n"
    found = problems_of(pages)
    assert found and all(p.startswith("docs/troubleshooting/index.en.md:3: generated index: link "
                                      "'../actions/contact.md#settlement-bank'") for p in found), found


def test_rows_and_rendering_use_each_language_and_link_relative_to_the_index():
    sources, _ = sitemap_of(small_site())
    [zh] = ts.rows(sources, "zh")
    [en] = ts.rows(sources, "en")
    assert zh.causes == [("causes/cycle.md", "结算周期没到")] and en.causes == [("causes/cycle.md", "Not due yet")]
    assert "late payout" in zh.terms and "钱晚到" in en.terms          # the filter finds rows in either language
    html = ts.render_index([en], "en")
    assert "## Money missing or late { #family-missing }" in html
    for link in ("(late.md)", "(../causes/cycle.md)", "(../reference/response-codes.md#code-98)",
                 "(../actions/contact.md#acquirer)", "(../actions/contact.md#settlement-bank)"):
        assert link in html
    codes = ts.render_codes(table(), "en")
    assert codes.count('<tr id="code-') == len(DOMAIN_SIDES) and '<tr id="code-A0" data-codes="A0"' in codes


def test_text_from_front_matter_cannot_inject_markup():
    assert ts.md_text("a *b* [c](d) <script>") == r"a \*b\* \[c\](d) &lt;script&gt;"


# -------------------------------------------------------------------------------- fixture builds

def build_small(tmp_path: Path, pages: dict[str, str]):
    config = fixture_site(tmp_path, pages, files={ts.DATA_FILE: DATA.read_text(encoding="utf-8")})
    return mkdocs_build(config, tmp_path / "site", env={"HANDBOOK": "0"})


@pytest.mark.slow
def test_fixture_site_builds_and_renders_the_rows(tmp_path):
    proc = build_small(tmp_path, small_site())
    assert proc.returncode == 0, proc.output
    for prefix, symptom in (("", "钱晚到了"), ("en/", "The money came late")):
        doc = BeautifulSoup((tmp_path / "site" / prefix / "troubleshooting/index.html").read_text(encoding="utf-8"),
                            "html.parser")
        [row] = doc.select("article tbody tr")
        assert row.a.get_text() == symptom and row.a["href"] == "late/"
        assert [a["href"] for a in row.select("a")][1:] == [
            "../causes/cycle/", "../reference/response-codes/#code-98", "../actions/contact/#acquirer",
            "../actions/contact/#settlement-bank"]


@pytest.mark.slow
def test_links_to_code_rows_are_checked_against_the_data(tmp_path):
    pages = small_site()
    pages["causes/cycle.md"] += "\n见[应答码 A0](../reference/response-codes.md#code-A0)和[ZZ](../reference/response-codes.md#code-ZZ)。\n"
    pages["causes/cycle.en.md"] += "\nSee [A0](../reference/response-codes.md#code-A0) and [ZZ](../reference/response-codes.md#code-ZZ).\n"
    proc = build_small(tmp_path, pages)
    assert proc.returncode != 0
    for page in ("cycle.md", "cycle.en.md"):
        assert (f"docs/causes/{page}:5: link '../reference/response-codes.md#code-ZZ': no heading with id 'code-ZZ'"
                in proc.output), proc.output
    assert "id 'code-A0'" not in proc.output


@pytest.mark.slow
def test_a_missing_field_stops_the_build_naming_file_and_field(tmp_path):
    block = {k: v for k, v in EN_BLOCK.items() if k != "contact"}
    pages = small_site()
    pages["troubleshooting/late.en.md"] = front(block, "The money came late", "late")
    proc = build_small(tmp_path, pages)
    assert proc.returncode != 0
    assert "docs/troubleshooting/late.en.md:2: troubleshooting.contact is missing: add e.g. 'contact: [acquirer]'" \
        in proc.output
    assert proc.output.count("troubleshooting.contact is missing") == 1      # reported once, not per language


@pytest.mark.slow
def test_a_field_of_the_wrong_type_stops_the_build(tmp_path):
    text = front(ZH_BLOCK, "钱晚到了", "late").replace("- '98'", "- 98")
    assert "- 98\n" in text
    pages = small_site(zh_text=text)
    proc = build_small(tmp_path, pages)
    assert proc.returncode != 0
    assert re.search(r"docs/troubleshooting/late\.md:\d+: troubleshooting\.codes: item 1 is a number 98, not a "
                     r"string", proc.output), proc.output


# ------------------------------------------------------------------------------------ real site

soup = built_page


def troubleshooting_pages() -> list[str]:
    return sorted(p.relative_to(REPO / "docs").as_posix() for p in (REPO / "docs" / "troubleshooting").glob("*.md")
                  if langs.split(p.name)[1] == "zh" and p.name != "index.md")


def index_rows(site_dir: Path, lang: str):
    prefix = "" if lang == "zh" else "en/"
    return soup(site_dir / prefix / "troubleshooting" / "index.html").select("article [data-filter] tbody tr")


def resolves(site_dir: Path, page_rel: str, href: str) -> str | None:
    """None when `href` on built page `page_rel` leads to an existing file (and id); else what is wrong."""
    url = urlsplit(urljoin(f"http://site/{page_rel}", href))
    if url.netloc != "site":
        return f"{href}: leaves the site"
    target = url.path.lstrip("/")
    target = target + "index.html" if target.endswith("/") or not target else target
    if not (site_dir / target).is_file():
        return f"{href}: no file {target}"
    if url.fragment and not soup(site_dir / target).find(id=url.fragment):
        return f"{href}: no id {url.fragment!r} in {target}"
    return None


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_one_row_per_troubleshooting_page_with_its_front_matter(site_dir, lang):
    pages = troubleshooting_pages()
    assert len(pages) >= 8, pages
    rows = index_rows(site_dir, lang)
    targets = {}
    for row in rows:
        link = row.select_one("td a")
        targets[urljoin("troubleshooting/", link["href"])] = link.get_text(strip=True)
    assert sorted(targets) == sorted(p[: -len(".md")] + "/" for p in pages)
    for page in pages:
        meta = kb_pages.parse((REPO / "docs" / langs.localized(page, lang)).read_text(encoding="utf-8"), page).meta
        assert targets[page[: -len(".md")] + "/"] == meta["troubleshooting"]["symptom"].strip()


def test_both_languages_have_the_same_rows_and_groups(site_dir):
    def shape(lang):
        prefix = "" if lang == "zh" else "en/"
        doc = soup(site_dir / prefix / "troubleshooting" / "index.html")
        groups = [g.find("h2")["id"] for g in doc.select("article [data-filter-group]")]
        rows = [(r["data-codes"], tuple(a["href"] for a in r.select("a"))) for r in index_rows(site_dir, lang)]
        return groups, rows
    zh, en = shape("zh"), shape("en")
    assert zh[0] and zh == en


@pytest.mark.parametrize("page_rel", ["troubleshooting/index.html", "en/troubleshooting/index.html",
                                      "reference/response-codes/index.html", "en/reference/response-codes/index.html"])
def test_every_link_in_the_generated_tables_resolves(site_dir, page_rel):
    doc = soup(site_dir / page_rel)
    links = [a["href"] for a in doc.select("article [data-filter] a[href]")]
    assert len(links) >= 40
    broken = [problem for href in sorted(set(links)) if (problem := resolves(site_dir, page_rel, href))]
    assert not broken, "\n".join(broken)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_code_table_rows_carry_meaning_and_who_must_act(site_dir, lang):
    prefix = "" if lang == "zh" else "en/"
    doc = soup(site_dir / prefix / "reference" / "response-codes" / "index.html")
    rows = doc.select("article [data-filter] tbody tr")
    assert [row["id"] for row in rows] == [f"code-{code}" for code in DOMAIN_SIDES]
    loaded = table()
    row = doc.find(id="code-51")
    cells = [td.get_text(" ", strip=True) for td in row.find_all("td")]
    assert cells[0] == "51"
    assert (loaded.codes["51"].zh if lang == "zh" else loaded.codes["51"].en) in cells[1]
    assert cells[2] == loaded.sides["C"][lang] and cells[3] == loaded.codes["51"].do[lang]


# ---------------------------------------------------------------------------------------- browser

def visible_rows(tab) -> list:
    return tab.eval_on_selector_all(
        "[data-filter] tbody tr",
        "rows => rows.filter(r => !r.hidden && r.offsetParent !== null)"
        ".map(r => ({codes: r.dataset.codes, text: r.textContent + ' ' + r.dataset.terms, id: r.id}))")


def script_errors(tab) -> list[str]:
    """Errors thrown by scripts (resources other areas have not built yet are their tests' business)."""
    return [error for error in tab.errors if not error.startswith("Failed to load resource")]


def type_in(tab, text: str) -> None:
    """Types as a person does, key by key (Material must not swallow the keys), after clearing the box."""
    box = tab.locator("input.kb-filter__input")
    box.fill("")
    if text:
        box.press_sequentially(text)
    assert box.input_value() == text


@pytest.mark.browser
@pytest.mark.parametrize("lang,words", [("zh", ["冻结", "少"]), ("en", ["frozen", "less"])])
def test_typing_words_narrows_the_index_and_clearing_restores_it(page, site_url, lang, words):
    prefix = "" if lang == "zh" else "en/"
    page.goto(f"{site_url}{prefix}troubleshooting/")
    total = len(visible_rows(page))
    assert total >= 8
    label = page.locator("label.kb-filter__label")
    assert label.count() == 1
    assert label.get_attribute("for") == page.locator("input.kb-filter__input").get_attribute("id")
    for word in words:
        type_in(page, word)
        shown = visible_rows(page)
        assert 0 < len(shown) < total, f"{word!r} shows {len(shown)} of {total} rows"
        assert all(word.lower() in row["text"].lower() for row in shown)
        status = page.locator(".kb-filter__status").inner_text()
        assert str(len(shown)) in status and str(total) in status
        type_in(page, "")
        assert len(visible_rows(page)) == total
    assert script_errors(page) == []
    assert all(urlsplit(url).hostname == "127.0.0.1" for url in page.requests)


@pytest.mark.browser
def test_english_words_find_rows_on_the_chinese_index_too(page, site_url):
    page.goto(f"{site_url}troubleshooting/")
    total = len(visible_rows(page))
    type_in(page, "frozen")
    assert 0 < len(visible_rows(page)) < total


@pytest.mark.browser
def test_typing_a_code_keeps_exactly_the_rows_with_that_code(page, site_url):
    page.goto(f"{site_url}en/troubleshooting/")
    everything = visible_rows(page)
    with_code = [row for row in everything if "98" in row["codes"].split()]
    assert with_code, "no troubleshooting page lists code 98"
    type_in(page, "98")
    assert visible_rows(page) == with_code
    type_in(page, "zz-no-such-thing")
    assert visible_rows(page) == []
    assert page.locator(".kb-filter__empty").is_visible()
    page.press("input.kb-filter__input", "Escape")
    assert len(visible_rows(page)) == len(everything)
    assert not page.locator(".kb-filter__empty").is_visible()


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_typing_51_or_a0_on_the_code_page_shows_that_code(page, site_url, lang):
    prefix = "" if lang == "zh" else "en/"
    page.goto(f"{site_url}{prefix}reference/response-codes/")
    assert len(visible_rows(page)) == len(DOMAIN_SIDES)
    loaded = table()
    for query, code in (("51", "51"), ("A0", "A0"), ("a0", "A0"), ("５１", "51")):
        type_in(page, query)
        [row] = visible_rows(page)
        assert row["id"] == f"code-{code}"
        visible = page.locator(f"#code-{code}").inner_text()
        assert getattr(loaded.codes[code], lang) in visible
        assert loaded.sides[loaded.codes[code].sides[0]][lang] in visible
    type_in(page, "PIN" if lang == "en" else "密码")
    assert {row["id"] for row in visible_rows(page)} >= {"code-55", "code-38", "code-75"}
    type_in(page, "")
    assert len(visible_rows(page)) == len(DOMAIN_SIDES)
    page.goto(f"{site_url}{prefix}reference/response-codes/?q=97")
    assert [row["id"] for row in visible_rows(page)] == ["code-97"]
    assert script_errors(page) == []


@pytest.mark.browser
@pytest.mark.parametrize("path,count", [("troubleshooting/", None), ("en/troubleshooting/", None),
                                        ("reference/response-codes/", len(DOMAIN_SIDES)),
                                        ("en/reference/response-codes/", len(DOMAIN_SIDES))])
def test_without_javascript_every_row_is_there(browser, site_url, path, count):
    context = browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(f"{site_url}{path}")
        rows = tab.locator("[data-filter] tbody tr")
        expected = count or len(troubleshooting_pages())
        assert rows.count() == expected
        assert all(rows.nth(i).is_visible() for i in range(expected))
        assert not tab.locator("input.kb-filter__input").is_visible()    # in the HTML, hidden: it needs JavaScript
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("path", ["troubleshooting/", "en/reference/response-codes/"])
def test_on_a_phone_rows_stack_into_labelled_cards_without_sideways_scroll(browser, site_url, path):
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True)
    try:
        tab = context.new_page()
        tab.goto(f"{site_url}{path}")
        assert tab.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        first = tab.locator("[data-filter] tbody tr td").first
        assert first.evaluate("td => getComputedStyle(td).display") == "block"
        label = first.evaluate("td => getComputedStyle(td, '::before').content")
        assert label.strip('"') == first.get_attribute("data-label") and label.strip('"')
        box = tab.locator("[data-filter] tbody tr").first.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    finally:
        context.close()
