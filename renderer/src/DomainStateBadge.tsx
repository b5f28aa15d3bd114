// A domain's run state: icon + word (never colour alone), with xl's raw flags in the tooltip.
import type { DomainState } from '../../shared/types';
import { Icon, type IconName } from './Icon';
import { t } from './strings';
import './DomainStateBadge.css';

const ICONS: Record<DomainState, IconName> = {
  running: 'play',
  blocked: 'moon',
  idle: 'circleDashed',
  paused: 'pause',
  shutdown: 'power',
  crashed: 'alertTriangle',
  dying: 'xCircle',
  'shut off': 'square',
};

export function DomainStateBadge({ state, flags }: { state: DomainState; flags?: string | null }) {
  const hint = t(`state.${state}.hint`);
  return (
    <span
      className={`state-badge state-${state.replace(' ', '-')}`}
      title={flags ? t('state.hintWithFlags', { hint, flags }) : hint}
    >
      <Icon name={ICONS[state]} size={12} />
      {t(`state.${state}`)}
    </span>
  );
}
