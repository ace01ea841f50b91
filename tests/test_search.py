"""Site search per language (issue 6): index splitting, keywords, jieba, our query-cutting worker, and queries typed into the search bar.

Unit tests call kb.search directly; fixture sites test the mechanism on their own (one index per
language, keywords ranking a troubleshooting page above a passing mention, offline from file://,
a missing jieba stopping the build); on the real site in Chromium, every query of the query set and the
query files is sent to the search worker of its language's page (the index and ranking the bar uses),
each checked for its expected page in the first three results and for any result from the other
language, and a sample is typed into the search bar to prove the bar shows what the batch gives."""
from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import search_index as hook
from conftest import REPO, fixture_site, mkdocs_build, once_per_run, run_folder
from kb import search
from scripts.bench_search import (BASELINE, QUERIES, SearchBar, SearchWorker, load_queries, page_url, query_files, score,
                                  serve, split_result)

ZWSP = "\u200b"


@pytest.fixture(scope="module")
def jieba():
    """jieba with the site's user dictionary loaded, as Material loads it (search.jieba_dict_user)."""
    import jieba as module
    module.setLogLevel(30)
    module.load_userdict(str(hook.USER_DICT))
    return module


def tokens(field: str, lang: str) -> list[str]:
    """How Material's tokenizer splits a field of the index (its per-language separator)."""
    return [t for t in re.split(search.LANG_CONFIG[lang]["separator"], field.lower()) if t]


# ---------------------------------------------------------------- unit: splitting and relocating

ENTRIES = [
    {"location": "", "title": "首页", "text": "文字"},
    {"location": "about/", "title": "关于", "text": ""},
    {"location": "about/#sources", "title": "来源", "text": ""},
    {"location": "en/", "title": "Home", "text": "Text"},
    {"location": "en/about/#sources", "title": "Sources", "text": ""},
    {"location": "entry/", "title": "A zh page whose path starts with 'en'", "text": ""},
]


def test_relocate_makes_locations_relative_to_the_language_root():
    en = [entry for entry in ENTRIES if entry["location"].startswith("en/")]
    assert [e["location"] for e in search.relocate(en, "en/")] == ["", "about/#sources"]
    assert en[0]["location"] == "en/", "the input entries must not be changed"
    with pytest.raises(ValueError, match="not under 'en/'"):
        search.relocate(ENTRIES, "en/")


def test_index_json_carries_each_languages_own_settings():
    zh = json.loads(search.index_json([ENTRIES[0]], "zh"))
    en = json.loads(search.index_json([ENTRIES[3]], "en"))
    assert zh["config"]["lang"] == ["zh"] and en["config"]["lang"] == ["en"]
    assert "\\u200b" in zh["config"]["separator"] and "\\u200b" not in en["config"]["separator"]
    assert zh["config"]["fields"]["keywords"]["boost"] > 0 and en["config"]["fields"]["keywords"]["boost"] > 0
    assert zh["docs"] == [ENTRIES[0]] and "首页" in search.index_json([ENTRIES[0]], "zh"), "UTF-8, not \\u escapes"


CONFIG_HTML = ('<html><head><base href="..">{}</head><body><script id="__config" type="application/json">'
               '{{"annotate": null, "base": "{}", "features": []}}</script></body></html>')


@pytest.mark.parametrize("base, expected", [("..", "../en/"), ("../..", "../../en/"), (".", "en/"), ("../../", "../../en/")])
def test_point_base_points_a_page_at_its_languages_index(base, expected):
    html = CONFIG_HTML.format('<meta content=\'"base": "x"\'>', base)
    out = search.point_base(html, "en")
    config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', out).group(1))
    assert config["base"] == expected
    assert '<meta content=\'"base": "x"\'>' in out, "only Material's __config block is touched"


def test_point_worker_swaps_materials_worker_for_ours():
    html = ('<script id="__config" type="application/json">{"base": "../..", "search": '
            '"../../assets/javascripts/workers/search.a7633da7.min.js", "tags": null}</script>')
    out, name = search.point_worker(html)
    assert name == "search.a7633da7.min.js"
    assert '"search": "../../assets/search/worker.js"' in out and '"base": "../.."' in out
    assert search.point_worker("<html>no config</html>") == ("<html>no config</html>", None)
    no_search = '<script id="__config" type="application/json">{"base": ".", "search": null}</script>'
    assert search.point_worker(no_search) == (no_search, None), "a site without the search plugin is left alone"
    assert "search.x.min.js" in search.worker_script(f'var w = "{search.WORKER_PLACEHOLDER}"', "search.x.min.js")
    with pytest.raises(ValueError, match="placeholder|__MATERIAL"):
        search.worker_script("var w = 'search.old.min.js'", "search.x.min.js")


def test_point_base_refuses_a_page_without_materials_config():
    with pytest.raises(ValueError, match="__config"):
        search.point_base("<html><body>no config</body></html>", "en")


# ---------------------------------------------------------------- unit: keywords

TS_META = {"troubleshooting": {
    "symptom": "刷卡都成功了，但一笔钱都没到账", "family": "missing", "causes": ["causes/settlement-cycle.md"],
    "codes": ["98", "A0"], "wait": "按合同", "contact": ["acquirer"],
    "keywords": ["钱怎么还没到", "POS 机不进账", "钱怎么还没到", "", None, 7],
}}


def test_keywords_of_takes_keywords_symptom_and_codes_once_each():
    assert search.keywords_of(TS_META) == ["钱怎么还没到", "POS 机不进账", "7", "刷卡都成功了，但一笔钱都没到账", "98", "A0"]
    assert search.keywords_of({"title": "A cause page"}) == []
    assert search.keywords_of({"troubleshooting": "not a mapping"}) == []
    assert search.keywords_of(None) == []


