// Two projects: `unit` (pure code, no database, the fast loop: npm run test:unit) and `integration`
// (both databases: a real SQLite file and a throwaway real PostgreSQL server, started by the
// globalSetup, which also imports the reference data once into templates; each test file gets its
// own copy, so files run in parallel safely).
// When SOCLE_REPORT_DIR is set (by .ci/run), each vitest run also writes a JSON report there,
// which tests/summary.js adds up with Playwright's.
import path from 'node:path';
import { defineConfig } from 'vitest/config';

const reportDir = process.env.SOCLE_REPORT_DIR;

export default defineConfig({
  test: {
    reporters: reportDir ? ['default', 'json'] : ['default'],
    outputFile: reportDir ? { json: path.join(reportDir, `vitest-${Date.now()}-${process.pid}.json`) } : undefined,
    // 2 cores here: two test files at a time (each integration file works on its own database copies).
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          // `vitest run` with both projects: the fast unit tests first, then the integration ones.
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/support/global-setup.ts'],
          sequence: { groupOrder: 1 },
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
