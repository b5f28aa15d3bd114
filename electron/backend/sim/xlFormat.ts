// Printers for xl's tables, with the column formats of tools/xl (checked byte for byte against
// ../shared/xen-samples): `xl list [-v]`, `xl list -l`, `xl info`, `xl uptime`, `xl vcpu-list`,
// `xl vm-list`, `xl network-list`, `xl block-list`, `xl sched-credit2`.
import { domainConfigJson, yajlPretty } from './domconfig';
import { HOST_INFO, type SimDomain, type SimHost } from './model';

const padR = (s: string | number, n: number): string => String(s).padEnd(n);
const padL = (s: string | number, n: number): string => String(s).padStart(n);
const f1 = (n: number): string => n.toFixed(1);

export function xlListHeader(verbose: boolean): string {
  let h = `${padR('Name', 40)} ${padL('ID', 5)} ${padL('Mem', 5)} ${padL('VCPUs', 5)}\tState\tTime(s)`;
  if (verbose) h += '   UUID                            Reason-Code\tSecurity Label';
  return h + '\n';
}

export function xlListRow(d: SimDomain, verbose: boolean): string {
  const mem = Math.floor(d.memKiB / 1024);
  const vcpus = d.building ? 0 : d.vcpuOnline;
  let r = `${padR(d.name, 40)} ${padL(d.id, 5)} ${padL(mem, 5)} ${padL(vcpus, 5)}     ${d.xlState()}  ${padL(f1(d.cpuNs() / 1e9), 8)}`;
  if (verbose) {
    const reason = d.shutdown
      ? { poweroff: 0, reboot: 1, suspend: 2, crash: 3, watchdog: 4 }[d.shutdown].toString(16)
      : '-';
    r += ` ${d.config.uuid} ${padL(reason, 8)} ${padL('-', 16)}`;
  }
  return r + '\n';
}

export function xlList(doms: SimDomain[], verbose: boolean): string {
  return xlListHeader(verbose) + doms.map((d) => xlListRow(d, verbose)).join('');
}

/** One element of `xl list -l`. */
export function xlListLongItem(d: SimDomain): unknown {
  if (d.isDom0) {
    return {
      domid: 0,
      config: {
        c_info: { type: 'pv', name: 'Domain-0' },
        b_info: {
          max_memkb: d.maxMemKiB,
          target_memkb: d.targetKiB,
          sched_params: { sched: 'credit2', weight: 256, cap: 0 },
          'type.pv': {},
          arch_arm: {},
          arch_x86: {},
        },
      },
    };
  }
  return {
    domid: d.id,
    config: domainConfigJson(d.config, {
      runtime: true,
      availVcpus: d.vcpuAvail,
      targetKiB: d.targetKiB,
      maxMemKiB: d.maxMemKiB,
    }),
  };
}

/** `xl list -l`: a JSON array, then an empty line. */
export function xlListLong(doms: SimDomain[]): string {
  return yajlPretty(doms.map(xlListLongItem) as never) + '\n\n';
}

export function xlInfo(host: SimHost): string {
  host.tick();
  return HOST_INFO.map(
    ([k, v]) => `${padR(k, 23)}: ${v === '@free' ? String(Math.floor(host.freeKiB() / 1024)) : v}\n`,
  ).join('');
}

function uptimeText(sec: number): string {
  const s = Math.floor(sec);
  const days = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = s % 60;
  const hms = `${padL(h, 2)}:${String(m).padStart(2, '0')}:${String(ss).padStart(2, '0')}`;
  return days > 0 ? `${days} day${days > 1 ? 's' : ''}, ${hms}` : hms;
}

export function xlUptime(host: SimHost, doms: SimDomain[]): string {
  const now = host.now();
  return (
    `${padR('Name', 32)} ${padL('ID', 5)} Uptime\n` +
    doms
      .map((d) => `${padR(d.name, 32)} ${padL(d.id, 5)} ${uptimeText((now - d.startedAt) / 1000)}\n`)
      .join('')
  );
}

