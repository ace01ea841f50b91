"""The site's vocabulary: its languages (the suffix layout's path arithmetic, which static-i18n keeps
private), the people a merchant contacts, and how one page links another. Every module takes these
from here."""
from __future__ import annotations

import posixpath

DEFAULT = "zh"
LANGS = ("zh", "en")
OTHER = {"zh": "en", "en": "zh"}
LANG_NAMES = {"zh": "Chinese", "en": "English"}     # in messages to authors

# Who a merchant contacts, as the troubleshooting index, the trees and the contact page name them
# (each role is a heading id on actions/contact.md).
CONTACT_PAGE = "actions/contact.md"
ROLES = ("acquirer", "settlement-bank", "platform", "issuer")
ROLE_NAMES = {
    "acquirer": {"zh": "收单机构", "en": "your acquirer"},
    "settlement-bank": {"zh": "结算卡开户银行", "en": "the bank that holds your settlement account"},
    "platform": {"zh": "支付平台或服务商", "en": "the payment platform or service provider"},
    "issuer": {"zh": "顾客的发卡银行（由顾客联系）", "en": "the customer's card issuer (the customer contacts it)"},
}


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


def language(value) -> str:
    """A language code as the config names it ('zh', 'en', 'zh-CN' ...) -> one of LANGS (else DEFAULT)."""
    code = str(value or "").split("-")[0].split("_")[0].lower()
    return code if code in LANGS else DEFAULT


def relative(page: str, target: str) -> str:
    """The link page `page` (docs-relative) writes to reach `target` (docs-relative, '#fragment' allowed):
    relative('troubleshooting/index.md', 'causes/fees.md#refunds') -> '../causes/fees.md#refunds'."""
    path, hashmark, fragment = target.partition("#")
    if not path:
        return target
    return posixpath.relpath(path, posixpath.dirname(page) or ".") + hashmark + fragment


def role_name(role: str, lang: str, start: bool = False) -> str:
    """A role's name in a sentence, or (start=True) at the start of a table cell: 'Your acquirer'."""
    name = ROLE_NAMES[role][lang]
    return name[:1].upper() + name[1:] if start else name
