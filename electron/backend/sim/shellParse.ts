// Parser for the POSIX-ish shell of the simulated dom0 (the command lines the backend sends
// through ssh exec, built by shared/quote.ts). Supports: ; && || | & ! ( ) { }, if/for/while/
// until/case, single/double quotes and backslashes, $VAR ${VAR…} $? $$ $# $@ $1…, $(…) and
// `…` (really executed), $((…)), redirections [n]> >> < <> >& <& &> >| and here-documents.
// Errors are worded like dash ("Syntax error: Unterminated quoted string").

export type WordPart =
  | { t: 'lit'; v: string; q: boolean }
  | { t: 'param'; name: string; q: boolean; op?: string; arg?: Word }
  | { t: 'cmd'; body: List; q: boolean }
  | { t: 'arith'; expr: Word; q: boolean };

export type Word = WordPart[];

export interface Redir {
  fd: number;
  op: '>' | '>>' | '>|' | '<' | '<>' | '>&' | '<&' | '&>' | '<<' | '<<-';
  target: Word;
  /** here-document body (filled when the line ends) */
  heredoc?: Word;
}

export interface Assign {
  name: string;
  value: Word;
}

export type Command =
  | { type: 'simple'; assigns: Assign[]; words: Word[]; redirs: Redir[]; line: number }
  | { type: 'subshell'; body: List; redirs: Redir[] }
  | { type: 'group'; body: List; redirs: Redir[] }
  | { type: 'if'; clauses: { cond: List; body: List }[]; elseBody: List | null; redirs: Redir[] }
  | { type: 'for'; name: string; items: Word[] | null; body: List; redirs: Redir[] }
  | { type: 'while'; until: boolean; cond: List; body: List; redirs: Redir[] }
  | { type: 'case'; word: Word; items: { patterns: Word[]; body: List }[]; redirs: Redir[] };

export interface Pipeline {
  bang: boolean;
  cmds: Command[];
}

export interface AndOr {
  first: Pipeline;
  rest: { op: '&&' | '||'; p: Pipeline }[];
}

export interface List {
  items: { ao: AndOr; bg: boolean }[];
}

export class ShellSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

const META = new Set([' ', '\t', '\n', ';', '&', '|', '(', ')', '<', '>']);
const RESERVED = new Set([
  'if',
  'then',
  'elif',
  'else',
  'fi',
  'for',
  'in',
  'do',
  'done',
  'while',
  'until',
  'case',
  'esac',
  '{',
  '}',
  '!',
]);
const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

interface PendingHeredoc {
  redir: Redir;
  delim: string;
  quoted: boolean;
  strip: boolean;
}

export function parseScript(src: string): List {
  const p = new Parser(src);
  const list = p.parseList({});
  p.expectEnd();
  return list;
}

/** A literal word (no expansions), e.g. for synthetic argv. */
export function litWord(v: string): Word {
  return [{ t: 'lit', v, q: true }];
}

class Parser {
  pos = 0;
  private pending: PendingHeredoc[] = [];

  constructor(private readonly src: string) {}

  private get lineNo(): number {
    let n = 1;
    for (let i = 0; i < this.pos && i < this.src.length; i++) if (this.src[i] === '\n') n++;
    return n;
  }

  private err(msg: string): never {
    throw new ShellSyntaxError(msg, this.lineNo);
  }

  private peek(off = 0): string | undefined {
    return this.src[this.pos + off];
  }

  private atEnd(): boolean {
    return this.pos >= this.src.length;
  }

  /** spaces, tabs, line continuations and comments */
  private skipBlanks(): void {
    for (;;) {
      const c = this.peek();
      if (c === ' ' || c === '\t') this.pos++;
      else if (c === '\\' && this.peek(1) === '\n') this.pos += 2;
      else if (c === '#') {
        while (!this.atEnd() && this.peek() !== '\n') this.pos++;
      } else break;
    }
  }

  private consumeNewline(): void {
    this.pos++;
    this.readHeredocs();
  }

  private skipNewlines(): void {
    for (;;) {
      this.skipBlanks();
      if (this.peek() === '\n') this.consumeNewline();
      else break;
    }
  }

