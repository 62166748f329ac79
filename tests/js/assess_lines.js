// Serves the book's JavaScript rules engine to a test over a pipe, in one Node process.
// The first line of standard input is {"rules": ..., "schema": ...}; every later line is a
// list of cases, {"scenario": ..., "regimes": [...] or null}, answered by one line of output
// with a result per case: {"report": ...} (what `python -m aigov assess` prints as JSON) or
// {"error": message}.
"use strict";
const path = require("path");
const readline = require("readline");
const engine = require(path.join(__dirname, "..", "..", "aigov", "book", "assets", "rules.js"));

let data = null;
readline.createInterface({ input: process.stdin }).on("line", (line) => {
  if (data === null) {
    data = JSON.parse(line);
    return;
  }
  const answers = JSON.parse(line).map(({ scenario, regimes }) => {
    try {
      return { report: engine.report(scenario, data.rules, data.schema, regimes || undefined) };
    } catch (error) {
      return { error: error.message };
    }
  });
  process.stdout.write(JSON.stringify(answers) + "\n");
});
