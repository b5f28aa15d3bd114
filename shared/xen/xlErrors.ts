// Turn the stderr of a failed xl/xenstore command into one readable cause.
//
//   Parsing config from /tmp/missing-kernel.cfg                     <- printed by every create: skipped
//   xc: error: panic: xg_dom_core.c:205: failed to open file …      <- FIRST error line = the cause
//   libxl: error: libxl_dom.c:646:libxl__build_pv: xc_dom_kernel_file failed: …
//   libxl: error: libxl_domain.c:1183:libxl__destroy_domid: Domain 5:Non-existant domain   <- cleanup noise
//
// Library error lines are "<lib>: error: …" (libxl, xc, xencall, xenforeignmemory, …); their
// source-location prefix and libxl's "Domain N:" are dropped from the message.

export interface XlErrorSummary {
  /** the first real cause line, without library/source-location prefixes */
  message: string;
  /** every non-empty stderr line, in order (right-trimmed) */
  lines: string[];
}

const NOISE = [
  /^Parsing config from /,
  /^\s*Savefile contains xl domain config/,
  // progress lines of shutdown/reboot/save/migrate (issue 5): the cause comes after them
  /^(Shutting down|Rebooting) domain \d+$/,
  /^Waiting for \d+ domains$/,
  /^Saving to (migration stream|\S+) new xl format/,
  /^Loading new save file /,
  /^migration (target|sender): (Ready to receive|Target has acknowledged|Giving target)/,
  /^[A-Za-z][\w-]*: (info|progress|debug|verbose|detail|notice):/,
];
const LIB_ERROR = /^([A-Za-z][\w-]*): error: (.*)$/;

function cleanLibMessage(lib: string, msg: string): string {
  let m = msg.trim();
  if (lib === 'xc') m = m.replace(/^panic: /, '').replace(/^[\w.-]+\.c:\d+: /, '');
  // libxl: "file.c:LINE:function: Domain N:message"
  m = m.replace(/^[\w.-]+\.c:\d+:[\w]+: /, '').replace(/^Domain \d+:/, '');
  return m.trim() || msg.trim();
}

export function summarizeXlError(stderr: string, rc: number): XlErrorSummary {
  const lines = stderr
    .split(/\r?\n/)
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '');
  const relevant = lines.filter((l) => !NOISE.some((re) => re.test(l)));
  for (const line of relevant) {
    const m = LIB_ERROR.exec(line);
    if (m) return { message: cleanLibMessage(m[1]!, m[2]!), lines };
  }
  const first = relevant[0] ?? lines[0];
  if (first !== undefined) return { message: first.trim(), lines };
  return { message: rc === 0 ? '' : `command failed with exit code ${rc}`, lines };
}
