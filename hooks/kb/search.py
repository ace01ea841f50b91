"""Per-language search indexes: split Material's one index by language, add front-matter keywords as a hidden field, point /en/ pages at their own index and every page at our query-cutting worker. Neither Material nor static-i18n does this (static-i18n merges both languages into one index)."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Callable, Iterable

# Material 9.8.2's own per-language settings (partials/languages/{zh,en}.html), one language per
# index so lunr loads only that language's pipeline. The pipeline names which of
# trimmer/stopWordFilter/stemmer stay. Queries are written by docs/assets/search/worker.js as
# prefix terms, for which lunr skips the query pipeline, so a stemmer on the index side would make
# 'payouts*' miss the indexed stem 'payout': English has none and gets its word forms from
# expand_english() instead; it keeps every word (no stop-word filter) so that 'not in bank' or
# 'who do I call' can match, and the worker leaves the other stop words out of queries.
FIELDS = {
    "title": {"boost": 1e3},
    "text": {"boost": 1.0},
    "tags": {"boost": 1e6},
    "keywords": {"boost": 200.0},      # hidden field: not rendered by Material's result template
    "summary": {"boost": 30.0},       # hidden: the page's front-matter description, on its page entry
    "titlealias": {"boost": 100.0},    # hidden: merchants' words for the site's terms in the title
    "textalias": {"boost": 1.0},       # hidden: the same for terms in the text
}
LANG_CONFIG = {
    "zh": {"lang": ["zh"], "separator": "[\\s\\u200b\\u3000\\-、。，．？！；]+", "pipeline": ["stemmer"]},
    "en": {"lang": ["en"], "separator": "[\\s\\-]+", "pipeline": []},
}
# Weight of a keyword hit against a title hit (1000), chosen by measuring tests/search_queries.yml
# (zh: 80 -> 54/58, 120 -> 56, 200 -> 55, 300 -> 55; en with word forms: 40 -> 54/59, 60 -> 56,
# 100 -> 57): high enough that a page whose keywords say what the merchant typed ranks first, low
# enough that the page whose title names the topic still beats keywords that share one word.
KEYWORD_BOOST = {"zh": 120.0, "en": 100.0}

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
ZWSP = "\u200b"


def index_config(lang: str) -> dict:
    """The `config` block of one language's search_index.json. `stopwords` lists the words
    docs/assets/search/worker.js leaves out of a query, `exactwords` those it searches as whole words,
    not prefixes (Material ignores both keys)."""
    fields = {name: dict(spec) for name, spec in FIELDS.items()}
    fields["keywords"]["boost"] = KEYWORD_BOOST[lang]
    stop = ZH_FUNCTION_WORDS if lang == "zh" else EN_STOP_WORDS - EN_KEPT_WORDS
    exact = [] if lang == "zh" else sorted(EN_KEPT_WORDS)
    return {**LANG_CONFIG[lang], "fields": fields, "stopwords": sorted(stop), "exactwords": exact,
            "intents": [{"words": words[lang], "pages": list(pages), "boost": boost} for words, pages, boost in INTENTS],
            "senses": dict(SECOND_SENSE[lang])}


# Words with two meanings for merchants. 'deposit' is a payout to most English-speaking merchants (the
# query sets use it so twenty times, and 'settlement' lists it as an alias) and a pre-authorisation to
# hotels (an alias of 'pre-authorisation'). A query of the word alone puts the best payout page first and
# the best page with a section on the other meaning second, even when those scored first
# (docs/assets/search/worker.js, config `senses`); with more words ('hotel deposit', 'deposit short') the
# aliases decide. Location relative to the language root.
SECOND_SENSE = {"zh": {}, "en": {"deposit": ["reference/foreign-cards-and-pre-auth/#pre-auth", "causes/payment-not-completed/#pre-auth"]}}


# Queries that say what kind of page they want. One that asks for an overview ("main reasons card payments
# aren't settled", "overview of all problems", "不到账的原因一览") is answered by the overview pages, which
# the symptom pages outrank on the content words; one that asks how to prevent a problem ("如何预防不进账",
# "tips to avoid payout problems") by the prevention overview, whose own entry is otherwise down-weighted
# (PAGE_BOOST) because its keywords name every problem. When the query holds one of an intent's words,
# docs/assets/search/worker.js weights that intent's pages' results by its boost (config `intents`).
# English words are compared by the worker's stem. Locations relative to the language root.
OVERVIEW_WORDS = {"zh": ["一览", "所有", "列表", "汇总", "总结", "大全", "常见原因", "各种"],
                  "en": ["overview", "list", "reasons", "causes", "common", "main", "summary", "index", "troubleshooting"]}
OVERVIEW_INTENT_PAGES = ("", "troubleshooting/", "causes/")    # the start page and two overviews; not the glossary
# Seen sets (1,143 queries): 1 -> en 546/570, 2 -> 549, 3 or 5 -> 552; zh 557/573 throughout.
OVERVIEW_INTENT_BOOST = 3.0
PREVENTION_WORDS = {"zh": ["预防", "避免", "防止", "杜绝", "防范"],
                    "en": ["prevent", "prevention", "avoid", "tips", "habits", "checklist"]}
# With the prevention overview's own entry at PAGE_BOOST 0.3, a boost of 5 keeps its four queries first and
# 'payout missing' on the symptom pages; all query files (2026-12-02): zh 626 -> 627/650, en 624 -> 626/648.
INTENTS = ((OVERVIEW_WORDS, OVERVIEW_INTENT_PAGES, OVERVIEW_INTENT_BOOST),
           (PREVENTION_WORDS, ("prevention/",), 5.0))


def segment(text: str, cut: Callable[[str], Iterable[str]]) -> str:
    """Chinese runs cut into words separated by zero-width spaces, exactly as Material segments
    titles and text (so keywords and page text share one vocabulary); other text unchanged."""
    def replace(match):
        return ZWSP + ZWSP.join(w for w in cut(match.group(0)) if w) + ZWSP
    return HAN.sub(replace, text).strip(ZWSP)


_VOWELS = "aeiou"


def inflections(word: str) -> set[str]:
    """Regular English forms of one word (payout -> payouts; delay -> delayed, delaying; charged ->
    charge, charges, charging). Material appends '*' to each query word, so a query word matches
    any indexed word it is a prefix of; adding the forms to the hidden keyword field lets
    'payouts', 'delayed' or 'charging' find a page whose keyword is 'payout', 'delay' or
    'charged'. Over-generation ('payouted') is harmless: nobody types it."""
    w = word.lower()
    if len(w) < 3 or not w.isalpha():
        return {w}
    lemmas = set()
    for suffix in ("ing", "ed", "es", "s"):      # base forms of an inflected word
        if w.endswith(suffix) and len(w) - len(suffix) >= 3 and not w.endswith("ss"):
            stem = w[: -len(suffix)]
            lemmas.add(stem)
            if suffix in ("ing", "ed"):
                lemmas.add(stem + "e")
    forms = {w}
    for lemma in lemmas or {w}:
        forms.add(lemma)
        if lemma.endswith("e"):
            forms |= {lemma + "s", lemma + "d", lemma[:-1] + "ing"}
        elif lemma.endswith("y") and lemma[-2] not in _VOWELS:
            forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
        elif lemma.endswith(("s", "x", "z", "ch", "sh")):
            forms |= {lemma + "es", lemma + "ed", lemma + "ing"}
        else:
            forms |= {lemma + "s", lemma + "ed", lemma + "ing"}
    return forms


# lunr's English stop words (lunr 2.3.9, as bundled in Material's worker): the index drops them, so
# their made-up forms ('the' -> 'thing', 'how' -> 'hows') must not reach the keyword field, and
# docs/assets/search/worker.js leaves them out of English queries (Material would search 'the*').
EN_STOP_WORDS = frozenset(
    "a able about across after all almost also am among an and any are as at be because been but by can "
    "cannot could dear did do does either else ever every for from get got had has have he her hers him "
    "his how however i if in into is it its just least let like likely may me might most must my neither "
    "no nor not of off often on only or other our own rather said say says she should since so some than "
    "that the their them then there these they this tis to too twas us wants was we were what when where "
    "which while who whom why will with would yet you your".split())
# ... except the ones that carry the merchant's meaning ('not in bank', 'who do I call', 'how long'):
# the English index keeps every word (no stop-word filter), and the worker searches these exactly.
EN_KEPT_WORDS = frozenset("how what when where which who why".split())


def expand_english(text: str) -> str:
    """Every word of `text` followed by its regular forms, de-duplicated, order kept; stop words
    left out (the index would drop them, not their forms)."""
    seen: dict[str, None] = {}
    for word in re.findall(r"[A-Za-z0-9+]+(?:'[a-z]+)?", text):
        if word.lower() in EN_STOP_WORDS:
            if word.lower() in EN_KEPT_WORDS:
                seen.setdefault(word.lower(), None)
            continue
        for form in sorted(inflections(word)) if word.isalpha() else [word.lower()]:
            seen.setdefault(form, None)
    return " ".join(seen)


TAGS = re.compile(r"<[^>]+>")


def keywords_of(meta: dict) -> list[str]:
    """The phrases merchants type for a page: its troubleshooting keywords, symptom and response
    codes, and the top-level `keywords:` list any other page may carry (CONTENT.md front matter
    schema). Empty for a page with neither."""
    meta = meta or {}
    block = meta.get("troubleshooting")
    block = block if isinstance(block, dict) else {}
    top = meta.get("keywords")
    top = top if isinstance(top, list) else []
    found: list[str] = []
    for value in [*(block.get("keywords") or []), block.get("symptom"), *(block.get("codes") or []), *top]:
        if isinstance(value, (str, int)) and str(value).strip() and str(value).strip() not in found:
            found.append(str(value).strip())
    return found


# Particles, pronouns and question words merchants wrap around the words that matter ('钱怎么还没到'):
# left out of the boosted keyword field (they stay in the page text), so a query is ranked by its
# content words. Question words count: '怎么' is in half the keywords of every troubleshooting page.
ZH_FUNCTION_WORDS = frozenset(
    "的 了 吗 呢 吧 啊 呀 哦 么 都 还 就 也 又 再 才 很 太 在 是 有 和 跟 与 及 或 把 被 给 让 从 对 向 "
    "我 你 他 她 它 我们 你们 他们 您 自己 这 那 这个 那个 这些 那些 这笔 那笔 "
    "怎么 怎么办 怎样 为什么 什么 哪 哪里 哪儿 多少 几 吗 是不是 要不要 会 能 可以 要 说 到底".split())


def keyword_field(phrases: list[str], lang: str, cut: Callable[[str], Iterable[str]] | None = None) -> str:
    """The hidden `keywords` field of a page's entry. Chinese phrases are cut like the page text;
    English phrases get their regular word forms (see inflections)."""
    if lang == "zh":
        if cut is None:
            raise ValueError("Chinese keywords need a word cutter (jieba.cut)")
        phrases = phrases + aliases(" ".join(phrases), "zh")
        words = [w for p in phrases for w in segment(p, cut).split(ZWSP)]
        words = [w.strip() for w in words if w.strip() and w.strip() not in ZH_FUNCTION_WORDS]
        whole = [p.replace(" ", "") for p in phrases if HAN.search(p)]
        return ZWSP.join(dict.fromkeys(words + whole))
    return expand_english(" ".join(phrases + aliases(" ".join(phrases), "en")))


def page_entry(location: str) -> bool:
    """True for the entry of a whole page (its first section), False for a heading's section."""
    return "#" not in location


