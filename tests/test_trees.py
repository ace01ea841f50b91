"""Decision trees: parsing and validation (each fault's exact message), rendering, and built pages where
the zh and en twins show the same tree shape."""
from __future__ import annotations

import re
import textwrap
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import REPO, fixture_site, mkdocs_build
from kb import site as kb_site
from kb import trees
from kb.links import SiteMap
from kb.pages import parse as parse_page

TREE_FILES = sorted((REPO / "data" / "trees").glob("*.yml"))
TREE_PAGES = {"main": "index.md", "payment-succeeded": "check/payment-succeeded.md",
              "settlement-account": "check/settlement-account.md", "risk-hold": "check/risk-hold.md"}


def load(name: str) -> trees.Tree:
    path = REPO / "data" / "trees" / f"{name}.yml"
    return trees.parse(path.read_text(encoding="utf-8"), name, f"data/trees/{name}.yml")


def problems_of(text: str, sitemap=None) -> list[str]:
    tree = trees.parse(textwrap.dedent(text).lstrip("\n"), "t", "data/trees/t.yml")
    return [str(p) for p in trees.validate(tree, sitemap)]


# A small valid tree; the fault cases below change one thing each.
GOOD = """
start: start
title: {zh: 小树, en: Small tree}
nodes:
  start:
    q: {zh: 到账了吗？, en: "Has it arrived?"}
    answers:
      - {zh: 没有, en: "No", next: ask}
      - {zh: 一部分, en: Partly, next: fees}
  ask:
    q: {zh: 过了应到账日吗？, en: "Is it overdue?"}
    answers:
      - {zh: 过了, en: "Yes", next: report}
      - {zh: 没过, en: "No", next: fees}
  report:
    title: {zh: 报告, en: Report it}
    do: {zh: 联系收单机构。, en: Contact your acquirer.}
    wait: {zh: 不用等。, en: No wait.}
    contact: [acquirer]
    links:
      - {href: causes/fees.md#refunds, zh: 退货, en: Refunds}
  fees:
    title: {zh: 手续费, en: Fees}
    do:
      zh: 核对费率，见[手续费](causes/fees.md#fees)。
      en: Check the rate, see [fees](causes/fees.md#fees).
    wait: {zh: 不用等。, en: No wait.}
    contact: [acquirer, settlement-bank]
    links:
      - {href: causes/fees.md, zh: 手续费, en: Fees}
"""


# ---------------------------------------------------------------- the real trees

def test_the_four_trees_exist_and_validate_against_the_real_docs():
    assert {p.stem for p in TREE_FILES} >= set(TREE_PAGES)
    sitemap = kb_site.from_folder(REPO).links
    for path in TREE_FILES:
        tree = trees.parse(path.read_text(encoding="utf-8"), path.stem, f"data/trees/{path.name}")
        assert trees.validate(tree, sitemap) == [], f"{path.name}: " + "\n".join(map(str, trees.validate(tree, sitemap)))


def test_each_tree_is_included_by_its_page_in_both_languages():
    for name, page in TREE_PAGES.items():
        for twin in (page, page[:-3] + ".en.md"):
            text = (REPO / "docs" / twin).read_text(encoding="utf-8")
            assert re.search(rf"^<!-- tree: {re.escape(name)} -->$", text, re.M), f"docs/{twin} lacks <!-- tree: {name} -->"


def test_main_tree_reaches_every_troubleshooting_and_cause_page():
    plan = (REPO / "CONTENT.md").read_text(encoding="utf-8")
    planned = set(re.findall(r"^\| ((?:troubleshooting|causes)/[a-z-]+\.md) \|", plan, re.M)) - {
        "troubleshooting/index.md", "causes/index.md"}
    assert len(planned) == 21, sorted(planned)
    tree = load("main")
    linked = {link.href.partition("#")[0] for leaf in tree.leaves() for link in leaf.links}
    assert planned - linked == set(), f"the main tree leads to no leaf linking {sorted(planned - linked)}"


