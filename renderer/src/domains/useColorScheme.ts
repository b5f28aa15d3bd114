// The system's light/dark setting (theme.css follows it with prefers-color-scheme), for the few
// things drawn on a canvas that cannot use CSS variables directly.
import { useSyncExternalStore } from 'react';

const query = () => globalThis.matchMedia?.('(prefers-color-scheme: dark)');

function subscribe(cb: () => void): () => void {
  const mq = query();
  mq?.addEventListener('change', cb);
  return () => mq?.removeEventListener('change', cb);
}

export function useColorScheme(): 'light' | 'dark' {
  return useSyncExternalStore(
    subscribe,
    () => (query()?.matches ? 'dark' : 'light'),
    () => 'light',
  );
}

/** Resolve a CSS custom property of the document (e.g. '--accent') to its current value. */
export function cssVar(name: string, fallback = '#888'): string {
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return v || fallback;
}
