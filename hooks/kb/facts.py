"""Facts that change (data/facts.yml) and the sources the site cites (data/sources.yml): loading with line numbers, validation, the staleness check and the markers `<!-- fact: ID -->`, `<!-- facts: GROUP -->`, `<!-- source: ID -->` and `<!-- sources -->` rendered in a page's language (hand-written: no plugin keeps dated, sourced facts in two languages).

Pure: strings in, (result, problems) out; hooks/facts.py reads the files and logs.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from . import domain as langs
from . import yamlfile
from .pages import MARKER, lines as md_lines, INLINE_CODE
from .report import Problem
from .yamlfile import Map

FACTS_FILE = "data/facts.yml"
SOURCES_FILE = "data/sources.yml"
ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
MAX_AGE = datetime.timedelta(days=365)
INLINE_MARKERS = ("fact", "source")     # expand inside a sentence
BLOCK_MARKERS = ("facts", "sources")    # a table or a list: the marker stands on its own line

TEXT = {
    "zh": {"source": "依据", "checked": "核实于", "value": "内容", "what": "说明", "number": "电话",
           "what-for": "用途", "date": "核实日期", "sep": "：", "open": "（", "close": "）", "list": "；"},
    "en": {"source": "source", "checked": "checked", "value": "Fact", "what": "What it means", "number": "Number",
           "what-for": "What it is for", "date": "Checked on", "sep": ": ", "open": " (", "close": ")", "list": "; "},
}


@dataclass(frozen=True)
class Source:
    id: str
    name: dict
    issuer: dict
    used_for: dict
    checked: datetime.date
    line: int
    ref: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Fact:
    id: str
    value: dict
    text: dict
    source: str
    checked: datetime.date
    line: int
    group: str | None = None


def _load(text: str, shown: str) -> tuple[dict, list[Problem]]:
    data, problems, _ = yamlfile.load(text, shown, hint=", e.g. quote a text that contains ': '")
    if problems or data is None:
        return {}, problems
    if not isinstance(data, Map):
        return {}, [Problem(shown, 1, "must be a mapping of IDs to entries: write 'some-id:' then its fields, indented")]
    return data, []


def _date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def _both(entry: Map, key: str, shown: str, where: str, problems: list, required: bool = True,
          scalar_ok: bool = False) -> dict:
    """A {zh, en} field; problems name the file, the line and the fix."""
    line = entry.lines.get(key, entry.line)
    value = entry.get(key)
    if value is None:
        if required:
            problems.append(Problem(shown, entry.line, f"{where}: no '{key}': add '{key}:' with a 'zh:' and an 'en:' text"))
        return {}
    if scalar_ok and isinstance(value, (str, int, float)):
        return {lang: str(value) for lang in langs.LANGS}
    if not isinstance(value, dict):
        problems.append(Problem(shown, line, f"{where}: '{key}' must have a 'zh:' and an 'en:' text"))
        return {}
    out = {}
    for lang in langs.LANGS:
        text = value.get(lang)
        if not isinstance(text, (str, int, float)) or not str(text).strip():
            problems.append(Problem(shown, line, f"{where}: '{key}' has no {langs.LANG_NAMES[lang]} text: add '{lang}:' under '{key}:'"))
        else:
            out[lang] = str(text).strip()
    return out


def _checked(entry: Map, shown: str, where: str, problems: list) -> datetime.date | None:
    if "checked" not in entry:
        problems.append(Problem(shown, entry.line, f"{where}: no 'checked:' date: add 'checked: YYYY-MM-DD', the day "
                                                   "you checked it against its source"))
        return None
    day = _date(entry["checked"])
    if day is None:
        problems.append(Problem(shown, entry.lines.get("checked", entry.line),
                                f"{where}: 'checked: {entry['checked']}' is not a date: write it as YYYY-MM-DD"))
    return day


def _entries(data: dict, shown: str, kind: str, problems: list):
    for key, entry in data.items():
        line = data.lines.get(key, 1) if isinstance(data, Map) else 1
        if not isinstance(key, str) or not ID.match(key):
            problems.append(Problem(shown, line, f"{kind} id '{key}': use lower-case letters, digits and '-'"))
            continue
        if not isinstance(entry, Map):
            problems.append(Problem(shown, line, f"{kind} '{key}': its fields (indented under it) are missing"))
            continue
        entry.line = line          # problems about a whole entry point at its ID
        yield key, entry


def load_sources(text: str, shown: str = SOURCES_FILE) -> tuple[dict[str, Source], list[Problem]]:
    data, problems = _load(text, shown)
    sources = {}
    for key, entry in _entries(data, shown, "source", problems):
        where = f"source '{key}'"
        found = len(problems)
        name = _both(entry, "name", shown, where, problems)
        issuer = _both(entry, "issuer", shown, where, problems)
        used_for = _both(entry, "used_for", shown, where, problems)
        ref = _both(entry, "ref", shown, where, problems, required=False, scalar_ok=True)
        checked = _checked(entry, shown, where, problems)
        if len(problems) == found:
            sources[key] = Source(key, name, issuer, used_for, checked, entry.line, ref)
    return sources, problems


def load_facts(text: str, sources: dict[str, Source], shown: str = FACTS_FILE,
               sources_file: str = SOURCES_FILE) -> tuple[dict[str, Fact], list[Problem]]:
    data, problems = _load(text, shown)
    facts = {}
    for key, entry in _entries(data, shown, "fact", problems):
        where = f"fact '{key}'"
        found = len(problems)
        value = _both(entry, "value", shown, where, problems, scalar_ok=True)
        texts = {}
        for lang in langs.LANGS:
            text_value = entry.get(lang)
            if not isinstance(text_value, str) or not text_value.strip():
                problems.append(Problem(shown, entry.line, f"{where}: no {langs.LANG_NAMES[lang]} text: add '{lang}:' saying what it is"))
            else:
                texts[lang] = text_value.strip()
        source = entry.get("source")
        if not source:
            problems.append(Problem(shown, entry.line, f"{where}: no 'source:': add the ID of its source in {sources_file}"))
        elif source not in sources:
            problems.append(Problem(shown, entry.lines.get("source", entry.line),
                                    f"{where}: source '{source}' is not in {sources_file} "
                                    f"(sources: {', '.join(sorted(sources)) or 'none'}): fix the ID or add the source"))
        checked = _checked(entry, shown, where, problems)
        group = entry.get("group")
        if group is not None and (not isinstance(group, str) or not ID.match(group)):
            problems.append(Problem(shown, entry.lines.get("group", entry.line), f"{where}: group '{group}': use lower-case letters, digits and '-'"))
        if len(problems) == found:
            facts[key] = Fact(key, value, texts, source, checked, entry.line, group)
    return facts, problems


def stale(items, today: datetime.date, shown: str, max_age: datetime.timedelta = MAX_AGE) -> list[Problem]:
    """Facts or sources checked more than `max_age` before `today` (warnings, not failures)."""
    out = []
    for item in items:
        if item.checked and today - item.checked > max_age:
            kind = "fact" if isinstance(item, Fact) else "source"
            out.append(Problem(shown, item.line, f"{kind} '{item.id}' was last checked on {item.checked.isoformat()}, "
                                                 f"more than a year ago: check it against its source and update 'checked:'"))
    return out


def _source_line(source: Source, lang: str) -> str:
    t = TEXT[lang]
    ref = source.ref.get(lang)
    name = f"**{source.name[lang]}**"
    issued = source.issuer[lang] + (f"{t['list']}{ref}" if ref and ref not in source.name[lang] else "")
    return f"{name}{t['open']}{issued}{t['close']}"


def render_fact(fact: Fact, sources: dict[str, Source], lang: str) -> str:
    """One fact inline: its value, what it is, its source and the day it was checked."""
    t = TEXT[lang]
    source = sources[fact.source]
    return (f"**{fact.value[lang]}**{t['sep']}{fact.text[lang]}"
            f'<span class="kb-checked">{t["open"]}{t["source"]}{t["sep"]}{source.name[lang]}{t["list"]}'
            f"{t['checked']} {fact.checked.isoformat()}{t['close']}</span>")


def render_group(group: str, facts: dict[str, Fact], sources: dict[str, Source], lang: str) -> str:
    """The facts of one group as a table: value, what it is, source, checked date."""
    t = TEXT[lang]
    members = [fact for fact in facts.values() if fact.group == group]
    numbers = all(fact.value[lang].isdigit() for fact in members)        # phone numbers: 'Number', 'What it is for'
    first, second = ("number", "what-for") if numbers else ("value", "what")
    rows = [f"| {t[first]} | {t[second]} | {t['source'].capitalize()} | {t['date']} |", "|---|---|---|---|"]
    for fact in members:
        cells = [f"**{fact.value[lang]}**", fact.text[lang], sources[fact.source].name[lang], fact.checked.isoformat()]
        rows.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(rows)


def render_sources(sources: dict[str, Source], lang: str) -> str:
    """Every source as a list item: name, issuer and number, what the site uses it for, checked date."""
    t = TEXT[lang]
    return "\n".join(f"- {_source_line(s, lang)}{t['sep']}{s.used_for[lang]}"
                     f'<span class="kb-checked">{t["open"]}{t["checked"]} {s.checked.isoformat()}{t["close"]}</span>'
                     for s in sources.values())


def replace_markers(markdown: str, facts: dict[str, Fact], sources: dict[str, Source], lang: str, shown: str,
                    first_line: int = 1, facts_file: str = FACTS_FILE, sources_file: str = SOURCES_FILE) -> tuple[str, list[Problem]]:
    """Expands the fact and source markers of one page (not inside fenced or inline code). `first_line` is
    the file line of the markdown's first line (after the front matter)."""
    problems: list[Problem] = []
    groups = sorted({f.group for f in facts.values() if f.group})
    out = []
    for number, line, in_code in md_lines(markdown, first_line):
        if in_code or "<!--" not in line:
            out.append(line)
            continue
        code = [m.span() for m in INLINE_CODE.finditer(line)]

        def expand(match):
            name, argument = match.group(1), match.group(2)
            if name not in INLINE_MARKERS + BLOCK_MARKERS or any(a <= match.start() < b for a, b in code):
                return match.group(0)
            marker = match.group(0)
            if name in BLOCK_MARKERS and line.strip() != marker:
                problems.append(Problem(shown, number, f"'{marker}' renders a {'table' if name == 'facts' else 'list'}: "
                                                       "put it on a line of its own"))
                return marker
            if name == "fact":
                if argument in facts:
                    return render_fact(facts[argument], sources, lang)
                problems.append(Problem(shown, number, f"no fact '{argument}' in {facts_file} (facts: {', '.join(sorted(facts)) or 'none'}): "
                                                       f"fix the ID in '{marker}' or add the fact"))
            elif name == "facts":
                if argument in groups:
                    return render_group(argument, facts, sources, lang)
                problems.append(Problem(shown, number, f"no group '{argument}' in {facts_file} (groups: {', '.join(groups) or 'none'}): "
                                                       f"fix the name in '{marker}' or give facts 'group: {argument}'"))
            elif name == "source":
                if argument in sources:
                    return _source_line(sources[argument], lang)
                problems.append(Problem(shown, number, f"no source '{argument}' in {sources_file} (sources: {', '.join(sorted(sources)) or 'none'}): "
                                                       f"fix the ID in '{marker}' or add the source"))
            elif argument is not None:
                problems.append(Problem(shown, number, f"'{marker}' takes no argument: write '<!-- sources -->'"))
            else:
                return render_sources(sources, lang)
            return marker

        expanded = MARKER.sub(expand, line)
        block = MARKER.fullmatch(line.strip())
        if expanded != line and block and block.group(1) in BLOCK_MARKERS:
            indent = line[: len(line) - len(line.lstrip())]       # inside a list item: keep its indent
            out.extend(["", "\n".join(indent + row for row in expanded.strip().split("\n")), ""])
        else:
            out.append(expanded)
    return "\n".join(out), problems
