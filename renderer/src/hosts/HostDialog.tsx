// Add or edit a host (issue 4): pick an alias from ~/.ssh/config (HostName, User, Port,
// IdentityFile, ProxyJump resolved by the backend with the ssh-config library) or type the
// host, its port, user, authentication and jump hosts. Test ids match the foundation's dialog.
import { useEffect, useState } from 'react';
import type { HostSummary, SshConfigHost } from '../../../shared/api';
import { errorCode, errorMessage } from '../apiErrors';
import { useServices } from '../appContext';
import { Dialog } from '../Dialog';
import { FormField } from '../FormField';
import { backendFormErrors } from '../hostForm';
import { Icon } from '../Icon';
import { Spinner } from '../Spinner';
import { t } from '../strings';
import {
  emptyHostDialog,
  validateHostDialog,
  valuesFromHost,
  valuesFromSshConfig,
  type DialogAuthKind,
  type HostDialogErrors,
  type HostDialogValues,
} from './hostDialogForm';
import { th } from './hostStrings';
import '../AddHostDialog.css';
import './hosts.css';

export interface HostDialogProps {
  /** absent = add a new host */
  host?: HostSummary;
  onSaved: (host: HostSummary) => void;
  onCancel: () => void;
}

const AUTH_KINDS: DialogAuthKind[] = ['agent', 'key', 'password', 'keyboard-interactive'];

