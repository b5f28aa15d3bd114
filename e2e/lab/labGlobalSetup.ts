// Boots the lab once for the whole lab suite and hands its facts to the workers through the
// environment (XENDESK_LAB_FACTS = the facts JSON in the lab's run dir).
// XENDESK_LAB_KEEP=1: reuse a lab that is already running and leave it running afterwards
// (for iterating on a spec without paying the boot each time; `lab.sh stop` when done).
// XENDESK_LAB_TARGET=sim: the same specs against the simulated dom0 (scenario "empty", which holds
// the lab's /root/guest files) instead of QEMU: where a spec passes on one and fails on the other,
// the simulator and Xen disagree.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestSim } from '../testSim';
import { attachLab, runningLabFacts, startLab, type LabFacts } from './labHost';

async function startSimTarget(): Promise<() => Promise<void>> {
  const ts = await startTestSim({ scenario: 'empty' });
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xendesk-labsim-'));
  const facts: LabFacts = {
    kind: 'sim',
    address: '127.0.0.1',
    port: ts.port,
    user: 'root',
    keyPath: ts.clientKeyPath,
    hostKeyFingerprint: ts.fingerprint,
    pid: process.pid,
    bootSeconds: 0,
    cacheDir: runDir,
    runDir,
    serialLog: '',
    guestDir: '/root/guest',
  };
  const file = path.join(runDir, 'lab.json');
  fs.writeFileSync(file, JSON.stringify(facts, null, 2));
  process.env.XENDESK_LAB_FACTS = file;
  console.log(`[lab] target: the simulated dom0 on 127.0.0.1:${ts.port} (XENDESK_LAB_TARGET=sim)`);
  // returned to Playwright as this run's teardown
  return async () => {
    await ts.stop();
    fs.rmSync(runDir, { recursive: true, force: true });
  };
}

export default async function globalSetup(): Promise<void | (() => Promise<void>)> {
  if (process.env.XENDESK_LAB_TARGET === 'sim') return startSimTarget();
  const t0 = Date.now();
  const keep = process.env.XENDESK_LAB_KEEP === '1';
  let lab = keep ? await runningLabFacts() : null;
  if (lab) {
    console.log(`[lab] reusing the running lab on ${lab.address}:${lab.port} (XENDESK_LAB_KEEP=1)`);
  } else {
    lab = await startLab({ keepRunning: keep });
  }
  const host = attachLab(lab);
  const facts = `${lab.runDir}/lab.json`;
  process.env.XENDESK_LAB_FACTS = facts;
  const info = await host.ssh(['xl', 'info']);
  const ver = /^xen_version\s*:\s*(\S+)/m.exec(info.stdout)?.[1] ?? `xl info failed: ${info.stderr}`;
  console.log(
    `[lab] dom0 ready in ${((Date.now() - t0) / 1000).toFixed(1)} s (boot-to-ssh ${lab.bootSeconds} s): ` +
      `ssh -i ${lab.keyPath} -p ${lab.port} root@${lab.address}; host key ${lab.hostKeyFingerprint}; ` +
      `Xen ${ver}`,
  );
}
