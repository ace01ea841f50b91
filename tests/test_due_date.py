"""The due-date calculator (到账日计算) on reference/settlement-cycles: the Python reference (kb.holidays),
the supplement and the build warning, the built pages, and the tool in Chromium as a merchant uses it,
online and from the offline copy (file://). One table of cases drives the Python and the browser tests."""
from __future__ import annotations

import gzip
import re
import textwrap
from datetime import date, datetime, time, timedelta
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from conftest import REPO, built_page, fixture_site, mkdocs_build, pages_of
from kb import holidays as H
from kb import trees as kb_trees

PAGE = "reference/settlement-cycles/"

# sale, cycle, cut-off -> due if the acquirer settles on make-up working days, due if it does not, reasons.
# Holidays from chinese-calendar 1.11.0 (requirements.txt); the 2027 cases need a data set without 2027:
# once 2027 is in the data, move them to the first year that is not.
CASES = [
    # 春节 2026: off 15-23 Feb, make-up working Saturdays 14 and 28 Feb
    ("2026-02-13 15:00", "T+1", "23:00", "2026-02-14", "2026-02-24", "holiday:spring-festival makeup"),
    ("2026-02-18 10:00", "T+1", "23:00", "2026-02-24", "2026-02-24", "holiday:spring-festival"),
    # 国庆 2026: off 1-7 Oct, make-up working Sunday 20 Sep and Saturday 10 Oct
    ("2026-09-30 14:00", "T+1", "23:00", "2026-10-08", "2026-10-08", "holiday:national-day"),
    ("2026-09-30 23:30", "T+1", "23:00", "2026-10-08", "2026-10-08", "cutoff holiday:national-day"),
    ("2026-10-09 12:00", "T+1", "23:00", "2026-10-10", "2026-10-12", "weekend makeup"),
    ("2026-09-19 09:00", "T+1", "23:00", "2026-09-20", "2026-09-21", "weekend makeup"),
    ("2026-10-10 10:00", "T+0", "23:00", "2026-10-10", "2026-10-12", "weekend makeup"),
    ("2026-10-03 10:00", "D+0", "23:00", "2026-10-03", "2026-10-03", ""),
    ("2026-10-03 10:00", "D+1", "23:00", "2026-10-04", "2026-10-04", ""),
    # the cut-off: at or after it, the next day's sale; an acquirer's own cut-off; midnight means none
    ("2026-04-01 22:59", "T+1", "23:00", "2026-04-02", "2026-04-02", ""),
    ("2026-04-01 23:00", "T+1", "23:00", "2026-04-03", "2026-04-03", "cutoff"),
    ("2026-06-18 22:30", "T+1", "22:00", "2026-06-22", "2026-06-22", "cutoff holiday:dragon-boat-festival"),
    ("2026-03-06 23:15", "D+1", "23:00", "2026-03-08", "2026-03-08", "cutoff"),
    ("2026-03-07 10:00", "T+0", "23:00", "2026-03-09", "2026-03-09", "weekend"),
    ("2026-12-30 23:59", "T+0", "00:00", "2026-12-30", "2026-12-30", ""),
    # a year boundary: New Year's Eve after the cut-off, into 元旦 2026 and its make-up Sunday 4 Jan
    ("2025-12-31 23:30", "T+1", "23:00", "2026-01-04", "2026-01-05", "cutoff holiday:new-years-day makeup"),
    ("2025-12-31 20:00", "D+1", "23:00", "2026-01-01", "2026-01-01", ""),
    # past the end of the data: counted as ordinary weekdays, and the answer says so
    ("2026-12-31 23:30", "T+1", "23:00", "2027-01-04", "2027-01-04", "cutoff weekend beyond:2027"),
    ("2027-02-08 10:00", "T+1", "23:00", "2027-02-09", "2027-02-09", "beyond:2027"),
]
IDS = [f"{sale.replace(' ', 'T')}-{cycle}-cutoff{cutoff}" for sale, cycle, cutoff, *_ in CASES]


