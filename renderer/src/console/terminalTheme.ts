// Terminal colours that follow the app's light/dark theme (theme.css), with ANSI palettes
// readable on each background.
import type { ITheme } from '@xterm/xterm';
import { currentScheme } from '../theme';

export const LIGHT: ITheme = {
  background: '#fbfbfc',
  foreground: '#1f2329',
  cursor: '#1c68d8',
  cursorAccent: '#fbfbfc',
  selectionBackground: '#c5dafb',
  selectionInactiveBackground: '#dfe6f0',
  overviewRulerBorder: '#e3e6eb',
  scrollbarSliderBackground: 'rgba(20, 40, 80, 0.18)',
  scrollbarSliderHoverBackground: 'rgba(20, 40, 80, 0.3)',
  scrollbarSliderActiveBackground: 'rgba(20, 40, 80, 0.4)',
  black: '#2e3436',
  red: '#c01c28',
  green: '#1d7d4a',
  yellow: '#946200',
  blue: '#1c68d8',
  magenta: '#9141ac',
  cyan: '#1f7a85',
  white: '#c9ced6',
  brightBlack: '#5e6670',
  brightRed: '#e01b24',
  brightGreen: '#26a269',
  brightYellow: '#b07800',
  brightBlue: '#3584e4',
  brightMagenta: '#b05cc0',
  brightCyan: '#2a96a3',
  brightWhite: '#f1f3f6',
};

export const DARK: ITheme = {
  background: '#111316',
  foreground: '#d8dce2',
  cursor: '#6aa6ff',
  cursorAccent: '#111316',
  selectionBackground: '#2b4a75',
  selectionInactiveBackground: '#26303d',
  overviewRulerBorder: '#23262b',
  scrollbarSliderBackground: 'rgba(255, 255, 255, 0.14)',
  scrollbarSliderHoverBackground: 'rgba(255, 255, 255, 0.24)',
  scrollbarSliderActiveBackground: 'rgba(255, 255, 255, 0.32)',
  black: '#1c1f24',
  red: '#ff6b6b',
  green: '#5fd38d',
  yellow: '#f2b44c',
  blue: '#5b9cf5',
  magenta: '#c49bff',
  cyan: '#56c7d6',
  white: '#c8ccd3',
  brightBlack: '#6b7380',
  brightRed: '#ff8a8a',
  brightGreen: '#7ee2a6',
  brightYellow: '#ffd07a',
  brightBlue: '#86b6ff',
  brightMagenta: '#d7b8ff',
  brightCyan: '#83dbe6',
  brightWhite: '#ffffff',
};

/** Search highlight colours (the search addon wants #RRGGBB). */
export function searchDecorations(dark: boolean) {
  return dark
    ? {
        matchBackground: '#4a3f12',
        matchOverviewRuler: '#f2b44c',
        activeMatchBackground: '#8a6a10',
        activeMatchColorOverviewRuler: '#ffd07a',
      }
    : {
        matchBackground: '#fff0b3',
        matchOverviewRuler: '#d98b00',
        activeMatchBackground: '#ffc94d',
        activeMatchColorOverviewRuler: '#946200',
      };
}

/** The app's scheme (system or the user's preference, issue 9), not just the system's. */
export function prefersDark(): boolean {
  return currentScheme() === 'dark';
}