def test_keywords_of_takes_the_top_level_keywords_of_any_page():
    """Cause, action, prevention and reference pages carry a top-level `keywords:` list."""
    assert search.keywords_of({"keywords": ["手续费怎么算", "扣点是多少", "手续费怎么算"]}) == ["手续费怎么算", "扣点是多少"]
    both = {**TS_META, "keywords": ["到账慢"]}
    assert search.keywords_of(both)[-1] == "到账慢" and "钱怎么还没到" in search.keywords_of(both)
    assert search.keywords_of({"keywords": "not a list"}) == []


def test_index_config_tells_the_worker_which_words_to_leave_out():
    zh, en = search.index_config("zh"), search.index_config("en")
    assert {"的", "了", "怎么", "为什么"} <= set(zh["stopwords"]) and "钱" not in zh["stopwords"]
    assert {"the", "is", "my", "to", "not"} <= set(en["stopwords"])
    assert not {"who", "where", "how"} & set(en["stopwords"]), "question words carry meaning: they stay in queries"
    assert {"where", "who"} <= set(en["exactwords"]) and zh["exactwords"] == []
    assert en["pipeline"] == [], "the English index keeps 'who', 'where' ... (no stop-word filter)"
    for config in (zh, en):
        overview, prevention = config["intents"]
        assert overview["pages"] == ["", "troubleshooting/", "causes/"] and overview["boost"] > 1
        assert prevention["pages"] == ["prevention/"] and prevention["boost"] > 1
    assert "一览" in zh["intents"][0]["words"] and "reasons" in en["intents"][0]["words"]
    assert "预防" in zh["intents"][1]["words"] and "avoid" in en["intents"][1]["words"]
    words = {w for intent in en["intents"] for w in intent["words"]}
    assert not words & set(en["stopwords"]), "an intent's word left out of the query could never be seen"


def test_english_keyword_forms_leave_stop_words_out():
    words = tokens(search.keyword_field(["where is my money", "the money did not arrive"], "en"), "en")
    assert {"money", "moneys", "arrive", "arrived", "where"} <= set(words)
    for junk in ("wheres", "thing", "thes", "is", "my", "not", "nots"):
        assert junk not in words, (junk, words)


def test_chinese_keywords_are_cut_like_the_page_text_and_kept_whole(jieba):
    field = search.keyword_field(["POS 机不进账", "客户说扣钱了"], "zh", jieba.cut)
    words = tokens(field, "zh")
    assert "不进账" in words and "扣钱" in words, words
    assert "pos机不进账" in words and "客户说扣钱了" in words, "whole phrases, as merchants type them, without the space"


def test_english_keywords_carry_their_word_forms():
    words = tokens(search.keyword_field(["payout missing", "customer charged"], "en"), "en")
    for form in ("payout", "payouts", "missing", "customer", "customers", "charged", "charge", "charging"):
        assert form in words, (form, words)


@pytest.mark.parametrize("word, forms", [
    ("payout", {"payout", "payouts", "payouted", "payouting"}),
    ("delay", {"delays", "delayed", "delaying"}),
    ("charge", {"charges", "charged", "charging"}),
    ("reply", {"replies", "replied", "replying"}),
    ("payouts", {"payout"}),
    ("delayed", {"delay"}),
    ("t+1", {"t+1"}),
])
def test_inflections(word, forms):
    assert forms <= search.inflections(word)


def test_keywords_go_on_the_page_entry_only_and_leave_the_input_alone():
    entries = [{"location": "troubleshooting/x/", "title": "T", "text": ""},
               {"location": "troubleshooting/x/#check", "title": "Check", "text": ""},
               {"location": "causes/y/", "title": "Y", "text": ""}]
    out = search.inject_keywords(entries, {"troubleshooting/x/": "payout missing"})
    assert out[0]["keywords"] == "payout missing"
    assert "keywords" not in out[1] and "keywords" not in out[2]
    assert "keywords" not in entries[0]


def test_merchants_words_for_site_terms_become_hidden_aliases(jieba):
    zh = search.with_aliases({"location": "x/", "title": f"更换{ZWSP}结算账户", "text": f"使用 Ⅱ类户{ZWSP}收款"}, "zh", jieba.cut)
    assert "结算卡" in tokens(zh["titlealias"], "zh") and "换" in tokens(zh["titlealias"], "zh")
    assert "二类户" in tokens(zh["textalias"], "zh")
    en = search.with_aliases({"location": "x/", "title": "Reading a sales slip", "text": "No match here."}, "en")
    assert "receipt" in tokens(en["titlealias"], "en") and "textalias" not in en
    assert search.aliases("A licensed company", "en") == ["licenced"], "whole words only: 'licence' is not in 'licensed'"
    assert "receipt" in tokens(search.keyword_field(["have the slip but no money"], "en"), "en")


def test_descriptions_go_on_the_page_entry_as_a_hidden_summary(jieba):
    entries = [{"location": "causes/fees/", "title": "T", "text": ""}, {"location": "causes/fees/#refunds", "title": "R", "text": ""}]
    out = search.inject_summaries(entries, {"causes/fees/": search.summary_field("退货会从结算款里扣", "zh", jieba.cut)})
    assert "结算款" in tokens(out[0]["summary"], "zh") and "summary" not in out[1] and "summary" not in entries[0]
    assert search.summary_field("Fees are deducted.", "en") == "Fees are deducted."


def test_overview_pages_are_down_weighted_wherever_they_live():
    entries = [{"location": l, "title": "t", "text": ""} for l in
               ("", "#guided", "causes/", "causes/index.html", "causes/fees/", "reference/glossary/#reversal",
                "troubleshooting/", "troubleshooting/one-missing/", "reference/glossary.html#reversal", "causes/fees.html",
                "prevention/", "prevention/index.html#by-cause")]
    boosts = [e.get("boost") for e in search.with_overview_boost(entries)]
    low, page, prevention = search.OVERVIEW_BOOST, search.OVERVIEW_PAGE_BOOST, search.PAGE_BOOST["prevention/"]
    assert page > low, "an overview page's own entry answers a query for the overview; its sections are passing mentions"
    assert prevention < page, "the prevention overview's keywords name every problem: found first only when asked for"
    assert boosts == [page, low, page, page, None, low, page, None, low, None, prevention, low]


