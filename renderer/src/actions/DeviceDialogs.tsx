// Hot-plug disks and NICs (persisted in the config when asked), and CD/DVD media for HVM guests.
import { useCallback, useEffect, useState } from 'react';
import { MAC_RE, VDEV_RE, BRIDGE_RE, type DomainDetails } from '../../../shared/api';
import { useServices } from '../appContext';
import { FormField } from '../FormField';
import { t } from '../strings';
import { diskEntries, nextVdev, nicEntries, validHostPath } from './actionLogic';
import { ActionDialog, useRun } from './ActionDialog';
import { ActionFailure } from './ActionFailure';
import { PersistBox } from './ResourcesDialog';
import type { HostDomainProps } from './SaveRestoreDialogs';

function useLiveDetails(hostId: string, name: string) {
  const { client } = useServices();
  const [details, setDetails] = useState<DomainDetails | null>(null);
  const [error, setError] = useState<unknown>(null);
  const reload = useCallback(() => {
    client.api.getDomainDetails({ hostId, domain: name }).then(setDetails, setError);
  }, [client, hostId, name]);
  useEffect(reload, [reload]);
  return { details, error, reload };
}

export function DevicesDialog({ hostId, domain, onClose }: HostDomainProps) {
  const { client, toasts } = useServices();
  const { details, error: loadError, reload } = useLiveDetails(hostId, domain.name);
  const { busy, error, run } = useRun();
  const [persist, setPersist] = useState(true);
  const running = domain.id !== null;
  const disks = details ? diskEntries(details) : [];
  const nics = details ? nicEntries(details) : [];
  const [disk, setDisk] = useState({ target: '', vdev: '', format: 'raw', access: 'rw' });
  const [nic, setNic] = useState({ bridge: 'xenbr0', mac: '', model: '' });
  const [tried, setTried] = useState<'disk' | 'nic' | null>(null);
  const vdev = disk.vdev || nextVdev(disks.map((d) => d.vdev));
  const common = { hostId, domain: domain.name, persist: persist && domain.defined };

  const act = async (fn: () => Promise<unknown>) => {
    const r = await run(async () => {
      await fn();
      return true;
    });
    if (r) {
      toasts.show('success', t('act.dev.done', { name: domain.name }));
      reload();
    }
    return r;
  };

  const diskErr = {
    target: !validHostPath(disk.target) ? t('act.dev.err.path') : undefined,
    vdev: !VDEV_RE.test(vdev) ? t('act.dev.err.vdev') : undefined,
  };
  const nicErr = {
    bridge: !BRIDGE_RE.test(nic.bridge) ? t('act.dev.err.bridge') : undefined,
    mac: nic.mac && !MAC_RE.test(nic.mac) ? t('act.dev.err.mac') : undefined,
  };
  const attachDisk = async () => {
    setTried('disk');
    if (diskErr.target || diskErr.vdev) return;
    const ok = await act(() =>
      client.api.attachDisk({
        ...common,
        disk: { target: disk.target, vdev, format: disk.format as 'raw', access: disk.access as 'rw' },
      }),
    );
    if (ok) {
      setDisk({ target: '', vdev: '', format: 'raw', access: 'rw' });
      setTried(null);
    }
  };
  const attachNic = async () => {
    setTried('nic');
    if (nicErr.bridge || nicErr.mac) return;
    const ok = await act(() =>
      client.api.attachNic({
        ...common,
        nic: {
          bridge: nic.bridge,
          mac: nic.mac || undefined,
          model: (nic.model || undefined) as 'e1000' | undefined,
        },
      }),
    );
    if (ok) {
      setNic({ bridge: 'xenbr0', mac: '', model: '' });
      setTried(null);
    }
  };

  return (
    <ActionDialog
      testId="dialog-devices"
      title={t('act.dev.title', { name: domain.name })}
      icon="plug"
      okLabel=""
      okTestId="devices-ok"
      noOk
      busy={busy}
      error={error}
      width="wide"
      onOk={() => undefined}
      onClose={onClose}
    >
      <p className="field-hint">{running ? t('act.dev.live') : t('act.dev.stopped')}</p>
      {loadError !== null && <ActionFailure error={loadError} />}
      <div className="act-section-title">{t('act.dev.disks')}</div>
      <ul className="act-devices" data-testid="dev-disks">
        {disks.length === 0 && <li className="field-hint">{t('act.dev.none')}</li>}
        {disks.map((d) => (
          <li key={d.vdev} data-vdev={d.vdev}>
            <span className="act-dev-name mono">{d.vdev}</span>
            <span className="mono act-dev-target">{d.target ?? t('act.cd.empty')}</span>
            <span className="act-meta">{d.cdrom ? 'cdrom' : d.readOnly ? 'ro' : 'rw'}</span>
            <button
              type="button"
              className="btn btn-small"
              disabled={busy}
              onClick={() => void act(() => client.api.detachDisk({ ...common, vdev: d.vdev }))}
              data-testid={`dev-disk-detach-${d.vdev}`}
            >
              {t('act.dev.detach')}
            </button>
          </li>
        ))}
      </ul>
      <fieldset className="act-fieldset">
        <legend>{t('act.dev.attachDisk')}</legend>
        <div className="act-row">
          <FormField
            label={t('act.dev.target')}
            testId="dev-disk-target"
            grow
            error={tried === 'disk' ? diskErr.target : undefined}
          >
            {(p) => (
              <input
                {...p}
                type="text"
                className="mono"
                placeholder="/var/lib/xen/images/data.img"
                value={disk.target}
                spellCheck={false}
                onChange={(e) => setDisk({ ...disk, target: e.target.value })}
                disabled={busy}
              />
            )}
          </FormField>
          <FormField
            label={t('act.dev.vdev')}
            testId="dev-disk-vdev"
            className="act-narrow"
            error={tried === 'disk' ? diskErr.vdev : undefined}
          >
            {(p) => (
              <input
                {...p}
                type="text"
                className="mono"
                value={vdev}
                onChange={(e) => setDisk({ ...disk, vdev: e.target.value })}
                disabled={busy}
              />
            )}
          </FormField>
        </div>
        <div className="act-row act-row-end">
          <FormField label={t('act.dev.format')} testId="dev-disk-format">
            {(p) => (
              <select
                {...p}
                value={disk.format}
                onChange={(e) => setDisk({ ...disk, format: e.target.value })}
                disabled={busy}
              >
                {['raw', 'qcow2', 'vhd', 'qcow', 'qed'].map((f) => (
                  <option key={f}>{f}</option>
                ))}
              </select>
            )}
          </FormField>
          <FormField label={t('act.dev.access')} testId="dev-disk-access">
            {(p) => (
              <select
                {...p}
                value={disk.access}
                onChange={(e) => setDisk({ ...disk, access: e.target.value })}
                disabled={busy}
              >
                <option value="rw">{t('act.dev.access.rw')}</option>
                <option value="ro">{t('act.dev.access.ro')}</option>
              </select>
            )}
          </FormField>
          <button
            type="button"
            className="btn"
            onClick={() => void attachDisk()}
            disabled={busy}
            data-testid="dev-disk-attach"
          >
            {t('act.dev.attach')}
          </button>
        </div>
      </fieldset>

      <div className="act-section-title">{t('act.dev.nics')}</div>
      <ul className="act-devices" data-testid="dev-nics">
        {nics.length === 0 && <li className="field-hint">{t('act.dev.none')}</li>}
        {nics.map((n, i) => (
          <li key={`${n.id}`} data-mac={n.mac}>
            <span className="act-dev-name mono">{n.mac ?? `#${i}`}</span>
            <span className="mono act-dev-target">{n.bridge ?? ''}</span>
            <span className="act-meta">{n.model ?? ''}</span>
            <button
              type="button"
              className="btn btn-small"
              disabled={busy}
              onClick={() => void act(() => client.api.detachNic({ ...common, nic: n.id }))}
              data-testid={`dev-nic-detach-${i}`}
            >
              {t('act.dev.detach')}
            </button>
          </li>
        ))}
      </ul>
      <fieldset className="act-fieldset">
        <legend>{t('act.dev.attachNic')}</legend>
        <div className="act-row act-row-end">
          <FormField
            label={t('act.dev.bridge')}
            testId="dev-nic-bridge"
            className="act-narrow"
            error={tried === 'nic' ? nicErr.bridge : undefined}
          >
            {(p) => (
              <input
                {...p}
                type="text"
                className="mono"
                value={nic.bridge}
                onChange={(e) => setNic({ ...nic, bridge: e.target.value })}
                disabled={busy}
              />
            )}
          </FormField>
          <FormField
            label={t('act.dev.mac')}
            testId="dev-nic-mac"
            grow
            error={tried === 'nic' ? nicErr.mac : undefined}
          >
            {(p) => (
              <input
                {...p}
                type="text"
                className="mono"
                placeholder="00:16:3e:…"
                value={nic.mac}
                onChange={(e) => setNic({ ...nic, mac: e.target.value })}
                disabled={busy}
              />
            )}
          </FormField>
          {domain.type === 'hvm' && (
            <FormField label={t('act.dev.model')} testId="dev-nic-model">
              {(p) => (
                <select
                  {...p}
                  value={nic.model}
                  onChange={(e) => setNic({ ...nic, model: e.target.value })}
                  disabled={busy}
                >
                  <option value="">{t('act.dev.model.default')}</option>
                  {['e1000', 'rtl8139', 'virtio-net'].map((m) => (
                    <option key={m}>{m}</option>
                  ))}
                </select>
              )}
            </FormField>
          )}
          <button
            type="button"
            className="btn"
            onClick={() => void attachNic()}
            disabled={busy}
            data-testid="dev-nic-attach"
          >
            {t('act.dev.attach')}
          </button>
        </div>
      </fieldset>
      <PersistBox
        defined={domain.defined}
        running={running}
        value={persist}
        onChange={setPersist}
        busy={busy}
      />
    </ActionDialog>
  );
}

