// npm run test:browser: the playground in headless Chromium (Debian's, via playwright-core).
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/browser/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // One browser, one server: the files run one after another.
    fileParallelism: false,
  },
});
