import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The browser tests need Chromium: npm run test:browser (vitest.browser.config.ts).
    exclude: ["test/browser/**", "node_modules/**"],
    // CI machines are shared: a test that takes 2 s alone can take 10 s beside other work. No test
    // depends on speed; the timeout only catches a hang (and the work tests bound is counted, not timed).
    testTimeout: 120_000,
    hookTimeout: 120_000,
    setupFiles: ["test/yield-between-tests.ts"],
  },
});
