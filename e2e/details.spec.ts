// Issue 5 acceptance (UI part): search/filter/sort/groups over the domain list, and the Details
// view's four tabs against the demo host's simulated dom0. What the host holds is checked over
// plain OpenSSH (sshProbe), not through XenDesk: a saved edit keeps every original line, and a
// conflicting edit on the host is never overwritten.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { DetailsPage } from './pages/DetailsPage';
import { MainPage } from './pages/MainPage';
import { demoTarget, sshRun, type SshTarget } from './sshProbe';

// each test drives a whole session (demo host, details, editor): give a loaded CI machine time
test.describe.configure({ timeout: 180_000 });

const SHOTS = process.env.XENDESK_DETAILS_SHOTS; // a directory to keep screenshots of every tab in

const PVDISK_UUID = '360bb23f-2b47-485c-8319-7b8a950fa06c';

async function hostFile(target: SshTarget, file: string): Promise<string> {
  const r = await sshRun(target, ['cat', file]);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

async function startDemo(page: Page): Promise<{ ui: MainPage; d: DetailsPage }> {
  const ui = new MainPage(page);
  await ui.tryDemoHost();
  await ui.hostKeyFingerprint();
  await ui.trustHostKey();
  await ui.expectDomain('pvdisk', { state: 'blocked' });
  return { ui, d: new DetailsPage(page) };
}

async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  fs.mkdirSync(SHOTS, { recursive: true });
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForTimeout(250); // charts are redrawn for the new colours
    await page.screenshot({ path: path.join(SHOTS, `${name}-${scheme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test('search, state/type filters and groups narrow the domain list', async ({ xendesk }) => {
  const { page } = xendesk;
  const { d } = await startDemo(page);
  // the inventory: running guests and the stopped ones defined in /etc/xen
  await d.expectVisibleDomains(['db01', 'hvm1', 'pvdisk', 'pvtiny', 'pvvfb', 'webserver']);

  await d.focusSearchByKeyboard();
  await page.keyboard.type('pv');
  await d.expectVisibleDomains(['pvdisk', 'pvtiny', 'pvvfb']);
  await expect(page.getByTestId('filter-count')).toHaveText('3 of 6 shown');
  await d.searchFor('PV DISK');
  await d.expectVisibleDomains(['pvdisk']);
  await d.searchFor('483602f5'); // a UUID prefix (hvm1)
  await d.expectVisibleDomains(['hvm1']);
  await d.searchFor('nothing-like-this');
  await expect(page.getByTestId('filter-empty')).toBeVisible();
  await page.getByTestId('domain-search').press('Escape');
  await d.expectVisibleDomains(['db01', 'hvm1', 'pvdisk', 'pvtiny', 'pvvfb', 'webserver']);

  await d.filterState('shut off');
  await d.expectVisibleDomains(['db01', 'pvtiny', 'webserver']);
  await d.filterType('hvm');
  await d.expectVisibleDomains(['webserver']);
  await d.filterState('running');
  await d.expectVisibleDomains(['hvm1']);
  await d.clearFilters();
  await d.expectVisibleDomains(['db01', 'hvm1', 'pvdisk', 'pvtiny', 'pvvfb', 'webserver']);

  // sorting still works on the filtered list (memory, largest first; ties by name)
  await d.filterType('pv');
  await page.getByTestId('sort-memory').click();
  const byMemory = await d.visibleDomains();
  expect(byMemory[0]).toBe('db01'); // 384 MiB, the others 128
  await d.clearFilters();

  // tags (kept in XenDesk's settings) → group by tag
  await d.openWithButton('pvdisk');
  await d.tab('overview');
  await page.getByTestId('tags-edit').click();
  await page.getByTestId('tags-input').fill('web, prod');
  await page.getByTestId('tags-save').click();
  await expect(page.getByTestId('tags')).toContainText('prod');
  await d.back();
  await d.openWithDoubleClick('db01');
  await page.getByTestId('tags-edit').click();
  await page.getByTestId('tags-input').fill('prod');
  await page.getByTestId('tags-input').press('Enter');
  await expect(page.getByTestId('tags')).toContainText('prod');
  await d.back();
  await d.groupBy('tag');
  await expect.poll(() => d.groupLabels()).toEqual(['prod', 'web', 'No tag']);
  await expect(page.getByTestId('domain-group').first()).toContainText('2');
  await shot(page, '9-group-by-tag');
  await d.searchFor('prod'); // tags are searched too; a guest with two tags is listed under each
  await expect.poll(() => d.groupLabels()).toEqual(['prod', 'web']);
  await expect.poll(() => d.visibleDomains()).toEqual(['db01', 'pvdisk', 'pvdisk']);
  await d.searchFor('');

  // group by host: every connected host's domains under its name
  await d.groupBy('host');
  await expect.poll(() => d.groupLabels()).toHaveLength(1);
  await d.groupBy('none');
  await expect(page.getByTestId('domain-group')).toHaveCount(0);
});

test('details of a running PV guest: overview, live performance charts and its hardware', async ({
  xendesk,
}) => {
  const { page } = xendesk;
  const { d } = await startDemo(page);
  await shot(page, '0-list');

  await d.openWithEnter('pvdisk');
  await expect(d.overview('uuid')).toHaveText(PVDISK_UUID);
  await expect(d.overview('type')).toContainText('PV');
  await expect(d.overview('memory')).toContainText('128 MiB');
  await expect(d.overview('memory')).toContainText('256 MiB');
  await expect(d.overview('cfgpath')).toHaveText('/etc/xen/pv-disk.cfg');
  await expect(d.overview('kernel')).toContainText('/root/guest/vmlinuz');
  await expect(d.overview('on_crash')).toContainText('preserve');
  await expect(d.overview('vcpus')).toContainText('2 maximum');
  await shot(page, '1-overview');

  await d.tab('performance');
  await expect(d.chartCanvas('cpu').first()).toBeVisible();
  await expect(d.chartCanvas('net').first()).toBeVisible();
  const before = await d.chartSamples('cpu');
  await expect.poll(() => d.chartSamples('cpu'), { timeout: 15_000 }).toBeGreaterThan(before + 1);
  // memory is drawn as polled; rates once two samples exist
  await expect(page.getByTestId('perf-chart-memory-memMiB')).toHaveText('128 MiB');
  await expect(page.getByTestId('perf-chart-net-netRx')).toHaveText(/B\/s$/);
  await shot(page, '2-performance');

  await d.tab('hardware');
  await expect(d.hwDisk('xvda')).toContainText('/var/tmp/d.img');
  await expect(d.hwDisk('xvda')).toContainText('raw');
  await expect(d.hwDisk('xvda')).toContainText('read/write');
  await expect(d.hwNic(0)).toContainText('00:16:3e:00:00:01');
  await expect(d.hwNic(0)).toContainText('xenbr0');
  await shot(page, '3-hardware');

  await d.back();
  await d.openWithButton('webserver'); // stopped HVM: hardware from the file, CD drive and VNC
  await d.tab('hardware');
  await expect(page.getByTestId('hw-source')).toContainText('/etc/xen/webserver.cfg');
  await expect(page.getByTestId('hw-cdrom-xvdc')).toContainText('debian-12.11.0-amd64-netinst.iso');
  await expect(page.getByTestId('hw-nic-0')).toContainText('e1000');
  await expect(page.getByTestId('hw-display-0')).toContainText('VNC');
  await shot(page, '4-hardware-hvm');
});

test('config edit: a comment added in the editor is saved and every original line is kept', async ({
  xendesk,
}) => {
  const { page, dataDir } = xendesk;
  const { d } = await startDemo(page);
  const target = demoTarget(dataDir);
  const file = '/etc/xen/pv-disk.cfg';
  const original = await hostFile(target, file);

  await d.openWithButton('pvdisk');
  await d.tab('config');
  await d.waitForEditor();
  await expect.poll(() => d.editorText()).toBe(original);
  await expect(page.getByTestId('config-problems')).toContainText('without complaint');
  await shot(page, '5-config');

  // a live diagnostic with its fix, applied with one click
  await d.typeAtEnd('acpi = True\n');
  await expect(d.diagnostics()).toHaveCount(1);
  await expect(d.diagnostics().first()).toContainText('line 15');
  await expect(d.diagnostics().first()).toContainText('Python');
  await shot(page, '6-config-diagnostic');
  await d.diagnostics().first().getByTestId('config-fix').click();
  await expect.poll(() => d.editorText()).toBe(original + 'acpi = 1\n');
  await expect(d.diagnostics()).toHaveCount(0);
  await page.keyboard.press('ControlOrMeta+z'); // undo the fix, then the typing
  await page.getByTestId('config-revert').click();
  await expect.poll(() => d.editorText()).toBe(original);

  await d.typeAtStart('# edited with XenDesk\n');
  await expect(page.getByTestId('config-dirty')).toBeVisible();
  await expect(page.getByTestId('tab-config')).toHaveText(/•/);
  await d.save();
  await expect(page.getByTestId('config-saved')).toBeVisible();
  await expect(page.getByTestId('config-dirty')).toBeHidden();

  const saved = await hostFile(target, file);
  expect(saved).toBe('# edited with XenDesk\n' + original);
  // every original line is there, unchanged and in order
  expect(saved.split('\n').slice(1)).toEqual(original.split('\n'));
  // and a backup of the previous file was kept next to it
  const ls = await sshRun(target, ['ls', '/etc/xen']);
  expect(ls.stdout).toMatch(/pv-disk\.cfg\.\d{8}-\d{6}\.bak/);
});

test('config edit: xl’s refusal is shown and the host file stays as it was', async ({ xendesk }) => {
  const { page, dataDir } = xendesk;
  const { d } = await startDemo(page);
  const target = demoTarget(dataDir);
  const file = '/etc/xen/db01.cfg';
  const original = await hostFile(target, file);

  await d.openWithButton('db01');
  await d.tab('config');
  await d.waitForEditor();
  await expect.poll(() => d.editorText()).toBe(original);
  await d.typeAtEnd('vcpus = = 2\n');
  await expect(d.diagnostics().first()).toContainText('syntax error');
  await d.save();
  await expect(page.getByTestId('config-xl-error')).toBeVisible();
  await expect(page.getByTestId('config-xl-error')).toContainText('syntax error');
  await shot(page, '7-config-xl-error');
  expect(await hostFile(target, file)).toBe(original);
});

test('config edit: a concurrent change on the host shows both versions and is never overwritten', async ({
  xendesk,
}) => {
  const { page, dataDir } = xendesk;
  const { d } = await startDemo(page);
  const target = demoTarget(dataDir);
  const file = '/etc/xen/db01.cfg';
  const original = await hostFile(target, file);

  await d.openWithButton('db01');
  await d.tab('config');
  await d.waitForEditor();
  await expect.poll(() => d.editorText()).toBe(original);

  // someone edits the file on the host between our load and our save
  const r = await sshRun(target, ['sh', '-c', `printf '%s\\n' '# changed on the host' >> ${file}`]);
  expect(r.code, r.stderr).toBe(0);
  const hostVersion = await hostFile(target, file);
  expect(hostVersion).toBe(original + '# changed on the host\n');

  await d.typeAtStart('# my edit\n');
  await d.save();
  await expect(d.conflict).toBeVisible();
  await expect(d.conflict).toContainText('# my edit');
  await expect(d.conflict).toContainText('# changed on the host');
  await shot(page, '8-config-conflict');
  expect(await hostFile(target, file)).toBe(hostVersion);

  // keep editing: still refused until reloaded, and still nothing written
  await page.getByTestId('config-keep-editing').click();
  await expect(page.getByTestId('config-conflict-pending')).toBeVisible();
  await d.save();
  await expect(d.conflict).toBeVisible();
  expect(await hostFile(target, file)).toBe(hostVersion);

  // reload: the editor shows the host's file, and a save from there works
  await page.getByTestId('config-reload-host').click();
  await expect(d.conflict).toBeHidden();
  await expect.poll(() => d.editorText()).toBe(hostVersion);
  await d.typeAtEnd('# after reload\n');
  await d.save();
  await expect(page.getByTestId('config-saved')).toBeVisible();
  expect(await hostFile(target, file)).toBe(hostVersion + '# after reload\n');
});
