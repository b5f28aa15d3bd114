// Hardware: the virtual devices, as virt-manager lists them: disks, CD/DVD drives, network
// interfaces and displays.
import type { ReactNode } from 'react';
import type { DomainDetails } from '../../../shared/api';
import type { DomainRow } from '../../../shared/types';
import { t, type StringKey } from '../strings';
import { hardwareOf, vncPort, type HwDisplay } from './hardware';

function Section({
  title,
  testId,
  cols,
  empty,
  children,
  count,
}: {
  title: string;
  testId: string;
  cols: StringKey[];
  empty: string;
  children: ReactNode;
  count: number;
}) {
  return (
    <section className="hw-section" data-testid={testId}>
      <h4>
        {title} <span className="count-pill">{count}</span>
      </h4>
      {count === 0 ? (
        <p className="muted hw-empty">{empty}</p>
      ) : (
        <table className="hw-table">
          <thead>
            <tr>
              {cols.map((c) => (
                <th key={c} scope="col">
                  {t(c)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>{children}</tbody>
        </table>
      )}
    </section>
  );
}

const none = () => <span className="muted">{t('common.none')}</span>;
const mono = (v: string | null) => (v ? <span className="mono">{v}</span> : none());

function displayPlace(d: HwDisplay): string {
  const port = vncPort(d.display);
  if (port !== null) return t('domains.hw.display.port', { display: d.display ?? 0, port });
  return d.findUnused ? t('domains.hw.display.auto') : t('domains.hw.display.default');
}

export function HardwareTab({ row, details }: { row: DomainRow; details: DomainDetails | null }) {
  if (!details) return <p className="muted">{t('domains.details.loading')}</p>;
  const hw = hardwareOf(details);
  const disks = hw.disks.filter((d) => !d.cdrom);
  const cds = hw.disks.filter((d) => d.cdrom);
  return (
    <div className="hw-tab">
      <p className="muted hw-source" data-testid="hw-source">
        {hw.from === 'live'
          ? t('domains.hw.from.live')
          : hw.from === 'file'
            ? t('domains.hw.from.file', { path: row.cfgPath ?? '' })
            : t('domains.hw.from.none')}
      </p>
      <Section
        title={t('domains.hw.disks')}
        testId="hw-disks"
        count={disks.length}
        empty={t('domains.hw.disks.none')}
        cols={[
          'domains.hw.col.vdev',
          'domains.hw.col.source',
          'domains.hw.col.format',
          'domains.hw.col.access',
          'domains.hw.col.backend',
        ]}
      >
        {disks.map((d) => (
          <tr key={d.vdev} data-testid={`hw-disk-${d.vdev}`} title={d.spec}>
            <td className="mono strong">{d.vdev}</td>
            <td>
              {mono(d.target)}
              {d.error && <div className="field-error">{d.error}</div>}
            </td>
            <td>{d.format ?? none()}</td>
            <td>{d.access === 'rw' ? t('domains.hw.access.rw') : t('domains.hw.access.ro')}</td>
            <td>{d.backend ?? <span className="muted">{t('domains.hw.backend.auto')}</span>}</td>
          </tr>
        ))}
      </Section>
      <Section
        title={t('domains.hw.cdroms')}
        testId="hw-cdroms"
        count={cds.length}
        empty={t('domains.hw.cdroms.none')}
        cols={[
          'domains.hw.col.vdev',
          'domains.hw.col.media',
          'domains.hw.col.format',
          'domains.hw.col.access',
        ]}
      >
        {cds.map((d) => (
          <tr key={d.vdev} data-testid={`hw-cdrom-${d.vdev}`} title={d.spec}>
            <td className="mono strong">{d.vdev}</td>
            <td>
              {d.target ? mono(d.target) : <span className="muted">{t('domains.hw.media.empty')}</span>}
            </td>
            <td>{d.format ?? none()}</td>
            <td>{d.access === 'rw' ? t('domains.hw.access.rw') : t('domains.hw.access.ro')}</td>
          </tr>
        ))}
      </Section>
      <Section
        title={t('domains.hw.nics')}
        testId="hw-nics"
        count={hw.nics.length}
        empty={t('domains.hw.nics.none')}
        cols={[
          'domains.hw.col.index',
          'domains.hw.col.mac',
          'domains.hw.col.bridge',
          'domains.hw.col.model',
          'domains.hw.col.script',
        ]}
      >
        {hw.nics.map((n) => (
          <tr key={`${n.index}-${n.mac ?? ''}`} data-testid={`hw-nic-${n.index}`} title={n.spec}>
            <td className="num">{n.index}</td>
            <td>{mono(n.mac)}</td>
            <td>{mono(n.bridge)}</td>
            <td>
              {n.model ?? (
                <span className="muted">
                  {row.type === 'hvm' ? t('domains.hw.model.default') : t('domains.hw.model.pv')}
                </span>
              )}
            </td>
            <td>
              {n.script ? mono(n.script) : <span className="muted">{t('domains.hw.script.default')}</span>}
            </td>
          </tr>
        ))}
      </Section>
      <Section
        title={t('domains.hw.displays')}
        testId="hw-displays"
        count={hw.displays.length}
        empty={t('domains.hw.displays.none')}
        cols={['domains.hw.col.display', 'domains.hw.col.listen', 'domains.hw.col.port']}
      >
        {hw.displays.map((d, i) => (
          <tr key={i} data-testid={`hw-display-${i}`}>
            <td>{d.source === 'hvm' ? t('domains.hw.display.hvm') : t('domains.hw.display.vfb')}</td>
            <td>{mono(d.listen ?? '127.0.0.1')}</td>
            <td>{displayPlace(d)}</td>
          </tr>
        ))}
      </Section>
    </div>
  );
}
