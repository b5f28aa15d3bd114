// Lossless xl.cfg parser/printer, text-span edits, and xl-compatible syntax checking.
//
// Grammar (Xen 4.17 tools/libs/util/libxlu_cfg_l.l + libxlu_cfg_y.y):
//   file       := (stmt)* [assignment]           stmt := assignment endstmt | endstmt
//   assignment := IDENT ('=' | '+=') value        endstmt := NEWLINE | ';'
//   value      := STRING | NUMBER | '[' nl* [value nl* (',' nl* value nl*)* [',' nl*]] ']'
//   IDENT [a-z][_0-9a-z]*   NUMBER [0-9][0-9a-fx]*   STRING '…' or "…" on one line, backslash escapes
//   NEWLINE is "\n" or "#…\n" (a comment is part of the newline token); blanks are [ \t] only.
//
// Two parsers live here:
// - parseXlCfg(): a tolerant, lossless CST. Every character lands in exactly one token, so
//   printXlCfg(parseXlCfg(s)) === s. It also accepts the xm-era spellings xl rejects only
//   lexically (CRLF, backslash continuations, typographic quotes, True/False, Upper_Case keys,
//   a BOM, a final comment without newline) so they can be shown and fixed; diagnostics() flags them.
//   Structural errors (unterminated string, `vcpus = = 1`, unclosed list…) throw XlCfgSyntaxError
//   with xl's own wording.
// - checkXlSyntax(): an exact emulation of xl's lexer + bison parser, including its error recovery,
//   its suppression rules and its line-number quirks: the list of errors `xl create` would print.
//
// Edits follow microsoft/node-jsonc-parser: compute {offset, length, content} spans, apply them to the
// text, re-parse. Nothing outside the touched span changes.

// xlcfgRead imports this module too; the two only call each other at run time, never at load.
import { formatDiskSpec, parseDiskSpec, parseVifSpec, readXlCfg } from './xlcfgRead';

// ---------------------------------------------------------------- types

export type XlCfgTokenKind =
  | 'ws' // blanks; also a lone CR or a BOM (xl rejects those: see diagnostics)
  | 'newline' // "\n" or "\r\n"
  | 'comment' // "#…" up to (not including) the line end
  | 'continuation' // backslash + blanks + line end (xm/Python; xl rejects it)
  | 'ident'
  | 'number'
  | 'string'
  | 'bare' // a word xl's lexer rejects: True, False, -1, 1.5, 0x1F, Upper_Case, llc-colors …
  | 'junk' // one ASCII character at the very end that xl's lexer drops silently (e.g. a lone `)`)
  | '='
  | '+='
  | ';'
  | '['
  | ']'
  | ',';

export interface XlCfgToken {
  kind: XlCfgTokenKind;
  text: string;
  offset: number;
  /** 1-based */
  line: number;
  /** 1-based, UTF-16 code units */
  col: number;
}

interface XlCfgNodeBase {
  /** offset of the first character */
  start: number;
  /** offset just past the last character */
  end: number;
  line: number;
  col: number;
  /** token indices in doc.tokens, inclusive */
  firstToken: number;
  lastToken: number;
}

export interface XlCfgAtom extends XlCfgNodeBase {
  kind: 'string' | 'number' | 'bare';
  /** the source text, quotes included */
  raw: string;
  /** decoded value: xl's dequoting for strings, the raw text for numbers and bare words */
  value: string;
  /** quote character for strings (typographic quotes are kept as written) */
  quote?: string;
}

export interface XlCfgList extends XlCfgNodeBase {
  kind: 'list';
  items: XlCfgValue[];
  trailingComma: boolean;
}

export type XlCfgValue = XlCfgAtom | XlCfgList;

export interface XlCfgSetting {
  key: string;
  op: '=' | '+=';
  keyToken: number;
  opToken: number;
  value: XlCfgValue;
  /** offset of the key */
  start: number;
  /** offset just past the value */
  end: number;
  line: number;
  col: number;
}

export interface XlCfgDocument {
  text: string;
  /** line ending used for appended lines: the file's first one, "\n" if none */
  eol: '\n' | '\r\n';
  tokens: XlCfgToken[];
  /** in file order; duplicates are kept (xl uses the last one) */
  settings: XlCfgSetting[];
}

/** A plain value: strings for atoms (numbers stay strings, as in libxlu), arrays for lists. */
export type XlCfgPlain = string | XlCfgPlain[];

export type XlCfgErrorCause =
  | 'syntax'
  | 'lexical'
  | 'unterminated-string'
  | 'crlf'
  | 'continuation'
  | 'typographic-quote'
  | 'python'
  | 'comment-eof'
  | 'bom'
  | 'escape';

/** A syntax error in xl's wording. `message` is what xl prints after "FILE:LINE: ". */
export class XlCfgSyntaxError extends Error {
  override readonly name = 'XlCfgSyntaxError';
  /** 1-based line of the offending text */
  readonly line: number;
  /** 1-based column of the offending text */
  readonly col: number;
  /** the line number xl prints (one less than `line` when the offending token is a line end) */
  readonly xlLine: number;
  readonly kind: XlCfgErrorCause;

  constructor(init: { line: number; col: number; xlLine?: number; message: string; cause: XlCfgErrorCause }) {
    super(init.message);
    this.line = init.line;
    this.col = init.col;
    this.xlLine = init.xlLine ?? init.line;
    this.kind = init.cause;
  }

  /** the line exactly as xl prints it on stderr */
  xlText(source = 'config'): string {
    return `${source}:${this.xlLine}: ${this.message}`;
  }
}

// ---------------------------------------------------------------- shared xl lexing helpers

const BLANK = (c: string) => c === ' ' || c === '\t';
const IDENT_RE = /^[a-z][_0-9a-z]*$/;
const NUMBER_RE = /^[0-9][0-9a-fx]*$/;
const TYPO_DOUBLE = '“”';
const TYPO_SINGLE = '‘’';
const PYTHON_TRIGGERS = '+,-.():';

/** Format xl's "config parsing error near …" text from flex's yytext. */
function nearMessage(yytext: string | null, msg: string): { message: string; lineAdjust: number } {
  if (yytext === null) return { message: `config parsing error near \`': ${msg}`, lineAdjust: 0 }; // EOF: flex leaves a NUL
  let t = yytext;
  let lineAdjust = 0;
  let newline = '';
  if (t.endsWith('\n')) {
    t = t.slice(0, -1);
    lineAdjust = -1;
    if (!t) newline = '<newline>';
  }
  t = t.replace(/[ \t]+$/, '');
  const near = t ? `\`${t}'` : '';
  return { message: `config parsing error near ${near}${newline}: ${msg}`, lineAdjust };
}

/** What flex's lexerr state swallows after an unexpected character at `i` (yymore semantics). */
function lexErrText(text: string, i: number): { yytext: string; end: number; atEof: boolean } {
  const j = i + 1;
  // flex reads bytes: after the first byte of a UTF-8 sequence come continuation bytes, which
  // `[^ \t\n]*` always takes, so a non-ASCII trigger never ends at EOF or on a blank
  const ascii = text.charCodeAt(i) < 0x80;
  if (ascii && j >= text.length) return { yytext: text.charAt(i), end: j, atEof: true };
  const c = text.charAt(j);
  if (ascii && BLANK(c)) return { yytext: text.charAt(i) + c, end: j + 1, atEof: false };
  if (ascii && c === '\n') return { yytext: text.charAt(i) + '\n', end: j + 1, atEof: false };
  let k = j;
  while (k < text.length && !' \t\n'.includes(text.charAt(k))) k++;
  return { yytext: text.slice(i, k), end: k, atEof: false };
}

function causeOfTrigger(text: string, i: number): XlCfgErrorCause {
  const c = text.charAt(i);
  if (c === '\r') return 'crlf';
  if (c === '\uFEFF') return 'bom';
  if (c === '\\') return /^\\[ \t]*\r?\n/.test(text.slice(i, i + 64)) ? 'continuation' : 'lexical';
  if (TYPO_DOUBLE.includes(c) || TYPO_SINGLE.includes(c)) return 'typographic-quote';
  if (c === '"' || c === "'") return 'unterminated-string';
  if (c === '#') return 'comment-eof';
  if (PYTHON_TRIGGERS.includes(c)) return 'python';
  const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i, i + 32))?.[0] ?? '';
  if (word === 'True' || word === 'False' || word === 'None') return 'python';
  return 'lexical';
}

