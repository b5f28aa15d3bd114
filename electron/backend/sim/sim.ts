// `npm run sim`: the simulated Xen 4.17 dom0 as a standalone SSH server on 127.0.0.1, for
// trying XenDesk (or plain OpenSSH) without a Xen host. State (host key, client key,
// known_hosts, the dom0's files) lives in ~/.xendesk-sim or --state DIR, so the fingerprint
// and the files in /etc/xen survive restarts.
//   node dist/backend/sim.cjs [--port N] [--state DIR] [--scenario demo|empty] [--seed N]
//                             [--time-scale X] [--xentop-delay-scale X]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { utils, type ParsedKey } from 'ssh2';
import { startSimDom0 } from './server';
import { generateEd25519 } from '../ssh/keygen';

function arg(name: string): string | undefined {
  const argv = process.argv.slice(2);
  const i = argv.indexOf(name);
  if (i >= 0) return argv[i + 1];
  const eq = argv.find((a) => a.startsWith(name + '='));
  return eq?.slice(name.length + 1);
}

function ensureKeyPair(file: string, comment: string): { private: string; public: string } {
  if (fs.existsSync(file) && fs.existsSync(file + '.pub')) {
    return { private: fs.readFileSync(file, 'utf8'), public: fs.readFileSync(file + '.pub', 'utf8').trim() };
  }
  const kp = generateEd25519(comment);
  fs.writeFileSync(file, kp.private, { mode: 0o600 });
  fs.writeFileSync(file + '.pub', kp.public + '\n', { mode: 0o644 });
  return { private: kp.private, public: kp.public };
}

function publicLine(privateKey: string): string {
  const k = utils.parseKey(privateKey);
  const key = (Array.isArray(k) ? k[0] : k) as ParsedKey | Error;
  if (key instanceof Error) throw key;
  return `${key.type} ${key.getPublicSSH().toString('base64')}`;
}

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(
      'usage: sim [--port N] [--state DIR] [--scenario demo|empty] [--seed N] [--time-scale X] [--xentop-delay-scale X]\n',
    );
    return;
  }
  const state = path.resolve(arg('--state') ?? path.join(os.homedir(), '.xendesk-sim'));
  fs.mkdirSync(state, { recursive: true, mode: 0o700 });
  const hostKey = ensureKeyPair(path.join(state, 'ssh_host_ed25519_key'), 'xendesk-sim-host');
  const clientKeyFile = path.join(state, 'id_ed25519');
  const clientKey = ensureKeyPair(clientKeyFile, 'xendesk-sim-client');
  const scenario = arg('--scenario') === 'empty' ? 'empty' : 'demo';
  const num = (name: string): number | undefined => {
    const v = arg(name);
    return v === undefined ? undefined : Number(v);
  };
  const sim = await startSimDom0({
    root: path.join(state, 'root'),
    port: num('--port') ?? 0,
    hostKey: hostKey.private,
    authorizedKeys: [clientKey.public],
    scenario,
    seed: num('--seed'),
    timeScale: num('--time-scale'),
    xentopDelayScale: num('--xentop-delay-scale'),
  });
  const knownHosts = path.join(state, 'known_hosts');
  const hostField = sim.port === 22 ? '127.0.0.1' : `[127.0.0.1]:${sim.port}`;
  fs.writeFileSync(knownHosts, `${hostField} ${publicLine(hostKey.private)}\n`, { mode: 0o644 });

  process.stdout.write(
    `XenDesk simulated dom0 (Xen 4.17.7, scenario ${scenario}) listening on 127.0.0.1:${sim.port}\n`,
  );
  process.stdout.write(`host key fingerprint: ED25519 ${sim.hostKeyFingerprint}\n`);
  process.stdout.write(
    `ssh -p ${sim.port} -i ${clientKeyFile} -o UserKnownHostsFile=${knownHosts} root@127.0.0.1\n`,
  );

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void sim.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`sim: ${(e as Error).message}\n`);
  process.exit(1);
});
