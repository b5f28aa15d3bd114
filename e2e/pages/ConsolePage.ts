// Page object for a serial console view (the main window's dock or a pop-out window).
// It reads the terminal the way a screen reader does: xterm's DOM rows (screenReaderMode).
import { expect, type Locator, type Page } from '@playwright/test';

export class ConsolePage {
  readonly view: Locator;

  constructor(
    readonly page: Page,
    domain?: string,
  ) {
    this.view = domain
      ? page.locator(`[data-testid="console-view"][data-domain="${domain}"]`)
      : page.getByTestId('console-view');
  }

  /** Open the console of the selected domain from the main toolbar. */
  static async openFromToolbar(page: Page, domain: string): Promise<ConsolePage> {
    await page.getByTestId('action-console').click();
    const c = new ConsolePage(page, domain);
    await expect(c.view).toBeVisible();
    return c;
  }

  get screen(): Locator {
    return this.view.getByTestId('console-screen');
  }

  get status(): Locator {
    return this.view.getByTestId('console-status');
  }

  /** The visible rows of the terminal, one line each. */
  async screenText(): Promise<string> {
    return this.screen
      .locator('.xterm-rows')
      .evaluate((el) =>
        [...el.children].map((row) => (row.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd()).join('\n'),
      );
  }

  async expectScreen(re: RegExp, timeout = 15000): Promise<void> {
    await expect
      .poll(() => this.screenText(), { timeout, message: `console screen should match ${re}` })
      .toMatch(re);
  }

  async expectStatus(
    status: 'attaching' | 'attached' | 'reattaching' | 'detached' | 'failed',
    timeout = 15000,
  ) {
    await expect(this.status).toHaveAttribute('data-status', status, { timeout });
  }

  async domid(): Promise<number> {
    return Number(await this.status.getAttribute('data-domid'));
  }

  async focus(): Promise<void> {
    await this.screen.click();
  }

  /** Type as a user does (the guest echoes; Enter is "\r"). */
  async type(text: string): Promise<void> {
    await this.focus();
    await this.page.keyboard.type(text);
  }

  /** Enter in the terminal (focused first, as type() does: a click on a button elsewhere takes the keys). */
  async enter(): Promise<void> {
    await this.focus();
    await this.page.keyboard.press('Enter');
  }

  async run(command: string): Promise<void> {
    await this.type(command);
    await this.enter();
  }

  async size(): Promise<{ cols: number; rows: number }> {
    const cols = Number(await this.view.getAttribute('data-cols'));
    const rows = Number(await this.view.getAttribute('data-rows'));
    return { cols, rows };
  }

  async pressCtrlBracket(): Promise<void> {
    await this.focus();
    await this.page.keyboard.press('Control+BracketRight');
  }

  async detach(): Promise<void> {
    await this.view.getByTestId('console-detach').click();
  }

  async reattach(): Promise<void> {
    await this.view.getByTestId('console-reattach').click();
  }

  async maximize(): Promise<void> {
    const b = this.view.getByTestId('console-maximize');
    if ((await b.getAttribute('aria-pressed')) !== 'true') await b.click();
    await expect(b).toHaveAttribute('aria-pressed', 'true');
  }

  async fontSize(): Promise<number> {
    return Number(await this.view.getByTestId('console-font-size').innerText());
  }
}
