"""Decision trees in Chromium: the step-by-step view (answers, trail, restart, URL, keyboard, screen-reader
hooks), the same trees without JavaScript, and printing with every branch shown."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import STILL, phone_layout_shifts

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def script_errors(page) -> list[str]:
    """Console and page errors, except failed resource loads (Material probes for a sitemap on every page)."""
    return [e for e in page.errors if not e.startswith("Failed to load resource")]


def step_param(page, name: str) -> str | None:
    values = parse_qs(urlsplit(page.url).query).get(f"tree-{name}")
    return values[0] if values else None


def current_question(page) -> str:
    return page.locator(".tree-steps .tree-step__heading").inner_text().strip()


def trail(page) -> list[str]:
    return [t.strip() for t in page.locator(".tree-steps .tree-trail__a").all_inner_texts()]


def test_click_a_path_to_a_leaf_then_go_back_through_the_trail(page, site_url):
    page.goto(site_url + "check/risk-hold/")
    steps = page.locator(".tree-steps")
    assert steps.is_visible()
    assert not page.locator(".kb-tree > details.tree-q").is_visible(), "the nested view is replaced by the steps"
    assert current_question(page) == "收单机构告诉您的是哪种情况？"
    assert step_param(page, "risk-hold") is None
    assert not page.locator(".tree-trail").is_visible() and not page.locator(".tree-restart").is_visible()

    page.get_by_role("button", name="结算被暂停、延迟或冻结").click()
    assert current_question(page) == "最近的交易或终端的用法，有下面哪种情况？"
    assert page.evaluate("document.activeElement.classList.contains('tree-step__heading')"), "focus moves to the new question"
    assert page.evaluate("document.activeElement.tagName") == "H2", "the question is a heading one level below the page title"
    page.get_by_role("button", name="同一张卡短时间内刷了多次、连续大额，或多次输错密码").click()
    page.get_by_role("button", name="是，能拿出订单、发票等证明").click()

    leaf = page.locator(".tree-steps .tree-leaf")
    assert leaf.is_visible()
    assert leaf.locator(".admonition-title").inner_text().strip() == "准备说明和证明，申请恢复结算"
    assert "没有统一时间" in leaf.inner_text(), "no unfreeze time is promised (3–5 working days belongs to successful-with-defects payouts only)"
    assert leaf.get_by_role("link", name="收单机构").get_attribute("href") == "../../actions/contact/#acquirer"
    assert page.evaluate("document.activeElement.classList.contains('admonition-title')"), "focus moves to the result"
    assert step_param(page, "risk-hold") == "notice.trigger.genuine.prepare-unfreeze"
    assert trail(page) == ["结算被暂停、延迟或冻结", "同一张卡短时间内刷了多次、连续大额，或多次输错密码", "是，能拿出订单、发票等证明"]
    status = page.locator(".tree-steps > [role=status]")
    assert status.get_attribute("aria-live") == "polite"
    assert status.inner_text() == "您选择了：是，能拿出订单、发票等证明。 结果：准备说明和证明，申请恢复结算"
    assert page.locator(".tree-trail").get_attribute("aria-label") == "您的回答"

    # back to the second question through the trail
    page.locator(".tree-trail__button").nth(1).click()
    assert current_question(page) == "最近的交易或终端的用法，有下面哪种情况？"
    assert step_param(page, "risk-hold") == "notice.trigger"
    assert trail(page) == ["结算被暂停、延迟或冻结"]
    # the browser's back button returns to the result
    page.go_back()
    assert page.locator(".tree-steps .tree-leaf .admonition-title").inner_text().strip() == "准备说明和证明，申请恢复结算"
    # the language switch keeps the step: the English twin opens at the same result
    english = page.locator("a.md-select__link[hreflang=en]")
    assert "tree-risk-hold=notice.trigger.genuine.prepare-unfreeze" in english.get_attribute("href")
    page.goto(english.get_attribute("href"))
    assert page.locator(".tree-steps .tree-leaf .admonition-title").inner_text().strip() == \
        "Prepare an explanation and proof, and ask for settlement to resume"
    page.go_back()
    # restart
    page.get_by_role("button", name="重新开始").click()
    assert current_question(page) == "收单机构告诉您的是哪种情况？"
    assert step_param(page, "risk-hold") is None and trail(page) == []
    assert not script_errors(page), script_errors(page)


def test_a_step_is_restored_from_the_url(page, site_url):
    page.goto(site_url + "en/?tree-main=start.nothing-due.nothing-changed.frozen-who.account-blocked#guided")
    title = page.locator(".tree-steps .tree-leaf .admonition-title")
    assert title.inner_text().strip() == "Settlement account frozen, closed or restricted: start with your bank"
    assert trail(page) == ["Nothing at all has arrived", "Yes, the money is overdue",
                           "The card is frozen, closed, reported lost, or the bank says the account is restricted",
                           "The bank's own restriction, the card is closed or reported lost, or I haven't asked yet"]
    assert page.locator(".tree-steps").is_visible()

    # a single node id is enough: the shortest way there becomes the trail
    page.goto(site_url + "en/?tree-main=fees")
    assert page.locator(".tree-steps .tree-leaf .admonition-title").inner_text().strip() == "The difference is your fees"
    assert trail(page) == ["Money arrived, but less than I sold", "About the sales total times my fee rate"]
    assert step_param(page, "main") == "start.less-why.fees", "the URL is completed to the full path"

    # a path that is not in the tree stops at its last valid step
    page.goto(site_url + "check/settlement-account/?tree-settlement-account=state.changed.nonsense")
    assert current_question(page) == "最近换过结算卡，或改过账户信息吗？"
    assert step_param(page, "settlement-account") == "state.changed"
    assert not script_errors(page), script_errors(page)


def test_the_guide_works_from_the_keyboard(page, site_url):
    page.goto(site_url + "en/check/payment-succeeded/")
    first = page.get_by_role("button", name="No slip was printed")
    first.focus()
    page.keyboard.press("Enter")
    assert current_question(page) == "What did the terminal's screen show at the time?"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == \
        'It said successful (including "successful, please confirm with the issuer"); only the slip did not print'
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    assert current_question(page) == "What kind of code was it?"
    assert page.locator(".tree-step__answers").get_attribute("role") == "group"
    assert page.locator(".tree-step__answers").get_attribute("aria-labelledby") == \
        page.locator(".tree-step__q").get_attribute("id")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_step_view_passes_axe_at_a_question_and_at_a_result(page, site_url, scheme):
    axe = Axe()
    page.emulate_media(color_scheme=scheme)
    page.goto(site_url + "en/?tree-main=start.error-kind")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == {"light": "default", "dark": "slate"}[scheme]
    page.get_by_role("button", name="Show every branch").click()
    for state in ("question", "result"):
        violations = [f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
                      for v in axe.run(page, context={"include": [[".kb-tree"]]}).response["violations"]]
        assert violations == [], f"{state}: {violations}"
        if state == "question":
            page.get_by_role("button", name="A card or customer problem, such as 51, 55 or 05").click()
    assert page.locator(".tree-steps .tree-leaf [role=heading]").get_attribute("aria-level") == "3"


def test_show_every_branch_toggles_the_full_tree(page, site_url):
    page.goto(site_url + "check/payment-succeeded/")
    toggle = page.get_by_role("button", name="展开全部分支")
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    assert page.locator(".kb-tree > details.tree-q").is_visible()
    assert page.get_by_role("button", name="收起全部分支").get_attribute("aria-expanded") == "true"


def test_without_javascript_the_nested_blocks_are_the_whole_guide(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(site_url + "check/settlement-account/")
        assert page.locator(".tree-steps").count() == 0
        root_question = page.locator(".kb-tree > details.tree-q")
        assert root_question.is_visible() and root_question.get_attribute("open") is not None
        assert root_question.locator("> summary").inner_text().strip() == "收款的银行账户（结算账户）现在是什么状态？"
        leaf_title = "名、开户行或联行号不符：改正登记信息"
        assert not page.get_by_text(leaf_title).first.is_visible()
        # open "正常" → "没有" → "出款失败或被退回" → "户名、开户行或联行号不符"
        answer = root_question.locator("> details.tree-a").filter(has=page.locator("> summary", has_text="正常")).last
        answer.locator("> summary").click()
        question = answer.locator("> details.tree-q")
        assert question.locator("> summary").inner_text().strip() == "最近换过结算卡，或改过账户信息吗？"
        answer = question.locator("> details.tree-a").filter(has=page.locator("> summary", has_text="没有"))
        answer.locator("> summary").click()
        question = answer.locator("> details.tree-q")
        answer = question.locator("> details.tree-a").filter(has=page.locator("> summary", has_text="出款失败或被退回"))
        answer.locator("> summary").click()
        question = answer.locator("> details.tree-q")
        assert question.locator("> summary").inner_text().strip() == "失败的原因写的是什么？"
        answer = question.locator("> details.tree-a").filter(has=page.locator("> summary", has_text="户名、开户行或联行号不符"))
        answer.locator("> summary").click()
        leaf = answer.locator("> .tree-leaf")
        assert leaf.is_visible()
        assert leaf.locator(".admonition-title").inner_text().strip().endswith(leaf_title)
        assert leaf.get_by_role("link", name="户名或开户行不符").get_attribute("href") == "../../causes/settlement-account/#name-mismatch"
    finally:
        context.close()


def test_printing_shows_every_branch_expanded_and_indented(page, site_url):
    """With no step chosen; a chosen step prints only its path (tests/test_tree_phone.py). A question or
    result met again by a second way to it prints its title only, marked 'as above'."""
    page.goto(site_url + "en/")
    page.emulate_media(media="print")
    assert not page.locator(".tree-steps").is_visible(), "the step-by-step view is screen-only"
    hidden = page.evaluate("""() => {
        const bad = [];
        for (const el of document.querySelectorAll('.kb-tree details > summary, .kb-tree .tree-leaf, .kb-tree .tree-leaf p')) {
            if (el.closest('.tree-steps')) continue;
            let inBody = false;      // in the body of a block printed as its title only
            for (let child = el; child.parentElement; child = child.parentElement)
                if (child.parentElement.matches('.tree-again') && !child.matches('summary, .admonition-title')) inBody = true;
            if (inBody) continue;
            const r = el.getBoundingClientRect();
            if (!el.checkVisibility({contentVisibilityAuto: true, visibilityProperty: true}) || r.width === 0 || r.height === 0)
                bad.push(el.textContent.trim().slice(0, 60));
        }
        return bad;
    }""")
    assert hidden == [], f"{len(hidden)} parts of the tree are hidden in print, e.g. {hidden[:3]}"
    assert page.locator(".kb-tree > details .tree-leaf").count() > 40, "the whole main tree is on the page"
    assert page.get_by_text("How long: Until the due date. If it has passed and nothing has arrived, contact your acquirer.").first.is_visible()
    # indentation: each answer level sits further right than the question holding it
    depths = page.evaluate("""() => {
        const a = document.querySelector('.kb-tree > details.tree-q > details.tree-a > details.tree-q > details.tree-a');
        const outer = a.parentElement.parentElement;
        return [outer.getBoundingClientRect().left, a.getBoundingClientRect().left];
    }""")
    assert depths[1] > depths[0] + 10, depths

    # the beforeprint handler opens every block and afterprint restores them
    page.emulate_media(media="screen")
    closed = page.locator(".kb-tree details:not([open])").count()
    assert closed > 0
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.locator(".kb-tree details:not([open])").count() == 0
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.locator(".kb-tree details:not([open])").count() == closed
    assert not script_errors(page), script_errors(page)



@pytest.mark.parametrize("path", ["", "en/", "check/payment-succeeded/", "en/check/settlement-account/"])
def test_the_step_view_is_in_place_before_the_first_paint(browser, site_url, path):
    """On a phone the guide must not move the page under the reader's thumb: no layout shift comes
    from a tree (loaded at the end of the page, the script replaced the painted tree: a shift of
    0.07-0.09)."""
    shifts, page_shows = phone_layout_shifts(browser, site_url + path, ".tree-steps")
    assert page_shows, f"{path}: no step view"
    from_trees = [s for s in shifts if any("kb-tree" in n or "tree-" in n for n in s["nodes"])]
    assert sum(s["value"] for s in from_trees) < STILL, f"{path}: the tree moved the page: {from_trees}"
    assert sum(s["value"] for s in shifts) < STILL, shifts


def test_only_pages_holding_a_tree_carry_the_tree_script(site_dir):
    with_tree = (site_dir / "check" / "risk-hold" / "index.html").read_text(encoding="utf-8")
    without = (site_dir / "causes" / "fees" / "index.html").read_text(encoding="utf-8")
    assert with_tree.count("window.kbTrees = ") == 1 and with_tree.count("kbTrees.setup(tree)") == 1
    assert "kbTrees" not in without and "trees.js" not in without
    import json
    entries = {e["location"]: e for e in json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]}
    assert entries["check/risk-hold/"]["text"].strip() and "kbTrees" not in entries["check/risk-hold/"]["text"], \
        "the script sits after the h1: the page's own search entry keeps its text (before the h1 it became an empty entry)"
