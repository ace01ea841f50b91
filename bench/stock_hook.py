"""For `make bench` only: the stock-Material baseline renders the same generated content (decision
trees, troubleshooting index, response-code table) as the site, and nothing else of hooks/main.py."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hooks"))

import trees  # noqa: E402
import troubleshooting_index  # noqa: E402
import validate  # noqa: E402
from kb import domain  # noqa: E402

_model = {}


def on_files(files, config):
    if "site" not in _model:        # the top-level build reads both languages; the nested one reuses it
        _model["site"] = validate.load_site(files, config)
    return files


def on_page_markdown(markdown, page, config, files):
    lang = domain.language(config.theme.get("language"))
    markdown = trees.expand(markdown, page, _model["site"], lang)
    return troubleshooting_index.expand(markdown, page, _model["site"], lang)