  /** the reserved word at the current position, if any (position unchanged) */
  private peekKeyword(): string | null {
    const save = this.pos;
    this.skipBlanks();
    let end = this.pos;
    while (end < this.src.length && !META.has(this.src[end]!) && !`'"\\$\``.includes(this.src[end]!)) end++;
    const w = this.src.slice(this.pos, end);
    this.pos = save;
    return RESERVED.has(w) ? w : null;
  }

  private takeKeyword(kw: string): void {
    this.skipBlanks();
    if (this.src.startsWith(kw, this.pos)) this.pos += kw.length;
    else this.unexpected(`expecting "${kw}"`);
  }

  private tokenText(): string {
    this.skipBlanks();
    if (this.atEnd()) return 'end of file';
    const c = this.peek()!;
    const two = this.src.slice(this.pos, this.pos + 2);
    if (['&&', '||', ';;', '>>', '<<', '>&', '<&'].includes(two)) return two;
    if (c === '\n') return 'newline';
    if (META.has(c)) return c;
    const kw = this.peekKeyword();
    if (kw) return kw;
    return c;
  }

  private unexpected(expecting?: string): never {
    const t = this.tokenText();
    if (t === 'end of file') this.err(`end of file unexpected${expecting ? ` (${expecting})` : ''}`);
    if (t === 'newline') this.err(`newline unexpected${expecting ? ` (${expecting})` : ''}`);
    this.err(`"${t}" unexpected${expecting ? ` (${expecting})` : ''}`);
  }

  expectEnd(): void {
    this.skipNewlines();
    if (!this.atEnd()) this.unexpected();
  }

  parseList(stop: { words?: string[]; paren?: boolean; dsemi?: boolean }): List {
    const items: List['items'] = [];
    for (;;) {
      this.skipNewlines();
      if (this.atEnd()) break;
      const kw = this.peekKeyword();
      if (kw && stop.words?.includes(kw)) break;
      if (stop.paren && this.peek() === ')') break;
      if (stop.dsemi && this.src.startsWith(';;', this.pos)) break;
      const ao = this.parseAndOr();
      this.skipBlanks();
      const c = this.peek();
      if (c === ';' && this.peek(1) !== ';') {
        this.pos++;
        items.push({ ao, bg: false });
      } else if (c === '&' && this.peek(1) !== '&' && this.peek(1) !== '>') {
        this.pos++;
        items.push({ ao, bg: true });
      } else if (c === '\n') {
        this.consumeNewline();
        items.push({ ao, bg: false });
      } else {
        items.push({ ao, bg: false });
        break;
      }
    }
    return { items };
  }

  private parseAndOr(): AndOr {
    const first = this.parsePipeline();
    const rest: AndOr['rest'] = [];
    for (;;) {
      this.skipBlanks();
      const two = this.src.slice(this.pos, this.pos + 2);
      if (two !== '&&' && two !== '||') break;
      this.pos += 2;
      this.skipNewlines();
      rest.push({ op: two, p: this.parsePipeline() });
    }
    return { first, rest };
  }

  private parsePipeline(): Pipeline {
    this.skipBlanks();
    let bang = false;
    if (this.peekKeyword() === '!') {
      this.takeKeyword('!');
      bang = true;
    }
    const cmds = [this.parseCommand()];
    for (;;) {
      this.skipBlanks();
      if (this.peek() === '|' && this.peek(1) !== '|') {
        this.pos++;
        this.skipNewlines();
        cmds.push(this.parseCommand());
      } else break;
    }
    return { bang, cmds };
  }

  private parseCommand(): Command {
    this.skipBlanks();
    const kw = this.peekKeyword();
    let cmd: Command;
    if (kw === 'if') cmd = this.parseIf();
    else if (kw === 'for') cmd = this.parseFor();
    else if (kw === 'while' || kw === 'until') cmd = this.parseWhile(kw === 'until');
    else if (kw === 'case') cmd = this.parseCase();
    else if (kw === '{') {
      this.takeKeyword('{');
      const body = this.parseList({ words: ['}'] });
      if (body.items.length === 0) this.unexpected();
      this.takeKeyword('}');
      cmd = { type: 'group', body, redirs: [] };
    } else if (this.peek() === '(') {
      this.pos++;
      const body = this.parseList({ paren: true });
      if (body.items.length === 0) this.unexpected();
      this.skipBlanks();
      if (this.peek() !== ')') this.unexpected('expecting ")"');
      this.pos++;
      cmd = { type: 'subshell', body, redirs: [] };
    } else if (kw) {
      this.unexpected();
    } else {
      return this.parseSimple();
    }
    // redirections after a compound command
    for (;;) {
      this.skipBlanks();
      const r = this.tryRedir();
      if (!r) break;
      cmd.redirs.push(r);
    }
    return cmd;
  }

