// New host: where dom0 is and how to log in. Validation messages sit next to their field.
import { useState } from 'react';
import type { HostSummary } from '../../shared/api';
import { errorCode, errorMessage } from './apiErrors';
import { useServices } from './appContext';
import { Dialog } from './Dialog';
import { FormField } from './FormField';
import {
  backendFormErrors,
  emptyHostForm,
  validateHostForm,
  type AuthKind,
  type HostFormErrors,
  type HostFormValues,
} from './hostForm';
import { Icon } from './Icon';
import { Spinner } from './Spinner';
import { t } from './strings';
import './AddHostDialog.css';

export interface AddHostDialogProps {
  onAdded: (host: HostSummary) => void;
  onCancel: () => void;
}

const AUTH_KINDS: AuthKind[] = ['agent', 'key', 'password'];

export function AddHostDialog({ onAdded, onCancel }: AddHostDialogProps) {
  const { client } = useServices();
  const [values, setValues] = useState<HostFormValues>(emptyHostForm);
  const [errors, setErrors] = useState<HostFormErrors>({});
  const [busy, setBusy] = useState(false);
  const formId = 'add-host-form';

  const set = <K extends keyof HostFormValues>(key: K, value: HostFormValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    // editing a field clears its message
    const field: keyof HostFormErrors = key === 'authKind' ? 'keyPath' : (key as Exclude<K, 'authKind'>);
    setErrors((e) => (e[field] || e[''] ? { ...e, [field]: undefined, '': undefined } : e));
  };

  const save = async () => {
    const { input, errors: found } = validateHostForm(values);
    if (Object.values(found).some(Boolean)) {
      setErrors(found);
      return;
    }
    setBusy(true);
    try {
      const host = await client.api.addHost(input);
      onAdded(host);
    } catch (err) {
      const message = errorMessage(err);
      setErrors(
        errorCode(err) === 'invalid-params'
          ? backendFormErrors(message)
          : { '': t('addHost.error.generic', { message }) },
      );
      setBusy(false);
    }
  };

  return (
    <Dialog
      testId="dialog-add-host"
      title={t('addHost.title')}
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
            {busy ? t('addHost.saving') : t('addHost.save')}
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
                onChange={(e) => set('authKind', e.target.value as AuthKind)}
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
