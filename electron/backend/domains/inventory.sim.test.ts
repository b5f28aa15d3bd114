// The poll's inventory section on the simulated dom0 (its shell runs the real script text).
import { afterAll, describe, expect, it } from 'vitest';
import { pollScript, parsePoll, type ConfigCache } from '../../../shared/xen/poll';
import { simExec } from '../sim/exec';
import { newHost } from '../sim/testKit';

describe('inventory on the simulated dom0', () => {
  const host = newHost();
  afterAll(() => host.cleanup());
  const poll = async (cache: ConfigCache, known: string[] = [...cache.keys()]) => {
    const r = await simExec(host, pollScript([], known));
    expect(r.code).toBe(0);
    return { ...parsePoll(r.stdout, cache), stdout: r.stdout };
  };

  it('running ∪ defined ∪ autostart in one exec; unchanged configs are not re-sent', async () => {
    const cache: ConfigCache = new Map();
    const first = await poll(cache);
    expect(first.errors).toEqual([]);
    const rows = Object.fromEntries(first.snapshot.domains.map((d) => [d.name, d]));
    expect(rows['pvdisk']).toMatchObject({ id: 12, defined: true, cfgPath: '/etc/xen/pv-disk.cfg' });
    expect(rows['webserver']).toMatchObject({
      id: null,
      state: 'shut off',
      type: 'hvm',
      memoryMiB: 512,
      vcpus: 2,
      defined: true,
      autostart: true,
      cfgPath: '/etc/xen/webserver.cfg',
    });
    expect(rows['db01']).toMatchObject({
      state: 'shut off',
      autostart: false,
      memoryMiB: 384,
      maxMemoryMiB: 512,
    });
    expect(rows['pvtiny']).toMatchObject({ state: 'shut off', cfgPath: '/etc/xen/pv-tiny.cfg' });
    expect(Object.keys(rows)).not.toContain('xl');

    const second = await poll(cache);
    expect(second.stdout).not.toContain('@@XENDESK-CFG-BEGIN@@');
    expect(second.snapshot.domains).toEqual(
      first.snapshot.domains.map((d) => ({ ...d, ...pick(second, d.name) })),
    );

    // an edit on the host is seen by the next poll, and only that file is sent
    host.fs.writeFile(
      '/etc/xen/db01.cfg',
      host.fs.readText('/etc/xen/db01.cfg').replace('memory  = 384', 'memory  = 256'),
    );
    const third = await poll(cache);
    expect(third.stdout.match(/@@XENDESK-CFG-BEGIN@@/g)).toHaveLength(1);
    expect(third.snapshot.domains.find((d) => d.name === 'db01')).toMatchObject({ memoryMiB: 256 });
  });
});

/** running rows' live figures (CPU, uptime) move between polls */
function pick(r: { snapshot: { domains: { name: string }[] } }, name: string) {
  const d = r.snapshot.domains.find((x) => x.name === name) as Record<string, unknown> | undefined;
  if (!d) return {};
  const { cpuPercent, cpuSeconds, uptimeSeconds, io } = d;
  return io === undefined
    ? { cpuPercent, cpuSeconds, uptimeSeconds }
    : { cpuPercent, cpuSeconds, uptimeSeconds, io };
}
