// Site search: reads search-index.json from this site and filters it in the browser.
// Nothing typed here leaves the reader's device. Without JavaScript the page keeps
// its full list of pages, so nothing depends on this file.
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form || !window.fetch) return;
  var input = document.getElementById("search-input");
  var status = document.getElementById("search-status");
  var results = document.getElementById("search-results");
  var allPages = document.getElementById("all-pages");
  var index = null;

  function words(text) {
    return text.toLowerCase().split(/[^a-z0-9]+/).filter(function (w) { return w.length > 1; });
  }

  function score(entry, terms) {
    var title = entry.title.toLowerCase();
    var description = entry.description.toLowerCase();
    var text = entry.text.toLowerCase();
    var total = 0;
    for (var i = 0; i < terms.length; i++) {
      var term = terms[i];
      var inTitle = title.indexOf(term) >= 0;
      var inDescription = description.indexOf(term) >= 0;
      var inText = text.indexOf(term) >= 0;
      if (!inTitle && !inDescription && !inText) return 0; // every word must match
      total += (inTitle ? 10 : 0) + (inDescription ? 3 : 0) + (inText ? 1 : 0);
    }
    return total;
  }

  function snippet(text, term) {
    var at = text.toLowerCase().indexOf(term);
    if (at < 0) return "";
    var start = Math.max(0, text.lastIndexOf(" ", Math.max(0, at - 60)));
    var end = Math.min(text.length, at + 140);
    return (start > 0 ? "\u2026" : "") + text.slice(start, end).trim() + (end < text.length ? "\u2026" : "");
  }

  function show(query) {
    var terms = words(query);
    results.textContent = "";
    if (!terms.length) {
      status.textContent = "";
      if (allPages) allPages.hidden = false;
      return;
    }
    var found = index
      .map(function (entry) { return { entry: entry, score: score(entry, terms) }; })
      .filter(function (hit) { return hit.score > 0; })
      .sort(function (a, b) { return b.score - a.score || a.entry.title.localeCompare(b.entry.title); });
    status.textContent = found.length === 1 ? "1 page found" : found.length + " pages found";
    if (allPages) allPages.hidden = found.length > 0;
    found.forEach(function (hit) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = hit.entry.url;
      link.textContent = hit.entry.title;
      var text = document.createElement("p");
      text.textContent = snippet(hit.entry.text, terms[0]) || hit.entry.description;
      item.appendChild(link);
      item.appendChild(text);
      results.appendChild(item);
    });
  }

  function load(then) {
    if (index) return then();
    fetch(form.getAttribute("data-index"))
      .then(function (response) { return response.json(); })
      .then(function (data) { index = data; then(); })
      .catch(function () { status.textContent = "Search is not available. Use the list of pages below."; });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    load(function () { show(input.value); });
    if (window.history && history.replaceState) {
      history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
    }
  });
  input.addEventListener("input", function () { load(function () { show(input.value); }); });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    input.value = query;
    load(function () { show(query); });
  }
})();
