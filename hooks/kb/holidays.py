"""Public holidays and make-up working days (调休), and the due date of a card sale: the reference the
due-date calculator (assets/tools/due-date.js) is checked against. Hand-written: no package computes
settlement due dates.

The holidays come from chinese-calendar (PyPI), read at build time, rather than chinese-days (npm):
the site is built in Python, so the data needs no Node.js step, and the page gets only the years it
needs, baked in as JSON. chinese-calendar 1.11.0 holds 2004-2026 (it raises for later years);
data/holidays-supplement.yml may add a year the package lacks, from the State Council's notice,
and is refused for a year the package has (drop it once the package catches up).

Rules (the site's reference/settlement-cycles page): a sale at or after the acquirer's daily cut-off
counts as the next day's sale (the trade day); T+1 is the first working day after the trade day,
T+0 the trade day if it is a working day, else the next one; D+1 the next calendar day, D+0 the trade
day. A working day is Monday to Friday, less public holidays, plus make-up working days; whether an
acquirer settles on a make-up working day varies, so T cycles get two answers where it matters.
A day in a year outside the data counts as an ordinary weekday (and the answer says so).
"""
from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import NamedTuple

from .report import Problem
from .yamlfile import Map, Seq, load as load_yaml

CYCLES = ("T+1", "T+0", "D+1", "D+0")
DEFAULT_CUTOFF = time(23, 0)
WARN_DAYS = 60                    # the build warns when the data ends within this many days
SUPPLEMENT = "data/holidays-supplement.yml"

