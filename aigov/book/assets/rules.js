// The book's rules engine in JavaScript: the compliance checker's evaluator on the static site.
//
// It mirrors aigov/rules.py line for line (validation messages, conditions, findings,
// verdicts), reading the same provisions and scenario schema, which the build embeds in the
// page. tests/test_rules_js.py runs generated scenarios through both and requires identical
// results; change the two together. Runs in a browser (as window.aigovRules) and in Node
// (as a module, for that test). No dependencies.
(function (root, factory) {
  var api = factory();
  if (typeof module === "object" && module.exports) {
    module.exports = api;
  } else {
    root.aigovRules = api;
  }
})(this, function () {
  "use strict";

  var OUT_OF_SCOPE = "out of scope";
  var GRAVITY = { prohibited: 0, requires: 1, permitted: 2, "exemption applies": 3 };
  var MAX_NESTING = 20;
  var MAX_INTEGER_DIGITS = 30;
  var LONG_INTEGER = Math.pow(10, MAX_INTEGER_DIGITS);

  function ScenarioError(problems) {
    this.problems = problems.map(printable);
    this.message =
      this.problems.length === 1
        ? this.problems[0]
        : this.problems.length + " problems:\n" + this.problems.map(function (p) { return "- " + p; }).join("\n");
  }
  ScenarioError.prototype = Object.create(Error.prototype);
  ScenarioError.prototype.name = "ScenarioError";

  // --- what Python does with text: code points, printable(), sorting --------------------

  function codePoints(text) {
    return Array.from(text);
  }

  // Python's str.isprintable(): false for categories Cc, Cf, Cs, Co, Cn, Zl, Zp, Zs (but space).
  var NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

  function hex(code, width) {
    var digits = code.toString(16);
    return "0".repeat(Math.max(0, width - digits.length)) + digits;
  }

  // Python's codec unicode_escape, for one character.
  function unicodeEscape(char) {
    var code = char.codePointAt(0);
    if (char === "\t") return "\\t";
    if (char === "\n") return "\\n";
    if (char === "\r") return "\\r";
    if (code < 0x100) return "\\x" + hex(code, 2);
    if (code < 0x10000) return "\\u" + hex(code, 4);
    return "\\U" + hex(code, 8);
  }

  function printable(text) {
    return codePoints(text)
      .map(function (char) { return char !== " " && NOT_PRINTABLE.test(char) ? unicodeEscape(char) : char; })
      .join("");
  }

  // Python compares strings by code point; JavaScript's < by UTF-16 unit.
  function compareText(a, b) {
    var x = codePoints(a);
    var y = codePoints(b);
    for (var i = 0; i < Math.min(x.length, y.length); i++) {
      var d = x[i].codePointAt(0) - y[i].codePointAt(0);
      if (d !== 0) return d < 0 ? -1 : 1;
    }
    return x.length - y.length;
  }

  function sortedText(items) {
    return items.slice().sort(compareText);
  }

  function thousands(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  }

  // Python's repr() of a float that is not a whole number: fixed notation for exponents
  // from -4 to 15, scientific otherwise, with the same shortest digits as JavaScript's.
  function pythonFloat(x) {
    var parts = x.toExponential().split("e");
    var exponent = Number(parts[1]);
    var sign = parts[0].charAt(0) === "-" ? "-" : "";
    var digits = parts[0].replace("-", "").replace(".", "");
    if (exponent >= -4 && exponent < 16) {
      if (exponent < 0) return sign + "0." + "0".repeat(-exponent - 1) + digits;
      var whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, "0");
      var fraction = digits.slice(exponent + 1);
      return sign + whole + "." + (fraction || "0");
    }
    var mantissa = digits.length > 1 ? digits.charAt(0) + "." + digits.slice(1) : digits;
    return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String(Math.abs(exponent)).padStart(2, "0");
  }

  // json.dumps(value, ensure_ascii=False). JSON text cannot tell 5 from 5.0 once parsed in
  // JavaScript, so whole numbers are written as Python writes integers.
  function pythonJson(value) {
    if (value === null) return "null";
    if (value === true) return "true";
    if (value === false) return "false";
    if (typeof value === "number") {
      if (Number.isInteger(value)) return Math.abs(value) < 1e21 ? String(value) : BigInt(value).toString();
      return pythonFloat(value);
    }
    if (typeof value === "string") return JSON.stringify(value);
    if (Array.isArray(value)) return "[" + value.map(pythonJson).join(", ") + "]";
    return (
      "{" +
      Object.keys(value)
        .map(function (key) { return JSON.stringify(key) + ": " + pythonJson(value[key]); })
        .join(", ") +
      "}"
    );
  }

  // --- difflib.get_close_matches(word, possibilities, n=1), as Python computes it ---------

  function matchingCharacters(a, b) {
    // SequenceMatcher(None, a, b): the number of matched characters in its matching blocks.
    var b2j = new Map();
    b.forEach(function (char, j) {
      if (!b2j.has(char)) b2j.set(char, []);
      b2j.get(char).push(j);
    });
    if (b.length >= 200) {
      var popular = Math.floor(b.length / 100) + 1;
      b2j.forEach(function (indices, char) {
        if (indices.length > popular) b2j.delete(char);
      });
    }
    function longest(alo, ahi, blo, bhi) {
      var besti = alo;
      var bestj = blo;
      var bestsize = 0;
      var j2len = new Map();
      for (var i = alo; i < ahi; i++) {
        var next = new Map();
        var indices = b2j.get(a[i]) || [];
        for (var n = 0; n < indices.length; n++) {
          var j = indices[n];
          if (j < blo) continue;
          if (j >= bhi) break;
          var k = (j2len.get(j - 1) || 0) + 1;
          next.set(j, k);
          if (k > bestsize) {
            besti = i - k + 1;
            bestj = j - k + 1;
            bestsize = k;
          }
        }
        j2len = next;
      }
      while (besti > alo && bestj > blo && a[besti - 1] === b[bestj - 1]) {
        besti -= 1;
        bestj -= 1;
        bestsize += 1;
      }
      while (besti + bestsize < ahi && bestj + bestsize < bhi && a[besti + bestsize] === b[bestj + bestsize]) {
        bestsize += 1;
      }
      return [besti, bestj, bestsize];
    }
    var total = 0;
    var queue = [[0, a.length, 0, b.length]];
    while (queue.length) {
      var q = queue.pop();
      var m = longest(q[0], q[1], q[2], q[3]);
      if (m[2]) {
        total += m[2];
        if (q[0] < m[0] && q[2] < m[1]) queue.push([q[0], m[0], q[2], m[1]]);
        if (m[0] + m[2] < q[1] && m[1] + m[2] < q[3]) queue.push([m[0] + m[2], q[1], m[1] + m[2], q[3]]);
      }
    }
    return total;
  }

  function closeMatch(word, possibilities) {
    var b = codePoints(word);
    var best = null;
    possibilities.forEach(function (candidate) {
      var a = codePoints(candidate);
      var length = a.length + b.length;
      var ratio = length ? (2 * matchingCharacters(a, b)) / length : 1;
      if (ratio < 0.6) return;
      if (!best || ratio > best.ratio || (ratio === best.ratio && compareText(candidate, best.text) > 0)) {
        best = { ratio: ratio, text: candidate };
      }
    });
    return best && best.text;
  }

  // --- the scenario schema: the subset of JSON Schema it uses, as jsonschema applies it ---

  function kindOf(value) {
    if (value === null) return "null";
    if (Array.isArray(value)) return "array";
    return typeof value;
  }

  var TYPE_CHECKS = {
    string: function (v) { return typeof v === "string"; },
    boolean: function (v) { return typeof v === "boolean"; },
    integer: function (v) { return typeof v === "number" && Number.isInteger(v); },
    number: function (v) { return typeof v === "number"; },
    array: Array.isArray,
    object: function (v) { return kindOf(v) === "object"; },
    null: function (v) { return v === null; },
  };

  // Python's \s (str.isspace) differs from JavaScript's: it includes \x1c-\x1f and \x85,
  // and not the byte-order mark \ufeff.
  var PYTHON_SPACE = "\\t-\\r\\x1c- \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
  var patterns = new Map();

  function pythonPattern(pattern) {
    if (!patterns.has(pattern)) {
      var translated = pattern
        .replace(/(^|[^\\])\\S/g, "$1[^" + PYTHON_SPACE + "]")
        .replace(/(^|[^\\])\\s/g, "$1[" + PYTHON_SPACE + "]");
      patterns.set(pattern, new RegExp(translated, "u"));
    }
    return patterns.get(pattern);
  }

  function equal(x, y) {
    // jsonschema's equality: true is not 1; lists and objects compare by content.
    if (kindOf(x) !== kindOf(y)) return false;
    if (Array.isArray(x)) {
      return x.length === y.length && x.every(function (item, i) { return equal(item, y[i]); });
    }
    if (kindOf(x) === "object") {
      var keys = Object.keys(x);
      return (
        keys.length === Object.keys(y).length &&
        keys.every(function (k) { return Object.prototype.hasOwnProperty.call(y, k) && equal(x[k], y[k]); })
      );
    }
    return x === y;
  }

  // Errors of one value against one schema, in the order of the schema's keywords.
  function schemaErrors(schema, value, path) {
    var errors = [];
    function fail(keyword) {
      errors.push({ keyword: keyword, path: path, instance: value });
    }
    Object.keys(schema).forEach(function (keyword) {
      var rule = schema[keyword];
      if (keyword === "type") {
        var types = Array.isArray(rule) ? rule : [rule];
        if (!types.some(function (t) { return TYPE_CHECKS[t](value); })) fail(keyword);
      } else if (keyword === "enum") {
        if (!rule.some(function (allowed) { return equal(allowed, value); })) fail(keyword);
      } else if (keyword === "pattern") {
        if (typeof value === "string" && !pythonPattern(rule).test(value)) fail(keyword);
      } else if (keyword === "not") {
        if (schemaErrors(rule, value, path).length === 0) fail(keyword);
      } else if (keyword === "minimum") {
        if (typeof value === "number" && value < rule) fail(keyword);
      } else if (keyword === "maximum") {
        if (typeof value === "number" && value > rule) fail(keyword);
      } else if (keyword === "uniqueItems") {
        if (rule && Array.isArray(value)) {
          var repeated = value.some(function (item, i) {
            return value.slice(i + 1).some(function (other) { return equal(item, other); });
          });
          if (repeated) fail(keyword);
        }
      } else if (keyword === "items") {
        if (Array.isArray(value)) {
          value.forEach(function (item, i) {
            errors.push.apply(errors, schemaErrors(rule, item, path.concat([String(i)])));
          });
        }
      } else if (keyword === "properties") {
        Object.keys(rule).forEach(function (name) {
          if (Object.prototype.hasOwnProperty.call(value, name)) {
            errors.push.apply(errors, schemaErrors(rule[name], value[name], path.concat([name])));
          }
        });
      }
    });
    return errors;
  }

  function comparePaths(x, y) {
    for (var i = 0; i < Math.min(x.length, y.length); i++) {
      var d = compareText(x[i], y[i]);
      if (d !== 0) return d;
    }
    return x.length - y.length;
  }

  // --- validation: rules.validate_scenario ------------------------------------------------

  function allowedValues(schema, field) {
    var spec = schema.properties[field];
    if (spec.enum) return spec.enum.slice();
    if (spec.type === "boolean") return [true, false];
    if (spec.type === "array" && spec.items && spec.items.enum) return spec.items.enum.slice();
    throw new Error("field '" + field + "' has no fixed list of values");
  }

  function describeAllowed(schema, field) {
    var spec = schema.properties[field] || {};
    if (spec.enum || (spec.items && spec.items.enum)) {
      return "allowed values: " + allowedValues(schema, field).map(String).join(", ");
    }
    if (spec.type === "boolean") return "allowed values: true, false";
    if (spec.type === "integer") {
      if (spec.maximum !== undefined) {
        return "a whole number from " + thousands(spec.minimum) + " to " + thousands(spec.maximum);
      }
      return "a whole number, " + thousands(spec.minimum) + " or more";
    }
    if (spec.type === "array") return "a list of text";
    if (spec.pattern) return "text, not blank";
    return "text";
  }

  function isLongInteger(value) {
    return typeof value === "number" && Number.isInteger(value) && Math.abs(value) >= LONG_INTEGER;
  }

  function shown(value) {
    if (isLongInteger(value)) return "a number of more than " + MAX_INTEGER_DIGITS + " digits";
    var text = codePoints(pythonJson(value));
    return text.length <= 60 ? text.join("") : text.slice(0, 59).join("") + "…";
  }

  function jsonKind(value) {
    if (value === null) return "null";
    if (typeof value === "boolean") return String(value);
    if (typeof value === "number") return "a number";
    if (typeof value === "string") return "a string";
    if (Array.isArray(value)) return "an array";
    return "a JavaScript " + typeof value;
  }

  function unusable(schema, field, value) {
    var pending = [[value, 0]];
    while (pending.length) {
      var next = pending.pop();
      var item = next[0];
      var depth = next[1];
      if (isLongInteger(item)) {
        return "field '" + field + "': " + shown(item) + " is not allowed; " + describeAllowed(schema, field);
      }
      if (item !== null && typeof item === "object") {
        if (depth >= MAX_NESTING) {
          return "field '" + field + "': arrays or objects nested more than " + MAX_NESTING + " levels deep";
        }
        var children = Array.isArray(item) ? item : Object.values(item);
        children.forEach(function (child) { pending.push([child, depth + 1]); });
      }
    }
    return null;
  }

  function problem(schema, error) {
    var field = error.path[0];
    var value = shown(error.instance);
    var item = error.path.length > 1 ? "item " + value : value;
    if (error.keyword === "not") {
      return "field '" + field + "': " + item + " contains a control character (an escape code, tab or line break)";
    }
    if (error.path.length > 1) {
      return "field '" + field + "': " + item + " is not allowed; " + describeAllowed(schema, field);
    }
    if (error.keyword === "uniqueItems") {
      return "field '" + field + "' lists the same value more than once: " + value;
    }
    return "field '" + field + "': " + value + " is not allowed; " + describeAllowed(schema, field);
  }

  function validateScenario(data, schema) {
    if (kindOf(data) !== "object") {
      throw new ScenarioError(["a scenario must be a JSON object (got " + jsonKind(data) + ")"]);
    }
    var known = Object.keys(schema.properties);
    var given = Object.keys(data);
    var problems = [];
    sortedText(given.filter(function (f) { return known.indexOf(f) < 0; })).forEach(function (field) {
      var close = closeMatch(field, known);
      var hint = close ? "; did you mean '" + close + "'?" : "; known fields: " + sortedText(known).join(", ");
      problems.push("unknown field '" + field + "'" + hint);
    });
    schema.required.forEach(function (field) {
      if (given.indexOf(field) < 0) problems.push("missing field '" + field + "' (" + describeAllowed(schema, field) + ")");
    });
    var blocked = {};
    sortedText(known.filter(function (f) { return given.indexOf(f) >= 0; })).forEach(function (field) {
      var why = unusable(schema, field, data[field]);
      if (why) {
        blocked[field] = true;
        problems.push(why);
      }
    });
    var checked = {};
    given.forEach(function (field) {
      if (known.indexOf(field) >= 0 && !blocked[field]) checked[field] = data[field];
    });
    var errors = schemaErrors({ properties: schema.properties }, checked, []);
    errors.sort(function (x, y) { return comparePaths(x.path, y.path); });
    errors.forEach(function (error) { problems.push(problem(schema, error)); });
    if (problems.length) throw new ScenarioError(problems);
    return data;
  }

  // --- conditions and assessment: rules.evaluate, judge, assess, verdict -----------------

  function evaluate(condition, scenario) {
    if ("all" in condition) return condition.all.every(function (c) { return evaluate(c, scenario); });
    if ("any" in condition) return condition.any.some(function (c) { return evaluate(c, scenario); });
    if ("not" in condition) return !evaluate(condition.not, scenario);
    var actual = scenario[condition.field];
    var value = condition.value;
    switch (condition.op) {
      case "equals":
        return actual === value;
      case "in":
        return value.indexOf(actual) >= 0;
      case "lt":
        return actual < value;
      case "gt":
        return actual > value;
      case "gte":
        return actual >= value;
      case "intersects":
        return actual.some(function (item) { return value.indexOf(item) >= 0; });
      default:
        throw new Error("unknown operator '" + condition.op + "'");
    }
  }

  function finding(provision, outcome) {
    return {
      provision: provision.id,
      regime: provision.regime,
      article: provision.article,
      title: provision.title,
      outcome: outcome,
      requirement: outcome === "requires" ? provision.requirement || "" : "",
      explanation: provision.explain[outcome],
      citation: provision.citation.join(";"),
    };
  }

  function judge(provision, scenario) {
    if (!evaluate(provision.applies_when, scenario)) return null;
    if (provision.outcome === OUT_OF_SCOPE) return OUT_OF_SCOPE;
    if (provision.exempt_when && evaluate(provision.exempt_when, scenario)) return "exemption applies";
    if (provision.satisfied_when && evaluate(provision.satisfied_when, scenario)) return "permitted";
    return provision.outcome;
  }

  function regimeIds(rules) {
    return rules.regimes.map(function (r) { return r.id; });
  }

  function checkRegime(rules, id) {
    if (regimeIds(rules).indexOf(id) < 0) {
      throw new Error("unknown regime '" + id + "'; choose one of: " + regimeIds(rules).join(", "));
    }
  }

  function assess(scenario, rules, schema, regimes) {
    validateScenario(scenario, schema);
    var chosen = regimes || regimeIds(rules);
    chosen.forEach(function (id) { checkRegime(rules, id); });
    var findings = [];
    chosen.forEach(function (id) {
      var outcomes = rules.provisions
        .filter(function (p) { return p.regime === id; })
        .map(function (p) { return [p, judge(p, scenario)]; });
      var scope = outcomes.filter(function (po) { return po[1] === OUT_OF_SCOPE; });
      if (scope.length) {
        findings.push(finding(scope[0][0], "exemption applies"));
        return;
      }
      outcomes.forEach(function (po) {
        if (po[1] !== null) findings.push(finding(po[0], po[1]));
      });
    });
    return findings;
  }

  function verdict(findings, regimeId, rules) {
    var own = findings.filter(function (f) { return f.regime === regimeId; });
    if (!own.length) return "no provision applies";
    if (own.length === 1) {
      var provision = rules.provisions.filter(function (p) { return p.id === own[0].provision; })[0];
      if (provision.outcome === OUT_OF_SCOPE) return "out of scope";
    }
    var gravest = own.reduce(function (worst, f) { return GRAVITY[f.outcome] < GRAVITY[worst.outcome] ? f : worst; });
    return gravest.outcome === "requires" ? "requires action" : gravest.outcome;
  }

  // What `python -m aigov assess SCENARIO.json` prints (its JSON format), as an object.
  function report(scenario, rules, schema, regimes) {
    var findings = assess(scenario, rules, schema, regimes);
    var verdicts = {};
    (regimes || regimeIds(rules)).forEach(function (id) { verdicts[id] = verdict(findings, id, rules); });
    return { scenario: scenario.name, verdicts: verdicts, findings: findings };
  }

  return {
    ScenarioError: ScenarioError,
    allowedValues: allowedValues,
    validateScenario: validateScenario,
    evaluate: evaluate,
    assess: assess,
    verdict: verdict,
    report: report,
    printable: printable,
  };
});