export function CdDialog({ hostId, domain, onClose }: HostDomainProps) {
  const { client, toasts } = useServices();
  const { details, error: loadError, reload } = useLiveDetails(hostId, domain.name);
  const { busy, error, run } = useRun();
  const drives = details ? diskEntries(details).filter((d) => d.cdrom) : [];
  const [files, setFiles] = useState<Record<string, string>>({});
  const act = async (fn: () => Promise<unknown>) => {
    const r = await run(async () => {
      await fn();
      return true;
    });
    if (r) {
      toasts.show('success', t('act.cd.done', { name: domain.name }));
      reload();
    }
  };
  return (
    <ActionDialog
      testId="dialog-cd"
      title={t('act.cd.title', { name: domain.name })}
      icon="circleDashed"
      okLabel=""
      okTestId="cd-ok"
      noOk
      busy={busy}
      error={error}
      onOk={() => undefined}
      onClose={onClose}
    >
      {loadError !== null && <ActionFailure error={loadError} />}
      {details && drives.length === 0 && <p className="field-hint">{t('act.cd.none')}</p>}
      {drives.map((d) => {
        const file = files[d.vdev] ?? '';
        const bad = !validHostPath(file);
        return (
          <fieldset className="act-fieldset" key={d.vdev} data-testid={`cd-drive-${d.vdev}`}>
            <legend>{t('act.cd.drive', { vdev: d.vdev })}</legend>
            <div className="act-row act-row-end">
              <span className="mono act-dev-target" data-testid={`cd-media-${d.vdev}`}>
                {d.target ?? t('act.cd.empty')}
              </span>
              <button
                type="button"
                className="btn btn-small"
                disabled={busy || !d.target}
                onClick={() =>
                  void act(() => client.api.cdEject({ hostId, domain: domain.name, vdev: d.vdev }))
                }
                data-testid={`cd-eject-${d.vdev}`}
              >
                {t('act.cd.eject')}
              </button>
            </div>
            <div className="act-row act-row-end">
              <FormField label={t('act.cd.file')} testId={`cd-file-${d.vdev}`} grow>
                {(p) => (
                  <input
                    {...p}
                    type="text"
                    className="mono"
                    placeholder="/var/lib/xen/iso/…"
                    value={file}
                    spellCheck={false}
                    onChange={(e) => setFiles({ ...files, [d.vdev]: e.target.value })}
                    disabled={busy}
                  />
                )}
              </FormField>
              <button
                type="button"
                className="btn"
                disabled={busy || bad}
                onClick={() =>
                  void act(() => client.api.cdInsert({ hostId, domain: domain.name, vdev: d.vdev, file }))
                }
                data-testid={`cd-insert-${d.vdev}`}
              >
                {t('act.cd.insert')}
              </button>
            </div>
          </fieldset>
        );
      })}
    </ActionDialog>
  );
}
