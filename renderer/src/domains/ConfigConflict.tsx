// The file changed on the host since it was loaded: both versions side by side (changes only, with
// a little context), and the two ways on: take the host's file, or go back to editing.
import { useMemo, useState } from 'react';
import { Icon } from '../Icon';
import { t } from '../strings';
import { diffLines, sideBySide, withContext } from './lineDiff';

export interface ConfigConflictProps {
  path: string;
  mine: string;
  host: string;
  onReload: () => void;
  onKeepEditing: () => void;
}

export function ConfigConflict({ path, mine, host, onReload, onKeepEditing }: ConfigConflictProps) {
  const rows = useMemo(() => withContext(sideBySide(diffLines(mine, host)), 3), [mine, host]);
  const [copied, setCopied] = useState(false);
  const copyMine = () => {
    navigator.clipboard?.writeText(mine).then(
      () => setCopied(true),
      () => undefined,
    );
  };
  return (
    <section
      className="config-conflict"
      data-testid="config-conflict"
      aria-labelledby="config-conflict-title"
    >
      <header>
        <Icon name="alertTriangle" size={18} className="icon-warn" />
        <div>
          <h4 id="config-conflict-title">{t('domains.config.conflict.title')}</h4>
          <p>{t('domains.config.conflict.body', { path })}</p>
        </div>
      </header>
      <div className="diff" role="table" aria-label={t('domains.config.conflict.diff')}>
        <div className="diff-row diff-head" role="row">
          <span role="columnheader">{t('domains.config.conflict.mine')}</span>
          <span role="columnheader">{t('domains.config.conflict.host')}</span>
        </div>
        {rows.length === 0 || rows.every((r) => r.kind === 'skip') ? (
          <p className="muted diff-identical">{t('domains.config.conflict.same')}</p>
        ) : (
          rows.map((r, i) =>
            r.kind === 'skip' ? (
              <div key={i} className="diff-skip" role="row">
                {t('domains.config.conflict.skip', { count: r.count })}
              </div>
            ) : (
              <div key={i} className={`diff-row diff-row-${r.kind}`} role="row">
                <span className={`diff-cell${r.left && r.kind !== 'same' ? ' diff-mine' : ''}`} role="cell">
                  <span className="diff-ln">{r.left?.line ?? ''}</span>
                  <code>{r.left?.text ?? ''}</code>
                </span>
                <span className={`diff-cell${r.right && r.kind !== 'same' ? ' diff-host' : ''}`} role="cell">
                  <span className="diff-ln">{r.right?.line ?? ''}</span>
                  <code>{r.right?.text ?? ''}</code>
                </span>
              </div>
            ),
          )
        )}
      </div>
      <footer>
        <button type="button" className="btn" onClick={copyMine} data-testid="config-copy-mine">
          {copied ? t('domains.config.conflict.copied') : t('domains.config.conflict.copy')}
        </button>
        <span className="spacer" />
        <button type="button" className="btn" onClick={onKeepEditing} data-testid="config-keep-editing">
          {t('domains.config.conflict.keep')}
        </button>
        <button type="button" className="btn btn-primary" onClick={onReload} data-testid="config-reload-host">
          {t('domains.config.conflict.reload')}
        </button>
      </footer>
    </section>
  );
}
