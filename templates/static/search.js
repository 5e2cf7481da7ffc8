// Pagefind's default UI over one bundle per municipality (merged in the browser), served from this site under any
// sub-path; results say where they are from and land on the matching paragraph; the search is kept in the address.
(function () {
  "use strict";
  var root = new URL("../", document.currentScript.src).pathname;
  var PARAGRAPH = /^p\d+$/;
  var FILTERS = ["gemeente", "jaar", "documentsoort", "soort item", "thema"];
  var SEARCHABLE_FILTER = 25;  // a municipality filter with more values than this gets a search box

  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function excerpt(words, hits, start) {
    var from = Math.max(start, hits[0] - 12), to = Math.min(words.length, from + 30);
    var out = [];
    for (var i = from; i < to; i++) {
      var word = escapeHtml(words[i]);
      out.push(hits.indexOf(i) >= 0 ? "<mark>" + word + "</mark>" : word);
    }
    return (from > start ? "… " : "") + out.join(" ") + (to < words.length ? " …" : "");
  }

  // "Arnhem · 2021 · begroting": where a result is from, put before its title and its sub-results' titles.
  function origin(result) {
    var f = result.filters || {};
    return ["gemeente", "jaar", "documentsoort"].map(function (k) { return (f[k] || [])[0]; })
      .filter(Boolean).join(" · ");
  }

  // Sub-results per paragraph (#p12) instead of per heading: group the match locations by the block they fall in.
  function paragraphSubResults(result) {
    var anchors = (result.anchors || []).filter(function (a) { return PARAGRAPH.test(a.id); })
      .sort(function (a, b) { return a.location - b.location; });
    if (!anchors.length || !result.locations) {
      result.meta.title = origin(result) + " — " + result.meta.title;
      return result;
    }
    var words = result.content.replace(/\u00ad/g, "").split(/\s+/);
    var page = result.url.split("#")[0];
    var groups = [];
    result.locations.slice().sort(function (a, b) { return a - b; }).forEach(function (loc) {
      var anchor = null;
      anchors.forEach(function (a) { if (a.location <= loc) anchor = a; });
      if (!anchor) return;
      var last = groups[groups.length - 1];
      if (last && last.anchor === anchor) last.hits.push(loc);
      else groups.push({ anchor: anchor, hits: [loc] });
    });
    var from = origin(result);
    result.meta.title = from + " — " + result.meta.title;
    result.sub_results = groups.slice(0, 5).map(function (g) {
      var title = g.anchor.text.replace(/\u00ad/g, "").replace(/¶.*$/, "").trim();
      title = title.length > 90 ? title.slice(0, 90) + " …" : title || "alinea " + g.anchor.id.slice(1);
      return {
        title: from + " — " + title,
        url: page + "#" + g.anchor.id,
        excerpt: excerpt(words, g.hits, g.anchor.location),
        locations: g.hits,
        weighted_locations: [],
        anchor: g.anchor
      };
    });
    return result;
  }

  // Opened from disk, the browser blocks the search index's module loads: say what to do instead of waiting.
  if (location.protocol === "file:") {
    var notice = document.createElement("p");
    notice.className = "search-offline";
    notice.setAttribute("role", "alert");
    notice.textContent = "Zoeken werkt niet als de site als bestand geopend is (file://): de browser laadt de zoekindex dan niet. " +
      "Bekijk de site via een webserver, bijvoorbeeld met python build.py serve (dan op http://127.0.0.1:8000/), " +
      "of zet de map op een webserver. De andere pagina's werken ook zonder.";
    document.querySelector("#zoeken").appendChild(notice);
    return;
  }

  var element = document.querySelector("#zoeken");
  var ui = new PagefindUI({
    element: "#zoeken",
    bundlePath: root + "pagefind/",
    baseUrl: root,
    mergeIndex: JSON.parse(element.dataset.bundles || "[]").map(function (name) {
      return { bundlePath: root + "pagefind/" + name + "/", baseUrl: root };
    }),
    showSubResults: true,
    showImages: false,
    resetStyles: false,
    openFilters: ["gemeente"],
    processResult: paragraphSubResults
  });

  // The search in the address: search.html?q=schuldhulp&gemeente=Arnhem, read on load and kept up to date.
  var params = new URLSearchParams(location.search);
  var chosen = {};
  FILTERS.forEach(function (name) { if (params.getAll(name).length) chosen[name] = params.getAll(name); });
  if (Object.keys(chosen).length) ui.triggerFilters(chosen);
  if (params.get("q")) ui.triggerSearch(params.get("q"));

  function remember() {
    var input = element.querySelector(".pagefind-ui__search-input");
    var next = new URLSearchParams();
    if (input && input.value.trim()) next.set("q", input.value.trim());
    element.querySelectorAll(".pagefind-ui__filter-checkbox:checked").forEach(function (box) {
      next.append(box.name, box.value);  // the filter's name and value, as Pagefind's UI sets them
    });
    var query = next.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
  }
  element.addEventListener("input", remember);
  element.addEventListener("change", remember);

  // Many municipalities: a box above their filter that shows only those whose name contains what is typed.
  new MutationObserver(function () {
    element.querySelectorAll(".pagefind-ui__filter-block").forEach(function (group) {
      var name = group.querySelector(".pagefind-ui__filter-name");
      var values = group.querySelectorAll(".pagefind-ui__filter-value");
      if (!name || name.textContent.trim().toLowerCase() !== "gemeente" || values.length <= SEARCHABLE_FILTER ||
          group.querySelector(".filter-search")) return;
      var box = document.createElement("input");
      box.type = "search";
      box.className = "filter-search";
      box.placeholder = "Zoek een gemeente";
      box.setAttribute("aria-label", "Zoek een gemeente in het filter");
      box.addEventListener("input", function (event) {
        event.stopPropagation();  // not the search itself
        var typed = box.value.trim().toLowerCase();
        group.querySelectorAll(".pagefind-ui__filter-value").forEach(function (value) {
          // style, not the hidden attribute: the styles of Pagefind's UI set display on these
          value.style.display = typed !== "" && value.textContent.toLowerCase().indexOf(typed) < 0 ? "none" : "";
        });
      });
      group.querySelector(".pagefind-ui__filter-group").before(box);
    });
  }).observe(element, { childList: true, subtree: true });
})();
