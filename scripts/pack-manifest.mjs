// prepack / postpack: the packed package.json leaves out the `prepare` script. npm runs `prepare`
// only for installs from git or a folder (to build dist/), but it warns about any install script it
// finds in an installed package, and a tarball from the registry already has dist/. So `prepack`
// builds and takes the line out, and `postpack` puts it back, as it was, after the tarball is made.
//   node scripts/pack-manifest.mjs strip | restore
import { readFileSync, writeFileSync } from "node:fs";

const file = new URL("../package.json", import.meta.url);
const PREPARE = `    "prepare": "npm run -s build",\n`;
const AFTER = /^ {4}"build": .*\n/m;

const text = readFileSync(file, "utf8");
const action = process.argv[2];
if (action === "strip") {
  if (text.includes(PREPARE)) writeFileSync(file, text.replace(PREPARE, ""));
} else if (action === "restore") {
  const build = AFTER.exec(text);
  if (!text.includes(PREPARE) && build) writeFileSync(file, text.replace(build[0], build[0] + PREPARE));
} else {
  console.error("usage: node scripts/pack-manifest.mjs strip|restore");
  process.exit(2);
}