# Display names, keyed by chinese-calendar's English holiday names (its Holiday enum values).
NAMES = {
    "New Year's Day": {"zh": "元旦", "en": "New Year's Day"},
    "Spring Festival": {"zh": "春节", "en": "Spring Festival (Chinese New Year)"},
    "Tomb-sweeping Day": {"zh": "清明节", "en": "Qingming Festival (Tomb-sweeping Day)"},
    "Labour Day": {"zh": "劳动节", "en": "Labour Day"},
    "Dragon Boat Festival": {"zh": "端午节", "en": "Dragon Boat Festival"},
    "Mid-autumn Festival": {"zh": "中秋节", "en": "Mid-Autumn Festival"},
    "National Day": {"zh": "国庆节", "en": "National Day (国庆)"},
    "Anti-Fascist 70th Day": {"zh": "抗战胜利 70 周年纪念日", "en": "70th anniversary of the victory in the War of Resistance"},
}
WEEKDAYS = {"zh": "一二三四五六日", "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


def key(name: str) -> str:
    """A holiday's short id in the page data: 'Spring Festival' -> 'spring-festival'."""
    return "-".join("".join(c if c.isalnum() else " " for c in name.lower().replace("'", "")).split())


def name(holiday: str, lang: str) -> str:
    return NAMES.get(holiday, {"zh": holiday, "en": holiday})[lang]


# ---------------------------------------------------------------- the calendar

@dataclass
class Calendar:
    years: dict = field(default_factory=dict)     # year -> where it comes from ('chinese-calendar 1.11.0', a notice)
    off: dict = field(default_factory=dict)       # date -> holiday name: public holiday days (weekends inside included)
    makeup: dict = field(default_factory=dict)    # date -> holiday name: weekend days made working days (调休)

    @property
    def end(self) -> date | None:
        """The last day the data covers (years are consecutive; a gap is refused when merging)."""
        return date(max(self.years), 12, 31) if self.years else None

    def covers(self, day: date) -> bool:
        return day.year in self.years

    def working(self, day: date, makeup_ok: bool = True) -> bool:
        if day in self.off:
            return False
        if day in self.makeup:
            return makeup_ok
        return day.weekday() < 5


def from_package(holidays: dict, workdays: dict, version: str) -> Calendar:
    """chinese_calendar.constants.holidays / .workdays (date -> holiday name) as a Calendar."""
    years = {day.year for day in holidays} | {day.year for day in workdays}
    source = f"chinese-calendar {version}"
    return Calendar(years={year: source for year in sorted(years)},
                    off={day: str(getattr(v, "value", v)) for day, v in holidays.items()},
                    makeup={day: str(getattr(v, "value", v)) for day, v in workdays.items()})


def package() -> Calendar:
    """The installed chinese-calendar's data."""
    import chinese_calendar
    from chinese_calendar import constants
    return from_package(constants.holidays, constants.workdays, getattr(chinese_calendar, "__version__", "?"))


class Year(NamedTuple):
    """One year of the supplement: the notice it comes from, its days off and make-up working days, and
    the line of the year in the file (for merge's messages)."""
    notice: str
    off: dict
    makeup: dict
    line: int


def parse_supplement(text: str, shown: str = SUPPLEMENT) -> tuple[dict[int, Year], list[Problem]]:
    """data/holidays-supplement.yml -> ({year: Year}, problems). Format:

        years:
          2027:
            notice: 国务院办公厅关于 2027 年部分节假日安排的通知（国办发明电〔…〕…号）
            holidays:
              - {name: Spring Festival, from: 2027-02-06, to: 2027-02-13}
            workdays:
              - {name: Spring Festival, date: 2027-02-20}
    """
    doc, problems, dupes = load_yaml(text, shown)
    if doc is None and problems:
        return {}, problems
    doc = Map() if doc is None else doc
    for dupe, first, again in dupes:
        problems.append(Problem(shown, again, f"'{dupe}' is given twice (first on line {first}): keep one"))
    if not isinstance(doc, Map) or set(doc) - {"years"}:
        return {}, problems + [Problem(shown, getattr(doc, "line", 1), "the file must hold one key, 'years:', mapping a year to its notice, holidays and workdays")]
    years = doc.get("years") or Map()
    if not isinstance(years, Map):
        return {}, problems + [Problem(shown, doc.lines["years"], "'years:' must map a year (e.g. 2027) to its notice, holidays and workdays")]
    out = {}
    for year, entry in years.items():
        line = years.lines[year]
        if not (isinstance(year, str) and year.isdigit() and len(year) == 4):
            problems.append(Problem(shown, line, f"'{year}' is not a year: write it as four digits, e.g. 2027"))
            continue
        found, wrong = _year(int(year), entry, line, shown)
        problems += wrong
        if not wrong:
            out[int(year)] = Year(*found, line)
    return out, problems


def _year(year: int, entry, line: int, shown: str):
    problems: list[Problem] = []
    if not isinstance(entry, Map):
        return None, [Problem(shown, line, f"{year}: give 'notice', 'holidays' and 'workdays' under the year")]
    for extra in sorted(set(entry) - {"notice", "holidays", "workdays"}):
        problems.append(Problem(shown, entry.lines[extra], f"{year}: unknown key '{extra}': use notice, holidays, workdays"))
    notice = entry.get("notice")
    if not isinstance(notice, str) or not notice.strip():
        problems.append(Problem(shown, entry.lines.get("notice", line), f"{year}: 'notice' must name the State Council notice the dates are taken from"))
    off, makeup = {}, {}

    def named(item, item_line):
        holiday = item.get("name")
        if holiday not in NAMES:
            problems.append(Problem(shown, item_line, f"{year}: unknown holiday name '{holiday}': use one of {', '.join(NAMES)}"))
            return None
        return holiday

    def in_year(value, item_line, what):
        if not isinstance(value, date) or isinstance(value, datetime):
            problems.append(Problem(shown, item_line, f"{year}: '{what}' must be a date written YYYY-MM-DD"))
            return None
        if value.year != year:
            problems.append(Problem(shown, item_line, f"{year}: {value.isoformat()} is not in {year}: list it under its own year"))
            return None
        return value

    holidays = entry.get("holidays") or Seq()
    if not isinstance(holidays, Seq) or not holidays:
        problems.append(Problem(shown, entry.lines.get("holidays", line), f"{year}: 'holidays' must list the holidays as {{name, from, to}}"))
        holidays = Seq()
    for item, item_line in zip(holidays, holidays.lines):
        if not isinstance(item, Map) or set(item) != {"name", "from", "to"}:
            problems.append(Problem(shown, item_line, f"{year}: a holiday is written {{name: ..., from: YYYY-MM-DD, to: YYYY-MM-DD}}"))
            continue
        holiday, first, last = named(item, item_line), in_year(item["from"], item_line, "from"), in_year(item["to"], item_line, "to")
        if not (holiday and first and last):
            continue
        if last < first or (last - first).days > 14:
            problems.append(Problem(shown, item_line, f"{year}: {holiday} from {first} to {last} is not a holiday period: 'to' is the last day off, on or after 'from'"))
            continue
        for n in range((last - first).days + 1):
            day = first + timedelta(n)
            if day in off:
                problems.append(Problem(shown, item_line, f"{year}: {day} is already a day off ({off[day]}): periods must not overlap"))
            off[day] = holiday
    workdays = entry.get("workdays") or Seq()
    if not isinstance(workdays, Seq):
        problems.append(Problem(shown, entry.lines.get("workdays", line), f"{year}: 'workdays' must list the make-up working days as {{name, date}} (or be left out)"))
        workdays = Seq()
    for item, item_line in zip(workdays, workdays.lines):
        if not isinstance(item, Map) or set(item) != {"name", "date"}:
            problems.append(Problem(shown, item_line, f"{year}: a make-up working day is written {{name: ..., date: YYYY-MM-DD}}"))
            continue
        holiday, day = named(item, item_line), in_year(item["date"], item_line, "date")
        if not (holiday and day):
            continue
        if day.weekday() < 5:
            problems.append(Problem(shown, item_line, f"{year}: {day} is a {WEEKDAYS['en'][day.weekday()]}: a make-up working day is a Saturday or Sunday"))
        elif day in off:
            problems.append(Problem(shown, item_line, f"{year}: {day} is both a day off and a make-up working day: check the notice"))
        else:
            makeup[day] = holiday
    return (str(notice).strip() if notice else "", off, makeup), problems


def merge(base: Calendar, supplement: dict[int, Year], shown: str = SUPPLEMENT) -> tuple[Calendar, list[Problem]]:
    """The package's calendar plus the supplement's years. A year the package already has is an error
    (the supplement is dropped once the package catches up); a year that leaves a gap is an error."""
    problems = []
    out = Calendar(dict(base.years), dict(base.off), dict(base.makeup))
    for year in sorted(supplement):
        line = supplement[year].line
        if year in base.years:
            problems.append(Problem(shown, line, f"{year} is already in {base.years[year]}: delete {year} from the supplement (the package's data is used)"))
            continue
        if out.years and year != max(out.years) + 1:
            problems.append(Problem(shown, line, f"{year} does not follow the last year of the data ({max(out.years)}): add the years in between first"))
            continue
        notice, off, makeup, _ = supplement[year]
        out.years[year] = notice
        out.off.update(off)
        out.makeup.update(makeup)
    return out, problems


def ending_soon(cal: Calendar, today: date, days: int = WARN_DAYS) -> str | None:
    """The build's warning when the data ends within `days` of `today` (or has ended), else None."""
    if cal.end is None or (cal.end - today).days >= days:
        return None
    left = (cal.end - today).days
    when = f"{left} days after the build date {today}" if left >= 0 else f"{-left} days before the build date {today}"
    later = cal.end.year + 1
    return (f"holidays: the holiday data ends on {cal.end} ({when}); sales from {later} on are counted as ordinary "
            f"weekdays. Fix: upgrade chinese-calendar in requirements.txt once a release has {later}, or add {later} "
            f"to {SUPPLEMENT} from the State Council's notice")


# ---------------------------------------------------------------- the due date

@dataclass
class Answer:
    trade_day: date            # the day the sale counts for (after the cut-off: the next day)
    due: date                  # the due date if the acquirer settles on make-up working days
    due_strict: date           # ... if it does not (== due where that makes no difference)
    reasons: list              # codes, in order: cutoff, weekend, holiday:<key>, makeup, beyond:<year>
    holidays: dict = field(default_factory=dict)   # holiday name -> (first, last) day off in the way
    makeup_days: list = field(default_factory=list)
    beyond: list = field(default_factory=list)     # years outside the data that the answer counts on

    @property
    def contact(self) -> date:
        return self.due + timedelta(1)

    @property
    def contact_strict(self) -> date:
        return self.due_strict + timedelta(1)

    @property
    def split(self) -> bool:
        return self.due != self.due_strict


def trade_day(sale: datetime, cutoff: time = DEFAULT_CUTOFF) -> date:
    """A sale at or after the cut-off counts for the next day; a cut-off of 00:00 is midnight (no shift)."""
    late = cutoff != time(0, 0) and sale.time().replace(second=0, microsecond=0) >= cutoff
    return sale.date() + timedelta(1) if late else sale.date()


def _next_working(cal: Calendar, day: date, makeup_ok: bool) -> date:
    while not cal.working(day, makeup_ok):
        day += timedelta(1)
    return day


def due(sale: datetime, cycle: str, cutoff: time, cal: Calendar) -> Answer:
    if cycle not in CYCLES:
        raise ValueError(f"unknown settlement cycle {cycle!r}: use one of {', '.join(CYCLES)}")
    day = trade_day(sale, cutoff)
    reasons = ["cutoff"] if day != sale.date() else []
    if cycle.startswith("D"):
        result = day + timedelta(int(cycle[-1]))
        return Answer(day, result, result, reasons)
    start = day + timedelta(int(cycle[-1]))
    results = [_next_working(cal, start, ok) for ok in (True, False)]
    answer = Answer(day, results[0], results[1], reasons)
    span = [day + timedelta(n) for n in range((results[1] - day).days)]     # trade day up to the later answer
    for d in span:
        if cal.working(d, makeup_ok=False):
            continue
        if d in cal.off:
            first = answer.holidays.get(cal.off[d], (d, d))[0]
            answer.holidays[cal.off[d]] = (first, d)
        elif d in cal.makeup:
            answer.makeup_days.append(d)
        elif "weekend" not in reasons:
            reasons.append("weekend")
    for holiday in answer.holidays:
        # the whole period, not just the part in the way
        same = sorted(d for d, h in cal.off.items() if h == holiday and abs((d - answer.holidays[holiday][0]).days) <= 15)
        block = next(run for run in _runs(same) if answer.holidays[holiday][0] in run)
        answer.holidays[holiday] = (block[0], block[-1])
        reasons.append(f"holiday:{key(holiday)}")
    if answer.split:
        answer.makeup_days = [d for d in answer.makeup_days if d < results[1]] or [results[0]]
        reasons.append("makeup")
    else:
        answer.makeup_days = []
    answer.beyond = sorted({d.year for d in span + [results[1]] if not cal.covers(d)})
    reasons += [f"beyond:{year}" for year in answer.beyond]
    return answer


# ---------------------------------------------------------------- what the page shows

def fmt(day: date, lang: str, year: bool = True) -> str:
    """'2026 年 10 月 8 日（周四）' / 'Thursday 8 October 2026' (the calculator writes dates the same way)."""
    if lang == "zh":
        text = f"{day.year} 年 {day.month} 月 {day.day} 日" if year else f"{day.month} 月 {day.day} 日"
        return f"{text}（周{WEEKDAYS['zh'][day.weekday()]}）"
    text = f"{WEEKDAYS['en'][day.weekday()]} {day.day} {MONTHS[day.month - 1]}"
    return f"{text} {day.year}" if year else text


def build_date(environ: dict) -> date:
    """The build's date: SOURCE_DATE_EPOCH (reproducible builds) when set, else today (UTC+8, Beijing)."""
    beijing = timezone(timedelta(hours=8))
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), beijing).date()
    return datetime.now(beijing).date()


