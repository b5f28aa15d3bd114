// keyboard-interactive over the contract: the SSH server's prompts (PAM password, 2FA code)
// go to every UI as `authPrompt` events; the first `answerAuthPrompt` wins; no answer within
// 2 minutes cancels the login. `authPromptClosed` tells every UI to close the dialog.
import crypto from 'node:crypto';
import { ApiError, type AuthPrompt, type AuthPromptClosed, type AuthPromptItem } from '../../../shared/api';

export const AUTH_PROMPT_TIMEOUT_MS = 120_000;

export interface PromptRequest {
  /** "user@host:port" of the machine that asks */
  target: string;
  name: string;
  instructions: string;
  prompts: AuthPromptItem[];
}

/**
 * What HostConnection calls for each keyboard-interactive round: the answers. Rejects with an
 * ApiError('auth-failed') when the user cancels, nobody answers in time, or the attempt ends.
 */
export type PromptFn = (req: PromptRequest) => Promise<string[]>;

interface Pending {
  prompt: AuthPrompt;
  resolve: (answers: string[]) => void;
  reject: (e: ApiError) => void;
  timer: NodeJS.Timeout;
}

export class AuthPromptBroker {
  private pending = new Map<string, Pending>();

  constructor(
    private readonly emit: {
      prompt(p: AuthPrompt): void;
      closed(c: AuthPromptClosed): void;
    },
    private readonly timeoutMs = AUTH_PROMPT_TIMEOUT_MS,
  ) {}

  /** A PromptFn bound to one host (and the signal of its connection attempt). */
  forHost(hostId: string, signal?: AbortSignal): PromptFn {
    return (req) => this.ask(hostId, req, signal);
  }

  ask(hostId: string, req: PromptRequest, signal?: AbortSignal): Promise<string[]> {
    if (signal?.aborted) return Promise.reject(new ApiError('auth-failed', 'The login was cancelled.'));
    const promptId = crypto.randomUUID();
    const prompt: AuthPrompt = {
      hostId,
      promptId,
      target: req.target,
      name: req.name,
      instructions: req.instructions,
      prompts: req.prompts.map((p) => ({ prompt: p.prompt, echo: p.echo })),
      expiresAt: Date.now() + this.timeoutMs,
    };
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.finish(promptId, null, 'timeout'), this.timeoutMs);
      this.pending.set(promptId, { prompt, resolve, reject, timer });
      signal?.addEventListener('abort', () => this.finish(promptId, null, 'closed'), { once: true });
      this.emit.prompt(prompt);
    });
  }

  answer(promptId: string, answers: string[] | null): void {
    const p = this.pending.get(promptId);
    if (!p)
      throw new ApiError('not-found', 'That login prompt is no longer open (answered elsewhere or expired).');
    if (answers && answers.length !== p.prompt.prompts.length)
      throw new ApiError(
        'invalid-params',
        `The server asked ${p.prompt.prompts.length} question(s); ${answers.length} answer(s) given.`,
      );
    this.finish(promptId, answers, answers ? 'answered' : 'cancelled');
  }

  /** Prompts still waiting (a UI that attaches late shows them). */
  open(): AuthPrompt[] {
    return [...this.pending.values()].map((p) => p.prompt);
  }

  /** Close every prompt of a host (connection attempt over). */
  closeHost(hostId: string): void {
    for (const [id, p] of this.pending) if (p.prompt.hostId === hostId) this.finish(id, null, 'closed');
  }

  private finish(promptId: string, answers: string[] | null, reason: AuthPromptClosed['reason']): void {
    const p = this.pending.get(promptId);
    if (!p) return;
    this.pending.delete(promptId);
    clearTimeout(p.timer);
    if (answers) p.resolve(answers);
    else
      p.reject(
        new ApiError(
          'auth-failed',
          reason === 'timeout'
            ? `No answer to the login prompt of ${p.prompt.target} within ${Math.round(this.timeoutMs / 60000)} minutes: login cancelled.`
            : reason === 'cancelled'
              ? `The login to ${p.prompt.target} was cancelled.`
              : `The login to ${p.prompt.target} ended before the prompt was answered.`,
          { promptTimeout: reason === 'timeout', cancelled: reason === 'cancelled' },
        ),
      );
    this.emit.closed({ hostId: p.prompt.hostId, promptId, reason });
  }

  dispose(): void {
    for (const id of [...this.pending.keys()]) this.finish(id, null, 'closed');
  }
}
