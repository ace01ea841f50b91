"""The PDF handbooks (one per language), the print stylesheet, and the offline copy from file://."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import REPO, built_page, flat_text, pages_of, pdf_pages, pdf_xml, pdftotext, poppler
from kb import handbook
from kb import trees as kb_trees

PDFS = {"zh": "pos-handbook-zh.pdf", "en": "pos-handbook-en.pdf"}
CJK = re.compile(r"[\u3400-\u9fff]")


def article_title(page: Path) -> str:
    heading = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("article h1")
    for permalink in heading.select(".headerlink"):
        permalink.decompose()
    return heading.get_text(" ", strip=True)


def squash(text: str) -> str:
    """pdftotext breaks lines and spreads words; compare without any white space."""
    return re.sub(r"\s+", "", text)


# ---- unit: composition -------------------------------------------------------------------------

def test_page_keys_are_the_same_with_and_without_directory_urls():
    assert handbook.key("causes/fees/") == handbook.key("causes/fees.html") == "causes/fees"
    assert handbook.key("") == handbook.key("index.html") == ""
    assert handbook.key("en/causes/index.html") == handbook.key("en/causes/") == "en/causes"
    assert handbook.slug("") == "p-home" and handbook.slug("en/causes/fees/") == "p-en-causes-fees"


def test_chapter_rewrites_ids_and_links_into_one_document(tmp_path):
    page = """<html><body><article class="md-content__inner md-typeset">
      <h1 id="fees">Fees<a class="headerlink" href="#fees">#</a></h1>
      <p><a href="../settlement-account/#frozen">frozen</a> <a href="#fees">here</a>
         <a href="https://www.pbc.gov.cn/">PBoC</a> <a href="../../pos-handbook-en.pdf">pdf</a></p>
      <details class="question"><summary>Q</summary><p>A</p></details>
      <script>alert(1)</script></article></body></html>"""
    chapter = handbook.chapter("en/causes/fees/", page, {"en/causes/fees", "en/causes/settlement-account"}, tmp_path)
    soup = BeautifulSoup(chapter.html, "html.parser")
    assert chapter.title == "Fees"
    assert soup.h1["id"] == "p-en-causes-fees--fees"
    hrefs = [a["href"] for a in soup.find_all("a")]
    assert hrefs == ["#p-en-causes-settlement-account--frozen", "#p-en-causes-fees--fees", "https://www.pbc.gov.cn/"]
    assert "external" in soup.find("a", href="https://www.pbc.gov.cn/")["class"]
    assert soup.details.has_attr("open") and not soup.script and not soup.select(".headerlink")
    assert "pdf" in soup.get_text()          # a link to a non-page keeps its text


# ---- the built handbooks -------------------------------------------------------------------------

def test_every_page_links_to_its_language_handbook(site_dir):
    for page in pages_of(site_dir):
        rel = page.relative_to(site_dir).as_posix()
        lang = "en" if rel.startswith("en/") else "zh"
        link = built_page(page).select_one(".handbook-link a[href]")
        assert link, f"{rel}: no handbook link"
        assert link.get_text(strip=True) == ("Download the handbook (PDF)" if lang == "en" else "下载手册（PDF）")
        target = urlsplit(urljoin(f"http://x/{rel}", link["href"])).path.lstrip("/")
        assert target == PDFS[lang], f"{rel}: handbook link leads to {target}"
    # that the PDFs are there: the PDF tests (marked slow: `make check` builds without them)


@pytest.mark.slow
def test_handbooks_hold_every_page_in_their_language(site_dir, pdf_text):
    for lang, text in pdf_text.items():
        body = squash(text)
        for page in pages_of(site_dir, lang):
            title = squash(article_title(page))
            assert body.count(title) >= 2, f"{PDFS[lang]} lacks the page '{title}' in its contents or its body ({page.relative_to(site_dir)})"
        cjk_share = len(CJK.findall(text)) / max(1, len(re.sub(r"\s", "", text)))
        if lang == "en":
            assert cjk_share < 0.05, f"the English handbook is {cjk_share:.0%} Chinese characters"
        else:
            assert cjk_share > 0.4, f"the Chinese handbook is only {cjk_share:.0%} Chinese characters"


@pytest.mark.slow
def test_handbooks_have_cover_contents_page_numbers_and_bookmarks(handbook_dir, handbook_reads):
    expected_title = {lang: handbook.TEXT[lang]["title"] for lang in PDFS}
    for lang, name in PDFS.items():
        pdf = handbook_dir / name
        pages = pdf_pages(pdf)
        chapters = len(pages_of(handbook_dir, lang))
        assert chapters + 2 <= pages <= chapters * 8, f"{name}: {pages} pages for {chapters} chapters"
        assert pdf.stat().st_size <= 10 * 1024 * 1024, f"{name} is {pdf.stat().st_size / 1e6:.1f} MB"
        first_page = pdftotext(pdf, "-f", "1", "-l", "1")
        assert squash(expected_title[lang]) in squash(first_page)
        assert re.search(r"\d{4}-\d{2}-\d{2}", first_page), "the cover shows no build date"
        contents = pdftotext(pdf, "-layout", "-f", "2", "-l", "3")
        assert handbook.TEXT[lang]["contents"] in contents
        assert re.search(r"\.{5,}\s*\d+\s*$", contents, re.M), "the contents list no page numbers"
        last = pdftotext(pdf, "-f", str(pages), "-l", str(pages))
        assert re.search(rf"(^|\n)\s*{pages}\s*(\n|$)", last), "the last page carries no page number"
        bookmarks = re.findall(r"<item page=\"\d+\">", handbook_reads[lang]["xml"])
        assert len(bookmarks) >= chapters, f"{name}: {len(bookmarks)} bookmarks for {chapters} chapters"


@pytest.mark.slow
def test_handbook_fonts_are_embedded(handbook_dir):
    for name in PDFS.values():
        rows = poppler("pdffonts", str(handbook_dir / name)).splitlines()[2:]
        assert rows, f"{name} uses no fonts"
        for row in rows:
            assert row.split()[-5] == "yes", f"{name}: font not embedded: {row}"
        assert any("CJK" in row for row in rows), f"{name}: no CJK font embedded"


@pytest.mark.slow
def test_handbook_shows_every_collapsed_block_expanded(site_dir, pdf_text):
    """Every <details> summary and body text of the site is in the PDF (pages print fully expanded)."""
    for lang, text in pdf_text.items():
        body = squash(text)
        for page in pages_of(site_dir, lang):
            article = built_page(page).select_one("article")
            for details in article.select("details"):
                for part in details.find_all(["summary", "p"], recursive=False):
                    words = squash(part.get_text(" ", strip=True))[:40]
                    assert words in body, f"{PDFS[lang]} lacks '{words}' from a collapsed block on {page.relative_to(site_dir)}"


@pytest.mark.slow
def test_handbook_holds_every_decision_tree_branch_in_its_language(pdf_text):
    """Every question, answer, leaf title and link label of every tree, from the tree data itself."""
    plain = re.compile(r"\[([^\]]*)\]\([^)]*\)|[*_`]")          # Markdown links and emphasis -> text
    for file in sorted((REPO / "data" / "trees").glob("*.yml")):
        tree = kb_trees.parse(file.read_text(encoding="utf-8"), file.stem, file.name)
        for lang, text in pdf_text.items():
            body = squash(text)
            missing = []
            for node in tree.nodes.values():
                parts = [node.q, node.title] + [answer.text for answer in node.answers] + [link.text for link in node.links]
                for part in parts:
                    words = squash(plain.sub(lambda m: m.group(1) or "", part.get(lang, "")))
                    if words and words not in body:
                        missing.append(f"{node.id}: {part.get(lang)}")
            assert not missing, f"{PDFS[lang]} lacks branches of {file.name}:\n" + "\n".join(missing[:10])


def titles_of(site_dir: Path, lang: str) -> set[str]:
    """Every heading (h2-h6), admonition title and <details> summary of the built pages of one language,
    squashed as the PDF's text is: the lines that must never end a page of the handbook."""
    found = set()
    for page in pages_of(site_dir, lang):
        article = built_page(page).select_one("article")
        for el in article.select("h2, h3, h4, h5, h6, .admonition-title, details > summary"):
            text = squash(flat_text(el))
            if len(text) >= 3:
                found.add(text)
    return found


