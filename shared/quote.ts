// The ONE place where remote command lines are built. Every command that reaches a
// dom0 shell is an argv array quoted here; nothing else concatenates shell text.

/** Quote one argument for a POSIX shell (dash/bash on dom0). */
export function shQuoteArg(arg: string): string {
  if (arg.includes('\0')) throw new Error('argument contains a NUL byte');
  if (arg !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Quote an argv array into one shell command line. */
export function shQuote(argv: readonly string[]): string {
  if (argv.length === 0) throw new Error('empty argv');
  return argv.map(shQuoteArg).join(' ');
}

/** Marker printed between the sections of a multi-command script. */
export const SECTION_MARK = '@@XENDESK-SECTION@@';

/**
 * Several commands as ONE remote exec: each section prints a marker line with its
 * key and then the command's exit code, so one round trip yields every output.
 * stderr of each command is folded into its section (2>&1) so errors are kept in context.
 */
export function shScript(sections: readonly { key: string; argv: readonly string[] }[]): string {
  return sections
    .map(({ key, argv }) => {
      if (!/^[a-z0-9-]+$/.test(key)) throw new Error(`bad section key ${key}`);
      return `echo ${SECTION_MARK}${key}; ${shQuote(argv)} 2>&1; echo ${SECTION_MARK}rc=$?`;
    })
    .join('; ');
}

export interface ScriptSection {
  key: string;
  output: string;
  rc: number;
}

/** Split the output of shScript back into its sections. */
export function splitScript(stdout: string): Map<string, ScriptSection> {
  const out = new Map<string, ScriptSection>();
  const lines = stdout.split('\n');
  let cur: { key: string; lines: string[] } | null = null;
  for (const raw of lines) {
    let line = raw;
    // output without a final newline glues the next marker onto its last line
    const glued = line.indexOf(SECTION_MARK);
    if (glued > 0 && cur) {
      cur.lines.push(line.slice(0, glued));
      line = line.slice(glued);
    }
    if (line.startsWith(SECTION_MARK)) {
      const rest = line.slice(SECTION_MARK.length);
      if (rest.startsWith('rc=') && cur) {
        out.set(cur.key, { key: cur.key, output: cur.lines.join('\n'), rc: Number(rest.slice(3)) });
        cur = null;
      } else {
        cur = { key: rest, lines: [] };
      }
    } else if (cur) {
      cur.lines.push(line);
    }
  }
  return out;
}
