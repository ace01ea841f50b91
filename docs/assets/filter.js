/* Table filter: narrows the rows of every [data-filter] block as you type (nothing in Material or MkDocs
   filters a table). Plain JavaScript, no dependency, works offline; without JavaScript the full tables
   stay as they are and the box is hidden (html:not(.kb-js) in filter.css; overrides/main.html sets kb-js).

   Markup (written by hooks/kb/troubleshooting.py, the box included, so nothing moves when this runs):
     <div data-filter data-filter-count="Showing {shown} of {total} rows">
       <div class="kb-filter__box"> label, <input class="kb-filter__input">, hint, <p class="kb-filter__status"> </div>
       [<div data-filter-group> <h2>…</h2> <table>…</table> </div>]…   or just <table>…</table>
       <div class="kb-filter__empty" hidden> message, <button class="kb-filter__search"> </div>
     rows: <tr data-codes="51 55" data-terms="hidden search words">
     data-filter-codes on the block: every response code (a code word is recognised even if no row lists it)

   Matching (what merchants type, e.g. "51-余额不足", "昨天的钱没到", "frozen account"):
   - the query is cut into words at spaces and punctuation (- , . ; : / ( ) 、，。：；！？…);
   - a response code (51, a0, ５１) keeps the rows listing any code of the query; the words that come
     with a code on a terminal's screen differ by acquirer, so they do not narrow further;
   - Latin words must all match the start of a word of the row ("fee" finds "fees", not "coffee");
     English filler words (the, my, is, …) are dropped when other words remain;
   - Chinese: filler characters (的, 了, 吗, 我, …) cut the text into pieces, the pieces into character
     pairs (single characters stay single); a row's score is the share of those pairs found in its text
     (a piece found whole counts in full). When some rows hold every piece whole, only those are shown
     ("请联系发卡行" keeps the code whose screen text holds it, not every code whose advice says
     "联系发卡行"); otherwise a row is shown when it scores at least 1/2 and at least 3/4 of the best
     row's score ("昨天的钱没到" -> 昨天, 钱没到 -> pairs 昨天 钱没 没到).
   When nothing matches, a button opens the site search (Material's) with the same words.
   ?q=51 in the address fills the box. Escape clears it. */
