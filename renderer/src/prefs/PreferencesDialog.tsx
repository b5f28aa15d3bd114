// Edit → Preferences (issue 9). The form edits a draft; Save sends the changed fields to the
// backend (setPreferences), which keeps them in settings.json and tells every window.
import { useId, useState, type ReactNode } from 'react';
import {
  DEFAULT_PREFERENCES,
  LANGUAGES,
  PREF_BOUNDS,
  PreferencesSchema,
  resolveLanguage,
  type Preferences,
  type PreferencesPatch,
} from '../../../shared/preferences';
import { errorMessage } from '../apiErrors';
import { useServices } from '../appContext';
import { Dialog } from '../Dialog';
import { Icon } from '../Icon';
import { LANGUAGE_NAMES } from '../i18n';
import { t } from '../strings';
import { savePreferences, usePrefs } from './prefsStore';
import { tp } from './prefsStrings';
import './preferences.css';

interface Draft {
  pollSeconds: string;
  historyMinutes: string;
  consoleFontFamily: string;
  consoleFontSize: string;
  consoleScrollback: string;
  vncScaling: Preferences['vncScaling'];
  confirmForceOff: boolean;
  confirmDeleteStorage: boolean;
  defaultStorageDir: string;
  defaultBridge: string;
  language: Preferences['language'];
  theme: Preferences['theme'];
}

const toDraft = (p: Preferences): Draft => ({
  pollSeconds: String(p.pollIntervalMs / 1000),
  historyMinutes: String(p.historyMinutes),
  consoleFontFamily: p.consoleFontFamily,
  consoleFontSize: String(p.consoleFontSize),
  consoleScrollback: String(p.consoleScrollback),
  vncScaling: p.vncScaling,
  confirmForceOff: p.confirmForceOff,
  confirmDeleteStorage: p.confirmDeleteStorage,
  defaultStorageDir: p.defaultStorageDir,
  defaultBridge: p.defaultBridge,
  language: p.language,
  theme: p.theme,
});

type Errors = Partial<Record<keyof Draft, string>>;

/** The draft as preferences, or the fields in error (worded for the user). */
export function draftToPrefs(d: Draft): { prefs: Preferences } | { errors: Errors } {
  const errors: Errors = {};
  const num = (field: keyof Draft, text: string, b: { min: number; max: number }, scale = 1) => {
    const n = Number(text.trim().replace(',', '.'));
    if (text.trim() === '' || !Number.isFinite(n)) {
      errors[field] = tp('prefs.err.number');
      return 0;
    }
    const v = Math.round(n * scale);
    if (v < b.min || v > b.max)
      errors[field] = tp('prefs.err.range', { min: b.min / scale, max: b.max / scale });
    return v;
  };
  const candidate: Preferences = {
    pollIntervalMs: num('pollSeconds', d.pollSeconds, PREF_BOUNDS.pollIntervalMs, 1000),
    historyMinutes: num('historyMinutes', d.historyMinutes, PREF_BOUNDS.historyMinutes),
    consoleFontFamily: d.consoleFontFamily.trim(),
    consoleFontSize: num('consoleFontSize', d.consoleFontSize, PREF_BOUNDS.consoleFontSize),
    consoleScrollback: num('consoleScrollback', d.consoleScrollback, PREF_BOUNDS.consoleScrollback),
    vncScaling: d.vncScaling,
    confirmForceOff: d.confirmForceOff,
    confirmDeleteStorage: d.confirmDeleteStorage,
    defaultStorageDir: d.defaultStorageDir.trim(),
    defaultBridge: d.defaultBridge.trim(),
    language: d.language,
    theme: d.theme,
  };
  const shape = PreferencesSchema.shape;
  if (!shape.consoleFontFamily.safeParse(candidate.consoleFontFamily).success)
    errors.consoleFontFamily = tp('prefs.err.font');
  if (!shape.defaultStorageDir.safeParse(candidate.defaultStorageDir).success)
    errors.defaultStorageDir = tp('prefs.err.path');
  if (!shape.defaultBridge.safeParse(candidate.defaultBridge).success)
    errors.defaultBridge = tp('prefs.err.bridge');
  return Object.keys(errors).length ? { errors } : { prefs: candidate };
}

function changed(before: Preferences, after: Preferences): PreferencesPatch {
  const patch: Record<string, unknown> = {};
  for (const k of Object.keys(after) as (keyof Preferences)[])
    if (after[k] !== before[k]) patch[k] = after[k];
  return patch as PreferencesPatch;
}

