"""Decision trees hook: loads data/trees/*.yml, validates them, replaces `<!-- tree: NAME -->` lines and inlines assets/trees.js where a tree is (nothing existing does).

Thin on purpose: parsing, validation and rendering live in kb.trees (pure, unit-tested). The data
folder is found next to mkdocs.yml (config.config_file_path), so fixture sites bring their own.
Tree problems are reported once per build, in the top-level build (static-i18n runs the build again for
English inside it); a marker naming no tree is reported on the page of each language.
"""
from __future__ import annotations

import re
from pathlib import Path

from kb import lang as langs
from kb import pages as kb_pages
from kb import trees as kb_trees
from kb.links import HOSTS_FILE, SiteMap
from kb.report import emit

TREES: dict[str, kb_trees.Tree] = {}

# A rendered tree adds no ids to its page (nodes are marked by classes), so links into pages holding a
# tree are checked against the page's own headings.
kb_pages.register_marker("tree", lambda argument, lang: ())


def _trees_dir(config) -> Path:
    return Path(config.config_file_path).resolve().parent / "data" / "trees"


def _top_level(config) -> bool:
    """False inside the builds static-i18n runs for the other languages (the trees are the same)."""
    return not getattr(config.plugins.get("i18n"), "building", False)


def on_pre_build(config, **kwargs):
    folder = _trees_dir(config)
    root = folder.parent.parent
    TREES.clear()
    for file in sorted(folder.glob("*.yml")) if folder.is_dir() else []:
        shown = file.relative_to(root).as_posix()
        TREES[file.stem] = kb_trees.parse(file.read_text(encoding="utf-8"), file.stem, shown)
    if _top_level(config):
        hosts = root / HOSTS_FILE                      # the external-link allowlist, when the site has one
        sitemap = SiteMap.from_docs(config.docs_dir, hosts if hosts.is_file() else None)
        emit([problem for tree in TREES.values() for problem in kb_trees.validate(tree, sitemap)])


def on_page_markdown(markdown, page, config, files, **kwargs):
    if "tree:" not in markdown:
        return markdown
    src = page.file.src_uri
    lang = langs.split(src)[1]
    first_line = 1
    if page.file.abs_src_path:
        text = Path(page.file.abs_src_path).read_text(encoding="utf-8")
        first_line = kb_pages.split_front_matter(text, src)[2]
    shown = f"{Path(config.docs_dir).name}/{src}"
    markdown, problems = kb_trees.replace_markers(markdown, TREES, lang, src, shown, first_line)
    emit(problems)
    return markdown


SCRIPT = "assets/trees.js"
TREE_HTML = re.compile(r'<section class="kb-tree"[^>]*>.*?</section>', re.S)   # a tree holds no <section>
SETUP = "<script>window.kbTrees && kbTrees.setup(document.currentScript.previousElementSibling)</script>"


def on_page_content(html, page, config, files, **kwargs):
    """A page holding a tree gets assets/trees.js inline after its h1 and a call right after each tree:
    the step-by-step view is in place before the first paint (loaded at the end of the page, it
    replaced the tree after it had been painted: a layout shift of 0.07-0.09 on a phone). Pages
    without a tree load no tree script at all."""
    if '<section class="kb-tree"' not in html:
        return html
    source = (Path(config.docs_dir) / SCRIPT).read_text(encoding="utf-8")
    return kb_pages.inline_script(TREE_HTML.sub(lambda m: m.group(0) + SETUP, html), source)


def on_serve(server, config, builder, **kwargs):
    folder = _trees_dir(config)
    if folder.is_dir():
        server.watch(str(folder))
    return server