def inject_field(entries: list[dict], name: str, fields: dict[str, str]) -> list[dict]:
    """Copies of `entries` with the hidden field `name` set on each page's own entry.
    `fields` maps an entry location (page URL) to the field's text."""
    out = []
    for entry in entries:
        entry = dict(entry)
        text = fields.get(entry.get("location", ""))
        if text and page_entry(entry["location"]):
            entry[name] = text
        out.append(entry)
    return out


def inject_keywords(entries: list[dict], fields: dict[str, str]) -> list[dict]:
    """The `keywords` field on each page's own entry (see inject_field)."""
    return inject_field(entries, "keywords", fields)


def relocate(entries: list[dict], prefix: str) -> list[dict]:
    """Entry locations made relative to the language's root ('en/about/' -> 'about/' for prefix
    'en/'). An entry outside the prefix means the split went wrong: raises ValueError."""
    if not prefix:
        return [dict(e) for e in entries]
    out = []
    for entry in entries:
        location = entry.get("location", "")
        if not location.startswith(prefix):
            raise ValueError(f"search entry {location!r} is not under {prefix!r}")
        out.append({**entry, "location": location[len(prefix):]})
    return out


def index_json(entries: list[dict], lang: str) -> str:
    """One language's search_index.json, compact like Material's."""
    return json.dumps({"config": index_config(lang), "docs": entries}, ensure_ascii=False,
                      separators=(",", ":"), default=str)


