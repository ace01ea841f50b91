"""The fee check (causes/fees and troubleshooting/less-than-sold, #fee-check) as a merchant uses it: the
arithmetic on a table of cases (integer cents, rounding half up per line) and the item named as the most
likely reason, messages next to bad fields, lines added and removed, both languages, screen readers and
phones, the page without JavaScript and in print, and the offline copy from file://."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tools_support import axe_violations, open_tool, script_errors, small_targets, watch

pytestmark = [pytest.mark.browser]

PAGES = {"zh": "causes/fees/", "en": "en/causes/fees/"}
LABELS = {
    "en": {"amount": "Amount (yuan)", "type": "Paid by", "count": "Number of payments",
           "debit": "Debit card rate (%)", "credit": "Credit card rate (%)", "qr": "QR code rate (%)",
           "cap": "Debit card cap per payment (yuan, optional)", "d0": "Fixed fee for D0 / same-day payout (yuan, optional)",
           "mode": "How the fixed fee is charged", "payouts": "Payouts that day",
           "refunds": "Refunds deducted that day (yuan, optional)", "arrived": "Amount that arrived (yuan)",
           "check": "Check", "add": "Add a line"},
    "zh": {"amount": "金额（元）", "type": "支付方式", "count": "笔数",
           "debit": "借记卡费率（%）", "credit": "信用卡费率（%）", "qr": "扫码费率（%）",
           "cap": "借记卡每笔封顶（元，可不填）", "d0": "D0 / 秒到的固定费用（元，可不填）",
           "mode": "这笔固定费用怎么收", "payouts": "当天出款次数",
           "refunds": "当天扣除的退货（元，可不填）", "arrived": "实际到账（元）",
           "check": "核对", "add": "再加一行"},
}

# lines: (amount, type, count); then what the merchant enters; then what the check must find:
# the expected payout and the difference (expected - arrived) in fen, and the reason it names first.
CASES = [
    ("the page's worked example: rates only, a fixed fee per payout",
     {"lines": [("5000", "debit", "3"), ("2000", "credit", "1")], "debit": "0.5", "credit": "0.6", "d0": "2", "mode": "payout",
      "arrived": "6961"}, 696100, 0, "match"),
    ("the cap was not applied by the acquirer",
     {"lines": [("30000", "debit", "1")], "debit": "0.5", "cap": "20", "arrived": "29850"}, 2998000, 13000, "cap-not-applied"),
    ("a cap the merchant did not enter",
     {"lines": [("30000", "debit", "1")], "debit": "0.5", "arrived": "29980"}, 2985000, -13000, "cap-missing"),
    ("a D0 fee charged per payment, not per payout",
     {"lines": [("1000", "debit", "10")], "debit": "0.6", "d0": "3", "mode": "payout", "payouts": "1", "arrived": "964"},
     99100, 2700, "d0-per-transaction"),
    ("a refund not deducted yet",
     {"lines": [("8000", "credit", "4")], "credit": "0.6", "refunds": "500", "arrived": "7952"}, 745200, -50000, "refund-not-deducted"),
    ("a fixed fee per payment the merchant did not know of",
     {"lines": [("2000", "qr", "5")], "qr": "0.38", "arrived": "1991.40"}, 199240, 100, "per-transaction-fee"),
    ("debit card payments charged at the credit card rate",
     {"lines": [("3000", "debit", "1")], "debit": "0.5", "credit": "0.6", "arrived": "2982"}, 298500, 300, "debit-as-credit"),
    ("not explained by fees",
     {"lines": [("1000", "debit", "1")], "debit": "0.6", "arrived": "900"}, 99400, 9400, "unexplained"),
    ("rounded half up in whole fen: 1234.50 x 0.55% = 6.78975 -> 6.79",
     {"lines": [("1,234.50", "credit", "1")], "credit": "0.55", "arrived": "1227.71"}, 122771, 0, "match"),
    ("one fen off is rounding",
     {"lines": [("1234.50", "credit", "1")], "credit": "0.55", "arrived": "1227.72"}, 122771, -1, "match-rounding"),
    ("a rate written per mille, full-width digits, ¥ and 元",
     {"lines": [("¥１０００", "debit", "1")], "debit": "6‰", "arrived": "994元"}, 99400, 0, "match"),
    ("sums of cents that floating point gets wrong: 0.10 + 0.20 at 0%",
     {"lines": [("0.10", "qr", "1"), ("0.20", "qr", "1")], "qr": "0", "arrived": "0.30"}, 30, 0, "match"),
]


def tool(page):
    return page.locator(".kb-fee").first


def line(page, index: int):
    return tool(page).locator(".kb-fee__line").nth(index)


def fill(page, lang: str, case: dict):
    labels = LABELS[lang]
    for index, (amount, kind, count) in enumerate(case["lines"]):
        if index:
            tool(page).get_by_role("button", name=labels["add"]).click()
        line(page, index).get_by_label(labels["amount"], exact=True).fill(amount)
        line(page, index).get_by_label(labels["type"], exact=True).select_option(kind)
        line(page, index).get_by_label(labels["count"], exact=True).fill(count)
    for key in ("debit", "credit", "qr", "cap", "d0", "payouts", "refunds", "arrived"):
        if key in case:
            tool(page).get_by_label(labels[key], exact=True).fill(case[key])
    if "mode" in case:
        tool(page).get_by_label(labels["mode"], exact=True).select_option(case["mode"])
    tool(page).get_by_role("button", name=labels["check"], exact=True).click()


def result(page):
    box = tool(page).locator(".kb-fee__result")
    return box, box.inner_text()


def message(page, box) -> str:
    ids = box.get_attribute("aria-describedby").split()
    return page.locator(f"#{ids[-1]}").inner_text().strip()


@pytest.mark.parametrize("name,case,expected,difference,reason", CASES, ids=[c[0][:40] for c in CASES])
def test_the_arithmetic_and_the_likely_reason(page, site_url, name, case, expected, difference, reason):
    page.goto(site_url + PAGES["en"] + "#fee-check")
    fill(page, "en", case)
    box, text = result(page)
    assert box.get_attribute("data-reason") == reason, text
    assert int(box.get_attribute("data-expected-cents")) == expected, text
    assert int(box.get_attribute("data-difference-cents")) == difference, text
    yuan = f"¥{expected // 100:,}.{expected % 100:02d}"
    assert f"{yuan} should have arrived" in text, text
    assert "Most likely: " in text and "rounded half up to the fen" in text and "Your contract decides" in text
    assert not script_errors(page), script_errors(page)


def test_the_reasons_read_as_a_merchant_needs_them(page, site_url):
    open_tool(page, site_url + PAGES["en"], "fee-check")
    fill(page, "en", CASES[3][1])
    _, text = result(page)
    assert "Most likely: The difference equals the D0 fee of ¥3.00 × 10 payments: the fee may be charged per payment, not per payout." in text
    assert "Also possible:" in text and "The difference equals the D0 fee of ¥3.00 × 9" in text
    assert "¥991.00 should have arrived and ¥964.00 did: ¥27.00 less." in text
    # a difference fees do not explain leads to the report builder with the symptom filled in
    open_tool(page, site_url + PAGES["en"], "fee-check")
    fill(page, "en", CASES[7][1])
    box, text = result(page)
    assert "The difference of ¥94.00 is not explained by fees." in text and "contact your acquirer" in text
    link = box.get_by_role("link", name="Write up the difference for your acquirer")
    parts = urlsplit(link.get_attribute("href"))
    assert parts.path == "../../actions/contact/" and parts.fragment == "report-builder"
    assert parse_qs(parts.query) == {"symptom": ["¥94.00 less arrived than my contract's fees explain"]}
    link.click()
    assert page.locator(".kb-report").get_by_label("The problem", exact=True).input_value() == \
        "¥94.00 less arrived than my contract's fees explain"


def test_in_chinese_on_the_less_than_sold_page(page, site_url):
    page.goto(site_url + "troubleshooting/less-than-sold/#fee-check")
    fill(page, "zh", CASES[0][1])
    box, text = result(page)
    assert box.get_attribute("data-reason") == "match"
    assert "应到账 6,961.00 元，实际到账 6,961.00 元，两者一致。" in text
    assert "最可能的原因：到账金额和按合同算出的一致。少于交易总额的部分就是手续费 25.00 元、12.00 元，加上 D0 费用 2.00 元。" in text
    assert "手续费（借记卡）\t−25.00 元" in text
    page.reload()
    fill(page, "zh", CASES[1][1])
    _, text = result(page)
    assert "最可能的原因：差额等于封顶应该省下的 130.00 元：收单机构可能没有按封顶收费，或者您的合同其实没有封顶。" in text
    assert "计算方法：每行的手续费 = 金额 × 费率，四舍五入到分" in text and "以您的合同为准" in text
    assert not script_errors(page), script_errors(page)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_bad_input_gets_a_message_next_to_the_field_and_nothing_typed_is_lost(page, site_url, lang):
    labels = LABELS[lang]
    open_tool(page, site_url + PAGES[lang], "fee-check")
    tool(page).get_by_role("button", name=labels["check"], exact=True).click()
    expected = {
        "en": ("Enter at least one sales amount.", "Enter the amount that arrived.", "Please correct the marked fields first."),
        "zh": ("请至少填一行交易金额。", "请填实际到账的金额。", "请先改正标出的项目。"),
    }[lang]
    amount = line(page, 0).get_by_label(labels["amount"], exact=True)
    arrived = tool(page).get_by_label(labels["arrived"], exact=True)
    assert message(page, amount) == expected[0] and message(page, arrived) == expected[1]
    assert result(page)[1].strip() == expected[2]
    assert page.evaluate("document.activeElement.name") == amount.get_attribute("name"), "focus goes to the first field to fix"
    cases = {
        "en": [(amount, "12a", "Enter a number, for example 1280.50 (at most two decimals)."),
               (amount, "12.345", "Enter a number, for example 1280.50 (at most two decimals)."),
               (tool(page).get_by_label(labels["debit"], exact=True), "six per mille", "Enter a percentage, for example 0.6 (for 0.6%)."),
               (tool(page).get_by_label(labels["debit"], exact=True), "0.006", "This is a percentage: 0.6 means 0.6%. Yours is below 0.05%: please check it."),
               (tool(page).get_by_label(labels["credit"], exact=True), "3", "Higher than usual card rates: check it against your contract."),
               (tool(page).get_by_label(labels["credit"], exact=True), "120", "A rate cannot be above 100%."),
               (line(page, 0).get_by_label(labels["count"], exact=True), "0", "Enter a whole number from 1 to 100000."),
               (arrived, "12345678901", "Too large: at most ¥10 million per line.")],
        "zh": [(amount, "一千", "请填数字，例如 1280.50（最多两位小数）。"),
               (tool(page).get_by_label(labels["debit"], exact=True), "千分之六", "请填百分数，例如 0.6（表示 0.6%）；“千分之六”写成 0.6。"),
               (line(page, 0).get_by_label(labels["count"], exact=True), "2.5", "请填 1 到 100000 之间的整数。")],
    }[lang]
    for box, typed, text in cases:
        box.fill(typed)
        assert message(page, box) == text, typed
        assert box.input_value() == typed
    assert amount.get_attribute("aria-invalid") == "true"
    # a payment type taken without its rate
    page.reload()
    amount = line(page, 0).get_by_label(labels["amount"], exact=True)
    amount.fill("100")
    line(page, 0).get_by_label(labels["type"], exact=True).select_option("credit")
    tool(page).get_by_label(labels["arrived"], exact=True).fill("99")
    tool(page).get_by_role("button", name=labels["check"], exact=True).click()
    credit = tool(page).get_by_label(labels["credit"], exact=True)
    assert message(page, credit) == {"en": "You took payments of this type: enter its rate from your contract.",
                                     "zh": "有这种支付方式的交易，请填合同里它的费率。"}[lang]
    assert page.evaluate("document.activeElement.name") == credit.get_attribute("name")
    assert amount.input_value() == "100"
    assert not script_errors(page), script_errors(page)


def test_lines_are_added_and_removed_by_name(page, site_url):
    open_tool(page, site_url + PAGES["en"], "fee-check")
    assert not tool(page).get_by_role("button", name="Remove line 1").is_visible(), "one line cannot be removed"
    tool(page).get_by_role("button", name="Add a line").click()
    tool(page).get_by_role("button", name="Add a line").click()
    assert tool(page).locator(".kb-fee__line").count() == 3
    assert page.evaluate("document.activeElement.closest('.kb-fee__line').querySelector('legend').textContent") == "Line 3"
    line(page, 1).get_by_label("Amount (yuan)", exact=True).fill("222")
    line(page, 2).get_by_label("Amount (yuan)", exact=True).fill("333")
    tool(page).get_by_role("button", name="Remove line 2").click()
    assert tool(page).locator(".kb-fee__line").count() == 2
    assert line(page, 1).get_by_label("Amount (yuan)", exact=True).input_value() == "333"
    assert line(page, 1).locator("legend").inner_text() == "Line 2"
    line(page, 0).get_by_label("Amount (yuan)", exact=True).fill("100")
    tool(page).get_by_label("QR code rate (%)", exact=True).fill("0.5")
    line(page, 0).get_by_label("Paid by", exact=True).select_option("qr")
    line(page, 1).get_by_label("Paid by", exact=True).select_option("qr")
    tool(page).get_by_label("Amount that arrived (yuan)", exact=True).fill("430.83")
    tool(page).get_by_role("button", name="Check").click()
    box, text = result(page)
    assert box.get_attribute("data-expected-cents") == str(43300 - 50 - 167), text    # 0.50 + 1.665 -> 1.67


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_fee_check_passes_axe_and_has_thumb_sized_targets_on_a_phone(browser, site_url, lang):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = watch(context.new_page())
    try:
        open_tool(page, site_url + PAGES[lang], "fee-check")
        fill(page, lang, CASES[3][1])
        assert tool(page).locator(".kb-fee__result").get_attribute("aria-live") == "polite"
        assert axe_violations(page, ".kb-tool") == []
        assert small_targets(page, ".kb-tool") == []
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        tool(page).get_by_label(LABELS[lang]["arrived"], exact=True).fill("abc")
        assert axe_violations(page, ".kb-tool") == []
        assert not script_errors(page), script_errors(page)
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_without_javascript_the_section_explains_the_check_by_hand(browser, site_url, lang):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(site_url + PAGES[lang] + "#fee-check")
        assert page.locator("[data-kb-tool] form, [data-kb-tool] input").count() == 0
        text = page.locator('[data-kb-tool="fee-check"]').inner_text()
        assert {"zh": "示例（数字仅为演示，不是任何合同的费率）", "en": "Example (made-up figures, not any contract's rates)"}[lang] in text
        assert {"zh": "6961.00 元", "en": "¥6,961.00"}[lang] in text
        for word in ("下面的表", "box", "field", "button", "按钮", "输入框", "calculator", "计算器"):
            assert word not in text, f"the text without JavaScript mentions {word!r}"
    finally:
        context.close()


def test_printing_the_page_prints_the_method_not_the_form(page, site_url):
    open_tool(page, site_url + PAGES["en"], "fee-check")
    fill(page, "en", CASES[0][1])
    page.emulate_media(media="print")
    assert not tool(page).is_visible()
    assert page.get_by_text("To check a day's payout by hand, work in this order:").is_visible()


@pytest.mark.slow
def test_the_fee_check_works_in_the_offline_copy_from_file_urls(page, offline_dir):
    site = offline_dir
    for lang, rel in (("zh", "troubleshooting/less-than-sold.html"), ("en", "en/causes/fees.html")):
        page.goto((site / rel).as_uri() + "#fee-check")
        assert page.url.startswith("file://")
        fill(page, lang, CASES[7][1])
        box, _ = result(page)
        assert box.get_attribute("data-reason") == "unexplained"
        assert box.get_attribute("data-expected-cents") == "99400"
        link = box.locator("a.kb-fee__contact")
        assert link.get_attribute("href").startswith("../actions/contact.html?symptom=")
    link.click()
    assert page.url.startswith("file://") and "/en/actions/contact.html" in page.url
    assert page.locator(".kb-report").get_by_label("The problem", exact=True).input_value() == \
        "¥94.00 less arrived than my contract's fees explain"
    outside = [u for u in page.requests if not u.startswith(("file://", "data:", "about:", "blob:"))]
    assert not outside, outside
    assert not script_errors(page), script_errors(page)
