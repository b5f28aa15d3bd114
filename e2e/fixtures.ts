// One e2e suite, two drivers (VS Code's habit): specs get `xendesk` = {page, dataDir}
// either from the web mode in Debian's Chromium (default) or from the real Electron app
// (XENDESK_E2E_DRIVER=electron, where an Electron binary is installed).
import { test as base, _electron, type Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { startWebApp } from './webApp';

export interface XenDeskUnderTest {
  page: Page;
  dataDir: string;
  driver: 'web' | 'electron';
}

const driver = process.env.XENDESK_E2E_DRIVER === 'electron' ? 'electron' : 'web';

export function electronBinary(): string | null {
  try {
    const p = createRequire(__filename)('electron') as unknown;
    return typeof p === 'string' && fs.existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

export const test = base.extend<{ xendesk: XenDeskUnderTest }>({
  xendesk: async ({ page }, use, testInfo) => {
    if (driver === 'web') {
      const app = await startWebApp();
      await page.goto(app.url);
      try {
        await use({ page, dataDir: app.dataDir, driver });
      } finally {
        if (testInfo.status !== testInfo.expectedStatus)
          await testInfo.attach('web-mode output', { body: app.output() });
        await app.stop();
      }
      return;
    }
    const bin = electronBinary();
    if (!bin)
      throw new Error(
        'XENDESK_E2E_DRIVER=electron needs the Electron binary (npm ci without ELECTRON_SKIP_BINARY_DOWNLOAD)',
      );
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xendesk-e2e-electron-'));
    const app = await _electron.launch({
      executablePath: bin,
      args: [path.resolve(__dirname, '..')],
      env: { ...process.env, XENDESK_HOME: dataDir, XENDESK_POLL_MS: '500' } as Record<string, string>,
    });
    try {
      const win = await app.firstWindow();
      await use({ page: win, dataDir, driver });
    } finally {
      await app.close();
    }
  },
});

export { expect } from '@playwright/test';
