// Step 5: the guest's disks, in order (the first is the boot disk): a new image file (raw sparse or
// qcow2) in one of the host's image directories, a new LVM logical volume, or an existing image
// or block device. The vdev each one will get is shown as it will be in the config.
import { Icon } from '../Icon';
import { PathField, SelectField, StepError, TextField, WField } from './fields';
import { DISK_FILTER, IMAGE_DIRS } from './SourceStep';
import type { StepContext } from './stepContext';
import {
  diskOffset,
  diskVdevs,
  effectiveFileName,
  effectiveLv,
  formatBytes,
  newDisk,
  type DiskDraft,
} from './wizardModel';
import { tw } from './wizardStrings';

export function StorageStep({ ctx }: { ctx: StepContext }) {
  const { draft, options, update } = ctx;
  const off = diskOffset(draft);
  const cdrom = draft.source.kind === 'cdrom';
  const vdevs = diskVdevs(draft.type, draft.disks.length + off, cdrom);
  const setDisk = (i: number, patch: Partial<DiskDraft>, ...paths: string[]) =>
    update((d) => ({ ...d, disks: d.disks.map((x, j) => (j === i ? { ...x, ...patch } : x)) }), ...paths);

  return (
    <div className="wz-stack">
      <p className="wz-intro">{tw('wizard.storage.intro')}</p>
      <StepError message={ctx.errorFor('disks')} testId="wizard-disks-error" />
      <ul className="wz-cards" data-testid="wizard-disks">
        {off === 1 && (
          <li className="wz-card wz-card-fixed" data-testid="wizard-disk-import">
            <div className="wz-card-head">
              <span className="tag mono">{vdevs.disks[0]}</span>
              <strong>{tw('wizard.storage.imported')}</strong>
              <span className="mono wz-card-path">{draft.source.importPath || '—'}</span>
              <span className="spacer" />
              <button type="button" className="btn btn-small" onClick={() => ctx.goToStep('source')}>
                {tw('wizard.storage.changeSource')}
              </button>
            </div>
          </li>
        )}
        {draft.disks.map((disk, i) => (
          <DiskCard
            key={disk.key}
            ctx={ctx}
            index={i}
            specIndex={i + off}
            vdev={vdevs.disks[i + off]!}
            onChange={(patch, ...paths) => setDisk(i, patch, ...paths)}
            onRemove={() => update((d) => ({ ...d, disks: d.disks.filter((_, j) => j !== i) }), 'disks')}
          />
        ))}
        {cdrom && (
          <li className="wz-card wz-card-fixed" data-testid="wizard-disk-cdrom">
            <div className="wz-card-head">
              <span className="tag mono">{vdevs.cdrom}</span>
              <strong>{tw('wizard.storage.cdrom')}</strong>
              <span className="mono wz-card-path">{draft.source.iso || '—'}</span>
            </div>
          </li>
        )}
      </ul>
      {draft.disks.length + off === 0 && (
        <p className="wz-note" data-testid="wizard-no-disks">
          {tw('wizard.storage.none')}
        </p>
      )}
      <div>
        <button
          type="button"
          className="btn"
          disabled={draft.disks.length + off >= 16}
          onClick={() => update((d) => ({ ...d, disks: [...d.disks, newDisk(options)] }))}
          data-testid="wizard-disk-add"
        >
          <Icon name="plus" size={14} />
          {tw('wizard.storage.add')}
        </button>
      </div>
    </div>
  );
}

