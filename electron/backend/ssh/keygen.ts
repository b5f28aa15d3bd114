// ed25519 key pairs in OpenSSH format. ssh2's generator now and then emits a private key
// that its own parser rejects ("Malformed OpenSSH private key"), so every key is parsed
// back before use and regenerated if needed.
import { utils } from 'ssh2';

export function generateEd25519(comment?: string): { private: string; public: string } {
  for (let i = 0; i < 10; i++) {
    const kp = utils.generateKeyPairSync('ed25519', comment ? { comment } : undefined);
    if (!(utils.parseKey(kp.private) instanceof Error) && !(utils.parseKey(kp.public) instanceof Error))
      return kp;
  }
  throw new Error('could not generate a usable ed25519 key');
}
