// The package as npm would ship it: packing a fresh copy of the repository (what git tracks, no
// dist/) must build and include the compiled library, the CLI, its types and the license.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const copy = mkdtempSync(join(tmpdir(), "nerva-lr-pack-"));
afterAll(() => rmSync(copy, { recursive: true, force: true }));

describe("npm pack of a fresh copy", () => {
  it("builds on pack and ships dist/, the CLI, the types and the license, and nothing of the sources or tests", () => {
    const tracked = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], { cwd: root, encoding: "utf8" })
      .split("\0")
      .filter((file) => file !== "");
    for (const file of tracked) cpSync(join(root, file), join(copy, file), { recursive: true });
    expect(tracked.some((file) => file.startsWith("dist/"))).toBe(false);
    // The dev tools (TypeScript) are installed already; a real git install runs npm install first.
    symlinkSync(join(root, "node_modules"), join(copy, "node_modules"));
    const out = execFileSync("npm", ["pack", "--dry-run", "--json"], { cwd: copy, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    const [report] = JSON.parse(out) as { files: { path: string }[] }[];
    const files = (report?.files ?? []).map((file) => file.path);
    for (const expected of ["package.json", "README.md", "LICENSE", "dist/index.js", "dist/index.d.ts", "dist/cli/nerva-lr.cjs", "dist/cli/main.cjs", "dist/cli/main.cjs.cache", "dist/generated/factories.d.ts"]) {
      expect(files).toContain(expected);
    }
    expect(files.filter((file) => /^(src|test|scripts)\/|^dist\/docs\//.test(file))).toEqual([]);
    // The bin the package declares is in it, and runs.
    const pkg = JSON.parse(readFileSync(join(copy, "package.json"), "utf8")) as { bin: Record<string, string> };
    expect(files).toContain(pkg.bin["nerva-lr"]);
    expect(execFileSync(process.execPath, [join(copy, pkg.bin["nerva-lr"] ?? ""), "check", "StepLR(0.1, 3)"], { encoding: "utf8" })).toBe("StepLR(lr=0.1, step_size=3, gamma=0.1)\n");
  }, 120_000);
});
