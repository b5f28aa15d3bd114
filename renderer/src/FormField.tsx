// One labelled form control with its validation message (linked for screen readers).
import { useId, type ReactNode } from 'react';
import { Icon } from './Icon';

export interface FieldControlProps {
  id: string;
  'data-testid': string;
  'aria-invalid': boolean | undefined;
  'aria-describedby': string | undefined;
}

export interface FormFieldProps {
  label: string;
  testId: string;
  error?: string;
  grow?: boolean;
  className?: string;
  children: (control: FieldControlProps) => ReactNode;
}

export function FormField({ label, testId, error, grow, className, children }: FormFieldProps) {
  const id = useId();
  const errorId = `${id}-error`;
  const classes = ['field', grow ? 'field-grow' : '', error ? 'field-invalid' : '', className ?? '']
    .filter(Boolean)
    .join(' ');
  return (
    <div className={classes}>
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        'data-testid': testId,
        'aria-invalid': error ? true : undefined,
        'aria-describedby': error ? errorId : undefined,
      })}
      {error && (
        <span className="field-error" id={errorId} data-testid={`${testId}-error`}>
          <Icon name="alertCircle" size={13} />
          {error}
        </span>
      )}
    </div>
  );
}
