// Keeps every toolbar button on screen whatever the language and window width (issue 9): when the
// toolbar overflows, the labels of the less important buttons turn into tooltips (icon only, the
// label still read by screen readers), one level at a time, until it fits. Wider again → start over.
import { useCallback, useLayoutEffect, useRef, useState } from 'react';

/** 1: the `md` buttons, 2: + the `sm` ones, 3: every label. */
export const MAX_LEVEL = 3;

export function useToolbarFit(): { ref: (el: HTMLElement | null) => void; level: number } {
  const [level, setLevel] = useState(0);
  const el = useRef<HTMLElement | null>(null);
  const width = useRef(0);

  // after every render: still too wide → one more level (the next render measures again)
  useLayoutEffect(() => {
    const t = el.current;
    if (t && level < MAX_LEVEL && t.scrollWidth > t.clientWidth + 1) setLevel(level + 1);
  });

  const observer = useRef<ResizeObserver | null>(null);
  const ref = useCallback((node: HTMLElement | null) => {
    observer.current?.disconnect();
    el.current = node;
    if (!node || typeof ResizeObserver === 'undefined') return;
    width.current = node.clientWidth;
    observer.current = new ResizeObserver(() => {
      // grown: maybe the labels fit again
      if (node.clientWidth > width.current) setLevel(0);
      width.current = node.clientWidth;
    });
    observer.current.observe(node);
  }, []);
  return { ref, level };
}
