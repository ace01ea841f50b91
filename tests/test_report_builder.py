"""The report builder (actions/contact, #report-builder) as a merchant uses it, in both languages: a message
next to each field, the refusal of a full card number, the copied text, the remembered and forgotten
numbers, the printed A4 sheet, the page without JavaScript, and the offline copy from file://. Also the
hook that places the tools (kb.tools) and the troubleshooting pages' links to the builder."""
from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import LAYOUT_SHIFTS, REPO, STILL, fixture_site, mkdocs_build, pages_of, pdftotext, poppler
from tools_support import axe_violations, luhn_complete, open_tool, script_errors, small_targets, watch

CONTACT = {"zh": "actions/contact/", "en": "en/actions/contact/"}
MID = luhn_complete("89831005812123")          # 15 digits passing the Luhn check: a merchant number, not a card
CARD = luhn_complete("622202123456789")        # 16 digits passing the Luhn check: a card number
assert len(MID) == 15 and len(CARD) == 16


def field(page, label: str):
    return page.locator(".kb-report").get_by_label(label, exact=True)


def message(page, label: str) -> str:
    """The message shown next to a field, found as a screen reader finds it: through aria-describedby."""
    ids = field(page, label).get_attribute("aria-describedby").split()
    texts = [page.locator(f"#{i}").inner_text().strip() for i in ids if i.endswith("-msg")]
    return texts[0] if texts else ""


def output(page) -> str:
    return page.locator(".kb-report__out").inner_text()


def status(page) -> str:
    """The status line's message. say() (report.js) empties the line and writes the message 30 ms later,
    so that a screen reader announces it again: wait for the message, however slow the machine, rather
    than a fixed time (100 ms was once too short in a full run)."""
    box = page.locator(".kb-report__status")
    page.wait_for_function("el => el.textContent.trim() !== ''", arg=box.element_handle(), timeout=10000)
    return box.inner_text().strip()


# ---------------------------------------------------------------- the built pages (no browser)

def test_only_the_pages_holding_a_tool_start_it_and_carry_its_stylesheet(site_dir):
    holders = {"actions/contact": "report-builder", "causes/fees": "fee-check", "troubleshooting/less-than-sold": "fee-check"}
    scripts = {"report-builder": "report.js", "fee-check": "fee-check.js"}
    problems = []
    for html_file in pages_of(site_dir):
        rel = html_file.relative_to(site_dir).as_posix().removeprefix("en/").removesuffix("/index.html")
        html = html_file.read_text(encoding="utf-8")
        head = html.split("</head>")[0]
        wanted = holders.get(rel)
        calls = [json.loads(call) for call in re.findall(r"window\.kbStart\((\{.*?\})\)</script>", html)]
        if wanted:      # one call, naming the tool's script by a URL that leads to it
            started = len(calls) == 1 and list(calls[0]) == [wanted] and \
                (html_file.parent / calls[0][wanted]).resolve() == (site_dir / "assets" / "tools" / scripts[wanted]).resolve()
        else:
            started = calls == []
        if not started:
            problems.append(f"{html_file.relative_to(site_dir)}: start calls {calls}")
        if re.search(r'(src|href)="[^"]*assets/tools/', html):
            problems.append(f"{html_file.relative_to(site_dir)}: a tool's file loaded with the page")
        if (".kb-tool--loading" in head) != bool(wanted) or html.count(".kb-tool--loading") != bool(wanted):
            problems.append(f"{html_file.relative_to(site_dir)}: tools stylesheet {'missing' if wanted else 'there'} (in the head)")
    assert not problems, "\n".join(problems)


