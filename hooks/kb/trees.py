"""Decision trees: parse data/trees/*.yml with line numbers, validate them, render nested ??? admonitions (nothing existing does this).

A tree file holds both languages side by side:

    start: start                      # id of the first question
    title: {zh: ..., en: ...}         # names the tree (step-by-step view, screen readers)
    nodes:
      start:                          # a question
        q: {zh: ..., en: ...}
        hint: {zh: ..., en: ...}      # optional, shown under the question
        answers:
          - {zh: ..., en: ..., next: frozen}
      frozen:                         # a leaf: always an action
        title: {zh: ..., en: ...}
        do: {zh: ..., en: ...}        # Markdown; links in it are docs-relative like `links`
        wait: {zh: ..., en: ...}
        contact: [acquirer, settlement-bank]
        links:
          - {href: causes/settlement-account.md#frozen, zh: ..., en: ...}

Leaves may be shared between branches (a DAG); cycles are not allowed. `render` writes the tree as
Markdown for one language and one including page; links are rewritten relative to that page.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import domain as langs
from . import yamlfile
from .domain import CONTACT_PAGE, LANG_NAMES, ROLES, relative
from .pages import MD_LINK, lines as md_lines
from .report import Problem
from .yamlfile import Map, Seq

LABELS = {
    "zh": {"wait": "等多久：", "contact": "找谁：", "links": "详见：", "sep": "、", "gap": ""},
    "en": {"wait": "How long:", "contact": "Who to contact:", "links": "Read more:", "sep": ", ", "gap": " "},
}
NODE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MARKER_NAME = "tree"
MARKER = re.compile(r"^[ \t]*<!--\s*tree:\s*(\S*?)\s*-->[ \t]*$")
TOP_KEYS = {"start", "title", "nodes"}
QUESTION_KEYS = {"q", "hint", "answers"}
LEAF_KEYS = {"title", "do", "wait", "contact", "links"}


# ---------------------------------------------------------------- the tree

@dataclass
class Link:
    href: str                       # docs-relative, e.g. 'causes/settlement-account.md#frozen'
    text: dict                      # lang -> label
    line: int


@dataclass
class Answer:
    text: dict
    next: str
    line: int


@dataclass
class Node:
    id: str
    line: int
    kind: str                       # 'question' | 'leaf'
    q: dict = field(default_factory=dict)
    hint: dict = field(default_factory=dict)
    answers: list = field(default_factory=list)
    title: dict = field(default_factory=dict)
    do: dict = field(default_factory=dict)
    wait: dict = field(default_factory=dict)
    contact: list = field(default_factory=list)
    links: list = field(default_factory=list)
    do_line: int = 0


@dataclass
class Tree:
    name: str
    file: str                       # as shown in messages, e.g. 'data/trees/main.yml'
    start: str = ""
    start_line: int = 1
    title: dict = field(default_factory=dict)
    nodes: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)   # found while parsing

    def reachable(self) -> list[str]:
        """Node ids reachable from start, in first-visit (depth-first, answer order) order."""
        seen, order = set(), []

        def visit(node_id):
            if node_id in seen or node_id not in self.nodes:
                return
            seen.add(node_id)
            order.append(node_id)
            for answer in self.nodes[node_id].answers:
                visit(answer.next)

        visit(self.start)
        return order

    def leaves(self) -> list[Node]:
        return [self.nodes[n] for n in self.reachable() if self.nodes[n].kind == "leaf"]

    def shape(self, node_id: str | None = None, trail: tuple = ()) -> list:
        """The expanded shape, language-free: [(node id, kind, [answer shapes])]; used to compare twins."""
        node = self.nodes[node_id or self.start]
        if node.kind == "leaf" or node.id in trail:
            return [node.id, node.kind]
        return [node.id, node.kind, [self.shape(a.next, trail + (node.id,)) for a in node.answers if a.next in self.nodes]]


# ---------------------------------------------------------------- parsing

def parse(text: str, name: str, shown: str) -> Tree:
    """Reads one tree file's text. Problems with its shape land in tree.problems, each with file:line."""
    tree = Tree(name=name, file=shown)
    problems = tree.problems

    def bad(line, message):
        problems.append(Problem(shown, line, message))

    if not NODE_ID.match(name):
        bad(0, f"tree name '{name}' may only use a-z, 0-9 and '-': rename the file")
    data, found, dupes = yamlfile.load(text, shown, hint=", e.g. quote text that contains ': ' or starts with '[', '*' or '&'")
    if found:
        problems.extend(found)
        return tree
    if not isinstance(data, Map):
        bad(1, "a tree file must be a mapping with 'start', 'title' and 'nodes'")
        return tree
    for key, first, again in dupes:
        bad(again, f"'{key}' is written twice (first at line {first}): YAML keeps only one, so rename or merge them")
    for key in data:
        if key not in TOP_KEYS:
            bad(data.lines[key], f"unknown key '{key}': a tree file has only 'start', 'title' and 'nodes'")
    tree.title = _text(data, "title", "the tree", bad, required=True)
    if not isinstance(data.get("start"), str) or not data.get("start"):
        bad(data.lines.get("start", data.line), "'start' must name the first question's node id, e.g. 'start: start'")
    else:
        tree.start, tree.start_line = data["start"], data.lines["start"]
    nodes = data.get("nodes")
    if not isinstance(nodes, Map) or not nodes:
        bad(data.lines.get("nodes", data.line), "'nodes' must be a mapping of node id to question or leaf")
        return tree
    for node_id, body in nodes.items():
        line = nodes.lines[node_id]
        if not NODE_ID.match(node_id):
            bad(line, f"node id '{node_id}' may only use a-z, 0-9 and '-' (it becomes part of the page's URL)")
            continue
        parsed = _node(node_id, body, line, bad)
        if parsed:
            tree.nodes[node_id] = parsed
    return tree


