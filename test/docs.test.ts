// The README's catalog section is generated from the schedule definitions; it must be up to date.
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { CATALOG_END, CATALOG_START, catalogMarkdown } from "../src/docs/catalog-markdown.js";

it("README.md's catalog matches the definitions (run npm run docs after changing a schedule)", () => {
  const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
  const section = readme.slice(readme.indexOf(CATALOG_START), readme.indexOf(CATALOG_END) + CATALOG_END.length);
  expect(section).toBe(catalogMarkdown());
});
