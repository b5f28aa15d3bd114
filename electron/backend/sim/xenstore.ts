// XenStore of the simulated dom0, generated from the model with the layout of the captured
// `xenstore-ls -f /local/domain/<id>` (xenstore-ls-*.txt), plus `xenstore-read`, `-ls`,
// `-list`, `-exists`, `-write`, `-rm`. Paths without a leading '/' are relative to
// /local/domain/0 (dom0's home), as for the real tools.
import { type SimDomain, type SimHost } from './model';
import type { Proc } from './proc';
import { vdevNumber } from './xlFormat';

/** path -> value; intermediate nodes have "" */
export type XsTree = Map<string, string>;

function put(t: XsTree, path: string, value: string): void {
  const parts = path.split('/').filter(Boolean);
  for (let i = 1; i < parts.length; i++) {
    const pfx = '/' + parts.slice(0, i).join('/');
    if (!t.has(pfx)) t.set(pfx, '');
  }
  t.set(path, value);
}

function domainNodes(t: XsTree, d: SimDomain): void {
  const base = `/local/domain/${d.id}`;
  const hvm = d.type === 'hvm';
  const ring = hvm ? 1044476 : 1263617;
  const set = (k: string, v: string | number): void => put(t, `${base}/${k}`, String(v));
  set('attr', '');
  set('console/backend', `/local/domain/0/backend/console/${d.id}/0`);
  set('console/backend-id', 0);
  set('console/limit', 1048576);
  set('console/output', 'pty');
  set('console/port', 2);
  set('console/ring-ref', hvm ? ring + 3 : ring + 1);
  set('console/tty', `/dev/pts/${(d.id % 8) + 1}`);
  set('console/type', 'xenconsoled');
  if (d.vnc) {
    set('console/vnc-listen', d.vnc.listen);
    set('console/vnc-port', d.vnc.port);
  }
  const feat = hvm ? '' : '1';
  set('control/feature-poweroff', feat);
  set('control/feature-reboot', feat);
  if (hvm) {
    set('control/feature-s3', '');
    set('control/feature-s4', '');
  }
  set('control/feature-suspend', feat);
  set('control/platform-feature-multiprocessor-suspend', 1);
  set('control/platform-feature-xs_reset_watches', 1);
  set('control/shutdown', d.shutdown === 'reboot' ? 'reboot' : d.shutdown ? 'poweroff' : '');
  set('control/sysrq', '');
  for (let i = 0; i < d.vcpuTimeNs.length; i++)
    set(`cpu/${i}/availability`, i < d.vcpuAvail ? 'online' : 'offline');
  set('data', '');
  set('device/suspend/event-channel', '');
  d.config.disks.forEach((disk, i) => {
    const v = vdevNumber(disk.vdev);
    const p = `device/vbd/${v}`;
    set(`${p}/backend`, `/local/domain/0/backend/vbd/${d.id}/${v}`);
    set(`${p}/backend-id`, 0);
    set(`${p}/device-type`, disk.isCdrom ? 'cdrom' : 'disk');
    set(`${p}/event-channel`, 11 + i);
    set(`${p}/feature-persistent`, 1);
    set(`${p}/protocol`, 'x86_64-abi');
    set(`${p}/ring-ref`, 522 + i);
    set(`${p}/state`, 4);
    set(`${p}/trusted`, 1);
    set(`${p}/virtual-device`, v);
  });
  d.config.nics.forEach((n) => {
    const p = `device/vif/${n.devid}`;
    set(`${p}/backend`, `/local/domain/0/backend/vif/${d.id}/${n.devid}`);
    set(`${p}/backend-id`, 0);
    set(`${p}/event-channel-rx`, 10);
    set(`${p}/event-channel-tx`, 9);
    for (const f of [
      'feature-gso-tcpv4',
      'feature-gso-tcpv6',
      'feature-ipv6-csum-offload',
      'feature-rx-notify',
      'feature-sg',
    ])
      set(`${p}/${f}`, 1);
    set(`${p}/handle`, n.devid);
    set(`${p}/mac`, n.mac);
    set(`${p}/mtu`, 1500);
    set(`${p}/multi-queue-num-queues`, 1);
    set(`${p}/request-rx-copy`, 1);
    set(`${p}/rx-ring-ref`, 521 + n.devid * 2);
    set(`${p}/state`, 4);
    set(`${p}/trusted`, 1);
    set(`${p}/tx-ring-ref`, 520 + n.devid * 2);
    set(`${p}/xdp-headroom`, 0);
  });
  d.config.vfbs.forEach((v) => {
    const p = `device/vfb/${v.devid}`;
    set(`${p}/backend`, `/local/domain/0/backend/vfb/${d.id}/${v.devid}`);
    set(`${p}/backend-id`, 0);
    set(`${p}/event-channel`, 8);
    set(`${p}/feature-update`, 1);
    set(`${p}/page-ref`, 1189971);
    set(`${p}/protocol`, 'x86_64-abi');
    set(`${p}/state`, 4);
  });
  const vkbs = hvm ? [{ devid: 0 }] : d.config.vkbs;
  vkbs.forEach((k) => {
    const p = `device/vkbd/${k.devid}`;
    set(`${p}/backend`, `/local/domain/0/backend/vkbd/${d.id}/${k.devid}`);
    set(`${p}/backend-id`, 0);
    if (hvm) {
      set(`${p}/state`, 1);
      return;
    }
    set(`${p}/event-channel`, 9 + k.devid);
    set(`${p}/page-gref`, 8 + k.devid);
    set(`${p}/page-ref`, 1190025 + k.devid * 5);
    set(`${p}/request-abs-pointer`, 1);
    set(`${p}/state`, 4);
  });
  set('domid', d.id);
  set('drivers', '');
  set('error', '');
  set('feature', '');
  if (hvm) {
    set('hvmloader/allow-memory-relocate', 0);
    set('hvmloader/bios', 'seabios');
  }
  if (d.vnc || hvm) set('image/device-model-pid', 1500 + d.id);
  set('memory/static-max', d.maxMemKiB);
  set('memory/target', hvm ? d.targetKiB - d.config.videoKiB : d.targetKiB);
  set('memory/videoram', d.config.videoKiB);
  set('name', d.name);
  if (hvm) {
    set('platform/acpi', 1);
    set('platform/acpi_laptop_slate', 0);
    set('platform/acpi_s3', 1);
    set('platform/acpi_s4', 1);
    set('platform/device-model', 'qemu_xen');
  }
  if (d.serial) set('serial/0/tty', `/dev/pts/${(d.id % 8) + 2}`);
  set('store/port', 1);
  set('store/ring-ref', ring);
  set('vm', `/vm/${d.config.uuid}`);
  // dom0's backend side and the /vm node
  const be = `/local/domain/0/backend`;
  put(t, `${be}/console/${d.id}/0/frontend`, `${base}/console`);
  put(t, `${be}/console/${d.id}/0/frontend-id`, String(d.id));
  put(t, `${be}/console/${d.id}/0/state`, '4');
  d.config.disks.forEach((disk) => {
    const v = vdevNumber(disk.vdev);
    const p = `${be}/vbd/${d.id}/${v}`;
    put(t, `${p}/frontend`, `${base}/device/vbd/${v}`);
    put(t, `${p}/params`, disk.pdevPath ?? '');
    put(t, `${p}/mode`, disk.readwrite ? 'w' : 'r');
    put(t, `${p}/dev`, disk.vdev);
    put(t, `${p}/type`, 'phy');
    put(t, `${p}/state`, '4');
  });
  d.config.nics.forEach((n) => {
    const p = `${be}/vif/${d.id}/${n.devid}`;
    put(t, `${p}/frontend`, `${base}/device/vif/${n.devid}`);
    put(t, `${p}/mac`, n.mac);
    put(t, `${p}/bridge`, n.bridge);
    put(t, `${p}/script`, n.script ?? '/etc/xen/scripts/vif-bridge');
    put(t, `${p}/vifname`, n.vifname ?? `vif${d.id}.${n.devid}`);
    put(t, `${p}/state`, '4');
  });
  put(t, `/vm/${d.config.uuid}/name`, d.name);
  put(t, `/vm/${d.config.uuid}/uuid`, d.config.uuid);
  put(t, `/vm/${d.config.uuid}/start_time`, (d.startedAt / 1000).toFixed(2));
}