def test_each_response_code_is_an_entry_at_its_row_of_the_code_table(jieba):
    from kb import troubleshooting as ts
    table, problems = ts.load_codes((REPO / ts.DATA_FILE).read_text(encoding="utf-8"))
    assert not problems
    zh = search.code_entries(table, "reference/response-codes/", "zh", ts.side_label, jieba.cut)
    en = search.code_entries(table, "reference/response-codes/", "en", ts.side_label)
    assert len(zh) == len(en) == len(table.codes)
    a0 = next(e for e in zh if e["location"] == "reference/response-codes/#code-A0")
    assert tokens(a0["title"], "zh")[0] == "a0" and "签到" in tokens(a0["title"] + a0["text"], "zh")
    e03 = next(e for e in en if e["location"].endswith("#code-03"))
    assert e03["title"].startswith("03 ") and "merchant" in e03["text"].lower()
    page = [{"location": "reference/response-codes/", "title": "t", "text": ""}, {"location": "reference/response-codes/#how", "title": "t", "text": ""},
            {"location": "reference/sales-slip/", "title": "t", "text": ""}]
    placed = search.with_code_entries(page, "reference/response-codes/", en[:2])
    assert [e["location"] for e in placed] == ["reference/response-codes/", "reference/response-codes/#how",
                                               en[0]["location"], en[1]["location"], "reference/sales-slip/"], \
        "after the page's own entries, so Material groups them under the page"
    assert search.with_code_entries(page[2:], "reference/response-codes/", en) == page[2:], "no code table page, no code entries"


@pytest.mark.parametrize("lang, word", [("zh", "意思"), ("en", "meaning")])
def test_every_glossary_term_answers_what_does_it_mean(lang, word):
    entries = [{"location": l, "title": "t", "text": ""} for l in
               ("reference/glossary/", "reference/glossary/#reversal", "reference/glossary.html#acquirer", "causes/fees/#refunds")]
    out = search.with_definition_words(entries, lang)
    assert [word in tokens(e.get("keywords", ""), lang) for e in out] == [False, True, True, False], \
        "the terms' sections (directory or file URLs), not the page entry or other pages"


def test_function_words_stay_out_of_the_chinese_keyword_field(jieba):
    words = tokens(search.keyword_field(["钱怎么还没到", "为什么少了几十块"], "zh", jieba.cut), "zh")
    assert "怎么" not in words and "为什么" not in words and "了" not in words
    assert "钱" in words and "几十块" in words and "钱怎么还没到" in words


# ---------------------------------------------------------------- unit: the jieba user dictionary

def dictionary() -> list[tuple[str, int, str]]:
    rows = []
    for number, line in enumerate((REPO / "data" / "jieba-user-dict.txt").read_text(encoding="utf-8").splitlines(), 1):
        parts = line.split()
        assert len(parts) == 3 and parts[1].isdigit() and parts[2].isalpha(), f"line {number}: '{line}' is not 'word freq tag'"
        rows.append((parts[0], int(parts[1]), parts[2]))
    return rows


def test_user_dictionary_is_well_formed_and_has_the_sites_terms():
    words = [w for w, _, _ in dictionary()]
    assert len(words) == len(set(words)), "a word is listed twice"
    for term in ("到账", "不进账", "单边账", "风控", "调单", "签购单", "结算卡", "日切", "冲正", "商户号"):
        assert term in words, term


def test_every_dictionary_word_survives_segmentation_in_a_sentence(jieba):
    for word, _, _ in dictionary():
        cut = list(jieba.cut(f"商户说{word}了"))
        assert word in cut, f"jieba cuts '{word}' as {cut}: raise its frequency in data/jieba-user-dict.txt"


def test_domain_phrases_are_cut_into_domain_words(jieba):
    for phrase, word in [("POS机刷卡不进账怎么办", "不进账"), ("钱怎么还没到账", "没到账"), ("到账时间变慢了", "到账"), ("顾客说扣钱了", "扣钱"),
                         ("结算卡被冻结了", "结算卡"), ("单边账怎么处理", "单边账"), ("调单要交什么", "调单")]:
        assert word in list(jieba.cut(phrase)), (phrase, list(jieba.cut(phrase)))


# ---------------------------------------------------------------- fixture sites: the mechanism on its own

def ts_page(lang: str, keywords: list[str]) -> str:
    block = {
        "symptom": "钱一直没到" if lang == "zh" else "The money never came",
        "family": "missing", "causes": ["notes.md"], "codes": [],
        "wait": "按合同约定" if lang == "zh" else "Per your contract",
        "contact": ["acquirer"], "keywords": keywords,
    }
    head = "---\n" + yaml.safe_dump({"description": "x", "troubleshooting": block}, allow_unicode=True, sort_keys=False) + "---\n\n"
    if lang == "zh":
        return head + "# 结算问题 { #settlement }\n\n## 检查 { #check }\n\n先核对结算周期。\n"
    return head + "# Settlement problem { #settlement }\n\n## Check { #check }\n\nCheck the settlement cycle first.\n"


FIXTURE_LOCATIONS = {"", "notes/", "troubleshooting/slow/", "troubleshooting/", "actions/contact/"}
FIXTURE_PAGES = {
    "index.md": "# 首页 { #home }\n\n本站帮助商户。\n",
    "index.en.md": "# Home { #home }\n\nThis site helps merchants.\n",
    "troubleshooting/slow.md": ts_page("zh", ["钱怎么还没到", "刷卡成功了账上没有", "POS 机不进账", "结算慢", "到账慢", "A0"]),
    "troubleshooting/slow.en.md": ts_page("en", ["payout missing", "sales not in bank", "where is my money",
                                                 "slow settlement", "late payout", "A0"]),
    # what a troubleshooting page needs around it: the index that lists it and the contact page it names
    "troubleshooting/index.md": "# 故障排查 { #index }\n\n<!-- troubleshooting-index -->\n",
    "troubleshooting/index.en.md": "# Troubleshooting { #index }\n\n<!-- troubleshooting-index -->\n",
    "actions/contact.md": "# 联系谁 { #contact }\n\n## 收单机构 { #acquirer }\n\n文字。\n",
    "actions/contact.en.md": "# Who to contact { #contact }\n\n## Your acquirer { #acquirer }\n\nText.\n",
    # a page that mentions the same words in passing, with a title of its own
    "notes.md": "# 杂记 { #notes }\n\n有人问钱怎么还没到，刷卡成功了账上没有，POS 机不进账，payout missing。\n",
    "notes.en.md": "# Notes { #notes }\n\nPeople ask where the payout is, why sales are not in the bank, where is my money, missing.\n",
}


