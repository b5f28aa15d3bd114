// Boots the lab once for the whole lab suite and hands its facts to the workers through the
// environment (XENDESK_LAB_FACTS = the facts JSON in the lab's run dir).
// XENDESK_LAB_KEEP=1: reuse a lab that is already running and leave it running afterwards
// (for iterating on a spec without paying the ~1 min boot each time; `lab.sh stop` when done).
import { attachLab, runningLabFacts, startLab } from './labHost';

export default async function globalSetup(): Promise<void> {
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
