import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The browser tests need Chromium: npm run test:browser (vitest.browser.config.ts).
    exclude: ["test/browser/**", "node_modules/**"],
  },
});
