// The "New domain" wizard (issue 6), virt-manager style: steps on the left, one step at a time,
// Back/Forward, and on the last step the generated xl.cfg checked on the host with `xl create -n`,
// editable, then Create. Every field shows its own error (client checks + the host's fieldErrors).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { HostSummary } from '../../../shared/api';
import type { CreateOptions, CreateResult } from '../../../shared/create/spec';
import { errorMessage } from '../apiErrors';
import { useServices } from '../appContext';
import { ConfirmDialog } from '../ConfirmDialog';
import { Dialog } from '../Dialog';
import { Icon } from '../Icon';
import { Spinner } from '../Spinner';
import { HostFileBrowser, type BrowseRequest } from './HostFileBrowser';
import { BehaviourStep, ConsoleStep, NameStep, ResourcesStep, TypeStep } from './BasicSteps';
import { NetworkStep } from './NetworkStep';
import { SourceStep } from './SourceStep';
import { StorageStep } from './StorageStep';
import { SummaryStep, useSummary } from './SummaryStep';
import type { StepContext } from './stepContext';
import {
  STEPS,
  errorsOfStep,
  initialDraft,
  isDirty,
  rebaseOnHost,
  specValueAt,
  stepOfPath,
  toSpec,
  validateDraft,
  type StepId,
  type WizardDraft,
} from './wizardModel';
import { tw } from './wizardStrings';
import './wizard.css';

export interface CreateWizardProps {
  hosts: readonly HostSummary[];
  initialHostId: string;
  onClose: () => void;
  onCreated: (hostId: string, result: CreateResult) => void;
}

/** A host error stays next to its field while the value it was about is unchanged. */
export interface HostFieldError {
  path: string;
  message: string;
  value: string;
}

type OptionsState =
  { status: 'loading' } | { status: 'ready'; options: CreateOptions } | { status: 'error'; message: string };