def stranded_titles(xml: str, titles: set[str]) -> list[str]:
    """Pages of a PDF (its pdf_xml) whose last lines (the page number left out) are a whole title set in bold: the
    title sits at the foot of the page and its first lines start the next. Read with poppler's
    pdftohtml, which marks bold text: a link or a table cell holding a title's words is not bold."""
    import xml.etree.ElementTree as ET
    root = ET.fromstring(xml.split("\n", 2)[2])
    stranded = []
    for page in root.iter("page"):
        lines: dict[int, list[tuple[str, bool]]] = {}
        for text in page.iter("text"):
            words = "".join(text.itertext())
            bold = any(b.text and squash(b.text) == squash(words) for b in text.iter("b"))
            lines.setdefault(int(text.get("top")), []).append((words, bold))
        rows = [lines[top] for top in sorted(lines) if squash("".join(w for w, _ in lines[top]))]
        if rows and re.fullmatch(r"\d+", squash("".join(w for w, _ in rows[-1]))):
            rows.pop()
        for k in range(1, min(3, len(rows)) + 1):
            last = [item for row in rows[-k:] for item in row]
            text = squash("".join(w for w, _ in last))
            if text in titles and all(bold for _, bold in last):
                stranded.append(f"page {page.get('number')} ends with the title '{text}'")
    return stranded