CONFIG_SCRIPT = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)
BASE = re.compile(r'("base":\s*")([^"]*)(")')


def point_base(html: str, subdir: str) -> str:
    """Material loads `search/search_index.json` relative to `base` in the page's __config JSON; for
    a page of the language served under `subdir` ('en'), make that base the language's root
    ('../..' -> '../../en/'; the trailing slash matters: URL resolution drops a last segment) so the page loads its own language's index and result links resolve.
    Raises ValueError when the page has no __config block (the theme changed)."""
    def fix_script(match):
        body, count = BASE.subn(lambda m: m.group(1) + _join(m.group(2), subdir) + m.group(3), match.group(2), count=1)
        if not count:
            raise ValueError("no 'base' in Material's __config block")
        return match.group(1) + body + match.group(3)

    out, count = CONFIG_SCRIPT.subn(fix_script, html, count=1)
    if not count:
        raise ValueError("no <script id=\"__config\"> block: cannot point the page at its search index")
    return out


WORKER_SEARCH = re.compile(r'("search":\s*")([^"]*?)assets/javascripts/workers/(search\.[0-9a-f]+\.min\.js)(")')
WORKER = "assets/search/worker.js"
WORKER_PLACEHOLDER = "__MATERIAL_SEARCH_WORKER__"


