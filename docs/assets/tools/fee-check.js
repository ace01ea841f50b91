/* Fee check (causes/fees and troubleshooting/less-than-sold, #fee-check): the day's sales by card type, the
   contract's rates, an optional debit cap, a D0 fee and refunds give the amount to expect; compared with
   what arrived, it names the item that most likely explains the difference. Integer cents and rates in
   millionths (ppm), so no floating-point rounding; each line's fee is rounded half up to the cent.
   Hand-written: nothing existing does this. Loaded by start.js (inlined by hooks/tools.py
   into the pages holding a [data-kb-tool=fee-check] block) when the block comes near. Nothing typed leaves the device or is stored;
   user input is only ever inserted as text. */
(function () {
  "use strict";

  var MAX_CENTS = 1000000000;      // ¥10,000,000 per line: cents x ppm stays far below 2^53
  var MAX_COUNT = 100000;
  var TYPES = ["debit", "credit", "qr"];
  var FIXED_FEE_MAX = 1000;        // a per-transaction fixed fee above ¥10 is not guessed at

  var TEXT = {
    zh: {
      title: "手续费核对",
      intro: "填入当天的交易、合同里的费率和实际到账金额，算出应到账多少、差多少，以及差额最可能的原因。只在这台设备上计算，不保存、不发送。",
      sales: "当天的交易",
      salesHint: "可以只填一个总额，也可以分几行（例如借记卡、信用卡、扫码各一行）。借记卡有封顶时，大额的借记卡交易请单独填一行：封顶按每一笔算。",
      amount: "金额（元）",
      type: "支付方式",
      count: "笔数",
      types: { debit: "借记卡", credit: "信用卡", qr: "扫码" },
      addLine: "再加一行",
      removeLine: function (n) { return "删除第 " + n + " 行"; },
      line: function (n) { return "第 " + n + " 行"; },
      rates: "合同里的费率",
      ratesHint: "看您与收单机构的合同，只填用到的支付方式。",
      rate: { debit: "借记卡费率（%）", credit: "信用卡费率（%）", qr: "扫码费率（%）" },
      rateExample: "例如 0.6 表示 0.6%",
      cap: "借记卡每笔封顶（元，可不填）",
      capHint: "合同写有“封顶”才填，很多合同没有封顶。",
      other: "其他扣款",
      d0: "D0 / 秒到的固定费用（元，可不填）",
      d0Per: "这笔固定费用怎么收",
      d0Modes: { txn: "每笔交易收一次", payout: "每次出款收一次" },
      payouts: "当天出款次数",
      refunds: "当天扣除的退货（元，可不填）",
      arrived: "实际到账（元）",
      arrivedHint: "银行账户里这一天结算的入账金额。",
      check: "核对",
      msg: {
        number: "请填数字，例如 1280.50（最多两位小数）。",
        rate: "请填百分数，例如 0.6（表示 0.6%）；“千分之六”写成 0.6。",
        rateTooHigh: "费率不能超过 100%。",
        rateHigh: "比常见的刷卡费率高，请对照合同核对。",
        rateLow: "这里填的是百分数：0.6 表示 0.6%。您填的不到 0.05%，请核对。",
        count: "请填 1 到 100000 之间的整数。",
        tooBig: "金额太大：每行不超过 1000 万元。",
        neededRate: "有这种支付方式的交易，请填合同里它的费率。",
        neededSales: "请至少填一行交易金额。",
        neededArrived: "请填实际到账的金额。",
        fix: "请先改正标出的项目。",
        bulkCap: "这一行有多笔借记卡交易：封顶按每一笔算，只有把大额的交易单独填一行，算出的手续费才准确。"
      },
      result: {
        heading: "核对结果",
        expected: "应到账",
        arrived: "实际到账",
        difference: "差额",
        salesTotal: "交易总额",
        fees: function (type) { return "手续费（" + TEXT.zh.types[type] + "）"; },
        d0: "D0 固定费用",
        refunds: "退货",
        summary: function (e, a, d) {
          return "应到账 " + e + "，实际到账 " + a + "，" + (d === null ? "两者一致。" : d);
        },
        less: function (x) { return "少了 " + x + "。"; },
        more: function (x) { return "多了 " + x + "。"; },
        likely: "最可能的原因：",
        alsoPossible: "也可能是：",
        rounding: "计算方法：每行的手续费 = 金额 × 费率，四舍五入到分；借记卡有封顶时，每笔不超过封顶。实际怎么计算、怎么取整，以您的合同为准。",
        contact: "把差额写成报告发给收单机构",
        symptom: function (x) { return "到账的钱比按合同算出的少 " + x; }
      },
      why: {
        match: function (f) { return "到账金额和按合同算出的一致。少于交易总额的部分就是手续费" + f + "。"; },
        matchRounding: "相差几分钱来自取整，取整方式以合同为准。",
        d0PerTxn: function (fee, n) { return "差额等于 D0 费用 " + fee + " × " + n + " 笔交易：这笔费用可能是按每笔交易收的，而不是按每次出款。请看合同或问收单机构。"; },
        d0PerPayout: function (fee, n) { return "差额等于按 " + n + " 次出款收 D0 费用 " + fee + "：这笔费用可能是按每次出款收的，而不是按每笔交易。请看合同。"; },
        capNotApplied: function (x) { return "差额等于封顶应该省下的 " + x + "：收单机构可能没有按封顶收费，或者您的合同其实没有封顶。请看合同或问收单机构。"; },
        capMissing: "到账比算出的多：如果合同里借记卡有每笔封顶，请填上，大额借记卡交易的手续费按封顶收。",
        refundLater: function (x) { return "差额正好是您填的退货 " + x + "：这笔退货可能还没有扣，会在以后的结算中扣除。"; },
        debitAsCredit: "差额等于借记卡交易按信用卡费率收费多出的部分：请问收单机构这些卡是怎么认定卡种的。",
        d0Multiple: function (fee, k) { return "差额等于 D0 费用 " + fee + " × " + k + "：可能多收了 " + k + " 次 D0 费用，或者有 " + k + " 笔交易按 D0 结算。请看结算明细。"; },
        perTxnFee: function (fee, n) { return "差额正好是每笔 " + fee + " × " + n + " 笔：像是按笔收的固定费用（例如 D0 秒到费）。请看合同里有没有这笔费用。"; },
        unexplained: function (x) { return "差额 " + x + " 不能用手续费解释。先看结算明细里有没有这个金额的退货或其他扣款（例如押金、服务费，合同里没写的扣款可以向收单机构投诉）；没有的话，请联系收单机构。"; },
        more: function (x) { return "到账比算出的多 " + x + "：请核对费率是否填对；也可能有前一天的款今天一起到账。"; },
        negative: "退货比当天的交易还多：退货从结算款中扣，不够扣时可能失败，或从以后的结算中扣。"
      },
      money: function (cents) { return group(cents) + " 元"; },
      and: "、",
      none: "（没有）"
    },
    en: {
      title: "Fee check",
      intro: "Enter the day's sales, your contract's rates and the amount that arrived: the check works out what should have arrived, the difference and its most likely reason. It runs on this device only: nothing is saved or sent.",
      sales: "The day's sales",
      salesHint: "One total is enough, or a few lines (for example one each for debit cards, credit cards and QR codes). If your debit rate has a cap, enter large debit card payments on a line of their own: the cap applies to each payment.",
      amount: "Amount (yuan)",
      type: "Paid by",
      count: "Number of payments",
      types: { debit: "Debit card", credit: "Credit card", qr: "QR code" },
      addLine: "Add a line",
      removeLine: function (n) { return "Remove line " + n; },
      line: function (n) { return "Line " + n; },
      rates: "Your contract's rates",
      ratesHint: "From your contract with your acquirer; only the payment types you took.",
      rate: { debit: "Debit card rate (%)", credit: "Credit card rate (%)", qr: "QR code rate (%)" },
      rateExample: "For example 0.6 for 0.6%",
      cap: "Debit card cap per payment (yuan, optional)",
      capHint: "Only if your contract names a cap (封顶); many have none.",
      other: "Other deductions",
      d0: "Fixed fee for D0 / same-day payout (yuan, optional)",
      d0Per: "How the fixed fee is charged",
      d0Modes: { txn: "Once per payment", payout: "Once per payout" },
      payouts: "Payouts that day",
      refunds: "Refunds deducted that day (yuan, optional)",
      arrived: "Amount that arrived (yuan)",
      arrivedHint: "The credit in your bank account for that day's settlement.",
      check: "Check",
      msg: {
        number: "Enter a number, for example 1280.50 (at most two decimals).",
        rate: "Enter a percentage, for example 0.6 (for 0.6%).",
        rateTooHigh: "A rate cannot be above 100%.",
        rateHigh: "Higher than usual card rates: check it against your contract.",
        rateLow: "This is a percentage: 0.6 means 0.6%. Yours is below 0.05%: please check it.",
        count: "Enter a whole number from 1 to 100000.",
        tooBig: "Too large: at most ¥10 million per line.",
        neededRate: "You took payments of this type: enter its rate from your contract.",
        neededSales: "Enter at least one sales amount.",
        neededArrived: "Enter the amount that arrived.",
        fix: "Please correct the marked fields first.",
        bulkCap: "This line holds several debit card payments: the cap applies to each one, so the fee is exact only if you enter large payments on a line of their own."
      },
      result: {
        heading: "Result",
        expected: "Should have arrived",
        arrived: "Arrived",
        difference: "Difference",
        salesTotal: "Sales",
        fees: function (type) { return "Fees (" + TEXT.en.types[type].toLowerCase() + ")"; },
        d0: "D0 fixed fees",
        refunds: "Refunds",
        summary: function (e, a, d) {
          return e + " should have arrived and " + a + " did: " + (d === null ? "they match." : d);
        },
        less: function (x) { return x + " less."; },
        more: function (x) { return x + " more."; },
        likely: "Most likely: ",
        alsoPossible: "Also possible:",
        rounding: "How it is worked out: each line's fee is the amount times the rate, rounded half up to the fen (cent); with a debit cap, no single payment pays more than the cap. Your contract decides how fees are really worked out and rounded.",
        contact: "Write up the difference for your acquirer",
        symptom: function (x) { return x + " less arrived than my contract's fees explain"; }
      },
      why: {
        match: function (f) { return "What arrived matches your contract: the gap from your sales is the fees" + f + "."; },
        matchRounding: "A few fen either way come from rounding; your contract decides how it rounds.",
        d0PerTxn: function (fee, n) { return "The difference equals the D0 fee of " + fee + " \u00d7 " + n + " payments: the fee may be charged per payment, not per payout. Check your contract or ask your acquirer."; },
        d0PerPayout: function (fee, n) { return "The difference matches the D0 fee of " + fee + " charged for " + n + " payouts: it may be charged per payout, not per payment. Check your contract."; },
        capNotApplied: function (x) { return "The difference equals the " + x + " your cap should have saved: the acquirer may not have applied the cap, or your contract has none. Check your contract or ask your acquirer."; },
        capMissing: "More arrived than worked out: if your contract caps the fee per debit card payment, enter the cap; large debit card payments then pay only the cap.",
        refundLater: function (x) { return "The difference is exactly the refunds you entered (" + x + "): they may not have been deducted yet and may come off a later payout."; },
        debitAsCredit: "The difference equals debit card payments charged at the credit card rate: ask your acquirer how those cards were classed.",
        d0Multiple: function (fee, k) { return "The difference equals the D0 fee of " + fee + " \u00d7 " + k + ": it may have been charged " + k + " more times, or " + k + " payments were paid out same-day. Check the settlement statement."; },
        perTxnFee: function (fee, n) { return "The difference is exactly " + fee + " \u00d7 " + n + " payments: it looks like a fixed fee per payment (such as a same-day payout fee). Check whether your contract names one."; },
        unexplained: function (x) { return "The difference of " + x + " is not explained by fees. Look in the settlement statement for a refund or another deduction of that amount (a deposit or service fee, for example: one your contract does not name is a reason to complain to your acquirer); if there is none, contact your acquirer."; },
        more: function (x) { return x + " more arrived than worked out: check the rates you entered; money from an earlier day may also have arrived with it."; },
        negative: "Refunds are larger than the day's sales: refunds come off your payouts, and when there is not enough to take them from, they can fail or come off a later payout."
      },
      money: function (cents) { return (cents < 0 ? "\u2212" : "") + "\u00a5" + group(Math.abs(cents)).replace(/^\u2212/, ""); },
      and: ", ",
      none: " (none)"
    }
  };

  function group(cents) {
    var negative = cents < 0;
    var abs = Math.abs(cents);
    var yuan = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    var fen = abs % 100;
    return (negative ? "\u2212" : "") + yuan + "." + (fen < 10 ? "0" : "") + fen;
  }

  function language() {
    return /^en/i.test(document.documentElement.getAttribute("lang") || "") ? "en" : "zh";
  }

  function ascii(value) {
    return String(value || "").replace(/[\uff01-\uff5e]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
    }).replace(/[\s\u3000]/g, "");
  }

  /* 1,280.50 or ¥1280.5 or 1280 元 -> 128050 cents; empty -> {empty}; anything else -> {error} */
  function parseMoney(raw) {
    var value = ascii(raw).replace(/,/g, "").replace(/^(RMB|CNY|\u00a5|\uffe5)/i, "").replace(/元$/, "");
    if (!value) return { empty: true };
    var match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(value);
    if (!match) return { error: "number" };
    var cents = Number(match[1]) * 100 + Number(((match[2] || "") + "00").slice(0, 2));
    if (!(cents <= MAX_CENTS)) return { error: "tooBig" };
    return { value: cents };
  }

  /* "0.6", "0.60%", "6‰" -> parts per million of the amount (0.6% = 6000) */
  function parseRate(raw) {
    var value = ascii(raw);
    if (!value) return { empty: true };
    var permille = /‰$/.test(value);
    value = value.replace(/[%‰]$/, "");
    var match = /^(\d+)(?:\.(\d{1,4}))?$/.exec(value);
    if (!match || match[1].length > 4) return { error: "rate" };
    var ppm = Number(match[1]) * 10000 + Number(((match[2] || "") + "0000").slice(0, 4));
    if (permille) ppm = Math.round(ppm / 10);
    if (ppm > 1000000) return { error: "rateTooHigh" };
    var result = { value: ppm };
    if (ppm > 20000) result.warn = "rateHigh";
    else if (ppm > 0 && ppm < 500) result.warn = "rateLow";
    return result;
  }

  function parseCount(raw) {
    var value = ascii(raw);
    if (!value) return { empty: true };
    if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_COUNT) return { error: "count" };
    return { value: Number(value) };
  }

  /* fee in cents on `cents` at `ppm`, rounded half up */
  function fee(cents, ppm) {
    return Math.floor((cents * ppm + 500000) / 1000000);
  }

  /* The arithmetic, on parsed numbers (all cents, rates in ppm):
     {lines: [{cents, type, count}], rates: {debit, credit, qr}, cap, d0, d0Mode: "txn"|"payout",
      payouts, refunds, arrived} -> figures and the explanations, most likely first. */
  function compute(input) {
    var rates = input.rates || {};
    var cap = input.cap || 0;
    var n = 0, sales = 0, fees = { debit: 0, credit: 0, qr: 0 }, uncapped = 0, debitAtCredit = 0;
    input.lines.forEach(function (line) {
      var count = line.count || 1;
      var raw = fee(line.cents, rates[line.type] || 0);
      var charged = raw;
      if (line.type === "debit" && cap > 0) charged = Math.min(raw, cap * count);
      fees[line.type] += charged;
      uncapped += raw;
      debitAtCredit += line.type === "debit" ? fee(line.cents, rates.credit || 0) : charged;
      n += count;
      sales += line.cents;
    });
    var feeTotal = fees.debit + fees.credit + fees.qr;
    var payouts = input.payouts || 1;
    var d0 = input.d0 || 0;
    var d0Total = d0 * (input.d0Mode === "txn" ? n : payouts);
    var refunds = input.refunds || 0;
    var expected = sales - feeTotal - d0Total - refunds;
    var arrived = input.arrived || 0;
    var diff = expected - arrived;            // > 0: less arrived than expected
    var tol = Math.max(1, n);                 // a fen per payment: fees rounded per payment instead of per line
    var near = function (a, b) { return Math.abs(a - b) <= tol; };
    var reasons = [];
    var hasDebit = input.lines.some(function (l) { return l.type === "debit"; });
    if (near(diff, 0)) {
      reasons.push({ key: diff === 0 ? "match" : "match-rounding" });
    } else {
      if (d0 > 0 && input.d0Mode !== "txn" && n !== payouts && near(diff, d0 * n - d0 * payouts)) {
        reasons.push({ key: "d0-per-transaction", fee: d0, n: n });
      }
      if (d0 > 0 && input.d0Mode === "txn" && n !== payouts && near(diff, d0 * payouts - d0 * n)) {
        reasons.push({ key: "d0-per-payout", fee: d0, n: payouts });
      }
      if (cap > 0 && uncapped - feeTotal > tol && near(diff, uncapped - feeTotal)) {
        reasons.push({ key: "cap-not-applied", amount: uncapped - feeTotal });
      }
      if (refunds > 0 && near(diff, -refunds)) {
        reasons.push({ key: "refund-not-deducted", amount: refunds });
      }
      if (hasDebit && rates.credit && debitAtCredit - feeTotal > tol && near(diff, debitAtCredit - feeTotal)) {
        reasons.push({ key: "debit-as-credit" });
      }
      if (d0 > 0 && diff > tol) {
        var k = Math.round(diff / d0);
        if (k >= 1 && near(diff, k * d0)) reasons.push({ key: "d0-multiple", fee: d0, k: k });
      }
      if (!d0 && diff > tol && n >= 2 && diff % n === 0 && diff / n <= FIXED_FEE_MAX) {
        reasons.push({ key: "per-transaction-fee", fee: diff / n, n: n });
      }
      if (hasDebit && !cap && diff < -tol) reasons.push({ key: "cap-missing" });
      if (diff > tol) reasons.push({ key: "unexplained", amount: diff });
      else if (diff < -tol) reasons.push({ key: "more", amount: -diff });
    }
    return { sales: sales, fees: fees, feeTotal: feeTotal, d0Total: d0Total, refunds: refunds,
             expected: expected, arrived: arrived, difference: diff, payments: n, reasons: reasons,
             refundsExceedSales: refunds > sales };
  }

  function make(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text != null) el.textContent = text;
    return el;
  }

  function setup(block) {
    if (!block || block.getAttribute("data-kb-ready")) return;
    block.setAttribute("data-kb-ready", "1");
    var lang = language();
    var t = TEXT[lang];
    var uid = "kbf" + Math.random().toString(36).slice(2, 7);
    var contactLink = block.querySelector('a[href*="#report-builder"]');
    var contactBase = contactLink ? contactLink.getAttribute("href").split("#")[0].split("?")[0] : null;
    var fields = [];      // {input, message, parse, required}
    var lineCount = 0;

    var form = make("form", "kb-fee");
    form.setAttribute("novalidate", "");
    form.setAttribute("aria-labelledby", uid + "-title");
    var title = make("p", "kb-report__title", t.title);
    title.id = uid + "-title";
    form.appendChild(title);
    form.appendChild(make("p", "kb-report__intro", t.intro));

    function field(parent, key, labelText, options) {
      options = options || {};
      var wrap = make("div", "kb-field" + (options.className ? " " + options.className : ""));
      var id = uid + "-" + key;
      var label = make("label", "kb-field__label", labelText);
      label.setAttribute("for", id);
      var input;
      if (options.choices) {
        input = make("select", "kb-field__input");
        options.choices.forEach(function (choice) {
          var option = make("option", null, choice[1]);
          option.value = choice[0];
          input.appendChild(option);
        });
      } else {
        input = make("input", "kb-field__input");
        input.type = "text";
        input.setAttribute("inputmode", options.inputmode || "decimal");
        input.setAttribute("autocomplete", "off");
        if (options.value) input.value = options.value;
      }
      input.id = id;
      input.name = key;
      wrap.appendChild(label);
      wrap.appendChild(input);
      var described = [];
      if (options.hint) {
        var hint = make("p", "kb-field__hint", options.hint);
        hint.id = id + "-hint";
        wrap.appendChild(hint);
        described.push(hint.id);
      }
      var message = make("p", "kb-field__msg");
      message.id = id + "-msg";
      described.push(message.id);
      wrap.appendChild(message);
      input.setAttribute("aria-describedby", described.join(" "));
      parent.appendChild(wrap);
      var entry = { key: key, input: input, message: message, parse: options.parse, wrap: wrap };
      if (options.parse) {
        fields.push(entry);
        input.addEventListener("input", function () { show(entry, entry.parse(input.value), false); });
        input.addEventListener("blur", function () { show(entry, entry.parse(input.value), false); });
      }
      return entry;
    }

    function show(entry, parsed, required) {
      var text = "", level = "";
      if (parsed.error) { text = t.msg[parsed.error]; level = "error"; }
      else if (parsed.empty && required) { text = typeof required === "string" ? t.msg[required] : ""; level = text ? "error" : ""; }
      else if (parsed.warn) { text = t.msg[parsed.warn]; level = "warn"; }
      else if (parsed.note) { text = t.msg[parsed.note]; level = "warn"; }
      entry.message.textContent = text;
      entry.message.className = "kb-field__msg" + (level ? " kb-field__msg--" + level : "");
      if (level === "error") entry.input.setAttribute("aria-invalid", "true");
      else entry.input.removeAttribute("aria-invalid");
      return level !== "error";
    }

    /* the day's sales: lines of amount, type, count */
    var salesSet = make("fieldset", "kb-fee__set");
    salesSet.appendChild(make("legend", null, t.sales));
    var salesHint = make("p", "kb-field__hint", t.salesHint);
    salesSet.appendChild(salesHint);
    var lineList = make("div", "kb-fee__lines");
    salesSet.appendChild(lineList);
    var lines = [];
    var addLine = make("button", "md-button kb-button", t.addLine);
    addLine.type = "button";
    salesSet.appendChild(addLine);
    form.appendChild(salesSet);

    function renumber() {
      lines.forEach(function (line, index) {
        line.legend.textContent = t.line(index + 1);
        line.remove.textContent = t.removeLine(index + 1);
        line.remove.hidden = lines.length < 2;
      });
    }

    function newLine() {
      lineCount += 1;
      var set = make("fieldset", "kb-fee__line");
      var legend = make("legend", null, "");
      set.appendChild(legend);
      var key = "line" + lineCount;
      var amount = field(set, key + "-amount", t.amount, { parse: parseMoney, className: "kb-field--amount" });
      var type = field(set, key + "-type", t.type, { choices: TYPES.map(function (x) { return [x, t.types[x]]; }) });
      var count = field(set, key + "-count", t.count, { parse: parseCount, value: "1", inputmode: "numeric", className: "kb-field--count" });
      var remove = make("button", "md-button kb-button kb-fee__remove", "");
      remove.type = "button";
      set.appendChild(remove);
      var line = { set: set, legend: legend, amount: amount, type: type, count: count, remove: remove };
      remove.addEventListener("click", function () {
        var index = lines.indexOf(line);
        lines.splice(index, 1);
        fields = fields.filter(function (f) { return f !== amount && f !== count; });
        lineList.removeChild(set);
        renumber();
        (lines[Math.min(index, lines.length - 1)].amount.input).focus();
      });
      lines.push(line);
      lineList.appendChild(set);
      renumber();
      return line;
    }
    addLine.addEventListener("click", function () { newLine().amount.input.focus(); });
    newLine();

    /* rates */
    var rateSet = make("fieldset", "kb-fee__set");
    rateSet.appendChild(make("legend", null, t.rates));
    rateSet.appendChild(make("p", "kb-field__hint", t.ratesHint));
    var rateFields = {};
    TYPES.forEach(function (type) {
      rateFields[type] = field(rateSet, "rate-" + type, t.rate[type], { parse: parseRate, hint: t.rateExample });
      if (type === "debit") rateFields.cap = field(rateSet, "cap", t.cap, { parse: parseMoney, hint: t.capHint });
    });
    form.appendChild(rateSet);

    /* other deductions */
    var otherSet = make("fieldset", "kb-fee__set");
    otherSet.appendChild(make("legend", null, t.other));
    var d0 = field(otherSet, "d0", t.d0, { parse: parseMoney });
    var d0Mode = field(otherSet, "d0-mode", t.d0Per, { choices: [["txn", t.d0Modes.txn], ["payout", t.d0Modes.payout]] });
    var payouts = field(otherSet, "payouts", t.payouts, { parse: parseCount, value: "1", inputmode: "numeric" });
    var refunds = field(otherSet, "refunds", t.refunds, { parse: parseMoney });
    form.appendChild(otherSet);

    var arrived = field(form, "arrived", t.arrived, { parse: parseMoney, hint: t.arrivedHint, className: "kb-field--arrived" });

    var submit = make("button", "md-button md-button--primary kb-button", t.check);
    submit.type = "submit";
    form.appendChild(submit);

    var result = make("div", "kb-fee__result");
    result.setAttribute("aria-live", "polite");
    result.setAttribute("role", "status");
    form.appendChild(result);

    block.appendChild(form);
    block.classList.add("kb-tool--live");

    function read() {
      var ok = true, first = null;
      function take(entry, required) {
        var parsed = entry.parse(entry.input.value);
        if (!show(entry, parsed, required)) { ok = false; first = first || entry.input; }
        return parsed;
      }
      var used = {};
      var parsedLines = [];
      lines.forEach(function (line) {
        var amount = take(line.amount, false);
        var count = take(line.count, false);
        if (amount.value != null) {
          var type = line.type.input.value;
          used[type] = true;
          parsedLines.push({ cents: amount.value, type: type, count: count.value || 1 });
          if (type === "debit" && (count.value || 1) > 1 && rateFields.cap.input.value.trim()) {
            line.count.message.textContent = t.msg.bulkCap;
            line.count.message.className = "kb-field__msg kb-field__msg--warn";
          }
        }
      });
      if (!parsedLines.length && ok) {
        show(lines[0].amount, { empty: true }, "neededSales");
        ok = false; first = first || lines[0].amount.input;
      }
      var rates = {};
      TYPES.forEach(function (type) {
        var parsed = take(rateFields[type], used[type] ? "neededRate" : false);
        if (parsed.value != null) rates[type] = parsed.value;
      });
      var cap = take(rateFields.cap, false);
      var d0Fee = take(d0, false);
      var payoutCount = take(payouts, false);
      var refundTotal = take(refunds, false);
      var arrivedAmount = take(arrived, "neededArrived");
      return {
        ok: ok, first: first,
        input: { lines: parsedLines, rates: rates, cap: cap.value || 0, d0: d0Fee.value || 0,
                 d0Mode: d0Mode.input.value, payouts: payoutCount.value || 1, refunds: refundTotal.value || 0,
                 arrived: arrivedAmount.value || 0 }
      };
    }

    function reasonText(reason, figures) {
      var m = t.money, w = t.why;
      switch (reason.key) {
        case "match":
        case "match-rounding":
          var parts = [];
          TYPES.forEach(function (type) { if (figures.fees[type]) parts.push(m(figures.fees[type])); });
          var list = parts.length ? (lang === "zh" ? " " : " of ") + parts.join(t.and) : "";
          var extra = [];
          if (figures.d0Total) extra.push((lang === "zh" ? "D0 费用 " : "the D0 fees of ") + m(figures.d0Total));
          if (figures.refunds) extra.push((lang === "zh" ? "退货 " : "the refunds of ") + m(figures.refunds));
          var text = w.match(list);
          if (extra.length) text = text.replace(/[。.]$/, "") + (lang === "zh" ? "，加上 " : ", plus ") + extra.join(t.and) + (lang === "zh" ? "。" : ".");
          return reason.key === "match" ? text : text + " " + w.matchRounding;
        case "d0-per-transaction": return w.d0PerTxn(m(reason.fee), reason.n);
        case "d0-per-payout": return w.d0PerPayout(m(reason.fee), reason.n);
        case "cap-not-applied": return w.capNotApplied(m(reason.amount));
        case "cap-missing": return w.capMissing;
        case "refund-not-deducted": return w.refundLater(m(reason.amount));
        case "debit-as-credit": return w.debitAsCredit;
        case "d0-multiple": return w.d0Multiple(m(reason.fee), reason.k);
        case "per-transaction-fee": return w.perTxnFee(m(reason.fee), reason.n);
        case "unexplained": return w.unexplained(m(reason.amount));
        default: return w.more(m(reason.amount));
      }
    }

    function render(figures) {
      var m = t.money, r = t.result;
      result.textContent = "";
      var heading = make("p", "kb-fee__heading", r.heading);
      result.appendChild(heading);
      var d = figures.difference;
      var near = figures.reasons.length && /^match/.test(figures.reasons[0].key);
      var summary = make("p", "kb-fee__summary",
        r.summary(m(figures.expected), m(figures.arrived), near ? null : (d > 0 ? r.less(m(d)) : r.more(m(-d)))));
      result.appendChild(summary);
      var likely = make("p", "kb-fee__likely");
      likely.appendChild(make("strong", null, r.likely));
      likely.appendChild(document.createTextNode(reasonText(figures.reasons[0], figures)));
      result.appendChild(likely);
      if (figures.reasons.length > 1) {
        result.appendChild(make("p", "kb-fee__also", r.alsoPossible));
        var list = make("ul", "kb-fee__also-list");
        figures.reasons.slice(1).forEach(function (reason) { list.appendChild(make("li", null, reasonText(reason, figures))); });
        result.appendChild(list);
      }
      if (figures.refundsExceedSales) result.appendChild(make("p", null, t.why.negative));
      if (contactBase && d > Math.max(1, figures.payments)) {
        var link = make("a", "kb-fee__contact", r.contact);
        link.href = contactBase + "?symptom=" + encodeURIComponent(r.symptom(m(d))) + "#report-builder";
        var p = make("p");
        p.appendChild(link);
        result.appendChild(p);
      }
      var table = make("table", "kb-fee__table");
      function row(label, cents, className) {
        var tr = make("tr", className || null);
        tr.appendChild(make("th", null, label));
        var td = make("td", null, m(cents));
        tr.appendChild(td);
        table.appendChild(tr);
      }
      row(r.salesTotal, figures.sales);
      TYPES.forEach(function (type) { if (figures.fees[type]) row(r.fees(type), -figures.fees[type]); });
      if (figures.d0Total) row(r.d0, -figures.d0Total);
      if (figures.refunds) row(r.refunds, -figures.refunds);
      row(r.expected, figures.expected, "kb-fee__total");
      row(r.arrived, figures.arrived);
      row(r.difference, -figures.difference, "kb-fee__total");
      result.appendChild(table);
      result.appendChild(make("p", "kb-field__hint", r.rounding));
      result.setAttribute("data-expected-cents", String(figures.expected));
      result.setAttribute("data-difference-cents", String(figures.difference));
      result.setAttribute("data-reason", figures.reasons[0].key);
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var parsed = read();
      if (!parsed.ok) {
        result.textContent = "";
        result.appendChild(make("p", "kb-fee__summary", t.msg.fix));
        result.removeAttribute("data-reason");
        if (parsed.first) parsed.first.focus();
        return;
      }
      render(compute(parsed.input));
    });
  }

  window.kbFeeCheck = { setup: setup, compute: compute, parseMoney: parseMoney, parseRate: parseRate };
  if (window.kbStart) window.kbStart.ready("fee-check", setup);
})();