def page_range(cal: Calendar, today: date) -> tuple[date, date]:
    """The dates the calculator accepts: from 1 January of last year to the end of the year after the
    data (or after this year, when the data has already ended)."""
    last = max(cal.end.year if cal.end else today.year, today.year) + 1
    return date(today.year - 1, 1, 1), date(last, 12, 31)


def page_data(cal: Calendar, today: date, lang: str) -> dict:
    """What the calculator needs, for the page's language: the years in range that the data covers,
    their days off and make-up working days (ISO date -> holiday key), and the holiday names."""
    first, last = page_range(cal, today)
    years = [y for y in sorted(cal.years) if first.year <= y <= last.year]
    off = {d.isoformat(): key(h) for d, h in sorted(cal.off.items()) if d.year in years}
    makeup = {d.isoformat(): key(h) for d, h in sorted(cal.makeup.items()) if d.year in years}
    used = set(off.values()) | set(makeup.values())
    names = {key(h): name(h, lang) for h in NAMES if key(h) in used}
    return {"first": first.isoformat(), "last": last.isoformat(), "years": years,
            "off": off, "makeup": makeup, "names": names}


TABLE = {
    "zh": {"caption": "{year} 年放假和调休安排", "holiday": "节日", "off": "放假", "makeup": "调休上班", "none": "无",
           "to": "至", "days": "，共 {n} 天", "sep": "、",
           "missing": "{year} 年的放假安排还不在本站的数据里：计算器暂时把 {year} 年的每个周一至周五都当作工作日。",
           "source": "数据来源：国务院办公厅每年发布的节假日安排通知，本站构建时读取（{sources}）；数据截至 {end}。"},
    "en": {"caption": "Public holidays and make-up working days in {year}", "holiday": "Holiday", "off": "Days off",
           "makeup": "Make-up working days", "none": "none", "to": "to", "days": " ({n} days)", "sep": ", ",
           "missing": "The public holidays for {year} are not in this site's data yet: until they are, the calculator counts every Monday to Friday of {year} as a working day.",
           "source": "Source: the State Council's yearly notice of public holidays, read when this site was built ({sources}); the data ends on {end}."},
}


