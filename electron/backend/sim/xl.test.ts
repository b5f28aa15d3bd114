// xl / xentop / xenstore outputs of the simulated dom0 against the captures of a real Xen
// 4.17.7 dom0 (__fixtures__ = ../shared/xen-samples), byte for byte where the state matches.
import { afterEach, describe, expect, it } from 'vitest';
import { ex, fixture, newHost, T0, USER_XLTEST, delay } from './testKit';
import type { SimHost } from './model';

let host: (SimHost & { cleanup(): void }) | null = null;
afterEach(() => {
  host?.cleanup();
  host = null;
});

function frozen(): SimHost & { cleanup(): void } {
  host = newHost({ clock: () => T0 });
  return host;
}

function live(): SimHost & { cleanup(): void } {
  host = newHost();
  return host;
}

/** replace every UUID by a placeholder (create -n and restored domains get fresh ones) */
const noUuid = (s: string): string =>
  s.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'UUID');
const noDomid = (s: string): string =>
  s.replace(/Domain \d+:/g, 'Domain N:').replace(/domid \d+/g, 'domid N');

describe('xl of the captured 4-domain state', () => {
  it('xl list is byte-identical to xl-list.txt', async () => {
    const h = frozen();
    const r = await ex(h, 'xl list');
    expect(r).toEqual({ stdout: fixture('xl-list.txt'), stderr: '', code: 0 });
  });

  it('xl list -v matches xl-list-v.txt (Domain-0 at the time of that capture)', async () => {
    const h = frozen();
    h.dom0().vcpuTimeNs = [208.3e9, 170.9e9];
    const r = await ex(h, 'xl list -v');
    expect(r.stdout).toBe(fixture('xl-list-v.txt'));
  });

  it('xl info, uptime, vm-list, network-list, block-list, sched-credit', async () => {
    const h = frozen();
    expect((await ex(h, 'xl info')).stdout).toBe(fixture('xl-info.txt'));
    expect((await ex(h, 'xl uptime')).stdout).toBe(fixture('xl-uptime.txt'));
    expect((await ex(h, 'xl vm-list')).stdout).toBe(fixture('xl-vm-list.txt'));
    expect((await ex(h, 'xl network-list pvdisk hvm1')).stdout).toBe(fixture('xl-network-list.txt'));
    expect((await ex(h, 'xl block-list pvdisk')).stdout).toBe(fixture('xl-block-list.txt'));
    expect(await ex(h, 'xl sched-credit')).toEqual({
      stdout: fixture('xl-sched-credit.txt'),
      stderr: '',
      code: 0,
    });
  });

  it('xl vcpu-list matches xl-vcpu-list.txt', async () => {
    const h = frozen();
    h.dom0().vcpuTimeNs = [208.6e9, 170.9e9];
    expect((await ex(h, 'xl vcpu-list')).stdout).toBe(fixture('xl-vcpu-list.txt'));
  });

  it('xl list -l is byte-identical to xl-list-l-all.json (and -l pvdisk)', async () => {
    const h = frozen();
    expect((await ex(h, 'xl list -l')).stdout).toBe(fixture('xl-list-l-all.json'));
    expect((await ex(h, 'xl list -l pvdisk')).stdout).toBe(fixture('xl-list-l-pvdisk.json'));
  });

  it('xentop -b -i 1 -f -x -n -v: first block of xentop-batch-full.txt', async () => {
    const h = frozen();
    h.dom0().vcpuTimeNs = [209.4e9, 171.1e9];
    const r = await ex(h, 'xentop -b -i 1 -d 1 -f -x -n -v');
    const cap = fixture('xentop-batch-full.txt');
    const firstBlock = cap.slice(0, cap.indexOf('      NAME', 10));
    expect(r.stdout).toBe(firstBlock);
  });

  it('xentop -b -i 2 -d 1: layout of xentop-batch.txt, CPU(%) 0.0 then measured', async () => {
    const h = live();
    const t0 = Date.now();
    const r = await ex(h, 'xentop -b -i 2 -d 1');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(9); // -d 1 x xentopDelayScale 0.01
    const lines = r.stdout.split('\n');
    const cap = fixture('xentop-batch.txt').split('\n');
    expect(lines.length).toBe(cap.length);
    expect(lines[0]).toBe(cap[0]);
    expect(lines[5]).toBe(cap[5]);
    // same column boundaries as the capture on every row
    const cols = (l: string): number[] => [...l.matchAll(/\S+/g)].map((m) => m.index! + m[0].length);
    for (let i = 1; i < lines.length - 1; i++) if (i !== 5) expect(cols(lines[i]!)).toEqual(cols(cap[i]!));
    expect(lines[1]).toMatch(/^ {2}Domain-0 -----r +\d+ +0\.0 +1572864 +37\.5 +1572864 +37\.5 +2 /);
    const dom0Pct = Number(lines[6]!.split(/\s+/)[4]);
    expect(dom0Pct).toBeGreaterThan(5);
    expect(dom0Pct).toBeLessThan(30);
  });

  it('xenstore-read of the VNC port and listen address', async () => {
    const h = frozen();
    expect((await ex(h, 'xenstore-read /local/domain/14/console/vnc-port')).stdout).toBe(
      fixture('xenstore-read-vnc-port-hvm1.txt'),
    );
    expect((await ex(h, 'xenstore-read /local/domain/13/console/vnc-port')).stdout).toBe(
      fixture('xenstore-read-vnc-port-pvvfb.txt'),
    );
    expect((await ex(h, 'xenstore-read /local/domain/14/console/vnc-listen')).stdout).toBe(
      fixture('xenstore-read-vnc-listen-hvm1.txt'),
    );
    expect(await ex(h, 'xenstore-read /local/domain/14/nope')).toEqual({
      stdout: '',
      stderr: "xenstore-read: couldn't read path /local/domain/14/nope\n",
      code: 1,
    });
  });

  it('xenstore-ls -f has the captured keys for pvdisk, pvvfb and hvm1', async () => {
    const h = frozen();
    for (const [id, file] of [
      [12, 'xenstore-ls-pvdisk.txt'],
      [13, 'xenstore-ls-pvvfb.txt'],
      [14, 'xenstore-ls-hvm1.txt'],
    ] as const) {
      const mine = (await ex(h, `xenstore-ls -f /local/domain/${id}`)).stdout;
      const keys = (s: string): string[] =>
        s
          .split('\n')
          .filter(Boolean)
          .map((l) => l.slice(0, l.indexOf(' = ')));
      expect(keys(mine)).toEqual(keys(fixture(file)));
      for (const k of [
        'name',
        'domid',
        'vm',
        'memory/static-max',
        'memory/target',
        'memory/videoram',
        'console/type',
      ]) {
        const line = (s: string): string | undefined =>
          s.split('\n').find((l) => l.startsWith(`/local/domain/${id}/${k} = `));
        expect(line(mine)).toBe(line(fixture(file)));
      }
    }
  });

  it('brctl show', async () => {
    const h = frozen();
    expect((await ex(h, 'brctl show')).stdout).toBe(fixture('brctl-show.txt'));
  });
});

