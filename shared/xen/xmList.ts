// `xm list` (xend, Xen 3.x–4.4), tools/python/xen/xm/main.py xm_brief_list:
//   print '%-40s %5s %5s %5s %10s %9s' % ('Name', 'ID', 'Mem', 'VCPUs', 'State', 'Time(s)')
//   "%(name)-40s %(domid)5s %(mem)5d %(vcpus)5d %(state)10s %(cpu_time)8.1f"
// Unlike `xl list`, xend also lists MANAGED domains that are not running (`xm new`): their ID
// column is blank and their state is "------". Mem is MiB, VCPUs the online count.
// `xm uptime` (xm_uptime): '%-33s %4s %s ' header, then "%(name)-32s %(domid)5s " + "[N day(s), ]H:MM:SS".

export interface XmListRow {
  name: string;
  /** null = a managed domain that is not running */
  id: number | null;
  memMiB: number;
  vcpus: number;
  stateFlags: string;
  cpuSeconds: number;
}

const ROW = /^(\S.*?)\s+(?:(\d+)\s+)?(\d+)\s+(\d+)\s+([-rbpscd]{6})\s+(\d+(?:\.\d+)?)\s*$/;

export function parseXmList(text: string): XmListRow[] {
  const rows: XmListRow[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const m = ROW.exec(line);
    if (!m) continue;
    const [, name, id, mem, vcpus, flags, time] = m;
    rows.push({
      name: name!,
      id: id === undefined ? null : Number(id),
      memMiB: Number(mem),
      vcpus: Number(vcpus),
      stateFlags: flags!,
      cpuSeconds: Number(time),
    });
  }
  return rows;
}

const UPTIME = /^(\S.*?)\s+(\d+)\s+(?:(\d+)\s+days?,\s*)?(\d+):(\d{2}):(\d{2})\s*$/;

/** `xm uptime`: name → seconds (the header and managed domains without an id are skipped). */
export function parseXmUptime(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const raw of text.split('\n')) {
    const m = UPTIME.exec(raw.replace(/\r$/, ''));
    if (!m) continue;
    const [, name, , days, h, min, s] = m;
    out.set(name!, Number(days ?? 0) * 86400 + Number(h) * 3600 + Number(min) * 60 + Number(s));
  }
  return out;
}
