"""Content checks on the built real site (issue 3): source points in both languages, the full response-code
table, no trace of the source's advertisement, English pages free of Chinese, troubleshooting pages that end
in an action, Chinese copy clean under autocorrect, and no phone numbers. Nothing existing checks these."""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import autocorrect_py
import pytest
import yaml

from conftest import REPO, pages_of, reader_page, soup
from kb import pages as kb_pages

DOCS = REPO / "docs"
POINTS_DIR = REPO / "tests" / "source_points"

# Every point of the source article (tests/source_points/README.md): each must be claimed by an entry.
REQUIRED_KEYS = [
    "cause-a", "cause-b", "cause-c", "cause-d",
    "remedy-a", "remedy-b", "remedy-c", "remedy-d",
    "prevention-a", "prevention-b", "prevention-c",
    "prep-1", "prep-2", "prep-3",
    "step-1", "step-2", "step-3", "step-4", "step-5", "step-6",
    "problem-1", "problem-2", "problem-3",
    "caution-1", "caution-2", "caution-3",
    "channels", "follow-up", "support",
    "free-terminal-warning",
]

# The 41 response codes of the UnionPay set (Q/CUP 006.6-2015 A.2.1), and its approvals 10, 11,
# A2, A4, A5, A6 and decline 21.
RESPONSE_CODES = [
    "00", "01", "03", "04", "05", "10", "11", "12", "13", "14", "15", "21", "22", "25", "30", "33", "34", "38", "40", "41",
    "43", "45", "51", "54", "55", "57", "58", "59", "61", "62", "64", "65", "68", "75", "77", "90", "91",
    "92", "94", "96", "97", "98", "99", "A0", "A2", "A4", "A5", "A6",
]

# The troubleshooting pages of the content plan (CONTENT.md); each must carry `troubleshooting:` front matter.
TROUBLESHOOTING_PAGES = [
    "troubleshooting/nothing-arrived.md", "troubleshooting/one-missing.md", "troubleshooting/arrived-late.md",
    "troubleshooting/less-than-sold.md", "troubleshooting/charged-no-slip.md", "troubleshooting/account-frozen.md",
    "troubleshooting/error-code.md", "troubleshooting/platform-not-bank.md",
]

# The source's advertisement (seed lines 41-49): its host and its sales lines. Compared lower-cased with all
# whitespace removed, so "免费申请个人 POS 机" is caught as well.
ADVERT = ["soupos", "个人免费pos机办理官网", "免费申请个人pos机", "银联商务正规pos机办理方式", "个人如何免费申请pos机",
          "个人可以免费办理pos机吗", "点击网址进入申请页面", "以便工作人员审核和邮寄pos机"]

# Phone-number-like strings: bank service lines (95xxx), 400/800 numbers, mobiles, landlines with area code,
# five-digit public service lines (10xxx, 12xxx such as 12315/12363).
PHONE = re.compile(
    r"(?<![\d.,/:-])(?:"
    r"95\d{3,4}"
    r"|[48]00[-\s]?\d{3}[-\s]?\d{4}"
    r"|1[3-9]\d{9}"
    r"|0\d{2,3}-\d{7,8}"
    r"|1[02]\d{3}(?!\s*(?:元|块|万|笔|次|个|天|RMB|CNY|yuan|[−+×÷*/=-]\s*\d))"   # not an amount or a sum
    r")(?![\d%.,:/-]*\d)"
)

# The official public lines a page may print (CONTENT.md, actions/escalation.md), on a page that shows, at
# least once, the line followed closely by the date it was checked (same sentence or table row); headings
# and later mentions on that page need not repeat the date. 96110 and 110 do not match PHONE.
CHECKED = re.compile(r"\d{4}-\d{2}-\d{2}")
CHECKED_WITHIN = 160

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
EN_CJK_MAX = 0.03                      # share of CJK characters allowed in an English page's article text
EN_CJK_MAX_TERMS = 0.40                # pages that list Chinese terms on purpose
TERM_PAGES = {"reference/glossary.md", "reference/response-codes.md"}