def holiday_tables(cal: Calendar, today: date, lang: str) -> str:
    """This year's (and next year's, once it is in the data) holidays as HTML tables; a year not in the
    data gets a sentence saying so."""
    t = TABLE[lang]
    out = []
    for year in (today.year, today.year + 1):
        if year not in cal.years:
            out.append(f'<p class="kb-due__missing">{html.escape(t["missing"].format(year=year))}</p>')
            continue
        periods: dict = {}
        for d, h in sorted(cal.off.items()):
            if d.year == year:
                periods.setdefault(h, []).append(d)
        rows = []
        for h, days in sorted(periods.items(), key=lambda item: item[1][0]):
            for run in _runs(days):
                work = [d for d, w in sorted(cal.makeup.items()) if w == h and abs((d - run[0]).days) <= 30]
                gap = "" if lang == "zh" else " "
                span = f"{fmt(run[0], lang, False)}{gap}{t['to']} {fmt(run[-1], lang, False)}" if len(run) > 1 else fmt(run[0], lang, False)
                span += t["days"].format(n=len(run))
                shown = t["sep"].join(fmt(d, lang, False) for d in work) or t["none"]
                rows.append(f"<tr><td>{html.escape(name(h, lang))}</td><td>{html.escape(span)}</td><td>{html.escape(shown)}</td></tr>")
        out.append(f'<table class="kb-due__holidays"><caption>{html.escape(t["caption"].format(year=year))}</caption>'
                   f'<thead><tr><th scope="col">{t["holiday"]}</th><th scope="col">{t["off"]}</th><th scope="col">{t["makeup"]}</th></tr></thead>'
                   f'<tbody>{"".join(rows)}</tbody></table>')
    sources = sorted(set(cal.years[y] for y in cal.years if y >= today.year - 1)) or sorted(set(cal.years.values()))
    end = fmt(cal.end, lang) if cal.end else "—"
    out.append(f'<p class="kb-due__source">{html.escape(t["source"].format(sources=t["sep"].join(sources), end=end))}</p>')
    return "\n".join(out)


