// The cipher XenDesk asks for: OpenSSH's order (CIPHER_ORDER), against the simulated dom0's sshd
// (ssh2's server offers every cipher, so the client's first choice wins).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSimDom0, type SimDom0 } from '../sim/server';
import { CIPHER_ORDER, HostConnection } from './hostConnection';
import { generateEd25519 } from './keygen';
import { KnownHosts } from './knownHosts';

let dir: string;
let keyPath: string;
let sim: SimDom0;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xendesk-cipher-test-'));
  const kp = generateEd25519();
  keyPath = path.join(dir, 'id_ed25519');
  fs.writeFileSync(keyPath, kp.private, { mode: 0o600 });
  sim = await startSimDom0({ authorizedKeys: [kp.public], seed: 3 });
});
afterAll(async () => {
  await sim.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('negotiates chacha20-poly1305 first, as OpenSSH does, whatever this CPU has', async () => {
  expect(CIPHER_ORDER[0]).toBe('chacha20-poly1305@openssh.com');
  const conn = new HostConnection(
    { address: '127.0.0.1', port: sim.port, username: 'root', auth: { kind: 'key', keyPath } },
    new KnownHosts(path.join(dir, 'kh'), []),
  );
  await conn.connect({}, { acceptUnknown: true });
  try {
    expect(conn.cipher).toBe('chacha20-poly1305@openssh.com');
    expect((await conn.exec(['xl', 'list'])).stdout).toContain('Domain-0');
  } finally {
    conn.close();
  }
});