# ---------------------------------------------------------------------------------------------- helpers

def built(site: Path, neutral: str, lang: str) -> Path:
    """docs-relative 'x/y.md' -> the built HTML file of that language."""
    stem = neutral[: -len(".md")]
    rel = "index.html" if stem == "index" else (f"{stem[: -len('/index')]}/index.html" if stem.endswith("/index")
                                                 else f"{stem}/index.html")
    return site / rel if lang == "zh" else site / "en" / rel


def neutral_of(site: Path, html: Path) -> tuple[str, str]:
    """A built page -> (docs-relative neutral source path, language)."""
    parts = html.relative_to(site).parts
    lang = "en" if parts[0] == "en" else "zh"
    parts = parts[1:] if lang == "en" else parts
    folder = "/".join(parts[:-1])
    if not folder:
        return "index.md", lang
    return (f"{folder}.md" if (DOCS / f"{folder}.md").exists() else f"{folder}/index.md"), lang


_soup = reader_page


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def article(path: Path):
    found = _soup(path).select_one("article")
    assert found is not None, f"{path}: no <article> element"
    return found


def article_text(path: Path) -> str:
    """What the reader sees in the page body: the article's text without the '#' permalinks."""
    node = soup(str(article(path)))
    for link in node.select("a.headerlink"):
        link.decompose()
    return normalise(node.get_text(" "))


def points() -> list[tuple[str, int, dict]]:
    """Every entry of tests/source_points/*.yml as (file name, index, entry)."""
    found = []
    for file in sorted(POINTS_DIR.glob("*.yml")):
        data = yaml.safe_load(file.read_text(encoding="utf-8")) or []
        assert isinstance(data, list), f"{file.name}: must be a YAML list of entries"
        found += [(file.name, i, entry) for i, entry in enumerate(data)]
    return found


def zh_sources() -> list[Path]:
    return sorted(p for p in DOCS.rglob("*.md") if not p.name.endswith(".en.md"))


# ------------------------------------------------------------------------------------ 1. source points

def test_required_keys_match_the_source_points_readme():
    readme = (POINTS_DIR / "README.md").read_text(encoding="utf-8")
    listed = [k for k in re.findall(r"^\| ([a-z0-9-]+) \|", readme, flags=re.M) if k != "key"]   # 'key' heads the table
    assert listed == REQUIRED_KEYS, "tests/source_points/README.md and REQUIRED_KEYS disagree: " \
        f"only in README {sorted(set(listed) - set(REQUIRED_KEYS))}, only in test {sorted(set(REQUIRED_KEYS) - set(listed))}"


def test_every_point_of_the_source_is_claimed():
    entries = points()
    claimed = {entry.get("key") for _, _, entry in entries if isinstance(entry, dict)}
    unknown = sorted(k for k in claimed if k not in REQUIRED_KEYS)
    missing = [k for k in REQUIRED_KEYS if k not in claimed]
    files = sorted({name for name, _, _ in entries})
    assert not missing and not unknown, (
        f"source-point files {files}: keys nobody claims {missing}; unknown keys {unknown} "
        "(keys: tests/source_points/README.md)")


def test_every_source_point_is_on_its_page_in_both_languages(site_dir):
    problems, checked = [], 0
    for name, index, entry in points():
        where = f"tests/source_points/{name} entry {index + 1}"
        if not isinstance(entry, dict):
            problems.append(f"{where}: not a mapping")
            continue
        absent = [f for f in ("key", "point", "page", "zh", "en") if not str(entry.get(f) or "").strip()]
        if absent:
            problems.append(f"{where} ({entry.get('key')}): missing field(s) {absent}")
            continue
        page = entry["page"]
        for lang in ("zh", "en"):
            html = built(site_dir, page, lang)
            if not html.is_file():
                problems.append(f"{where} ({entry['key']}): {page} was not built in {lang} ({html.relative_to(site_dir)})")
                continue
            text, phrase = article_text(html), normalise(str(entry[lang]))
            hit = phrase in text if lang == "zh" else phrase.lower() in text.lower()
            checked += 1
            if not hit:
                problems.append(f"{where} ({entry['key']}): the {lang} page {page} does not contain {phrase!r}")
    assert not problems, f"{len(problems)} source-point problem(s):\n" + "\n".join(problems)
    assert checked >= 2 * len(REQUIRED_KEYS)