@pytest.fixture(scope="module")
def cal():
    return H.package()


def answer(case, calendar):
    sale, cycle, cutoff, *_ = case
    return H.due(datetime.fromisoformat(sale), cycle, time.fromisoformat(cutoff), calendar)


# ---- the Python reference ---------------------------------------------------------------------------

@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_python_reference_gives_the_table(case, cal):
    *_, due, strict, reasons = case
    got = answer(case, cal)
    assert (got.due.isoformat(), got.due_strict.isoformat(), " ".join(got.reasons)) == (due, strict, reasons)
    assert got.contact == got.due + timedelta(1) and got.contact_strict == got.due_strict + timedelta(1)


def test_package_data_and_working_days(cal):
    assert min(cal.years) == 2004 and cal.end == date(2026, 12, 31)
    assert cal.years[2026].startswith("chinese-calendar ")
    assert not cal.working(date(2026, 10, 1)) and cal.off[date(2026, 10, 1)] == "National Day"
    assert cal.working(date(2026, 10, 10)) and not cal.working(date(2026, 10, 10), makeup_ok=False)
    assert not cal.working(date(2026, 3, 7)) and cal.working(date(2026, 3, 9))
    assert cal.working(date(2027, 1, 1)) and not cal.covers(date(2027, 1, 1)), "outside the data: an ordinary weekday"
    with pytest.raises(ValueError, match="T\\+2"):
        H.due(datetime(2026, 3, 9, 10), "T+2", time(23), cal)


def test_dates_are_written_the_same_way_as_on_the_page():
    assert H.fmt(date(2026, 10, 8), "zh") == "2026 年 10 月 8 日（周四）"
    assert H.fmt(date(2026, 10, 8), "en") == "Thursday 8 October 2026"
    assert H.fmt(date(2026, 2, 15), "zh", year=False) == "2 月 15 日（周日）"


def test_build_warns_when_the_data_ends_within_60_days(cal):
    warning = H.ending_soon(cal, date(2026, 12, 2))
    assert warning.startswith("holidays: the holiday data ends on 2026-12-31 (29 days after the build date 2026-12-02)")
    assert "data/holidays-supplement.yml" in warning and "requirements.txt" in warning
    assert H.ending_soon(cal, date(2026, 11, 1)) is None                  # 60 days left
    assert H.ending_soon(cal, date(2026, 11, 2)) is not None              # 59 days left
    assert "2 days before the build date 2027-01-02" in H.ending_soon(cal, date(2027, 1, 2))


def test_build_date_follows_source_date_epoch():
    assert H.build_date({"SOURCE_DATE_EPOCH": str(int(datetime(2026, 6, 1, 12).timestamp()))}) == date(2026, 6, 1)
    assert H.build_date({"SOURCE_DATE_EPOCH": "1780329600"}) == date(2026, 6, 2)   # 2026-06-01 16:00 UTC = 06-02 in Beijing


SUPPLEMENT_2027 = """\
years:
  2027:
    notice: 测试用的通知（不是真实的 2027 年安排）
    holidays:
      - {name: Spring Festival, from: 2027-02-06, to: 2027-02-12}
      - {name: National Day, from: 2027-10-01, to: 2027-10-07}
    workdays:
      - {name: Spring Festival, date: 2027-02-20}
"""


def test_supplement_adds_a_year_the_package_lacks(cal):
    years, problems = H.parse_supplement(SUPPLEMENT_2027)
    assert problems == []
    merged, problems = H.merge(cal, years)
    assert problems == [] and merged.end == date(2027, 12, 31)
    assert merged.years[2027] == "测试用的通知（不是真实的 2027 年安排）"
    assert not merged.working(date(2027, 2, 8)) and merged.working(date(2027, 2, 20))
    got = H.due(datetime(2027, 2, 5, 10), "T+1", time(23), merged)
    assert (got.due, got.due_strict, got.reasons) == (date(2027, 2, 15), date(2027, 2, 15), ["weekend", "holiday:spring-festival"])
    got = H.due(datetime(2027, 2, 19, 10), "T+1", time(23), merged)
    assert (got.due, got.due_strict, got.reasons) == (date(2027, 2, 20), date(2027, 2, 22), ["weekend", "makeup"])
    assert H.ending_soon(merged, date(2026, 12, 2)) is None
    assert cal.end == date(2026, 12, 31), "merging leaves the package's calendar alone"


