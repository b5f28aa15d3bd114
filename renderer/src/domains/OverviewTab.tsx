// Overview: what the domain is and how it is set up, in the order an admin checks it.
import type { ReactNode } from 'react';
import type { DomainDetails } from '../../../shared/api';
import { formatMiB, formatUptime } from '../../../shared/format';
import type { DomainRow } from '../../../shared/types';
import { DomainStateBadge } from '../DomainStateBadge';
import { Icon } from '../Icon';
import { t } from '../strings';
import { bootOrder, overviewOf, type Fact } from './overview';
import { TagEditor } from './TagEditor';

function Card({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <section className="detail-card" data-testid={testId}>
      <h4>{title}</h4>
      <dl className="detail-facts">{children}</dl>
    </section>
  );
}

function Row({
  label,
  children,
  testId,
  hint,
}: {
  label: string;
  children: ReactNode;
  testId?: string;
  hint?: string;
}) {
  return (
    <>
      <dt title={hint} className={hint ? 'has-hint' : undefined}>
        {label}
      </dt>
      <dd data-testid={testId}>{children}</dd>
    </>
  );
}

function FactValue({ f, mono }: { f: Fact<string>; mono?: boolean }) {
  if (f.value === null) return <span className="muted">{t('common.none')}</span>;
  return (
    <>
      <span className={mono ? 'mono' : undefined}>{f.value}</span>
      {f.source === 'default' && <span className="fact-note">{t('domains.overview.default')}</span>}
    </>
  );
}

