// Domain-0 on its own: virt-manager hides it, but its memory and CPU matter to an admin.
import { formatUptime } from '../../shared/format';
import type { DomainRow } from '../../shared/types';
import { CpuMeter } from './CpuMeter';
import { memoryText, vcpusHint, vcpusText } from './domainFormat';
import { DomainStateBadge } from './DomainStateBadge';
import { Icon } from './Icon';
import { t } from './strings';
import './Dom0Card.css';

export function Dom0Card({ dom0 }: { dom0: DomainRow }) {
  return (
    <section className="dom0-card" data-testid="dom0-card" aria-label={t('dom0.label')}>
      <div className="dom0-title">
        <Icon name="shield" size={18} className="dom0-icon" />
        <div>
          <h3>{t('dom0.title')}</h3>
          <span className="muted">{t('dom0.subtitle')}</span>
        </div>
        <DomainStateBadge state={dom0.state} flags={dom0.stateFlags} />
      </div>
      <dl className="dom0-metrics">
        <div>
          <dt>{t('dom0.memory')}</dt>
          <dd data-testid="dom0-memory">{memoryText(dom0)}</dd>
        </div>
        <div>
          <dt>{t('dom0.vcpus')}</dt>
          <dd data-testid="dom0-vcpus" title={vcpusHint(dom0)}>
            {vcpusText(dom0)}
          </dd>
        </div>
        <div className="dom0-cpu">
          <dt>{t('dom0.cpu')}</dt>
          <dd data-testid="dom0-cpu">
            <CpuMeter percent={dom0.cpuPercent} vcpus={dom0.vcpus} />
          </dd>
        </div>
        <div>
          <dt>{t('dom0.uptime')}</dt>
          <dd data-testid="dom0-uptime">{formatUptime(dom0.uptimeSeconds)}</dd>
        </div>
      </dl>
    </section>
  );
}