def test_supplement_problems_name_the_line_and_the_fix(cal):
    text = textwrap.dedent("""\
        years:
          2026:
            notice: 重复的年份
            holidays:
              - {name: Spring Festival, from: 2026-02-15, to: 2026-02-23}
          2028:
            holidays:
              - {name: Moon Day, from: 2028-01-01, to: 2028-01-02}
              - {name: Labour Day, from: 2028-05-05, to: 2028-05-01}
              - {name: Labour Day, from: 2027-12-31, to: 2028-01-01}
            workdays:
              - {name: Labour Day, date: 2028-05-08}
          20x9:
            notice: x
        """)
    years, problems = H.parse_supplement(text)
    shown = [str(p) for p in problems]
    assert shown == [
        "data/holidays-supplement.yml:6: 2028: 'notice' must name the State Council notice the dates are taken from",
        "data/holidays-supplement.yml:8: 2028: unknown holiday name 'Moon Day': use one of " + ", ".join(H.NAMES),
        "data/holidays-supplement.yml:9: 2028: Labour Day from 2028-05-05 to 2028-05-01 is not a holiday period: 'to' is the last day off, on or after 'from'",
        "data/holidays-supplement.yml:10: 2028: 2027-12-31 is not in 2028: list it under its own year",
        "data/holidays-supplement.yml:12: 2028: 2028-05-08 is a Monday: a make-up working day is a Saturday or Sunday",
        "data/holidays-supplement.yml:13: '20x9' is not a year: write it as four digits, e.g. 2027",
    ]
    assert list(years) == [2026]
    merged, problems = H.merge(cal, years)
    assert [str(p) for p in problems] == [
        "data/holidays-supplement.yml:2: 2026 is already in chinese-calendar 1.11.0: delete 2026 from the supplement (the package's data is used)"]
    gap, _ = H.parse_supplement(SUPPLEMENT_2027.replace("2027", "2028"))
    assert [str(p) for p in H.merge(cal, gap)[1]] == [
        "data/holidays-supplement.yml:2: 2028 does not follow the last year of the data (2026): add the years in between first"]
    assert [str(p) for p in H.parse_supplement("years: [2027]")[1]] == [
        "data/holidays-supplement.yml:1: 'years:' must map a year (e.g. 2027) to its notice, holidays and workdays"]
    assert H.parse_supplement("years: {}") == ({}, [])


def test_the_repository_supplement_is_valid_and_adds_no_year_the_package_has(cal):
    text = (REPO / H.SUPPLEMENT).read_text(encoding="utf-8")
    years, problems = H.parse_supplement(text)
    assert problems == [] and not set(years) & set(cal.years)


def test_page_data_holds_only_the_years_the_calculator_accepts(cal):
    data = H.page_data(cal, date(2026, 12, 2), "zh")
    assert (data["first"], data["last"], data["years"]) == ("2025-01-01", "2027-12-31", [2025, 2026])
    assert data["off"]["2026-10-01"] == "national-day" and data["makeup"]["2026-10-10"] == "national-day"
    assert not any(day.startswith("2024") for day in data["off"])
    assert data["names"]["spring-festival"] == "春节"
    assert H.page_data(cal, date(2026, 12, 2), "en")["names"]["national-day"] == "National Day (国庆)"


# ---- the built site ---------------------------------------------------------------------------------