def build_fixture(tmp_path: Path, offline: bool = False, env: dict | None = None):
    config = {"strict": True}
    if offline:
        from conftest import load_config_yaml
        plugins = []
        for plugin in load_config_yaml(REPO / "mkdocs.yml")["plugins"]:
            if isinstance(plugin, dict) and "offline" in plugin:
                plugin = {"offline": {"enabled": True}}
            plugins.append(plugin)
        config["plugins"] = plugins
    config_file = fixture_site(tmp_path / "src", FIXTURE_PAGES, config=config)
    out = tmp_path / "site"
    return mkdocs_build(config_file, out, env=env), out


@pytest.fixture(scope="module")
def fixture_built(tmp_path_factory):
    proc, out = build_fixture(tmp_path_factory.mktemp("search-fixture"))
    assert proc.returncode == 0, proc.output
    return out


def read_index(site: Path, lang: str) -> dict:
    return json.loads((site / ("" if lang == "zh" else "en/") / "search" / "search_index.json").read_text(encoding="utf-8"))


@pytest.mark.xdist_group("search-fixture")
def test_fixture_has_one_index_per_language(fixture_built):
    zh, en = read_index(fixture_built, "zh"), read_index(fixture_built, "en")
    assert zh["config"]["lang"] == ["zh"] and en["config"]["lang"] == ["en"]
    assert {d["location"].split("#")[0] for d in zh["docs"]} == FIXTURE_LOCATIONS
    assert {d["location"].split("#")[0] for d in en["docs"]} == FIXTURE_LOCATIONS
    assert all(ZWSP not in d["title"] + d["text"] for d in en["docs"]), "English is not run through jieba"
    assert any("不进账" in tokens(d["text"], "zh") for d in zh["docs"]), "Chinese text is cut with the user dictionary"
    page = next(d for d in en["docs"] if d["location"] == "troubleshooting/slow/")
    assert "payouts" in tokens(page["keywords"], "en") and "settlement" in tokens(page["keywords"], "en")
    assert page["summary"] == "x", "the front-matter description is indexed on the page entry"
    assert not any("keywords" in d for d in en["docs"] if d["location"] != "troubleshooting/slow/")


FAILING_ONCE = """from pathlib import Path
def on_page_markdown(markdown, page, config, files):
    flag = Path(config.config_file_path).parent / "fail-once"
    if flag.exists():
        flag.unlink()
        raise RuntimeError("a page that does not render")
    return markdown
"""
SERVE_TWICE = """import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
for attempt in ("first", "second"):      # as `mkdocs serve` rebuilds: one process, a new config each time
    config = load_config(sys.argv[1], site_dir=sys.argv[2])
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        build(config)
        print(attempt, "built")
    except Exception as err:
        print(attempt, "failed:", err)
"""


