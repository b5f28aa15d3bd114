// Steps 1, 2, 4, 7 and 8: name and host, guest type, memory and vCPUs, console and graphics,
// behaviour. (Install source, storage, network and the summary have files of their own.)
import { useEffect, useState } from 'react';
import type { GuestType } from '../../../shared/create/spec';
import { AmountField, CheckField, ChoiceGroup, SelectField, TextField, WField } from './fields';
import type { StepContext } from './stepContext';
import { LIFECYCLE_ACTIONS, effectiveVnc, formatBytes, withType, type LifecycleAction } from './wizardModel';
import { tw } from './wizardStrings';

const MiB = 1024 * 1024;

export function NameStep({ ctx }: { ctx: StepContext }) {
  const { draft, options, host, hosts, update, errorFor } = ctx;
  return (
    <div className="wz-stack">
      <p className="wz-intro">{tw('wizard.name.intro')}</p>
      <TextField
        label={tw('wizard.name.label')}
        testId="wizard-name"
        value={draft.name}
        onChange={(v) => update((d) => ({ ...d, name: v }), 'name')}
        error={errorFor('name')}
        hint={tw('wizard.name.hint')}
        placeholder={tw('wizard.name.placeholder')}
        autoFocus
        mono
      />
      <WField label={tw('wizard.host.label')} testId="wizard-host" hint={tw('wizard.host.hint')}>
        {(c) => (
          <select {...c} value={host.id} onChange={(e) => ctx.onHostChange(e.target.value)}>
            {hosts.map((h) => (
              <option key={h.id} value={h.id}>
                {h.label}
              </option>
            ))}
          </select>
        )}
      </WField>
      <dl className="facts wz-hostfacts" data-testid="wizard-host-facts">
        <dt>{tw('wizard.host.memory')}</dt>
        <dd>
          {tw('wizard.host.memoryValue', {
            free: formatBytes(options.freeMemoryMiB * MiB),
            total: formatBytes(options.totalMemoryMiB * MiB),
          })}
        </dd>
        <dt>{tw('wizard.host.cpus')}</dt>
        <dd>{options.cpus}</dd>
        <dt>{tw('wizard.host.types')}</dt>
        <dd>{['PV', options.pvh ? 'PVH' : null, options.hvm ? 'HVM' : null].filter(Boolean).join(', ')}</dd>
        <dt>{tw('wizard.host.domains')}</dt>
        <dd>{options.usedNames.length}</dd>
      </dl>
    </div>
  );
}

export function TypeStep({ ctx }: { ctx: StepContext }) {
  const { draft, options, update, errorFor } = ctx;
  return (
    <div className="wz-stack">
      <ChoiceGroup<GuestType>
        legend={tw('wizard.type.legend')}
        name="wizard-type"
        testId="wizard-type"
        value={draft.type}
        onChange={(v) => update((d) => withType(d, v, options), 'type')}
        error={errorFor('type')}
        choices={[
          { value: 'pv', label: tw('wizard.type.pv'), help: tw('wizard.type.pv.help') },
          {
            value: 'pvh',
            label: tw('wizard.type.pvh'),
            help: tw('wizard.type.pvh.help'),
            disabled: !options.pvh,
            reason: tw('wizard.type.pvh.unavailable'),
          },
          {
            value: 'hvm',
            label: tw('wizard.type.hvm'),
            help: tw('wizard.type.hvm.help'),
            disabled: !options.hvm,
            reason: tw('wizard.type.hvm.unavailable'),
          },
        ]}
      />
    </div>
  );
}

