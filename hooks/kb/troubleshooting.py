"""Troubleshooting index and response-code table: front matter schema, validation, rows and rendering (nothing existing does this).

Every page under troubleshooting/ (except the index itself) declares in its front matter what it is
about (CONTENT.md):

    troubleshooting:
      symptom: 刷卡成功了，但一笔钱都没到账    # str, as the merchant sees it, in the page's language
      family: missing                         # one of FAMILIES
      causes: [causes/settlement-cycle.md]    # docs-relative .md pages that exist, same in both twins
      codes: ["98", "68"]                     # quoted codes of data/response-codes.yml, same in both twins
      wait: ...                               # str: how long before escalating
      contact: [acquirer, settlement-bank]    # roles of ROLES, same in both twins
      keywords: [...]                         # >= 6 str, how merchants type it

`validate` checks that schema (file and line of the field, or of the `troubleshooting:` key when a field
is missing), the twins, the markers and every generated link (through kb.links.SiteMap). `rows` turns the
pages of one language into index rows; `render_index` and `render_codes` write Markdown with HTML tables
(md_in_html) that the filter script (docs/assets/filter.js) narrows and that reads fully without it.
"""
from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass, field

from . import domain as langs
from . import pages as kbpages
from . import yamlfile
from .domain import CONTACT_PAGE, LANG_NAMES, ROLES, relative
from .report import Problem

INDEX = "troubleshooting/index.md"
CODES_PAGE = "reference/response-codes.md"
DATA_FILE = "data/response-codes.yml"
INDEX_MARKER_NAME = "troubleshooting-index"
CODES_MARKER_NAME = "response-codes"
INDEX_MARKER = f"<!-- {INDEX_MARKER_NAME} -->"
CODES_MARKER = f"<!-- {CODES_MARKER_NAME} -->"
MARKER_LINE = {name: re.compile(rf"^[ \t]*<!--\s*{name}\s*-->[ \t]*$", re.MULTILINE)
               for name in (INDEX_MARKER_NAME, CODES_MARKER_NAME)}

FAMILIES = ("missing", "amount", "payment-failed", "account-blocked", "platform")
FIELDS = ("symptom", "family", "causes", "codes", "wait", "contact", "keywords")
TWIN_FIELDS = ("family", "causes", "codes", "contact")
MIN_KEYWORDS = 6
SIDES = ("C", "M", "N", "—")
CODE = re.compile(r"^[0-9A-Z]{2}$")
EXAMPLES = {
    "symptom": "symptom: 刷卡成功了，但一笔钱都没到账",
    "family": "family: missing",
    "causes": "causes: [causes/settlement-cycle.md]",
    "codes": 'codes: ["98", "68"]   (or codes: [] when no response code is involved)',
    "wait": "wait: 按合同约定的结算周期，过了应到账日仍未到再联系",
    "contact": "contact: [acquirer]",
    "keywords": "keywords: [钱没到账, 刷卡钱没到, ...]   (at least 6)",
}

FAMILY_NAMES = {
    "missing": {"zh": "钱没到账或到晚了", "en": "Money missing or late"},
    "amount": {"zh": "到账金额不对", "en": "Wrong amount arrived"},
    "payment-failed": {"zh": "交易没有成功", "en": "The payment did not go through"},
    "account-blocked": {"zh": "结算被冻结或暂停", "en": "Settlement frozen or stopped"},
    "platform": {"zh": "第三方支付平台", "en": "Payment platforms"},
}
LABELS = {
    "zh": {
        "symptom": "症状", "causes": "可能的原因", "codes": "应答码", "wait": "等多久再找人", "contact": "联系谁",
        "code": "应答码", "meaning": "含义", "side": "谁来处理", "do": "怎么办",
        "sep": "、", "none": "—",
        "index_label": "筛选：输入症状、关键词或应答码",
        "index_placeholder": "例如：没到账、冻结、51",
        "codes_label": "筛选：输入应答码（如 51、A0）或文字",
        "codes_placeholder": "例如：51、A0、密码",
        "count": "显示 {shown} 行，共 {total} 行",
        "empty": "没有匹配的行。换个说法试试，或清空搜索框显示全部。",
    },
    "en": {
        "symptom": "Symptom", "causes": "Likely causes", "codes": "Response codes", "wait": "How long to wait",
        "contact": "Who to contact",
        "code": "Code", "meaning": "Meaning", "side": "Who must act", "do": "What to do",
        "sep": ", ", "none": "—",
        "index_label": "Filter: type a symptom, a keyword or a response code",
        "index_placeholder": "e.g. not arrived, frozen, 51",
        "codes_label": "Filter: type a code (e.g. 51, A0) or words",
        "codes_placeholder": "e.g. 51, A0, PIN",
        "count": "Showing {shown} of {total} rows",
        "empty": "No rows match. Try other words, or clear the box to show every row.",
    },
}


