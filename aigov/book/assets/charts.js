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
        return result;
      })
      .catch(function (error) {
        view.textContent = "This chart could not be drawn: " + error.message;
        figure.classList.add("aigov-chart-failed");
        console.error(error);
      });
  }

  function drawAll() {
    document.querySelectorAll("figure.aigov-chart").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