def built(site_dir: Path, lang: str) -> BeautifulSoup:
    path = site_dir / ("en/" if lang == "en" else "") / PAGE / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_page_has_rules_table_and_hidden_form(site_dir, lang):
    soup = built(site_dir, lang)
    form = soup.select_one("form#due-date-form")
    assert form is not None and form.has_attr("hidden"), "the form is hidden until its script shows it"
    assert form["data-lang"] == lang
    section = soup.find(id="due-date")
    assert section and section.find_next("ol").get_text().count("T+1") == 1
    caption = soup.select_one("table.kb-due__holidays caption").get_text()
    assert caption == {"zh": "2026 年放假和调休安排", "en": "Public holidays and make-up working days in 2026"}[lang]
    rows = {tr.td.get_text(): [td.get_text() for td in tr.find_all("td")[1:]] for tr in soup.select("table.kb-due__holidays tbody tr")}
    if lang == "zh":
        assert rows["春节"] == ["2 月 15 日（周日）至 2 月 23 日（周一），共 9 天", "2 月 14 日（周六）、2 月 28 日（周六）"]
        assert rows["国庆节"] == ["10 月 1 日（周四）至 10 月 7 日（周三），共 7 天", "9 月 20 日（周日）、10 月 10 日（周六）"]
    else:
        assert rows["National Day (国庆)"] == ["Thursday 1 October to Wednesday 7 October (7 days)",
                                             "Sunday 20 September, Saturday 10 October"]
    missing = soup.select_one(".kb-due__missing").get_text()
    assert "2027" in missing
    assert "chinese-calendar 1.11.0" in soup.select_one(".kb-due__source").get_text()


@pytest.mark.slow
def test_script_and_style_only_on_the_page_that_uses_them(site_dir):
    holders = sorted(p.relative_to(site_dir).as_posix() for p in pages_of(site_dir)
                     if "kbDueDate" in p.read_text(encoding="utf-8"))
    assert holders == ["en/reference/settlement-cycles/index.html", "reference/settlement-cycles/index.html"]
    html = (site_dir / PAGE / "index.html").read_text(encoding="utf-8")
    assert html.count("window.kbDueDate = ") == 1 and html.count(".kb-due__result") >= 1
    assert not re.search(r'<(?:script|link)[^>]+(?:src|href)="https?://', html), "nothing from another host"


@pytest.mark.slow
def test_the_tool_adds_little_weight(site_dir):
    """Script + style + baked data, gzipped as a server sends them: the budget is 9 KB."""
    html = (site_dir / PAGE / "index.html").read_text(encoding="utf-8")
    added = "".join(re.findall(r"<style>.*?</style>", html, re.S)) + re.search(r"<form class=\"kb-due\".*?</form>", html, re.S).group(0)
    added += (REPO / "docs/assets/tools/due-date.js").read_text(encoding="utf-8")
    size = len(gzip.compress(added.encode("utf-8")))
    print(f"due-date tool: {len(added.encode())} bytes, {size} gzipped")
    assert size < 9000


@pytest.mark.slow
def test_every_page_and_leaf_that_waits_for_the_due_date_links_the_calculator(site_dir):
    # pages: every built page whose text speaks of the due date (the troubleshooting index only
    # lists the pages' waiting times, each row linking the page that links the calculator)
    unlinked = []
    for path in pages_of(site_dir):
        rel = path.relative_to(site_dir).as_posix()
        if "settlement-cycles" in rel or rel.endswith(("troubleshooting/index.html", "404.html")):
            continue
        article = built_page(path).select_one("article")
        text = article.get_text(" ") if article else ""
        if "应到账日" in text or "due date" in text.lower():
            links = [a["href"] for a in article.select("a[href]")]
            url = "http://x/" + rel
            if not any(re.search(r"/reference/settlement-cycles/(index\.html)?#due-date$", urljoin(url, h)) for h in links):
                unlinked.append(rel)
    assert unlinked == []
    # tree leaves whose waiting time or advice speaks of the due date
    for file in sorted((REPO / "data" / "trees").glob("*.yml")):
        tree = kb_trees.parse(file.read_text(encoding="utf-8"), file.stem, str(file))
        for node_id, node in tree.nodes.items():
            words = " ".join(str(v) for v in [*node.wait.values(), *node.do.values()])
            if "应到账日" in words or "due date" in words:
                assert "reference/settlement-cycles.md#due-date" in [link.href for link in node.links], f"{file.stem}: {node_id}"


