// Page object for the "New domain" wizard (renderer/src/wizard): tests speak of steps, install
// sources, disks and NICs; this file knows the test ids.
import { expect, type Locator, type Page } from '@playwright/test';

export type StepId =
  'name' | 'type' | 'source' | 'resources' | 'storage' | 'network' | 'console' | 'behaviour' | 'summary';

export type SourceKind = 'cdrom' | 'upload' | 'network' | 'pxe' | 'import' | 'kernel';

export class WizardPage {
  constructor(readonly page: Page) {}

  get dialog(): Locator {
    return this.page.getByTestId('wizard');
  }

  field(testId: string): Locator {
    return this.page.getByTestId(testId);
  }

  /** The message next to a field (its FormField error). */
  errorOf(testId: string): Locator {
    return this.page.getByTestId(`${testId}-error`);
  }

  /** A field shows `message` next to it, linked for screen readers. */
  async expectFieldError(testId: string, message: RegExp | string): Promise<void> {
    const control = this.field(testId);
    const error = this.errorOf(testId);
    await expect(error).toContainText(message);
    await expect(control).toHaveAttribute('aria-invalid', 'true');
    const id = await error.getAttribute('id');
    await expect(control).toHaveAttribute('aria-describedby', new RegExp(`(^|\\s)${id}(\\s|$)`));
  }

  async open(): Promise<void> {
    await this.page.getByTestId('action-new-domain').click();
    await expect(this.field('wizard-name')).toBeVisible();
  }

  async expectStep(id: StepId): Promise<void> {
    await expect(this.page.getByTestId(`wizard-page-${id}`)).toBeVisible();
  }

  async forward(to?: StepId): Promise<void> {
    await this.field('wizard-forward').click();
    if (to) await this.expectStep(to);
  }

  async goToStep(id: StepId): Promise<void> {
    await this.field(`wizard-step-${id}`).click();
    await this.expectStep(id);
  }

  async name(name: string): Promise<void> {
    await this.field('wizard-name').fill(name);
  }

  async guestType(type: 'pv' | 'pvh' | 'hvm'): Promise<void> {
    await this.field(`wizard-type-${type}`).check();
  }

  async source(kind: SourceKind): Promise<void> {
    await this.field(`wizard-source-${kind}`).check();
  }

  /** In the host file browser: open `dir`, select `file` in it, choose it. */
  async browseTo(dir: string, file: string): Promise<void> {
    const b = this.page.getByTestId('host-browser');
    await expect(b.getByTestId('host-browser-list')).toBeVisible(); // the first listing is in
    await b.getByTestId('host-browser-path').fill(dir);
    await b.getByTestId('host-browser-go').click();
    await expect(b.getByTestId('host-browser-path')).toHaveValue(dir);
    await b.getByTestId(`host-browser-entry-${file}`).click();
    await b.getByTestId('host-browser-choose').click();
    await expect(b).toBeHidden();
  }

  async memory(amount: string, unit: 'MiB' | 'GiB' = 'MiB'): Promise<void> {
    await this.field('wizard-memory').fill(amount);
    await this.field('wizard-memory-unit').selectOption(unit);
  }

  disk(i: number): Locator {
    return this.page.getByTestId(`wizard-disk-${i}`);
  }

  /** Set disk `i` of the Storage step (adds disks as needed). */
  async setDisk(
    i: number,
    d:
      | { kind: 'file'; sizeGiB?: string; format?: 'raw' | 'qcow2'; name?: string }
      | { kind: 'lvm'; sizeGiB?: string; vg?: string; lv?: string }
      | { kind: 'existing'; path: string },
  ): Promise<void> {
    while ((await this.page.locator('[data-testid^="wizard-disk-"][data-vdev]').count()) <= i)
      await this.field('wizard-disk-add').click();
    const p = `wizard-disk-${i}`;
    await this.field(`${p}-kind`).selectOption(d.kind);
    if (d.kind === 'file') {
      if (d.format) await this.field(`${p}-format`).selectOption(d.format);
      if (d.name) await this.field(`${p}-name`).fill(d.name);
      if (d.sizeGiB) await this.field(`${p}-size`).fill(d.sizeGiB);
    } else if (d.kind === 'lvm') {
      if (d.vg) await this.field(`${p}-vg`).selectOption(d.vg);
      if (d.lv) await this.field(`${p}-lv`).fill(d.lv);
      if (d.sizeGiB) await this.field(`${p}-size`).fill(d.sizeGiB);
    } else {
      await this.field(`${p}-path`).fill(d.path);
    }
  }

  async removeAllDisks(): Promise<void> {
    while (await this.field('wizard-disk-0-remove').isVisible())
      await this.field('wizard-disk-0-remove').click();
  }

  async removeAllNics(): Promise<void> {
    while (await this.field('wizard-nic-0-remove').isVisible())
      await this.field('wizard-nic-0-remove').click();
  }

  /** Forward through the remaining steps to the summary. */
  async toSummary(): Promise<void> {
    for (let i = 0; i < 9; i++) {
      if (await this.page.getByTestId('wizard-page-summary').isVisible()) return;
      await this.forward();
    }
    await this.expectStep('summary');
  }

  get check(): Locator {
    return this.field('wizard-check');
  }

  async expectChecked(status: 'ok' | 'refused' = 'ok'): Promise<void> {
    await expect(this.check).toHaveAttribute('data-status', status, { timeout: 60_000 });
  }

  /** The config in the summary's editor, as the user sees it. */
  async configText(): Promise<string> {
    return this.page
      .getByTestId('wizard')
      .locator('.cm-content .cm-line')
      .evaluateAll((lines) => lines.map((l) => (l.textContent ?? '').replace(/\u00a0/g, ' ')).join('\n'));
  }

  /** Replace the config text in the summary's editor. */
  async setConfig(text: string): Promise<void> {
    const editor = this.page.getByTestId('wizard').getByTestId('config-text');
    await editor.click();
    await this.page.keyboard.press('ControlOrMeta+a');
    await this.page.keyboard.insertText(text);
  }

  async checkAgain(): Promise<void> {
    await this.field('wizard-check-again').click();
  }

  async create(): Promise<void> {
    await expect(this.field('wizard-create')).toBeEnabled({ timeout: 60_000 });
    await this.field('wizard-create').click();
  }

  /** Create and wait until the wizard has closed (success). */
  async createAndClose(): Promise<void> {
    await this.create();
    const failed = this.page.getByTestId('wizard-create-failed');
    const end = Date.now() + 120_000;
    while (await this.dialog.isVisible()) {
      // a failure says why (xl's words) instead of a bare timeout
      if (await failed.isVisible()) throw new Error(`create failed:\n${await failed.innerText()}`);
      if (Date.now() > end) throw new Error('the wizard did not close within 2 minutes');
      await this.page.waitForTimeout(500);
    }
  }
}
