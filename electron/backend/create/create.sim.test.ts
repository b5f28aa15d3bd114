// The create wizard's backend end to end: the real backend over an in-memory RPC port, a
// simulated Debian 12 dom0 over SSH, a local HTTP server with a fake distribution tree, and the
// HOST checked after every create (config file, image apparent size and sparseness, LVs, the
// domain running, its console's boot output) — and after every failure (nothing left behind).
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, type TaskProgress } from '../../../shared/api';
import type { CreateFailureDetails, CreateSpecInput } from '../../../shared/create/spec';
import { CreateSpecSchema } from '../../../shared/create/spec';
import { specFromXlCfg } from '../../../shared/create/xlcfgGen';
import { createRpcClient, memoryPortPair, type RpcClient } from '../../../shared/rpc';
import { parseXlList } from '../../../shared/xen/xlList';
import { createBackend, type Backend } from '../backend';
import { connectionHost } from '../domains/hostAccess';
import { HostConnection } from '../ssh/hostConnection';
import { KnownHosts } from '../ssh/knownHosts';
import { generateEd25519 } from '../ssh/keygen';
import { jsonLineReader } from '../../../shared/jsonLines';
import { startSimDom0, type SimDom0 } from '../sim/server';
import { openPty } from '../sim/testKit';
import { createDomain } from './create';

const GiB = 1024 ** 3;
const KERNEL = Buffer.concat([Buffer.from('MZ\x00\x00HdrS'), Buffer.alloc(300 * 1024, 7)]);
const INITRD = Buffer.concat([Buffer.from('\x1f\x8b'), Buffer.alloc(500 * 1024, 3)]);

let sim: SimDom0;
let backend: Backend;
let client: RpcClient;
let hostId: string;
let dir: string;
let keyPath: string;
let tree: http.Server;
let treeUrl: string;
const progress: TaskProgress[] = [];
const requested: string[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xendesk-create-test-'));
  const kp = generateEd25519();
  keyPath = path.join(dir, 'id_ed25519');
  fs.writeFileSync(keyPath, kp.private, { mode: 0o600 });
  sim = await startSimDom0({
    authorizedKeys: [kp.public],
    timeScale: 0.02,
    xentopDelayScale: 0.01,
    seed: 11,
  });
  // a fake Debian mirror (dists/SUITE layout) and a Fedora-like tree
  const files: Record<string, Buffer> = {
    '/debian/dists/bookworm/main/installer-amd64/current/images/netboot/xen/vmlinuz': KERNEL,
    '/debian/dists/bookworm/main/installer-amd64/current/images/netboot/xen/initrd.gz': INITRD,
    '/fedora/images/pxeboot/vmlinuz': KERNEL,
    '/fedora/images/pxeboot/initrd.img': INITRD,
    '/broken/images/pxeboot/vmlinuz': KERNEL,
  };
  tree = http.createServer((req, res) => {
    requested.push(req.url ?? '');
    const body = files[req.url ?? ''];
    if (!body) {
      res.statusCode = 404;
      res.end('not found');
      return;
    }
    res.setHeader('content-length', body.length);
    res.end(body);
  });
  await new Promise<void>((r) => tree.listen(0, '127.0.0.1', () => r()));
  treeUrl = `http://127.0.0.1:${(tree.address() as { port: number }).port}`;

  backend = createBackend({
    dataDir: dir,
    mode: 'web',
    version: 'test',
    userKnownHosts: [],
    pollIntervalMs: 3600_000,
  });
  const [a, b] = memoryPortPair();
  backend.attach(a);
  client = createRpcClient(b);
  client.on('taskProgress', (p) => progress.push(p));
  const h = await client.api.addHost({
    label: 'sim',
    address: '127.0.0.1',
    port: sim.port,
    username: 'root',
    auth: { kind: 'key', keyPath },
  });
  const first = await client.api.connectHost({ hostId: h.id });
  if (first.status === 'unknown-key') {
    await client.api.trustHostKey({ hostId: h.id, fingerprint: first.fingerprint });
    expect((await client.api.connectHost({ hostId: h.id })).status).toBe('connected');
  }
  hostId = h.id;
}, 30000);

