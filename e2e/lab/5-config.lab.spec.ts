// Lab scenario 5 against a REAL Xen 4.17 dom0 (or the simulated one, XENDESK_LAB_TARGET=sim): edit a
// defined domain's config in the app → the file on the host keeps every comment and line, with a backup
// next to it; a concurrent edit on the host is detected and never overwritten.
import { expect, test } from '@playwright/test';
import { DetailsPage } from '../pages/DetailsPage';
import { appOutput, cleanHost, connectLab, labHost, putFile, readFile, timed } from './labSession';

const NAME = 'pvedit';
const CFG = `/etc/xen/${NAME}.cfg`;

test('5: config edit keeps the comments on the host; a concurrent edit on the host is detected', async ({
  page,
}) => {
  test.setTimeout(20 * 60_000);
  const lab = await labHost();
  await cleanHost(lab, [], [`${CFG}*`]);
  // the lab's own pv-tiny.cfg under another name, with comments of every kind an admin leaves
  const base = (await readFile(lab, `${lab.guestDir}/pv-tiny.cfg`)).replace(/"pvtiny"/, `"${NAME}"`);
  const original =
    '# pvedit: owned by the lab suite\n# (a second header line)\n\n' +
    base.replace(/^memory\s*=.*$/m, (l) => `${l}   # MiB, keep it small under TCG`) +
    '\n# trailing comment\n';
  await putFile(lab, CFG, original);
  try {
    await connectLab(page);
    const d = new DetailsPage(page);
    await expect(page.getByTestId(`domain-row-${NAME}`)).toHaveAttribute('data-state', 'shut off', {
      timeout: 180_000,
    });
    await d.openWithButton(NAME);
    await d.tab('config');
    await d.waitForEditor();
    await expect.poll(() => d.editorText(), { timeout: 120_000 }).toBe(original);

    await timed('save an edit (validated by xl on the host)', async () => {
      await d.typeAtStart('# edited with XenDesk\n');
      await expect(page.getByTestId('config-dirty')).toBeVisible();
      await d.save();
      await expect(page.getByTestId('config-saved')).toBeVisible({ timeout: 180_000 });
    });
    const saved = await readFile(lab, CFG);
    expect(saved).toBe('# edited with XenDesk\n' + original);
    // every original line, comments included, unchanged and in order
    expect(saved.split('\n').slice(1)).toEqual(original.split('\n'));
    const ls = await lab.ssh(['ls', '/etc/xen']);
    expect(ls.stdout, 'a backup of the previous file next to it').toMatch(
      new RegExp(`^${NAME}\\.cfg\\.\\d{8}-\\d{6}\\.bak$`, 'm'),
    );

    await timed('a concurrent edit on the host is detected', async () => {
      // someone edits the file on the host between the editor's load and its save
      const r = await lab.ssh(['sh', '-c', 'printf "%s\\n" "# changed on the host" >> "$1"', 'sh', CFG]);
      expect(r.code, r.stderr).toBe(0);
      const hostVersion = await readFile(lab, CFG);
      expect(hostVersion).toBe(saved + '# changed on the host\n');
      await d.typeAtStart('# my edit\n');
      await d.save();
      await expect(d.conflict).toBeVisible({ timeout: 180_000 });
      await expect(d.conflict).toContainText('# my edit');
      await expect(d.conflict).toContainText('# changed on the host');
      expect(await readFile(lab, CFG), 'the host’s version is never overwritten').toBe(hostVersion);
    });
  } catch (err) {
    console.log(`[lab] web app output (tail):\n${appOutput().slice(-4000)}`);
    throw err;
  } finally {
    await cleanHost(lab, [], [`${CFG}*`]);
  }
});
