// Syntax highlighting for xl.cfg (xl's grammar: KEY = VALUE | KEY += VALUE, values are '…'/"…"
// strings, numbers, or [ … ] lists; `#` comments; `;` or a line end ends a statement), as a
// CodeMirror StreamLanguage. Things xl rejects (typographic quotes, backslash continuations,
// Python's True/False, Upper_Case keys) are tokens of their own so they stand out.
import { HighlightStyle, StreamLanguage, syntaxHighlighting, type StringStream } from '@codemirror/language';
import { tags } from '@lezer/highlight';

interface XlCfgState {
  /** at a statement start: the next word is a key */
  expectKey: boolean;
  /** [ … ] nesting; lists may span lines */
  depth: number;
}

const TYPO_QUOTES = '“”‘’';

function readString(stream: StringStream, quote: string): void {
  let escaped = false;
  for (;;) {
    const c = stream.next();
    if (c === undefined) return; // unterminated: xl reports it, the marker says so
    if (escaped) escaped = false;
    else if (c === '\\') escaped = true;
    else if (c === quote) return;
  }
}

export const xlcfgStreamParser = {
  name: 'xlcfg',
  startState: (): XlCfgState => ({ expectKey: true, depth: 0 }),
  copyState: (s: XlCfgState): XlCfgState => ({ ...s }),
  token(stream: StringStream, state: XlCfgState): string | null {
    if (stream.sol() && state.depth === 0) state.expectKey = true;
    if (stream.eatSpace()) return null;
    const c = stream.peek()!;
    if (c === '#') {
      stream.skipToEnd();
      return 'comment';
    }
    if (c === '"' || c === "'") {
      stream.next();
      readString(stream, c);
      state.expectKey = false;
      return 'string';
    }
    if (TYPO_QUOTES.includes(c)) {
      stream.next();
      stream.eatWhile((ch) => !TYPO_QUOTES.includes(ch));
      stream.eat(/[“”‘’]/);
      return 'invalid';
    }
    if (c === '\\' && stream.match(/^\\[ \t]*$/)) return 'invalid'; // xm's line continuation
    if (stream.match('+=') || stream.eat('=')) {
      state.expectKey = false;
      return 'operator';
    }
    if (c === ';') {
      stream.next();
      if (state.depth === 0) state.expectKey = true;
      return 'punctuation';
    }
    if (c === '[' || c === ']') {
      stream.next();
      state.depth = Math.max(0, state.depth + (c === '[' ? 1 : -1));
      return 'squareBracket';
    }
    if (c === ',') {
      stream.next();
      return 'separator';
    }
    if (stream.match(/^[0-9][0-9a-fx]*(?![A-Za-z0-9_.])/)) return 'number';
    if (state.expectKey && stream.match(/^[a-z][_0-9a-z]*(?![A-Za-z0-9_])/)) {
      state.expectKey = false;
      return 'propertyName';
    }
    if (stream.match(/^(True|False|None)\b/)) return 'invalid';
    if (!stream.match(/^[^\s#"'=,;[\]]+/)) stream.next();
    return 'invalid';
  },
  languageData: { commentTokens: { line: '#' } },
};

export const xlcfgLanguage = StreamLanguage.define(xlcfgStreamParser);

/** Colours come from theme.css variables, so light and dark follow the app's theme. */
export const xlcfgHighlight = syntaxHighlighting(
  HighlightStyle.define([
    { tag: tags.comment, color: 'var(--cfg-comment)', fontStyle: 'italic' },
    { tag: tags.string, color: 'var(--cfg-string)' },
    { tag: tags.number, color: 'var(--cfg-number)' },
    { tag: tags.propertyName, color: 'var(--cfg-key)', fontWeight: '600' },
    { tag: [tags.operator, tags.separator, tags.punctuation], color: 'var(--cfg-punct)' },
    { tag: tags.squareBracket, color: 'var(--cfg-bracket)', fontWeight: '600' },
    { tag: tags.invalid, color: 'var(--danger)', textDecoration: 'underline wavy' },
  ]),
);
