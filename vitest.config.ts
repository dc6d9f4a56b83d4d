import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Finds (or extracts, once) the Chromium the browser tests use; see the file.
    // Makes the folder of the run's adopter project (test/adopter/adopter-project.ts), built on first use.
    globalSetup: ['test/browser/helpers/chromium-setup.ts', 'test/adopter/adopter-setup.ts'],
    // Real worker threads and stress tests share two cores: give them room, never tight timings.
    testTimeout: 60_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Heap-growth tests (test/helpers/heap.ts) call gc() for stable measurements.
    execArgv: ['--expose-gc'],
    fileParallelism: true,
    maxWorkers: 2,
  },
});
