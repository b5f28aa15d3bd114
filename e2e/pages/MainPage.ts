// Page object for XenDesk's main window. Tests speak in the admin's terms; this file
// knows the test ids. The same object serves the web-mode (Chromium) and Electron drivers.
import { expect, type Locator, type Page } from '@playwright/test';

export interface HostForm {
  label: string;
  address: string;
  port: number;
  user: string;
  auth: 'agent' | 'key' | 'password';
  keyPath?: string;
}

export class MainPage {
  constructor(readonly page: Page) {}

  host(label: string): Locator {
    return this.page.getByTestId(`host-item-${label}`);
  }

  hostState(label: string): Locator {
    return this.host(label).getByTestId('host-state');
  }

  domainRow(name: string): Locator {
    return this.page.getByTestId(`domain-row-${name}`);
  }

  async tryDemoHost(): Promise<void> {
    await this.page.getByTestId('demo-host').first().click();
  }

  /** The unknown-key dialog: returns the fingerprint it shows. */
  async hostKeyFingerprint(): Promise<string> {
    const dialog = this.page.getByTestId('dialog-hostkey');
    await expect(dialog).toBeVisible();
    return (await dialog.getByTestId('hostkey-fingerprint').innerText()).trim();
  }

  async trustHostKey(): Promise<void> {
    await this.page.getByTestId('hostkey-trust').click();
    await expect(this.page.getByTestId('dialog-hostkey')).toBeHidden();
  }

  async addHost(form: HostForm): Promise<void> {
    await this.page.getByTestId('add-host').first().click();
    await this.page.getByTestId('host-label').fill(form.label);
    await this.page.getByTestId('host-address').fill(form.address);
    await this.page.getByTestId('host-port').fill(String(form.port));
    await this.page.getByTestId('host-user').fill(form.user);
    await this.page.getByTestId('host-auth').selectOption(form.auth);
    if (form.keyPath) await this.page.getByTestId('host-keypath').fill(form.keyPath);
    await this.page.getByTestId('host-save').click();
  }

  async enterPassword(password: string): Promise<void> {
    await this.page.getByTestId('password-input').fill(password);
    await this.page.getByTestId('password-input').press('Enter');
  }

  async expectDomain(
    name: string,
    want: { state?: string; memory?: RegExp | string; vcpus?: RegExp | string; type?: string },
  ) {
    const row = this.domainRow(name);
    await expect(row).toBeVisible();
    if (want.state) await expect(row).toHaveAttribute('data-state', want.state);
    if (want.memory) await expect(row.getByTestId('cell-memory')).toContainText(want.memory);
    if (want.vcpus) await expect(row.getByTestId('cell-vcpus')).toContainText(want.vcpus);
    if (want.type) await expect(row.getByTestId('cell-type')).toHaveText(want.type);
  }

  async selectDomain(name: string): Promise<void> {
    await this.domainRow(name).click();
  }

  async action(name: 'pause' | 'unpause' | 'shutdown' | 'reboot' | 'destroy'): Promise<void> {
    await this.page.getByTestId(`action-${name}`).click();
  }

  /** Connect the selected host (toolbar). */
  async connect(): Promise<void> {
    await this.page.getByTestId('action-connect').click();
  }

  async confirm(): Promise<void> {
    await this.page.getByTestId('confirm-ok').click();
  }
}
