// Step 3: where the guest's OS comes from. An ISO on the host (or one uploaded from this computer,
// which then becomes that ISO), a distribution tree's kernel/initrd, PXE, an existing disk to
// import, or a kernel to boot directly.
import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../../../shared/api';
import { errorMessage } from '../apiErrors';
import { useServices } from '../appContext';
import { TaskProgressBar } from '../actions/TaskProgressBar';
import { newTaskId } from '../actions/useTask';
import { Icon } from '../Icon';
import { ChoiceGroup, PathField, TextField, WField } from './fields';
import type { StepContext } from './stepContext';
import { uploadToHost, fileSource, UploadCancelled } from './upload';
import {
  SOURCE_KINDS,
  defaultCmdline,
  effectiveCmdline,
  formatBytes,
  sourceAllowed,
  type SourceKind,
} from './wizardModel';
import { tw } from './wizardStrings';

export const ISO_FILTER = ['.iso'];
export const DISK_FILTER = ['.img', '.raw', '.qcow2', '.qcow', '.vhd', '.qed'];
export const ISO_DIRS = ['/var/lib/xen/iso', '/var/lib/xen/images', '/srv', '/'];
export const IMAGE_DIRS = ['/var/lib/xen/images', '/srv', '/'];
export const KERNEL_DIRS = ['/var/lib/xen/boot', '/boot', '/'];