def point_worker(html: str) -> tuple[str, str | None]:
    """A page's __config "search" (Material's worker, 'assets/javascripts/workers/search.<hash>.min.js')
    pointed at our wrapper (docs/assets/search/worker.js, which loads Material's worker itself).
    Returns the page and the name of Material's worker, or (html, None) when the page has no
    __config block or names no worker (search plugin off): the hook then stops the build if search
    is on but no page named Material's worker (the theme changed)."""
    found = []

    def fix_script(match):
        body = WORKER_SEARCH.sub(lambda m: (found.append(m.group(3)), m.group(1) + m.group(2) + WORKER + m.group(4))[1],
                                 match.group(2), count=1)
        return match.group(1) + body + match.group(3)

    out = CONFIG_SCRIPT.sub(fix_script, html, count=1)
    return out, (found[0] if found else None)


def worker_script(template: str, material_worker: str) -> str:
    """docs/assets/search/worker.js with the name of the installed Material's worker filled in.
    Raises ValueError when the template no longer has the placeholder."""
    if WORKER_PLACEHOLDER not in template:
        raise ValueError(f"{WORKER} has no '{WORKER_PLACEHOLDER}' to replace with Material's worker name")
    return template.replace(WORKER_PLACEHOLDER, material_worker)


# What docs/assets/search/worker.js relies on in Material's own search worker, which it loads and
# wraps: checked at every build, so an upgrade that changes them stops the build instead of
# silently turning off the re-cutting and re-ranking. Each with what to re-check in worker.js.
MATERIAL_TESTED = "9.8.2"
MATERIAL_WORKERS = "templates/assets/javascripts/workers"
CONTRACT = (
    (r"self\.lunr\s*=", "Material's worker sets self.lunr (worker.js patches lunr there: patch())"),
    (r"new lunr\.QueryParser\(", "Material parses each query with lunr.QueryParser (worker.js wraps it: ours())"),
    (r"lunr\.Builder", "lunr.Builder builds the index (worker.js reads the index's words from Builder.prototype.build)"),
    (r"case 0:[^;]*\.data\.config", "message type 0 sets the index up from data.config (worker.js's message listener)"),
    (r"\{type:3,data:", "answers are posted as {type: 3, data: {items}} (worker.js's RESULT and rerank())"),
)


