// Remembered passwords/passphrases in the desktop app (issue 4): encrypted with Electron's
// safeStorage (macOS Keychain, Windows DPAPI, libsecret/kwallet on Linux) into ONE file in
// userData. Only hosts the user ticked "remember" for are here. Where the OS offers no real
// keychain (Linux 'basic_text' = a hard-coded key), nothing is written: memory only.
import fs from 'node:fs';
import path from 'node:path';
import { safeStorage } from 'electron';
import { writeFileAtomicSync } from './backend/atomicFile';
import { MemorySecretStore, type SecretStore } from './backend/hosts/secretStore';
import type { Secrets } from './backend/ssh/hostConnection';

export function keychainAvailable(): boolean {
  if (!safeStorage.isEncryptionAvailable()) return false;
  const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend?.() : undefined;
  return backend !== 'basic_text' && backend !== 'unknown';
}

export function createElectronSecretStore(dataDir: string): SecretStore {
  if (!keychainAvailable()) return new MemorySecretStore();
  const file = path.join(dataDir, 'secrets.bin.json');
  let data: Record<string, string> = {};
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
  } catch {
    data = {};
  }
  const save = () => writeFileAtomicSync(file, JSON.stringify(data) + '\n', 0o600);
  return {
    kind: 'keychain',
    get(hostId) {
      const b64 = data[hostId];
      if (!b64) return undefined;
      try {
        return JSON.parse(safeStorage.decryptString(Buffer.from(b64, 'base64'))) as Secrets;
      } catch {
        return undefined; // another OS user's or a reset keychain: ask again
      }
    },
    set(hostId, secrets) {
      const clean: Secrets = {};
      if (secrets.password !== undefined) clean.password = secrets.password;
      if (secrets.passphrase !== undefined) clean.passphrase = secrets.passphrase;
      data[hostId] = safeStorage.encryptString(JSON.stringify(clean)).toString('base64');
      save();
    },
    delete(hostId) {
      if (!(hostId in data)) return;
      delete data[hostId];
      save();
    },
    has(hostId) {
      return hostId in data;
    },
  };
}
