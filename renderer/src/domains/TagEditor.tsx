// A domain's user tags (kept in XenDesk's settings, not on dom0): chips, and an inline editor.
import { useEffect, useState } from 'react';
import { errorMessage } from '../apiErrors';
import { useServices } from '../appContext';
import { t } from '../strings';
import { parseTags } from './domainFilter';

export function TagEditor({
  hostId,
  domain,
  tags,
}: {
  hostId: string;
  domain: string;
  tags: readonly string[];
}) {
  const { client } = useServices();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // what the last save returned, until the next poll carries it
  const [saved, setSaved] = useState<string[] | null>(null);
  const shown = saved ?? tags;
  // once the poll carries what we saved, follow the poll again
  const polled = tags.join('\u0000');
  useEffect(() => {
    setSaved((s) => (s && s.join('\u0000') === polled ? null : s));
  }, [polled]);

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const next = await client.api.setDomainTags({ hostId, domain, tags: parseTags(text) });
      setSaved(next);
      setEditing(false);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  if (editing) {
    return (
      <form
        className="tag-editor"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <input
          autoFocus
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => e.key === 'Escape' && setEditing(false)}
          placeholder={t('domains.tags.placeholder')}
          aria-label={t('domains.tags.label')}
          data-testid="tags-input"
          disabled={busy}
        />
        <button type="submit" className="btn btn-primary btn-small" disabled={busy} data-testid="tags-save">
          {t('domains.tags.save')}
        </button>
        <button type="button" className="btn btn-small" onClick={() => setEditing(false)} disabled={busy}>
          {t('common.cancel')}
        </button>
        {error && <span className="field-error">{error}</span>}
      </form>
    );
  }
  return (
    <span className="tag-list" data-testid="tags">
      {shown.length === 0 && <span className="muted">{t('domains.tags.none')}</span>}
      {shown.map((tg) => (
        <span key={tg} className="chip">
          {tg}
        </span>
      ))}
      <button
        type="button"
        className="btn btn-quiet btn-small"
        onClick={() => {
          setText(shown.join(', '));
          setEditing(true);
        }}
        data-testid="tags-edit"
      >
        {t('domains.tags.edit')}
      </button>
    </span>
  );
}
