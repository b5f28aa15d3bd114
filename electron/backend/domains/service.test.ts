// The domain RPC methods end to end: the real backend (createBackend) over an in-memory RPC
// port, a simulated dom0 reached over SSH, and the HOST's state checked after every action
// (its files and `xl` output), not just the returned rows.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { utils } from 'ssh2';
import { generateEd25519 } from '../ssh/keygen';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, type TaskProgress, type XlFailureDetails } from '../../../shared/api';
import { createRpcClient, memoryPortPair, type RpcClient } from '../../../shared/rpc';
import { parseXlList } from '../../../shared/xen/xlList';
import { createBackend, type Backend } from '../backend';
import { startSimDom0, type SimDom0 } from '../sim/server';

interface H {
  sim: SimDom0;
  backend: Backend;
  client: RpcClient;
  hostId: string;
  progress: TaskProgress[];
  dir: string;
}

async function connectSim(client: RpcClient, sim: SimDom0, keyPath: string, label: string): Promise<string> {
  const h = await client.api.addHost({
    label,
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
  return h.id;
}

async function setup(timeScale = 0.02): Promise<H> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xendesk-domains-test-'));
  const kp = generateEd25519();
  const keyPath = path.join(dir, 'id_ed25519');
  fs.writeFileSync(keyPath, kp.private, { mode: 0o600 });
  const sim = await startSimDom0({ authorizedKeys: [kp.public], timeScale, xentopDelayScale: 0.01, seed: 7 });
  const backend = createBackend({
    dataDir: dir,
    mode: 'web',
    version: 'test',
    userKnownHosts: [],
    pollIntervalMs: 3600_000,
  });
  const [a, b] = memoryPortPair();
  backend.attach(a);
  const client = createRpcClient(b);
  const progress: TaskProgress[] = [];
  client.on('taskProgress', (p) => progress.push(p));
  const hostId = await connectSim(client, sim, keyPath, 'sim');
  return { sim, backend, client, hostId, progress, dir };
}

async function rejection(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    return e as ApiError;
  }
  throw new Error('expected a rejection');
}

const xlList = async (sim: SimDom0) => parseXlList((await sim.exec('xl list')).stdout);
const running = async (sim: SimDom0, name: string) => (await xlList(sim)).find((r) => r.name === name);

let h: H;
beforeAll(async () => {
  h = await setup();
}, 30000);
afterAll(async () => {
  h.client.close();
  await h.backend.dispose();
  await h.sim.stop();
});

describe('inventory', () => {
  it('running ∪ defined ∪ autostart, with tags from the settings', async () => {
    const snap = await h.client.api.refreshHost({ hostId: h.hostId });
    const web = snap.domains.find((d) => d.name === 'webserver')!;
    expect(web).toMatchObject({
      state: 'shut off',
      id: null,
      defined: true,
      autostart: true,
      cfgPath: '/etc/xen/webserver.cfg',
    });
    expect(snap.domains.find((d) => d.name === 'pvdisk')).toMatchObject({
      id: 12,
      defined: true,
      cfgPath: '/etc/xen/pv-disk.cfg',
    });
    expect(
      await h.client.api.setDomainTags({ hostId: h.hostId, domain: 'db01', tags: ['prod', ' db ', 'prod'] }),
    ).toEqual(['db', 'prod']);
    const again = await h.client.api.getSnapshot({ hostId: h.hostId });
    expect(again!.domains.find((d) => d.name === 'db01')!.tags).toEqual(['db', 'prod']);
    expect(fs.readFileSync(path.join(h.dir, 'domain-tags.json'), 'utf8')).toContain('"prod"');
  });
});

