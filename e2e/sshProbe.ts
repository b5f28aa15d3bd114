// An independent path to a host for checking its real state in tests: plain OpenSSH,
// not XenDesk's code. Commands are argv arrays quoted by the project's one quoting function.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { shQuote } from '../shared/quote';

export interface SshTarget {
  address: string;
  port: number;
  user: string;
  keyPath: string;
}

/** The demo host that a web app with this data dir started (its port and key live there). */
export function demoTarget(dataDir: string): SshTarget {
  const dir = path.join(dataDir, 'demo');
  return {
    address: '127.0.0.1',
    port: Number(fs.readFileSync(path.join(dir, 'port'), 'utf8')),
    user: 'root',
    keyPath: path.join(dir, 'id_ed25519'),
  };
}

export function sshRun(
  t: SshTarget,
  argv: string[],
): Promise<{ stdout: string; stderr: string; code: number }> {
  return new Promise((resolve) => {
    execFile(
      'ssh',
      [
        '-p',
        String(t.port),
        '-i',
        t.keyPath,
        '-o',
        'BatchMode=yes',
        '-o',
        'StrictHostKeyChecking=no',
        '-o',
        'UserKnownHostsFile=/dev/null',
        '-o',
        'LogLevel=ERROR',
        `${t.user}@${t.address}`,
        shQuote(argv),
      ],
      { timeout: 60000 },
      (err, stdout, stderr) =>
        resolve({ stdout, stderr, code: err ? ((err as { code?: number }).code ?? 1) : 0 }),
    );
  });
}

export function sshKeygenFingerprint(pubKeyFile: string): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile('ssh-keygen', ['-lf', pubKeyFile], (err, stdout) =>
      err ? reject(err) : resolve(stdout.split(' ')[1]!),
    ),
  );
}
