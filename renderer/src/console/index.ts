// The serial console's hooks into the main window (App/Toolbar) and main.tsx (pop-out route).
export { ConsoleDock } from './ConsoleDock';
export { ConsoleWindow } from './ConsoleWindow';
export { useConsoleDock, useConsoleDockState, type ConsoleDockStore } from './consoleDockStore';
export { defaultConsoleKind, parseConsoleHash } from './consoleRoute';
