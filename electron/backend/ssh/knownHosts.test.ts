import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { utils } from 'ssh2';
import { generateEd25519 } from './keygen';
import { fingerprint, hostPattern, keyFromBlob, KnownHosts, patternsMatch } from './knownHosts';

function newKey() {
  const kp = generateEd25519();
  const parsed = utils.parseKey(kp.public);
  if (parsed instanceof Error) throw parsed;
  return keyFromBlob(parsed.getPublicSSH());
}
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'xd-kh-'));

describe('known hosts', () => {
  it('formats fingerprints exactly like ssh-keygen -lf', () => {
    const dir = tmp();
    const kp = generateEd25519();
    fs.writeFileSync(path.join(dir, 'k.pub'), kp.public + '\n');
    const parsed = utils.parseKey(kp.public);
    if (parsed instanceof Error) throw parsed;
    const theirs = execFileSync('ssh-keygen', ['-lf', path.join(dir, 'k.pub')])
      .toString()
      .split(' ')[1];
    expect(fingerprint(parsed.getPublicSSH())).toBe(theirs);
  });

  it('TOFU: unknown, then known after add; a different key is "changed" and both fingerprints are reported', () => {
    const dir = tmp();
    const kh = new KnownHosts(path.join(dir, 'known_hosts'));
    const k1 = newKey();
    const k2 = newKey();
    expect(kh.check('10.0.0.5', 22, k1).verdict).toBe('unknown');
    kh.add('10.0.0.5', 22, k1);
    expect(kh.check('10.0.0.5', 22, k1).verdict).toBe('known');
    const v = kh.check('10.0.0.5', 22, k2);
    expect(v).toEqual({
      verdict: 'changed',
      fingerprint: fingerprint(k2.blob),
      expected: [fingerprint(k1.blob)],
    });
    // another port is another host for OpenSSH
    expect(kh.check('10.0.0.5', 2222, k1).verdict).toBe('unknown');
  });

  it('reads the user known_hosts: plain, wildcard, hashed and revoked entries', () => {
    const dir = tmp();
    const k1 = newKey();
    const k2 = newKey();
    const k3 = newKey();
    const salt = crypto.randomBytes(20);
    const hash = crypto.createHmac('sha1', salt).update('[xen2.lab]:2200').digest('base64');
    const user = path.join(dir, 'user_known_hosts');
    fs.writeFileSync(
      user,
      [
        '# comment',
        `xen1.lab,192.168.1.10 ${k1.type} ${k1.blob.toString('base64')} root@xen1`,
        `|1|${salt.toString('base64')}|${hash} ${k2.type} ${k2.blob.toString('base64')}`,
        `*.dc.example ${k3.type} ${k3.blob.toString('base64')}`,
        `@revoked * ${k3.type} ${newKey().blob.toString('base64')}`,
      ].join('\n'),
    );
    const kh = new KnownHosts(path.join(dir, 'own'), [user]);
    expect(kh.check('192.168.1.10', 22, k1).verdict).toBe('known');
    expect(kh.check('xen2.lab', 2200, k2).verdict).toBe('known');
    expect(kh.check('xen2.lab', 22, k2).verdict).toBe('unknown');
    expect(kh.check('a.dc.example', 22, k3).verdict).toBe('known');
    expect(kh.check('xen1.lab', 22, k2).verdict).toBe('changed');
    expect(kh.knownTypes('xen1.lab', 22)).toEqual(['ssh-ed25519']);
  });

  it('matches patterns like OpenSSH', () => {
    expect(hostPattern('h', 22)).toBe('h');
    expect(hostPattern('h', 2022)).toBe('[h]:2022');
    expect(patternsMatch('a,b,!c*', 'b')).toBe(true);
    expect(patternsMatch('*,!secret', 'secret')).toBe(false);
    expect(patternsMatch('[h]:2022', '[h]:2022')).toBe(true);
    expect(patternsMatch('h?', 'h1')).toBe(true);
  });
});