def material_contract(workers_dir, version: str) -> tuple[str | None, list[str]]:
    """The file name of Material's search worker in `workers_dir` and what of CONTRACT it breaks
    (empty when all holds), each naming what to re-check in worker.js."""
    found = sorted(p for p in Path(workers_dir).glob("search.*.min.js"))
    if len(found) != 1:
        return None, [f"expected one search.<hash>.min.js in {workers_dir}, found {len(found)}: re-check how "
                      f"worker.js finds Material's worker (MATERIAL_WORKER) and point_worker()"]
    text = found[0].read_text(encoding="utf-8")
    broken = [what for pattern, what in CONTRACT if not re.search(pattern, text)]
    if version != MATERIAL_TESTED:
        broken.append(f"Material {version} is installed, worker.js was checked against {MATERIAL_TESTED}: re-check what "
                      f"worker.js relies on (each listed below) in the new worker, run the search tests, then set "
                      f"MATERIAL_TESTED in hooks/kb/search.py")
    return found[0].name, broken


def _join(base: str, subdir: str) -> str:
    base = base.rstrip("/") or "."
    return f"{subdir}/" if base == "." else f"{base}/{subdir}/"


# Overview pages mention every topic in passing: the start page (whose title names the whole subject,
# 'Card payments not in your bank account?'), the troubleshooting index, the causes overview and the
# glossary (a section per term), and the prevention overview (a habit per cause). Down-weighted so the
# page that answers a query ranks above them; they stay findable. Locations relative to the language root.
OVERVIEW_PAGES = ("", "troubleshooting/", "causes/", "reference/glossary/", "prevention/")
OVERVIEW_BOOST = 0.2
# ... except the overview page's own entry (its title, introduction and keywords: 'reasons',
# 'list of causes', '原因有哪些'), which answers a query for the overview itself: not down-weighted.
# Seen sets with tuning set 3: 0.2 -> zh 321/333, 0.5 or 1.0 -> 322/333 (en 314/330 either way); with
# tuning sets 4 and 5 and the overview pages' keywords: 0.5 -> en 434/450, 1.0 or 1.5 -> 435/450.
OVERVIEW_PAGE_BOOST = 1.0
# The prevention overview's own entry names every problem in its keywords ('how to prevent missing
# payouts'), so 'payout missing' found it first: down-weighted unless the query asks how to prevent (INTENTS).
PAGE_BOOST = {"prevention/": 0.3}


# The symptom pages (front matter `troubleshooting:`) answer what merchants type; the cause, action
# and reference pages they link to repeat the same words in passing. Measured on the seen query sets
# (query set, held-out 1-4, tuning 1-2; 2026-11-26): 1.5 -> en 91.1% -> 93.3%, zh 91.6% -> 90.8%;
# with the worker's page-coverage ranking, en 94.1%, zh 93.8% (2.0 and 3.0 lost in both languages).
# Given to Material as the page's own `search.boost` (hooks/search_index.py).
SYMPTOM_BOOST = 1.5


def page_urls(page: str) -> set[str]:
    """The URLs a page may have: its directory URL ('causes/', 'reference/glossary/') and, in the
    offline copy (no directory URLs), its file URL ('causes/index.html' for an index page,
    'reference/glossary.html' for any other)."""
    return {page, page + "index.html", page.rstrip("/") + ".html"} if page else {page, "index.html"}