/** strtoul() as used by libxlu's octal escape: leading blanks, optional sign, decimal digits. */
function strtoulLen(s: string): number {
  let k = 0;
  while (k < s.length && ' \t\n\v\f\r'.includes(s.charAt(k))) k++;
  let m = k;
  if (s.charAt(m) === '+' || s.charAt(m) === '-') m++;
  const d0 = m;
  while (m < s.length && s.charAt(m) >= '0' && s.charAt(m) <= '9') m++;
  return m > d0 ? m : 0;
}

/**
 * libxlu's xlu__cfgl_dequote(): returns the decoded string and the first escape error.
 * Faithful quirks: \xHH always fails (the parser skips a char and then needs 3 hex digits out of 2);
 * an octal escape "\N…" swallows up to 3 following decimal digits and produces NOTHING.
 * `lenient` keeps decoding after an error (xl stops, and fails the whole file anyway).
 */
export function xlDequote(raw: string, lenient = true): { value: string; error?: string } {
  const end = raw.length - 1;
  let out = '';
  let error: string | undefined;
  let p = 1;
  const simple: Record<string, string> = {
    '"': '"',
    "'": "'",
    '\\': '\\',
    a: '\x07',
    b: '\b',
    f: '\f',
    n: '\n',
    r: '\r',
    t: '\t',
    v: '\v',
  };
  while (p < end) {
    const c = raw.charAt(p++);
    if (c !== '\\') {
      out += c;
      continue;
    }
    const nc = raw.charAt(p++);
    const s = simple[nc];
    if (s !== undefined) {
      out += s;
      continue;
    }
    let err: string | undefined;
    if (nc === 'x') {
      err = 'invalid digit after backslash hexnumerical character escape in quoted string';
    } else if (nc >= '0' && nc <= '7') {
      const used = strtoulLen(raw.slice(p, p + 3));
      if (used <= 1) err = 'invalid digit after backslash octalnumerical character escape in quoted string';
      else p += used;
    } else {
      err = 'invalid character after backlash in quoted string'; // sic
    }
    if (err) {
      error ??= err;
      if (!lenient) break;
      out += '\\' + nc;
    }
  }
  return error ? { value: out, error } : { value: out };
}

// ---------------------------------------------------------------- tolerant lexer

class LexFailure {
  constructor(readonly error: XlCfgSyntaxError) {}
}

/**
 * Tokens up to the first text that can't be lexed even tolerantly; that error is returned, not
 * thrown, so that the parser reports it only when it gets there (like xl, whose lexer runs lazily).
 */
function lexTolerant(text: string): { tokens: XlCfgToken[]; failure?: XlCfgSyntaxError } {
  const tokens: XlCfgToken[] = [];
  try {
    lexInto(text, tokens);
    return { tokens };
  } catch (e) {
    if (e instanceof LexFailure) return { tokens, failure: e.error };
    throw e;
  }
}

