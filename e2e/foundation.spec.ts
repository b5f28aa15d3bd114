// Issue 3 acceptance: demo host → trust key → domains as the simulator reports them;
// a pause done on the host shows on the next poll; a changed host key is refused; a wrong
// password gives a clear error.
import path from 'node:path';
import { test, expect } from './fixtures';
import { MainPage } from './pages/MainPage';
import { demoTarget, sshKeygenFingerprint, sshRun } from './sshProbe';
import { startTestSim, type TestSim } from './testSim';
import { parseXlList } from '../shared/xen/xlList';

const sims: TestSim[] = [];

test.afterEach(async () => {
  while (sims.length) await sims.pop()!.stop();
});

test('demo host: trust its key, see the domains the host reports, and a pause on the host shows up', async ({
  xendesk,
}) => {
  const { page, dataDir } = xendesk;
  const ui = new MainPage(page);
  await ui.tryDemoHost();
  const shown = await ui.hostKeyFingerprint();
  // the fingerprint shown is the one OpenSSH computes from the host's public key
  expect(shown).toBe(await sshKeygenFingerprint(path.join(dataDir, 'demo', 'ssh_host_ed25519_key.pub')));
  await ui.trustHostKey();
  await expect(ui.hostState('Demo dom0 (simulated)')).toHaveText(/connected/i);

  // compare with what the host itself says, over plain OpenSSH
  const target = demoTarget(dataDir);
  const xl = await sshRun(target, ['xl', 'list']);
  expect(xl.code).toBe(0);
  const rows = parseXlList(xl.stdout).filter((r) => r.id !== 0);
  expect(rows.length).toBeGreaterThanOrEqual(3);
  for (const r of rows) {
    await ui.expectDomain(r.name, { memory: String(r.memMiB), vcpus: String(r.vcpus) });
  }
  await expect(page.getByTestId('dom0-card')).toContainText('Domain-0');

  const victim = rows.find((r) => !r.stateFlags.includes('p'))!;
  expect(await sshRun(target, ['xl', 'pause', victim.name])).toMatchObject({ code: 0 });
  await ui.expectDomain(victim.name, { state: 'paused' });
  expect(await sshRun(target, ['xl', 'unpause', victim.name])).toMatchObject({ code: 0 });
  await expect(ui.domainRow(victim.name)).not.toHaveAttribute('data-state', 'paused');
});

test('pause and resume from the UI change the host', async ({ xendesk }) => {
  const { page, dataDir } = xendesk;
  const ui = new MainPage(page);
  await ui.tryDemoHost();
  await ui.hostKeyFingerprint();
  await ui.trustHostKey();
  const target = demoTarget(dataDir);
  await ui.expectDomain('pvdisk', {});
  await ui.selectDomain('pvdisk');
  await ui.action('pause');
  await ui.expectDomain('pvdisk', { state: 'paused' });
  const after = parseXlList((await sshRun(target, ['xl', 'list', 'pvdisk'])).stdout);
  expect(after[0]!.stateFlags).toContain('p');
  await ui.action('unpause');
  await expect(ui.domainRow('pvdisk')).not.toHaveAttribute('data-state', 'paused');
  expect(parseXlList((await sshRun(target, ['xl', 'list', 'pvdisk'])).stdout)[0]!.stateFlags).not.toContain(
    'p',
  );
});

test('a changed host key is refused with both fingerprints', async ({ xendesk }) => {
  const { page } = xendesk;
  const ui = new MainPage(page);
  const first = await startTestSim();
  sims.push(first);
  await ui.addHost({
    label: 'xen1',
    address: '127.0.0.1',
    port: first.port,
    user: 'root',
    auth: 'key',
    keyPath: first.clientKeyPath,
  });
  const fp1 = await ui.hostKeyFingerprint();
  expect(fp1).toBe(first.fingerprint);
  await ui.trustHostKey();
  await expect(ui.hostState('xen1')).toHaveText(/connected/i);

  // the same address and port now presents another key (a reinstalled host — or an attacker)
  const port = first.port;
  await first.stop();
  sims.pop();
  const second = await startTestSim({ port, clientKeyPath: first.clientKeyPath });
  sims.push(second);
  expect(second.fingerprint).not.toBe(fp1);
  await ui.host('xen1').click();
  await ui.connect();
  const dialog = page.getByTestId('dialog-hostkey-changed');
  await expect(dialog).toBeVisible({ timeout: 45000 });
  await expect(dialog.getByTestId('expected-fingerprint')).toContainText(fp1);
  await expect(dialog.getByTestId('actual-fingerprint')).toContainText(second.fingerprint);
  await expect(page.getByTestId('hostkey-trust')).toHaveCount(0);
  await expect(ui.hostState('xen1')).not.toHaveText(/^connected$/i);
});

test('a wrong password gives a clear error, the right one connects', async ({ xendesk }) => {
  const { page } = xendesk;
  const ui = new MainPage(page);
  const sim = await startTestSim({ password: 'correct horse' });
  sims.push(sim);
  await ui.addHost({ label: 'pwhost', address: '127.0.0.1', port: sim.port, user: 'root', auth: 'password' });
  await ui.enterPassword('wrong');
  // an unknown key is asked about first or after the password, depending on the flow
  const trustOrError = page.getByTestId('dialog-hostkey').or(page.getByTestId('auth-error'));
  await expect(trustOrError.first()).toBeVisible();
  if (await page.getByTestId('dialog-hostkey').isVisible()) {
    await ui.trustHostKey();
    await ui.enterPassword('wrong');
  }
  await expect(page.getByTestId('auth-error')).toContainText(/wrong password/i);
  await ui.enterPassword('correct horse');
  await expect(ui.hostState('pwhost')).toHaveText(/connected/i);
  await ui.expectDomain('pvdisk', {});
});
