// S-expressions as xend prints them (`xm list --long`, `xm info -c`, xend's config.sxp):
//   (domain (domid 3) (name web1) (image (hvm (kernel '') (vnc 1))) (device (vbd (uname file:/x))))
// Atoms are bare words or quoted strings: xen.xend.PrettyPrint quotes with ' (and repr-style
// backslash escapes) any atom that is empty or holds blanks, parentheses or quotes.
// tools/python/xen/xend/sxp.py is the reference reader; this one is pure and never throws on
// trailing garbage: it returns what parsed and reports the rest.

export type Sxp = string | Sxp[];

export interface SxpParseResult {
  /** the top-level expressions, in order */
  values: Sxp[];
  /** problems, e.g. "unbalanced ')' at 120"; empty when the text was well formed */
  errors: string[];
}

const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '0': '\0',
};

/** Parse every top-level expression of `text`. Bare atoms at the top level are kept as strings. */
export function parseSxp(text: string): SxpParseResult {
  const values: Sxp[] = [];
  const errors: string[] = [];
  const stack: Sxp[][] = [];
  let i = 0;
  const n = text.length;
  const push = (v: Sxp) => {
    const top = stack[stack.length - 1];
    if (top) top.push(v);
    else values.push(v);
  };
  while (i < n) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (c === '(' || c === '[') {
      stack.push([]);
      i++;
    } else if (c === ')' || c === ']') {
      const done = stack.pop();
      if (!done) errors.push(`unbalanced '${c}' at ${i}`);
      else push(done);
      i++;
    } else if (c === "'" || c === '"') {
      const quote = c;
      let s = '';
      i++;
      let closed = false;
      while (i < n) {
        const d = text[i]!;
        if (d === '\\' && i + 1 < n) {
          const e = text[i + 1]!;
          if (e === 'x' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 2, i + 4))) {
            s += String.fromCharCode(parseInt(text.slice(i + 2, i + 4), 16));
            i += 4;
          } else {
            s += ESCAPES[e] ?? e;
            i += 2;
          }
        } else if (d === quote) {
          closed = true;
          i++;
          break;
        } else {
          s += d;
          i++;
        }
      }
      if (!closed) errors.push(`unterminated string at end of text`);
      push(s);
    } else if (c === '#' && stack.length === 0) {
      // comment line (config.sxp files)
      while (i < n && text[i] !== '\n') i++;
    } else {
      let j = i;
      while (j < n && !/[\s()[\]'"]/.test(text[j]!)) j++;
      push(text.slice(i, j));
      i = j;
    }
  }
  if (stack.length) errors.push(`${stack.length} unclosed '(' at end of text`);
  // salvage what was open (a truncated output still yields its complete children)
  while (stack.length) {
    const open = stack.pop()!;
    const top = stack[stack.length - 1];
    if (top) top.push(open);
    else values.push(open);
  }
  return { values, errors };
}

/** The name of a node: `(vbd …)` → "vbd"; atoms have none. */
export function sxpName(node: Sxp | undefined): string | undefined {
  return Array.isArray(node) && typeof node[0] === 'string' ? node[0] : undefined;
}

/** Child nodes named `name` (xend's sxp.children). */
export function sxpChildren(node: Sxp | undefined, name?: string): Sxp[][] {
  if (!Array.isArray(node)) return [];
  return node.slice(1).filter((c): c is Sxp[] => Array.isArray(c) && (name === undefined || c[0] === name));
}

export function sxpChild(node: Sxp | undefined, name: string): Sxp[] | undefined {
  return sxpChildren(node, name)[0];
}

/** The first value of child `name` (xend's sxp.child_value): `(memory 512)` → "512". */
export function sxpValue(node: Sxp | undefined, name: string): Sxp | undefined {
  const c = sxpChild(node, name);
  return c ? c[1] : undefined;
}

/** The value of child `name` as a string ('' for `(bootloader )`, undefined when absent or a list). */
export function sxpString(node: Sxp | undefined, name: string): string | undefined {
  const c = sxpChild(node, name);
  if (!c) return undefined;
  const v = c[1];
  if (v === undefined) return '';
  return typeof v === 'string' ? v : undefined;
}

export function sxpNumber(node: Sxp | undefined, name: string): number | undefined {
  const s = sxpString(node, name);
  if (s === undefined || s.trim() === '') return undefined;
  const v = Number(s);
  return Number.isFinite(v) ? v : undefined;
}

/** Print an expression the way PrettyPrint does on one line (round-trips through parseSxp). */
export function printSxp(v: Sxp): string {
  if (Array.isArray(v)) return '(' + v.map(printSxp).join(' ') + ')';
  if (v !== '' && !/[\s()[\]'"\\]/.test(v)) return v;
  return (
    "'" + v.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\t/g, '\\t') + "'"
  );
}
