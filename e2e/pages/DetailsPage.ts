// Page object for the domain list's search/filter/groups and the Details view (issue 5).
// Tests speak in the admin's terms; this file knows the test ids and how to drive CodeMirror.
import { expect, type Locator, type Page } from '@playwright/test';

export type DetailsTab = 'overview' | 'performance' | 'hardware' | 'config';

export class DetailsPage {
  constructor(readonly page: Page) {}

  // ------------------------------------------------------------ the list

  get search(): Locator {
    return this.page.getByTestId('domain-search');
  }

  /** Names of the domain rows shown, in table order. */
  async visibleDomains(): Promise<string[]> {
    return this.page
      .locator('tr.domain-row')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name') ?? ''));
  }

  async expectVisibleDomains(names: string[]): Promise<void> {
    await expect.poll(() => this.visibleDomains()).toEqual(names);
  }

  async searchFor(text: string): Promise<void> {
    await this.search.fill(text);
  }

  /** Ctrl+F (Cmd+F on macOS) focuses the search box. */
  async focusSearchByKeyboard(): Promise<void> {
    await this.page
      .locator('body')
      .click({ position: { x: 5, y: 5 } })
      .catch(() => undefined);
    await this.page.keyboard.press('ControlOrMeta+f');
    await expect(this.search).toBeFocused();
  }

  async filterState(
    state: 'all' | 'running' | 'paused' | 'shut off' | 'shutdown' | 'crashed',
  ): Promise<void> {
    await this.page.getByTestId('filter-state').selectOption(state);
  }

  async filterType(type: 'all' | 'pv' | 'pvh' | 'hvm'): Promise<void> {
    await this.page.getByTestId('filter-type').selectOption(type);
  }

  async groupBy(by: 'none' | 'host' | 'tag'): Promise<void> {
    await this.page.getByTestId('group-by').selectOption(by);
  }

  async groupLabels(): Promise<string[]> {
    return this.page.getByTestId('domain-group').locator('.group-label').allInnerTexts();
  }

  async clearFilters(): Promise<void> {
    await this.page.getByTestId('filter-clear').first().click();
  }

  // ------------------------------------------------------------ details

  get details(): Locator {
    return this.page.getByTestId('domain-details');
  }

  async openWithButton(name: string): Promise<void> {
    await this.page.getByTestId(`domain-row-${name}`).first().click();
    await this.page.getByTestId('action-details').click();
    await expect(this.details).toHaveAttribute('data-domain', name);
  }

  async openWithDoubleClick(name: string): Promise<void> {
    await this.page.getByTestId(`domain-row-${name}`).first().dblclick();
    await expect(this.details).toHaveAttribute('data-domain', name);
  }

  async openWithEnter(name: string): Promise<void> {
    const row = this.page.getByTestId(`domain-row-${name}`).first();
    await row.click();
    await row.press('Enter');
    await expect(this.details).toHaveAttribute('data-domain', name);
  }

  async back(): Promise<void> {
    await this.page.getByTestId('details-back').click();
    await expect(this.details).toBeHidden();
  }

  async tab(tab: DetailsTab): Promise<Locator> {
    await this.page.getByTestId(`tab-${tab}`).click();
    await expect(this.page.getByTestId(`tab-${tab}`)).toHaveAttribute('aria-selected', 'true');
    const panel = this.page.getByTestId(`panel-${tab}`);
    await expect(panel).toBeVisible();
    return panel;
  }

  overview(field: string): Locator {
    return this.page.getByTestId(`overview-${field}`);
  }

  /** The number of samples a performance chart has drawn. */
  async chartSamples(chart: 'cpu' | 'memory' | 'disk' | 'net'): Promise<number> {
    return Number(await this.page.getByTestId(`perf-chart-${chart}`).getAttribute('data-samples'));
  }

  chartCanvas(chart: 'cpu' | 'memory' | 'disk' | 'net'): Locator {
    return this.page.getByTestId(`perf-chart-${chart}`).locator('canvas');
  }

  hwDisk(vdev: string): Locator {
    return this.page.getByTestId(`hw-disk-${vdev}`);
  }

  hwNic(index: number): Locator {
    return this.page.getByTestId(`hw-nic-${index}`);
  }

  // ------------------------------------------------------------ config editor

  get editor(): Locator {
    return this.page.getByTestId('config-editor');
  }

  /** The editor's text, exactly (CodeMirror's document, not the rendered lines). */
  async editorText(): Promise<string> {
    return this.page.evaluate(() => {
      const el = document.querySelector('[data-testid="config-editor"] .cm-content') as
        (HTMLElement & { cmView?: { view: { state: { doc: { toString(): string } } } } }) | null;
      const view = el?.cmView?.view;
      if (view) return view.state.doc.toString();
      return Array.from(document.querySelectorAll('[data-testid="config-editor"] .cm-line'))
        .map((l) => l.textContent ?? '')
        .join('\n');
    });
  }

  async waitForEditor(): Promise<void> {
    await expect(this.editor.locator('.cm-content')).toBeVisible();
  }

  /** Put the cursor at the very start of the file and type. */
  async typeAtStart(text: string): Promise<void> {
    await this.editor.locator('.cm-content').click();
    await this.page.keyboard.press('ControlOrMeta+Home');
    await this.page.keyboard.type(text);
  }

  async typeAtEnd(text: string): Promise<void> {
    await this.editor.locator('.cm-content').click();
    await this.page.keyboard.press('ControlOrMeta+End');
    await this.page.keyboard.type(text);
  }

  async save(): Promise<void> {
    await this.page.getByTestId('config-save').click();
  }

  diagnostics(): Locator {
    return this.page.getByTestId('config-diagnostic');
  }

  get conflict(): Locator {
    return this.page.getByTestId('config-conflict');
  }
}
