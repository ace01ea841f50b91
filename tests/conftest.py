"""Shared fixtures: build the real site once, serve it on loopback, drive Debian's Chromium.

Every test that needs the real site uses `site_dir` (the HTML site), `handbook_dir` (the same with the PDF
handbooks) or `offline_dir` (the file:// copy), each built once per run into the run's temporary folder and shared
by the pytest-xdist workers (build_real). `make check` and `make test` pass --prebuild, so that the builds they need
start in the background as the run starts, and the tests that need no real build run first. Fixture sites for fault
tests are made with `fixture_site()`, which copies the real mkdocs.yml and points it at the repository's hooks and
overrides.
"""
from __future__ import annotations

import contextlib
import fcntl
import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml

from scripts.bench_search import CHROMIUM, chromium

REPO = Path(__file__).resolve().parents[1]
# No build in the tests makes the PDF handbooks (40 s) but the one that asks for them: handbook_dir.
os.environ["HANDBOOK"] = "0"


def mkdocs_build(config_file: Path, site_dir: Path, *extra: str, env: dict | None = None,
                 here: bool = True) -> subprocess.CompletedProcess:
    """`mkdocs build --clean` of `config_file` into `site_dir`; returns the finished build with its
    returncode and its log in .output. With command-line flags (`extra`), a PYTHONPATH of its own or
    here=False (timed builds) it runs the command in a subprocess, exactly as a user would; otherwise it
    builds in this process the way the command does (build_here), which spares each fixture build
    starting Python and loading jieba's dictionary."""
    if here and not extra and "PYTHONPATH" not in (env or {}):
        return build_here(config_file, site_dir, env)
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--clean", "-f", str(config_file), "-d", str(site_dir), *extra],
        cwd=config_file.parent, capture_output=True, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
    )
    proc.output = proc.stdout + proc.stderr
    return proc


def build_here(config_file: Path, site_dir: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """What `mkdocs build --clean` does (mkdocs/__main__.py 1.6: load the config, the plugins' startup,
    build, shutdown), in this process, from the config's folder with `env` added to the environment
    (both restored after). The log lines read as the command prints them ('WARNING -  ...'); an error
    that stops the build is logged, then named on the last line, with returncode 1 as the command exits."""
    import io
    import logging
    import traceback
    from mkdocs import exceptions
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from kb import report

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger, advice = logging.getLogger("mkdocs"), logging.getLogger(report.ADVICE)   # what the command prints
    saved_env, saved_cwd, saved_level, saved_advice = dict(os.environ), os.getcwd(), logger.level, advice.handlers
    os.environ.update({"NO_MKDOCS_2_WARNING": "1", **(env or {})})
    logger.addHandler(handler)
    advice.handlers = [handler]          # its own handler holds the stderr of the test that first imported it
    logger.setLevel(logging.INFO)
    returncode = 0
    try:
        os.chdir(config_file.parent)
        config = load_config(str(config_file), site_dir=str(site_dir))
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except exceptions.MkDocsException as error:       # Abort, ConfigurationError, BuildError: the command's exit 1
        returncode = 1
        stream.write(f"{type(error).__name__}: {error}\n")
    except Exception:                                   # a bug: the command would print this traceback
        returncode = 1
        stream.write(traceback.format_exc())
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
        logger.removeHandler(handler)
        advice.handlers = saved_advice
        logger.setLevel(saved_level)
    proc = subprocess.CompletedProcess(["mkdocs", "build", "--clean", "-f", str(config_file)], returncode, stream.getvalue(), "")
    proc.output = proc.stdout
    return proc


def load_config_yaml(path: Path) -> dict:
    """mkdocs.yml as a dict, keeping !ENV values as their default."""
    class Loader(yaml.SafeLoader):
        pass

    def env_tag(loader, node):
        value = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else [loader.construct_scalar(node)]
        name, default = value[0], (value[-1] if len(value) > 1 else None)
        return os.environ.get(name, default)

    Loader.add_constructor("!ENV", env_tag)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/name:", lambda loader, suffix, node: f"!!python/name:{suffix}")
    return yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)


