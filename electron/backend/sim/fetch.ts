// `curl` and `wget` of the simulated dom0 (Debian 12: curl 7.88, wget 1.21). They really fetch
// http:// URLs — from loopback only (tests serve a fake distribution tree on 127.0.0.1); any
// other host fails the way the real tools fail on a dom0 without DNS. The body is written to the
// sandbox file as it arrives, so its growing size is visible to `stat` (progress).
import http from 'node:http';
import nodeFs from 'node:fs';
import { FsError } from './fs';
import { warn, type CommandTable, type Proc } from './proc';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

type FetchOutcome =
  | { kind: 'ok'; status: number; bytes: number }
  | { kind: 'http'; status: number; reason: string }
  | { kind: 'resolve'; host: string }
  | { kind: 'connect'; host: string; port: number }
  | { kind: 'tls' }
  | { kind: 'write'; reason: string }
  | { kind: 'redirects'; max: number }
  | { kind: 'interrupted' };

interface FetchOpts {
  follow: boolean;
  maxRedirs: number;
  /** an HTTP error is a failure (curl -f, wget always): the body is not written */
  failOnHttp: boolean;
  /** open the output (null = stdout) */
  open: () => number | null;
  onBody?: (chunk: Buffer) => Promise<void>;
}

async function fetchUrl(p: Proc, url: string, o: FetchOpts, depth = 0): Promise<FetchOutcome> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { kind: 'resolve', host: url };
  }
  if (!LOOPBACK.has(u.hostname)) return { kind: 'resolve', host: u.hostname };
  const port = Number(u.port || (u.protocol === 'https:' ? 443 : u.protocol === 'ftp:' ? 21 : 80));
  if (u.protocol !== 'http:')
    return u.protocol === 'https:' ? { kind: 'tls' } : { kind: 'connect', host: u.hostname, port };
  if (p.signal.aborted) return { kind: 'interrupted' };
  return new Promise<FetchOutcome>((resolve) => {
    const req = http.get(
      { host: u.hostname.replace(/^\[|\]$/g, ''), port, path: u.pathname + u.search },
      (res) => {
        const status = res.statusCode ?? 0;
        const loc = res.headers.location;
        if (o.follow && status >= 300 && status < 400 && loc) {
          res.resume();
          if (depth >= o.maxRedirs) return resolve({ kind: 'redirects', max: o.maxRedirs });
          void fetchUrl(p, new URL(loc, u).toString(), o, depth + 1).then(resolve);
          return;
        }
        if (status >= 400 && o.failOnHttp) {
          res.resume();
          return resolve({ kind: 'http', status, reason: res.statusMessage ?? '' });
        }
        let fd: number | null;
        try {
          fd = o.open();
        } catch (e) {
          res.resume();
          return resolve({ kind: 'write', reason: e instanceof FsError ? e.reason : (e as Error).message });
        }
        let bytes = 0;
        let done = false;
        const finish = (r: FetchOutcome) => {
          if (done) return;
          done = true;
          if (fd !== null) nodeFs.closeSync(fd);
          resolve(r);
        };
        res.on('data', (chunk: Buffer) => {
          if (fd !== null) nodeFs.writeSync(fd, chunk);
          else {
            res.pause();
            void (o.onBody?.(chunk) ?? Promise.resolve()).then(() => res.resume());
          }
          bytes += chunk.length;
        });
        res.on('end', () => finish({ kind: 'ok', status, bytes }));
        res.on('error', () => finish({ kind: 'connect', host: u.hostname, port }));
        p.signal.addEventListener(
          'abort',
          () => {
            req.destroy();
            finish({ kind: 'interrupted' });
          },
          { once: true },
        );
      },
    );
    req.on('error', () => resolve({ kind: 'connect', host: u.hostname, port }));
  });
}

function openOut(p: Proc, file: string | undefined): () => number | null {
  return () => (file === undefined || file === '-' ? null : p.host.fs.open(file, 'w', 0o644, p.cwd));
}