@pytest.mark.browser
@pytest.mark.parametrize("path,tool", [("actions/contact/", "report-builder"), ("en/troubleshooting/less-than-sold/", "fee-check")])
def test_on_a_phone_a_form_is_built_when_the_reader_comes_near_it_and_moves_nothing(browser, site_url, path, tool):
    """Building a form is the longest task of a tool page's load on a slow phone (inlined and built at
    once, the tools cost their pages about 200 ms of Lighthouse's total blocking time): a page opened to
    be read builds none; scrolling towards the block builds it before it is on screen; an address that
    leads to the block (#heading, ?symptom=) builds it at once. No layout shift in any of the three,
    CPU slowed 4x as Lighthouse does."""
    context = browser.new_context(viewport={"width": 412, "height": 823}, is_mobile=True, has_touch=True)
    try:
        page = watch(context.new_page())
        page.add_init_script(LAYOUT_SHIFTS)
        context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 4})
        block = page.locator(f'[data-kb-tool="{tool}"]')
        for suffix, at_once in (("", False), ("#" + tool, True),    # the block's heading has the tool's name
                                ("?symptom=x", tool == "report-builder")):
            page.goto(site_url + path + suffix, wait_until="load")
            if at_once:
                block.locator("form").wait_for(state="attached")
            else:
                page.wait_for_timeout(300)      # time to build it, were it built without the reader
                assert block.locator("form").count() == 0, f"{suffix or 'plain'}: built before the reader came near"
                assert page.evaluate("el => el.getBoundingClientRect().top", block.element_handle()) > 823
                page.mouse.wheel(0, page.evaluate("el => el.getBoundingClientRect().top", block.element_handle()) - 823 - 200)
                block.locator("form").wait_for(state="attached")
                assert page.evaluate("el => el.getBoundingClientRect().top", block.element_handle()) > 823, "built before it is on screen"
            assert sum(shift["value"] for shift in page.evaluate("window.__shifts")) < STILL, (suffix, page.evaluate("window.__shifts"))
        assert not script_errors(page), script_errors(page)
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_troubleshooting_page_links_to_the_builder_with_its_symptom(site_dir, lang):
    import yaml
    folder = site_dir / ("en" if lang == "en" else "") / "troubleshooting"
    sources = sorted((REPO / "docs" / "troubleshooting").glob("*.en.md" if lang == "en" else "*.md"))
    sources = [s for s in sources if not s.name.startswith("index") and (lang == "en" or not s.name.endswith(".en.md"))]
    assert len(sources) >= 8
    for source in sources:
        meta = yaml.safe_load(source.read_text(encoding="utf-8").split("---")[1])
        slug = source.name.split(".")[0]
        soup = BeautifulSoup((folder / slug / "index.html").read_text(encoding="utf-8"), "html.parser")
        links = soup.select("article p.kb-report-link a")
        assert len(links) == 1, f"{source.name}: {len(links)} report links"
        href = links[0]["href"]
        parts = urlsplit(href)
        assert parts.path == "../../actions/contact/" and parts.fragment == "report-builder", href
        assert parse_qs(parts.query) == {"symptom": [meta["troubleshooting"]["symptom"]]}, href
        # at the end of 'who to contact'
        link_p = links[0].find_parent("p")
        assert link_p.find_next("h2")["id"] in ("next-step", "fee-check")
        assert link_p.find_previous("h2")["id"] == "who-to-contact"
        assert links[0].get_text() == {"zh": "把情况写成报告", "en": "Write the report for your acquirer"}[lang]


def test_the_tool_sources_follow_chinese_typography():
    """Every Chinese string in the tools' scripts passes the Chinese copy linter, as the pages do."""
    import autocorrect_py
    rc = REPO / ".autocorrectrc"
    if rc.is_file():
        autocorrect_py.load_config(rc.read_text(encoding="utf-8"))
    offenders, seen = [], 0
    for name in ("report.js", "fee-check.js"):
        source = (REPO / "docs" / "assets" / "tools" / name).read_text(encoding="utf-8")
        for literal in re.findall(r'"((?:[^"\\\n]|\\.)*[\u4e00-\u9fff](?:[^"\\\n]|\\.)*)"', source):
            seen += 1
            if autocorrect_py.format_for(literal, "text") != literal:
                offenders.append(f"{name}: {literal!r} -> {autocorrect_py.format_for(literal, 'text')!r}")
    assert seen > 60 and not offenders, "\n".join(offenders)


