"""Per-language search indexes: split Material's one index by language, add front-matter keywords as a hidden field, point /en/ pages at their own index. Neither Material nor static-i18n does this (static-i18n merges both languages into one index)."""
from __future__ import annotations

import json
import re
from typing import Callable, Iterable

# Material 9.8.2's own per-language settings (partials/languages/{zh,en}.html), one language per
# index so lunr loads only that language's pipeline. The pipeline names which of
# trimmer/stopWordFilter/stemmer stay; Material appends '*' to every query term and lunr skips the
# query pipeline for wildcard terms, so a stemmer on the index side would make 'payouts*' miss the
# indexed stem 'payout': English keeps Material's default (no stemmer) and gets its word forms
# from expand_english() instead.
FIELDS = {
    "title": {"boost": 1e3},
    "text": {"boost": 1.0},
    "tags": {"boost": 1e6},
    "keywords": {"boost": 200.0},      # hidden field: not rendered by Material's result template
    "prefixes": {"boost": 1e-6},       # hidden, scores nothing: only widens the query segmenter's vocabulary
}
LANG_CONFIG = {
    "zh": {"lang": ["zh"], "separator": "[\\s\\u200b\\u3000\\-、。，．？！；]+", "pipeline": ["stemmer"]},
    "en": {"lang": ["en"], "separator": "[\\s\\-]+", "pipeline": ["stopWordFilter"]},
}
# Weight of a keyword hit against a title hit (1000), measured on tests/search_queries.yml: English
# keywords carry their word forms (a query word can hit three forms of one keyword), so less.
KEYWORD_BOOST = {"zh": 200.0, "en": 60.0}

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
ZWSP = "\u200b"


def index_config(lang: str) -> dict:
    """The `config` block of one language's search_index.json."""
    fields = {name: dict(spec) for name, spec in FIELDS.items()}
    fields["keywords"]["boost"] = KEYWORD_BOOST[lang]
    return {**LANG_CONFIG[lang], "fields": fields}


def segment(text: str, cut: Callable[[str], Iterable[str]]) -> str:
    """Chinese runs cut into words separated by zero-width spaces, exactly as Material segments
    titles and text (so keywords and page text share one vocabulary); other text unchanged."""
    def replace(match):
        return ZWSP + ZWSP.join(w for w in cut(match.group(0)) if w) + ZWSP
    return HAN.sub(replace, text).strip(ZWSP)


_VOWELS = "aeiou"


def inflections(word: str) -> set[str]:
    """Regular English forms of one word (payout -> payouts; delay -> delayed, delaying; charged ->
    charge, charges, charging). Material appends '*' to each query word, so a query word matches
    any indexed word it is a prefix of; adding the forms to the hidden keyword field lets
    'payouts', 'delayed' or 'charging' find a page whose keyword is 'payout', 'delay' or
    'charged'. Over-generation ('payouted') is harmless: nobody types it."""
    w = word.lower()
    if len(w) < 3 or not w.isalpha():
        return {w}
    lemmas = set()
    for suffix in ("ing", "ed", "es", "s"):      # base forms of an inflected word
        if w.endswith(suffix) and len(w) - len(suffix) >= 3 and not w.endswith("ss"):
            stem = w[: -len(suffix)]
            lemmas.add(stem)
            if suffix in ("ing", "ed"):
                lemmas.add(stem + "e")
    forms = {w}
    for lemma in lemmas or {w}:
        forms.add(lemma)
        if lemma.endswith("e"):
            forms |= {lemma + "s", lemma + "d", lemma[:-1] + "ing"}
        elif lemma.endswith("y") and lemma[-2] not in _VOWELS:
            forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
        elif lemma.endswith(("s", "x", "z", "ch", "sh")):
            forms |= {lemma + "es", lemma + "ed", lemma + "ing"}
        else:
            forms |= {lemma + "s", lemma + "ed", lemma + "ing"}
    return forms


def expand_english(text: str) -> str:
    """Every word of `text` followed by its regular forms, de-duplicated, order kept."""
    seen: dict[str, None] = {}
    for word in re.findall(r"[A-Za-z0-9+]+(?:'[a-z]+)?", text):
        for form in sorted(inflections(word)) if word.isalpha() else [word.lower()]:
            seen.setdefault(form, None)
    return " ".join(seen)


TAGS = re.compile(r"<[^>]+>")
LATIN_HAN = re.compile(r"([A-Za-z][A-Za-z0-9]*)[ \u200b]+([\u3400-\u4dbf\u4e00-\u9fff]+)")


def prefix_tokens(*texts: str) -> list[str]:
    """Tokens that only help Material cut a Chinese query (its segmenter, in the browser, cuts the
    query greedily into tokens found in the index, never using the query's last character, then
    matches each piece as a prefix). For every Chinese word of the segmented `texts`: its leading
    parts ('不进账' -> '不', '不进'), so '不进账' is cut as '不进*' and finds '不进账' instead of
    the noisy '不*' + '进*'; and for a Latin word written before a Chinese one with the site's
    typographic space ('POS 机'), the glued form merchants type ('pos机')."""
    found: dict[str, None] = {}
    for text in texts:
        plain = TAGS.sub(" ", text or "")
        for word in re.split(LANG_CONFIG["zh"]["separator"], plain):
            if len(word) >= 3 and HAN.fullmatch(word):
                for end in range(2, len(word)):
                    found.setdefault(word[:end], None)
        for latin, han in LATIN_HAN.findall(plain):
            found.setdefault((latin + han).lower(), None)
    return list(found)


