// A simulated dom0 owned by one test (its own port, host key and client key), for the
// cases the demo host can't play: a changed host key, password logins.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateEd25519 } from '../electron/backend/ssh/keygen';
import { startSimDom0, type SimDom0 } from '../electron/backend/sim/server';

export interface TestSim {
  sim: SimDom0;
  port: number;
  fingerprint: string;
  clientKeyPath: string;
  stop(): Promise<void>;
}

export async function startTestSim(
  opts: { port?: number; password?: string; clientKeyPath?: string; scenario?: 'demo' | 'empty' } = {},
): Promise<TestSim> {
  let clientKeyPath = opts.clientKeyPath;
  if (!clientKeyPath) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xendesk-testsim-'));
    const kp = generateEd25519();
    clientKeyPath = path.join(dir, 'id_ed25519');
    fs.writeFileSync(clientKeyPath, kp.private, { mode: 0o600 });
    fs.writeFileSync(clientKeyPath + '.pub', kp.public + '\n');
  }
  const pub = fs.readFileSync(clientKeyPath + '.pub', 'utf8').trim();
  const sim = await startSimDom0({
    port: opts.port ?? 0,
    authorizedKeys: opts.password ? [] : [pub],
    users: [{ name: 'root', root: true, password: opts.password }],
    scenario: opts.scenario ?? 'demo',
    xentopDelayScale: 0.05,
  });
  return { sim, port: sim.port, fingerprint: sim.hostKeyFingerprint, clientKeyPath, stop: () => sim.stop() };
}
