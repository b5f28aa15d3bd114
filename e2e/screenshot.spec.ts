// README's picture (issue 9): the main window with the demo host connected, written to
// docs/screenshot.png. Runs only when asked: `npm run screenshot` (XENDESK_SCREENSHOT=path).
import path from 'node:path';
import { expect, test } from './fixtures';
import { MainPage } from './pages/MainPage';

const target = process.env.XENDESK_SCREENSHOT;

test('README screenshot of the main window', async ({ xendesk }) => {
  test.skip(!target, 'set XENDESK_SCREENSHOT=docs/screenshot.png (npm run screenshot)');
  const { page } = xendesk;
  const ui = new MainPage(page);
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
  await ui.tryDemoHost();
  await ui.hostKeyFingerprint();
  await ui.trustHostKey();
  await ui.expectDomain('pvdisk', { state: 'blocked' });
  await ui.selectDomain('pvdisk');
  // let a few polls fill in the CPU figures, and the "connected" toast go away
  await expect(page.locator('[data-testid="domain-row-pvdisk"] [data-testid="cell-cpu"]')).toContainText('%');
  await page
    .getByTestId('toast')
    .first()
    .waitFor({ state: 'detached', timeout: 15_000 })
    .catch(() => undefined);
  await page.mouse.move(0, 799);
  await page.screenshot({ path: path.resolve(__dirname, '..', target!) });
});
