// `xl migrate` between simulated dom0s, the way xl does it: the sender runs
// `SSHCMD HOST xl migrate-receive` (default `ssh`; `-s 'ssh -p PORT'` from XenDesk) — here an
// ssh2 client logging in as root with the sandbox's /root/.ssh/id_ed25519 (or id_rsa), as dom0
// root's own key would — and streams the domain; the receiver builds it, and the sender
// destroys its copy once the target reports a successful start. Only loopback targets are
// reachable: the sandbox has no network. Messages follow xl 4.17.
import { Client } from 'ssh2';
import { readAll, sleep } from './io';
import { MAXMEM_SLACK_KIB, type SimDomain, type SimHost } from './model';
import { warn, type Proc } from './proc';
import { configFromSaveJson, configToSaveJson, type DomainConfig } from './domconfig';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** `ssh -p 2222 -i KEY` → port and key (other options are accepted and ignored). */
export function parseSshCommand(cmd: string): { port: number; identity?: string } {
  const words = cmd.trim().split(/\s+/);
  let port = 22;
  let identity: string | undefined;
  for (let i = 1; i < words.length; i++) {
    const w = words[i]!;
    if (w === '-p') port = Number(words[++i]);
    else if (w.startsWith('-p') && /^\d+$/.test(w.slice(2))) port = Number(w.slice(2));
    else if (w === '-i') identity = words[++i];
  }
  return { port, identity };
}

function runRemote(
  target: { host: string; port: number; key: string },
  command: string,
  stdin: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const c = new Client();
    let stderr = '';
    let stdout = '';
    c.once('error', (e: Error & { level?: string }) =>
      resolve({
        code: 255,
        stdout,
        stderr:
          e.level === 'client-authentication'
            ? `root@${target.host}: Permission denied (publickey).\n`
            : `ssh: connect to host ${target.host} port ${target.port}: Connection refused\n`,
      }),
    );
    c.once('ready', () => {
      c.exec(command, (err, ch) => {
        if (err) {
          c.end();
          return resolve({ code: 255, stdout, stderr: `${err.message}\n` });
        }
        let code = 255;
        ch.on('data', (d: Buffer) => (stdout += d.toString()));
        ch.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        ch.on('exit', (n: number | null) => (code = n ?? 255));
        ch.on('close', () => {
          c.end();
          resolve({ code, stdout, stderr });
        });
        ch.end(stdin);
      });
    });
    try {
      c.connect({
        host: target.host,
        port: target.port,
        username: 'root',
        privateKey: target.key,
        readyTimeout: 10000,
      });
    } catch (e) {
      // ssh(1) prints this and exits 255 for an unreadable identity; so does the sim
      resolve({ code: 255, stdout, stderr: `Load key: invalid format (${(e as Error).message})\n` });
    }
  });
}

export async function migrateSend(
  p: Proc,
  host: SimHost,
  d: SimDomain,
  targetHost: string,
  sshCommand: string | undefined,
): Promise<number> {
  const ssh = parseSshCommand(sshCommand ?? 'ssh');
  const fail = async (msg: string): Promise<number> => {
    await p.stderr.write(msg);
    await warn(p, 'migration sender: Target has stopped (stopped during the transfer).');
    await warn(p, `migration sender: Domain ${d.id} is still running.`);
    return 1;
  };
  if (!LOOPBACK.has(targetHost))
    return fail(`ssh: connect to host ${targetHost} port ${ssh.port}: Network is unreachable\n`);
  const keyFiles = ssh.identity ? [ssh.identity] : ['/root/.ssh/id_ed25519', '/root/.ssh/id_rsa'];
  const keyFile = keyFiles.find((f) => host.fs.exists(f));
  if (!keyFile) return fail(`root@${targetHost}: Permission denied (publickey).\n`);
  const json = configToSaveJson({ ...d.config, targetKiB: d.targetKiB, maxMemKiB: d.maxMemKiB });
  await warn(p, `Saving to migration stream new xl format (info 0x3/0x0/${json.length + 1})`);
  await warn(p, `xc: info: Saving domain ${d.id}, type x86 ${d.type === 'hvm' ? 'HVM' : 'PV'}`);
  await sleep(800 * host.timeScale);
  const r = await runRemote(
    {
      host: targetHost === 'localhost' ? '127.0.0.1' : targetHost.replace(/^\[|\]$/g, ''),
      port: ssh.port,
      key: host.fs.readText(keyFile),
    },
    'xl migrate-receive',
    json + '\n',
  );
  await p.stderr.write(r.stderr);
  if (r.code !== 0 || !r.stdout.includes('migration target: Domain started')) {
    if (r.code === 255) return fail('');
    await warn(p, 'migration sender: Target reported startup failure; trying to resume domain.');
    await warn(p, `migration sender: Domain ${d.id} is still running.`);
    return 1;
  }
  await warn(p, 'migration sender: Target has acknowledged transfer.');
  await warn(p, 'migration sender: Giving target permission to start.');
  await warn(p, 'migration sender: Target reports successful startup.');
  host.destroy(d, 'save');
  await warn(p, 'Migration successful.');
  return 0;
}

/** `xl migrate-receive`: the domain arrives on stdin (the sim's stream: its config as JSON). */
export async function migrateReceive(p: Proc, host: SimHost): Promise<number> {
  await warn(p, 'migration target: Ready to receive domain.');
  const data = (await readAll(p.stdin)).toString('utf8').trim();
  let config: DomainConfig;
  try {
    config = configFromSaveJson(data);
  } catch {
    await warn(p, 'xl migrate-receive: failed to read the migration stream');
    return 1;
  }
  await warn(
    p,
    `Loading new save file <incoming migration stream> (new xl fmt info 0x3/0x0/${data.length + 1})`,
  );
  await warn(p, ' Savefile contains xl domain config in JSON format');
  await warn(p, 'Parsing config from <saved>');
  const domid = host.allocDomid();
  if (host.byName(config.name)) {
    await warn(
      p,
      `libxl: error: libxl_domain.c:81:libxl__domain_rename: Domain ${domid}:Domain with name "${config.name}" already exists.`,
    );
    await warn(p, 'migration target: Domain creation failed (code -3).');
    return 3;
  }
  for (const disk of config.disks) {
    if (disk.pdevPath && !host.fs.exists(disk.pdevPath)) {
      await warn(
        p,
        `libxl: error: libxl_device.c:397:libxl__device_disk_set_backend: Disk vdev=${disk.vdev} failed to stat: ${disk.pdevPath}: No such file or directory`,
      );
      await warn(p, 'migration target: Domain creation failed (code -3).');
      return 3;
    }
  }
  if (config.targetKiB + MAXMEM_SLACK_KIB > host.freeKiB()) {
    await warn(
      p,
      `xc: error: panic: xg_dom_boot.c:119: xc_dom_boot_mem_init: can't allocate low memory for domain: Out of memory`,
    );
    await warn(p, 'migration target: Domain creation failed (code -3).');
    return 3;
  }
  await warn(p, `xc: info: Found x86 ${config.type === 'hvm' ? 'HVM' : 'PV'} domain from Xen 4.17`);
  await warn(p, 'xc: info: Restoring domain');
  await host.startDomain(domid, config, { restored: true, buildMs: 600 });
  await warn(p, 'xc: info: Restore successful');
  await warn(p, 'migration target: Transfer complete, requesting permission to start domain.');
  await warn(p, 'migration target: Got permission, starting domain.');
  await p.stdout.write('migration target: Domain started successsfully.\n');
  return 0;
}
