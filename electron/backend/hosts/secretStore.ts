// Where a password or key passphrase goes when the user ticks "remember". The backend never
// imports Electron: this interface has a memory implementation here (web mode, tests) and a
// safeStorage one in electron/secretStoreElectron.ts, injected by electron/main.ts.
import type { Secrets } from '../ssh/hostConnection';

export interface SecretStore {
  /** 'keychain' = encrypted by the OS (Electron safeStorage); 'memory' = gone when XenDesk quits */
  readonly kind: 'keychain' | 'memory';
  get(hostId: string): Secrets | undefined;
  set(hostId: string, secrets: Secrets): void;
  delete(hostId: string): void;
  has(hostId: string): boolean;
}

/** Secrets in this process's memory only (web mode). */
export class MemorySecretStore implements SecretStore {
  readonly kind = 'memory' as const;
  private readonly map = new Map<string, Secrets>();
  get(hostId: string): Secrets | undefined {
    const s = this.map.get(hostId);
    return s ? { ...s } : undefined;
  }
  set(hostId: string, secrets: Secrets): void {
    const clean: Secrets = {};
    if (secrets.password !== undefined) clean.password = secrets.password;
    if (secrets.passphrase !== undefined) clean.passphrase = secrets.passphrase;
    if (clean.password === undefined && clean.passphrase === undefined) this.map.delete(hostId);
    else this.map.set(hostId, clean);
  }
  delete(hostId: string): void {
    this.map.delete(hostId);
  }
  has(hostId: string): boolean {
    return this.map.has(hostId);
  }
}