# --------------------------------------------------------------------------------- 2. response codes

@pytest.mark.parametrize("lang", ["zh", "en"])
def test_response_code_table_is_complete(site_dir, lang):
    html = built(site_dir, "reference/response-codes.md", lang)
    assert html.is_file(), f"reference/response-codes.md was not built in {lang}"
    page = article(html)
    problems = []
    for code in RESPONSE_CODES:
        node = page.find(id=f"code-{code}")
        if node is None:
            problems.append(f"code {code}: no element with id 'code-{code}'")
            continue
        row = node if node.name == "tr" else node.find_parent("tr")
        if row is None:
            problems.append(f"code {code}: id 'code-{code}' is not a table row")
            continue
        cells = [normalise(c.get_text(" ")) for c in row.find_all(["td", "th"])]
        meaning = [c for c in cells if c and c != code]
        has_meaning = any(CJK.search(c) for c in meaning) if lang == "zh" else any(
            len(re.findall(r"[A-Za-z]", c)) >= 3 for c in meaning)
        if not has_meaning:
            problems.append(f"code {code}: row has no {lang} meaning (cells {cells})")
    assert not problems, f"reference/response-codes ({lang}):\n" + "\n".join(problems)


# ------------------------------------------------------------------------------------ 3. advertisement

def test_the_source_advertisement_is_nowhere_in_the_built_site(site_dir):
    problems, scanned = [], 0
    for file in sorted(site_dir.rglob("*")):
        if not file.is_file() or "vendor" in file.parts or file.suffix not in {".html", ".json", ".xml", ".txt", ".js"}:
            continue
        raw = file.read_text(encoding="utf-8", errors="replace")
        if file.suffix == ".json":             # search indexes may escape non-ASCII text
            try:
                raw = json.dumps(json.loads(raw), ensure_ascii=False)
            except ValueError:
                pass
        flat = re.sub(r"\s+", "", raw).lower()
        scanned += 1
        problems += [f"{file.relative_to(site_dir)}: {phrase!r}" for phrase in ADVERT if phrase in flat]
    assert scanned > 10
    assert not problems, "the source's advertisement is reproduced:\n" + "\n".join(problems)


@pytest.mark.slow
def test_the_source_advertisement_is_not_in_the_pdf_handbooks(handbook_dir, pdf_text):
    pdfs = sorted(handbook_dir.glob("*.pdf"))
    assert len(pdfs) == 2, pdfs
    problems = [f"{lang}: {phrase!r}" for lang, text in pdf_text.items()
                for phrase in ADVERT if phrase in re.sub(r"\s+", "", text).lower()]
    assert not problems, "the source's advertisement is reproduced in a handbook:\n" + "\n".join(problems)


# ------------------------------------------------------------------------- 4. English without Chinese

def test_english_pages_are_essentially_free_of_chinese(site_dir):
    ratios, problems = {}, []
    for html in pages_of(site_dir):
        if html.relative_to(site_dir).parts[0] != "en":
            continue
        neutral, _ = neutral_of(site_dir, html)
        text = re.sub(r"\s", "", article_text(html))
        ratio = len(CJK.findall(text)) / max(len(text), 1)
        ratios[neutral] = ratio
        limit = EN_CJK_MAX_TERMS if neutral in TERM_PAGES else EN_CJK_MAX
        if ratio >= limit:
            problems.append(f"en/{neutral}: {ratio:.1%} of the article text is Chinese (limit {limit:.0%})")
    assert ratios, "no English pages were built"
    print("CJK share of English pages: " + ", ".join(f"{k} {v:.1%}" for k, v in sorted(ratios.items(), key=lambda kv: -kv[1])[:6]))
    assert not problems, "\n".join(problems)


# ----------------------------------------------------------------- 5. troubleshooting pages end in an action

