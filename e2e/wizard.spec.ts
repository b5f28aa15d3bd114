// Issue 6 acceptance: the "New domain" wizard against the simulated dom0, one test per install
// source and storage kind, each checking the HOST afterwards over plain OpenSSH (not XenDesk's
// code): /etc/xen/NAME.cfg is exactly the config the summary showed, images have the size and
// sparseness asked for, the LV exists, `xl list` shows the domain, and the console shows its boot.
// A failure in the middle leaves the host as it was; bad input gets a message next to its field.
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { ConsolePage } from './pages/ConsolePage';
import { MainPage } from './pages/MainPage';
import { WizardPage } from './pages/WizardPage';
import { demoTarget, sshRun, type SshTarget } from './sshProbe';
import { parseXlList } from '../shared/xen/xlList';
import { readXlCfgText } from '../shared/xen/xlcfgRead';

// each test creates real (simulated) guests on a busy 2-core machine: give them room
test.describe.configure({ timeout: 300_000 });

const GiB = 1024 ** 3;

async function demo(page: Page, dataDir: string) {
  const ui = new MainPage(page);
  await ui.tryDemoHost();
  await ui.hostKeyFingerprint();
  await ui.trustHostKey();
  await expect(ui.hostState('Demo dom0 (simulated)')).toHaveText(/connected/i);
  await ui.expectDomain('pvdisk', {});
  return { ui, wiz: new WizardPage(page), host: demoTarget(dataDir) };
}

const cat = async (t: SshTarget, p: string) => (await sshRun(t, ['cat', '--', p])).stdout;
const exists = async (t: SshTarget, p: string) => (await sshRun(t, ['test', '-e', p])).code === 0;

async function statSizeBlocks(t: SshTarget, p: string): Promise<{ size: number; allocated: number }> {
  const r = await sshRun(t, ['stat', '-c', '%s %b %B', '--', p]);
  expect(r.code, r.stderr).toBe(0);
  const [size, blocks, unit] = r.stdout.trim().split(/\s+/).map(Number);
  return { size: size!, allocated: blocks! * unit! };
}

async function running(t: SshTarget, name: string): Promise<boolean> {
  const r = await sshRun(t, ['xl', 'list']);
  return parseXlList(r.stdout).some((d) => d.name === name);
}

/** What a failed create must leave untouched: files where the wizard writes, LVs, domains. */
async function hostListing(t: SshTarget): Promise<string> {
  const dirs = [
    '/etc/xen',
    '/etc/xen/auto',
    '/var/lib/xen',
    '/var/lib/xen/images',
    '/var/lib/xen/iso',
    '/tmp',
  ];
  const script = 'for d in "$@"; do echo "== $d"; ls -A "$d" 2>&1; done';
  const files = await sshRun(t, ['sh', '-c', script, 'sh', ...dirs]);
  const lvs = await sshRun(t, ['lvs', '--noheadings', '-o', 'vg_name,lv_name,lv_size']);
  const xl = await sshRun(t, ['xl', 'list']);
  const names = parseXlList(xl.stdout)
    .map((d) => d.name)
    .sort();
  return `${files.stdout}\n== lvs\n${lvs.stdout}\n== xl list\n${names.join('\n')}`;
}

/** The summary's config (what the user saw and approved) is what lands in /etc/xen. */
async function createChecked(wiz: WizardPage): Promise<string> {
  await wiz.toSummary();
  await wiz.expectChecked('ok');
  const shown = await wiz.configText();
  await wiz.createAndClose();
  return shown;
}

/** The disks and NICs of a config as xl reads them (order of keys in a spec does not matter). */
function devices(cfg: string) {
  const sem = readXlCfgText(cfg);
  return {
    disks: (sem.disks ?? []).map(({ target, format, vdev, access, devtype, backendtype }) => ({
      target,
      format,
      vdev,
      access,
      ...(devtype ? { devtype } : {}),
      ...(backendtype ? { backendtype } : {}),
    })),
    vifs: (sem.vifs ?? []).map(({ mac, bridge, model }) => ({ mac, bridge, ...(model ? { model } : {}) })),
  };
}

