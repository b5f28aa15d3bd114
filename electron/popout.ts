// Which window.open requests are the app's own pop-outs (issue 9): the serial console
// (#console/<host>/<domain>[/<kind>]) and the graphical console (#vnc/<host>/<domain>) of the SAME
// page the main window loaded. Anything else is refused (https: links go to the browser).

const HASH =
  /^#(?:console\/[A-Za-z0-9%._-]{1,200}\/[A-Za-z0-9%._-]{1,200}(?:\/(?:pv|serial))?\/?|vnc\/[A-Za-z0-9%._-]{1,200}\/[A-Za-z0-9%._-]{1,200})$/;

/** The hash to open when `url` is one of our pop-outs of `appUrl` (the loaded index.html), else null. */
export function appPopoutHash(url: string, appUrl: string): string | null {
  let u: URL;
  let app: URL;
  try {
    u = new URL(url);
    app = new URL(appUrl);
  } catch {
    return null;
  }
  if (u.protocol !== app.protocol || u.host !== app.host || u.pathname !== app.pathname) return null;
  if (u.search !== '' || u.username !== '' || u.password !== '') return null;
  return HASH.test(u.hash) ? u.hash : null;
}
