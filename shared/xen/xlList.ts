// `xl list` and `xl list -v`.
//
//   Name                                        ID   Mem VCPUs<TAB>State<TAB>Time(s)
//   Domain-0                                     0  1536     2     r-----     378.0
// -v appends:   UUID  Reason-Code<TAB>Security Label   ('-' when none)
// The header uses TABs, rows use spaces: rows are matched from the right so that
// only the six fixed columns have to look like numbers / flags.

export interface XlListRow {
  name: string;
  id: number;
  /** current memory, MiB (0 while the domain is being built) */
  memMiB: number;
  /** ONLINE vCPUs (xentop counts all of them) */
  vcpus: number;
  /** 6 chars of rbpscd, e.g. "-b----" */
  stateFlags: string;
  cpuSeconds: number;
  /** -v only */
  uuid?: string;
  /** -v only, shutdown reason code; absent when '-' */
  reasonCode?: number;
  /** -v only; absent when '-' */
  securityLabel?: string;
}

const ROW =
  /^(\S.*?)\s+(\d+)\s+(\d+)\s+(\d+)\s+([-rbpscd]{6})\s+(\d+(?:\.\d+)?)(?:\s+([0-9a-fA-F-]{36})\s+(\S+)\s+(\S.*?))?\s*$/;

/** Parse `xl list [-v]` output. Lines that are not domain rows (header, errors) are skipped. */
export function parseXlList(text: string): XlListRow[] {
  const rows: XlListRow[] = [];
  for (const line of text.split('\n')) {
    const m = ROW.exec(line);
    if (!m) continue;
    const [, name, id, mem, vcpus, flags, time, uuid, reason, label] = m;
    const row: XlListRow = {
      name: name!,
      id: Number(id),
      memMiB: Number(mem),
      vcpus: Number(vcpus),
      stateFlags: flags!,
      cpuSeconds: Number(time),
    };
    if (uuid !== undefined) {
      row.uuid = uuid.toLowerCase();
      if (reason !== undefined && reason !== '-' && /^-?\d+$/.test(reason)) row.reasonCode = Number(reason);
      if (label !== undefined && label !== '-') row.securityLabel = label;
    }
    rows.push(row);
  }
  return rows;
}
