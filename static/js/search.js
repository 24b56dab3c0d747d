// Site search with Pagefind: loads pagefind/pagefind.js from this site, which fetches only
// the index chunks for the words typed and the excerpts of the pages it shows. Nothing
// typed here leaves the reader's device. Without JavaScript the page keeps its full list
// of pages, so nothing depends on this file.
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form || !window.fetch || !window.DOMParser) return;
  var input = document.getElementById("search-input");
  var status = document.getElementById("search-status");
  var results = document.getElementById("search-results");
  var allPages = document.getElementById("all-pages");
  var SHOWN = 20; // results whose excerpts are fetched; the count covers them all
  var pagefind = null;
  var latest = 0; // the newest search: answers to older ones are dropped

  function load() {
    if (!pagefind) {
      pagefind = import(form.getAttribute("data-pagefind")).then(function (module) {
        return module.options({ excerptLength: 30 }).then(function () { return module; });
      });
    }
    return pagefind;
  }

  // Pagefind's excerpt is HTML: the page's text with <mark> around the words found.
  // Parse it in an inert document and copy only its text and <mark>s, so nothing else
  // in it could ever become markup on this page.
  function excerpt(html) {
    var parsed = new DOMParser().parseFromString(html, "text/html").body;
    var out = document.createElement("p");
    parsed.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  function showList(visible) {
    if (allPages) allPages.hidden = !visible;
  }

  // The page's language's words (data-* from templates/strings/<lang>.yaml); English without them.
  function words(name, fallback, count) {
    return (form.getAttribute("data-" + name) || fallback).replace("{count}", count);
  }

  function unavailable() {
    status.textContent = words("unavailable", "Search is not available. Use the list of pages below.");
    showList(true);
  }

  // Pagefind answers a word it does not hold with the pages holding its longest known
  // start ("alodinia" on the English site finds every page with "a"). So the words are
  // first looked for exactly (in quotes, still by stem: "injections" finds "injection");
  // only if that finds nothing does the plain search run, for a word still being typed,
  // and then only pages whose highlighted words share the first letters of a word typed.
  function find(module, query) {
    var exact = '"' + query.replace(/"/g, " ").trim() + '"';
    return module.search(exact).then(function (search) {
      if (search.results.length) return withPages(search.results, search.results.length, null);
      return module.search(query).then(function (loose) { return withPages(loose.results, null, query); });
    });
  }

  function withPages(hits, total, typed) {
    return Promise.all(hits.slice(0, SHOWN).map(function (r) { return r.data(); })).then(function (pages) {
      if (typed !== null) pages = pages.filter(function (data) { return sharesStart(data.excerpt, typed); });
      return { total: total === null ? pages.length : total, pages: pages };
    });
  }

  function sharesStart(html, typed) {
    var starts = typed.toLowerCase().split(/\s+/).filter(Boolean).map(function (word) {
      return word.slice(0, 4);
    });
    var marked = html.match(/<mark>[^<]*<\/mark>/g) || [];
    return marked.some(function (mark) {
      var word = mark.slice(6, -7).toLowerCase().replace(/^[^\p{L}\p{N}]+/u, "");
      return starts.some(function (start) { return word.lastIndexOf(start, 0) === 0; });
    });
  }

  function show(query) {
    var run = ++latest;
    if (!query.trim()) {
      results.textContent = "";
      status.textContent = "";
      showList(true);
      return;
    }
    load()
      .then(function (module) { return find(module, query); })
      .then(function (found) {
        if (!found || run !== latest) return;
        results.textContent = "";
        found.pages.forEach(function (data) {
          var item = document.createElement("li");
          var link = document.createElement("a");
          link.href = data.url;
          link.textContent = data.meta.title || data.url;
          item.appendChild(link);
          item.appendChild(excerpt(data.excerpt));
          results.appendChild(item);
        });
        var count = found.total === 1 ? words("one", "1 page found") : words("many", "{count} pages found", found.total);
        if (found.total > found.pages.length) count += words("first", ", showing the first {count}", found.pages.length);
        status.textContent = count;
        showList(found.total === 0);
      })
      .catch(function () { if (run === latest) unavailable(); });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    show(input.value);
    if (window.history && history.replaceState) {
      history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
    }
  });
  input.addEventListener("input", function () { show(input.value); });
  input.addEventListener("focus", function () { load().catch(unavailable); });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    input.value = query;
    show(query);
  }
})();
