"""Decision trees on a phone and on paper (issue 14 §5): every result can be sent (share sheet or clipboard)
and turned into a report, the next question lands just below the sticky header, printing a chosen step
prints that path and its result, and deep branches keep most of a phone's width without JavaScript."""
from __future__ import annotations

from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import REPO, pdf_pages, pdftotext
from kb import trees as kb_trees

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = {"viewport": {"width": 412, "height": 823}, "is_mobile": True, "has_touch": True}
HOME = {"zh": "", "en": "en/"}
WORDS = {"zh": {"q": "问：", "a": "答：", "result": "结果：", "page": "页面：", "send": "发送这个结果", "report": "写报告",
                "copied": "已复制到剪贴板", "keep": "收藏或分享本页地址"},
         "en": {"q": "Q: ", "a": "A: ", "result": "Result: ", "page": "Page: ", "send": "Send this result",
                "report": "Write the report", "copied": "Copied to the clipboard", "keep": "Bookmark or share this page's address"}}


def main_tree() -> kb_trees.Tree:
    return kb_trees.parse((REPO / "data" / "trees" / "main.yml").read_text(encoding="utf-8"), "main", "data/trees/main.yml")


def longest_path(tree: kb_trees.Tree) -> list[str]:
    """The node ids of the longest way from the start to a result."""
    def walk(node_id, seen):
        node = tree.nodes[node_id]
        if node.kind == "leaf":
            return [node_id]
        best = []
        for answer in node.answers:
            if answer.next in tree.nodes and answer.next not in seen:
                way = walk(answer.next, seen | {node_id})
                best = way if len(way) > len(best) else best
        return [node_id] + best
    return walk(tree.start, frozenset())


def answer_text(tree, here: str, nxt: str, lang: str) -> str:
    return next(a.text[lang] for a in tree.nodes[here].answers if a.next == nxt)


def expected_lines(tree, path: list[str], lang: str) -> list[str]:
    lines = []
    for here, nxt in zip(path, path[1:]):
        lines += [WORDS[lang]["q"] + " ".join(tree.nodes[here].q[lang].split()),
                  WORDS[lang]["a"] + " ".join(answer_text(tree, here, nxt, lang).split())]
    return lines


def script_errors(page) -> list[str]:
    return [e for e in page.errors if not e.startswith("Failed to load resource")]


def phone_page(context):
    """A tab of `context` that records script errors like conftest's `page`."""
    tab = context.new_page()
    tab.errors = []
    tab.on("console", lambda msg: tab.errors.append(msg.text) if msg.type == "error" else None)
    tab.on("pageerror", lambda exc: tab.errors.append(str(exc)))
    return tab


def leaf_title(page) -> str:
    return page.locator(".tree-steps .tree-leaf .admonition-title").inner_text().strip()


# ---------------------------------------------------------------------------------------- scrolling

@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_new_question_and_the_result_sit_just_below_the_header(browser, site_url, lang):
    tree = main_tree()
    path = longest_path(tree)
    assert len(path) >= 5, path
    context = browser.new_context(**PHONE)
    try:
        page = phone_page(context)
        page.goto(site_url + HOME[lang])
        tops = []
        for here, nxt in zip(path, path[1:]):
            page.locator(".tree-steps .tree-answer").filter(
                has_text=" ".join(answer_text(tree, here, nxt, lang).split())).first.click()
            header = page.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")
            box = page.locator(".tree-steps .tree-step__heading").bounding_box()
            tops.append(round(box["y"] - header))
            # the whole step (question and its answers, or the result's heading and first lines) is on screen
            assert box["y"] >= header, f"{nxt}: the heading is under the header ({tops})"
        assert all(0 <= top <= 24 for top in tops), f"heading tops below the header, in px: {tops}"
        assert leaf_title(page) == " ".join(tree.nodes[path[-1]].title[lang].split())
        assert script_errors(page) == []
    finally:
        context.close()


def test_opening_a_step_from_its_address_puts_the_guide_below_the_header(browser, site_url):
    context = browser.new_context(**PHONE)
    try:
        page = phone_page(context)
        page.goto(site_url + "en/?tree-main=start.less-why.fees")
        header = page.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")
        top = page.locator(".tree-steps").bounding_box()["y"]
        assert 0 <= top - header <= 24, (top, header)
    finally:
        context.close()