def test_a_build_that_stops_with_an_error_leaves_the_next_one_whole(tmp_path):
    """`mkdocs serve` builds again in the same process after a build that stopped with an error: the
    next build must still write one index per language (a build left on the hooks' stack made every
    later build look like static-i18n's nested one, so no index was written)."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "failing_once.py").write_text(FAILING_ONCE, encoding="utf-8")
    (src / "fail-once").write_text("", encoding="utf-8")
    config_file = fixture_site(src, FIXTURE_PAGES, config={
        "hooks": [str(REPO / "hooks" / "main.py"), str(src / "failing_once.py")]})
    (src / "serve_twice.py").write_text(SERVE_TWICE, encoding="utf-8")
    out = tmp_path / "site"
    proc = subprocess.run([sys.executable, str(src / "serve_twice.py"), str(config_file), str(out)],
                          cwd=src, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert "first failed: a page that does not render" in proc.stdout and "second built" in proc.stdout, proc.stdout + proc.stderr
    assert read_index(out, "en")["config"]["lang"] == ["en"] and read_index(out, "zh")["config"]["lang"] == ["zh"]
    assert {d["location"].split("#")[0] for d in read_index(out, "en")["docs"]} == FIXTURE_LOCATIONS


@pytest.mark.xdist_group("search-fixture")
def test_fixture_pages_point_at_their_own_index_and_show_no_keyword_chips(fixture_built):
    def base(rel):
        html = (fixture_built / rel).read_text(encoding="utf-8")
        assert "md-tag" not in html, f"{rel}: keywords must not render as tag chips"
        return json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S).group(1))["base"]
    assert base("index.html") == "."
    assert base("troubleshooting/slow/index.html") == "../.."
    assert base("en/index.html") == "../en/"
    assert base("en/troubleshooting/slow/index.html") == "../../../en/"


def test_a_missing_jieba_stops_the_build_and_names_the_fix(tmp_path):
    fake = tmp_path / "nojieba" / "jieba"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise ImportError('jieba hidden by the test')\n", encoding="utf-8")
    env = {"PYTHONPATH": os.pathsep.join([str(fake.parent), os.environ.get("PYTHONPATH", "")])}
    proc, out = build_fixture(tmp_path, env=env)
    assert proc.returncode != 0, "the build must stop without jieba"
    assert "jieba" in proc.output and "make venv" in proc.output, proc.output[-2000:]
    assert not (out / "search" / "search_index.json").exists()


WORKER_JS = REPO / "docs" / "assets" / "search" / "worker.js"


@pytest.fixture
def worker_api(page):
    """docs/assets/search/worker.js loaded into a blank page with Material's worker stubbed out:
    its query cutter (window.kbSearch) and its message listener, called as Chromium runs them."""
    page.goto(WORKER_JS.parent.as_uri() + "/")       # where the wrapper lives in the site: assets/search/
    page.evaluate("() => { window.imported = []; window.importScripts = (...urls) => { window.imported.push(...urls) } }")
    page.add_script_tag(content=WORKER_JS.read_text(encoding="utf-8"))
    return page


@pytest.mark.browser
def test_worker_cuts_a_chinese_query_into_the_indexs_words(worker_api):
    cut = worker_api.evaluate("""() => [
        kbSearch.cut("十笔到了九笔", new Set(["十笔", "到了", "九笔", "到", "笔到"])),
        kbSearch.cut("结算卡被冻结", new Set(["结算", "结算卡", "冻结"])),
        kbSearch.cut("商户号码", new Set(["商户", "商户号", "号码"])),
        kbSearch.cut("钱没到", new Set([]))]""")
    assert cut[0] == ["十笔", "到了", "九笔"], "fewest words, not Material's greedy cut"
    assert cut[1] == ["结算卡", "被", "冻结"], "the longest word where it leaves fewer pieces"
    assert cut[2] == ["商户", "号码"], "of equally many pieces, the one with fewer single characters"
    assert cut[3] == ["钱", "没", "到"], "characters the index does not know stay alone"


@pytest.mark.browser
def test_worker_writes_the_lunr_query(worker_api):
    out = worker_api.evaluate("""() => {
        const vocab = new Set(["钱", "到账", "刷卡", "成功", "pos", "机", "账上", "没有", "手续费", "手续费扣了多少", "扣"])
        // the setup message of a Chinese index: its function words
        dispatchEvent(new MessageEvent("message", {data: {type: 0, data: {config: {stopwords: ["了", "怎么", "还", "多少", "的"]}, docs: []}}}))
        return [kbSearch.rewrite("钱怎么还没到账", vocab), kbSearch.rewrite("POS机的钱", vocab),
                kbSearch.rewrite("刷卡成功了账上没有", vocab), kbSearch.rewrite("手续费扣了多少", vocab),
                kbSearch.rewrite("钱到", vocab)] }""")
    assert out[0] == "钱 到账*", "function words and unknown characters out, whole words as prefixes, single characters exact"
    assert out[1] == "pos* 机 钱*", "Latin as Material writes it; the last word may still be being typed"
    assert out[2] == "刷卡* 成功* 账上* 没有*"
    assert out[3] == "手续费扣了多少* 手续费* 扣", "a whole phrase of the index, and its words"
    assert out[4] == "钱 到*", "a last character unknown to the index is still a prefix of what is being typed"
    en = worker_api.evaluate("""() => {
        dispatchEvent(new MessageEvent("message", {data: {type: 0, data: {config: {stopwords: ["is", "my", "the", "in", "not", "do", "i"], exactwords: ["who", "where"]}, docs: []}}}))
        return [kbSearch.rewrite("where is my money", new Set()), kbSearch.rewrite("sales not in bank", new Set()),
                kbSearch.rewrite("money in", new Set()), kbSearch.rewrite("who do I call", new Set())] }""")
    assert en == ["where money*", "sale* bank*", "money* in*", "who call*"]
    typed = worker_api.evaluate("""() => {
        dispatchEvent(new MessageEvent("message", {data: {type: 0, data: {config: {stopwords: ["i"], exactwords: []}, docs: []}}}))
        const vocab = new Set(["pos", "机", "到账", "对账", "a0"])
        return [kbSearch.rewrite("ＰＯＳ机到帐", vocab), kbSearch.rewrite("对帐", vocab), kbSearch.rewrite("Ａ０", vocab),
                kbSearch.rewrite("dont know why it doesnt arrive", new Set()), kbSearch.rewrite("wont count", new Set())] }""")
    assert typed == ["pos* 机 到账*", "对账*", "a0*", "don't* know* why* it* doesn't* arrive*", "won't* count*"], \
        "full-width Latin, 帐 for 账 and contractions without apostrophe are read as the index spells them"
    stems = worker_api.evaluate("""() => ["payments", "arrived", "charging", "replies", "fees", "days", "status",
                                          "speed", "was", "t+1", "a0"].map(kbSearch.stem)""")
    assert stems == ["payment", "arriv", "charg", "repl", "fee", "day", "status", "speed", "was", "t+1", "a0"], \
        "English words cut to what their forms share (searched as prefixes); short words, codes and 'status' stay"
    assert worker_api.evaluate("window.imported")[0].endswith("/javascripts/workers/__MATERIAL_SEARCH_WORKER__"), \
        "the wrapper loads Material's worker from beside Material's own files"


@pytest.mark.browser
def test_worker_ranks_pages_by_the_share_of_the_query_they_match(worker_api):
    """Material's result groups (one per page, its sections with per-word `terms`) re-ranked by best
    section score times the share of the query's words the page matches anywhere."""
    order = worker_api.evaluate("""() => {
        const item = (location, score, terms) => ({location, score, terms})
        const groups = [
            [item("a/", 100, {"没有": true, "到账": true, "几天": false})],                   // 100 x 2/3
            [item("b/", 80, {"没有": true, "到账": true, "几天": false}),
             item("b/#late", 10, {"没有": false, "到账": false, "几天": true})],             // 80 x 3/3
            [item("c/", 60, {"没有": true, "到账": true, "几天": true})],                    // 60
            [item("d/", 0, {})]]                                                              // no words
        return kbSearch.rerank(groups).map(g => g[0].location) }""")
    assert order == ["b/", "a/", "c/", "d/"]