  private parseIf(): Command {
    this.takeKeyword('if');
    const clauses: { cond: List; body: List }[] = [];
    let elseBody: List | null = null;
    let cond = this.parseList({ words: ['then'] });
    this.takeKeyword('then');
    let body = this.parseList({ words: ['elif', 'else', 'fi'] });
    clauses.push({ cond, body });
    for (;;) {
      const kw = this.peekKeyword();
      if (kw === 'elif') {
        this.takeKeyword('elif');
        cond = this.parseList({ words: ['then'] });
        this.takeKeyword('then');
        body = this.parseList({ words: ['elif', 'else', 'fi'] });
        clauses.push({ cond, body });
      } else if (kw === 'else') {
        this.takeKeyword('else');
        elseBody = this.parseList({ words: ['fi'] });
      } else if (kw === 'fi') {
        this.takeKeyword('fi');
        break;
      } else this.unexpected('expecting "fi"');
    }
    return { type: 'if', clauses, elseBody, redirs: [] };
  }

  private parseFor(): Command {
    this.takeKeyword('for');
    this.skipBlanks();
    const nameWord = this.parseWord();
    const name = nameWord && nameWord.length === 1 && nameWord[0]!.t === 'lit' ? nameWord[0]!.v : '';
    if (!NAME_RE.test(name)) this.err(`Bad for loop variable`);
    let items: Word[] | null = null;
    this.skipNewlines();
    if (this.peekKeyword() === 'in') {
      this.takeKeyword('in');
      items = [];
      for (;;) {
        this.skipBlanks();
        const c = this.peek();
        if (c === ';' || c === '\n' || c === undefined) break;
        const w = this.parseWord();
        if (!w) this.unexpected();
        items.push(w);
      }
      if (this.peek() === ';') this.pos++;
    } else if (this.peek() === ';') this.pos++;
    this.skipNewlines();
    this.takeKeyword('do');
    const body = this.parseList({ words: ['done'] });
    this.takeKeyword('done');
    return { type: 'for', name, items, body, redirs: [] };
  }

  private parseWhile(until: boolean): Command {
    this.takeKeyword(until ? 'until' : 'while');
    const cond = this.parseList({ words: ['do'] });
    this.takeKeyword('do');
    const body = this.parseList({ words: ['done'] });
    this.takeKeyword('done');
    return { type: 'while', until, cond, body, redirs: [] };
  }

  private parseCase(): Command {
    this.takeKeyword('case');
    this.skipBlanks();
    const word = this.parseWord();
    if (!word) this.unexpected();
    this.skipNewlines();
    this.takeKeyword('in');
    const items: { patterns: Word[]; body: List }[] = [];
    for (;;) {
      this.skipNewlines();
      if (this.peekKeyword() === 'esac') {
        this.takeKeyword('esac');
        break;
      }
      if (this.peek() === '(') this.pos++;
      const patterns: Word[] = [];
      for (;;) {
        this.skipBlanks();
        const w = this.parseWord();
        if (!w) this.unexpected();
        patterns.push(w);
        this.skipBlanks();
        if (this.peek() === '|') {
          this.pos++;
          continue;
        }
        if (this.peek() === ')') {
          this.pos++;
          break;
        }
        this.unexpected('expecting ")"');
      }
      const body = this.parseList({ words: ['esac'], dsemi: true });
      items.push({ patterns, body });
      this.skipBlanks();
      if (this.src.startsWith(';;', this.pos)) this.pos += 2;
    }
    return { type: 'case', word, items, redirs: [] };
  }