# ---------------------------------------------------------------------------------------- send / report

@pytest.mark.parametrize("lang", ["zh", "en"])
def test_send_this_result_uses_the_share_sheet_with_the_questions_and_answers(browser, site_url, lang):
    tree = main_tree()
    path = ["start", "less-why", "fees"]
    context = browser.new_context(**PHONE)
    try:
        page = phone_page(context)
        page.add_init_script("navigator.share = data => { window.__shared = data; return Promise.resolve(); };")
        page.goto(f"{site_url}{HOME[lang]}?tree-main={'.'.join(path)}")
        send = page.get_by_role("button", name=WORDS[lang]["send"])
        assert send.bounding_box()["height"] >= 44
        send.click()
        page.wait_for_function("window.__shared")
        shared = page.evaluate("window.__shared")
        lines = shared["text"].split("\n")
        title = " ".join(tree.nodes["fees"].title[lang].split())
        assert lines[0] == tree.title[lang]
        assert lines[1:-2] == expected_lines(tree, path, lang)
        assert lines[-2] == WORDS[lang]["result"] + title
        assert lines[-1] == WORDS[lang]["page"] + page.url and "tree-main=start.less-why.fees" in lines[-1]
        assert shared["title"] == title
        page.wait_for_function("() => ['已发送。', 'Sent.'].includes(document.querySelector('.tree-result__status').innerText.trim())",
                               timeout=10000)       # written once the share sheet's promise settles
        assert WORDS[lang]["keep"] in page.locator(".tree-result__keep").inner_text()
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_without_a_share_sheet_the_result_is_copied_with_a_visible_confirmation(browser, site_url, lang):
    tree = main_tree()
    context = browser.new_context(**PHONE)
    try:
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
        page = phone_page(context)
        page.add_init_script("delete Navigator.prototype.share; delete navigator.share;")
        page.goto(f"{site_url}{HOME[lang]}?tree-main=start.nothing-due.not-due")
        assert page.evaluate("typeof navigator.share") == "undefined"
        page.get_by_role("button", name=WORDS[lang]["send"]).click()
        status = page.locator(".tree-result__status")
        status.wait_for(state="visible")
        assert WORDS[lang]["copied"] in status.inner_text()
        copied = page.evaluate("navigator.clipboard.readText()")
        assert expected_lines(tree, ["start", "nothing-due", "not-due"], lang) == copied.split("\n")[1:-2]
        assert script_errors(page) == []
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_write_the_report_links_to_the_builder_with_symptom_and_path(page, site_url, lang):
    tree = main_tree()
    path = longest_path(tree)
    page.goto(f"{site_url}{HOME[lang]}?tree-main={'.'.join(path)}")
    link = page.get_by_role("link", name=WORDS[lang]["report"])
    href = link.get_attribute("href")
    url = urlsplit(href)
    assert url.path == "actions/contact/" and url.fragment == "report-builder", href   # relative to the page
    params = parse_qs(url.query)
    assert params["symptom"] == [" ".join(tree.nodes[path[-1]].title[lang].split())]
    assert params["path"] == ["\n".join(expected_lines(tree, path, lang))]
    target = urljoin(page.url, href)
    assert urlsplit(target).path == f"/{HOME[lang]}actions/contact/"
    assert link.bounding_box()["height"] >= 44
    # from a guide one folder down, the link climbs to the contact page
    page.goto(site_url + "check/risk-hold/?tree-risk-hold=notice.trigger.genuine.prepare-unfreeze")
    href = page.get_by_role("link", name="写报告").get_attribute("href")
    assert href.startswith("../../actions/contact/?symptom=") and href.endswith("#report-builder")


def test_the_result_with_its_tools_passes_axe(page, site_url):
    axe = Axe()
    for url in ("en/?tree-main=start.less-why.fees", "?tree-main=start.less-why.fees"):
        page.goto(site_url + url)
        page.get_by_role("button", name=WORDS["en" if url.startswith("en") else "zh"]["send"]).wait_for()
        violations = [f"{v['id']}: {v['help']}" for v in
                      axe.run(page, context={"include": [[".tree-steps"]]}).response["violations"]]
        assert violations == [], url