def _build_fixture(tmp_path: Path, supplement: str | None, epoch: str):
    pages = {"index.md": "# 首页 { #home }\n\n<!-- due-date -->\n\n## 放假 { #table }\n\n<!-- holiday-table -->\n",
             "index.en.md": "# Home { #home }\n\n<!-- due-date -->\n\n## Holidays { #table }\n\n<!-- holiday-table -->\n"}
    files = {rel: (REPO / rel).read_text(encoding="utf-8") for rel in ("data/response-codes.yml",)}   # other hooks read it
    if supplement is not None:
        files["data/holidays-supplement.yml"] = supplement
    config = fixture_site(tmp_path, pages, files=files)
    return mkdocs_build(config, tmp_path / "site", env={"SOURCE_DATE_EPOCH": epoch, "HANDBOOK": "0"})


DEC_2 = str(int(datetime(2026, 12, 2, 12).timestamp()))


@pytest.mark.slow
def test_build_warns_but_does_not_fail_when_the_data_is_ending(tmp_path):
    proc = _build_fixture(tmp_path / "a", None, DEC_2)
    assert proc.returncode == 0, proc.output
    assert "WARNING -  holidays: the holiday data ends on 2026-12-31 (29 days after the build date 2026-12-02)" in proc.output


@pytest.mark.slow
def test_build_uses_a_supplement_year_and_stops_on_one_the_package_has(tmp_path):
    proc = _build_fixture(tmp_path / "good", SUPPLEMENT_2027, DEC_2)
    assert proc.returncode == 0, proc.output
    assert "holiday data ends" not in proc.output, "the data now ends a year later: no warning"
    soup = BeautifulSoup((tmp_path / "good" / "site" / "index.html").read_text(encoding="utf-8"), "html.parser")
    captions = [c.get_text() for c in soup.select("table.kb-due__holidays caption")]
    assert captions == ["2026 年放假和调休安排", "2027 年放假和调休安排"]
    assert '"2027-02-06":"spring-festival"' in soup.select_one("form#due-date-form")["data-calendar"]
    assert "测试用的通知" in soup.select_one(".kb-due__source").get_text()
    bad = textwrap.dedent("""\
        years:
          2026:
            notice: 国务院办公厅关于 2026 年部分节假日安排的通知
            holidays:
              - {name: Spring Festival, from: 2026-02-15, to: 2026-02-23}
            workdays:
              - {name: Spring Festival, date: 2026-02-14}
        """)
    proc = _build_fixture(tmp_path / "bad", bad, DEC_2)
    assert proc.returncode != 0
    assert ("WARNING -  data/holidays-supplement.yml:2: 2026 is already in chinese-calendar 1.11.0: "
            "delete 2026 from the supplement (the package's data is used)") in proc.output


# ---- in Chromium ------------------------------------------------------------------------------------

def script_errors(page) -> list[str]:
    return [e for e in page.errors if not e.startswith("Failed to load resource")]


def work_out(page, sale: str, cycle: str, cutoff: str, submit: str):
    day, clock = sale.split(" ")
    page.fill("#due-day", day)
    page.fill("#due-time", clock)
    page.locator(f"input[name=cycle][value='{cycle}']").check()
    page.fill("#due-cutoff", cutoff)
    page.get_by_role("button", name=submit).click()


