// xl migrate between two simulated dom0s (dom0 root's key over ssh), and HVM guests without PV
// drivers (xen_platform_pci=0) that need `xl shutdown -F`.
import { afterAll, describe, expect, it } from 'vitest';
import { generateEd25519 } from '../ssh/keygen';
import { startSimDom0, type SimDom0 } from './server';
import { parseSshCommand } from './migrate';

const sims: SimDom0[] = [];
afterAll(async () => {
  for (const s of sims) await s.stop();
});

describe('xl migrate', () => {
  it('parses the -s ssh command', () => {
    expect(parseSshCommand('ssh -p 2222')).toEqual({ port: 2222, identity: undefined });
    expect(parseSshCommand('ssh -p2200 -i /root/.ssh/k')).toEqual({ port: 2200, identity: '/root/.ssh/k' });
    expect(parseSshCommand('ssh')).toEqual({ port: 22, identity: undefined });
  });

  it('moves a running domain to another dom0 that trusts root’s key; refuses without it', async () => {
    const kp = generateEd25519();
    const a = await startSimDom0({ timeScale: 0.02, xentopDelayScale: 0.01 });
    const b = await startSimDom0({
      timeScale: 0.02,
      xentopDelayScale: 0.01,
      scenario: 'empty',
      authorizedKeys: [kp.public],
    });
    sims.push(a, b);
    const cmd = `xl migrate -s 'ssh -p ${b.port}' pvdisk 127.0.0.1`;
    const denied = await a.exec(cmd);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toContain('root@127.0.0.1: Permission denied (publickey).');
    expect(denied.stderr).toMatch(/Domain 12 is still running/);
    a.fs.seedFile('/root/.ssh/id_ed25519', kp.private, 0o600);
    const r = await a.exec(cmd);
    expect(r.stderr).toContain('migration target: Ready to receive domain.');
    expect(r.stderr).toContain('Migration successful.');
    expect(r.code).toBe(0);
    expect((await a.exec('xl list pvdisk')).code).toBe(1);
    expect((await b.exec('xl list pvdisk')).stdout).toMatch(/^pvdisk\s+\d+\s+128\s+1\s/m);
    // a disk missing on the target: the domain stays where it was
    b.fs.seedFile('/root/.ssh/id_ed25519', kp.private, 0o600);
    b.fs.seedFile(
      '/etc/xen/lonely.cfg',
      'name="lonely"\nkernel="/root/guest/vmlinuz"\nmemory=64\ndisk=["vdev=xvda,target=/var/lib/xen/images/only-on-b.img"]\n',
    );
    b.fs.seedSparse('/var/lib/xen/images/only-on-b.img', 1 << 20);
    expect((await b.exec('xl create /etc/xen/lonely.cfg')).code).toBe(0);
    const back = await b.exec(`xl migrate -s 'ssh -p ${a.port}' lonely 127.0.0.1`);
    expect(back.code).not.toBe(0);
    expect((await b.exec('xl list lonely')).code).toBe(0);
    // unreachable networks stay unreachable
    const far = await a.exec('xl migrate -s "ssh -p 22" pvvfb 10.0.0.9');
    expect(far.stderr).toContain('Network is unreachable');
  });
});

describe('HVM without PV drivers', () => {
  it('xl shutdown fails with ERROR_NOPARAVIRT; -F sends the ACPI power button', async () => {
    const s = await startSimDom0({ timeScale: 0.02, xentopDelayScale: 0.01, scenario: 'empty' });
    sims.push(s);
    s.fs.seedFile('/etc/xen/nopv.cfg', 'name="nopv"\ntype="hvm"\nmemory=128\nxen_platform_pci=0\n');
    expect((await s.exec('xl create /etc/xen/nopv.cfg')).code).toBe(0);
    const r = await s.exec('xl shutdown nopv');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'Shutting down domain 1\nPV control interface not available: external graceful shutdown not possible.\nUse "-F" to fallback to ACPI power event.\nshutdown failed (rc=-10)\n',
    );
    const f = await s.exec('xl shutdown -F nopv');
    expect(f.code).toBe(0);
    expect(f.stderr).toContain('sending ACPI power button event');
    for (let i = 0; i < 50 && (await s.exec('xl list nopv')).code === 0; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect((await s.exec('xl list nopv')).code).toBe(1);
  });
});
