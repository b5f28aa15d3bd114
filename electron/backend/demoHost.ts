// The demo host: a simulated Xen 4.17 dom0 (ssh2.Server) started inside the backend on
// 127.0.0.1, reached through the very same SSH code path as a real host. Its host key and
// client key live in the data dir so the fingerprint the user trusted stays valid.
import fs from 'node:fs';
import path from 'node:path';
import type { DemoProvider } from './hostManager';
import { startSimDom0, type SimDom0 } from './sim/server';
import { writeFileAtomicSync } from './atomicFile';
import { generateEd25519 } from './ssh/keygen';

function ensureKey(file: string): { private: string; public: string } {
  if (fs.existsSync(file) && fs.existsSync(file + '.pub'))
    return { private: fs.readFileSync(file, 'utf8'), public: fs.readFileSync(file + '.pub', 'utf8') };
  const kp = generateEd25519('xendesk-demo');
  writeFileAtomicSync(file, kp.private, 0o600);
  writeFileAtomicSync(file + '.pub', kp.public + '\n', 0o644);
  return kp;
}

export function createDemoProvider(
  dataDir: string,
  opts: { xentopDelayScale?: number } = {},
): DemoProvider & {
  sim(): SimDom0 | null;
} {
  const dir = path.join(dataDir, 'demo');
  let running: Promise<SimDom0> | null = null;
  let current: SimDom0 | null = null;
  return {
    ensureRunning() {
      if (!running) {
        running = (async () => {
          fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
          const client = ensureKey(path.join(dir, 'id_ed25519'));
          const host = ensureKey(path.join(dir, 'ssh_host_ed25519_key'));
          const root = path.join(dir, 'dom0');
          const portFile = path.join(dir, 'port');
          const lastPort = Number(fs.existsSync(portFile) ? fs.readFileSync(portFile, 'utf8') : 0) || 0;
          const base = {
            root,
            hostKey: host.private,
            authorizedKeys: [client.public.trim()],
            scenario: 'demo' as const,
            xentopDelayScale: opts.xentopDelayScale,
          };
          let sim: SimDom0;
          try {
            sim = await startSimDom0({ ...base, port: lastPort });
          } catch {
            sim = await startSimDom0({ ...base, port: 0 }); // last port taken: any free one
          }
          writeFileAtomicSync(portFile, String(sim.port));
          current = sim;
          return sim;
        })();
        running.catch(() => (running = null));
      }
      return running.then((sim) => ({ port: sim.port, keyPath: path.join(dir, 'id_ed25519') }));
    },
    async stop() {
      const r = running;
      running = null;
      current = null;
      if (r) await (await r.catch(() => null))?.stop();
    },
    sim: () => current,
  };
}
