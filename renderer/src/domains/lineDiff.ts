// A line diff for the config conflict view (pure, unit-tested): LCS over the lines that differ
// after trimming the common head and tail, then paired into side-by-side rows.

export type DiffOp =
  | { kind: 'same'; a: number; b: number; text: string }
  | { kind: 'del'; a: number; text: string }
  | { kind: 'add'; b: number; text: string };

/** Lines of a text; a trailing newline does not make an extra empty line. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

const MAX_CELLS = 4_000_000;

/** Line numbers in ops are 1-based. */
export function diffLines(aText: string, bText: string): DiffOp[] {
  const a = splitLines(aText);
  const b = splitLines(bText);
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf])
    suf++;
  const out: DiffOp[] = [];
  for (let i = 0; i < pre; i++) out.push({ kind: 'same', a: i + 1, b: i + 1, text: a[i]! });
  const am = a.slice(pre, a.length - suf);
  const bm = b.slice(pre, b.length - suf);
  const n = am.length;
  const m = bm.length;
  if (n * m > MAX_CELLS) {
    for (let i = 0; i < n; i++) out.push({ kind: 'del', a: pre + i + 1, text: am[i]! });
    for (let j = 0; j < m; j++) out.push({ kind: 'add', b: pre + j + 1, text: bm[j]! });
  } else {
    // lcs[i][j] = LCS length of am[i..] and bm[j..]
    const w = m + 1;
    const lcs = new Uint32Array((n + 1) * w);
    for (let i = n - 1; i >= 0; i--)
      for (let j = m - 1; j >= 0; j--)
        lcs[i * w + j] =
          am[i] === bm[j]
            ? lcs[(i + 1) * w + j + 1]! + 1
            : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && am[i] === bm[j]) {
        out.push({ kind: 'same', a: pre + i + 1, b: pre + j + 1, text: am[i]! });
        i++;
        j++;
      } else if (j < m && (i === n || lcs[i * w + j + 1]! >= lcs[(i + 1) * w + j]!)) {
        out.push({ kind: 'add', b: pre + j + 1, text: bm[j]! });
        j++;
      } else {
        out.push({ kind: 'del', a: pre + i + 1, text: am[i]! });
        i++;
      }
    }
  }
  for (let k = 0; k < suf; k++) {
    const ai = a.length - suf + k;
    const bi = b.length - suf + k;
    out.push({ kind: 'same', a: ai + 1, b: bi + 1, text: a[ai]! });
  }
  return normalise(out);
}

/** Within each run of changes, deletions first, then additions (what side-by-side pairing wants). */
function normalise(ops: DiffOp[]): DiffOp[] {
  const out: DiffOp[] = [];
  let dels: DiffOp[] = [];
  let adds: DiffOp[] = [];
  const flush = () => {
    out.push(...dels, ...adds);
    dels = [];
    adds = [];
  };
  for (const op of ops) {
    if (op.kind === 'same') {
      flush();
      out.push(op);
    } else if (op.kind === 'del') dels.push(op);
    else adds.push(op);
  }
  flush();
  return out;
}

export interface SideBySideRow {
  kind: 'same' | 'change' | 'del' | 'add';
  left?: { line: number; text: string };
  right?: { line: number; text: string };
}

/** Pair each run of deletions with the following additions, row by row. */
export function sideBySide(ops: readonly DiffOp[]): SideBySideRow[] {
  const rows: SideBySideRow[] = [];
  let i = 0;
  while (i < ops.length) {
    const op = ops[i]!;
    if (op.kind === 'same') {
      rows.push({ kind: 'same', left: { line: op.a, text: op.text }, right: { line: op.b, text: op.text } });
      i++;
      continue;
    }
    const dels: { line: number; text: string }[] = [];
    const adds: { line: number; text: string }[] = [];
    while (i < ops.length && ops[i]!.kind === 'del') {
      const d = ops[i] as Extract<DiffOp, { kind: 'del' }>;
      dels.push({ line: d.a, text: d.text });
      i++;
    }
    while (i < ops.length && ops[i]!.kind === 'add') {
      const d = ops[i] as Extract<DiffOp, { kind: 'add' }>;
      adds.push({ line: d.b, text: d.text });
      i++;
    }
    for (let k = 0; k < Math.max(dels.length, adds.length); k++) {
      const left = dels[k];
      const right = adds[k];
      rows.push({ kind: left && right ? 'change' : left ? 'del' : 'add', left, right });
    }
  }
  return rows;
}

/**
 * Collapse long runs of unchanged rows to `context` rows around each change; a collapsed run
 * becomes a single {kind: 'skip', count} row.
 */
export function withContext<T extends { kind: string }>(
  rows: readonly T[],
  context = 3,
): (T | { kind: 'skip'; count: number })[] {
  const keep = rows.map(() => false);
  rows.forEach((r, i) => {
    if (r.kind === 'same') return;
    for (let k = Math.max(0, i - context); k <= Math.min(rows.length - 1, i + context); k++) keep[k] = true;
  });
  const out: (T | { kind: 'skip'; count: number })[] = [];
  let skipped = 0;
  rows.forEach((r, i) => {
    if (keep[i]) {
      if (skipped) out.push({ kind: 'skip', count: skipped });
      skipped = 0;
      out.push(r);
    } else skipped++;
  });
  if (skipped) out.push({ kind: 'skip', count: skipped });
  return out;
}