# ---------------------------------------------------------------- kb.tools and the build

def test_a_tool_is_started_after_its_last_block_and_the_report_link_goes_in_who_to_contact():
    from kb.tools import head_style, place, report_link, report_url, used
    html = ('<h1 id="t">T</h1><div class="kb-tool" data-kb-tool="fee-check"><div><p>inner</p></div></div><p>between</p>'
            '<div class="kb-tool" data-kb-tool="report-builder"><p>second</p></div><p>after</p><div data-kb-tool="nothing"></div>')
    assert used(html) == ["fee-check", "report-builder"] and used("<p>no tool</p>") == []
    out = place(html, "START", {"fee-check": "../f.js", "report-builder": "../r.js"})
    assert out.count("<script>") == 1
    assert '<p>second</p></div>\n<script>START\nwindow.kbStart({"fee-check": "../f.js", "report-builder": "../r.js"})</script><p>after</p>' in out, \
        "after the last block's own </div>"
    assert place("<h1>x</h1><p>no tool</p>", "START", {}) == "<h1>x</h1><p>no tool</p>"
    assert head_style("<html><head><title>t</title></head><body>", "p{}") == \
        "<html><head><title>t</title><style>p{}</style>\n</head><body>"

    url = report_url("../../actions/contact/", "钱没到 & 少了?")
    assert url == "../../actions/contact/?symptom=%E9%92%B1%E6%B2%A1%E5%88%B0%20%26%20%E5%B0%91%E4%BA%86%3F#report-builder"
    linked = report_link('<h2 id="who-to-contact">W</h2><p>x</p><h2 id="fee-check">F</h2><h2 id="next-step">N</h2>', "en", url)
    assert linked.index("<p>x</p>") < linked.index('class="kb-report-link"') < linked.index('id="fee-check"')
    assert report_link('<h2 id="a">A</h2><h2 id="next-step">N</h2>', "zh", url).index("kb-report-link") < 30
    assert "&amp;" not in url and 'href="../../actions/contact/?symptom=' in linked


def test_tool_block_problems_name_the_file_line_and_fix():
    from kb.tools import check_source
    text = ('Intro\n\n<div class="kb-tool" data-kb-tool="fee-chek" markdown>\nx\n</div>\n\n'
            '<div class="kb-tool" data-kb-tool="report-builder">\ny\n</div>\n\n```html\n<div data-kb-tool="nope">\n```\n')
    problems = [str(p) for p in check_source(text, "docs/causes/fees.md", first_line=5)]
    assert problems == [
        'docs/causes/fees.md:7: data-kb-tool="fee-chek" names no tool: write "report-builder" or "fee-check"',
        'docs/causes/fees.md:11: the "report-builder" block needs the markdown attribute, '
        '<div class="kb-tool" data-kb-tool="report-builder" markdown>, or its text for readers without JavaScript is not rendered',
    ]


@pytest.mark.slow
def test_a_misspelt_tool_stops_the_build(tmp_path):
    config = fixture_site(tmp_path, {
        "index.md": "# Start { #start }\n\n## Check { #check }\n\n<div class=\"kb-tool\" data-kb-tool=\"fees-check\" markdown>\nBy hand.\n</div>\n",
        "index.en.md": "# Start { #start }\n\n## Check { #check }\n\nBy hand.\n",
    })
    proc = mkdocs_build(config, tmp_path / "site")
    assert proc.returncode != 0
    assert 'docs/index.md:5: data-kb-tool="fees-check" names no tool: write "report-builder" or "fee-check"' in proc.output


# ---------------------------------------------------------------- in the browser

