// A modal built on the native <dialog> (focus trap, Escape, inert background for free).
import { useEffect, useId, useRef, type ReactNode } from 'react';
import './Dialog.css';

export interface DialogProps {
  title: ReactNode;
  testId: string;
  /** Escape, the close button or a backdrop-less cancel */
  onClose: () => void;
  children: ReactNode;
  /** the buttons row */
  footer: ReactNode;
  tone?: 'normal' | 'danger';
  icon?: ReactNode;
  /** use role="alertdialog" (something needs the user's attention before going on) */
  alert?: boolean;
  width?: 'narrow' | 'normal' | 'wide';
  /** while busy, Escape does nothing */
  busy?: boolean;
  /** extra class on the <dialog> (e.g. the create wizard's own size) */
  className?: string;
}

export function Dialog({
  title,
  testId,
  onClose,
  children,
  footer,
  tone = 'normal',
  icon,
  alert,
  width = 'normal',
  busy,
  className,
}: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const bodyId = useId();

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);

  return (
    <dialog
      ref={ref}
      className={`dialog dialog-${tone} dialog-${width}${className ? ` ${className}` : ''}`}
      data-testid={testId}
      role={alert ? 'alertdialog' : undefined}
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onClose();
      }}
    >
      <header className="dialog-header">
        {icon && <span className="dialog-icon">{icon}</span>}
        <h2 id={titleId}>{title}</h2>
      </header>
      <div className="dialog-body" id={bodyId}>
        {children}
      </div>
      <footer className="dialog-footer">{footer}</footer>
    </dialog>
  );
}
