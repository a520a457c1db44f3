// npm run docs: rewrites what is generated from the schedule definitions: the typed factories in
// src/schedules/factories.ts and the params makers in src/schedules/records.ts (then rebuild).
// The catalog page, docs/catalog.md, has its own generator: npm run catalog (scripts/catalog-page.mjs).
import { writeFileSync } from "node:fs";
import { factoriesSource } from "../dist/docs/factories.js";
import { recordsSource } from "../dist/docs/records.js";

writeFileSync(new URL("../src/schedules/factories.ts", import.meta.url), factoriesSource());
writeFileSync(new URL("../src/schedules/records.ts", import.meta.url), recordsSource());
console.log("src/schedules/factories.ts and src/schedules/records.ts updated; run npm run build");