def test_every_leaf_is_an_action_in_both_languages():
    for path in TREE_FILES:
        tree = load(path.stem)
        for leaf in tree.leaves():
            for lang in ("zh", "en"):
                assert leaf.title.get(lang) and leaf.do.get(lang) and leaf.wait.get(lang), f"{path.name}: {leaf.id} {lang}"
            assert leaf.contact and leaf.links, f"{path.name}: {leaf.id}"


def test_trees_are_at_least_three_questions_deep():
    def depth(tree, node_id):
        node = tree.nodes[node_id]
        return 0 if node.kind == "leaf" else 1 + max(depth(tree, a.next) for a in node.answers)
    for path in TREE_FILES:
        tree = load(path.stem)
        assert depth(tree, tree.start) >= 3, f"{path.name} is only {depth(tree, tree.start)} questions deep"


def texts(tree: trees.Tree):
    """(where, {lang: text}) for every text of a tree."""
    yield "title", tree.title
    for node in tree.nodes.values():
        for field in ("q", "hint", "title", "do", "wait"):
            if getattr(node, field):
                yield f"{node.id}.{field}", getattr(node, field)
        for index, answer in enumerate(node.answers, 1):
            yield f"{node.id}.answer{index}", answer.text
        for index, link in enumerate(node.links, 1):
            yield f"{node.id}.link{index}", link.text


def test_each_language_reads_as_that_language():
    """Chinese follows Chinese typography (autocorrect, as for the pages); English carries Chinese only in
    parentheses, as the term the merchant sees on a slip or screen: 'one-sided transaction (单边账)'."""
    import autocorrect_py
    rc = REPO / ".autocorrectrc"
    if rc.is_file():
        autocorrect_py.load_config(rc.read_text(encoding="utf-8"))
    assert autocorrect_py.format_for("POS机T+1结算", "md") != "POS机T+1结算", "the linter must flag bad copy"
    cjk = re.compile(r"[\u3400-\u9fff\uff01-\uff5e“”，。：；？！（）]")
    offenders = []
    for path in TREE_FILES:
        for where, text in texts(load(path.stem)):
            zh, en = text.get("zh", ""), text.get("en", "")
            if autocorrect_py.format_for(zh, "md") != zh:
                offenders.append(f"{path.name} {where} zh: {zh!r} -> {autocorrect_py.format_for(zh, 'md')!r}")
            if not cjk.search(zh):
                offenders.append(f"{path.name} {where} zh has no Chinese: {zh!r}")
            outside = re.sub(r"\([^()]*\)", "", en)
            if cjk.search(outside):
                offenders.append(f"{path.name} {where} en has Chinese outside parentheses: {en!r}")
    assert not offenders, "\n".join(offenders)


# ---------------------------------------------------------------- parsing and validation: one fault each

def test_a_good_tree_has_no_problems_and_keeps_line_numbers():
    tree = trees.parse(textwrap.dedent(GOOD).lstrip("\n"), "t", "data/trees/t.yml")
    assert trees.validate(tree) == []
    assert tree.nodes["ask"].line == 9 and tree.nodes["ask"].answers[1].line == 13
    assert [leaf.id for leaf in tree.leaves()] == ["report", "fees"]


