// keyboard-interactive (issue 4): the SSH server's questions — a PAM password, a 2FA code —
// shown exactly as the server words them, answered over the contract (answerAuthPrompt).
// Prompts come as authPrompt events from the backend; authPromptClosed removes them (answered
// in another window, timed out after 2 minutes, or the login ended).
import { useEffect, useId, useState } from 'react';
import type { AuthPrompt } from '../../../shared/api';
import { useServices } from '../appContext';
import { Dialog } from '../Dialog';
import { Icon } from '../Icon';
import { Spinner } from '../Spinner';
import { th } from './hostStrings';

/** Every open prompt, oldest first. */
export function useAuthPrompts(): AuthPrompt[] {
  const { client } = useServices();
  const [prompts, setPrompts] = useState<AuthPrompt[]>([]);
  useEffect(() => {
    const offs = [
      client.on('authPrompt', (p) =>
        setPrompts((list) => [...list.filter((x) => x.promptId !== p.promptId), p]),
      ),
      client.on('authPromptClosed', (c) =>
        setPrompts((list) => list.filter((x) => x.promptId !== c.promptId)),
      ),
    ];
    return () => offs.forEach((off) => off());
  }, [client]);
  return prompts;
}

export function AuthPromptDialog({ prompt }: { prompt: AuthPrompt }) {
  const { client } = useServices();
  const [answers, setAnswers] = useState<string[]>(() => prompt.prompts.map(() => ''));
  const [busy, setBusy] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  const formId = useId();
  const baseId = useId();
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const send = (value: string[] | null) => {
    setBusy(true);
    client.api.answerAuthPrompt({ promptId: prompt.promptId, answers: value }).catch(() => setBusy(false));
  };
  const seconds = Math.max(0, Math.round((prompt.expiresAt - now) / 1000));
  return (
    <Dialog
      testId="dialog-auth-prompt"
      title={prompt.name || th('authPrompt.title', { target: prompt.target })}
      icon={<Icon name="key" size={20} />}
      width="narrow"
      busy={busy}
      onClose={() => send(null)}
      footer={
        <>
          <button
            type="button"
            className="btn"
            onClick={() => send(null)}
            disabled={busy}
            data-testid="auth-prompt-cancel"
          >
            {th('authPrompt.cancel')}
          </button>
          <button
            type="submit"
            form={formId}
            className="btn btn-primary"
            disabled={busy}
            aria-busy={busy}
            data-testid="auth-prompt-send"
          >
            {busy && <Spinner />}
            {th('authPrompt.send')}
          </button>
        </>
      }
    >
      <form
        id={formId}
        className="host-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!busy) send(answers);
        }}
      >
        <p className="mono muted" data-testid="auth-prompt-target">
          {prompt.target}
        </p>
        {prompt.instructions && (
          <p
            className="auth-prompt-instructions"
            data-testid="auth-prompt-instructions"
            aria-label={th('authPrompt.instructions')}
          >
            {prompt.instructions}
          </p>
        )}
        {prompt.prompts.map((p, i) => (
          <div className="field" key={i}>
            {/* the server's own words, untranslated */}
            <label htmlFor={`${baseId}-${i}`} data-testid={`auth-prompt-label-${i}`}>
              {p.prompt.trim() || th('authPrompt.answer')}
            </label>
            <input
              id={`${baseId}-${i}`}
              type={p.echo ? 'text' : 'password'}
              autoComplete={p.echo ? 'one-time-code' : 'current-password'}
              autoFocus={i === 0}
              value={answers[i] ?? ''}
              onChange={(e) => setAnswers((a) => a.map((x, j) => (j === i ? e.target.value : x)))}
              data-testid={`auth-prompt-input-${i}`}
              spellCheck={false}
            />
          </div>
        ))}
        <p className="field-hint">{th('authPrompt.expires', { seconds })}</p>
      </form>
    </Dialog>
  );
}

/** The oldest open prompt as a dialog (mount once, near the app's root). */
export function AuthPrompts() {
  const prompts = useAuthPrompts();
  const first = prompts[0];
  return first ? <AuthPromptDialog key={first.promptId} prompt={first} /> : null;
}