function DiskCard({
  ctx,
  index,
  specIndex,
  vdev,
  onChange,
  onRemove,
}: {
  ctx: StepContext;
  index: number;
  specIndex: number;
  vdev: string;
  onChange: (patch: Partial<DiskDraft>, ...paths: string[]) => void;
  onRemove: () => void;
}) {
  const { draft, options, errorFor } = ctx;
  const disk = draft.disks[index]!;
  const p = `disks.${specIndex}`;
  const tid = `wizard-disk-${index}`;
  return (
    <li className="wz-card" data-testid={tid} data-vdev={vdev}>
      <div className="wz-card-head">
        <span className="tag mono" data-testid={`${tid}-vdev`} title={tw('wizard.storage.vdev.hint')}>
          {vdev}
        </span>
        <strong>{tw('wizard.storage.disk', { n: specIndex + 1 })}</strong>
        {specIndex === 0 && <span className="muted">{tw('wizard.storage.boot')}</span>}
        <span className="spacer" />
        <button
          type="button"
          className="btn btn-quiet btn-small"
          onClick={onRemove}
          data-testid={`${tid}-remove`}
          aria-label={tw('wizard.storage.remove.label', { vdev })}
        >
          <Icon name="trash" size={14} />
          {tw('wizard.storage.remove')}
        </button>
      </div>
      <div className="wz-row">
        <SelectField<DiskDraft['kind']>
          label={tw('wizard.storage.kind')}
          testId={`${tid}-kind`}
          value={disk.kind}
          options={[
            { value: 'file', label: tw('wizard.storage.kind.file') },
            { value: 'lvm', label: tw('wizard.storage.kind.lvm') },
            { value: 'existing', label: tw('wizard.storage.kind.existing') },
          ]}
          onChange={(kind) => onChange({ kind })}
        />
        {disk.kind === 'file' && (
          <SelectField<'raw' | 'qcow2'>
            label={tw('wizard.storage.format')}
            testId={`${tid}-format`}
            value={disk.format}
            options={[
              { value: 'raw', label: tw('wizard.storage.format.raw') },
              { value: 'qcow2', label: tw('wizard.storage.format.qcow2') },
            ]}
            onChange={(format) => onChange({ format }, `${p}.path`)}
          />
        )}
      </div>
      {disk.kind === 'file' && (
        <>
          <div className="wz-row">
            <WField label={tw('wizard.storage.dir')} testId={`${tid}-dir`} className="wz-dir">
              {(c) => (
                <select
                  {...c}
                  className="mono"
                  value={disk.dir}
                  onChange={(e) => onChange({ dir: e.target.value }, `${p}.path`)}
                >
                  {options.storageDirs.map((d) => (
                    <option key={d.path} value={d.path}>
                      {tw('wizard.storage.dirOption', { path: d.path, free: formatBytes(d.freeBytes) })}
                    </option>
                  ))}
                </select>
              )}
            </WField>
            <TextField
              label={tw('wizard.storage.fileName')}
              testId={`${tid}-name`}
              value={effectiveFileName(draft, index)}
              onChange={(v) => onChange({ fileName: v }, `${p}.path`)}
              error={errorFor(`${p}.path`)}
              mono
              grow
            />
            <SizeField
              tid={tid}
              p={p}
              ctx={ctx}
              value={disk.sizeGiB}
              onChange={(v) => onChange({ sizeGiB: v }, `${p}.sizeGiB`)}
            />
          </div>
          <p className="field-hint">
            {disk.format === 'raw'
              ? tw('wizard.storage.format.raw.help')
              : tw('wizard.storage.format.qcow2.help')}
          </p>
        </>
      )}
      {disk.kind === 'lvm' && (
        <div className="wz-row">
          <WField label={tw('wizard.storage.vg')} testId={`${tid}-vg`} error={errorFor(`${p}.vg`)}>
            {(c) => (
              <select {...c} value={disk.vg} onChange={(e) => onChange({ vg: e.target.value }, `${p}.vg`)}>
                {options.volumeGroups.length === 0 && (
                  <option value="">{tw('wizard.storage.vg.none')}</option>
                )}
                {options.volumeGroups.map((v) => (
                  <option key={v.name} value={v.name}>
                    {tw('wizard.storage.vgOption', { name: v.name, free: formatBytes(v.freeBytes) })}
                  </option>
                ))}
              </select>
            )}
          </WField>
          <TextField
            label={tw('wizard.storage.lv')}
            testId={`${tid}-lv`}
            value={effectiveLv(draft, index)}
            onChange={(v) => onChange({ lv: v }, `${p}.lv`)}
            error={errorFor(`${p}.lv`)}
            hint={tw('wizard.storage.lv.hint', {
              path: `/dev/${disk.vg || 'VG'}/${effectiveLv(draft, index)}`,
            })}
            mono
            grow
          />
          <SizeField
            tid={tid}
            p={p}
            ctx={ctx}
            value={disk.sizeGiB}
            onChange={(v) => onChange({ sizeGiB: v }, `${p}.sizeGiB`)}
          />
        </div>
      )}
      {disk.kind === 'existing' && (
        <PathField
          label={tw('wizard.storage.existing')}
          testId={`${tid}-path`}
          browseTestId={`${tid}-browse`}
          value={disk.path}
          placeholder="/var/lib/xen/images/data.img"
          onChange={(v) => onChange({ path: v }, `${p}.path`)}
          error={errorFor(`${p}.path`)}
          hint={tw('wizard.storage.existing.hint')}
          onBrowse={() =>
            ctx.browse({
              title: tw('wizard.browse.image'),
              current: disk.path,
              startDirs: IMAGE_DIRS,
              filter: DISK_FILTER,
              showAllByDefault: true,
              onPick: (path) => onChange({ path }, `${p}.path`),
            })
          }
        />
      )}
    </li>
  );
}

function SizeField(props: {
  tid: string;
  p: string;
  ctx: StepContext;
  value: string;
  onChange: (v: string) => void;
}) {
  return (
    <TextField
      label={tw('wizard.storage.size')}
      testId={`${props.tid}-size`}
      value={props.value}
      inputMode="decimal"
      onChange={props.onChange}
      error={props.ctx.errorFor(`${props.p}.sizeGiB`)}
      className="wz-size"
    />
  );
}
