"""Dated, sourced facts and the sources list (issue 13): kb.facts on small inputs, a fixture site that
shows facts and warns about a stale one, a fixture site whose bad markers and entries stop the build
with file:line:fix, and the real site's about page and glossary."""
from __future__ import annotations

import datetime
import textwrap

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import REPO, fixture_site, mkdocs_build
from kb import facts

TODAY = datetime.date(2026, 12, 1)

SOURCES = textwrap.dedent("""\
    rule-1:
      name: {zh: 《规则一》, en: Rule One}
      issuer: {zh: 中国人民银行, en: People's Bank of China}
      ref: {zh: 银发〔2016〕1 号, en: "Yinfa [2016] No. 1"}
      used_for: {zh: 限额。, en: the limits.}
      checked: 2026-12-01
    old-rule:
      name: {zh: 《旧规则》, en: Old Rule}
      issuer: {zh: 国务院, en: State Council}
      used_for: {zh: 旧的说法。, en: the old wording.}
      checked: 2025-11-01
    """)

FACTS = textwrap.dedent("""\
    line-1:
      group: lines
      value: "12363"
      zh: 投诉电话。
      en: The complaint line.
      source: rule-1
      checked: 2026-12-01
    cap:
      value: {zh: 每日 1 万元, en: "¥10,000 a day"}
      zh: 每日限额。
      en: The daily limit.
      source: rule-1
      checked: 2025-06-30
    """)


def load(sources_text=SOURCES, facts_text=FACTS):
    sources, problems = facts.load_sources(sources_text)
    loaded, more = facts.load_facts(facts_text, sources)
    return sources, loaded, problems + more


# ---------------------------------------------------------------- unit: loading and validation

def test_good_files_load_with_both_languages_and_their_lines():
    sources, loaded, problems = load()
    assert problems == []
    assert sources["rule-1"].name == {"zh": "《规则一》", "en": "Rule One"} and sources["rule-1"].line == 1
    assert sources["old-rule"].ref == {}, "a source without a number is allowed"
    assert loaded["line-1"].value == {"zh": "12363", "en": "12363"}, "one value serves both languages"
    assert loaded["cap"].value["en"] == "¥10,000 a day" and loaded["cap"].line == 8
    assert loaded["cap"].checked == datetime.date(2025, 6, 30) and loaded["line-1"].group == "lines"


def test_an_entry_missing_a_language_a_source_or_a_date_is_a_problem_with_its_line_and_fix():
    bad_facts = textwrap.dedent("""\
        no-en:
          value: "1"
          zh: 只有中文。
          source: rule-1
          checked: 2026-12-01
        no-source:
          value: "2"
          zh: 二。
          en: Two.
          checked: 2026-12-01
        unknown-source:
          value: "3"
          zh: 三。
          en: Three.
          source: rule-9
          checked: 2026-12-01
        no-date:
          value: {zh: 四}
          zh: 四。
          en: Four.
          source: rule-1
        bad-date:
          value: "5"
          zh: 五。
          en: Five.
          source: rule-1
          checked: last year
        """)
    sources, loaded, problems = load(facts_text=bad_facts)
    shown = [str(p) for p in problems]
    assert loaded == {}, "no fact with a problem is rendered"
    assert "data/facts.yml:1: fact 'no-en': no English text: add 'en:' saying what it is" in shown
    assert "data/facts.yml:6: fact 'no-source': no 'source:': add the ID of its source in data/sources.yml" in shown
    assert any(s.startswith("data/facts.yml:15: fact 'unknown-source': source 'rule-9' is not in data/sources.yml (sources: old-rule, rule-1)")
               for s in shown), shown
    assert any(s.startswith("data/facts.yml:17: fact 'no-date': no 'checked:' date") for s in shown), shown
    assert "data/facts.yml:18: fact 'no-date': 'value' has no English text: add 'en:' under 'value:'" in shown
    assert "data/facts.yml:27: fact 'bad-date': 'checked: last year' is not a date: write it as YYYY-MM-DD" in shown


def test_a_source_missing_a_language_or_a_date_is_a_problem():
    bad = "rule-1:\n  name: {zh: 规则}\n  issuer: {zh: 人行, en: PBoC}\n  used_for: {zh: 限额。, en: limits}\n"
    sources, problems = facts.load_sources(bad)
    shown = [str(p) for p in problems]
    assert sources == {}
    assert "data/sources.yml:2: source 'rule-1': 'name' has no English text: add 'en:' under 'name:'" in shown
    assert any(s.startswith("data/sources.yml:1: source 'rule-1': no 'checked:' date") for s in shown)
    assert [str(p) for p in facts.load_sources("rule-1: [a, b\n")[1]][0].startswith("data/sources.yml:2: not valid YAML")


def test_checked_dates_older_than_a_year_are_flagged():
    sources, loaded, _ = load()
    stale = [str(p) for p in facts.stale(loaded.values(), TODAY, "data/facts.yml")]
    assert stale == ["data/facts.yml:8: fact 'cap' was last checked on 2025-06-30, more than a year ago: "
                     "check it against its source and update 'checked:'"]
    assert [p.line for p in facts.stale(sources.values(), TODAY, "data/sources.yml")] == [7]
    assert facts.stale(loaded.values(), datetime.date(2026, 6, 29), "data/facts.yml") == []