FIELD_CASES = {
    "zh": [
        ("商户编号（MID）", "12345", "通常是 15 位，您填了 5 位。请对照签购单核对；如果您的收单机构的编号就是这个长度，可以保留。"),
        ("商户编号（MID）", "8983/1005", "只能填字母和数字，不要空格或符号。"),
        ("商户编号（MID）", MID, ""),
        ("终端编号（TID）", "1234567", "通常是 8 位，您填了 7 位。请对照签购单核对；如果您的收单机构的编号就是这个长度，可以保留。"),
        ("终端编号（TID）", "AB123456", ""),
        ("交易金额（元）", "12元5", "请填金额数字，例如 1280.50（最多两位小数）。"),
        ("交易金额（元）", "0", "金额应大于 0。"),
        ("交易金额（元）", "１,２８０.５０", ""),
        ("参考号", "12345678901", "通常是 12 位，您填了 11 位。请对照签购单核对；如果您的收单机构的编号就是这个长度，可以保留。"),
        ("凭证号（流水号）", "12a", "只能填数字。"),
        ("凭证号（流水号）", "123", "应为 6 位数字，您填了 3 位。签购单上常带前面的 0（例如 000123），请照抄。"),
        ("批次号", "1234567", "应为 6 位数字，您填了 7 位。请对照签购单核对。"),
        ("授权码（如有）", "AB12", "通常是 6 位，您填了 4 位。请对照签购单核对；如果您的收单机构的编号就是这个长度，可以保留。"),
        ("授权码（如有）", "A1B2C3", ""),
        ("卡号后四位", "12", "只填卡号最后 4 位数字。"),
        ("卡号后四位", "12345", "只填卡号最后 4 位数字。"),
        ("卡号后四位", "1234", ""),
        ("交易日期", "2099-01-01", "这个日期还没到，请核对。"),
    ],
    "en": [
        ("Merchant ID (MID, 商户编号)", "12345", "This is usually 15 characters; you typed 5. Check it against the slip; if your acquirer's number really has this length, keep it."),
        ("Terminal ID (TID, 终端编号)", "1234-567X", ""),
        ("Amount (yuan)", "about 50", "Enter the amount as a number, for example 1280.50 (at most two decimals)."),
        ("Reference number (参考号)", "ABC", "This is usually 12 characters; you typed 3. Check it against the slip; if your acquirer's number really has this length, keep it."),
        ("Voucher / trace number (凭证号)", "12 34x", "Digits only."),
        ("Batch number (批次号)", "45", "This should be 6 digits; you typed 2. Slips often show leading zeros (for example 000123): copy them too."),
        ("Authorisation code (授权码), if any", "A1-B2", "This is usually 6 characters; you typed 4. Check it against the slip; if your acquirer's number really has this length, keep it."),
        ("Last four digits of the card", "12ab", "Only the last 4 digits of the card."),
        ("Settlement account, last four digits", "9876", ""),
    ],
}


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_field_says_what_is_wrong_next_to_it_as_the_merchant_types(page, site_url, lang):
    open_tool(page, site_url + CONTACT[lang], "report-builder")
    for label, typed, expected in FIELD_CASES[lang]:
        box = field(page, label)
        box.fill(typed)
        box.press("Tab")                     # lengths are checked once the field is left
        assert message(page, label) == expected, f"{label} = {typed!r}"
        assert (box.get_attribute("aria-invalid") == "true") == (expected != "" and not any(
            w in expected for w in ("通常是", "应为 6 位", "还没到", "usually", "should be"))), f"{label} = {typed!r}"
        assert box.input_value() == typed, "nothing typed is lost"
    # while typing for the first time, a short number is not yet a mistake
    open_tool(page, site_url + CONTACT[lang], "report-builder")
    field(page, {"zh": "终端编号（TID）", "en": "Terminal ID (TID, 终端编号)"}[lang]).type("123")
    assert message(page, {"zh": "终端编号（TID）", "en": "Terminal ID (TID, 终端编号)"}[lang]) == ""
    assert not script_errors(page), script_errors(page)


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_full_card_number_anywhere_is_refused_and_never_copied(browser, site_url, lang):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = watch(context.new_page())
    try:
        open_tool(page, site_url + CONTACT[lang], "report-builder")
        happened = {"zh": "看到的情况", "en": "What happened"}[lang]
        card4 = {"zh": "卡号后四位", "en": "Last four digits of the card"}[lang]
        mid = {"zh": "商户编号（MID）", "en": "Merchant ID (MID, 商户编号)"}[lang]
        refusal = {"zh": "这像是完整的卡号。报告里只能写卡号后四位：完整卡号写进消息，就可能被别人看到并盗刷。请删掉它。",
                   "en": "This looks like a full card number. A report may only hold the last four digits: a full card number in a message can be seen and misused by others. Please delete it."}[lang]
        field(page, mid).fill(MID)
        grouped = f"{CARD[:4]} {CARD[4:8]}-{CARD[8:12]} {CARD[12:]}"
        for typed in (f"2026-11-28 顾客的卡 {grouped} 被扣款", CARD, f"card{CARD}end"):
            field(page, happened).fill(typed)
            assert message(page, happened) == refusal, typed
            assert field(page, happened).get_attribute("aria-invalid") == "true"
            assert CARD not in output(page) and CARD[4:8] not in output(page)
            assert output(page) == {"zh": "报告里有完整的卡号，所以没有生成报告。请删掉它，只填卡号后四位。",
                                    "en": "The report holds a full card number, so no report was made. Delete it and give only the last four digits."}[lang]
        page.evaluate("navigator.clipboard.writeText('before')")
        page.locator(".kb-report").get_by_role("button", name={"zh": "复制报告", "en": "Copy the report"}[lang]).click()
        assert status(page) == output(page)
        assert page.evaluate("navigator.clipboard.readText()") == "before", "nothing was copied"
        # in the last-four field too, with dashes
        field(page, happened).fill("")
        field(page, card4).fill(f"{CARD[:4]}-{CARD[4:8]}-{CARD[8:12]}-{CARD[12:]}")
        assert message(page, card4) == refusal
        # the page says why, next to the field, before anything is typed
        hint = page.locator("#" + field(page, card4).get_attribute("aria-describedby").split()[0]).inner_text()
        assert {"zh": "完整卡号绝不能写进消息", "en": "Never write a full card number into a message"}[lang] in hint
        # not refused: a number that fails the Luhn check, the merchant number (15 digits), repeated in free text
        not_a_card = CARD[:-1] + str((int(CARD[-1]) + 1) % 10)
        field(page, card4).fill("1234")
        field(page, happened).fill(f"订单号 {not_a_card}，商户编号 {MID}")
        assert message(page, happened) == "" and message(page, mid) == ""
        assert not_a_card in output(page)
        assert not script_errors(page), script_errors(page)
    finally:
        context.close()


