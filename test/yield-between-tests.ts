// Set up for every test file (vitest.config.ts): after each test, give the worker's event loop one
// turn. Many tests run the built binary synchronously (execFileSync), back to back; on a busy
// machine such a stretch can outlast vitest's 60 s wait for its own worker messages, and the run
// then fails with "Timeout calling onTaskUpdate" although every test passed.
import { afterEach } from "vitest";

afterEach(() => new Promise<void>((resolve) => setImmediate(resolve)));
