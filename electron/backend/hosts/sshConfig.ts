// ~/.ssh/config, read the way admins already set their hosts up: Host aliases with HostName,
// User, Port, IdentityFile and ProxyJump. Parsed by the maintained `ssh-config` package
// (never by hand); `Match exec` is never evaluated (it would run commands from a file).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SSHConfig from 'ssh-config';
import type { HostAuth, JumpHop, SshConfigHost } from '../../../shared/api';

export interface SshConfigEnv {
  /** the user's home (default os.homedir()) */
  home?: string;
  /** default ~/.ssh/config */
  configFile?: string;
  /** the local user name, for %u and a missing User (default os.userInfo().username) */
  localUser?: string;
  /** SSH_AUTH_SOCK (or 'pageant' on Windows); empty = no agent */
  agent?: string;
}

type Computed = Record<string, string | string[]>;

function one(c: Computed, key: string): string | undefined {
  const v = c[key];
  return Array.isArray(v) ? v[0] : v;
}

function many(c: Computed, key: string): string[] {
  const v = c[key];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** `Include` is inlined as text (relative paths are under ~/.ssh), depth-limited like OpenSSH (16). */
export function readWithIncludes(file: string, sshDir: string, depth = 0): string {
  if (depth > 16) return '';
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
  return text
    .split('\n')
    .map((line) => {
      const m = /^\s*include\s*[=\s]\s*(.+?)\s*$/i.exec(line);
      if (!m) return line;
      const parts = m[1]!.split(/\s+/).filter(Boolean);
      return parts
        .flatMap((p) => expandGlob(resolveTilde(p, path.dirname(sshDir)), sshDir))
        .map((f) => readWithIncludes(f, sshDir, depth + 1))
        .join('\n');
    })
    .join('\n');
}

function resolveTilde(p: string, home: string): string {
  if (p === '~') return home;
  if (p.startsWith('~/')) return path.join(home, p.slice(2));
  return p;
}

/** A minimal glob for Include: `*` and `?` in the last path component. */
function expandGlob(pattern: string, sshDir: string): string[] {
  const abs = path.isAbsolute(pattern) ? pattern : path.join(sshDir, pattern);
  const dir = path.dirname(abs);
  const base = path.basename(abs);
  if (!/[*?]/.test(base)) return [abs];
  const re = new RegExp(
    '^' +
      base
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.') +
      '$',
  );
  try {
    return fs
      .readdirSync(dir)
      .filter((f) => re.test(f))
      .sort()
      .map((f) => path.join(dir, f));
  } catch {
    return [];
  }
}

/** OpenSSH's TOKENS for IdentityFile: %d %u %h %r %p %% (and ~). */
export function expandTokens(
  value: string,
  t: { home: string; localUser: string; host: string; user: string; port: number },
): string {
  const v = resolveTilde(value, t.home);
  return v.replace(/%([%dhurpl])/g, (_m, c: string) => {
    switch (c) {
      case '%':
        return '%';
      case 'd':
        return t.home;
      case 'u':
        return t.localUser;
      case 'h':
        return t.host;
      case 'r':
        return t.user;
      case 'p':
        return String(t.port);
      default:
        return os.hostname();
    }
  });
}

/** One ProxyJump element: `[user@]host[:port]` or `ssh://[user@]host[:port]`. */
export function parseJumpSpec(spec: string): { user?: string; host: string; port?: number } | null {
  let s = spec.trim();
  if (!s) return null;
  s = s.replace(/^ssh:\/\//, '');
  let user: string | undefined;
  const at = s.lastIndexOf('@');
  if (at >= 0) {
    user = s.slice(0, at);
    s = s.slice(at + 1);
  }
  let host = s;
  let port: number | undefined;
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(s);
  if (v6) {
    host = v6[1]!;
    port = v6[2] ? Number(v6[2]) : undefined;
  } else {
    const m = /^([^:]+):(\d+)$/.exec(s);
    if (m) {
      host = m[1]!;
      port = Number(m[2]);
    }
  }
  if (!host) return null;
  return { user, host, port };
}

export class SshConfigReader {
  private readonly home: string;
  private readonly file: string;
  private readonly localUser: string;
  private readonly agent: string;
  private readonly config: SSHConfig;

  constructor(env: SshConfigEnv = {}) {
    this.home = env.home ?? os.homedir();
    this.file = env.configFile ?? path.join(this.home, '.ssh', 'config');
    let local = env.localUser;
    if (!local) {
      try {
        local = os.userInfo().username;
      } catch {
        local = 'root';
      }
    }
    this.localUser = local;
    this.agent = env.agent ?? (process.platform === 'win32' ? 'pageant' : (process.env.SSH_AUTH_SOCK ?? ''));
    this.config = SSHConfig.parse(readWithIncludes(this.file, path.join(this.home, '.ssh')));
  }

  /** Host patterns that name one host (no wildcards, no negation). */
  aliases(): string[] {
    const out: string[] = [];
    for (const line of this.config) {
      if (line.type !== SSHConfig.DIRECTIVE || line.param.toLowerCase() !== 'host') continue;
      const vals = typeof line.value === 'string' ? line.value.split(/\s+/) : line.value.map((v) => v.val);
      for (const v of vals) if (v && !/[*?!]/.test(v) && !out.includes(v)) out.push(v);
    }
    return out;
  }

  private compute(name: string): Computed {
    return this.config.compute(name, { ignoreCase: true, matchExec: false });
  }

  private authFor(
    c: Computed,
    ctx: { host: string; user: string; port: number },
  ): {
    auth: HostAuth;
    identityFiles: string[];
  } {
    const t = { home: this.home, localUser: this.localUser, ...ctx };
    const explicit = many(c, 'identityfile')
      .filter((f) => f.toLowerCase() !== 'none')
      .map((f) => expandTokens(f, t));
    const identityFiles = explicit.filter((f) => fs.existsSync(f));
    if (identityFiles[0]) return { auth: { kind: 'key', keyPath: identityFiles[0] }, identityFiles };
    const pref = (one(c, 'preferredauthentications') ?? '').split(',');
    if (pref[0] === 'keyboard-interactive') return { auth: { kind: 'keyboard-interactive' }, identityFiles };
    if (pref[0] === 'password') return { auth: { kind: 'password' }, identityFiles };
    if (this.agent) return { auth: { kind: 'agent' }, identityFiles };
    for (const f of ['id_ed25519', 'id_ecdsa', 'id_rsa']) {
      const p = path.join(this.home, '.ssh', f);
      if (fs.existsSync(p)) return { auth: { kind: 'key', keyPath: p }, identityFiles: [p] };
    }
    return { auth: { kind: 'password' }, identityFiles };
  }

  /** One host as `ssh NAME` would reach it (NAME may be an alias or a plain host name). */
  resolve(name: string, depth = 0): SshConfigHost {
    const c = this.compute(name);
    const address = one(c, 'hostname') ?? name;
    const port = Number(one(c, 'port') ?? 22) || 22;
    const username = one(c, 'user') ?? this.localUser;
    const { auth, identityFiles } = this.authFor(c, { host: address, user: username, port });
    const warnings: string[] = [];
    const proxyJump = one(c, 'proxyjump') ?? '';
    const jump: JumpHop[] = [];
    if (one(c, 'proxycommand') && one(c, 'proxycommand')!.toLowerCase() !== 'none' && !proxyJump)
      warnings.push('ProxyCommand is not supported: XenDesk follows ProxyJump only.');
    if (proxyJump && proxyJump.toLowerCase() !== 'none') {
      if (depth > 4) warnings.push('ProxyJump chain is too deep: XenDesk follows 4 levels.');
      else
        for (const spec of proxyJump.split(',')) {
          const j = parseJumpSpec(spec);
          if (!j) continue;
          const hop = this.resolve(j.host, depth + 1);
          // the hop's own ProxyJump comes first, as OpenSSH does
          jump.push(...hop.jump);
          jump.push({
            address: hop.address,
            port: j.port ?? hop.port,
            username: j.user ?? hop.username,
            auth: hop.auth,
          });
          warnings.push(...hop.warnings);
        }
    }
    return {
      alias: name,
      address,
      port,
      username,
      identityFiles,
      proxyJump,
      jump,
      auth,
      warnings,
      file: this.file,
    };
  }

  list(): SshConfigHost[] {
    return this.aliases().map((a) => this.resolve(a));
  }
}

export function listSshConfigHosts(env: SshConfigEnv = {}): SshConfigHost[] {
  return new SshConfigReader(env).list();
}
