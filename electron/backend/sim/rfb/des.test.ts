import { createCipheriv, getCiphers } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { desEcbEncrypt, vncAuthResponse, vncKey } from './des';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('DES', () => {
  it('matches the textbook FIPS 46 example', () => {
    // key 133457799BBCDFF1, plaintext 0123456789ABCDEF -> 85E813540F0AB405
    const ct = desEcbEncrypt(Buffer.from('133457799bbcdff1', 'hex'), Buffer.from('0123456789abcdef', 'hex'));
    expect(hex(ct)).toBe('85e813540f0ab405');
  });

  it('matches OpenSSL (3DES with K1=K2=K3 is single DES) on random blocks', () => {
    if (!getCiphers().includes('des-ede3-ecb')) return;
    for (let i = 0; i < 20; i++) {
      const key = Buffer.from(Array.from({ length: 8 }, (_, j) => (i * 37 + j * 101 + 7) & 0xff));
      const data = Buffer.from(Array.from({ length: 16 }, (_, j) => (i * 13 + j * 59 + 3) & 0xff));
      const c = createCipheriv('des-ede3-ecb', Buffer.concat([key, key, key]), null);
      c.setAutoPadding(false);
      const expected = Buffer.concat([c.update(data), c.final()]);
      expect(hex(desEcbEncrypt(key, data))).toBe(expected.toString('hex'));
    }
  });
});

describe('VNC authentication', () => {
  // Known answers computed with python3 `cryptography` (TripleDES, key = bit-mirrored password bytes x3).
  it.each([
    ['secret', '00000000000000000000000000000000', '9613a23f1dcac5419613a23f1dcac541'],
    ['secret', '000102030405060708090a0b0c0d0e0f', 'ee22539f33a5983ec12f9c2edbc995dd'],
    ['password123', '000102030405060708090a0b0c0d0e0f', 'b866924125c8eebb9debc1db61c538e2'],
    ['', '00000000000000000000000000000000', '8ca64de9c1b123a78ca64de9c1b123a7'],
  ])('password %j, challenge %s', (pw, challenge, response) => {
    expect(hex(vncAuthResponse(pw, Buffer.from(challenge, 'hex')))).toBe(response);
  });

  it('mirrors the bits of each key byte and uses only 8 characters', () => {
    expect(hex(vncKey('\x01\x80'))).toBe('8001000000000000');
    expect(hex(vncKey('password123'))).toBe(hex(vncKey('password')));
  });

  it("agrees with noVNC's own DES (the client XenDesk ships)", async () => {
    const path = new URL('../../../../node_modules/@novnc/novnc/core/crypto/des.js', import.meta.url).href;
    const mod = (await import(/* @vite-ignore */ path)) as {
      DESECBCipher: {
        importKey(
          key: number[],
          alg: unknown,
          ext: boolean,
          usages: string[],
        ): { encrypt(a: unknown, d: number[]): Uint8Array };
      };
    };
    for (const pw of ['secret', 'xen', 'p@ss w0rd!', '12345678']) {
      const challenge = Array.from({ length: 16 }, (_, i) => (i * 29 + pw.length) & 0xff);
      // this is what noVNC's RFB.genDES does
      const key = mod.DESECBCipher.importKey(
        pw.split('').map((c) => c.charCodeAt(0)),
        { name: 'DES-ECB' },
        false,
        ['encrypt'],
      );
      const theirs = key.encrypt({ name: 'DES-ECB' }, challenge);
      expect(hex(vncAuthResponse(pw, Uint8Array.from(challenge)))).toBe(hex(theirs));
    }
  });
});
