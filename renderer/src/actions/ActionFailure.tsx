// A failed action, as the backend reports it: xl's own words, the hints XenDesk recognised,
// and the tails of the domain's logs (/var/log/xen/xl-NAME.log, qemu-dm-NAME.log).
import { ApiError, type XlFailureDetails } from '../../../shared/api';
import { Icon } from '../Icon';
import { t } from '../strings';

export function failureDetails(err: unknown): Partial<XlFailureDetails> {
  if (!(err instanceof ApiError) || typeof err.details !== 'object' || err.details === null) return {};
  return err.details as Partial<XlFailureDetails>;
}

export function needsAcpi(err: unknown): boolean {
  return (failureDetails(err).hints ?? []).some((h) => h.id === 'acpi-needed');
}

export function ActionFailure({ error }: { error: unknown }) {
  const d = failureDetails(error);
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div className="act-failure" role="alert" data-testid="action-failure">
      <p className="form-error">
        <Icon name="alertCircle" />
        <span data-testid="action-failure-message">{message}</span>
      </p>
      {(d.hints ?? []).length > 0 && (
        <div className="act-hints" data-testid="action-failure-hints">
          <div className="act-section-title">{t('act.fail.hints')}</div>
          <ul>
            {d.hints!.map((h) => (
              <li key={h.id + h.message} data-hint={h.id}>
                {h.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {d.output && d.output.trim() !== message && (
        <details className="act-output" open={!d.hints?.length}>
          <summary>{t('act.fail.output')}</summary>
          <pre className="mono" data-testid="action-failure-output">
            {d.output}
          </pre>
        </details>
      )}
      {(d.logs ?? []).map((l) => (
        <details className="act-output" key={l.path}>
          <summary>{t('act.fail.logs', { path: l.path })}</summary>
          <pre className="mono">{l.tail}</pre>
        </details>
      ))}
    </div>
  );
}