@pytest.mark.browser
def test_worker_puts_the_overview_pages_first_when_the_query_asks_for_an_overview(worker_api):
    order = worker_api.evaluate("""() => {
        dispatchEvent(new MessageEvent("message", {data: {type: 0, data: {config: {stopwords: [], exactwords: [],
            intents: [{words: ["reasons", "list"], pages: ["", "causes/"], boost: 3}]}, docs: []}}}))
        const item = (location, score, terms) => ({location, score, terms})
        const groups = terms => [[item("troubleshooting/late/", 100, terms)], [item("causes/", 50, terms)],
                                 [item("causes/index.html#x", 10, terms)]]
        return [kbSearch.rerank(groups({"payout": true, "late": true})).map(g => g[0].location),
                kbSearch.rerank(groups({"reason": true, "payout": true})).map(g => g[0].location)] }""")
    assert order[0] == ["troubleshooting/late/", "causes/", "causes/index.html#x"], "no overview word: scores decide"
    assert order[1] == ["causes/", "troubleshooting/late/", "causes/index.html#x"], \
        "'reasons' (as its stem 'reason') asks for an overview: the overview pages weigh 3x (directory or file URLs)"


@pytest.mark.xdist_group("search-fixture")
def test_fixture_pages_use_our_worker_and_it_loads_materials(fixture_built):
    html = (fixture_built / "en" / "troubleshooting" / "slow" / "index.html").read_text(encoding="utf-8")
    config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S).group(1))
    assert config["search"] == "../../../assets/search/worker.js"
    worker = (fixture_built / "assets" / "search" / "worker.js").read_text(encoding="utf-8")
    name = re.search(r'"\.\./javascripts/workers/(search\.[0-9a-f]+\.min\.js)"', worker)
    assert name and (fixture_built / "assets" / "javascripts" / "workers" / name.group(1)).is_file(), \
        "the wrapper must name the Material worker that is in the site"
    assert search.WORKER_PLACEHOLDER not in worker


@pytest.mark.xdist_group("search-fixture")
@pytest.mark.browser
def test_fixture_search_ranks_the_troubleshooting_page_first_in_each_language(fixture_built, browser):
    with serve(fixture_built) as root:
        for lang, queries in {"zh": ["钱怎么还没到", "刷卡成功了账上没有", "POS机不进账", "A0", "POS机的钱到底怎么还没到啊"],
                              "en": ["payout missing", "payouts", "where is my money", "A0"]}.items():
            context = browser.new_context(search_index=True)
            try:
                tab = context.new_page()
                workers = []
                tab.on("worker", lambda w: workers.append(w.url))
                bar = SearchBar(tab, root, lang)
                assert workers and workers[0].endswith("/assets/search/worker.js"), workers
                for q in queries:
                    results, _ = bar.query(q)
                    assert results, f"{lang} '{q}': no result"
                    assert bar.rank(results, "troubleshooting/slow.md") == 1, f"{lang} '{q}': {results}"
                    assert {l for l, _ in results} == {lang}, f"{lang} '{q}': result from another language {results}"
            finally:
                context.close()


@pytest.mark.browser
def test_fixture_search_works_offline_from_file_urls_in_both_languages(tmp_path, browser):
    proc, out = build_fixture(tmp_path, offline=True)
    assert proc.returncode == 0, proc.output
    for lang in ("zh", "en"):
        assert (out / ("" if lang == "zh" else "en/") / "search" / "search_index.js").is_file(), \
            f"{lang}: the offline copy needs search_index.js next to its search_index.json"
    root = out.as_uri() + "/"
    for lang, q in (("zh", "钱怎么还没到"), ("zh", "POS机的钱到底怎么还没到啊"), ("en", "payout missing")):
        context = browser.new_context(search_index=True)
        try:
            tab = context.new_page()
            remote = []
            tab.on("request", lambda r: remote.append(r.url) if r.url.startswith("http") else None)
            bar = SearchBar(tab, root, lang)
            results, _ = bar.query(q)
            assert bar.rank(results, "troubleshooting/slow.md") == 1, f"offline {lang} '{q}': {results}"
            assert {l for l, _ in results} == {lang}, results
            assert not remote, f"the offline copy asked the network for {remote}"
        finally:
            context.close()


# ---------------------------------------------------------------- the real site: query set and held-out set

def test_query_files_are_large_enough_and_point_at_planned_pages():
    planned = set(re.findall(r"^\| ([\w/-]+\.md) \|", (REPO / "CONTENT.md").read_text(encoding="utf-8"), re.M))
    assert set(QUERY_FILES) == {p.name for p in query_files()}, \
        "every query file is listed in QUERY_FILES with how it was used"
    for path, minimum in [(QUERIES, 40)] + [(REPO / "tests" / name, 20) for name in QUERY_FILES]:
        queries = load_queries(path)
        for lang, items in queries.items():
            assert len(items) >= minimum, f"{path.name}: {lang} has {len(items)} queries, needs {minimum}"
            assert len({i['q'] for i in items}) == len(items), f"{path.name}: {lang} repeats a query"
            for item in items:
                assert item["page"] in planned, f"{path.name}: '{item['q']}' expects {item['page']}, not a page in CONTENT.md"
    def asked(path):
        return {i["q"] for items in load_queries(path).values() for i in items}
    for name in QUERY_FILES:      # tuning sets are like a query log: common queries may repeat
        shared = asked(QUERIES) & asked(REPO / "tests" / name)
        assert not shared or name.startswith("search_tuning"), f"held-out queries of {name} must not be in the query set: {shared}"


def test_results_map_back_to_pages():
    assert page_url("troubleshooting/index.md") == "troubleshooting/"
    assert page_url("index.md") == ""
    assert page_url("causes/fees.md", directory_urls=False) == "causes/fees.html"
    assert split_result("http://h/en/causes/fees/?h=fee#fees", "http://h/") == ("en", "causes/fees/")
    assert split_result("http://h/causes/fees/?h=fee", "http://h/") == ("zh", "causes/fees/")


QUERY_SET = [pytest.param(lang, item["q"], item["page"], id=f"{lang}:{item['q']}",
                           marks=[pytest.mark.xdist_group(f"search-files-{lang}")]
                           + ([pytest.mark.xfail(reason=f"known miss: {item['known_miss']}", strict=False)]
                              if item.get("known_miss") else []))
             for lang, items in load_queries(QUERIES).items() for item in items]
