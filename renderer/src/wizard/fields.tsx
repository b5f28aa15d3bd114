// Small form pieces the wizard's steps share: a labelled field with a hint and its error (built on
// the app's FormField, so errors are linked with aria-invalid + aria-describedby), an amount with a
// unit, a radio group, a checkbox, and a path field with a Browse button.
import { useId, type ReactNode } from 'react';
import { FormField, type FieldControlProps } from '../FormField';
import { Icon } from '../Icon';
import type { MemUnit } from './wizardModel';
import { tw } from './wizardStrings';

export interface WFieldProps {
  label: string;
  testId: string;
  error?: string;
  hint?: ReactNode;
  grow?: boolean;
  className?: string;
  children: (control: FieldControlProps) => ReactNode;
}

/** FormField plus a hint under the control that is part of its description. */
export function WField({ label, testId, error, hint, grow, className, children }: WFieldProps) {
  const hintId = useId();
  return (
    <FormField label={label} testId={testId} error={error} grow={grow} className={className}>
      {(c) => (
        <>
          {children({
            ...c,
            'aria-describedby':
              [c['aria-describedby'], hint ? hintId : ''].filter(Boolean).join(' ') || undefined,
          })}
          {hint && (
            <p className="field-hint" id={hintId}>
              {hint}
            </p>
          )}
        </>
      )}
    </FormField>
  );
}

export interface TextFieldProps {
  label: string;
  testId: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
  hint?: ReactNode;
  placeholder?: string;
  mono?: boolean;
  grow?: boolean;
  autoFocus?: boolean;
  inputMode?: 'text' | 'numeric' | 'decimal' | 'url';
  className?: string;
  type?: 'text' | 'password';
  maxLength?: number;
  list?: string;
}

export function TextField(p: TextFieldProps) {
  return (
    <WField
      label={p.label}
      testId={p.testId}
      error={p.error}
      hint={p.hint}
      grow={p.grow}
      className={p.className}
    >
      {(c) => (
        <input
          {...c}
          type={p.type ?? 'text'}
          className={p.mono ? 'mono' : undefined}
          value={p.value}
          placeholder={p.placeholder}
          autoFocus={p.autoFocus}
          inputMode={p.inputMode}
          maxLength={p.maxLength}
          list={p.list}
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => p.onChange(e.target.value)}
        />
      )}
    </WField>
  );
}

/** A path on the host: typed, or chosen in the host file browser. */
export function PathField(p: TextFieldProps & { onBrowse: () => void; browseTestId: string }) {
  return (
    <WField
      label={p.label}
      testId={p.testId}
      error={p.error}
      hint={p.hint}
      grow={p.grow}
      className={p.className}
    >
      {(c) => (
        <div className="wz-path">
          <input
            {...c}
            type="text"
            className="mono"
            value={p.value}
            placeholder={p.placeholder}
            autoFocus={p.autoFocus}
            spellCheck={false}
            autoComplete="off"
            onChange={(e) => p.onChange(e.target.value)}
          />
          <button type="button" className="btn" onClick={p.onBrowse} data-testid={p.browseTestId}>
            <Icon name="folder" size={14} />
            {tw('wizard.browse')}
          </button>
        </div>
      )}
    </WField>
  );
}

export interface AmountFieldProps {
  label: string;
  testId: string;
  amount: string;
  unit: MemUnit;
  onAmount: (v: string) => void;
  onUnit: (u: MemUnit) => void;
  error?: string;
  hint?: ReactNode;
  placeholder?: string;
}

/** An amount of memory with its unit spelled out (MiB or GiB), as xl's numbers are MiB. */
export function AmountField(p: AmountFieldProps) {
  return (
    <WField label={p.label} testId={p.testId} error={p.error} hint={p.hint}>
      {(c) => (
        <div className="wz-amount">
          <input
            {...c}
            type="text"
            inputMode="decimal"
            value={p.amount}
            placeholder={p.placeholder}
            autoComplete="off"
            onChange={(e) => p.onAmount(e.target.value)}
          />
          <select
            aria-label={tw('wizard.unit', { field: p.label })}
            value={p.unit}
            onChange={(e) => p.onUnit(e.target.value as MemUnit)}
            data-testid={`${p.testId}-unit`}
          >
            <option value="MiB">MiB</option>
            <option value="GiB">GiB</option>
          </select>
        </div>
      )}
    </WField>
  );
}

