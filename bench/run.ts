// `npm run bench`: every benchmark, against the simulated dom0, in one run. Prints a table
// of ratios against the plain baseline measured in the same run and writes bench/results/.
import fs from 'node:fs';
import path from 'node:path';
import { pollBench } from './pollBench';

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const results: Record<string, unknown> = {};
  const want = (name: string) => only.length === 0 || only.includes(name);

  if (want('poll')) {
    process.stdout.write(
      'poll: one refresh through XenDesk vs one exec over an open OpenSSH ControlMaster …\n',
    );
    const r = await pollBench(Number(process.env.BENCH_SAMPLES ?? 20));
    results.poll = r;
    process.stdout.write(
      [
        `  samples each           ${r.samples} (interleaved)`,
        `  XenDesk refresh        median ${r.xendeskMedianMs.toFixed(1)} ms, p95 ${r.xendeskP95Ms.toFixed(1)} ms`,
        `  OpenSSH ControlMaster  median ${r.opensshMedianMs.toFixed(1)} ms, p95 ${r.opensshP95Ms.toFixed(1)} ms`,
        `  ratio (median)         ${r.ratio.toFixed(3)}   (goal ≤ 1.05)`,
        `  SSH connections/host   ${r.sshConnectionsPerHost}   (goal 1)`,
        '',
      ].join('\n'),
    );
  }

  const dir = path.join(process.cwd(), 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(
    file,
    JSON.stringify({ at: new Date().toISOString(), node: process.version, results }, null, 2) + '\n',
  );
  process.stdout.write(`results written to ${path.relative(process.cwd(), file)}\n`);
}

main().then(
  () => process.exit(0),
  (e: Error) => {
    process.stderr.write(`bench failed: ${e.stack ?? e.message}\n`);
    process.exit(1);
  },
);