def test_every_troubleshooting_page_ends_in_an_action(site_dir):
    problems, found = [], set()
    for source in sorted(DOCS.rglob("*.md")):
        rel = source.relative_to(DOCS).as_posix()
        parsed = kb_pages.parse(source.read_text(encoding="utf-8"), rel)
        if "troubleshooting" not in parsed.meta:
            continue
        neutral, lang = parsed.neutral, parsed.lang
        found.add(neutral)
        html = built(site_dir, neutral, lang)
        if not html.is_file():
            problems.append(f"{rel}: not built")
            continue
        h2s = article(html).find_all("h2")
        if not h2s or h2s[-1].get("id") != "next-step":
            problems.append(f"{rel}: the last section is {h2s[-1].get('id') if h2s else None!r}, not 'next-step'")
            continue
        links = []
        for sibling in h2s[-1].find_next_siblings():
            if sibling.name in ("h1", "h2"):
                break
            links += [a["href"] for a in ([sibling] if sibling.name == "a" else sibling.find_all("a", href=True))
                      if a.get("href") and not a["href"].startswith("#") and "headerlink" not in (a.get("class") or [])]
        here = html.relative_to(site_dir).as_posix()
        targets = [target for target in (_built_target(site_dir, here, href) for href in links) if target]
        if not targets:
            problems.append(f"{rel}: the 'next-step' section links to no other built page (links: {links})")
    missing = [p for p in TROUBLESHOOTING_PAGES if p not in found]
    assert not missing, f"troubleshooting pages missing (or without `troubleshooting:` front matter): {missing}"
    assert not problems, "\n".join(problems)


def _built_target(site: Path, here: str, href: str) -> Path | None:
    """The built HTML file a relative link on page `here` (site-relative) leads to, if it exists."""
    parts = urlsplit(urljoin(f"http://site/{here}", href))
    if parts.netloc != "site":
        return None
    path = parts.path.lstrip("/")
    path = path + "index.html" if path.endswith("/") or not path else path
    target = site / path
    return target if target.is_file() and path != here else None


# ------------------------------------------------------- fixed anchors, start page and glossary (CONTENT.md)

def fixed_anchors() -> dict[str, list[str]]:
    """CONTENT.md's 'Fixed anchors' list: docs-relative page -> the ids other pages may link to."""
    section = (REPO / "CONTENT.md").read_text(encoding="utf-8").split("## Fixed anchors", 1)[1].split("\n## ", 1)[0]
    found = {}
    for page, ids in re.findall(r"^- ([\w/-]+\.md): (.+?)\.?$", section, flags=re.M):
        found[page] = re.findall(r"`#([A-Za-z0-9-]+)`", ids)
    return found


def test_fixed_anchors_exist_in_both_languages(site_dir):
    anchors, problems = fixed_anchors(), []
    assert len(anchors) >= 10, f"could not read the fixed anchors from CONTENT.md: {anchors}"
    for page, ids in anchors.items():
        ids = [i for i in ids if i != "code-XX"] if page == "reference/response-codes.md" else ids
        for lang in ("zh", "en"):
            html = built(site_dir, page, lang)
            if not html.is_file():
                problems.append(f"{page} ({lang}): not built")
                continue
            problems += [f"{page} ({lang}): no element with id '{i}'" for i in ids if article(html).find(id=i) is None]
    assert not problems, "\n".join(problems)


