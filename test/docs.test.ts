// What is generated from the schedule definitions must match them: the catalog page
// (docs/catalog.md and its charts, `npm run catalog`), the typed factories and the params makers
// (`npm run docs`).
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { factoriesSource } from "../src/docs/factories.js";
import { recordsSource } from "../src/docs/records.js";

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
  it("src/schedules/factories.ts is current (npm run docs)", () => {
    expect(readFileSync(new URL("../src/schedules/factories.ts", import.meta.url), "utf8")).toBe(factoriesSource());
  });
  it("src/schedules/records.ts is current (npm run docs)", () => {
    expect(readFileSync(new URL("../src/schedules/records.ts", import.meta.url), "utf8")).toBe(recordsSource());
  });
});
