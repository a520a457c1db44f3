// What is generated from the schedule definitions must match them: the README's catalog section
// the typed factories and the params makers. `npm run docs` regenerates them.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CATALOG_END, CATALOG_START, catalogMarkdown } from "../src/docs/catalog-markdown.js";
import { factoriesSource } from "../src/docs/factories.js";
import { recordsSource } from "../src/docs/records.js";

describe("generated from the definitions", () => {
  it("the README's catalog section is current (npm run docs)", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const section = readme.slice(readme.indexOf(CATALOG_START), readme.indexOf(CATALOG_END) + CATALOG_END.length);
    expect(section).toBe(catalogMarkdown());
  });
  it("src/schedules/factories.ts is current (npm run docs)", () => {
    expect(readFileSync(new URL("../src/schedules/factories.ts", import.meta.url), "utf8")).toBe(factoriesSource());
  });
  it("src/schedules/records.ts is current (npm run docs)", () => {
    expect(readFileSync(new URL("../src/schedules/records.ts", import.meta.url), "utf8")).toBe(recordsSource());
  });
});