(function () {
  "use strict";

  var CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
  var CJK_RUN = /[\u3400-\u9fff\uf900-\ufaff]+/g;
  var SPLIT = /[\s,，、;；:：.。!！?？'"“”‘’()（）\[\]【】「」《》<>\/\\|·…—–\-_~～=]+/;
  var WORDY = /[0-9a-z\u3400-\u9fff\uf900-\ufaff]/;    /* a lone "+" is not a search word */
  var ZH_FILLER_WORDS = /怎么办|怎么回事|为什么|怎么|什么|一下|请问|是不是|有没有/g;
  var ZH_FILLER = /[的了吗呢吧啊呀哦嘛么我你您他她它们是都也就还又很太在和与把被给]/;
  var EN_FILLER = { a: 1, an: 1, the: 1, my: 1, our: 1, i: 1, me: 1, is: 1, are: 1, was: 1, were: 1, be: 1,
                    it: 1, its: 1, to: 1, of: 1, for: 1, in: 1, on: 1, at: 1, and: 1, or: 1, but: 1, has: 1,
                    have: 1, had: 1, do: 1, does: 1, did: 1, why: 1, what: 1, how: 1, yet: 1, still: 1 };

  function normalize(text) {
    text = String(text || "");
    if (text.normalize) text = text.normalize("NFKC");   /* full-width ５１ / Ａ０ -> 51 / A0 */
    return text.toLowerCase().replace(/\s+/g, " ").trim();
  }

  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  /* The query as {codes, latin, units}: units are the Chinese pieces and their character pairs. */
  function parseQuery(value, known) {
    var words = normalize(value).split(SPLIT).filter(function (word) { return WORDY.test(word); });
    var query = { codes: [], latin: [], pieces: [], empty: !words.length };
    var runs = [];
    words.forEach(function (word) {
      if (known[word]) { query.codes.push(word); return; }
      var rest = word.replace(CJK_RUN, " ").trim();
      rest.split(" ").filter(function (part) { return WORDY.test(part); }).forEach(function (part) {
        if (known[part]) query.codes.push(part); else query.latin.push(part);
      });
      (word.match(CJK_RUN) || []).forEach(function (run) {
        runs.push(run);
        run.replace(ZH_FILLER_WORDS, " ").split(ZH_FILLER).join(" ").split(" ").forEach(function (piece) {
          if (piece) query.pieces.push(piece);
        });
      });
    });
    if (!query.pieces.length) query.pieces = runs;     /* nothing but filler ("怎么办"): search for it as typed */
    var content = query.latin.filter(function (word) { return !EN_FILLER[word]; });
    if (content.length) query.latin = content;
    return query;
  }

  var WHOLE = 2;    /* the score of a row holding every Chinese piece of the query whole */

  /* Share (0..1) of the query's Chinese pairs found in `text` (a piece found whole counts in full),
     or WHOLE when every piece is found whole. */
  function chineseScore(pieces, text) {
    var found = 0, total = 0, whole = true;
    pieces.forEach(function (piece) {
      var units = [];
      if (piece.length < 2) units.push(piece);
      for (var i = 0; i + 1 < piece.length; i++) units.push(piece.slice(i, i + 2));
      total += units.length;
      if (text.indexOf(piece) >= 0) { found += units.length; return; }
      whole = false;
      units.forEach(function (unit) { if (text.indexOf(unit) >= 0) found += 1; });
    });
    return whole ? WHOLE : found / total;
  }

  /* Score of one row (0 = hidden), before the comparison with the best row. */
  function score(entry, query) {
    if (query.codes.length) {
      var any = query.codes.some(function (code) { return entry.codes.indexOf(code) >= 0; });
      if (!any) return 0;
    }
    for (var i = 0; i < query.latin.length; i++) {
      if (!new RegExp("(^|[^a-z0-9])" + escapeRegExp(query.latin[i])).test(entry.text)) return 0;
    }
    if (query.codes.length || !query.pieces.length) return 1;
    return chineseScore(query.pieces, entry.text);
  }

  /* Opens Material's search with `words` (the search toggle and query input of its header). */
  function openSiteSearch(words) {
    var toggle = document.querySelector("input[data-md-toggle=search]");
    var input = document.querySelector("input[data-md-component=search-query]");
    if (!toggle || !input) return false;
    if (!toggle.checked) toggle.click();
    input.value = words;
    input.focus();
    input.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
    return true;
  }

  function setUp(block) {
    if (block.getAttribute("data-filter-ready")) return;
    var input = block.querySelector("input.kb-filter__input");
    var rows = Array.prototype.slice.call(block.querySelectorAll("tbody tr"));
    if (!input || !rows.length) return;
    block.setAttribute("data-filter-ready", "1");
    var groups = Array.prototype.slice.call(block.querySelectorAll("[data-filter-group]"));
    var status = block.querySelector(".kb-filter__status");
    var empty = block.querySelector(".kb-filter__empty");
    var searchButton = block.querySelector(".kb-filter__search");
    var searchWords = block.querySelector(".kb-filter__words");
    var countText = block.getAttribute("data-filter-count") || "Showing {shown} of {total} rows";
    var known = {};
    normalize(block.getAttribute("data-filter-codes")).split(" ").forEach(function (code) {
      if (code) known[code] = true;
    });
    var entries = rows.map(function (row) {
      var codes = normalize(row.getAttribute("data-codes")).split(" ").filter(Boolean);
      codes.forEach(function (code) { known[code] = true; });
      return {
        row: row,
        codes: codes,
        text: normalize(row.textContent + " " + (row.getAttribute("data-terms") || ""))
      };
    });

    function apply() {
      var query = parseQuery(input.value, known);
      var scores = entries.map(function (entry) { return query.empty ? 1 : score(entry, query); });
      var best = Math.max.apply(null, scores);
      var shown = 0;
      entries.forEach(function (entry, index) {
        var mine = scores[index];
        var visible = mine >= 0.5 && (best >= WHOLE ? mine >= WHOLE : mine >= 0.75 * best);
        entry.row.hidden = !visible;
        if (visible) shown += 1;
      });
      groups.forEach(function (group) {
        group.hidden = !group.querySelector("tbody tr:not([hidden])");
      });
      if (empty) empty.hidden = shown > 0;
      if (searchWords) searchWords.textContent = input.value.trim();
      if (status) status.textContent = format(countText, { shown: shown, total: entries.length });
    }

    input.addEventListener("input", apply);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && input.value) {
        input.value = "";
        apply();
        event.stopPropagation();
      }
    });
    if (searchButton) {
      if (!document.querySelector("input[data-md-toggle=search]")) searchButton.hidden = true;
      searchButton.addEventListener("click", function () { openSiteSearch(input.value.trim()); });
    }
    var query = null;
    try { query = new URLSearchParams(window.location.search).get("q"); } catch (err) { query = null; }
    if (query) input.value = query;
    apply();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-filter]"), setUp);
  }

  window.kbFilter = { parseQuery: parseQuery, score: score };    /* for the tests */

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
