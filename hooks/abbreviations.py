"""Jargon explained on tap: each language's pages get that language's abbreviations file
(includes/abbreviations.<lang>.md) appended by pymdownx.snippets' auto_append, and abbr terms are found
inside Chinese text too (kb.abbr). static-i18n has no per-language Markdown settings, so this step sets
the snippet for the language being built (MkDocs runs on_config again for each language). Called by
hooks/main.py."""
from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from kb.abbr import CJKAbbrExtension

HOOK_REPO = Path(__file__).resolve().parents[1]
FOLDER = "includes"
SNIPPETS = "pymdownx.snippets"


def includes_dir(config) -> Path:
    """includes/ next to mkdocs.yml, else the repository's (a fixture site without its own)."""
    root = Path(config.config_file_path).resolve().parent if config.config_file_path else Path.cwd()
    return root / FOLDER if (root / FOLDER).is_dir() else HOOK_REPO / FOLDER


def configure(config, lang: str) -> None:
    names = [e for e in config.markdown_extensions if isinstance(e, str)]
    if SNIPPETS not in names or "abbr" not in names:
        raise PluginError(f"hooks/abbreviations.py needs 'abbr' and '{SNIPPETS}' in markdown_extensions of mkdocs.yml")
    folder = includes_dir(config)
    snippet = f"abbreviations.{lang}.md"
    if not (folder / snippet).is_file():
        raise PluginError(f"hooks/abbreviations.py: {folder / snippet} is missing: add it (lines '*[term]: explanation')")
    settings = dict(config.mdx_configs.get(SNIPPETS) or {})
    settings.update(base_path=[str(folder)], auto_append=[snippet], check_paths=True)
    config.mdx_configs[SNIPPETS] = settings
    if not any(isinstance(e, CJKAbbrExtension) for e in config.markdown_extensions):
        config.markdown_extensions.append(CJKAbbrExtension())