function Row(p: {
  label: string;
  testId: string;
  error?: string;
  hint?: string;
  unit?: string;
  children: (ids: { id: string; describedBy: string | undefined }) => ReactNode;
}) {
  const id = useId();
  const hintId = p.hint ? `${id}-hint` : undefined;
  const errId = p.error ? `${id}-err` : undefined;
  const describedBy = [errId, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`prefs-row${p.error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{p.label}</label>
      <div className="prefs-control">
        <div className="prefs-input">
          {p.children({ id, describedBy })}
          {p.unit && <span className="prefs-unit">{p.unit}</span>}
        </div>
        {p.error && (
          <span className="field-error" id={errId} data-testid={`${p.testId}-error`}>
            <Icon name="alertCircle" size={13} />
            {p.error}
          </span>
        )}
        {p.hint && (
          <p className="field-hint" id={hintId}>
            {p.hint}
          </p>
        )}
      </div>
    </div>
  );
}

export function PreferencesDialog({ onClose }: { onClose: () => void }) {
  const { client, toasts } = useServices();
  const current = usePrefs();
  const [draft, setDraft] = useState<Draft>(() => toDraft(current));
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setDraft((d) => ({ ...d, [k]: v }));
  const systemLanguage =
    LANGUAGE_NAMES[resolveLanguage('system', navigator.languages ?? [navigator.language])];

  const save = async () => {
    const r = draftToPrefs(draft);
    if ('errors' in r) {
      setErrors(r.errors);
      return;
    }
    setErrors({});
    const patch = changed(current, r.prefs);
    if (Object.keys(patch).length === 0) return onClose();
    setBusy(true);
    setFailure(null);
    try {
      await savePreferences(client, patch);
      toasts.show('success', tp('prefs.saved'));
      onClose();
    } catch (e) {
      setFailure(tp('prefs.failed', { message: errorMessage(e) }));
      setBusy(false);
    }
  };

  // a text input bound to one draft field (Row passes the ids that tie it to its label and hint)
  const text =
    (
      k: keyof Draft,
      testId: string,
      extra: { inputMode?: 'decimal' | 'numeric'; placeholder?: string } = {},
    ) =>
    ({ id, describedBy }: { id: string; describedBy: string | undefined }) => (
      <input
        id={id}
        type="text"
        value={draft[k] as string}
        onChange={(e) => set(k, e.target.value as never)}
        aria-invalid={errors[k] ? true : undefined}
        aria-describedby={describedBy}
        inputMode={extra.inputMode}
        placeholder={extra.placeholder}
        spellCheck={false}
        data-testid={testId}
      />
    );

  return (
    <Dialog
      testId="dialog-preferences"
      title={tp('prefs.title')}
      icon={<Icon name="settings" size={18} />}
      width="wide"
      className="dialog-prefs"
      busy={busy}
      onClose={onClose}
      footer={
        <>
          <button
            type="button"
            className="btn btn-quiet prefs-reset"
            onClick={() => {
              setDraft(toDraft(DEFAULT_PREFERENCES));
              setErrors({});
            }}
            disabled={busy}
            data-testid="prefs-reset"
          >
            {tp('prefs.reset')}
          </button>
          <span className="spacer" />
          <button type="button" className="btn" onClick={onClose} disabled={busy} data-testid="prefs-cancel">
            {t('common.cancel')}
          </button>
          <button
            type="submit"
            form="prefs-form"
            className="btn btn-primary"
            disabled={busy}
            aria-busy={busy || undefined}
            data-testid="prefs-save"
          >
            {busy ? tp('prefs.saving') : tp('prefs.save')}
          </button>
        </>
      }
    >
      <form
        id="prefs-form"
        className="prefs-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <fieldset>
          <legend>{tp('prefs.section.general')}</legend>
          <Row label={tp('prefs.language')} testId="pref-language">
            {({ id, describedBy }) => (
              <select
                id={id}
                aria-describedby={describedBy}
                value={draft.language}
                onChange={(e) => set('language', e.target.value as Draft['language'])}
                data-testid="pref-language"
              >
                <option value="system">{tp('prefs.language.system', { name: systemLanguage })}</option>
                {LANGUAGES.map((l) => (
                  <option key={l} value={l} lang={l === 'zh' ? 'zh-Hans' : l}>
                    {LANGUAGE_NAMES[l]}
                  </option>
                ))}
              </select>
            )}
          </Row>
          <Row label={tp('prefs.theme')} testId="pref-theme">
            {({ id, describedBy }) => (
              <select
                id={id}
                aria-describedby={describedBy}
                value={draft.theme}
                onChange={(e) => set('theme', e.target.value as Draft['theme'])}
                data-testid="pref-theme"
              >
                <option value="system">{tp('prefs.theme.system')}</option>
                <option value="light">{tp('prefs.theme.light')}</option>
                <option value="dark">{tp('prefs.theme.dark')}</option>
              </select>
            )}
          </Row>
        </fieldset>

        <fieldset>
          <legend>{tp('prefs.section.monitoring')}</legend>
          <Row
            label={tp('prefs.poll')}
            testId="pref-poll"
            unit={tp('prefs.poll.unit')}
            hint={tp('prefs.poll.hint')}
            error={errors.pollSeconds}
          >
            {text('pollSeconds', 'pref-poll', { inputMode: 'decimal' })}
          </Row>
          <Row
            label={tp('prefs.history')}
            testId="pref-history"
            unit={tp('prefs.history.unit')}
            hint={tp('prefs.history.hint')}
            error={errors.historyMinutes}
          >
            {text('historyMinutes', 'pref-history', { inputMode: 'numeric' })}
          </Row>
        </fieldset>

        <fieldset>
          <legend>{tp('prefs.section.consoles')}</legend>
          <Row
            label={tp('prefs.fontFamily')}
            testId="pref-font-family"
            hint={tp('prefs.fontFamily.hint')}
            error={errors.consoleFontFamily}
          >
            {text('consoleFontFamily', 'pref-font-family', {
              placeholder: tp('prefs.fontFamily.placeholder'),
            })}
          </Row>
          <Row
            label={tp('prefs.fontSize')}
            testId="pref-font-size"
            unit={tp('prefs.fontSize.unit')}
            error={errors.consoleFontSize}
          >
            {text('consoleFontSize', 'pref-font-size', { inputMode: 'numeric' })}
          </Row>
          <Row
            label={tp('prefs.scrollback')}
            testId="pref-scrollback"
            unit={tp('prefs.scrollback.unit')}
            hint={tp('prefs.scrollback.hint')}
            error={errors.consoleScrollback}
          >
            {text('consoleScrollback', 'pref-scrollback', { inputMode: 'numeric' })}
          </Row>
          <Row label={tp('prefs.vncScaling')} testId="pref-vnc-scaling">
            {({ id, describedBy }) => (
              <select
                id={id}
                aria-describedby={describedBy}
                value={draft.vncScaling}
                onChange={(e) => set('vncScaling', e.target.value as Draft['vncScaling'])}
                data-testid="pref-vnc-scaling"
              >
                <option value="fit">{tp('prefs.vncScaling.fit')}</option>
                <option value="1:1">{tp('prefs.vncScaling.1:1')}</option>
                <option value="remote">{tp('prefs.vncScaling.remote')}</option>
              </select>
            )}
          </Row>
        </fieldset>

        <fieldset>
          <legend>{tp('prefs.section.confirmations')}</legend>
          <label className="prefs-check">
            <input
              type="checkbox"
              checked={draft.confirmForceOff}
              onChange={(e) => set('confirmForceOff', e.target.checked)}
              data-testid="pref-confirm-force-off"
            />
            {tp('prefs.confirmForceOff')}
          </label>
          <label className="prefs-check">
            <input
              type="checkbox"
              checked={draft.confirmDeleteStorage}
              onChange={(e) => set('confirmDeleteStorage', e.target.checked)}
              data-testid="pref-confirm-delete-storage"
            />
            {tp('prefs.confirmDeleteStorage')}
          </label>
        </fieldset>

        <fieldset>
          <legend>{tp('prefs.section.newDomains')}</legend>
          <Row
            label={tp('prefs.storageDir')}
            testId="pref-storage-dir"
            hint={tp('prefs.storageDir.hint')}
            error={errors.defaultStorageDir}
          >
            {text('defaultStorageDir', 'pref-storage-dir')}
          </Row>
          <Row
            label={tp('prefs.bridge')}
            testId="pref-bridge"
            hint={tp('prefs.bridge.hint')}
            error={errors.defaultBridge}
          >
            {text('defaultBridge', 'pref-bridge')}
          </Row>
        </fieldset>
        {failure && (
          <div className="form-error" role="alert">
            <Icon name="alertCircle" size={14} />
            <span>{failure}</span>
          </div>
        )}
      </form>
    </Dialog>
  );
}