def test_troubleshooting_pages_use_the_planned_sections_in_order(site_dir):
    order = ["what-it-means", "check", "what-to-do", "how-long", "who-to-contact", "next-step"]
    problems = []
    for page in TROUBLESHOOTING_PAGES:
        for lang in ("zh", "en"):
            html = built(site_dir, page, lang)
            if not html.is_file():
                problems.append(f"{page} ({lang}): not built")
                continue
            ids = [h.get("id") for h in article(html).find_all("h2") if h.get("id") in order]
            if ids != order:
                problems.append(f"{page} ({lang}): sections {ids}, planned {order}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_start_page_answers_three_questions_and_leads_on(site_dir, lang):
    html = built(site_dir, "index.md", lang)
    page = article(html)
    here = html.relative_to(site_dir).as_posix()
    for section in ("did-it-succeed", "is-it-due", "anything-changed", "guided", "symptoms", "safety"):
        heading = page.find(id=section)
        assert heading is not None and heading.name == "h2", f"start page ({lang}): no section '{section}'"
    for question in ("did-it-succeed", "is-it-due", "anything-changed"):
        links = []
        for sibling in page.find(id=question).find_next_siblings():
            if sibling.name == "h2":
                break
            links += [a["href"] for a in sibling.find_all("a", href=True)]
        assert [h for h in links if _built_target(site_dir, here, h)], f"start page ({lang}): '{question}' links nowhere"
    targets = {_built_target(site_dir, here, a["href"]) for a in page.find_all("a", href=True)}
    wanted = ["troubleshooting/index.md", "safety/scams.md", *TROUBLESHOOTING_PAGES]
    missing = [p for p in wanted if built(site_dir, p, lang) not in targets]
    assert not missing, f"start page ({lang}) does not link to {missing}"
    trees = []
    for sibling in page.find(id="guided").find_next_siblings():
        if sibling.name == "h2":
            break
        trees += [sibling] if sibling.name == "details" else sibling.find_all("details")
    assert trees, f"start page ({lang}): no decision tree (<details>) under 'guided' (<!-- tree: main -->)"


GLOSSARY_TERMS = ["收单", "收单机构", "特约商户", "受理协议", "结算", "结算账户", "商户编号", "终端编号", "批次号", "凭证号",
                  "参考号", "授权码", "签购单", "签到", "签退", "批上送", "冲正", "撤销", "退货", "预授权", "单边账", "调单",
                  "拒付", "风控", "风险准备金", "冻结", "日切", "T+1", "D+1", "费率", "二清", "跳码", "移机", "Ⅱ类户",
                  "联行号", "对公", "对私", "应答码", "发卡行"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_glossary_entries_have_both_names_an_id_and_a_link(site_dir, lang):
    html = built(site_dir, "reference/glossary.md", lang)
    here = html.relative_to(site_dir).as_posix()
    entries, problems = article(html).find_all("h3"), []
    assert len(entries) >= 40, f"glossary ({lang}) has only {len(entries)} entries"
    headings = " ".join(normalise(h.get_text(" ")) for h in entries)
    problems += [f"term {term!r} has no entry" for term in GLOSSARY_TERMS if term not in headings]
    for heading in entries:
        title = normalise(heading.get_text(" ")).rstrip("#").strip()
        if not heading.get("id"):
            problems.append(f"{title!r}: no id")
        same_in_both = re.fullmatch(r"[TD]\+\d( / [TD]\+\d)*", title)     # T+1, D+1: written alike in both
        if not same_in_both and (not CJK.search(title) or not re.search(r"[A-Za-z]", title)):
            problems.append(f"{title!r}: does not give the term in both languages")
        definition = heading.find_next_sibling()
        links = [a["href"] for a in definition.find_all("a", href=True)] if definition is not None else []
        if definition is None or definition.name != "p" or not [h for h in links if _built_target(site_dir, here, h)]:
            problems.append(f"{title!r}: no one-line definition linking to the page that explains it")
    assert not problems, f"glossary ({lang}):\n" + "\n".join(problems)


# -------------------------------------------------------------------------- 6. Chinese copy (autocorrect)

def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _zh_values(value):
    """The Chinese texts of a data file: every string under a key 'zh'."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "zh":
                yield from _strings(item)
            else:
                yield from _zh_values(item)
    elif isinstance(value, list):
        for item in value:
            yield from _zh_values(item)


def _configure_autocorrect():
    rc = REPO / ".autocorrectrc"
    if rc.is_file():
        autocorrect_py.load_config(rc.read_text(encoding="utf-8"))


def test_the_linter_still_flags_bad_chinese_copy():
    """Guards the next test: a configuration that switched the rules off would pass everything."""
    _configure_autocorrect()
    assert autocorrect_py.lint_for("刷卡后POS机显示交易成功,T+1结算3个工作日\n", "md").lines
    assert autocorrect_py.format_for("钱没到账,怎么办", "text") == "钱没到账，怎么办"


def test_chinese_pages_are_clean_under_autocorrect():
    """Markdown bodies are linted as Markdown; front matter values and the `zh` texts of data/ one by one as
    text, because autocorrect would turn the commas of a YAML flow list into full-width ones."""
    _configure_autocorrect()
    problems, files = [], zh_sources()
    for source in files:
        rel = source.relative_to(REPO).as_posix()
        meta, body, body_line, _ = kb_pages.split_front_matter(source.read_text(encoding="utf-8"), rel)
        for line in autocorrect_py.lint_for(body, "md").lines:
            problems.append(f"{rel}:{body_line + line.line - 1}: {line.old!r} -> {line.new!r}")
        for value in _strings(meta):
            if autocorrect_py.format_for(value, "text") != value:
                problems.append(f"{rel} (front matter): {value!r} -> {autocorrect_py.format_for(value, 'text')!r}")
    data_files = sorted((REPO / "data").rglob("*.yml"))
    for file in data_files:
        rel = file.relative_to(REPO).as_posix()
        for value in _zh_values(yaml.safe_load(file.read_text(encoding="utf-8"))):
            if autocorrect_py.format_for(value, "md") != value:
                problems.append(f"{rel}: {value!r} -> {autocorrect_py.format_for(value, 'md')!r}")
    print(f"autocorrect: {len(files)} Chinese Markdown files and {len(data_files)} data files linted")
    assert len(files) >= 2
    assert not problems, f"{len(problems)} Chinese copy problem(s):\n" + "\n".join(problems)


# ----------------------------------------------------------------------------------- 7. phone numbers

def official_numbers() -> set[str]:
    """The official lines pages may show (data/facts.yml, group 'hotlines', each with its checked date)."""
    data = yaml.safe_load((REPO / "data" / "facts.yml").read_text(encoding="utf-8")) or {}
    return {str(fact["value"]) for fact in data.values() if isinstance(fact, dict) and fact.get("group") == "hotlines"}


def test_no_page_prints_a_phone_number(site_dir):
    """Except the official lines of data/facts.yml (12363, 95516, 12378, 96110, 110)."""
    official = official_numbers()
    assert official >= {"12363", "95516", "12378"}
    problems, scanned = [], 0
    for html in pages_of(site_dir) + [site_dir / "404.html"]:
        page = _soup(html)
        body = page.body or page
        text = body.get_text(" ")
        scanned += 1
        dated = {m.group() for m in PHONE.finditer(text)
                 if m.group() in official and CHECKED.search(text, m.end(), m.end() + CHECKED_WITHIN)}
        for match in PHONE.finditer(text):
            if match.group() in dated:     # an official line, shown on this page with its checked date
                continue
            start = max(match.start() - 20, 0)
            problems.append(f"{html.relative_to(site_dir)}: {match.group()!r} in {normalise(text[start:match.end() + 20])!r}")
        problems += [f"{html.relative_to(site_dir)}: tel: link {a['href']!r}"
                     for a in body.find_all("a", href=True) if a["href"].lower().startswith("tel:")]
    assert scanned > 2
    assert not problems, "phone-number-like strings:\n" + "\n".join(problems)


def test_phone_pattern_catches_numbers_and_spares_codes():
    caught = ["请拨打95588咨询", "热线 400-123-4567", "手机13812345678", "电话 021-12345678", "投诉 12363",
              "call 10086 now"]
    spared = ["应答码 51", "一天刷卡 10000 元", "10000 − 60 − 200 = 9740 元", "批次号 000012", "商户编号 100000000000001", "Q/CUP 006.6-2015", "ISO 8583",
              "拒付原因码 4527", "2024-05-01", "RMB 128.00", "参考号 000000000001", "T+1", "30 天"]
    assert all(PHONE.search(s) for s in caught), [s for s in caught if not PHONE.search(s)]
    assert not any(PHONE.search(s) for s in spared), [s for s in spared if PHONE.search(s)]
