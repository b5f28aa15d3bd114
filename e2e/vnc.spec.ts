// Issue 8 acceptance: the graphical console against the simulated dom0's real RFB server.
// The demo host shows that the canvas carries the guest's framebuffer (HVM VGA text and a PV
// vfb). A simulator owned by the test (same code, in this process) lets us look at the
// server side too: the pixels it drew, the keys it received (QEMU extended key events with
// their XT scancodes), Ctrl+Alt+Del, and the reconnect when the guest reboots.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { MainPage } from './pages/MainPage';
import { VncPage, pngSize } from './pages/VncPage';
import { demoTarget, sshRun } from './sshProbe';
import { startTestSim, type TestSim } from './testSim';
import { rfbServerFor } from '../electron/backend/sim/rfbBridge';
import type { RfbServer } from '../electron/backend/sim/rfb';

const SHOTS = process.env.XENDESK_VNC_SHOTS; // a directory to keep screenshots of the viewer in

const sims: TestSim[] = [];
test.afterEach(async () => {
  while (sims.length) await sims.pop()!.stop();
});

async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, name) });
}

/** Add the test's own simulator as a host through the UI, trust it, wait for its domains. */
async function addTestHost(page: Page, ts: TestSim, label = 'xen-vnc'): Promise<MainPage> {
  const ui = new MainPage(page);
  await ui.addHost({
    label,
    address: '127.0.0.1',
    port: ts.port,
    user: 'root',
    auth: 'key',
    keyPath: ts.clientKeyPath,
  });
  await ui.hostKeyFingerprint();
  await ui.trustHostKey();
  await expect(ui.hostState(label)).toHaveText(/connected/i);
  await ui.expectDomain('hvm1', {});
  return ui;
}

const server = (ts: TestSim, domain: string): RfbServer => rfbServerFor(ts.sim.model, ts.sim.domain(domain)!);

/** Canvas pixels that differ from what the server drew (the blinking cursor cell aside). */
async function differingPixels(vnc: VncPage, srv: RfbServer): Promise<number> {
  const fb = srv.framebuffer();
  const got = await vnc.pixels();
  if (got.width !== fb.width || got.height !== fb.height) return Number.POSITIVE_INFINITY;
  const cur = srv.cursor();
  let diff = 0;
  for (let y = 0; y < fb.height; y++)
    for (let x = 0; x < fb.width; x++) {
      if (x >= cur.x && x < cur.x + cur.w && y >= cur.y && y < cur.y + cur.h) continue;
      const i = (y * fb.width + x) * 4;
      if (
        fb.rgba[i] !== got.data[i] ||
        fb.rgba[i + 1] !== got.data[i + 1] ||
        fb.rgba[i + 2] !== got.data[i + 2]
      )
        diff++;
    }
  return diff;
}

test('demo host: the HVM guest and the PV vfb guest show their screens through the host’s SSH connection', async ({
  xendesk,
}) => {
  test.setTimeout(120_000); // two consoles on a slow CI box
  const { page, dataDir } = xendesk;
  const ui = new MainPage(page);
  const vnc = new VncPage(page);
  await ui.tryDemoHost();
  await ui.hostKeyFingerprint();
  await ui.trustHostKey();
  await ui.expectDomain('hvm1', {});

  // a PV guest without a vfb has no graphical console
  await ui.selectDomain('pvdisk');
  await expect(page.getByTestId('action-vnc')).toBeDisabled();

  await ui.selectDomain('hvm1');
  await vnc.open();
  await vnc.expectConnected();
  // the port is the one xenstore names on the host (not 5900 + domid)
  const target = demoTarget(dataDir);
  const id = (await sshRun(target, ['xl', 'domid', 'hvm1'])).stdout.trim();
  const port = (
    await sshRun(target, ['xenstore-read', `/local/domain/${id}/console/vnc-port`])
  ).stdout.trim();
  expect(Number(port)).not.toBe(5900 + Number(id));
  await expect(vnc.status).toHaveAttribute('data-port', port);
  await expect(vnc.status).toHaveAttribute('data-via', 'forward');
  await expect(vnc.status).toContainText(`127.0.0.1:${port}`);
  await expect(vnc.status).toContainText('QEMU (hvm1)');

  // pixels, not just a canvas: the VGA text console at 720x400 with text on it
  await expect.poll(() => vnc.size()).toEqual({ width: 720, height: 400 });
  await expect.poll(() => vnc.colourCount()).toBeGreaterThan(2);
  await shot(page, 'vnc-hvm-text.png');

  // keys arrive: the guest echoes at its login prompt, so the screen changes
  const before = await vnc.screenHash();
  await vnc.focusScreen();
  await page.keyboard.type('root');
  await expect.poll(() => vnc.screenHash()).not.toBe(before);

  await vnc.close();
  await ui.selectDomain('pvvfb');
  await vnc.open();
  await vnc.expectConnected();
  await expect.poll(() => vnc.size()).toEqual({ width: 800, height: 600 });
  await expect.poll(() => vnc.colourCount()).toBeGreaterThan(4); // fbcon text + the penguin
  await shot(page, 'vnc-pv-vfb.png');
});

