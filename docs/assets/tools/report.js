/* Report builder (actions/contact, #report-builder): fields for what the acquirer asks, each checked as the
   merchant types; refuses a full card number; builds the message to copy (page language, the other on
   request) and an A4 sheet to print. Hand-written: nothing existing does this offline in both languages.
   Loaded by start.js (inlined by hooks/tools.py into the pages holding a [data-kb-tool=report-builder]
   block) when the block comes near, or at once when the page is opened with ?symptom=. Nothing typed leaves the device; only the merchant and terminal numbers are stored, and only
   when the merchant asks. User input is only ever inserted as text. */
(function () {
  "use strict";

  var STORE_KEY = "kb-report-ids";
  var MAX_PARAM = 2000;

  /* Field kinds: text (free), ids (letters and digits; ISO 8583 fields 41, 42, 37, 38), digits (field 11,
     batch), last4, money, date, time. Lengths are warnings: acquirers differ. */
  var FIELDS = [
    { key: "symptom", kind: "text", wide: true },
    { key: "merchant", kind: "text" },
    { key: "mid", kind: "ids", length: 15, auto: "off" },
    { key: "tid", kind: "ids", length: 8, auto: "off" },
    { key: "date", kind: "date" },
    { key: "time", kind: "time" },
    { key: "amount", kind: "money" },
    { key: "ref", kind: "ids", length: 12 },
    { key: "voucher", kind: "digits", length: 6 },
    { key: "batch", kind: "digits", length: 6 },
    { key: "auth", kind: "ids", length: 6 },
    { key: "card4", kind: "last4" },
    { key: "account4", kind: "last4" },
    { key: "happened", kind: "text", area: true },
    { key: "checked", kind: "text", area: true },
    { key: "path", kind: "text", area: true },
    { key: "contact", kind: "text" }
  ];
  var NEEDED = ["mid", "date", "amount"];

  var TEXT = {
    zh: {
      title: "POS 交易未到账情况说明",
      intro: "逐项填写，每一项会当场检查格式。填好后复制报告，粘贴到微信、短信或邮件里发给收单机构，或者打印出来。",
      privacy: "您填写的内容只在这台设备上处理，不会发送到任何地方，离开本页后也不会保留（除非您勾选下面的“记住”）。",
      labels: {
        symptom: "问题", merchant: "商户名称", mid: "商户编号（MID）", tid: "终端编号（TID）",
        date: "交易日期", time: "交易时间", amount: "交易金额（元）", ref: "参考号",
        voucher: "凭证号（流水号）", batch: "批次号", auth: "授权码（如有）", card4: "卡号后四位",
        account4: "结算账户后四位", happened: "看到的情况", checked: "已经检查过的",
        path: "自查向导中的回答", contact: "联系人及回电方式"
      },
      hints: {
        mid: "签购单上的“商户编号”，通常 15 位。",
        tid: "签购单上的“终端编号”，通常 8 位。",
        amount: "例如 1280.50",
        ref: "签购单上的“参考号”，通常 12 位。",
        voucher: "签购单上的“凭证号”，6 位数字。",
        batch: "签购单上的“批次号”，6 位数字。",
        auth: "签购单上的“授权码”，6 位，可能含字母。",
        card4: "只填最后 4 位。完整卡号绝不能写进消息：消息会被转发、截图、保存，卡号落到别人手里就可能被盗刷。",
        happened: "例如：终端显示交易成功，已打印签购单，按 T+1 结算应于某日到账，至今未到。",
        checked: "例如：已确认不是撤销或退货；结算卡状态正常。"
      },
      msg: {
        chars: "只能填字母和数字，不要空格或符号。",
        digits: "只能填数字。",
        length: function (want, got) {
          return "通常是 " + want + " 位，您填了 " + got + " 位。请对照签购单核对；如果您的收单机构的编号就是这个长度，可以保留。";
        },
        shortDigits: function (want, got) {
          return "应为 " + want + " 位数字，您填了 " + got + " 位。" + (got < want ? "签购单上常带前面的 0（例如 000123），请照抄。" : "请对照签购单核对。");
        },
        last4: "只填卡号最后 4 位数字。",
        card: "这像是完整的卡号。报告里只能写卡号后四位：完整卡号写进消息，就可能被别人看到并盗刷。请删掉它。",
        money: "请填金额数字，例如 1280.50（最多两位小数）。",
        moneyZero: "金额应大于 0。",
        future: "这个日期还没到，请核对。",
        needed: "收单机构要靠这一项找到这笔交易，请填写。"
      },
      remember: "在这台设备上记住我的商户编号和终端编号",
      forget: "忘记已保存的编号",
      forgotten: "已从这台设备上删除保存的商户编号和终端编号。",
      remembered: "商户编号和终端编号已保存在这台设备上，下次打开本页会自动填入。",
      also: "附英文（also in English）",
      outLabel: "报告内容",
      copy: "复制报告",
      print: "打印 A4 表格",
      copied: "已复制。粘贴到微信、短信或邮件里发给收单机构。",
      copyFailed: "无法自动复制：报告文字已选中，请长按或按 Ctrl+C 复制。",
      refused: "报告里有完整的卡号，所以没有生成报告。请删掉它，只填卡号后四位。",
      empty: "还没有填写任何内容，填写后这里会显示报告。",
      nothing: "还没有可复制的内容：请先填写下面的项目。",
      sheetNote: "不要写完整卡号，只写后四位。",
      sheetMade: "填写日期",
      dateTime: "交易日期和时间",
      other: "en"
    },
    en: {
      title: "Report: card payment not credited",
      intro: "Fill in what you can; each field is checked as you type. Then copy the report into WeChat, a text message or an email to your acquirer, or print it.",
      privacy: "What you type stays on this device: it is not sent anywhere and is gone when you leave this page (unless you tick \u201cremember\u201d below).",
      labels: {
        symptom: "The problem", merchant: "Merchant name", mid: "Merchant ID (MID, 商户编号)",
        tid: "Terminal ID (TID, 终端编号)", date: "Date of the payment", time: "Time of the payment",
        amount: "Amount (yuan)", ref: "Reference number (参考号)", voucher: "Voucher / trace number (凭证号)",
        batch: "Batch number (批次号)", auth: "Authorisation code (授权码), if any",
        card4: "Last four digits of the card", account4: "Settlement account, last four digits",
        happened: "What happened", checked: "What I have already checked",
        path: "My answers in the guided check", contact: "Contact person and how to reach me"
      },
      hints: {
        mid: "\u201cMerchant ID\u201d on the sales slip, usually 15 characters.",
        tid: "\u201cTerminal ID\u201d on the sales slip, usually 8 characters.",
        amount: "For example 1280.50",
        ref: "\u201cReference number\u201d on the sales slip, usually 12 characters.",
        voucher: "\u201cVoucher number\u201d on the sales slip, 6 digits.",
        batch: "\u201cBatch number\u201d on the sales slip, 6 digits.",
        auth: "\u201cAuthorisation code\u201d on the sales slip, 6 characters, may include letters.",
        card4: "Only the last 4 digits. Never write a full card number into a message: messages get forwarded, screenshotted and stored, and a card number in the wrong hands can be used for fraud.",
        happened: "For example: the terminal showed \u201capproved\u201d and printed a slip; under T+1 the money was due on 2 December and has not arrived.",
        checked: "For example: not voided or refunded; the settlement account is active."
      },
      msg: {
        chars: "Letters and digits only, no spaces or symbols.",
        digits: "Digits only.",
        length: function (want, got) {
          return "This is usually " + want + " characters; you typed " + got + ". Check it against the slip; if your acquirer's number really has this length, keep it.";
        },
        shortDigits: function (want, got) {
          return "This should be " + want + " digits; you typed " + got + ". " + (got < want ? "Slips often show leading zeros (for example 000123): copy them too." : "Check it against the slip.");
        },
        last4: "Only the last 4 digits of the card.",
        card: "This looks like a full card number. A report may only hold the last four digits: a full card number in a message can be seen and misused by others. Please delete it.",
        money: "Enter the amount as a number, for example 1280.50 (at most two decimals).",
        moneyZero: "The amount should be more than 0.",
        future: "This date has not come yet: please check it.",
        needed: "Your acquirer needs this to find the payment: please fill it in."
      },
      remember: "Remember my merchant and terminal numbers on this device",
      forget: "Forget the saved numbers",
      forgotten: "The saved merchant and terminal numbers have been deleted from this device.",
      remembered: "Your merchant and terminal numbers are saved on this device and will be filled in next time.",
      also: "Also in Chinese (附中文)",
      outLabel: "The report",
      copy: "Copy the report",
      print: "Print an A4 sheet",
      copied: "Copied. Paste it into WeChat, a text message or an email to your acquirer.",
      copyFailed: "Could not copy automatically: the report text is selected, press and hold (or Ctrl+C) to copy it.",
      refused: "The report holds a full card number, so no report was made. Delete it and give only the last four digits.",
      empty: "Nothing filled in yet: the report appears here as you fill in the fields.",
      nothing: "Nothing to copy yet: fill in the fields first.",
      sheetNote: "Never write the full card number: the last four digits only.",
      sheetMade: "Filled in on",
      dateTime: "Date and time of the payment",
      other: "zh"
    }
  };

  function language() {
    return /^en/i.test(document.documentElement.getAttribute("lang") || "") ? "en" : "zh";
  }

  /* Full-width digits and letters (typed on Chinese keyboards) as ASCII; trimmed. */
  function ascii(value) {
    return String(value || "").replace(/[\uff01-\uff5e]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
    }).replace(/\u3000/g, " ").trim();
  }

  function luhn(digits) {
    var sum = 0;
    for (var i = 0; i < digits.length; i++) {
      var d = digits.charCodeAt(digits.length - 1 - i) - 48;
      if (i % 2 === 1) { d *= 2; if (d > 9) d -= 9; }
      sum += d;
    }
    return sum % 10 === 0;
  }

  /* Full card numbers in a text: 13-19 digits passing the Luhn check, written in one piece or in groups
     split by spaces or dashes. Every run of adjacent groups is tried, so a number next to a date or
     another number is still found. Returns the numbers found (digits only). */
  function cardNumbers(text) {
    var found = [];
    var runs = ascii(text).match(/\d+(?:[ \-\u2010-\u2015]+\d+)*/g) || [];
    runs.forEach(function (run) {
      var groups = run.split(/[ \-\u2010-\u2015]+/);
      for (var start = 0; start < groups.length; start++) {
        var digits = "";
        for (var end = start; end < groups.length; end++) {
          digits += groups[end];
          if (digits.length > 19) break;
          if (digits.length >= 13 && luhn(digits) && found.indexOf(digits) < 0) found.push(digits);
        }
      }
    });
    return found;
  }

  /* The message for one field's current value: {level: "error"|"warn", text} or null. `touched` is
     false while the merchant is still typing for the first time: lengths wait until the field is left. */
  function check(field, raw, touched, t, ids) {
    var value = ascii(raw);
    if (!value) return null;
    var cards = cardNumbers(value).filter(function (n) {
      /* the merchant number is 15 characters by design: one is not taken for a card, in its field or
         repeated in the free text */
      return !(field.key === "mid" && n.length === 15) && n !== ids.mid;
    });
    if (cards.length) return { level: "error", text: t.msg.card, card: true };
    var compact = value.replace(/[\s\-]/g, "");
    switch (field.kind) {
      case "ids":
        if (!/^[A-Za-z0-9]*$/.test(compact)) return { level: "error", text: t.msg.chars };
        if (touched && compact.length !== field.length) return { level: "warn", text: t.msg.length(field.length, compact.length) };
        return null;
      case "digits":
        if (!/^\d*$/.test(compact)) return { level: "error", text: t.msg.digits };
        if (touched && compact.length !== field.length) return { level: "warn", text: t.msg.shortDigits(field.length, compact.length) };
        return null;
      case "last4":
        if (!/^\d*$/.test(compact) || compact.length > 4 || (touched && compact.length !== 4)) return { level: "error", text: t.msg.last4 };
        return null;
      case "money":
        var plain = value.replace(/[,\s\u00a5\uffe5]|元$/g, "");
        if (!/^\d+(\.\d{1,2})?$/.test(plain)) return { level: "error", text: t.msg.money };
        if (!/[1-9]/.test(plain)) return { level: "error", text: t.msg.moneyZero };
        return null;
      case "date":
        var today = new Date();
        var iso = today.getFullYear() + "-" + pad(today.getMonth() + 1) + "-" + pad(today.getDate());
        if (/^\d{4}-\d{2}-\d{2}$/.test(value) && value > iso) return { level: "warn", text: t.msg.future };
        return null;
      default:
        return null;
    }
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function make(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text != null) el.textContent = text;
    return el;
  }

  function storage() {
    try { return window.localStorage; } catch (e) { return null; }
  }

  function readStored() {
    var store = storage();
    if (!store) return null;
    try {
      var saved = JSON.parse(store.getItem(STORE_KEY) || "null");
      return saved && typeof saved === "object" ? { mid: String(saved.mid || ""), tid: String(saved.tid || "") } : null;
    } catch (e) { return null; }
  }

  function params() {
    var out = {};
    try {
      var search = new URLSearchParams(window.location.search);
      ["symptom", "path"].forEach(function (name) {
        var value = search.get(name);
        if (value) out[name] = value.slice(0, MAX_PARAM);
      });
    } catch (e) { /* an old browser: the fields stay empty */ }
    return out;
  }

  /* The report as plain text in one language: the fields filled in, in the form's order. */
  function reportText(lang, values, omit) {
    var t = TEXT[lang];
    var lines = ["\u3010" + t.title + "\u3011"];
    if (lang === "en") lines[0] = t.title.toUpperCase();
    var sep = lang === "zh" ? "\uff1a" : ": ";
    FIELDS.forEach(function (field) {
      var value = values[field.key];
      if (field.key === "time" || !value || (omit && omit[field.key])) return;
      var label = t.labels[field.key];
      if (field.key === "date" && values.time) { value += " " + values.time; label = t.dateTime; }
      lines.push(label.replace(/[（(]如有[）)]|, if any/, "") + sep + value.replace(/\s*\n\s*/g, lang === "zh" ? "；" : "; "));
    });
    if (!values.date && values.time) lines.push(t.labels.time + sep + values.time);
    return lines.join("\n");
  }

  function setup(block) {
    if (!block || block.getAttribute("data-kb-ready")) return;
    block.setAttribute("data-kb-ready", "1");
    var lang = language();
    var t = TEXT[lang];
    var uid = "kbr" + Math.random().toString(36).slice(2, 7);
    var state = { touched: {}, inputs: {}, messages: {}, problems: {} };

    var form = make("form", "kb-report");
    form.setAttribute("novalidate", "");
    form.setAttribute("aria-labelledby", uid + "-title");
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    var title = make("p", "kb-report__title", t.title);
    title.id = uid + "-title";
    form.appendChild(title);
    form.appendChild(make("p", "kb-report__intro", t.intro));
    form.appendChild(make("p", "kb-report__privacy", t.privacy));

    var grid = make("div", "kb-report__fields");
    FIELDS.forEach(function (field) {
      var wrap = make("div", "kb-field" + (field.area || field.wide ? " kb-field--wide" : ""));
      var id = uid + "-" + field.key;
      var label = make("label", "kb-field__label", t.labels[field.key]);
      label.setAttribute("for", id);
      var input;
      if (field.area) {
        input = make("textarea", "kb-field__input");
        input.rows = 3;
      } else {
        input = make("input", "kb-field__input");
        input.type = field.kind === "date" ? "date" : field.kind === "time" ? "time" : "text";
        if (field.kind === "digits" || field.kind === "last4") input.setAttribute("inputmode", "numeric");
        if (field.kind === "money") input.setAttribute("inputmode", "decimal");
        if (field.kind === "ids" || field.kind === "digits" || field.kind === "last4") {
          input.setAttribute("autocapitalize", "characters");
          input.setAttribute("spellcheck", "false");
        }
        if (field.auto) input.setAttribute("autocomplete", field.auto);
      }
      input.id = id;
      input.name = field.key;
      var described = [];
      if (t.hints[field.key]) {
        var hint = make("p", "kb-field__hint", t.hints[field.key]);
        hint.id = id + "-hint";
        described.push(hint.id);
        wrap.appendChild(label);
        wrap.appendChild(input);
        wrap.appendChild(hint);
      } else {
        wrap.appendChild(label);
        wrap.appendChild(input);
      }
      var message = make("p", "kb-field__msg");
      message.id = id + "-msg";
      message.setAttribute("aria-live", "polite");
      described.push(message.id);
      input.setAttribute("aria-describedby", described.join(" "));
      wrap.appendChild(message);
      grid.appendChild(wrap);
      state.inputs[field.key] = input;
      state.messages[field.key] = message;
      input.addEventListener("input", function () { update(); saveIfRemembered(field.key); });
      input.addEventListener("blur", function () { state.touched[field.key] = true; update(); });
      input.addEventListener("change", function () { state.touched[field.key] = true; update(); });
    });
    form.appendChild(grid);

    /* remember / forget: only the merchant and terminal numbers, only when ticked */
    var keep = make("div", "kb-report__keep");
    var rememberLabel = make("label", "kb-check");
    var remember = make("input");
    remember.type = "checkbox";
    remember.id = uid + "-remember";
    rememberLabel.appendChild(remember);
    rememberLabel.appendChild(document.createTextNode(" " + t.remember));
    var forget = make("button", "md-button kb-button", t.forget);
    forget.type = "button";
    keep.appendChild(rememberLabel);
    keep.appendChild(forget);
    form.appendChild(keep);

    /* the output */
    var out = make("div", "kb-report__result");
    var alsoLabel = make("label", "kb-check");
    var also = make("input");
    also.type = "checkbox";
    alsoLabel.appendChild(also);
    alsoLabel.appendChild(document.createTextNode(" " + t.also));
    out.appendChild(alsoLabel);
    var outTitle = make("p", "kb-report__out-label", t.outLabel);
    outTitle.id = uid + "-out-label";
    out.appendChild(outTitle);
    var pre = make("pre", "kb-report__out");
    pre.setAttribute("tabindex", "0");
    pre.setAttribute("role", "region");
    pre.setAttribute("aria-labelledby", outTitle.id);
    out.appendChild(pre);
    var buttons = make("div", "kb-report__buttons");
    var copy = make("button", "md-button md-button--primary kb-button", t.copy);
    copy.type = "button";
    var print = make("button", "md-button kb-button", t.print);
    print.type = "button";
    buttons.appendChild(copy);
    buttons.appendChild(print);
    out.appendChild(buttons);
    var status = make("p", "kb-report__status");
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    out.appendChild(status);
    form.appendChild(out);

    /* the A4 sheet: a direct child of <body>, so printing it can hide everything else */
    var sheet = make("div", "kb-report-sheet");
    sheet.setAttribute("aria-hidden", "true");
    document.body.appendChild(sheet);

    block.appendChild(form);
    block.classList.add("kb-tool--live");

    function values() {
      var v = {};
      FIELDS.forEach(function (field) { v[field.key] = String(state.inputs[field.key].value || "").trim(); });
      return v;
    }

    function refused() {
      return FIELDS.some(function (field) { return state.problems[field.key] && state.problems[field.key].card; });
    }

    /* A card or account number field in error is left out of the message: a mistyped card number is
       still most of one. */
    function omitted() {
      var omit = {};
      ["card4", "account4"].forEach(function (key) {
        if (state.problems[key] && state.problems[key].level === "error") omit[key] = true;
      });
      return omit;
    }

    function text() {
      var v = values();
      var message = reportText(lang, v, omitted());
      if (also.checked) message += "\n\n" + reportText(t.other, v, omitted());
      return message;
    }

    function filled() {
      var v = values();
      return FIELDS.some(function (field) { return v[field.key]; });
    }

    function showMessage(key, problem) {
      var input = state.inputs[key];
      var message = state.messages[key];
      state.problems[key] = problem;
      message.textContent = problem ? problem.text : "";
      message.className = "kb-field__msg" + (problem ? " kb-field__msg--" + problem.level : "");
      if (problem && problem.level === "error") input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
    }

    function update() {
      var v = values();
      var ids = { mid: ascii(v.mid).replace(/[\s\-]/g, "") };
      FIELDS.forEach(function (field) {
        var problem = check(field, v[field.key], !!state.touched[field.key], t, ids);
        if (!problem && state.required && NEEDED.indexOf(field.key) >= 0 && !v[field.key]) {
          problem = { level: "warn", text: t.msg.needed };
        }
        showMessage(field.key, problem);
      });
      if (refused()) {
        pre.textContent = t.refused;
        pre.classList.add("kb-report__out--refused");
      } else {
        pre.textContent = filled() ? text() : t.empty;
        pre.classList.remove("kb-report__out--refused");
      }
      renderSheet(v);
    }

    function renderSheet(v) {
      sheet.textContent = "";
      var langs = also.checked ? [lang, t.other] : [lang];
      var head = make("p", "kb-report-sheet__title", langs.map(function (l) { return TEXT[l].title; }).join(" / "));
      sheet.appendChild(head);
      var table = make("table", "kb-report-sheet__table");
      var safe = !refused();
      FIELDS.forEach(function (field) {
        var row = make("tr");
        row.appendChild(make("th", null, langs.map(function (l) { return TEXT[l].labels[field.key]; }).join(" / ")));
        var value = safe && !omitted()[field.key] ? v[field.key] : "";
        row.appendChild(make("td", field.area ? "kb-report-sheet__tall" : null, value));
        table.appendChild(row);
      });
      sheet.appendChild(table);
      sheet.appendChild(make("p", "kb-report-sheet__note", langs.map(function (l) { return TEXT[l].sheetNote; }).join(" / ")));
      var today = new Date();
      sheet.appendChild(make("p", "kb-report-sheet__note", langs.map(function (l) { return TEXT[l].sheetMade; }).join(" / ") +
        (lang === "zh" && !also.checked ? "\uff1a" : ": ") + today.getFullYear() + "-" + pad(today.getMonth() + 1) + "-" + pad(today.getDate())));
    }

    function say(message) {
      status.textContent = "";
      window.setTimeout(function () { status.textContent = message; }, 30);
    }

    function askForNeeded() {
      state.required = true;
      NEEDED.forEach(function (key) { state.touched[key] = true; });
      update();
    }

    function selectOutput() {
      var range = document.createRange();
      range.selectNodeContents(pre);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
    }

    function fallbackCopy(message) {
      var area = make("textarea");
      area.value = message;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      if (ok) say(t.copied);
      else { selectOutput(); say(t.copyFailed); }
    }

    copy.addEventListener("click", function () {
      update();
      if (refused()) { say(t.refused); return; }
      if (!filled()) { askForNeeded(); say(t.nothing); return; }
      askForNeeded();
      var message = text();
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(message).then(function () { say(t.copied); }, function () { fallbackCopy(message); });
      } else {
        fallbackCopy(message);
      }
    });

    print.addEventListener("click", function () {
      update();
      if (refused()) { say(t.refused); return; }
      document.documentElement.classList.add("kb-print-report");
      window.print();
    });
    window.addEventListener("afterprint", function () {
      document.documentElement.classList.remove("kb-print-report");
    });

    also.addEventListener("change", update);

    /* remember / forget */
    function saveIfRemembered(key) {
      if ((key === "mid" || key === "tid") && remember.checked) save();
    }
    function save() {
      var store = storage();
      if (!store) return;
      try {
        store.setItem(STORE_KEY, JSON.stringify({ mid: state.inputs.mid.value.trim(), tid: state.inputs.tid.value.trim() }));
      } catch (e) { /* storage full or disabled: nothing is kept */ }
      forget.hidden = false;
    }
    function erase(message) {
      var store = storage();
      if (store) { try { store.removeItem(STORE_KEY); } catch (e) { /* nothing to erase */ } }
      remember.checked = false;
      forget.hidden = true;
      say(message);
    }
    remember.addEventListener("change", function () {
      if (remember.checked) { save(); say(t.remembered); } else erase(t.forgotten);
    });
    forget.addEventListener("click", function () { erase(t.forgotten); remember.focus(); });

    var saved = readStored();
    if (saved) {
      state.inputs.mid.value = saved.mid;
      state.inputs.tid.value = saved.tid;
      remember.checked = true;
    }
    forget.hidden = !saved;
    var given = params();
    Object.keys(given).forEach(function (key) { state.inputs[key].value = given[key]; });
    if (saved) { state.touched.mid = !!saved.mid; state.touched.tid = !!saved.tid; }
    update();
  }

  window.kbReport = { setup: setup, cardNumbers: cardNumbers, luhn: luhn, reportText: reportText };
  if (window.kbStart) window.kbStart.ready("report-builder", setup);
})();