# Terms that read the same in both languages: never a result from the other language.
SHARED_TERMS = ["POS", "T+1", "A0", "51", "MID"]
# Typed into the search bar as well as sent in the batch, per language: every fourth query of the query set, the
# shared terms and the first query of every held-out and tuning file (typing is 0.7 s a query here, the batch
# a few milliseconds).
TYPED_SAMPLE = {lang: list(dict.fromkeys([item["q"] for item in load_queries(QUERIES)[lang]][::4] + SHARED_TERMS
                                         + [load_queries(path)[lang][0]["q"] for path in query_files()]))
                for lang in ("zh", "en")}


class _Typed(dict):
    """{lang: {query: [(language, URL), ...]}}: TYPED_SAMPLE, typed into the real search bar of that language (one
    bar, reused). A language is typed once per run
    (conftest.once_per_run) by whichever worker asks first; its tests are one xdist group, the other language's
    another, so the two languages are typed side by side."""

    def __init__(self, root, browser, site_url):
        super().__init__()
        self.root, self.browser, self.site_url = root, browser, site_url

    def __missing__(self, lang):
        def type_all() -> list:
            context = self.browser.new_context(search_index=True)
            try:
                bar = SearchBar(context.new_page(), self.site_url, lang)
                return [(q, bar.query(q)[0]) for q in TYPED_SAMPLE[lang]]
            finally:
                context.close()
        rows = once_per_run(self.root, f"search-typed-{lang}", type_all)
        self[lang] = {q: [tuple(result) for result in results] for q, results in rows}
        return self[lang]


@pytest.fixture(scope="session")
def typed(request, site_url, browser):
    return _Typed(run_folder(request.config), browser, site_url)


class _Workers(dict):
    """{lang: SearchWorker}, each made on first use (a worker process of xdist may need one language only)."""

    def __init__(self, browser, site_url):
        super().__init__()
        self.browser, self.site_url, self.contexts = browser, site_url, []

    def __missing__(self, lang):
        context = self.browser.new_context(search_index=True)
        self.contexts.append(context)
        self[lang] = SearchWorker(context.new_page(), self.site_url, lang)
        return self[lang]


@pytest.fixture(scope="session")
def workers(site_url, browser):
    """The search worker of each language's home page on the real site, for batches of queries."""
    made = _Workers(browser, site_url)
    yield made
    for context in made.contexts:
        context.close()


class _Answers(dict):
    """{lang: {query: [(language, URL), ...]}}: the query set and the shared terms, sent to the search worker of that
    language in one batch, on first use in a test process."""

    def __init__(self, workers):
        super().__init__()
        self.workers = workers

    def __missing__(self, lang):
        queries = list(dict.fromkeys([item["q"] for item in load_queries(QUERIES)[lang]] + SHARED_TERMS))
        self[lang] = dict(zip(queries, self.workers[lang].queries(queries)))
        return self[lang]


@pytest.fixture(scope="session")
def answers(workers):
    return _Answers(workers)


@pytest.mark.browser
@pytest.mark.parametrize("lang, q, page", QUERY_SET)
def test_query_finds_its_page_in_the_first_three_results(answers, lang, q, page):
    results = answers[lang][q]
    foreign = [f"{l}:{u}" for l, u in results if l != lang]
    assert not foreign, f"'{q}' on the {lang} site shows results from another language: {foreign}"
    rank = rank_of(results, lang, page)
    assert rank is not None and rank <= 3, f"'{q}' ({lang}): {page} is at {rank}; first three: {[u for _, u in results[:3]]}"


def rank_of(results: list[tuple[str, str]], lang: str, page: str) -> int | None:
    """1-based position of `page` of language `lang` in the results (the served site's URLs), None when absent."""
    want = page_url(page)
    return next((n for n, (l, url) in enumerate(results, 1) if l == lang and url == want), None)


@pytest.mark.browser
@pytest.mark.parametrize("lang", [pytest.param(lang, marks=pytest.mark.xdist_group(f"search-files-{lang}"))
                                  for lang in ("zh", "en")])
def test_no_query_of_the_set_ever_shows_the_other_language(answers, lang):
    """Cross-language results are never acceptable, known misses included; also for terms that read
    the same in both languages."""
    for q in answers[lang]:
        results = answers[lang][q]
        assert all(l == lang for l, _ in results), f"'{q}' on the {lang} site: {results}"


@pytest.mark.browser
@pytest.mark.parametrize("lang", [pytest.param(lang, marks=pytest.mark.xdist_group(f"search-typed-{lang}"))
                                  for lang in ("zh", "en")])
def test_the_batch_gives_the_first_three_results_typing_gives(typed, workers, lang):
    """The query set and the query files are scored by posting their queries to the search worker of the page in
    one batch (what the user sees, minus the keystrokes): on every typed query (TYPED_SAMPLE) the batch's first
    three results are the bar's first three."""
    queries = list(typed[lang])
    assert queries == TYPED_SAMPLE[lang] and len(queries) >= 30
    differ = [f"'{q}': typed {[u for _, u in typed[lang][q][:3]]}, batch {[u for _, u in got[:3]]}"
              for q, got in zip(queries, workers[lang].queries(queries)) if got[:3] != typed[lang][q][:3]]
    assert not differ, f"{len(differ)} of {len(queries)} {lang} queries differ:\n" + "\n".join(differ)