def _runs(days: list) -> list:
    runs, run = [], []
    for d in days:
        if run and (d - run[-1]).days != 1:
            runs.append(run)
            run = []
        run.append(d)
    return runs + [run] if run else runs


FORM = {
    "zh": {"legend": "结算周期（看合同）", "day": "交易日期", "time": "交易时间", "time_hint": "签购单上的时间，24 小时制，如 21:30",
           "cutoff": "收单机构的日切时间", "cutoff_hint": "通常在深夜，默认 23:00；以您的收单机构为准",
           "submit": "算一算", "label": "到账日计算器",
           "intro": "填上交易的日期和时间、结算周期和日切时间，计算器按上面的规则算出应到账日，以及从哪天起可以联系收单机构；调休上班日会影响结果时，两种情况分别列出。计算在您的手机或电脑上完成，填的内容不会发送到任何地方。"},
    "en": {"legend": "Settlement cycle (see your contract)", "day": "Date of the sale", "time": "Time of the sale",
           "time_hint": "The time on the sales slip, 24-hour clock, e.g. 21:30",
           "cutoff": "Your acquirer's daily cut-off", "cutoff_hint": "Usually late in the evening; 23:00 unless your acquirer says otherwise",
           "submit": "Work it out", "label": "Due date calculator",
           "intro": "Enter the date and time of the sale, your settlement cycle and the cut-off: the calculator applies the rules above and tells you the due date and from which day to contact your acquirer, with both answers where a make-up working day changes it. It runs on your own phone or computer: nothing you enter is sent anywhere."},
}
CYCLE_HINTS = {
    "zh": {"T+1": "下一个工作日", "T+0": "工作日当天", "D+1": "下一个自然日", "D+0": "当天（秒到）"},
    "en": {"T+1": "next working day", "T+0": "same working day", "D+1": "next calendar day", "D+0": "same day (instant)"},
}