def fill_report(page, lang):
    labels = {
        "zh": ["商户名称", "商户编号（MID）", "终端编号（TID）", "交易日期", "交易时间", "交易金额（元）", "参考号",
               "凭证号（流水号）", "批次号", "授权码（如有）", "卡号后四位", "看到的情况", "已经检查过的"],
        "en": ["Merchant name", "Merchant ID (MID, 商户编号)", "Terminal ID (TID, 终端编号)", "Date of the payment",
               "Time of the payment", "Amount (yuan)", "Reference number (参考号)", "Voucher / trace number (凭证号)",
               "Batch number (批次号)", "Authorisation code (授权码), if any", "Last four digits of the card",
               "What happened", "What I have already checked"],
    }[lang]
    values = ["小王餐馆", MID, "12345678", "2026-11-28", "14:32", "1280.50", "123456789012", "000123", "000045",
              "A1B2C3", "1234", "终端显示交易成功\n已打印签购单", "不是撤销"]
    for label, value in zip(labels, values):
        field(page, label).fill(value)


REPORT_ZH = f"""【POS 交易未到账情况说明】
问题：刷卡成功了，但一笔钱都没到账
商户名称：小王餐馆
商户编号（MID）：{MID}
终端编号（TID）：12345678
交易日期和时间：2026-11-28 14:32
交易金额（元）：1280.50
参考号：123456789012
凭证号（流水号）：000123
批次号：000045
授权码：A1B2C3
卡号后四位：1234
看到的情况：终端显示交易成功；已打印签购单
已经检查过的：不是撤销
自查向导中的回答：钱一笔都没到 → 已过应到账日"""

