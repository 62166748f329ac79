// Loads the book's chart bundle (vega-embed with vega and vega-lite, about 300 kB
// compressed) only when a chart comes near the screen, so that reading the text of a page
// never waits for it and readers who never scroll to a chart never download it.
(function () {
  var bundle = "__BUNDLE__";
  var here = document.currentScript.src;
  var base = here.slice(0, here.lastIndexOf("/") + 1);
  var requested = false;

  function load() {
    if (requested) {
      return;
    }
    requested = true;
    var script = document.createElement("script");
    script.src = base + bundle;
    document.head.appendChild(script);
  }

  function watch() {
    var figures = document.querySelectorAll("figure.aigov-chart");
    if (!figures.length) {
      return;
    }
    if (!("IntersectionObserver" in window)) {
      load();
      return;
    }
    var observer = new IntersectionObserver(
      function (entries) {
        if (entries.some(function (entry) { return entry.isIntersecting; })) {
          observer.disconnect();
          load();
        }
      },
      { rootMargin: "800px 0px" }
    );
    figures.forEach(function (figure) { observer.observe(figure); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", watch);
  } else {
    watch();
  }
})();
