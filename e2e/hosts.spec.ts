// Issue 4 acceptance: connect the way admins already do, against a REAL OpenSSH sshd
// (e2e/sshd: Debian's openssh-server on loopback, its users' commands run on the simulated
// dom0): a ~/.ssh/config alias through a ProxyJump hop; the ssh-agent; an encrypted key
// (passphrase prompt); keyboard-interactive (the server's PAM prompt, as worded); non-root
// with and without NOPASSWD sudo. Fault: the connection drops while the list polls and a
// console is open → "reconnecting", then back by itself within 30 s of the server's return.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect } from '@playwright/test';
import { startSimDom0, type SimDom0, type SimUserSpec } from '../electron/backend/sim/server';
import { HostsPage } from './pages/HostsPage';
import { ConsolePage } from './pages/ConsolePage';
import { canRunSshd, startSshd, type Sshd, type SshdUser } from './sshd/sshd';
import { startWebApp, type WebApp } from './webApp';

const skipWhy = canRunSshd();

interface Lab {
  sim: SimDom0;
  sshd: Sshd;
  home: string;
  key: string;
  pub: string;
  app: WebApp | null;
  agent: ChildProcess | null;
  start(env?: Record<string, string>): Promise<HostsPage>;
}

const SIM_USERS: SimUserSpec[] = [
  { name: 'root', root: true },
  { name: 'xdtest-ops', sudo: 'nopasswd' },
  { name: 'xdtest-nopw', sudo: 'password', password: 'nopw-pass' },
  { name: 'xdtest-jump', sudo: 'none' },
  { name: 'xdtest-2fa', sudo: 'nopasswd' },
];

function keypair(dir: string, name: string, passphrase = ''): { key: string; pub: string } {
  const key = path.join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-C', name, '-f', key]);
  return { key, pub: fs.readFileSync(key + '.pub', 'utf8').trim() };
}

async function lab(
  page: import('@playwright/test').Page,
  opts: { users?: (pub: string) => SshdUser[]; pamService?: string; extraKeys?: string[] } = {},
): Promise<Lab> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'xendesk-e2e-home-'));
  fs.mkdirSync(path.join(home, '.ssh'), { mode: 0o700 });
  const { key, pub } = keypair(path.join(home, '.ssh'), 'id_xendesk');
  const sim = await startSimDom0({ users: SIM_USERS, xentopDelayScale: 0.05, timeScale: 0.2 });
  const keys = [pub, ...(opts.extraKeys ?? [])];
  const users = opts.users?.(pub) ?? [
    { name: 'root', authorizedKeys: keys },
    { name: 'xdtest-ops', authorizedKeys: keys },
    { name: 'xdtest-nopw', authorizedKeys: keys },
    { name: 'xdtest-jump', authorizedKeys: keys },
  ];
  const sshd = await startSshd(sim, { users, pamService: opts.pamService });
  const l: Lab = {
    sim,
    sshd,
    home,
    key,
    pub,
    app: null,
    agent: null,
    async start(env = {}) {
      l.app = await startWebApp({ homeDir: home, env });
      await page.goto(l.app.url);
      return new HostsPage(page);
    },
  };
  return l;
}

async function dispose(l: Lab | null): Promise<void> {
  if (!l) return;
  await l.app?.stop();
  if (l.agent?.pid) l.agent.kill('SIGTERM');
  await l.sshd.stop();
  await l.sim.stop();
  fs.rmSync(l.home, { recursive: true, force: true });
}

const test = base.extend<{ labRef: { current: Lab | null } }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures destructure their dependencies
  labRef: async ({}, use, testInfo) => {
    const ref = { current: null as Lab | null };
    await use(ref);
    if (testInfo.status !== testInfo.expectedStatus && ref.current) {
      const proc = ref.current.app?.proc;
      await testInfo.attach('web-mode output', {
        body: `${ref.current.app?.output() ?? ''}\nexit: ${proc?.exitCode} signal: ${proc?.signalCode}\n`,
      });
      await testInfo.attach('sshd log', { body: ref.current.sshd.log() });
    }
    await dispose(ref.current);
  },
});