def fixture_site(root: Path, pages: dict[str, str], nav: list | None = None, config: dict | None = None,
                 files: dict[str, str] | None = None) -> Path:
    """Writes a small site into `root` (docs/ + mkdocs.yml from the real config) and returns mkdocs.yml.

    `pages` maps docs-relative paths to Markdown; `nav` replaces the real nav (None: no nav, MkDocs
    derives it); `config` overrides top-level keys; `files` are extra repository files (e.g. data/)."""
    cfg = load_config_yaml(REPO / "mkdocs.yml")
    cfg["hooks"] = [str(REPO / hook) for hook in cfg.get("hooks") or []]
    cfg["theme"]["custom_dir"] = str(REPO / "overrides")
    cfg.pop("nav", None)
    if nav is not None:
        cfg["nav"] = nav
    cfg.update(config or {})
    docs = root / "docs"
    shutil.copytree(REPO / "docs" / "assets", docs / "assets", dirs_exist_ok=True)
    for rel, text in {**pages}.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(text, encoding="utf-8")
    for rel, text in (files or {}).items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    config_file = root / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return config_file


# The real site's builds the tests share, each built once per run: its folder's name in the run's temporary folder,
# and what it is built with. `make check` needs only "site"; `make test` all three.
REAL_BUILDS = {
    "site": {"HANDBOOK": "0"},                       # the HTML site: the deployable site without its PDFs, byte for byte
    "offline": {"OFFLINE": "true", "HANDBOOK": "0"},   # the copy for file:// (`make offline`)
    "handbook": {"HANDBOOK": "1"},                   # the deployable site (`make build`): the same and the PDF handbooks
}


def run_folder(config) -> Path:
    """The run's own temporary folder, shared by its pytest-xdist workers (a worker's base temp is popen-gwN/ in it)."""
    root = config._tmp_path_factory.getbasetemp()
    return root.parent if hasattr(config, "workerinput") else root


def build_real(root: Path, name: str) -> tuple[Path, str]:
    """The real site's build `name` (REAL_BUILDS) in the run's folder `root`, built once per run by whichever process
    asks first (a worker, or the background builder that --prebuild starts; once_per_run). Returns the folder and
    the build's log; a build that failed fails every test that needs it, with its log."""
    def build() -> dict:
        proc = mkdocs_build(REPO / "mkdocs.yml", root / name, env=REAL_BUILDS[name])
        return {"returncode": proc.returncode, "output": proc.output}
    result = once_per_run(root, name, build)
    assert result["returncode"] == 0, f"the real site ({name}) does not build:\n{result['output']}"
    return root / name, result["output"]


def pytest_addoption(parser):
    parser.addoption("--prebuild", default="", metavar="NAMES",
                     help="real-site builds (comma-separated names of tests/conftest.py's REAL_BUILDS) to start in the "
                          "background when the run starts, so that the tests needing them find them ready")


def pytest_sessionstart(session):
    """With --prebuild, the main process starts background processes that make the named builds (each under its lock,
    skipped if a worker got there first) while the workers start and run the tests that need none: the handbooks
    (40 s of one core) in a process of their own from the start, the other builds in turn in another. Made after the
    others, the handbooks were ready only after the workers had reached their tests (a core idle for 5-10 s)."""
    names = [name for name in session.config.getoption("prebuild").split(",") if name]
    unknown = sorted(set(names) - set(REAL_BUILDS))
    if unknown:
        raise pytest.UsageError(f"--prebuild: no real-site build named {', '.join(unknown)} (REAL_BUILDS: {', '.join(REAL_BUILDS)})")
    if names and not hasattr(session.config, "workerinput"):
        root = run_folder(session.config)
        chains = [[name for name in names if name != "handbook"], [name for name in names if name == "handbook"]]
        session.config.prebuild = []
        for number, chain in enumerate(filter(None, chains)):
            code = ("import sys\nfrom conftest import build_real\nfrom pathlib import Path\n"
                    f"for name in {chain!r}:\n    try:\n        build_real(Path({str(root)!r}), name)\n"
                    "    except AssertionError:\n        pass     # the log is kept: each test that needs the build shows it\n")
            with open(root / f"prebuild-{number}.log", "w") as log:
                session.config.prebuild.append(subprocess.Popen(
                    [sys.executable, "-c", code], cwd=REPO, stdout=subprocess.DEVNULL, stderr=log,
                    env={**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "tests"), str(REPO / "hooks"), str(REPO)])}))


def pytest_unconfigure(config):
    for builder in getattr(config, "prebuild", []):
        if builder.poll() is None:       # a build no selected test needed
            builder.terminate()
            builder.wait()


