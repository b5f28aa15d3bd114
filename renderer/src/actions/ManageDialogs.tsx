// Rename, migrate, clone and delete a domain.
import { useState } from 'react';
import type { HostSummary } from '../../../shared/api';
import { useServices } from '../appContext';
import { FormField } from '../FormField';
import { t } from '../strings';
import { clonePlan, deletableImages, nameError } from './actionLogic';
import { ActionDialog, useRun } from './ActionDialog';
import { ActionFailure } from './ActionFailure';
import type { HostDomainProps } from './SaveRestoreDialogs';
import { TaskProgressBar } from './TaskProgressBar';
import { useDetails } from './useDetails';
import { ConfirmDialog } from '../ConfirmDialog'; // issue 9
import { getPrefs } from '../prefs/prefsStore'; // issue 9: confirmations are preferences
import { newTaskId, useTaskProgress } from './useTask';

export function RenameDialog({ hostId, domain, onClose, taken }: HostDomainProps & { taken: string[] }) {
  const { client, toasts } = useServices();
  const [name, setName] = useState(domain.name);
  const [touched, setTouched] = useState(false);
  const { busy, error, run } = useRun();
  const bad = nameError(name, domain.name, taken);
  const ok = async () => {
    setTouched(true);
    if (bad) return;
    const r = await run(() => client.api.renameDomain({ hostId, domain: domain.name, newName: name }));
    if (r) {
      toasts.show('success', t('act.rename.done', { name: domain.name, newName: name }));
      onClose();
    }
  };
  return (
    <ActionDialog
      testId="dialog-rename"
      title={t('act.rename.title', { name: domain.name })}
      icon="tag"
      okLabel={t('act.rename.ok')}
      okTestId="rename-ok"
      busy={busy}
      error={error}
      width="narrow"
      onOk={() => void ok()}
      onClose={onClose}
    >
      <FormField
        label={t('act.rename.name')}
        testId="rename-name"
        error={touched && bad ? t(bad) : undefined}
      >
        {(p) => (
          <input
            {...p}
            type="text"
            value={name}
            autoFocus
            spellCheck={false}
            autoComplete="off"
            onChange={(e) => {
              setName(e.target.value);
              setTouched(true);
            }}
            disabled={busy}
          />
        )}
      </FormField>
      <p className="field-hint">{t('act.rename.hint')}</p>
    </ActionDialog>
  );
}

export function MigrateDialog({
  hostId,
  hostLabel,
  domain,
  onClose,
  targets,
}: HostDomainProps & { targets: HostSummary[] }) {
  const { client, toasts } = useServices();
  const [target, setTarget] = useState(targets[0]?.id ?? '');
  const [taskId, setTaskId] = useState<string | null>(null);
  const progress = useTaskProgress(taskId);
  const { busy, error, run } = useRun();
  const ok = async () => {
    const id = newTaskId('migrate');
    setTaskId(id);
    const r = await run(() =>
      client.api.migrateDomain({ hostId, domain: domain.name, targetHostId: target, taskId: id }),
    );
    if (r) {
      toasts.show(
        'success',
        t('act.migrate.done', {
          name: domain.name,
          host: targets.find((h) => h.id === target)?.label ?? target,
        }),
      );
      onClose();
    }
  };
  return (
    <ActionDialog
      testId="dialog-migrate"
      title={t('act.migrate.title', { name: domain.name })}
      icon="server"
      okLabel={t('act.migrate.ok')}
      okTestId="migrate-ok"
      busy={busy}
      error={error}
      okDisabled={!target}
      onOk={() => void ok()}
      onClose={onClose}
      progress={<TaskProgressBar progress={progress} label={t('act.migrate.title', { name: domain.name })} />}
    >
      <FormField label={t('act.migrate.target')} testId="migrate-target">
        {(p) => (
          <select {...p} value={target} onChange={(e) => setTarget(e.target.value)} disabled={busy}>
            {targets.map((h) => (
              <option key={h.id} value={h.id}>
                {h.label} ({h.username}@{h.address}
                {h.port !== 22 ? `:${h.port}` : ''})
              </option>
            ))}
          </select>
        )}
      </FormField>
      <p className="act-note">{t('act.migrate.how', { host: hostLabel })}</p>
      <p className="act-note">{t('act.migrate.disks')}</p>
    </ActionDialog>
  );
}

