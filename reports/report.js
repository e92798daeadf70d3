/* dockaudit HTML report: filters, search, and the failures opened for print.
 * It reads the page's own data- attributes; no data is in this script. */
(function () {
  "use strict";
  document.documentElement.classList.remove("nojs");
  var rules = Array.prototype.slice.call(document.querySelectorAll("details.rule"));
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[data-filter-status]"));
  var level = document.getElementById("f-level");
  var section = document.getElementById("f-section");
  var search = document.getElementById("f-search");
  var shown = document.getElementById("f-shown");
  function apply() {
    var want = {};
    boxes.forEach(function (b) { want[b.getAttribute("data-filter-status")] = b.checked; });
    var q = search.value.trim().toLowerCase();
    var n = 0;
    rules.forEach(function (r) {
      var ok = want[r.getAttribute("data-status")] !== false &&
        (level.value === "" || r.getAttribute("data-level") === level.value) &&
        (section.value === "" || r.getAttribute("data-section") === section.value) &&
        (q === "" || r.getAttribute("data-search").indexOf(q) !== -1);
      r.hidden = !ok;
      if (ok) n++;
    });
    shown.textContent = n + " of " + rules.length + " rules shown";
  }
  boxes.forEach(function (b) { b.addEventListener("change", apply); });
  [level, section].forEach(function (s) { s.addEventListener("change", apply); });
  search.addEventListener("input", apply);
  apply();
  /* Print the failures opened (the rest is in the compact table of all
   * rules, and what could not be checked in the findings, by cause), then
   * put the page back. */
  var closed = [];
  window.addEventListener("beforeprint", function () {
    closed = Array.prototype.slice.call(document.querySelectorAll(
      "details.rule[data-status=fail]:not([open]), details.rule[data-status=fail] details:not([open])"));
    closed.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    closed.forEach(function (d) { d.open = false; });
    closed = [];
  });
})();
