// Random numbers for the simulated dom0: deterministic when a seed is given (tests, screenshots),
// crypto-random otherwise. Used for UUIDs, MAC addresses and the small jitter of CPU loads.
import { randomBytes } from 'node:crypto';

export interface Rng {
  /** uniform in [0, 1) */
  next(): number;
  bytes(n: number): Buffer;
}

/** mulberry32: tiny, fast, good enough for simulated identifiers. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    bytes(n) {
      const b = Buffer.alloc(n);
      for (let i = 0; i < n; i++) b[i] = Math.floor(next() * 256);
      return b;
    },
  };
}

export function cryptoRng(): Rng {
  return {
    next: () => randomBytes(4).readUInt32BE(0) / 4294967296,
    bytes: (n) => randomBytes(n),
  };
}

export function makeRng(seed?: number): Rng {
  return seed === undefined ? cryptoRng() : seededRng(seed);
}

/** RFC 4122 version-4 UUID from the generator. */
export function uuidV4(rng: Rng): string {
  const b = rng.bytes(16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A MAC in Xen's OUI 00:16:3e, as xl picks one when the vif spec has none. */
export function xenMac(rng: Rng): string {
  const b = rng.bytes(3);
  b[0] = b[0]! & 0x7f;
  return ['00', '16', '3e', ...[...b].map((x) => x.toString(16).padStart(2, '0'))].join(':');
}
