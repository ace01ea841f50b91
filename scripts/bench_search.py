"""Search benchmark and browser driver: types queries into the built site's search bar in headless Chromium and times keystroke to results, and weighs each language's index; nothing existing measures this.

Standalone:  .venv/bin/python scripts/bench_search.py [SITE_DIR]   (default: site/)
Imported:    measure(site_dir) -> dict   (scripts/bench.py), SearchBar (tests/test_search.py)
"""
from __future__ import annotations

import functools
import gzip
import http.server
import io
import json
import os
import statistics
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import yaml

REPO = Path(__file__).resolve().parents[1]
QUERIES = REPO / "tests" / "search_queries.yml"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync",
]
LANG_ROOT = {"zh": "", "en": "en/"}           # where each language's pages and index live
INDEX = {lang: f"{root}search/search_index.json" for lang, root in LANG_ROOT.items()}

# Records, in the page, when the text in the search bar changes (the keystroke's input event, which
# comes before its keyup; Material may answer before the keyup arrives) and when the result area
# next changes: keystroke-to-results time without Playwright's round trips.
TIMER = """() => {
  if (window.__kbSearch) return;
  const t = window.__kbSearch = {down: 0, shown: 0};
  document.addEventListener("input", ev => {
    if (ev.target.matches && ev.target.matches(".md-search__input")) { t.down = performance.now(); t.shown = 0; }
  }, true);
  new MutationObserver(() => { if (t.down && !t.shown) t.shown = performance.now(); })
    .observe(document.querySelector(".md-search-result"), {childList: true, subtree: true, characterData: true});
}"""


def load_queries(path: Path = QUERIES) -> dict[str, list[dict]]:
    """{'zh': [{'q': ..., 'page': ...}, ...], 'en': [...]} from a query file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {lang: [{"q": str(item["q"]), "page": item["page"], **({"known_miss": item["known_miss"]} if item.get("known_miss") else {})}
                   for item in data[lang]] for lang in LANG_ROOT}


def page_url(page: str, directory_urls: bool = True) -> str:
    """Site-relative URL of a docs page within its language: 'causes/index.md' -> 'causes/'."""
    stem = page[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        folder = stem[: -len("index")]
        return folder if directory_urls else folder + "index.html"
    return stem + "/" if directory_urls else stem + ".html"


def split_result(href: str, root: str) -> tuple[str, str]:
    """(language, language-relative URL) of a result link; root is the site's base URL."""
    path = href.split("?", 1)[0].split("#", 1)[0]
    if not path.startswith(root):
        return "elsewhere", path
    rel = path[len(root):]
    for lang, prefix in LANG_ROOT.items():
        if prefix and rel.startswith(prefix):
            return lang, rel[len(prefix):]
    return "zh", rel


# The links of the results shown, best first, or null while none is shown.
RESULT_LINKS = """() => { const items = [...document.querySelectorAll('.md-search-result__item')];
                          return items.length ? items.map(li => { const a = li.querySelector('a'); return a ? a.href : ''; }) : null; }"""