def test_the_stranded_title_check_finds_a_title_at_a_page_foot_and_not_a_link_or_a_table_cell(tmp_path):
    """A small PDF: page 1 ends with a heading (its text starts page 2), page 2 with a line whose last
    words are that title (a link), page 3 with a table cell holding it. Only page 1 is reported."""
    import weasyprint
    html = f"""<style>@page {{ size: A6; margin: 10mm }} body {{ font: 9pt/1.4 sans-serif }}</style>
      <p>{"Settlement is paid on the next working day. " * 6}</p>
      <h2 style="break-after: page">Fake text messages</h2><p>Typical scam texts say your terminal needs an upgrade.</p>
      <p>{"Word " * 30}Read more: Fake text messages</p>
      <table style="break-before: page"><tr><td style="width: 60%">Everything else arrived</td><td>Fake text messages</td></tr></table>"""
    pdf = tmp_path / "t.pdf"
    weasyprint.HTML(string=html).write_pdf(pdf)
    assert stranded_titles(pdf_xml(pdf), {"Faketextmessages"}) == ["page 1 ends with the title 'Faketextmessages'"]


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_heading_or_block_title_ends_a_page_of_the_handbook(handbook_dir, handbook_reads, lang):
    """Headings, admonition titles, tree answers and leaf titles stay on the page of their first lines."""
    titles = titles_of(handbook_dir, lang)
    assert len(titles) > 100, f"only {len(titles)} titles found in the {lang} pages"
    stranded = stranded_titles(handbook_reads[lang]["xml"], titles)
    assert not stranded, f"{PDFS[lang]}: " + "; ".join(stranded)


# ---- print one page ------------------------------------------------------------------------------

@pytest.mark.browser
def test_printing_a_page_hides_chrome_expands_blocks_and_shows_link_addresses(page, site_url, site_dir):
    source = next(p for p in pages_of(site_dir)
                  if p.relative_to(site_dir).parts[0] != "en" and "<details" in p.read_text(encoding="utf-8"))
    page.goto(urljoin(site_url, source.relative_to(site_dir).as_posix()))
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert not page.locator(".md-header").is_visible()
    assert not page.locator(".md-sidebar--primary").is_visible()
    assert not page.locator(".handbook-link").is_visible()
    # a tree's question or result met again (inside .tree-again) prints as its title only, by design
    hidden = page.evaluate("""() => [...document.querySelectorAll('article details > :not(summary)')]
        .filter(el => !el.parentElement.closest('.tree-again'))
        .filter(el => el.getBoundingClientRect().height === 0 && el.textContent.trim()).length""")
    assert hidden == 0, f"{hidden} blocks inside collapsed details stay hidden in print"
    assert page.locator("article .tree-again").count() > 0 and page.locator("article details > summary").count() > 20
    external = page.locator("article a[href^='http']")
    if external.count():
        after = external.first.evaluate("a => getComputedStyle(a, '::after').content")
        assert "http" in after


# ---- the offline copy ----------------------------------------------------------------------------

@pytest.mark.xdist_group("offline")
@pytest.mark.slow
def test_offline_copy_has_no_directory_urls_and_no_remote_script(offline_dir):
    assert (offline_dir / "index.html").is_file() and (offline_dir / "en" / "index.html").is_file()
    for lang_dir in (offline_dir, offline_dir / "en"):
        assert (lang_dir / "search" / "search_index.js").is_file()
    html = (offline_dir / "en" / "index.html").read_text(encoding="utf-8")
    assert "unpkg.com" not in html and "iframe-worker-1.0.4/shim.js" in html


@pytest.mark.xdist_group("offline")
@pytest.mark.browser
@pytest.mark.slow
def test_offline_copy_works_from_file_urls(page, offline_dir):
    start = (offline_dir / "index.html").as_uri()
    page.goto(start)
    assert page.locator("article h1").count() == 1
    # a page reached by a link
    link = page.locator("nav.md-nav--primary a.md-nav__link[href$='.html']").nth(1)
    href = link.get_attribute("href")
    link.click()
    page.wait_for_load_state()
    assert page.url.endswith(href.split("/")[-1]) and page.locator("article h1").count() == 1
    # the language switch
    page.goto(start)
    page.locator("a.md-select__link[hreflang='en']").first.dispatch_event("click")
    page.wait_for_url("**/en/index.html")
    assert page.evaluate("document.documentElement.lang") == "en"
    # a search in each language, results that open
    for url, query, lang in ((start, "冲正", "zh"), ((offline_dir / "en" / "index.html").as_uri(), "refund", "en")):
        page.goto(url)
        box = page.locator("input.md-search__input")
        box.click()
        box.fill(query)
        box.press("End")
        results = page.locator(".md-search-result__item a")
        results.first.wait_for(state="attached", timeout=15000)
        hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
        assert all(("/en/" in urljoin(url, h)) == (lang == "en") for h in hrefs), f"{lang} search shows the other language: {hrefs}"
        page.goto(urljoin(url, hrefs[0]))
        assert page.url.startswith("file://") and page.locator("article h1").count() == 1
    outside = [u for u in page.requests if not u.startswith(("file://", "data:", "about:", "blob:"))]
    assert not outside, f"the offline copy asked the network for {outside}"
