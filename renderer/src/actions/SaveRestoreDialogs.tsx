// Save a running domain to a file on the host, and restore one (progress while the file grows).
import { useEffect, useState } from 'react';
import type { SaveFileInfo } from '../../../shared/api';
import type { DomainRow } from '../../../shared/types';
import { useServices } from '../appContext';
import { FormField } from '../FormField';
import { t } from '../strings';
import { formatDateTime, formatNumber } from '../../../shared/format'; // issue 9: the chosen locale
import { defaultSaveFile, validHostPath } from './actionLogic';
import { ActionDialog, useRun } from './ActionDialog';
import { TaskProgressBar } from './TaskProgressBar';
import { newTaskId, useTaskProgress } from './useTask';

export interface HostDomainProps {
  hostId: string;
  hostLabel: string;
  domain: DomainRow;
  onClose: () => void;
}

function humanSize(n: number): string {
  const u = ['B', 'KiB', 'MiB', 'GiB'];
  let i = 0;
  while (n >= 1024 && i < u.length - 1) {
    n /= 1024;
    i++;
  }
  return `${formatNumber(n, { digits: i ? 1 : 0, fixed: true, grouping: false })} ${u[i]}`;
}

export function SaveDialog({ hostId, domain, onClose }: HostDomainProps) {
  const { client, toasts } = useServices();
  const [file, setFile] = useState(defaultSaveFile(domain.name));
  const [taskId, setTaskId] = useState<string | null>(null);
  const progress = useTaskProgress(taskId);
  const { busy, error, run } = useRun();
  const bad = !validHostPath(file);
  const ok = async () => {
    const id = newTaskId('save');
    setTaskId(id);
    const r = await run(() => client.api.saveDomain({ hostId, domain: domain.name, file, taskId: id }));
    if (r) {
      toasts.show('success', t('act.save.done', { name: domain.name, file: r.file }));
      onClose();
    }
  };
  return (
    <ActionDialog
      testId="dialog-save"
      title={t('act.save.title', { name: domain.name })}
      icon="save"
      okLabel={t('act.save.ok')}
      okTestId="save-ok"
      busy={busy}
      error={error}
      okDisabled={bad}
      onOk={() => void ok()}
      onClose={onClose}
      progress={<TaskProgressBar progress={progress} label={t('act.save.title', { name: domain.name })} />}
    >
      <p className="act-text">{t('act.save.body')}</p>
      <FormField
        label={t('act.save.file')}
        testId="save-file"
        error={bad ? t('act.dev.err.path') : undefined}
      >
        {(p) => (
          <input
            {...p}
            type="text"
            className="mono"
            value={file}
            spellCheck={false}
            onChange={(e) => setFile(e.target.value)}
            disabled={busy}
          />
        )}
      </FormField>
    </ActionDialog>
  );
}

export function RestoreDialog({
  hostId,
  hostLabel,
  onClose,
}: {
  hostId: string;
  hostLabel: string;
  onClose: () => void;
}) {
  const { client, toasts } = useServices();
  const [files, setFiles] = useState<SaveFileInfo[] | null>(null);
  const [file, setFile] = useState('');
  const [taskId, setTaskId] = useState<string | null>(null);
  const progress = useTaskProgress(taskId);
  const { busy, error, run } = useRun();
  useEffect(() => {
    let live = true;
    client.api.listSaveFiles({ hostId }).then(
      (f) => {
        if (!live) return;
        setFiles(f);
        setFile((cur) => cur || f[0]?.path || '');
      },
      () => live && setFiles([]),
    );
    return () => {
      live = false;
    };
  }, [client, hostId]);
  const bad = !validHostPath(file);
  const ok = async () => {
    const id = newTaskId('restore');
    setTaskId(id);
    const r = await run(() => client.api.restoreDomain({ hostId, file, taskId: id }));
    if (r) {
      toasts.show('success', t('act.restore.done', { name: r.domain?.name ?? file }));
      onClose();
    }
  };
  return (
    <ActionDialog
      testId="dialog-restore"
      title={t('act.restore.title')}
      icon="play"
      okLabel={t('act.restore.ok')}
      okTestId="restore-ok"
      busy={busy}
      error={error}
      okDisabled={bad}
      onOk={() => void ok()}
      onClose={onClose}
      progress={<TaskProgressBar progress={progress} label={t('act.restore.title')} />}
    >
      <p className="act-text">{t('act.restore.body', { host: hostLabel })}</p>
      <div className="act-section-title">{t('act.restore.files')}</div>
      {files === null && <p className="field-hint">{t('act.restore.loading')}</p>}
      {files?.length === 0 && <p className="field-hint">{t('act.restore.none')}</p>}
      {files && files.length > 0 && (
        <ul className="act-list" role="radiogroup" aria-label={t('act.restore.files')}>
          {files.map((f, i) => (
            <li key={f.path}>
              <label className="act-radio">
                <input
                  type="radio"
                  name="restore-file"
                  checked={file === f.path}
                  onChange={() => setFile(f.path)}
                  data-testid={`restore-pick-${i}`}
                  disabled={busy}
                />
                <span className="act-radio-text">
                  <span className="mono">{f.path}</span>
                  <span className="act-meta">
                    {humanSize(f.sizeBytes)} · {formatDateTime(f.mtime)}
                  </span>
                </span>
              </label>
            </li>
          ))}
        </ul>
      )}
      <FormField
        label={t('act.restore.file')}
        testId="restore-file"
        error={file && bad ? t('act.dev.err.path') : undefined}
      >
        {(p) => (
          <input
            {...p}
            type="text"
            className="mono"
            value={file}
            spellCheck={false}
            onChange={(e) => setFile(e.target.value)}
            disabled={busy}
          />
        )}
      </FormField>
    </ActionDialog>
  );
}