describe('xl create', () => {
  it('-n prints the JSON of xl-create-n-*.json (fresh UUID), "Parsing config" on stderr', async () => {
    const h = frozen();
    for (const [cfg, json] of [
      ['pv-tiny.cfg', 'xl-create-n-pv-tiny.json'],
      ['pv-vfb.cfg', 'xl-create-n-pv-vfb.json'],
      ['hvm.cfg', 'xl-create-n-hvm.json'],
    ] as const) {
      const r = await ex(h, `xl create -n /root/guest/${cfg}`);
      expect(r.code).toBe(0);
      expect(noUuid(r.stdout)).toBe(noUuid(fixture(json)));
      expect(r.stderr).toBe(fixture(json.replace('.json', '.stderr.txt')));
      const dry = await ex(h, `xl create --dryrun /root/guest/${cfg}`);
      expect(noUuid(dry.stdout)).toBe(noUuid(fixture(json.replace('create-n', 'create-dryrun'))));
    }
  });

  it('creates a domain: new domid, Parsing config on stderr only, then running', async () => {
    const h = frozen();
    const r = await ex(h, 'xl create /root/guest/pv-tiny.cfg');
    expect(r).toEqual({ stdout: '', stderr: fixture('lifecycle/xl-create.stderr.txt'), code: 0 });
    expect(h.byName('pvtiny')?.id).toBe(15);
    expect((await ex(h, 'xl list pvtiny')).stdout).toMatch(/^pvtiny {38}15 {3}128 {5}1 {5}[r-]/m);
    expect((await ex(h, 'xl block-list pvtiny')).stdout).toBe(fixture('xl-block-list-no-disk.txt'));
    expect((await ex(h, 'xl network-list pvtiny')).stdout).toBe(fixture('xl-network-list-no-vif.txt'));
    expect(await ex(h, 'xl domid pvtiny')).toEqual({ stdout: '15\n', stderr: '', code: 0 });
    expect(await ex(h, 'xl domname 15')).toEqual({ stdout: 'pvtiny\n', stderr: '', code: 0 });
  });

  it('errors: duplicate name, missing kernel, too much memory — exit 3, the domid is burnt', async () => {
    const h = frozen();
    await ex(h, 'xl create /root/guest/pv-tiny.cfg');
    let r = await ex(h, 'xl create /root/guest/pv-tiny.cfg');
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(noDomid(r.stderr)).toBe(noDomid(fixture('errors/err-duplicate-name.stderr.txt')));
    expect(r.stderr).toContain('Domain 16:');
    h.fs.seedFile('/tmp/missing-kernel.cfg', fixture('errors/missing-kernel.cfg'));
    r = await ex(h, 'xl create /tmp/missing-kernel.cfg');
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      fixture('errors/err-missing-kernel.stderr.txt').replace(/Domain 5:/g, 'Domain 17:'),
    );
    h.fs.seedFile('/tmp/too-much-mem.cfg', fixture('errors/too-much-mem.cfg'));
    r = await ex(h, 'xl create /tmp/too-much-mem.cfg');
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(fixture('errors/err-too-much-mem.stderr.txt').replace(/Domain 6:/g, 'Domain 18:'));
    r = await ex(h, 'xl create /etc/xen/db01.cfg');
    expect(r.stderr).toBe('Parsing config from /etc/xen/db01.cfg\n');
    expect(h.byName('db01')?.id).toBe(19);
  });

  it('errors: syntax error with the file line numbers (exit 1), missing file (exit 3)', async () => {
    const h = frozen();
    h.fs.seedFile('/tmp/bad-syntax.cfg', fixture('errors/bad-syntax.cfg'));
    expect(await ex(h, 'xl create /tmp/bad-syntax.cfg')).toEqual({
      stdout: '',
      stderr: fixture('errors/err-syntax.stderr.txt'),
      code: 1,
    });
    expect(await ex(h, 'xl create /root/guest/no-such.cfg')).toEqual({
      stdout: '',
      stderr: fixture('errors/err-no-such-cfg.stderr.txt'),
      code: 3,
    });
  });
});

