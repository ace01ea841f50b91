/* Starts the page tools (report builder, fee check). hooks/tools.py inlines this file after the last
   tool block of a page, with a call naming each tool's script: kbStart({"fee-check": "<url>"}). A tool's
   script is loaded, and its form built, when its block comes within a screen of the viewport, or at
   once when the address leads to it (#the heading or block, or ?symptom= for the report builder), so a
   page opened to be read neither downloads nor builds forms it may never use: building one was the
   longest task of the page's load on a slow phone. While a form the address leads to is loading, its
   block holds a screen's height, so nothing below it moves when the form arrives. The text for readers
   without JavaScript stays in the block either way. Hand-written: nothing existing does this. */
(function () {
  "use strict";

  var LEADS = { "report-builder": /[?&](symptom|path)=/ };    // an address that opens the tool filled in
  var setups = {};      // tool -> its setup(block), once its script has run
  var waiting = {};     // tool -> blocks to set up when its script has run

  /* The block is what #… names: the block itself, something in it, or the heading just above it. */
  function named(block) {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) return false;
    if (block === target || block.contains(target)) return true;
    var before = block.previousElementSibling;
    while (before && !/^H[1-6]$/.test(before.tagName)) before = before.previousElementSibling;
    return before === target;
  }

  function start(name, block, url) {
    if (setups[name]) { setups[name](block); return; }
    if (waiting[name]) { waiting[name].push(block); return; }
    waiting[name] = [block];
    var script = document.createElement("script");
    script.src = url;
    script.onerror = function () {      // offline or blocked: the block keeps its text
      waiting[name].forEach(function (b) { b.classList.remove("kb-tool--loading"); });
    };
    document.head.appendChild(script);
  }

  window.kbStart = function (scripts) {
    Object.keys(scripts).forEach(function (name) {
      var blocks = document.querySelectorAll('[data-kb-tool="' + name + '"]');
      Array.prototype.forEach.call(blocks, function (block) {
        if (named(block) || (LEADS[name] && LEADS[name].test(location.search))) {
          block.classList.add("kb-tool--loading");
          start(name, block, scripts[name]);
        } else if (!("IntersectionObserver" in window)) {
          start(name, block, scripts[name]);
        } else {
          var near = new IntersectionObserver(function (entries) {
            if (!entries.some(function (entry) { return entry.isIntersecting; })) return;
            near.disconnect();
            start(name, block, scripts[name]);
          }, { rootMargin: "100% 0px" });
          near.observe(block);
        }
      });
    });
  };

  /* Called by a tool's script when it has run. */
  window.kbStart.ready = function (name, setup) {
    setups[name] = setup;
    (waiting[name] || []).forEach(function (block) {
      setup(block);
      block.classList.remove("kb-tool--loading");
    });
    waiting[name] = [];
  };
})();
