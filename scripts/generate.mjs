// npm run generate: rewrites what is generated from the schedule definitions, in one step (no
// build first): src/generated/factories.ts and the catalog section of README.md. esbuild bundles
// the generators with the TypeScript sources they read, and the bundle runs here.
import { readdirSync, readFileSync, writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const scheduleFiles = readdirSync(join(root, "src/schedules")).filter((name) => name.endsWith(".ts")).map((name) => name.slice(0, -3));
const entry = [
  `export { factoriesSource } from "./scripts/generate/factories.ts";`,
  `export { CATALOG_END, CATALOG_START, catalogMarkdown } from "./scripts/generate/catalog-markdown.ts";`,
  ...scheduleFiles.map((file, i) => `import * as m${i} from "./src/schedules/${file}.ts";`),
  `export const modules = { ${scheduleFiles.map((file, i) => `${JSON.stringify(file)}: m${i}`).join(", ")} };`,
].join("\n");
const dir = mkdtempSync(join(tmpdir(), "nerva-lr-generate-"));
try {
  const outfile = join(dir, "generate.mjs");
  await build({ stdin: { contents: entry, resolveDir: root, loader: "ts" }, bundle: true, format: "esm", platform: "node", outfile, logLevel: "error" });
  const { factoriesSource, catalogMarkdown, CATALOG_START, CATALOG_END, modules } = await import(pathToFileURL(outfile).href);
  writeFileSync(join(root, "src/generated/factories.ts"), factoriesSource(modules));
  const readmePath = join(root, "README.md");
  const readme = readFileSync(readmePath, "utf8");
  const start = readme.indexOf(CATALOG_START);
  const end = readme.indexOf(CATALOG_END);
  if (start < 0 || end < 0) throw new Error("README.md has no catalog markers");
  writeFileSync(readmePath, readme.slice(0, start) + catalogMarkdown() + readme.slice(end + CATALOG_END.length));
  console.log("src/generated/factories.ts and the catalog section of README.md are current");
} finally {
  rmSync(dir, { recursive: true, force: true });
}
