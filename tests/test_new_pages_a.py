"""Issue 13, part A: the new situations are on the built site in both languages.

Electronic-signature terminals, the rewritten fees page (the 2016 caps, the debit cap that depends
on the contract, card types and QR, same-day payout charges), deductions from the first payouts,
deactivation and identity re-checks, taking the terminal elsewhere (报备), and the agent who can no
longer be reached. Each test reads what a reader sees: the built HTML of the real site (`site_dir`).
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import REPO
from conftest import page_texts, reader_text, soup as read_html

NEW_PAGES = ["reference/electronic-pos.md", "troubleshooting/deductions.md", "troubleshooting/terminal-deactivated.md",
             "causes/moving-terminal.md", "actions/agent-gone.md"]
NEW_TROUBLESHOOTING = ["troubleshooting/deductions.md", "troubleshooting/terminal-deactivated.md"]
PLANNED_SECTIONS = ["what-it-means", "check", "what-to-do", "how-long", "who-to-contact", "next-step"]


def built(site: Path, neutral: str, lang: str) -> Path:
    rel = neutral[: -len(".md")] + "/index.html" if neutral != "index.md" else "index.html"
    rel = rel.replace("/index/index.html", "/index.html")
    return site / rel if lang == "zh" else site / "en" / rel


@lru_cache(maxsize=None)
def soup(path: Path) -> BeautifulSoup:
    assert path.is_file(), f"{path} was not built"
    return read_html(path.read_text(encoding="utf-8"))


def section(site: Path, neutral: str, lang: str, anchor: str) -> str:
    """The text a reader sees under the heading `anchor` of a built page, up to the next heading of its level."""
    article = soup(built(site, neutral, lang)).select_one("article")
    heading = article.find(id=anchor)
    assert heading is not None and re.fullmatch(r"h[1-6]", heading.name), f"{neutral} ({lang}): no heading #{anchor}"
    parts = [heading]
    for sibling in heading.find_next_siblings():
        if re.fullmatch(r"h[1-6]", sibling.name or "") and int(sibling.name[1]) <= int(heading.name[1]):
            break
        parts.append(sibling)
    return " ".join(reader_text(p) for p in parts)


# Each situation's key fact, where a merchant would look for it: (page, anchor, {lang: [phrases that must all be there]}).
FACTS = [
    # fees: the 2016 notice's issuer and network caps, the acquirer's part market-priced
    ("causes/fees.md", "fee-parts", {
        "zh": ["发改价格〔2016〕557 号", "借记卡不超过 0.35%，每笔最高 13 元", "信用卡不超过 0.45%，不封顶",
               "不超过 0.0325%，每笔最高 3.25 元", "由市场决定"],
        "en": ["发改价格〔2016〕557号", "2016", "at most 0.35%, capped at 13 yuan per transaction",
               "credit cards at most 0.45%, no cap", "capped at 3.25 yuan", "market-priced"]}),
    # fees: whether a debit rate is capped depends on the contract; the worked example is labelled
    ("causes/fees.md", "debit-cap", {
        "zh": ["您的借记卡手续费有没有封顶、封顶多少，要看您的合同", "举例（数字仅为演示，不代表任何实际费率）"],
        "en": ["whether your debit-card fee has a cap, and how high it is, depends on your contract",
               "An example (made-up figures, not any real rate)"]}),
    ("causes/fees.md", "card-types", {
        "zh": ["信用卡", "扫码", "分开定价", "按卡种分开算"],
        "en": ["Credit cards", "QR-code payments", "prices these separately from card payments", "each card type separately"]}),
    ("causes/fees.md", "d0-fees", {
        "zh": ["每笔交易", "每次出款", "超过的部分改为 T+1 到账", "对私", "以合同为准"],
        "en": ["each payment", "each payout", "anything above it is paid T+1", "personal (对私)", "your contract decides"]}),
    ("causes/fees.md", "contract-check", {
        "zh": ["封顶", "信用卡费率", "扫码收款的费率", "秒到（D0）", "押金"],
        "en": ["capped per payment", "credit-card rate", "QR-code payments", "same-day payout (D0)", "deposit"]}),
    # deductions: legitimate only if the contract names them; complain in writing, keep the number
    ("troubleshooting/deductions.md", "what-it-means", {
        "zh": ["押金", "激活费", "流量费", "会员费", "只有在您签的合同里写明了，才是正当的"],
        "en": ["deposit", "activation", "SIM card", "membership", "legitimate only if the contract you signed names them"]}),
    ("troubleshooting/deductions.md", "what-to-do", {
        "zh": ["书面", "投诉编号", "依据合同哪一条"],
        "en": ["written", "complaint number", "which clause of the contract"]}),
    # deactivation and identity re-checks pause settlement; do them through official channels
    ("troubleshooting/terminal-deactivated.md", "what-it-means", {
        "zh": ["沉睡", "休眠", "重新激活", "人脸识别", "结算可能被暂停"],
        "en": ["inactive", "reactivated", "face verification", "settlement can be paused"]}),
    ("troubleshooting/terminal-deactivated.md", "what-to-do", {
        "zh": ["只在官方渠道办理", "验证码"],
        "en": ["Use official channels only", "verification code"]}),
    # taking the terminal elsewhere: risk control; ask the acquirer first (报备)
    ("causes/moving-terminal.md", "what-counts", {
        "zh": ["另一个城市", "集市", "展会", "定位"],
        "en": ["another city", "market", "trade show", "GPS"]}),
    ("causes/moving-terminal.md", "consequences", {
        "zh": ["延迟结算、暂停刷卡收款，甚至收回终端"],
        "en": ["delay settlement, suspend card acceptance or even take the terminal back"]}),
    ("causes/moving-terminal.md", "report-first", {
        "zh": ["先通过合同、官方 App 或签购单上的渠道联系收单机构（这叫“报备”）"],
        "en": ["Before you take payments somewhere else, contact your acquirer", "tell them in advance (报备)"]}),
    # the agent is gone: the acquirer is still responsible; find it on the slip, the contract, the licence list
    ("actions/agent-gone.md", "agent-gone", {
        "zh": ["与您签订受理协议、把钱结算给您的是收单机构，它仍然要负责"],
        "en": ["the acquirer that signed your acceptance agreement and pays you is still responsible"]}),
    ("actions/agent-gone.md", "find-acquirer", {
        "zh": ["收单行", "合同", "中国人民银行官网的已获许可机构名单"],
        "en": ["收单行", "contract", "list of licensed institutions on the People's Bank of China's official website"]}),
    # electronic-signature terminals: electronic slip, no manual sign-in or settlement, where the numbers are
    ("reference/electronic-pos.md", "no-paper-slip", {
        "zh": ["签购单一般是电子的", "商户 App", "短信", "有的机型可以按需打印或补打"],
        "en": ["the slip is usually electronic", "merchant app", "text message", "Some models print or reprint"]}),
    ("reference/electronic-pos.md", "sign-in-settlement", {
        "zh": ["电签 POS 机一般由系统自动完成，收银员不用操作", "各机型和收单机构不同"],
        "en": ["the system usually does this itself", "varies by model and acquirer"]}),
    ("reference/electronic-pos.md", "find-numbers", {
        "zh": ["参考号、凭证号、授权码", "批次号", "商户编号（MID）、终端编号（TID）", "交易记录"],
        "en": ["Reference, voucher and authorisation numbers", "Batch number", "Merchant ID (MID), terminal ID (TID)",
               "transaction records"]}),
    ("reference/electronic-pos.md", "location-check", {
        "zh": ["GPS", "登记的经营地址", "移机"],
        "en": ["GPS", "registered business address", "移机"]}),
    # the sample slip shows where the acquirer is named
    ("reference/sales-slip.md", "example", {"zh": ["收单行：", "发卡行："], "en": ["Acquirer:", "Issuer:"]}),
    ("reference/sales-slip.md", "acquirer", {"zh": ["收单行", "发卡行"], "en": ["收单行", "发卡行"]}),
]


@pytest.mark.parametrize("page, anchor, phrases", FACTS, ids=[f"{p}#{a}" for p, a, _ in FACTS])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_situations_key_fact_is_on_its_page(site_dir, lang, page, anchor, phrases):
    text = section(site_dir, page, lang, anchor)
    missing = [phrase for phrase in phrases[lang] if phrase not in text]
    assert not missing, f"{page}#{anchor} ({lang}) does not say {missing}; it reads: {text[:600]}"


def test_no_page_teaches_the_bare_fee_formula_any_more(site_dir):
    """'fee = amount × rate' alone is incomplete: only the fees page may quote it, to say so."""
    bare = re.compile(r"手续费 ?= ?(?:交易)?金额 ?× ?费率|\bfee(?:s| on each card payment)? (?:is|are|=) (?:the )?"
                      r"(?:payment )?amount (?:×|x|times) (?:your |the )?rate", re.I)
    problems = []
    for rel, text in page_texts(site_dir):
        for match in bare.finditer(text):
            around = text[max(match.start() - 40, 0):match.end() + 60]
            if rel.endswith("/fees/index.html") and ("只说对了一部分" in around or "only part of the story" in around):
                continue
            problems.append(f"{rel}: {around!r}")
    assert not problems, "the bare fee formula is still taught:\n" + "\n".join(problems)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_navigation_lists_every_new_page(site_dir, lang):
    home = soup(built(site_dir, "index.md", lang))
    hrefs = [a["href"] for a in home.select("nav.md-nav--primary a.md-nav__link[href]")]
    for page in NEW_PAGES:
        assert any(h.rstrip("/").endswith(page[: -len(".md")]) for h in hrefs), f"{page} is not in the {lang} nav: {hrefs}"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_troubleshooting_index_has_a_row_for_each_new_troubleshooting_page(site_dir, lang):
    index = soup(built(site_dir, "troubleshooting/index.md", lang)).select_one("article")
    symptoms = {"zh": {"troubleshooting/deductions.md": "头几次到账被扣了一笔钱",
                       "troubleshooting/terminal-deactivated.md": "终端很久没用后不能收款"},
                "en": {"troubleshooting/deductions.md": "My first payouts were short by a deposit",
                       "troubleshooting/terminal-deactivated.md": "The terminal stopped working after months unused"}}
    for page, symptom in symptoms[lang].items():
        slug = page.split("/")[-1][: -len(".md")]
        links = [a for a in index.find_all("a", href=True) if a["href"].rstrip("/").endswith(slug)]
        assert links, f"the {lang} troubleshooting index has no row for {page}"
        assert any(symptom in reader_text(a) for a in links), f"{page}: row text {[reader_text(a) for a in links]}"


@pytest.mark.parametrize("page", NEW_TROUBLESHOOTING)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_new_troubleshooting_pages_use_the_planned_sections_and_end_in_an_action(site_dir, lang, page):
    article = soup(built(site_dir, page, lang)).select_one("article")
    ids = [h.get("id") for h in article.find_all("h2")]
    assert [i for i in ids if i in PLANNED_SECTIONS] == PLANNED_SECTIONS and ids[-1] == "next-step", ids
    last = section(site_dir, page, lang, "next-step")
    assert article.find(id="next-step").find_next_sibling().find("a", href=True), f"{page} ({lang}): next step has no link: {last}"


@pytest.mark.parametrize("page", NEW_PAGES + ["causes/fees.md"])
def test_twins_carry_the_same_heading_ids(site_dir, page):
    ids = {lang: [h.get("id") for h in soup(built(site_dir, page, lang)).select_one("article").find_all(re.compile("^h[1-4]$"))]
           for lang in ("zh", "en")}
    assert ids["zh"] == ids["en"], ids


# The main tree's leaf for each situation, the page it leads to, and the start-page path to it.
TREE_LEAVES = [("deductions", "troubleshooting/deductions/", "less-why"),
               ("deactivated", "troubleshooting/terminal-deactivated/", "nothing-changed"),
               ("deactivated", "troubleshooting/terminal-deactivated/", "notice-kind"),
               ("moved", "causes/moving-terminal/", "nothing-changed"),
               ("e-slip", "reference/electronic-pos/", "one-slip"),
               ("report-acquirer", "actions/agent-gone/", "nothing-terminal")]


@pytest.mark.parametrize("leaf, target, via", TREE_LEAVES, ids=[f"{leaf}-via-{via}" for leaf, _, via in TREE_LEAVES])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_main_tree_on_the_start_page_leads_to_the_new_pages(site_dir, lang, leaf, target, via):
    tree = soup(built(site_dir, "index.md", lang)).select_one("article section.kb-tree")
    assert tree is not None, f"no main tree on the {lang} start page"
    found = []
    for node in tree.select(f"div.tree-leaf.tn--{leaf}"):
        ancestors = {c for parent in node.parents for c in (parent.get("class") or [])}
        if f"tn--{via}" in ancestors and "tn--start" in ancestors:
            found += [a["href"] for a in node.find_all("a", href=True) if target in a["href"]]
    assert found, f"the {lang} main tree has no leaf '{leaf}' under '{via}' linking {target}"


def test_search_queries_for_the_new_situations_are_in_the_query_set():
    """At least 12 queries per language about these situations, each expecting one of the pages."""
    import yaml
    queries = yaml.safe_load((REPO / "tests" / "search_queries.yml").read_text(encoding="utf-8"))
    pages = set(NEW_PAGES) | {"causes/fees.md"}
    for lang in ("zh", "en"):
        ours = [q for q in queries[lang] if q["page"] in pages]
        assert len(ours) >= 12, f"{lang}: {len(ours)} queries for the new situations"
        assert {q["page"] for q in ours} == pages, f"{lang}: pages without a query: {pages - {q['page'] for q in ours}}"
