"""Composes one printable handbook per language from the built pages (hand-written: print-site
plugins build one language only with static-i18n, see DESIGN.md), for WeasyPrint to lay out."""
from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, SoupStrainer

CSS = Path(__file__).with_name("handbook.css")

TEXT = {
    "zh": {
        "title": "POS 机刷卡不进账处理手册",
        "subtitle": "商户、收银员与培训人员用",
        "built": "生成日期",
        "version": "版本",
        "contents": "目录",
        "note": "本手册由网站内容自动生成，内容仅供参考，以您与收单机构的合同为准。",
        "filename": "pos-handbook-zh.pdf",
    },
    "en": {
        "title": "Card payments not in your bank account: the handbook",
        "subtitle": "For merchants, cashiers and trainers",
        "built": "Built on",
        "version": "Version",
        "contents": "Contents",
        "note": "Generated from the website. For guidance only: your contract with your acquirer decides.",
        "filename": "pos-handbook-en.pdf",
    },
}

# Parts of a built page that are screen furniture, not content.
# The page's last-change date (.md-source-file) stays: a printed page says how current it is.
DROP = ".headerlink, .md-content__button, script, noscript, form, .handbook-link, .kb-mistake"


@dataclass
class Chapter:
    url: str        # the page's URL relative to the language root, e.g. 'causes/fees/' or '' for home
    title: str
    html: str       # the page's <article> inner HTML, ids and links already rewritten


def filename(lang: str) -> str:
    return TEXT[lang]["filename"]


def key(url: str) -> str:
    """One spelling per page, with or without directory URLs: 'causes/fees/', 'causes/fees.html' -> 'causes/fees'."""
    core = re.sub(r"(^|/)index\.html$", "", url.strip("/")).removesuffix(".html")
    return core.strip("/")


def slug(url: str) -> str:
    """The chapter's id in the handbook: 'causes/fees/' -> 'p-causes-fees'; the start page -> 'p-home'."""
    return "p-" + (re.sub(r"[^A-Za-z0-9]+", "-", key(url)) or "home")


def _site_path(current: str, path: str) -> str:
    """A relative path on the page at URL `current`, as a path from the site root."""
    folder = posixpath.dirname("/" + current + "x")    # the folder the browser resolves against
    return posixpath.normpath(posixpath.join(folder, path)).lstrip("/")


def _resolve(current: str, href: str) -> tuple[str, str] | None:
    """An internal href on the page at URL `current` -> (page key, fragment); None when external."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    return key(_site_path(current, parts.path) if parts.path else current), parts.fragment


def chapter(url: str, page_html: str, known: set[str], site_root: Path) -> Chapter:
    """Extracts a page's article and rewrites ids and links so all pages can share one document.

    `known` holds the key() of every page in the handbook; links to them become in-document links."""
    soup = BeautifulSoup(page_html, "html.parser", parse_only=SoupStrainer("article"))    # a third faster than whole
    article = soup.select_one("article.md-content__inner") or soup.new_tag("article")
    for node in article.select(DROP):
        node.decompose()
    prefix = slug(url)
    for node in article.select("[id]"):
        node["id"] = f"{prefix}--{node['id']}"
    for node in article.select("label[for]"):
        node["for"] = f"{prefix}--{node['for']}"
    for link in article.select("a[href]"):
        resolved = _resolve(url, link["href"])
        if resolved is None:
            link["class"] = link.get("class", []) + ["external"]
            continue
        target, fragment = resolved
        if target in known:
            link["href"] = f"#{slug(target)}--{fragment}" if fragment else f"#{slug(target)}"
        else:  # a file that is not a page (e.g. a PDF): keep it readable, not clickable
            link.unwrap()
    for image in article.select("img[src]"):
        src = urlsplit(image["src"])
        if not (src.scheme or src.netloc):
            image["src"] = (site_root / _site_path(url, src.path)).as_uri()
    for details in article.select("details"):
        details["open"] = ""
    heading = article.find("h1")
    title = heading.get_text(" ", strip=True) if heading else url
    return Chapter(url=url, title=title, html=article.decode_contents())


def document(chapters: list[Chapter], lang: str, built: str, version: str) -> str:
    """The whole handbook as one HTML document: cover, contents with page numbers, every chapter."""
    text = TEXT[lang]
    toc = "\n".join(
        f'<li><a href="#{slug(c.url)}">{html.escape(c.title)}</a></li>' for c in chapters
    )
    body = "\n".join(
        f'<section class="chapter" id="{slug(c.url)}">\n{c.html}\n</section>' for c in chapters
    )
    return f"""<!doctype html>
<html lang="{'zh-Hans' if lang == 'zh' else 'en'}">
<head><meta charset="utf-8"><title>{html.escape(text['title'])}</title>
<meta name="description" content="{html.escape(text['subtitle'])}">
<meta name="dcterms.created" content="{built}"></head>
<body class="lang-{lang}">
<section class="cover">
  <h1 class="cover-title">{html.escape(text['title'])}</h1>
  <p class="cover-subtitle">{html.escape(text['subtitle'])}</p>
  <p class="cover-meta">{text['built']}: {built} · {text['version']}: {html.escape(version)}</p>
  <p class="cover-note">{html.escape(text['note'])}</p>
</section>
<nav class="contents"><h1 class="contents-title">{text['contents']}</h1><ol>{toc}</ol></nav>
{body}
</body></html>"""


def render_pdf(document_html: str, target: Path, base: Path) -> None:
    """Lays the document out with WeasyPrint (expands <details>, embeds the CJK font, writes bookmarks)."""
    from weasyprint import CSS as WeasyCSS, HTML

    target.parent.mkdir(parents=True, exist_ok=True)
    HTML(string=document_html, base_url=str(base)).write_pdf(
        str(target), stylesheets=[WeasyCSS(filename=str(CSS))], optimize_images=True,
    )