test('the canvas is the server’s framebuffer; keys, a German layout, view only, typed text and scaling', async ({
  xendesk,
}) => {
  test.setTimeout(120_000);
  const { page } = xendesk;
  const ts = await startTestSim();
  sims.push(ts);
  const ui = await addTestHost(page, ts);
  const vnc = new VncPage(page);
  await ui.selectDomain('hvm1');
  await vnc.open();
  await vnc.expectConnected();
  const srv = server(ts, 'hvm1');

  // every pixel noVNC drew is the one the RFB server has (cursor cell aside)
  await expect.poll(() => differingPixels(vnc, srv), { timeout: 15_000 }).toBe(0);

  // physical keys: noVNC sends QEMU extended key events with XT scancodes, no keymap involved
  await vnc.focusScreen();
  const k0 = srv.qemuKeys.length;
  await page.keyboard.type('ab');
  await expect
    .poll(() =>
      srv.qemuKeys
        .slice(k0)
        .filter((k) => k.down)
        .map((k) => k.keycode),
    )
    .toEqual([0x1e, 0x30]);
  await expect.poll(() => srv.screenText().join('\n')).toContain('login: ab');
  await expect.poll(() => differingPixels(vnc, srv), { timeout: 15_000 }).toBe(0);

  // a German keyboard: the key labelled Z sits where a US keyboard has Y (code KeyY)
  const cdp = await page.context().newCDPSession(page);
  const k1 = srv.qemuKeys.length;
  const z = { code: 'KeyY', key: 'z', windowsVirtualKeyCode: 90, nativeVirtualKeyCode: 90 };
  await cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', ...z, text: 'z', unmodifiedText: 'z' });
  await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', ...z });
  await expect
    .poll(() => srv.qemuKeys.slice(k1).find((k) => k.down))
    .toEqual({ down: true, keysym: 0x7a, keycode: 0x15 });
  // the guest applies ITS layout (US here) to the physical key: y
  await expect.poll(() => srv.screenText().join('\n')).toContain('login: aby');

  // view only: nothing reaches the guest
  await vnc.toggleViewOnly();
  await expect(vnc.status).toContainText('view only');
  const k2 = srv.keys.length + srv.qemuKeys.length;
  await vnc.focusScreen();
  await page.keyboard.type('zzz');
  await page.waitForTimeout(300);
  expect(srv.keys.length + srv.qemuKeys.length).toBe(k2);
  await vnc.toggleViewOnly();

  // "type text": QEMU's VNC has no clipboard, so the text goes as keystrokes (Shift where needed)
  await vnc.typeText('Hi! #1');
  await expect.poll(() => srv.screenText().join('\n')).toContain('Hi! #1');

  // Ctrl+Alt+F2 and PrintScreen from the menu reach the server as physical keys
  const k3 = srv.qemuKeys.length;
  await vnc.sendKeyCombo('f2');
  await vnc.sendKeyCombo('print');
  await expect
    .poll(() =>
      srv.qemuKeys
        .slice(k3)
        .filter((k) => k.down)
        .map((k) => k.keycode),
    )
    .toEqual([0x1d, 0x38, 0x3c, 0x54]);

  // scaling: fit (the default) fills the window; 1:1 is the framebuffer's size
  const fit = await vnc.canvasBox();
  expect(fit.width).toBeGreaterThan(720);
  await vnc.setScale('1:1');
  await expect.poll(() => vnc.canvasBox()).toEqual({ width: 720, height: 400 });
  await page.setViewportSize({ width: 1000, height: 600 });
  await vnc.setScale('fit');
  await expect.poll(async () => (await vnc.canvasBox()).width).not.toBe(720);
  const small = await vnc.canvasBox();
  expect(small.width).toBeLessThan(fit.width);
  // the guest's VGA text mode cannot be resized: "resize guest" is offered as unsupported
  await expect(page.getByTestId('vnc-scale').locator('option[value="remote"]')).toBeDisabled();

  // a screenshot is a PNG of the framebuffer's size, named DOMAIN-YYYYmmdd-HHMMSS.png
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('vnc-screenshot').click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^hvm1-\d{8}-\d{6}\.png$/);
  const png = fs.readFileSync((await download.path())!);
  expect(pngSize(png)).toEqual({ width: 720, height: 400 });

  // fullscreen puts the viewer (toolbar included) on the whole screen
  await page.getByTestId('vnc-fullscreen').click();
  await expect
    .poll(() => page.evaluate(() => document.fullscreenElement?.getAttribute('data-testid') ?? null))
    .toBe('vnc-view');
  await page.getByTestId('vnc-fullscreen').click();
  await expect.poll(() => page.evaluate(() => document.fullscreenElement)).toBeNull();
  // still ONE ssh connection to the host with the console open
  expect(ts.sim.connections).toBe(1);

  // one click to the serial console of the same domain
  await page.getByTestId('vnc-to-serial').click();
  await expect(vnc.view).toBeHidden();
  await expect(page.getByTestId('console-view')).toBeVisible();
  expect(ts.sim.connections).toBe(1);
});

