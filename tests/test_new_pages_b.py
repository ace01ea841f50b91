"""Issue 13, new situations part B, as a reader sees them on the built site (both languages): an account
frozen by an authority (a new card does not release it; the trees tell it apart from a risk hold), escalation
with the official lines and the date each was checked, cashing out as a crime, foreign cards / pre-authorisation
/ refund limits for hotels, and the prevention overview; nav, links and troubleshooting index rows."""
from __future__ import annotations

import re
from collections import deque

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import REPO
from conftest import page_texts, reader_text, soup as read_html
from kb import trees

LANGS = ("zh", "en")
NEW_PAGES = {   # docs-relative page -> built path (zh; en under en/)
    "troubleshooting/frozen-by-authority.md": "troubleshooting/frozen-by-authority/index.html",
    "actions/escalation.md": "actions/escalation/index.html",
    "safety/cash-out.md": "safety/cash-out/index.html",
    "reference/foreign-cards-and-pre-auth.md": "reference/foreign-cards-and-pre-auth/index.html",
    "prevention/index.md": "prevention/index.html",
}
CHECKED = "2026-12-01"
LINES = ("12363", "95516", "12378", "96110", "110")


def soup(site_dir, rel: str, lang: str) -> BeautifulSoup:
    path = site_dir / rel if lang == "zh" else site_dir / "en" / rel
    assert path.is_file(), f"{path} was not built"
    return read_html(path.read_text(encoding="utf-8"))


def article(site_dir, rel: str, lang: str):
    return soup(site_dir, rel, lang).select_one("article")


def section(site_dir, rel: str, lang: str, anchor: str) -> str:
    """The text of the section whose heading has id `anchor`, up to the next heading of the same level or higher."""
    page = article(site_dir, rel, lang)
    heading = page.find(id=anchor)
    assert heading is not None, f"{rel} ({lang}): no heading #{anchor}"
    level, parts = int(heading.name[1]), [heading]
    for sibling in heading.find_next_siblings():
        if re.fullmatch(r"h[1-6]", sibling.name or "") and int(sibling.name[1]) <= level:
            break
        parts.append(sibling)
    return reader_text("".join(map(str, parts)))


def section_links(site_dir, rel: str, lang: str, anchor: str) -> list[str]:
    page = article(site_dir, rel, lang)
    heading = page.find(id=anchor)
    links = []
    for sibling in heading.find_next_siblings():
        if re.fullmatch(r"h[12]", sibling.name or ""):
            break
        links += [a["href"] for a in sibling.find_all("a", href=True)]
    return links


# ---------------------------------------------------------------- 1. frozen by an authority

KEY_FACT = {"zh": "换卡解不了已冻结的钱", "en": "does not release the frozen money"}


@pytest.mark.parametrize("lang", LANGS)
def test_authority_freeze_page_says_a_new_card_does_not_release_the_money(site_dir, lang):
    rel = NEW_PAGES["troubleshooting/frozen-by-authority.md"]
    top = reader_text(article(site_dir, rel, lang).find(id="frozen-by-authority").find_next(class_="admonition"))  # "do this now"
    assert KEY_FACT[lang] in top
    assert {"zh": "哪个机关", "en": "which authority"}[lang] in top
    assert {"zh": "送货记录", "en": "delivery records"}[lang] in top
    meaning = section(site_dir, rel, lang, "what-it-means")
    assert {"zh": "收单机构暂扣结算", "en": "Acquirer's risk hold"}[lang] in meaning, "the page tells it apart from a risk hold"
    assert {"zh": "断卡", "en": "断卡"}[lang] in meaning
    assert {"zh": "换结算卡解不了冻", "en": "A new settlement card does not release frozen money"}[lang] in meaning
    assert {"zh": "转移出调查范围", "en": "moving money out of the investigation's reach"}[lang] in meaning


