// `xentop -b -i N -d D [-f] [-x] [-n] [-v]` (batch mode).
//
// Every iteration prints the header line and one row per domain (sorted by name);
// -v/-n/-x add per-domain lines after each row ("VCPUs(sec): …" possibly wrapped onto
// indented continuation lines, "Net0 RX: …", "VBD BlkBack …"), which are skipped here.
// Only the LAST iteration is returned: CPU(%) of the first one is always 0.0.
// Not supported: -r (header repeated before every domain).
//
// Column formats (tools/xentop/xentop.c): NAME "%10.10s" (cut!) or, with -f, "%*s" widened
// to the longest name; STATE is d,s,b,c,p,r in that order; MAXMEM(k) can be "no limit" and
// MAXMEM(%) "n/a"; the VBD_* totals are "-" when every VBD of the domain reports an error.

export interface XentopRow {
  /** cut to 10 chars unless xentop ran with -f */
  name: string;
  /** xentop's STATE, e.g. "-----r" (letter positions differ from xl list) */
  stateFlags: string;
  /** whole seconds */
  cpuSeconds: number;
  cpuPercent: number;
  memKiB: number;
  memPercent: number;
  /** null for "no limit" */
  maxMemKiB: number | null;
  /** null for "n/a" */
  maxMemPercent: number | null;
  /** ALL vCPUs, including offline ones */
  vcpus: number;
  nets: number;
  /** cumulative KiB */
  netTxKiB: number;
  netRxKiB: number;
  vbds: number;
  /** cumulative counters; null when xentop prints '-' (all VBDs in error) */
  vbdOo: number | null;
  vbdRd: number | null;
  vbdWr: number | null;
  vbdRsect: number | null;
  vbdWsect: number | null;
  ssid: number;
}

const HEADER = /^\s*NAME\s+STATE\s+CPU\(sec\)/;
const INT = String.raw`(\d+)`;
const DEC = String.raw`(-?\d+(?:\.\d+)?|-?nan|-?inf)`;
const OPT = String.raw`(\d+|-)`;
const ROW = new RegExp(
  '^\\s*(\\S.*?)\\s([-dsbcpr]{6})' +
    [
      INT,
      DEC,
      INT,
      DEC,
      '(no limit|\\d+)',
      '(n/a|\\d+(?:\\.\\d+)?)',
      INT,
      INT,
      INT,
      INT,
      INT,
      OPT,
      OPT,
      OPT,
      OPT,
      OPT,
      INT,
    ]
      .map((g) => '\\s+' + g)
      .join('') +
    '\\s*$',
);

function dec(s: string): number {
  const n = Number(s);
  return Number.isFinite(n) ? n : 0;
}
function opt(s: string): number | null {
  return s === '-' ? null : Number(s);
}

export function parseXentop(text: string): XentopRow[] {
  let rows: XentopRow[] = [];
  for (const line of text.split('\n')) {
    if (HEADER.test(line)) {
      // a new iteration: forget the previous one
      rows = [];
      continue;
    }
    const m = ROW.exec(line);
    if (!m) continue; // VCPUs(sec)/NetN/VBD detail lines, blank lines
    const g = m.slice(1) as string[];
    rows.push({
      name: g[0]!,
      stateFlags: g[1]!,
      cpuSeconds: Number(g[2]),
      cpuPercent: dec(g[3]!),
      memKiB: Number(g[4]),
      memPercent: dec(g[5]!),
      maxMemKiB: g[6] === 'no limit' ? null : Number(g[6]),
      maxMemPercent: g[7] === 'n/a' ? null : dec(g[7]!),
      vcpus: Number(g[8]),
      nets: Number(g[9]),
      netTxKiB: Number(g[10]),
      netRxKiB: Number(g[11]),
      vbds: Number(g[12]),
      vbdOo: opt(g[13]!),
      vbdRd: opt(g[14]!),
      vbdWr: opt(g[15]!),
      vbdRsect: opt(g[16]!),
      vbdWsect: opt(g[17]!),
      ssid: Number(g[18]),
    });
  }
  return rows;
}
