// The app's light/dark scheme (the system's or the user's choice, see ../theme.ts), for the few
// things drawn on a canvas that cannot use CSS variables directly.
import { useScheme } from '../theme';

export function useColorScheme(): 'light' | 'dark' {
  return useScheme();
}

/** Resolve a CSS custom property of the document (e.g. '--accent') to its current value. */
export function cssVar(name: string, fallback = '#888'): string {
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return v || fallback;
}