# ---------------------------------------------------------------- unit: markers

def test_a_fact_marker_shows_the_value_its_meaning_source_and_checked_date_in_the_pages_language():
    sources, loaded, _ = load()
    zh, problems = facts.replace_markers("限额是 <!-- fact: cap -->。", loaded, sources, "zh", "docs/x.md")
    en, _ = facts.replace_markers("- <!-- fact: cap -->", loaded, sources, "en", "docs/x.en.md")
    assert problems == []
    assert zh.startswith("限额是 **每日 1 万元**：每日限额。") and "依据：《规则一》" in zh and "核实于 2025-06-30" in zh
    assert en.startswith("- **¥10,000 a day**: The daily limit.") and "source: Rule One; checked 2025-06-30" in en


def test_group_and_sources_markers_render_a_table_and_a_list_on_their_own_lines():
    sources, loaded, _ = load()
    table, _ = facts.replace_markers("Lines:\n<!-- facts: lines -->\nAfter.", loaded, sources, "en", "docs/x.en.md")
    rows = table.split("\n")
    assert rows[:2] == ["Lines:", ""] and rows[-2:] == ["", "After."], "blank lines around the table"
    assert "| Number | What it is for | Source | Checked on |" in rows
    assert "| **12363** | The complaint line. | Rule One | 2026-12-01 |" in rows
    listed, _ = facts.replace_markers("<!-- sources -->", loaded, sources, "zh", "docs/x.md")
    assert "- **《规则一》**（中国人民银行；银发〔2016〕1 号）：限额。" in listed
    assert "- **《旧规则》**（国务院）：旧的说法。" in listed, "a source without a number shows its issuer only"
    indented, _ = facts.replace_markers("- item\n\n    <!-- facts: lines -->", loaded, sources, "en", "docs/x.en.md")
    assert "    | **12363** | The complaint line. | Rule One | 2026-12-01 |" in indented, "keeps a list item's indent"


def test_bad_markers_are_problems_with_file_line_and_fix_and_code_is_left_alone():
    sources, loaded, _ = load()
    text = "# T\n\nA <!-- fact: nope --> b\n\nText <!-- facts: lines --> inline\n<!-- facts: none -->\n<!-- source: rule-9 -->\n"
    out, problems = facts.replace_markers(text, loaded, sources, "zh", "docs/x.md", first_line=4)
    shown = [str(p) for p in problems]
    assert shown == [
        "docs/x.md:6: no fact 'nope' in data/facts.yml (facts: cap, line-1): fix the ID in '<!-- fact: nope -->' or add the fact",
        "docs/x.md:8: '<!-- facts: lines -->' renders a table: put it on a line of its own",
        "docs/x.md:9: no group 'none' in data/facts.yml (groups: lines): fix the name in '<!-- facts: none -->' or give facts 'group: none'",
        "docs/x.md:10: no source 'rule-9' in data/sources.yml (sources: old-rule, rule-1): fix the ID in '<!-- source: rule-9 -->' or add the source",
    ]
    code = "```\n<!-- fact: cap -->\n```\nUse `<!-- fact: cap -->` like this.\n<!-- tree: main -->"
    assert facts.replace_markers(code, loaded, sources, "en", "docs/x.en.md") == (code, []), \
        "markers in code are examples, other markers belong to other hooks"


# ---------------------------------------------------------------- the repository's own data

def test_the_repositorys_facts_and_sources_load_clean_and_hold_the_official_numbers():
    sources, problems = facts.load_sources((REPO / facts.SOURCES_FILE).read_text(encoding="utf-8"))
    loaded, more = facts.load_facts((REPO / facts.FACTS_FILE).read_text(encoding="utf-8"), sources)
    assert problems + more == []
    hotlines = {f.value["zh"] for f in loaded.values() if f.group == "hotlines"}
    assert hotlines == {"12363", "95516", "12378", "96110", "110"}
    assert all(f.checked == datetime.date(2026, 12, 1) for f in loaded.values() if f.group == "hotlines")
    cited = " ".join(s.name["zh"] + s.ref.get("zh", "") for s in sources.values())
    for name in ["Q/CUP 006.6-2015", "JR/T 0001-2001", "《银行卡收单业务管理办法》", "〔2013〕第 9 号", "国务院令第 768 号",
                 "发改价格〔2016〕557 号", "银发〔2016〕302 号", "银发〔2018〕16 号", "银发〔2021〕259 号", "ISO 8583:1987",
                 "Square", "Stripe", "Adyen", "Shopify Payments", "Zettle"]:
        assert name in cited, f"data/sources.yml does not cite {name}"
    assert "发改价格〔2016〕557 号" in sources[loaded["fee-issuer-debit"].source].ref["zh"]
    assert "银发〔2016〕302 号" in sources[loaded["class-ii-daily"].source].ref["zh"]


