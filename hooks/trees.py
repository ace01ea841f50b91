"""Decision trees: `<!-- tree: NAME -->` lines replaced by the tree of data/trees/NAME.yml, and
assets/trees.js inlined where a tree is (nothing existing does this). Steps called by hooks/main.py;
parsing, validation and rendering live in kb.trees (pure, unit-tested)."""
from __future__ import annotations

import re
from pathlib import Path

from kb import pages
from kb import trees as kb_trees

SCRIPT = "assets/trees.js"
TREE_HTML = re.compile(r'<section class="kb-tree"[^>]*>.*?</section>', re.S)   # a tree holds no <section>
# Marks the tree ready whatever setup does (trees.css paints no tree before): a tree half parsed, painted,
# then replaced by its step view moved the page on a loaded phone.
SETUP = ("<script>(function (tree) { try { window.kbTrees && kbTrees.setup(tree) } finally { tree.classList.add(\"kb-tree--ready\") } })"
         "(document.currentScript.previousElementSibling)</script>")


def expand(markdown: str, page, model, lang: str) -> str:
    if "tree:" not in markdown:
        return markdown
    return kb_trees.replace_markers(markdown, model.trees, lang, page.file.src_uri)


def inline_script(html: str, config) -> str:
    """A page holding a tree gets assets/trees.js inline after its h1 and a call right after each tree:
    the step-by-step view is in place before the first paint (loaded at the end of the page, it
    replaced the tree after it had been painted: a layout shift of 0.07-0.09 on a phone). Pages
    without a tree load no tree script at all."""
    if '<section class="kb-tree"' not in html:
        return html
    source = (Path(config.docs_dir) / SCRIPT).read_text(encoding="utf-8")
    return pages.inline_script(TREE_HTML.sub(lambda m: m.group(0) + SETUP, html), source)