export function OverviewTab({
  hostId,
  row,
  details,
}: {
  hostId: string;
  row: DomainRow;
  details: DomainDetails | null;
}) {
  const m = details ? overviewOf(details) : null;
  const running = row.id !== null;
  const isHvm = row.type === 'hvm';
  const sched = details?.sched;
  return (
    <div className="overview-grid">
      <Card title={t('domains.overview.general')} testId="overview-general">
        <Row label={t('domains.overview.name')}>{row.name}</Row>
        <Row label={t('domains.overview.uuid')} testId="overview-uuid">
          {row.uuid ? (
            <span className="mono selectable">{row.uuid}</span>
          ) : (
            <span className="muted">{t('common.none')}</span>
          )}
        </Row>
        <Row label={t('domains.overview.state')} testId="overview-state">
          <DomainStateBadge state={row.state} flags={row.stateFlags} />
          {row.stateFlags && <span className="fact-note mono">{row.stateFlags}</span>}
        </Row>
        <Row label={t('domains.overview.id')}>{row.id ?? t('common.none')}</Row>
        <Row label={t('domains.overview.type')} testId="overview-type">
          {row.type
            ? `${t(`type.${row.type}`)} · ${t(`domains.overview.type.${row.type}`)}`
            : t('common.none')}
        </Row>
        <Row label={t('domains.overview.uptime')}>
          {running ? formatUptime(row.uptimeSeconds) : t('common.none')}
        </Row>
        <Row label={t('domains.overview.autostart')} testId="overview-autostart">
          {row.autostart ? t('domains.overview.autostart.on') : t('domains.overview.autostart.off')}
        </Row>
        <Row label={t('domains.overview.cfgPath')} testId="overview-cfgpath">
          {row.cfgPath ? (
            <span className="mono selectable">{row.cfgPath}</span>
          ) : (
            <span className="muted">{t('domains.overview.cfgPath.none')}</span>
          )}
        </Row>
        <Row label={t('domains.overview.tags')}>
          <TagEditor hostId={hostId} domain={row.name} tags={row.tags ?? []} />
        </Row>
      </Card>

      <Card title={t('domains.overview.resources')} testId="overview-resources">
        <Row label={t('domains.overview.memory')} testId="overview-memory">
          {m ? (
            <span className="stack">
              <span>
                {running && m.memory.currentMiB !== null
                  ? t('domains.overview.memory.current', { current: formatMiB(m.memory.currentMiB) })
                  : t('domains.overview.memory.configured', { target: formatMiB(m.memory.targetMiB) })}
              </span>
              <span className="muted">
                {t('domains.overview.memory.targetMax', {
                  target: formatMiB(m.memory.targetMiB),
                  max: formatMiB(m.memory.maxMiB),
                })}
              </span>
            </span>
          ) : (
            formatMiB(row.memoryMiB)
          )}
        </Row>
        <Row label={t('domains.overview.vcpus')} testId="overview-vcpus">
          {m ? (
            <span className="stack">
              <span>
                {m.vcpus.online !== null
                  ? t('domains.overview.vcpus.running', {
                      online: m.vcpus.online,
                      available: m.vcpus.available ?? '?',
                      max: m.vcpus.max ?? '?',
                    })
                  : t('domains.overview.vcpus.stopped', {
                      available: m.vcpus.available ?? '?',
                      max: m.vcpus.max ?? '?',
                    })}
              </span>
              {m.vcpus.notOnline > 0 && (
                <span className="fact-warn" data-testid="vcpus-not-online">
                  <Icon name="alertTriangle" size={12} />
                  {t('domains.overview.vcpus.notOnline', { count: m.vcpus.notOnline })}
                </span>
              )}
            </span>
          ) : (
            row.vcpus
          )}
        </Row>
        {sched && (
          <Row label={t('domains.overview.sched')}>
            {t('domains.overview.sched.value', {
              scheduler: sched.scheduler,
              weight: sched.weight ?? t('common.none'),
              cap: sched.cap ? `${sched.cap} %` : t('domains.overview.sched.noCap'),
            })}
          </Row>
        )}
      </Card>

      <Card title={t('domains.overview.boot')} testId="overview-boot">
        {m && m.bootloader.value !== null && (
          <Row label={t('domains.overview.bootloader')} testId="overview-bootloader">
            <FactValue f={m.bootloader} mono />
          </Row>
        )}
        {m && (m.kernel.value !== null || (!isHvm && m.bootloader.value === null)) && (
          <>
            <Row label={t('domains.overview.kernel')} testId="overview-kernel">
              <FactValue f={m.kernel} mono />
            </Row>
            <Row label={t('domains.overview.ramdisk')}>
              <FactValue f={m.ramdisk} mono />
            </Row>
            <Row label={t('domains.overview.cmdline')} testId="overview-cmdline">
              <FactValue f={m.cmdline} mono />
            </Row>
          </>
        )}
        {m && isHvm && (
          <Row label={t('domains.overview.bootOrder')}>
            {m.boot.value ? (
              <>
                {bootOrder(m.boot.value).join(' → ')} <span className="fact-note mono">{m.boot.value}</span>
              </>
            ) : (
              <span className="muted">{t('domains.overview.bootOrder.default')}</span>
            )}
          </Row>
        )}
        {!m && <Row label="">{t('domains.details.loading')}</Row>}
      </Card>

      <Card title={t('domains.overview.lifecycle')} testId="overview-lifecycle">
        {m ? (
          (['on_poweroff', 'on_reboot', 'on_crash'] as const).map((k) => (
            <Row
              key={k}
              label={t(`domains.overview.${k}`)}
              hint={t(`domains.overview.${k}.hint`)}
              testId={`overview-${k}`}
            >
              <FactValue f={m.actions[k]} mono />
            </Row>
          ))
        ) : (
          <Row label="">{t('domains.details.loading')}</Row>
        )}
      </Card>

      {details && details.cfgErrors.length > 0 && (
        <section className="detail-card detail-card-wide cfg-errors" data-testid="overview-cfg-errors">
          <h4>
            <Icon name="alertTriangle" size={14} className="icon-warn" /> {t('domains.overview.cfgErrors')}
          </h4>
          <ul>
            {details.cfgErrors.map((e) => (
              <li key={e} className="mono">
                {e}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