REPORT_EN = f"""REPORT: CARD PAYMENT NOT CREDITED
The problem: 刷卡成功了，但一笔钱都没到账
Merchant name: 小王餐馆
Merchant ID (MID, 商户编号): {MID}
Terminal ID (TID, 终端编号): 12345678
Date and time of the payment: 2026-11-28 14:32
Amount (yuan): 1280.50
Reference number (参考号): 123456789012
Voucher / trace number (凭证号): 000123
Batch number (批次号): 000045
Authorisation code (授权码): A1B2C3
Last four digits of the card: 1234
What happened: 终端显示交易成功; 已打印签购单
What I have already checked: 不是撤销
My answers in the guided check: 钱一笔都没到 → 已过应到账日"""


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_copied_report_is_the_filled_fields_in_the_page_language_and_the_other_on_request(browser, site_url, lang):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = watch(context.new_page())
    try:
        page.goto(site_url + CONTACT[lang] + "?symptom=%E5%88%B7%E5%8D%A1%E6%88%90%E5%8A%9F%E4%BA%86%EF%BC%8C%E4%BD%86%E4%B8%80%E7%AC%94%E9%92%B1%E9%83%BD%E6%B2%A1%E5%88%B0%E8%B4%A6"
                  "&path=" + "钱一笔都没到 → 已过应到账日" + "#report-builder")
        assert field(page, {"zh": "问题", "en": "The problem"}[lang]).input_value() == "刷卡成功了，但一笔钱都没到账"
        fill_report(page, lang)
        copy = page.locator(".kb-report").get_by_role("button", name={"zh": "复制报告", "en": "Copy the report"}[lang])
        copy.click()
        first, second = (REPORT_ZH, REPORT_EN) if lang == "zh" else (REPORT_EN, REPORT_ZH)
        assert page.evaluate("navigator.clipboard.readText()") == first
        assert output(page) == first
        assert status(page) == {"zh": "已复制。粘贴到微信、短信或邮件里发给收单机构。",
                                "en": "Copied. Paste it into WeChat, a text message or an email to your acquirer."}[lang]
        assert copy.is_visible() and copy.inner_text() == {"zh": "复制报告", "en": "Copy the report"}[lang], "a visible label"
        page.locator(".kb-report").get_by_label({"zh": "附英文（also in English）", "en": "Also in Chinese (附中文)"}[lang]).check()
        copy.click()
        assert page.evaluate("navigator.clipboard.readText()") == first + "\n\n" + second
        assert not [u for u in page.requests if not u.startswith((site_url, "data:", "blob:"))], "nothing leaves the device"
    finally:
        context.close()


@pytest.mark.browser
def test_an_empty_form_says_what_to_fill_in(page, site_url):
    open_tool(page, site_url + CONTACT["en"], "report-builder")
    assert output(page) == "Nothing filled in yet: the report appears here as you fill in the fields."
    page.locator(".kb-report").get_by_role("button", name="Copy the report").click()
    assert status(page) == "Nothing to copy yet: fill in the fields first."
    for label in ("Merchant ID (MID, 商户编号)", "Date of the payment", "Amount (yuan)"):
        assert message(page, label) == "Your acquirer needs this to find the payment: please fill it in."
    field(page, "Amount (yuan)").fill("50")
    assert message(page, "Amount (yuan)") == ""
    assert not script_errors(page), script_errors(page)


