// Issue 9: keyboard-only use and screen-reader states, the domain context menu, the shortcuts and
// the dark theme. The walk never touches the mouse: add the demo host, trust its key, move
// through the domain list, open the details, switch tabs, go back, open the serial console from
// the row's context menu (Shift+F10).
import { expect, test } from './fixtures';
import { ConsolePage } from './pages/ConsolePage';
import { MainPage } from './pages/MainPage';
import { Keyboard, PreferencesPage } from './pages/PreferencesPage';

test('keyboard only: demo host, domain list, details tabs, console', async ({ xendesk }, testInfo) => {
  const { page } = xendesk;
  const kb = new Keyboard(page);

  // the welcome panel's "Try the demo host", then the host key dialog's "Trust and connect"
  await expect(page.getByTestId('welcome-demo')).toBeVisible();
  await kb.tabTo('[data-testid="welcome-demo"]');
  expect(await kb.focusVisible()).toBe(true);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('dialog-hostkey')).toBeVisible();
  await kb.tabTo('[data-testid="hostkey-trust"]');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('domain-row-pvdisk')).toBeVisible();
  // the connection state was announced for screen readers
  await expect(page.getByTestId('live-host-state')).toContainText(/connected/);

  // into the grid: the rows are one tab stop, the arrow keys move the selection
  await kb.tabTo('tr.domain-row');
  expect(await kb.focusVisible()).toBe(true);
  const first = (await kb.focused()).name;
  await page.keyboard.press('ArrowDown');
  const second = (await kb.focused()).name;
  expect(second).not.toBe(first);
  await expect(page.getByTestId(`domain-row-${second}`)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Home');
  expect((await kb.focused()).name).toBe(first);
  // walk to pvdisk (running: it has a console)
  for (let i = 0; i < 10 && (await kb.focused()).name !== 'pvdisk'; i++)
    await page.keyboard.press('ArrowDown');
  expect((await kb.focused()).name).toBe('pvdisk');

  // Enter opens the details; the tabs follow the arrow keys
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('domain-details')).toBeVisible();
  await kb.tabTo('[role="tab"][aria-selected="true"]');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('tab-performance')).toHaveAttribute('aria-selected', 'true');
  expect((await kb.focused()).testId).toBe('tab-performance');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('tab-hardware')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('panel-hardware')).toBeVisible();
  await page.keyboard.press('End');
  await expect(page.getByTestId('tab-config')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Home');
  await expect(page.getByTestId('tab-overview')).toHaveAttribute('aria-selected', 'true');
  await page.screenshot({ path: testInfo.outputPath('keyboard-details.png') });
  // Escape goes back to the list
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('domain-details')).toBeHidden();

  // the row's context menu from the keyboard: Shift+F10, arrows, Enter
  await kb.tabTo('tr.domain-row');
  for (let i = 0; i < 10 && (await kb.focused()).name !== 'pvdisk'; i++)
    await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Shift+F10');
  const menu = page.getByTestId('domain-context-menu');
  await expect(menu).toBeVisible();
  expect((await kb.focused()).testId).toBe('ctx-details');
  await page.screenshot({ path: testInfo.outputPath('keyboard-context-menu.png') });
  for (let i = 0; i < 20 && (await kb.focused()).testId !== 'ctx-console'; i++)
    await page.keyboard.press('ArrowDown');
  expect((await kb.focused()).testId).toBe('ctx-console');
  expect(await kb.focusVisible()).toBe(true);
  await page.keyboard.press('Enter');
  await expect(menu).toBeHidden();
  const con = new ConsolePage(page, 'pvdisk');
  await expect(con.view).toBeVisible();
  await con.expectStatus('attached', 30_000);
  await page.screenshot({ path: testInfo.outputPath('keyboard-console.png') });

  // Escape on a context menu returns the focus to its row
  await page.getByTestId('domain-row-db01').focus();
  await page.keyboard.press('ContextMenu');
  await expect(menu).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  expect((await kb.focused()).name).toBe('db01');
});

test('shortcuts, the context menu and About', async ({ xendesk }) => {
  const { page } = xendesk;
  const ui = new MainPage(page);
  await ui.tryDemoHost();
  await ui.hostKeyFingerprint();
  await ui.trustHostKey();
  await ui.expectDomain('pvdisk', { state: 'blocked' });

  // Ctrl+, opens Preferences (web mode: the renderer's handler; desktop: the menu)
  await page.getByTestId('domain-row-pvdisk').click();
  await page.keyboard.press('Control+,');
  await expect(page.getByTestId('dialog-preferences')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('dialog-preferences')).toBeHidden();
  // Ctrl+F finds a domain
  await page.keyboard.press('Control+f');
  await expect(page.getByTestId('domain-search')).toBeFocused();
  await page.keyboard.press('Escape');

  // right click: the same actions as the toolbar, enabled the same way
  await page.getByTestId('domain-row-pvdisk').click({ button: 'right' });
  const menu = page.getByTestId('domain-context-menu');
  await expect(menu).toBeVisible();
  await expect(menu.getByTestId('ctx-start')).toBeDisabled();
  await expect(page.getByTestId('action-start')).toBeDisabled();
  await expect(menu.getByTestId('ctx-pause')).toBeEnabled();
  await menu.getByTestId('ctx-pause').click();
  await ui.expectDomain('pvdisk', { state: 'paused' });
  await page.getByTestId('domain-row-pvdisk').click({ button: 'right' });
  await menu.getByTestId('ctx-unpause').click();
  await ui.expectDomain('pvdisk', { state: 'blocked' });

  // Force off asks first, unless Preferences say not to
  await page.getByTestId('domain-row-pvdisk').click({ button: 'right' });
  await menu.getByTestId('ctx-destroy').click();
  await expect(page.getByTestId('dialog-confirm')).toBeVisible();
  await page.getByTestId('confirm-cancel').click();
  const prefs = new PreferencesPage(page);
  await prefs.open();
  await prefs.dialog.getByTestId('pref-confirm-force-off').uncheck();
  await prefs.save();
  await page.getByTestId('domain-row-pvdisk').click({ button: 'right' });
  await menu.getByTestId('ctx-destroy').click();
  await expect(page.getByTestId('dialog-confirm')).toHaveCount(0);
  await ui.expectDomain('pvdisk', { state: 'shut off' });
});

