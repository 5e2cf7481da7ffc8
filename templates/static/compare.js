// compare.html: the municipalities chosen in the address (?gemeente=A&gemeente=B) side by side, and the
// overview sortable by any column. Without this script the overview table reads as it is.
(function () {
  "use strict";
  var table = document.querySelector("table.overview");
  if (!table) return;
  var data = {themes: [], places: Object.create(null)};  // as the table has them: [label, slug] per theme; name -> [slug, total, counts]
  table.querySelectorAll("thead th[data-theme]").forEach(function (th) { data.themes.push([th.textContent.trim(), th.dataset.theme]); });
  Array.prototype.forEach.call(table.tBodies[0].rows, function (tr) {
    data.places[tr.querySelector("input").value] = [tr.dataset.slug, +tr.dataset.total, tr.dataset.counts.split(" ").map(Number)];
  });

  function link(href, text) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    return a;
  }

  function cell(tag, content) {
    var c = document.createElement(tag);
    if (typeof content === "string") c.textContent = content; else c.appendChild(content);
    return c;
  }

  function sideBySide(chosen) {
    var section = document.getElementById("naast-elkaar");
    var known = chosen.filter(function (m) { return data.places[m]; });
    var unknown = chosen.filter(function (m) { return !data.places[m]; });
    if (!chosen.length) return;
    section.hidden = false;
    if (unknown.length) {
      var p = cell("p", "Niet in dit corpus: " + unknown.join(", ") + ".");
      p.setAttribute("role", "status");
      section.appendChild(p);
    }
    if (!known.length) return;
    var t = document.createElement("table");
    t.className = "side-by-side";
    t.appendChild(cell("caption", "Items per thema: aantal en aandeel van alle items van de gemeente"));
    var head = document.createElement("tr");
    head.appendChild(cell("th", "Thema"));
    known.forEach(function (m) {
      var th = cell("th", link("municipalities/" + data.places[m][0] + ".html", m));
      th.scope = "col";
      head.appendChild(th);
    });
    t.createTHead().appendChild(head);
    var body = t.createTBody();
    data.themes.forEach(function (theme, i) {
      var tr = document.createElement("tr");
      var th = cell("th", link("themes/" + theme[1] + ".html", theme[0]));
      th.scope = "row";
      tr.appendChild(th);
      known.forEach(function (m) {
        var place = data.places[m], n = place[2][i];
        var share = place[1] ? Math.round(100 * n / place[1]) : 0;
        tr.appendChild(n ? cell("td", link("themes/" + theme[1] + ".html#" + place[0], n + " (" + share + "%)")) : cell("td", ""));
      });
      body.appendChild(tr);
    });
    var wrap = document.createElement("div");
    wrap.className = "scroll";
    wrap.appendChild(t);
    section.appendChild(wrap);
    table.querySelectorAll("input[name=gemeente]").forEach(function (box) { box.checked = known.indexOf(box.value) >= 0; });
  }

  function value(row, column, numeric) {
    var text = row.cells[column].textContent.trim();
    return numeric ? (text === "" ? -1 : parseFloat(text.replace(/\./g, "").replace(",", "."))) : text;
  }

  function sortable() {
    var body = table.tBodies[0];
    var headers = table.querySelectorAll("thead th[data-sort]");
    headers.forEach(function (th) {
      var numeric = th.dataset.sort === "number";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (th.firstChild) {  // a theme's link becomes the button's text (the list below the table links the themes)
        var child = th.removeChild(th.firstChild);
        button.appendChild(child.nodeName === "A" ? document.createTextNode(child.textContent) : child);
      }
      th.appendChild(button);
      button.addEventListener("click", function () {
        var current = th.getAttribute("aria-sort");  // first click: largest or A first; again: the other way
        var descending = current ? current === "ascending" : numeric;
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = value(a, th.cellIndex, numeric), y = value(b, th.cellIndex, numeric);
          var order = numeric ? x - y : x.localeCompare(y, "nl");
          return (descending ? -order : order) || value(a, 0, false).localeCompare(value(b, 0, false), "nl");
        });
        rows.forEach(function (r) { body.appendChild(r); });
        headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", descending ? "descending" : "ascending");
      });
    });
  }

  sideBySide(new URLSearchParams(location.search).getAll("gemeente"));
  sortable();
})();
