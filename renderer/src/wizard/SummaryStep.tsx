// Step 9: the generated xl.cfg, checked on the host with `xl create -n`, editable (checked again
// after edits), then Create: disks, kernel downloads, /etc/xen/NAME.cfg, `xl create`, with the
// host's progress steps; a failure shows xl's words, log tails and hints, and the wizard stays.
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, type TaskProgress } from '../../../shared/api';
import type {
  CreateFailureDetails,
  CreateFieldError,
  CreatePreview,
  CreateResult,
  CreateSpecInput,
} from '../../../shared/create/spec';
import { ActionFailure } from '../actions/ActionFailure';
import { TaskProgressBar } from '../actions/TaskProgressBar';
import { newTaskId } from '../actions/useTask';
import { errorMessage, fieldErrors } from '../apiErrors';
import { useServices } from '../appContext';
import { ConfigEditor, type ConfigEditorHandle } from '../domains/ConfigEditor';
import { lintXlCfg, type CfgProblem } from '../domains/configLint';
import { Icon } from '../Icon';
import { Spinner } from '../Spinner';
import type { HostFieldError } from './CreateWizard';
import type { StepContext } from './stepContext';
import {
  diskOffset,
  diskVdevs,
  effectiveVnc,
  stepOfPath,
  toMiB,
  type FieldErrors,
  type WizardDraft,
} from './wizardModel';
import { tw } from './wizardStrings';
import { formatMiB } from '../../../shared/format';

interface Checked {
  text: string;
  specKey: string;
}

export interface SummaryState {
  preview: CreatePreview | null;
  previewing: boolean;
  previewError: string | null;
  text: string;
  setText: (t: string) => void;
  /** the last config generated from the settings (the editor resets to it) */
  generated: Checked | null;
  edited: boolean;
  /** the settings changed since the config was generated */
  stale: boolean;
  /** the text or the settings changed since the last `xl create -n` */
  needsCheck: boolean;
  check: () => void;
  regenerate: () => void;
  create: () => Promise<void>;
  creating: boolean;
  createError: unknown;
  progress: TaskProgress[];
  canCreate: boolean;
  createHint: string | null;
}

export function useSummary(o: {
  hostId: string;
  spec: CreateSpecInput | null;
  clientErrorCount: number;
  active: boolean;
  onHostErrors: (errors: CreateFieldError[], spec: CreateSpecInput) => void;
  onCreated: (r: CreateResult) => void;
}): SummaryState {
  const { client } = useServices();
  const { hostId, spec, clientErrorCount, active } = o;
  const specKey = spec ? `${hostId}\n${JSON.stringify(spec)}` : '';
  const [preview, setPreview] = useState<CreatePreview | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [generated, setGenerated] = useState<Checked | null>(null);
  const [checked, setChecked] = useState<Checked | null>(null);
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<unknown>(null);
  const [taskId, setTaskId] = useState<string | null>(null);
  const [progress, setProgress] = useState<TaskProgress[]>([]);
  const cb = useRef(o);
  cb.current = o;
  const seq = useRef(0);

  const edited = generated !== null && text !== generated.text;
  const stale = generated !== null && generated.specKey !== specKey;

  const runPreview = useCallback(
    async (config?: string) => {
      if (!spec || clientErrorCount > 0) return;
      const mine = ++seq.current;
      setPreviewing(true);
      setPreviewError(null);
      try {
        const r = await client.api.previewCreate({
          hostId,
          spec,
          ...(config !== undefined ? { config } : {}),
        });
        if (mine !== seq.current) return;
        setPreview(r);
        if (config === undefined) {
          setGenerated({ text: r.config, specKey });
          setText(r.config);
        }
        setChecked({ text: config ?? r.config, specKey });
        cb.current.onHostErrors(r.fieldErrors, spec);
      } catch (e) {
        if (mine !== seq.current) return;
        setPreview(null);
        setPreviewError(errorMessage(e));
        if (e instanceof ApiError && e.code === 'invalid-params')
          cb.current.onHostErrors(invalidParamsErrors(e.message), spec);
      } finally {
        if (mine === seq.current) setPreviewing(false);
      }
    },
    [client, hostId, spec, specKey, clientErrorCount],
  );

  // entering the summary: generate from the settings (unless the user's edits would be lost)
  useEffect(() => {
    if (!active || clientErrorCount > 0 || !spec) return;
    if (generated?.specKey === specKey) return;
    if (edited) return;
    void runPreview();
  }, [active, clientErrorCount, spec, specKey, generated, edited, runPreview]);

  useEffect(() => {
    if (!taskId) return;
    return client.on('taskProgress', (e) => {
      if (e.taskId !== taskId) return;
      setProgress((list) => {
        const last = list[list.length - 1];
        // one row per step: a step's later events (bytes fetched so far) replace its row
        return last && stepKey(last) === stepKey(e) ? [...list.slice(0, -1), e] : [...list, e];
      });
    });
  }, [client, taskId]);

  const needsCheck = !checked || checked.text !== text || checked.specKey !== specKey;
  const canCreate =
    !creating &&
    !previewing &&
    clientErrorCount === 0 &&
    !!preview &&
    preview.ok &&
    preview.fieldErrors.length === 0 &&
    !needsCheck;
  const createHint = canCreate
    ? null
    : clientErrorCount > 0
      ? tw('wizard.summary.hint.fix')
      : needsCheck
        ? tw('wizard.summary.hint.check')
        : preview && !preview.ok
          ? tw('wizard.summary.hint.refused')
          : null;

  const create = async () => {
    if (!spec || !canCreate) return;
    const id = newTaskId('create');
    setTaskId(id);
    setProgress([]);
    setCreating(true);
    setCreateError(null);
    try {
      const r = await client.api.createDomain({
        hostId,
        spec,
        ...(edited ? { config: text } : {}),
        taskId: id,
      });
      cb.current.onCreated(r);
    } catch (e) {
      setCreateError(e);
      if (e instanceof ApiError && e.code === 'invalid-params') {
        // the host found something new since the check (a file appeared): back to its field
        const d = e.details as { fieldErrors?: CreateFieldError[] } | undefined;
        cb.current.onHostErrors(d?.fieldErrors ?? invalidParamsErrors(e.message), spec);
        setChecked(null);
      }
    } finally {
      setCreating(false);
    }
  };

  return {
    preview,
    previewing,
    previewError,
    text,
    setText,
    generated,
    edited,
    stale,
    needsCheck,
    check: () => void runPreview(edited ? text : undefined),
    regenerate: () => void runPreview(),
    create,
    creating,
    createError,
    progress,
    canCreate,
    createHint,
  };
}

