// npm run generate: rewrites what is generated from the schedule definitions' sources, in one step
// (no build first): src/generated/factories.ts. esbuild bundles the generator with the TypeScript
// sources it reads, and the bundle runs here. (docs/catalog.md is drawn from the built package by
// npm run catalog.)
import { readdirSync, writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const scheduleFiles = readdirSync(join(root, "src/schedules")).filter((name) => name.endsWith(".ts")).map((name) => name.slice(0, -3));
const entry = [
  `export { factoriesSource } from "./scripts/generate/factories.ts";`,
  ...scheduleFiles.map((file, i) => `import * as m${i} from "./src/schedules/${file}.ts";`),
  `export const modules = { ${scheduleFiles.map((file, i) => `${JSON.stringify(file)}: m${i}`).join(", ")} };`,
].join("\n");
const dir = mkdtempSync(join(tmpdir(), "nerva-lr-generate-"));
try {
  const outfile = join(dir, "generate.mjs");
  await build({ stdin: { contents: entry, resolveDir: root, loader: "ts" }, bundle: true, format: "esm", platform: "node", outfile, logLevel: "error" });
  const { factoriesSource, modules } = await import(pathToFileURL(outfile).href);
  writeFileSync(join(root, "src/generated/factories.ts"), factoriesSource(modules));
  console.log("src/generated/factories.ts is current");
} finally {
  rmSync(dir, { recursive: true, force: true });
}
