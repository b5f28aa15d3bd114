// Pure helpers of the lab benchmarks (BENCH_TARGET=lab): what a real busybox guest's console
// must deliver, the xl command that makes a benchmark's own guest, and XenDesk's SSH
// connections in `ss` output. Kept apart from the lab IO so that they are unit-tested.

/** The line the guest floods with: ASCII only, so bytes = characters on every path. */
export const FLOOD_LINE = '0123456789abcdefghijklmnopqrstuvwxyz-XenDesk-bench';

/** The prompt the benchmark gives the guest's shell: unique, so the end of a flood is unambiguous. */
export const LAB_PROMPT = 'xdb# ';
/** busybox ash may follow its prompt with a cursor position query that nobody answers here (either path) */
const CPR_QUERY = '\x1b[6n';

/** Output ends with `prompt`, or with `prompt` and the query after it. */
export function endsWithPrompt(text: string, prompt: string): boolean {
  return text.endsWith(prompt) || text.endsWith(prompt + CPR_QUERY);
}

/** A command's output: between the Enter's "\r\n" echo and the next LAB_PROMPT; null if it is not that. */
export function commandOutput(text: string): string | null {
  if (!text.startsWith('\r\n')) return null;
  for (const end of [LAB_PROMPT + CPR_QUERY, LAB_PROMPT])
    if (text.endsWith(end) && text.length >= 2 + end.length) return text.slice(2, text.length - end.length);
  return null;
}

/** What `yes LINE | head -c N` writes: LINE + LF over and over, cut at exactly n bytes. */
export function yesHead(line: string, n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new Error(`yesHead: bad byte count ${n}`);
  const unit = line + '\n';
  return unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
}

/** What reaches the console client: the guest's tty has ONLCR on (the default), so LF → CR LF. */
export function onlcr(text: string): string {
  return text.replace(/\n/g, '\r\n');
}

/** Round n up to whole lines of `yes LINE`, so the output ends with a newline before the prompt. */
export function wholeLines(line: string, n: number): number {
  const unit = line.length + 1;
  return Math.max(1, Math.ceil(n / unit)) * unit;
}

/**
 * `xl create CFG key=value…`: one of the lab's test configs under another name (and VNC display),
 * so the benchmark's guests never collide with the ones the lab specs use at the same time. xl
 * appends these assignments to the file, so they override its own lines; nothing is written on dom0.
 */
export function xlCreateArgv(cfg: string, name: string, overrides: Record<string, string> = {}): string[] {
  if (!/^[A-Za-z0-9_.-]+$/.test(name)) throw new Error(`bad domain name ${JSON.stringify(name)}`);
  return ['xl', 'create', cfg, `name="${name}"`, ...Object.entries(overrides).map(([k, v]) => `${k}=${v}`)];
}

/**
 * Established TCP connections from process `pid` in `ss -Htnp state established` output.
 * The lab's sshd also serves the lab specs and lab.sh's master, so the count is taken on
 * XenDesk's side, by its process id.
 */
export function connectionsOfPid(ssOutput: string, pid: number): number {
  return ssOutput.split('\n').filter((l) => new RegExp(`\\bpid=${pid},`).test(l)).length;
}
