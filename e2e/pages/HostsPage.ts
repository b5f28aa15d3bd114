// Page object for the hosts UI (issue 4): the add/edit dialog with ~/.ssh/config aliases,
// keyboard-interactive prompts, the passphrase prompt, and the host overview.
import { expect, type Locator, type Page } from '@playwright/test';
import { MainPage } from './MainPage';

export class HostsPage extends MainPage {
  constructor(page: Page) {
    super(page);
  }

  async openAddHost(): Promise<void> {
    await this.page.getByTestId('add-host').first().click();
    await expect(this.page.getByTestId('dialog-add-host')).toBeVisible();
  }

  /** Pick a ~/.ssh/config alias: the fields fill from it. */
  async pickAlias(alias: string): Promise<void> {
    const select = this.page.getByTestId('host-ssh-alias');
    await expect(select.locator('option', { hasText: alias }).first()).toBeAttached();
    await select.selectOption(alias);
  }

  jumpField(): Locator {
    return this.page.getByTestId('host-jump');
  }

  async save(): Promise<void> {
    await this.page.getByTestId('host-save').click();
  }

  /** Trust every unknown-key dialog that shows up within `ms` (hops, then the host). */
  async trustKeysUntilConnected(label: string, ms = 150000): Promise<void> {
    const end = Date.now() + ms;
    const state = this.hostState(label);
    while (Date.now() < end) {
      if (/^connected$/i.test((await state.textContent().catch(() => ''))?.trim() ?? '')) return;
      const trust = this.page.getByTestId('hostkey-trust');
      if (await trust.isVisible()) await trust.click({ timeout: 5000 }).catch(() => undefined);
      await this.page.waitForTimeout(200);
    }
    await expect(state).toHaveText(/^connected$/i, { timeout: 10000 });
  }

  /** The first poll through a real sshd can take a while on a loaded machine. */
  async waitForDomain(name: string, ms = 90000): Promise<void> {
    await expect(this.domainRow(name)).toBeVisible({ timeout: ms });
  }

  authPrompt(): Locator {
    return this.page.getByTestId('dialog-auth-prompt');
  }

  async answerAuthPrompt(answers: string[]): Promise<void> {
    const d = this.authPrompt();
    await expect(d).toBeVisible();
    for (const [i, a] of answers.entries()) await d.getByTestId(`auth-prompt-input-${i}`).fill(a);
    await d.getByTestId('auth-prompt-send').click();
  }

  async enterPassphrase(passphrase: string, remember = false): Promise<void> {
    const d = this.page.getByTestId('dialog-password');
    await expect(d).toBeVisible();
    await d.getByTestId('password-input').fill(passphrase);
    if (remember) await d.getByTestId('secret-remember').check();
    await d.getByTestId('password-input').press('Enter');
  }

  async openOverview(): Promise<void> {
    await this.page.getByTestId('host-tab-overview').click();
    await expect(this.page.getByTestId('host-overview')).toBeVisible();
  }
}
