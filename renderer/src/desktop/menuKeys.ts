// Keyboard for a role="menu" list (issue 9, WAI-ARIA menu pattern): the arrow keys, Home and End
// move between the enabled items, Escape and Tab close it (Escape returns focus to the opener).
import type { KeyboardEvent } from 'react';

const ITEMS = '[role^="menuitem"]:not(:disabled)';

export function focusFirstItem(menu: HTMLElement | null): void {
  menu?.querySelector<HTMLElement>(ITEMS)?.focus();
}

export function menuKeyDown(e: KeyboardEvent<HTMLElement>, close: (refocus: boolean) => void): void {
  const items = [...e.currentTarget.querySelectorAll<HTMLElement>(ITEMS)];
  const i = items.indexOf(document.activeElement as HTMLElement);
  let next: number | null = null;
  if (e.key === 'ArrowDown') next = i < 0 ? 0 : (i + 1) % items.length;
  else if (e.key === 'ArrowUp') next = i <= 0 ? items.length - 1 : i - 1;
  else if (e.key === 'Home') next = 0;
  else if (e.key === 'End') next = items.length - 1;
  else if (e.key === 'Escape') {
    e.preventDefault();
    e.stopPropagation();
    close(true);
    return;
  } else if (e.key === 'Tab') {
    close(false);
    return;
  }
  if (next === null || items.length === 0) return;
  e.preventDefault();
  items[next]?.focus();
}