def _text(mapping: Map, key: str, where: str, bad, required: bool = True, at: int = 0) -> dict:
    """A {zh, en} text field; a missing or empty language is a problem (a missing field at line `at`)."""
    line = mapping.lines.get(key, mapping.line)
    if key not in mapping:
        if required:
            bad(at or mapping.line, f"{where} has no '{key}': add '{key}:' with 'zh:' and 'en:' text")
        return {}
    value = mapping[key]
    if not isinstance(value, Map):
        bad(line, f"{where}: '{key}' must have 'zh:' and 'en:' text side by side, found {type(value).__name__}")
        return {}
    out = _item_text(value, line, f"{where}: '{key}'", bad)
    for extra in value:
        if extra not in langs.LANGS:
            bad(value.lines[extra], f"{where}: '{key}' has an unknown language '{extra}': use only zh and en")
    return out


def _item_text(item: Map, at: int, what: str, bad) -> dict:
    """The zh and en text of an answer or a link item; a missing one is reported at its line."""
    text = {}
    for lang in langs.LANGS:
        value = item.get(lang)
        if not isinstance(value, str) or not value.strip():
            bad(item.lines.get(lang, at), f"{what} has no {lang} text: add the {LANG_NAMES[lang]} ('{lang}:')")
        else:
            text[lang] = value.strip()
    return text