SUBMIT = {"zh": "算一算", "en": "Work it out"}
REASON_WORDS = {
    "zh": {"cutoff": "或之后，算作", "weekend": "周六、周日不是工作日", "makeup": "是调休上班日", "beyond": "年的放假安排还不在本站的数据里"},
    "en": {"cutoff": "was at or after the", "weekend": "Saturday and Sunday are not working days", "makeup": "is a make-up working day",
           "beyond": "are not in this site's data yet"},
}


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_merchant_works_out_every_case_of_the_table(page, site_url, cal, lang):
    page.goto(site_url + ("en/" if lang == "en" else "") + PAGE)
    form = page.locator("#due-date-form")
    assert form.is_visible()
    result = page.locator(".kb-due__result")
    for case, case_id in zip(CASES, IDS):
        sale, cycle, cutoff, *_ = case
        expected = answer(case, cal)
        work_out(page, sale, cycle, cutoff, SUBMIT[lang])
        got = (result.get_attribute("data-due"), result.get_attribute("data-due-strict"), result.get_attribute("data-reasons"))
        assert got == (expected.due.isoformat(), expected.due_strict.isoformat(), " ".join(expected.reasons)), case_id
        text = result.inner_text()
        assert H.fmt(expected.due, lang) in text and H.fmt(expected.contact, lang) in text, case_id
        if expected.split:
            assert H.fmt(expected.due_strict, lang) in text and H.fmt(expected.contact_strict, lang) in text, case_id
            for day in expected.makeup_days:
                assert H.fmt(day, lang, year=False) in text, case_id
        for code in expected.reasons:
            kind = code.split(":")[0]
            if kind == "holiday":
                holiday = next(h for h in expected.holidays if H.key(h) == code.split(":")[1])
                first, last = expected.holidays[holiday]
                assert H.name(holiday, lang) in text and H.fmt(first, lang, year=False) in text \
                    and H.fmt(last, lang, year=False) in text, case_id
            else:
                assert REASON_WORDS[lang][kind] in text, case_id
        if "beyond" not in " ".join(expected.reasons):
            assert REASON_WORDS[lang]["beyond"] not in text, case_id
    assert not script_errors(page), script_errors(page)


@pytest.mark.browser
@pytest.mark.slow
def test_the_script_matches_python_on_every_day_of_the_data(page, site_url, cal):
    """kbDueDate.due in the page against kb.holidays.due for every day of 2025-2026, each cycle,
    a sale in the afternoon and one after the cut-off."""
    page.goto(site_url + PAGE)
    js = page.evaluate("""() => {
      const form = document.getElementById('due-date-form'), cal = JSON.parse(form.dataset.calendar), out = [];
      for (let t = Date.UTC(2025, 0, 1); t <= Date.UTC(2026, 11, 31); t += 86400000)
        for (const cycle of ['T+1', 'T+0', 'D+1', 'D+0'])
          for (const minutes of [15 * 60, 23 * 60 + 30]) {
            const a = kbDueDate.due(cal, t, minutes, cycle, 23 * 60);
            out.push([new Date(a.due).toISOString().slice(0, 10), new Date(a.dueStrict).toISOString().slice(0, 10), a.reasons.join(' ')]);
          }
      return out;
    }""")
    py = []
    day = date(2025, 1, 1)
    while day <= date(2026, 12, 31):
        for cycle in H.CYCLES:
            for clock in (time(15), time(23, 30)):
                a = H.due(datetime.combine(day, clock), cycle, time(23), cal)
                py.append([a.due.isoformat(), a.due_strict.isoformat(), " ".join(a.reasons)])
        day += timedelta(1)
    assert len(js) == len(py) == 730 * 8
    different = [(i, j, p) for i, (j, p) in enumerate(zip(js, py)) if j != p]
    assert different == []


