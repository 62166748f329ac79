// Draws every chart of a page as SVG with the book's own copy of vega-embed.
// vl-convert bundles this file together with vega, vega-lite and vega-embed.
(function () {
  var embedOptions = {
    renderer: "svg",
    mode: "vega-lite",
    actions: { export: true, source: false, compiled: false, editor: false },
  };

  function draw(figure) {
    var view = figure.querySelector(".aigov-chart-view");
    var specNode = figure.querySelector("script.aigov-chart-spec");
    var spec;
    try {
      spec = JSON.parse(specNode.textContent);
    } catch (error) {
      view.textContent = "This chart could not be read: " + error.message;
      figure.classList.add("aigov-chart-failed");
      return Promise.resolve();
    }
    var options = Object.assign({ downloadFileName: figure.id }, embedOptions);
    return vegaEmbed(view, spec, options)
      .then(function (result) {
        var menu = view.querySelector("details > summary");
        if (menu) {
          menu.setAttribute("aria-label", "Chart actions: save as SVG or PNG");
        }
        figure.classList.add("aigov-chart-ready");
        markIfWide(figure);
        return result;
      })
      .catch(function (error) {
        view.textContent = "This chart could not be drawn: " + error.message;
        figure.classList.add("aigov-chart-failed");
        console.error(error);
      });
  }

  // On a narrow screen a chart keeps a readable width and scrolls sideways in its frame:
  // say so above it, or a reader takes the cut edge for the end of the chart.
  function markIfWide(figure) {
    var hint = figure.querySelector(".aigov-chart-scroll-hint");
    if (!hint) {
      hint = document.createElement("p");
      hint.className = "aigov-chart-scroll-hint";
      hint.textContent = "This chart is wider than the text column: scroll it sideways to see all of it.";
      figure.insertBefore(hint, figure.firstChild);
    }
    hint.hidden = figure.scrollWidth <= figure.clientWidth + 1;
  }

  window.addEventListener("resize", function () {
    document.querySelectorAll("figure.aigov-chart.aigov-chart-ready").forEach(markIfWide);
  });

  function drawAll() {
    document.querySelectorAll("figure.aigov-chart").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