/** User writes (xenstore-write/-rm), layered over the generated tree. */
export class XsOverlay {
  readonly writes = new Map<string, string>();
  readonly removed = new Set<string>();
}

export function buildTree(host: SimHost, overlay?: XsOverlay): XsTree {
  const t: XsTree = new Map();
  put(t, '/local/domain/0/domid', '0');
  put(t, '/local/domain/0/name', 'Domain-0');
  put(t, '/local/domain/0/memory/target', String(host.dom0().targetKiB));
  put(t, '/local/domain/0/memory/static-max', String(host.dom0().maxMemKiB));
  put(t, '/local/domain/0/vm', '/vm/00000000-0000-0000-0000-000000000000');
  put(t, '/tool/xenstored', '');
  for (const d of host.list()) if (!d.isDom0) domainNodes(t, d);
  if (overlay) {
    for (const [k, v] of overlay.writes) {
      const m = /^\/local\/domain\/(\d+)(\/|$)/.exec(k);
      if (m && !host.domains.has(Number(m[1]))) continue;
      put(t, k, v);
    }
    for (const r of overlay.removed)
      for (const k of [...t.keys()]) if (k === r || k.startsWith(r + '/')) t.delete(k);
  }
  return t;
}

function children(t: XsTree, path: string): string[] {
  const pfx = path === '/' ? '/' : path + '/';
  const out = new Set<string>();
  for (const k of t.keys()) {
    if (k.startsWith(pfx) && k.length > pfx.length) out.add(k.slice(pfx.length).split('/')[0]!);
  }
  return [...out].sort();
}