def keywords_of(meta: dict) -> list[str]:
    """The phrases merchants type for a page: its troubleshooting keywords, symptom and response
    codes (CONTENT.md front matter schema). Empty for pages without a `troubleshooting` block."""
    block = (meta or {}).get("troubleshooting")
    if not isinstance(block, dict):
        return []
    found: list[str] = []
    for value in [*(block.get("keywords") or []), block.get("symptom"), *(block.get("codes") or [])]:
        if isinstance(value, (str, int)) and str(value).strip() and str(value).strip() not in found:
            found.append(str(value).strip())
    return found


def keyword_field(phrases: list[str], lang: str, cut: Callable[[str], Iterable[str]] | None = None) -> str:
    """The hidden `keywords` field of a page's entry. Chinese phrases are cut like the page text;
    English phrases get their regular word forms (see inflections)."""
    if lang == "zh":
        if cut is None:
            raise ValueError("Chinese keywords need a word cutter (jieba.cut)")
        whole = [p.replace(" ", "") for p in phrases if HAN.search(p)]
        return " ".join([segment(p, cut) for p in phrases] + whole)
    return expand_english(" ".join(phrases))


def page_entry(location: str) -> bool:
    """True for the entry of a whole page (its first section), False for a heading's section."""
    return "#" not in location


def inject_keywords(entries: list[dict], fields: dict[str, str]) -> list[dict]:
    """Copies of `entries` with the hidden `keywords` field set on each page's own entry.
    `fields` maps an entry location (page URL) to its keyword field text."""
    out = []
    for entry in entries:
        entry = dict(entry)
        text = fields.get(entry.get("location", ""))
        if text and page_entry(entry["location"]):
            entry["keywords"] = text
        out.append(entry)
    return out


def relocate(entries: list[dict], prefix: str) -> list[dict]:
    """Entry locations made relative to the language's root ('en/about/' -> 'about/' for prefix
    'en/'). An entry outside the prefix means the split went wrong: raises ValueError."""
    if not prefix:
        return [dict(e) for e in entries]
    out = []
    for entry in entries:
        location = entry.get("location", "")
        if not location.startswith(prefix):
            raise ValueError(f"search entry {location!r} is not under {prefix!r}")
        out.append({**entry, "location": location[len(prefix):]})
    return out


def split_by_language(entries: list[dict], prefixes: dict[str, str]) -> dict[str, list[dict]]:
    """Material's merged entries split by language: an entry belongs to the language whose
    non-empty prefix ('en/') starts its location, else to the language with the empty prefix."""
    default = next(lang for lang, prefix in prefixes.items() if not prefix)
    split: dict[str, list[dict]] = {lang: [] for lang in prefixes}
    for entry in entries:
        location = entry.get("location", "")
        lang = next((l for l, p in prefixes.items() if p and location.startswith(p)), default)
        split[lang].append(entry)
    return split


def index_json(entries: list[dict], lang: str) -> str:
    """One language's search_index.json, compact like Material's."""
    return json.dumps({"config": index_config(lang), "docs": entries}, ensure_ascii=False,
                      separators=(",", ":"), default=str)


CONFIG_SCRIPT = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)
BASE = re.compile(r'("base":\s*")([^"]*)(")')


def point_base(html: str, subdir: str) -> str:
    """Material loads `search/search_index.json` relative to `base` in the page's __config JSON; for
    a page of the language served under `subdir` ('en'), make that base the language's root
    ('../..' -> '../../en/'; the trailing slash matters: URL resolution drops a last segment) so the page loads its own language's index and result links resolve.
    Raises ValueError when the page has no __config block (the theme changed)."""
    def fix_script(match):
        body, count = BASE.subn(lambda m: m.group(1) + _join(m.group(2), subdir) + m.group(3), match.group(2), count=1)
        if not count:
            raise ValueError("no 'base' in Material's __config block")
        return match.group(1) + body + match.group(3)

    out, count = CONFIG_SCRIPT.subn(fix_script, html, count=1)
    if not count:
        raise ValueError("no <script id=\"__config\"> block: cannot point the page at its search index")
    return out


def _join(base: str, subdir: str) -> str:
    base = base.rstrip("/") or "."
    return f"{subdir}/" if base == "." else f"{base}/{subdir}/"


def with_prefixes(entry: dict) -> dict:
    """A copy of a Chinese entry with its hidden `prefixes` field (see prefix_tokens); entries with
    no such token are returned unchanged."""
    tokens = prefix_tokens(entry.get("title", ""), entry.get("text", ""), entry.get("keywords", ""))
    return {**entry, "prefixes": " ".join(tokens)} if tokens else dict(entry)
