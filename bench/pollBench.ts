// Issue 3 benchmark: one domain-list refresh through XenDesk (renderer → RPC → backend →
// ONE exec on the host's one SSH connection) ÷ the same commands as ONE exec over an
// already-open plain OpenSSH ControlMaster connection; plus SSH connections per host.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRpcClient, memoryPortPair } from '../shared/rpc';
import { shScript } from '../shared/quote';
import { createBackend } from '../electron/backend/backend';
import { createDemoProvider } from '../electron/backend/demoHost';
import { interleaved, median, p95, timeMs } from './stats';

export interface PollBenchResult {
  samples: number;
  xendeskMedianMs: number;
  xendeskP95Ms: number;
  opensshMedianMs: number;
  opensshP95Ms: number;
  ratio: number;
  sshConnectionsPerHost: number;
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d) => (err += d));
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} exited ${code}: ${err}`))));
  });
}

export async function pollBench(samples = 20): Promise<PollBenchResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xendesk-bench-'));
  const demo = createDemoProvider(dataDir); // real 1 s xentop delay, as on a real dom0
  const backend = createBackend({
    dataDir,
    mode: 'web',
    version: 'bench',
    userKnownHosts: [],
    demo,
    pollIntervalMs: 3600_000,
  });
  const [a, b] = memoryPortPair();
  backend.attach(a);
  const client = createRpcClient(b);
  const host = await client.api.addDemoHost({});
  const first = await client.api.connectHost({ hostId: host.id });
  if (first.status === 'unknown-key')
    await client.api.trustHostKey({ hostId: host.id, fingerprint: first.fingerprint });
  const res = await client.api.connectHost({ hostId: host.id });
  if (res.status !== 'connected') throw new Error(`bench: cannot connect to the demo host: ${res.status}`);
  const sim = demo.sim()!;
  const { port, keyPath } = await demo.ensureRunning();

  // the baseline: OpenSSH with an already-open master connection
  const ctl = path.join(dataDir, 'ctl');
  const sshBase = [
    '-p',
    String(port),
    '-i',
    keyPath,
    '-o',
    'BatchMode=yes',
    '-o',
    'StrictHostKeyChecking=no',
    '-o',
    `UserKnownHostsFile=${path.join(dataDir, 'bench_known_hosts')}`,
    '-o',
    `ControlPath=${ctl}`,
  ];
  await run('ssh', [
    ...sshBase,
    '-o',
    'ControlMaster=yes',
    '-o',
    'ControlPersist=120',
    '-fN',
    'root@127.0.0.1',
  ]);
  try {
    // warm-up
    await client.api.refreshHost({ hostId: host.id });
    // the very script XenDesk's poll runs now (issue 5: with the config hashes it already knows)
    const script = shScript(backend.hosts.pollSectionsFor(host.id));
    await run('ssh', [...sshBase, 'root@127.0.0.1', script]);
    let maxConnections = 0;
    const r = await interleaved(
      samples,
      () =>
        timeMs(() => client.api.refreshHost({ hostId: host.id })).finally(
          () => (maxConnections = Math.max(maxConnections, sim.connections)),
        ),
      () => timeMs(() => run('ssh', [...sshBase, 'root@127.0.0.1', script])),
    );
    // the OpenSSH master is a second client of the simulator: subtract it
    const xendeskConnections = maxConnections - 1;
    return {
      samples,
      xendeskMedianMs: median(r.a),
      xendeskP95Ms: p95(r.a),
      opensshMedianMs: median(r.b),
      opensshP95Ms: p95(r.b),
      ratio: median(r.a) / median(r.b),
      sshConnectionsPerHost: xendeskConnections,
    };
  } finally {
    spawnSync('ssh', [...sshBase, '-O', 'exit', 'root@127.0.0.1'], { stdio: 'ignore' });
    client.close();
    await backend.dispose();
  }
}
