// Network commands of the simulated dom0: `brctl show` (brctl-show.txt layout), `ip`, `ss -ltn`,
// and `nc HOST PORT`, which bridges the exec channel to a domain's VNC server (the fallback
// path when ssh forwarding is not allowed).
import { Duplex } from 'node:stream';
import { abortable, Interrupted } from './io';
import type { SimHost } from './model';
import { warn, type CommandTable, type Proc } from './proc';
import { connectVnc } from './rfbBridge';

const BRIDGE_ID = '8000.b6d4d72928ce';
const BRIDGE_MAC = 'b6:d4:d7:29:28:ce';

/** vif names on each bridge: vifDOMID.DEVID (+ vifDOMID.DEVID-emu for HVM emulated NICs) */
function bridgePorts(host: SimHost): Map<string, string[]> {
  const m = new Map<string, string[]>([['xenbr0', []]]);
  for (const d of host.list()) {
    for (const n of d.config.nics) {
      const list = m.get(n.bridge) ?? [];
      list.push(n.vifname ?? `vif${d.id}.${n.devid}`);
      if (n.nictype === 'vif_ioemu') list.push(`${n.vifname ?? `vif${d.id}.${n.devid}`}-emu`);
      m.set(n.bridge, list);
    }
  }
  return m;
}

const brctl = async (argv: string[], p: Proc): Promise<number> => {
  const sub = argv[1] ?? '';
  if (sub !== 'show') {
    if (!sub) {
      await p.stdout.write(
        'Usage: brctl [commands]\ncommands:\n\taddbr     \t<bridge>\t\tadd bridge\n\tdelbr     \t<bridge>\t\tdelete bridge\n\tshow      \t[ <bridge> ]\t\tshow a list of bridges\n',
      );
      return 1;
    }
    if (!p.user.root) {
      await warn(p, `${sub}: Operation not permitted`);
      return 1;
    }
    return 0;
  }
  let out = 'bridge name\tbridge id\t\tSTP enabled\tinterfaces\n';
  for (const [br, ports] of bridgePorts(p.host)) {
    if (argv[2] && argv[2] !== br) continue;
    out += `${br}\t\t${BRIDGE_ID}\tno\t\t${ports[0] ?? ''}\n`;
    for (const port of ports.slice(1)) out += `\t\t\t\t\t\t\t${port}\n`;
  }
  await p.stdout.write(out);
  return 0;
};

interface Link {
  index: number;
  name: string;
  flags: string;
  mtu: number;
  qdisc: string;
  state: string;
  master?: string;
  mac: string;
  kind?: string;
}

function links(host: SimHost): Link[] {
  const ls: Omit<Link, 'index'>[] = [
    {
      name: 'lo',
      flags: 'LOOPBACK,UP,LOWER_UP',
      mtu: 65536,
      qdisc: 'noqueue',
      state: 'UNKNOWN',
      mac: '00:00:00:00:00:00',
    },
    {
      name: 'enp0s3',
      flags: 'BROADCAST,MULTICAST,UP,LOWER_UP',
      mtu: 1500,
      qdisc: 'fq_codel',
      state: 'UP',
      mac: '52:54:00:12:34:56',
    },
    {
      name: 'xenbr0',
      flags: 'BROADCAST,MULTICAST,UP,LOWER_UP',
      mtu: 1500,
      qdisc: 'noqueue',
      state: 'UP',
      mac: BRIDGE_MAC,
      kind: 'bridge',
    },
  ];
  for (const [br, ports] of bridgePorts(host))
    for (const port of ports)
      ls.push({
        name: port,
        flags: 'BROADCAST,MULTICAST,UP,LOWER_UP',
        mtu: 1500,
        qdisc: 'fq_codel',
        state: 'UP',
        master: br,
        mac: 'fe:ff:ff:ff:ff:ff',
      });
  return ls.map((l, i) => ({ ...l, index: i + 1 }));
}

const ip = async (argv: string[], p: Proc): Promise<number> => {
  const args = argv.slice(1);
  const oneline = args.includes('-o') || args.includes('-oneline');
  const rest = args.filter((a) => !a.startsWith('-'));
  const obj = rest[0] ?? '';
  const sep = oneline ? '\\    ' : '\n    ';
  let ls = links(p.host);
  const ti = rest.indexOf('type');
  if (ti >= 0) ls = ls.filter((l) => l.kind === rest[ti + 1]);
  const devi = rest.indexOf('dev');
  const named =
    devi >= 0 ? rest[devi + 1] : rest[1] === 'show' && rest[2] && rest[2] !== 'type' ? rest[2] : undefined;
  if (named) {
    ls = ls.filter((l) => l.name === named);
    if (!ls.length) {
      await warn(p, `Device "${named}" does not exist.`);
      return 1;
    }
  }
  if ('link'.startsWith(obj) && obj) {
    if (rest[1] && rest[1] !== 'show' && rest[1] !== 'list')
      return p.user.root ? 0 : (await warn(p, 'RTNETLINK answers: Operation not permitted'), 2);
    let out = '';
    ls.forEach((l) => {
      const master = l.master ? ` master ${l.master}` : '';
      out += `${l.index}: ${l.name}: <${l.flags}> mtu ${l.mtu} qdisc ${l.qdisc}${master} state ${l.state} mode DEFAULT group default qlen 1000${sep}link/${l.name === 'lo' ? 'loopback' : 'ether'} ${l.mac} brd ${l.name === 'lo' ? '00:00:00:00:00:00' : 'ff:ff:ff:ff:ff:ff'}\n`;
    });
    await p.stdout.write(out);
    return 0;
  }
  if (obj && ('address'.startsWith(obj) || obj === 'a')) {
    let out = '';
    ls.forEach((l) => {
      out += `${l.index}: ${l.name}: <${l.flags}> mtu ${l.mtu} qdisc ${l.qdisc} state ${l.state} group default qlen 1000\n    link/${l.name === 'lo' ? 'loopback' : 'ether'} ${l.mac} brd ff:ff:ff:ff:ff:ff\n`;
      if (l.name === 'lo')
        out += '    inet 127.0.0.1/8 scope host lo\n       valid_lft forever preferred_lft forever\n';
      if (l.name === 'enp0s3')
        out +=
          '    inet 10.0.2.15/24 brd 10.0.2.255 scope global dynamic enp0s3\n       valid_lft 86000sec preferred_lft 86000sec\n';
      if (l.name === 'xenbr0')
        out +=
          '    inet 192.168.100.1/24 brd 192.168.100.255 scope global xenbr0\n       valid_lft forever preferred_lft forever\n';
    });
    await p.stdout.write(out);
    return 0;
  }
  if (obj && 'route'.startsWith(obj)) {
    await p.stdout.write(
      'default via 10.0.2.2 dev enp0s3\n10.0.2.0/24 dev enp0s3 proto kernel scope link src 10.0.2.15\n192.168.100.0/24 dev xenbr0 proto kernel scope link src 192.168.100.1\n',
    );
    return 0;
  }
  await p.stderr.write('Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }\n');
  return 255;
};

