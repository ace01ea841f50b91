"""The foundation: strict bilingual build, language switch, bilingual 404, no third-party hosts, pins."""
from __future__ import annotations

import re
from importlib import metadata
from urllib.parse import urljoin, urlsplit


from conftest import REPO, built_page, pages_of

# Hosts that must never be loaded from: fonts, CDNs, analytics.
THIRD_PARTY = re.compile(
    r"fonts\.googleapis\.com|fonts\.gstatic\.com|unpkg\.com|cdn\.jsdelivr\.net|cdnjs\.cloudflare\.com|"
    r"googletagmanager\.com|google-analytics\.com|hm\.baidu\.com|cdn\.bootcdn\.net"
)
ASSET_ATTRS = {"script": "src", "img": "src", "iframe": "src", "source": "src", "audio": "src", "video": "src",
               "embed": "src", "object": "data"}


soup = built_page


def test_both_start_pages_exist(site_dir):
    assert (site_dir / "index.html").is_file()
    assert (site_dir / "en" / "index.html").is_file()
    assert soup(site_dir / "index.html").html["lang"].startswith("zh")
    assert soup(site_dir / "en" / "index.html").html["lang"] == "en"


def test_every_page_has_its_twin_and_the_switch_leads_there(site_dir):
    pages = pages_of(site_dir)
    zh = [p for p in pages if p.relative_to(site_dir).parts[0] != "en"]
    en = [p for p in pages if p.relative_to(site_dir).parts[0] == "en"]
    assert zh and len(zh) == len(en), f"{len(zh)} Chinese pages, {len(en)} English pages"
    for page in pages:
        rel = page.relative_to(site_dir).as_posix()
        is_en = rel.startswith("en/")
        twin = rel[3:] if is_en else f"en/{rel}"
        assert (site_dir / twin).is_file(), f"{rel} has no twin {twin}"
        links = {a["hreflang"]: a["href"] for a in soup(page).select("a.md-select__link[hreflang]")}
        assert set(links) == {"zh", "en"}, f"{rel}: language switch offers {sorted(links)}"
        target = links["zh" if is_en else "en"]
        url = urljoin(f"http://x/{rel}", target)
        resolved = urlsplit(url).path.lstrip("/")
        resolved = resolved + "index.html" if resolved.endswith("/") or not resolved else resolved
        assert resolved == twin, f"{rel}: the language switch leads to {resolved}, not its twin {twin}"


def test_404_page_speaks_both_languages(site_dir):
    page = soup(site_dir / "404.html")
    text = page.get_text(" ")
    assert "页面不存在" in text and "Page not found" in text
    hrefs = [a["href"] for a in page.select("article a[href]")]
    assert "/" in hrefs and "/en/" in hrefs


def test_no_page_loads_anything_from_another_host(site_dir):
    offenders = []
    for path in sorted(site_dir.rglob("*")):
        rel = path.relative_to(site_dir).as_posix()
        if path.suffix == ".html":
            doc = soup(path)
            for tag, attr in ASSET_ATTRS.items():
                for el in doc.find_all(tag):
                    if el.get(attr) and urlsplit(el[attr]).netloc:
                        offenders.append(f"{rel}: <{tag} {attr}={el[attr]}>")
            for el in doc.find_all("link", href=True):
                if urlsplit(el["href"]).netloc and el.get("rel", [""])[0] != "canonical":
                    offenders.append(f"{rel}: <link rel={el.get('rel')} href={el['href']}>")
            for el in doc.find_all(style=True):
                if "url(http" in el["style"] or "url(//" in el["style"]:
                    offenders.append(f"{rel}: inline style {el['style']}")
            if THIRD_PARTY.search(path.read_text(encoding="utf-8")):
                offenders.append(f"{rel}: mentions {THIRD_PARTY.search(path.read_text(encoding='utf-8')).group(0)}")
        elif path.suffix == ".css":
            css = path.read_text(encoding="utf-8")
            for found in re.findall(r"(?:url\(\s*['\"]?|@import\s+['\"])((?:https?:)?//[^'\")\s]+)", css):
                offenders.append(f"{rel}: {found}")
    assert not offenders, "third-party requests in the built site:\n" + "\n".join(offenders)


def test_requirements_are_exact_pins_and_installed():
    pins = {}
    for line in (REPO / "requirements.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            assert re.fullmatch(r"[A-Za-z0-9_.\-]+==[A-Za-z0-9_.+\-]+", line), f"not an exact pin: {line!r}"
            name, version = line.split("==")
            pins[name.lower().replace("_", "-")] = version
    for name, version in pins.items():
        assert metadata.version(name) == version, f"{name}: installed {metadata.version(name)}, pinned {version}: run `make venv`"


def test_major_versions_the_site_is_built_for():
    expected = {"mkdocs": "1.", "mkdocs-material": "9.", "mkdocs-static-i18n": "1.", "pymdown-extensions": "13.",
                "jieba": "0.42.", "playwright": "1.", "weasyprint": "70."}
    for name, prefix in expected.items():
        assert metadata.version(name).startswith(prefix), f"{name} {metadata.version(name)} is not {prefix}x: MkDocs 2 or a new major version slipped in"
