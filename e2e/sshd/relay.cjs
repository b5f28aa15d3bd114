#!/usr/bin/env node
// ForceCommand of the test sshd (e2e/sshd/sshd.ts): hands the login's command line
// ($SSH_ORIGINAL_COMMAND) and stdin to the simulated dom0 running in the test process over a
// unix socket, and gives back its stdout, stderr and exit code. So OpenSSH does the real work
// (host keys, authentication, agent, ProxyJump forwarding) and the simulator plays Xen.
'use strict';
const net = require('node:net');
const os = require('node:os');

const sockPath = process.argv[2];
const command = process.env.SSH_ORIGINAL_COMMAND || '';
const user = process.env.USER || os.userInfo().username;
const chunks = [];

function send() {
  const stdin = Buffer.concat(chunks).toString('base64');
  const s = net.connect(sockPath);
  let buf = '';
  s.on('data', (d) => (buf += d.toString('utf8')));
  s.on('error', (e) => {
    process.stderr.write(`xendesk test relay: ${e.message}\n`);
    process.exit(255);
  });
  s.on('end', () => {
    const r = JSON.parse(buf);
    process.stdout.write(Buffer.from(r.stdout, 'base64'));
    process.stderr.write(Buffer.from(r.stderr, 'base64'), () => process.exit(r.code));
  });
  s.end(JSON.stringify({ user, command, stdin }) + '\n');
}

if (!command) {
  process.stderr.write('xendesk test relay: interactive shells are not supported\n');
  process.exit(1);
}
if (process.stdin.isTTY) send();
else {
  process.stdin.on('data', (d) => chunks.push(d));
  process.stdin.on('end', send);
}
