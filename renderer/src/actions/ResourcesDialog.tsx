// Memory (balloon target and maximum, in MiB), vCPUs (up to maxvcpus; the guest onlines them)
// and scheduler weight/cap — live for a running domain, and/or in the config file.
import { useEffect, useState } from 'react';
import type { DomainDetails } from '../../../shared/api';
import { useServices } from '../appContext';
import { FormField } from '../FormField';
import { t } from '../strings';
import { resourceBounds, resourceChange, type ResourceErrors, type ResourceForm } from './actionLogic';
import { ActionDialog, useRun } from './ActionDialog';
import { ActionFailure } from './ActionFailure';
import type { HostDomainProps } from './SaveRestoreDialogs';
import { useDetails } from './useDetails';

function formOf(d: DomainDetails): ResourceForm {
  const b = resourceBounds(d);
  return {
    memory: String(b.memory),
    maxmem: String(b.maxmem),
    vcpus: String(b.vcpus),
    weight: String(b.sched?.weight ?? 256),
    cap: String(b.sched?.cap ?? 0),
  };
}

export function ResourcesDialog({ hostId, domain, onClose }: HostDomainProps) {
  const { client, toasts } = useServices();
  const { details, error: loadError } = useDetails(hostId, domain.name);
  const [form, setForm] = useState<ResourceForm | null>(null);
  const [persist, setPersist] = useState(true);
  const [shown, setShown] = useState<ResourceErrors>({});
  const { busy, error, run } = useRun();
  useEffect(() => {
    if (details) setForm((f) => f ?? formOf(details));
  }, [details]);

  const bounds = details ? resourceBounds(details) : null;
  const set = (k: keyof ResourceForm, v: string) => {
    setForm((f) => (f ? { ...f, [k]: v } : f));
    setShown((e) => ({ ...e, [k]: undefined }));
  };
  const err = (k: keyof ResourceForm) => {
    const e = shown[k];
    return e ? t(e.key, e.vars) : undefined;
  };

  const ok = async () => {
    if (!form || !bounds) return;
    const { errors, change } = resourceChange(form, bounds);
    setShown(errors);
    if (Object.values(errors).some(Boolean)) return;
    const common = { hostId, domain: domain.name, persist: persist && domain.defined };
    const done = await run(async () => {
      if (change.memory) await client.api.setDomainMemory({ ...common, ...change.memory });
      if (change.vcpus !== undefined) await client.api.setDomainVcpus({ ...common, count: change.vcpus });
      if (change.sched) await client.api.setDomainSched({ ...common, ...change.sched });
      return true;
    });
    if (done) {
      toasts.show('success', t('act.res.done', { name: domain.name }));
      onClose();
    }
  };

  const num = (
    k: keyof ResourceForm,
    label: string,
    unit?: string,
    extra?: { min?: number; max?: number },
  ) => (
    <FormField label={label} testId={`res-${k}`} error={err(k)} grow>
      {(p) => (
        <span className="act-unit-input">
          <input
            {...p}
            type="number"
            inputMode="numeric"
            min={extra?.min}
            max={extra?.max}
            value={form?.[k] ?? ''}
            onChange={(e) => set(k, e.target.value)}
            disabled={busy}
          />
          {unit && <span className="act-unit">{unit}</span>}
        </span>
      )}
    </FormField>
  );

  const offline =
    bounds?.running && bounds.onlineVcpus !== null && bounds.onlineVcpus < bounds.vcpus
      ? t('act.res.vcpusOffline', { online: bounds.onlineVcpus, avail: bounds.vcpus })
      : null;

  return (
    <ActionDialog
      testId="dialog-resources"
      title={t('act.res.title', { name: domain.name })}
      icon="server"
      okLabel={t('act.res.ok')}
      okTestId="res-ok"
      busy={busy}
      error={error}
      okDisabled={!form}
      onOk={() => void ok()}
      onClose={onClose}
    >
      {!details && !loadError && <p className="field-hint">{t('act.res.loading')}</p>}
      {loadError !== null && <ActionFailure error={loadError} />}
      {form && bounds && (
        <>
          <div className="act-row">
            {num('memory', t('act.res.memory'), t('act.mib'), {
              min: 16,
              max: Number(form.maxmem) || undefined,
            })}
            {num('maxmem', t('act.res.maxmem'), t('act.mib'), { min: 16, max: bounds.maxmemLimit })}
          </div>
          <p className="field-hint" data-testid="res-mem-hint">
            {bounds.running
              ? t('act.res.memHint', { free: bounds.hostFree ?? '?' })
              : t('act.res.memHintStopped')}
          </p>
          <div className="act-row">
            {num('vcpus', t('act.res.vcpus'), undefined, { min: 1, max: bounds.maxVcpus })}
          </div>
          {bounds.running && <p className="field-hint">{t('act.res.vcpusHint', { max: bounds.maxVcpus })}</p>}
          {offline && (
            <p className="act-note" data-testid="res-vcpus-offline">
              {offline}
            </p>
          )}
          {bounds.sched && (
            <>
              <div className="act-section-title">
                {t('act.res.sched', { scheduler: bounds.sched.scheduler })}
              </div>
              <div className="act-row">
                {num('weight', t('act.res.weight'), undefined, { min: 1, max: 65535 })}
                {num('cap', t('act.res.cap'), '%', { min: 0 })}
              </div>
            </>
          )}
          <PersistBox
            defined={domain.defined}
            running={bounds.running}
            value={persist}
            onChange={setPersist}
            busy={busy}
          />
        </>
      )}
    </ActionDialog>
  );
}

export function PersistBox(p: {
  defined: boolean;
  running: boolean;
  value: boolean;
  onChange: (v: boolean) => void;
  busy: boolean;
}) {
  if (!p.running) return null; // a stopped domain's config is the only place to change
  if (!p.defined) return <p className="field-hint">{t('act.persist.none')}</p>;
  return (
    <label className="act-check">
      <input
        type="checkbox"
        checked={p.value}
        onChange={(e) => p.onChange(e.target.checked)}
        disabled={p.busy}
        data-testid="act-persist"
      />
      {t('act.persist')}
    </label>
  );
}
