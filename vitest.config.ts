import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The browser tests need Chromium: npm run test:browser (vitest.browser.config.ts).
    // The exports run in PyTorch need /usr/bin/python3 with torch: npm run test:exports.
    exclude: ["test/browser/**", "node_modules/**", "test/export-pytorch.test.ts"],
    // CI machines are shared: a test that takes 2 s alone can take 10 s beside other work. No test
    // depends on speed; the timeout only catches a hang (and the work tests bound is counted, not timed).
    testTimeout: 120_000,
    hookTimeout: 120_000,
    setupFiles: ["test/yield-between-tests.ts"],
  },
});
