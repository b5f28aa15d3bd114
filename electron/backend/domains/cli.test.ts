// The CLI's domain commands against an in-process simulated dom0 (real SSH, real xl wording).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateEd25519 } from '../ssh/keygen';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseXlList } from '../../../shared/xen/xlList';
import { CliError, runCli } from '../cli';
import { startSimDom0, type SimDom0 } from '../sim/server';

let sim: SimDom0;
let dir: string;
let hostArgs: string[];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xendesk-cli-test-'));
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
});
afterAll(async () => {
  await sim.stop();
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

const state = async (name: string) =>
  parseXlList((await sim.exec('xl list')).stdout).find((r) => r.name === name);

describe('xendesk cfg', () => {
  const write = (name: string, text: string) => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, text);
    return f;
  };

  it('check prints the parsed config as JSON (MiB, legacy prefixes stripped, absent keys omitted)', async () => {
    const f = write(
      'web.cfg',
      `# xm-era
name = "web"
builder = "hvm"
memory = 512
maxmem = 1024
vcpus = 2
disk = [ 'file:/var/lib/xen/images/web.img,hda,w', 'phy:/dev/vg/data,xvdb,r', 'file:/iso/d.iso,hdc:cdrom,r' ]
vif = [ 'mac=00:16:3e:01:02:03, bridge=xenbr0, model=e1000' ]
vnc = 1
vnclisten = "0.0.0.0"
vncdisplay = 3
on_crash = "restart"
`,
    );
    const r = await cli('cfg', 'check', f);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(JSON.parse(r.out)).toEqual({
      name: 'web',
      type: 'hvm',
      memory: 512,
      maxmem: 1024,
      vcpus: 2,
      disks: [
        { target: '/var/lib/xen/images/web.img', vdev: 'hda', access: 'rw' },
        { target: '/dev/vg/data', vdev: 'xvdb', access: 'ro' },
        { target: '/iso/d.iso', vdev: 'hdc', access: 'ro', devtype: 'cdrom' },
      ],
      vifs: [{ mac: '00:16:3e:01:02:03', bridge: 'xenbr0', model: 'e1000' }],
      vnc: { enable: true, listen: '0.0.0.0', display: 3 },
      on_crash: 'restart',
    });
  });

  it('check: a syntax error exits 1 with FILE:LINE:COL: message', async () => {
    const f = write('bad.cfg', 'name = "x"\nvcpus = = 1\n');
    const r = await cli('cfg', 'check', f);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:2:\\d+: config parsing error near`),
    );
    expect(r.out).toBe('');
  });

  it('fmt prints the file back unchanged', async () => {
    const text = "# keep\nname='a' ; memory = 64   # tail\ndisk=[ 'x',\n  'y', ]\n";
    const r = await cli('cfg', 'fmt', write('a.cfg', text));
    expect(r).toEqual({ code: 0, out: text, err: '' });
  });
});

describe('xendesk lifecycle verbs', () => {
  it('start: exit 0 once the host runs it', async () => {
    const r = await cli('start', ...hostArgs, 'db01');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^db01: (running|blocked|idle) \(id \d+\)/);
    expect(await state('db01')).toBeDefined();
  });

  it('pause / unpause / shutdown', async () => {
    expect((await cli('pause', ...hostArgs, 'db01')).code).toBe(0);
    expect((await state('db01'))!.stateFlags).toContain('p');
    expect((await cli('unpause', ...hostArgs, 'db01')).code).toBe(0);
    expect((await state('db01'))!.stateFlags).not.toContain('p');
    const r = await cli('shutdown', ...hostArgs, 'db01');
    expect(r).toMatchObject({ code: 0, out: 'db01: shut off\n' });
    expect(await state('db01')).toBeUndefined();
  });

  it('an xl failure exits non-zero with xl’s own error line', async () => {
    const r = await cli('destroy', ...hostArgs, 'db01');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^db01 is an invalid domain identifier \(rc=-6\)$/m);
    expect(r.err).toMatch(/hint: The host has no running domain named db01/);
    const m = await cli('mem-set', ...hostArgs, 'pvdisk', '4g');
    expect(m.code).toBe(1);
    expect(m.err).toMatch(/memory_dynamic_max must be less than or equal to memory_static_max/);
    expect(m.err).toMatch(/^hint: /m);
  });

  it('mem-set (MiB, explicit) and vcpu-set confirm the new state; vCPUs the guest has not onlined do not', async () => {
    expect(await cli('mem-set', ...hostArgs, 'pvdisk', '100')).toMatchObject({
      code: 0,
      out: 'pvdisk: memory 100 MiB\n',
    });
    expect((await state('pvdisk'))!.memMiB).toBe(100);
    expect(sim.execLog.some((e) => e.command === 'xl mem-set pvdisk 100m')).toBe(true);
    const up = await cli('vcpu-set', ...hostArgs, '--wait', '1', 'pvdisk', '2');
    expect(up.code).toBe(1);
    expect(up.err).toMatch(/does not confirm 2 vCPUs online/);
  });

  it('save and restore', async () => {
    const s = await cli('save', ...hostArgs, '-q', 'pvvfb', '/var/lib/xen/save/pvvfb-cli.save');
    expect(s).toMatchObject({ code: 0, err: '' });
    expect(sim.fs.exists('/var/lib/xen/save/pvvfb-cli.save')).toBe(true);
    expect(await state('pvvfb')).toBeUndefined();
    const r = await cli('restore', ...hostArgs, '/var/lib/xen/save/pvvfb-cli.save');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/pvvfb restored/);
    expect(await state('pvvfb')).toBeDefined();
  });

  it('adversarial arguments are refused before anything reaches the host', async () => {
    const before = sim.execLog.length;
    for (const argv of [
      ['start', ...hostArgs, '$(touch /tmp/canary)'],
      ['save', ...hostArgs, 'pvdisk', '/tmp/$(touch /tmp/canary)'],
      ['restore', ...hostArgs, '../../etc/shadow'],
      ['mem-set', ...hostArgs, 'pvdisk', '1;reboot'],
    ]) {
      const r = await cli(...argv);
      expect(r.code).toBe(2);
    }
    expect(sim.execLog.length).toBe(before);
    expect(sim.fs.exists('/tmp/canary')).toBe(false);
  });
});
