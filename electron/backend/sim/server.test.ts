// The simulated dom0 over a real ssh2 client: authentication, exec (exit codes, stderr,
// signals), the backend's poll script, SFTP, direct-tcpip to VNC, connection accounting.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from 'ssh2';
import { generateEd25519 } from '../ssh/keygen';
import { parsePoll, pollScript } from '../../../shared/xen/poll';
import { fingerprintOf } from './server';
import { delay, run, startKit, type Kit } from './testKit';

let kit: Kit;
let c: Client;
beforeAll(async () => {
  kit = await startKit({
    users: [
      { name: 'root', root: true, password: 'rootpw' },
      { name: 'ops', password: 'opspw', sudo: 'password' },
    ],
  });
  c = await kit.connect();
});
afterAll(async () => {
  c.end();
  await kit.sim.stop();
});

function tryConnect(cfg: Record<string, unknown>): Promise<'ok' | string> {
  return new Promise((resolve) => {
    const cl = new Client();
    cl.once('ready', () => {
      cl.end();
      resolve('ok');
    });
    cl.once('error', (e: Error & { level?: string }) => resolve(e.level ?? e.message));
    cl.connect({ host: '127.0.0.1', port: kit.sim.port, readyTimeout: 5000, ...cfg });
  });
}

describe('authentication', () => {
  it('publickey: the authorized key is accepted, another key is refused', async () => {
    expect(await tryConnect({ username: 'root', privateKey: kit.clientKey.private })).toBe('ok');
    expect(await tryConnect({ username: 'root', privateKey: generateEd25519().private })).toBe(
      'client-authentication',
    );
  });

  it('password and keyboard-interactive ("Password: ")', async () => {
    expect(await tryConnect({ username: 'root', password: 'rootpw' })).toBe('ok');
    expect(await tryConnect({ username: 'root', password: 'wrong' })).toBe('client-authentication');
    expect(await tryConnect({ username: 'nobody', password: 'rootpw' })).toBe('client-authentication');
    const prompts: string[] = [];
    const r = await new Promise<string>((resolve) => {
      const cl = new Client();
      cl.on('keyboard-interactive', (_n, _i, _l, ps, finish) => {
        prompts.push(...ps.map((p) => p.prompt));
        finish(['opspw']);
      });
      cl.once('ready', () => {
        cl.end();
        resolve('ok');
      });
      cl.once('error', (e: Error & { level?: string }) => resolve(e.level ?? e.message));
      cl.connect({
        host: '127.0.0.1',
        port: kit.sim.port,
        username: 'ops',
        tryKeyboard: true,
        readyTimeout: 5000,
      });
    });
    expect(r).toBe('ok');
    expect(prompts).toEqual(['Password: ']);
  });

  it('the host key fingerprint is what the client sees', async () => {
    let seen = '';
    await tryConnect({
      username: 'root',
      password: 'rootpw',
      hostVerifier: (key: Buffer) => ((seen = key.toString('base64')), true),
    });
    const expected = kit.sim.hostKeyFingerprint;
    const fromBlob =
      'SHA256:' +
      (await import('node:crypto'))
        .createHash('sha256')
        .update(Buffer.from(seen, 'base64'))
        .digest('base64')
        .replace(/=+$/, '');
    expect(fromBlob).toBe(expected);
    expect(expected).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });
});

describe('exec', () => {
  it('stdout, stderr on the stderr stream, exit codes', async () => {
    expect(await run(c, 'xl list nosuchdom')).toEqual({
      stdout: '',
      stderr: 'nosuchdom is an invalid domain identifier (rc=-6)\n',
      code: 1,
      signal: undefined,
    });
    const r = await run(c, 'xl domid hvm1; exit 4');
    expect(r).toMatchObject({ stdout: '14\n', stderr: '', code: 4 });
  });

  it('stdin is readable and EOF ends cat', async () => {
    expect((await run(c, 'cat | wc -c', 'hello')).stdout).toBe('5\n');
  });

  it("the backend's poll script parses cleanly", async () => {
    const r = await run(c, pollScript());
    expect(r.code).toBe(0);
    const poll = parsePoll(r.stdout);
    expect(poll.errors).toEqual([]);
    expect(
      poll.snapshot.domains
        .filter((d) => d.id !== null)
        .map((d) => d.name)
        .sort(),
    ).toEqual(['hvm1', 'pvdisk', 'pvvfb']);
    // issue 5: the stopped domains defined in /etc/xen come with the same exec
    expect(poll.snapshot.domains.filter((d) => d.state === 'shut off').map((d) => d.name)).toContain(
      'webserver',
    );
    expect(poll.snapshot.dom0?.memoryMiB).toBe(1536);
  });

  it('a signal request ends the running command', async () => {
    const r = await new Promise<{ code: number | null; signal?: string; ms: number }>((resolve) => {
      const t0 = Date.now();
      c.exec('sleep 30', (err, ch) => {
        if (err) throw err;
        let code: number | null = null;
        let signal: string | undefined;
        ch.on('exit', (c2: number | null, s?: string) => ((code = c2), (signal = s)));
        ch.on('close', () => resolve({ code, signal, ms: Date.now() - t0 }));
        ch.on('data', () => undefined);
        setTimeout(() => ch.signal('TERM'), 100);
      });
    });
    expect(r.signal).toBe('SIGTERM');
    expect(r.ms).toBeLessThan(5000);
  });

  it('sudo refusal mode for a user', async () => {
    const ops = await kit.connect({ username: 'ops', password: 'opspw', privateKey: undefined });
    expect(await run(ops, 'sudo -n xl list')).toMatchObject({
      stderr: 'sudo: a password is required\n',
      code: 1,
    });
    kit.sim.setSudo('ops', 'nopasswd');
    expect((await run(ops, 'sudo -n xl domid pvdisk')).stdout).toBe('12\n');
    ops.end();
  });
});