@pytest.mark.parametrize("lang", LANGS)
def test_pages_that_mention_a_frozen_account_no_longer_send_the_merchant_to_a_new_card(site_dir, lang):
    href = "frozen-by-authority/"
    what_to_do = section(site_dir, "troubleshooting/account-frozen/index.html", lang, "what-to-do")
    assert {"zh": "不要换卡来绕开", "en": "do not switch cards to get around it"}[lang] in what_to_do
    assert any(h.endswith(href) for h in section_links(site_dir, "troubleshooting/account-frozen/index.html", lang, "what-to-do"))
    frozen = section(site_dir, "causes/settlement-account/index.html", lang, "frozen")
    assert {"zh": "换一张结算卡解不了已冻结的钱", "en": "does not release money already frozen"}[lang] in frozen
    assert any(h.endswith("troubleshooting/" + href) for h in section_links(site_dir, "causes/settlement-account/index.html", lang, "frozen"))
    when = section(site_dir, "actions/change-settlement-account/index.html", lang, "when")
    assert {"zh": "换卡解不了冻", "en": "a new card does not release the money"}[lang] in when
    for name, leaf in (("main", "account-blocked"), ("settlement-account", "frozen")):
        do = load(name).nodes[leaf].do[lang]
        assert {"zh": "换卡解不了", "en": "does not release"}[lang] in do, f"{name}.yml leaf {leaf} ({lang}): {do}"


def load(name: str) -> trees.Tree:
    path = REPO / "data" / "trees" / f"{name}.yml"
    return trees.parse(path.read_text(encoding="utf-8"), name, f"data/trees/{path.name}")


def path_to(tree: trees.Tree, target: str) -> list[tuple[str, dict]] | None:
    """The shortest list of (question id, answer text) from the start to the node `target`."""
    seen, queue = {tree.start}, deque([(tree.start, [])])
    while queue:
        node_id, path = queue.popleft()
        if node_id == target:
            return path
        for answer in tree.nodes[node_id].answers:
            if answer.next not in seen:
                seen.add(answer.next)
                queue.append((answer.next, path + [(node_id, answer.text)]))
    return None


@pytest.mark.parametrize("name", ["main", "risk-hold", "settlement-account"])
def test_each_tree_reaches_an_authority_freeze_leaf_that_links_the_page(name):
    tree = load(name)
    leaf = tree.nodes["authority-freeze"]
    assert [l.href.partition("#")[0] for l in leaf.links].count("troubleshooting/frozen-by-authority.md") >= 1
    assert set(leaf.contact) >= {"settlement-bank"}
    path = path_to(tree, "authority-freeze")
    assert path is not None, f"{name}: no path from the start leads to authority-freeze"
    assert "换卡解不了已冻结的钱" in leaf.do["zh"] and "does not release the" in leaf.do["en"]


def test_risk_hold_tree_tells_an_authority_freeze_apart_at_its_first_question():
    tree = load("risk-hold")
    first = {answer.next for answer in tree.nodes[tree.start].answers}
    assert "authority-freeze" in first
    assert "风控是收单机构暂扣" in tree.nodes["authority-freeze"].do["zh"]
    assert "A risk hold is your acquirer holding back" in tree.nodes["authority-freeze"].do["en"]


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_a_reader_clicks_through_the_main_tree_to_the_authority_freeze(page, site_url, lang):
    tree = load("main")
    page.goto(site_url + ("" if lang == "zh" else "en/"))
    for _, text in path_to(tree, "authority-freeze"):
        page.locator(".tree-steps").get_by_role("button", name=text[lang]).click()
    leaf = page.locator(".tree-steps .tree-leaf")
    assert leaf.locator(".admonition-title").inner_text().strip() == tree.nodes["authority-freeze"].title[lang]
    assert KEY_FACT[lang] in leaf.inner_text()
    href = leaf.get_by_role("link", name={"zh": "账户被公安、法院或反诈冻结怎么办",
                                          "en": "What to do when an authority froze the account"}[lang]).get_attribute("href")
    assert href.endswith("troubleshooting/frozen-by-authority/#what-to-do"), href