def build_rank(item) -> int:
    """Which real-site build a test waits for, in the order --prebuild makes them (REAL_BUILDS): 0 none, 1 the HTML
    site, 2 the offline copy, 3 the handbooks."""
    fixtures = getattr(item, "fixturenames", ())
    return max((rank for rank, names in enumerate(BUILD_FIXTURES, 1) if set(names) & set(fixtures)), default=0)


@pytest.fixture(scope="session")
def site_dir(request) -> Path:
    """The real site (HTML, no PDF handbooks), built once per run with `mkdocs build` (strict) into the run's
    temporary folder, never into ./site, so tests never race with `make serve` or `make build`."""
    out, output = build_real(run_folder(request.config), "site")
    site_dir.build_output = output
    return out


@pytest.fixture(scope="session")
def handbook_dir(request) -> Path:
    """The deployable site with its two PDF handbooks (`make test` only: the PDFs take 40 s to make)."""
    out, output = build_real(run_folder(request.config), "handbook")
    handbook_dir.build_output = output
    return out


def poppler(tool: str, *args: str) -> str:
    """What one of poppler's tools (pdftotext, pdfinfo, pdffonts, pdftohtml; installed by `make test`) prints."""
    if not shutil.which(tool):
        pytest.fail(f"{tool} is missing: run `make test`, which installs Debian's poppler-utils")
    return subprocess.run([tool, *args], capture_output=True, text=True, check=True).stdout


def pdftotext(pdf: Path, *options: str) -> str:
    """The text of a PDF, read by poppler's pdftotext with `options`."""
    return poppler("pdftotext", *options, str(pdf), "-")


def pdf_pages(pdf: Path) -> int:
    """The number of pages of a PDF, as poppler's pdfinfo reads it."""
    return int(re.search(r"^Pages:\s+(\d+)", poppler("pdfinfo", str(pdf)), re.M).group(1))


def pdf_xml(pdf: Path) -> str:
    """A PDF's text boxes with their position and boldness, and its bookmarks, as poppler's pdftohtml -xml reads it."""
    return poppler("pdftohtml", "-xml", "-i", "-stdout", "-q", str(pdf))


@pytest.fixture(scope="session")
def handbook_reads(request, handbook_dir) -> dict[str, dict[str, str]]:
    """{lang: {"text": `pdftotext -layout` of that language's PDF handbook, "xml": its pdf_xml}}, read once per run
    (once_per_run) and shared by the workers: each read of a 140-page handbook takes poppler 1.4-2 s."""
    from kb import handbook
    return once_per_run(run_folder(request.config), "handbook.reads", lambda: {
        lang: {"text": pdftotext(handbook_dir / handbook.filename(lang), "-layout"),
               "xml": pdf_xml(handbook_dir / handbook.filename(lang))} for lang in ("zh", "en")})


@pytest.fixture(scope="session")
def pdf_text(handbook_reads) -> dict[str, str]:
    """{lang: the text of that language's PDF handbook} (`pdftotext -layout`)."""
    return {lang: reads["text"] for lang, reads in handbook_reads.items()}


@pytest.fixture(scope="session")
def offline_dir(request) -> Path:
    """The offline copy (OFFLINE=true, no PDFs), for every test that opens it from file://."""
    return build_real(run_folder(request.config), "offline")[0]


def pages_of(site: Path, lang: str | None = None) -> list[Path]:
    """Every built HTML page of both languages, or of `lang` ("zh" or "en") alone (the 404 page excluded)."""
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html" and "assets" not in p.parts
                  and (lang is None or (p.relative_to(site).parts[0] == "en") == (lang == "en")))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def copyfile(self, source, outputfile):
        try:
            super().copyfile(source, outputfile)
        except (BrokenPipeError, ConnectionResetError):     # the browser left the page before the file was sent
            pass


