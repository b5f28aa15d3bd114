// Page object for Preferences and the other desktop-feel parts (issue 9): the dialog's fields by
// their test ids, and the checks the i18n / a11y specs share (visible text, overflow, colours).
import { expect, type Locator, type Page } from '@playwright/test';

export type Lang = 'en' | 'ru' | 'it' | 'zh';

export class PreferencesPage {
  constructor(readonly page: Page) {}

  get dialog(): Locator {
    return this.page.getByTestId('dialog-preferences');
  }

  async open(): Promise<void> {
    await this.page.getByTestId('open-preferences').click();
    await expect(this.dialog).toBeVisible();
  }

  async save(): Promise<void> {
    await this.dialog.getByTestId('prefs-save').click();
    await expect(this.dialog).toBeHidden();
  }

  /** Switch the UI language through Preferences and wait for the page to be in it. */
  async setLanguage(lang: Lang): Promise<void> {
    await this.open();
    await this.dialog.getByTestId('pref-language').selectOption(lang);
    await this.save();
    await expect(this.page.locator('html')).toHaveAttribute('lang', lang === 'zh' ? 'zh-Hans' : lang);
  }

  async setTheme(theme: 'system' | 'light' | 'dark'): Promise<void> {
    await this.open();
    await this.dialog.getByTestId('pref-theme').selectOption(theme);
    await this.save();
  }

  /** The visible texts of the page: text nodes and the labels people read (title, aria-label, placeholder). */
  async visibleTexts(): Promise<string[]> {
    return this.page.evaluate(() => {
      const out = new Set<string>();
      const visible = (el: Element) => {
        const r = el.getBoundingClientRect();
        const s = getComputedStyle(el);
        return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
      };
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const text = n.textContent?.replace(/\s+/g, ' ').trim();
        const el = n.parentElement;
        if (!text || !el || el.closest('script, style, .xterm, .cm-content') || !visible(el)) continue;
        out.add(text);
      }
      for (const el of document.querySelectorAll('[title], [aria-label], [placeholder]')) {
        if (!visible(el)) continue;
        for (const a of ['title', 'aria-label', 'placeholder']) {
          const v = el.getAttribute(a)?.trim();
          if (v) out.add(v);
        }
      }
      for (const o of document.querySelectorAll('select option')) {
        const sel = o.closest('select');
        if (sel && visible(sel) && o.textContent?.trim()) out.add(o.textContent.trim());
      }
      return [...out];
    });
  }

  /** Elements whose content is wider than their box (cut off or scrolled away). */
  async overflowing(selectors: string[]): Promise<string[]> {
    return this.page.evaluate((sels) => {
      const out: string[] = [];
      for (const sel of sels)
        for (const el of document.querySelectorAll<HTMLElement>(sel)) {
          const r = el.getBoundingClientRect();
          if (r.width === 0 || r.height === 0) continue;
          if (el.scrollWidth > el.clientWidth + 1)
            out.push(
              `${sel} "${(el.innerText || el.getAttribute('aria-label') || '').trim().slice(0, 40)}" ${el.scrollWidth}>${el.clientWidth}`,
            );
        }
      return out;
    }, selectors);
  }

  /** Relative luminance (0 black … 1 white) of an element's computed background. */
  async backgroundLuminance(selector = 'body'): Promise<number> {
    return this.page.evaluate((sel) => {
      const c = getComputedStyle(document.querySelector(sel)!).backgroundColor;
      const [r, g, b] = (c.match(/[\d.]+/g) ?? ['255', '255', '255']).slice(0, 3).map(Number) as [
        number,
        number,
        number,
      ];
      const lin = (v: number) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    }, selector);
  }
}

/**
 * Keyboard-only helpers (issue 9's keyboard walk): Tab until the focused element matches, and
 * what has the focus now.
 */
export class Keyboard {
  constructor(readonly page: Page) {}

  async focused(): Promise<{ testId: string | null; role: string | null; name: string | null; tag: string }> {
    return this.page.evaluate(() => {
      const a = document.activeElement as HTMLElement | null;
      return {
        testId: a?.getAttribute('data-testid') ?? null,
        role: a?.getAttribute('role') ?? null,
        name: a?.getAttribute('data-name') ?? null,
        tag: a?.tagName.toLowerCase() ?? '',
      };
    });
  }

  /** Press Tab (at most `max` times) until the focused element matches `selector`. */
  async tabTo(selector: string, max = 40): Promise<void> {
    for (let i = 0; i < max; i++) {
      if (await this.page.evaluate((s) => !!document.activeElement?.matches(s), selector)) return;
      await this.page.keyboard.press('Tab');
    }
    throw new Error(`Tab never reached ${selector}; focus is on ${JSON.stringify(await this.focused())}`);
  }

  /** The focused element shows a focus ring (an outline, or the row's inset box-shadow). */
  async focusVisible(): Promise<boolean> {
    return this.page.evaluate(() => {
      const a = document.activeElement as HTMLElement | null;
      if (!a || !a.matches(':focus-visible')) return false;
      const s = getComputedStyle(a);
      if (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) return true;
      const cell = a.querySelector('td');
      const bg = s.backgroundColor;
      return (
        (cell !== null && getComputedStyle(cell).boxShadow !== 'none') ||
        (a.getAttribute('role')?.startsWith('menuitem') === true && bg !== 'rgba(0, 0, 0, 0)')
      );
    });
  }
}

/** Where the toolbar, sidebar, table headers, tabs and dialogs must not overflow. */
export const OVERFLOW_CHECKED = [
  '.toolbar',
  '.tb-btn',
  '.sidebar',
  '.host-list',
  '.domain-table th',
  '.sort-btn',
  '.host-tabs',
  '.details-tabs',
  '.domain-filter',
  '.statusbar',
  'dialog[open]',
  'dialog[open] .dialog-footer',
  'dialog[open] .btn',
];