test.describe('hosts against a real OpenSSH sshd', () => {
  test.skip(!!skipWhy, skipWhy ?? '');
  // every command is a real sshd session + a node relay process: slow on a loaded 2-core machine
  test.describe.configure({ timeout: 240_000 });

  test('a ~/.ssh/config alias through a ProxyJump hop', async ({ page, labRef }) => {
    const l = (labRef.current = await lab(page));
    const p = l.sshd.port;
    fs.writeFileSync(
      path.join(l.home, '.ssh', 'config'),
      `Host bastion\n  HostName 127.0.0.1\n  Port ${p}\n  User xdtest-jump\n  IdentityFile ~/.ssh/id_xendesk\n\n` +
        `Host xen-behind\n  HostName 127.0.0.1\n  Port ${p}\n  User root\n  IdentityFile ~/.ssh/id_xendesk\n  ProxyJump bastion\n`,
    );
    const ui = await l.start();
    await ui.openAddHost();
    await ui.pickAlias('xen-behind');
    await expect(page.getByTestId('host-address')).toHaveValue('127.0.0.1');
    await expect(page.getByTestId('host-port')).toHaveValue(String(p));
    await expect(page.getByTestId('host-user')).toHaveValue('root');
    await expect(page.getByTestId('host-auth')).toHaveValue('key');
    await expect(page.getByTestId('host-keypath')).toHaveValue(l.key);
    await expect(ui.jumpField()).toHaveValue(`xdtest-jump@127.0.0.1:${p}`);
    await ui.save();
    // the hop presents its key first (same sshd, so the host's key is then known)
    await expect(page.getByTestId('dialog-hostkey')).toContainText(l.sshd.hostKeyFingerprint);
    await ui.trustKeysUntilConnected('xen-behind');
    await ui.waitForDomain('pvdisk');
    await ui.expectDomain('pvdisk', { memory: '128' });
    // the hop really forwarded: sshd logged xdtest-jump's direct-tcpip to itself
    expect(l.sshd.log()).toMatch(new RegExp(`direct-tcpip.*(127\\.0\\.0\\.1 port ${p}|port ${p})`, 's'));
  });

  test('by the ssh-agent', async ({ page, labRef }) => {
    const l = (labRef.current = await lab(page));
    const sock = path.join(l.home, 'agent.sock');
    l.agent = spawn('ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
    await expect.poll(() => fs.existsSync(sock)).toBe(true);
    execFileSync('ssh-add', [l.key], { env: { ...process.env, SSH_AUTH_SOCK: sock }, stdio: 'ignore' });
    fs.renameSync(l.key, l.key + '.moved'); // only the agent holds the key now
    const ui = await l.start({ SSH_AUTH_SOCK: sock });
    await ui.addHost({
      label: 'agent-host',
      address: '127.0.0.1',
      port: l.sshd.port,
      user: 'xdtest-ops',
      auth: 'agent',
    });
    await ui.trustKeysUntilConnected('agent-host');
    await ui.waitForDomain('hvm1');
    await ui.expectDomain('hvm1', {});
  });

  test('by an encrypted key: the passphrase is asked for', async ({ page, labRef }) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xendesk-e2e-enc-'));
    const enc = keypair(dir, 'id_encrypted', 'correct horse battery');
    const l = (labRef.current = await lab(page, { extraKeys: [enc.pub] }));
    const ui = await l.start();
    await ui.addHost({
      label: 'enc-host',
      address: '127.0.0.1',
      port: l.sshd.port,
      user: 'root',
      auth: 'key',
      keyPath: enc.key,
    });
    await ui.enterPassphrase('wrong one');
    await expect(page.getByTestId('auth-error')).toContainText(/wrong passphrase/i);
    await ui.enterPassphrase('correct horse battery', true);
    await ui.trustKeysUntilConnected('enc-host');
    await ui.waitForDomain('pvvfb');
    await ui.expectDomain('pvvfb', {});
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('by keyboard-interactive: the server prompt as worded', async ({ page, labRef }) => {
    const service = 'xendesk-e2e-sshd';
    const pamFile = `/etc/pam.d/${service}`;
    fs.writeFileSync(
      pamFile,
      '# XenDesk e2e (e2e/hosts.spec.ts): keyboard-interactive through pam_unix\nauth required pam_unix.so\naccount required pam_unix.so\nsession required pam_permit.so\n',
    );
    try {
      const l = (labRef.current = await lab(page, {
        pamService: service,
        users: () => [{ name: 'xdtest-2fa', password: 'kbd secret 42' }],
      }));
      const ui = await l.start();
      await ui.addHost({
        label: 'kbd-host',
        address: '127.0.0.1',
        port: l.sshd.port,
        user: 'xdtest-2fa',
        auth: 'keyboard-interactive' as 'agent',
      });
      await ui.trustHostKey();
      await expect(ui.authPrompt()).toBeVisible();
      await expect(ui.authPrompt().getByTestId('auth-prompt-label-0')).toHaveText(/^Password:$/);
      await expect(ui.authPrompt().getByTestId('auth-prompt-input-0')).toHaveAttribute('type', 'password');
      await expect(ui.authPrompt().getByTestId('auth-prompt-target')).toHaveText(
        `xdtest-2fa@127.0.0.1:${l.sshd.port}`,
      );
      await ui.answerAuthPrompt(['kbd secret 42']);
      await expect(ui.hostState('kbd-host')).toHaveText(/^connected$/i, { timeout: 90000 });
      await ui.waitForDomain('pvdisk');
      await ui.expectDomain('pvdisk', {});
    } finally {
      fs.rmSync(pamFile, { force: true });
    }
  });

  test('non-root: sudo -n with NOPASSWD works; without it, XenDesk says exactly why', async ({
    page,
    labRef,
  }) => {
    const l = (labRef.current = await lab(page));
    const ui = await l.start();
    await ui.addHost({
      label: 'ops',
      address: '127.0.0.1',
      port: l.sshd.port,
      user: 'xdtest-ops',
      auth: 'key',
      keyPath: l.key,
    });
    await ui.trustKeysUntilConnected('ops');
    await ui.waitForDomain('pvdisk');
    await ui.expectDomain('pvdisk', {});
    expect(
      l.sim.execLog.some((e) => e.user === 'xdtest-ops' && /^echo .*sudo -n xl list -l/.test(e.command)),
    ).toBe(true);

    await ui.addHost({
      label: 'nopw',
      address: '127.0.0.1',
      port: l.sshd.port,
      user: 'xdtest-nopw',
      auth: 'key',
      keyPath: l.key,
    });
    const err = page.getByTestId('host-panel-error');
    await expect(err).toContainText('sudo needs a password for xdtest-nopw', { timeout: 90000 });
    await expect(err).toContainText(
      'xdtest-nopw ALL=(root) NOPASSWD: /usr/sbin/xl, /usr/sbin/xentop, /usr/bin/xenstore-read',
    );
  });
});

test.describe('reconnect', () => {
  test('the connection drops while polling with a console open → reconnecting → back within 30 s', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xendesk-e2e-drop-'));
    const k = keypair(dir, 'id');
    const sim = await startSimDom0({ authorizedKeys: [k.pub], xentopDelayScale: 0.05 });
    const app = await startWebApp();
    try {
      await page.goto(app.url);
      const ui = new HostsPage(page);
      await ui.addHost({
        label: 'flaky',
        address: '127.0.0.1',
        port: sim.port,
        user: 'root',
        auth: 'key',
        keyPath: k.key,
      });
      await ui.trustKeysUntilConnected('flaky');
      await ui.waitForDomain('pvdisk');
      await ui.expectDomain('pvdisk', {});
      await ui.selectDomain('pvdisk');
      const consolePage = await ConsolePage.openFromToolbar(page, 'pvdisk').catch(() => null);
      if (consolePage)
        await expect(consolePage.status)
          .toHaveText(/attached|connected/i, { timeout: 20000 })
          .catch(() => undefined);

      sim.dropAllConnections(); // the TCP connection dies under the poll and the console
      await expect(ui.hostState('flaky')).toHaveText(/reconnecting/i, { timeout: 15000 });
      const back = Date.now();
      await expect(ui.hostState('flaky')).toHaveText(/^connected$/i, { timeout: 30000 });
      expect(Date.now() - back).toBeLessThan(30000);
      await ui.waitForDomain('pvdisk');
      await ui.expectDomain('pvdisk', {});
      expect(sim.connections).toBe(1);
    } finally {
      await app.stop();
      await sim.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
