// Whether the graphical console makes sense for a domain row (pure, unit-tested).
import type { DomainRow } from '../../../shared/types';

/** Running (or paused: QEMU keeps serving the frozen screen) and configured with a VNC display. */
export function canOpenVnc(row: DomainRow | null | undefined): boolean {
  if (!row || row.graphics !== 'vnc' || row.id === null || row.id === 0) return false;
  return ['running', 'blocked', 'idle', 'paused'].includes(row.state);
}
