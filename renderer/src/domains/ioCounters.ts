// The cumulative I/O counters of a running domain in bytes, from what the poll reports (xentop:
// network in KiB, VBDs in 512-byte sectors). null where the host did not report one.
import type { DomainRow } from '../../../shared/types';

export interface IoCounters {
  diskReadBytes: number | null;
  diskWriteBytes: number | null;
  netRxBytes: number | null;
  netTxBytes: number | null;
}

const SECTOR = 512;

export function ioCounters(row: DomainRow): IoCounters {
  const io = row.io;
  if (!io) return { diskReadBytes: null, diskWriteBytes: null, netRxBytes: null, netTxBytes: null };
  return {
    diskReadBytes: io.vbdRdSect === null ? null : io.vbdRdSect * SECTOR,
    diskWriteBytes: io.vbdWrSect === null ? null : io.vbdWrSect * SECTOR,
    netRxBytes: io.netRxKiB * 1024,
    netTxBytes: io.netTxKiB * 1024,
  };
}
