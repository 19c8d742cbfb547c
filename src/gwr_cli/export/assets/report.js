(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("gwr-data").textContent);
  // Maps without a prototype: a unit may be called "hasOwnProperty",
  // "constructor" or "__proto__" (document text is untrusted).
  function dict(obj) {
    var out = Object.create(null);
    Object.keys(obj || {}).forEach(function (k) { out[k] = obj[k]; });
    return out;
  }
  var units = dict(data.units), roleLabels = dict(data.roleLabels);
  Object.keys(units).forEach(function (k) { units[k] = dict(units[k]); });
  var dept = document.getElementById("dept");
  var q = document.getElementById("q");
  var count = document.getElementById("count");
  var note = document.getElementById("filter-note");
  var empty = document.getElementById("empty");
  var deptNote = document.getElementById("dept-note");
  var rows = [].slice.call(document.querySelectorAll("tr[data-id]"));
  var groups = [].slice.call(document.querySelectorAll("section.group"));
  var index = new gwrMatch.Index(data);
  function findUnit(v) {
    /* as `gwr list --dept`: any spelling (住建), a unique part, else a hint */
    var found = gwrMatch.findUnit(data, v);
    if (found.unit !== null) { return { unit: found.unit, note: "" }; }
    var note = found.candidates ?
      "有多个单位符合“" + v + "”：" + found.candidates.join("、") :
      "未找到单位“" + v + "”" +
        (found.suggestions && found.suggestions.length ? "，是否指：" + found.suggestions.join("、") + "？" : "");
    return { unit: null, note: note };
  }
  function readHash() {
    var out = Object.create(null), parts = location.hash.replace(/^#/, "").split("&");
    for (var i = 0; i < parts.length; i++) {
      var at = parts[i].indexOf("="), key = at < 0 ? parts[i] : parts[i].slice(0, at);
      var value = at < 0 ? "" : parts[i].slice(at + 1);
      if (key) {
        try { out[decodeURIComponent(key)] = decodeURIComponent(value.replace(/\+/g, " ")); }
        catch (e) { /* a malformed hash is ignored */ }
      }
    }
    return out;
  }
  function writeHash() {
    var parts = [];
    if (dept.value) { parts.push("dept=" + encodeURIComponent(dept.value)); }
    if (q.value) { parts.push("q=" + encodeURIComponent(q.value)); }
    var hash = parts.length ? "#" + parts.join("&") : "";
    if (history.replaceState) {
      history.replaceState(null, "", location.pathname + location.search + hash);
    }
  }
  function apply(unknown) {
    var unit = dept.value, roles = unit ? units[unit] : null;
    var found = index.search(q.value), wanted = null, shown = 0;
    if (found !== null) {
      wanted = {};
      found.forEach(function (position) { wanted[String(data.ids[position])] = true; });
    }
    rows.forEach(function (r) {
      var role = roles ? roles[r.getAttribute("data-id")] : null;
      var ok = (!roles || !!role) && (!wanted || !!wanted[r.getAttribute("data-id")]);
      r.hidden = !ok;
      var cell = r.querySelector(".role");
      var via = role && role[1] ? "（经" + role[1] + "）" : "";
      cell.textContent = role ? roleLabels[role[0]] + via : "";
      cell.className = "role role-col" + (role ? " " + role[0] : "");
      var marks = r.querySelectorAll("[data-unit]");
      for (var i = 0; i < marks.length; i++) {
        var m = marks[i].getAttribute("data-unit");
        marks[i].className = unit && (m === unit || (role && m === role[1])) ? "mine" : "";
      }
      if (ok) { shown++; }
    });
    groups.forEach(function (g) { g.hidden = !g.querySelector("tr[data-id]:not([hidden])"); });
    document.body.className = roles ? "by-dept" : "";
    count.textContent = "显示 " + shown + " / " + rows.length + " 项";
    deptNote.textContent = unknown || "";
    deptNote.hidden = !unknown;
    empty.hidden = shown > 0;
    var bits = [];
    if (unknown) { bits.push(unknown); }
    if (unit) { bits.push("单位：" + unit); }
    if (q.value) { bits.push("搜索：" + q.value); }
    bits.push("共 " + shown + " 项");
    note.textContent = bits.join("　");
  }
  function fromHash() {
    var h = readHash(), unknown = "";
    if (h.dept !== undefined) {
      var found = findUnit(h.dept);
      dept.value = found.unit || "";
      unknown = found.note;
    }
    if (h.q !== undefined) { q.value = h.q; }
    apply(unknown);
  }
  dept.addEventListener("change", function () { apply(""); writeHash(); });
  q.addEventListener("input", function () { apply(""); writeHash(); });
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();
