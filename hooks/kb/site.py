"""The site model: every page of both languages and the data the hooks render, read once per
`mkdocs build` and checked together, and the lifecycle of that build (nothing existing does this:
MkDocs sees one language at a time, static-i18n builds the other inside the first).

`load` is pure: texts in, a Site with every problem found out. `Session` holds what one
`mkdocs build` (or one rebuild under `mkdocs serve`) learns as it goes: the Site, the builds under
way (static-i18n runs the English build inside the Chinese build's on_post_build), each build's
facts, and every problem; hooks/main.py owns the one Session and passes it to each step.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import domain, facts, links, pages, trees
from . import troubleshooting as ts
from .report import Problem, emit

TREES_DIR = "data/trees"


@dataclass
class Site:
    """What every step reads: pages by src_uri ('causes/fees.en.md'), static files, the response
    codes, the trees, the nav order, the link resolver, and the problems found in all of them."""
    pages: dict[str, pages.Source]
    static: set[str]
    codes: ts.CodeTable
    trees: dict[str, trees.Tree]
    nav: list[str]
    links: links.SiteMap
    facts: dict = field(default_factory=dict)        # id -> kb.facts.Fact (data/facts.yml)
    sources: dict = field(default_factory=dict)      # id -> kb.facts.Source (data/sources.yml)
    problems: list[Problem] = field(default_factory=list)
    pending: list[links.Pending] = field(default_factory=list)   # anchors only rendered pages can show

    def rows(self, lang: str) -> list[ts.Row]:
        return ts.rows(self.pages, lang, self.nav)


def generated_ids(codes: ts.CodeTable) -> dict[str, object]:
    """The ids each generator marker puts into a page, so links into generated content are checked
    from the sources. A tree adds no ids (its nodes are marked by classes)."""
    return {
        ts.CODES_MARKER_NAME: lambda argument, lang: codes.ids(),
        ts.INDEX_MARKER_NAME: lambda argument, lang: [f"family-{name}" for name in ts.FAMILIES],
        trees.MARKER_NAME: lambda argument, lang: (),
        **{name: (lambda argument, lang: ()) for name in facts.INLINE_MARKERS + facts.BLOCK_MARKERS},
        "due-date": lambda argument, lang: (),          # hooks/holidays.py: the form adds no heading ids
        "holiday-table": lambda argument, lang: (),
    }


def load(texts: dict[str, str], static: set[str], data: dict[str, str], nav: list[str],
         docs_name: str = "docs", hosts: dict[str, str] | None = None,
         hosts_file: str = links.HOSTS_FILE) -> Site:
    """The model of a site from its Markdown texts (src_uri -> text), its static files, its data
    files (repository-relative path -> text: data/response-codes.yml, data/trees/*.yml) and the
    page paths of its nav, with every problem of every page, twin, link, tree and data file."""
    sources = {path: pages.parse(text, path, f"{docs_name}/{path}") for path, text in sorted(texts.items())}
    problems: list[Problem] = []
    if ts.DATA_FILE in data:
        codes, found = ts.load_codes(data[ts.DATA_FILE], ts.DATA_FILE)
        problems += found
    else:
        codes = ts.CodeTable()
        if any(ts.uses_codes(source) for source in sources.values()):
            problems.append(Problem(ts.DATA_FILE, 0, "the response-code data is missing: create it "
                                                     "(code, zh, en, side, do per code)"))
    generators = generated_ids(codes)
    for source in sources.values():
        for line, name, argument in source.markers:
            for found_id in generators.get(name, lambda a, l: ())(argument, source.lang):
                source.ids.setdefault(found_id, line)
    sitemap = links.SiteMap(sources, static, docs_name, hosts, hosts_file, known_markers=set(generators))
    found, pending = links.site_problems(sitemap)
    problems += found
    forest = {}
    for path, text in sorted(data.items()):
        if path.startswith(TREES_DIR + "/") and path.endswith(".yml"):
            name = path[len(TREES_DIR) + 1:-len(".yml")]
            forest[name] = trees.parse(text, name, path)
    for tree in forest.values():
        problems += trees.validate(tree, sitemap)
    problems += trees.marker_problems(sources, forest)
    problems += ts.validate(sources, sitemap, codes, nav)
    problems += nav_problems(nav, sources, docs_name)
    cited, found = facts.load_sources(data[facts.SOURCES_FILE]) if facts.SOURCES_FILE in data else ({}, [])
    problems += found
    dated, found = facts.load_facts(data[facts.FACTS_FILE], cited) if facts.FACTS_FILE in data else ({}, [])
    problems += found
    return Site(sources, set(static), codes, forest, nav, sitemap, dated, cited, problems, pending)


def nav_problems(nav: list[str], sources: dict, docs_name: str) -> list[Problem]:
    """A nav entry naming no page (MkDocs warns, but a quiet build does not count it)."""
    return [Problem("mkdocs.yml", 0, f"nav: '{entry}' is not a page in {docs_name}/: fix the path or remove the entry")
            for entry in nav if entry.endswith(".md") and entry not in sources and "://" not in entry]


def nav_paths(nav) -> list[str]:
    """The page paths of a `nav:` config value, in order."""
    found = []
    if isinstance(nav, str):
        found.append(nav)
    elif isinstance(nav, list):
        for item in nav:
            found.extend(nav_paths(item))
    elif isinstance(nav, dict):
        for value in nav.values():
            found.extend(nav_paths(value))
    return found


def read_data(root: Path, fallback: Path | None = None) -> dict[str, str]:
    """The data files the model reads, by repository-relative path (a fixture site brings its own; the
    facts and sources, when it has none, are `fallback`'s)."""
    found = {}
    for name in (ts.DATA_FILE, facts.FACTS_FILE, facts.SOURCES_FILE):
        path = root / name
        if not path.is_file() and fallback is not None and name != ts.DATA_FILE:
            path = fallback / name
        if path.is_file():
            found[name] = path.read_text(encoding="utf-8")
    for file in sorted((root / TREES_DIR).glob("*.yml")):
        found[f"{TREES_DIR}/{file.name}"] = file.read_text(encoding="utf-8")
    return found


def read_docs(docs_dir: Path) -> tuple[dict[str, str], set[str]]:
    """Every Markdown text and static file under docs_dir (for tools and tests outside a build)."""
    texts, static = {}, set()
    for file in sorted(docs_dir.rglob("*")):
        if file.is_file():
            rel = file.relative_to(docs_dir).as_posix()
            if file.suffix == ".md":
                texts[rel] = file.read_text(encoding="utf-8")
            else:
                static.add(rel)
    return texts, static


def from_folder(root: Path, hosts_file: Path | None = None, nav: list[str] = ()) -> Site:
    """The model of the site in `root` (docs/ and data/) outside a build: for tests and benchmarks."""
    texts, static = read_docs(Path(root) / "docs")
    hosts = links.load_hosts(hosts_file) if hosts_file else None
    return load(texts, static, read_data(Path(root)), list(nav), "docs", hosts, str(hosts_file or links.HOSTS_FILE))


# ---------------------------------------------------------------- one `mkdocs build`

@dataclass
class Build:
    """One language's build: its facts as its events see them."""
    lang: str
    site_dir: Path
    nested: bool                                  # static-i18n's build of another language
    urls: list[str] = field(default_factory=list)             # nav pages, in order (the handbook)
    entries: list[dict] = field(default_factory=list)         # Material's search entries of this language
    keywords: dict[str, list] = field(default_factory=dict)   # page URL -> keyword phrases
    summaries: dict[str, str] = field(default_factory=dict)   # page URL -> front matter description
    codes_url: str | None = None                  # URL of the response-code table page
    rendered: dict[str, set] = field(default_factory=dict)    # src_uri -> ids on the rendered page


class Session:
    """What one `mkdocs build` (or one rebuild under `mkdocs serve`) learns: start() in on_pre_build,
    finish() in on_post_build, reset() in on_build_error (a build that stopped never reaches
    on_post_build, and `mkdocs serve` builds again in the same process)."""

    def __init__(self):
        self.shallow: frozenset[str] = frozenset()   # a shallow clone's boundary commits (page dates)
        self.command = "build"          # the mkdocs command (on_startup): 'serve' builds no handbook
        self.material_worker: str | None = None   # Material's search worker file, found at on_config
        self.reset()

    def reset(self) -> None:
        self.site: Site | None = None
        self.calendar: dict = {}                  # public holidays, read in the top-level build (hooks/holidays.py)
        self.today = None                         # the build date the due-date tool counts from
        self.stack: list[Build] = []
        self.done: dict[str, Build] = {}
        self.problems: list[Problem] = []

    def start(self, lang: str, site_dir: str) -> Build:
        if not self.stack:
            self.reset()
        build = Build(domain.language(lang), Path(site_dir), nested=bool(self.stack))
        self.stack.append(build)
        return build

    @property
    def build(self) -> Build:
        return self.stack[-1]

    def finish(self) -> Build:
        build = self.stack.pop()
        self.done[build.lang] = build
        return build

    @property
    def top_level(self) -> bool:
        """True in the build that static-i18n's other language builds run inside (the whole site)."""
        return len(self.stack) == 1

    def report(self, problems) -> None:
        """Keeps every problem found, once, and logs it as a warning (hooks/main.py stops the build)."""
        new = [problem for problem in problems if problem not in self.problems]
        self.problems += new
        emit(new)
