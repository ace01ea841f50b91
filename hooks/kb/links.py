"""The one link resolver and the whole-site checks (twins, parity, allowlist) that MkDocs' validation lacks.

Every hook that writes or checks a link (pages, trees, index) uses SiteMap; nothing existing checks
suffix-layout twins or resolves a language-neutral link per language.
"""
from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from . import domain as langs
from .pages import Source

LANGUAGE_NAMES = langs.LANG_NAMES
HOSTS_FILE = "data/external-hosts.yml"


def is_external(target: str) -> bool:
    parts = urlsplit(target)
    return bool(parts.scheme or parts.netloc)


def _at(neutral: str, fragment: str) -> str:
    return f"{neutral}#{fragment}" if fragment else neutral


def load_hosts(path: str | Path) -> dict[str, str]:
    """The external-link allowlist: host -> the official body it belongs to. ValueError says what to fix."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValueError(f"the external-link allowlist {path} is missing: create it with a mapping "
                         f"'hosts:' of host -> the official body it belongs to") from None
    except yaml.YAMLError as err:
        raise ValueError(f"the external-link allowlist {path} is not valid YAML ({err}): fix its syntax") from None
    hosts = data.get("hosts") if isinstance(data, dict) else None
    if not isinstance(hosts, dict) or not hosts:
        raise ValueError(f"the external-link allowlist {path} must hold a mapping 'hosts:' of "
                         f"host -> the official body it belongs to, e.g. 'www.pbc.gov.cn: People's Bank of China'")
    bad = [str(host) for host, body in hosts.items()
           if not isinstance(host, str) or not host or host != host.strip().lower() or "/" in host
           or not isinstance(body, str) or not body.strip()]
    if bad:
        raise ValueError(f"the external-link allowlist {path}: entries {', '.join(bad)} must be a lower-case "
                         f"host name (no scheme, no path) with the name of the official body as its value")
    return dict(hosts)


@dataclass(frozen=True)
class Resolution:
    """Where one link leads. `key` is what twins compare: the same in both languages for the same target."""
    target: str                  # as written
    kind: str                    # 'page' | 'static' | 'external' | 'broken'
    key: str = ""                # 'causes/fees.md#refunds', 'assets/x.svg', 'https://www.pbc.gov.cn'
    page: str = ""               # the page of the link's language it lands on, e.g. 'causes/fees.en.md'
    fragment: str = ""
    error: str | None = None     # what is wrong and the fix
    pending: bool = False        # the id may come from generated content: verify on the rendered page


class SiteMap:
    """What a link may point to: each language's pages with their ids, and the static files.

    `hosts` is the external-link allowlist (host -> official body); when None, external links are not
    judged. `hosts_file` is named in messages. `known_markers` names the generator markers whose ids
    are already in the sources' ids (kb.site); a link into a page with another marker waits for the
    rendered page."""

    def __init__(self, sources: dict[str, Source], static: set[str] = frozenset(), docs_name: str = "docs",
                 hosts: dict[str, str] | None = None, hosts_file: str = HOSTS_FILE,
                 known_markers: set[str] = frozenset()):
        self.sources = sources                      # 'x.md' / 'x.en.md' -> Source
        self.static = set(static)                   # docs-relative paths of non-Markdown files
        self.docs_name = docs_name
        self.hosts = hosts
        self.hosts_file = hosts_file
        self.known_markers = set(known_markers)
        self.neutrals = {langs.split(path)[0] for path in sources}

    def shown(self, path: str) -> str:
        return f"{self.docs_name}/{path}"

    def check(self, src: str, target: str) -> str | None:
        """None when `target`, written in page `src` (docs-relative), resolves; else what is wrong and the fix."""
        return self.resolve(src, target).error

    def resolve(self, src: str, target: str) -> Resolution:
        src_neutral, lang = langs.split(src)
        if is_external(target) or target.startswith("//"):
            return self._external(target)
        path, _, fragment = target.partition("#")
        path = path.split("?", 1)[0]
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(src), path)) if path else src_neutral
        key = langs.split(resolved)[0] if resolved.endswith(".md") else resolved
        key = f"{key}#{fragment}" if fragment else key
        broken = lambda message: Resolution(target, "broken", key=key, error=f"link '{target}': {message}")  # noqa: E731
        if path.startswith("/"):
            bare = path.strip("/")
            if bare.split("/", 1)[0] in langs.LANGS:           # '/en/causes/fees/' -> 'causes/fees/'
                bare = bare.split("/", 1)[1] if "/" in bare else ""
            guess = self._as_page(bare) or bare or "index.md"
            return broken(f"absolute links break /en/, offline copies and sub-path hosting: write it relative "
                          f"to this page, e.g. '{langs.relative(src, _at(guess, fragment))}'")
        if not path:
            return self._fragment(target, src, src_neutral, fragment)
        if resolved == "..":
            resolved = "../"
        if resolved.startswith("../"):
            return broken(f"points outside {self.docs_name}/: link a file inside {self.docs_name}/")
        first = resolved.split("/", 1)[0]
        if first in langs.LANGS and first != langs.DEFAULT and not any(
                p.startswith(first + "/") for p in (*self.sources, *self.static)):
            rest = resolved[len(first) + 1:] if "/" in resolved else ""
            neutral = self._as_page(rest) or "index.md"
            return broken(f"leads into the {LANGUAGE_NAMES.get(first, first)} site: link the language-neutral file "
                          f"'{langs.relative(src, _at(neutral, fragment))}' and static-i18n picks each language's page")
        if resolved.endswith(".md"):
            neutral, target_lang = langs.split(resolved)
            named = target_lang != langs.DEFAULT or any(resolved.endswith(f".{code}.md") for code in langs.LANGS)
            if named:
                if resolved.endswith(f".{langs.DEFAULT}.md"):
                    neutral, target_lang = resolved[: -len(f".{langs.DEFAULT}.md")] + ".md", langs.DEFAULT
                crossing = ("leads into the other language" if target_lang != lang else "names a language")
                return broken(f"{crossing}: link the language-neutral file '{langs.relative(src, _at(neutral, fragment))}' "
                              f"and static-i18n picks each language's page")
            page = langs.localized(neutral, lang)
            if page not in self.sources:
                if neutral in self.neutrals:
                    return broken(f"{self.shown(neutral)} has no {LANGUAGE_NAMES.get(lang, lang)} twin "
                                  f"{self.shown(page)}: write that page")
                return broken(f"no page {self.shown(resolved)}: fix the path or create the page")
            return self._fragment(target, page, neutral, fragment)
        if resolved in self.static:
            return Resolution(target, "static", key=resolved)
        neutral = self._as_page(resolved)
        if neutral:
            what = "a folder" if not resolved.endswith((".html", ".htm")) else "a built HTML file"
            return broken(f"link the page's Markdown file '{langs.relative(src, _at(neutral, fragment))}', not {what}")
        return broken(f"no file {self.shown(resolved)}: fix the path, or link a page's .md file")

    def _as_page(self, url_path: str) -> str | None:
        """'causes/fees/', 'causes/fees.html', 'causes/' -> the neutral page it was meant as, if any."""
        path = url_path.strip("/")
        for suffix in ("/index.html", "index.html", ".html", ".htm"):
            if path.endswith(suffix):
                path = path[: -len(suffix)].strip("/")
                break
        if path.endswith(".md"):
            return langs.split(path)[0] if langs.split(path)[0] in self.neutrals else None
        candidates = [f"{path}/index.md" if path and path != "." else "index.md"]
        if path and path != ".":
            candidates.insert(0, f"{path}.md")
        return next((c for c in candidates if c in self.neutrals), None)

    def _fragment(self, target: str, page: str, neutral: str, fragment: str) -> Resolution:
        key = f"{neutral}#{fragment}" if fragment else neutral
        if not fragment or fragment in self.sources[page].ids:
            return Resolution(target, "page", key=key, page=page, fragment=fragment)
        source = self.sources[page]
        if any(name not in self.known_markers for _, name, _ in source.markers):
            # Generated content (a tree, a table) may create it: the caller verifies it on the rendered page.
            return Resolution(target, "page", key=key, page=page, fragment=fragment, pending=True)
        return Resolution(target, "broken", key=key, page=page, fragment=fragment, error=self.missing_id(target, page, fragment))

    def missing_id(self, target: str, page: str, fragment: str, ids=None) -> str:
        ids = sorted(ids if ids is not None else self.sources[page].ids)
        listed = ", ".join(ids) or "none"
        return f"link '{target}': no heading with id '{fragment}' in {self.shown(page)} (ids there: {listed})"

    def _external(self, target: str) -> Resolution:
        parts = urlsplit(target)
        scheme = parts.scheme.lower()
        if self.hosts is None:
            return Resolution(target, "external", key=target)
        if scheme in ("tel", "mailto", "sms"):
            return Resolution(target, "broken", error=(
                f"link '{target}': the site links no phone number or e-mail address (merchants take contact "
                f"details only from their contract, the official app or the sales slip): remove the link"))
        host = (parts.hostname or "").lower()
        if scheme not in ("http", "https", "") or not host:
            return Resolution(target, "broken", error=f"link '{target}': only http(s) links to official sites are allowed: remove it")
        if host not in self.hosts:
            return Resolution(target, "broken", key=f"external:{host}", error=(
                f"link '{target}': host '{host}' is not on the allowlist of official sites in {self.hosts_file}: "
                f"link an official body's page instead (no sellers, resellers or adverts), or, if '{host}' "
                f"belongs to an official body, add it there with the body's name"))
        return Resolution(target, "external", key=f"external:{host}")


# ---- Whole-site checks (pure: a SiteMap in, Problems out) -------------------------------------------

from collections import Counter  # noqa: E402

from .report import Problem  # noqa: E402


@dataclass(frozen=True)
class Pending:
    """A link whose #fragment only generated content can provide: checked once the target page is rendered."""
    file: str        # shown path of the page holding the link
    line: int
    target: str
    page: str        # docs-relative page the link lands on
    fragment: str


