import { defineConfig } from '@playwright/test';

/** Debian's Chromium: Playwright never downloads a browser here (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1). */
const CHROMIUM = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/e2e',
  // Builds nothing: `npm run test:e2e` builds first. Starts the built server on a fresh database.
  globalSetup: './e2e/global-setup.ts',
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  workers: 2,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    browserName: 'chromium',
    launchOptions: CHROMIUM,
    // Set by the global setup, which runs before the workers load this file.
    baseURL: process.env.QGIG_E2E_BASE_URL,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  projects: [
    // The conversation is a phone story (the on-screen keyboard, a composer kept in view): it runs at 360 px only.
    { name: 'desktop', use: { viewport: { width: 1280, height: 800 } }, testIgnore: /messages\.spec\.ts$/ },
    { name: 'phone-360', use: { viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } },
  ],
});
