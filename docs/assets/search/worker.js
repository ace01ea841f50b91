/* Search worker wrapper: runs Material's own search worker unchanged, rewrites each query into words of this language's index before lunr sees it (Chinese re-cut, typing variants normalised, English word forms) and re-ranks the pages of the answer by how much of the query they match; hand-written because Material 9.8.2's in-browser cutter always drops a word's last character and gives up at the first unknown position, and nothing existing replaces it. */
/* How: hooks/search_index.py points every page's __config "search" at this file and writes the
   hashed name of Material's worker below. The wrapper listens for messages before Material does
   (so it sees the query as typed and the index's config), notes the index's tokens when lunr builds
   it, and wraps lunr.QueryParser so that Material's analysis of the query and lunr's search both
   parse our query instead of Material's. Material's scoring, grouping and highlighting stay its own; only the order of pages changes (rerank). Works as a real worker (online)
   and inside the iframe-worker shim of the offline copy (file://), where importScripts is async
   and resolves paths against the page, not this file. */
(function () {
  "use strict"
  var MATERIAL_WORKER = "../javascripts/workers/__MATERIAL_SEARCH_WORKER__"
  var HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/
  var HAN_RUNS = /([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)/
  var MAX_WORD = 12                 // longest index token tried when cutting (whole keyword phrases)
  var typed = null                  // the query of the message being handled, as the merchant typed it
  var stop = {}                     // words left out of queries (config.stopwords, from the hook)
  var exact = {}                    // words searched whole, not as prefixes (config.exactwords)
  var intents = []                  // config.intents: words asking for a kind of page ({words, pages, boost})
  var helpers = {}                  // words rewrite() added as parts of a whole phrase of the index, not typed
  var senses = {}                   // config.senses: a word with two meanings -> the sections of the second one

  /* Cut one run of Chinese characters into the fewest tokens of `vocab`, preferring fewer single
     characters (bidirectional maximum matching, done exactly as a shortest path), never using the
     token `not` whole. A character that begins no token stays alone. Returns the words in order. */
  function cut(run, vocab, not) {
    var n = run.length, best = [[0, 0, -1]]          // [segments, single characters, previous cut]
    for (var i = 1; i <= n; i++) {
      best[i] = null
      for (var j = Math.max(0, i - MAX_WORD); j < i; j++) {
        var word = run.slice(j, i)
        if (i - j > 1 && (!vocab.has(word) || word === not)) continue
        var cost = [best[j][0] + 1, best[j][1] + (i - j === 1 ? 1 : 0), j]
        if (!best[i] || cost[0] < best[i][0] || (cost[0] === best[i][0] && cost[1] < best[i][1])) best[i] = cost
      }
    }
    var words = []
    for (var k = n; k > 0; k = best[k][2]) words.unshift(run.slice(best[k][2], k))
    return words
  }

  /* How merchants type what the index spells otherwise: full-width Latin letters and digits of a
     Chinese input method ('ＰＯＳ', 'Ａ０'), the variant 帐 for 账 ('到帐', '对帐'), and English
     contractions without their apostrophe ('dont' for "don't", as the index keeps it). */
  var CONTRACTIONS = /\b(do|does|did|is|are|was|were|has|have|had|ca|wo|could|would|should)n[’']?t\b/gi
  function normalise(query) {
    return query
      .replace(/[\uff01-\uff5e]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0xfee0) })
      .replace(/\u3000/g, " ")
      .replace(/帐/g, "账")
      .replace(CONTRACTIONS, function (word, stem) { return stem + "n't" })
  }

  /* An English word cut back to what its forms share, searched as a prefix: the index keeps words
     as written (no stemmer, see hooks/kb/search.py), so 'payments' must find 'payment', 'arrived'
     'arrive', 'charged' 'charge' and 'charging', 'fees' 'fee'. Only the regular endings, and never
     shorter than three letters (a plural) or four (other endings). */
  function stem(word) {
    if (!/^[a-z]+$/.test(word)) return word
    var cut = /ies$/.test(word) ? 3 : /ing$/.test(word) ? 3 : /ed$/.test(word) ? 2 : /[^su]s$/.test(word) ? 1 : 0
    return word.length - cut >= (cut === 1 ? 3 : 4) ? word.slice(0, word.length - cut) : word
  }

  /* The lunr query for a typed query: each Chinese word of the index as a term
     (prefix match for words of two or more characters and for the last word, which may still be
     being typed; exact match for a single character inside the query, so '钱' does not pull in
     every word starting with it), function words and characters unknown to the index left out;
     other text as Material treats it (lower case, prefix match) but without stop words, which the
     index does not hold and which, as prefixes ('the*', 'to*'), would only match noise; the last
     word stays, it may be the start of a longer one. */
  function rewrite(query, vocab) {
    query = normalise(query)
    helpers = {}
    var terms = [], parts = query.trim().split(HAN_RUNS)
    while (parts.length && !parts[parts.length - 1].trim()) parts.pop()
    for (var p = 0; p < parts.length; p++) {
      var part = parts[p]
      if (!part) continue
      if (p % 2 === 1) {
        var words = cut(part, vocab)
        for (var w = 0; w < words.length; w++) {
          var word = words[w], last = p === parts.length - 1 && w === words.length - 1
          if (stop[word] || !vocab.has(word)) {
            if (!(last && word.length === 1 && !stop[word])) continue
            terms.push(word + "*")                   // a last character being typed: a prefix
            continue
          }
          terms.push(word.length > 1 || last ? word + "*" : word)
          if (word.length >= 4) {                    // a whole phrase of the index: its words count too
            var inner = cut(word, vocab, word)
            for (var i = 0; i < inner.length; i++)
              if (inner[i] !== word && !stop[inner[i]] && vocab.has(inner[i])) {
                terms.push(inner[i].length > 1 ? inner[i] + "*" : inner[i])
                helpers[inner[i]] = true
              }
          }
        }
      } else {
        var latin = part.toLowerCase().split(/[\s\u3000\-、。，．？！；,.?!;:："“”‘’()（）]+/)
        for (var l = 0; l < latin.length; l++) {
          var term = latin[l].replace(/[*~^:]/g, "").replace(/^[+]+/, "")
          var final = p === parts.length - 1 && l === latin.length - 1
          if (!/[a-z0-9]/.test(term) || (stop[term] && !final)) continue
          terms.push(exact[term] && !final ? term : stem(term) + "*")
        }
      }
    }
    return terms.join(" ")
  }

  var vocab = new Set()              // every token of the index being searched

  /* Pages re-ranked by how much of the query they answer. Material scores each section alone and
     rewards it for the share of the query's words it matches, but that reward is small against
     lunr's scores, so a page matching two common words in its title ('没有', '到账') beats the page
     that matches three of four words across its sections. Here a page's score is its best
     section's score times the share of the query's words matched anywhere on the page (its
     sections as returned, each with Material's per-word `terms`). Measured on the seen query sets
     (543 queries): zh 90.8% -> 93.8%, en 93.3% -> 94.1% in the first three; the coverage squared
     did no better, weighting words by rarity did worse. Order inside a page stays Material's. */
  function rerank(groups, query) {
    var code = leadingCode(query === undefined ? typed : query)
    var asked = intents.filter(function (intent) {
      return groups.some(function (items) {
        return items.some(function (item) { return Object.keys(item.terms || {}).some(function (t) { return intent.words[t] }) })
      })
    })
    var ranked = groups.map(function (items, position) {
      var terms = {}, best = 0
      for (var i = 0; i < items.length; i++) {
        best = Math.max(best, items[i].score || 0)
        var matched = items[i].terms || {}
        for (var t in matched) terms[t] = terms[t] || !!matched[t]
      }
      var words = Object.keys(terms), hit = words.filter(function (t) { return terms[t] }).length
      var page = (items[0].location || "").split("#")[0]
      var weight = asked.reduce(function (w, intent) { return intent.pages[page] ? w * intent.boost : w }, 1)
      var row = code ? codeRow(items, code) : -1
      if (row >= 0) items = withRowFirst(items, row)
      return {items: items, position: position, code: row >= 0, score: weight * best * (words.length ? hit / words.length : 0)}
    }).sort(function (a, b) { return (b.code - a.code) || b.score - a.score || a.position - b.position })
      .map(function (ranked) { return ranked.items })
    return withSecondSense(ranked, query === undefined ? typed : query)
  }

  /* A query that is only a word with two meanings (config.senses, e.g. 'deposit': a payout, or a hotel's
     pre-authorisation, listed as the sections that hold the second meaning): the best page for the first
     meaning leads, the best page holding the second meaning follows it whatever its score, then the
     rest as ranked. With more words ('hotel deposit') the scores decide. */
  function withSecondSense(groups, query) {
    var word = query ? stem(normalise(query).trim().toLowerCase()) : ""
    var targets = (word && senses[word]) || []
    var holds = groups.map(function (items) { return items.some(function (item) { return isSection(item.location, targets) }) })
    var first = holds.indexOf(false), second = holds.indexOf(true)
    if (first < 0 || second < 0 || (first === 0 && second === 1)) return groups
    var rest = groups.filter(function (_, g) { return g !== first && g !== second })
    return [groups[first], groups[second]].concat(rest)
  }

  function isSection(location, targets) {
    var parts = (location || "").split("#")
    return targets.some(function (target) {
      var page = target.split("#")[0]
      return parts[1] === target.split("#")[1] && [page, page + "index.html", page.replace(/\/$/, "") + ".html"].indexOf(parts[0]) >= 0
    })
  }

  /* A query that starts with a response code, as terminals show it ('51-余额不足', '05-交易失败请联系发卡行',
     'A0 MAC校验错'): the code's row of the code table (the entry at '...#code-51') comes first, above
     pages that share more of the words that follow it. Returns the code in upper case, or null. */
  var LEADING_CODE = /^\s*([0-9]{2}|[a-z][0-9])(?=$|[\s\-\u2010-\u2015:\uff1a\u3001.,\uff0c]|[\u3400-\u9fff])/i
  function leadingCode(query) {
    var match = query ? LEADING_CODE.exec(normalise(query)) : null
    return match ? match[1].toUpperCase() : null
  }

  function codeRow(items, code) {
    for (var i = 0; i < items.length; i++)
      if (((items[i].location || "").split("#")[1] || "").toUpperCase() === "CODE-" + code) return i
    return -1
  }

  /* Material shows a page's sections that score at least as high as its best one and folds the rest
     under 'more': the code's row first, with the best score, so it shows right under the page title. */
  function withRowFirst(items, row) {
    var best = 0
    for (var i = 0; i < items.length; i++) best = Math.max(best, items[i].score || 0)
    var first = Object.assign({}, items[row], {score: best})
    return [first].concat(items.slice(0, row), items.slice(row + 1))
  }

  /* Material lists under each result the query's words it lacks, struck through ('Missing: 天'). For a
     single character, a word left out of queries (config.stopwords) or a word rewrite() added as a part of
     a typed phrase, that line reads like an error and tells the merchant nothing: such words are taken out
     of each result's `terms` (after re-ranking, which counts them). Missing words that were typed stay. */
  function needed(term) {
    return term.length > 1 && !stop[term] && !helpers[term]
  }

  function quiet(groups) {
    for (var g = 0; g < groups.length; g++)
      for (var i = 0; i < groups[g].length; i++) {
        var terms = groups[g][i].terms || {}
        for (var t in terms) if (!terms[t] && !needed(t)) delete terms[t]
      }
    return groups
  }

  /* Our query replaces Material's wherever lunr parses one: in Material's own analysis of the query
     (its ranking boost and highlighting count the terms that matched) and in the search itself.
     Queries written in lunr's syntax (+must -not field: term~1 term^2 "phrase") stay Material's. */
  function ours(query) {
    if (typed === null || (!HAN.test(typed) && /["*~^:]|(^|\s)[+-]/.test(typed))) return query
    return rewrite(typed, vocab) || query
  }

  function patch() {
    var lunr = self.lunr
    if (!lunr || lunr.__kbPatched) return
    var build = lunr.Builder.prototype.build
    lunr.Builder.prototype.build = function () {
      var index = build.apply(this, arguments)
      vocab = new Set(Object.keys(index.invertedIndex))
      return index
    }
    var Parser = lunr.QueryParser
    var Wrapped = function (query, clauses) { return new Parser(ours(query), clauses) }
    for (var key in Parser) if (Object.prototype.hasOwnProperty.call(Parser, key)) Wrapped[key] = Parser[key]
    Wrapped.prototype = Parser.prototype
    lunr.QueryParser = Wrapped
    lunr.__kbPatched = true
  }

  /* Registered before Material's worker is loaded, so it runs first for every message. */
  self.addEventListener("message", function (ev) {
    var data = ev.data && ev.data.data
    if (data && data.config && data.docs) {        // setup: the index of this language
      stop = {}
      exact = {}
      var words = data.config.stopwords || [], whole = data.config.exactwords || []
      for (var s = 0; s < words.length; s++) stop[words[s]] = true
      for (var e = 0; e < whole.length; e++) exact[whole[e]] = true
      senses = {}
      var two = data.config.senses || {}
      for (var sense in two) senses[stem(sense.toLowerCase())] = two[sense]
      intents = (data.config.intents || []).map(function (asks) {
        var intent = {words: {}, pages: {}, boost: asks.boost || 1}
        ;(asks.words || []).forEach(function (w) { intent.words[stem(w.toLowerCase())] = true })
        ;(asks.pages || []).forEach(function (p) { intent.pages[p] = true; intent.pages[p + "index.html"] = true })
        return intent
      })
      typed = null
      patch()                                       // Material's worker is loaded by now; it builds the index next
    } else if (typeof data === "string") {          // a query
      typed = data
    }
  })

  /* Material's worker answers a query with {type: RESULT, data: {items: [page groups]}}: re-ranked
     on the way out. Wrapped before Material's worker is loaded, so it posts through this. */
  var RESULT = 3                                    // Material 9.8.2's SearchMessageType.RESULT
  var post = self.postMessage
  self.postMessage = function (message) {
    if (message && message.type === RESULT && message.data && Array.isArray(message.data.items))
      message.data.items = quiet(rerank(message.data.items))
    return post.apply(self, arguments)
  }

  self.kbSearch = {cut: cut, rewrite: rewrite, rerank: rerank, normalise: normalise, stem: stem, quiet: quiet, leadingCode: leadingCode}     // for tests
  var here = (typeof document !== "undefined" && document.currentScript && document.currentScript.src) || self.location.href
  var material = new URL(MATERIAL_WORKER, here).href
  if (typeof document !== "undefined" && document.currentScript)
    document.currentScript.removeAttribute("src")   // in the shim, Material finds its lunr folder from the first script[src]
  /* Material's worker imports its language files relative to its own place ('../lunr/...'), not ours. */
  var load = self.importScripts
  self.importScripts = function () {
    var urls = []
    for (var u = 0; u < arguments.length; u++) urls.push(new URL(arguments[u], material).href)
    return load.apply(self, urls)
  }
  self.importScripts(material)
})()