function lexInto(text: string, toks: XlCfgToken[]): void {
  let line = 1;
  let lineStart = 0;
  let i = 0;
  const n = text.length;

  const push = (kind: XlCfgTokenKind, end: number) => {
    const tok: XlCfgToken = { kind, text: text.slice(i, end), offset: i, line, col: i - lineStart + 1 };
    toks.push(tok);
    for (let k = i; k < end; k++) {
      if (text.charCodeAt(k) === 10) {
        line++;
        lineStart = k + 1;
      }
    }
    i = end;
  };
  const fail = (at: number, cause?: XlCfgErrorCause): never => {
    const { yytext } = lexErrText(text, at);
    const { message } = nearMessage(yytext, 'lexical error');
    throw new LexFailure(
      new XlCfgSyntaxError({
        line,
        col: at - lineStart + 1,
        message,
        cause: cause ?? causeOfTrigger(text, at),
      }),
    );
  };

  while (i < n) {
    const c = text.charAt(i);
    if (i === n - 1 && text.charCodeAt(i) < 0x80 && !/[ \t\r\n\\#a-z0-9=;[\],]/.test(c)) {
      // a lone character at the very end: xl's lexer ends silently in its error state
      push('junk', n);
    } else if (BLANK(c)) {
      let j = i + 1;
      while (j < n && BLANK(text.charAt(j))) j++;
      push('ws', j);
    } else if (c === '\n') {
      push('newline', i + 1);
    } else if (c === '\r') {
      push(text.charAt(i + 1) === '\n' ? 'newline' : 'ws', text.charAt(i + 1) === '\n' ? i + 2 : i + 1);
    } else if (c === '\uFEFF') {
      push('ws', i + 1);
    } else if (c === '#') {
      let j = i + 1;
      while (j < n && text.charAt(j) !== '\n') j++;
      if (j < n && text.charAt(j - 1) === '\r' && j - 1 > i) j--;
      push('comment', j);
    } else if (c === '\\') {
      const m = /\\[ \t]*(\r?\n|$)/y;
      m.lastIndex = i;
      const r = m.exec(text);
      if (!r) fail(i);
      else push('continuation', i + r[0].length);
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      for (;;) {
        const d = text.charAt(j);
        if (j >= n || d === '\n') fail(i, 'unterminated-string');
        if (d === c) break;
        if (d === '\\') {
          if (j + 1 >= n || text.charAt(j + 1) === '\n') fail(i, 'unterminated-string');
          j += 2;
        } else j++;
      }
      push('string', j + 1);
    } else if (TYPO_DOUBLE.includes(c) || TYPO_SINGLE.includes(c)) {
      const family = TYPO_DOUBLE.includes(c) ? TYPO_DOUBLE : TYPO_SINGLE;
      let j = i + 1;
      while (j < n && text.charAt(j) !== '\n' && !family.includes(text.charAt(j))) j++;
      if (j >= n || text.charAt(j) === '\n') fail(i, 'typographic-quote');
      push('string', j + 1);
    } else if (c === '+' && text.charAt(i + 1) === '=') {
      push('+=', i + 2);
    } else if ('=;[],'.includes(c)) {
      push(c as XlCfgTokenKind, i + 1);
    } else if (/[A-Za-z0-9_.]/.test(c) || ((c === '-' || c === '+') && /[0-9.]/.test(text.charAt(i + 1)))) {
      const m = /[-+]?[A-Za-z0-9_.][A-Za-z0-9_.-]*/y;
      m.lastIndex = i;
      const w = m.exec(text)?.[0] ?? c;
      push(IDENT_RE.test(w) ? 'ident' : NUMBER_RE.test(w) ? 'number' : 'bare', i + w.length);
    } else {
      fail(i);
    }
  }
}

// ---------------------------------------------------------------- tolerant parser

const TOKEN_NAME: Partial<Record<XlCfgTokenKind, string>> = {
  ident: 'IDENT',
  number: 'NUMBER',
  string: 'STRING',
  newline: 'NEWLINE',
  '+=': '+=',
  '=': "'='",
  ';': "';'",
  '[': "'['",
  ']': "']'",
  ',': "','",
};

const EXPECT = {
  stmt: "$end or IDENT or NEWLINE or ';'",
  key: "+= or '='",
  eq: "STRING or NUMBER or '['",
  after: '$end',
  list: "']'",
} as const;

function isTrivia(k: XlCfgTokenKind): boolean {
  return k === 'ws' || k === 'comment' || k === 'continuation' || k === 'junk';
}

function atomFromToken(tok: XlCfgToken, index: number): XlCfgAtom {
  const base = {
    start: tok.offset,
    end: tok.offset + tok.text.length,
    line: tok.line,
    col: tok.col,
    firstToken: index,
    lastToken: index,
    raw: tok.text,
  };
  if (tok.kind === 'string') {
    const q = tok.text.charAt(0);
    if (q === '"' || q === "'")
      return { ...base, kind: 'string', quote: q, value: xlDequote(tok.text).value };
    return { ...base, kind: 'string', quote: q, value: tok.text.slice(1, -1) };
  }
  return { ...base, kind: tok.kind === 'number' ? 'number' : 'bare', value: tok.text };
}

class TolerantParser {
  private p = 0;
  readonly settings: XlCfgSetting[] = [];

  constructor(
    private readonly text: string,
    private readonly toks: XlCfgToken[],
    private readonly lexFailure?: XlCfgSyntaxError,
  ) {}

  /** index of the next significant token at or after p, or toks.length */
  private sig(from = this.p): number {
    let k = from;
    while (k < this.toks.length && isTrivia(this.toks[k]!.kind)) k++;
    if (k === this.toks.length && this.lexFailure) throw this.lexFailure;
    return k;
  }

  private peek(): { tok: XlCfgToken | undefined; index: number } {
    const index = this.sig();
    return { tok: this.toks[index], index };
  }

  private skipNewlines(): void {
    for (;;) {
      const { tok, index } = this.peek();
      if (tok?.kind !== 'newline') return;
      this.p = index + 1;
    }
  }

  private error(index: number, expecting: string): never {
    const tok = this.toks[index];
    if (!tok) {
      // EOF: xl reports it on the line of the last token it returned
      let last = this.toks.length - 1;
      while (last >= 0 && isTrivia(this.toks[last]!.kind)) last--;
      const lt = this.toks[last];
      const line = lt ? lt.line : 1;
      const lineStart = this.text.lastIndexOf('\n', (lt?.offset ?? 0) - 1) + 1;
      const lineEnd = this.text.indexOf('\n', lineStart);
      const col = (lineEnd < 0 ? this.text.length : lineEnd) - lineStart + 1;
      throw new XlCfgSyntaxError({
        line,
        col,
        // after a lone trailing character xl's yytext still holds it
        message: nearMessage(
          this.toks[this.toks.length - 1]?.kind === 'junk' ? this.toks[this.toks.length - 1]!.text : null,
          `syntax error, unexpected $end, expecting ${expecting}`,
        ).message,
        cause: 'syntax',
      });
    }
    const escape =
      tok.kind === 'string' && `"'`.includes(tok.text.charAt(0))
        ? xlDequote(tok.text, false).error
        : undefined;
    if (escape) {
      // xl's lexer reports a bad escape before its parser sees the string
      throw new XlCfgSyntaxError({
        line: tok.line,
        col: tok.col,
        message: nearMessage(tok.text, escape).message,
        cause: 'escape',
      });
    }
    const prefix = tok.kind === 'bare' ? xlPrefix(tok.text) : 0;
    if (prefix > 0) {
      // xl's parser sees the IDENT/NUMBER this word starts with, and stops there first
      const name = /^[a-z]/.test(tok.text) ? 'IDENT' : 'NUMBER';
      const near = tok.text.slice(0, prefix);
      throw new XlCfgSyntaxError({
        line: tok.line,
        col: tok.col,
        message: nearMessage(near, `syntax error, unexpected ${name}, expecting ${expecting}`).message,
        cause: 'syntax',
      });
    }
    if (tok.kind === 'bare' || (tok.kind === 'string' && !`"'`.includes(tok.text.charAt(0)))) {
      // xl would already have stopped at this word with a lexical error
      const { message, at } = bareLexError(this.text, tok);
      const lineStart = tok.offset - tok.col + 1;
      throw new XlCfgSyntaxError({
        line: tok.line,
        col: at - lineStart + 1,
        message,
        cause: causeOfTrigger(this.text, at),
      });
    }
    let yytext = tok.text;
    if (tok.kind === 'newline') {
      const prev = this.toks[index - 1];
      // a comment is part of xl's NEWLINE token (with the CR of a CRLF line end)
      yytext = prev?.kind === 'comment' ? prev.text + tok.text : '\n';
    }
    const name = TOKEN_NAME[tok.kind] ?? tok.kind;
    const { message, lineAdjust } = nearMessage(
      yytext,
      `syntax error, unexpected ${name}, expecting ${expecting}`,
    );
    const at =
      tok.kind === 'newline' && this.toks[index - 1]?.kind === 'comment' ? this.toks[index - 1]! : tok;
    throw new XlCfgSyntaxError({
      line: at.line,
      col: at.col,
      xlLine: tok.line + lineAdjust,
      message,
      cause: 'syntax',
    });
  }

  private value(expecting: string): XlCfgValue {
    const { tok, index } = this.peek();
    // a bare word starting like an IDENT (vmlinuz-2.6) is a syntax error for xl, not just a lexical one
    if (
      tok &&
      (tok.kind === 'string' || tok.kind === 'number' || (tok.kind === 'bare' && !/^[a-z]/.test(tok.text)))
    ) {
      this.p = index + 1;
      return atomFromToken(tok, index);
    }
    if (tok?.kind === '[') return this.list(index);
    return this.error(index, expecting);
  }

  private list(open: number): XlCfgList {
    this.p = open + 1;
    const items: XlCfgValue[] = [];
    let trailingComma = false;
    this.skipNewlines();
    for (;;) {
      const { tok, index } = this.peek();
      if (tok?.kind === ']') {
        this.p = index + 1;
        const o = this.toks[open]!;
        return {
          kind: 'list',
          items,
          trailingComma,
          start: o.offset,
          end: tok.offset + 1,
          line: o.line,
          col: o.col,
          firstToken: open,
          lastToken: index,
        };
      }
      if (!tok || !['string', 'number', 'bare', '['].includes(tok.kind) || /^[a-z]/.test(tok.text))
        this.error(index, EXPECT.list);
      items.push(this.value(EXPECT.list));
      trailingComma = false;
      this.skipNewlines();
      const next = this.peek();
      if (next.tok?.kind === ',') {
        this.p = next.index + 1;
        trailingComma = true;
        this.skipNewlines();
      } else if (next.tok?.kind !== ']') {
        this.error(next.index, EXPECT.list);
      }
    }
  }

  parse(): void {
    for (;;) {
      const { tok, index } = this.peek();
      if (!tok) return;
      if (tok.kind === 'newline' || tok.kind === ';') {
        this.p = index + 1;
        continue;
      }
      if (tok.kind !== 'ident' && !(tok.kind === 'bare' && /^[A-Za-z_]/.test(tok.text)))
        this.error(index, EXPECT.stmt);
      this.p = index + 1;
      const op = this.peek();
      if (op.tok?.kind !== '=' && op.tok?.kind !== '+=') this.error(op.index, EXPECT.key);
      this.p = op.index + 1;
      const value = this.value(EXPECT.eq);
      const after = this.peek();
      if (after.tok && after.tok.kind !== 'newline' && after.tok.kind !== ';')
        this.error(after.index, EXPECT.after);
      this.settings.push({
        key: tok.text,
        op: op.tok.kind,
        keyToken: index,
        opToken: op.index,
        value,
        start: tok.offset,
        end: value.end,
        line: tok.line,
        col: tok.col,
      });
    }
  }
}

/** Length of the IDENT or NUMBER xl's lexer reads at the start of a word (0 if neither). */
function xlPrefix(w: string): number {
  let k = 0;
  if (/[a-z]/.test(w.charAt(0))) while (k < w.length && /[_0-9a-z]/.test(w.charAt(k))) k++;
  else if (/[0-9]/.test(w.charAt(0))) while (k < w.length && /[0-9a-fx]/.test(w.charAt(k))) k++;
  return k;
}

/** xl's lexical error for a word its lexer rejects (the part from the first bad character). */
function bareLexError(text: string, tok: XlCfgToken): { message: string; at: number } {
  const w = tok.text;
  const at = tok.offset + Math.min(xlPrefix(w), w.length - 1);
  return { message: nearMessage(lexErrText(text, at).yytext, 'lexical error').message, at };
}

/**
 * Parse an xl.cfg file into a lossless document. Throws XlCfgSyntaxError (xl's wording, 1-based
 * line/col) when the file has a structural error; xm-era spellings that xl rejects only lexically
 * are accepted here and reported by diagnostics().
 */
export function parseXlCfg(text: string): XlCfgDocument {
  const { tokens, failure } = lexTolerant(text);
  const parser = new TolerantParser(text, tokens, failure);
  parser.parse();
  const firstNl = tokens.find((t) => t.kind === 'newline');
  return { text, eol: firstNl?.text === '\r\n' ? '\r\n' : '\n', tokens, settings: parser.settings };
}

export function tryParseXlCfg(
  text: string,
): { ok: true; doc: XlCfgDocument } | { ok: false; error: XlCfgSyntaxError } {
  try {
    return { ok: true, doc: parseXlCfg(text) };
  } catch (e) {
    if (e instanceof XlCfgSyntaxError) return { ok: false, error: e };
    throw e;
  }
}

/** Print the document back: the concatenation of its tokens. */
export function printXlCfg(doc: XlCfgDocument): string {
  let out = '';
  for (const t of doc.tokens) out += t.text;
  return out;
}

// ---------------------------------------------------------------- reading values

/** Plain form of a CST value. Bare words are given as written (True stays "True"). */
export function plainValue(v: XlCfgValue): XlCfgPlain {
  return v.kind === 'list' ? v.items.map(plainValue) : v.value;
}

const byKeyCache = new WeakMap<XlCfgDocument, Map<string, XlCfgSetting[]>>();

/** settings grouped by key, in file order (cached per document) */
function byKey(doc: XlCfgDocument): Map<string, XlCfgSetting[]> {
  let m = byKeyCache.get(doc);
  if (!m) {
    m = new Map();
    for (const s of doc.settings) {
      const list = m.get(s.key);
      if (list) list.push(s);
      else m.set(s.key, [s]);
    }
    byKeyCache.set(doc, m);
  }
  return m;
}

/** Every assignment of `key`, in file order. */
export function getSettings(doc: XlCfgDocument, key: string): XlCfgSetting[] {
  return [...(byKey(doc).get(key) ?? [])];
}

/** The setting xl uses for `key`: the last one in the file. */
export function getSetting(doc: XlCfgDocument, key: string): XlCfgSetting | undefined {
  const list = byKey(doc).get(key);
  return list?.[list.length - 1];
}

export interface XlCfgResolved {
  value: XlCfgPlain;
  /** op of the last assignment: xl refuses `+=` for numbers */
  op: '=' | '+=';
  setting: XlCfgSetting;
  /** xl's error when `+=` mixes a list and a string */
  error?: string;
}

/** The value xl sees for `key`, with `+=` concatenation applied (libxlu xlu__cfg_set_store). */
export function resolveSetting(doc: XlCfgDocument, key: string): XlCfgResolved | undefined {
  let cur: XlCfgResolved | undefined;
  for (const s of byKey(doc).get(key) ?? []) {
    const v = plainValue(s.value);
    if (s.op === '+=' && cur) {
      const prev = cur.value;
      if (typeof prev === 'string' && typeof v === 'string') cur = { value: prev + v, op: '+=', setting: s };
      else if (Array.isArray(prev) && Array.isArray(v))
        cur = { value: [...prev, ...v], op: '+=', setting: s };
      else cur = { value: v, op: '+=', setting: s, error: `can't add [list] to "string" or vice versa` };
    } else {
      cur = { value: v, op: s.op, setting: s };
    }
  }
  return cur;
}

export function getValue(doc: XlCfgDocument, key: string): XlCfgPlain | undefined {
  return resolveSetting(doc, key)?.value;
}

// ---------------------------------------------------------------- formatting and edits

export interface XlCfgEdit {
  offset: number;
  length: number;
  content: string;
}

export type XlCfgInputValue = string | number | readonly string[];

/** Quote a string the way xl's lexer reads it back (libxlu dequote). */
export function quoteXlString(s: string, quote: '"' | "'" = '"'): string {
  if (s.includes('\0')) throw new Error('xl.cfg strings cannot contain NUL');
  let q = quote;
  const other = q === '"' ? "'" : '"';
  if (s.includes(q) && !s.includes(other)) q = other;
  let out = '';
  for (const c of s) {
    if (c === '\\') out += '\\\\';
    else if (c === q) out += '\\' + q;
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else out += c;
  }
  return q + out + q;
}

/**
 * Format a value as xl.cfg text: non-negative integers as NUMBER, everything else quoted
 * (xl reads numbers from strings too, so "-1" works where -1 would be a lexical error).
 */
export function formatValue(value: XlCfgInputValue, opts: { quote?: '"' | "'" } = {}): string {
  const q = opts.quote ?? '"';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot write ${value} to xl.cfg`);
    return Number.isInteger(value) && value >= 0 ? String(value) : quoteXlString(String(value), q);
  }
  if (typeof value === 'string') return quoteXlString(value, q);
  if (value.length === 0) return '[]';
  return `[ ${value.map((v) => quoteXlString(v, q)).join(', ')} ]`;
}

export function applyXlCfgEdits(text: string, edits: readonly XlCfgEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.offset - a.offset || b.length - a.length);
  let out = text;
  let limit = text.length;
  for (const e of sorted) {
    if (e.offset + e.length > limit) throw new Error('overlapping xl.cfg edits');
    out = out.slice(0, e.offset) + e.content + out.slice(e.offset + e.length);
    limit = e.offset;
  }
  return out;
}

/** The quote character most used in the file ('"' when there is no string). */
function preferredQuote(doc: XlCfgDocument): '"' | "'" {
  let dq = 0;
  let sq = 0;
  for (const t of doc.tokens) {
    if (t.kind !== 'string') continue;
    if (t.text.startsWith('"')) dq++;
    else if (t.text.startsWith("'")) sq++;
  }
  return sq > dq ? "'" : '"';
}

function lineIndent(text: string, offset: number): string {
  const ls = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(ls, offset))?.[0] ?? '';
}

/** Format `value` to replace `old`, keeping its quote style and (for lists) its one-item-per-line layout. */
function formatReplacement(doc: XlCfgDocument, old: XlCfgValue, value: XlCfgInputValue): string {
  const firstQuote = (v: XlCfgValue): string | undefined =>
    v.kind === 'list' ? v.items.map(firstQuote).find(Boolean) : v.quote;
  const oq = firstQuote(old);
  const quote =
    oq === "'" || oq === '"' ? oq : oq && TYPO_DOUBLE.includes(oq) ? '"' : oq ? "'" : preferredQuote(doc);
  if (typeof value !== 'object' || old.kind !== 'list' || value.length === 0)
    return formatValue(value, { quote });
  const first = old.items[0];
  const last = old.items[old.items.length - 1];
  const closeTok = doc.tokens[old.lastToken]!;
  if (!first || !last || closeTok.line === old.line) return formatValue(value, { quote });
  // a list spread over lines: keep where the items start, their indentation and the closing bracket
  const text = doc.text;
  const firstOnOpenLine = first.line === old.line;
  const open = firstOnOpenLine
    ? text.slice(old.start + 1, first.start)
    : doc.eol + lineIndent(text, first.start);
  const second = old.items[1];
  const sep =
    second && second.line !== first.line
      ? ',' + doc.eol + lineIndent(text, second.start)
      : !second && !firstOnOpenLine
        ? ',' + doc.eol + lineIndent(text, first.start)
        : ', ';
  const closeOnOwnLine = closeTok.line !== last.line;
  const tail = text.slice(last.end, closeTok.offset);
  const close = closeOnOwnLine
    ? (old.trailingComma ? ',' : '') + doc.eol + lineIndent(text, closeTok.offset) + ']'
    : (/^[ \t,]*$/.test(tail) ? tail : ' ') + ']';
  return '[' + open + value.map((v) => quoteXlString(v, quote)).join(sep) + close;
}

/** Column (0-based) most settings align their `=` at, when keys are padded. */
function alignedOpColumn(doc: XlCfgDocument): number | undefined {
  const counts = new Map<number, number>();
  for (const s of doc.settings) {
    if (s.col !== 1) continue;
    const opTok = doc.tokens[s.opToken]!;
    const col = opTok.col - 1;
    if (col > s.key.length + 1) counts.set(col, (counts.get(col) ?? 0) + 1);
  }
  let best: number | undefined;
  let bestCount = 1;
  for (const [col, c] of counts) {
    if (c > bestCount) {
      best = col;
      bestCount = c;
    }
  }
  return best;
}

/** Edits that set `key` (see setSetting). */
export function setSettingEdits(doc: XlCfgDocument, key: string, value: XlCfgInputValue): XlCfgEdit[] {
  if (!IDENT_RE.test(key)) throw new Error(`invalid xl.cfg key: ${key}`);
  const all = getSettings(doc, key);
  let target: XlCfgSetting | undefined;
  for (const s of all) if (s.op === '=') target = s;
  target ??= all[all.length - 1];
  if (!target) {
    const align = alignedOpColumn(doc);
    const pad = align !== undefined && align > key.length ? ' '.repeat(align - key.length) : ' ';
    const text = doc.text;
    const sep = text.length > 0 && !text.endsWith('\n') ? doc.eol : '';
    const quote = preferredQuote(doc);
    return [
      {
        offset: text.length,
        length: 0,
        content: `${sep}${key}${pad}= ${formatValue(value, { quote })}${doc.eol}`,
      },
    ];
  }
  const edits: XlCfgEdit[] = [];
  const v = target.value;
  edits.push({ offset: v.start, length: v.end - v.start, content: formatReplacement(doc, v, value) });
  if (target.op === '+=') {
    const opTok = doc.tokens[target.opToken]!;
    edits.push({ offset: opTok.offset, length: 2, content: '=' });
  }
  // a later `key += …` would change the value again: drop those statements
  const later = all.filter((s) => s.start > target.start);
  edits.push(...removalEdits(doc, later));
  return edits;
}

/**
 * Set `key` to `value`, changing only the value's text (quote style and list layout are kept).
 * Absent keys are appended as `key = value` on a new line with the file's line ending.
 */
export function setSetting(doc: XlCfgDocument, key: string, value: XlCfgInputValue): XlCfgDocument {
  return parseXlCfg(applyXlCfgEdits(doc.text, setSettingEdits(doc, key, value)));
}

function removalEdits(doc: XlCfgDocument, remove: readonly XlCfgSetting[]): XlCfgEdit[] {
  if (remove.length === 0) return [];
  const text = doc.text;
  const toks = doc.tokens;
  const removing = new Set(remove);
  const edits: XlCfgEdit[] = [];
  // group by the physical line range the statements span
  const done = new Set<XlCfgSetting>();
  for (const s of remove) {
    if (done.has(s)) continue;
    const ls = text.lastIndexOf('\n', s.start - 1) + 1;
    const nl = text.indexOf('\n', s.end);
    const le = nl < 0 ? text.length : nl + 1;
    const onLine = doc.settings.filter((o) => o.start < le && o.end > ls);
    if (onLine.every((o) => removing.has(o))) {
      // nothing else on these lines but blanks, `;` and a comment: drop the whole lines
      let rest = text.slice(ls, le);
      for (const o of onLine) rest = rest.replace(text.slice(o.start, o.end), '');
      if (/^[ \t;]*(#.*)?\r?\n?$/.test(rest)) {
        onLine.forEach((o) => done.add(o));
        edits.push({ offset: ls, length: le - ls, content: '' });
        continue;
      }
    }
    // shares its line with other statements: cut the statement and one adjacent `;`
    done.add(s);
    let end = s.value.lastToken + 1;
    while (end < toks.length && toks[end]!.kind === 'ws') end++;
    if (toks[end]?.kind === ';') {
      end++;
      while (end < toks.length && toks[end]!.kind === 'ws') end++;
      const endOff = toks[end]?.offset ?? text.length;
      edits.push({ offset: s.start, length: endOff - s.start, content: '' });
    } else {
      let beg = s.keyToken - 1;
      while (beg >= 0 && toks[beg]!.kind === 'ws') beg--;
      const startOff = toks[beg]?.kind === ';' ? toks[beg]!.offset : s.start;
      edits.push({ offset: startOff, length: s.end - startOff, content: '' });
    }
  }
  // neighbouring statements of one line may claim the same `;`: merge the cuts
  edits.sort((x, y) => x.offset - y.offset);
  const merged: XlCfgEdit[] = [];
  for (const e of edits) {
    const prev = merged[merged.length - 1];
    if (prev && e.offset <= prev.offset + prev.length)
      prev.length = Math.max(prev.length, e.offset + e.length - prev.offset);
    else merged.push({ ...e });
  }
  return merged;
}

export function removeSettingEdits(doc: XlCfgDocument, key: string): XlCfgEdit[] {
  return removalEdits(doc, getSettings(doc, key));
}

/** Remove every assignment of `key`: its whole line when it is alone on it, else just the statement. */
export function removeSetting(doc: XlCfgDocument, key: string): XlCfgDocument {
  const edits = removeSettingEdits(doc, key);
  return edits.length ? parseXlCfg(applyXlCfgEdits(doc.text, edits)) : doc;
}

// ---------------------------------------------------------------- exact xl emulation

type XTokKind = 'IDENT' | 'NUMBER' | 'STRING' | 'NEWLINE' | '+=' | '=' | ';' | '[' | ']' | ',' | '$end';

interface XTok {
  kind: XTokKind;
  /** flex's yytext for the token (null at EOF) */
  yytext: string | null;
  /** bison's yylloc.first_line as libxlu sets it */
  locLine: number;
  line: number;
  col: number;
}

const XTOK_NAME: Record<XTokKind, string> = {
  IDENT: 'IDENT',
  NUMBER: 'NUMBER',
  STRING: 'STRING',
  NEWLINE: 'NEWLINE',
  '+=': '+=',
  '=': "'='",
  ';': "';'",
  '[': "'['",
  ']': "']'",
  ',': "','",
  $end: '$end',
};

class XlEmulator {
  readonly errors: XlCfgSyntaxError[] = [];
  likelyPython = false;
  private lexerrlineno = -1;
  private i = 0;
  private lineno = 1;
  private lineStart = 0;
  private lastLoc = 1;
  /** yytext when the parser sees EOF: a NUL (printed as nothing) unless the lexer ended in its error state */
  private eofText: string | null = null;

  private readonly lineStarts: number[] = [0];

  constructor(private readonly text: string) {
    for (let k = 0; k < text.length; k++) if (text.charCodeAt(k) === 10) this.lineStarts.push(k + 1);
  }

  private yyerror(
    checkLine: number,
    yytext: string | null,
    msg: string,
    at: number,
    cause: XlCfgErrorCause,
  ): void {
    if (checkLine <= this.lexerrlineno) return;
    const { message, lineAdjust } = nearMessage(yytext, msg);
    const pos = this.posOf(at);
    this.errors.push(new XlCfgSyntaxError({ ...pos, xlLine: checkLine + lineAdjust, message, cause }));
  }

  private posOf(offset: number): { line: number; col: number } {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - starts[lo]! + 1 };
  }

  private lexicalError(yytext: string, msg: string, at: number, cause: XlCfgErrorCause): void {
    const loc = this.lineno;
    this.yyerror(loc, yytext, msg, at, cause);
    this.lexerrlineno = loc;
  }

  private advance(to: number): void {
    for (let k = this.i; k < to; k++) {
      if (this.text.charCodeAt(k) === 10) {
        this.lineno++;
        this.lineStart = k + 1;
      }
    }
    this.i = to;
  }

  private tok(kind: XTokKind, start: number, end: number, locAdjust = 0): XTok {
    const yytext = this.text.slice(start, end);
    const line = this.lineno;
    const col = start - this.lineStart + 1;
    this.advance(end);
    const t: XTok = { kind, yytext, locLine: this.lineno + locAdjust, line, col };
    this.lastLoc = t.locLine;
    return t;
  }

  /** flex: the next token, reporting lexical errors on the way. */
  next(): XTok {
    const text = this.text;
    const n = text.length;
    for (;;) {
      const i = this.i;
      if (i >= n)
        return {
          kind: '$end',
          yytext: this.eofText,
          locLine: this.lastLoc,
          line: this.lineno,
          col: i - this.lineStart + 1,
        };
      const c = text.charAt(i);
      if (/[a-z]/.test(c)) {
        let j = i + 1;
        while (j < n && /[_0-9a-z]/.test(text.charAt(j))) j++;
        return this.tok('IDENT', i, j);
      }
      if (/[0-9]/.test(c)) {
        let j = i + 1;
        while (j < n && /[0-9a-fx]/.test(text.charAt(j))) j++;
        return this.tok('NUMBER', i, j);
      }
      if (BLANK(c)) {
        this.i++;
        continue;
      }
      if (c === '+' && text.charAt(i + 1) === '=') return this.tok('+=', i, i + 2);
      if (',[]=;'.includes(c)) return this.tok(c as XTokKind, i, i + 1);
      if (c === '\n') return this.tok('NEWLINE', i, i + 1, -1);
      if (c === '#') {
        const nl = text.indexOf('\n', i);
        if (nl >= 0) return this.tok('NEWLINE', i, nl + 1, -1);
      }
      if (c === '"' || c === "'") {
        let j = i + 1;
        let ok = false;
        while (j < n) {
          const d = text.charAt(j);
          if (d === c) {
            ok = true;
            break;
          }
          if (d === '\n') break;
          if (d === '\\') {
            if (j + 1 >= n || text.charAt(j + 1) === '\n') break;
            j += 2;
          } else j++;
        }
        if (ok) {
          const raw = text.slice(i, j + 1);
          const deq = xlDequote(raw, false);
          if (deq.error) this.lexicalError(raw, deq.error, i, 'escape');
          return this.tok('STRING', i, j + 1);
        }
      }
      // flex's `.` / `[+-.():]` rules: enter the lexerr state and swallow the rest of the word
      if (PYTHON_TRIGGERS.includes(c)) this.likelyPython = true;
      const le = lexErrText(text, i);
      if (le.atEof) {
        this.advance(n); // flex ends silently in the lexerr state, leaving the character in yytext
        this.eofText = le.yytext;
        continue;
      }
      const cause = causeOfTrigger(text, i);
      if (le.yytext.endsWith('\n')) {
        this.advance(le.end);
        this.lexicalError(le.yytext, 'lexical error', i, cause);
        const t: XTok = {
          kind: 'NEWLINE',
          yytext: le.yytext,
          locLine: this.lineno,
          line: this.lineno - 1,
          col: i - this.lineStart + 1,
        };
        this.lastLoc = t.locLine;
        return t;
      }
      this.lexicalError(le.yytext, 'lexical error', i, cause);
      this.advance(le.end);
    }
  }

  syntaxError(t: XTok, expecting: string): void {
    const offset = this.offsetOf(t);
    this.yyerror(
      t.locLine,
      t.yytext,
      `syntax error, unexpected ${XTOK_NAME[t.kind]}, expecting ${expecting}`,
      offset,
      'syntax',
    );
  }

  private offsetOf(t: XTok): number {
    return Math.min((this.lineStarts[t.line - 1] ?? this.text.length) + t.col - 1, this.text.length);
  }
}

/**
 * Every error `xl create` would print for this text, in order: an emulation of libxlu's flex lexer and
 * bison parser (Xen 4.17), with error recovery (`error NEWLINE`), suppression of syntax errors on a line
 * that already had a lexical error, and abort when a value is followed by junk. Empty = xl parses it.
 */
export function checkXlSyntax(text: string): XlCfgSyntaxError[] {
  return runXl(text).errors;
}

function runXl(text: string): { errors: XlCfgSyntaxError[]; likelyPython: boolean } {
  const x = new XlEmulator(text);
  const result = () => ({ errors: x.errors, likelyPython: x.likelyPython });
  type St = 'stmt' | 'key' | 'eq' | 'after' | 'lopen' | 'lval' | 'lcomma' | 'err';
  let st: St = 'stmt';
  let depth = 0;
  let errstatus = 0; // bison's yyerrstatus: 3 right after an error, no reports until it is 0
  let la: XTok | null = null;
  const shift = () => {
    if (errstatus > 0) errstatus--;
    la = null;
  };
  const close = () => {
    depth--;
    st = depth === 0 ? 'after' : 'lval';
  };
  const expecting: Record<St, string> = {
    stmt: EXPECT.stmt,
    key: EXPECT.key,
    eq: EXPECT.eq,
    after: EXPECT.after,
    lopen: EXPECT.list,
    lval: EXPECT.list,
    lcomma: EXPECT.list,
    err: 'NEWLINE',
  };
  for (;;) {
    la ??= x.next();
    const k = la.kind;
    let ok = true;
    switch (st) {
      case 'stmt':
        if (k === '$end') return result();
        if (k === 'IDENT') {
          shift();
          st = 'key';
        } else if (k === 'NEWLINE' || k === ';') shift();
        else ok = false;
        break;
      case 'key':
        if (k === '=' || k === '+=') {
          shift();
          st = 'eq';
        } else ok = false;
        break;
      case 'eq':
        if (k === 'STRING' || k === 'NUMBER') {
          shift();
          st = 'after';
        } else if (k === '[') {
          shift();
          depth = 1;
          st = 'lopen';
        } else ok = false;
        break;
      case 'after':
        if (k === '$end') return result();
        if (k === 'NEWLINE' || k === ';') {
          shift();
          st = 'stmt';
        } else ok = false;
        break;
      case 'lopen':
      case 'lcomma':
      case 'lval':
        if (k === 'NEWLINE') shift();
        else if (k === ']') {
          shift();
          close();
        } else if (st === 'lval' && k === ',') {
          shift();
          st = 'lcomma';
        } else if (st !== 'lval' && (k === 'STRING' || k === 'NUMBER')) {
          shift();
          st = 'lval';
        } else if (st !== 'lval' && k === '[') {
          shift();
          depth++;
          st = 'lopen';
        } else ok = false;
        break;
      case 'err':
        if (k === 'NEWLINE') {
          shift();
          st = 'stmt';
        } else ok = false;
        break;
    }
    if (ok) continue;
    // bison's yyerrlab / yyerrlab1
    if (errstatus === 0) x.syntaxError(la, expecting[st]);
    if (errstatus === 3) {
      if (k === '$end') return result();
      la = null; // discard the lookahead
    }
    // after a complete value bison has already reduced to `file`: no state left can shift `error`
    if (st === 'after') return result();
    errstatus = 3;
    st = 'err';
    depth = 0;
  }
}

/** What `xl create` prints on stderr for a file it cannot parse ('' when it parses). */
export function xlSyntaxReport(text: string, source = 'config'): string {
  const { errors, likelyPython } = runXl(text);
  if (!errors.length) return '';
  const lines = errors.map((e) => e.xlText(source));
  if (likelyPython) {
    lines.push(
      'warning: Config file looks like it contains Python code.',
      'warning:  Arbitrary Python is no longer supported.',
      'warning:  See https://wiki.xen.org/wiki/PythonInXlConfig',
    );
  }
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------- diagnostics

export interface XlCfgFix {
  key: string;
  /** new value; null removes the key */
  value: XlCfgInputValue | null;
}

export interface XlCfgDiagnostic {
  line: number;
  col: number;
  severity: 'error' | 'warning';
  message: string;
  fix?: XlCfgFix;
  /** stable identifier of the check */
  code?: string;
  /** the line xl itself prints for this problem, when it prints one */
  xl?: string;
}

const LEXICAL_HELP: Record<XlCfgErrorCause, string> = {
  syntax: 'syntax error',
  lexical: 'xl cannot read this text',
  'unterminated-string': 'unterminated string',
  crlf: 'Windows line endings (CRLF): xl rejects the carriage return at the end of each line; save the file with LF endings',
  continuation: 'backslash line continuation (xm/Python) is not supported by xl: join the lines',
  'typographic-quote': 'typographic quotes (“ ” ‘ ’) are not string quotes for xl: use plain " or \'',
  python: 'Python syntax (xm configs were Python) is not supported by xl',
  'comment-eof': 'a comment on the last line needs a line end after it: xl rejects the file otherwise',
  bom: 'the file starts with a UTF-8 byte order mark, which xl rejects',
  escape: 'invalid backslash escape in a string',
};

/** xm-era keys that xl ignores (or warns about), with what to do instead. */
const XM_KEYS: Record<string, string> = {
  nfs_server: 'xm-only key, ignored by xl: add nfsroot=SERVER:PATH (and root=/dev/nfs) to extra/cmdline',
  nfs_root: 'xm-only key, ignored by xl: add nfsroot=SERVER:PATH (and root=/dev/nfs) to extra/cmdline',
  bootargs: 'xm-only key, ignored by xl: use bootloader_args = [ … ] (a list)',
  vncconsole: 'xm-only key, ignored by xl: use `xl create -V` or `xl vncviewer`',
  vncviewer: 'ignored by xl ("WARNING: ignoring \\"vncviewer\\" option"): use `xl create -V`',
  on_xend_start: 'xend-managed domains only, ignored by xl: link the config into /etc/xen/auto for autostart',
  on_xend_stop: 'xend-managed domains only, ignored by xl (xendomains handles shutdown)',
  restart: 'xm 2.x/3.0 key, ignored by xl: use on_poweroff / on_reboot / on_crash',
  ip: 'xm built the kernel ip= argument from ip/netmask/gateway/hostname/dhcp; xl ignores them: put ip=… in extra',
  netmask: 'ignored by xl: put ip=… in extra',
  gateway: 'ignored by xl: put ip=… in extra',
  hostname: 'ignored by xl: put ip=… in extra',
  dhcp: 'ignored by xl: put ip=dhcp in extra',
  vif2: 'netchannel2 is not supported by xl',
};

function splitWords(s: string): string[] {
  return s.split(/[ \t\n]+/).filter(Boolean);
}

/** strtol(s, &ep, 0) that must consume the whole string, as xlu_cfg_get_long does. */
export function xlParseLong(s: string): number | undefined {
  const m = /^[ \t\n\v\f\r]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return undefined;
  const body = m[2]!;
  const v = /^0[xX]/.test(body)
    ? parseInt(body.slice(2), 16)
    : body.length > 1 && body.startsWith('0')
      ? parseInt(body, 8)
      : parseInt(body, 10);
  return m[1] === '-' ? -v : v;
}

/**
 * Problems xl 4 has with this file: everything checkXlSyntax() reports (explained), and xm-era settings
 * that xl rejects, ignores or warns about. `fix` proposes a setting change (value null = remove the key).
 */
export function diagnostics(doc: XlCfgDocument): XlCfgDiagnostic[] {
  const out: XlCfgDiagnostic[] = [];
  const at = (s: XlCfgSetting | undefined) => (s ? { line: s.line, col: s.col } : { line: 1, col: 1 });

  // --- what xl's parser rejects
  // In a CRLF file xl reports only the CRs (each one hides the next line's errors): report the CRs
  // once, and the rest as xl would report it once the file has LF endings.
  let crlf: XlCfgDiagnostic | undefined;
  const crs = doc.text.includes('\r') ? checkXlSyntax(doc.text).filter((e) => e.kind === 'crlf') : [];
  const first = crs[0];
  if (first) {
    const n = crs.length > 1 ? ` (${crs.length} lines)` : '';
    crlf = {
      line: first.line,
      col: first.col,
      severity: 'error',
      code: 'crlf',
      message: LEXICAL_HELP.crlf + n,
      xl: first.xlText(),
    };
  }
  for (const e of checkXlSyntax(first ? doc.text.replace(/\r\n/g, '\n') : doc.text)) {
    const help = e.kind === 'syntax' || e.kind === 'lexical' ? '' : LEXICAL_HELP[e.kind] + ' — ';
    out.push({
      line: e.line,
      col: e.col,
      severity: 'error',
      code: e.kind,
      message: `${help}xl: ${e.message}`,
      xl: e.xlText(),
    });
  }
  if (crlf) out.unshift(crlf);
  // fixes for values xl can't read but we could: typographic quotes, True/False, -1, continuations
  for (const s of doc.settings) {
    const toks = doc.tokens.slice(s.value.firstToken, s.value.lastToken + 1);
    const bad = toks.some(
      (t) =>
        t.kind === 'bare' ||
        t.kind === 'continuation' ||
        (t.kind === 'string' && !`"'`.includes(t.text.charAt(0))),
    );
    if (!bad || !IDENT_RE.test(s.key)) continue;
    const fixValue = fixableValue(s.value);
    if (fixValue === undefined) continue;
    const lastLine = doc.tokens[s.value.lastToken]!.line;
    const d = out.find(
      (o) => o.line >= s.line && o.line <= lastLine && !o.fix && FIXABLE_CAUSES.includes(o.code ?? ''),
    );
    if (d) d.fix = { key: s.key, value: fixValue };
  }
  for (const s of doc.settings) {
    if (IDENT_RE.test(s.key)) continue;
    const msg = `\`${s.key}' is not a valid xl key (a-z, 0-9 and _, starting with a letter)`;
    const d = out.find((o) => o.line === s.line && o.code !== 'crlf');
    if (d) d.message = `${msg} — ${d.message}`;
    else out.push({ ...at(s), severity: 'error', code: 'bad-key', message: msg });
  }

  // --- semantic checks (xl_parse.c)
  const str = (key: string): string | undefined => {
    const r = resolveSetting(doc, key);
    return r && typeof r.value === 'string' ? r.value : undefined;
  };
  const sem = readXlCfg(doc);

  for (const s of doc.settings) {
    const help = XM_KEYS[s.key];
    if (!help) continue;
    let fix: XlCfgFix | undefined;
    const v = plainValue(s.value);
    if (s.key === 'bootargs' && typeof v === 'string' && !getSetting(doc, 'bootloader_args'))
      fix = { key: 'bootloader_args', value: splitWords(v) };
    if (
      s.key === 'vncviewer' ||
      s.key === 'vncconsole' ||
      s.key === 'on_xend_start' ||
      s.key === 'on_xend_stop'
    )
      fix = { key: s.key, value: null };
    if (s.key === 'nfs_server') {
      const root = str('nfs_root');
      const server = typeof v === 'string' ? v : undefined;
      if (server && root) {
        const extra = str('extra');
        const add = `nfsroot=${server}:${root}`;
        if (!extra?.includes('nfsroot=')) fix = { key: 'extra', value: extra ? `${extra} ${add}` : add };
      }
    }
    out.push({
      ...at(s),
      severity: 'warning',
      code: 'xm-key',
      message: `\`${s.key}': ${help}`,
      ...(fix ? { fix } : {}),
    });
  }

  // type / builder
  const typeS = getSetting(doc, 'type');
  const typeV = str('type');
  let typeFromType: 'pv' | 'pvh' | 'hvm' | undefined;
  if (typeV !== undefined) {
    typeFromType = xlDomainType(typeV);
    if (!typeFromType)
      out.push({
        ...at(typeS),
        severity: 'error',
        code: 'type',
        message: `Invalid domain type ${typeV}.`,
        fix: { key: 'type', value: 'pv' },
      });
  }
  const builderS = getSetting(doc, 'builder');
  const builderV = str('builder');
  if (builderS && builderV !== undefined) {
    const bt = prefixOf(builderV, 'hvm') ? 'hvm' : prefixOf(builderV, 'generic') ? 'pv' : undefined;
    if (!bt) {
      const guess = builderV === 'linux' ? 'pv' : undefined;
      out.push({
        ...at(builderS),
        severity: 'error',
        code: 'builder',
        message: `Invalid domain type ${builderV}. (builder="${builderV}" is xm's spelling${guess ? ' of a PV guest: use type = "pv"' : ''})`,
        ...(guess && !typeS ? { fix: { key: 'type', value: guess } } : {}),
      });
    } else if (typeFromType && typeFromType !== bt) {
      out.push({
        ...at(builderS),
        severity: 'error',
        code: 'builder',
        message: 'Contradicting "builder" and "type" options specified.',
        fix: { key: 'builder', value: null },
      });
    } else {
      out.push({
        ...at(builderS),
        severity: 'warning',
        code: 'builder',
        message: `"builder" is deprecated since Xen 4.10: use type = "${bt}"`,
        fix: typeS ? { key: 'builder', value: null } : { key: 'type', value: bt },
      });
    }
  }
  const effType = sem.type ?? 'pv';

  // name
  if (!getSetting(doc, 'name'))
    out.push({ line: 1, col: 1, severity: 'error', code: 'name', message: 'Domain name must be specified.' });

  // kernel = hvmloader (xm-style HVM)
  const kernelS = getSetting(doc, 'kernel');
  if (effType === 'hvm' && sem.kernel && /(^|\/)hvmloader$/.test(sem.kernel)) {
    out.push({
      ...at(kernelS),
      severity: 'warning',
      code: 'hvmloader',
      message:
        'xm-style HVM: xl loads hvmloader itself and ignores kernel = ".../hvmloader" (in xl an HVM kernel means direct kernel boot): remove it',
      fix: { key: 'kernel', value: null },
    });
  }
  if (getSetting(doc, 'device_model')) {
    out.push({
      ...at(getSetting(doc, 'device_model')),
      severity: 'warning',
      code: 'device-model',
      message:
        'WARNING: ignoring device_model directive (xl picks qemu itself; use device_model_override only for a non-default one)',
      fix: { key: 'device_model', value: null },
    });
  }
  if (effType !== 'hvm' && !sem.kernel && !sem.bootloader && !getSetting(doc, 'firmware'))
    out.push({
      line: 1,
      col: 1,
      severity: 'error',
      code: 'no-kernel',
      message: 'Neither kernel nor bootloader specified',
    });
  if (sem.cmdline !== undefined && (sem.root !== undefined || sem.extra !== undefined)) {
    out.push({
      ...at(getSetting(doc, 'cmdline')),
      severity: 'warning',
      code: 'cmdline',
      message: 'Warning: ignoring root= and extra= in favour of cmdline=',
    });
  }

  // value kinds and numbers (xlu_cfg_get_*)
  const NUMERIC = [
    'memory',
    'maxmem',
    'vcpus',
    'maxvcpus',
    'vncdisplay',
    'vnc',
    'vncunused',
    'stdvga',
    'videoram',
    'shadow_memory',
    'cpu_weight',
    'cap',
  ];
  const LISTS = [
    'disk',
    'vif',
    'vfb',
    'vkb',
    'pci',
    'usbdev',
    'usbctrl',
    'channel',
    'vtpm',
    'p9',
    'iomem',
    'ioports',
    'irqs',
    'dtdev',
  ];
  for (const key of new Set(doc.settings.map((s) => s.key))) {
    const r = resolveSetting(doc, key)!;
    if (r.error) out.push({ ...at(r.setting), severity: 'error', code: 'concat', message: `xl: ${r.error}` });
    if (LISTS.includes(key) && !Array.isArray(r.value)) {
      out.push({
        ...at(r.setting),
        severity: 'warning',
        code: 'not-list',
        message: `warning: parameter \`${key}' is a single value but should be a list (xl ignores it)`,
        fix: { key, value: [r.value] },
      });
    } else if (NUMERIC.includes(key)) {
      if (Array.isArray(r.value)) {
        out.push({
          ...at(r.setting),
          severity: 'warning',
          code: 'not-atom',
          message: `warning: parameter \`${key}' is a list but should be a single value (xl ignores it)`,
        });
      } else if (r.op === '+=') {
        out.push({
          ...at(r.setting),
          severity: 'warning',
          code: 'number',
          message: `warning: can't use += with numbers for parameter \`${key}'`,
        });
      } else if (xlParseLong(r.value) === undefined && r.setting.value.kind !== 'bare') {
        out.push({
          ...at(r.setting),
          severity: 'warning',
          code: 'number',
          message: `warning: parameter \`${key}' is not a valid number (xl ignores it)`,
        });
      }
    } else if (
      [
        'name',
        'type',
        'builder',
        'kernel',
        'ramdisk',
        'cmdline',
        'root',
        'extra',
        'bootloader',
        'uuid',
        'on_poweroff',
        'on_reboot',
        'on_crash',
        'vnclisten',
        'vncpasswd',
        'boot',
      ].includes(key) &&
      Array.isArray(r.value)
    ) {
      out.push({
        ...at(r.setting),
        severity: 'warning',
        code: 'not-atom',
        message: `warning: parameter \`${key}' is a list but should be a single value (xl ignores it)`,
      });
    }
  }
  if (sem.vcpus !== undefined && sem.maxvcpus !== undefined && sem.maxvcpus < sem.vcpus)
    out.push({
      ...at(getSetting(doc, 'maxvcpus')),
      severity: 'error',
      code: 'maxvcpus',
      message: 'xl: maxvcpus < vcpus',
      fix: { key: 'maxvcpus', value: sem.vcpus },
    });
  if (sem.memory !== undefined && sem.maxmem !== undefined && sem.maxmem < sem.memory)
    out.push({
      ...at(getSetting(doc, 'maxmem')),
      severity: 'warning',
      code: 'maxmem',
      message: 'maxmem is lower than memory',
      fix: { key: 'maxmem', value: sem.memory },
    });
  for (const key of ['on_poweroff', 'on_reboot', 'on_crash', 'on_watchdog', 'on_soft_reset']) {
    const v = str(key);
    if (v !== undefined && !ACTIONS.includes(v)) {
      const xm = XM_ACTIONS[v];
      out.push({
        ...at(getSetting(doc, key)),
        severity: 'error',
        code: 'action',
        message: `Unknown ${key} action "${v}" specified`,
        ...(xm ? { fix: { key, value: xm } } : {}),
      });
    }
  }

  // disks
  const diskS = getSetting(doc, 'disk');
  const disks = sem.disks ?? [];
  if (disks.some((d) => d.legacyPrefix?.length)) {
    const fixed = disks.every((d) => !d.error) ? disks.map((d) => formatDiskSpec(d)) : undefined;
    const prefixes = [...new Set(disks.flatMap((d) => d.legacyPrefix ?? []))].map((p) => `${p}:`).join(' ');
    out.push({
      ...at(diskS),
      severity: 'warning',
      code: 'disk-prefix',
      message: `legacy disk prefix ${prefixes} (xm syntax, still accepted by xl): the keyed form format=…, vdev=…, access=…, target=… is clearer`,
      ...(fixed ? { fix: { key: 'disk', value: fixed } } : {}),
    });
  }
  for (const d of disks) {
    if (d.error) out.push({ ...at(diskS), severity: 'error', code: 'disk', message: d.error });
  }
  // vifs
  const vifS = getSetting(doc, 'vif');
  for (const v of sem.vifs ?? []) {
    for (const u of v.unknown ?? [])
      out.push({
        ...at(vifS),
        severity: 'warning',
        code: 'vif',
        message: `unrecognized argument \`${u}' in vif spec \`${v.raw}' (xl ignores it)`,
      });
    if (v.mac !== undefined && !/^[0-9a-fA-F]{1,2}(:[0-9a-fA-F]{1,2}){5}$/.test(v.mac))
      out.push({
        ...at(vifS),
        severity: 'warning',
        code: 'vif',
        message: `Invalid parameter \`mac' in vif spec \`${v.raw}' (xl picks a random MAC)`,
      });
  }
  // vfb type=vnc (xm) is ignored by xl
  const vfbS = getSetting(doc, 'vfb');
  const vfbs = sem.vfbs ?? [];
  if (vfbs.some((v) => /(^|,)\s*type=(vnc|sdl)\s*(,|$)/.test(v))) {
    const fixed = vfbs.map((v) =>
      v
        .split(',')
        .map((p) => p.trim().replace(/^type=(vnc|sdl)$/, '$1=1'))
        .join(','),
    );
    out.push({
      ...at(vfbS),
      severity: 'warning',
      code: 'vfb-type',
      message: 'vfb "type=vnc"/"type=sdl" is xm syntax; xl ignores it and needs vnc=1 (or sdl=1)',
      fix: { key: 'vfb', value: fixed },
    });
  }
  // VNC
  const vnc = sem.vnc;
  if (vnc) {
    const topVnc = ['vnclisten', 'vncdisplay', 'vncpasswd', 'vncunused'].filter((k) => getSetting(doc, k));
    if (effType !== 'hvm' && vfbs.length && (topVnc.length || getSetting(doc, 'vnc'))) {
      out.push({
        ...at(getSetting(doc, topVnc[0] ?? 'vnc')),
        severity: 'warning',
        code: 'vnc',
        message:
          'a PV guest with vfb = [ … ] takes its VNC settings from the vfb spec: the top-level vnc settings are ignored',
      });
    } else if (effType !== 'hvm' && vnc.enable !== true && topVnc.length) {
      // a PV guest gets a framebuffer from the top-level settings only with vnc = 1
      out.push({
        ...at(getSetting(doc, topVnc[0]!)),
        severity: 'warning',
        code: 'vnc',
        message: 'VNC settings without vnc = 1 (and no vfb): this PV guest gets no framebuffer',
        fix: { key: 'vnc', value: 1 },
      });
    } else if (effType === 'hvm' && vnc.enable === false && topVnc.length) {
      out.push({
        ...at(getSetting(doc, 'vnc')),
        severity: 'warning',
        code: 'vnc',
        message: 'vnc = 0: the other vnc settings have no effect',
      });
    }
    if (vnc.display !== undefined && vnc.unused === true && (effType === 'hvm' || !vfbs.length)) {
      // xm ignored vncdisplay when vncunused=1; xl starts its search for a free port there
      out.push({
        ...at(getSetting(doc, 'vncunused')),
        severity: 'warning',
        code: 'vnc',
        message:
          'vncunused = 1 with vncdisplay (xm style): xl takes the first free port from 5900+vncdisplay; set vncunused = 0 for a fixed port, or drop vncdisplay',
        fix: { key: 'vncunused', value: 0 },
      });
    }
    if (vnc.passwd !== undefined && vnc.passwd.length > 8)
      out.push({
        ...at(getSetting(doc, 'vncpasswd')),
        severity: 'warning',
        code: 'vnc',
        message: 'vncpasswd longer than 8 characters: VNC authentication uses only the first 8',
      });
  }
  return out.sort((a, b) => a.line - b.line || a.col - b.col);
}