# ---------------------------------------------------------------- response codes data

@dataclass
class Code:
    code: str
    zh: str
    en: str
    sides: tuple
    do: dict          # lang -> text


@dataclass
class CodeTable:
    codes: dict = field(default_factory=dict)     # code -> Code, in file order
    sides: dict = field(default_factory=dict)     # side -> {'zh', 'en', 'do': {'zh', 'en'}}

    def ids(self) -> list[str]:
        return [f"code-{code}" for code in self.codes]


def _text(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _both(value) -> bool:
    return isinstance(value, dict) and all(_text(value.get(lang)) for lang in langs.LANGS)


def load_codes(text: str, shown: str = DATA_FILE) -> tuple[CodeTable, list[Problem]]:
    """Parses data/response-codes.yml; every problem names the line and the fix."""
    table = CodeTable()
    data, problems, _ = yamlfile.load(text, shown)
    if problems:
        return table, problems
    lines = yamlfile.lines_of(data)
    if not isinstance(data, dict) or not isinstance(data.get("sides"), dict) or not isinstance(data.get("codes"), list):
        return table, [Problem(shown, 1, "must hold a mapping 'sides:' (C, M, N, \"—\") and a list 'codes:' of "
                                         "{code, zh, en, side, do}")]
    for side in SIDES:
        entry = data["sides"].get(side)
        if not (isinstance(entry, dict) and _text(entry.get("zh")) and _text(entry.get("en")) and _both(entry.get("do"))):
            problems.append(Problem(shown, lines.get(f"sides.{side}", lines.get("sides", 1)),
                                    f"sides.{side} needs zh and en labels and do: {{zh, en}} (what to do when this side must act)"))
            continue
        table.sides[side] = entry
    for extra in set(data["sides"]) - set(SIDES):
        problems.append(Problem(shown, lines.get(f"sides.{extra}", 1), f"sides.{extra}: unknown side: use one of {', '.join(SIDES)}"))
    for index, entry in enumerate(data["codes"]):
        where = lines.get(f"codes.{index}", 1)
        if not isinstance(entry, dict):
            problems.append(Problem(shown, where, "each entry of codes: must be a mapping {code, zh, en, side, do}"))
            continue
        code = entry.get("code")
        if not isinstance(code, str) or not CODE.match(code):
            problems.append(Problem(shown, lines.get(f"codes.{index}.code", where),
                                    f"code {code!r} must be a quoted two-character string such as \"05\" or A0 "
                                    f"(unquoted 05 is read as the number 5)"))
            continue
        if code in table.codes:
            problems.append(Problem(shown, where, f"code {code} is listed twice: keep one entry"))
            continue
        missing = [key for key in ("zh", "en") if not _text(entry.get(key))]
        if missing:
            problems.append(Problem(shown, where, f"code {code}: add its meaning in {' and '.join(missing)}"))
            continue
        side = entry.get("side")
        sides = tuple(side) if isinstance(side, list) else (side,)
        if not sides or any(s not in SIDES for s in sides):
            problems.append(Problem(shown, lines.get(f"codes.{index}.side", where),
                                    f"code {code}: side {side!r} must be one of {', '.join(SIDES)} or a list of them"))
            continue
        do = entry.get("do")
        if do is not None and not _both(do):
            problems.append(Problem(shown, lines.get(f"codes.{index}.do", where), f"code {code}: do needs both zh and en text"))
            continue
        if do is None and len(sides) > 1:
            problems.append(Problem(shown, where, f"code {code} has two sides: write its own do: {{zh, en}}"))
            continue
        if do is None and sides[0] not in table.sides:
            continue
        table.codes[code] = Code(code, entry["zh"].strip(), entry["en"].strip(), sides,
                                 {lang: (do or table.sides[sides[0]]["do"])[lang].strip() for lang in langs.LANGS})
    return table, problems


# ---------------------------------------------------------------- pages

def is_troubleshooting(source) -> bool:
    """A page the index lists: every page under troubleshooting/ but the index, or any page with the block."""
    neutral = langs.split(source.path)[0]
    return (neutral.startswith("troubleshooting/") and neutral != INDEX) or "troubleshooting" in source.meta


def uses_codes(source) -> bool:
    """A page that needs the response-code data: the code table, or a page the index lists."""
    return is_troubleshooting(source) or any(name == CODES_MARKER_NAME for _, name, _ in source.markers)


def shown_of(source) -> str:
    return getattr(source, "shown", "") or f"docs/{source.path}"


def title_of(source) -> str:
    """The page's title as a reader sees it: front matter `title`, else its first level-1 heading."""
    if _text(source.meta.get("title")):
        return source.meta["title"].strip()
    for _, line in kbpages.scan(source.body):
        match = kbpages.HEADING.match(line)
        if match and len(match.group(1)) == 1:
            return re.sub(r"\s*\{[^}]*\}\s*$", "", match.group(2)).strip()
    return langs.split(source.path)[0]


def _type(value) -> str:
    return {bool: "true/false", int: "a number", float: "a number", dict: "a mapping", list: "a list",
            str: "text", type(None): "empty"}.get(type(value), type(value).__name__)


def check_page(source, sitemap, table: CodeTable) -> list[Problem]:
    """The `troubleshooting:` block of one page against the schema."""
    lines = source.meta_lines
    shown = shown_of(source)
    key_line = lines.get("troubleshooting", 1)
    block = source.meta.get("troubleshooting")
    if source.problems:
        return []          # unreadable front matter is reported by kb.pages' reader
    if block is None:
        return [Problem(shown, key_line, "front matter has no 'troubleshooting:' block, so the troubleshooting index "
                                         f"cannot list this page: add it with {', '.join(FIELDS)} (see CONTENT.md)")]
    if not isinstance(block, dict):
        return [Problem(shown, key_line, f"troubleshooting: must be a mapping of fields ({', '.join(FIELDS)}), "
                                         f"found {_type(block)}")]
    problems = []

    def at(name: str, index: int | None = None) -> int:
        return lines.get(f"troubleshooting.{name}.{index}" if index is not None else f"troubleshooting.{name}",
                         lines.get(f"troubleshooting.{name}", key_line))

    def bad(name: str, message: str, index: int | None = None) -> None:
        problems.append(Problem(shown, at(name, index), f"troubleshooting.{name}: {message}"))

    for name in FIELDS:
        if name not in block:
            problems.append(Problem(shown, key_line, f"troubleshooting.{name} is missing: add e.g. '{EXAMPLES[name]}'"))
    for name in block:
        if name not in FIELDS:
            guess = difflib.get_close_matches(str(name), FIELDS, n=1)
            hint = f"did you mean '{guess[0]}'?" if guess else f"the fields are {', '.join(FIELDS)}"
            problems.append(Problem(shown, lines.get(f"troubleshooting.{name}", key_line),
                                    f"troubleshooting.{name}: unknown field: {hint}"))

    for name in ("symptom", "wait"):
        if name in block and not _text(block[name]):
            bad(name, f"must be non-empty text, found {_type(block[name])}: e.g. '{EXAMPLES[name]}'")
    if "family" in block and block["family"] not in FAMILIES:
        bad("family", f"{block['family']!r} is not a family: use one of {', '.join(FAMILIES)}")

    def items(name: str, allow_empty: bool) -> list:
        value = block.get(name)
        if name not in block:
            return []
        if not isinstance(value, list):
            bad(name, f"must be a list, found {_type(value)}: e.g. '{EXAMPLES[name]}'")
            return []
        if not value and not allow_empty:
            bad(name, f"must list at least one entry: e.g. '{EXAMPLES[name]}'")
        seen = set()
        for index, item in enumerate(value):
            if isinstance(item, str) and item in seen:
                bad(name, f"'{item}' is listed twice: keep one", index)
            seen.add(item if isinstance(item, str) else None)
        return list(enumerate(value))

    for index, item in items("causes", allow_empty=False):
        if not _text(item) or not item.endswith(".md") or "#" in item:
            bad("causes", f"item {index + 1} ({item!r}) must be a docs-relative page path such as "
                          f"'causes/settlement-cycle.md' (no '#anchor')", index)
            continue
        error = sitemap.check(source.path, relative(source.path, item))
        if error:
            bad("causes", f"'{item}' does not resolve ({error})", index)
    for index, item in items("codes", allow_empty=True):
        if not isinstance(item, str):
            bad("codes", f"item {index + 1} is {_type(item)} {item!r}, not a string: quote every code, e.g. "
                         f"codes: [\"05\", \"51\"] (unquoted 05 is read as the number 5)", index)
        elif item not in table.codes:
            bad("codes", f"'{item}' is not a response code in {DATA_FILE}: use a code listed there "
                         f"(e.g. {', '.join(list(table.codes)[:4])}), or add it there first", index)
    for index, item in items("contact", allow_empty=False):
        if item not in ROLES:
            bad("contact", f"{item!r} is not a role: use {', '.join(ROLES)}", index)
    keywords = items("keywords", allow_empty=False)
    for index, item in keywords:
        if not _text(item):
            bad("keywords", f"item {index + 1} is {_type(item)}, not text: write it as merchants would type it", index)
    if "keywords" in block and isinstance(block["keywords"], list) and len(block["keywords"]) < MIN_KEYWORDS:
        bad("keywords", f"lists {len(block['keywords'])}, needs at least {MIN_KEYWORDS}: add more ways merchants "
                        f"describe this problem, in the page's language")
    return problems


def check_twins(sources: dict) -> list[Problem]:
    """Both languages list every page, and twins agree on family, causes, codes and contact."""
    problems = []
    for path, source in sorted(sources.items()):
        if not is_troubleshooting(source):
            continue
        neutral, lang = langs.split(path)
        for other in langs.LANGS:
            twin = langs.localized(neutral, other)
            if other != lang and twin not in sources:
                problems.append(Problem(shown_of(source), 0, f"has no {LANG_NAMES[other]} twin docs/{twin}: write it, "
                                                             f"or the {LANG_NAMES[other]} troubleshooting index lacks this page"))
        if lang == langs.DEFAULT:
            continue
        original = sources.get(neutral)
        mine, theirs = source.meta.get("troubleshooting"), original.meta.get("troubleshooting") if original else None
        if not isinstance(mine, dict) or not isinstance(theirs, dict):
            continue
        for name in TWIN_FIELDS:
            if name in mine and name in theirs and mine[name] != theirs[name]:
                line = source.meta_lines.get(f"troubleshooting.{name}", 1)
                problems.append(Problem(shown_of(source), line,
                                        f"troubleshooting.{name} is {mine[name]!r} here but {theirs[name]!r} in the "
                                        f"Chinese twin {shown_of(original)}: twins must list the same {name}"))
    return problems


# ---------------------------------------------------------------- rows

@dataclass
class Row:
    page: str                 # 'troubleshooting/x.en.md'
    lang: str
    symptom: str
    family: str
    causes: list              # [(neutral path, title)]
    codes: list
    wait: str
    contact: list
    keywords: list
    terms: list               # the other language's symptom and keywords: the filter finds the row in either

    @property
    def neutral(self) -> str:
        return langs.split(self.page)[0]


def _strings(value) -> list[str]:
    return [item.strip() for item in value if _text(item)] if isinstance(value, list) else []


def rows(sources: dict, lang: str, order: list[str] | None = None) -> list[Row]:
    """One row per troubleshooting page of `lang` whose block is usable, by family, then nav order, then path."""
    order = [langs.split(path)[0] for path in order or []]
    found = []
    for path, source in sources.items():
        neutral, page_lang = langs.split(path)
        block = source.meta.get("troubleshooting")
        if page_lang != lang or not is_troubleshooting(source) or not isinstance(block, dict):
            continue
        if not _text(block.get("symptom")) or block.get("family") not in FAMILIES:
            continue
        causes = []
        for cause in _strings(block.get("causes")):
            target = sources.get(langs.localized(cause, lang))
            causes.append((cause, title_of(target) if target else cause))
        twin = sources.get(langs.localized(neutral, langs.OTHER[lang]))
        twin_block = twin.meta.get("troubleshooting") if twin else None
        terms = []
        if isinstance(twin_block, dict):
            terms = ([twin_block["symptom"].strip()] if _text(twin_block.get("symptom")) else []) + _strings(twin_block.get("keywords"))
        contact = [role for role in _strings(block.get("contact")) if role in ROLES]
        terms += [langs.role_name(role, langs.OTHER[lang]) for role in contact]
        found.append(Row(path, lang, block["symptom"].strip(), block["family"], causes,
                         [code for code in block.get("codes") or [] if isinstance(code, str)],
                         block["wait"].strip() if _text(block.get("wait")) else "",
                         contact, _strings(block.get("keywords")), terms))
    rank = {neutral: index for index, neutral in enumerate(order)}
    found.sort(key=lambda row: (FAMILIES.index(row.family), rank.get(row.neutral, len(rank)), row.page))
    return found


# ---------------------------------------------------------------- rendering

MD_SPECIAL = re.compile(r"([\\`*_\[\]])")


def md_text(text: str) -> str:
    """Plain text made safe inside a Markdown span: HTML-escaped, Markdown punctuation backslash-escaped."""
    return MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def attr(text: str) -> str:
    return html.escape(" ".join(text.split()), quote=True)


def index_links(row: Row, page: str = INDEX) -> dict[str, list[str]]:
    """Every link a row writes, relative to the index page `page` (docs-relative, neutral or localized)."""
    return {
        "symptom": [relative(page, row.neutral)],
        "causes": [relative(page, cause) for cause, _ in row.causes],
        "codes": [relative(page, f"{CODES_PAGE}#code-{code}") for code in row.codes],
        "contact": [relative(page, f"{CONTACT_PAGE}#{role}") for role in row.contact],
    }


def _filter_open(lang: str, kind: str, extra_class: str = "") -> str:
    words = LABELS[lang]
    return (f'<div class="kb-filter{(" " + extra_class) if extra_class else ""}" data-filter '
            f'data-filter-label="{attr(words[kind + "_label"])}" '
            f'data-filter-placeholder="{attr(words[kind + "_placeholder"])}" '
            f'data-filter-count="{attr(words["count"])}" data-filter-empty="{attr(words["empty"])}" markdown>')


def _cells(lang: str):
    """Opening attributes of a cell: Markdown inside, and its column name for the stacked phone layout."""
    return lambda key: f'markdown="span" data-label="{attr(LABELS[lang][key])}"'


def render_index(rows: list[Row], lang: str, page: str = INDEX) -> str:
    """The index as Markdown: one group per family (h2 with id family-NAME), one table row per page."""
    words = LABELS[lang]
    cell = _cells(lang)
    out = [_filter_open(lang, "index", "kb-index"), ""]
    for family in FAMILIES:
        members = [row for row in rows if row.family == family]
        if not members:
            continue
        out += [f'<div class="kb-filter__group" data-filter-group markdown>', "",
                f"## {md_text(FAMILY_NAMES[family][lang])} {{ #family-{family} }}", "",
                "<table markdown>",
                "<thead markdown>",
                '<tr markdown>' + "".join(f"<th>{html.escape(words[key])}</th>"
                                          for key in ("symptom", "causes", "codes", "wait", "contact")) + "</tr>",
                "</thead>",
                "<tbody markdown>"]
        for row in members:
            links = index_links(row, page)
            causes = "<br>".join(f"[{md_text(title)}]({link})" for (_, title), link in zip(row.causes, links["causes"]))
            codes = " ".join(f"[{code}]({link}){{ .kb-code }}" for code, link in zip(row.codes, links["codes"]))
            contact = words["sep"].join(f"[{md_text(langs.role_name(role, lang, start=True))}]({link})"
                                        for role, link in zip(row.contact, links["contact"]))
            terms = attr(" ".join(row.keywords + row.terms))
            out += [f'<tr data-codes="{attr(" ".join(row.codes))}" data-terms="{terms}" markdown>',
                    f'<td {cell("symptom")}>[{md_text(row.symptom)}]({links["symptom"][0]})</td>',
                    f'<td {cell("causes")}>{causes or words["none"]}</td>',
                    f'<td {cell("codes")}>{codes or words["none"]}</td>',
                    f'<td {cell("wait")}>{md_text(row.wait) or words["none"]}</td>',
                    f'<td {cell("contact")}>{contact or words["none"]}</td>',
                    "</tr>"]
        out += ["</tbody>", "</table>", "", "</div>", ""]
    out += ["</div>", ""]
    return "\n".join(out)


def side_label(sides, table: CodeTable, lang: str) -> str:
    return ("；" if lang == "zh" else "; ").join(table.sides[side][lang] for side in sides if side in table.sides)


def render_codes(table: CodeTable, lang: str) -> str:
    """The response-code reference: one row per code with id code-XX, meaning, who must act, what to do."""
    words = LABELS[lang]
    other = langs.OTHER[lang]
    cell = _cells(lang)
    out = [_filter_open(lang, "codes", "kb-codes"), "",
           "<table markdown>", "<thead markdown>",
           '<tr markdown>' + "".join(f"<th>{html.escape(words[key])}</th>" for key in ("code", "meaning", "side", "do")) + "</tr>",
           "</thead>", "<tbody markdown>"]
    for code in table.codes.values():
        meaning = md_text(getattr(code, lang))
        if lang != langs.DEFAULT:
            meaning += f'<br><span lang="zh">{md_text(code.zh)}</span>'
        terms = " ".join([getattr(code, other)] + [table.sides[s][other] for s in code.sides if s in table.sides])
        out += [f'<tr id="code-{code.code}" data-codes="{code.code}" data-side="{attr(" ".join(code.sides))}" '
                f'data-terms="{attr(terms)}" markdown>',
                f'<td {cell("code")}>[{code.code}](#code-{code.code}){{ .kb-code }}</td>',
                f'<td {cell("meaning")}>{meaning}</td>',
                f'<td {cell("side")}>{md_text(side_label(code.sides, table, lang))}</td>',
                f'<td {cell("do")}>{md_text(code.do[lang])}</td>',
                "</tr>"]
    out += ["</tbody>", "</table>", "", "</div>", ""]
    return "\n".join(out)


def expand(markdown: str, name: str, rendered: str) -> str:
    """Replaces the marker line `<!-- name -->` with `rendered` (blank lines around it)."""
    return MARKER_LINE[name].sub(lambda _: f"\n{rendered}\n", markdown, count=1)


# ---------------------------------------------------------------- whole-site validation

def _marker_line(source, name: str) -> int | None:
    for number, line in enumerate(source.body.split("\n"), start=source.body_line):
        if MARKER_LINE[name].match(line):
            return number
    return None


def validate(sources: dict, sitemap, table: CodeTable, order: list[str] | None = None) -> list[Problem]:
    """Every problem of the troubleshooting pages, the index pages and the response-code pages, with place and fix."""
    problems = []
    listed = [path for path, source in sources.items() if is_troubleshooting(source)]
    for path in sorted(listed):
        problems += check_page(sources[path], sitemap, table)
    problems += check_twins(sources)
    for lang in langs.LANGS:
        index = langs.localized(INDEX, lang)
        mine = [path for path in listed if langs.split(path)[1] == lang]
        if index not in sources:
            if mine:
                problems.append(Problem(f"docs/{index}", 0, f"the troubleshooting index page is missing but {len(mine)} "
                                                            f"troubleshooting pages exist: create it with the line {INDEX_MARKER}"))
        else:
            source = sources[index]
            marker = _marker_line(source, INDEX_MARKER_NAME)
            if marker is None:
                problems.append(Problem(shown_of(source), 0, f"has no line {INDEX_MARKER}: add it where the generated "
                                                             f"index goes (nobody edits the index by hand)"))
            else:
                seen = set()
                for row in rows(sources, lang, order):
                    for kind, targets in index_links(row, index).items():
                        for target in targets:
                            if kind == "causes" or target in seen:
                                continue      # causes are checked at their field, with its line
                            seen.add(target)
                            error = sitemap.check(index, target)
                            if error:
                                problems.append(Problem(shown_of(source), marker,
                                                        f"generated index: {error} (from {kind} of {shown_of(sources[row.page])})"))
        codes_page = langs.localized(CODES_PAGE, lang)
        if codes_page in sources and _marker_line(sources[codes_page], CODES_MARKER_NAME) is None:
            problems.append(Problem(shown_of(sources[codes_page]), 0, f"has no line {CODES_MARKER}: add it where the "
                                                                      f"response-code table goes (rendered from {DATA_FILE})"))
    return problems