export function ResourcesStep({ ctx }: { ctx: StepContext }) {
  const { draft, options, update, errorFor } = ctx;
  const advancedError = errorFor('maxmemMiB') ?? errorFor('maxvcpus');
  const [advanced, setAdvanced] = useState(() => !!draft.maxmem || !!draft.maxvcpus);
  // an error inside must not stay hidden
  useEffect(() => {
    if (advancedError) setAdvanced(true);
  }, [advancedError]);
  return (
    <div className="wz-stack">
      <div className="wz-row">
        <AmountField
          label={tw('wizard.memory.label')}
          testId="wizard-memory"
          amount={draft.memory}
          unit={draft.memoryUnit}
          onAmount={(v) => update((d) => ({ ...d, memory: v }), 'memoryMiB')}
          onUnit={(u) => update((d) => ({ ...d, memoryUnit: u }), 'memoryMiB')}
          error={errorFor('memoryMiB')}
          hint={
            <span data-testid="wizard-memory-free">
              {tw('wizard.memory.hint', {
                free: formatBytes(options.freeMemoryMiB * MiB),
                total: formatBytes(options.totalMemoryMiB * MiB),
              })}
            </span>
          }
        />
        <TextField
          label={tw('wizard.vcpus.label')}
          testId="wizard-vcpus"
          value={draft.vcpus}
          inputMode="numeric"
          onChange={(v) => update((d) => ({ ...d, vcpus: v }), 'vcpus')}
          error={errorFor('vcpus')}
          hint={tw('wizard.vcpus.hint', { cpus: options.cpus })}
          className="wz-narrow"
        />
      </div>
      <details
        className="wz-advanced"
        open={advanced}
        onToggle={(e) => setAdvanced((e.target as HTMLDetailsElement).open)}
      >
        <summary data-testid="wizard-advanced">{tw('wizard.advanced')}</summary>
        <div className="wz-row">
          <AmountField
            label={tw('wizard.maxmem.label')}
            testId="wizard-maxmem"
            amount={draft.maxmem}
            unit={draft.maxmemUnit}
            placeholder={tw('wizard.maxmem.placeholder')}
            onAmount={(v) => update((d) => ({ ...d, maxmem: v }), 'maxmemMiB')}
            onUnit={(u) => update((d) => ({ ...d, maxmemUnit: u }), 'maxmemMiB')}
            error={errorFor('maxmemMiB')}
            hint={tw('wizard.maxmem.hint')}
          />
          <TextField
            label={tw('wizard.maxvcpus.label')}
            testId="wizard-maxvcpus"
            value={draft.maxvcpus}
            inputMode="numeric"
            placeholder={tw('wizard.maxvcpus.placeholder')}
            onChange={(v) => update((d) => ({ ...d, maxvcpus: v }), 'maxvcpus')}
            error={errorFor('maxvcpus')}
            hint={tw('wizard.maxvcpus.hint')}
            className="wz-narrow"
          />
        </div>
      </details>
    </div>
  );
}

export function ConsoleStep({ ctx }: { ctx: StepContext }) {
  const { draft, update, errorFor } = ctx;
  const hvm = draft.type === 'hvm';
  const vnc = effectiveVnc(draft);
  return (
    <div className="wz-stack">
      <div className="wz-note" data-testid="wizard-serial-note">
        <strong>{tw('wizard.console.serial')}</strong>
        <span>{hvm ? tw('wizard.console.serial.hvm') : tw('wizard.console.serial.pv')}</span>
      </div>
      <CheckField
        label={hvm ? tw('wizard.console.vnc') : tw('wizard.console.vfb')}
        help={hvm ? tw('wizard.console.vnc.help') : tw('wizard.console.vfb.help')}
        checked={vnc}
        onChange={(v) => update((d) => ({ ...d, vnc: v }), 'graphics.vnc')}
        testId="wizard-vnc"
      />
      {vnc && (
        <TextField
          label={tw('wizard.console.password')}
          testId="wizard-vnc-password"
          type="password"
          value={draft.vncPassword}
          onChange={(v) => update((d) => ({ ...d, vncPassword: v }), 'graphics.password')}
          error={errorFor('graphics.password')}
          hint={tw('wizard.console.password.hint')}
          className="wz-medium"
        />
      )}
    </div>
  );
}

const lifecycleOptions = () =>
  LIFECYCLE_ACTIONS.map((a) => ({ value: a, label: tw(`wizard.behaviour.action.${a}`) }));

export function BehaviourStep({ ctx }: { ctx: StepContext }) {
  const { draft, update, errorFor } = ctx;
  const field = (key: 'onPoweroff' | 'onReboot' | 'onCrash', label: string, testId: string) => (
    <SelectField<LifecycleAction>
      label={label}
      testId={testId}
      value={draft[key]}
      options={lifecycleOptions()}
      onChange={(v) => update((d) => ({ ...d, [key]: v }), key)}
      error={errorFor(key)}
    />
  );
  return (
    <div className="wz-stack">
      <p className="wz-intro">{tw('wizard.behaviour.intro')}</p>
      <div className="wz-grid3">
        {field('onPoweroff', tw('wizard.behaviour.poweroff'), 'wizard-on-poweroff')}
        {field('onReboot', tw('wizard.behaviour.reboot'), 'wizard-on-reboot')}
        {field('onCrash', tw('wizard.behaviour.crash'), 'wizard-on-crash')}
      </div>
      <p className="field-hint">{tw('wizard.behaviour.actions.help')}</p>
      <CheckField
        label={tw('wizard.behaviour.autostart')}
        help={tw('wizard.behaviour.autostart.help', { name: draft.name.trim() || 'NAME' })}
        checked={draft.autostart}
        onChange={(v) => update((d) => ({ ...d, autostart: v }), 'autostart')}
        testId="wizard-autostart"
      />
    </div>
  );
}
