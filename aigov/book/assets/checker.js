// The compliance checker's form on the static site: a control per field of the scenario
// schema, labelled with the field's title and described by its description, and each
// regime's verdict and findings, computed in the reader's browser by the book's JavaScript
// rules engine (rules.js) as `python -m aigov assess` computes them. The build embeds the
// schema, the provisions, the worked scenarios and the citations' labels in the page
// (aigov/book/site_checker.py), so nothing is fetched.
(function () {
  "use strict";

  function element(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      if (name === "text") node.textContent = attributes[name];
      else node.setAttribute(name, attributes[name]);
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  // Schema values and descriptions name values in snake_case; readers get words.
  function words(text) {
    return String(text).replace(/\b[a-z]+(?:_[a-z]+)+\b/g, function (name) { return name.replace(/_/g, " "); });
  }

  function Checker(root, data) {
    this.root = root;
    this.data = data;
    this.schema = data.schema;
    this.rules = data.rules;
    this.prefix = "aigov-checker-" + (root.getAttribute("data-rulebook") || "rules");
    this.controls = {};
    this.build();
    this.fill(data.examples[data.start]);
    this.update();
  }

  Checker.prototype.id = function (field, suffix) {
    return this.prefix + "-" + field + (suffix ? "-" + suffix : "");
  };

  Checker.prototype.build = function () {
    var self = this;
    var examples = this.data.examples;
    var start = element("select", { id: this.id("start") });
    Object.keys(examples).forEach(function (key) {
      var option = element("option", { value: key, text: examples[key].name });
      if (key === self.data.start) option.selected = true;
      start.appendChild(option);
    });
    var load = element("button", { type: "button", class: "aigov-checker-load", text: "Fill in the form" });
    load.addEventListener("click", function () {
      self.fill(examples[start.value]);
      self.update();
    });
    var form = element("form", { class: "aigov-checker-form", "aria-label": "Describe a deployment" }, [
      element("div", { class: "aigov-checker-start" }, [
        element("label", { for: start.id, text: "Start from a worked scenario" }),
        start,
        load,
      ]),
    ]);
    var required = this.schema.required;
    var optional = element("details", { class: "aigov-checker-optional" }, [
      element("summary", { text: "Notes about the scenario (optional; they do not change the verdicts)" }),
    ]);
    Object.keys(this.schema.properties).forEach(function (field) {
      // The page's own rulebook; the reader has nothing to choose.
      if (field === "rulebook") return;
      var row = self.field(field);
      (required.indexOf(field) >= 0 ? form : optional).appendChild(row);
    });
    form.appendChild(optional);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("input", function () { self.update(); });
    form.addEventListener("change", function (event) {
      if (event.target !== start) self.update();
    });
    this.status = element("div", { class: "aigov-checker-status", role: "status" });
    this.results = element("div", { class: "aigov-checker-results" });
    this.root.appendChild(form);
    this.root.appendChild(this.status);
    this.root.appendChild(this.results);
  };

  // One labelled control, with the schema's description as its help text.
  Checker.prototype.field = function (field) {
    var spec = this.schema.properties[field];
    var id = this.id(field);
    var helpId = this.id(field, "help");
    var help = element("p", { id: helpId, class: "aigov-checker-help", text: words(spec.description || "") });
    var title = spec.title || words(field);
    var row;
    var control;
    if (spec.type === "array" && spec.items && spec.items.enum) {
      var boxes = spec.items.enum.map(function (value, i) {
        var box = element("input", { type: "checkbox", id: id + "-" + i, value: value });
        return element("label", { class: "aigov-checker-choice" }, [box, " " + words(value)]);
      });
      control = element("fieldset", { id: id, "aria-describedby": helpId }, [element("legend", { text: title })].concat(boxes));
      row = element("div", { class: "aigov-checker-field" }, [control, help]);
    } else if (spec.type === "boolean") {
      control = element("input", { type: "checkbox", id: id, "aria-describedby": helpId });
      row = element("div", { class: "aigov-checker-field aigov-checker-boolean" }, [
        control,
        element("label", { for: id, text: " " + title }),
        help,
      ]);
    } else {
      if (spec.enum) {
        control = element("select", { id: id, "aria-describedby": helpId });
        spec.enum.forEach(function (value) {
          control.appendChild(element("option", { value: value, text: words(value) }));
        });
      } else if (spec.type === "array") {
        control = element("textarea", { id: id, rows: "2", "aria-describedby": helpId });
        title += " (one per line)";
      } else if (spec.type === "integer") {
        // Text, not type=number: the reader's exact entry reaches the check, which names it.
        control = element("input", { type: "text", inputmode: "numeric", id: id, "aria-describedby": helpId });
      } else {
        control = element("input", { type: "text", id: id, "aria-describedby": helpId });
      }
      row = element("div", { class: "aigov-checker-field" }, [element("label", { for: id, text: title }), control, help]);
    }
    this.controls[field] = control;
    return row;
  };

  Checker.prototype.fill = function (scenario) {
    var self = this;
    Object.keys(this.controls).forEach(function (field) {
      var spec = self.schema.properties[field];
      var control = self.controls[field];
      var value = scenario[field];
      if (spec.type === "array" && spec.items && spec.items.enum) {
        control.querySelectorAll("input").forEach(function (box) { box.checked = (value || []).indexOf(box.value) >= 0; });
      } else if (spec.type === "boolean") {
        control.checked = value === true;
      } else if (spec.type === "array") {
        control.value = (value || []).join("\n");
      } else {
        control.value = value === undefined ? "" : String(value);
      }
    });
  };

  // The scenario the form describes, as the command line would read it from a file.
  Checker.prototype.scenario = function () {
    var self = this;
    var scenario = {};
    Object.keys(this.controls).forEach(function (field) {
      var spec = self.schema.properties[field];
      var control = self.controls[field];
      var optional = self.schema.required.indexOf(field) < 0;
      var value;
      if (spec.type === "array" && spec.items && spec.items.enum) {
        value = [].filter
          .call(control.querySelectorAll("input"), function (box) { return box.checked; })
          .map(function (box) { return box.value; });
      } else if (spec.type === "boolean") {
        value = control.checked;
      } else if (spec.type === "array") {
        value = control.value.split("\n").map(function (line) { return line.trim(); }).filter(Boolean);
        if (optional && !value.length) return;
      } else if (spec.type === "integer") {
        var text = control.value.trim();
        value = /^[+-]?\d+$/.test(text) ? Number(text) : control.value;
      } else {
        value = control.value;
        if (optional && !value) return;
      }
      scenario[field] = value;
    });
    return scenario;
  };

  // A provision named in words, as the reference page names it.
  Checker.prototype.title = function (provisionId) {
    var found = this.data.rules.provisions.filter(function (p) { return p.id === provisionId; })[0];
    return found ? found.title : provisionId;
  };

  Checker.prototype.label = function (field) {
    var spec = this.schema.properties[field];
    return spec && spec.title ? "“" + spec.title + "”" : "field '" + field + "'";
  };

  Checker.prototype.update = function () {
    var self = this;
    Object.keys(this.controls).forEach(function (field) { self.controls[field].removeAttribute("aria-invalid"); });
    var report;
    try {
      report = window.aigovRules.report(this.scenario(), this.rules, this.schema);
    } catch (error) {
      if (!(error instanceof window.aigovRules.ScenarioError)) throw error;
      this.showProblems(error.problems);
      return;
    }
    this.showReport(report);
  };

  Checker.prototype.showProblems = function (problems) {
    var self = this;
    var items = problems.map(function (problem) {
      var text = problem.replace(/field '([^']*)'/g, function (whole, field) {
        if (self.controls[field]) self.controls[field].setAttribute("aria-invalid", "true");
        return self.label(field);
      });
      return element("li", { text: text });
    });
    this.status.className = "aigov-checker-status aigov-checker-problems";
    this.status.replaceChildren(
      element("p", { text: "The form cannot be assessed until this is fixed:" }),
      element("ul", {}, items)
    );
    this.results.replaceChildren();
  };

  Checker.prototype.citations = function (keys) {
    var cited = this.data.citations;
    var parts = [];
    keys.split(";").forEach(function (key, i) {
      if (i) parts.push("; ");
      var entry = cited[key];
      parts.push(entry ? element("a", { href: entry.href, text: entry.label }) : key);
    });
    return element("span", { class: "aigov-checker-citation" }, ["("].concat(parts, [")"]));
  };

  Checker.prototype.showReport = function (report) {
    var self = this;
    var regimes = {};
    this.rules.regimes.forEach(function (regime) { regimes[regime.id] = regime; });
    this.status.className = "aigov-checker-status";
    this.status.textContent =
      "Verdicts: " +
      Object.keys(report.verdicts)
        .map(function (id) { return regimes[id].short_name + " " + report.verdicts[id]; })
        .join("; ") +
      ".";
    var sections = Object.keys(report.verdicts).map(function (id) {
      var verdict = report.verdicts[id];
      var findings = report.findings.filter(function (f) { return f.regime === id; });
      var list = element(
        "ul",
        {},
        findings.map(function (f) {
          var outcome = f.outcome === "requires" ? "requires " + f.requirement : f.outcome;
          var link = element("a", { href: self.data.reference + "#provision-" + f.provision, text: self.title(f.provision) });
          return element("li", {}, [
            element("span", { class: "aigov-checker-provision" }, [link, " (" + f.article + "): "]),
            element("strong", { text: outcome }),
            element("br"),
            f.explanation + " ",
            self.citations(f.citation),
          ]);
        })
      );
      return element("section", { class: "aigov-checker-regime", "data-regime": id }, [
        element("h3", {}, [
          regimes[id].name + ": ",
          element("span", { class: "aigov-checker-verdict", "data-verdict": verdict, text: verdict }),
        ]),
        findings.length ? list : element("p", { text: "None of the encoded provisions applies." }),
      ]);
    });
    this.results.replaceChildren.apply(this.results, sections);
  };

  function start() {
    document.querySelectorAll("div.aigov-checker").forEach(function (root) {
      var source = root.querySelector("script.aigov-checker-data");
      var fallback = root.querySelector(".aigov-checker-fallback");
      if (fallback) fallback.remove();
      new Checker(root, JSON.parse(source.textContent));
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