  private parseSimple(): Command {
    const line = this.lineNo;
    const assigns: Assign[] = [];
    const words: Word[] = [];
    const redirs: Redir[] = [];
    for (;;) {
      this.skipBlanks();
      const c = this.peek();
      if (
        c === undefined ||
        c === '\n' ||
        c === ';' ||
        c === '|' ||
        c === ')' ||
        (c === '&' && this.peek(1) !== '>')
      )
        break;
      if (c === '(') this.unexpected();
      const r = this.tryRedir();
      if (r) {
        redirs.push(r);
        continue;
      }
      const w = this.parseWord();
      if (!w) this.unexpected();
      const first = w[0];
      if (words.length === 0 && first && first.t === 'lit' && !first.q) {
        const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(first.v);
        if (m) {
          const rest: Word = [];
          const tail = first.v.slice(m[0].length);
          if (tail) rest.push({ t: 'lit', v: tail, q: false });
          rest.push(...w.slice(1));
          assigns.push({ name: m[1]!, value: rest });
          continue;
        }
      }
      words.push(w);
    }
    if (words.length === 0 && assigns.length === 0 && redirs.length === 0) this.unexpected();
    return { type: 'simple', assigns, words, redirs, line };
  }

  private tryRedir(): Redir | null {
    const m = /^(\d*)(>>|>&|>\||<<-|<<|<&|<>|&>|>|<)/.exec(this.src.slice(this.pos, this.pos + 8));
    if (!m) return null;
    const op = m[2] as Redir['op'];
    const fd = m[1] ? Number(m[1]) : op.startsWith('<') ? 0 : 1;
    this.pos += m[0].length;
    this.skipBlanks();
    const target = this.parseWord();
    if (!target) this.unexpected();
    const redir: Redir = { fd, op, target };
    if (op === '<<' || op === '<<-') {
      const quoted = target.some((p) => p.t === 'lit' && p.q);
      const delim = target.map((p) => (p.t === 'lit' ? p.v : '')).join('');
      this.pending.push({ redir, delim, quoted, strip: op === '<<-' });
    }
    return redir;
  }

  private readHeredocs(): void {
    const pending = this.pending;
    this.pending = [];
    for (const h of pending) {
      const lines: string[] = [];
      for (;;) {
        if (this.atEnd()) break;
        let end = this.src.indexOf('\n', this.pos);
        if (end < 0) end = this.src.length;
        let line = this.src.slice(this.pos, end);
        this.pos = Math.min(end + 1, this.src.length);
        if (h.strip) line = line.replace(/^\t+/, '');
        if (line === h.delim) break;
        lines.push(line + '\n');
      }
      const text = lines.join('');
      h.redir.heredoc = h.quoted ? [{ t: 'lit', v: text, q: true }] : new Parser(text).parseHeredocBody();
    }
  }

  /** a here-document body: $ and ` expand, backslash only escapes $ ` \ and newline */
  parseHeredocBody(): Word {
    const parts: Word = [];
    let buf = '';
    const flush = (): void => {
      if (buf) parts.push({ t: 'lit', v: buf, q: true });
      buf = '';
    };
    while (!this.atEnd()) {
      const c = this.peek()!;
      if (c === '\\' && '$`\\\n'.includes(this.peek(1) ?? '')) {
        if (this.peek(1) !== '\n') buf += this.peek(1);
        this.pos += 2;
      } else if (c === '$') {
        flush();
        parts.push(...this.parseDollar(true));
      } else if (c === '`') {
        flush();
        parts.push(this.parseBacktick(true));
      } else {
        buf += c;
        this.pos++;
      }
    }
    flush();
    return parts;
  }

  /** one shell word, or null when the next character cannot start one */
  parseWord(until?: string): Word | null {
    const parts: Word = [];
    let buf = '';
    const start = this.pos;
    const flush = (): void => {
      if (buf) parts.push({ t: 'lit', v: buf, q: false });
      buf = '';
    };
    for (;;) {
      const c = this.peek();
      if (c === undefined) break;
      if (until !== undefined ? c === until : META.has(c)) break;
      if (c === '\\') {
        if (this.peek(1) === '\n') {
          this.pos += 2;
          continue;
        }
        flush();
        if (this.peek(1) === undefined) {
          buf += '\\';
          this.pos++;
          continue;
        }
        parts.push({ t: 'lit', v: this.peek(1)!, q: true });
        this.pos += 2;
      } else if (c === "'") {
        flush();
        const end = this.src.indexOf("'", this.pos + 1);
        if (end < 0) this.err('Unterminated quoted string');
        parts.push({ t: 'lit', v: this.src.slice(this.pos + 1, end), q: true });
        this.pos = end + 1;
      } else if (c === '"') {
        flush();
        parts.push(...this.parseDouble());
      } else if (c === '$') {
        flush();
        parts.push(...this.parseDollar(false));
      } else if (c === '`') {
        flush();
        parts.push(this.parseBacktick(false));
      } else {
        buf += c;
        this.pos++;
      }
    }
    flush();
    if (this.pos === start) return null;
    return mergeLits(parts);
  }

