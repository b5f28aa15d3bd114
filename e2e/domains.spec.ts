// Issue 5 acceptance: every lifecycle action from the UI against the simulated dom0, each test
// checking the HOST's state afterwards over plain OpenSSH (not XenDesk's code): files in
// /etc/xen and /var/lib/xen, and what `xl` itself reports.
import fs from 'node:fs';
import { test, expect } from './fixtures';
import { MainPage } from './pages/MainPage';
import { DomainActions } from './pages/DomainActions';
import { demoTarget, sshRun, type SshTarget } from './sshProbe';
import { startTestSim, type TestSim } from './testSim';
import { parseXlList } from '../shared/xen/xlList';
import type { Page } from '@playwright/test';

// the machine may be busy: give each action room (the host checks are what matter)
test.describe.configure({ mode: 'parallel', timeout: 150_000 });

const sims: TestSim[] = [];
test.afterEach(async () => {
  while (sims.length) await sims.pop()!.stop();
});

/** The demo host connected; returns the page objects and an ssh path to the same dom0. */
async function demo(page: Page, dataDir: string) {
  const ui = new MainPage(page);
  await ui.tryDemoHost();
  await ui.hostKeyFingerprint();
  await ui.trustHostKey();
  await expect(ui.hostState('Demo dom0 (simulated)')).toHaveText(/connected/i);
  await ui.expectDomain('pvdisk', {});
  return { ui, act: new DomainActions(page), host: demoTarget(dataDir) };
}

async function xlRow(t: SshTarget, name: string) {
  const r = await sshRun(t, ['xl', 'list']);
  return parseXlList(r.stdout).find((x) => x.name === name);
}