class SearchBar:
    """The search bar of one language's home page, driven as a person would (click, type, read)."""

    def __init__(self, page, root: str, lang: str):
        self.page, self.root, self.lang = page, root, lang
        self.directory_urls = not root.startswith("file:")
        home = root + LANG_ROOT[lang] + ("" if self.directory_urls else "index.html")
        page.goto(home)
        page.evaluate(TIMER)
        translations = json.loads(page.locator("#__config").text_content())["translations"]
        self.placeholder, self.none = translations["search.result.placeholder"], translations["search.result.none"]
        page.locator(".md-search__input").click()
        self.query("")          # index loaded, worker ready

    def query(self, text: str, timeout: float = 15000) -> tuple[list[tuple[str, str]], float]:
        """Types `text`; returns ([(language, URL) of each result, best first], ms keyup -> results)."""
        box = self.page.locator(".md-search__input")
        if box.input_value():
            box.fill("")
            box.press("End")
            self.page.wait_for_function(       # cleared: the placeholder, and none of the last results left
                """p => document.querySelector('.md-search-result__meta').textContent.trim() === p
                        && document.querySelector('.md-search-result__item') === null""",
                arg=self.placeholder, timeout=timeout)
        if not text:
            box.press("End")
            return [], 0.0
        box.fill(text)
        box.press("End")
        # answered: the result area changed since the keystroke and shows results, read in the same
        # step (Material may re-render the list right after), or says there are none
        hrefs = self.page.wait_for_function(
            """([placeholder, none]) => { const t = window.__kbSearch;
                      const meta = document.querySelector('.md-search-result__meta').textContent.trim();
                      if (!(t.shown > t.down) || meta === placeholder) return null;
                      return (""" + RESULT_LINKS + """)() || (meta === none ? [] : null); }""",
            arg=[self.placeholder, self.none], timeout=timeout).json_value()
        if not hrefs:       # 'none' may be Material showing a late answer to the cleared box: give ours a second
            from playwright.sync_api import TimeoutError as PlaywrightTimeout
            try:
                hrefs = self.page.wait_for_function(RESULT_LINKS, timeout=1000).json_value()
            except PlaywrightTimeout:
                pass
        ms = self.page.evaluate("() => window.__kbSearch.shown - window.__kbSearch.down")
        return [split_result(h, self.root) for h in hrefs], ms

    def rank(self, results: list[tuple[str, str]], page: str) -> int | None:
        """1-based position of `page` (this language) in the results, None when absent."""
        want = page_url(page, self.directory_urls)
        for position, (lang, url) in enumerate(results, 1):
            if lang == self.lang and url == want:
                return position
        return None


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves text files gzip-compressed when asked, as any real static host does (GitHub Pages, nginx)."""
    TEXT = (".html", ".css", ".js", ".json", ".svg", ".xml")

    def log_message(self, *args):
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not path.endswith(self.TEXT) or not os.path.isfile(path):
            return super().send_head()
        with open(path, "rb") as f:
            data = gzip.compress(f.read(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        return io.BytesIO(data)


@contextmanager
def serve(site_dir: Path):
    """The built site on a loopback port, gzip like a real host; yields its base URL (ending in '/')."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


@contextmanager
def chromium():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def run_queries(browser, root: str, queries: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """Every query typed into its language's search bar: rank of the expected page, timing, and
    any result from the other language."""
    out: dict[str, list[dict]] = {}
    for lang, items in queries.items():
        context = browser.new_context()
        try:
            bar = SearchBar(context.new_page(), root, lang)
            rows = []
            for item in items:
                results, ms = bar.query(item["q"])
                rows.append({**item, "rank": bar.rank(results, item["page"]), "ms": ms,
                             "top": [url for _, url in results[:3]],
                             "foreign": [f"{l}:{u}" for l, u in results if l != lang]})
            out[lang] = rows
        finally:
            context.close()
    return out


def index_sizes(site_dir: Path) -> dict[str, dict[str, int]]:
    sizes = {}
    for lang, rel in INDEX.items():
        data = (site_dir / rel).read_bytes()
        sizes[lang] = {"bytes": len(data), "gzip_bytes": len(gzip.compress(data, 9)),
                       "entries": len(json.loads(data)["docs"])}
    return sizes


def measure(site_dir: Path) -> dict:
    """Index size per language and keystroke-to-results time (median, worst) over the query set."""
    site_dir = Path(site_dir)
    result: dict = {"index": index_sizes(site_dir), "search": {}}
    queries = load_queries()
    with serve(site_dir) as root, chromium() as browser:
        started = time.perf_counter()
        runs = run_queries(browser, root, queries)
        result["search_wall_s"] = round(time.perf_counter() - started, 2)
    for lang, rows in runs.items():
        times = [r["ms"] for r in rows]
        result["search"][lang] = {
            "queries": len(rows),
            "keystroke_to_results_ms_median": round(statistics.median(times), 1),
            "keystroke_to_results_ms_worst": round(max(times), 1),
            "top3_hits": sum(1 for r in rows if r["rank"] and r["rank"] <= 3),
            "cross_language_results": sum(len(r["foreign"]) for r in rows),
        }
    return result


def main(argv: list[str]) -> int:
    site_dir = Path(argv[1]) if len(argv) > 1 else REPO / "site"
    if not (site_dir / INDEX["zh"]).is_file():
        print(f"{site_dir}: no built site with search indexes; run `make build` first", file=sys.stderr)
        return 2
    print(json.dumps(measure(site_dir), indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
