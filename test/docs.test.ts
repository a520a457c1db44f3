// What is generated from the schedule definitions must match them: the catalog page
// (docs/catalog.md and its charts, `npm run catalog`) and the typed factories (`npm run generate`);
// and every definition a schedule file exports is in the catalog.
import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { ScheduleDefinition } from "../src/core/schedule.js";
import { factoriesSource, type ScheduleModules } from "../scripts/generate/factories.js";

/** Every module of src/schedules by file name, as scripts/generate.mjs hands them to the generator. */
async function scheduleModules(): Promise<ScheduleModules> {
  const files = readdirSync(new URL("../src/schedules/", import.meta.url)).filter((name) => name.endsWith(".ts")).map((name) => name.slice(0, -3));
  return Object.fromEntries(await Promise.all(files.map(async (file) => [file, (await import(`../src/schedules/${file}.ts`)) as Record<string, unknown>] as const)));
}

describe("one list of libraries", () => {
  it("every definition a schedule file exports is in the catalog, once, under its file's library", async () => {
    const { catalog, libraries } = await import("../src/schedules/catalog.js");
    const exported = Object.values(await scheduleModules()).flatMap((module) =>
      Object.values(module).filter((value): value is ScheduleDefinition => typeof value === "object" && value !== null && "kernel" in value && "params" in value),
    );
    expect(exported.length).toBeGreaterThan(0);
    for (const definition of exported) expect(catalog, `${definition.type} is exported but not in the catalog`).toContain(definition);
    expect(new Set(catalog).size).toBe(catalog.length);
    for (const library of libraries) for (const definition of library.definitions) expect(definition.source).toBe(library.source);
  });
});

describe("generated from the definitions", () => {
  it("docs/catalog.md and docs/images/catalog/ are current (npm run catalog)", async () => {
    // The generator reads the built package (npm test builds first) and, with --check, writes
    // nothing and exits 1 naming every stale or extra file.
    const script = fileURLToPath(new URL("../scripts/catalog-page.mjs", import.meta.url));
    const problem = await new Promise<string>((resolve) => {
      execFile(process.execPath, [script, "--check"], { encoding: "utf8" }, (error, _stdout, stderr) => resolve(error === null ? "" : stderr || String(error)));
    });
    expect(problem).toBe("");
  });
  it("src/generated/factories.ts is current (npm run generate)", async () => {
    expect(readFileSync(new URL("../src/generated/factories.ts", import.meta.url), "utf8")).toBe(factoriesSource(await scheduleModules()));
  });
});