# ---------------------------------------------------------------- fixture sites

PAGES = {
    "index.md": "# 首页 { #home }\n\n请核对联行号。投诉请拨 <!-- fact: line-1 -->\n\n<!-- facts: lines -->\n\n## 来源 { #sources }\n\n<!-- sources -->\n",
    "index.en.md": "# Home { #home }\n\nCheck the bank code. To complain, call <!-- fact: line-1 -->\n\n<!-- facts: lines -->\n\n## Sources { #sources }\n\n<!-- sources -->\n",
}


def build(tmp_path, pages, facts_text=FACTS, sources_text=SOURCES):
    data = {"data/response-codes.yml": (REPO / "data/response-codes.yml").read_text(encoding="utf-8"),
            "data/facts.yml": facts_text, "data/sources.yml": sources_text}
    config = fixture_site(tmp_path, pages, files=data)
    return mkdocs_build(config, tmp_path / "site", env={"HANDBOOK": "0", "SOURCE_DATE_EPOCH": "1796083200"})  # 2026-12-01


@pytest.mark.slow
def test_fixture_site_shows_facts_in_each_language_and_warns_without_failing_on_a_stale_one(tmp_path):
    proc = build(tmp_path, PAGES)
    assert proc.returncode == 0, proc.output
    assert "WARNING -  data/facts.yml:8: fact 'cap' was last checked on 2025-06-30, more than a year ago" in proc.output
    assert "WARNING -  data/sources.yml:7: source 'old-rule' was last checked on 2025-11-01" in proc.output
    assert proc.output.count("fact 'cap' was last checked") == 1, "once per build, not once per language"
    for lang, page in (("zh", tmp_path / "site/index.html"), ("en", tmp_path / "site/en/index.html")):
        article = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("article")
        text = article.get_text(" ", strip=True)
        assert "<!-- fact" not in str(article) and "<!-- sources" not in str(article)
        assert ("核实于 2026-12-01" in text) == (lang == "zh") and ("checked 2026-12-01" in text) == (lang == "en")
        headers = [th.get_text(strip=True) for th in article.select("table th")]
        assert headers == (["电话", "用途", "依据", "核实日期"] if lang == "zh" else ["Number", "What it is for", "Source", "Checked on"])
        items = [li.get_text(" ", strip=True) for li in article.select("ul li")]
        assert any(("《规则一》" if lang == "zh" else "Rule One") in item for item in items), items


@pytest.mark.slow
def test_fixture_build_fails_on_bad_markers_and_entries_naming_file_line_and_fix(tmp_path):
    pages = {"index.md": "# 首页 { #home }\n\n<!-- fact: nope -->\n", "index.en.md": "# Home { #home }\n\n<!-- fact: nope -->\n"}
    bad_facts = FACTS.replace("  en: The daily limit.\n", "")
    proc = build(tmp_path, pages, facts_text=bad_facts)
    assert proc.returncode != 0
    for expected in ["data/facts.yml:8: fact 'cap': no English text: add 'en:' saying what it is",
                     "docs/index.md:3: no fact 'nope' in data/facts.yml (facts: line-1)",
                     "docs/index.en.md:3: no fact 'nope' in data/facts.yml (facts: line-1)"]:
        assert expected in proc.output, f"missing from the build output: {expected}\n{proc.output}"
    assert proc.output.count("data/facts.yml:8:") == 1, "a data problem is reported once, not once per language"


# ---------------------------------------------------------------- the real site

def _article(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one("article")


@pytest.mark.slow
def test_about_page_lists_every_source_in_both_languages(site_dir):
    sources = yaml.safe_load((REPO / facts.SOURCES_FILE).read_text(encoding="utf-8"))
    for lang, page in (("zh", site_dir / "about/index.html"), ("en", site_dir / "en/about/index.html")):
        text = " ".join(_article(page).get_text("").split())
        for key, source in sources.items():
            assert " ".join(source["name"][lang].split()) in text, f"{lang} about page: source {key} not listed"
            assert " ".join(source["used_for"][lang].split()) in text, f"{lang} about page: what {key} is used for"


@pytest.mark.slow
def test_glossary_shows_the_fee_caps_and_class_ii_limits_and_points_to_the_dated_official_lines(site_dir):
    for lang, page in (("zh", site_dir / "reference/glossary/index.html"), ("en", site_dir / "en/reference/glossary/index.html")):
        article = _article(page)
        tables = [t.get_text(" ", strip=True) for t in article.select("table")]
        assert article.select_one("#official-lines ~ p a[href$='actions/escalation/#hotlines']"), \
            f"{lang}: the glossary points to the official lines on the escalation page, each with its checked date"
        caps = next(t for t in tables if "0.35%" in t)
        assert ("13 元" if lang == "zh" else "¥13") in caps and "0.0325%" in caps and "0.45%" in caps
        text = article.get_text(" ")
        assert ("每日 1 万元" if lang == "zh" else "¥10,000 a day") in text
        assert ("每年 20 万元" if lang == "zh" else "¥200,000 a year") in text