/** A progress event's step: its detail without the running byte count ("fetching x: 12 MiB"). */
export function stepKey(e: TaskProgress): string {
  return (e.detail ?? e.label).replace(/:\s*[\d.,]+\s*[KMGT]?i?B\s*$/, '');
}

/** xl's output without the line it prints on every create. */
export function checkOutputText(out: string): string {
  return out
    .split('\n')
    .filter((l) => !/^Parsing config from /.test(l))
    .join('\n')
    .trim();
}

/** The backend words schema failures as "path: message; path: message". */
function invalidParamsErrors(message: string): CreateFieldError[] {
  const byPath = fieldErrors(message, (p) => p.replace(/^spec\./, ''));
  return Object.entries(byPath)
    .filter(([path]) => path !== '')
    .map(([path, msg]) => ({ path, message: msg }));
}

export function SummaryStep({
  ctx,
  summary,
  clientErrors,
  hostErrors,
}: {
  ctx: StepContext;
  summary: SummaryState;
  clientErrors: FieldErrors;
  hostErrors: HostFieldError[];
}) {
  const { draft } = ctx;
  const editor = useRef<ConfigEditorHandle>(null);
  const [problems, setProblems] = useState<CfgProblem[]>([]);
  const { text, generated } = summary;

  // a new generated config replaces the editor's text
  const shown = useRef<string | null>(null);
  useEffect(() => {
    if (!generated || shown.current === generated.text) return;
    shown.current = generated.text;
    editor.current?.reset(generated.text);
  }, [generated]);

  useEffect(() => {
    const id = setTimeout(() => setProblems(lintXlCfg(text)), 200);
    return () => clearTimeout(id);
  }, [text]);

  const fix = (p: CfgProblem) => {
    const match = lintXlCfg(text).find((q) => q.fix && q.message === p.message);
    if (match?.fix) editor.current?.apply(match.fix.change);
  };

  const problemsList = [
    ...Object.entries(clientErrors).map(([path, message]) => ({ path, message })),
    ...hostErrors.filter((h) => !(h.path in clientErrors)),
  ];
  const p = summary.preview;

  return (
    <div className="wz-stack wz-summary">
      {problemsList.length > 0 && (
        <div className="wz-fix" role="alert" data-testid="wizard-summary-problems">
          <strong>{tw('wizard.summary.fixFirst')}</strong>
          <ul>
            {problemsList.map((e) => {
              const step = stepOfPath(e.path, draft);
              return (
                <li key={e.path} data-path={e.path}>
                  <span>{e.message}</span>
                  {step !== 'summary' && (
                    <button
                      type="button"
                      className="btn btn-small btn-quiet"
                      onClick={() => ctx.goToStep(step)}
                    >
                      {tw('wizard.summary.goTo', { step: tw(`wizard.step.${step}`) })}
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        </div>
      )}

      <SummaryFacts ctx={ctx} />

      {summary.previewError && (
        <p className="form-error" role="alert" data-testid="wizard-preview-error">
          <Icon name="alertCircle" size={14} />
          <span>{tw('wizard.summary.previewFailed', { message: summary.previewError })}</span>
        </p>
      )}

      <div className="wz-check-row" aria-live="polite">
        {summary.previewing ? (
          <span className="wz-check-status" data-testid="wizard-check" data-status="running">
            <Spinner /> {tw('wizard.summary.checking')}
          </span>
        ) : p && !summary.needsCheck ? (
          <span
            className={`wz-check-status ${p.ok ? 'wz-ok' : 'wz-bad'}`}
            data-testid="wizard-check"
            data-status={p.ok ? 'ok' : 'refused'}
          >
            <Icon name={p.ok ? 'checkCircle' : 'xCircle'} size={15} />
            {p.ok ? tw('wizard.summary.ok') : tw('wizard.summary.refused')}
          </span>
        ) : (
          <span className="wz-check-status muted" data-testid="wizard-check" data-status="unchecked">
            <Icon name="info" size={15} />
            {summary.stale && summary.edited ? tw('wizard.summary.stale') : tw('wizard.summary.unchecked')}
          </span>
        )}
        <span className="spacer" />
        {summary.edited && (
          <button
            type="button"
            className="btn btn-small"
            onClick={summary.regenerate}
            disabled={summary.previewing || summary.creating}
            data-testid="wizard-regenerate"
            title={tw('wizard.summary.regenerate.hint')}
          >
            {tw('wizard.summary.regenerate')}
          </button>
        )}
        <button
          type="button"
          className={`btn btn-small${summary.needsCheck ? ' btn-primary' : ''}`}
          onClick={summary.check}
          disabled={summary.previewing || summary.creating || Object.keys(clientErrors).length > 0}
          data-testid="wizard-check-again"
        >
          <Icon name="refresh" size={13} />
          {tw('wizard.summary.checkAgain')}
        </button>
      </div>
      {p && checkOutputText(p.checkOutput) && !summary.needsCheck && (
        <pre className={`wz-xl-output${p.ok ? '' : ' wz-xl-bad'}`} data-testid="wizard-check-output">
          {checkOutputText(p.checkOutput)}
        </pre>
      )}

      <div className="config-editor-wrap wz-editor" hidden={!generated}>
        <ConfigEditor
          ref={editor}
          initialText={generated?.text ?? ''}
          problems={problems}
          onChange={summary.setText}
          onSave={summary.check}
          onFix={fix}
          label={tw('wizard.summary.editor', { name: draft.name.trim() })}
          readOnly={summary.creating}
        />
      </div>
      {summary.edited && <p className="field-hint">{tw('wizard.summary.editedHint')}</p>}

      {(summary.creating || summary.progress.length > 0) && (
        <div className="wz-progress" data-testid="wizard-progress">
          <ol className="wz-progress-steps">
            {summary.progress.map((e, i) => {
              const last = i === summary.progress.length - 1;
              const done = !last || e.done;
              return (
                <li
                  key={`${i}-${e.label}`}
                  className={e.error ? 'wz-bad' : done ? 'wz-ok' : ''}
                  data-testid="wizard-progress-step"
                >
                  {e.error ? (
                    <Icon name="xCircle" size={14} />
                  ) : done ? (
                    <Icon name="checkCircle" size={14} />
                  ) : (
                    <Spinner size={12} />
                  )}
                  <span>{e.error ?? e.detail ?? e.label}</span>
                </li>
              );
            })}
          </ol>
          {summary.creating && (
            <TaskProgressBar
              progress={summary.progress[summary.progress.length - 1] ?? null}
              label={tw('wizard.creatingName', { name: draft.name.trim() })}
            />
          )}
        </div>
      )}
      {!summary.creating && summary.createError !== null && (
        <div className="wz-create-failed" data-testid="wizard-create-failed">
          <strong>{tw('wizard.summary.createFailed', { name: draft.name.trim() })}</strong>
          <CreateFailureExtra error={summary.createError} />
          <ActionFailure error={summary.createError} />
        </div>
      )}
    </div>
  );
}

function SummaryFacts({ ctx }: { ctx: StepContext }) {
  const { draft, host } = ctx;
  const off = diskOffset(draft);
  const cdrom = draft.source.kind === 'cdrom';
  const vdevs = diskVdevs(draft.type, draft.disks.length + off, cdrom);
  const mem = toMiB(draft.memory, draft.memoryUnit);
  const disks = summaryDisks(draft, vdevs.disks);
  return (
    <dl className="facts wz-facts" data-testid="wizard-summary-facts">
      <dt>{tw('wizard.summary.name')}</dt>
      <dd className="mono">{draft.name.trim()}</dd>
      <dt>{tw('wizard.summary.host')}</dt>
      <dd>{host.label}</dd>
      <dt>{tw('wizard.summary.type')}</dt>
      <dd>{tw(`wizard.type.${draft.type}`)}</dd>
      <dt>{tw('wizard.summary.source')}</dt>
      <dd>{tw(`wizard.source.${draft.source.kind}`)}</dd>
      <dt>{tw('wizard.summary.resources')}</dt>
      <dd>
        {tw('wizard.summary.resourcesValue', {
          memory: formatMiB(mem),
          count: Number(draft.vcpus.trim()),
        })}
      </dd>
      <dt>{tw('wizard.summary.console')}</dt>
      <dd>{effectiveVnc(draft) ? tw('wizard.summary.consoleVnc') : tw('wizard.summary.consoleSerial')}</dd>
      <dt>{tw('wizard.summary.disks')}</dt>
      <dd className="wz-wide">
        {disks.length === 0 && !cdrom
          ? tw('wizard.summary.none')
          : [
              ...disks,
              ...(cdrom && vdevs.cdrom ? [`${vdevs.cdrom}: ${tw('wizard.storage.cdrom')}`] : []),
            ].join(' · ')}
      </dd>
      <dt>{tw('wizard.summary.network')}</dt>
      <dd className="wz-wide">
        {draft.nics.length === 0
          ? tw('wizard.summary.none')
          : draft.nics.map((n) => `${n.bridge} (${n.mac})`).join(' · ')}
      </dd>
    </dl>
  );
}

function summaryDisks(draft: WizardDraft, vdevs: string[]): string[] {
  const off = diskOffset(draft);
  const out: string[] = [];
  if (off) out.push(`${vdevs[0]}: ${draft.source.importPath.trim()}`);
  draft.disks.forEach((d, i) => {
    const v = vdevs[i + off];
    if (d.kind === 'file')
      out.push(`${v}: ${tw('wizard.summary.diskFile', { size: d.sizeGiB.trim(), format: d.format })}`);
    else if (d.kind === 'lvm')
      out.push(`${v}: ${tw('wizard.summary.diskLvm', { size: d.sizeGiB.trim(), vg: d.vg })}`);
    else out.push(`${v}: ${d.path.trim()}`);
  });
  return out;
}

/** What the backend undid after a failed create (CreateFailureDetails), above xl's diagnostics. */
function CreateFailureExtra({ error }: { error: unknown }) {
  const d =
    error instanceof ApiError && typeof error.details === 'object' && error.details !== null
      ? (error.details as Partial<CreateFailureDetails>)
      : {};
  return (
    <>
      {d.step && (
        <p className="wz-fail-step" data-testid="wizard-failed-step">
          {tw('wizard.summary.failedStep', { step: d.step })}
        </p>
      )}
      {(d.leftBehind ?? []).length === 0 ? (
        <p className="field-hint">{tw('wizard.summary.createFailed.undo')}</p>
      ) : (
        <div className="form-error" data-testid="wizard-left-behind">
          <Icon name="alertTriangle" size={14} />
          <div>
            <strong>{tw('wizard.summary.leftBehind')}</strong>
            <ul className="mono">
              {d.leftBehind!.map((x) => (
                <li key={x}>{x}</li>
              ))}
            </ul>
          </div>
        </div>
      )}
      {(d.undone ?? []).length > 0 && (
        <details className="act-output" data-testid="wizard-undone">
          <summary>{tw('wizard.summary.undone')}</summary>
          <ul className="mono">
            {d.undone!.map((x) => (
              <li key={x}>{x}</li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}