export function CreateWizard({ hosts, initialHostId, onClose, onCreated }: CreateWizardProps) {
  const { client } = useServices();
  const connected = hosts.filter((h) => h.state === 'connected');
  const [hostId, setHostId] = useState(initialHostId);
  const [optionsState, setOptionsState] = useState<OptionsState>({ status: 'loading' });
  const [draft, setDraft] = useState<WizardDraft | null>(null);
  const initial = useRef<WizardDraft | null>(null);
  const [stepIndex, setStepIndex] = useState(0);
  const [reached, setReached] = useState(0);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [attempted, setAttempted] = useState<ReadonlySet<StepId>>(new Set());
  const [hostErrors, setHostErrors] = useState<HostFieldError[]>([]);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const [browse, setBrowse] = useState<BrowseRequest | null>(null);
  const [uploading, setUploading] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const contentRef = useRef<HTMLFormElement>(null);
  const firstRender = useRef(true);
  const formId = 'wizard-form';

  const host = hosts.find((h) => h.id === hostId) ?? null;
  const options = optionsState.status === 'ready' ? optionsState.options : null;
  const step = STEPS[stepIndex]!;

  const loadOptions = useCallback(
    (id: string) => {
      setOptionsState({ status: 'loading' });
      client.api.getCreateOptions({ hostId: id }).then(
        (o) => {
          setOptionsState({ status: 'ready', options: o });
          setDraft((d) => {
            if (d) return rebaseOnHost(d, id, o);
            const fresh = initialDraft(id, o);
            initial.current = fresh;
            return fresh;
          });
        },
        (e: unknown) => setOptionsState({ status: 'error', message: errorMessage(e) }),
      );
    },
    [client],
  );

  useEffect(() => loadOptions(hostId), [hostId, loadOptions]);

  const spec = useMemo(() => (draft ? toSpec(draft) : null), [draft]);
  const clientErrors = useMemo(() => (draft ? validateDraft(draft, options) : {}), [draft, options]);
  const activeHostErrors = useMemo(
    () => (spec ? hostErrors.filter((h) => JSON.stringify(specValueAt(spec, h.path)) === h.value) : []),
    [hostErrors, spec],
  );

  const errorFor = useCallback(
    (path: string): string | undefined => {
      if (!draft) return undefined;
      const c = clientErrors[path];
      if (c && (touched.has(path) || attempted.has(stepOfPath(path, draft)))) return c;
      return activeHostErrors.find((h) => h.path === path)?.message;
    },
    [clientErrors, touched, attempted, activeHostErrors, draft],
  );

  const update = useCallback((fn: (d: WizardDraft) => WizardDraft, ...paths: string[]) => {
    setDraft((d) => (d ? fn(d) : d));
    if (paths.length) setTouched((t) => new Set([...t, ...paths]));
  }, []);

  const summary = useSummary({
    hostId,
    spec,
    clientErrorCount: Object.keys(clientErrors).length,
    active: step === 'summary',
    onHostErrors: (errs, checkedSpec) =>
      setHostErrors(errs.map((e) => ({ ...e, value: JSON.stringify(specValueAt(checkedSpec, e.path)) }))),
    onCreated: (r) => onCreated(hostId, r),
  });

  // focus follows the step: its heading (screen readers announce where they are)
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    headingRef.current?.focus();
  }, [stepIndex]);

  const stepHasErrors = (id: StepId) =>
    !!draft &&
    (errorsOfStep(clientErrors, id, draft).some((p) => attempted.has(id) || touched.has(p)) ||
      activeHostErrors.some((h) => stepOfPath(h.path, draft) === id));

  const goTo = (i: number) => {
    setStepIndex(i);
    setReached((r) => Math.max(r, i));
  };

  const focusFirstInvalid = () =>
    requestAnimationFrame(() =>
      contentRef.current?.querySelector<HTMLElement>('[aria-invalid="true"], [data-invalid-focus]')?.focus(),
    );

  const forward = () => {
    if (!draft || !options) return;
    if (step === 'summary') {
      void summary.create();
      return;
    }
    const errs = errorsOfStep(clientErrors, step, draft);
    if (errs.length > 0) {
      setAttempted((a) => new Set([...a, step]));
      focusFirstInvalid();
      return;
    }
    goTo(stepIndex + 1);
  };

  const back = () => stepIndex > 0 && setStepIndex(stepIndex - 1);

  const busy = summary.creating;
  const dirty = !!draft && !!initial.current && isDirty(draft, initial.current);
  const requestClose = () => {
    if (busy) return;
    if (dirty || uploading) setConfirmCancel(true);
    else onClose();
  };

  const ctx: StepContext | null =
    draft && options && host
      ? {
          draft,
          options,
          host,
          hosts: connected,
          update,
          errorFor,
          browse: setBrowse,
          onHostChange: (id) => {
            if (id === hostId) return;
            setHostErrors([]);
            setHostId(id);
          },
          onUploading: setUploading,
          goToStep: (id) => goTo(STEPS.indexOf(id)),
        }
      : null;

  const title = host ? tw('wizard.title.on', { host: host.label }) : tw('wizard.title');

  return (
    <Dialog
      testId="wizard"
      title={title}
      icon={<Icon name="monitorPlus" size={20} />}
      onClose={requestClose}
      busy={busy}
      className="wizard"
      footer={
        <>
          <span className="wizard-footer-step muted">
            {tw('wizard.stepOf', { n: stepIndex + 1, total: STEPS.length })}
          </span>
          <span className="spacer" />
          <button
            type="button"
            className="btn"
            onClick={requestClose}
            disabled={busy}
            data-testid="wizard-cancel"
          >
            {tw('wizard.cancel')}
          </button>
          <button
            type="button"
            className="btn"
            onClick={back}
            disabled={stepIndex === 0 || busy}
            data-testid="wizard-back"
          >
            <Icon name="arrowLeft" size={14} />
            {tw('wizard.back')}
          </button>
          {step === 'summary' ? (
            <button
              type="submit"
              form={formId}
              className="btn btn-primary"
              disabled={!summary.canCreate || busy}
              aria-busy={busy || undefined}
              data-testid="wizard-create"
              title={summary.createHint ?? undefined}
            >
              {busy ? <Spinner /> : <Icon name="play" size={14} />}
              {busy ? tw('wizard.creating') : tw('wizard.finish')}
            </button>
          ) : (
            <button
              type="submit"
              form={formId}
              className="btn btn-primary"
              disabled={!ctx || uploading}
              data-testid="wizard-forward"
            >
              {tw('wizard.forward')}
              <Icon name="arrowLeft" size={14} className="icon-flip" />
            </button>
          )}
        </>
      }
    >
      <div className="wizard-layout">
        <nav className="wizard-steps" aria-label={tw('wizard.steps')}>
          <ol>
            {STEPS.map((id, i) => {
              const current = i === stepIndex;
              const done = i < reached || (i < stepIndex && !stepHasErrors(id));
              const bad = stepHasErrors(id);
              return (
                <li key={id}>
                  <button
                    type="button"
                    className={`wizard-step${current ? ' wizard-step-current' : ''}${bad ? ' wizard-step-bad' : ''}`}
                    aria-current={current ? 'step' : undefined}
                    disabled={i > reached || busy || uploading || !ctx}
                    onClick={() => goTo(i)}
                    data-testid={`wizard-step-${id}`}
                    data-invalid={bad || undefined}
                  >
                    <span className="wizard-step-num" aria-hidden="true">
                      {bad ? (
                        <Icon name="alertCircle" size={14} />
                      ) : done && !current ? (
                        <Icon name="checkCircle" size={14} />
                      ) : (
                        i + 1
                      )}
                    </span>
                    <span className="wizard-step-label">{tw(`wizard.step.${id}`)}</span>
                    {bad && <span className="sr-only">{tw('wizard.step.hasErrors')}</span>}
                  </button>
                </li>
              );
            })}
          </ol>
        </nav>
        <form
          id={formId}
          className="wizard-content"
          noValidate
          ref={contentRef}
          onSubmit={(e) => {
            e.preventDefault();
            if (!busy && !uploading) forward();
          }}
          data-testid={`wizard-page-${step}`}
        >
          <h3 className="wizard-heading" tabIndex={-1} ref={headingRef} data-testid="wizard-heading">
            {tw(`wizard.step.${step}.title`)}
          </h3>
          {optionsState.status === 'loading' && !ctx && (
            <p className="wizard-loading" role="status">
              <Spinner /> {tw('wizard.loadingOptions', { host: host?.label ?? hostId })}
            </p>
          )}
          {optionsState.status === 'error' && (
            <div className="form-error" role="alert" data-testid="wizard-options-error">
              <Icon name="alertCircle" size={14} />
              <span>{tw('wizard.optionsFailed', { message: optionsState.message })}</span>
              <span className="spacer" />
              <button type="button" className="btn btn-small" onClick={() => loadOptions(hostId)}>
                {tw('wizard.retry')}
              </button>
            </div>
          )}
          {ctx && optionsState.status === 'loading' && (
            <p className="wizard-loading" role="status">
              <Spinner /> {tw('wizard.loadingOptions', { host: host?.label ?? hostId })}
            </p>
          )}
          {ctx && step === 'name' && <NameStep ctx={ctx} />}
          {ctx && step === 'type' && <TypeStep ctx={ctx} />}
          {ctx && step === 'source' && <SourceStep ctx={ctx} />}
          {ctx && step === 'resources' && <ResourcesStep ctx={ctx} />}
          {ctx && step === 'storage' && <StorageStep ctx={ctx} />}
          {ctx && step === 'network' && <NetworkStep ctx={ctx} />}
          {ctx && step === 'console' && <ConsoleStep ctx={ctx} />}
          {ctx && step === 'behaviour' && <BehaviourStep ctx={ctx} />}
          {ctx && step === 'summary' && (
            <SummaryStep
              ctx={ctx}
              summary={summary}
              clientErrors={clientErrors}
              hostErrors={activeHostErrors}
            />
          )}
        </form>
      </div>
      {browse && host && (
        <HostFileBrowser
          hostId={host.id}
          request={browse}
          onClose={() => setBrowse(null)}
          onPick={(p) => {
            browse.onPick(p);
            setBrowse(null);
          }}
        />
      )}
      {confirmCancel && (
        <ConfirmDialog
          title={tw('wizard.discard.title')}
          body={uploading ? tw('wizard.discard.bodyUpload') : tw('wizard.discard.body')}
          okLabel={tw('wizard.discard.ok')}
          onOk={() => {
            setConfirmCancel(false);
            onClose();
          }}
          onCancel={() => setConfirmCancel(false)}
        />
      )}
    </Dialog>
  );
}