FAULTS = [
    ("invalid YAML",
     GOOD.replace("title: {zh: 小树, en: Small tree}", "title: {zh: 小树, en: Small tree"),
     ["data/trees/t.yml:3: not valid YAML (expected ',' or '}', but got ':'): fix the syntax, e.g. quote text that contains ': ' or starts with '[', '*' or '&'"]),
    ("missing translation of a question",
     GOOD.replace("q: {zh: 过了应到账日吗？, en: \"Is it overdue?\"}", "q: {zh: 过了应到账日吗？}"),
     ["data/trees/t.yml:10: node 'ask': 'q' has no en text: add the English ('en:')"]),
    ("missing translation of an answer",
     GOOD.replace('- {zh: 一部分, en: Partly, next: fees}', '- {en: Partly, next: fees}'),
     ["data/trees/t.yml:8: node 'start': answer 2 has no zh text: add the Chinese ('zh:')"]),
    ("missing translation of a link label",
     GOOD.replace("- {href: causes/fees.md, zh: 手续费, en: Fees}", "- {href: causes/fees.md, zh: 手续费}"),
     ["data/trees/t.yml:29: node 'fees': link 1 ('causes/fees.md') has no en text: add the English ('en:')"]),
    ("cycle",
     GOOD.replace('- {zh: 没过, en: "No", next: fees}', '- {zh: 没过, en: "No", next: start}'),
     ["data/trees/t.yml:13: node 'ask' leads back to 'start' (start → ask → start): a tree must not loop; point this answer to a leaf or a new question"]),
    ("unreachable node",
     GOOD.replace('- {zh: 过了, en: "Yes", next: report}', '- {zh: 过了, en: "Yes", next: fees}'),
     ["data/trees/t.yml:14: node 'report' is never reached from start 'start': point an answer's 'next:' to it, or delete it"]),
    ("answer leading nowhere",
     GOOD.replace("next: report", "next: reprot"),
     ["data/trees/t.yml:12: node 'ask': answer 1 leads to 'reprot', which is not a node: fix the id or add the node",
      "data/trees/t.yml:14: node 'report' is never reached from start 'start': point an answer's 'next:' to it, or delete it"]),
    ("branch without a leaf: a question without answers",
     GOOD.replace("""    answers:
      - {zh: 过了, en: "Yes", next: report}
      - {zh: 没过, en: "No", next: fees}
""", ""),
     ["data/trees/t.yml:9: node 'ask' has no answers: a question is a branch and needs at least two answers, each with 'next:'",
      "data/trees/t.yml:11: node 'report' is never reached from start 'start': point an answer's 'next:' to it, or delete it"]),
    ("branch without a leaf: an answer without next",
     GOOD.replace('- {zh: 过了, en: "Yes", next: report}', '- {zh: 过了, en: "Yes"}'),
     ["data/trees/t.yml:12: node 'ask': answer 1 has no 'next:': a branch must lead to a question or a leaf",
      "data/trees/t.yml:14: node 'report' is never reached from start 'start': point an answer's 'next:' to it, or delete it"]),
    ("branch without a leaf: a loop with no way out",
     GOOD.replace("next: fees}\n  ask:", "next: again}\n  ask:") + """  again:
    q: {zh: 再问一次？, en: "Again?"}
    answers:
      - {zh: 是, en: "Yes", next: again}
      - {zh: 否, en: "No", next: again}
""",
     ["data/trees/t.yml:33: node 'again' leads back to 'again' (again → again): a tree must not loop; point this answer to a leaf or a new question",
      "data/trees/t.yml:30: node 'again': no branch from here ends in a leaf: every path must end in an action"]),
    ("only one answer",
     GOOD.replace('      - {zh: 没过, en: "No", next: fees}\n', ""),
     ["data/trees/t.yml:11: node 'ask' has only one answer: a question needs at least two (or make the next node follow directly)"]),
    ("leaf without links",
     GOOD.replace("""    links:
      - {href: causes/fees.md#refunds, zh: 退货, en: Refunds}
""", ""),
     ["data/trees/t.yml:14: node 'report' has no 'links': every leaf links at least one page that explains it ('- href: causes/x.md#id' with 'zh:' and 'en:')"]),
    ("leaf without wait",
     GOOD.replace("    wait: {zh: 不用等。, en: No wait.}\n    contact: [acquirer]\n", "    contact: [acquirer]\n"),
     ["data/trees/t.yml:14: node 'report' has no 'wait': add 'wait:' with 'zh:' and 'en:' text"]),
    ("unknown contact role",
     GOOD.replace("contact: [acquirer]\n", "contact: [support]\n"),
     ["data/trees/t.yml:18: node 'report': unknown contact 'support': use one of acquirer, settlement-bank, platform, issuer"]),
    ("question mixed with leaf",
     GOOD.replace("    q: {zh: 过了应到账日吗？, en: \"Is it overdue?\"}\n", "    q: {zh: 过了应到账日吗？, en: \"Is it overdue?\"}\n    do: {zh: 做, en: Do}\n"),
     ["data/trees/t.yml:9: node 'ask' mixes a question ('q', 'answers') with a leaf ('do', 'wait', 'contact', 'links'): split it into two nodes",
      "data/trees/t.yml:7: node 'start': answer 1 leads to 'ask', which is not a node: fix the id or add the node",
      "data/trees/t.yml:15: node 'report' is never reached from start 'start': point an answer's 'next:' to it, or delete it"]),
    ("node defined twice",
     GOOD + """  fees:
    title: {zh: 又一个, en: Another}
""",
     ["data/trees/t.yml:30: 'fees' is written twice (first at line 21): YAML keeps only one, so rename or merge them"]),
    ("bad node id",
     GOOD.replace("  report:\n", "  Report_1:\n").replace("next: report", "next: Report_1"),
     ["data/trees/t.yml:12: node 'ask': answer 1 leads to 'Report_1', which is not a node: fix the id or add the node",
      "data/trees/t.yml:14: node id 'Report_1' may only use a-z, 0-9 and '-' (it becomes part of the page's URL)"]),
    ("start is a leaf",
     GOOD.replace("start: start", "start: fees"),
     ["data/trees/t.yml:1: start 'fees' is a leaf: a tree starts with a question",
      "data/trees/t.yml:4: node 'start' is never reached from start 'fees': point an answer's 'next:' to it, or delete it",
      "data/trees/t.yml:9: node 'ask' is never reached from start 'fees': point an answer's 'next:' to it, or delete it",
      "data/trees/t.yml:14: node 'report' is never reached from start 'fees': point an answer's 'next:' to it, or delete it"]),
    ("unknown key",
     GOOD.replace("    wait: {zh: 不用等。, en: No wait.}\n    contact: [acquirer]\n", "    wait: {zh: 不用等。, en: No wait.}\n    who: [acquirer]\n    contact: [acquirer]\n"),
     ["data/trees/t.yml:18: node 'report': unknown key 'who' (a leaf has contact, do, links, title, wait)"]),
]