export function SourceStep({ ctx }: { ctx: StepContext }) {
  const { draft, update, errorFor, options } = ctx;
  const s = draft.source;
  const setSource = (patch: Partial<typeof s>, ...paths: string[]) =>
    update((d) => ({ ...d, source: { ...d.source, ...patch } }), ...paths);
  const typeNote = (kind: SourceKind) => tw(`wizard.source.${kind}.${draft.type === 'hvm' ? 'hvm' : 'pv'}`);
  const reason = (kind: SourceKind) =>
    kind === 'cdrom' || kind === 'upload'
      ? tw('wizard.source.iso.unavailable', { type: draft.type.toUpperCase() })
      : kind === 'pxe'
        ? draft.type === 'pvh'
          ? tw('wizard.source.pxe.unavailable.pvh')
          : tw('wizard.source.pxe.unavailable')
        : tw('wizard.source.import.unavailable');

  // the selected source's own fields, shown inside its choice
  const detail = (
    <>
      {s.kind === 'cdrom' && (
        <PathField
          label={tw('wizard.source.iso.label')}
          testId="wizard-iso"
          browseTestId="wizard-iso-browse"
          value={s.iso}
          placeholder="/var/lib/xen/iso/debian-12-amd64-netinst.iso"
          onChange={(v) => setSource({ iso: v }, 'source.iso')}
          error={errorFor('source.iso')}
          hint={tw('wizard.source.iso.hint')}
          onBrowse={() =>
            ctx.browse({
              title: tw('wizard.browse.iso'),
              current: s.iso,
              startDirs: ISO_DIRS,
              filter: ISO_FILTER,
              onPick: (p) => setSource({ iso: p }, 'source.iso'),
            })
          }
        />
      )}

      {s.kind === 'upload' && (
        <UploadIso ctx={ctx} onDone={(path) => setSource({ kind: 'cdrom', iso: path }, 'source.iso')} />
      )}

      {s.kind === 'network' && (
        <>
          <TextField
            label={tw('wizard.source.url.label')}
            testId="wizard-url"
            value={s.url}
            inputMode="url"
            placeholder="http://deb.debian.org/debian/dists/bookworm/main/installer-amd64/"
            onChange={(v) => setSource({ url: v }, 'source.url')}
            error={errorFor('source.url')}
            hint={tw('wizard.source.url.hint', { name: draft.name.trim() || 'NAME' })}
            mono
          />
          <TextField
            label={tw('wizard.source.extra.label')}
            testId="wizard-extra-args"
            value={s.extraArgs}
            placeholder="auto=true priority=critical url=http://192.0.2.10/preseed.cfg"
            onChange={(v) => setSource({ extraArgs: v }, 'source.extraArgs')}
            error={errorFor('source.extraArgs')}
            hint={tw('wizard.source.extra.hint')}
            mono
          />
        </>
      )}

      {s.kind === 'pxe' && (
        <p className="wz-note" data-testid="wizard-pxe-note">
          {draft.type === 'hvm'
            ? tw('wizard.source.pxe.note.hvm')
            : tw('wizard.source.pxe.note.pv', { path: options.pypxeboot ?? 'pypxeboot' })}
        </p>
      )}

      {s.kind === 'import' && (
        <PathField
          label={tw('wizard.source.import.label')}
          testId="wizard-import-path"
          browseTestId="wizard-import-browse"
          value={s.importPath}
          placeholder="/var/lib/xen/images/debian12.img"
          onChange={(v) => setSource({ importPath: v }, 'disks.0.path')}
          error={errorFor('disks.0.path')}
          hint={tw('wizard.source.import.hint')}
          onBrowse={() =>
            ctx.browse({
              title: tw('wizard.browse.image'),
              current: s.importPath,
              startDirs: IMAGE_DIRS,
              filter: DISK_FILTER,
              showAllByDefault: true,
              onPick: (p) => setSource({ importPath: p }, 'disks.0.path'),
            })
          }
        />
      )}

      {s.kind === 'kernel' && (
        <>
          <PathField
            label={tw('wizard.source.kernel.label')}
            testId="wizard-kernel"
            browseTestId="wizard-kernel-browse"
            value={s.kernel}
            placeholder="/var/lib/xen/boot/vmlinuz"
            onChange={(v) => setSource({ kernel: v }, 'source.kernel')}
            error={errorFor('source.kernel')}
            onBrowse={() =>
              ctx.browse({
                title: tw('wizard.browse.kernel'),
                current: s.kernel,
                startDirs: KERNEL_DIRS,
                filter: null,
                onPick: (p) => setSource({ kernel: p }, 'source.kernel'),
              })
            }
          />
          <PathField
            label={tw('wizard.source.ramdisk.label')}
            testId="wizard-ramdisk"
            browseTestId="wizard-ramdisk-browse"
            value={s.ramdisk}
            placeholder={tw('wizard.optional')}
            onChange={(v) => setSource({ ramdisk: v }, 'source.ramdisk')}
            error={errorFor('source.ramdisk')}
            onBrowse={() =>
              ctx.browse({
                title: tw('wizard.browse.ramdisk'),
                current: s.ramdisk || s.kernel,
                startDirs: KERNEL_DIRS,
                filter: null,
                onPick: (p) => setSource({ ramdisk: p }, 'source.ramdisk'),
              })
            }
          />
          <TextField
            label={tw('wizard.source.cmdline.label')}
            testId="wizard-cmdline"
            value={effectiveCmdline(draft)}
            onChange={(v) => setSource({ cmdline: v }, 'source.cmdline')}
            error={errorFor('source.cmdline')}
            hint={tw('wizard.source.cmdline.hint', { default: defaultCmdline(draft.type) })}
            mono
          />
        </>
      )}
    </>
  );

  return (
    <div className="wz-stack">
      <ChoiceGroup<SourceKind>
        legend={tw('wizard.source.legend')}
        name="wizard-source"
        testId="wizard-source"
        value={s.kind}
        onChange={(kind) => setSource({ kind }, 'source.kind')}
        error={errorFor('source.kind')}
        choices={SOURCE_KINDS.map((kind) => ({
          value: kind,
          label: tw(`wizard.source.${kind}`),
          help: typeNote(kind),
          disabled: !sourceAllowed(kind, draft.type, options),
          reason: reason(kind),
          detail: kind === s.kind ? detail : undefined,
        }))}
      />
    </div>
  );
}

const safeFileName = (name: string) =>
  name.replace(/[^A-Za-z0-9_.+@:~-]/g, '_').replace(/^[-.]+/, '') || 'upload.iso';

type UploadState =
  | { status: 'idle' }
  | { status: 'running'; received: number; total: number; taskId: string }
  | { status: 'failed'; message: string; field: 'dest' | 'file' };