/** Poll the host until `pred` holds (the guest's own shutdown takes a moment). */
async function eventually(check: () => Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`the host never showed: ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

const exists = async (t: SshTarget, p: string) => (await sshRun(t, ['test', '-e', p])).code === 0;
const cat = async (t: SshTarget, p: string) => (await sshRun(t, ['cat', '--', p])).stdout;
/** Write a file on the host: the content travels as an argument, never as shell text. */
const put = (t: SshTarget, p: string, text: string) =>
  sshRun(t, ['sh', '-c', 'printf %s "$2" > "$1"', 'sh', p, text]);

test('start: a shut-off domain defined in /etc/xen runs on the host', async ({ xendesk }) => {
  const { ui, act, host } = await demo(xendesk.page, xendesk.dataDir);
  await ui.expectDomain('webserver', { state: 'shut off' });
  await ui.selectDomain('webserver');
  await act.button('start');
  await expect(ui.domainRow('webserver')).not.toHaveAttribute('data-state', 'shut off');
  expect(await xlRow(host, 'webserver')).toBeDefined();
});

test('shut down: the guest stops on the host and shows as shut off', async ({ xendesk }) => {
  const { ui, act, host } = await demo(xendesk.page, xendesk.dataDir);
  await ui.selectDomain('pvdisk');
  await act.button('shutdown');
  await eventually(async () => !(await xlRow(host, 'pvdisk')), 'pvdisk gone from xl list');
  await ui.expectDomain('pvdisk', { state: 'shut off' }); // defined by /etc/xen/pv-disk.cfg
});

test('start fails on a missing disk image: xl’s own error line, a hint, and the host unchanged', async ({
  xendesk,
}) => {
  const { ui, act, host } = await demo(xendesk.page, xendesk.dataDir);
  await put(
    host,
    '/etc/xen/nodisk.cfg',
    'name = "nodisk"\ntype = "pv"\nmemory = 64\nkernel = "/root/guest/vmlinuz"\ndisk = [ "format=raw, vdev=xvda, access=rw, target=/var/lib/xen/images/gone.img" ]\n',
  );
  await ui.expectDomain('nodisk', { state: 'shut off' });
  await ui.selectDomain('nodisk');
  await act.button('start');
  const failure = xendesk.page.getByTestId('dialog-action-failure');
  await expect(failure).toBeVisible();
  await expect(failure.getByTestId('action-failure-output')).toContainText(
    'failed to stat: /var/lib/xen/images/gone.img: No such file or directory',
  );
  await expect(failure.locator('[data-hint="missing-path"]')).toBeVisible();
  expect(await xlRow(host, 'nodisk')).toBeUndefined();
  await expect(ui.domainRow('nodisk')).toHaveAttribute('data-state', 'shut off');
});

test('shut down an HVM guest without PV drivers: xl’s refusal, then “Force via ACPI”', async ({
  xendesk,
}) => {
  const { ui, host } = await demo(xendesk.page, xendesk.dataDir);
  await put(host, '/etc/xen/nopv.cfg', 'name = "nopv"\ntype = "hvm"\nmemory = 128\nxen_platform_pci = 0\n');
  expect((await sshRun(host, ['xl', 'create', '/etc/xen/nopv.cfg'])).code).toBe(0);
  await ui.expectDomain('nopv', {});
  await ui.selectDomain('nopv');
  await new DomainActions(xendesk.page).button('shutdown');
  const failure = xendesk.page.getByTestId('dialog-action-failure');
  await expect(failure).toBeVisible();
  await expect(failure.getByTestId('action-failure-message')).toHaveText(
    'PV control interface not available: external graceful shutdown not possible.',
  );
  await expect(failure.locator('[data-hint="acpi-needed"]')).toBeVisible();
  expect(await xlRow(host, 'nopv')).toBeDefined(); // nothing happened yet
  await failure.getByTestId('action-force-acpi').click();
  await eventually(async () => !(await xlRow(host, 'nopv')), 'nopv gone after the ACPI power button');
});

test('reboot: the domain comes back with a new domid', async ({ xendesk }) => {
  const { ui, act, host } = await demo(xendesk.page, xendesk.dataDir);
  const before = (await xlRow(host, 'pvvfb'))!.id;
  await ui.selectDomain('pvvfb');
  await act.button('reboot');
  await eventually(async () => {
    const r = await xlRow(host, 'pvvfb');
    return !!r && r.id !== before;
  }, 'pvvfb with a new domid');
});

test('force off asks first, then the domain is gone from the host', async ({ xendesk }) => {
  const { ui, act, host } = await demo(xendesk.page, xendesk.dataDir);
  await ui.selectDomain('hvm1');
  await act.button('destroy');
  await expect(xendesk.page.getByTestId('dialog-confirm')).toBeVisible();
  expect(await xlRow(host, 'hvm1')).toBeDefined();
  await ui.confirm();
  await eventually(async () => !(await xlRow(host, 'hvm1')), 'hvm1 destroyed');
});

test('save to a file with progress: the file is on the host, the domain stopped', async ({ xendesk }) => {
  const { ui, act, host } = await demo(xendesk.page, xendesk.dataDir);
  await ui.selectDomain('pvvfb');
  await act.save();
  const st = await sshRun(host, ['stat', '-c', '%s', '/var/lib/xen/save/pvvfb.save']);
  expect(Number(st.stdout)).toBeGreaterThan(100 * 1024 * 1024);
  expect(await xlRow(host, 'pvvfb')).toBeUndefined();
});

test('restore from a save file: the domain runs again on the host', async ({ xendesk }) => {
  const { ui, act, host } = await demo(xendesk.page, xendesk.dataDir);
  expect((await sshRun(host, ['xl', 'save', 'pvvfb', '/var/lib/xen/save/pvvfb-e2e.save'])).code).toBe(0);
  await ui.expectDomain('pvvfb', { state: 'shut off' });
  await act.restore('/var/lib/xen/save/pvvfb-e2e.save');
  await eventually(async () => !!(await xlRow(host, 'pvvfb')), 'pvvfb restored');
  await expect(ui.domainRow('pvvfb')).not.toHaveAttribute('data-state', 'shut off');
});

test('memory & vCPUs in MiB: live on the host and in the config; un-onlined vCPUs are noted', async ({
  xendesk,
}) => {
  const { ui, act, host } = await demo(xendesk.page, xendesk.dataDir);
  await ui.selectDomain('pvdisk');
  await act.setResources({ memory: 200, maxmem: 300, vcpus: 2, weight: 512, cap: 50 });
  await eventually(async () => (await xlRow(host, 'pvdisk'))?.memMiB === 200, 'pvdisk at 200 MiB');
  // the scheduler the host names in xl info (credit2 on Xen 4.17)
  expect((await sshRun(host, ['xl', 'sched-credit2', '-d', 'pvdisk'])).stdout).toMatch(
    /^pvdisk\s+\d+\s+512\s+50$/m,
  );
  const vl = await sshRun(host, ['xl', 'vcpu-list', 'pvdisk']);
  expect(vl.stdout.trim().split('\n')).toHaveLength(3); // header + 2 vCPUs
  const cfg = await cat(host, '/etc/xen/pv-disk.cfg');
  expect(cfg).toMatch(/^memory\s*=\s*200/m);
  expect(cfg).toMatch(/^maxmem\s*=\s*300/m);
  expect(cfg).toMatch(/^vcpus\s*=\s*2/m);
  // the guest has not onlined the second vCPU: the dialog says so
  await act.menu('resources');
  await expect(xendesk.page.getByTestId('res-vcpus-offline')).toContainText('onlined 1 of 2');
  await expect(xendesk.page.getByTestId('res-mem-hint')).toContainText('MiB');
});

test('rename a stopped domain: NAME.cfg and name= follow on the host', async ({ xendesk }) => {
  const { ui, act, host } = await demo(xendesk.page, xendesk.dataDir);
  await ui.selectDomain('db01');
  await act.rename('db02');
  await ui.expectDomain('db02', { state: 'shut off' });
  expect(await exists(host, '/etc/xen/db01.cfg')).toBe(false);
  expect(await cat(host, '/etc/xen/db02.cfg')).toMatch(/^name\s*=\s*"db02"/m);
});

test('autostart on creates the /etc/xen/auto link, off removes it', async ({ xendesk }) => {
  const { ui, act, host } = await demo(xendesk.page, xendesk.dataDir);
  await ui.selectDomain('db01');
  await act.menu('autostart');
  await eventually(
    async () => (await sshRun(host, ['readlink', '/etc/xen/auto/db01.cfg'])).stdout.trim() === '../db01.cfg',
    'the link',
  );
  await xendesk.page.getByTestId('action-more').click();
  await expect(xendesk.page.getByTestId('action-autostart')).toHaveAttribute('aria-checked', 'true');
  await xendesk.page.getByTestId('action-autostart').click();
  await eventually(async () => !(await exists(host, '/etc/xen/auto/db01.cfg')), 'no link');
});

test('migrate to another connected host: the domain runs there, not here', async ({ xendesk }) => {
  const { ui, act, host } = await demo(xendesk.page, xendesk.dataDir);
  // a second dom0 that trusts the demo dom0's root key (dom0 → dom0 ssh, as xl migrate needs)
  const other = await startTestSim({ clientKeyPath: host.keyPath, scenario: 'empty' });
  sims.push(other);
  const key = fs.readFileSync(host.keyPath, 'utf8');
  expect(
    (
      await sshRun(host, [
        'sh',
        '-c',
        'mkdir -p /root/.ssh && printf %s "$1" > /root/.ssh/id_ed25519',
        'sh',
        key,
      ])
    ).code,
  ).toBe(0);
  await ui.addHost({
    label: 'xen2',
    address: '127.0.0.1',
    port: other.port,
    user: 'root',
    auth: 'key',
    keyPath: host.keyPath,
  });
  await ui.trustHostKey();
  await expect(ui.hostState('xen2')).toHaveText(/connected/i);
  await ui.host('Demo dom0 (simulated)').click();
  await ui.selectDomain('pvdisk');
  await act.migrate('xen2');
  const there = { ...host, port: other.port };
  expect(await xlRow(there, 'pvdisk')).toBeDefined();
  expect(await xlRow(host, 'pvdisk')).toBeUndefined();
});

test('clone: the disk image is copied, the new config has a new name, uuid and MAC', async ({ xendesk }) => {
  const { ui, act, host } = await demo(xendesk.page, xendesk.dataDir);
  await ui.selectDomain('db01');
  await act.clone('db01-copy');
  await ui.expectDomain('db01-copy', { state: 'shut off' });
  const size = async (p: string) => Number((await sshRun(host, ['stat', '-c', '%s', p])).stdout);
  expect(await size('/var/lib/xen/images/db01-copy.img')).toBe(await size('/var/lib/xen/images/db01.img'));
  const cfg = await cat(host, '/etc/xen/db01-copy.cfg');
  expect(cfg).toMatch(/^name\s*=\s*"db01-copy"/m);
  expect(cfg).toContain('target=/var/lib/xen/images/db01-copy.img');
  expect(cfg).not.toContain('00:16:3e:5a:10:02');
});

test('delete with storage: the config and the checked image are gone, other files untouched', async ({
  xendesk,
}) => {
  const { ui, act, host } = await demo(xendesk.page, xendesk.dataDir);
  await ui.selectDomain('db01');
  await act.delete(['/var/lib/xen/images/db01.img']);
  await expect(ui.domainRow('db01')).toHaveCount(0);
  expect(await exists(host, '/etc/xen/db01.cfg')).toBe(false);
  expect(await exists(host, '/var/lib/xen/images/db01.img')).toBe(false);
  for (const kept of [
    '/var/lib/xen/images/webserver.img',
    '/var/lib/xen/iso/debian-12.11.0-amd64-netinst.iso',
    '/etc/xen/webserver.cfg',
    '/var/tmp/d.img',
  ])
    expect(await exists(host, kept)).toBe(true);
});

test('attach and detach a disk: xl block-list on the host and the config follow', async ({ xendesk }) => {
  const { ui, act, host } = await demo(xendesk.page, xendesk.dataDir);
  expect((await sshRun(host, ['truncate', '-s', '64M', '/var/lib/xen/images/extra.img'])).code).toBe(0);
  await ui.selectDomain('pvdisk');
  await act.menu('devices');
  await act.fill('dev-disk-target', '/var/lib/xen/images/extra.img');
  await act.fill('dev-disk-vdev', 'xvdb');
  await xendesk.page.getByTestId('dev-disk-attach').click();
  await expect(xendesk.page.locator('[data-testid="dev-disks"] li[data-vdev="xvdb"]')).toBeVisible();
  expect((await sshRun(host, ['xl', 'block-list', 'pvdisk'])).stdout).toMatch(/^51728\s/m);
  expect(await cat(host, '/etc/xen/pv-disk.cfg')).toContain('target=/var/lib/xen/images/extra.img');
  await xendesk.page.getByTestId('dev-disk-detach-xvdb').click();
  await expect(xendesk.page.locator('[data-testid="dev-disks"] li[data-vdev="xvdb"]')).toHaveCount(0);
  expect((await sshRun(host, ['xl', 'block-list', 'pvdisk'])).stdout).not.toMatch(/^51728\s/m);
  expect(await cat(host, '/etc/xen/pv-disk.cfg')).not.toContain('extra.img');
});

test('attach and detach a NIC: xl network-list on the host follows', async ({ xendesk }) => {
  const { ui, act, host } = await demo(xendesk.page, xendesk.dataDir);
  await ui.selectDomain('pvdisk');
  await act.menu('devices');
  await act.fill('dev-nic-mac', '00:16:3e:44:55:66');
  await xendesk.page.getByTestId('dev-nic-attach').click();
  const row = xendesk.page.locator('[data-testid="dev-nics"] li[data-mac="00:16:3e:44:55:66"]');
  await expect(row).toBeVisible();
  expect((await sshRun(host, ['xl', 'network-list', 'pvdisk'])).stdout).toContain('00:16:3e:44:55:66');
  await row.getByRole('button').click();
  await expect(row).toHaveCount(0);
  expect((await sshRun(host, ['xl', 'network-list', 'pvdisk'])).stdout).not.toContain('00:16:3e:44:55:66');
});

test('CD eject and insert on a running HVM guest', async ({ xendesk }) => {
  const { ui, act, host } = await demo(xendesk.page, xendesk.dataDir);
  expect((await sshRun(host, ['xl', 'create', '/etc/xen/webserver.cfg'])).code).toBe(0);
  await ui.expectDomain('webserver', { state: 'blocked' });
  await ui.selectDomain('webserver');
  await act.menu('cd');
  const iso = '/var/lib/xen/iso/debian-12.11.0-amd64-netinst.iso';
  const media = async () => {
    const l = JSON.parse((await sshRun(host, ['xl', 'list', '-l', 'webserver'])).stdout) as {
      config: { disks: { vdev: string; pdev_path?: string }[] };
    }[];
    return l[0]!.config.disks.find((d) => d.vdev === 'xvdc')!.pdev_path;
  };
  expect(await media()).toBe(iso);
  await xendesk.page.getByTestId('cd-eject-xvdc').click();
  await expect(xendesk.page.getByTestId('cd-media-xvdc')).toHaveText('empty');
  expect(await media()).toBeUndefined();
  await act.fill('cd-file-xvdc', iso);
  await xendesk.page.getByTestId('cd-insert-xvdc').click();
  await expect(xendesk.page.getByTestId('cd-media-xvdc')).toHaveText(iso);
  expect(await media()).toBe(iso);
});

test('a config edited on the host meanwhile is not overwritten (Config tab)', async ({ xendesk }) => {
  const { ui, host } = await demo(xendesk.page, xendesk.dataDir);
  const page = xendesk.page;
  await ui.domainRow('db01').dblclick();
  await page.getByTestId('tab-config').click();
  const editor = page.getByTestId('config-text');
  await expect(editor).toContainText('PostgreSQL');
  // someone edits the file on dom0 while it is open here
  const theirs = (await cat(host, '/etc/xen/db01.cfg')) + '# changed on the host\n';
  await put(host, '/etc/xen/db01.cfg', theirs);
  await editor.click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type('\n# my edit\n');
  await page.getByTestId('config-save').click();
  await expect(
    page.getByTestId('config-conflict').or(page.getByTestId('config-conflict-pending')).first(),
  ).toBeVisible();
  expect(await cat(host, '/etc/xen/db01.cfg')).toBe(theirs);
});

test('adversarial names and paths are refused; the canary file is never created', async ({ xendesk }) => {
  const { ui, act, host } = await demo(xendesk.page, xendesk.dataDir);
  const page = xendesk.page;
  const canary = '/tmp/xendesk-canary';
  await ui.selectDomain('db01');
  await act.menu('rename');
  for (const evil of ['$(touch /tmp/xendesk-canary)', 'a;touch /tmp/xendesk-canary', '-rf', '../x', "a'b"]) {
    await act.fill('rename-name', evil);
    await expect(page.getByTestId('rename-name-error')).toBeVisible();
    await page.getByTestId('rename-ok').click();
    await expect(act.dialog('rename')).toBeVisible();
  }
  await page.getByTestId('dialog-rename-cancel').click();
  await ui.selectDomain('pvvfb');
  await act.menu('save');
  for (const evil of [
    '/var/lib/xen/save/$(touch /tmp/xendesk-canary)',
    '/var/lib/xen/../../tmp/x',
    'rel/path',
    '/x/-rf',
  ]) {
    await act.fill('save-file', evil);
    await expect(page.getByTestId('save-ok')).toBeDisabled();
  }
  await page.getByTestId('dialog-save-cancel').click();
  // hostile names in /etc/xen are data: listed, and acted on with every path quoted
  await put(host, '/etc/xen/x;touch ${HOME}-canary.cfg', 'name = "hostile"\nmemory = 64\n');
  await ui.expectDomain('hostile', { state: 'shut off' });
  await ui.selectDomain('hostile');
  await act.menu('autostart');
  await eventually(
    async () => (await sshRun(host, ['ls', '/etc/xen/auto'])).stdout.includes('x;touch'),
    'the link',
  );
  await act.delete([]);
  await expect(ui.domainRow('hostile')).toHaveCount(0);
  expect(await exists(host, canary)).toBe(false);
  expect(await exists(host, '/root-canary')).toBe(false);
  expect(await exists(host, '/etc/xen/x;touch ${HOME}-canary.cfg')).toBe(false);
  expect(await xlRow(host, 'pvvfb')).toBeDefined();
});
