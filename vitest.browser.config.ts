// npm run test:browser: the playground in headless Chromium (Debian's, via playwright-core).
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/browser/**/*.test.ts"],
    // Only a hang should time out: a shared machine can make a page several times slower.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // One browser, one server: the files run one after another.
    fileParallelism: false,
  },
});
