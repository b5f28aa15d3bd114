// The list under the editor: every problem with its line, what xl says, and the fix as a button.
import { Icon } from '../Icon';
import { t } from '../strings';
import type { CfgProblem } from './configLint';

export function ConfigProblems({
  problems,
  onGoto,
  onFix,
}: {
  problems: readonly CfgProblem[];
  onGoto: (p: CfgProblem) => void;
  onFix: (p: CfgProblem) => void;
}) {
  if (problems.length === 0) {
    return (
      <div className="cfg-problems cfg-problems-ok" data-testid="config-problems">
        <Icon name="checkCircle" size={14} />
        {t('domains.config.problems.none')}
      </div>
    );
  }
  const errors = problems.filter((p) => p.severity === 'error').length;
  return (
    <div className="cfg-problems" data-testid="config-problems">
      <div className="cfg-problems-head">
        {[
          errors > 0 && t('domains.config.problems.errors', { count: errors }),
          problems.length > errors &&
            t('domains.config.problems.warnings', { count: problems.length - errors }),
        ]
          .filter(Boolean)
          .join(', ')}
      </div>
      <ul>
        {problems.map((p, i) => (
          <li
            key={`${p.from}-${i}`}
            className={`cfg-problem cfg-${p.severity}`}
            data-testid="config-diagnostic"
            data-line={p.line}
          >
            <Icon name={p.severity === 'error' ? 'xCircle' : 'alertTriangle'} size={14} />
            <button
              type="button"
              className="cfg-problem-loc"
              onClick={() => onGoto(p)}
              title={t('domains.config.problems.goto')}
            >
              {t('domains.config.problems.loc', { line: p.line, col: p.col })}
            </button>
            <span className="cfg-problem-msg">
              {p.message}
              {p.xl && !p.message.includes(p.xl.replace(/^config:\d+: /, '')) && (
                <code className="cfg-problem-xl">{p.xl}</code>
              )}
            </span>
            {p.fix && (
              <button
                type="button"
                className="btn btn-small"
                onClick={() => onFix(p)}
                data-testid="config-fix"
                title={p.fix.label}
              >
                {p.fix.label}
              </button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