const MAC = expect.stringMatching(/^00:16:3e:[0-7][0-9a-f]:[0-9a-f]{2}:[0-9a-f]{2}$/);

async function expectConsoleBoot(page: Page, name: string, re: RegExp): Promise<void> {
  const con = new ConsolePage(page, name);
  await expect(con.view).toBeVisible({ timeout: 30_000 });
  await con.maximize();
  await con.expectScreen(re, 60_000);
}

test('direct kernel boot with a new raw sparse disk: config, sparse image, running, boot output on the console', async ({
  xendesk,
}) => {
  const { page } = xendesk;
  const { ui, wiz, host } = await demo(page, xendesk.dataDir);
  await wiz.open();
  await wiz.name('kern1');
  await page.keyboard.press('Enter'); // Enter = Forward
  await wiz.expectStep('type');
  await expect(wiz.field('wizard-heading')).toBeFocused();
  await wiz.guestType('pv');
  await wiz.forward('source');
  await wiz.source('kernel');
  await wiz.field('wizard-kernel-browse').click();
  await wiz.browseTo('/root/guest', 'vmlinuz');
  await expect(wiz.field('wizard-kernel')).toHaveValue('/root/guest/vmlinuz');
  await wiz.field('wizard-ramdisk').fill('/root/guest/guest-initrd.img');
  await expect(wiz.field('wizard-cmdline')).toHaveValue('root=/dev/xvda1 console=hvc0');
  await wiz.forward('resources');
  await wiz.memory('256');
  await wiz.forward('storage');
  await wiz.setDisk(0, { kind: 'file', format: 'raw', sizeGiB: '2' });
  await expect(wiz.field('wizard-disk-0-name')).toHaveValue('kern1.img');
  await expect(wiz.field('wizard-disk-0-vdev')).toHaveText('xvda');
  const shown = await createChecked(wiz);

  const cfg = await cat(host, '/etc/xen/kern1.cfg');
  expect(cfg).toBe(shown);
  expect(cfg).toMatch(/^name = "kern1"$/m);
  expect(cfg).toMatch(/^type = "pv"$/m);
  expect(cfg).toMatch(/^memory = 256$/m);
  expect(cfg).toMatch(/^kernel = "\/root\/guest\/vmlinuz"$/m);
  expect(cfg).toMatch(/^ramdisk = "\/root\/guest\/guest-initrd\.img"$/m);
  expect(cfg).toMatch(/^cmdline = "root=\/dev\/xvda1 console=hvc0"$/m);
  expect(devices(cfg)).toEqual({
    disks: [{ target: '/var/lib/xen/images/kern1.img', format: 'raw', vdev: 'xvda', access: 'rw' }],
    vifs: [{ mac: MAC, bridge: 'xenbr0' }],
  });
  const img = await statSizeBlocks(host, '/var/lib/xen/images/kern1.img');
  expect(img.size).toBe(2 * GiB);
  expect(img.allocated).toBeLessThan(1024 * 1024); // sparse: nothing written yet
  expect(await running(host, 'kern1')).toBe(true);
  await ui.expectDomain('kern1', {});
  await expect(ui.domainRow('kern1')).toHaveAttribute('aria-selected', 'true');
  await expectConsoleBoot(page, 'kern1', /=== XENLAB GUEST UP: kernel 6\.1\.0-56-amd64/);
});