# ---------------------------------------------------------------------------------------- paper

def pdf_text(pdf: bytes, tmp_path) -> tuple[str, int]:
    """The printed text in the order the browser drew it (pdftotext -raw: by position, a code such as 03 set in
    another font than the words after it can be read onto a line of its own), and the number of pages."""
    file = tmp_path / "page.pdf"
    file.write_bytes(pdf)
    text = pdftotext(file, "-raw")
    return " ".join(text.split()), pdf_pages(file)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_printing_a_chosen_step_prints_that_path_and_its_result(page, site_url, lang, tmp_path):
    tree = main_tree()
    path = ["start", "nothing-due", "not-due"]
    page.goto(f"{site_url}{HOME[lang]}?tree-main={'.'.join(path)}")
    text, pages = pdf_text(page.pdf(format="A4"), tmp_path)
    squeeze = (lambda s: "".join(s.split())) if lang == "zh" else (lambda s: " ".join(s.split()))
    flat = squeeze(text)
    for line in expected_lines(tree, path, lang):
        assert squeeze(line) in flat, line
    assert squeeze(tree.nodes["not-due"].title[lang]) in flat
    others = [leaf for leaf in tree.leaves() if leaf.id != "not-due"]
    printed = [leaf.id for leaf in others if squeeze(leaf.title[lang]) in flat]
    assert printed == [], f"other results printed: {printed}"
    assert squeeze(WORDS[lang]["send"]) not in flat and squeeze(WORDS[lang]["report"]) not in flat
    assert pages <= 3, pages


def test_printing_with_no_step_keeps_the_whole_tree_in_fewer_pages(page, site_url, tmp_path):
    tree = main_tree()
    page.goto(site_url)
    text, pages = pdf_text(page.pdf(format="A4"), tmp_path)
    flat = "".join(text.split())
    missing = [leaf.id for leaf in tree.leaves() if "".join(leaf.title["zh"].split()) not in flat]
    assert missing == [], missing
    assert "同上，见前文" in flat, "a result met again by a second way prints as its title, marked as printed above"
    assert pages <= 26, f"{pages} A4 pages (40 with every result printed in full wherever met, 49 before the indentation was capped)"


# ---------------------------------------------------------------------------------------- indentation cap

def block_widths(page) -> dict[int, float]:
    """The narrowest tree block at each nesting depth (1 = the first question)."""
    return {int(k): v for k, v in page.evaluate("""() => {
        const out = {};
        for (const el of document.querySelectorAll('.kb-tree details, .kb-tree .admonition')) {
            if (el.parentElement.closest('.tree-again')) continue;    // printed as its title only
            let depth = 0;
            for (let e = el; e; e = e.parentElement) if (e.matches('.kb-tree details')) depth++;
            if (el.matches('.admonition:not(details)')) depth++;
            const w = el.getBoundingClientRect().width;
            if (!(depth in out) || w < out[depth]) out[depth] = w;
        }
        return out;
    }""").items()}


def test_without_javascript_deep_branches_keep_most_of_a_phones_width(browser, site_url):
    context = browser.new_context(java_script_enabled=False, **PHONE)
    try:
        page = phone_page(context)
        page.goto(site_url)
        widths = block_widths(page)
        assert max(widths) >= 10, widths                      # the main tree is deep
        assert widths[6] >= 240, f"the sixth level is {widths[6]:.0f} px wide ({widths})"
        assert widths[max(widths)] >= 0.5 * widths[1], widths
        assert widths[2] < widths[1] - 10 and widths[4] < widths[3], "the first levels are still indented"
        assert page.evaluate("(c => c.scrollWidth <= c.clientWidth)(document.querySelector('.md-content'))")
    finally:
        context.close()


def test_on_paper_with_no_step_the_same_cap_applies(page, site_url):
    page.set_viewport_size({"width": 412, "height": 823})
    page.goto(site_url)
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    widths = block_widths(page)
    assert widths[6] >= 220 and widths[max(widths)] >= 0.45 * widths[1], widths