@pytest.mark.browser
@pytest.mark.slow
def test_bad_input_gets_a_message_next_to_the_field(page, site_url):
    page.goto(site_url + PAGE)
    result = page.locator(".kb-due__result")
    day, clock, cutoff = page.locator("#due-day"), page.locator("#due-time"), page.locator("#due-cutoff")
    # nothing entered
    page.get_by_role("button", name="算一算").click()
    assert page.locator("#due-day-error").inner_text() == "请填写交易日期。"
    assert page.locator("#due-time-error").inner_text() == "请填写交易时间（签购单上有），如 21:30。"
    assert day.get_attribute("aria-invalid") == "true" and "due-day-error" in day.get_attribute("aria-describedby")
    assert page.evaluate("document.activeElement.id") == "due-day", "focus goes to the first field to fix"
    assert result.inner_text() == "请先改正上面标出的输入。" and result.get_attribute("data-due") is None
    # a date in 1900
    day.fill("1900-01-01")
    clock.fill("10:00")
    page.get_by_role("button", name="算一算").click()
    assert page.locator("#due-day-error").inner_text() == \
        "请填写 2025 年 1 月 1 日至 2027 年 12 月 31 日之间的日期：本站的节假日数据只覆盖这段时间。"
    assert not page.locator("#due-time-error").is_visible() and clock.get_attribute("aria-invalid") is None
    # a time that is not one: only the hour typed
    day.fill("2026-10-09")
    clock.fill("")
    clock.click()
    page.keyboard.type("11")
    assert clock.evaluate("el => el.validity.badInput"), "a half-typed time is not a time"
    page.get_by_role("button", name="算一算").click()
    assert page.locator("#due-time-error").inner_text() == "这不是一个有效的时间，请按 24 小时制填写，如 21:30。"
    assert page.evaluate("document.activeElement.id") == "due-time"
    # no cut-off
    clock.fill("11:00")
    cutoff.fill("")
    page.get_by_role("button", name="算一算").click()
    assert page.locator("#due-cutoff-error").inner_text() == "请填写日切时间；不清楚就用 23:00。"
    # fixed: the messages go, the answer comes
    cutoff.fill("23:00")
    page.get_by_role("button", name="算一算").click()
    assert page.locator(".kb-due__error:visible").count() == 0
    assert result.get_attribute("data-due") == "2026-10-10"
    # the strict parsers behind the fields, for browsers without date and time pickers
    assert page.evaluate("""() => [kbDueDate.parseTime('25:99'), kbDueDate.parseTime('9:30'), kbDueDate.parseTime('ab'),
                                   kbDueDate.parseDay('2026-02-30'), kbDueDate.parseDay('2026-2-3')]""") == [None, 570, None, None, None]
    assert not script_errors(page), script_errors(page)


@pytest.mark.browser
@pytest.mark.slow
def test_english_messages(page, site_url):
    page.goto(site_url + "en/" + PAGE)
    page.fill("#due-day", "1900-01-01")
    page.get_by_role("button", name="Work it out").click()
    assert page.locator("#due-day-error").inner_text() == \
        "Enter a date between 1 January 2025 and 31 December 2027: this site's holiday data covers only that period."
    assert page.locator("#due-time-error").inner_text() == "Enter the time of the sale (it is on the sales slip), e.g. 21:30."


