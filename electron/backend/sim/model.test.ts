// Model bookkeeping: events, domids that only grow, free memory, VNC ports.
import { afterEach, describe, expect, it } from 'vitest';
import type { SimDomain } from './model';
import { delay, ex, newHost } from './testKit';

let host: ReturnType<typeof newHost> | null = null;
afterEach(() => {
  host?.cleanup();
  host = null;
});

describe('SimHost', () => {
  it('emits events for create/destroy and pauses through the control API', async () => {
    host = newHost();
    const events: string[] = [];
    host.on('domain-created', (d: SimDomain) => events.push(`created ${d.name} ${d.id}`));
    host.on('domain-destroyed', (d: SimDomain, why: string) =>
      events.push(`destroyed ${d.name} ${d.id} ${why}`),
    );
    await ex(host, 'xl create /root/guest/pv-tiny.cfg && xl destroy pvtiny');
    expect(events).toEqual(['created pvtiny 15', 'destroyed pvtiny 15 destroy']);
    host.pause(host.domain('pvdisk')!);
    expect(host.domain('pvdisk')!.xlState()).toBe('--p---');
  });

  it('VNC ports: vncdisplay = 5900+N, otherwise the first free port from 5900', async () => {
    host = newHost();
    expect(host.domain('pvvfb')!.vnc).toEqual({ port: 5901, listen: '127.0.0.1' });
    expect(host.domain('hvm1')!.vnc).toEqual({ port: 5902, listen: '127.0.0.1' });
    await ex(host, 'xl create /etc/xen/webserver.cfg');
    expect(host.domain('webserver')!.vnc).toEqual({ port: 5900, listen: '127.0.0.1' });
    expect((await ex(host, 'xenstore-read /local/domain/15/console/vnc-port')).stdout).toBe('5900\n');
  });

  it('free memory follows the domains; CPU time accumulates while running, not while paused', async () => {
    host = newHost();
    const free = (): number => Math.floor(host!.freeKiB() / 1024);
    expect(free()).toBe(2017);
    await ex(host, 'xl create /etc/xen/db01.cfg');
    expect(free()).toBe(2017 - 385);
    const d = host.domain('pvdisk')!;
    d.busy = true;
    host.tick();
    const t1 = d.cpuNs();
    await delay(50);
    host.tick();
    expect(d.cpuNs()).toBeGreaterThan(t1);
    host.pause(d);
    const t2 = d.cpuNs();
    await delay(30);
    host.tick();
    expect(d.cpuNs()).toBe(t2);
  });
});