const ss = async (argv: string[], p: Proc): Promise<number> => {
  const withProc = argv.slice(1).some((a) => a.startsWith('-') && a.includes('p'));
  const rows: [string, string, string][] = [];
  for (const d of p.host.list()) {
    if (!d.vnc) continue;
    rows.push([
      '1',
      `${d.vnc.listen}:${d.vnc.port}`,
      withProc ? `users:(("xen-qemu-system",pid=${1500 + d.id},fd=34))` : '',
    ]);
  }
  rows.push(['128', '0.0.0.0:22', withProc ? 'users:(("sshd",pid=345,fd=3))' : '']);
  rows.push(['128', '[::]:22', withProc ? 'users:(("sshd",pid=345,fd=4))' : '']);
  let out = 'State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n';
  for (const [q, local, proc] of rows) {
    const [addr, port] = [local.slice(0, local.lastIndexOf(':')), local.slice(local.lastIndexOf(':') + 1)];
    const peer = addr.startsWith('[') ? '[::]:*' : '0.0.0.0:*';
    out += `LISTEN 0      ${q.padEnd(6)} ${addr.padStart(13)}:${port.padEnd(5)} ${peer.padStart(12)}    ${proc}\n`;
  }
  await p.stdout.write(out);
  return 0;
};

/** nc HOST PORT: the exec channel becomes the TCP stream (a domain's VNC server). */
const nc = async (argv: string[], p: Proc): Promise<number> => {
  const args = argv.slice(1);
  const verbose = args.some((a) => /^-\w*v/.test(a));
  const ops: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (/^-[qwWsIOPT]$/.test(a)) i++;
    else if (!a.startsWith('-')) ops.push(a);
  }
  const [hostArg, portArg] = ops;
  const port = Number(portArg);
  if (!hostArg || !Number.isInteger(port)) {
    await warn(
      p,
      'usage: nc [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl]\n\t  [-m minttl] [-O length] [-P proxy_username] [-p source_port]\n\t  [-q seconds] [-s sourceaddr] [-T keyword] [-V rtable] [-W recvlimit]\n\t  [-w timeout] [-X proxy_protocol] [-x proxy_address[:port]]\n\t  [destination] [port]',
    );
    return 1;
  }
  const local = hostArg === '127.0.0.1' || hostArg === 'localhost' || hostArg === '::1';
  const d = local ? p.host.vncDomain(port) : undefined;
  if (!d) {
    if (verbose) await warn(p, `nc: connect to ${hostArg} port ${port} (tcp) failed: Connection refused`);
    return 1;
  }
  if (verbose) await warn(p, `Connection to ${hostArg} ${port} port [tcp/*] succeeded!`);
  return new Promise<number>((resolve, reject) => {
    let done = false;
    const finish = (code: number | Error): void => {
      if (done) return;
      done = true;
      p.signal.removeEventListener('abort', onAbort);
      if (!stream.destroyed) stream.destroy();
      if (code instanceof Error) reject(code);
      else resolve(code);
    };
    const stream = new Duplex({
      read() {},
      write(chunk: Buffer, _enc, cb) {
        p.stdout.write(chunk).then(
          () => cb(),
          (e: Error) => cb(e),
        );
      },
      final(cb) {
        cb();
        finish(0);
      },
    });
    stream.on('close', () => finish(0));
    stream.on('error', () => finish(0));
    const onAbort = (): void => finish(new Interrupted(String(p.signal.reason ?? 'TERM')));
    p.signal.addEventListener('abort', onAbort, { once: true });
    void (async () => {
      try {
        for (;;) {
          const c = await abortable(p.stdin.read(), p.signal);
          if (done) return;
          if (c === null) {
            stream.push(null);
            return;
          }
          stream.push(c);
        }
      } catch {
        /* aborted */
      }
    })();
    if (!connectVnc(p.host, port, stream)) finish(1);
  });
};

export const NETUTILS: CommandTable = { brctl, ip, ss, nc, netcat: nc };