test('network install from a distribution tree onto a new LVM volume: kernel fetched, LV created, installer boots', async ({
  xendesk,
}) => {
  const { page } = xendesk;
  // a Debian-like tree served on the loopback, where the simulated dom0's curl can reach it
  // a bzImage as far as libxc's loader looks: "HdrS" at 0x202
  const kernel = crypto.randomBytes(700 * 1024);
  kernel.write('MZ', 0, 'latin1');
  kernel.write('HdrS', 0x202, 'latin1');
  const initrd = crypto.randomBytes(300 * 1024);
  const base = '/debian/dists/bookworm/main/installer-amd64/';
  const files: Record<string, Buffer> = {
    [`${base}current/images/netboot/xen/vmlinuz`]: kernel,
    [`${base}current/images/netboot/xen/initrd.gz`]: initrd,
  };
  const served: string[] = [];
  const server = http.createServer((req, res) => {
    const body = files[req.url ?? ''];
    if (body) served.push(req.url!);
    res.writeHead(body ? 200 : 404, { 'content-type': 'application/octet-stream' });
    res.end(body ?? 'not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${base}`;
    const { ui, wiz, host } = await demo(page, xendesk.dataDir);
    await wiz.open();
    await wiz.name('net1');
    await wiz.forward('type');
    await wiz.guestType('pv');
    await wiz.forward('source');
    await wiz.source('network');
    await wiz.field('wizard-url').fill(url);
    await wiz.field('wizard-extra-args').fill('auto=true priority=critical');
    await wiz.forward('resources');
    await wiz.memory('512');
    await wiz.forward('storage');
    await wiz.setDisk(0, { kind: 'lvm', vg: 'vg0', sizeGiB: '4' });
    await expect(wiz.field('wizard-disk-0-lv')).toHaveValue('net1-disk');
    const shown = await createChecked(wiz);

    const cfg = await cat(host, '/etc/xen/net1.cfg');
    expect(cfg).toBe(shown);
    expect(cfg).toMatch(/^kernel = "\/var\/lib\/xen\/boot\/net1\/vmlinuz"$/m);
    expect(cfg).toMatch(/^ramdisk = "\/var\/lib\/xen\/boot\/net1\/initrd"$/m);
    expect(cfg).toMatch(/^cmdline = "console=hvc0 auto=true priority=critical"$/m);
    expect(devices(cfg).disks).toEqual([
      { target: '/dev/vg0/net1-disk', format: 'raw', vdev: 'xvda', access: 'rw', backendtype: 'phy' },
    ]);
    expect(served).toEqual(Object.keys(files));
    const sums = await sshRun(host, [
      'sha256sum',
      '/var/lib/xen/boot/net1/vmlinuz',
      '/var/lib/xen/boot/net1/initrd',
    ]);
    const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');
    expect(sums.stdout).toContain(`${sha(kernel)}  /var/lib/xen/boot/net1/vmlinuz`);
    expect(sums.stdout).toContain(`${sha(initrd)}  /var/lib/xen/boot/net1/initrd`);
    const lvs = await sshRun(host, ['lvs', '--noheadings', '--units', 'g', '-o', 'lv_name,lv_size', 'vg0']);
    expect(lvs.stdout).toMatch(/^\s*net1-disk\s+4\.00g\s*$/m);
    expect(await running(host, 'net1')).toBe(true);
    await ui.expectDomain('net1', {});
    await expectConsoleBoot(page, 'net1', /Command line: console=hvc0 auto=true priority=critical/);
  } finally {
    server.close();
  }
});

test('ISO on the host (HVM) with a qcow2 disk, then PXE with a raw disk and an existing block device', async ({
  xendesk,
}) => {
  const { page } = xendesk;
  const { ui, wiz, host } = await demo(page, xendesk.dataDir);
  const iso = '/var/lib/xen/iso/debian-12.11.0-amd64-netinst.iso';

  // --- ISO on the host, browsed to; a new qcow2 image
  await wiz.open();
  await wiz.name('iso1');
  await wiz.forward('type');
  await wiz.guestType('hvm');
  await wiz.forward('source');
  await wiz.source('cdrom');
  await wiz.field('wizard-iso-browse').click();
  await wiz.browseTo('/var/lib/xen/iso', 'debian-12.11.0-amd64-netinst.iso');
  await expect(wiz.field('wizard-iso')).toHaveValue(iso);
  await wiz.forward('resources');
  await wiz.memory('512');
  await wiz.forward('storage');
  await wiz.setDisk(0, { kind: 'file', format: 'qcow2', sizeGiB: '4' });
  await expect(wiz.field('wizard-disk-0-name')).toHaveValue('iso1.qcow2');
  await expect(wiz.field('wizard-disk-0-vdev')).toHaveText('hda');
  await expect(wiz.field('wizard-disk-cdrom')).toContainText('hdc');
  await wiz.forward('network');
  await expect(wiz.field('wizard-nic-0-model')).toHaveValue('e1000');
  await wiz.forward('console');
  await expect(wiz.field('wizard-vnc')).toBeChecked(); // VNC on by default for HVM
  const shownIso = await createChecked(wiz);
  await expect(page.getByTestId('vnc-window')).toBeVisible(); // HVM: the graphical console opens

  const cfgIso = await cat(host, '/etc/xen/iso1.cfg');
  expect(cfgIso).toBe(shownIso);
  expect(cfgIso).toMatch(/^type = "hvm"$/m);
  expect(cfgIso).toMatch(/^boot = "dc"$/m);
  expect(devices(cfgIso)).toEqual({
    disks: [
      { target: '/var/lib/xen/images/iso1.qcow2', format: 'qcow2', vdev: 'hda', access: 'rw' },
      { target: iso, format: 'raw', vdev: 'hdc', access: 'ro', devtype: 'cdrom' },
    ],
    vifs: [{ mac: MAC, bridge: 'xenbr0', model: 'e1000' }],
  });
  expect(cfgIso).toMatch(/^serial = "pty"$/m);
  expect(cfgIso).toMatch(/^vnc = 1$/m);
  expect(cfgIso).toMatch(/^vnclisten = "127\.0\.0\.1"$/m);
  const qcow = await statSizeBlocks(host, '/var/lib/xen/images/iso1.qcow2');
  expect(qcow.size).toBeLessThan(1024 * 1024); // qcow2 grows as the guest writes
  const info = await sshRun(host, ['qemu-img', 'info', '/var/lib/xen/images/iso1.qcow2']);
  expect(info.stdout).toMatch(/file format: qcow2/);
  expect(info.stdout).toMatch(/virtual size: 4 GiB \(4294967296 bytes\)/);
  expect(await running(host, 'iso1')).toBe(true);
  await page.getByTestId('vnc-close').click();

  // --- PXE (HVM): a raw file plus an existing block device (an LV) browsed to in /dev/vg0
  await wiz.open();
  await wiz.name('pxe1');
  await wiz.forward('type');
  await wiz.guestType('hvm');
  await wiz.forward('source');
  await wiz.source('pxe');
  await expect(wiz.field('wizard-pxe-note')).toContainText('boot="n"');
  await wiz.forward('resources');
  await wiz.memory('256');
  await wiz.forward('storage');
  await wiz.setDisk(0, { kind: 'file', sizeGiB: '1' });
  await wiz.setDisk(1, { kind: 'existing', path: '' });
  await wiz.field('wizard-disk-1-browse').click();
  await wiz.browseTo('/dev/vg0', 'spare');
  await expect(wiz.field('wizard-disk-1-path')).toHaveValue('/dev/vg0/spare');
  await expect(wiz.field('wizard-disk-1-vdev')).toHaveText('hdb');
  await wiz.forward('network');
  await wiz.field('wizard-nic-0-model').selectOption('rtl8139');
  const shownPxe = await createChecked(wiz);

  const cfgPxe = await cat(host, '/etc/xen/pxe1.cfg');
  expect(cfgPxe).toBe(shownPxe);
  expect(cfgPxe).toMatch(/^boot = "n"$/m);
  expect(devices(cfgPxe)).toEqual({
    disks: [
      { target: '/var/lib/xen/images/pxe1.img', format: 'raw', vdev: 'hda', access: 'rw' },
      { target: '/dev/vg0/spare', format: 'raw', vdev: 'hdb', access: 'rw', backendtype: 'phy' },
    ],
    vifs: [{ mac: MAC, bridge: 'xenbr0', model: 'rtl8139' }],
  });
  const raw = await statSizeBlocks(host, '/var/lib/xen/images/pxe1.img');
  expect(raw.size).toBe(GiB);
  expect(raw.allocated).toBeLessThan(1024 * 1024);
  expect(await running(host, 'pxe1')).toBe(true);
  await ui.expectDomain('pxe1', {});
});

test('upload an ISO from this computer (progress, cancel, upload again), HVM without disks', async ({
  xendesk,
}) => {
  const { page } = xendesk;
  const { wiz, host } = await demo(page, xendesk.dataDir);
  await wiz.open();
  await wiz.name('upl1');
  await wiz.forward('type');
  await wiz.guestType('hvm');
  await wiz.forward('source');
  await wiz.source('upload');
  const dir = await wiz.field('wizard-upload-dir').inputValue();

  // a big one, cancelled while it runs: nothing stays on the host
  await wiz.field('wizard-upload-file').setInputFiles({
    name: 'big.iso',
    mimeType: 'application/x-iso9660-image',
    buffer: Buffer.alloc(16 * 1024 * 1024, 0x5a),
  });
  await wiz.field('wizard-upload-start').click();
  await expect(page.getByTestId('wizard-upload').getByTestId('task-progress')).toBeVisible();
  await expect(wiz.field('wizard-forward')).toBeDisabled(); // the step holds while bytes flow
  await wiz.field('wizard-upload-cancel').click();
  await expect(wiz.field('wizard-upload-start')).toBeVisible();
  await expect.poll(async () => (await sshRun(host, ['ls', '-A', dir])).stdout).not.toMatch(/big\.iso/);

  // forward without an upload: the file field says why
  await wiz.forward();
  await wiz.expectFieldError('wizard-upload-file', 'Choose a file and upload it first.');

  const iso = Buffer.concat([Buffer.from('CD001'), crypto.randomBytes(3 * 1024 * 1024)]);
  await wiz.field('wizard-upload-file').setInputFiles({
    name: 'tiny installer.iso',
    mimeType: 'application/x-iso9660-image',
    buffer: iso,
  });
  await expect(wiz.field('wizard-upload-name')).toHaveValue('tiny_installer.iso');
  await wiz.field('wizard-upload-start').click();
  // done: the upload is the ISO source now
  await expect(wiz.field('wizard-source-cdrom')).toBeChecked({ timeout: 120_000 });
  const dest = `${dir}/tiny_installer.iso`;
  await expect(wiz.field('wizard-iso')).toHaveValue(dest);
  const sum = await sshRun(host, ['sha256sum', dest]);
  expect(sum.stdout.split(' ')[0]).toBe(crypto.createHash('sha256').update(iso).digest('hex'));
  expect(await exists(host, `${dest}.part`)).toBe(false);

  await wiz.forward('resources');
  await wiz.memory('256');
  await wiz.forward('storage');
  await wiz.removeAllDisks();
  await expect(wiz.field('wizard-no-disks')).toBeVisible();
  await expect(wiz.field('wizard-disk-cdrom')).toContainText('hdc');
  const shown = await createChecked(wiz);
  await expect(page.getByTestId('vnc-window')).toBeVisible();

  const cfg = await cat(host, '/etc/xen/upl1.cfg');
  expect(cfg).toBe(shown);
  expect(devices(cfg).disks).toEqual([
    { target: dest, format: 'raw', vdev: 'hdc', access: 'ro', devtype: 'cdrom' },
  ]);
  expect(await running(host, 'upl1')).toBe(true);
});

test('import an existing image (PV, pygrub) with an existing block device as second disk', async ({
  xendesk,
}) => {
  const { page } = xendesk;
  const { ui, wiz, host } = await demo(page, xendesk.dataDir);
  const image = '/var/lib/xen/images/legacy.img';
  expect((await sshRun(host, ['truncate', '-s', '3G', image])).code).toBe(0);
  await wiz.open();
  await wiz.name('imp1');
  await wiz.forward('type');
  await wiz.guestType('pv');
  await wiz.forward('source');
  await wiz.source('import');
  await wiz.field('wizard-import-browse').click();
  await wiz.browseTo('/var/lib/xen/images', 'legacy.img');
  await expect(wiz.field('wizard-import-path')).toHaveValue(image);
  await wiz.forward('resources');
  await wiz.memory('256');
  await wiz.forward('storage');
  await expect(wiz.field('wizard-disk-import')).toContainText('xvda');
  await wiz.setDisk(0, { kind: 'existing', path: '/dev/vg0/spare' });
  await expect(wiz.field('wizard-disk-0-vdev')).toHaveText('xvdb');
  const shown = await createChecked(wiz);

  const cfg = await cat(host, '/etc/xen/imp1.cfg');
  expect(cfg).toBe(shown);
  expect(cfg).toMatch(/^bootloader = "pygrub"$/m);
  expect(cfg).not.toMatch(/^kernel/m);
  expect(devices(cfg).disks).toEqual([
    { target: image, format: 'raw', vdev: 'xvda', access: 'rw' },
    { target: '/dev/vg0/spare', format: 'raw', vdev: 'xvdb', access: 'rw', backendtype: 'phy' },
  ]);
  // nothing was copied or resized: the guest uses the image in place
  expect((await statSizeBlocks(host, image)).size).toBe(3 * GiB);
  expect(await running(host, 'imp1')).toBe(true);
  await ui.expectDomain('imp1', {});
  await expectConsoleBoot(page, 'imp1', /XENLAB GUEST UP/);
});

test('a failure in the middle (xl create refuses the kernel) leaves the host exactly as before', async ({
  xendesk,
}) => {
  const { page } = xendesk;
  const { wiz, host } = await demo(page, xendesk.dataDir);
  const before = await hostListing(host);
  await wiz.open();
  await wiz.name('broken');
  await wiz.forward('type');
  await wiz.forward('source');
  await wiz.source('kernel');
  await wiz.field('wizard-kernel').fill('/root/guest/vmlinuz');
  await wiz.forward('resources');
  await wiz.memory('128');
  await wiz.forward('storage');
  await wiz.setDisk(0, { kind: 'file', sizeGiB: '1' });
  await wiz.setDisk(1, { kind: 'lvm', sizeGiB: '1' });
  await wiz.forward('network');
  await wiz.forward('console');
  await wiz.forward('behaviour');
  await wiz.field('wizard-autostart').check();
  await wiz.toSummary();
  await wiz.expectChecked('ok');

  // the admin edits the config by hand; the dry run accepts it (xl create -n does not open kernels)
  const text = await wiz.configText();
  await wiz.setConfig(text.replace('kernel = "/root/guest/vmlinuz"', 'kernel = "/root/guest/vmlinuz-6.99"'));
  await expect(wiz.check).toHaveAttribute('data-status', 'unchecked');
  await expect(wiz.field('wizard-create')).toBeDisabled();
  await wiz.checkAgain();
  await wiz.expectChecked('ok');
  await wiz.create();

  const failed = page.getByTestId('wizard-create-failed');
  await expect(failed).toBeVisible({ timeout: 120_000 });
  await expect(failed.getByTestId('action-failure-message')).toContainText('xl create /etc/xen/broken.cfg');
  await expect(failed.getByTestId('wizard-failed-step')).toContainText('xl create /etc/xen/broken.cfg');
  await expect(failed).toContainText("failed to open file '/root/guest/vmlinuz-6.99'");
  await expect(failed.getByTestId('wizard-undone')).toContainText('/var/lib/xen/images/broken.img');
  await expect(failed.getByTestId('wizard-undone')).toContainText('/dev/vg0/broken-disk1');
  await expect(wiz.dialog).toBeVisible(); // the wizard stays, with the user's text
  expect(await hostListing(host)).toBe(before);
});

test('bad input gets a message next to its field: name taken, memory over free, size 0, path outside, bridge missing', async ({
  xendesk,
}) => {
  const { page } = xendesk;
  const { wiz, host } = await demo(page, xendesk.dataDir);
  const before = await hostListing(host);
  await wiz.open();

  // name taken (a defined, not running, domain counts too); the field gets the focus
  await wiz.name('webserver');
  await wiz.forward();
  await wiz.expectFieldError('wizard-name', 'A domain named webserver already exists on this host.');
  await expect(wiz.field('wizard-name')).toBeFocused();
  await expect(wiz.field('wizard-step-type')).toBeDisabled();
  await wiz.name('val1');
  await expect(wiz.errorOf('wizard-name')).toBeHidden();
  await wiz.forward('type');
  await wiz.forward('source');

  // a kernel outside the directories the wizard accepts
  await wiz.source('kernel');
  await wiz.field('wizard-kernel').fill('/etc/passwd');
  await wiz.forward();
  await wiz.expectFieldError('wizard-kernel', /Choose a kernel below one of .*\/var\/lib\/xen/);
  await wiz.field('wizard-kernel').fill('/root/guest/vmlinuz');
  await wiz.forward('resources');

  // memory over what the host has free
  await wiz.memory('64', 'GiB');
  await wiz.expectFieldError('wizard-memory', /Only 2\.0 GiB of memory is free on the host/);
  await wiz.forward();
  await wiz.expectStep('resources');
  await wiz.memory('256');
  await wiz.forward('storage');

  // size 0, and an existing disk outside the allowed directories
  await wiz.setDisk(0, { kind: 'file', sizeGiB: '0' });
  await wiz.expectFieldError('wizard-disk-0-size', 'The size must be more than 0.');
  await wiz.setDisk(0, { kind: 'file', sizeGiB: '1' });
  await wiz.setDisk(1, { kind: 'existing', path: '/etc/shadow' });
  await wiz.expectFieldError(
    'wizard-disk-1-path',
    /Choose an image below one of .*or a block device in \/dev/,
  );
  await wiz.field('wizard-disk-1-remove').click();
  // only the host knows that this file exists already: its answer lands on the same field
  await wiz.field('wizard-disk-0-name').fill('webserver.img');
  await wiz.forward('network');

  // a bridge the host does not have
  await wiz.field('wizard-nic-0-bridge').fill('xenbr9');
  await wiz.expectFieldError('wizard-nic-0-bridge', 'The host has no bridge xenbr9.');
  await wiz.forward();
  await wiz.expectStep('network');
  await wiz.field('wizard-nic-0-bridge').fill('xenbr0');

  // a VNC password longer than VNC allows
  await wiz.forward('console');
  await wiz.field('wizard-vnc').check();
  await wiz.field('wizard-vnc-password').fill('123456789');
  await wiz.expectFieldError('wizard-vnc-password', 'VNC passwords are at most 8 characters.');
  await wiz.field('wizard-vnc').uncheck();

  await wiz.toSummary();
  const problems = page.getByTestId('wizard-summary-problems');
  await expect(problems).toContainText('/var/lib/xen/images/webserver.img already exists', {
    timeout: 60_000,
  });
  await expect(wiz.field('wizard-create')).toBeDisabled();
  await expect(wiz.field('wizard-step-storage')).toHaveAttribute('data-invalid', 'true');
  await wiz.goToStep('storage');
  await wiz.expectFieldError('wizard-disk-0-name', /webserver\.img already exists/);
  await wiz.field('wizard-disk-0-name').fill('val1.img');
  await expect(wiz.errorOf('wizard-disk-0-name')).toBeHidden();

  // Escape asks before throwing the input away; nothing reached the host
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('dialog-confirm')).toBeVisible();
  await page.getByTestId('confirm-cancel').click();
  await expect(wiz.dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await page.getByTestId('confirm-ok').click();
  await expect(wiz.dialog).toBeHidden();
  expect(await hostListing(host)).toBe(before);
});
