"""Handbook in the navigation: adds a link to this language's PDF handbook at the end of the nav, so it is
in the phone's menu (the navigation drawer) and the desktop sidebar, not only at the foot of each page
(overrides/main.html). MkDocs' nav config cannot give the two languages different link targets, so
this small hook does.

The PDF is written by hooks/handbook.py next to the language's pages (not under `mkdocs serve`, where
the link 404s like the footer's).
"""
from __future__ import annotations

from mkdocs.structure.nav import Link

from kb import domain
from kb import handbook

TITLES = {"zh": "下载手册（PDF）", "en": "Download the handbook (PDF)"}


def on_nav(nav, config, files, **kwargs):
    lang = domain.language(config.theme.get("language"))     # static-i18n sets it for each language's build
    if not any(isinstance(item, Link) and item.url == handbook.filename(lang) for item in nav.items):
        nav.items.append(Link(TITLES[lang], handbook.filename(lang)))
    return nav