  private parseDouble(): Word {
    const parts: Word = [];
    let buf = '';
    const flush = (): void => {
      if (buf) parts.push({ t: 'lit', v: buf, q: true });
      buf = '';
    };
    this.pos++; // opening quote
    for (;;) {
      const c = this.peek();
      if (c === undefined) this.err('Unterminated quoted string');
      if (c === '"') {
        this.pos++;
        break;
      }
      if (c === '\\') {
        const n = this.peek(1);
        if (n !== undefined && '$`"\\\n'.includes(n)) {
          if (n !== '\n') buf += n;
          this.pos += 2;
        } else {
          buf += '\\';
          this.pos++;
        }
      } else if (c === '$') {
        flush();
        parts.push(...this.parseDollar(true));
      } else if (c === '`') {
        flush();
        parts.push(this.parseBacktick(true));
      } else {
        buf += c;
        this.pos++;
      }
    }
    flush();
    // "" is an empty quoted word, not nothing
    if (parts.length === 0) parts.push({ t: 'lit', v: '', q: true });
    return parts;
  }

  private parseDollar(q: boolean): Word {
    const n = this.peek(1);
    if (n === '(' && this.peek(2) === '(') {
      // $(( arithmetic ))
      let depth = 0;
      let i = this.pos + 3;
      for (; i < this.src.length; i++) {
        const c = this.src[i];
        if (c === '(') depth++;
        else if (c === ')') {
          if (depth === 0) break;
          depth--;
        }
      }
      if (this.src[i] !== ')' || this.src[i + 1] !== ')') this.err("Missing '))'");
      const inner = this.src.slice(this.pos + 3, i);
      this.pos = i + 2;
      return [{ t: 'arith', expr: new Parser(inner).parseHeredocBody(), q }];
    }
    if (n === '(') {
      this.pos += 2;
      const body = this.parseList({ paren: true });
      this.skipNewlines();
      if (this.peek() !== ')') this.unexpected('expecting ")"');
      this.pos++;
      return [{ t: 'cmd', body, q }];
    }
    if (n === '{') {
      this.pos += 2;
      let op: string | undefined;
      if (this.peek() === '#' && this.peek(1) !== '}') {
        op = 'len';
        this.pos++;
      }
      const m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[?$#@*!-])/.exec(this.src.slice(this.pos));
      if (!m) this.err('Bad substitution');
      const name = m[1]!;
      this.pos += name.length;
      let arg: Word | undefined;
      if (op !== 'len') {
        const om = /^(:-|:=|:\+|:\?|##|%%|-|=|\+|\?|#|%)/.exec(this.src.slice(this.pos));
        if (om) {
          op = om[1]!;
          this.pos += op.length;
          arg = this.parseWord('}') ?? [];
        }
      }
      if (this.peek() !== '}') this.err('Bad substitution');
      this.pos++;
      return [{ t: 'param', name, q, op, arg }];
    }
    if (n !== undefined && /[?$#@*!0-9-]/.test(n)) {
      this.pos += 2;
      return [{ t: 'param', name: n, q }];
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.src.slice(this.pos + 1));
    if (m) {
      this.pos += 1 + m[0].length;
      return [{ t: 'param', name: m[0], q }];
    }
    this.pos++;
    return [{ t: 'lit', v: '$', q: true }];
  }

  private parseBacktick(q: boolean): WordPart {
    this.pos++;
    let text = '';
    for (;;) {
      const c = this.peek();
      if (c === undefined) this.err('EOF in backquote substitution');
      if (c === '`') {
        this.pos++;
        break;
      }
      if (c === '\\' && '$`\\'.includes(this.peek(1) ?? '')) {
        text += this.peek(1);
        this.pos += 2;
      } else {
        text += c;
        this.pos++;
      }
    }
    const inner = new Parser(text);
    const body = inner.parseList({});
    inner.expectEnd();
    return { t: 'cmd', body, q };
  }
}

function mergeLits(parts: Word): Word {
  const out: Word = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (p.t === 'lit' && last && last.t === 'lit' && last.q === p.q) last.v += p.v;
    else out.push(p.t === 'lit' ? { ...p } : p);
  }
  return out;
}
