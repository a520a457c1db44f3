// npm run docs: rewrites what is generated from the schedule definitions: the catalog section of
// README.md the typed factories in src/schedules/factories.ts and the params makers in src/schedules/records.ts
// (then rebuild).
import { readFileSync, writeFileSync } from "node:fs";
import { CATALOG_END, CATALOG_START, catalogMarkdown } from "../dist/docs/catalog-markdown.js";
import { factoriesSource } from "../dist/docs/factories.js";
import { recordsSource } from "../dist/docs/records.js";

const path = new URL("../README.md", import.meta.url);
const readme = readFileSync(path, "utf8");
const start = readme.indexOf(CATALOG_START);
const end = readme.indexOf(CATALOG_END);
if (start < 0 || end < 0) throw new Error("README.md has no catalog markers");
writeFileSync(path, readme.slice(0, start) + catalogMarkdown() + readme.slice(end + CATALOG_END.length));
writeFileSync(new URL("../src/schedules/factories.ts", import.meta.url), factoriesSource());
writeFileSync(new URL("../src/schedules/records.ts", import.meta.url), recordsSource());
console.log("README.md catalog section, src/schedules/factories.ts and src/schedules/records.ts updated; run npm run build");