def _node(node_id: str, body, line: int, bad) -> Node | None:
    where = f"node '{node_id}'"
    if not isinstance(body, Map):
        bad(line, f"{where} must be a mapping: a question ('q', 'answers') or a leaf ('title', 'do', 'wait', 'contact', 'links')")
        return None
    is_question, is_leaf = "q" in body or "answers" in body, bool(LEAF_KEYS & (set(body) - {"title"}))
    if is_question and is_leaf:
        bad(line, f"{where} mixes a question ('q', 'answers') with a leaf ('do', 'wait', 'contact', 'links'): split it into two nodes")
        return None
    if not is_question and not is_leaf:
        bad(line, f"{where} is neither a question ('q', 'answers') nor a leaf ('do', 'wait', 'contact', 'links')")
        return None
    allowed = QUESTION_KEYS if is_question else LEAF_KEYS
    for key in body:
        if key not in allowed:
            bad(body.lines[key], f"{where}: unknown key '{key}' (a {'question' if is_question else 'leaf'} has {', '.join(sorted(allowed))})")
    if is_question:
        node = Node(node_id, line, "question", q=_text(body, "q", where, bad, at=line),
                    hint=_text(body, "hint", where, bad, required=False))
        answers = body.get("answers")
        if not isinstance(answers, Seq) or not answers:
            bad(body.lines.get("answers", line), f"{where} has no answers: a question is a branch and needs at least two answers, each with 'next:'")
            return node
        if len(answers) < 2:
            bad(body.lines["answers"], f"{where} has only one answer: a question needs at least two (or make the next node follow directly)")
        for index, answer in enumerate(answers, 1):
            at = answers.lines[index - 1]
            if not isinstance(answer, Map):
                bad(at, f"{where}: answer {index} must be a mapping with 'zh', 'en' and 'next'")
                continue
            text = _item_text(answer, at, f"{where}: answer {index}", bad)
            for extra in answer:
                if extra not in ("zh", "en", "next"):
                    bad(answer.lines[extra], f"{where}: answer {index} has an unknown key '{extra}' (an answer has zh, en, next)")
            nxt = answer.get("next")
            if not isinstance(nxt, str) or not nxt:
                bad(at, f"{where}: answer {index} has no 'next:': a branch must lead to a question or a leaf")
                nxt = ""
            node.answers.append(Answer(text, nxt, answer.lines.get("next", at)))
        return node
    node = Node(node_id, line, "leaf", title=_text(body, "title", where, bad, at=line),
                do=_text(body, "do", where, bad, at=line), wait=_text(body, "wait", where, bad, at=line))
    node.do_line = body.lines.get("do", line)
    contact = body.get("contact")
    if not isinstance(contact, Seq) or not contact:
        bad(body.lines.get("contact", line), f"{where} has no 'contact': name who to contact, from {', '.join(ROLES)}")
    else:
        for index, role in enumerate(contact):
            if role not in ROLES:
                bad(contact.lines[index], f"{where}: unknown contact '{role}': use one of {', '.join(ROLES)}")
            else:
                node.contact.append(role)
    links = body.get("links")
    if not isinstance(links, Seq) or not links:
        bad(body.lines.get("links", line), f"{where} has no 'links': every leaf links at least one page that explains it ('- href: causes/x.md#id' with 'zh:' and 'en:')")
    else:
        for index, link in enumerate(links, 1):
            at = links.lines[index - 1]
            if not isinstance(link, Map) or not isinstance(link.get("href"), str):
                bad(at, f"{where}: link {index} needs 'href:' (docs-relative, e.g. causes/fees.md#refunds), 'zh:' and 'en:'")
                continue
            text = _item_text(link, at, f"{where}: link {index} ('{link['href']}')", bad)
            node.links.append(Link(link["href"], text, link.lines.get("href", at)))
    return node


# ---------------------------------------------------------------- validation

