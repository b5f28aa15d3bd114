// The session log of one console view: everything it received, kept up to a limit, saved
// as a plain-text file (escape sequences removed, CRLF → LF) like `script` output cleaned up.
/* eslint-disable no-control-regex -- terminal output is made of control characters */

/** enough for a 10 MiB flood (the benchmark checks the saved log of one) */
const DEFAULT_LIMIT = 16 * 1024 * 1024;

export class SessionLog {
  private chunks: string[] = [];
  private size = 0;
  /** characters dropped from the start because of the limit */
  dropped = 0;

  constructor(private readonly limit = DEFAULT_LIMIT) {}

  append(text: string): void {
    if (!text) return;
    this.chunks.push(text);
    this.size += text.length;
    while (this.size > this.limit && this.chunks.length > 1) {
      const first = this.chunks.shift()!;
      this.size -= first.length;
      this.dropped += first.length;
    }
  }

  get length(): number {
    return this.size;
  }

  raw(): string {
    return this.chunks.join('');
  }

  /** What a human reads in the saved file. */
  text(): string {
    return toPlainText(this.raw());
  }

  clear(): void {
    this.chunks = [];
    this.size = 0;
    this.dropped = 0;
  }
}

/** Terminal output → plain text: CSI/OSC/other escapes removed, overstrikes resolved, CRLF → LF. */
export function toPlainText(s: string): string {
  const noEsc = s
    .replace(/\x1b\[[0-9;?>=!]*[ -/]*[@-~]/g, '') // CSI
    .replace(/\x1b[\]P^_X][\s\S]*?(?:\x07|\x1b\\)/g, '') // OSC, DCS, PM, APC, SOS
    .replace(/\x1b[()*+][0-9A-Za-z]/g, '') // charset designation
    .replace(/\x1b[@-Z\\-_=>78]/g, ''); // other two-byte escapes
  const lines = noEsc.replace(/\r+\n/g, '\n').split('\n');
  return lines
    .map((line) => {
      // a bare CR returns to column 0: what follows overwrites (progress bars, spinners)
      let out = '';
      for (const part of line.split('\r')) out = part + out.slice(part.length);
      // backspace erases the previous character (the guest's "\b \b")
      let res = '';
      for (const ch of out) {
        if (ch === '\b') res = res.slice(0, -1);
        else if (ch === '\x07' || (ch < ' ' && ch !== '\t')) continue;
        else res += ch;
      }
      return res.replace(/\s+$/, '');
    })
    .join('\n');
}

/** pvdisk-console-20261127-131502.log */
export function logFileName(domain: string, at: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${at.getFullYear()}${p(at.getMonth() + 1)}${p(at.getDate())}-${p(at.getHours())}${p(at.getMinutes())}${p(at.getSeconds())}`;
  return `${domain}-console-${stamp}.log`;
}
