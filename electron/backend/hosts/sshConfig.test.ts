// ~/.ssh/config through the ssh-config library: aliases, HostName/User/Port/IdentityFile,
// ProxyJump chains (hops resolved as aliases too), Include, and what XenDesk does not follow.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listSshConfigHosts, parseJumpSpec } from './sshConfig';

function home(files: Record<string, string>): string {
  const h = fs.mkdtempSync(path.join(os.tmpdir(), 'xd-sshcfg-'));
  fs.mkdirSync(path.join(h, '.ssh', 'conf.d'), { recursive: true });
  for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(h, '.ssh', f), text);
  return h;
}

describe('listSshConfigHosts', () => {
  const h = home({
    config: `Include conf.d/*.conf

Host xen1 xen1-alias
  HostName 10.0.0.5
  User root
  Port 2222
  IdentityFile ~/.ssh/id_xen
  ProxyJump ops@bastion:2200,inner

Host bastion
  HostName bastion.example.org
  User jump
  IdentityFile ~/.ssh/id_jump

Host inner
  HostName 192.168.5.1

Host legacy
  ProxyCommand ssh -W %h:%p gw
  Match exec "touch /tmp/xendesk-should-never-exist"

Host *.internal *
  User admin
`,
    'conf.d/lab.conf': 'Host lab3\n  HostName lab3.example.org\n  Port 22\n',
    id_xen: 'x',
    id_jump: 'x',
  });
  const list = listSshConfigHosts({ home: h, agent: '', localUser: 'me' });
  const by = (a: string) => list.find((x) => x.alias === a)!;

  it('lists every alias without wildcards, Include files too', () => {
    expect(list.map((x) => x.alias)).toEqual(['lab3', 'xen1', 'xen1-alias', 'bastion', 'inner', 'legacy']);
  });
  it('resolves HostName, User, Port and the first existing IdentityFile', () => {
    expect(by('xen1')).toMatchObject({
      address: '10.0.0.5',
      port: 2222,
      username: 'root',
      auth: { kind: 'key', keyPath: path.join(h, '.ssh', 'id_xen') },
      proxyJump: 'ops@bastion:2200,inner',
    });
  });
  it('resolves each ProxyJump hop as ssh would (the hop alias gives HostName and key; user@ and :port win)', () => {
    expect(by('xen1').jump).toEqual([
      {
        address: 'bastion.example.org',
        port: 2200,
        username: 'ops',
        auth: { kind: 'key', keyPath: path.join(h, '.ssh', 'id_jump') },
      },
      { address: '192.168.5.1', port: 22, username: 'admin', auth: { kind: 'password' } },
    ]);
  });
  it('Host * settings apply; no agent and no key means a password', () => {
    expect(by('lab3')).toMatchObject({
      address: 'lab3.example.org',
      username: 'admin',
      auth: { kind: 'password' },
    });
  });
  it('says what it does not follow, and never runs Match exec', () => {
    expect(by('legacy').warnings).toEqual(['ProxyCommand is not supported: XenDesk follows ProxyJump only.']);
    expect(fs.existsSync('/tmp/xendesk-should-never-exist')).toBe(false);
  });
  it('with an agent and no IdentityFile, the agent', () => {
    const withAgent = listSshConfigHosts({ home: h, agent: '/tmp/agent.sock', localUser: 'me' });
    expect(withAgent.find((x) => x.alias === 'lab3')!.auth).toEqual({ kind: 'agent' });
  });
  it('no ~/.ssh/config: no aliases', () => {
    expect(listSshConfigHosts({ home: fs.mkdtempSync(path.join(os.tmpdir(), 'xd-empty-')) })).toEqual([]);
  });
});

describe('parseJumpSpec', () => {
  it.each([
    ['bastion', { user: undefined, host: 'bastion', port: undefined }],
    ['ops@bastion:2200', { user: 'ops', host: 'bastion', port: 2200 }],
    ['ssh://ops@10.0.0.1:22', { user: 'ops', host: '10.0.0.1', port: 22 }],
    ['[fe80::1]:2222', { user: undefined, host: 'fe80::1', port: 2222 }],
  ])('%s', (spec, want) => expect(parseJumpSpec(spec)).toEqual(want));
});