function absPath(p: string): string {
  const a = p.startsWith('/') ? p : `/local/domain/0/${p}`;
  return a.length > 1 ? a.replace(/\/+$/, '') : a;
}

function escapeValue(v: string): string {
  // eslint-disable-next-line no-control-regex -- xenstore-ls escapes control characters
  return v.replace(/[\x00-\x1f\x7f\\]/g, (c) =>
    c === '\\' ? '\\\\' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}

const overlays = new WeakMap<SimHost, XsOverlay>();
export function overlayOf(host: SimHost): XsOverlay {
  let o = overlays.get(host);
  if (!o) overlays.set(host, (o = new XsOverlay()));
  return o;
}

export async function xenstoreCommand(argv: string[], p: Proc): Promise<number> {
  const prog = argv[0]!.replace(/^.*\//, '');
  const args = argv.slice(1);
  if (!p.user.root) {
    await p.stderr.write(`${prog}: xs_open: Permission denied\n`);
    return 1;
  }
  const host = p.host;
  host.tick();
  const overlay = overlayOf(host);
  const tree = buildTree(host, overlay);
  const flags = new Set(args.filter((a) => /^-[a-z]+$/.test(a)).flatMap((a) => [...a.slice(1)]));
  const paths = args.filter((a) => !/^-[a-z]+$/.test(a));
  const exists = (path: string): boolean => path === '/' || tree.has(path);
  switch (prog) {
    case 'xenstore-read': {
      if (!paths.length) {
        await p.stderr.write('Usage: xenstore-read [-h] [-s] [-p] [-R] key [...]\n');
        return 2;
      }
      for (const raw of paths) {
        const path = absPath(raw);
        if (!tree.has(path)) {
          await p.stderr.write(`xenstore-read: couldn't read path ${raw}\n`);
          return 1;
        }
        const v = tree.get(path)!;
        await p.stdout.write((flags.has('p') ? `${raw}: ` : '') + v + '\n');
      }
      return 0;
    }
    case 'xenstore-exists': {
      for (const raw of paths) if (!exists(absPath(raw))) return 1;
      return 0;
    }
    case 'xenstore-list': {
      for (const raw of paths) {
        const path = absPath(raw);
        if (!exists(path)) {
          await p.stderr.write(`xenstore-list: couldn't list path ${raw}\n`);
          return 1;
        }
        for (const c of children(tree, path)) await p.stdout.write(c + '\n');
      }
      return 0;
    }
    case 'xenstore-ls': {
      const start = absPath(paths[0] ?? '/');
      if (!exists(start)) {
        await p.stderr.write(`xenstore-ls: xs_directory (${start}): No such file or directory\n`);
        return 1;
      }
      const full = flags.has('f');
      let out = '';
      const walk = (path: string, depth: number): void => {
        for (const c of children(tree, path)) {
          const cp = path === '/' ? `/${c}` : `${path}/${c}`;
          const v = escapeValue(tree.get(cp) ?? '');
          out += full ? `${cp} = "${v}"\n` : `${' '.repeat(depth)}${c} = "${v}"\n`;
          walk(cp, depth + 1);
        }
      };
      walk(start, 0);
      await p.stdout.write(out);
      return 0;
    }
    case 'xenstore-write': {
      if (paths.length % 2 !== 0 || !paths.length) {
        await p.stderr.write('Usage: xenstore-write [-h] [-s] [-R] key value [...]\n');
        return 2;
      }
      for (let i = 0; i < paths.length; i += 2) {
        const path = absPath(paths[i]!);
        overlay.writes.set(path, paths[i + 1]!);
        overlay.removed.delete(path);
      }
      return 0;
    }
    case 'xenstore-rm': {
      for (const raw of paths) {
        const path = absPath(raw);
        overlay.removed.add(path);
        for (const k of [...overlay.writes.keys()])
          if (k === path || k.startsWith(path + '/')) overlay.writes.delete(k);
      }
      return 0;
    }
  }
  return 127;
}