export function xlVcpuList(doms: SimDomain[]): string {
  let s = `${padR('Name', 32)} ${padL('ID', 5)} ${padL('VCPU', 5)} ${padL('CPU', 5)} ${padL('State', 5)} ${padL('Time(s)', 9)} Affinity (Hard / Soft)\n`;
  for (const d of doms) {
    const n = d.building ? 0 : d.vcpuTimeNs.length;
    for (let i = 0; i < n; i++) {
      const online = i < d.vcpuOnline;
      let state: string;
      let cpu: string;
      if (!online || d.paused || d.shutdown) {
        state = '--p';
        cpu = online && !d.shutdown ? String(i % 2) : '-';
      } else if (d.isDom0 ? i === 0 : d.busy) {
        state = 'r--';
        cpu = String(d.isDom0 ? 0 : (i + 1) % 2);
      } else {
        state = '-b-';
        cpu = String(d.isDom0 ? 1 : (i + 1) % 2);
      }
      if (!online) cpu = '-';
      s += `${padR(d.name, 32)} ${padL(d.id, 5)} ${padL(i, 5)}${padL(cpu, 5)}   ${state} ${padL(f1(d.vcpuTimeNs[i]! / 1e9), 9)}  all / all\n`;
    }
  }
  return s;
}

export function xlVmList(doms: SimDomain[]): string {
  return (
    `${padR('UUID', 36)}  ID    name\n` +
    doms.map((d) => `${d.config.uuid}  ${d.id}    ${padR(d.name, 30)}\n`).join('')
  );
}

export function xlNetworkList(doms: SimDomain[]): string {
  let s = `${padR('Idx', 3)} ${padR('BE', 2)} ${padR('Mac Addr.', 17)} ${padR('handle', 6)} ${padR('state', 5)} ${padR('evt-ch', 6)} ${padL('tx-', 5)}/${padR('rx-ring-ref', 5)} ${padR('BE-path', 30)}\n`;
  for (const d of doms) {
    d.config.nics.forEach((n, i) => {
      const tx = 520 + i * 2;
      s += `${padR(n.devid, 3)} ${padR(0, 2)} ${n.mac}${padL(n.devid, 6)} ${padL(4, 5)} ${padL(-1, 6)} ${padL(tx, 5)}/${padR(tx + 1, 11)} ${padR(`/local/domain/0/backend/vif/${d.id}/${n.devid}`, 30)}\n`;
    });
  }
  return s;
}

/** Linux's virtual device number of xvdX / hdX / sdX names. */
export function vdevNumber(vdev: string): number {
  let m = /^xvd([a-z]+)(\d*)$/.exec(vdev);
  const idx = (letters: string): number =>
    [...letters].reduce((a, c) => a * 26 + (c.charCodeAt(0) - 96), 0) - 1;
  if (m) {
    const disk = idx(m[1]!);
    const part = m[2] ? Number(m[2]) : 0;
    return disk < 16 ? (202 << 8) | (disk << 4) | part : (1 << 28) | (disk << 8) | part;
  }
  m = /^hd([a-z])(\d*)$/.exec(vdev);
  if (m) {
    const disk = idx(m[1]!);
    const major = [3, 3, 22, 22][disk] ?? 3;
    return (major << 8) | ((disk % 2) << 6) | (m[2] ? Number(m[2]) : 0);
  }
  m = /^sd([a-z])(\d*)$/.exec(vdev);
  if (m) return (8 << 8) | (idx(m[1]!) << 4) | (m[2] ? Number(m[2]) : 0);
  return 51712;
}

export function xlBlockList(doms: SimDomain[]): string {
  let s = `${padR('Vdev', 5)} ${padR('BE', 3)} ${padR('handle', 6)} ${padR('state', 5)} ${padR('evt-ch', 6)} ${padR('ring-ref', 8)} ${padR('BE-path', 30)}\n`;
  for (const d of doms) {
    d.config.disks.forEach((disk, i) => {
      const v = vdevNumber(disk.vdev);
      s += `${padR(v, 5)} ${padR(0, 3)} ${padR(d.id, 6)} ${padR(4, 5)} ${padR(11 + i, 6)} ${padR(522 + i, 8)} ${padR(`/local/domain/0/backend/vbd/${d.id}/${v}`, 30)}\n`;
    });
  }
  return s;
}

export function xlSchedCredit2(doms: SimDomain[]): string {
  let s = 'Cpupool Pool-0: ratelimit=1000us\n';
  s += `${padR('Name', 33)} ${padL('ID', 4)} ${padL('Weight', 6)} ${padL('Cap', 4)}\n`;
  for (const d of doms)
    s += `${padR(d.name, 33)} ${padL(d.id, 4)} ${padL(d.isDom0 ? 256 : d.config.weight, 6)} ${padL(d.isDom0 ? 0 : d.config.cap, 4)}\n`;
  return s;
}