@pytest.mark.parametrize("text,expected", [pytest.param(t, e, id=name) for name, t, e in FAULTS])
def test_each_fault_is_reported_with_file_line_and_fix(text, expected):
    assert sorted(problems_of(text)) == sorted(expected)


def small_docs(tmp_path: Path, hosts: bool = False) -> SiteMap:
    pages = {
        "index.md": "# 首页 { #start }\n", "index.en.md": "# Home { #start }\n",
        "causes/fees.md": "# 费用 { #top }\n\n## 手续费 { #fees }\n\n## 退货 { #refunds }\n",
        "causes/fees.en.md": "# Fees { #top }\n\n## Fees { #fees }\n",
        "actions/contact.md": "# 联系 { #contact }\n\n## 收单 { #acquirer }\n\n## 银行 { #settlement-bank }\n",
        "actions/contact.en.md": "# Contact { #contact }\n\n## Acquirer { #acquirer }\n\n## Bank { #settlement-bank }\n",
    }
    for rel, text in pages.items():
        (tmp_path / "docs" / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / rel).write_text(text, encoding="utf-8")
    if hosts:
        (tmp_path / "hosts.yml").write_text("hosts:\n  www.pbc.gov.cn: People's Bank of China\n", encoding="utf-8")
    return kb_site.from_folder(tmp_path, tmp_path / "hosts.yml" if hosts else None).links


