// Issue 7 acceptance, against the demo host (the simulated dom0): open the serial console of a
// PV guest → its boot log and prompt; type and see the echo; resize the window → `stty size` in
// the guest prints the new size; Ctrl+] detaches; re-open works; reboot the domain on the host →
// the console re-attaches (status line + new boot output). Plus the tools around it.
import fs from 'node:fs';
import { test, expect } from './fixtures';
import { ConsolePage } from './pages/ConsolePage';
import { MainPage } from './pages/MainPage';
import { demoTarget, sshRun } from './sshProbe';

// the simulated guest boots and reboots in real time, and CI machines are busy
test.describe.configure({ timeout: 180_000 });

async function demoConsole(main: MainPage, domain: string): Promise<ConsolePage> {
  await main.tryDemoHost();
  await main.hostKeyFingerprint();
  await main.trustHostKey();
  await main.expectDomain(domain, {});
  await main.selectDomain(domain);
  const con = await ConsolePage.openFromToolbar(main.page, domain);
  // the tests read the visible rows: give the console the whole main area
  await con.maximize();
  return con;
}

test('serial console of a PV guest: boot log, echo, resize, Ctrl+] detaches, re-open works', async ({
  xendesk,
}) => {
  const { page, dataDir } = xendesk;
  const main = new MainPage(page);
  const con = await demoConsole(main, 'pvdisk');

  // the first attach replays what the guest printed at boot, up to its shell prompt
  await con.expectScreen(/=== XENLAB GUEST UP: kernel 6\.1\.0-56-amd64/);
  await con.expectScreen(/BusyBox v1\.35\.0[\s\S]*\/ #$/m);
  await con.expectStatus('attached');
  expect(await con.domid()).toBe(12);
  await expect(con.status).toContainText('Attached to pvdisk (domid 12)');

  // Maximize hands the keys back to the terminal: typing right after the click reaches the guest
  await page.keyboard.type('echo keys-after-maximize');
  await page.keyboard.press('Enter');
  await con.expectScreen(/\/ # echo keys-after-maximize\nkeys-after-maximize\n\/ #$/m);

  await con.run('echo hello from XenDesk');
  await con.expectScreen(/\/ # echo hello from XenDesk\nhello from XenDesk\n\/ #$/m);

  // resize the window: the pty follows, and the guest sees it
  const before = await con.size();
  await page.setViewportSize({ width: 1000, height: 700 });
  await expect.poll(async () => (await con.size()).cols).not.toBe(before.cols);
  const after = await con.size();
  await con.run('stty size');
  await con.expectScreen(new RegExp(`stty size\\n${after.rows} ${after.cols}\\n`));
  await page.setViewportSize({ width: 1280, height: 860 });
  await expect.poll(async () => (await con.size()).cols).not.toBe(after.cols);
  const bigger = await con.size();
  await con.run('stty size');
  await con.expectScreen(new RegExp(`stty size\\n${bigger.rows} ${bigger.cols}\\n`));

  // Ctrl+] detaches as in xl: the guest keeps running, the lock is released on the host
  await con.pressCtrlBracket();
  await con.expectStatus('detached');
  await con.expectScreen(/\[XenDesk: detached\]/);
  await expect(con.view.getByTestId('console-reattach')).toBeVisible();
  const list = await sshRun(demoTarget(dataDir), ['xl', 'list', 'pvdisk']);
  expect(list.stdout).toMatch(/pvdisk\s+12\s/);

  // re-open: Enter in a detached console attaches again
  await con.focus();
  await con.enter();
  await con.expectStatus('attached');
  await con.run('echo again');
  await con.expectScreen(/\nagain\n\/ #$/m);

  // the visible Detach button works too, and so does re-opening from the toolbar
  await con.detach();
  await con.expectStatus('detached');
  await page.getByTestId('action-console').click();
  await con.reattach();
  await con.expectStatus('attached');
  await con.run('uname -r');
  await con.expectScreen(/uname -r\n6\.1\.0-56-amd64\n/);
});

test('the console re-attaches when the domain reboots', async ({ xendesk }) => {
  const { page, dataDir } = xendesk;
  const main = new MainPage(page);
  const con = await demoConsole(main, 'pvdisk');
  await con.expectStatus('attached');
  await con.expectScreen(/\/ #$/m);

  // reboot it on the host, over plain OpenSSH (not through XenDesk)
  const r = await sshRun(demoTarget(dataDir), ['xl', 'reboot', 'pvdisk']);
  expect(r.code).toBe(0);
  await con.expectScreen(/The system is going down NOW!/);
  await con.expectStatus('reattaching');
  await con.expectScreen(/\[XenDesk: pvdisk \(domid 12\) went away/);
  await expect.poll(() => con.domid(), { timeout: 30000 }).toBeGreaterThan(12);
  await con.expectStatus('attached');
  const domid = await con.domid();
  await con.expectScreen(new RegExp(`\\[XenDesk: domain rebooted — reattached to domid ${domid}\\]`));
  await con.expectScreen(/=== XENLAB GUEST UP[\s\S]*\/ #$/m, 20000);
  await expect(con.status).toContainText(`domid ${domid}`);
  const xl = await sshRun(demoTarget(dataDir), ['xl', 'domid', 'pvdisk']);
  expect(Number(xl.stdout.trim())).toBe(domid);

  await con.run('echo rebooted');
  await con.expectScreen(/\nrebooted\n\/ #$/m);
});

test('console tools: HVM serial, font size, search, save log, pop-out window shares the session', async ({
  xendesk,
}) => {
  const { page } = xendesk;
  const main = new MainPage(page);
  const con = await demoConsole(main, 'hvm1');
  // HVM guests open on their emulated serial port
  await expect(con.view.getByTestId('console-kind')).toHaveValue('serial');
  await con.expectStatus('attached');
  await con.enter();
  await con.expectScreen(/\/ #$/m);
  await con.run('echo needle-1');
  await con.run('echo needle-2');
  await con.expectScreen(/\nneedle-2\n/);

  const size = await con.fontSize();
  const cols = (await con.size()).cols;
  await con.view.getByTestId('console-font-inc').click();
  await con.view.getByTestId('console-font-inc').click();
  expect(await con.fontSize()).toBe(size + 2);
  await expect.poll(async () => (await con.size()).cols).toBeLessThan(cols);
  await con.view.getByTestId('console-font-dec').click();
  expect(await con.fontSize()).toBe(size + 1);

  await con.view.getByTestId('console-search').fill('needle');
  await expect(con.view.locator('.console-search-count')).toHaveText(/of [24]/);

  const download = page.waitForEvent('download');
  await con.view.getByTestId('console-save-log').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^hvm1-console-\d{8}-\d{6}\.log$/);
  const text = fs.readFileSync(await file.path(), 'utf8');
  expect(text).toContain('/ # echo needle-1\nneedle-1\n');
  expect(text).not.toContain('\x1b');

  // pop out: the same app at #console/…, attached to the same backend session
  const [popup] = await Promise.all([
    page.waitForEvent('popup'),
    con.view.getByTestId('console-popout').click(),
  ]);
  await popup.waitForLoadState();
  expect(new URL(popup.url()).hash).toMatch(/^#console\/h-[0-9a-f]+\/hvm1\/serial$/);
  const out = new ConsolePage(popup, 'hvm1');
  await expect(popup.getByTestId('console-window')).toBeVisible();
  await out.expectStatus('attached');
  await out.run('echo from-the-popup');
  await out.expectScreen(/\nfrom-the-popup\n/);
  await popup.close();
});

test('screenshots of the console, light and dark', async ({ xendesk }, testInfo) => {
  const { page } = xendesk;
  const main = new MainPage(page);
  const con = await demoConsole(main, 'pvdisk');
  await con.expectStatus('attached');
  await con.expectScreen(/\/ #$/m);
  await con.run('uname -a');
  await con.run('free');
  await con.expectScreen(/Swap:/);
  // docked below the domain list, as a user first sees it
  await con.view.getByTestId('console-maximize').click();
  await expect(con.view.getByTestId('console-maximize')).toHaveAttribute('aria-pressed', 'false');
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForTimeout(300);
    const file = testInfo.outputPath(`console-${scheme}.png`);
    await page.screenshot({ path: file });
    await testInfo.attach(`console-${scheme}`, { path: file, contentType: 'image/png' });
  }
});
