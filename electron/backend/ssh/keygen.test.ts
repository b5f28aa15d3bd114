import { describe, expect, it } from 'vitest';
import { utils } from 'ssh2';
import { generateEd25519 } from './keygen';

describe('generateEd25519', () => {
  it('always returns keys that parse back (ssh2 sometimes emits malformed ones)', () => {
    for (let i = 0; i < 200; i++) {
      const kp = generateEd25519('t');
      expect(utils.parseKey(kp.private)).not.toBeInstanceOf(Error);
      expect(kp.public).toMatch(/^ssh-ed25519 \S+ t$/);
    }
  });
});
