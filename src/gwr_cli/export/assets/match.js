/* The CLI's matching, for the page (gwr_cli.units.Registry.find and
   gwr_cli.search.engine): the same rules over the same data, so a unit or a
   search finds in the page what `gwr list --dept` and `gwr list --keyword`
   find.  No network, no libraries. */
var gwrMatch = (function () {
  "use strict";
  var SPLIT = /[\s,，、;；。.!！?？\/|:：()（）\[\]【】“”"'‘’《》<>+＋]+/;
  var NOT_IN_WINDOW = " \t\n，。、；：！？“”‘’（）()《》,.;:!?";
  var MAX_TERM_LEN = 16, MIN_FUZZY_LEN = 3, MAX_CORRECTIONS = 4;

  function chars(s) { return Array.from(String(s || "")); }
  function nfkc(s) { s = String(s || ""); return s.normalize ? s.normalize("NFKC") : s; }
  /* norm_key: NFKC, no white space (unit spellings) */
  function normKey(s) { return nfkc(s).replace(/\s+/g, ""); }
  /* query_words: NFKC, lower case, split at white space and punctuation */
  function queryWords(q) {
    var seen = Object.create(null), out = [];
    nfkc(q).toLowerCase().split(SPLIT).forEach(function (w) {
      if (w && /[\p{L}\p{N}]/u.test(w) && !seen[w]) { seen[w] = true; out.push(w); }
    });
    return out;
  }
  /* rapidfuzz's fuzz.ratio: 100 × (1 − Indel distance / total length) */
  function ratio(a, b) {
    a = chars(a); b = chars(b);
    if (!a.length && !b.length) { return 100; }
    var prev = new Array(b.length + 1).fill(0);
    for (var i = 1; i <= a.length; i++) {
      var cur = [0];
      for (var j = 1; j <= b.length; j++) {
        cur[j] = a[i - 1] === b[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
      }
      prev = cur;
    }
    return 200 * prev[b.length] / (a.length + b.length);
  }
  function levenshtein(a, b, limit) {
    var prev = [], i, j;
    for (j = 0; j <= b.length; j++) { prev[j] = j; }
    for (i = 1; i <= a.length; i++) {
      var cur = [i], low = i;
      for (j = 1; j <= b.length; j++) {
        cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (cur[j] < low) { low = cur[j]; }
      }
      if (low > limit) { return limit + 1; }
      prev = cur;
    }
    return prev[b.length];
  }

  /* Registry.find: any spelling; else a unique part of one; else the
     closest names (ratio ≥ 60), as the CLI suggests them. */
  function findUnit(data, query) {
    var text = String(query || "").trim(), key = normKey(text), names = Object.keys(data.spellings);
    if (!key) { return { unit: "" }; }
    var exact = names.filter(function (n) {
      return data.spellings[n].some(function (s) { return normKey(s) === key; });
    });
    if (exact.length) { return { unit: exact[0] }; }
    var part = names.filter(function (n) {
      return data.spellings[n].some(function (s) { return normKey(s).indexOf(key) >= 0; });
    });
    if (part.length === 1) { return { unit: part[0] }; }
    if (part.length > 1) { return { unit: null, candidates: part }; }
    var scored = [];
    names.forEach(function (n) {
      var best = Math.max.apply(null, data.spellings[n].map(function (s) { return ratio(text, s); }));
      if (best >= 60) { scored.push([best, n]); }
    });
    scored.sort(function (x, y) { return y[0] - x[0]; });
    return { unit: null, suggestions: scored.slice(0, 3).map(function (x) { return x[1]; }) };
  }

  /* search.engine, scores and all: a word counts for a task when the best
     scoring of its variants (the word, its synonyms, its likely corrections)
     holds it whole, as `gwr search` and `gwr list --keyword` decide. */
  var K1 = 1.2, B = 0.75, SUBTERM_WEIGHT = 0.5, UNIT_WEIGHT = 0.6, SUPPORT_TF = 0.4;
  var SYNONYM_WEIGHT = 0.9, EXPANSION_WEIGHT = 0.5;
  function idf(n, df) { return Math.log(1 + (n - df + 0.5) / (df + 0.5)); }
  function bm25(tf, weight, length, avg, b) {
    return weight * tf * (K1 + 1) / (tf + K1 * (1 - b + b * length / avg));
  }
  function count(text, phrase) {
    var n = 0, at = text.indexOf(phrase);
    while (at >= 0) { n++; at = text.indexOf(phrase, at + phrase.length); }
    return n;
  }
  function Index(data) {
    this.texts = data.texts;
    this.units = data.taskUnits;  /* per task: [role, spellings joined by \n] */
    this.unitTexts = data.taskUnits.map(function (us) {
      return us.map(function (u) { return u[1]; }).join("\n");
    });
    this.terms = data.terms;  /* term → [[task position, tf], …] */
    this.lengths = data.lengths;
    this.synonyms = data.synonyms;
    this.n = this.texts.length;
    var chars_ = 0, tokens = 0, i;
    for (i = 0; i < this.n; i++) { chars_ += chars(this.texts[i]).length; tokens += this.lengths[i]; }
    this.avgChars = chars_ / Math.max(this.n, 1) || 1;
    this.avgTokens = tokens / Math.max(this.n, 1) || 1;
  }
  Index.prototype.present = function (phrase) {
    var inText = function (t) { return t.indexOf(phrase) >= 0; };
    return this.texts.some(inText) || this.unitTexts.some(inText);
  };
  Index.prototype.variants = function (word) {
    var out = [[word, 1]], syn = this.synonyms, self = this;
    Object.keys(syn).forEach(function (key) {
      if (word.indexOf(key) < 0) { return; }
      syn[key].forEach(function (target) {
        if (key === word) { out.push([target, SYNONYM_WEIGHT]); }
        else {
          out.push([word.split(key).join(target), SYNONYM_WEIGHT]);
          out.push([target, EXPANSION_WEIGHT]);
        }
      });
    });
    var size = chars(word).length;
    if (size >= MIN_FUZZY_LEN && !out.some(function (v) { return self.present(v[0]); })) {
      this.corrections(word).forEach(function (c) { out.push([c[0], 1 - c[1] / size]); });
    }
    return out;
  };
  /* search.engine.corrections: windows of the texts within edit distance 1
     (2 from six characters on) of a word found nowhere: a likely typo. */
  Index.prototype.corrections = function (word) {
    var w = chars(word), size = w.length, limit = size <= 5 ? 1 : 2, best = Object.create(null);
    this.texts.concat(this.unitTexts).forEach(function (text) {
      var t = chars(text), choice = null;
      for (var start = 0; start < t.length; start++) {
        for (var length = size - limit; length <= size + limit; length++) {
          if (start + length > t.length || length <= 0) { continue; }
          var win = t.slice(start, start + length);
          if (win.some(function (c) { return NOT_IN_WINDOW.indexOf(c) >= 0; })) { continue; }
          var dist = levenshtein(w, win, limit);
          if (dist > limit || dist === 0) { continue; }
          if (!choice || dist < choice[0] ||
              (dist === choice[0] && Math.abs(length - size) < choice[1])) {
            choice = [dist, Math.abs(length - size), win.join("")];
          }
        }
      }
      if (choice) { best[choice[2]] = Math.min(best[choice[2]] || limit, choice[0]); }
    });
    return Object.keys(best).sort(function (a, b) {
      return best[a] - best[b] || chars(b).length - chars(a).length;
    }).slice(0, MAX_CORRECTIONS).map(function (k) { return [k, best[k]]; });
  };
  /* _variant_scores: the variant's score in each task, and whether it holds
     the phrase whole (in the text, in a unit's spellings, or as stored
     terms that together cover every character of it, 电信…诈骗). */
  Index.prototype.score = function (phrase) {
    var self = this, scores = Object.create(null), full = Object.create(null), covered = Object.create(null), i, df = 0;
    var texts = this.texts, p = chars(phrase);
    var tfs = Object.create(null);
    for (i = 0; i < this.n; i++) {
      if (texts[i].indexOf(phrase) >= 0) { tfs[i] = count(texts[i], phrase); df++; }
    }
    var w = idf(this.n, df);
    Object.keys(tfs).forEach(function (k) {
      scores[k] = bm25(tfs[k], w, chars(texts[k]).length, self.avgChars, B);
      full[k] = true;
    });
    var units = Object.create(null);
    df = 0;
    for (i = 0; i < this.n; i++) {
      if (this.unitTexts[i].indexOf(phrase) < 0) { continue; }
      var tf = 0;
      this.units[i].forEach(function (u) {
        if (u[1].indexOf(phrase) >= 0) { tf += u[0] === "lead" ? 1 : SUPPORT_TF; }
      });
      units[i] = tf;
      df++;
    }
    w = idf(this.n, df);
    Object.keys(units).forEach(function (k) {
      scores[k] = (scores[k] || 0) + UNIT_WEIGHT * bm25(units[k], w, 1, 1, 0);
      full[k] = true;
    });
    var subterms = [];
    for (var a = 0; a < p.length; a++) {
      for (var b = a + 2; b <= Math.min(p.length, a + MAX_TERM_LEN); b++) {
        var piece = p.slice(a, b).join("");
        if (piece !== phrase && !/^\d+$/.test(piece) && this.terms[piece] &&
            subterms.indexOf(piece) < 0) {
          subterms.push(piece);
        }
      }
    }
    subterms.forEach(function (term) {
      var places = [], t = chars(term), at, k;
      for (at = 0; at + t.length <= p.length; at++) {
        if (p.slice(at, at + t.length).join("") === term) {
          for (k = at; k < at + t.length; k++) { places.push(k); }
          at += t.length - 1;
        }
      }
      var rows = self.terms[term], tw = idf(self.n, rows.length);
      rows.forEach(function (row) {
        var s = bm25(row[1], tw, self.lengths[row[0]], self.avgTokens, B);
        scores[row[0]] = (scores[row[0]] || 0) + SUBTERM_WEIGHT * s / subterms.length;
        covered[row[0]] = covered[row[0]] || {};
        places.forEach(function (x) { covered[row[0]][x] = true; });
      });
    });
    Object.keys(covered).forEach(function (k) {
      if (Object.keys(covered[k]).length === p.length) { full[k] = true; }
    });
    return { scores: scores, full: full };
  };
  /* gwr list --keyword: the positions of the tasks that hold every word;
     null for no query. */
  Index.prototype.search = function (query) {
    var words = queryWords(query), self = this;
    if (!words.length) { return null; }
    var held = Object.create(null);
    words.forEach(function (word) {
      var best = Object.create(null);
      self.variants(word).forEach(function (variant) {
        var found = self.score(variant[0]);
        Object.keys(found.scores).forEach(function (k) {
          var weighted = variant[1] * found.scores[k];
          if (weighted > (best[k] ? best[k][0] : 0)) { best[k] = [weighted, !!found.full[k]]; }
        });
      });
      Object.keys(best).forEach(function (k) { if (best[k][1]) { held[k] = (held[k] || 0) + 1; } });
    });
    var positions = [];
    for (var i = 0; i < this.n; i++) { if (held[i] === words.length) { positions.push(i); } }
    return positions;
  };
  return { findUnit: findUnit, Index: Index, queryWords: queryWords, ratio: ratio };
})();