@pytest.mark.browser
def test_only_the_merchant_and_terminal_numbers_are_remembered_and_only_when_asked(page, site_url):
    url = site_url + CONTACT["zh"]
    open_tool(page, url, "report-builder")
    fill_report(page, "zh")
    ours = "() => Object.keys(localStorage).filter(k => !k.endsWith('.__palette'))"   # Material keeps the colour scheme
    assert page.evaluate(ours) == [], "nothing is stored unless the merchant ticks the box"
    forget = page.locator(".kb-report").get_by_role("button", name="忘记已保存的编号")
    assert not forget.is_visible()
    page.locator(".kb-report").get_by_label("在这台设备上记住我的商户编号和终端编号").check()
    assert status(page) == "商户编号和终端编号已保存在这台设备上，下次打开本页会自动填入。"
    field(page, "终端编号（TID）").fill("87654321")
    assert page.evaluate(ours) == ["kb-report-ids"]
    assert page.evaluate("localStorage.getItem('kb-report-ids')") == f'{{"mid":"{MID}","tid":"87654321"}}'

    open_tool(page, url, "report-builder")
    assert field(page, "商户编号（MID）").input_value() == MID
    assert field(page, "终端编号（TID）").input_value() == "87654321"
    assert field(page, "交易金额（元）").input_value() == "" and field(page, "商户名称").input_value() == ""
    assert page.locator(".kb-report").get_by_label("在这台设备上记住我的商户编号和终端编号").is_checked()
    forget.click()
    assert status(page) == "已从这台设备上删除保存的商户编号和终端编号。"
    assert page.evaluate(ours) == [] and not forget.is_visible()
    assert field(page, "商户编号（MID）").input_value() == MID, "what is on the screen stays"
    open_tool(page, url, "report-builder")
    assert field(page, "商户编号（MID）").input_value() == "" and field(page, "终端编号（TID）").input_value() == ""
    assert not page.locator(".kb-report").get_by_label("在这台设备上记住我的商户编号和终端编号").is_checked()
    assert not script_errors(page), script_errors(page)


