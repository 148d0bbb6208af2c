(function () {
  var table = document.getElementById("models"), body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var text = document.getElementById("filter"), verdict = document.getElementById("verdict");
  var from = document.getElementById("from"), shown = document.getElementById("shown");
  function apply() {
    var q = text.value.toLowerCase(), v = verdict.value, f = from.value, n = 0;
    rows.forEach(function (r) {
      var ok = (!q || r.textContent.toLowerCase().indexOf(q) >= 0) && (!v || r.dataset.verdict === v) &&
        (!f || r.dataset.from === f);
      r.hidden = !ok;
      if (ok) { n++; }
    });
    shown.textContent = String(n);
  }
  [text, verdict, from].forEach(function (el) { el.addEventListener("input", apply); });
  var heads = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(heads, function (th, i) {
    th.tabIndex = 0;
    function sort() {
      var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
      Array.prototype.forEach.call(heads, function (o) { o.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", dir > 0 ? "ascending" : "descending");
      rows.sort(function (a, b) {
        return dir * a.cells[i].textContent.localeCompare(b.cells[i].textContent, undefined, {numeric: true});
      });
      rows.forEach(function (r) { body.appendChild(r); });
    }
    th.addEventListener("click", sort);
    th.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { sort(); } });
  });
  document.getElementById("controls").hidden = false;
})();
