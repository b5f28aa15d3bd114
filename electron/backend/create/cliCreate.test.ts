// `xendesk create` against an in-process simulated dom0 (real SSH, real xl wording), and
// `--print-config`, which touches no host.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { specFromXlCfg } from '../../../shared/create/xlcfgGen';
import { parseXlList } from '../../../shared/xen/xlList';
import { CliError, runCli } from '../cli';
import { generateEd25519 } from '../ssh/keygen';
import { startSimDom0, type SimDom0 } from '../sim/server';
import { diskArg, networkArg, parseKv } from './cliCreate';

let sim: SimDom0;
let dir: string;
let hostArgs: string[];
let tree: http.Server;
let treeUrl: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xendesk-cli-create-'));
  const kp = generateEd25519();
  fs.writeFileSync(path.join(dir, 'id'), kp.private, { mode: 0o600 });
  sim = await startSimDom0({ authorizedKeys: [kp.public], timeScale: 0.02, xentopDelayScale: 0.01 });
  hostArgs = [
    '--host',
    `root@127.0.0.1:${sim.port}`,
    '--identity',
    path.join(dir, 'id'),
    '--known-hosts',
    path.join(dir, 'known_hosts'),
    '--accept-new',
  ];
  const kernel = Buffer.concat([Buffer.from('MZ\x00\x00HdrS'), Buffer.alloc(4096)]);
  tree = http.createServer((req, res) => {
    if (req.url === '/f/images/pxeboot/vmlinuz' || req.url === '/f/images/pxeboot/initrd.img')
      res.end(kernel);
    else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((r) => tree.listen(0, '127.0.0.1', () => r()));
  treeUrl = `http://127.0.0.1:${(tree.address() as { port: number }).port}`;
});
afterAll(async () => {
  await sim.stop();
  tree.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  try {
    const code = await runCli(argv, (s) => (out += s));
    return { code, out, err: '' };
  } catch (e) {
    return { code: e instanceof CliError ? e.exitCode : 1, out, err: (e as Error).message };
  }
}

const running = async (name: string) =>
  parseXlList((await sim.exec('xl list')).stdout).find((r) => r.name === name);

describe('xendesk create --print-config (no host)', () => {
  it('prints the xl.cfg the wizard would write, virt-install style flags', async () => {
    const execs = sim.execLog.length;
    const r = await cli(
      'create',
      '--print-config',
      '--name',
      'web',
      '--memory',
      '1g',
      '--vcpus',
      '2,maxvcpus=4',
      '--cdrom',
      '/var/lib/xen/iso/debian.iso',
      '--disk',
      'path=/var/lib/xen/images/web.img,size=10',
      '--disk',
      'vg=vg0,lv=web-data,size=20',
      '--network',
      'bridge=xenbr0,model=e1000,mac=00:16:3e:01:02:03',
      '--network',
      'bridge=xenbr1',
      '--graphics',
      'vnc,password=pw',
      '--events',
      'on_crash=restart',
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const back = specFromXlCfg(r.out);
    expect(back).toMatchObject({
      name: 'web',
      type: 'hvm',
      memoryMiB: 1024,
      vcpus: 2,
      maxvcpus: 4,
      source: { kind: 'cdrom', iso: '/var/lib/xen/iso/debian.iso' },
      disks: [
        { vdev: 'hda', target: '/var/lib/xen/images/web.img', format: 'raw' },
        { vdev: 'hdb', target: '/dev/vg0/web-data', format: 'raw' },
      ],
      graphics: { vnc: true, password: 'pw' },
      onCrash: 'restart',
    });
    expect(back.nics[0]).toEqual({ mac: '00:16:3e:01:02:03', bridge: 'xenbr0', model: 'e1000' });
    expect(back.nics[1]!.mac).toMatch(/^00:16:3e:/);
    expect(sim.execLog.length).toBe(execs);
  });

  it('--location + --extra-args, type pv by default', async () => {
    const r = await cli(
      'create',
      '--print-config',
      '-n',
      'd',
      '--memory',
      '512',
      '--vcpus',
      '1',
      '-l',
      'http://x/debian/dists/bookworm',
      '-x',
      'auto=true',
      '--network',
      'none',
    );
    expect(r.code).toBe(0);
    expect(r.out).toContain('type = "pv"');
    expect(r.out).toContain('cmdline = "console=hvc0 auto=true"');
    expect(r.out).toContain('vif = []');
  });

  const usage: [string, string[], RegExp][] = [
    ['no source', ['--name', 'a', '--memory', '64', '--vcpus', '1'], /choose an install source/],
    [
      'two sources',
      ['--name', 'a', '--memory', '64', '--vcpus', '1', '--pxe', '--import'],
      /ONE install source/,
    ],
    ['no name', ['--memory', '64', '--vcpus', '1', '--pxe'], /--name is required/],
    [
      'bad disk option',
      ['--name', 'a', '--memory', '64', '--vcpus', '1', '--pxe', '--disk', 'path=/x,bus=virtio'],
      /unknown --disk option bus=/,
    ],
    [
      'size 0',
      [
        '--name',
        'a',
        '--memory',
        '64',
        '--vcpus',
        '1',
        '--pxe',
        '--disk',
        'path=/var/lib/xen/images/a.img,size=0',
      ],
      /--disk #1 sizeGiB: the size must be more than 0/,
    ],
    [
      'bad graphics',
      ['--name', 'a', '--memory', '64', '--vcpus', '1', '--pxe', '--graphics', 'spice'],
      /only vnc or none/,
    ],
    [
      'PV from an ISO',
      ['--name', 'a', '--memory', '64', '--vcpus', '1', '--type', 'pv', '--cdrom', '/var/lib/xen/iso/x.iso'],
      /cannot boot an ISO/,
    ],
    ['unknown flag', ['--name', 'a', '--os-variant', 'debian12'], /Unknown option '--os-variant'/],
  ];
  for (const [what, args, msg] of usage)
    it(`refuses ${what} (exit 2)`, async () => {
      const r = await cli('create', '--print-config', ...args);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(msg);
    });

  it('flag parsers', () => {
    expect(parseKv('vnc,password=a=b', 'x', 'kind')).toEqual(
      new Map([
        ['kind', 'vnc'],
        ['password', 'a=b'],
      ]),
    );
    expect(diskArg('/var/lib/xen/images/a.img,size=2.5,format=qcow2')).toEqual([
      { kind: 'file', path: '/var/lib/xen/images/a.img', sizeGiB: 2.5, format: 'qcow2' },
    ]);
    expect(diskArg('path=/dev/sdb')).toEqual([{ kind: 'existing', path: '/dev/sdb' }]);
    expect(diskArg('none')).toEqual([]);
    expect(networkArg('bridge=br0,mac=00:16:3e:00:00:01')).toEqual([
      { bridge: 'br0', mac: '00:16:3e:00:00:01' },
    ]);
  });
});

describe('xendesk create against the host', () => {
  it('HVM from an ISO with a new disk: exit 0 once it runs', async () => {
    const r = await cli(
      'create',
      ...hostArgs,
      '--name',
      'cli1',
      '--memory',
      '256',
      '--vcpus',
      '1',
      '--cdrom',
      '/var/lib/xen/iso/debian-12.11.0-amd64-netinst.iso',
      '--disk',
      'path=/var/lib/xen/images/cli1.img,size=4',
      '--network',
      'bridge=xenbr0',
      '--graphics',
      'vnc',
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^cli1: (running|blocked|idle) \(id \d+\)$/m);
    expect(r.out).toContain('config: /etc/xen/cli1.cfg');
    expect(r.out).toContain('created: /var/lib/xen/images/cli1.img');
    expect(await running('cli1')).toBeDefined();
    expect((await sim.exec('stat -c "%s %b" /var/lib/xen/images/cli1.img')).stdout).toBe(
      `${4 * 1024 ** 3} 0\n`,
    );
  });

  it('PV network install onto LVM with autostart', async () => {
    const r = await cli(
      'create',
      ...hostArgs,
      '--name',
      'cli2',
      '--memory',
      '128',
      '--vcpus',
      '1',
      '--location',
      `${treeUrl}/f`,
      '--extra-args',
      'inst.text',
      '--disk',
      'vg=vg0,lv=cli2,size=2',
      '--network',
      'bridge=xenbr0',
      '--autostart',
      '--quiet',
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    expect(await running('cli2')).toBeDefined();
    expect((await sim.exec('lvs --noheadings -o lv_name vg0')).stdout).toContain('cli2');
    expect((await sim.exec('readlink /etc/xen/auto/cli2.cfg')).stdout).toBe('../cli2.cfg\n');
  });

  it('a host-side refusal names the flag (exit 2) and nothing is made', async () => {
    const r = await cli(
      'create',
      ...hostArgs,
      '--name',
      'webserver',
      '--memory',
      '99999',
      '--vcpus',
      '1',
      '--pxe',
      '--network',
      'bridge=br7',
    );
    expect(r.code).toBe(2);
    expect(r.err).toContain('--name: A domain named webserver already exists');
    expect(r.err).toContain('--memory: Only');
    expect(r.err).toContain('--network #1 bridge: The host has no bridge br7');
  });

  it("xl create failing: exit 1 with xl's error line, everything undone", async () => {
    const before = (await sim.exec('ls /etc/xen /var/lib/xen/images; lvs')).stdout;
    const r = await cli(
      'create',
      ...hostArgs,
      '--name',
      'cli3',
      '--memory',
      '64',
      '--vcpus',
      '1',
      // the initrd picked as the kernel: libxc finds no loader for it
      '--boot',
      'kernel=/root/guest/guest-initrd.img',
      '--disk',
      'path=/var/lib/xen/images/cli3.img,size=1',
    );
    expect(r.code).toBe(1);
    expect(r.err).toContain('xl create /etc/xen/cli3.cfg');
    expect(r.err).toContain('no loader found: Invalid kernel');
    expect(r.err).toContain('undone: /etc/xen/cli3.cfg, /var/lib/xen/images/cli3.img');
    expect((await sim.exec('ls /etc/xen /var/lib/xen/images; lvs')).stdout).toBe(before);
    expect(await running('cli3')).toBeUndefined();
  });
});