def visible_texts(page, selector):
    return page.evaluate("""(s) => [...document.querySelectorAll(s)].filter(e => e.checkVisibility()).map(e => e.innerText.trim())""", selector)


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_print_button_prints_the_a4_sheet_alone(page, site_url, tmp_path, lang):
    page.goto(site_url + CONTACT[lang] + "?symptom=x")
    fill_report(page, lang)
    page.evaluate("() => { window.print = () => { window.__printed = (window.__printed || 0) + 1; }; }")
    page.locator(".kb-report").get_by_role("button", name={"zh": "打印 A4 表格", "en": "Print an A4 sheet"}[lang]).click()
    assert page.evaluate("window.__printed") == 1
    page.emulate_media(media="print")
    sheet = page.locator(".kb-report-sheet")
    assert sheet.is_visible()
    for chrome in ("article h1", ".md-header", ".md-sidebar--primary", ".md-footer", ".kb-report"):
        assert not page.locator(chrome).first.is_visible(), f"{chrome} prints with the sheet"
    rows = dict(zip(visible_texts(page, ".kb-report-sheet th"), visible_texts(page, ".kb-report-sheet td")))
    mid_label = {"zh": "商户编号（MID）", "en": "Merchant ID (MID, 商户编号)"}[lang]
    assert rows[mid_label] == MID and len(rows) == 17, rows
    assert rows[{"zh": "结算账户后四位", "en": "Settlement account, last four digits"}[lang]] == "", "blank rows to write on"
    pdf = tmp_path / "sheet.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=False)
    info = poppler("pdfinfo", str(pdf))
    assert re.search(r"Pages:\s+1\n", info) and re.search(r"Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)", info), info
    text = pdftotext(pdf, "-layout")
    assert MID in text and "A1B2C3" in text and {"zh": "不要写完整卡号", "en": "Never write the full card number"}[lang] in text
    assert {"zh": "该联系谁", "en": "Who to contact"}[lang] not in text, "the page itself does not print with the sheet"
    # afterwards, printing the page prints the page: the form is screen-only, the static template prints
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert not sheet.is_visible() and page.locator("article h1").is_visible()
    assert not page.locator(".kb-report").is_visible()
    assert page.locator("#report-template ~ div pre, #report-template ~ .highlight pre").first.is_visible()
    assert not script_errors(page), script_errors(page)


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_builder_passes_axe_and_has_thumb_sized_targets_on_a_phone(browser, site_url, lang):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = watch(context.new_page())
    try:
        open_tool(page, site_url + CONTACT[lang], "report-builder")
        field(page, {"zh": "卡号后四位", "en": "Last four digits of the card"}[lang]).fill("12ab")
        field(page, {"zh": "参考号", "en": "Reference number (参考号)"}[lang]).fill("123")
        page.keyboard.press("Tab")
        page.locator(".kb-report input[type=checkbox]").first.check()
        assert axe_violations(page, ".kb-tool") == []
        assert small_targets(page, ".kb-tool") == []
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        # every control has a name; the messages and the status are announced
        unnamed = page.evaluate("""() => [...document.querySelectorAll('.kb-report input, .kb-report textarea')]
            .filter(el => !el.labels.length).map(el => el.name)""")
        assert unnamed == []
        assert page.locator(".kb-report__status").get_attribute("aria-live") == "polite"
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_without_javascript_the_section_points_to_the_template_and_shows_no_form(browser, site_url, lang):
    context = browser.new_context(java_script_enabled=False)
    page = watch(context.new_page())
    try:
        page.goto(site_url + CONTACT[lang] + "?symptom=x#report-builder")
        assert page.locator("article .kb-report, article form, article input").count() == 0
        text = page.locator('[data-kb-tool="report-builder"]').inner_text()
        assert text.startswith({"zh": "要手工填写：复制下面的报告模板", "en": "To fill it in by hand, copy the report template below"}[lang])
        for word in ("填写下面", "下面的表", "box", "field", "button", "按钮", "输入框"):
            assert word not in text, f"the text without JavaScript mentions {word!r}"
        assert page.locator("#report-template ~ div pre, #report-template ~ .highlight pre").first.is_visible()
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.slow
def test_the_builder_works_in_the_offline_copy_from_file_urls(page, offline_dir):
    site = offline_dir
    for lang, rel, mid_label in (("zh", "actions/contact.html", "商户编号（MID）"), ("en", "en/actions/contact.html", "Merchant ID (MID, 商户编号)")):
        page.goto((site / rel).as_uri() + "?symptom=offline%20test#report-builder")
        assert page.url.startswith("file://")
        assert field(page, {"zh": "问题", "en": "The problem"}[lang]).input_value() == "offline test"
        field(page, mid_label).fill("12345")
        field(page, mid_label).press("Tab")
        assert message(page, mid_label).startswith({"zh": "通常是 15 位", "en": "This is usually 15 characters"}[lang])
        field(page, {"zh": "看到的情况", "en": "What happened"}[lang]).fill(CARD)
        assert output(page).startswith({"zh": "报告里有完整的卡号", "en": "The report holds a full card number"}[lang])
        page.locator(".kb-report input[type=checkbox]").first.check()
        page.reload()
        assert field(page, mid_label).input_value() == "12345", "remembered on this device, from file:// too"
        page.locator(".kb-report").get_by_role("button", name={"zh": "忘记已保存的编号", "en": "Forget the saved numbers"}[lang]).click()
    # the troubleshooting link leads to the builder in the offline copy too
    page.goto((site / "troubleshooting" / "less-than-sold.html").as_uri())
    page.get_by_role("link", name="把情况写成报告").click()
    assert page.url.split("?")[0].endswith("/actions/contact.html")
    assert field(page, "问题").input_value() == "到账的钱比刷卡的总额少"
    outside = [u for u in page.requests if not u.startswith(("file://", "data:", "about:", "blob:"))]
    assert not outside, outside
    assert not script_errors(page), script_errors(page)