afterAll(async () => {
  client.close();
  await backend.dispose();
  await sim.stop();
  tree.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function rejection(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    return e as ApiError;
  }
  throw new Error('expected a rejection');
}

const sh = async (cmd: string) => (await sim.exec(cmd)).stdout;
const running = async (name: string) => parseXlList(await sh('xl list')).find((r) => r.name === name);

/** Everything a create may touch, as text: configs, images, boot files, LVs, /tmp. */
async function hostState(): Promise<string> {
  return sh(
    'ls -la /etc/xen /etc/xen/auto /var/lib/xen/images; ls -laR /var/lib/xen/boot 2>&1; lvs --noheadings -o vg_name,lv_name,lv_size; ls /tmp; ls -l /dev/mapper',
  );
}

/** The first console output of a new domain (the boot log is replayed on the first attach). */
async function bootOutput(name: string, serial: boolean): Promise<string> {
  const c = new Client();
  await new Promise<void>((res, rej) => {
    c.once('ready', () => res());
    c.once('error', rej);
    c.connect({ host: '127.0.0.1', port: sim.port, username: 'root', privateKey: fs.readFileSync(keyPath) });
  });
  try {
    const s = await openPty(c, `xl console ${serial ? '-t serial ' : ''}${name}`);
    const text = await s.waitFor('XENLAB-SHELL-PROMPT', 10000);
    s.ch.write(Buffer.from([0x1d]));
    await s.closed;
    return text;
  } finally {
    c.end();
  }
}

const spec = (s: CreateSpecInput) => CreateSpecSchema.parse(s);
const base = { memoryMiB: 128, vcpus: 1 } as const;

describe('getCreateOptions', () => {
  it("reads the host's memory, CPUs, names, MACs, bridges, storage, LVM and tools in one go", async () => {
    const o = await client.api.getCreateOptions({ hostId });
    expect(o).toMatchObject({
      hostId,
      totalMemoryMiB: 4095,
      cpus: 2,
      hvm: true,
      pvh: true,
      bridges: ['xenbr0'],
      pygrub: '/usr/lib/xen-4.17/bin/pygrub',
      pypxeboot: null,
      hostname: 'xendom0',
      fetchTool: 'curl',
    });
    expect(o.freeMemoryMiB).toBe(2017);
    expect(o.usedNames).toEqual(
      expect.arrayContaining(['Domain-0', 'pvdisk', 'pvvfb', 'hvm1', 'webserver', 'db01', 'pvtiny']),
    );
    expect(o.usedMacs).toEqual(
      expect.arrayContaining(['00:16:3e:00:00:01', '00:16:3e:5a:10:01', '00:16:3e:5a:10:02']),
    );
    expect(o.storageDirs.map((d) => d.path)).toEqual(['/var/lib/xen/images']);
    expect(o.storageDirs[0]!.freeBytes).toBeGreaterThan(10 * GiB);
    expect(o.volumeGroups).toEqual([{ name: 'vg0', freeBytes: expect.any(Number), lvs: ['spare'] }]);
    expect(o.volumeGroups[0]!.freeBytes).toBe((16383 - 1024) * 4 * 1024 * 1024);
  });
});

describe('previewCreate', () => {
  it('a valid spec: the config, xl create -n accepts it, the temp file is gone', async () => {
    const before = await sh('ls /tmp');
    const p = await client.api.previewCreate({
      hostId,
      spec: spec({
        ...base,
        name: 'preview1',
        type: 'hvm',
        source: { kind: 'cdrom', iso: '/var/lib/xen/iso/debian-12.11.0-amd64-netinst.iso' },
        disks: [{ kind: 'file', path: '/var/lib/xen/images/preview1.img', sizeGiB: 4 }],
        nics: [{ bridge: 'xenbr0' }],
        graphics: { vnc: true },
      }),
    });
    expect(p.fieldErrors).toEqual([]);
    expect(p.ok).toBe(true);
    expect(p.checkOutput).toBe('Parsing config from /etc/xen/preview1.cfg');
    expect(p.config).toContain('boot = "dc"');
    expect(p.macs).toHaveLength(1);
    expect(p.config).toContain(`mac=${p.macs![0]},bridge=xenbr0`);
    expect(await sh('ls /tmp')).toBe(before);
    expect(await sh('ls /etc/xen')).not.toContain('preview1');
    // the same spec previewed again gets the same MAC (the create after a preview agrees)
    const again = await client.api.previewCreate({
      hostId,
      spec: spec({
        ...base,
        name: 'preview1',
        type: 'pv',
        source: { kind: 'import' },
        disks: [{ kind: 'existing', path: '/var/tmp/d.img' }],
        nics: [{ bridge: 'xenbr0' }],
      }),
    });
    expect(again.macs).toEqual(p.macs);
  });

  it('every field refuses bad input with a message for that field', async () => {
    const p = await client.api.previewCreate({
      hostId,
      spec: spec({
        name: 'webserver',
        type: 'pv',
        source: { kind: 'kernel', kernel: '/etc/shadow' },
        memoryMiB: 999999,
        maxmemMiB: 64,
        vcpus: 8,
        disks: [
          { kind: 'file', path: '/var/lib/xen/images/db01.img', sizeGiB: 1 },
          { kind: 'file', path: '/etc/evil.img', sizeGiB: 1 },
          { kind: 'lvm', vg: 'vg0', lv: 'spare', sizeGiB: 1 },
          { kind: 'lvm', vg: 'vg0', lv: 'huge', sizeGiB: 500 },
          { kind: 'existing', path: '/var/lib/xen/images/missing.img' },
          { kind: 'existing', path: '/var/tmp/d.img' },
        ],
        nics: [{ bridge: 'br9' }, { bridge: 'xenbr0', mac: '00:16:3e:00:00:01' }],
        graphics: { vnc: false, password: 'x' },
      }),
    });
    const byPath = Object.fromEntries(p.fieldErrors.map((e) => [e.path, e.message]));
    expect(byPath).toMatchObject({
      name: expect.stringContaining('already exists'),
      memoryMiB: expect.stringContaining('2017 MiB'),
      maxmemMiB: expect.stringContaining('at least'),
      vcpus: expect.stringContaining('2 physical CPUs'),
      'source.kernel': expect.stringContaining('below one of'),
      'disks.0.path': expect.stringContaining('already exists'),
      'disks.1.path': expect.stringContaining('/var/lib/xen/images'),
      'disks.2.lv': expect.stringContaining('already has'),
      'disks.3.sizeGiB': expect.stringContaining('free'),
      'disks.4.path': expect.stringContaining('does not exist'),
      'disks.5.path': expect.stringContaining('pvdisk'),
      'nics.0.bridge': expect.stringContaining('no bridge br9'),
      'nics.1.mac': expect.stringContaining('Another domain'),
      'graphics.password': expect.any(String),
    });
  });

  it('size 0 and bad paths are refused by the schema (invalid-params names the field)', async () => {
    const e = await rejection(
      client.call('previewCreate', {
        hostId,
        spec: {
          ...base,
          name: 'zero',
          type: 'pv',
          source: { kind: 'import' },
          disks: [{ kind: 'file', path: '/var/lib/xen/images/zero.img', sizeGiB: 0 }],
        } as never,
      }),
    );
    expect(e.code).toBe('invalid-params');
    expect(e.message).toContain('spec.disks.0.sizeGiB: the size must be more than 0');
  });

  it('an edited config: checked by xl as it is; its name must stay the spec name', async () => {
    const s = spec({
      ...base,
      name: 'edited',
      type: 'pv',
      source: { kind: 'kernel', kernel: '/root/guest/vmlinuz' },
    });
    const bad = await client.api.previewCreate({ hostId, spec: s, config: 'name = "edited"\nvcpus = = 1\n' });
    expect(bad.ok).toBe(false);
    expect(bad.checkOutput).toContain('/etc/xen/edited.cfg:2: config parsing error');
    const renamed = await client.api.previewCreate({
      hostId,
      spec: s,
      config: 'name = "other"\nmemory = 64\n',
    });
    expect(renamed.fieldErrors).toEqual([
      { path: 'config', message: expect.stringContaining('must be edited') },
    ]);
  });
});

describe('createDomain: each install source and storage kind', () => {
  it('HVM from an ISO onto a new sparse raw image: config, 10 GiB sparse, running, console from the CD', async () => {
    const s = spec({
      ...base,
      name: 'cdvm',
      type: 'hvm',
      memoryMiB: 256,
      source: { kind: 'cdrom', iso: '/var/lib/xen/iso/debian-12.11.0-amd64-netinst.iso' },
      disks: [{ kind: 'file', path: '/var/lib/xen/images/cdvm.img', sizeGiB: 10 }],
      nics: [{ bridge: 'xenbr0', model: 'e1000' }],
      graphics: { vnc: true, password: 'secret' },
    });
    const preview = await client.api.previewCreate({ hostId, spec: s });
    const r = await client.api.createDomain({ hostId, spec: s, taskId: 'cd1' });
    expect(r).toMatchObject({ name: 'cdvm', cfgPath: '/etc/xen/cdvm.cfg', console: 'vnc' });
    expect(r.created).toEqual(['/var/lib/xen/images/cdvm.img', '/etc/xen/cdvm.cfg']);
    expect(r.domain?.id).not.toBeNull();
    const cfg = await sh('cat /etc/xen/cdvm.cfg');
    expect(cfg).toBe(preview.config);
    // the VNC password is in it: root only
    expect(await sh('stat -c %a /etc/xen/cdvm.cfg')).toBe('600\n');
    expect(specFromXlCfg(cfg)).toMatchObject({
      type: 'hvm',
      source: { kind: 'cdrom' },
      graphics: { vnc: true, password: 'secret' },
    });
    expect((await sh('stat -c "%s %b" /var/lib/xen/images/cdvm.img')).trim()).toBe(`${10 * GiB} 0`);
    expect(await running('cdvm')).toBeDefined();
    const boot = await bootOutput('cdvm', true);
    expect(boot).toContain('Booting from DVD/CD...');
    expect(boot).toContain('XENLAB GUEST UP');
    const last = progress.filter((p) => p.taskId === 'cd1').pop();
    expect(last).toMatchObject({ done: true, fraction: 1 });
  });

  it('PV network install onto qcow2 with autostart: kernel+initrd fetched from the tree, install args on the console', async () => {
    const s = spec({
      ...base,
      name: 'netvm',
      type: 'pv',
      source: {
        kind: 'network',
        url: `${treeUrl}/debian/dists/bookworm`,
        extraArgs: 'auto=true priority=critical',
      },
      disks: [{ kind: 'file', path: '/var/lib/xen/images/netvm.qcow2', sizeGiB: 8, format: 'qcow2' }],
      nics: [{ bridge: 'xenbr0' }],
      autostart: true,
    });
    const r = await client.api.createDomain({ hostId, spec: s });
    expect(r.created).toEqual([
      '/var/lib/xen/images/netvm.qcow2',
      '/var/lib/xen/boot',
      '/var/lib/xen/boot/netvm',
      '/etc/xen/netvm.cfg',
      '/etc/xen/auto/netvm.cfg',
    ]);
    expect(sim.fs.readFile('/var/lib/xen/boot/netvm/vmlinuz').equals(KERNEL)).toBe(true);
    expect(sim.fs.readFile('/var/lib/xen/boot/netvm/initrd').equals(INITRD)).toBe(true);
    expect(await sh('qemu-img info /var/lib/xen/images/netvm.qcow2')).toContain(
      `file format: qcow2\nvirtual size: 8 GiB (${8 * GiB} bytes)`,
    );
    expect(sim.fs.readFile('/var/lib/xen/images/netvm.qcow2').subarray(0, 4).toString('latin1')).toBe(
      'QFI\xfb',
    );
    expect((await sh('readlink /etc/xen/auto/netvm.cfg')).trim()).toBe('../netvm.cfg');
    const cfg = await sh('cat /etc/xen/netvm.cfg');
    expect(cfg).toContain('kernel = "/var/lib/xen/boot/netvm/vmlinuz"');
    expect(cfg).toContain("'format=qcow2, vdev=xvda, access=rw, target=/var/lib/xen/images/netvm.qcow2'");
    expect(
      (await client.api.getSnapshot({ hostId }))?.domains.find((d) => d.name === 'netvm')?.autostart,
    ).toBe(true);
    const boot = await bootOutput('netvm', false);
    expect(boot).toContain('Command line: console=hvc0 auto=true priority=critical');
    // the Debian layout is the second tried: the Fedora one was asked for first and was 404
    expect(requested).toContain('/debian/dists/bookworm/images/pxeboot/vmlinuz');
  });

  it('HVM PXE boot onto a new LVM volume: LV made, phy: disk, console shows the PXE ROM', async () => {
    const s = spec({
      ...base,
      name: 'pxevm',
      type: 'hvm',
      source: { kind: 'pxe' },
      disks: [{ kind: 'lvm', vg: 'vg0', lv: 'pxevm-disk', sizeGiB: 5 }],
      nics: [{ bridge: 'xenbr0', model: 'rtl8139' }],
    });
    const r = await client.api.createDomain({ hostId, spec: s });
    expect(r.created).toEqual(['/dev/vg0/pxevm-disk', '/etc/xen/pxevm.cfg']);
    expect(r.console).toBe('serial');
    expect(await sh('lvs --noheadings -o lv_name,lv_size vg0')).toContain('pxevm-disk 5.00g');
    expect(await sh('test -b /dev/vg0/pxevm-disk && echo block')).toBe('block\n');
    const cfg = await sh('cat /etc/xen/pxevm.cfg');
    expect(cfg).toContain("'format=raw, vdev=hda, access=rw, backendtype=phy, target=/dev/vg0/pxevm-disk'");
    expect(cfg).toContain('boot = "n"');
    expect(cfg).toContain(',bridge=xenbr0,model=rtl8139');
    expect(cfg).toContain('vnc = 0');
    expect(await running('pxevm')).toBeDefined();
    expect(await bootOutput('pxevm', true)).toContain('Booting from ROM...');
  });

  it('PV import of an existing block device boots with pygrub', async () => {
    const s = spec({
      ...base,
      name: 'impvm',
      type: 'pv',
      source: { kind: 'import' },
      disks: [{ kind: 'existing', path: '/dev/vg0/spare' }],
      nics: [{ bridge: 'xenbr0' }],
    });
    const r = await client.api.createDomain({ hostId, spec: s });
    expect(r.created).toEqual(['/etc/xen/impvm.cfg']);
    const cfg = await sh('cat /etc/xen/impvm.cfg');
    expect(cfg).toContain('bootloader = "pygrub"');
    expect(cfg).toContain('backendtype=phy, target=/dev/vg0/spare');
    expect(await running('impvm')).toBeDefined();
    expect(await bootOutput('impvm', false)).toContain('XENLAB GUEST UP');
  });

  it('HVM import of an existing qcow2 file: the format is sniffed from the image', async () => {
    await sh('qemu-img create -q -f qcow2 /var/lib/xen/images/old.qcow2 2G');
    const s = spec({
      ...base,
      name: 'oldvm',
      type: 'hvm',
      source: { kind: 'import' },
      disks: [{ kind: 'existing', path: '/var/lib/xen/images/old.qcow2' }],
    });
    const r = await client.api.createDomain({ hostId, spec: s });
    expect(r.created).toEqual(['/etc/xen/oldvm.cfg']);
    expect(await sh('cat /etc/xen/oldvm.cfg')).toContain(
      "'format=qcow2, vdev=hda, access=rw, target=/var/lib/xen/images/old.qcow2'",
    );
    expect(await bootOutput('oldvm', true)).toContain('Booting from Hard Disk...');
  });

  it('PVH direct kernel boot with no disk and two NICs: distinct generated MACs', async () => {
    const s = spec({
      ...base,
      name: 'kvm1',
      type: 'pvh',
      source: { kind: 'kernel', kernel: '/root/guest/vmlinuz', ramdisk: '/root/guest/guest-initrd.img' },
      nics: [{ bridge: 'xenbr0' }, { bridge: 'xenbr0' }],
    });
    const r = await client.api.createDomain({ hostId, spec: s });
    expect(r.created).toEqual(['/etc/xen/kvm1.cfg']);
    const back = specFromXlCfg(await sh('cat /etc/xen/kvm1.cfg'));
    expect(back.source).toEqual({
      kind: 'kernel',
      kernel: '/root/guest/vmlinuz',
      ramdisk: '/root/guest/guest-initrd.img',
      cmdline: 'root=/dev/xvda1 console=hvc0',
    });
    const macs = back.nics.map((n) => n.mac);
    expect(new Set(macs).size).toBe(2);
    const long = JSON.parse(await sh('xl list -l kvm1')) as { config: { nics: { mac: string }[] } }[];
    expect(long[0]!.config.nics.map((n) => n.mac)).toEqual(macs);
    expect(await bootOutput('kvm1', false)).toContain('XENLAB GUEST UP');
  });
});

describe('createDomain: failures undo exactly what the call made', () => {
  it('xl create refusing (missing kernel) leaves the host exactly as before', async () => {
    const s = spec({
      ...base,
      name: 'failvm',
      type: 'pv',
      source: { kind: 'kernel', kernel: '/root/guest/vmlinuz' },
      disks: [
        { kind: 'file', path: '/var/lib/xen/images/failvm.img', sizeGiB: 2 },
        { kind: 'lvm', vg: 'vg0', lv: 'failvm-data', sizeGiB: 1 },
      ],
      nics: [{ bridge: 'xenbr0' }],
      autostart: true,
    });
    const p = await client.api.previewCreate({ hostId, spec: s });
    // the edited config names a kernel that is not there: only `xl create` itself finds out
    const config = p.config.replace(
      'kernel = "/root/guest/vmlinuz"',
      'kernel = "/root/guest/no-such-vmlinuz"',
    );
    const before = await hostState();
    const e = await rejection(client.api.createDomain({ hostId, spec: s, config, taskId: 'fail1' }));
    expect(e.code).toBe('xl-failed');
    expect(e.message).toContain('xl create /etc/xen/failvm.cfg');
    expect(e.message).toContain('Everything it had created was removed again.');
    const d = e.details as CreateFailureDetails;
    expect(d.output).toContain("failed to open file '/root/guest/no-such-vmlinuz'");
    expect(d.step).toBe('xl create /etc/xen/failvm.cfg');
    expect(d.undone).toEqual([
      '/etc/xen/auto/failvm.cfg',
      '/etc/xen/failvm.cfg',
      '/dev/vg0/failvm-data',
      '/var/lib/xen/images/failvm.img',
    ]);
    expect(d.leftBehind).toEqual([]);
    expect(d.hints.map((h) => h.id)).toContain('missing-path');
    expect(await hostState()).toBe(before);
    expect(await running('failvm')).toBeUndefined();
    expect(progress.filter((x) => x.taskId === 'fail1').pop()).toMatchObject({
      done: true,
      error: expect.any(String),
    });
  });

  it('a tree without a kernel: the boot dir and the disk it made are removed again', async () => {
    const before = await hostState();
    const s = spec({
      ...base,
      name: 'nokernel',
      type: 'pv',
      source: { kind: 'network', url: `${treeUrl}/nothing-here` },
      disks: [{ kind: 'file', path: '/var/lib/xen/images/nokernel.img', sizeGiB: 1 }],
      nics: [{ bridge: 'xenbr0' }],
    });
    const e = await rejection(client.api.createDomain({ hostId, spec: s }));
    expect(e.code).toBe('xl-failed');
    expect(e.message).toContain('no installer kernel found');
    const d = e.details as CreateFailureDetails;
    // /var/lib/xen/boot itself too when this call made it (it does when run alone)
    expect(d.undone.filter((x) => x !== '/var/lib/xen/boot')).toEqual([
      '/var/lib/xen/boot/nokernel',
      '/var/lib/xen/images/nokernel.img',
    ]);
    expect(await hostState()).toBe(before);
  });

  it('an existing file at a new image path is refused up front and never touched', async () => {
    const st0 = await sh('stat -c "%s %b %Y" /var/lib/xen/images/db01.img; sha256sum /etc/xen/db01.cfg');
    const e = await rejection(
      client.api.createDomain({
        hostId,
        spec: spec({
          ...base,
          name: 'clash',
          type: 'pv',
          source: { kind: 'kernel', kernel: '/root/guest/vmlinuz' },
          disks: [{ kind: 'file', path: '/var/lib/xen/images/db01.img', sizeGiB: 1 }],
        }),
      }),
    );
    expect(e.code).toBe('invalid-params');
    expect((e.details as { fieldErrors: { path: string }[] }).fieldErrors.map((f) => f.path)).toEqual([
      'disks.0.path',
    ]);
    expect(await sh('stat -c "%s %b %Y" /var/lib/xen/images/db01.img; sha256sum /etc/xen/db01.cfg')).toBe(
      st0,
    );
    expect(await sh('ls /etc/xen')).not.toContain('clash');
  });

  it('a file that appears between the checks and the create is not overwritten, and the rest is undone', async () => {
    const conn = new HostConnection(
      { address: '127.0.0.1', port: sim.port, username: 'root', auth: { kind: 'key', keyPath } },
      new KnownHosts(path.join(dir, 'kh-race'), []),
    );
    await conn.connect({}, { acceptUnknown: true });
    const h = connectionHost(conn);
    // another admin creates the second image right after XenDesk checked the paths
    const run = h.run.bind(h);
    let planted = false;
    h.run = async (argv, o) => {
      if (
        !planted &&
        argv.includes('/var/lib/xen/images/race-b.img') &&
        argv.some((a) => a.includes('truncate'))
      ) {
        planted = true;
        await sim.exec('printf precious > /var/lib/xen/images/race-b.img');
      }
      return run(argv, o);
    };
    const before = await hostState();
    const e = await rejection(
      createDomain(h, {
        spec: spec({
          ...base,
          name: 'race',
          type: 'pv',
          source: { kind: 'kernel', kernel: '/root/guest/vmlinuz' },
          disks: [
            { kind: 'file', path: '/var/lib/xen/images/race-a.img', sizeGiB: 1 },
            { kind: 'file', path: '/var/lib/xen/images/race-b.img', sizeGiB: 1 },
          ],
        }),
      }),
    );
    conn.close();
    expect(planted).toBe(true);
    expect(e.message).toContain('race-b.img: File exists');
    expect((e.details as CreateFailureDetails).undone).toEqual(['/var/lib/xen/images/race-a.img']);
    expect(await sh('cat /var/lib/xen/images/race-b.img')).toBe('precious');
    await sh('rm /var/lib/xen/images/race-b.img');
    expect(await hostState()).toBe(before);
  });
});

describe('listHostDir and uploadToHost (SFTP)', () => {
  it('lists a directory: dirs first, block devices and links told apart', async () => {
    const l = await client.api.listHostDir({ hostId, path: '/dev/vg0' });
    expect(l.entries.find((e) => e.name === 'spare')).toMatchObject({ kind: 'link', linkTo: 'block' });
    const iso = await client.api.listHostDir({ hostId, path: '/var/lib/xen/iso' });
    expect(iso.entries).toEqual([
      {
        name: 'debian-12.11.0-amd64-netinst.iso',
        kind: 'file',
        sizeBytes: 631 * 1024 * 1024,
        mtime: expect.any(Number),
      },
    ]);
    const root = await client.api.listHostDir({ hostId, path: '/var/lib/xen' });
    expect(root.entries.every((e, i, a) => i === 0 || a[i - 1]!.kind === 'dir' || e.kind !== 'dir')).toBe(
      true,
    );
    expect((await rejection(client.api.listHostDir({ hostId, path: '/nope' }))).code).toBe('not-found');
  });

  async function upload(dest: string, data: Buffer, chunk = 64 * 1024, cancelAfter?: number) {
    const started = await client.api.uploadToHost({
      hostId,
      destPath: dest,
      sizeBytes: data.length,
      taskId: 'up',
    });
    const s = client.stream(started.streamId);
    const msgs: unknown[] = [];
    const ended = new Promise<string | undefined>((r) => s.onEnd(r));
    s.onData(jsonLineReader((m) => void msgs.push(m)));
    for (let off = 0; off < data.length; off += chunk) {
      if (cancelAfter !== undefined && off >= cancelAfter) {
        s.close();
        break;
      }
      s.write(data.subarray(off, off + chunk).toString('base64'));
    }
    if (cancelAfter === undefined) s.control({ done: true });
    return { started, msgs, ended };
  }

  it('uploads to DEST.part and renames at the end', async () => {
    const data = Buffer.alloc(300 * 1024 + 17);
    for (let i = 0; i < data.length; i++) data[i] = (i * 31) & 0xff;
    const { started, msgs, ended } = await upload('/var/lib/xen/iso/up.iso', data);
    expect(started.partPath).toBe('/var/lib/xen/iso/up.iso.part');
    expect(await ended).toBeUndefined();
    expect(msgs[msgs.length - 1]).toEqual({ done: true, path: '/var/lib/xen/iso/up.iso' });
    expect(msgs).toContainEqual({ received: data.length });
    expect(sim.fs.readFile('/var/lib/xen/iso/up.iso').equals(data)).toBe(true);
    expect(sim.fs.exists('/var/lib/xen/iso/up.iso.part')).toBe(false);
    expect(progress.filter((p) => p.taskId === 'up').pop()).toMatchObject({ done: true, fraction: 1 });
    // an existing destination is refused before a byte is sent
    const e = await rejection(
      client.api.uploadToHost({ hostId, destPath: '/var/lib/xen/iso/up.iso', sizeBytes: 1 }),
    );
    expect(e.code).toBe('conflict');
  });

  it('closing the stream early cancels and removes DEST.part', async () => {
    const data = Buffer.alloc(256 * 1024, 1);
    // the client closed the stream itself: no end comes back, the server cleans up
    await upload('/var/lib/xen/iso/cancel.iso', data, 64 * 1024, 128 * 1024);
    for (let i = 0; i < 100 && sim.fs.exists('/var/lib/xen/iso/cancel.iso.part'); i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(sim.fs.exists('/var/lib/xen/iso/cancel.iso.part')).toBe(false);
    expect(sim.fs.exists('/var/lib/xen/iso/cancel.iso')).toBe(false);
  });

  it('the SSH connection dropping mid-upload: the upload fails, DEST.part goes once the host is back', async () => {
    const part = '/var/lib/xen/iso/lost.iso.part';
    const started = await client.api.uploadToHost({
      hostId,
      destPath: '/var/lib/xen/iso/lost.iso',
      sizeBytes: 1 << 20,
    });
    const s = client.stream(started.streamId);
    const ended = new Promise<string | undefined>((r) => s.onEnd(r));
    s.write(Buffer.alloc(64 * 1024, 5).toString('base64'));
    for (let i = 0; i < 100 && (sim.fs.tryStat(part)?.size ?? 0) < 64 * 1024; i++)
      await new Promise((r) => setTimeout(r, 20));
    sim.dropAllConnections();
    s.write(Buffer.alloc(64 * 1024, 5).toString('base64'));
    expect(await ended).toBeTruthy();
    expect(sim.fs.exists('/var/lib/xen/iso/lost.iso')).toBe(false);
    // the host could not be told to remove it while the connection was down
    expect(sim.fs.exists(part)).toBe(true);
    for (let i = 0; i < 100; i++) {
      if ((await client.api.listHosts({})).find((x) => x.id === hostId)?.state === 'connected') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await client.api.listHostDir({ hostId, path: '/var/lib/xen/iso' });
    expect(sim.fs.exists(part)).toBe(false);
  }, 30000);

  it('a short upload is not renamed: error pushed, DEST.part removed', async () => {
    const started = await client.api.uploadToHost({
      hostId,
      destPath: '/var/lib/xen/iso/short.iso',
      sizeBytes: 1000,
    });
    const s = client.stream(started.streamId);
    const msgs: unknown[] = [];
    s.onData(jsonLineReader((m) => void msgs.push(m)));
    const ended = new Promise<string | undefined>((r) => s.onEnd(r));
    s.write(Buffer.alloc(10).toString('base64'));
    s.control({ done: true });
    expect(await ended).toContain('only 10 B of 1000 B arrived');
    expect(msgs[msgs.length - 1]).toEqual({ error: expect.stringContaining('only 10 B') });
    expect(sim.fs.exists('/var/lib/xen/iso/short.iso.part')).toBe(false);
    expect(sim.fs.exists('/var/lib/xen/iso/short.iso')).toBe(false);
  });
});
