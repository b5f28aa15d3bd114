import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { AppContext, type AppServices } from './appContext';
import { BackendUnreachable } from './BackendUnreachable';
import { attachHostStore, createHostStore } from './hostStore';
import { t } from './strings';
import { createToastStore } from './toastStore';
import { connectBackend } from './transport';
import { VncPopout } from './vnc/VncPopout';
import { parseVncRoute } from './vnc/vncLogic';
import { ConsoleWindow, parseConsoleHash } from './console'; // serial console (issue 7)
import { applyCachedUiPrefs, loadPreferences } from './prefs/prefsStore'; // issue 9
import { LanguageRoot } from './prefs/LanguageRoot'; // issue 9
import './theme.css';

// a pop-out graphical console window (issue 8): #vnc/<hostId>/<domain> renders only the viewer
const vncRoute = parseVncRoute(window.location.hash);
// a pop-out serial console window (issue 7): #console/<hostId>/<domain>/<kind>
const consoleRoute = parseConsoleHash(window.location.hash);

const root = createRoot(document.getElementById('root')!);
applyCachedUiPrefs(); // issue 9: language and theme before the backend answers
document.title = t('app.name');

connectBackend().then(
  async (client) => {
    const services: AppServices = { client, hosts: createHostStore(), toasts: createToastStore() };
    attachHostStore(services.hosts, client);
    await loadPreferences(client); // issue 9: the first frame is in the chosen language and theme
    root.render(
      <StrictMode>
        <AppContext.Provider value={services}>
          <LanguageRoot>
            {vncRoute ? (
              <VncPopout route={vncRoute} />
            ) : consoleRoute ? (
              <ConsoleWindow route={consoleRoute} />
            ) : (
              <App />
            )}
          </LanguageRoot>
        </AppContext.Provider>
      </StrictMode>,
    );
  },
  (err: unknown) => {
    root.render(<BackendUnreachable detail={err instanceof Error ? err.message : String(err)} />);
  },
);
