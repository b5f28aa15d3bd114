// Step 6: network interfaces, each on one of the host's bridges, with a MAC in Xen's 00:16:3e
// range (generated, unique on the host, editable) and, for HVM, the emulated NIC model.
import { useId } from 'react';
import { Icon } from '../Icon';
import { SelectField, StepError, TextField } from './fields';
import type { StepContext } from './stepContext';
import { generateMac, newNic, type NicDraft } from './wizardModel';
import { tw } from './wizardStrings';

export function NetworkStep({ ctx }: { ctx: StepContext }) {
  const { draft, options, update, errorFor } = ctx;
  const bridgeList = useId();
  const setNic = (i: number, patch: Partial<NicDraft>, ...paths: string[]) =>
    update((d) => ({ ...d, nics: d.nics.map((x, j) => (j === i ? { ...x, ...patch } : x)) }), ...paths);

  return (
    <div className="wz-stack">
      <p className="wz-intro">
        {options.bridges.length
          ? tw('wizard.network.intro', { bridges: options.bridges.join(', ') })
          : tw('wizard.network.noBridges')}
      </p>
      <StepError message={errorFor('nics')} testId="wizard-nics-error" />
      <datalist id={bridgeList}>
        {options.bridges.map((b) => (
          <option key={b} value={b} />
        ))}
      </datalist>
      <ul className="wz-cards" data-testid="wizard-nics">
        {draft.nics.map((nic, i) => {
          const tid = `wizard-nic-${i}`;
          return (
            <li className="wz-card" key={nic.key} data-testid={tid}>
              <div className="wz-card-head">
                <span className="tag mono">{`vif${i}`}</span>
                <strong>{tw('wizard.network.nic', { n: i + 1 })}</strong>
                <span className="spacer" />
                <button
                  type="button"
                  className="btn btn-quiet btn-small"
                  onClick={() => update((d) => ({ ...d, nics: d.nics.filter((_, j) => j !== i) }), 'nics')}
                  data-testid={`${tid}-remove`}
                  aria-label={tw('wizard.network.remove.label', { n: i + 1 })}
                >
                  <Icon name="trash" size={14} />
                  {tw('wizard.network.remove')}
                </button>
              </div>
              <div className="wz-row">
                <TextField
                  label={tw('wizard.network.bridge')}
                  testId={`${tid}-bridge`}
                  value={nic.bridge}
                  list={bridgeList}
                  onChange={(v) => setNic(i, { bridge: v }, `nics.${i}.bridge`)}
                  error={errorFor(`nics.${i}.bridge`)}
                  hint={tw('wizard.network.bridge.hint')}
                  mono
                />
                <div className="wz-mac">
                  <TextField
                    label={tw('wizard.network.mac')}
                    testId={`${tid}-mac`}
                    value={nic.mac}
                    onChange={(v) => setNic(i, { mac: v }, `nics.${i}.mac`)}
                    error={errorFor(`nics.${i}.mac`)}
                    hint={tw('wizard.network.mac.hint')}
                    mono
                  />
                  <button
                    type="button"
                    className="btn btn-small wz-mac-new"
                    onClick={() =>
                      setNic(
                        i,
                        {
                          mac: generateMac([
                            ...options.usedMacs,
                            ...draft.nics.filter((_, j) => j !== i).map((n) => n.mac),
                          ]),
                        },
                        `nics.${i}.mac`,
                      )
                    }
                    data-testid={`${tid}-mac-new`}
                    title={tw('wizard.network.mac.new.hint')}
                  >
                    <Icon name="refresh" size={13} />
                    {tw('wizard.network.mac.new')}
                  </button>
                </div>
                {draft.type === 'hvm' && (
                  <SelectField<NicDraft['model']>
                    label={tw('wizard.network.model')}
                    testId={`${tid}-model`}
                    value={nic.model}
                    options={[
                      { value: 'e1000', label: 'e1000' },
                      { value: 'rtl8139', label: 'rtl8139' },
                    ]}
                    onChange={(model) => setNic(i, { model }, `nics.${i}.model`)}
                    hint={tw('wizard.network.model.hint')}
                  />
                )}
              </div>
            </li>
          );
        })}
      </ul>
      {draft.nics.length === 0 && (
        <p className="wz-note" data-testid="wizard-no-nics">
          {tw('wizard.network.none')}
        </p>
      )}
      <div>
        <button
          type="button"
          className="btn"
          disabled={draft.nics.length >= 8}
          onClick={() => update((d) => ({ ...d, nics: [...d.nics, newNic(options, d)] }))}
          data-testid="wizard-nic-add"
        >
          <Icon name="plus" size={14} />
          {tw('wizard.network.add')}
        </button>
      </div>
    </div>
  );
}