@pytest.mark.parametrize("lang", LANGS)
def test_the_troubleshooting_index_has_a_row_for_the_authority_freeze(site_dir, lang):
    index = article(site_dir, "troubleshooting/index.html", lang)
    rows = [row for row in index.find_all("tr")
            if any(a["href"].endswith("frozen-by-authority/") for a in row.find_all("a", href=True))]
    assert len(rows) == 1, f"{lang}: {len(rows)} rows link the authority-freeze page"
    row = reader_text(rows[0])
    assert {"zh": "银行说账户被公安、法院冻结", "en": "the police, a court or an anti-fraud measure froze my account"}[lang] in row
    assert {"zh": "结算卡开户银行", "en": "the bank that holds your settlement account"}[lang] in (row.lower() if lang == "en" else row)


# ---------------------------------------------------------------- 2. escalation

@pytest.mark.parametrize("lang", LANGS)
def test_escalation_lists_each_official_line_with_the_date_it_was_checked(site_dir, lang):
    rel = NEW_PAGES["actions/escalation.md"]
    table = article(site_dir, rel, lang).find(id="hotlines").find_next("table")
    rows = {reader_text(tr.find("td")): reader_text(tr) for tr in table.find_all("tr") if tr.find("td")}
    assert set(rows) == set(LINES), rows
    assert all(CHECKED in row for row in rows.values()), rows
    sentence = {"zh": "{}（2026-12-01 核实）", "en": "{} (checked on 2026-12-01)"}[lang]
    body = re.sub(r"\s+（", "（", reader_text(article(site_dir, rel, lang)))
    for line in LINES:
        assert sentence.format(line) in body, f"{lang}: '{sentence.format(line)}' is not on the page"
    assert {"zh": "15 个工作日", "en": "15 working days"}[lang] in section(site_dir, rel, lang, "regulator-12378")
    assert {"zh": "工作日的办公时间", "en": "working days during office hours"}[lang] in section(site_dir, rel, lang, "pboc-12363")
    assert {"zh": "可能正在被骗", "en": "may be being defrauded"}[lang] in section(site_dir, rel, lang, "police")
    assert {"zh": "投诉编号", "en": "complaint number"}[lang] in section(site_dir, rel, lang, "institution-first")


@pytest.mark.parametrize("lang", LANGS)
def test_escalation_gives_a_script_with_the_reference_numbers_and_no_tel_links(site_dir, lang):
    page = article(site_dir, NEW_PAGES["actions/escalation.md"], lang)
    script = page.find(id="what-to-say").find_next("code").get_text()
    for word in {"zh": ["投诉编号", "商户编号", "参考号", "凭证号"],
                 "en": ["complaint number", "merchant ID", "reference number", "voucher number"]}[lang]:
        assert word in script, f"{lang}: the script lacks {word!r}"
    assert not page.select('a[href^="tel:"]')


@pytest.mark.parametrize("lang", LANGS)
def test_contact_and_handling_process_link_the_escalation_page(site_dir, lang):
    assert any(h.endswith("escalation/") for h in section_links(site_dir, "actions/handling-process/index.html", lang, "channels"))
    contact = article(site_dir, "actions/contact/index.html", lang)
    assert any(a["href"].endswith("escalation/") for a in contact.find_all("a", href=True))


def test_official_lines_appear_only_with_their_checked_date_on_the_page(site_dir):
    """A page that prints 12363, 95516 or 12378 shows it at least once followed by the date it was checked."""
    problems = []
    not_found = reader_text(read_html((site_dir / "404.html").read_text(encoding="utf-8")).body)
    for rel, text in [*page_texts(site_dir, "body"), ("404.html", not_found)]:
        for line in ("12363", "95516", "12378"):
            if re.search(rf"(?<!\d){line}(?!\d)", text) and not re.search(rf"(?<!\d){line}(?!\d).{{0,160}}?{CHECKED}", text):
                problems.append(f"{rel}: {line} without its checked date")
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------- 3. cashing out

@pytest.mark.parametrize("lang", LANGS)
def test_cash_out_is_called_a_crime_and_risk_control_links_there(site_dir, lang):
    crime = section(site_dir, NEW_PAGES["safety/cash-out.md"], lang, "crime")
    assert {"zh": "非法经营罪", "en": "illegal business operation"}[lang] in crime
    assert re.search(r"法释〔2009〕19\s*号", crime)
    assert {"zh": "第二百二十五条", "en": "Article 225 of the Criminal Law"}[lang] in crime
    assert any(h.endswith("safety/cash-out/#crime") for h in section_links(site_dir, "causes/risk-control/index.html", lang, "triggers"))
    leaf = load("risk-hold").nodes["stop-cash-out"]
    assert {"zh": "非法经营罪", "en": "illegal business operation"}[lang] in leaf.do[lang]