test('Ctrl+Alt+Del reaches the guest (it reboots) and the viewer reconnects to the new domain; also after the SSH connection drops', async ({
  xendesk,
}) => {
  test.setTimeout(150_000);
  const { page } = xendesk;
  const ts = await startTestSim();
  sims.push(ts);
  const ui = await addTestHost(page, ts);
  const vnc = new VncPage(page);
  await ui.selectDomain('hvm1');
  await vnc.open();
  await vnc.expectConnected();
  const oldDomain = ts.sim.domain('hvm1')!;
  const oldPort = oldDomain.vnc!.port;
  const srv = server(ts, 'hvm1');
  let cad = 0;
  srv.on('ctrl-alt-del', () => cad++);

  await vnc.sendCtrlAltDel();
  await expect.poll(() => cad).toBe(1);
  // the keys arrived as physical keys: Ctrl, Alt, Delete (0xe0 0x53 → 0xd3)
  expect(
    srv.qemuKeys
      .filter((k) => k.down)
      .slice(-3)
      .map((k) => k.keycode),
  ).toEqual([0x1d, 0x38, 0xd3]);

  // xl reboot semantics: the domain comes back with a NEW domid (and its own VNC server)
  await expect
    .poll(() => ts.sim.domain('hvm1')?.id ?? oldDomain.id, { timeout: 30_000 })
    .not.toBe(oldDomain.id);
  await expect(vnc.status).toHaveAttribute('data-state', /reconnecting|connected/);
  await vnc.expectConnected(60_000);
  const now = ts.sim.domain('hvm1')!;
  await expect(vnc.status).toHaveAttribute('data-port', String(now.vnc!.port));
  expect(now.vnc!.port).toBeGreaterThanOrEqual(oldPort - 10); // a port xenstore named, whatever it is
  await expect.poll(() => differingPixels(vnc, server(ts, 'hvm1')), { timeout: 15_000 }).toBe(0);

  // the host's SSH connection drops: XenDesk reconnects the host, the viewer follows
  ts.sim.dropAllConnections();
  await expect(vnc.status).not.toHaveAttribute('data-state', 'connected', { timeout: 10_000 });
  await vnc.expectConnected(60_000);
  expect(ts.sim.connections).toBe(1);
  await expect.poll(() => vnc.colourCount()).toBeGreaterThan(2);
});

test('a guest with a VNC password asks for it; pop-out window', async ({ xendesk }) => {
  test.setTimeout(120_000);
  const { page } = xendesk;
  const ts = await startTestSim();
  sims.push(ts);
  const cfg =
    'name = "locked"\ntype = "hvm"\nmemory = 256\nvcpus = 1\nvnc = 1\nvnclisten = "127.0.0.1"\nvncpasswd = "s3cret"\n';
  expect((await ts.sim.exec('cat > /etc/xen/locked.cfg', { stdin: cfg })).code).toBe(0);
  const created = await ts.sim.exec('xl create /etc/xen/locked.cfg');
  expect(created.code, created.stderr).toBe(0);
  const ui = await addTestHost(page, ts);
  const vnc = new VncPage(page);
  await ui.expectDomain('locked', {});
  await expect
    .poll(async () => (await ui.domainRow('locked').getAttribute('data-state')) ?? '', { timeout: 20_000 })
    .toMatch(/running|blocked|idle/);
  await ui.selectDomain('locked');
  await vnc.open();
  await vnc.enterPassword('wrong');
  await expect(page.getByText('That password was not accepted.')).toBeVisible();
  await vnc.enterPassword('s3cret');
  await vnc.expectConnected();
  await expect(vnc.status).toContainText('QEMU (locked)');

  // pop-out (web mode): the same app at #vnc/<hostId>/<domain> shows only the viewer
  if (xendesk.driver === 'web') {
    await vnc.close();
    await ui.selectDomain('hvm1');
    await vnc.open();
    await vnc.expectConnected();
    const [popup] = await Promise.all([page.waitForEvent('popup'), page.getByTestId('vnc-popout').click()]);
    await expect(vnc.view).toBeHidden(); // moved, not copied
    await expect(popup).toHaveURL(/#vnc\/[a-z0-9-]+\/hvm1$/);
    const pv = new VncPage(popup);
    await pv.expectConnected();
    await expect(popup.getByTestId('action-vnc')).toHaveCount(0); // no main window in there
    await expect.poll(() => pv.colourCount()).toBeGreaterThan(2);
    await popup.close();
  }
});