export interface Choice<T extends string> {
  value: T;
  label: string;
  help: ReactNode;
  disabled?: boolean;
  /** why it is disabled */
  reason?: string;
  /** the choice's own fields, shown under it while it is selected */
  detail?: ReactNode;
}

/** Radio buttons with a one-line help each, in a fieldset; the error goes under the legend. */
export function ChoiceGroup<T extends string>(p: {
  legend: string;
  name: string;
  value: T;
  choices: Choice<T>[];
  onChange: (v: T) => void;
  error?: string;
  testId: string;
}) {
  const errorId = useId();
  return (
    <fieldset
      className={`wz-choices${p.error ? ' field-invalid' : ''}`}
      data-testid={p.testId}
      aria-describedby={p.error ? errorId : undefined}
    >
      <legend>{p.legend}</legend>
      {p.error && (
        <span className="field-error" id={errorId} data-testid={`${p.testId}-error`}>
          <Icon name="alertCircle" size={13} />
          {p.error}
        </span>
      )}
      {p.choices.map((c) => {
        const on = p.value === c.value;
        return (
          <div
            key={c.value}
            className={`wz-choice${on ? ' wz-choice-on' : ''}${c.disabled ? ' wz-choice-off' : ''}`}
          >
            <label className="wz-choice-head">
              <input
                type="radio"
                name={p.name}
                value={c.value}
                checked={on}
                disabled={c.disabled}
                onChange={() => p.onChange(c.value)}
                data-testid={`${p.testId}-${c.value}`}
                data-invalid-focus={p.error && on ? true : undefined}
              />
              <span className="wz-choice-text">
                <span className="wz-choice-label">{c.label}</span>
                <span className="wz-choice-help">{c.help}</span>
                {c.disabled && c.reason && <span className="wz-choice-reason">{c.reason}</span>}
              </span>
            </label>
            {on && c.detail && <div className="wz-choice-detail">{c.detail}</div>}
          </div>
        );
      })}
    </fieldset>
  );
}

export function CheckField(p: {
  label: string;
  help?: ReactNode;
  checked: boolean;
  onChange: (v: boolean) => void;
  testId: string;
}) {
  const helpId = useId();
  return (
    <label className="wz-check">
      <input
        type="checkbox"
        checked={p.checked}
        onChange={(e) => p.onChange(e.target.checked)}
        aria-describedby={p.help ? helpId : undefined}
        data-testid={p.testId}
      />
      <span className="wz-choice-text">
        <span className="wz-choice-label">{p.label}</span>
        {p.help && (
          <span className="wz-choice-help" id={helpId}>
            {p.help}
          </span>
        )}
      </span>
    </label>
  );
}

export function SelectField<T extends string>(p: {
  label: string;
  testId: string;
  value: T;
  options: { value: T; label: string }[];
  onChange: (v: T) => void;
  error?: string;
  hint?: ReactNode;
  grow?: boolean;
}) {
  return (
    <WField label={p.label} testId={p.testId} error={p.error} hint={p.hint} grow={p.grow}>
      {(c) => (
        <select {...c} value={p.value} onChange={(e) => p.onChange(e.target.value as T)}>
          {p.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </WField>
  );
}

/** A problem of a whole list (no disks for an import, no NIC for a network install). */
export function StepError({ message, testId }: { message?: string; testId: string }) {
  if (!message) return null;
  return (
    <p className="form-error" role="alert" data-testid={testId} data-invalid-focus tabIndex={-1}>
      <Icon name="alertCircle" size={14} />
      <span>{message}</span>
    </p>
  );
}
