// Starts XenDesk's web mode (the built dist/backend/web.cjs) with a fresh data dir and
// returns the printed URL: the same entry point a user runs with `npm run web`.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface WebApp {
  url: string;
  origin: string;
  dataDir: string;
  homeDir: string;
  proc: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

const ROOT = path.resolve(__dirname, '..');

export async function startWebApp(
  opts: {
    pollMs?: number;
    dataDir?: string;
    /** extra environment, e.g. SSH_AUTH_SOCK for the agent test (issue 4) */
    env?: Record<string, string>;
    /** a prepared HOME (~/.ssh/config) (issue 4) */
    homeDir?: string;
  } = {},
): Promise<WebApp> {
  const webJs = path.resolve(ROOT, process.env.XENDESK_DIST ?? 'dist', 'backend/web.cjs'); // see scripts/build.mjs
  if (!fs.existsSync(webJs)) throw new Error(`run \`npm run build\` first: ${webJs} is missing`);
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'xendesk-e2e-'));
  const homeDir = opts.homeDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'xendesk-home-'));
  const proc = spawn(
    process.execPath,
    [webJs, '--port', '0', '--data-dir', dataDir, '--poll-ms', String(opts.pollMs ?? 500)],
    {
      env: { ...process.env, HOME: homeDir, SSH_AUTH_SOCK: '', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web mode did not start:\n${out}`)), 20000);
    const check = () => {
      const m = /XenDesk web UI at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    proc.stdout!.on('data', check);
    proc.on('exit', (code) => reject(new Error(`web mode exited with ${code}:\n${out}`)));
  });
  return {
    url,
    origin: new URL(url).origin,
    dataDir,
    homeDir,
    proc,
    output: () => out,
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
        setTimeout(() => proc.kill('SIGKILL'), 5000).unref();
      }),
  };
}