# Every query file besides the query set, and how it was used. Each was written by someone who saw
# only the page list (titles and descriptions) and the domain facts of the sources in data/sources.yml, never the pages' keywords or another
# query file, and committed before the search changes it measures.
# - "unseen": run once, at the end of the round that followed it, with nothing tuned against it.
# - "seen": used to tune the search (held-out sets 1-4 and 7 after their runs, tuning sets 1-5 like a
#   query log).
# Held-out 5 and 6 were run once at 02:45 UTC (zh 38/40 and 40/40, en 36/40 and 39/40), held-out 7 at
# 03:20 on the same search (zh 39/40, en 35/40: its misses then shaped the overview weighting, so it
# is seen now), held-out 8 at 03:31 after that last change (zh 40/40, en 40/40).
QUERY_FILES = {
    "search_heldout.yml": "seen", "search_heldout2.yml": "seen", "search_heldout3.yml": "seen",
    "search_heldout4.yml": "seen", "search_tuning1.yml": "seen", "search_tuning2.yml": "seen",
    "search_tuning3.yml": "seen", "search_tuning4.yml": "seen", "search_tuning5.yml": "seen",
    "search_heldout7.yml": "seen",
    "search_heldout5.yml": "unseen", "search_heldout6.yml": "unseen", "search_heldout8.yml": "unseen",
}
TARGET = 0.9            # the bar: 90% of a file's queries find their page in the first three
RECORD = yaml.safe_load(BASELINE.read_text(encoding="utf-8"))


def bar_of(recorded: int, total: int) -> int:
    """The hits a file must keep: the 90% bar, or a small margin (about 5%, at least one query) under
    the recorded hits, whichever is higher. A ranking change may move a query or two either way."""
    return max(math.ceil(TARGET * total - 1e-9), recorded - max(1, round(0.05 * total)))


def test_the_bar_allows_a_small_drop_and_never_less_than_90_percent():
    assert bar_of(26, 26) == 25 and bar_of(60, 60) == 57 and bar_of(40, 40) == 38
    assert bar_of(36, 40) == 36 and bar_of(20, 22) == 20, "never under 90%"
    assert set(RECORD) == set(QUERY_FILES), "tests/search_baseline.yml records every query file"


@pytest.mark.browser
@pytest.mark.parametrize("lang, name", [pytest.param(lang, name, id=f"{lang}-{name}",
                                                     marks=pytest.mark.xdist_group(f"search-files-{lang}"))
                                        for lang in ("zh", "en") for name in QUERY_FILES])
def test_query_file_reaches_its_bar_with_no_cross_language_result(workers, lang, name):
    """Issue 6 is done when a held-out set nobody tuned against finds the expected page in the first
    three results for at least 90% of its queries in each language, with no result from the other
    language. Every file is held to bar_of() its recorded hits (tests/search_baseline.yml); a drop
    names the queries that moved since the record. A result from the other language always fails."""
    items = load_queries(REPO / "tests" / name)[lang]
    rows = score(workers[lang], items)
    foreign = [f"'{r['q']}' -> {f}" for r in rows for f in r["foreign"]]
    missed = {r["q"]: r for r in rows if not (r["rank"] and r["rank"] <= 3)}
    record = RECORD[name][lang]
    assert record["queries"] == len(items), f"{name} {lang} changed size ({record['queries']} -> {len(items)}): query files are never edited"
    hits, bar = len(items) - len(missed), bar_of(record["hits"], len(items))
    def show(q):
        r = missed.get(q)
        return f"'{q}' -> {r['page']} at {r['rank']}, first three {r['top']}" if r else f"'{q}'"
    now_missed = [show(q) for q in missed if q not in record["misses"]]
    now_found = [show(q) for q in record["misses"] if q not in missed]
    print(f"{name} ({QUERY_FILES[name]}) {lang}: {hits}/{len(items)} = {hits / len(items):.0%} (bar {bar}, recorded "
          f"{record['hits']}); newly missed: {now_missed}; newly found: {now_found}")
    assert not foreign, foreign
    assert hits >= bar, (f"{name} {lang}: {hits}/{len(items)} in the first three, under its bar of {bar} (90% of "
                         f"{len(items)}, or the recorded {record['hits']} less a small margin). Moved since the record "
                         f"- now missed: " + "; ".join(now_missed) + " | now found: " + "; ".join(now_found))


@pytest.mark.browser
def test_clicking_a_result_on_the_english_site_opens_the_english_page(site_url, browser):
    context = browser.new_context(search_index=True)
    try:
        page = context.new_page()
        bar = SearchBar(page, site_url, "en")
        results, _ = bar.query("payout missing")
        assert results and results[0][0] == "en"
        page.locator(".md-search-result__item a").first.click()
        page.wait_for_load_state()
        assert page.url.startswith(site_url + "en/troubleshooting/"), page.url
        assert page.locator("h1").first.text_content().strip(), "the result opened an empty page"
        assert page.evaluate("document.documentElement.lang").startswith("en")
    finally:
        context.close()


# ---------------------------------------------------------------- the contract with Material's worker

def test_the_installed_material_worker_meets_the_contract_worker_js_relies_on():
    from importlib import metadata
    import material
    workers = Path(material.__file__).parent / search.MATERIAL_WORKERS
    name, broken = search.material_contract(workers, metadata.version("mkdocs-material"))
    assert broken == [] and re.fullmatch(r"search\.[0-9a-f]+\.min\.js", name)


def test_a_changed_material_worker_or_version_is_named_with_what_to_recheck(tmp_path):
    import material
    real = next((Path(material.__file__).parent / search.MATERIAL_WORKERS).glob("search.*.min.js"))
    (tmp_path / real.name).write_text(real.read_text(encoding="utf-8").replace("QueryParser", "QueryReader"), encoding="utf-8")
    name, broken = search.material_contract(tmp_path, search.MATERIAL_TESTED)
    assert name == real.name
    assert broken == ["Material parses each query with lunr.QueryParser (worker.js wraps it: ours())"]
    name, broken = search.material_contract(tmp_path.parent / "nowhere", "10.0.0")
    assert name is None and "expected one search.<hash>.min.js" in broken[0]
    (tmp_path / real.name).write_text(real.read_text(encoding="utf-8"), encoding="utf-8")
    assert search.material_contract(tmp_path, "9.9.0")[1] == [
        f"Material 9.9.0 is installed, worker.js was checked against {search.MATERIAL_TESTED}: re-check what worker.js "
        "relies on (each listed below) in the new worker, run the search tests, then set MATERIAL_TESTED in hooks/kb/search.py"]
