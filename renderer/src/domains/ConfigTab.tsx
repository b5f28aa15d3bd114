// Config: the domain's xl.cfg in an editor with live xl diagnostics. Saving sends the text with the
// version it was based on; the host validates it with `xl create -n`, keeps a backup and refuses
// when the file changed meanwhile (then both versions are shown; nothing is overwritten).
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  ApiError,
  type ConfigConflictDetails,
  type SaveConfigResult,
  type XlFailureDetails,
  type XlHint,
} from '../../../shared/api';
import type { DomainRow } from '../../../shared/types';
import { errorMessage } from '../apiErrors';
import { useServices } from '../appContext';
import { ConfirmDialog } from '../ConfirmDialog';
import { Icon } from '../Icon';
import { Spinner } from '../Spinner';
import { t } from '../strings';
import { ConfigConflict } from './ConfigConflict';
import { ConfigEditor, type ConfigEditorHandle } from './ConfigEditor';
import { lintXlCfg, type CfgProblem } from './configLint';
import { ConfigProblems } from './ConfigProblems';

interface Base {
  path: string;
  text: string;
  version: string;
}

interface SaveError {
  message: string;
  output: string;
  hints: XlHint[];
}

export interface ConfigTabProps {
  hostId: string;
  row: DomainRow;
  onDirtyChange: (dirty: boolean) => void;
  /** the file on the host changed through us (details may need a reload) */
  onSaved: () => void;
}

