"""Issue 13 outside the facts: each page's last-change date (from git, with a labelled fallback in a shallow
clone and outside git), jargon explained on tap (abbreviations per language), 'report a mistake' on every
page, the handbook keeping the dates, and no file pointing outside the repository."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import REPO, built_page, fixture_site, mkdocs_build, pages_of
from kb import abbr, dates, handbook

# ---------------------------------------------------------------- no path outside the repository

# Built from pieces so that this file does not match itself.
OUTSIDE = re.compile("|".join([r"\.\./" + "shared", r"(?<![\w.-])/" + r"work/", "DOMAIN" + r"\.md"]))


def tracked_files() -> list[Path]:
    try:
        names = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, text=True, check=True).stdout
        return [REPO / name for name in names.split("\0") if name]
    except (OSError, subprocess.CalledProcessError):     # a copy outside git: every file but the local ones
        skip = {".venv", "site", "site-offline", "node_modules", ".pytest_cache", "__pycache__", ".git"}
        return [p for p in REPO.rglob("*") if p.is_file() and not skip & set(p.relative_to(REPO).parts)]


def test_no_file_refers_to_a_path_outside_the_repository():
    problems, read = [], 0
    for path in tracked_files():
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, FileNotFoundError):
            continue
        read += 1
        for number, line in enumerate(text.split("\n"), 1):
            if OUTSIDE.search(line):
                problems.append(f"{path.relative_to(REPO)}:{number}: {line.strip()[:120]}")
    assert read > 50
    assert not problems, ("files refer to paths outside the repository: cite the source by its own name "
                          "(data/sources.yml) instead:\n" + "\n".join(problems))


def test_the_outside_path_check_catches_what_it_is_for():
    # made-up names in the three forms the check refuses (a sibling folder, an absolute workspace path,
    # the facts file's name), built from parts so that this file does not trip its own check
    for line in ["see ../" + "shared/x.md", "# from /" + "work/x.md", "facts in " + "DOMAIN" + ".md"]:
        assert OUTSIDE.search(line), line
    for line in ["causes/fees.md#refunds", "https://example.org/network/", "hooks/kb/search.py"]:
        assert not OUTSIDE.search(line), line


# ---------------------------------------------------------------- dates: labels

def test_date_labels_say_where_the_date_came_from_in_each_language():
    assert dates.kind("abc", frozenset()) == dates.GIT
    assert dates.kind("abc", frozenset({"abc"})) == dates.SHALLOW
    assert dates.kind("", frozenset({"abc"})) == dates.BUILD
    assert "最后更新：2026年12月1日" in dates.label("2026年12月1日", "zh", dates.GIT)
    assert "Last updated: 1 Dec 2026 or earlier" in dates.label("1 Dec 2026", "en", dates.SHALLOW)
    assert "生成于 2026年12月1日（没有修改记录）" in dates.label("2026年12月1日", "zh", dates.BUILD)
    assert dates.status_message(True, False) is None
    assert "build date" in dates.status_message(False, False) and "--unshallow" in dates.status_message(True, True)


# ---------------------------------------------------------------- dates: fixture sites in and out of git

PAGES = {
    "index.md": "# 首页 { #home }\n\n正文。\n", "index.en.md": "# Home { #home }\n\nText.\n",
    "b.md": "# 乙 { #b }\n\n正文。\n", "b.en.md": "# B { #b }\n\nText.\n",
}
DATES = ["2025-01-10T12:00:00+00:00", "2025-06-15T12:00:00+00:00", "2026-03-20T12:00:00+00:00"]


def _git(cwd: Path, *args: str, when: str | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@localhost", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@localhost", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull}
    if when:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def _updated(site: Path, rel: str) -> str:
    found = built_page(site / rel).select_one("article .md-source-file")
    assert found is not None, f"{rel}: no date line"
    return " ".join(found.get_text("").split())


@pytest.mark.slow
def test_dates_come_from_git_and_a_shallow_clone_or_a_copy_outside_git_says_so(tmp_path):
    repo = tmp_path / "repo"
    config = fixture_site(repo, PAGES, files={"data/response-codes.yml": (REPO / "data/response-codes.yml").read_text(encoding="utf-8")})
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "first", when=DATES[0])
    (repo / "other.txt").write_text("not a page\n", encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "second", when=DATES[1])
    for rel in ("docs/b.md", "docs/b.en.md"):
        (repo / rel).write_text((repo / rel).read_text(encoding="utf-8") + "\n更多。\n", encoding="utf-8")
    _git(repo, "commit", "-qam", "third", when=DATES[2])

    full = mkdocs_build(config, tmp_path / "full", env={"HANDBOOK": "0"})
    assert full.returncode == 0, full.output
    assert _updated(tmp_path / "full", "index.html") == "最后更新：2025年1月10日"
    assert _updated(tmp_path / "full", "en/index.html") == "Last updated: January 10, 2025"
    assert _updated(tmp_path / "full", "en/b/index.html") == "Last updated: March 20, 2026"

    clone = tmp_path / "clone"
    _git(tmp_path, "clone", "-q", "--depth", "2", f"file://{repo}", str(clone))
    shallow = mkdocs_build(clone / "mkdocs.yml", tmp_path / "shallow", env={"HANDBOOK": "0"})
    assert shallow.returncode == 0, shallow.output
    assert "page dates: shallow clone" in shallow.output
    assert _updated(tmp_path / "shallow", "index.html") == "最后更新：不晚于 2025年6月15日", \
        "a page older than the clone's oldest commit shows that commit's date as 'or earlier'"
    assert _updated(tmp_path / "shallow", "en/index.html") == "Last updated: June 15, 2025 or earlier"
    assert _updated(tmp_path / "shallow", "en/b/index.html") == "Last updated: March 20, 2026", \
        "a page changed inside the clone's history keeps its exact date"

    copy = tmp_path / "copy"
    shutil.copytree(repo, copy, ignore=shutil.ignore_patterns(".git"))
    outside = mkdocs_build(copy / "mkdocs.yml", tmp_path / "outside", env={"HANDBOOK": "0"})
    assert outside.returncode == 0, outside.output
    assert "page dates: not a git checkout" in outside.output
    zh, en = _updated(tmp_path / "outside", "index.html"), _updated(tmp_path / "outside", "en/index.html")
    assert re.fullmatch(r"生成于 \d{4}年\d{1,2}月\d{1,2}日（没有修改记录）", zh), zh
    assert re.fullmatch(r"Built on [A-Z][a-z]+ \d{1,2}, \d{4} \(no change history\)", en), en


@pytest.mark.slow
def test_every_real_page_shows_its_last_change_in_its_language(site_dir):
    problems = []
    for page in pages_of(site_dir):
        rel = page.relative_to(site_dir).as_posix()
        text = _updated(site_dir, rel)
        want = r"Last updated: [A-Z][a-z]+ \d{1,2}, \d{4}" if rel.startswith("en/") else r"最后更新：\d{4}年\d{1,2}月\d{1,2}日"
        if not re.fullmatch(want, text):
            problems.append(f"{rel}: {text!r}")
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------- abbreviations

def _md(text: str) -> str:
    return markdown.markdown(text, extensions=["abbr", abbr.CJKAbbrExtension()])


def test_abbreviations_are_found_inside_chinese_text_and_not_inside_latin_words():
    out = _md("请核对联行号是否正确，POS机的TID和POSTER。\n\n*[联行号]: 网点行号\n*[TID]: 终端编号\n*[POS]: 终端")
    assert '<abbr title="网点行号">联行号</abbr>' in out, "Python-Markdown's \\b never matches inside running Chinese"
    assert '<abbr title="终端编号">TID</abbr>' in out and '<abbr title="终端">POS</abbr>机' in out
    assert "POSTER" in out and '<abbr title="终端">POS</abbr>TER' not in out, "a Latin term does not run into a word"
    headed = _md("## 联行号 { #x }\n\n[联行号](a.md) 和联行号\n\n*[联行号]: 网点行号")
    assert headed.count("<abbr") == 1, "headings and links are left alone: " + headed
    assert abbr.pattern(["T+1", "bank code"]).search("按 T+1 结算") and not abbr.pattern(["T+1"]).search("T+10")


@pytest.mark.slow
def test_built_pages_explain_jargon_per_language_and_the_snippet_stays_out_of_text_search_and_handbook(site_dir):
    zh_terms = dict(re.findall(r"^\*\[(.+?)\]:\s*(.+)$", (REPO / "includes/abbreviations.zh.md").read_text(encoding="utf-8"), re.M))
    en_terms = dict(re.findall(r"^\*\[(.+?)\]:\s*(.+)$", (REPO / "includes/abbreviations.en.md").read_text(encoding="utf-8"), re.M))
    for term in ["联行号", "批上送", "签到", "日切", "冲正", "收单机构"]:
        assert term in zh_terms, term
    for term in ["bank code", "batch upload", "sign-in", "daily cut-off", "reversal", "acquirer"]:
        assert term in en_terms, term
    seen = {"zh": {}, "en": {}}
    for page in pages_of(site_dir):
        lang = "en" if page.relative_to(site_dir).parts[0] == "en" else "zh"
        soup = built_page(page)
        article = soup.select_one("article")
        for node in article.select("abbr[title]"):
            seen[lang][node.get_text()] = node["title"]
        text = article.get_text(" ")
        assert "*[" not in text, f"{page}: abbreviation lines leaked into the text"
        chapter = handbook.chapter("x/", page.read_text(encoding="utf-8"), set(), site_dir)
        plain = BeautifulSoup(chapter.html, "html.parser").get_text(" ")
        for title in (zh_terms if lang == "zh" else en_terms).values():
            assert title not in plain, f"{page}: the explanation {title!r} is in the handbook text"
    assert {"联行号", "批上送", "签到", "日切", "冲正", "收单机构"} <= set(seen["zh"]), sorted(seen["zh"])
    assert {"bank code", "batch upload", "sign-in", "daily cut-off", "reversal", "acquirer"} <= set(seen["en"]), sorted(seen["en"])
    assert all(seen["zh"][t] == zh_terms[t] for t in seen["zh"]) and all(seen["en"][t] == en_terms[t] for t in seen["en"]), \
        "each language's pages carry that language's explanations"
    for lang, index in (("zh", site_dir / "search/search_index.json"), ("en", site_dir / "en/search/search_index.json")):
        text = index.read_text(encoding="utf-8")
        for title in (zh_terms if lang == "zh" else en_terms).values():
            assert title not in text, f"{lang} search index holds the explanation {title!r}"


# ---------------------------------------------------------------- report a mistake

def _report_link(page: Path):
    return built_page(page).select_one("article .kb-mistake a[href^='mailto:']")


@pytest.mark.slow
def test_every_page_has_a_report_link_with_its_address_and_language_filled_in(site_dir):
    email = yaml.safe_load(re.sub(r"!ENV \[FEEDBACK_EMAIL, (\"[^\"]+\")\]", r"\1", (REPO / "mkdocs.yml").read_text(encoding="utf-8")
                                  .split("feedback_email:")[1].split("\n")[0]))
    email = os.environ.get("FEEDBACK_EMAIL") or email
    problems = []
    for page in pages_of(site_dir):
        rel = page.relative_to(site_dir).as_posix()
        link = _report_link(page)
        if link is None:
            problems.append(f"{rel}: no report link")
            continue
        parts = urlsplit(link["href"])
        query = parse_qs(parts.query)
        en = rel.startswith("en/")
        path = "/" + rel.removesuffix("index.html")
        if parts.path != email:
            problems.append(f"{rel}: mails {parts.path}")
        if not query.get("subject") or not query.get("body"):
            problems.append(f"{rel}: no subject or body")
            continue
        body = query["body"][0]
        if path not in body or ("Language: English" if en else "语言：简体中文") not in body:
            problems.append(f"{rel}: body lacks the page or its language: {body[:80]!r}")
        if ("Report a mistake" in link.get_text()) != en or ("报告本页的错误" in link.get_text()) == en:
            problems.append(f"{rel}: link text in the wrong language: {link.get_text()!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_the_report_link_carries_the_address_the_browser_shows(page, site_url):
    page.goto(site_url + "en/causes/fees/")
    href = page.locator(".kb-mistake a").get_attribute("href")
    body = parse_qs(urlsplit(href).query)["body"][0]
    assert f"Page: {site_url}en/causes/fees/" in body and "Language: English" in body
    assert unquote(href).count("\n") >= 4, "one line per field, as typed into the e-mail"


# ---------------------------------------------------------------- the handbook keeps each page's date

def test_handbook_chapters_keep_the_date_and_drop_the_report_link():
    page = ('<article class="md-content__inner"><h1 id="t">T</h1><p>Text</p>'
            '<aside class="md-source-file"><span class="md-source-file__fact"><span class="kb-updated kb-updated--git">'
            'Last updated: December 1, 2026</span></span></aside>'
            '<p class="kb-mistake"><a href="mailto:x@example.org">Report a mistake</a></p></article>')
    chapter = handbook.chapter("causes/fees/", page, set(), Path("."))
    assert "Last updated: December 1, 2026" in chapter.html and "Report a mistake" not in chapter.html


@pytest.mark.slow
def test_the_pdf_handbooks_show_each_pages_date(handbook_dir, pdf_text):
    for lang, label in (("zh", "最后更新"), ("en", "Last updated")):
        count = pdf_text[lang].count(label)
        chapters = len(pages_of(handbook_dir, lang))
        assert count >= chapters, f"{lang} handbook: {count} dates for {chapters} chapters"


@pytest.mark.browser
@pytest.mark.parametrize("path, term", [("causes/settlement-account/", "联行号"), ("en/causes/payment-not-completed/", "reversal")])
def test_tapping_a_term_on_a_phone_shows_its_explanation(browser, site_url, path, term):
    context = browser.new_context(viewport={"width": 412, "height": 823}, is_mobile=True, has_touch=True)
    try:
        tab = context.new_page()
        tab.goto(site_url + path)
        node = tab.locator("article abbr[title]", has_text=term).first
        title = node.get_attribute("title")
        node.scroll_into_view_if_needed()
        node.tap()
        # the tip found shown with the whole explanation in one step in the page (two steps from here can miss a tip
        # that was shown and then closed in between, on a loaded machine)
        tab.wait_for_function("""title => [...document.querySelectorAll('.md-tooltip2__inner')]
            .some(tip => tip.checkVisibility() && tip.textContent.includes(title))""", arg=title, timeout=5000)
    finally:
        context.close()
