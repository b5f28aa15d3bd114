// Helpers for the sim's tests: fixtures, an ssh2 client against a started sim, exec and pty.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, type ClientChannel, type ConnectConfig } from 'ssh2';
import { generateEd25519 } from '../ssh/keygen';
import { simExec, type ExecResult } from './exec';
import { SimHost, type SimHostOptions } from './model';
import type { SimUser } from './proc';
import { seedDomains, seedFiles, seedLvm } from './scenario';
import { startSimDom0, type SimDom0, type SimDom0Options } from './server';

export const FIXTURES = path.join(__dirname, '__fixtures__');

export function fixture(name: string): string {
  return fs.readFileSync(path.join(FIXTURES, name), 'latin1');
}

export function fixtureBuf(name: string): Buffer {
  return fs.readFileSync(path.join(FIXTURES, name));
}

/** A fixed instant so that uptimes and CPU times stay as captured. */
export const T0 = Date.UTC(2026, 10, 26, 3, 30, 0);

export interface Kit {
  sim: SimDom0;
  clientKey: { private: string; public: string };
  connect(extra?: Partial<ConnectConfig>): Promise<Client>;
}

export async function startKit(opts: SimDom0Options = {}): Promise<Kit> {
  const clientKey = generateEd25519();
  const sim = await startSimDom0({
    xentopDelayScale: 0.01,
    timeScale: 0.02,
    seed: 42,
    authorizedKeys: [clientKey.public],
    ...opts,
  });
  return {
    sim,
    clientKey,
    connect: (extra = {}) =>
      new Promise((resolve, reject) => {
        const c = new Client();
        c.once('ready', () => resolve(c));
        c.once('error', reject);
        c.connect({
          host: '127.0.0.1',
          port: sim.port,
          username: 'root',
          privateKey: clientKey.private,
          readyTimeout: 5000,
          ...extra,
        });
      }),
  };
}

export interface RunResult {
  stdout: string;
  stderr: string;
  code: number | null;
  signal?: string;
}

export function run(c: Client, cmd: string, stdin?: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    c.exec(cmd, (err, ch) => {
      if (err) return reject(err);
      const out: Buffer[] = [];
      const errOut: Buffer[] = [];
      let code: number | null = null;
      let signal: string | undefined;
      ch.on('data', (d: Buffer) => out.push(d));
      ch.stderr.on('data', (d: Buffer) => errOut.push(d));
      ch.on('exit', (c2: number | null, s?: string) => {
        code = c2;
        signal = s;
      });
      ch.on('close', () =>
        resolve({
          stdout: Buffer.concat(out).toString('latin1'),
          stderr: Buffer.concat(errOut).toString('latin1'),
          code,
          signal,
        }),
      );
      if (stdin !== undefined) ch.end(stdin);
      else ch.end();
    });
  });
}

/** An exec with a pty; collects output; `waitFor` resolves when the output contains a string. */
export interface PtySession {
  ch: ClientChannel;
  output(): Buffer;
  waitFor(s: string | RegExp, timeoutMs?: number): Promise<string>;
  closed: Promise<{ code: number | null; signal?: string }>;
  /** output received after the mark */
  since(mark: number): string;
  mark(): number;
}

export function openPty(c: Client, cmd: string, size = { rows: 24, cols: 80 }): Promise<PtySession> {
  return new Promise((resolve, reject) => {
    c.exec(cmd, { pty: { term: 'xterm-256color', rows: size.rows, cols: size.cols } }, (err, ch) => {
      if (err) return reject(err);
      const chunks: Buffer[] = [];
      let waiters: (() => void)[] = [];
      ch.on('data', (d: Buffer) => {
        chunks.push(d);
        for (const w of waiters) w();
      });
      let code: number | null = null;
      let signal: string | undefined;
      ch.on('exit', (c2: number | null, s?: string) => {
        code = c2;
        signal = s;
      });
      const closed = new Promise<{ code: number | null; signal?: string }>((r) =>
        ch.on('close', () => r({ code, signal })),
      );
      const output = (): Buffer => Buffer.concat(chunks);
      resolve({
        ch,
        output,
        closed,
        mark: () => output().length,
        since: (m) => output().subarray(m).toString('latin1'),
        waitFor: (s, timeoutMs = 5000) =>
          new Promise((res, rej) => {
            const check = (): boolean => {
              const text = output().toString('latin1');
              if (typeof s === 'string' ? text.includes(s) : s.test(text)) {
                waiters = waiters.filter((w) => w !== check);
                clearTimeout(t);
                res(text);
                return true;
              }
              return false;
            };
            const t = setTimeout(() => {
              waiters = waiters.filter((w) => w !== check);
              rej(
                new Error(
                  `timeout waiting for ${JSON.stringify(String(s))}; got ${JSON.stringify(output().toString('latin1'))}`,
                ),
              );
            }, timeoutMs);
            if (!check()) waiters.push(check);
          }),
      });
    });
  });
}

export function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** A simulated host without ssh (faster): seeded scenario in a temp dir. */
export function newHost(
  opts: Partial<SimHostOptions> & { scenario?: 'demo' | 'empty' } = {},
): SimHost & { cleanup(): void } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'xendesk-simtest-'));
  const host = new SimHost({
    root,
    seed: 42,
    timeScale: 0.02,
    xentopDelayScale: 0.01,
    ...opts,
  }) as SimHost & { cleanup(): void };
  seedFiles(host.fs, opts.scenario ?? 'demo');
  seedLvm(host, opts.scenario ?? 'demo'); // issue 6
  seedDomains(host, opts.scenario ?? 'demo');
  host.cleanup = () => {
    host.stop();
    fs.rmSync(root, { recursive: true, force: true });
  };
  return host;
}

/** Run a command line as root (or `user`) on a host. */
export function ex(
  host: SimHost,
  cmd: string,
  opts: { user?: SimUser; stdin?: string } = {},
): Promise<ExecResult> {
  return simExec(host, cmd, opts);
}

export const USER_XLTEST: SimUser = {
  name: 'xltest',
  uid: 1001,
  home: '/home/xltest',
  root: false,
  sudo: 'none',
};