def validate(tree: Tree, sitemap=None) -> list[Problem]:
    """Every problem of one tree: its shape (from parsing), the graph, and (with a SiteMap) its links."""
    problems = list(tree.problems)

    def bad(line, message):
        problems.append(Problem(tree.file, line, message))

    nodes = tree.nodes
    if tree.start and tree.start not in nodes:
        bad(tree.start_line, f"start '{tree.start}' is not a node: name one of {', '.join(nodes) or 'the nodes'}")
    elif tree.start and nodes[tree.start].kind != "question":
        bad(tree.start_line, f"start '{tree.start}' is a leaf: a tree starts with a question")
    for node in nodes.values():
        for index, answer in enumerate(node.answers, 1):
            if answer.next and answer.next not in nodes:
                bad(answer.line, f"node '{node.id}': answer {index} leads to '{answer.next}', which is not a node: fix the id or add the node")
    # cycles: depth-first over every node, reporting the answer that closes each loop
    state: dict[str, int] = {}
    reported = set()

    def visit(node_id, path):
        state[node_id] = 1
        for answer in nodes[node_id].answers:
            nxt = answer.next
            if nxt not in nodes:
                continue
            if state.get(nxt) == 1:
                loop = path[path.index(nxt):] + [nxt]
                key = (node_id, nxt)
                if key not in reported:
                    reported.add(key)
                    bad(answer.line, f"node '{node_id}' leads back to '{nxt}' ({' → '.join(loop)}): a tree must not loop; point this answer to a leaf or a new question")
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node_id] = 2

    for node_id in ([tree.start] if tree.start in nodes else []) + list(nodes):
        if node_id not in state:
            visit(node_id, [node_id])
    # unreachable nodes
    if tree.start in nodes:
        reached = set(tree.reachable())
        for node in nodes.values():
            if node.id not in reached:
                bad(node.line, f"node '{node.id}' is never reached from start '{tree.start}': point an answer's 'next:' to it, or delete it")
    # branches that never end in a leaf (possible only through loops or broken answers)
    ending = {node.id for node in nodes.values() if node.kind == "leaf"}
    grew = True
    while grew:
        grew = False
        for node in nodes.values():
            if node.id not in ending and any(a.next in ending for a in node.answers):
                ending.add(node.id)
                grew = True
    for node in nodes.values():
        if node.kind == "question" and node.answers and node.id not in ending:
            bad(node.line, f"node '{node.id}': no branch from here ends in a leaf: every path must end in an action")
    if sitemap is not None:
        problems.extend(check_links(tree, sitemap))
    return list(dict.fromkeys(problems))


def check_links(tree: Tree, sitemap) -> list[Problem]:
    """Every link target of the tree, docs-relative, checked for both languages through the shared resolver."""
    problems = []
    for node in tree.nodes.values():
        targets = [(link.line, link.href) for link in node.links]
        for lang in langs.LANGS:
            for text, line in ((node.do, node.do_line), (node.wait, node.do_line), (node.hint, node.line)):
                targets += [(line, target) for target in MD_LINK.findall(text.get(lang, ""))]
        if node.contact:
            targets += [(node.line, f"{CONTACT_PAGE}#{role}") for role in node.contact]
        for line, target in dict.fromkeys(targets):
            if target.startswith(("/", "../", "./")):
                problems.append(Problem(tree.file, line, f"node '{node.id}': link '{target}' must be docs-relative (like 'causes/fees.md#refunds'): the tree rewrites it for each page"))
                continue
            for lang in langs.LANGS:
                found = sitemap.check(langs.localized("index.md", lang), target)
                if found:
                    problems.append(Problem(tree.file, line, f"node '{node.id}': {found}"))
    return problems


# ---------------------------------------------------------------- rendering

def _rewrite(text: str, page: str) -> str:
    def fix(match):
        target = match.group(1)
        if re.match(r"^[a-z][a-z0-9+.-]*:|^#|^/", target):
            return match.group(0)
        return match.group(0).replace(f"({target}", f"({relative(page, target)}", 1)
    return MD_LINK.sub(fix, text)


def _title(text: str) -> str:
    return " ".join(text.split())


def _indent(text: str, depth: int) -> str:
    pad = "    " * depth
    return "\n".join(pad + line if line.strip() else "" for line in text.split("\n"))