describe('sftp', () => {
  it('lists a directory and uploads a file', async () => {
    const sftp = await new Promise<import('ssh2').SFTPWrapper>((res, rej) =>
      c.sftp((e, s) => (e ? rej(e) : res(s))),
    );
    const list = await new Promise<{ filename: string; longname: string }[]>((res, rej) =>
      sftp.readdir('/etc/xen', (e, l) => (e ? rej(e) : res(l))),
    );
    const names = list.map((e) => e.filename).sort();
    expect(names).toEqual([
      'auto',
      'db01.cfg',
      'hvm.cfg',
      'pv-disk.cfg',
      'pv-tiny.cfg',
      'pv-vfb.cfg',
      'scripts',
      'webserver.cfg',
      'xl.conf',
      'xlexample.hvm',
      'xlexample.pvhlinux',
      'xlexample.pvlinux',
    ]);
    expect(list.find((e) => e.filename === 'hvm.cfg')!.longname).toMatch(/^-rw-r--r-- +1 root +root +369 /);
    const content = 'name = "up"\nmemory = 64\n';
    await new Promise<void>((res, rej) => {
      const w = sftp.createWriteStream('/etc/xen/up.cfg');
      w.on('close', () => res());
      w.on('error', rej);
      w.end(content);
    });
    expect(kit.sim.fs.readText('/etc/xen/up.cfg')).toBe(content);
    const st = await new Promise<import('ssh2').Stats>((res, rej) =>
      sftp.stat('/etc/xen/up.cfg', (e, s) => (e ? rej(e) : res(s))),
    );
    expect(st.size).toBe(content.length);
    const err = await new Promise<Error | undefined>((res) =>
      sftp.stat('/nope/x', (e) => res(e ?? undefined)),
    );
    expect((err as Error & { code?: number }).code).toBe(2);
    const real = await new Promise<string>((res, rej) => sftp.realpath('.', (e, p) => (e ? rej(e) : res(p))));
    expect(real).toBe('/root');
    sftp.end();
  });
});

describe('VNC', () => {
  it('forwardOut to a domain VNC port reaches an RFB 3.8 server named QEMU (NAME)', async () => {
    const port = Number((await run(c, 'xenstore-read /local/domain/14/console/vnc-port')).stdout);
    const ch = await new Promise<import('ssh2').ClientChannel>((res, rej) =>
      c.forwardOut('127.0.0.1', 0, '127.0.0.1', port, (e, s) => (e ? rej(e) : res(s))),
    );
    const data: Buffer[] = [];
    ch.on('data', (d: Buffer) => data.push(d));
    await delay(200);
    expect(Buffer.concat(data).toString('latin1')).toBe('RFB 003.008\n');
    ch.write('RFB 003.008\n');
    await delay(100);
    ch.write(Buffer.from([1])); // security None
    await delay(100);
    ch.write(Buffer.from([1])); // shared
    await delay(200);
    const all = Buffer.concat(data);
    expect(all.toString('latin1')).toContain('QEMU (hvm1)');
    ch.close();
  });

  it('forwardOut to a port nobody listens on is refused', async () => {
    const err = await new Promise<Error | null>((res) =>
      c.forwardOut('127.0.0.1', 0, '127.0.0.1', 5999, (e) => res(e ?? null)),
    );
    expect(err).toBeInstanceOf(Error);
  });

  it('`nc 127.0.0.1 PORT` bridges the exec channel to the same server', async () => {
    const got = await new Promise<string>((resolve) => {
      c.exec('nc 127.0.0.1 5901', (err, ch) => {
        if (err) throw err;
        const data: Buffer[] = [];
        ch.on('data', (d: Buffer) => {
          data.push(d);
          if (Buffer.concat(data).length >= 12) {
            resolve(Buffer.concat(data).toString('latin1'));
            ch.close();
          }
        });
      });
    });
    expect(got).toBe('RFB 003.008\n');
    expect((await run(c, 'nc -v 127.0.0.1 5999')).stderr).toBe(
      'nc: connect to 127.0.0.1 port 5999 (tcp) failed: Connection refused\n',
    );
  });
});

describe('connections', () => {
  it('counts open connections and can drop them', async () => {
    const before = kit.sim.connections;
    const extra = await kit.connect();
    expect(kit.sim.connections).toBe(before + 1);
    const lost = new Promise<void>((r) => extra.on('close', () => r()));
    kit.sim.dropAllConnections();
    await lost;
    await delay(50);
    expect(kit.sim.connections).toBe(0);
    c = await kit.connect();
    expect(kit.sim.connections).toBe(1);
  });

  it('setHostKey changes the fingerprint for new connections', async () => {
    const old = kit.sim.hostKeyFingerprint;
    const key = generateEd25519().private;
    expect(kit.sim.setHostKey(key)).toBe(fingerprintOf(key));
    expect(kit.sim.hostKeyFingerprint).not.toBe(old);
    expect(await tryConnect({ username: 'root', privateKey: kit.clientKey.private })).toBe('ok');
  });
});
