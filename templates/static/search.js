// Pagefind's default UI, served from this site under any sub-path; results land on the matching paragraph.
(function () {
  "use strict";
  var root = new URL("../", document.currentScript.src).pathname;
  var PARAGRAPH = /^p\d+$/;

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

  // Sub-results per paragraph (#p12) instead of per heading: group the match locations by the block they fall in.
  function paragraphSubResults(result) {
    var anchors = (result.anchors || []).filter(function (a) { return PARAGRAPH.test(a.id); })
      .sort(function (a, b) { return a.location - b.location; });
    if (!anchors.length || !result.locations) return result;
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
    result.sub_results = groups.slice(0, 5).map(function (g) {
      var title = g.anchor.text.replace(/\u00ad/g, "").replace(/¶.*$/, "").trim();
      return {
        title: title.length > 90 ? title.slice(0, 90) + " …" : title,
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

  new PagefindUI({
    element: "#zoeken",
    bundlePath: root + "pagefind/",
    baseUrl: root,
    showSubResults: true,
    showImages: false,
    resetStyles: false,
    openFilters: ["gemeente"],
    processResult: paragraphSubResults
  });
})();
