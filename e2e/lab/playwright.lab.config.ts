import { defineConfig } from '@playwright/test';
import baseConfig from '../playwright.config';

// The lab suite: the same web-mode UI in Debian's Chromium, against a REAL Xen 4.17 dom0 booted under
// QEMU (TCG) by lab.sh. globalSetup boots the lab once (building the cached image first if needed);
// globalTeardown stops it. Everything under TCG is slow: generous timeouts, one worker (one lab).
export default defineConfig({
  testDir: '.',
  testMatch: /.*\.lab\.spec\.ts$/,
  globalSetup: './labGlobalSetup.ts',
  globalTeardown: './labGlobalTeardown.ts',
  timeout: 20 * 60_000,
  expect: { timeout: 90_000 },
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: [['list']],
  // not inside ../test-results: the main e2e suite empties that directory whenever it starts
  outputDir: './test-results',
  use: {
    ...baseConfig.use,
    actionTimeout: 60_000,
    navigationTimeout: 60_000,
  },
});