@pytest.mark.browser
@pytest.mark.slow
def test_without_javascript_the_rules_and_the_table_stand_alone(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        for lang, words in (("zh", "春节"), ("en", "Spring Festival")):
            page.goto(site_url + ("en/" if lang == "en" else "") + PAGE)
            assert not page.locator("#due-date-form").is_visible(), "no box that cannot work"
            assert page.locator("#due-date + p + ol li").count() == 5
            assert page.locator("table.kb-due__holidays").is_visible()
            assert words in page.locator("table.kb-due__holidays").inner_text()
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_keyboard_screen_reader_and_axe(page, site_url, lang):
    from axe_playwright_python.sync_playwright import Axe
    page.goto(site_url + ("en/" if lang == "en" else "") + PAGE)
    labels = {"zh": ("交易日期", "交易时间", "收单机构的日切时间"), "en": ("Date of the sale", "Time of the sale", "Your acquirer's daily cut-off")}[lang]
    assert [page.get_by_label(label, exact=True).get_attribute("id") for label in labels] == ["due-day", "due-time", "due-cutoff"]
    result = page.locator(".kb-due__result")
    assert result.get_attribute("role") == "status" and result.get_attribute("aria-live") == "polite"
    assert page.locator(".kb-due__cycles legend").count() == 1
    # by keyboard only: date, time, the cycle with the arrow keys, Enter (Chromium's date and time
    # fields take Tab once more for their picker button, as for a keyboard user)
    def tab_to(selector):
        for _ in range(4):
            page.keyboard.press("Tab")
            if page.evaluate(f"document.activeElement.matches({selector!r})"):
                return
        raise AssertionError(f"Tab never reached {selector}")
    page.locator("#due-day").focus()
    page.keyboard.type("10092026")                 # Chromium's en-US field order: month, day, year
    tab_to("#due-time")
    page.keyboard.type("1200PM")
    tab_to("input[name=cycle]")
    assert page.evaluate("document.activeElement.value") == "T+1"
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.value") == "T+0"
    page.keyboard.press("Enter")
    assert result.get_attribute("data-due") == "2026-10-09"
    axe = Axe()
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        violations = [f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
                      for v in axe.run(page, context={"include": [["#due-date-form"], ["table.kb-due__holidays"]]}).response["violations"]]
        assert violations == [], f"{scheme}: {violations}"
    page.fill("#due-day", "")
    page.keyboard.press("Enter")
    violations = [v["id"] for v in axe.run(page, context={"include": [["#due-date-form"]]}).response["violations"]]
    assert violations == [], "with error messages shown"


@pytest.mark.browser
@pytest.mark.slow
def test_tap_targets_fit_a_finger_on_a_phone(browser, site_url):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(site_url + PAGE)
        targets = page.locator("#due-day, #due-time, #due-cutoff, .kb-due__choice, .kb-due__submit")
        assert targets.count() == 8
        for i in range(targets.count()):
            box = targets.nth(i).bounding_box()
            assert box["height"] >= 44 and box["width"] >= 44, (i, box)
            assert box["x"] + box["width"] <= 360, "nothing sticks out of a phone screen"
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.slow
def test_printing_shows_the_answer_or_just_the_rules(page, site_url):
    page.goto(site_url + PAGE)
    page.emulate_media(media="print")
    assert not page.locator("#due-date-form").is_visible(), "nothing entered: the rules and the table print"
    assert page.locator("table.kb-due__holidays").is_visible()
    page.emulate_media(media="screen")
    work_out(page, "2026-09-30 23:30", "T+1", "23:00", "算一算")
    page.emulate_media(media="print")
    assert page.locator(".kb-due__result").is_visible()
    assert "2026 年 10 月 8 日（周四）" in page.locator(".kb-due__result").inner_text()
    assert not page.locator("#due-day").is_visible() and not page.locator(".kb-due__submit").is_visible()


# ---- the offline copy -------------------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.slow
def test_the_tool_works_from_the_offline_copy(page, offline_dir, cal):
    for lang, prefix in (("zh", ""), ("en", "en/")):
        page.goto((offline_dir / prefix / "reference" / "settlement-cycles.html").as_uri())
        case = CASES[0]
        work_out(page, case[0], case[1], case[2], SUBMIT[lang])
        result = page.locator(".kb-due__result")
        assert result.get_attribute("data-due") == case[3] and result.get_attribute("data-due-strict") == case[4]
        assert H.fmt(date.fromisoformat(case[4]), lang) in result.inner_text()
    outside = [u for u in page.requests if not u.startswith(("file://", "data:", "about:", "blob:"))]
    assert not outside, f"the offline copy asked the network for {outside}"
    assert not [e for e in script_errors(page) if "search_index" not in e], script_errors(page)
