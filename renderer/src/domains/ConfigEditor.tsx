// The xl.cfg editor: CodeMirror 6 with xl.cfg highlighting, line numbers, undo, and the problems
// found by configLint shown as underlines, gutter markers and hover tooltips offering the fix.
// The parent owns the problems (it also lists them); the editor only displays them.
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { bracketMatching, indentOnInput } from '@codemirror/language';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { EditorState } from '@codemirror/state';
import {
  EditorView,
  drawSelection,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
} from '@codemirror/view';
import { useEffect, useImperativeHandle, useRef, type Ref } from 'react';
import type { CfgProblem, TextChange } from './configLint';
import { xlcfgHighlight, xlcfgLanguage } from './xlcfgLanguage';

export interface ConfigEditorHandle {
  /** replace the whole text (reload); clears undo history */
  reset(text: string): void;
  /** one change, undoable */
  apply(change: TextChange): void;
  /** put the cursor at a 1-based line/col and scroll there */
  goto(line: number, col: number): void;
  focus(): void;
}

export interface ConfigEditorProps {
  ref?: Ref<ConfigEditorHandle>;
  initialText: string;
  problems: readonly CfgProblem[];
  onChange: (text: string) => void;
  onSave: () => void;
  onFix: (p: CfgProblem) => void;
  label: string;
  readOnly?: boolean;
}

const theme = EditorView.theme({
  '&': {
    height: '100%',
    fontSize: '12.5px',
    backgroundColor: 'var(--surface)',
    color: 'var(--text)',
  },
  '&.cm-focused': { outline: 'none' },
  '.cm-scroller': { fontFamily: 'var(--font-mono)', lineHeight: '1.55' },
  '.cm-content': { caretColor: 'var(--text)', padding: '6px 0' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--text)' },
  '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, ::selection':
    { backgroundColor: 'var(--cfg-selection)' },
  '.cm-gutters': {
    backgroundColor: 'var(--table-head)',
    color: 'var(--muted)',
    borderRight: '1px solid var(--border)',
  },
  '.cm-activeLine': { backgroundColor: 'var(--cfg-active-line)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--cfg-active-line)', color: 'var(--text)' },
  '.cm-lineNumbers .cm-gutterElement': { padding: '0 8px 0 10px', minWidth: '34px' },
  '.cm-tooltip': {
    backgroundColor: 'var(--surface-raised)',
    color: 'var(--text)',
    border: '1px solid var(--border-strong)',
    borderRadius: '6px',
    boxShadow: 'var(--shadow-md)',
  },
  '.cm-tooltip-lint': { padding: '2px 0', maxWidth: '560px' },
  '.cm-diagnostic': { padding: '6px 10px', fontFamily: 'var(--font)', whiteSpace: 'pre-wrap' },
  '.cm-diagnostic-error': { borderLeft: '4px solid var(--danger)' },
  '.cm-diagnostic-warning': { borderLeft: '4px solid var(--warn-bar)' },
  '.cm-diagnosticAction': {
    backgroundColor: 'var(--accent)',
    color: 'var(--on-accent)',
    borderRadius: '4px',
    padding: '2px 8px',
    font: 'inherit',
    fontWeight: '600',
  },
  '.cm-lintRange-error': {
    backgroundImage: 'none',
    textDecoration: 'underline wavy var(--danger)',
    textUnderlineOffset: '3px',
  },
  '.cm-lintRange-warning': {
    backgroundImage: 'none',
    textDecoration: 'underline wavy var(--warn-bar)',
    textUnderlineOffset: '3px',
  },
});

function toDiagnostics(
  problems: readonly CfgProblem[],
  docLength: number,
  onFix: (p: CfgProblem) => void,
): Diagnostic[] {
  return problems
    .filter((p) => p.from <= docLength)
    .map((p) => ({
      from: p.from,
      to: Math.min(p.to, docLength),
      severity: p.severity,
      message: p.xl ? `${p.message}\n${p.xl}` : p.message,
      source: 'xl',
      actions: p.fix ? [{ name: p.fix.label, apply: () => onFix(p) }] : undefined,
    }));
}

export function ConfigEditor(p: ConfigEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const cb = useRef(p);
  cb.current = p;

  const makeState = (text: string) =>
    EditorState.create({
      doc: text,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        highlightSpecialChars(),
        history(),
        drawSelection(),
        indentOnInput(),
        bracketMatching(),
        highlightActiveLine(),
        lintGutter(),
        xlcfgLanguage,
        xlcfgHighlight,
        theme,
        EditorState.tabSize.of(4),
        EditorState.readOnly.of(!!cb.current.readOnly),
        EditorView.contentAttributes.of({ 'aria-label': cb.current.label, 'data-testid': 'config-text' }),
        keymap.of([
          {
            key: 'Mod-s',
            preventDefault: true,
            run: () => {
              cb.current.onSave();
              return true;
            },
          },
          ...defaultKeymap,
          ...historyKeymap,
          indentWithTab,
        ]),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) cb.current.onChange(u.state.doc.toString());
        }),
      ],
    });

  useEffect(() => {
    const v = new EditorView({ state: makeState(p.initialText), parent: host.current! });
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
    // created once; later text comes through reset()/apply()
  }, []);

  useEffect(() => {
    const v = view.current;
    if (!v) return;
    v.dispatch(
      setDiagnostics(
        v.state,
        toDiagnostics(p.problems, v.state.doc.length, (x) => cb.current.onFix(x)),
      ),
    );
  }, [p.problems]);

  useImperativeHandle(
    p.ref,
    () => ({
      reset(text: string) {
        const v = view.current;
        if (!v) return;
        v.setState(makeState(text));
        cb.current.onChange(text);
      },
      apply(change: TextChange) {
        view.current?.dispatch({ changes: change, userEvent: 'input.fix' });
      },
      goto(line: number, col: number) {
        const v = view.current;
        if (!v) return;
        const l = v.state.doc.line(Math.max(1, Math.min(line, v.state.doc.lines)));
        const pos = Math.min(l.from + Math.max(0, col - 1), l.to);
        v.dispatch({ selection: { anchor: pos }, scrollIntoView: true });
        v.focus();
      },
      focus() {
        view.current?.focus();
      },
    }),
    [],
  );

  return <div className="config-editor" ref={host} data-testid="config-editor" />;
}
