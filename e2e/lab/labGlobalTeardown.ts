// Stops the lab booted by globalSetup (graceful poweroff, then by PID), unless XENDESK_LAB_KEEP=1.
// (The simulated target of XENDESK_LAB_TARGET=sim is stopped by the teardown globalSetup returns.)
import { stopLab } from './labHost';

export default async function globalTeardown(): Promise<void> {
  if (process.env.XENDESK_LAB_TARGET === 'sim') return;
  if (process.env.XENDESK_LAB_KEEP === '1') {
    console.log('[lab] XENDESK_LAB_KEEP=1: leaving the lab running (stop it with e2e/lab/lab.sh stop)');
    return;
  }
  await stopLab();
}