def test_links_are_checked_through_the_shared_resolver_in_both_languages(tmp_path):
    sitemap = small_docs(tmp_path)
    # the English twin lacks #refunds
    assert problems_of(GOOD, sitemap) == [
        "data/trees/t.yml:20: node 'report': link 'causes/fees.md#refunds': no heading with id 'refunds' in docs/causes/fees.en.md (ids there: fees, top)"]
    broken = GOOD.replace("href: causes/fees.md#refunds", "href: causes/fee.md").replace("contact: [acquirer]\n", "contact: [platform]\n")
    assert sorted(problems_of(broken, sitemap)) == [
        "data/trees/t.yml:14: node 'report': link 'actions/contact.md#platform': no heading with id 'platform' in docs/actions/contact.en.md (ids there: acquirer, contact, settlement-bank)",
        "data/trees/t.yml:14: node 'report': link 'actions/contact.md#platform': no heading with id 'platform' in docs/actions/contact.md (ids there: acquirer, contact, settlement-bank)",
        "data/trees/t.yml:20: node 'report': link 'causes/fee.md': no page docs/causes/fee.md: fix the path or create the page",
    ]
    vendor = GOOD.replace("see [fees](causes/fees.md#fees)", "see [a shop](https://pos.example.com/free)")
    assert problems_of(vendor, small_docs(tmp_path / "h", hosts=True))[-1].startswith(
        "data/trees/t.yml:23: node 'fees': link 'https://pos.example.com/free': host 'pos.example.com' is not on the allowlist")
    official = GOOD.replace("see [fees](causes/fees.md#fees)", "see [the PBoC](https://www.pbc.gov.cn/)")
    assert [p for p in problems_of(official, small_docs(tmp_path / "h", hosts=True)) if "pbc" in p] == []
    inline = GOOD.replace("see [fees](causes/fees.md#fees)", "see [fees](../causes/fees.md#fees)")
    assert problems_of(inline, sitemap)[-1] == (
        "data/trees/t.yml:23: node 'fees': link '../causes/fees.md#fees' must be docs-relative (like 'causes/fees.md#refunds'): the tree rewrites it for each page")


def test_a_marker_naming_no_tree_is_reported_at_its_line():
    tree = trees.parse(textwrap.dedent(GOOD).lstrip("\n"), "small", "data/trees/small.yml")
    text = "---\ntitle: x\n---\n# 标题\n\n<!-- tree: smal -->\n"
    problems = trees.marker_problems({"check/x.md": parse_page(text, "check/x.md")}, {"small": tree})
    assert [str(p) for p in problems] == [
        "docs/check/x.md:6: no tree 'smal' in data/trees/ (trees: small): fix the name in '<!-- tree: smal -->' or add data/trees/smal.yml"]
    assert "<!-- tree: smal -->" in trees.replace_markers(text, {"small": tree}, "zh", "check/x.md")
    fenced = "```\n<!-- tree: small -->\n```\n"
    assert trees.replace_markers(fenced, {"small": tree}, "zh", "x.md") == fenced
    assert trees.marker_problems({"x.md": parse_page(fenced, "x.md")}, {}) == []
    # fences as Markdown reads them (kb.pages.lines): a line with an info string or a shorter fence
    # does not close a longer one; the marker after the real close is replaced
    nested = "````markdown\n```yaml\n<!-- tree: small -->\n```\n````\n<!-- tree: small -->\n"
    out = trees.replace_markers(nested, {"small": tree}, "zh", "x.md")
    assert out.count("<!-- tree: small -->") == 1 and out.count('data-tree="small"') == 1


# ---------------------------------------------------------------- rendering

def test_render_nests_questions_answers_and_leaves_with_page_relative_links():
    tree = trees.parse(textwrap.dedent(GOOD).lstrip("\n"), "small", "data/trees/small.yml")
    md = trees.render(tree, "en", "check/x.en.md")
    lines = md.split("\n")
    assert lines[0] == '<section class="kb-tree" data-tree="small" data-start="start" data-title="Small tree" data-search-exclude="" markdown>'
    assert '???+ question tree-q tn--start "Has it arrived?"' in lines
    assert '    ??? tree-a "No"' in lines
    assert '        ???+ question tree-q tn--ask "Is it overdue?"' in lines
    assert '                !!! success tree-leaf tn--report "Report it"' in lines
    assert "                    **Who to contact:** [your acquirer](../actions/contact.md#acquirer){ .tree-contact }" in lines
    assert "                    **Read more:** [Refunds](../causes/fees.md#refunds)" in lines
    assert "Check the rate, see [fees](../causes/fees.md#fees)." in md
    zh = trees.render(tree, "zh", "index.md")
    assert ("**找谁：**[收单机构](actions/contact.md#acquirer){ .tree-contact }、"
            "[结算卡开户银行](actions/contact.md#settlement-bank){ .tree-contact }") in zh   # trees.js finds the report link by it
    # the shared leaf 'fees' appears under both branches that lead to it, the second time marked as met
    # again (on paper, with no step chosen, it prints as its title only)
    assert zh.count("tn--fees") == 2
    assert zh.count("tn--fees tree-again") == 1 and zh.index("tn--fees ") < zh.index("tn--fees tree-again")


