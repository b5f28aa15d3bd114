// Page object for the lifecycle actions (issue 5): the toolbar buttons, the "Actions" menu and
// its dialogs. Tests speak in the admin's terms; this file knows the test ids.
import { expect, type Locator, type Page } from '@playwright/test';

export type MenuVerb =
  | 'save'
  | 'restore'
  | 'resources'
  | 'rename'
  | 'autostart'
  | 'migrate'
  | 'clone'
  | 'delete'
  | 'devices'
  | 'cd';

export class DomainActions {
  /** `timeout`: how long a dialog may take to finish (a real Xen under TCG needs minutes, the sim seconds) */
  constructor(
    readonly page: Page,
    readonly opts: { timeout?: number } = {},
  ) {}

  private get timeout(): number {
    return this.opts.timeout ?? 30_000;
  }

  dialog(name: string): Locator {
    return this.page.getByTestId(`dialog-${name}`);
  }

  async button(verb: 'start' | 'shutdown' | 'reboot' | 'destroy' | 'pause' | 'unpause'): Promise<void> {
    const b = this.page.getByTestId(`action-${verb}`);
    await expect(b).toBeEnabled();
    await b.click();
  }

  async menu(verb: MenuVerb): Promise<void> {
    await this.page.getByTestId('action-more').click();
    const item = this.page.getByTestId(`action-${verb}`);
    await expect(item).toBeEnabled();
    await item.click();
  }

  /** Fill a dialog field by its stable test id. */
  async fill(testId: string, value: string): Promise<void> {
    await this.page.getByTestId(testId).fill(value);
  }

  /** Click the dialog's OK button and wait for the dialog to close (success). */
  async ok(dialog: string, okTestId: string, timeout = this.timeout): Promise<void> {
    await this.page.getByTestId(okTestId).click();
    await expect(this.dialog(dialog)).toBeHidden({ timeout });
  }

  async save(file?: string): Promise<void> {
    await this.menu('save');
    if (file !== undefined) await this.fill('save-file', file);
    await this.page.getByTestId('save-ok').click();
    // the progress bar shows while the file grows
    await expect(this.page.getByTestId('task-progress')).toBeVisible();
    await expect(this.dialog('save')).toBeHidden({ timeout: this.timeout });
  }

  async restore(file: string): Promise<void> {
    await this.menu('restore');
    await expect(this.dialog('restore').getByText(file)).toBeVisible();
    await this.fill('restore-file', file);
    await this.ok('restore', 'restore-ok');
  }

  async setResources(v: {
    memory?: number;
    maxmem?: number;
    vcpus?: number;
    weight?: number;
    cap?: number;
  }): Promise<void> {
    await this.menu('resources');
    await expect(this.page.getByTestId('res-memory')).toBeVisible();
    for (const [k, n] of Object.entries(v)) if (n !== undefined) await this.fill(`res-${k}`, String(n));
    await this.ok('resources', 'res-ok');
  }

  async rename(newName: string): Promise<void> {
    await this.menu('rename');
    await this.fill('rename-name', newName);
    await this.ok('rename', 'rename-ok');
  }

  async clone(newName: string): Promise<void> {
    await this.menu('clone');
    await expect(this.page.getByTestId('clone-copies')).toBeVisible();
    await this.fill('clone-name', newName);
    await this.ok('clone', 'clone-ok', Math.max(120_000, this.timeout));
  }

  async migrate(targetLabel: string): Promise<void> {
    await this.menu('migrate');
    const select = this.page.getByTestId('migrate-target');
    const value = await select.locator('option', { hasText: targetLabel }).getAttribute('value');
    await select.selectOption(value!);
    await this.ok('migrate', 'migrate-ok', Math.max(120_000, this.timeout));
  }

  /** Delete, checking the disk images listed with these paths. */
  async delete(disks: string[]): Promise<void> {
    await this.menu('delete');
    const d = this.dialog('delete');
    await expect(d.getByTestId('delete-config')).toBeVisible();
    for (const p of disks) await d.locator(`input[data-path="${p}"]`).check();
    if (disks.length) {
      // disk images: asked once more (the "delete storage" confirmation of Preferences, issue 9)
      await d.getByTestId('delete-ok').click();
      await this.page.getByTestId('confirm-ok').click();
      await expect(d).toBeHidden({ timeout: Math.max(60_000, this.timeout) });
      return;
    }
    await this.ok('delete', 'delete-ok');
  }
}
