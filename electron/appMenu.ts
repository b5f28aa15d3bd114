// The application menu (issue 9): File / Edit / View / Domain / Window / Help, in the chosen
// language. App commands (../shared/commands.ts) go to the focused window as a menuCommand
// event; the standard editing, zoom and window items are Electron roles.
import type { MenuItemConstructorOptions } from 'electron';
import { ACCELERATORS, DOMAIN_MENU_VERBS, type AppCommand } from '../shared/commands';
import type { Language } from '../shared/preferences';
import { en } from '../renderer/src/menuStrings';
import ru from '../renderer/src/locales/ru/menu.json';
import it from '../renderer/src/locales/it/menu.json';
import zh from '../renderer/src/locales/zh/menu.json';

type Key = keyof typeof en;
const TABLES: Record<Language, Partial<Record<string, string>>> = { en, ru, it, zh };

/**
 * A label in `lang` (English when missing). "&X" marks a mnemonic: dropped on macOS, kept
 * elsewhere, where a literal ampersand ("Memory & vCPUs") must be doubled.
 */
export function menuLabel(lang: Language, key: Key, mac: boolean): string {
  const text = TABLES[lang][key] ?? en[key];
  return mac ? text.replace(/\(&\w\)|&(?=\S)/g, '') : text.replace(/&(?=\s)/g, '&&');
}

export interface MenuOptions {
  lang: Language;
  mac: boolean;
  /** show "Developer tools" (unpackaged runs only) */
  devTools: boolean;
  /** run an app command in the focused window */
  send: (cmd: AppCommand) => void;
}

export function buildMenuTemplate(o: MenuOptions): MenuItemConstructorOptions[] {
  const L = (k: Key) => menuLabel(o.lang, k, o.mac);
  const cmd = (c: AppCommand): MenuItemConstructorOptions => ({
    id: c,
    label: L(`cmd.${c}` as Key),
    accelerator: ACCELERATORS[c],
    click: () => o.send(c),
  });
  const role = (
    r: NonNullable<MenuItemConstructorOptions['role']>,
    key: Key,
  ): MenuItemConstructorOptions => ({
    role: r,
    label: L(key),
  });
  const sep: MenuItemConstructorOptions = { type: 'separator' };

  const appMenu: MenuItemConstructorOptions[] = o.mac
    ? [
        {
          label: 'XenDesk',
          submenu: [
            cmd('about'),
            sep,
            cmd('preferences'),
            sep,
            role('services', 'role.services'),
            sep,
            role('hide', 'role.hide'),
            role('hideOthers', 'role.hideOthers'),
            role('unhide', 'role.unhide'),
            sep,
            role('quit', 'role.quit'),
          ],
        },
      ]
    : [];

  return [
    ...appMenu,
    {
      label: L('menu.file'),
      submenu: [
        cmd('newDomain'),
        cmd('addHost'),
        cmd('demoHost'),
        sep,
        cmd('connect'),
        cmd('disconnect'),
        ...(o.mac ? [] : [sep, role('quit', 'role.quit')]),
      ],
    },
    {
      label: L('menu.edit'),
      submenu: [
        role('undo', 'role.undo'),
        role('redo', 'role.redo'),
        sep,
        role('cut', 'role.cut'),
        role('copy', 'role.copy'),
        role('paste', 'role.paste'),
        role('selectAll', 'role.selectAll'),
        sep,
        cmd('find'),
        ...(o.mac ? [] : [sep, cmd('preferences')]),
      ],
    },
    {
      label: L('menu.view'),
      submenu: [
        cmd('refresh'),
        sep,
        role('resetZoom', 'role.resetZoom'),
        role('zoomIn', 'role.zoomIn'),
        role('zoomOut', 'role.zoomOut'),
        sep,
        role('togglefullscreen', 'role.togglefullscreen'),
        ...(o.devTools
          ? [sep, role('reload', 'role.reload'), role('toggleDevTools', 'role.toggleDevTools')]
          : []),
      ],
    },
    {
      label: L('menu.domain'),
      submenu: [
        cmd('domain.details'),
        sep,
        cmd('domain.start'),
        cmd('domain.pause'),
        cmd('domain.unpause'),
        cmd('domain.shutdown'),
        cmd('domain.reboot'),
        cmd('domain.destroy'),
        sep,
        cmd('domain.vnc'),
        cmd('domain.console'),
        sep,
        ...DOMAIN_MENU_VERBS.map((v) => cmd(`domain.${v}`)),
      ],
    },
    {
      label: L('menu.window'),
      role: 'window',
      submenu: [
        role('minimize', 'role.minimize'),
        ...(o.mac
          ? [role('zoom', 'role.zoom'), sep, role('front', 'role.front')]
          : [role('close', 'role.close')]),
      ],
    },
    {
      label: L('menu.help'),
      role: 'help',
      submenu: o.mac ? [] : [cmd('about')],
    },
  ];
}
