#!/usr/bin/env node
// The nerva-lr command (copied to dist/cli/nerva-lr.cjs by scripts/bundle.mjs). The CLI itself is
// one bundled file, main.cjs; compiling it was most of the start-up time, so this starts it from
// V8's code cache, main.cjs.cache, which `npm run build` writes after one run of the CLI. V8 takes
// the cache only if this same V8 made it (same version and flags); otherwise it rejects it and
// compiles the file as usual.
"use strict";
const { readFileSync, writeFileSync } = require("node:fs");
const { createRequire, wrap } = require("node:module");
const { join } = require("node:path");
const vm = require("node:vm");

const file = join(__dirname, "main.cjs");
const cacheFile = `${file}.cache`;
let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  cachedData = undefined; // none yet: compiled as usual
}
// (The bundle keeps its entry's #! line, which only a file's first line may have.)
const source = readFileSync(file, "utf8").replace(/^#!/, "//");
const script = new vm.Script(wrap(source), { filename: file, cachedData });
if (process.env.NERVA_LR_WRITE_CODE_CACHE === "1") {
  // After the run, so that the functions it compiled on the way are in the cache too.
  process.once("exit", () => writeFileSync(cacheFile, script.createCachedData()));
}
const bundle = { exports: {}, filename: file, id: file, loaded: false };
script.runInThisContext()(bundle.exports, createRequire(file), bundle, file, __dirname);