const FIXABLE_CAUSES = ['python', 'typographic-quote', 'continuation', 'lexical'];

const ACTIONS = [
  'destroy',
  'restart',
  'rename-restart',
  'preserve',
  'coredump-destroy',
  'coredump-restart',
  'soft-reset',
];
const XM_ACTIONS: Record<string, string> = {
  rename_restart: 'rename-restart',
  coredump_destroy: 'coredump-destroy',
  coredump_restart: 'coredump-restart',
};

function prefixOf(s: string, word: string): boolean {
  return word.startsWith(s);
}

/** xl's type= matching: strncmp(buf, "hvm", strlen(buf)) — any prefix, even "", selects it. */
export function xlDomainType(v: string): 'pv' | 'pvh' | 'hvm' | undefined {
  if (prefixOf(v, 'hvm')) return 'hvm';
  if (prefixOf(v, 'pv')) return 'pv';
  if (prefixOf(v, 'pvh')) return 'pvh';
  return undefined;
}

/** A replacement value for a setting whose text xl can't read (typographic quotes, True/False, -1 …). */
function fixableValue(v: XlCfgValue): XlCfgInputValue | undefined {
  if (v.kind === 'list') {
    const items: string[] = [];
    for (const it of v.items) {
      if (it.kind === 'list') return undefined;
      items.push(it.kind === 'bare' ? bareAsString(it.value) : it.value);
    }
    return items;
  }
  if (v.kind === 'bare') {
    if (v.value === 'True') return 1;
    if (v.value === 'False') return 0;
    return bareAsString(v.value);
  }
  return v.kind === 'number' ? Number(v.value) : v.value;
}

function bareAsString(w: string): string {
  if (w === 'True') return '1';
  if (w === 'False') return '0';
  return w;
}

/** Apply a diagnostic's fix. */
export function applyFix(doc: XlCfgDocument, fix: XlCfgFix): XlCfgDocument {
  return fix.value === null ? removeSetting(doc, fix.key) : setSetting(doc, fix.key, fix.value);
}

// re-exported for callers that only import this module
export { parseDiskSpec, parseVifSpec };