def with_overview_boost(entries: list[dict], pages=OVERVIEW_PAGES) -> list[dict]:
    """Copies of `entries` with the overview pages' entries down-weighted (OVERVIEW_BOOST for a section,
    PAGE_BOOST or OVERVIEW_PAGE_BOOST for the page itself); matches both directory URLs ('causes/') and
    the offline copy's file URLs (page_urls)."""
    page_of = {url: page for page in pages for url in page_urls(page)}
    out = []
    for entry in map(dict, entries):
        url, _, section = entry.get("location", "").partition("#")
        if url in page_of:
            low = OVERVIEW_BOOST if section else PAGE_BOOST.get(page_of[url], OVERVIEW_PAGE_BOOST)
            entry["boost"] = low * float(entry.get("boost", 1))
        out.append(entry)
    return out


# "What does X mean" queries: every term of the glossary (a section per term) also carries the words
# merchants wrap around a term they want explained, so the term's own entry matches the whole query.
# The glossary stays down-weighted (OVERVIEW_BOOST): the page that explains a term in full still
# ranks first, the glossary entry joins the first results. Seen query sets: zh +1, en +0, no loss.
GLOSSARY = "reference/glossary/"
DEFINITION_WORDS = {"zh": ["意思", "啥意思", "含义", "定义", "解释", "是什么", "英文", "英语", "英文怎么说"],
                    "en": ["what", "meaning", "mean", "means", "definition", "define", "chinese", "translation"]}


def with_definition_words(entries: list[dict], lang: str, page: str = GLOSSARY) -> list[dict]:
    """Copies of `entries` with the hidden `keywords` field of each section of the glossary `page`
    (directory or file URL) set to DEFINITION_WORDS of `lang`."""
    pages = page_urls(page)
    words = ZWSP.join(DEFINITION_WORDS[lang]) if lang == "zh" else " ".join(DEFINITION_WORDS[lang])
    out = []
    for entry in entries:
        location = entry.get("location", "")
        out.append({**entry, "keywords": words} if "#" in location and location.split("#")[0] in pages else dict(entry))
    return out


def code_entries(table, page_url: str, lang: str, side_label: Callable, cut: Callable[[str], Iterable[str]] | None = None) -> list[dict]:
    """One search entry per response code of `table` (kb.troubleshooting.CodeTable), at its row of
    the code table (`page_url#code-XX`): the code and its meaning as the title, who acts and what to
    do as the text. A merchant typing 'A0' or what the terminal showed ('无效商户', 'do not honour')
    gets that row, not only the whole table. Chinese is cut like the page text."""
    out = []
    for code in table.codes.values():
        title = f"{code.code} {getattr(code, lang)}"
        text = f"{side_label(code.sides, table, lang)}{'：' if lang == 'zh' else ': '}{code.do[lang]}"
        if lang == "zh" and cut is not None:
            title, text = segment(title, cut), segment(text, cut)
        out.append({"location": f"{page_url}#code-{code.code}", "title": title, "text": text})
    return out


def with_code_entries(entries: list[dict], page_url: str, codes: list[dict]) -> list[dict]:
    """`entries` with `codes` placed right after the last entry of the page `page_url`; unchanged
    when that page is not among them (a site without the code table)."""
    last = max((i for i, e in enumerate(entries) if e.get("location", "").split("#")[0] == page_url), default=None)
    if last is None:
        return list(entries)
    return entries[: last + 1] + codes + entries[last + 1:]