def test_twin_renderings_have_the_same_shape():
    tree = load("main")
    shape = lambda md: re.findall(r"^( *)(\?\?\?\+? question tree-q tn--\S+|\?\?\? tree-a|!!! success tree-leaf tn--\S+)", md, re.M)  # noqa: E731
    assert shape(trees.render(tree, "zh", "index.md")) == shape(trees.render(tree, "en", "index.en.md"))


# ---------------------------------------------------------------- built pages

def repo_data() -> dict[str, str]:
    """Data files other hooks of the real config read in every build (fixture sites bring their own copy)."""
    return {rel: (REPO / rel).read_text(encoding="utf-8") for rel in ("data/response-codes.yml",) if (REPO / rel).exists()}


def dom_shape(element) -> list:
    """The tree as the reader gets it: [node id, kind, [answers' shapes]], from the built HTML."""
    node_id = next(c[4:] for c in element["class"] if c.startswith("tn--"))
    if "tree-leaf" in element["class"]:
        return [node_id, "leaf"]
    answers = [child for child in element.find_all("details", recursive=False) if "tree-a" in child["class"]]
    return [node_id, "question",
            [dom_shape(a.find(class_=re.compile("^(tree-q|tree-leaf)$"), recursive=False)) for a in answers]]


def built_tree(html_path: Path):
    soup = BeautifulSoup(html_path.read_text(encoding="utf-8"), "html.parser")
    root = soup.select_one("section.kb-tree")
    assert root is not None, f"{html_path}: no rendered tree"
    return soup, root


def test_fixture_site_renders_the_tree_on_both_twins_with_working_links(tmp_path):
    pages = {
        "index.md": "# 首页 { #start }\n\n<!-- tree: small -->\n\n## 其他 { #more }\n",
        "index.en.md": "# Home { #start }\n\n<!-- tree: small -->\n\n## More { #more }\n",
        "causes/fees.md": "# 费用 { #top }\n\n## 手续费 { #fees }\n\n## 退货 { #refunds }\n",
        "causes/fees.en.md": "# Fees { #top }\n\n## Fees { #fees }\n\n## Refunds { #refunds }\n",
        "actions/contact.md": "# 联系 { #contact }\n\n## 收单 { #acquirer }\n\n## 银行 { #settlement-bank }\n",
        "actions/contact.en.md": "# Contact { #contact }\n\n## Acquirer { #acquirer }\n\n## Bank { #settlement-bank }\n",
    }
    config = fixture_site(tmp_path, pages, files={**repo_data(), "data/trees/small.yml": textwrap.dedent(GOOD).lstrip("\n")})
    proc = mkdocs_build(config, tmp_path / "site")
    assert proc.returncode == 0, proc.output
    tree = trees.parse(textwrap.dedent(GOOD).lstrip("\n"), "small", "data/trees/small.yml")
    shapes = {}
    for lang, page in (("zh", tmp_path / "site" / "index.html"), ("en", tmp_path / "site" / "en" / "index.html")):
        soup, root = built_tree(page)
        assert root["data-tree"] == "small" and root["data-start"] == "start"
        top = root.find("details", recursive=False)
        assert top.has_attr("open"), "questions are open without JavaScript"
        shapes[lang] = dom_shape(top)
        text = root.get_text(" ")
        assert ("到账了吗" in text) == (lang == "zh") and ("Has it arrived?" in text) == (lang == "en")
        for a in root.select("a[href]"):
            target = urlsplit(urljoin(f"http://x/{page.relative_to(tmp_path / 'site').as_posix()}", a["href"]))
            path = tmp_path / "site" / target.path.lstrip("/")
            path = path / "index.html" if a["href"].split("#")[0].endswith("/") else path
            assert path.is_file(), f"{lang}: link {a['href']} leads nowhere"
            if target.fragment:
                ids = {el["id"] for el in BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select("[id]")}
                assert target.fragment in ids, f"{lang}: link {a['href']}: no #{target.fragment}"
        assert "<!-- tree:" not in page.read_text(encoding="utf-8")
    assert shapes["zh"] == shapes["en"] == tree.shape()


