/* Table filter: puts a labelled search box above every [data-filter] block and narrows its table rows as
   you type (nothing in Material or MkDocs filters a table). Plain JavaScript, no dependency, works
   offline; without JavaScript the full tables stay as they are.

   Markup (written by hooks/troubleshooting_index.py):
     <div data-filter data-filter-label="…" data-filter-placeholder="…"
          data-filter-count="Showing {shown} of {total} rows" data-filter-empty="No rows match…">
       [<div data-filter-group> <h2>…</h2> <table>…</table> </div>]…   or just <table>…</table>
     rows: <tr data-codes="51 55" data-terms="hidden search words">

   Matching: every word of the query must match. A word that is a response code of this table
   (51, a0, ５１) matches exactly the rows with that code. A word with Chinese characters matches
   anywhere in the row's text. Other words match the start of a word, ignoring case ("fee" finds
   "fees", not "coffee"). ?q=51 in the address fills the box. Escape clears it. */
(function () {
  "use strict";

  var CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
  var SPLIT = /[\s,，、;；]+/;
  var WORDY = /[0-9a-z\u3400-\u9fff\uf900-\ufaff]/;    /* a lone "/" or "." is not a search word */

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

  var counter = 0;

  function setUp(block) {
    if (block.getAttribute("data-filter-ready")) return;
    block.setAttribute("data-filter-ready", "1");
    var rows = Array.prototype.slice.call(block.querySelectorAll("tbody tr"));
    if (!rows.length) return;
    var groups = Array.prototype.slice.call(block.querySelectorAll("[data-filter-group]"));
    var countText = block.getAttribute("data-filter-count") || "Showing {shown} of {total} rows";
    var emptyText = block.getAttribute("data-filter-empty") || "No rows match.";
    var known = {};
    var entries = rows.map(function (row) {
      var codes = normalize(row.getAttribute("data-codes")).split(" ").filter(Boolean);
      codes.forEach(function (code) { known[code] = true; });
      return {
        row: row,
        codes: codes,
        text: normalize(row.textContent + " " + (row.getAttribute("data-terms") || ""))
      };
    });

    counter += 1;
    var id = "kb-filter-" + counter;
    var box = document.createElement("div");
    box.className = "kb-filter__box";
    var label = document.createElement("label");
    label.setAttribute("for", id);
    label.className = "kb-filter__label";
    label.textContent = block.getAttribute("data-filter-label") || "Filter";
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.className = "kb-filter__input";
    input.setAttribute("autocomplete", "off");
    input.setAttribute("spellcheck", "false");
    input.placeholder = block.getAttribute("data-filter-placeholder") || "";
    var status = document.createElement("p");
    status.className = "kb-filter__status";
    status.id = id + "-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    input.setAttribute("aria-describedby", status.id);
    var empty = document.createElement("p");
    empty.className = "kb-filter__empty";
    empty.hidden = true;
    empty.textContent = emptyText;
    box.appendChild(label);
    box.appendChild(input);
    box.appendChild(status);
    block.parentNode.insertBefore(box, block);
    block.appendChild(empty);

    function matches(entry, words) {
      for (var i = 0; i < words.length; i++) {
        var word = words[i];
        if (known[word]) {
          if (entry.codes.indexOf(word) < 0) return false;
        } else if (CJK.test(word)) {
          if (entry.text.indexOf(word) < 0) return false;
        } else if (!new RegExp("(^|[^a-z0-9])" + escapeRegExp(word)).test(entry.text)) {
          return false;
        }
      }
      return true;
    }

    function apply() {
      var words = normalize(input.value).split(SPLIT).filter(function (word) { return WORDY.test(word); });
      var shown = 0;
      entries.forEach(function (entry) {
        var visible = !words.length || matches(entry, words);
        entry.row.hidden = !visible;
        if (visible) shown += 1;
      });
      groups.forEach(function (group) {
        group.hidden = !group.querySelector("tbody tr:not([hidden])");
      });
      empty.hidden = shown > 0;
      status.textContent = format(countText, { shown: shown, total: entries.length });
    }

    input.addEventListener("input", apply);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && input.value) {
        input.value = "";
        apply();
        event.stopPropagation();
      }
    });
    var query = null;
    try { query = new URLSearchParams(window.location.search).get("q"); } catch (err) { query = null; }
    if (query) input.value = query;
    apply();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-filter]"), setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