def form_html(cal: Calendar, today: date, lang: str) -> str:
    """The calculator's form, hidden until assets/tools/due-date.js shows it (without JavaScript the
    page's rules and holiday table stand alone). One line per element: it sits in Markdown."""
    f = FORM[lang]
    first, last = page_range(cal, today)
    data = json.dumps(page_data(cal, today, lang), ensure_ascii=False, separators=(",", ":"))
    data = data.replace("&", "&amp;").replace("<", "&lt;").replace("'", "&#39;")     # in a '...' attribute
    radios = "".join(
        f'<label class="kb-due__choice"><input type="radio" name="cycle" value="{c}"{" checked" if c == "T+1" else ""}> '
        f'<span><strong>{c}</strong> {CYCLE_HINTS[lang][c]}</span></label>' for c in CYCLES)

    def field_(name_, label, kind, extra="", hint=""):
        hint_html = f'<span class="kb-due__hint" id="due-{name_}-hint">{hint}</span>' if hint else ""
        described = f"due-{name_}-hint due-{name_}-error" if hint else f"due-{name_}-error"
        return (f'<div class="kb-due__field"><label for="due-{name_}">{label}</label>{hint_html}'
                f'<input id="due-{name_}" name="{name_}" type="{kind}" aria-describedby="{described}"{extra}>'
                f'<p class="kb-due__error" id="due-{name_}-error" hidden></p></div>')

    return (f'<form class="kb-due" id="due-date-form" aria-label="{f["label"]}" data-lang="{lang}" data-calendar=\'{data}\' hidden novalidate>'
            + f'<p class="kb-due__intro">{f["intro"]}</p>'
            + field_("day", f["day"], "date", f' min="{first.isoformat()}" max="{last.isoformat()}"')
            + field_("time", f["time"], "time", "", f["time_hint"])
            + f'<fieldset class="kb-due__cycles"><legend>{f["legend"]}</legend>{radios}</fieldset>'
            + field_("cutoff", f["cutoff"], "time", ' value="23:00"', f["cutoff_hint"])
            + f'<p><button type="submit" class="md-button md-button--primary kb-due__submit">{f["submit"]}</button></p>'
            + '<div class="kb-due__result" role="status" aria-live="polite"></div></form>')
