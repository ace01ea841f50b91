/* Due-date calculator (到账日计算) on reference/settlement-cycles. Hand-written: no package computes
   settlement due dates. The same rules in Python are in hooks/kb/holidays.py; tests/test_due_date.py
   checks that both give the same answer. Public holidays and make-up working days come from the
   page itself (the form's data-calendar, baked in at build time from chinese-calendar): nothing is
   fetched and nothing the user types leaves the page. User input is only ever set as text. */
(function () {
  "use strict";
  var DAY = 86400000;
  var TEXT = {
    zh: {
      weekdays: "日一二三四五六",
      noDay: "请填写交易日期。",
      badDay: "这不是一个有效的日期，请按年、月、日填写。",
      range: "请填写 {first}至 {last}之间的日期：本站的节假日数据只覆盖这段时间。",
      noTime: "请填写交易时间（签购单上有），如 21:30。",
      badTime: "这不是一个有效的时间，请按 24 小时制填写，如 21:30。",
      noCutoff: "请填写日切时间；不清楚就用 23:00。",
      fix: "请先改正上面标出的输入。",
      summary: "交易：{day}{time}，{cycle}，日切 {cutoff}",
      due: "应到账日：{due}",
      contact: "到这一天结束仍没到账，从 {contact}起联系收单机构。",
      splitHead: "应到账日要看收单机构在调休上班日是否结算：",
      splitYes: "结算的：{due}；仍没到账，从 {contact}起联系收单机构。",
      splitNo: "不结算的：{due}；仍没到账，从 {contact}起联系收单机构。",
      splitAsk: "不清楚的，请查合同或问收单机构。",
      why: "为什么是这一天：",
      "T+1": "T+1 在交易日之后的第一个工作日到账。",
      "T+0": "T+0 在交易日当天到账；交易日不是工作日的，等到下一个工作日。",
      "D+1": "D+1 在交易日的下一个自然日到账，周末和节假日照常。",
      "D+0": "D+0 在交易日当天到账，周末和节假日照常。",
      cutoff: "交易时间 {time} 在日切时间 {cutoff} 或之后，算作 {trade}的交易。",
      weekend: "周六、周日不是工作日，不结算。",
      holiday: "{first}至 {last}是{name}假期，不结算。",
      makeup: "{days}是调休上班日；这一天是否结算，各收单机构不同。",
      beyond: "{year} 年的放假安排还不在本站的数据里，暂按普通的周一至周五工作日计算；这段时间如有法定节假日，实际到账会更晚。",
      caveat: "以上按合同的通常写法推算；您的合同另有约定的，以合同为准。",
      sep: "、"
    },
    en: {
      weekdays: ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
      months: ["January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December"],
      noDay: "Enter the date of the sale.",
      badDay: "That is not a date: enter the day, month and year.",
      range: "Enter a date between {first} and {last}: this site's holiday data covers only that period.",
      noTime: "Enter the time of the sale (it is on the sales slip), e.g. 21:30.",
      badTime: "That is not a time: use the 24-hour clock, e.g. 21:30.",
      noCutoff: "Enter the cut-off time; if you don't know it, use 23:00.",
      fix: "Please correct the fields marked above first.",
      summary: "Sale: {day}, {time}, {cycle}, cut-off {cutoff}",
      due: "Due: {due}",
      contact: "If nothing has arrived by the end of that day, contact your acquirer from {contact}.",
      splitHead: "The due date depends on whether your acquirer settles on make-up working days:",
      splitYes: "If it does: {due}; if nothing has arrived, contact your acquirer from {contact}.",
      splitNo: "If it does not: {due}; if nothing has arrived, contact your acquirer from {contact}.",
      splitAsk: "If you are not sure, check your contract or ask your acquirer.",
      why: "Why this day:",
      "T+1": "T+1 pays on the first working day after the trade day.",
      "T+0": "T+0 pays on the trade day; if that is not a working day, on the next working day.",
      "D+1": "D+1 pays on the next calendar day, weekends and public holidays included.",
      "D+0": "D+0 pays on the same calendar day, weekends and public holidays included.",
      cutoff: "The sale at {time} was at or after the {cutoff} cut-off, so it counts as a sale on {trade}.",
      weekend: "Saturday and Sunday are not working days: no settlement.",
      holiday: "{first} to {last} is the {name} public holiday: no settlement.",
      makeup: "{days} is a make-up working day (调休); whether acquirers settle on it varies.",
      beyond: "The public holidays for {year} are not in this site's data yet, so every Monday to Friday counts as a working day; if a public holiday falls in this period, the money will arrive later.",
      caveat: "This follows the usual contract terms; where your contract says otherwise, your contract decides.",
      sep: ", "
    }
  };

  // ---- dates as UTC midnights (no time zone can shift a day)
  function parseDay(value) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(value || "").trim());
    if (!m) return null;
    var y = +m[1], mo = +m[2], d = +m[3], t = Date.UTC(y, mo - 1, d);
    var back = new Date(t);
    return back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d ? t : null;
  }
  function parseTime(value) {      // minutes after midnight, or null
    var m = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/.exec(String(value || "").trim());
    if (!m || +m[1] > 23 || +m[2] > 59 || (m[3] && +m[3] > 59)) return null;
    return +m[1] * 60 + +m[2];
  }
  function iso(t) { return new Date(t).toISOString().slice(0, 10); }
  function hhmm(minutes) { return ("0" + Math.floor(minutes / 60)).slice(-2) + ":" + ("0" + minutes % 60).slice(-2); }

  function working(cal, t, makeupOk) {
    var d = iso(t);
    if (cal.off[d]) return false;
    if (cal.makeup[d]) return makeupOk;
    var w = new Date(t).getUTCDay();
    return w !== 0 && w !== 6;
  }
  function covers(cal, t) { return cal.years.indexOf(new Date(t).getUTCFullYear()) >= 0; }

  // The due date: the same rules and reason codes as kb.holidays.due (Python).
  function due(cal, day, minutes, cycle, cutoff) {
    var trade = cutoff !== 0 && minutes >= cutoff ? day + DAY : day;
    var reasons = trade !== day ? ["cutoff"] : [];
    var answer = {trade: trade, reasons: reasons, holidays: [], makeupDays: [], beyond: []};
    var plus = +cycle.charAt(2);
    if (cycle.charAt(0) === "D") {
      answer.due = answer.dueStrict = trade + plus * DAY;
      return answer;
    }
    var results = [true, false].map(function (ok) {
      var t = trade + plus * DAY;
      while (!working(cal, t, ok)) t += DAY;
      return t;
    });
    answer.due = results[0];
    answer.dueStrict = results[1];
    var seen = {}, makeups = [], years = {}, t, d, key;
    for (t = trade; t < results[1]; t += DAY) {
      if (working(cal, t, false)) continue;
      d = iso(t);
      if (cal.off[d]) {
        key = cal.off[d];
        if (!seen[key]) { seen[key] = true; answer.holidays.push({key: key, first: t, last: t}); }
      } else if (cal.makeup[d]) {
        makeups.push(t);
      } else if (reasons.indexOf("weekend") < 0) {
        reasons.push("weekend");
      }
    }
    answer.holidays.forEach(function (h) {      // the whole holiday period, not just the part in the way
      while (cal.off[iso(h.first - DAY)] === h.key) h.first -= DAY;
      while (cal.off[iso(h.last + DAY)] === h.key) h.last += DAY;
      reasons.push("holiday:" + h.key);
    });
    if (results[0] !== results[1]) {
      answer.makeupDays = makeups.length ? makeups : [results[0]];
      reasons.push("makeup");
    }
    for (t = trade; t <= results[1]; t += DAY) {
      if (!covers(cal, t)) years[new Date(t).getUTCFullYear()] = true;
    }
    answer.beyond = Object.keys(years).map(Number).sort();
    answer.beyond.forEach(function (y) { reasons.push("beyond:" + y); });
    return answer;
  }

  // ---- words
  function fmt(lang, t, withYear) {
    var d = new Date(t), text;
    if (lang === "zh") {
      text = (withYear ? d.getUTCFullYear() + " 年 " : "") + (d.getUTCMonth() + 1) + " 月 " + d.getUTCDate() + " 日";
      return text + "（周" + TEXT.zh.weekdays.charAt(d.getUTCDay()) + "）";
    }
    text = TEXT.en.weekdays[d.getUTCDay()] + " " + d.getUTCDate() + " " + TEXT.en.months[d.getUTCMonth()];
    return withYear ? text + " " + d.getUTCFullYear() : text;
  }
  function plain(lang, t) {         // a date without its weekday, for the range message
    var d = new Date(t);
    return lang === "zh" ? d.getUTCFullYear() + " 年 " + (d.getUTCMonth() + 1) + " 月 " + d.getUTCDate() + " 日"
      : d.getUTCDate() + " " + TEXT.en.months[d.getUTCMonth()] + " " + d.getUTCFullYear();
  }
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) { return name in values ? values[name] : all; });
  }
  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function setup(form) {
    if (!form || form.getAttribute("data-ready")) return;
    var cal, lang = form.getAttribute("data-lang") === "en" ? "en" : "zh", T = TEXT[lang];
    try {
      cal = JSON.parse(form.getAttribute("data-calendar"));
    } catch (e) {
      return;                      // no data: leave the form hidden; the rules and the table stay
    }
    form.setAttribute("data-ready", "1");
    var first = parseDay(cal.first), last = parseDay(cal.last);
    var fields = {
      day: form.querySelector("#due-day"), time: form.querySelector("#due-time"), cutoff: form.querySelector("#due-cutoff")
    };
    var result = form.querySelector(".kb-due__result");

    function error(name, message) {
      var input = fields[name], box = form.querySelector("#due-" + name + "-error");
      box.textContent = message;
      box.hidden = !message;
      if (message) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
    }
    function bad(input) { return !!(input.validity && input.validity.badInput); }
    function readDay() {         // the sale's day as a UTC midnight, or null (with its message shown)
      var value = fields.day.value, t = parseDay(value), message = "";
      if (!value) message = bad(fields.day) ? T.badDay : T.noDay;
      else if (t === null) message = T.badDay;
      else if (t < first || t > last) message = fill(T.range, {first: plain(lang, first), last: plain(lang, last)});
      error("day", message);
      return message ? null : t;
    }
    function readTime(name, missing) {   // minutes after midnight, or null (with its message shown)
      var value = fields[name].value, m = parseTime(value), message = "";
      if (!value) message = bad(fields[name]) ? T.badTime : missing;
      else if (m === null) message = T.badTime;
      error(name, message);
      return message ? null : m;
    }
    function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

    function show(answer, day, minutes, cycle, cutoff) {
      clear(result);
      result.setAttribute("data-due", iso(answer.due));
      result.setAttribute("data-due-strict", iso(answer.dueStrict));
      result.setAttribute("data-reasons", answer.reasons.join(" "));
      result.appendChild(el("p", fill(T.summary, {day: fmt(lang, day, true), time: hhmm(minutes), cycle: cycle, cutoff: hhmm(cutoff)}), "kb-due__summary"));
      if (answer.due === answer.dueStrict) {
        var p = el("p", "", "kb-due__answer");
        p.appendChild(el("strong", fill(T.due, {due: fmt(lang, answer.due, true)})));
        result.appendChild(p);
        result.appendChild(el("p", fill(T.contact, {contact: fmt(lang, answer.due + DAY, true)}), "kb-due__contact"));
      } else {
        var head = el("p", "", "kb-due__answer");
        head.appendChild(el("strong", T.splitHead));
        result.appendChild(head);
        var both = el("ul", "", "kb-due__split");
        both.appendChild(el("li", fill(T.splitYes, {due: fmt(lang, answer.due, true), contact: fmt(lang, answer.due + DAY, true)})));
        both.appendChild(el("li", fill(T.splitNo, {due: fmt(lang, answer.dueStrict, true), contact: fmt(lang, answer.dueStrict + DAY, true)})));
        result.appendChild(both);
        result.appendChild(el("p", T.splitAsk));
      }
      result.appendChild(el("p", T.why, "kb-due__why-head"));
      var why = el("ul", "", "kb-due__why");
      why.appendChild(el("li", T[cycle]));
      answer.reasons.forEach(function (code) {
        var kind = code.split(":")[0], text;
        if (kind === "cutoff") text = fill(T.cutoff, {time: hhmm(minutes), cutoff: hhmm(cutoff), trade: fmt(lang, answer.trade, false)});
        else if (kind === "weekend") text = T.weekend;
        else if (kind === "holiday") {
          var h = answer.holidays.filter(function (x) { return "holiday:" + x.key === code; })[0];
          text = fill(T.holiday, {first: fmt(lang, h.first, false), last: fmt(lang, h.last, false), name: cal.names[h.key] || h.key});
        } else if (kind === "makeup") {
          text = fill(T.makeup, {days: answer.makeupDays.map(function (t) { return fmt(lang, t, false); }).join(T.sep)});
        } else if (kind === "beyond") text = fill(T.beyond, {year: code.split(":")[1]});
        if (text) why.appendChild(el("li", text));
      });
      result.appendChild(why);
      result.appendChild(el("p", T.caveat, "kb-due__caveat"));
    }

    function run(event) {
      if (event) event.preventDefault();
      var day = readDay(), minutes = readTime("time", T.noTime), cutoff = readTime("cutoff", T.noCutoff);
      var checked = form.querySelector("input[name=cycle]:checked"), cycle = checked ? checked.value : "T+1";
      if (day === null || minutes === null || cutoff === null) {
        clear(result);
        result.removeAttribute("data-due");
        result.appendChild(el("p", T.fix, "kb-due__fix"));
        var firstBad = form.querySelector("[aria-invalid=true]");
        if (firstBad) firstBad.focus();
        return;
      }
      try {
        show(due(cal, day, minutes, cycle, cutoff), day, minutes, cycle, cutoff);
      } catch (e) {                // never leave the reader with a half-written answer
        clear(result);
        result.appendChild(el("p", T.fix, "kb-due__fix"));
      }
    }
    form.addEventListener("submit", run);
    ["day", "time", "cutoff"].forEach(function (name) {
      fields[name].addEventListener("change", function () {
        if (fields[name].getAttribute("aria-invalid")) { if (name === "day") readDay(); else readTime(name, name === "time" ? T.noTime : T.noCutoff); }
      });
    });
    form.hidden = false;
  }

  window.kbDueDate = {setup: setup, due: due, parseDay: parseDay, parseTime: parseTime};
})();
