// Labels of the application menu and the domain context menu (issue 9), namespace "menu".
// Plain data with no imports: the Electron main process bundles this table (and the
// locales/<lang>/menu.json files) to build its native menu; the renderer registers it with i18next
// in ./commands.ts.

export const NS = 'menu';

export const en = {
  'menu.file': '&File',
  'menu.edit': '&Edit',
  'menu.view': '&View',
  'menu.domain': '&Domain',
  'menu.window': '&Window',
  'menu.help': '&Help',

  'cmd.newDomain': 'New domain…',
  'cmd.addHost': 'Add host…',
  'cmd.demoHost': 'Try the demo host',
  'cmd.connect': 'Connect',
  'cmd.disconnect': 'Disconnect',
  'cmd.refresh': 'Refresh',
  'cmd.preferences': 'Preferences…',
  'cmd.find': 'Find domains',
  'cmd.about': 'About XenDesk',
  'cmd.domain.details': 'Details',
  'cmd.domain.start': 'Start',
  'cmd.domain.pause': 'Pause',
  'cmd.domain.unpause': 'Resume',
  'cmd.domain.shutdown': 'Shut down',
  'cmd.domain.reboot': 'Reboot',
  'cmd.domain.destroy': 'Force off…',
  'cmd.domain.vnc': 'Graphical console',
  'cmd.domain.console': 'Serial console',
  'cmd.domain.save': 'Save to file…',
  'cmd.domain.restore': 'Restore from file…',
  'cmd.domain.resources': 'Memory & vCPUs…',
  'cmd.domain.rename': 'Rename…',
  'cmd.domain.autostart': 'Start at host boot',
  'cmd.domain.migrate': 'Migrate…',
  'cmd.domain.clone': 'Clone…',
  'cmd.domain.delete': 'Delete…',
  'cmd.domain.devices': 'Disks & network…',
  'cmd.domain.cd': 'CD/DVD media…',

  // role-based items: Electron's own labels are English only, so XenDesk names them
  'role.quit': 'Quit XenDesk',
  'role.undo': 'Undo',
  'role.redo': 'Redo',
  'role.cut': 'Cut',
  'role.copy': 'Copy',
  'role.paste': 'Paste',
  'role.selectAll': 'Select all',
  'role.reload': 'Reload',
  'role.resetZoom': 'Actual size',
  'role.zoomIn': 'Zoom in',
  'role.zoomOut': 'Zoom out',
  'role.togglefullscreen': 'Full screen',
  'role.toggleDevTools': 'Developer tools',
  'role.minimize': 'Minimize',
  'role.zoom': 'Zoom',
  'role.close': 'Close window',
  'role.front': 'Bring all to front',
  'role.hide': 'Hide XenDesk',
  'role.hideOthers': 'Hide others',
  'role.unhide': 'Show all',
  'role.services': 'Services',

  'ctx.label': 'Actions for {{name}}',
} as const;
