// `xl console` over ssh with a pty, compared with the byte transcripts captured on the lab
// (console-*.raw): boot log replay on the first attach, echo, CRLF, Ctrl+] detach (exit 0),
// one client per domain, window size, guest reboot.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'ssh2';
import { fixture } from './testKit';
import { delay, openPty, run, startKit, type Kit } from './testKit';

let kit: Kit;
let c: Client;
beforeAll(async () => {
  kit = await startKit();
  c = await kit.connect();
});
afterAll(async () => {
  c.end();
  await kit.sim.stop();
});

const PROMPT = '/ # \x1b[6n';
const DETACH = Buffer.from([0x1d]);

describe('xl console', () => {
  it('first attach to pvdisk replays the boot log: console-first-attach-pvdisk.raw byte for byte', async () => {
    const s = await openPty(c, 'xl console pvdisk');
    await s.waitFor(PROMPT);
    s.ch.write('\r');
    await s.waitFor(PROMPT + '\r\n' + PROMPT);
    s.ch.write(
      'cat /proc/partitions; mkdir -p /mnt; mount /dev/xvda /mnt && df /mnt; ip link set eth0 up; ip addr add 192.168.100.2/24 dev eth0; ip -o link; ping -c 2 192.168.100.1 2>&1 | tail -2\r',
    );
    await s.waitFor('ms\r\n' + PROMPT);
    s.ch.write('echo hello\r');
    await s.waitFor('hello\r\n' + PROMPT);
    s.ch.write(DETACH);
    expect(await s.closed).toEqual({ code: 0, signal: undefined });
    expect(s.output().toString('latin1')).toBe(fixture('console-first-attach-pvdisk.raw'));
  });

  it('a later attach prints nothing until a key is sent (console-attach.raw)', async () => {
    const s = await openPty(c, 'xl console pvdisk');
    await delay(200);
    expect(s.output().length).toBe(0);
    s.ch.write('\r');
    await s.waitFor(PROMPT);
    s.ch.write('echo hello\r');
    await s.waitFor('hello\r\n' + PROMPT);
    s.ch.write(DETACH);
    expect((await s.closed).code).toBe(0);
    expect(s.output().toString('latin1')).toBe(fixture('console-attach.raw'));
  });

  it('HVM serial console (console-hvm-serial.raw)', async () => {
    const s = await openPty(c, 'xl console -t serial hvm1');
    await s.waitFor(PROMPT);
    s.ch.write('\r');
    await s.waitFor(PROMPT + '\r\n' + PROMPT);
    s.ch.write('echo hello\r');
    await s.waitFor('hello\r\n' + PROMPT);
    s.ch.write(DETACH);
    expect((await s.closed).code).toBe(0);
    expect(s.output().toString('latin1')).toBe(fixture('console-hvm-serial.raw'));
  });

  it('one client per domain: a second attach fails while the first is attached', async () => {
    const first = await openPty(c, 'xl console pvvfb');
    await first.waitFor(PROMPT);
    const second = await run(c, 'xl console pvvfb');
    expect(second).toMatchObject({
      stdout: '',
      stderr: 'xenconsole: Could not lock /var/lock/xenconsole.13: Resource temporarily unavailable\n',
      code: 11,
    });
    // closing the channel without Ctrl+] releases the lock (the process dies with the pty)
    first.ch.close();
    await first.closed;
    await delay(50);
    const third = await openPty(c, 'xl console pvvfb');
    third.ch.write('\r');
    await third.waitFor(PROMPT);
    third.ch.write(DETACH);
    expect((await third.closed).code).toBe(0);
  });

  it('a paused guest does not answer until it is unpaused', async () => {
    const s = await openPty(c, 'xl console pvvfb');
    kit.sim.pauseDomain('pvvfb');
    s.ch.write('\r');
    await delay(150);
    expect(s.output().length).toBe(0);
    await run(c, 'xl unpause pvvfb');
    await s.waitFor(PROMPT);
    s.ch.write(DETACH);
    expect((await s.closed).code).toBe(0);
  });

  it('a leftover remote console holds the lock until it is killed (pkill -f)', async () => {
    const leftover = await new Promise<import('ssh2').ClientChannel>((res, rej) =>
      c.exec('xl console pvvfb', (e, ch) => (e ? rej(e) : res(ch))),
    );
    leftover.on('data', () => undefined);
    const leftoverClosed = new Promise((r) => leftover.on('close', r));
    await delay(100);
    expect((await run(c, 'xl console pvvfb')).code).toBe(11);
    expect((await run(c, 'pgrep -f "xl console pvvfb"')).stdout).toMatch(/^\d+\n$/);
    expect((await run(c, 'pkill -f "xl console pvvfb"')).code).toBe(0);
    await leftoverClosed;
    const s = await openPty(c, 'xl console pvvfb');
    s.ch.write(DETACH);
    expect((await s.closed).code).toBe(0);
  });

  it('stty size follows window-change requests', async () => {
    const s = await openPty(c, 'xl console pvvfb', { rows: 40, cols: 120 });
    s.ch.write('stty size\r');
    await s.waitFor('40 120\r\n');
    s.ch.setWindow(30, 100, 0, 0);
    await delay(50);
    const m = s.mark();
    s.ch.write('stty size\r');
    await s.waitFor('30 100\r\n' + PROMPT);
    expect(s.since(m)).toBe('stty size\r\n30 100\r\n' + PROMPT);
    s.ch.write(DETACH);
    await s.closed;
  });

  it('flood N prints exactly N bytes (throughput benchmarks)', async () => {
    const s = await openPty(c, 'xl console pvvfb');
    s.ch.write('flood 200000\r');
    await s.waitFor(PROMPT, 10000);
    const out = s.output().toString('latin1');
    const body = out.slice('flood 200000\r\n'.length, out.length - PROMPT.length);
    expect(body.length).toBe(200000);
    expect(
      body.startsWith('flood 000000001 ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789\r\n'),
    ).toBe(true);
    s.ch.write(DETACH);
    await s.closed;
  });

  it('closing the channel in the middle of a flood leaves the guest usable', async () => {
    const s = await openPty(c, 'xl console pvvfb');
    s.ch.write('flood 5000000\r');
    await s.waitFor('flood 000000100');
    s.ch.close();
    await s.closed;
    const again = await openPty(c, 'xl console pvvfb');
    again.ch.write('\x03\r');
    await again.waitFor(PROMPT, 10000);
    again.ch.write('echo alive\r');
    await again.waitFor('alive\r\n' + PROMPT, 10000);
    again.ch.write(DETACH);
    expect((await again.closed).code).toBe(0);
  });

  it('xl create -c shows "Parsing config" then the boot log (console-create-c.raw)', async () => {
    const s = await openPty(c, 'xl create -c /root/guest/pv-tiny.cfg');
    await s.waitFor(PROMPT, 10000);
    s.ch.write('\r');
    await s.waitFor(PROMPT + '\r\n' + PROMPT);
    s.ch.write('echo hello\r');
    await s.waitFor('hello\r\n' + PROMPT);
    s.ch.write(DETACH);
    expect((await s.closed).code).toBe(0);
    expect(s.output().toString('latin1')).toBe(fixture('console-create-c.raw'));
  });

  it('without a pty, xl console only prints and runs until the channel closes', async () => {
    const got = await new Promise<string>((resolve) => {
      c.exec('xl console pvtiny', (err, ch) => {
        if (err) throw err;
        let out = '';
        ch.on('data', (d: Buffer) => (out += d.toString('latin1')));
        setTimeout(() => {
          ch.close();
          resolve(out);
        }, 200);
      });
    });
    expect(got).toBe('');
    await delay(50);
    const s = await openPty(c, 'xl console pvtiny');
    s.ch.write(DETACH);
    expect((await s.closed).code).toBe(0);
  });

  it('`reboot` in the guest: the console ends, the domain comes back with a new id and boots', async () => {
    const before = kit.sim.domain('pvtiny')!.id;
    const s = await openPty(c, 'xl console pvtiny');
    s.ch.write('reboot\r');
    expect((await s.closed).code).toBe(0);
    expect(s.output().toString('latin1')).toContain('reboot: Restarting system\r\n');
    for (let i = 0; i < 200 && !(kit.sim.domain('pvtiny') && kit.sim.domain('pvtiny')!.id !== before); i++)
      await delay(10);
    const after = kit.sim.domain('pvtiny')!.id;
    expect(after).toBeGreaterThan(before);
    const again = await openPty(c, 'xl console pvtiny');
    await again.waitFor('XENLAB-SHELL-PROMPT', 5000);
    again.ch.write(DETACH);
    await again.closed;
  });
});
