// `xendesk` — the headless CLI on the same backend code the UI uses (HostConnection,
// the one-exec poll, the same parsers). For scripts, and for tests to compare with raw xl.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ApiError, type HostAuth } from '../../shared/api';
import { parsePoll, pollSections } from '../../shared/xen/poll';
import { HostConnection } from './ssh/hostConnection';
import { KnownHosts } from './ssh/knownHosts';
import { defaultDataDir, userKnownHostsFile } from './paths';
import { VERSION } from './version';
import {
  DomainCliError,
  LIFECYCLE_USAGE,
  LIFECYCLE_VERBS,
  cfgCommand,
  lifecycleCommand,
  type LifecycleVerb,
} from './domains/cli'; // issue 5
import { CREATE_USAGE, createCommand } from './create/cliCreate'; // issue 6

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export function parseHostSpec(spec: string): { username: string; address: string; port: number } {
  const m = /^(?:([^@\s]+)@)?(\[[^\]]+\]|[^:@\s]+)(?::(\d+))?$/.exec(spec);
  if (!m) throw new CliError(`bad --host ${JSON.stringify(spec)}: use [user@]host[:port]`, 2);
  const port = m[3] ? Number(m[3]) : 22;
  if (port < 1 || port > 65535) throw new CliError(`bad port in --host ${spec}`, 2);
  return { username: m[1] ?? 'root', address: m[2]!.replace(/^\[|\]$/g, ''), port };
}

const USAGE = `usage: xendesk list --host [user@]host[:port] [--identity FILE] [--known-hosts FILE] [--accept-new] [--json]
       xendesk cfg check FILE | xendesk cfg fmt FILE
${LIFECYCLE_USAGE}
${CREATE_USAGE}`;

export async function connect(values: Record<string, string | boolean | undefined>): Promise<HostConnection> {
  if (typeof values.host !== 'string') throw new CliError(`--host is required\n${USAGE}`, 2);
  const { username, address, port } = parseHostSpec(values.host);
  const auth: HostAuth =
    typeof values.identity === 'string'
      ? { kind: 'key', keyPath: path.resolve(values.identity) }
      : process.env.XENDESK_PASSWORD
        ? { kind: 'password' }
        : { kind: 'agent' };
  const own =
    typeof values['known-hosts'] === 'string'
      ? path.resolve(values['known-hosts'])
      : path.join(defaultDataDir(), 'known_hosts');
  const kh = new KnownHosts(own, [userKnownHostsFile()]);
  const conn = new HostConnection({ address, port, username, auth }, kh);
  let res;
  try {
    res = await conn.connect(
      { password: process.env.XENDESK_PASSWORD, passphrase: process.env.XENDESK_PASSPHRASE },
      { acceptUnknown: values['accept-new'] === true },
    );
  } catch (e) {
    throw new CliError(e instanceof ApiError ? e.message : String(e), 255);
  }
  if (res.status === 'unknown-key')
    throw new CliError(
      `host key for ${address}:${port} is not known (${res.keyType} ${res.fingerprint}); verify it and re-run with --accept-new`,
      255,
    );
  if (res.status === 'key-changed')
    throw new CliError(
      `HOST KEY CHANGED for ${address}:${port}: expected ${res.expected}, got ${res.actual} — refusing to connect (possible man-in-the-middle attack)`,
      255,
    );
  return conn;
}

export async function runCli(argv: string[], out: (s: string) => void): Promise<number> {
  const [cmd, ...rest] = argv;
  // issue 5: config files and the lifecycle verbs
  try {
    if (cmd === 'cfg') return cfgCommand(rest, out);
    if ((LIFECYCLE_VERBS as readonly string[]).includes(cmd ?? ''))
      return await lifecycleCommand(cmd as LifecycleVerb, rest, { out, connect });
    if (cmd === 'create') return await createCommand(rest, { out, connect }); // issue 6
  } catch (e) {
    if (e instanceof DomainCliError) throw new CliError(e.message, e.exitCode);
    throw e;
  }
  if (cmd === 'list') {
    const { values } = parseArgs({
      args: rest,
      options: {
        host: { type: 'string' },
        identity: { type: 'string', short: 'i' },
        'known-hosts': { type: 'string' },
        'accept-new': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
      },
    });
    const conn = await connect(values);
    try {
      const prefix = conn.target.username === 'root' ? [] : ['sudo', '-n'];
      const { raw } = await conn.execScript(pollSections(prefix), { timeoutMs: 60000 });
      const { snapshot, errors } = parsePoll(raw.stdout);
      const listErr = errors.find((e) => e.key === 'list');
      if (listErr)
        throw new CliError(`xl list failed (rc ${listErr.rc}): ${listErr.output.trim().split('\n')[0]}`, 1);
      const rows = [...(snapshot.dom0 ? [snapshot.dom0] : []), ...snapshot.domains].map((d) => ({
        name: d.name,
        id: d.id,
        state: d.state,
        type: d.type,
        memoryMiB: d.memoryMiB,
        maxMemoryMiB: d.maxMemoryMiB,
        vcpus: d.vcpus,
        cpuPercent: d.cpuPercent,
        uptimeSeconds: d.uptimeSeconds,
      }));
      if (values.json) out(JSON.stringify(rows, null, 2) + '\n');
      else {
        out(
          `${'Name'.padEnd(24)} ${'ID'.padStart(5)} ${'State'.padEnd(9)} ${'Type'.padEnd(4)} ${'Mem'.padStart(7)} VCPUs  CPU%\n`,
        );
        for (const r of rows)
          out(
            `${r.name.padEnd(24)} ${String(r.id ?? '-').padStart(5)} ${r.state.padEnd(9)} ${(r.type ?? '-').padEnd(4)} ${String(r.memoryMiB).padStart(7)} ${String(r.vcpus).padStart(5)} ${r.cpuPercent === null ? '    -' : r.cpuPercent.toFixed(1).padStart(5)}\n`,
          );
      }
      return 0;
    } finally {
      conn.close();
    }
  }
  if (cmd === '--version' || cmd === 'version') {
    out(`xendesk ${VERSION}\n`);
    return 0;
  }
  throw new CliError(USAGE, 2);
}

export function main(argv = process.argv.slice(2)): void {
  runCli(argv, (s) => process.stdout.write(s)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      const msg = e instanceof Error ? e.message : String(e);
      process.stderr.write(`xendesk: ${msg}\n`);
      process.exit(e instanceof CliError ? e.exitCode : 1);
    },
  );
}
