// Builds everything into dist/: the Node/Electron side with esbuild (CommonJS bundles,
// npm packages left external so ssh2's optional native parts stay optional) and the
// renderer with Vite.
import { build } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const only = process.argv.slice(2);
// XENDESK_DIST: another output dir, so parallel work (and its e2e runs) never share one dist/
const out = process.env.XENDESK_DIST ?? 'dist';

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'linked',
  packages: 'external',
  logLevel: 'warning',
  define: { __XENDESK_VERSION__: JSON.stringify(pkg.version) },
};

const entries = [
  ['electron/main.ts', `${out}/electron/main.cjs`],
  ['electron/preload.ts', `${out}/electron/preload.cjs`],
  ['electron/backend/web.ts', `${out}/backend/web.cjs`],
  ['electron/backend/cli.ts', `${out}/backend/cli.cjs`],
  ['electron/backend/sim/sim.ts', `${out}/backend/sim.cjs`],
  ['bench/run.ts', `${out}/bench/run.cjs`],
];

if (only.length === 0 || only.includes('node')) {
  await Promise.all(
    entries
      .filter(([entry]) => existsSync(entry))
      .map(([entry, outfile]) =>
        build({ ...common, entryPoints: [entry], outfile, external: ['electron'] }).catch((e) => {
          console.error(`build of ${entry} failed`);
          throw e;
        }),
      ),
  );
}
if (only.length === 0 || only.includes('renderer')) {
  const r = spawnSync(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'build', '-c', 'renderer/vite.config.mts', '--logLevel', 'warn'],
    {
      stdio: 'inherit',
    },
  );
  if (r.status !== 0) process.exit(r.status ?? 1);
}