describe('xl errors as captured', () => {
  it('unknown domains', async () => {
    const h = frozen();
    for (const c of ['console', 'shutdown', 'destroy', 'list']) {
      expect(await ex(h, `xl ${c} nosuchdom`)).toEqual({
        stdout: '',
        stderr: fixture(`errors/err-${c}-nodom.stderr.txt`),
        code: 1,
      });
    }
    expect(await ex(h, 'xl domid nosuchdom')).toEqual({
      stdout: '',
      stderr: fixture('errors/err-domid-nodom.stderr.txt'),
      code: 1,
    });
  });

  it('mem-set above maxmem, vcpu-set above the host CPUs', async () => {
    const h = frozen();
    const r = await ex(h, 'xl mem-set pvdisk 4096');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(fixture('errors/err-mem-set-toomuch.stderr.txt').replace(/\b7\b/g, '12'));
    expect(await ex(h, 'xl vcpu-set pvdisk 8')).toEqual({
      stdout: '',
      stderr: fixture('errors/err-vcpu-set-toomany.stderr.txt'),
      code: 1,
    });
  });

  it('non-root: cannot init xl context; xenstore permission denied', async () => {
    const h = frozen();
    expect(await ex(h, 'xl list', { user: USER_XLTEST })).toEqual({
      stdout: '',
      stderr: fixture('errors/err-nonroot-list.stderr.txt'),
      code: 1,
    });
    expect(await ex(h, 'xl create /root/guest/pv-tiny.cfg', { user: USER_XLTEST })).toEqual({
      stdout: '',
      stderr: fixture('errors/err-nonroot-create.stderr.txt'),
      code: 1,
    });
    expect(await ex(h, 'xenstore-ls /local/domain/0', { user: USER_XLTEST })).toEqual({
      stdout: '',
      stderr: fixture('errors/err-nonroot-xenstore.stderr.txt'),
      code: 1,
    });
  });

  it('sudo -n: root-equivalent for NOPASSWD users, refusal otherwise', async () => {
    const h = frozen();
    expect(
      (await ex(h, 'sudo -n xl domid pvdisk', { user: { ...USER_XLTEST, sudo: 'nopasswd' } })).stdout,
    ).toBe('12\n');
    expect(
      await ex(h, 'sudo -n xl list', { user: { ...USER_XLTEST, sudo: 'password', password: 'x' } }),
    ).toEqual({
      stdout: '',
      stderr: 'sudo: a password is required\n',
      code: 1,
    });
  });
});

