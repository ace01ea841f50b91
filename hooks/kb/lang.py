"""Languages of the suffix layout (x.md Chinese, x.en.md English): the path arithmetic static-i18n keeps private."""
from __future__ import annotations

DEFAULT = "zh"
LANGS = ("zh", "en")
OTHER = {"zh": "en", "en": "zh"}
NAMES = {"zh": "Chinese", "en": "English"}     # in messages


def split(src_uri: str) -> tuple[str, str]:
    """'causes/fees.en.md' -> ('causes/fees.md', 'en'); 'causes/fees.md' -> ('causes/fees.md', 'zh')."""
    for lang in LANGS:
        if lang != DEFAULT and src_uri.endswith(f".{lang}.md"):
            return src_uri[: -len(f".{lang}.md")] + ".md", lang
    return src_uri, DEFAULT


def localized(neutral: str, lang: str) -> str:
    """'causes/fees.md', 'en' -> 'causes/fees.en.md'."""
    if lang == DEFAULT:
        return neutral
    return neutral[: -len(".md")] + f".{lang}.md"


def current(config) -> str:
    """The language MkDocs is building now (static-i18n builds zh first, then en)."""
    plugin = config.plugins.get("i18n")
    lang = getattr(plugin, "current_language", None) or config.theme.get("language") or DEFAULT
    return lang if lang in LANGS else DEFAULT