export function CloneDialog({ hostId, domain, onClose, taken }: HostDomainProps & { taken: string[] }) {
  const { client, toasts } = useServices();
  const { details, error: loadError } = useDetails(hostId, domain.name);
  const [name, setName] = useState(`${domain.name}-clone`);
  const [taskId, setTaskId] = useState<string | null>(null);
  const progress = useTaskProgress(taskId);
  const { busy, error, run } = useRun();
  const bad = nameError(name, domain.name, taken);
  const plan = details ? clonePlan(details) : null;
  const ok = async () => {
    if (bad) return;
    const id = newTaskId('clone');
    setTaskId(id);
    const r = await run(() =>
      client.api.cloneDomain({ hostId, domain: domain.name, newName: name, taskId: id }),
    );
    if (r) {
      toasts.show('success', t('act.clone.done', { name: domain.name, newName: name }));
      onClose();
    }
  };
  return (
    <ActionDialog
      testId="dialog-clone"
      title={t('act.clone.title', { name: domain.name })}
      icon="plus"
      okLabel={t('act.clone.ok')}
      okTestId="clone-ok"
      busy={busy}
      error={error}
      okDisabled={!!bad}
      onOk={() => void ok()}
      onClose={onClose}
      progress={<TaskProgressBar progress={progress} label={t('act.clone.title', { name: domain.name })} />}
    >
      <FormField label={t('act.clone.name')} testId="clone-name" error={bad ? t(bad) : undefined}>
        {(p) => (
          <input
            {...p}
            type="text"
            value={name}
            spellCheck={false}
            autoComplete="off"
            onChange={(e) => setName(e.target.value)}
            disabled={busy}
          />
        )}
      </FormField>
      {loadError !== null && <ActionFailure error={loadError} />}
      {plan && (
        <>
          <div className="act-section-title">{t('act.clone.copies')}</div>
          {plan.copies.length ? (
            <ul className="act-files" data-testid="clone-copies">
              {plan.copies.map((f) => (
                <li key={f} className="mono">
                  {f}
                </li>
              ))}
            </ul>
          ) : (
            <p className="field-hint">{t('act.clone.noDisks')}</p>
          )}
          {plan.shared.length > 0 && (
            <>
              <div className="act-section-title">{t('act.clone.shared')}</div>
              <ul className="act-files">
                {plan.shared.map((f) => (
                  <li key={f} className="mono">
                    {f}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
      <p className="field-hint">{t('act.clone.hint')}</p>
    </ActionDialog>
  );
}

export function DeleteDialog({ hostId, hostLabel, domain, onClose }: HostDomainProps) {
  const { client, toasts } = useServices();
  const { details, error: loadError } = useDetails(hostId, domain.name);
  const [checked, setChecked] = useState<Set<string>>(new Set());
  const [askDisks, setAskDisks] = useState(false); // issue 9: the "delete storage" confirmation
  const { busy, error, run } = useRun();
  const images = details ? deletableImages(details) : [];
  const toggle = (f: string, on: boolean) =>
    setChecked((s) => {
      const n = new Set(s);
      if (on) n.add(f);
      else n.delete(f);
      return n;
    });
  const ok = async () => {
    const r = await run(() =>
      client.api.deleteDomain({ hostId, domain: domain.name, deleteDisks: [...checked] }),
    );
    if (r) {
      toasts.show('success', t('act.delete.done', { name: domain.name }));
      onClose();
    }
  };
  return (
    <ActionDialog
      testId="dialog-delete"
      title={t('act.delete.title', { name: domain.name })}
      icon="trash"
      tone="danger"
      okLabel={t('act.delete.ok')}
      okTestId="delete-ok"
      busy={busy}
      error={error}
      okDisabled={!details}
      onOk={() => (checked.size > 0 && getPrefs().confirmDeleteStorage ? setAskDisks(true) : void ok())}
      onClose={onClose}
    >
      {askDisks && (
        <ConfirmDialog
          title={t('act.delete.disksConfirm.title', { count: checked.size })}
          body={t('act.delete.disksConfirm.body', { files: [...checked].join(', ') })}
          okLabel={t('act.delete.disksConfirm.ok')}
          onOk={() => {
            setAskDisks(false);
            void ok();
          }}
          onCancel={() => setAskDisks(false)}
        />
      )}
      {domain.id !== null && (
        <p className="act-note act-note-warn" data-testid="delete-running">
          {t('act.delete.running', { name: domain.name })}
        </p>
      )}
      {loadError !== null && <ActionFailure error={loadError} />}
      {domain.cfgPath ? (
        <>
          <p className="act-text">{t('act.delete.body', { host: hostLabel })}</p>
          <div className="act-section-title">{t('act.delete.config')}</div>
          <ul className="act-files">
            <li className="act-check">
              <input type="checkbox" checked disabled aria-label={domain.cfgPath} />
              <span className="mono" data-testid="delete-config">
                {domain.cfgPath}
              </span>
              {domain.autostart && <span className="act-meta">{t('act.delete.autostart')}</span>}
            </li>
          </ul>
        </>
      ) : (
        <p className="act-text">{t('act.delete.undefined', { name: domain.name })}</p>
      )}
      {details && (
        <>
          <div className="act-section-title">{t('act.delete.disks')}</div>
          {images.length ? (
            <ul className="act-files">
              {images.map((f, i) => (
                <li key={f}>
                  <label className="act-check">
                    <input
                      type="checkbox"
                      checked={checked.has(f)}
                      onChange={(e) => toggle(f, e.target.checked)}
                      disabled={busy}
                      data-testid={`delete-disk-${i}`}
                      data-path={f}
                    />
                    <span className="mono">{f}</span>
                  </label>
                </li>
              ))}
            </ul>
          ) : (
            <p className="field-hint">{t('act.delete.noDisks')}</p>
          )}
        </>
      )}
    </ActionDialog>
  );
}