const curl = async (argv: string[], p: Proc): Promise<number> => {
  let fail = false;
  let silent = false;
  let showErr = false;
  let follow = false;
  let maxRedirs = 50;
  let out: string | undefined;
  const urls: string[] = [];
  const args = argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      urls.push(...args.slice(i + 1));
      break;
    }
    if (a === '-o' || a === '--output') out = args[++i];
    else if (a === '--max-redirs') maxRedirs = Number(args[++i]);
    else if (a === '--proto' || a === '--proto-redir' || a === '-m' || a === '--max-time' || a === '--retry')
      i++;
    else if (a === '--fail') fail = true;
    else if (a === '--silent') silent = true;
    else if (a === '--show-error') showErr = true;
    else if (a === '--location') follow = true;
    else if (/^-[A-Za-z]+$/.test(a)) {
      for (const c of a.slice(1)) {
        if (c === 'f') fail = true;
        else if (c === 's') silent = true;
        else if (c === 'S') showErr = true;
        else if (c === 'L') follow = true;
        else if (c === 'q') continue;
        else if (c === 'o') out = args[++i];
        else {
          await warn(
            p,
            `curl: option -${c}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information`,
          );
          return 2;
        }
      }
    } else if (a.startsWith('-')) {
      await warn(
        p,
        `curl: option ${a}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information`,
      );
      return 2;
    } else urls.push(a);
  }
  if (urls.length === 0) {
    await warn(p, "curl: no URL specified!\ncurl: try 'curl --help' or 'curl --manual' for more information");
    return 2;
  }
  const err = async (code: number, msg: string) => {
    if (!silent || showErr) await warn(p, `curl: (${code}) ${msg}`);
    return code;
  };
  const r = await fetchUrl(p, urls[0]!, {
    follow,
    maxRedirs,
    failOnHttp: fail,
    open: openOut(p, out),
    onBody: (c) => p.stdout.write(c),
  });
  switch (r.kind) {
    case 'ok':
      return 0;
    case 'http':
      return err(22, `The requested URL returned error: ${r.status}`);
    case 'resolve':
      return err(6, `Could not resolve host: ${r.host}`);
    case 'connect':
      return err(7, `Failed to connect to ${r.host} port ${r.port} after 0 ms: Couldn't connect to server`);
    case 'tls':
      return err(35, 'OpenSSL/3.0.15: error:0A00010B:SSL routines::wrong version number');
    case 'write':
      if (!silent || showErr) await warn(p, `Warning: Failed to open the file ${out}: ${r.reason}`);
      return err(23, 'Failure writing output to destination');
    case 'redirects':
      return err(47, `Maximum (${r.max}) redirects followed`);
    case 'interrupted':
      return 130;
  }
};

const wget = async (argv: string[], p: Proc): Promise<number> => {
  let quiet = false;
  let out: string | undefined;
  const urls: string[] = [];
  const args = argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-q' || a === '--quiet') quiet = true;
    else if (a === '-O' || a === '--output-document') out = args[++i];
    else if (a.startsWith('--output-document=')) out = a.slice(18);
    else if (a === '-T' || a === '-t' || a === '--tries' || a === '--timeout') i++;
    else if (a.startsWith('-')) continue;
    else urls.push(a);
  }
  if (urls.length === 0) {
    await warn(
      p,
      "wget: missing URL\nUsage: wget [OPTION]... [URL]...\n\nTry `wget --help' for more options.",
    );
    return 1;
  }
  const url = urls[0]!;
  const say = async (s: string) => {
    if (!quiet) await warn(p, s);
  };
  // wget -O FILE opens (truncates) FILE before connecting: a failed fetch leaves it empty
  let fd: number | null = null;
  if (out !== undefined && out !== '-') {
    try {
      fd = p.host.fs.open(out, 'w', 0o644, p.cwd);
    } catch (e) {
      await warn(p, `${out}: ${e instanceof FsError ? e.reason : (e as Error).message}`);
      return 3;
    }
  }
  let host = url;
  try {
    host = new URL(url).host;
  } catch {
    /* reported below */
  }
  await say(`--${new Date(p.host.now()).toISOString().slice(0, 19).replace('T', ' ')}--  ${url}`);
  const r = await fetchUrl(p, url, {
    follow: true,
    maxRedirs: 20,
    failOnHttp: true,
    // the fetch takes the descriptor over (and closes it)
    open: () => {
      const f = fd;
      fd = null;
      return f;
    },
    onBody: (c) => p.stdout.write(c),
  });
  if (fd !== null) nodeFs.closeSync(fd);
  switch (r.kind) {
    case 'ok':
      await say(
        `Connecting to ${host}... connected.\nHTTP request sent, awaiting response... ${r.status} OK\nLength: ${r.bytes}\nSaving to: '${out ?? url.split('/').pop()}'\n`,
      );
      return 0;
    case 'http':
      await say(
        `Connecting to ${host}... connected.\nHTTP request sent, awaiting response... ${r.status} ${r.reason}\nERROR ${r.status}: ${r.reason}.\n`,
      );
      return 8;
    case 'resolve':
      await say(
        `Resolving ${r.host} (${r.host})... failed: Temporary failure in name resolution.\nwget: unable to resolve host address '${r.host}'`,
      );
      return 4;
    case 'connect':
      await say(`Connecting to ${r.host}:${r.port}... failed: Connection refused.`);
      return 4;
    case 'tls':
      await say('GnuTLS: An unexpected TLS packet was received.\nUnable to establish SSL connection.');
      return 4;
    case 'write':
      return 3;
    case 'redirects':
      await say('20 redirections exceeded.');
      return 8;
    case 'interrupted':
      return 130;
  }
};

export const FETCHTOOLS: CommandTable = { curl, wget };