# ---------------------------------------------------------------- 4. foreign cards, pre-authorisation, refunds

@pytest.mark.parametrize("lang", LANGS)
def test_foreign_cards_and_pre_auth_page_states_the_rules_conservatively(site_dir, lang):
    rel = NEW_PAGES["reference/foreign-cards-and-pre-auth.md"]
    cards = section(site_dir, rel, lang, "foreign-cards")
    assert "Visa" in cards and "Mastercard" in cards
    assert {"zh": "问收单机构：您的终端能不能受理外卡", "en": "Ask your acquirer directly whether your terminal accepts foreign cards"}[lang] in cards
    codes = section_links(site_dir, rel, lang, "foreign-card-codes")
    assert {h.rsplit("#", 1)[-1] for h in codes} >= {"code-15", "code-58", "code-40"}
    completion = section(site_dir, rel, lang, "pre-auth-completion")
    assert {"zh": "30 天内完成", "en": "completed within 30 days"}[lang] in completion
    assert "115%" in completion and {"zh": "各收单机构、各卡组织的规定不同", "en": "varies between acquirers"}[lang] in completion
    cancel = section(site_dir, rel, lang, "pre-auth-cancel")
    assert "预授权撤销" in cancel and {"zh": "不要用“退货”", "en": "Do not use a refund"}[lang] in cancel
    refunds = section(site_dir, rel, lang, "refund-limits")
    assert "22" in refunds and {"zh": "不要反复重试", "en": "Do not keep retrying"}[lang] in refunds
    assert {"zh": "从您之后的结算款里扣", "en": "deducted from your later settlements"}[lang] in refunds


def test_the_main_tree_sends_a_refused_foreign_card_to_the_page():
    tree = load("main")
    assert path_to(tree, "foreign-card") is not None
    assert any(l.href.startswith("reference/foreign-cards-and-pre-auth.md") for l in tree.nodes["foreign-card"].links)
    assert any(l.href.startswith("reference/foreign-cards-and-pre-auth.md") for l in tree.nodes["pre-auth"].links)


# ---------------------------------------------------------------- 5. prevention overview, nav

@pytest.mark.parametrize("lang", LANGS)
def test_prevention_overview_links_every_prevention_page_and_the_new_ones(site_dir, lang):
    page = article(site_dir, NEW_PAGES["prevention/index.md"], lang)
    hrefs = {a["href"].split("#")[0] for a in page.find(id="by-cause").find_next("table").find_all("a", href=True)}
    for target in ["maintenance/", "staff-training/", "daily-reconciliation/", "keep-records/", "provider-relationship/",
                   "../troubleshooting/frozen-by-authority/", "../safety/cash-out/", "../reference/foreign-cards-and-pre-auth/",
                   "../causes/settlement-cycle/", "../causes/risk-control/"]:
        assert target in hrefs, f"{lang}: the overview's table does not link {target}"
    assert any(a["href"].endswith("escalation/") for a in page.find_all("a", href=True))


@pytest.mark.parametrize("lang", LANGS)
def test_every_new_page_is_in_the_navigation_with_a_description_and_keywords(site_dir, lang):
    home = soup(site_dir, "index.html", lang)
    nav = {a["href"] for a in home.select("nav.md-nav--primary a[href]")}
    for source, built in NEW_PAGES.items():
        url = built[: -len("index.html")]
        assert any(h.rstrip("/").endswith(url.rstrip("/")) for h in nav), f"{lang}: {url} is not in the navigation"
        twin = source if lang == "zh" else source[:-3] + ".en.md"
        meta = yaml.safe_load((REPO / "docs" / twin).read_text(encoding="utf-8").split("---")[1])
        keywords = meta.get("keywords") or meta.get("troubleshooting", {}).get("keywords")
        assert meta.get("description") and 8 <= len(keywords) <= 14, f"{twin}: description and 8-14 keywords"
