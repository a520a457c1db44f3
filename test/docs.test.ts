// What is generated from the schedule definitions must match them: the README's catalog section
// and the typed factories. `npm run generate` regenerates them.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CATALOG_END, CATALOG_START, catalogMarkdown } from "../scripts/generate/catalog-markdown.js";
import { factoriesSource, type ScheduleModules } from "../scripts/generate/factories.js";

/** Every module of src/schedules by file name, as scripts/generate.mjs hands them to the generator. */
async function scheduleModules(): Promise<ScheduleModules> {
  const files = readdirSync(new URL("../src/schedules/", import.meta.url)).filter((name) => name.endsWith(".ts")).map((name) => name.slice(0, -3));
  return Object.fromEntries(await Promise.all(files.map(async (file) => [file, (await import(`../src/schedules/${file}.ts`)) as Record<string, unknown>] as const)));
}

describe("generated from the definitions", () => {
  it("the README's catalog section is current (npm run docs)", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const section = readme.slice(readme.indexOf(CATALOG_START), readme.indexOf(CATALOG_END) + CATALOG_END.length);
    expect(section).toBe(catalogMarkdown());
  });
  it("src/generated/factories.ts is current (npm run generate)", async () => {
    expect(readFileSync(new URL("../src/generated/factories.ts", import.meta.url), "utf8")).toBe(factoriesSource(await scheduleModules()));
  });
});
