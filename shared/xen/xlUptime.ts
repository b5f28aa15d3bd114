// `xl uptime`: printf("%-33s %4d %s\n", name, domid, uptime) where uptime is
// "%2d:%02d:%02d", "1 day, %2d:%02d:%02d" or "%d days, %2d:%02d:%02d"
// (tools/xl/xl_info.c uptime_to_string). Names longer than 33 chars push the columns right.

const ROW = /^(\S.*?)\s+(\d+)\s+(?:(\d+)\s+days?,\s*)?(\d+):(\d{2}):(\d{2})\s*$/;

/** name → uptime in seconds. */
export function parseXlUptime(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = ROW.exec(line);
    if (!m) continue;
    const [, name, , days, h, min, s] = m;
    out.set(name!, Number(days ?? 0) * 86400 + Number(h) * 3600 + Number(min) * 60 + Number(s));
  }
  return out;
}