def link_problems(site: SiteMap) -> tuple[list[Problem], list[Pending]]:
    """Every link of every page, both languages: what does not resolve, and what waits for rendering."""
    problems, pending = [], []
    for path, source in sorted(site.sources.items()):
        shown = source.shown or site.shown(path)
        for line, target in source.links:
            result = site.resolve(path, target)
            if result.error:
                problems.append(Problem(shown, line, result.error))
            elif result.pending:
                pending.append(Pending(shown, line, target, result.page, result.fragment))
    return problems, pending


def page_problems(site: SiteMap) -> list[Problem]:
    """Front matter that is not valid YAML, headings without an explicit id, ids given twice."""
    problems = []
    for path, source in sorted(site.sources.items()):
        shown = source.shown or site.shown(path)
        problems.extend(source.problems)
        for line, text in source.unnamed:
            problems.append(Problem(shown, line, f"heading '{text}' has no id: end it with ' {{ #an-ascii-id }}', "
                                                 f"the same id in both twins"))
        for line, found, first in source.duplicates:
            problems.append(Problem(shown, line, f"id '{found}' is already used on line {first}: give this one another id "
                                                 f"(and the same one in the twin)"))
    return problems


def twin_problems(site: SiteMap) -> list[Problem]:
    """Every page has its twin; twins have the same heading ids, front matter keys and link targets."""
    problems = []
    by_neutral: dict[str, dict[str, Source]] = {}
    for path, source in site.sources.items():
        by_neutral.setdefault(langs.split(path)[0], {})[langs.split(path)[1]] = source
    for neutral, twins in sorted(by_neutral.items()):
        for lang, source in sorted(twins.items()):
            other = langs.OTHER[lang]
            if other not in twins:
                missing = site.shown(langs.localized(neutral, other))
                problems.append(Problem(source.shown or site.shown(source.path), 0,
                                        f"no {LANGUAGE_NAMES[other]} twin {missing}: write it, with the same heading ids "
                                        f"and links (every page exists in both languages)"))
        if len(twins) < 2:
            continue
        for lang, source in twins.items():
            twin = twins[langs.OTHER[lang]]
            shown, twin_shown = source.shown or site.shown(source.path), twin.shown or site.shown(twin.path)
            for found, line in source.headings.items():
                if found not in twin.headings:
                    problems.append(Problem(shown, line, f"heading id '{found}' is not in the {LANGUAGE_NAMES[twin.lang]} "
                                                         f"twin {twin_shown}: give the matching heading there "
                                                         f"'{{ #{found} }}', or remove or rename it here"))
            for key, line in source.keys.items():
                if key not in twin.meta and not twin.problems:    # a broken block is reported on its own
                    problems.append(Problem(shown, line, f"front matter key '{key}' is not in the {LANGUAGE_NAMES[twin.lang]} "
                                                         f"twin {twin_shown}: add it there too, or remove it here"))
            mine, theirs = _targets(site, source), _targets(site, twin)
            counts, twin_counts = Counter(k for k, _, _ in mine), Counter(k for k, _, _ in theirs)
            reported = set()
            for key, line, target in mine:
                if counts[key] > twin_counts[key] and key not in reported:
                    reported.add(key)
                    extra = (f"{counts[key]} times here, {twin_counts[key]} in" if twin_counts[key]
                             else "here but not in")
                    problems.append(Problem(shown, line, f"link '{target}' (to {_describe(key)}) appears {extra} the "
                                                         f"{LANGUAGE_NAMES[twin.lang]} twin {twin_shown}: make both twins "
                                                         f"link the same targets"))
    return problems


def _targets(site: SiteMap, source: Source) -> list[tuple[str, int, str]]:
    result = []
    for line, target in source.links:
        resolution = site.resolve(source.path, target)
        result.append((resolution.key or f"unresolved:{target}", line, target))
    return result


def _describe(key: str) -> str:
    if key.startswith("external:"):
        return f"host {key[len('external:'):]}"
    if key.startswith("unresolved:"):
        return key[len("unresolved:"):]
    return key


def site_problems(site: SiteMap) -> tuple[list[Problem], list[Pending]]:
    """All checks of the Markdown sources at once."""
    links, pending = link_problems(site)
    return page_problems(site) + twin_problems(site) + links, pending
