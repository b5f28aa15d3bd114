// Live checking of an xl.cfg being edited (pure; the editor turns these into markers): everything
// shared/xen/xlcfg.ts says xl would reject, ignore or warn about, with the offered fix as ONE
// minimal text change (so undo, cursor and the rest of the file stay as they were).
import {
  applyFix,
  checkXlSyntax,
  diagnostics,
  getSetting,
  printXlCfg,
  tryParseXlCfg,
  type XlCfgDocument,
  type XlCfgFix,
} from '../../../shared/xen/xlcfg';

export interface TextChange {
  from: number;
  to: number;
  insert: string;
}

export interface CfgProblem {
  /** 1-based */
  line: number;
  col: number;
  /** offsets of the marked text */
  from: number;
  to: number;
  severity: 'error' | 'warning';
  message: string;
  /** what xl itself prints, when it prints something */
  xl?: string;
  fix?: { label: string; change: TextChange };
}

/** The smallest single replacement that turns `a` into `b`. */
export function minimalChange(a: string, b: string): TextChange {
  let pre = 0;
  const max = Math.min(a.length, b.length);
  while (pre < max && a.charCodeAt(pre) === b.charCodeAt(pre)) pre++;
  let suf = 0;
  while (suf < max - pre && a.charCodeAt(a.length - 1 - suf) === b.charCodeAt(b.length - 1 - suf)) suf++;
  return { from: pre, to: a.length - suf, insert: b.slice(pre, b.length - suf) };
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function fixLabel(fix: XlCfgFix): string {
  if (fix.value === null) return `Remove ${fix.key}`;
  const v = Array.isArray(fix.value)
    ? `[ ${fix.value.map((s) => JSON.stringify(s)).join(', ')} ]`
    : typeof fix.value === 'number'
      ? String(fix.value)
      : JSON.stringify(fix.value);
  const short = v.length > 48 ? `${v.slice(0, 47)}…` : v;
  return `Change to ${fix.key} = ${short}`;
}

function fixChange(doc: XlCfgDocument, fix: XlCfgFix): TextChange | null {
  try {
    const next = printXlCfg(applyFix(doc, fix));
    return next === doc.text ? null : minimalChange(doc.text, next);
  } catch {
    return null; // the fix itself would not produce a readable file: offer none
  }
}

/** Every problem in the text, in file order. */
export function lintXlCfg(text: string): CfgProblem[] {
  const starts = lineStarts(text);
  const span = (line: number, col: number, end?: number) => {
    const ls = starts[Math.max(0, Math.min(line - 1, starts.length - 1))]!;
    const lineEnd = line < starts.length ? starts[line]! - 1 : text.length;
    const from = Math.min(ls + Math.max(0, col - 1), lineEnd);
    let to = end !== undefined ? Math.min(end, lineEnd) : lineEnd;
    if (to <= from) to = Math.min(from + 1, text.length);
    return { from, to: Math.max(to, from) };
  };
  const parsed = tryParseXlCfg(text);
  const out: CfgProblem[] = [];
  if (!parsed.ok) {
    // xl's whole list (it recovers at line ends), the parser's own error first if xl has none there
    const errs = checkXlSyntax(text);
    if (!errs.some((e) => e.line === parsed.error.line)) errs.unshift(parsed.error);
    for (const e of errs) {
      out.push({
        line: e.line,
        col: e.col,
        ...span(e.line, e.col),
        severity: 'error',
        message: e.message,
        xl: e.xlText(),
      });
    }
  } else {
    const doc = parsed.doc;
    for (const d of diagnostics(doc)) {
      // mark the whole setting when the diagnostic points at its key, else to the line end
      const setting = d.fix ? getSetting(doc, d.fix.key) : undefined;
      const end = setting && setting.line === d.line ? setting.end : undefined;
      const p: CfgProblem = {
        line: d.line,
        col: d.col,
        ...span(d.line, d.col, end),
        severity: d.severity,
        message: d.message,
      };
      if (d.xl) p.xl = d.xl;
      if (d.fix) {
        const change = fixChange(doc, d.fix);
        if (change) p.fix = { label: fixLabel(d.fix), change };
      }
      out.push(p);
    }
  }
  return out.sort(
    (a, b) => a.from - b.from || (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1),
  );
}
