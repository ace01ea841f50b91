"""Helpers shared by the page-tool tests (tests/test_report_builder.py, tests/test_fee_check.py)."""
from __future__ import annotations


def watch(page):
    """Records, on a tab opened from a custom context, what the `page` fixture records: page.requests, page.errors."""
    page.requests, page.errors = [], []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("console", lambda msg: page.errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    return page


def script_errors(page) -> list[str]:
    """Console and page errors, except failed resource loads (Material probes for a sitemap)."""
    return [e for e in page.errors if not e.startswith("Failed to load resource")]


def small_targets(page, selector: str) -> list[str]:
    """Controls inside `selector` (inputs, selects, buttons, check boxes with their label) under 44 px tall."""
    return page.evaluate("""(selector) => {
        const bad = [];
        for (const el of document.querySelectorAll(selector + ' input, ' + selector + ' select, ' + selector + ' textarea, ' + selector + ' button')) {
            if (!el.checkVisibility()) continue;
            const target = el.type === 'checkbox' ? el.closest('label') : el;
            const r = target.getBoundingClientRect();
            if (r.height < 44 || r.width < 44) bad.push((el.name || el.textContent || el.type) + ' ' + Math.round(r.width) + 'x' + Math.round(r.height));
        }
        return bad;
    }""", selector)


def axe_violations(page, selector: str) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe
    result = Axe().run(page, context={"include": [[selector]]})
    return [f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in result.response["violations"]]


def luhn_complete(prefix: str) -> str:
    """`prefix` with the check digit that makes it pass the Luhn check."""
    for digit in "0123456789":
        number = prefix + digit
        total = 0
        for index, char in enumerate(reversed(number)):
            value = int(char) * (2 if index % 2 else 1)
            total += value - 9 if value > 9 else value
        if total % 10 == 0:
            return number
    raise AssertionError("unreachable")


def open_tool(page, url: str, tool: str):
    """Opens `url` and scrolls to its `tool` block, as a merchant does: start.js builds a form only when
    its block comes near the screen (or when the address leads to it). Returns the block."""
    page.goto(url)
    block = page.locator(f'[data-kb-tool="{tool}"]').first
    block.scroll_into_view_if_needed()
    block.locator("form").wait_for()
    return block
