/* Decision trees, step by step: turns each rendered tree (nested <details>, see hooks/kb/trees.py) into one
   question at a time with answer buttons, a trail of the answers given, restart, and the position in the
   URL (?tree-NAME=start.next.leaf). Nothing existing does this; no dependency, works offline and without
   Material's instant loading. Inlined into the pages that hold a tree by hooks/trees.py. Without
   JavaScript the nested details are the whole experience. */
(function () {
  "use strict";

  var TEXT = {
    zh: {
      region: "分步向导",
      trail: "您的回答",
      restart: "重新开始",
      showAll: "展开全部分支",
      hideAll: "收起全部分支",
      step: function (n) { return "第 " + n + " 步"; },
      answered: function (a) { return "您选择了：" + a + "。"; },
      result: "结果",
      back: function (q, a) { return "回到这一步：" + q + "（当时选择：" + a + "）"; },
      colon: "：",
      restarted: "已重新开始。",
      send: "发送这个结果",
      report: "写报告",
      q: "问：",
      a: "答：",
      page: "页面：",
      copied: "已复制到剪贴板，可以粘贴到短信或聊天里。",
      shared: "已发送。",
      copyBelow: "无法自动复制：请选中下面的文字复制。",
      keep: "收藏或分享本页地址，就能回到这一步。"
    },
    en: {
      region: "Step-by-step guide",
      trail: "Your answers",
      restart: "Start again",
      showAll: "Show every branch",
      hideAll: "Hide the branches",
      step: function (n) { return "Step " + n; },
      answered: function (a) { return "You chose: " + a + "."; },
      result: "Result",
      back: function (q, a) { return "Go back to: " + q + " (you chose: " + a + ")"; },
      colon: ": ",
      restarted: "Started again.",
      send: "Send this result",
      report: "Write the report",
      q: "Q: ",
      a: "A: ",
      page: "Page: ",
      copied: "Copied to the clipboard: paste it into a message or chat.",
      shared: "Sent.",
      copyBelow: "Could not copy automatically: select the text below and copy it.",
      keep: "Bookmark or share this page's address to come back to this step."
    }
  };

  function language() {
    return /^en/i.test(document.documentElement.getAttribute("lang") || "") ? "en" : "zh";
  }

  function nodeId(el) {
    if (!el) return null;
    for (var i = 0; i < el.classList.length; i++) {
      if (el.classList[i].indexOf("tn--") === 0) return el.classList[i].slice(4);
    }
    return null;
  }

  function childrenMatching(el, selector) {
    return Array.prototype.filter.call(el.children, function (child) { return child.matches(selector); });
  }

  /* The tree's graph, read from its no-JS rendering: the first rendering of each node is used. */
  function readTree(root) {
    var nodes = {};
    root.querySelectorAll(".tree-q, .tree-leaf").forEach(function (el) {
      var id = nodeId(el);
      if (!id || nodes[id]) return;
      if (el.classList.contains("tree-leaf")) {
        nodes[id] = { id: id, kind: "leaf", el: el, title: el.querySelector(".admonition-title").textContent.trim() };
        return;
      }
      var summary = childrenMatching(el, "summary")[0];
      var node = { id: id, kind: "question", el: el, q: summary.textContent.trim(), qHTML: summary.innerHTML,
                   hints: [], answers: [] };
      Array.prototype.forEach.call(el.children, function (child) {
        if (child === summary) return;
        if (child.matches("details.tree-a")) {
          var target = childrenMatching(child, ".tree-q, .tree-leaf")[0];
          var label = childrenMatching(child, "summary")[0];
          if (target && label) node.answers.push({ label: label.textContent.trim(), html: label.innerHTML, next: nodeId(target) });
        } else {
          node.hints.push(child);
        }
      });
      nodes[id] = node;
    });
    return nodes;
  }

  /* The shortest path of node ids from start to `target`, or null. */
  function pathTo(nodes, start, target) {
    var queue = [[start]], seen = {};
    seen[start] = true;
    while (queue.length) {
      var path = queue.shift(), node = nodes[path[path.length - 1]];
      if (node.id === target) return path;
      (node.answers || []).forEach(function (a) {
        if (nodes[a.next] && !seen[a.next]) { seen[a.next] = true; queue.push(path.concat(a.next)); }
      });
    }
    return null;
  }

  /* A path from the URL: the longest valid prefix of `a.b.c`, or the shortest way to a single node id. */
  function parsePath(nodes, start, value) {
    var ids = (value || "").split(".").filter(Boolean);
    if (!ids.length) return [start];
    if (ids[0] !== start) return (ids.length === 1 && nodes[ids[0]] && pathTo(nodes, start, ids[0])) || [start];
    var path = [start];
    for (var i = 1; i < ids.length; i++) {
      var here = nodes[path[path.length - 1]];
      var ok = here.kind === "question" && here.answers.some(function (a) { return a.next === ids[i]; });
      if (!ok) break;
      path.push(ids[i]);
    }
    return path;
  }

  function headingLevel(root) {
    var headings = document.querySelectorAll(".md-content h1, .md-content h2, .md-content h3, .md-content h4, .md-content h5");
    var level = 1;
    for (var i = 0; i < headings.length; i++) {
      if (headings[i].compareDocumentPosition(root) & Node.DOCUMENT_POSITION_FOLLOWING) level = +headings[i].tagName.charAt(1);
    }
    return Math.min(level + 1, 6);
  }

  /* The height of Material's sticky header (0 when it does not stay on screen). */
  function headerBottom() {
    var header = document.querySelector(".md-header");
    if (!header) return 0;
    var position = window.getComputedStyle(header).position;
    return position === "sticky" || position === "fixed" ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
  }

  /* Scrolls so that `el` starts just below the sticky header (scrollIntoView would put it under it). */
  function scrollBelowHeader(el) {
    var offset = el.getBoundingClientRect().top - headerBottom() - 8;
    if (Math.abs(offset) > 1) window.scrollBy(0, offset);
  }

  /* Copies `text`: the clipboard API where allowed, else a selected textarea and execCommand. */
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(function () { return true; }, function () { return legacyCopy(text); });
    }
    return Promise.resolve(legacyCopy(text));
  }

  function legacyCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.top = "0";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var done = false;
    try { done = document.execCommand("copy"); } catch (err) { done = false; }
    document.body.removeChild(area);
    return done;
  }

  function make(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text) el.textContent = text;
    return el;
  }

  function setup(root) {
    if (root.hasAttribute("data-steps")) return;
    var name = root.getAttribute("data-tree"), start = root.getAttribute("data-start");
    var nodes = readTree(root);
    if (!nodes[start]) return;
    root.setAttribute("data-steps", "");
    var t = TEXT[language()], param = "tree-" + name, level = headingLevel(root);
    var uid = "tree-" + name + "-" + Math.random().toString(36).slice(2, 8);

    var panel = make("div", "tree-steps");
    panel.setAttribute("role", "region");
    panel.setAttribute("aria-label", (root.getAttribute("data-title") || name) + " · " + t.region);
    var status = make("p", "tree-steps__status");
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    var trailNav = make("nav", "tree-trail");
    trailNav.setAttribute("aria-label", t.trail);
    var trailList = make("ol", "tree-trail__list");
    trailNav.appendChild(trailList);
    var stepBox = make("div", "tree-step");
    var tools = make("div", "tree-steps__tools");
    var restart = make("button", "md-button tree-restart", t.restart);
    restart.type = "button";
    var toggle = make("button", "md-button tree-toggle", t.showAll);
    toggle.type = "button";
    toggle.setAttribute("aria-expanded", "false");
    tools.appendChild(restart);
    tools.appendChild(toggle);
    panel.appendChild(status);
    panel.appendChild(trailNav);
    panel.appendChild(stepBox);
    panel.appendChild(tools);
    root.insertBefore(panel, root.firstChild);
    root.classList.add("kb-tree--steps");

    var path = [start];

    function answerLabel(from, to) {
      var match = nodes[from].answers.filter(function (a) { return a.next === to; })[0];
      return match ? match.label : to;
    }

    function withStep(href) {
      var url = new URL(href, window.location.href);
      if (path.length > 1) url.searchParams.set(param, path.join("."));
      else url.searchParams.delete(param);
      return url;
    }

    /* The language switch leads to the twin page, where the same node ids name the same step. */
    function syncLanguageSwitch() {
      document.querySelectorAll("a.md-select__link[hreflang]").forEach(function (link) {
        link.href = withStep(link.getAttribute("href")).href;
      });
    }

    function writeUrl(push) {
      var url = withStep(window.location.href);
      if (url.href !== window.location.href) {
        try {
          window.history[push ? "pushState" : "replaceState"](window.history.state, "", url.href);
        } catch (err) {
          /* some file:// set-ups refuse history changes: the guide still works, only the URL stays put */
        }
      }
    }

    /* Shows the node at the end of `path`; `prefix` (a string) also announces the step, null keeps quiet. */
    /* The questions and answers so far, one per line ("问：…" / "答：…"). */
    function pathLines() {
      var lines = [];
      for (var i = 0; i < path.length - 1; i++) {
        lines.push(t.q + nodes[path[i]].q);
        lines.push(t.a + answerLabel(path[i], path[i + 1]));
      }
      return lines;
    }

    /* The result as plain text: the tree, the questions and answers, the result, this step's address. */
    function resultText(node) {
      var title = root.getAttribute("data-title") || name;
      return [title].concat(pathLines(), [t.result + t.colon + node.title, t.page + window.location.href]).join("\n");
    }

    /* The report builder on the contact page, with this result filled in, relative to this page. */
    function reportHref(node) {
      var contact = node.el.querySelector("a.tree-contact");
      if (!contact) return null;
      var base = contact.getAttribute("href").split("#")[0];
      return base + "?symptom=" + encodeURIComponent(node.title) + "&path=" + encodeURIComponent(pathLines().join("\n")) +
        "#report-builder";
    }

    function resultTools(node) {
      var box = make("div", "tree-result");
      var row = make("div", "tree-result__actions");
      var send = make("button", "md-button md-button--primary tree-send", t.send);
      send.type = "button";
      var note = make("p", "tree-result__status");
      note.setAttribute("role", "status");
      note.setAttribute("aria-live", "polite");
      send.addEventListener("click", function () {
        var text = resultText(node);
        var old = box.querySelector(".tree-result__text");
        if (old) old.parentNode.removeChild(old);
        function copy() {
          copyText(text).then(function (done) {
            if (done) { note.textContent = t.copied; return; }
            note.textContent = t.copyBelow;
            var area = make("textarea", "tree-result__text");
            area.value = text;
            area.setAttribute("readonly", "");
            area.setAttribute("aria-label", t.send);
            area.rows = Math.min(12, text.split("\n").length + 1);
            box.appendChild(area);
            area.focus();
            area.select();
          });
        }
        note.textContent = "";
        if (navigator.share) {
          navigator.share({ title: node.title, text: text }).then(function () {
            note.textContent = t.shared;
          }, function (err) {
            if (!err || err.name !== "AbortError") copy();    /* cancelled by the user: say nothing */
          });
        } else {
          copy();
        }
      });
      row.appendChild(send);
      var href = reportHref(node);
      if (href) {
        var report = make("a", "md-button tree-report", t.report);
        report.href = href;
        row.appendChild(report);
      }
      box.appendChild(row);
      box.appendChild(note);
      box.appendChild(make("p", "tree-result__keep", t.keep));
      return box;
    }

    function render(focus, prefix) {
      var node = nodes[path[path.length - 1]];
      root.setAttribute("data-step", node.id);
      root.classList.toggle("kb-tree--chosen", path.length > 1);
      syncLanguageSwitch();
      trailList.textContent = "";
      for (var i = 0; i < path.length - 1; i++) {
        var li = make("li", "tree-trail__item");
        var button = make("button", "tree-trail__button");
        button.type = "button";
        button.setAttribute("data-index", String(i));
        var answer = answerLabel(path[i], path[i + 1]);
        button.setAttribute("aria-label", t.back(nodes[path[i]].q, answer));
        button.appendChild(make("span", "tree-trail__q", nodes[path[i]].q));
        button.appendChild(make("span", "tree-trail__a", answer));
        li.appendChild(button);
        trailList.appendChild(li);
      }
      trailNav.hidden = path.length < 2;
      restart.hidden = path.length < 2;

      stepBox.textContent = "";
      var heading;
      if (node.kind === "leaf") {
        var leaf = node.el.cloneNode(true);
        leaf.classList.add("tree-step__leaf");
        heading = leaf.querySelector(".admonition-title");
        heading.setAttribute("role", "heading");
        heading.setAttribute("aria-level", String(level));
        stepBox.appendChild(leaf);
        stepBox.appendChild(resultTools(node));
      } else {
        heading = make("h" + level, "tree-step__q");
        heading.innerHTML = node.qHTML;
        heading.id = uid + "-q";
        stepBox.appendChild(heading);
        node.hints.forEach(function (hint) { stepBox.appendChild(hint.cloneNode(true)); });
        var group = make("div", "tree-step__answers");
        group.setAttribute("role", "group");
        group.setAttribute("aria-labelledby", heading.id);
        node.answers.forEach(function (a) {
          var button = make("button", "md-button tree-answer");
          button.type = "button";
          button.innerHTML = a.html;
          button.setAttribute("data-next", a.next);
          group.appendChild(button);
        });
        stepBox.appendChild(group);
      }
      heading.setAttribute("tabindex", "-1");
      heading.classList.add("tree-step__heading");
      if (prefix !== null) {
        var said = path.length > 1 ? t.answered(answerLabel(path[path.length - 2], node.id)) : prefix;
        status.textContent = (said ? said + " " : "") +
          (node.kind === "leaf" ? t.result + t.colon + node.title : t.step(path.length) + t.colon + node.q);
      }
      if (focus) {
        heading.focus({ preventScroll: true });
        scrollBelowHeader(heading);    /* the new question or result, whole, just below the header */
      }
    }

    function go(newPath, prefix) {
      path = newPath;
      writeUrl(true);
      render(true, prefix);
    }

    stepBox.addEventListener("click", function (event) {
      var button = event.target.closest(".tree-answer");
      if (!button) return;
      go(path.concat(button.getAttribute("data-next")), "");
    });
    trailList.addEventListener("click", function (event) {
      var button = event.target.closest(".tree-trail__button");
      if (!button) return;
      go(path.slice(0, +button.getAttribute("data-index") + 1), "");
    });
    restart.addEventListener("click", function () { go([start], t.restarted); });
    toggle.addEventListener("click", function () {
      var all = root.classList.toggle("kb-tree--all");
      toggle.setAttribute("aria-expanded", all ? "true" : "false");
      toggle.textContent = all ? t.hideAll : t.showAll;
    });
    window.addEventListener("popstate", function () {
      if (!document.contains(root)) return;         /* a page replaced by instant loading */
      var restored = parsePath(nodes, start, new URL(window.location.href).searchParams.get(param));
      if (restored.join(".") !== path.join(".")) { path = restored; render(true, ""); }
    });

    var initial = new URL(window.location.href).searchParams.get(param);
    path = parsePath(nodes, start, initial);
    if (initial !== null && path.join(".") !== initial) writeUrl(false);
    render(initial !== null, initial !== null ? "" : null);
    if (initial !== null) {
      /* set up while the page is still loading: the rest of the page is not there yet to scroll past */
      var land = function () { scrollBelowHeader(panel); };
      if (document.readyState === "complete") land(); else window.addEventListener("load", land, { once: true });
    }
  }

  /* Printing shows every branch: open all details (CSS does the rest), then restore them. */
  var reopened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll(".kb-tree details:not([open])").forEach(function (el) {
      el.setAttribute("open", "");
      reopened.push(el);
    });
  });
  window.addEventListener("afterprint", function () {
    reopened.forEach(function (el) { el.removeAttribute("open"); });
    reopened = [];
  });

  function init() {
    document.querySelectorAll(".kb-tree[data-tree]").forEach(setup);
  }

  /* hooks/trees.py inlines this file after the h1 of a page holding a tree and calls setup right after
     each tree, so the step-by-step view replaces the nested details before the page is first painted
     (no layout shift); init below covers anything else. */
  window.kbTrees = { setup: setup };

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);              /* Material's page loading (also with instant loading) */
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
