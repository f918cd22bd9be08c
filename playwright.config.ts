// End-to-end tests in Debian's Chromium (never `npx playwright install`: no network here).
// Run them with `npm run test:e2e` (tests/e2e/run.js): it starts the platform on a fresh temp
// DATA_DIR and a free port and passes its address in SOCLE_BASE_URL. To reuse a server already
// running: SOCLE_BASE_URL=http://127.0.0.1:3000 npx playwright test
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';

const reportDir = process.env.SOCLE_REPORT_DIR;

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 2,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [
    ['list'],
    ...(reportDir ? [['json', { outputFile: path.join(reportDir, 'playwright.json') }] as const] : []),
  ],
  use: {
    baseURL: process.env.SOCLE_BASE_URL ?? 'http://127.0.0.1:3000',
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        headless: true,
        launchOptions: {
          executablePath: '/usr/bin/chromium',
          args: [
            '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
            '--no-first-run', '--disable-sync', '--disable-quic',
          ],
        },
      },
    },
  ],
});