@pytest.fixture(scope="session")
def site_url(site_dir) -> str:
    """The built site served on loopback; the base URL ends with '/'."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium driven by Playwright (no browser download), as a Browser below."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium-headless-shell, "
                    "or set CHROMIUM")
    with chromium() as launched:
        yield Browser(launched)


class Browser:
    """Playwright's browser, whose contexts load each language's search index without its pages unless asked.

    Every page of the site starts Material's search worker, which fetches its language's index and builds it with
    lunr: 0.5-0.9 CPU-seconds a page load here (two runs of 16 pages), a fifth to a third of what a page of the sweep
    costs. Only the search tests need the pages in it; for the others, new_context() answers the index's URL with its
    own config and `docs: []`, so the worker, lunr and its language scripts still load and start as they do for a
    reader (and would log an error as they would). The search tests ask for the index itself:
    new_context(search_index=True)."""

    def __init__(self, launched):
        self.launched = launched

    def __getattr__(self, name):
        return getattr(self.launched, name)

    def new_context(self, *, search_index: bool = False, **options):
        context = self.launched.new_context(**options)
        if not search_index:
            answers = {}        # this context's answer for each index URL: fetched once (the sweep loads 76 pages)
            context.route("**/search/search_index.json", lambda route: _index_without_pages(route, answers))
        return context


def _index_without_pages(route, answers: dict[str, str]) -> None:
    """Answers a request for a search index with the index's config and no pages; an index that is not there
    (an HTTP error) is passed on as it is, so that the page fails as it would."""
    from playwright.sync_api import Error
    url = route.request.url
    try:
        if url not in answers:
            response = route.fetch()
            if not response.ok:
                route.fulfill(response=response)
                return
            answers[url] = json.dumps({"config": response.json()["config"], "docs": []})
        route.fulfill(body=answers[url], content_type="application/json")
    except Error:       # the page went on or was closed while the index was on its way: the request fails
        with contextlib.suppress(Error):
            route.abort()


@pytest.fixture
def page(browser):
    """A fresh browser tab; `page.requests` lists every URL it asked for, `page.errors` console errors."""
    context = browser.new_context()
    tab = context.new_page()
    tab.requests, tab.errors = [], []
    tab.on("request", lambda request: tab.requests.append(request.url))
    tab.on("console", lambda msg: tab.errors.append(msg.text) if msg.type == "error" else None)
    tab.on("pageerror", lambda exc: tab.errors.append(str(exc)))
    yield tab
    context.close()


LAYOUT_SHIFTS = """window.__shifts = [];
new PerformanceObserver(list => { for (const e of list.getEntries())
  window.__shifts.push({value: e.value, nodes: (e.sources || []).map(s => s.node ? String(s.node.className || s.node.nodeName) : "")}) })
  .observe({type: "layout-shift", buffered: true});"""


# The most layout shift a page may add up while a widget loads on a phone. Material's script moves a page by itself
# when it wraps each table in its scroll boxes (what follows drops 10.5 px): 0.0036-0.0052 on actions/contact/,
# with nothing of ours moving, and once 0.0106 in a full run on a busy machine (the table 0.0070, the language menu
# 0.0008, the text below 0.0028), over the earlier bound of 0.01. A widget that moved the page measured 0.07-0.09;
# Lighthouse calls < 0.1 good. The bound sits between, with a margin of more than twice on each side.
STILL = 0.03


def phone_layout_shifts(browser, url: str, widget: str) -> tuple[list[dict], bool]:
    """The layout shifts of loading `url` on a phone (412 px wide, CPU slowed 4x as Lighthouse does),
    each with the class names of the nodes that moved, and whether `widget` (a selector) is shown."""
    context = browser.new_context(viewport={"width": 412, "height": 823}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.add_init_script(LAYOUT_SHIFTS)
        context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 4})
        page.goto(url, wait_until="load")
        page.wait_for_timeout(500)
        return page.evaluate("window.__shifts"), page.locator(widget).first.is_visible()
    finally:
        context.close()


# Fixtures that put a test in a tier whatever its marks say: a test using one must carry the mark, so
# that `make check` (-m "not browser and not slow") never starts Chromium or needs the PDFs.
TIER_FIXTURES = {"browser": "browser", "page": "browser", "pdf_text": "slow", "handbook_reads": "slow", "offline_dir": "slow", "handbook_dir": "slow"}
# The fixtures that wait for each real-site build, in the order the builds are made (`make test`: --prebuild
# site,offline,handbook; the handbooks take 40 s, the others 7-8 s).
BUILD_FIXTURES = (("site_dir", "site_url"), ("offline_dir",), ("handbook_dir", "handbook_reads", "pdf_text"))


# The longest tests of their tier (the LinkChecker crawl of the deployable site).
LONGEST = {"test_linkchecker_finds_no_broken_internal_link"}


def pytest_collection_modifyitems(config, items):
    def uses(item, fixture):      # a fixture, not a parametrized argument of the same name
        params = getattr(getattr(item, "callspec", None), "params", {})
        return fixture in getattr(item, "fixturenames", ()) and fixture not in params

    wrong = [f"{item.nodeid}: uses the fixture '{fixture}': mark it @pytest.mark.{mark}"
             for item in items for fixture, mark in TIER_FIXTURES.items()
             if uses(item, fixture) and item.get_closest_marker(mark) is None]
    if wrong:
        raise pytest.UsageError("tests in the wrong tier (pytest.ini explains the tiers):\n" + "\n".join(wrong))
    # The tests that need no real-site build run first, while the first build is made (--prebuild), and the others in
    # the order their builds are made: a worker that reached the handbooks' tests early sat idle while they were made.
    # The longest test of the last tier starts it, so that it does not run alone at the end of the run (13-17 s).
    # `make` passes --no-loadscope-reorder: pytest-xdist would otherwise send the largest xdist groups first.
    items.sort(key=lambda item: (build_rank(item), item.name not in LONGEST))


def soup(markup: str):
    """A built page as a reader reads it: an abbreviation (kb.abbr, tap for its meaning) is just its
    word in the sentence, so text assertions see '请收单机构追查', not '请 收单机构 追查'."""
    from bs4 import BeautifulSoup
    doc = BeautifulSoup(markup, "html.parser")
    for abbr in doc.find_all("abbr"):
        abbr.unwrap()
    doc.smooth()
    return doc


def built_page(path: Path):
    """A built page, parsed once per test process (BeautifulSoup's html.parser) for every test that reads it: a parse of
    the whole site takes 5 s, and a dozen tests walk it. Shared, so never change the tree it returns. A page built
    again is parsed again (the cache is keyed by the file's time and size too)."""
    return _parsed(path, *_version(path), reader=False)


def reader_page(path: Path):
    """A built page as soup() gives it, parsed once per test process like built_page and never to be changed."""
    return _parsed(path, *_version(path), reader=True)


def _version(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size


@functools.lru_cache(maxsize=None)
def _parsed(path: Path, mtime_ns: int, size: int, reader: bool):
    from bs4 import BeautifulSoup
    markup = path.read_text(encoding="utf-8")
    return soup(markup) if reader else BeautifulSoup(markup, "html.parser")


def page_texts(site: Path, part: str = "article") -> tuple[tuple[str, str], ...]:
    """(site-relative path, reader_text of its `part`: 'article' or 'body') of every built page of both languages:
    the tests that look for a phrase across the site share one parse of the site (_texts_of)."""
    return _texts_of(site)[part]


@functools.cache
def _texts_of(site: Path) -> dict[str, tuple[tuple[str, str], ...]]:
    """Every page's article and body as reader_text gives them, parsed once per run (once_per_run)."""
    def parse() -> dict[str, list]:
        texts = {"article": [], "body": []}
        for path in pages_of(site):
            doc = reader_page(path)
            for part in texts:
                node = doc.select_one(part)
                texts[part].append((path.relative_to(site).as_posix(), flat_text(node) if node is not None else ""))
        return texts
    return {part: tuple(map(tuple, rows)) for part, rows in once_per_run(site.parent, f"{site.name}.texts", parse).items()}


def once_per_run(root: Path, name: str, compute):
    """compute()'s result (JSON), computed once per run: the first process that asks writes it to the run's folder
    `root` under a lock, and the other pytest-xdist workers read it there instead of computing it again."""
    cache = root / f"{name}.json"
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not cache.exists():
            cache.write_text(json.dumps(compute(), ensure_ascii=False), encoding="utf-8")
    return json.loads(cache.read_text(encoding="utf-8"))


def reader_text(node) -> str:
    """A node's text as a reader reads it, on one line: abbreviations inline, no heading permalinks."""
    return flat_text(soup(str(node)))


def flat_text(node) -> str:
    """A parsed node's text on one line, its heading permalinks skipped, leaving the tree as it is (shared parses:
    built_page, reader_page); on a node of a tree made by soup(), its reader_text."""
    permalinks = {id(string) for link in node.select("a.headerlink") for string in link.strings}
    return re.sub(r"\s+", " ", " ".join(string for string in node.strings if id(string) not in permalinks)).strip()
