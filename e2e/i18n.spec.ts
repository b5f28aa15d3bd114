// Issue 9: the four languages, switched through Preferences. For each one the main window (with
// the demo host connected), the Preferences dialog and the create wizard's first steps are
// screenshot into the test output, and checked: no English string left that has a translation,
// no key name shown instead of a text, nothing cut off in the toolbar, sidebar, table headers,
// tabs or dialogs.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { allKeys, loadStringModules, untranslatedMatchers } from './i18nTables';
import { MainPage } from './pages/MainPage';
import { OVERFLOW_CHECKED, PreferencesPage, type Lang } from './pages/PreferencesPage';

const MODULES = loadStringModules();
const KEYS = allKeys(MODULES);

async function textProblems(prefs: PreferencesPage, lang: Lang): Promise<string[]> {
  const texts = await prefs.visibleTexts();
  const problems: string[] = [];
  for (const text of texts) if (KEYS.has(text)) problems.push(`key name shown: ${text}`);
  if (lang !== 'en') {
    const matchers = untranslatedMatchers(MODULES, lang);
    for (const text of texts) {
      const hit = matchers.find((m) => m.re.test(text));
      if (hit) problems.push(`untranslated (${hit.key}): ${text}`);
    }
  }
  return problems;
}

async function check(page: Page, prefs: PreferencesPage, lang: Lang, what: string, shot: string) {
  await page.screenshot({ path: shot });
  expect(await textProblems(prefs, lang), `${what} in ${lang}`).toEqual([]);
  expect(await prefs.overflowing(OVERFLOW_CHECKED), `${what} in ${lang}: overflow`).toEqual([]);
}

test('the text check itself catches English and key names', () => {
  // guards the guard: an English sentence, a templated one and a key must be flagged; names not
  const ru = untranslatedMatchers(MODULES, 'ru');
  const flagged = (s: string) => ru.some((m) => m.re.test(s));
  expect(flagged('Connect to the selected host')).toBe(true);
  expect(flagged('Could not reboot web01')).toBe(true);
  expect(flagged('Domain-0')).toBe(false);
  expect(flagged('xenbr0')).toBe(false);
  expect(KEYS.has('toolbar.connect.hint')).toBe(true);
  expect(MODULES.map((m) => m.ns).sort()).toEqual(expect.arrayContaining(['app', 'hosts', 'menu', 'prefs']));
});

for (const lang of ['en', 'ru', 'it', 'zh'] as const) {
  test(`the main window, Preferences and the wizard in ${lang}`, async ({ xendesk }, testInfo) => {
    const { page } = xendesk;
    const ui = new MainPage(page);
    const prefs = new PreferencesPage(page);

    await ui.tryDemoHost();
    await ui.hostKeyFingerprint();
    await ui.trustHostKey();
    await ui.expectDomain('pvdisk', {});
    await prefs.setLanguage(lang);
    // the remount keeps the host; wait for its table in the new language
    await expect(page.locator('tr.domain-row').first()).toBeVisible();
    await page.locator('tr.domain-row').first().click();
    await check(page, prefs, lang, 'main window', testInfo.outputPath(`main-${lang}.png`));

    await prefs.open();
    await check(page, prefs, lang, 'Preferences', testInfo.outputPath(`preferences-${lang}.png`));
    await page.keyboard.press('Escape');
    await expect(prefs.dialog).toBeHidden();

    // the row's context menu
    await page.locator('tr.domain-row').first().click({ button: 'right' });
    await expect(page.getByTestId('domain-context-menu')).toBeVisible();
    await check(page, prefs, lang, 'context menu', testInfo.outputPath(`context-menu-${lang}.png`));
    await page.keyboard.press('Escape');

    // the create wizard, where this build has it: its first steps
    const newDomain = page.getByTestId('action-new-domain');
    if (await newDomain.count()) {
      await newDomain.click();
      const wizard = page.getByTestId('wizard-heading');
      await expect(wizard).toBeVisible();
      await page.getByTestId('wizard-name').fill('web01');
      await check(page, prefs, lang, 'wizard step 1', testInfo.outputPath(`wizard-1-${lang}.png`));
      for (let step = 2; step <= 3; step++) {
        const forward = page.getByTestId('wizard-forward');
        if (!(await forward.isEnabled())) break;
        await forward.click();
        await check(
          page,
          prefs,
          lang,
          `wizard step ${step}`,
          testInfo.outputPath(`wizard-${step}-${lang}.png`),
        );
      }
    }
  });
}