describe('lifecycle', () => {
  it('start a shut-off domain from its config; the host runs it', async () => {
    const r = await h.client.api.domainAction({ hostId: h.hostId, domain: 'db01', action: 'start' });
    expect(r.ok).toBe(true);
    expect(r.domain).toMatchObject({ name: 'db01', defined: true });
    expect(r.domain!.id).not.toBeNull();
    expect(await running(h.sim, 'db01')).toBeDefined();
    const again = await rejection(
      h.client.api.domainAction({ hostId: h.hostId, domain: 'db01', action: 'start' }),
    );
    expect(again.code).toBe('invalid-state');
  });

  it('shutdown with force passes -F; destroy stops it', async () => {
    await h.client.api.domainAction({ hostId: h.hostId, domain: 'db01', action: 'shutdown', force: true });
    expect(h.sim.execLog.some((e) => /xl shutdown -F db01/.test(e.command))).toBe(true);
    for (let i = 0; i < 50 && (await running(h.sim, 'db01')); i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(await running(h.sim, 'db01')).toBeUndefined();
    await h.client.api.domainAction({ hostId: h.hostId, domain: 'db01', action: 'start' });
    const r = await h.client.api.domainAction({ hostId: h.hostId, domain: 'db01', action: 'destroy' });
    expect(r.domain).toMatchObject({ state: 'shut off', id: null });
    expect(await running(h.sim, 'db01')).toBeUndefined();
  });

  it('a failed start carries xl’s words, the log tails and a hint', async () => {
    h.sim.fs.writeFile(
      '/etc/xen/broken.cfg',
      'name = "broken"\nkernel = "/boot/no-such-kernel"\nmemory = 64\n',
    );
    const e = await rejection(
      h.client.api.domainAction({ hostId: h.hostId, domain: 'broken', action: 'start' }),
    );
    expect(e.code).toBe('xl-failed');
    expect(e.message).toMatch(/no-such-kernel/);
    const d = e.details as XlFailureDetails;
    expect(d.output).toMatch(/Parsing config from \/etc\/xen\/broken.cfg/);
    expect(d.hints.map((x) => x.id)).toContain('missing-path');
    expect(d.domain).toMatchObject({ name: 'broken', state: 'shut off' });
    h.sim.fs.unlink('/etc/xen/broken.cfg');
  });

  it('autostart on creates the /etc/xen/auto link; off removes it', async () => {
    await h.client.api.setAutostart({ hostId: h.hostId, domain: 'db01', enabled: true });
    expect(h.sim.fs.readlink('/etc/xen/auto/db01.cfg')).toBe('../db01.cfg');
    const snap = await h.client.api.getSnapshot({ hostId: h.hostId });
    expect(snap!.domains.find((d) => d.name === 'db01')!.autostart).toBe(true);
    await h.client.api.setAutostart({ hostId: h.hostId, domain: 'db01', enabled: false });
    expect(h.sim.fs.tryLstat('/etc/xen/auto/db01.cfg')).toBeNull();
    // the seeded absolute link of webserver is found and removed too
    await h.client.api.setAutostart({ hostId: h.hostId, domain: 'webserver', enabled: false });
    expect(h.sim.fs.tryLstat('/etc/xen/auto/webserver.cfg')).toBeNull();
    await h.client.api.setAutostart({ hostId: h.hostId, domain: 'webserver', enabled: true });
    expect(h.sim.fs.readlink('/etc/xen/auto/webserver.cfg')).toBe('../webserver.cfg');
  });

  it('memory: explicit MiB, live and persisted', async () => {
    const before = h.sim.fs.readText('/etc/xen/pv-disk.cfg');
    const r = await h.client.api.setDomainMemory({
      hostId: h.hostId,
      domain: 'pvdisk',
      targetMiB: 200,
      maxMiB: 300,
    });
    expect(r.domain).toMatchObject({ memoryMiB: 200, maxMemoryMiB: 300 });
    expect((await running(h.sim, 'pvdisk'))!.memMiB).toBe(200);
    expect(h.sim.execLog.some((e) => /xl mem-set pvdisk 200m/.test(e.command))).toBe(true);
    const cfg = h.sim.fs.readText('/etc/xen/pv-disk.cfg');
    expect(cfg).toMatch(/memory\s*=\s*200/);
    expect(cfg).toMatch(/maxmem\s*=\s*300/);
    // every config write keeps the previous version
    const baks = h.sim.fs.readdir('/etc/xen').filter((n) => /^pv-disk\.cfg\.\d{8}-\d{6}\.bak$/.test(n));
    expect(baks.map((n) => h.sim.fs.readText(`/etc/xen/${n}`))).toContain(before);
    const e = await rejection(
      h.client.api.setDomainMemory({ hostId: h.hostId, domain: 'pvdisk', targetMiB: 400 }),
    );
    expect(e.code).toBe('xl-failed');
    expect((e.details as XlFailureDetails).hints.map((x) => x.id)).toContain('no-memory');
  });

  it('vCPUs up to maxvcpus; details show the ones the guest has not onlined', async () => {
    const r = await h.client.api.setDomainVcpus({ hostId: h.hostId, domain: 'pvdisk', count: 2 });
    expect(r.ok).toBe(true);
    expect(h.sim.fs.readText('/etc/xen/pv-disk.cfg')).toMatch(/vcpus\s*=\s*2/);
    const d = await h.client.api.getDomainDetails({ hostId: h.hostId, domain: 'pvdisk' });
    expect(d.vcpuList).toHaveLength(2);
    expect(d.row.maxVcpus).toBe(2);
    expect(d.config).toMatchObject({ name: 'pvdisk', maxVcpus: 2 });
    expect(d.cfg).toMatchObject({ name: 'pvdisk' });
    expect(d.hostFreeMemoryMiB).toBeGreaterThan(0);
    const e = await rejection(h.client.api.setDomainVcpus({ hostId: h.hostId, domain: 'pvdisk', count: 3 }));
    expect(e.code).toBe('invalid-params');
  });

  it('scheduler weight and cap with the host’s scheduler (credit2)', async () => {
    await h.client.api.setDomainSched({ hostId: h.hostId, domain: 'pvdisk', weight: 512, cap: 50 });
    expect(h.sim.execLog.some((e) => /xl sched-credit2 -d pvdisk -w 512 -c 50/.test(e.command))).toBe(true);
    const d = await h.client.api.getDomainDetails({ hostId: h.hostId, domain: 'pvdisk' });
    expect(d.sched).toEqual({ scheduler: 'credit2', weight: 512, cap: 50 });
    expect(h.sim.fs.readText('/etc/xen/pv-disk.cfg')).toMatch(/cpu_weight\s*=\s*512/);
  });

  it('rename a running domain (its config file keeps its own name) and a stopped one (NAME.cfg follows)', async () => {
    await h.client.api.renameDomain({ hostId: h.hostId, domain: 'pvvfb', newName: 'pvvfb2' });
    expect(await running(h.sim, 'pvvfb2')).toBeDefined();
    expect(h.sim.fs.readText('/etc/xen/pv-vfb.cfg')).toMatch(/name\s*=\s*"pvvfb2"/);
    await h.client.api.renameDomain({ hostId: h.hostId, domain: 'pvvfb2', newName: 'pvvfb' });

    await h.client.api.setDomainTags({ hostId: h.hostId, domain: 'pvtiny', tags: ['t'] });
    const r = await h.client.api.renameDomain({ hostId: h.hostId, domain: 'pvtiny', newName: 'tiny2' });
    expect(r.domain).toMatchObject({ name: 'tiny2', cfgPath: '/etc/xen/pv-tiny.cfg', tags: ['t'] });
    await h.client.api.setAutostart({ hostId: h.hostId, domain: 'db01', enabled: true });
    const r2 = await h.client.api.renameDomain({ hostId: h.hostId, domain: 'db01', newName: 'db02' });
    expect(r2.domain).toMatchObject({ name: 'db02', cfgPath: '/etc/xen/db02.cfg', autostart: true });
    expect(h.sim.fs.exists('/etc/xen/db01.cfg')).toBe(false);
    expect(h.sim.fs.readdir('/etc/xen').some((n) => /^db01\.cfg\.\d{8}-\d{6}\.bak$/.test(n))).toBe(true);
    expect(h.sim.fs.readlink('/etc/xen/auto/db02.cfg')).toBe('../db02.cfg');
    expect(h.sim.fs.tryLstat('/etc/xen/auto/db01.cfg')).toBeNull();
    await h.client.api.renameDomain({ hostId: h.hostId, domain: 'db02', newName: 'db01' });
    await h.client.api.setAutostart({ hostId: h.hostId, domain: 'db01', enabled: false });
  });
});

describe('save, restore, clone, delete', () => {
  it('save with progress while the file grows; restore brings it back', async () => {
    // a sim in real time: the 2 s save gives the progress sampler something to see
    const rt = await setup(1);
    const h = rt;
    try {
      const s = await h.client.api.saveDomain({ hostId: h.hostId, domain: 'hvm1', taskId: 'save-1' });
      expect(s.file).toBe('/var/lib/xen/save/hvm1.save');
      expect(s.sizeBytes).toBeGreaterThan(200 * 1024 * 1024);
      expect(h.sim.fs.stat('/var/lib/xen/save/hvm1.save').size).toBe(s.sizeBytes);
      expect(await running(h.sim, 'hvm1')).toBeUndefined();
      const mine = h.progress.filter((p) => p.taskId === 'save-1');
      expect(mine.at(-1)).toMatchObject({ done: true, fraction: 1 });
      const fr = mine.map((p) => p.fraction).filter((f): f is number => f !== null);
      expect(fr).toEqual([...fr].sort((a, b) => a - b));
      expect(new Set(fr).size).toBeGreaterThan(2); // it moved in between
      const files = await h.client.api.listSaveFiles({ hostId: h.hostId });
      expect(files.map((f) => f.path)).toContain('/var/lib/xen/save/hvm1.save');
      const r = await h.client.api.restoreDomain({ hostId: h.hostId, file: s.file, taskId: 'restore-1' });
      expect(r.domain).toMatchObject({ name: 'hvm1' });
      expect(await running(h.sim, 'hvm1')).toBeDefined();
      expect(h.progress.filter((p) => p.taskId === 'restore-1').at(-1)).toMatchObject({ done: true });
    } finally {
      rt.client.close();
      await rt.backend.dispose();
      await rt.sim.stop();
    }
  }, 30000);

  it('clone copies the writable disks with progress, new name/uuid/MAC; delete with storage removes only its files', async () => {
    const c = await h.client.api.cloneDomain({
      hostId: h.hostId,
      domain: 'webserver',
      newName: 'web2',
      taskId: 'clone-1',
    });
    expect(c.disks).toEqual([
      { from: '/var/lib/xen/images/webserver.img', to: '/var/lib/xen/images/web2.img' },
    ]);
    expect(h.sim.fs.stat('/var/lib/xen/images/web2.img').size).toBe(
      h.sim.fs.stat('/var/lib/xen/images/webserver.img').size,
    );
    const text = h.sim.fs.readText('/etc/xen/web2.cfg');
    expect(text).toMatch(/name\s*=\s*"web2"/);
    expect(text).toContain('/var/lib/xen/images/web2.img');
    expect(text).toContain('/var/lib/xen/iso/debian-12.11.0-amd64-netinst.iso'); // the ISO is shared
    expect(text).not.toContain('00:16:3e:5a:10:01');
    expect(c.domain).toMatchObject({ name: 'web2', state: 'shut off' });
    expect(h.progress.filter((p) => p.taskId === 'clone-1').at(-1)).toMatchObject({ done: true });

    const refused = await rejection(
      h.client.api.deleteDomain({
        hostId: h.hostId,
        domain: 'web2',
        deleteDisks: ['/var/lib/xen/images/db01.img'],
      }),
    );
    expect(refused.code).toBe('invalid-params');
    const shared = await rejection(
      h.client.api.deleteDomain({
        hostId: h.hostId,
        domain: 'web2',
        deleteDisks: ['/var/lib/xen/iso/debian-12.11.0-amd64-netinst.iso'],
      }),
    );
    expect(shared.code).toBe('invalid-params');
    const d = await h.client.api.deleteDomain({
      hostId: h.hostId,
      domain: 'web2',
      deleteDisks: ['/var/lib/xen/images/web2.img'],
    });
    expect(d.removed).toEqual(['/etc/xen/web2.cfg', '/var/lib/xen/images/web2.img']);
    expect(h.sim.fs.exists('/var/lib/xen/images/web2.img')).toBe(false);
    expect(h.sim.fs.exists('/etc/xen/web2.cfg')).toBe(false);
    expect(h.sim.fs.exists('/var/lib/xen/images/webserver.img')).toBe(true);
    expect(h.sim.fs.exists('/var/lib/xen/iso/debian-12.11.0-amd64-netinst.iso')).toBe(true);
  });

  it('clone refuses a running domain', async () => {
    const e = await rejection(
      h.client.api.cloneDomain({ hostId: h.hostId, domain: 'pvdisk', newName: 'x2' }),
    );
    expect(e.code).toBe('invalid-state');
  });
});

describe('migrate', () => {
  it('xl migrate to another connected host: dom0 sshes to dom0; the domain runs there and not here', async () => {
    const keyPath = path.join(h.dir, 'id_ed25519');
    const key = fs.readFileSync(keyPath, 'utf8');
    const pub = utils.parseKey(key);
    const pubLine = `ssh-ed25519 ${(Array.isArray(pub) ? pub[0]! : (pub as Exclude<typeof pub, Error | unknown[]>)).getPublicSSH().toString('base64')}`;
    const b = await startSimDom0({
      authorizedKeys: [pubLine],
      timeScale: 0.02,
      xentopDelayScale: 0.01,
      scenario: 'empty',
    });
    try {
      const bId = await connectSim(h.client, b, keyPath, 'sim-b');
      // without a key for root on the source dom0 the target refuses
      const e = await rejection(
        h.client.api.migrateDomain({ hostId: h.hostId, domain: 'pvdisk', targetHostId: bId }),
      );
      expect(e.code).toBe('xl-failed');
      expect(e.message).toMatch(/Permission denied/);
      expect(await running(h.sim, 'pvdisk')).toBeDefined();
      // dom0 root's key, authorized on the target
      h.sim.fs.seedFile('/root/.ssh/id_ed25519', key, 0o600);
      const r = await h.client.api.migrateDomain({
        hostId: h.hostId,
        domain: 'pvdisk',
        targetHostId: bId,
        taskId: 'mig-1',
      });
      expect(r.targetHostId).toBe(bId);
      expect(r.domain).toMatchObject({ name: 'pvdisk' });
      expect(r.output).toMatch(/Migration successful/);
      expect(await running(b, 'pvdisk')).toBeDefined();
      expect(await running(h.sim, 'pvdisk')).toBeUndefined();
      expect(
        h.sim.execLog.some((x) => x.command === `xl migrate -s 'ssh -p ${b.port}' pvdisk 127.0.0.1`),
      ).toBe(true);
      // and back, for the tests after this one
      b.fs.seedFile('/root/.ssh/id_ed25519', key, 0o600);
      await h.client.api.migrateDomain({ hostId: bId, domain: 'pvdisk', targetHostId: h.hostId });
      expect(await running(h.sim, 'pvdisk')).toBeDefined();
      await h.client.api.removeHost({ hostId: bId });
    } finally {
      h.sim.fs.unlink('/root/.ssh/id_ed25519');
      await b.stop();
    }
  }, 30000);
});

describe('devices', () => {
  it('attach and detach a disk, live and in the config', async () => {
    h.sim.fs.seedSparse('/var/lib/xen/images/extra.img', 1024 * 1024 * 64);
    await h.client.api.attachDisk({
      hostId: h.hostId,
      domain: 'pvdisk',
      disk: { target: '/var/lib/xen/images/extra.img', vdev: 'xvdb' },
    });
    expect((await h.sim.exec('xl block-list pvdisk')).stdout).toMatch(/51728/);
    expect(h.sim.fs.readText('/etc/xen/pv-disk.cfg')).toContain('target=/var/lib/xen/images/extra.img');
    await h.client.api.detachDisk({ hostId: h.hostId, domain: 'pvdisk', vdev: 'xvdb' });
    expect((await h.sim.exec('xl block-list pvdisk')).stdout).not.toMatch(/51728/);
    expect(h.sim.fs.readText('/etc/xen/pv-disk.cfg')).not.toContain('extra.img');
  });

  it('attach and detach a NIC with the same MAC live and in the config', async () => {
    await h.client.api.attachNic({
      hostId: h.hostId,
      domain: 'pvdisk',
      nic: { bridge: 'xenbr0', mac: '00:16:3e:44:55:66' },
    });
    expect((await h.sim.exec('xl network-list pvdisk')).stdout).toContain('00:16:3e:44:55:66');
    expect(h.sim.fs.readText('/etc/xen/pv-disk.cfg')).toContain('mac=00:16:3e:44:55:66');
    await h.client.api.detachNic({ hostId: h.hostId, domain: 'pvdisk', nic: '00:16:3e:44:55:66' });
    expect((await h.sim.exec('xl network-list pvdisk')).stdout).not.toContain('00:16:3e:44:55:66');
    expect(h.sim.fs.readText('/etc/xen/pv-disk.cfg')).not.toContain('00:16:3e:44:55:66');
  });

  it('CD insert and eject on an HVM guest', async () => {
    await h.client.api.domainAction({ hostId: h.hostId, domain: 'webserver', action: 'start' });
    await h.client.api.cdEject({ hostId: h.hostId, domain: 'webserver', vdev: 'xvdc' });
    let l = JSON.parse((await h.sim.exec('xl list -l webserver')).stdout) as {
      config: { disks: { vdev: string; pdev_path?: string }[] };
    }[];
    expect(l[0]!.config.disks.find((d) => d.vdev === 'xvdc')!.pdev_path).toBeUndefined();
    await h.client.api.cdInsert({
      hostId: h.hostId,
      domain: 'webserver',
      vdev: 'xvdc',
      file: '/var/lib/xen/iso/debian-12.11.0-amd64-netinst.iso',
    });
    l = JSON.parse((await h.sim.exec('xl list -l webserver')).stdout) as typeof l;
    expect(l[0]!.config.disks.find((d) => d.vdev === 'xvdc')!.pdev_path).toBe(
      '/var/lib/xen/iso/debian-12.11.0-amd64-netinst.iso',
    );
    const pv = await rejection(h.client.api.cdEject({ hostId: h.hostId, domain: 'pvdisk', vdev: 'xvdc' }));
    expect(pv.code).toBe('invalid-state');
    await h.client.api.domainAction({ hostId: h.hostId, domain: 'webserver', action: 'destroy' });
  });
});

describe('config editing', () => {
  it('save: checked by xl create -n, atomic, with a timestamped backup', async () => {
    const c = await h.client.api.getDomainConfig({ hostId: h.hostId, domain: 'db01' });
    expect(c.path).toBe('/etc/xen/db01.cfg');
    const next = c.text.replace('vcpus   = 2', 'vcpus   = 1  # one is enough');
    const r = await h.client.api.saveDomainConfig({
      hostId: h.hostId,
      domain: 'db01',
      text: next,
      baseVersion: c.version,
    });
    expect(h.sim.fs.readText('/etc/xen/db01.cfg')).toBe(next);
    expect(r.backupPath).toMatch(/^\/etc\/xen\/db01\.cfg\.\d{8}-\d{6}\.bak$/);
    expect(h.sim.fs.readText(r.backupPath!)).toBe(c.text);
    expect(h.sim.execLog.some((e) => /xl create -n \/etc\/xen\/\.xendesk-/.test(e.command))).toBe(true);
    expect(h.sim.fs.readdir('/etc/xen').filter((f) => f.startsWith('.xendesk-'))).toEqual([]);
    // backups are not domains
    const snap = await h.client.api.refreshHost({ hostId: h.hostId });
    expect(snap.domains.filter((d) => d.name === 'db01')).toHaveLength(1);
  });

  it('refuses when the host file changed since it was loaded, and shows the host version', async () => {
    const c = await h.client.api.getDomainConfig({ hostId: h.hostId, domain: 'db01' });
    const theirs = c.text + '# edited on the host\n';
    h.sim.fs.writeFile('/etc/xen/db01.cfg', theirs);
    const e = await rejection(
      h.client.api.saveDomainConfig({
        hostId: h.hostId,
        domain: 'db01',
        text: c.text + 'memory = 64\n',
        baseVersion: c.version,
      }),
    );
    expect(e.code).toBe('conflict');
    expect(e.details).toMatchObject({ hostText: theirs });
    expect(h.sim.fs.readText('/etc/xen/db01.cfg')).toBe(theirs);
    // the conflict is reported even when the edit would not pass xl create -n
    const e2 = await rejection(
      h.client.api.saveDomainConfig({
        hostId: h.hostId,
        domain: 'db01',
        text: 'vcpus = = 1\n',
        baseVersion: c.version,
      }),
    );
    expect(e2.code).toBe('conflict');
    expect(h.sim.fs.readText('/etc/xen/db01.cfg')).toBe(theirs);
    h.sim.fs.writeFile('/etc/xen/db01.cfg', c.text);
  });

  it('a config xl rejects is not written', async () => {
    const c = await h.client.api.getDomainConfig({ hostId: h.hostId, domain: 'db01' });
    const e = await rejection(
      h.client.api.saveDomainConfig({
        hostId: h.hostId,
        domain: 'db01',
        text: 'name = "db01"\nvcpus = = 1\n',
        baseVersion: c.version,
      }),
    );
    expect(e.code).toBe('xl-failed');
    expect(e.message).toMatch(/syntax error/);
    expect((e.details as XlFailureDetails).output).toContain('/etc/xen/db01.cfg:2:');
    expect(h.sim.fs.readText('/etc/xen/db01.cfg')).toBe(c.text);
  });
});

describe('adversarial names and paths', () => {
  const CANARY = '/tmp/xendesk-canary';
  const evil = [
    '$(touch /tmp/xendesk-canary)',
    '`touch /tmp/xendesk-canary`',
    'a;touch /tmp/xendesk-canary',
    "a'b",
    'a\nb',
    '-rf',
    '../etc/passwd',
    'a b',
  ];
  it.each(evil)('domain name %j is refused by the schema', async (name) => {
    for (const call of [
      () => h.client.api.domainAction({ hostId: h.hostId, domain: name, action: 'start' }),
      () => h.client.api.renameDomain({ hostId: h.hostId, domain: 'db01', newName: name }),
      () => h.client.api.cloneDomain({ hostId: h.hostId, domain: 'db01', newName: name }),
    ]) {
      const e = await rejection(call());
      expect(e.code).toBe('invalid-params');
    }
    expect(h.sim.fs.exists(CANARY)).toBe(false);
  });

  it.each([
    '/var/lib/xen/save/$(touch /tmp/xendesk-canary)',
    '/var/lib/xen/save/a;touch /tmp/xendesk-canary',
    '/var/lib/xen/save/../../../../tmp/x',
    'relative/path',
    '/var/lib/xen/save/-rf',
    "/var/lib/xen/save/a'b",
    '/var/lib/xen/save/a\nb',
  ])('path %j is refused by the schema', async (file) => {
    for (const call of [
      () => h.client.api.saveDomain({ hostId: h.hostId, domain: 'pvdisk', file }),
      () => h.client.api.restoreDomain({ hostId: h.hostId, file }),
      () => h.client.api.deleteDomain({ hostId: h.hostId, domain: 'db01', deleteDisks: [file] }),
      () => h.client.api.cdInsert({ hostId: h.hostId, domain: 'hvm1', vdev: 'hdc', file }),
    ]) {
      const e = await rejection(call());
      expect(e.code).toBe('invalid-params');
    }
    expect(h.sim.fs.exists(CANARY)).toBe(false);
  });

  it('hostile file names and contents in /etc/xen are data, never code', async () => {
    h.sim.fs.writeFile('/etc/xen/$(touch $HOME-canary)', 'name = "evil"\n');
    h.sim.fs.writeFile('/etc/xen/x;touch ${HOME}-canary2.cfg', 'name = "evil2"\nmemory = 64\n');
    h.sim.fs.symlink('../$(touch $HOME-canary3)', '/etc/xen/auto/`touch $HOME-canary4`');
    const snap = await h.client.api.refreshHost({ hostId: h.hostId });
    expect(snap.domains.map((d) => d.name)).toEqual(expect.arrayContaining(['evil', 'evil2']));
    // acting on them quotes every path
    await h.client.api.setAutostart({ hostId: h.hostId, domain: 'evil2', enabled: true });
    await h.client.api.getDomainConfig({ hostId: h.hostId, domain: 'evil2' });
    await h.client.api.deleteDomain({ hostId: h.hostId, domain: 'evil2', deleteDisks: [] });
    for (const f of ['/root-canary', '/root-canary2', '/root-canary3', '/root-canary4', CANARY])
      expect(h.sim.fs.exists(f)).toBe(false);
    expect(h.sim.fs.exists('/etc/xen/x;touch ${HOME}-canary2.cfg')).toBe(false);
    h.sim.fs.unlink('/etc/xen/$(touch $HOME-canary)');
    h.sim.fs.unlink('/etc/xen/auto/`touch $HOME-canary4`');
  });
});
