// Host-key trust, as OpenSSH does it: keys are looked up in XenDesk's own known_hosts
// file and in the user's ~/.ssh/known_hosts (plain and hashed `|1|salt|hash` entries);
// an unknown key needs the user's explicit trust (TOFU), a changed key is refused.
import fs from 'node:fs';
import crypto from 'node:crypto';
import { writeFileAtomicSync } from '../atomicFile';

export interface HostKey {
  type: string; // e.g. ssh-ed25519
  blob: Buffer; // the raw public key blob
}

export type KeyVerdict =
  | { verdict: 'known'; fingerprint: string }
  | { verdict: 'unknown'; fingerprint: string }
  | { verdict: 'changed'; fingerprint: string; expected: string[] }
  | { verdict: 'revoked'; fingerprint: string };

export function fingerprint(blob: Buffer): string {
  return 'SHA256:' + crypto.createHash('sha256').update(blob).digest('base64').replace(/=+$/, '');
}

/** The key type is the first SSH string inside the blob. */
export function keyFromBlob(blob: Buffer): HostKey {
  if (blob.length < 4) throw new Error('bad host key blob');
  const n = blob.readUInt32BE(0);
  return { type: blob.subarray(4, 4 + n).toString('latin1'), blob };
}

/** How known_hosts names a host: plain for port 22, `[host]:port` otherwise. */
export function hostPattern(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

interface Entry {
  marker?: '@revoked' | '@cert-authority';
  patterns: string;
  type: string;
  blob: Buffer;
}

function parseLine(line: string): Entry | null {
  const t = line.trim();
  if (!t || t.startsWith('#')) return null;
  const parts = t.split(/\s+/);
  let marker: Entry['marker'];
  if (parts[0] === '@revoked' || parts[0] === '@cert-authority') marker = parts.shift() as Entry['marker'];
  const [patterns, type, b64] = parts;
  if (!patterns || !type || !b64) return null;
  const blob = Buffer.from(b64, 'base64');
  if (blob.length === 0) return null;
  return { marker, patterns, type, blob };
}

function globToRegExp(glob: string): RegExp {
  const re = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${re}$`, 'i');
}

/** Does one known_hosts host field match `name` (already in [host]:port form when needed)? */
export function patternsMatch(patterns: string, name: string): boolean {
  if (patterns.startsWith('|1|')) {
    const [, , salt, hash] = patterns.split('|');
    if (!salt || !hash) return false;
    const h = crypto.createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64');
    return h === hash;
  }
  let matched = false;
  for (const p of patterns.split(',')) {
    if (p.startsWith('!')) {
      if (globToRegExp(p.slice(1)).test(name)) return false;
    } else if (globToRegExp(p).test(name)) matched = true;
  }
  return matched;
}

export class KnownHosts {
  /** @param ownFile XenDesk's file (read and written); @param readOnlyFiles e.g. ~/.ssh/known_hosts */
  constructor(
    readonly ownFile: string,
    readonly readOnlyFiles: string[] = [],
  ) {}

  private entries(): Entry[] {
    const out: Entry[] = [];
    for (const f of [this.ownFile, ...this.readOnlyFiles]) {
      let text: string;
      try {
        text = fs.readFileSync(f, 'utf8');
      } catch {
        continue;
      }
      for (const line of text.split('\n')) {
        const e = parseLine(line);
        if (e) out.push(e);
      }
    }
    return out;
  }

  /** Key types already known for this host: offered first so the server shows a known key. */
  knownTypes(host: string, port: number): string[] {
    const name = hostPattern(host, port);
    return [
      ...new Set(
        this.entries()
          .filter((e) => !e.marker && patternsMatch(e.patterns, name))
          .map((e) => e.type),
      ),
    ];
  }

  check(host: string, port: number, key: HostKey): KeyVerdict {
    const name = hostPattern(host, port);
    const fp = fingerprint(key.blob);
    const entries = this.entries();
    if (entries.some((e) => e.marker === '@revoked' && e.blob.equals(key.blob)))
      return { verdict: 'revoked', fingerprint: fp };
    const forHost = entries.filter((e) => !e.marker && patternsMatch(e.patterns, name));
    if (forHost.some((e) => e.type === key.type && e.blob.equals(key.blob)))
      return { verdict: 'known', fingerprint: fp };
    if (forHost.length > 0)
      return { verdict: 'changed', fingerprint: fp, expected: forHost.map((e) => fingerprint(e.blob)) };
    return { verdict: 'unknown', fingerprint: fp };
  }

  /** Remember a key the user accepted (only in XenDesk's own file). */
  add(host: string, port: number, key: HostKey): void {
    let text = '';
    try {
      text = fs.readFileSync(this.ownFile, 'utf8');
    } catch {
      /* first key */
    }
    if (text && !text.endsWith('\n')) text += '\n';
    text += `${hostPattern(host, port)} ${key.type} ${key.blob.toString('base64')}\n`;
    writeFileAtomicSync(this.ownFile, text, 0o644);
  }
}
