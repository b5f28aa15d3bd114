// Browse the host's filesystem over SFTP (listHostDir) to pick an ISO, a disk image, a block
// device or a kernel. Directories open on click; a file is selected on click and chosen with
// "Choose" (or a double click). The path can also be typed.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { HostDirEntry, HostDirListing } from '../../../shared/create/spec';
import { errorMessage } from '../apiErrors';
import { useServices } from '../appContext';
import { Dialog } from '../Dialog';
import { Icon } from '../Icon';
import { Spinner } from '../Spinner';
import { formatBytes } from './wizardModel';
import { tw } from './wizardStrings';

export interface BrowseRequest {
  title: string;
  /** the field's current value: its directory is where the browser starts */
  current: string;
  /** first directory that lists wins */
  startDirs: string[];
  /** file name endings to show (null = every file) */
  filter: string[] | null;
  /** the filter's "show all files" starts on */
  showAllByDefault?: boolean;
  onPick: (path: string) => void;
}

const parentOf = (p: string) => p.replace(/\/[^/]*\/?$/, '') || '/';
const join = (dir: string, name: string) => (dir === '/' ? `/${name}` : `${dir}/${name}`);

/** What an entry behaves as: a symlink as what it points to (a dangling one as 'other'). */
export function kindOf(e: HostDirEntry): HostDirEntry['kind'] {
  return e.kind === 'link' ? (e.linkTo ?? 'other') : e.kind;
}

export function visibleEntries(
  entries: HostDirEntry[],
  filter: string[] | null,
  showAll: boolean,
): HostDirEntry[] {
  return entries
    .filter((e) => !e.name.startsWith('.'))
    .filter(
      (e) =>
        kindOf(e) === 'dir' ||
        showAll ||
        !filter ||
        kindOf(e) === 'block' ||
        filter.some((ext) => e.name.toLowerCase().endsWith(ext)),
    )
    .sort((a, b) =>
      (kindOf(a) === 'dir') !== (kindOf(b) === 'dir')
        ? kindOf(a) === 'dir'
          ? -1
          : 1
        : a.name.localeCompare(b.name),
    );
}

export function HostFileBrowser({
  hostId,
  request,
  onClose,
  onPick,
}: {
  hostId: string;
  request: BrowseRequest;
  onClose: () => void;
  onPick: (path: string) => void;
}) {
  const { client } = useServices();
  const [listing, setListing] = useState<HostDirListing | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [typed, setTyped] = useState('');
  const [selected, setSelected] = useState<string | null>(request.current || null);
  const [showAll, setShowAll] = useState(!!request.showAllByDefault || !request.filter);

  // the newest listing wins; a path typed while one loads is not overwritten by it
  const seq = useRef(0);
  const typedMeanwhile = useRef(false);
  const open = useCallback(
    async (candidates: string[]) => {
      const mine = ++seq.current;
      typedMeanwhile.current = false;
      setLoading(true);
      setError(null);
      let lastError = '';
      for (const dir of candidates) {
        try {
          const l = await client.api.listHostDir({ hostId, path: dir });
          if (mine !== seq.current) return;
          setListing(l);
          if (!typedMeanwhile.current) setTyped(l.path);
          setLoading(false);
          return;
        } catch (e) {
          lastError = errorMessage(e);
        }
      }
      if (mine !== seq.current) return;
      setError(tw('wizard.browser.failed', { path: candidates[0] ?? '/', message: lastError }));
      setLoading(false);
    },
    [client, hostId],
  );

  useEffect(() => {
    const cur = request.current.trim();
    void open(cur.startsWith('/') ? [parentOf(cur), ...request.startDirs] : request.startDirs);
  }, [open, request]);

  const dir = listing?.path ?? '/';
  const entries = listing ? visibleEntries(listing.entries, request.filter, showAll) : [];

  return (
    <Dialog
      testId="host-browser"
      title={request.title}
      icon={<Icon name="folder" size={20} />}
      onClose={onClose}
      width="wide"
      footer={
        <>
          <span className="mono wz-browser-sel muted" data-testid="host-browser-selected">
            {selected ?? ''}
          </span>
          <span className="spacer" />
          <button type="button" className="btn" onClick={onClose} data-testid="host-browser-cancel">
            {tw('wizard.cancel')}
          </button>
          <button
            type="button"
            className="btn btn-primary"
            disabled={!selected}
            onClick={() => selected && onPick(selected)}
            data-testid="host-browser-choose"
          >
            {tw('wizard.browser.choose')}
          </button>
        </>
      }
    >
      <form
        className="wz-browser-bar"
        onSubmit={(e) => {
          e.preventDefault();
          e.stopPropagation();
          if (typed.trim()) void open([typed.trim()]);
        }}
      >
        <button
          type="button"
          className="btn btn-small"
          onClick={() => void open([parentOf(dir)])}
          disabled={dir === '/' || loading}
          data-testid="host-browser-up"
          aria-label={tw('wizard.browser.up')}
          title={tw('wizard.browser.up')}
        >
          <Icon name="chevronUp" size={14} />
        </button>
        <input
          className="mono"
          value={typed}
          onChange={(e) => {
            typedMeanwhile.current = true;
            setTyped(e.target.value);
          }}
          aria-label={tw('wizard.browser.path')}
          spellCheck={false}
          data-testid="host-browser-path"
        />
        <button type="submit" className="btn btn-small" data-testid="host-browser-go">
          {tw('wizard.browser.go')}
        </button>
      </form>
      {request.filter && (
        <label className="wz-check wz-browser-all">
          <input
            type="checkbox"
            checked={showAll}
            onChange={(e) => setShowAll(e.target.checked)}
            data-testid="host-browser-all"
          />
          <span>{tw('wizard.browser.all', { filter: request.filter.map((f) => `*${f}`).join(' ') })}</span>
        </label>
      )}
      {error && (
        <p className="form-error" role="alert" data-testid="host-browser-error">
          <Icon name="alertCircle" size={14} />
          <span>{error}</span>
        </p>
      )}
      <div className="wz-browser-list" aria-busy={loading || undefined}>
        {loading && (
          <p className="wz-loading" role="status">
            <Spinner /> {tw('wizard.browser.loading')}
          </p>
        )}
        {!loading && listing && entries.length === 0 && (
          <p className="muted wz-browser-empty">{tw('wizard.browser.empty')}</p>
        )}
        {!loading && listing && (
          <ul aria-label={tw('wizard.browser.list', { path: dir })} data-testid="host-browser-list">
            {entries.map((e) => {
              const path = join(dir, e.name);
              const kind = kindOf(e);
              const isDir = kind === 'dir';
              return (
                <li key={e.name}>
                  <button
                    type="button"
                    className={`wz-entry${selected === path ? ' wz-entry-on' : ''}`}
                    aria-pressed={isDir ? undefined : selected === path}
                    onClick={() => (isDir ? void open([path]) : setSelected(path))}
                    onDoubleClick={() => !isDir && onPick(path)}
                    data-testid={`host-browser-entry-${e.name}`}
                    data-kind={kind}
                  >
                    <Icon name={isDir ? 'folder' : kind === 'block' ? 'server' : 'file'} size={14} />
                    <span className="wz-entry-name mono">{e.name}</span>
                    <span className="wz-entry-meta">
                      {isDir ? '' : kind === 'block' ? tw('wizard.browser.block') : formatBytes(e.sizeBytes)}
                    </span>
                  </button>
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </Dialog>
  );
}
