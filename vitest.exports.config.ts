// npm run test:exports: the exports run in the real frameworks (test/export-pytorch.test.ts needs
// /usr/bin/python3 with torch; docs/export.md). Not part of npm test, which needs no Python.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/export-pytorch.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
