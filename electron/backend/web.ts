// `npm run web`: the whole app (same backend, same renderer) in a browser on 127.0.0.1.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createBackend } from './backend';
import { createDemoProvider } from './demoHost';
import { defaultDataDir } from './paths';
import { startWebServer } from './web/server';
import { VERSION } from './version';
import { autoconnectAll } from './hosts/autoconnect';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      'data-dir': { type: 'string' },
      demo: { type: 'boolean', default: false },
      'static-dir': { type: 'string' },
      'poll-ms': { type: 'string' },
    },
  });
  const dataDir = values['data-dir'] ? path.resolve(values['data-dir']) : defaultDataDir();
  const demo = createDemoProvider(dataDir);
  const backend = createBackend({
    dataDir,
    mode: 'web',
    version: VERSION,
    demo,
    pollIntervalMs: values['poll-ms'] ? Number(values['poll-ms']) : undefined,
  });
  const staticDir = values['static-dir'] ?? path.join(__dirname, '..', 'renderer');
  const server = await startWebServer({ backend, staticDir, port: Number(values.port) });
  // autoconnect saved hosts in parallel; one dead host never blocks the others (issue 4)
  autoconnectAll(backend.hosts);
  process.stdout.write(`XenDesk web UI at ${server.url}\n`);
  if (values.demo && !backend.hosts.list().some((h) => h.demo))
    process.stdout.write('First run: click "Try the demo host" to connect to the simulated dom0.\n');
  const stop = async () => {
    await server.close();
    await backend.dispose();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: Error) => {
  process.stderr.write(`xendesk web: ${e.message}\n`);
  process.exit(1);
});