function UploadIso({ ctx, onDone }: { ctx: StepContext; onDone: (path: string) => void }) {
  const { client } = useServices();
  const { options, host, errorFor } = ctx;
  const [file, setFile] = useState<File | null>(null);
  const [dir, setDir] = useState(options.storageDirs[0]?.path ?? '/var/lib/xen/images');
  const [fileName, setFileName] = useState('');
  const [state, setState] = useState<UploadState>({ status: 'idle' });
  const abort = useRef<AbortController | null>(null);
  const { onUploading } = ctx;

  // leaving the step or closing the wizard cancels (the host removes the partial file)
  useEffect(() => () => abort.current?.abort(), []);
  useEffect(() => onUploading(state.status === 'running'), [state.status, onUploading]);
  useEffect(() => () => onUploading(false), [onUploading]);

  const dest = `${dir.replace(/\/+$/, '')}/${fileName}`;
  const destError =
    state.status === 'failed' && state.field === 'dest'
      ? state.message
      : fileName && !/^[A-Za-z0-9_+@:~][A-Za-z0-9_.+@:~-]*$/.test(fileName)
        ? tw('wizard.err.fileName')
        : undefined;
  const fileError =
    state.status === 'failed' && state.field === 'file' ? state.message : errorFor('upload.file');

  const start = async () => {
    if (!file || !fileName || destError) return;
    const ctl = new AbortController();
    abort.current = ctl;
    const taskId = newTaskId('upload');
    setState({ status: 'running', received: 0, total: file.size, taskId });
    try {
      const path = await uploadToHost(client, {
        hostId: host.id,
        destPath: dest,
        source: fileSource(file),
        taskId,
        signal: ctl.signal,
        onProgress: (received, total) =>
          setState((s) => (s.status === 'running' ? { ...s, received, total } : s)),
      });
      setState({ status: 'idle' });
      onDone(path);
    } catch (e) {
      if (e instanceof UploadCancelled) setState({ status: 'idle' });
      else if (e instanceof ApiError && e.code === 'conflict')
        setState({ status: 'failed', field: 'dest', message: tw('wizard.upload.exists', { path: dest }) });
      else
        setState({
          status: 'failed',
          field: 'file',
          message: tw('wizard.upload.failed', { message: errorMessage(e) }),
        });
    } finally {
      abort.current = null;
    }
  };

  const running = state.status === 'running';
  const dirFree = options.storageDirs.find((d) => d.path === dir)?.freeBytes;
  return (
    <div className="wz-stack wz-upload" data-testid="wizard-upload">
      <WField
        label={tw('wizard.upload.file')}
        testId="wizard-upload-file"
        error={fileError}
        hint={tw('wizard.upload.hint')}
      >
        {(c) => (
          <input
            {...c}
            type="file"
            accept=".iso,application/x-iso9660-image"
            disabled={running}
            onChange={(e) => {
              const f = e.target.files?.[0] ?? null;
              setFile(f);
              if (f) setFileName(safeFileName(f.name));
              setState({ status: 'idle' });
            }}
          />
        )}
      </WField>
      <div className="wz-row">
        <WField
          label={tw('wizard.upload.dir')}
          testId="wizard-upload-dir"
          className="wz-dir"
          hint={dirFree !== undefined ? tw('wizard.free', { free: formatBytes(dirFree) }) : undefined}
        >
          {(c) => (
            <select
              {...c}
              value={dir}
              disabled={running}
              onChange={(e) => setDir(e.target.value)}
              className="mono"
            >
              {options.storageDirs.map((d) => (
                <option key={d.path} value={d.path}>
                  {d.path}
                </option>
              ))}
            </select>
          )}
        </WField>
        <TextField
          label={tw('wizard.upload.name')}
          testId="wizard-upload-name"
          value={fileName}
          onChange={(v) => {
            setFileName(v);
            if (state.status === 'failed') setState({ status: 'idle' });
          }}
          error={destError}
          mono
          grow
        />
      </div>
      {running ? (
        <div className="wz-upload-run">
          <TaskProgressBar
            progress={{
              taskId: state.taskId,
              hostId: host.id,
              label: tw('wizard.upload.progress', { path: dest }),
              fraction: state.total > 0 ? state.received / state.total : null,
              detail: tw('wizard.upload.bytes', {
                done: formatBytes(state.received),
                total: formatBytes(state.total),
              }),
              done: false,
            }}
            label={tw('wizard.upload.progress', { path: dest })}
          />
          <button
            type="button"
            className="btn"
            onClick={() => abort.current?.abort()}
            data-testid="wizard-upload-cancel"
          >
            <Icon name="x" size={14} />
            {tw('wizard.upload.cancel')}
          </button>
        </div>
      ) : (
        <div>
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => void start()}
            disabled={!file || !fileName || !!destError}
            data-testid="wizard-upload-start"
          >
            <Icon name="upload" size={14} />
            {file
              ? tw('wizard.upload.start', { size: formatBytes(file.size) })
              : tw('wizard.upload.startNoFile')}
          </button>
        </div>
      )}
    </div>
  );
}
