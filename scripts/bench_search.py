"""Search benchmark and browser driver: types queries into the built site's search bar in headless Chromium and times keystroke to results, and weighs each language's index; nothing existing measures this.

Standalone:  .venv/bin/python scripts/bench_search.py [SITE_DIR]   (default: site/)
             .venv/bin/python scripts/bench_search.py --record [SITE_DIR]   rewrites tests/search_baseline.yml:
             each query file's hits and misses today, the record the query-file tests measure drops against
Imported:    measure(site_dir) -> dict   (scripts/bench.py), SearchBar and SearchWorker (tests/test_search.py)
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

import yaml

REPO = Path(__file__).resolve().parents[1]
QUERIES = REPO / "tests" / "search_queries.yml"
# Debian's build of Chromium's headless shell (package chromium-headless-shell), the binary Playwright itself runs for
# headless tests: measured on this suite's pages, it loads a page in about half the time of `chromium --headless=new`
# and the whole `make test` took 685 s of wall time against 1076 s. Lighthouse needs the full browser (scripts/bench.py).
CHROMIUM = os.environ.get("CHROMIUM", "/usr/lib/chromium/chromium-headless-shell")
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
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))   # libyaml: 10x faster
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


# Keeps a handle on the search worker Material starts on the page (an init script, run before the page's
# own scripts), notes when it is ready (Material's worker answers READY (1) once it has its index), and
# numbers the QUERY (2) messages posted to it and the RESULT (3) messages it answers: the worker answers
# every query once, in order, so the n-th result answers the n-th query, whoever posted it (Material's
# own search bar posts an empty query as soon as the worker is ready).
CAPTURE_WORKER = """(() => {
  const Native = window.Worker;
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      this.__kbPosted = 0;
      this.__kbAnswers = [];
      (window.__kbWorkers = window.__kbWorkers || []).push(this);
      this.addEventListener("message", ev => {
        if (ev.data && ev.data.type === 1) this.__kbReady = true;
        if (ev.data && ev.data.type === 3) {
          this.__kbAnswers.push(ev.data.data);
          (this.__kbWaiting.get(this.__kbAnswers.length) || (() => {}))();
          if (this.__kbBatch) ev.stopImmediatePropagation();
        }
      });
      this.__kbWaiting = new Map();
    }
    postMessage(message, ...rest) {
      if (message && message.type === 2) this.__kbPosted++;
      return super.postMessage(message, ...rest);
    }
  };
})()"""

# Posts each query to that worker exactly as the search bar does (Material 9.8.2 sends the input's value
# as a QUERY message and renders the RESULT it gets back), one after another, takes the result with the
# query's own number, and reads each result's link as Material's result list renders it: a group's link
# is its first entry without '#' (else its last), resolved against the config's base
# (templates/search/index.tsx). While a batch runs, its answers stop at CAPTURE_WORKER's listener:
# Material's result list, which nobody sees, does not render them (that rendering was half the
# batch's time; the answers are the same, see tests/test_search.py).
BATCH = """async queries => {
  const worker = window.__kbWorkers[0];
  const base = new URL(JSON.parse(document.querySelector("#__config").textContent).base, location.href);
  const href = group => {
    const i = group.findIndex(doc => !doc.location.includes("#"));
    return `${new URL((i < 0 ? group[group.length - 1] : group[i]).location, base)}`;
  };
  const out = [];
  worker.__kbBatch = true;
  for (const query of queries) {
    worker.postMessage({type: 2, data: query});
    const number = worker.__kbPosted;
    if (worker.__kbAnswers.length < number)
      await new Promise(resolve => worker.__kbWaiting.set(number, resolve));
    worker.__kbWaiting.delete(number);
    out.push(worker.__kbAnswers[number - 1].items.map(href));
    worker.__kbAnswers[number - 1] = null;         // read: its pages' texts need not stay in memory
  }
  worker.__kbBatch = false;
  return out;
}"""


class SearchWorker:
    """The search worker of one language's home page, sent many queries in one batch: the same worker,
    index and ranking the search bar uses, without the keystrokes (tests/test_search.py proves both
    give the same first three results on a sample)."""

    def __init__(self, page, root: str, lang: str):
        self.page, self.root, self.lang = page, root, lang
        page.add_init_script(CAPTURE_WORKER)
        page.goto(root + LANG_ROOT[lang])
        page.wait_for_function("() => window.__kbWorkers && window.__kbWorkers[0].__kbReady", timeout=30000)

    def queries(self, texts: list[str]) -> list[list[tuple[str, str]]]:
        """[(language, URL) of each result, best first] for each query, in order."""
        return [[split_result(h, self.root) for h in hrefs] for hrefs in self.page.evaluate(BATCH, list(texts))]

    def rank(self, results: list[tuple[str, str]], page: str) -> int | None:
        return SearchBar.rank(self, results, page)

    directory_urls = True


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


BASELINE = REPO / "tests" / "search_baseline.yml"


def query_files() -> list[Path]:
    """The held-out and tuning query files (every tests/search_*.yml but the query set and the baseline)."""
    return sorted(p for p in (REPO / "tests").glob("search_*.yml") if p not in (QUERIES, BASELINE))


def score(worker: "SearchWorker", items: list[dict]) -> list[dict]:
    """Each query sent to the worker: its expected page's rank, the first three results, any from elsewhere."""
    rows = []
    for item, results in zip(items, worker.queries([i["q"] for i in items])):
        rows.append({**item, "rank": worker.rank(results, item["page"]), "top": [url for _, url in results[:3]],
                     "foreign": [f"{l}:{u}" for l, u in results if l != worker.lang]})
    return rows


def record(site_dir: Path) -> dict:
    """Scores every query file through the search worker and writes BASELINE: per file and language,
    the hits in the first three and the queries missed."""
    out: dict = {}
    with serve(site_dir) as root, chromium() as browser:
        for lang in LANG_ROOT:
            context = browser.new_context()
            try:
                worker = SearchWorker(context.new_page(), root, lang)
                for path in query_files():
                    rows = score(worker, load_queries(path)[lang])
                    misses = [r["q"] for r in rows if not (r["rank"] and r["rank"] <= 3)]
                    out.setdefault(path.name, {})[lang] = {"hits": len(rows) - len(misses), "queries": len(rows),
                                                           "misses": misses}
            finally:
                context.close()
    header = ("# Hits in the first three results per query file and language, and the queries missed, as\n"
              "# recorded by `scripts/bench_search.py --record` (the search worker in Chromium, on the built site).\n"
              "# tests/test_search.py fails a file that drops below max(90%, hits - margin) and lists the queries\n"
              "# that moved. Re-record after a search change that is meant to move them, and say so in the commit.\n")
    BASELINE.write_text(header + yaml.safe_dump(out, allow_unicode=True, sort_keys=True, width=200), encoding="utf-8")
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
    recording = "--record" in argv
    args = [a for a in argv[1:] if a != "--record"]
    site_dir = Path(args[0]) if args else REPO / "site"
    if not (site_dir / INDEX["zh"]).is_file():
        print(f"{site_dir}: no built site with search indexes; run `make build` first", file=sys.stderr)
        return 2
    if recording:
        for name, langs in record(site_dir).items():
            print(name, "  ".join(f"{lang} {v['hits']}/{v['queries']}" for lang, v in langs.items()))
        print(f"wrote {BASELINE.relative_to(REPO)}")
        return 0
    print(json.dumps(measure(site_dir), indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