# The site writes each term one way (CONTENT.md); merchants type another. Site term ->
# what merchants type for it (matched case-insensitively in a section's title and text; the
# merchants' words are added to that section as hidden aliases, so the section ranks as if it used
# them). Only true equivalents: no word is added that the page does not mean.
SYNONYMS = {
    "zh": {
        "结算账户": ["结算卡"], "结算卡": ["结算账户"],
        "商户编号": ["商户号"], "终端编号": ["终端号"],
        "Ⅱ类户": ["二类户", "二类卡", "II类户"], "Ⅱ类账户": ["二类户", "二类卡", "II类户"],
        "签购单": ["小票", "刷卡单", "POS 单"], "应答码": ["错误码", "返回码", "响应码", "提示码"],
        "收单机构": ["收单行", "支付公司", "POS 公司"], "手续费": ["扣点"], "费率": ["扣点"],
        "到账": ["入账", "回款", "下款"], "退货": ["退款"], "撤销": ["撤单", "取消交易"],
        "办理流程": ["处理流程"], "更换": ["换"], "营业执照": ["执照", "营业证"], "移机": ["换地方刷卡"],
        "终端": ["机器", "机子"],
        # Card brands merchants name for foreign cards; what hotels call the amount a pre-authorisation holds.
        "外卡": ["visa", "mastercard", "维萨", "万事达", "境外卡", "国际卡"],
        "预授权": ["押金", "冻结押金"],
    },
    "en": {
        "sales slip": ["receipt", "slip"], "slip": ["receipt"],
        "settlement account": ["bank account", "payout account", "settlement card", "bank card"],
        "changing": ["change", "switch"], "fault": ["broken", "faulty", "not working"],
        "response code": ["error code", "decline code"], "acquirer": ["payment provider", "processor"],
        "merchant id": ["merchant number", "mid"], "terminal id": ["terminal number", "tid"],
        "pre-authorisation": ["pre-authorization", "preauthorization", "preauth", "deposit", "hotel deposit", "guest deposit"],
        "pre-authorization": ["pre-authorisation", "preauth", "deposit", "hotel deposit", "guest deposit"],
        # Card brands merchants name when they mean foreign cards (外卡), and 'international card'.
        "foreign card": ["visa", "mastercard", "international card", "overseas card"],
        "foreign cards": ["visa", "mastercard", "international cards", "overseas cards"],
        "licence": ["license"], "licensed": ["licenced"], "authorisation": ["authorization"],
        "reversal": ["reversed", "reverse"], "reversed": ["reversal"],
        "settlement": ["payout", "deposit"], "payout": ["settlement"],
        "payment platform": ["payment company", "payment app"], "money": ["funds"],
        "settle": ["pay out"], "settles": ["pays out"],
    },
}


def aliases(text: str, lang: str, table: dict | None = None) -> list[str]:
    """The merchants' words for the site's terms found in `text` (ignoring the zero-width spaces
    and typographic spaces jieba and Chinese typography put inside terms)."""
    table = SYNONYMS[lang] if table is None else table
    plain = TAGS.sub(" ", text or "").replace(ZWSP, "").lower()
    if lang == "zh":
        plain = re.sub(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])|(?<=[A-Za-z0-9Ⅱ]) (?=[\u4e00-\u9fff])", "", plain)
    found: dict[str, None] = {}
    for term, words in table.items():
        key = term.lower().replace(" ", "") if lang == "zh" else term.lower()
        if key in plain and (lang == "zh" or re.search(rf"\b{re.escape(key)}\b", plain)):   # substring first: cheap
            for word in words:
                found.setdefault(word, None)
    return list(found)


def with_aliases(entry: dict, lang: str, cut: Callable[[str], Iterable[str]] | None = None) -> dict:
    """A copy of `entry` with hidden `titlealias` / `textalias` fields (see SYNONYMS); Chinese
    aliases are cut like the page text."""
    out = dict(entry)
    for source, field in (("title", "titlealias"), ("text", "textalias")):
        present = set(re.split(LANG_CONFIG[lang]["separator"], TAGS.sub(" ", entry.get(source, "") or "").lower()))
        words = [w for w in aliases(entry.get(source, ""), lang) if w.lower() not in present]
        if words:
            out[field] = " ".join(segment(w, cut) if lang == "zh" and cut else w for w in words)
    return out


def summary_field(description: str, lang: str, cut: Callable[[str], Iterable[str]] | None = None) -> str:
    """The hidden `summary` field of a page's entry: its front-matter description, the one sentence
    that says what the page is for (so a page without keywords is still found by what it is
    about, not only by its headings). Chinese is cut like the page text."""
    text = str(description or "").strip()
    if lang == "zh" and cut is not None:
        return segment(text, cut)
    return text


def inject_summaries(entries: list[dict], fields: dict[str, str]) -> list[dict]:
    """The `summary` field on each page's own entry (see inject_field)."""
    return inject_field(entries, "summary", fields)