def render(tree: Tree, lang: str, page: str) -> str:
    """The tree as Markdown for one language, with links relative to `page` (docs-relative, either twin).

    Questions are open `???+ question` blocks, each answer a closed `???` block holding the next node,
    leaves `!!! success` blocks. Each block carries its node id as a class `tn--<id>` (the step-by-step
    script reads it); a node met again, by a second way to it, also `tree-again` (on paper, with no step
    chosen, it prints as its title only); the whole tree sits in `<section class="kb-tree" data-tree=... markdown>`."""
    page = langs.split(page)[0]
    labels = LABELS[lang]
    out: list[str] = []
    seen: set[str] = set()

    def t(text: dict) -> str:          # a tree with problems still renders (the build reports them)
        return text.get(lang) or text.get(langs.OTHER[lang]) or "?"

    def emit(text: str, depth: int):
        out.append(_indent(text, depth))
        out.append("")

    def node_md(node_id: str, depth: int, trail: tuple):
        node = tree.nodes[node_id]
        again = " tree-again" if node_id in seen else ""
        seen.add(node_id)
        if node.kind == "leaf":
            emit(f'!!! success tree-leaf tn--{node.id}{again} "{_title(t(node.title))}"', depth)
            emit(_rewrite(t(node.do), page), depth + 1)
            emit(f"**{labels['wait']}**{labels['gap']}{_rewrite(t(node.wait), page)}", depth + 1)
            people = labels["sep"].join(
                f"[{langs.role_name(role, lang)}]({relative(page, CONTACT_PAGE + '#' + role)}){{ .tree-contact }}"   # trees.js: report link
                for role in node.contact)
            emit(f"**{labels['contact']}**{labels['gap']}{people}", depth + 1)
            more = labels["sep"].join(f"[{t(link.text)}]({relative(page, link.href)})" for link in node.links)
            emit(f"**{labels['links']}**{labels['gap']}{more}", depth + 1)
            return
        emit(f'???+ question tree-q tn--{node.id}{again} "{_title(t(node.q))}"', depth)
        if node.hint:
            emit(_rewrite(t(node.hint), page), depth + 1)
        for answer in node.answers:
            if answer.next not in tree.nodes or answer.next in trail:
                continue
            emit(f'??? tree-a "{_title(t(answer.text))}"', depth + 1)
            node_md(answer.next, depth + 2, trail + (node_id,))

    title = tree.title.get(lang, tree.name).replace('"', "&quot;")
    # data-search-exclude: search leads to the pages that explain; a tree only summarises and links to them.
    # A <section>, not a <div>: Material's search parser stops excluding at the first nested tag of the same name.
    out.append(f'<section class="kb-tree" data-tree="{tree.name}" data-start="{tree.start}" data-title="{title}" '
               f'data-search-exclude="" markdown>')
    out.append("")
    if tree.start in tree.nodes:
        node_md(tree.start, 0, ())
    out.append("</section>")
    return "\n".join(out) + "\n"


def marker_problems(sources: dict, trees: dict[str, Tree]) -> list[Problem]:
    """Each `<!-- tree: NAME -->` line of a page that names no tree."""
    problems = []
    for source in sources.values():
        for number, name, argument in source.markers:
            if name == MARKER_NAME and argument not in trees:
                problems.append(Problem(source.shown, number, f"no tree '{argument}' in data/trees/ (trees: "
                                        f"{', '.join(sorted(trees)) or 'none'}): fix the name in '<!-- tree: {argument} -->' "
                                        f"or add data/trees/{argument}.yml"))
    return problems


def replace_markers(markdown: str, trees: dict[str, Tree], lang: str, page: str) -> str:
    """Replaces each `<!-- tree: NAME -->` line of a page with the rendered tree (a name that is no
    tree stays as it is: marker_problems reports it)."""
    lines = []
    for _, line, in_code in md_lines(markdown):
        match = None if in_code else MARKER.match(line)
        if match and match.group(1) in trees:
            lines.extend(["", render(trees[match.group(1)], lang, page), ""])
        else:
            lines.append(line)
    return "\n".join(lines)
