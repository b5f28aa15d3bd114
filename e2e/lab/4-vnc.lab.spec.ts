// Lab scenario 4 against a REAL Xen 4.17 dom0 (or the simulated one, XENDESK_LAB_TARGET=sim): a PV guest
// with a paravirtual framebuffer (vfb). Its VNC server is qemu in dom0 on 127.0.0.1: the console must
// show the guest's screen (pixels that are not all one colour) through the host's ONE SSH connection,
// at the port xenstore names, and keys typed in it must reach the guest.
import { expect, test } from '@playwright/test';
import { VncPage } from '../pages/VncPage';
import { appOutput, appSshConnections, cleanHost, connectLab, labHost, timed, xl } from './labSession';

const NAME = 'pvvfb';

/** Pixels that are not the screen's most common colour (its background): the amount of text shown. */
async function inkPixels(vnc: VncPage): Promise<number> {
  const { data } = await vnc.pixels();
  const counts = new Map<number, number>();
  for (let i = 0; i < data.length; i += 4) {
    const c = (data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!;
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  return data.length / 4 - Math.max(...counts.values());
}

test('4: PV guest with a vfb: the VNC console shows its screen through the host’s one SSH connection', async ({
  page,
}, testInfo) => {
  test.setTimeout(30 * 60_000);
  const lab = await labHost();
  await cleanHost(lab, [NAME]);
  try {
    await timed('xl create pv-vfb.cfg (over ssh)', async () => {
      const r = await lab.ssh(['xl', 'create', `${lab.guestDir}/pv-vfb.cfg`]);
      expect(r.code, `xl create: ${r.stderr}`).toBe(0);
    });
    const main = await connectLab(page);
    const vnc = new VncPage(page);
    await expect(main.domainRow(NAME)).toBeVisible({ timeout: 180_000 });
    await main.selectDomain(NAME);
    // the graphics come from the config (`xl list -l`): a later poll than the row's first one
    await expect(page.getByTestId('action-vnc')).toBeEnabled({ timeout: 180_000 });
    const connsBefore = await appSshConnections(lab);
    expect(connsBefore, 'XenDesk holds one SSH connection to the host').toBe(1);

    await timed('VNC console connected', async () => {
      await vnc.open();
      await vnc.expectConnected(180_000);
    });
    // the port is the one xenstore names on the host, reached through a forward on the SSH connection
    const id = (await xl(lab, ['domid', NAME])).trim();
    const port = (await lab.ssh(['xenstore-read', `/local/domain/${id}/console/vnc-port`])).stdout.trim();
    expect(port).toMatch(/^\d+$/);
    await expect(vnc.status).toHaveAttribute('data-port', port);
    await expect(vnc.status).toHaveAttribute('data-via', 'forward');
    await expect(vnc.status).toContainText(`QEMU (${NAME})`);

    await timed('the guest’s screen on the canvas (800x600, not one colour)', async () => {
      await expect.poll(() => vnc.size(), { timeout: 120_000 }).toEqual({ width: 800, height: 600 });
      // fbcon draws the guest's text once its kernel has brought the framebuffer up (a minute or more on TCG)
      await expect.poll(() => vnc.colourCount(), { timeout: 600_000, intervals: [2000] }).toBeGreaterThan(1);
    });
    const shot = testInfo.outputPath('vnc-pvvfb.png');
    await page.screenshot({ path: shot });
    await testInfo.attach('vnc-pvvfb', { path: shot, contentType: 'image/png' });
    expect(await appSshConnections(lab), 'the console rides the same SSH connection').toBe(connsBefore);

    await timed('keys reach the guest (its shell echoes them)', async () => {
      // wait until the guest's shell owns tty1: the text on the screen stops growing (the cursor blinks)
      let last = -1;
      await expect
        .poll(
          async () => {
            const n = await inkPixels(vnc);
            const settled = last >= 0 && Math.abs(n - last) < 200;
            last = n;
            return settled;
          },
          { timeout: 600_000, intervals: [10_000] },
        )
        .toBe(true);
      await vnc.focusScreen();
      await page.keyboard.type('echo typed-over-vnc');
      await page.keyboard.press('Enter');
      // the command line and its output: two lines of text, well over the cursor's few pixels
      await expect.poll(() => inkPixels(vnc), { timeout: 180_000 }).toBeGreaterThan(last + 600);
    });
    await page.screenshot({ path: testInfo.outputPath('vnc-pvvfb-typed.png') });
    await vnc.close();
  } catch (err) {
    console.log(`[lab] web app output (tail):\n${appOutput().slice(-4000)}`);
    throw err;
  } finally {
    await cleanHost(lab, [NAME]);
  }
});
