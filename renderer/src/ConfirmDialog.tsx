// "Are you sure?" for destructive commands; the dangerous button is not the default focus.
import type { ReactNode } from 'react';
import { Dialog } from './Dialog';
import { Icon } from './Icon';
import { t } from './strings';

export interface ConfirmDialogProps {
  title: string;
  body: ReactNode;
  okLabel: string;
  onOk: () => void;
  onCancel: () => void;
}

export function ConfirmDialog({ title, body, okLabel, onOk, onCancel }: ConfirmDialogProps) {
  return (
    <Dialog
      testId="dialog-confirm"
      title={title}
      icon={<Icon name="alertTriangle" size={20} className="icon-warn" />}
      alert
      width="narrow"
      onClose={onCancel}
      footer={
        <>
          <button type="button" className="btn" onClick={onCancel} autoFocus data-testid="confirm-cancel">
            {t('common.cancel')}
          </button>
          <button type="button" className="btn btn-danger" onClick={onOk} data-testid="confirm-ok">
            {okLabel}
          </button>
        </>
      }
    >
      <p>{body}</p>
    </Dialog>
  );
}