def test_fixture_build_fails_listing_every_tree_fault_with_file_and_line(tmp_path):
    bad = GOOD.replace("q: {zh: 过了应到账日吗？, en: \"Is it overdue?\"}", "q: {zh: 过了应到账日吗？}") \
              .replace('- {zh: 没过, en: "No", next: fees}', '- {zh: 没过, en: "No", next: start}') \
              .replace("href: causes/fees.md#refunds", "href: causes/nope.md")
    pages = {"index.md": "# 首页 { #start }\n\n<!-- tree: bad -->\n\n<!-- tree: missing -->\n",
             "index.en.md": "# Home { #start }\n\n<!-- tree: bad -->\n\n<!-- tree: missing -->\n",
             "causes/fees.md": "# 费用 { #fees }\n", "causes/fees.en.md": "# Fees { #fees }\n",
             "actions/contact.md": "# 联系 { #acquirer }\n\n## 银行 { #settlement-bank }\n",
             "actions/contact.en.md": "# Contact { #acquirer }\n\n## Bank { #settlement-bank }\n"}
    config = fixture_site(tmp_path, pages, files={**repo_data(), "data/trees/bad.yml": textwrap.dedent(bad).lstrip("\n")})
    proc = mkdocs_build(config, tmp_path / "site")
    assert proc.returncode != 0
    for expected in [
        "data/trees/bad.yml:10: node 'ask': 'q' has no en text: add the English ('en:')",
        "data/trees/bad.yml:13: node 'ask' leads back to 'start' (start → ask → start): a tree must not loop",
        "data/trees/bad.yml:20: node 'report': link 'causes/nope.md': no page docs/causes/nope.md: fix the path or create the page",
        "docs/index.md:5: no tree 'missing' in data/trees/ (trees: bad)",
        "docs/index.en.md:5: no tree 'missing' in data/trees/ (trees: bad)",
    ]:
        assert expected in proc.output, f"missing from the build output: {expected}\n{proc.output}"
    assert proc.output.count("data/trees/bad.yml:10:") == 1, "a tree problem is reported once, not once per language"


@pytest.mark.slow
def test_real_site_twins_render_the_same_tree_shape(site_dir):
    for name, page in TREE_PAGES.items():
        tree = load(name)
        rel = Path(page[:-3]) if page != "index.md" else Path()
        shapes = {}
        for lang, html in (("zh", site_dir / rel / "index.html"), ("en", site_dir / "en" / rel / "index.html")):
            soup, root = built_tree(html)
            assert root["data-tree"] == name
            shapes[lang] = dom_shape(root.find("details", recursive=False))
            leaves = root.select(".tree-leaf")
            assert leaves and all(leaf.find("a") for leaf in leaves), f"{html}: a leaf without a link"
            assert "<!-- tree:" not in html.read_text(encoding="utf-8")
        assert shapes["zh"] == shapes["en"] == tree.shape(), f"{name}: zh and en trees differ"


@pytest.mark.slow
def test_tree_text_stays_out_of_the_search_index(site_dir):
    """Search leads to the pages that explain; a tree only summarises them (and repeats shared leaves)."""
    import json
    for lang, index in (("zh", site_dir / "search" / "search_index.json"), ("en", site_dir / "en" / "search" / "search_index.json")):
        docs = json.loads(index.read_text(encoding="utf-8"))["docs"]
        for name, page in TREE_PAGES.items():
            location = "" if page == "index.md" else page[:-3] + "/"
            text = " ".join(d["text"] for d in docs if d["location"].split("#")[0] == location).replace("\u200b", "")
            assert text, f"{lang}: no search entry for {location or 'the start page'}"
            tree = load(name)
            leaked = [leaf.title[lang] for leaf in tree.leaves() if leaf.title[lang] in text]
            assert not leaked, f"{lang} {location}: tree text in the search index: {leaked[:3]}"