export function ConfigTab({ hostId, row, onDirtyChange, onSaved }: ConfigTabProps) {
  const { client, toasts } = useServices();
  const editor = useRef<ConfigEditorHandle>(null);
  const [base, setBase] = useState<Base | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [text, setText] = useState('');
  const [problems, setProblems] = useState<CfgProblem[]>([]);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<SaveConfigResult | null>(null);
  const [saveError, setSaveError] = useState<SaveError | null>(null);
  const [conflict, setConflict] = useState<ConfigConflictDetails | null>(null);
  const [showConflict, setShowConflict] = useState(false);
  const [confirmReload, setConfirmReload] = useState(false);
  const name = row.name;
  const dirty = base !== null && text !== base.text;

  useEffect(() => onDirtyChange(dirty), [dirty, onDirtyChange]);

  const load = useCallback(async () => {
    setLoading(true);
    setLoadError(null);
    try {
      const c = await client.api.getDomainConfig({ hostId, domain: name });
      setBase(c);
      setConflict(null);
      setShowConflict(false);
      setSaveError(null);
      setSaved(null);
      if (editor.current) editor.current.reset(c.text);
      else setText(c.text);
    } catch (e) {
      setLoadError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, [client, hostId, name]);

  useEffect(() => {
    void load();
  }, [load]);

  // live diagnostics, a moment after typing stops
  useEffect(() => {
    if (base === null) return;
    const id = setTimeout(() => setProblems(lintXlCfg(text)), text === base.text ? 0 : 200);
    return () => clearTimeout(id);
  }, [text, base]);

  const save = async () => {
    if (!base || saving || !dirty) return;
    setSaving(true);
    setSaveError(null);
    setSaved(null);
    try {
      const r = await client.api.saveDomainConfig({ hostId, domain: name, text, baseVersion: base.version });
      setBase({ path: r.path, text, version: r.version });
      setSaved(r);
      setConflict(null);
      toasts.show('success', t('domains.config.saved.toast', { name }));
      onSaved();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'conflict') {
        setConflict(e.details as ConfigConflictDetails);
        setShowConflict(true);
      } else if (e instanceof ApiError && e.code === 'xl-failed') {
        const d = e.details as Partial<XlFailureDetails> | undefined;
        setSaveError({ message: e.message, output: d?.output ?? '', hints: d?.hints ?? [] });
      } else {
        setSaveError({ message: errorMessage(e), output: '', hints: [] });
      }
    } finally {
      setSaving(false);
    }
  };

  const takeHostVersion = () => {
    if (!conflict || !base) return;
    setBase({ path: base.path, text: conflict.hostText, version: conflict.hostVersion });
    editor.current?.reset(conflict.hostText);
    setConflict(null);
    setShowConflict(false);
    setSaveError(null);
  };

  // a fix is computed for the text it was found in: re-check the current text, apply the same fix
  const fix = (p: CfgProblem) => {
    const fresh = lintXlCfg(text).filter((q) => q.fix && q.message === p.message);
    const match = fresh.sort((a, b) => Math.abs(a.from - p.from) - Math.abs(b.from - p.from))[0];
    if (match?.fix) editor.current?.apply(match.fix.change);
  };

  if (loading && !base) {
    return (
      <div className="config-loading">
        <Spinner /> {t('domains.config.loading')}
      </div>
    );
  }
  if (!base) {
    return (
      <div className="form-error" data-testid="config-load-error">
        <Icon name="alertCircle" size={14} />
        <span>
          {row.cfgPath
            ? t('domains.config.loadFailed', { message: loadError ?? '' })
            : t('domains.config.noFile')}
        </span>
      </div>
    );
  }

  return (
    <div className="config-tab">
      <div className="config-bar">
        <span className="mono config-path" title={base.path} data-testid="config-path">
          {base.path}
        </span>
        {dirty && (
          <span className="tag tag-warn" data-testid="config-dirty">
            {t('domains.config.modified')}
          </span>
        )}
        <span className="spacer" />
        <button
          type="button"
          className="btn btn-small"
          onClick={() => editor.current?.reset(base.text)}
          disabled={!dirty || saving}
          data-testid="config-revert"
          title={t('domains.config.revert.hint')}
        >
          {t('domains.config.revert')}
        </button>
        <button
          type="button"
          className="btn btn-small"
          onClick={() => (dirty ? setConfirmReload(true) : void load())}
          disabled={saving || loading}
          data-testid="config-reload"
          title={t('domains.config.reload.hint')}
        >
          {loading ? <Spinner size={12} /> : <Icon name="refresh" size={13} />}
          {t('domains.config.reload')}
        </button>
        <button
          type="button"
          className="btn btn-primary btn-small"
          onClick={() => void save()}
          disabled={!dirty || saving}
          aria-busy={saving || undefined}
          data-testid="config-save"
          title={t('domains.config.save.hint')}
        >
          {saving ? <Spinner size={12} /> : <Icon name="save" size={13} />}
          {saving ? t('domains.config.saving') : t('domains.config.save')}
        </button>
      </div>

      {conflict && !showConflict && (
        <div className="banner banner-warn config-banner" data-testid="config-conflict-pending">
          <Icon name="alertTriangle" size={14} />
          <span>{t('domains.config.conflict.pending')}</span>
          <span className="spacer" />
          <button type="button" className="btn btn-small" onClick={() => setShowConflict(true)}>
            {t('domains.config.conflict.show')}
          </button>
          <button type="button" className="btn btn-small" onClick={takeHostVersion}>
            {t('domains.config.conflict.reload')}
          </button>
        </div>
      )}
      {saveError && (
        <div className="config-error" role="alert" data-testid="config-xl-error">
          <div className="config-error-head">
            <Icon name="xCircle" size={14} />
            <strong>{t('domains.config.rejected')}</strong>
            <span className="spacer" />
            <button type="button" className="btn btn-quiet btn-small" onClick={() => setSaveError(null)}>
              {t('common.dismiss')}
            </button>
          </div>
          <p>{saveError.message}</p>
          {saveError.output && <pre className="xl-output">{saveError.output}</pre>}
          {saveError.hints.map((h) => (
            <p key={h.id} className="config-hint">
              <Icon name="info" size={13} /> {h.message}
            </p>
          ))}
        </div>
      )}
      {saved && !dirty && (
        <div className="banner config-saved" role="status" data-testid="config-saved">
          <Icon name="checkCircle" size={14} />
          <span>
            {saved.backupPath
              ? t('domains.config.saved.backup', { backup: saved.backupPath })
              : t('domains.config.saved')}
          </span>
          {saved.checkOutput.trim() && <pre className="xl-output">{saved.checkOutput.trim()}</pre>}
        </div>
      )}

      {showConflict && conflict ? (
        <ConfigConflict
          path={base.path}
          mine={text}
          host={conflict.hostText}
          onReload={takeHostVersion}
          onKeepEditing={() => setShowConflict(false)}
        />
      ) : null}
      <div className="config-editor-wrap" hidden={showConflict && !!conflict}>
        <ConfigEditor
          ref={editor}
          initialText={base.text}
          problems={problems}
          onChange={setText}
          onSave={() => void save()}
          onFix={fix}
          label={t('domains.config.editorLabel', { path: base.path })}
        />
      </div>
      {!(showConflict && conflict) && (
        <ConfigProblems problems={problems} onGoto={(p) => editor.current?.goto(p.line, p.col)} onFix={fix} />
      )}

      {confirmReload && (
        <ConfirmDialog
          title={t('domains.config.discard.title')}
          body={t('domains.config.discard.body')}
          okLabel={t('domains.config.discard.ok')}
          onOk={() => {
            setConfirmReload(false);
            void load();
          }}
          onCancel={() => setConfirmReload(false)}
        />
      )}
    </div>
  );
}