describe('lifecycle', () => {
  it('pause / unpause change the flags', async () => {
    const h = frozen();
    expect(await ex(h, 'xl pause pvdisk')).toEqual({ stdout: '', stderr: '', code: 0 });
    expect((await ex(h, 'xl list pvdisk')).stdout).toContain('     --p---  ');
    await ex(h, 'xl unpause pvdisk');
    expect((await ex(h, 'xl list pvdisk')).stdout).toContain('     -b----  ');
  });

  it('mem-set: a bare number is MiB; xl list -l shows the new target (xl-list-l-after-mem-set.json)', async () => {
    const h = frozen();
    await ex(h, 'xl create /root/guest/pv-tiny.cfg');
    const id = h.byName('pvtiny')!.id;
    expect(await ex(h, 'xl mem-set pvtiny 96')).toEqual({ stdout: '', stderr: '', code: 0 });
    await delay(60);
    expect((await ex(h, 'xl list pvtiny')).stdout).toMatch(/pvtiny +\d+ +96 +1 /);
    const json = (await ex(h, 'xl list -l pvtiny')).stdout;
    expect(noUuid(json)).toBe(
      noUuid(fixture('xl-list-l-after-mem-set.json')).replace('"domid": 1,', `"domid": ${id},`),
    );
  });

  it('vcpu-set stays pending: xl list keeps the count, vcpu-list shows --p, list -l lists it available', async () => {
    const h = frozen();
    await ex(h, 'xl create /root/guest/pv-tiny.cfg');
    expect(await ex(h, 'xl vcpu-set pvtiny 2')).toEqual({ stdout: '', stderr: '', code: 0 });
    expect((await ex(h, 'xl list pvtiny')).stdout).toMatch(/pvtiny +\d+ +128 +1 /);
    expect((await ex(h, 'xl vcpu-list pvtiny')).stdout).toMatch(/pvtiny +\d+ +1 +- +--p +0\.0 {2}all \/ all/);
    expect((await ex(h, 'xl list -l pvtiny')).stdout).toContain(
      '"avail_vcpus": [\n                    0,\n                    1\n                ]',
    );
  });

  it('shutdown -w: progress on stderr, domain gone afterwards', async () => {
    const h = live();
    const r = await ex(h, 'xl shutdown -w pvdisk');
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      fixture('lifecycle/xl-shutdown-w.stderr.txt')
        .replace(/domain 1\b/g, 'domain 12')
        .replace('Domain 1 ', 'Domain 12 '),
    );
    await delay(60);
    expect(h.byName('pvdisk')).toBeUndefined();
    expect((await ex(h, 'xl list pvdisk')).stderr).toBe('pvdisk is an invalid domain identifier (rc=-6)\n');
    expect(h.fs.readText('/var/log/xen/xl-pvdisk.log')).toContain(
      'Action for shutdown reason code 0 is destroy',
    );
  });

  it('reboot: a NEW domid, the name absent for a while, Mem 0 --p--- while built', async () => {
    const h = live();
    const states: string[] = [];
    expect(await ex(h, 'xl reboot pvtiny || xl reboot pvdisk')).toMatchObject({
      stderr: expect.stringContaining('Rebooting domain 12\n'),
    });
    let sawAbsent = false;
    let sawBuilding = false;
    for (let i = 0; i < 100 && !(sawAbsent && h.byName('pvdisk')?.xlState() === '-b----'); i++) {
      const d = h.byName('pvdisk');
      if (!d) sawAbsent = true;
      else {
        states.push(d.xlState());
        if (d.building && d.id !== 12)
          sawBuilding = (await ex(h, 'xl list pvdisk')).stdout.includes('     0     0     --p---');
      }
      await delay(10);
    }
    expect(states).toContain('---sr-');
    expect(sawAbsent).toBe(true);
    expect(sawBuilding).toBe(true);
    expect(h.byName('pvdisk')!.id).toBe(15);
  });

  it('xl list -l while a domain is built: left out of the JSON, a libxl error, exit 0 (as captured)', async () => {
    const h = live();
    expect((await ex(h, 'xl reboot pvdisk')).code).toBe(0);
    let seen: { code: number; stdout: string; stderr: string } | null = null;
    let seenAll: { code: number; stdout: string; stderr: string } | null = null;
    for (let i = 0; i < 200 && !seen; i++) {
      const d = h.byName('pvdisk');
      if (d?.building) {
        seen = await ex(h, 'xl list -l pvdisk');
        seenAll = await ex(h, 'xl list -l');
      } else await delay(5);
    }
    const id = h.byName('pvdisk')!.id;
    const cap = fixture('xl-list-l-building.stderr.txt').replace('Domain 8:', `Domain ${id}:`);
    expect(seen).toEqual({ code: 0, stdout: fixture('xl-list-l-building.json'), stderr: cap });
    expect(seenAll!.code).toBe(0);
    expect(seenAll!.stderr).toBe(cap);
    expect(seenAll!.stdout).not.toContain('"pvdisk"');
    expect(seenAll!.stdout).toContain('"Domain-0"');
  });

  it('save writes a growing file and removes the domain; restore brings it back with a new domid', async () => {
    const h = live();
    const save = await ex(h, 'xl save pvdisk /var/lib/xen/save/pvdisk.save');
    expect(save.code).toBe(0);
    expect(save.stdout).toBe('');
    const cap = fixture('lifecycle/xl-save.stderr.txt').split('\n');
    const mine = save.stderr.split('\n');
    expect(mine[0]).toMatch(
      /^Saving to \/var\/lib\/xen\/save\/pvdisk\.save new xl format \(info 0x3\/0x0\/\d+\)$/,
    );
    expect(mine[1]).toBe('xc: info: Saving domain 12, type x86 PV');
    // pvdisk: 128 MiB, maxmem 256 like the captured pvtiny: the same 65536 frames
    expect(mine.slice(2)).toEqual(cap.slice(2));
    expect(h.byName('pvdisk')).toBeUndefined();
    expect(h.fs.stat('/var/lib/xen/save/pvdisk.save').size).toBe(131072 * 1024 + 538049);
    const rest = await ex(h, 'xl restore /var/lib/xen/save/pvdisk.save');
    expect(rest.code).toBe(0);
    const rl = rest.stderr.split('\n');
    const cl = fixture('lifecycle/xl-restore.stderr.txt').split('\n');
    expect(rl.length).toBe(cl.length);
    expect(rl.slice(1, 6)).toEqual(cl.slice(1, 6));
    expect(h.byName('pvdisk')!.id).toBe(15);
    expect(h.byName('pvdisk')!.config.uuid).toBe('360bb23f-2b47-485c-8319-7b8a950fa06c');
    expect((await ex(h, 'xl restore /etc/xen/xl.conf')).stderr).toBe(
      'File has wrong magic number - corrupt or for a different tool?\n',
    );
  });

  it('rename and destroy print nothing', async () => {
    const h = frozen();
    expect(await ex(h, 'xl rename pvdisk pvdisk-renamed')).toEqual({ stdout: '', stderr: '', code: 0 });
    expect((await ex(h, 'xl list pvdisk-renamed')).stdout).toContain('pvdisk-renamed ');
    expect(await ex(h, 'xl destroy pvdisk-renamed')).toEqual({ stdout: '', stderr: '', code: 0 });
    expect(h.byName('pvdisk-renamed')).toBeUndefined();
  });
});