export function HostDialog({ host, onSaved, onCancel }: HostDialogProps) {
  const { client } = useServices();
  const [values, setValues] = useState<HostDialogValues>(() =>
    host ? valuesFromHost(host) : emptyHostDialog,
  );
  const [errors, setErrors] = useState<HostDialogErrors>({});
  const [busy, setBusy] = useState(false);
  const [aliases, setAliases] = useState<SshConfigHost[] | null>(null);
  const formId = 'host-dialog-form';

  useEffect(() => {
    let live = true;
    client.api.listSshConfigHosts({}).then(
      (list) => live && setAliases(list),
      () => live && setAliases([]),
    );
    return () => {
      live = false;
    };
  }, [client]);

  const picked = aliases?.find((a) => a.alias === values.alias) ?? null;

  const set = <K extends keyof HostDialogValues>(key: K, value: HostDialogValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    const field = key === 'authKind' ? 'keyPath' : key === 'jumpText' ? 'jump' : key;
    setErrors((e) => {
      const k = field as keyof HostDialogErrors;
      return e[k] || e[''] ? { ...e, [k]: undefined, '': undefined } : e;
    });
  };

  const pickAlias = (alias: string) => {
    const h = aliases?.find((a) => a.alias === alias);
    setErrors({});
    if (!h) setValues((v) => ({ ...v, alias: '', resolvedJump: [] }));
    else setValues((v) => valuesFromSshConfig(h, v));
  };

  const save = async () => {
    const { input, errors: found } = validateHostDialog(values);
    if (Object.values(found).some(Boolean)) {
      setErrors(found);
      return;
    }
    setBusy(true);
    try {
      const saved = host
        ? await client.api.updateHost({ hostId: host.id, input })
        : await client.api.addHost(input);
      onSaved(saved);
    } catch (err) {
      const message = errorMessage(err);
      setErrors(
        errorCode(err) === 'invalid-params'
          ? backendFormErrors(message)
          : { '': th('hostDialog.error', { message }) },
      );
      setBusy(false);
    }
  };

  return (
    <Dialog
      testId={host ? 'dialog-edit-host' : 'dialog-add-host'}
      title={host ? th('hostDialog.editTitle', { label: host.label }) : th('hostDialog.addTitle')}
      icon={<Icon name="server" size={20} />}
      onClose={onCancel}
      busy={busy}
      footer={
        <>
          <button type="button" className="btn" onClick={onCancel} disabled={busy}>
            {t('common.cancel')}
          </button>
          <button
            type="submit"
            form={formId}
            className="btn btn-primary"
            disabled={busy}
            aria-busy={busy}
            data-testid="host-save"
          >
            {busy && <Spinner />}
            {busy ? th('hostDialog.saving') : th(host ? 'hostDialog.saveEdit' : 'hostDialog.save')}
          </button>
        </>
      }
    >
      <form
        id={formId}
        className="host-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!busy) void save();
        }}
      >
        <FormField label={th('hostDialog.fromConfig')} testId="host-ssh-alias">
          {(p) => (
            <select
              {...p}
              value={values.alias}
              onChange={(e) => pickAlias(e.target.value)}
              disabled={aliases === null || aliases.length === 0}
            >
              <option value="">
                {aliases && aliases.length === 0
                  ? th('hostDialog.fromConfig.empty')
                  : th('hostDialog.fromConfig.none')}
              </option>
              {aliases?.map((a) => (
                <option key={a.alias} value={a.alias}>
                  {a.alias}
                  {a.address !== a.alias ? ` — ${a.username}@${a.address}` : ''}
                  {a.jump.length ? ` (via ${a.jump.map((j) => j.address).join(' → ')})` : ''}
                </option>
              ))}
            </select>
          )}
        </FormField>
        {picked && <p className="field-hint">{th('hostDialog.fromConfig.hint')}</p>}
        {picked && picked.warnings.length > 0 && (
          <p className="form-warning" data-testid="host-dialog-warnings">
            <Icon name="alertTriangle" />
            {th('hostDialog.warnings')} {picked.warnings.join(' ')}
          </p>
        )}
        <FormField label={t('addHost.label')} error={errors.label} testId="host-label">
          {(p) => (
            <input
              {...p}
              type="text"
              value={values.label}
              placeholder={t('addHost.label.placeholder')}
              onChange={(e) => set('label', e.target.value)}
              autoComplete="off"
            />
          )}
        </FormField>
        <div className="host-form-row">
          <FormField label={t('addHost.address')} error={errors.address} testId="host-address" grow>
            {(p) => (
              <input
                {...p}
                type="text"
                value={values.address}
                placeholder={t('addHost.address.placeholder')}
                onChange={(e) => set('address', e.target.value)}
                autoComplete="off"
                spellCheck={false}
              />
            )}
          </FormField>
          <FormField
            label={t('addHost.port')}
            error={errors.port}
            testId="host-port"
            className="host-form-port"
          >
            {(p) => (
              <input
                {...p}
                type="number"
                min={1}
                max={65535}
                inputMode="numeric"
                value={values.port}
                onChange={(e) => set('port', e.target.value)}
              />
            )}
          </FormField>
        </div>
        <div className="host-form-row">
          <FormField label={t('addHost.user')} error={errors.username} testId="host-user" grow>
            {(p) => (
              <input
                {...p}
                type="text"
                value={values.username}
                onChange={(e) => set('username', e.target.value)}
                autoComplete="off"
                spellCheck={false}
              />
            )}
          </FormField>
          <FormField label={t('addHost.auth')} testId="host-auth" grow>
            {(p) => (
              <select
                {...p}
                value={values.authKind}
                onChange={(e) => set('authKind', e.target.value as DialogAuthKind)}
              >
                {AUTH_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`addHost.auth.${k}`)}
                  </option>
                ))}
              </select>
            )}
          </FormField>
        </div>
        {values.authKind === 'key' && (
          <FormField label={t('addHost.keyPath')} error={errors.keyPath} testId="host-keypath">
            {(p) => (
              <input
                {...p}
                type="text"
                className="mono"
                value={values.keyPath}
                placeholder={t('addHost.keyPath.placeholder')}
                onChange={(e) => set('keyPath', e.target.value)}
                autoComplete="off"
                spellCheck={false}
              />
            )}
          </FormField>
        )}
        <p className="field-hint">{t(`addHost.auth.${values.authKind}.hint`)}</p>
        <FormField label={th('hostDialog.jump')} error={errors.jump} testId="host-jump">
          {(p) => (
            <input
              {...p}
              type="text"
              className="mono"
              value={values.jumpText}
              placeholder={th('hostDialog.jump.placeholder')}
              onChange={(e) => set('jumpText', e.target.value)}
              autoComplete="off"
              spellCheck={false}
            />
          )}
        </FormField>
        <p className="field-hint">
          {values.jumpText.trim() ? th('hostDialog.jump.hint') : th('hostDialog.jump.none')}
        </p>
        {errors[''] && (
          <p className="form-error" role="alert" data-testid="host-form-error">
            <Icon name="alertCircle" />
            {errors['']}
          </p>
        )}
      </form>
    </Dialog>
  );
}
