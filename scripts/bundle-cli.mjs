// Part of npm run build: the CLI as one CommonJS file (dist/cli/nerva-lr.cjs, the package's bin).
// Loading one file instead of some thirty ES modules makes `nerva-lr` start about a quarter sooner
// (npm run bench measures it against `node -e 0`). The library itself ships as ES modules.
import { build } from "esbuild";

await build({
  entryPoints: [new URL("../dist/cli/bin.js", import.meta.url).pathname],
  outfile: new URL("../dist/cli/nerva-lr.cjs", import.meta.url).pathname,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  // import.meta.url (help.ts finds package.json with it) has no CommonJS form: give it one.
  // (esbuild keeps the entry's #! line.)
  banner: { js: "\"use strict\";const __import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
  define: { "import.meta.url": "__import_meta_url" },
  // Smaller to load; names are kept so that an internal error's stack trace stays readable.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: "warning",
});
