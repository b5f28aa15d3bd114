// Which lifecycle actions make sense for a domain in a given run state (pure, unit-tested).
import type { DomainAction } from '../../shared/api';
import type { DomainState } from '../../shared/types';

const LIVE: readonly DomainState[] = ['running', 'blocked', 'idle'];

export function canDoAction(action: DomainAction, state: DomainState): boolean {
  switch (action) {
    case 'pause':
      return LIVE.includes(state);
    case 'unpause':
      return state === 'paused';
    case 'shutdown':
    case 'reboot':
      // a paused guest can't act on the request until resumed; xl would just wait
      return LIVE.includes(state);
    case 'destroy':
      // crashed and half-shut-down domains are cleaned up with destroy
      return state !== 'dying' && state !== 'shut off';
    case 'start':
      return state === 'shut off';
  }
}

/** Actions asking for confirmation first. */
export function needsConfirmation(action: DomainAction): boolean {
  return action === 'destroy';
}