test('About shows the versions from getAppInfo', async ({ xendesk }) => {
  const { page } = xendesk;
  // Help → About in the desktop menu; the status bar's version in both modes
  await page.getByTestId('status-version').click();
  const about = page.getByTestId('dialog-about');
  await expect(about).toBeVisible();
  const versions = about.getByTestId('about-versions');
  await expect(versions).toContainText(/0\.\d+\.\d+/);
  await expect(versions).toContainText(/Chromium\s*\d+/);
  await expect(versions).toContainText(/web/);
  // the modal holds the keyboard
  expect(await page.evaluate(() => !!document.activeElement?.closest('[data-testid="dialog-about"]'))).toBe(
    true,
  );
  await page.keyboard.press('Escape');
  await expect(about).toBeHidden();
});

test('dark theme: follows the system, and the preference overrides it', async ({ xendesk }, testInfo) => {
  const { page } = xendesk;
  const ui = new MainPage(page);
  const prefs = new PreferencesPage(page);
  await page.emulateMedia({ colorScheme: 'dark' });
  await ui.tryDemoHost();
  await ui.hostKeyFingerprint();
  await ui.trustHostKey();
  await ui.expectDomain('pvdisk', { state: 'blocked' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await prefs.backgroundLuminance('body')).toBeLessThan(0.05);
  expect(await prefs.backgroundLuminance('.domain-table td')).toBeLessThan(0.05);
  await page.getByTestId('domain-row-pvdisk').click();
  await page.screenshot({ path: testInfo.outputPath('dark-main.png') });

  await page.getByTestId('domain-row-pvdisk').dblclick();
  await expect(page.getByTestId('domain-details')).toBeVisible();
  await page.getByTestId('tab-performance').click();
  await page.screenshot({ path: testInfo.outputPath('dark-performance.png') });
  await page.getByTestId('tab-config').click();
  await expect(page.locator('.cm-editor')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('dark-config.png') });
  await page.getByTestId('details-back').click();

  await page.getByTestId('action-console').click();
  const con = new ConsolePage(page, 'pvdisk');
  await con.expectStatus('attached', 30_000);
  await page.screenshot({ path: testInfo.outputPath('dark-console.png') });

  // the other screens: host overview, the host dialog, the wizard (where this build has it)
  await page.getByTestId('host-tab-overview').click();
  await expect(page.getByTestId('host-tab-overview')).toHaveAttribute('aria-selected', 'true');
  await page.waitForTimeout(1500); // a few samples in the graphs
  await page.screenshot({ path: testInfo.outputPath('dark-host-overview.png') });
  await page.getByTestId('host-tab-domains').click();
  await page.getByTestId('add-host').click();
  await expect(page.locator('dialog[open]')).toBeVisible();
  expect(await prefs.backgroundLuminance('dialog[open]')).toBeLessThan(0.05);
  await page.screenshot({ path: testInfo.outputPath('dark-add-host.png') });
  await page.keyboard.press('Escape');
  await expect(page.locator('dialog[open]')).toHaveCount(0);
  const newDomain = page.getByTestId('action-new-domain');
  if (await newDomain.count()) {
    await newDomain.click();
    await expect(page.getByTestId('wizard-heading')).toBeVisible();
    await page.getByTestId('wizard-name').fill('web01');
    await page.getByTestId('wizard-forward').click();
    await page.screenshot({ path: testInfo.outputPath('dark-wizard.png') });
    expect(await prefs.backgroundLuminance('dialog[open]')).toBeLessThan(0.05);
    await page.getByTestId('wizard-cancel').click();
    // a dirty wizard asks before discarding
    const discard = page.getByTestId('confirm-ok');
    if (await discard.count()) await discard.click();
    await expect(page.getByTestId('wizard-heading')).toBeHidden();
  }

  await prefs.open();
  await page.screenshot({ path: testInfo.outputPath('dark-preferences.png') });
  expect(await prefs.backgroundLuminance('dialog[open]')).toBeLessThan(0.05);
  // the preference beats the system: light while the system is dark…
  await prefs.dialog.getByTestId('pref-theme').selectOption('light');
  await prefs.save();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  expect(await prefs.backgroundLuminance('body')).toBeGreaterThan(0.8);
  // …and dark while the system is light
  await page.emulateMedia({ colorScheme: 'light' });
  await prefs.setTheme('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await prefs.backgroundLuminance('body')).toBeLessThan(0.05);
  await page.screenshot({ path: testInfo.outputPath('dark-forced.png') });
});
