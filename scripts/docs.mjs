// Rewrites the catalog section of README.md from the schedule definitions (npm run docs).
import { readFileSync, writeFileSync } from "node:fs";
import { CATALOG_END, CATALOG_START, catalogMarkdown } from "../dist/docs/catalog-markdown.js";

const path = new URL("../README.md", import.meta.url);
const readme = readFileSync(path, "utf8");
const start = readme.indexOf(CATALOG_START);
const end = readme.indexOf(CATALOG_END);
if (start < 0 || end < 0) throw new Error("README.md has no catalog markers");
writeFileSync(path, readme.slice(0, start) + catalogMarkdown() + readme.slice(end + CATALOG_END.length));
console.log("README.md catalog section updated");
