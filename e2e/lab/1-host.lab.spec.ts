// Lab scenario 1 against a REAL Xen 4.17 dom0 (or the simulated one, XENDESK_LAB_TARGET=sim): add the
// host by address/port/key, accept its host key, and Domain-0 shows what `xl list` / `xl info` report.
import { expect, test } from '@playwright/test';
import { connectLab, escapeRe, labHost, mibText, timed, xl, xlList } from './labSession';

test('1: add the lab host by address/port/key, trust its real host key, Domain-0 as xl reports it', async ({
  page,
}) => {
  const lab = await labHost();
  // fresh: this scenario IS the add-host flow (connectLab checks the fingerprint against dom0's own)
  const main = await timed('scenario 1: add host + trust key + dom0 listed', () =>
    connectLab(page, { fresh: true }),
  );
  const dom0 = (await xlList(lab)).get('Domain-0');
  expect(dom0, 'xl list shows Domain-0').toBeTruthy();
  const info = await xl(lab, ['info']);
  const nrCpus = Number(/^nr_cpus\s*:\s*(\d+)/m.exec(info)?.[1]);
  console.log(
    `[lab] xl list Domain-0: ${dom0!.memMiB} MiB, ${dom0!.vcpus} vCPUs, ${dom0!.flags}; nr_cpus ${nrCpus}`,
  );
  await expect(main.page.getByTestId('dom0-memory')).toHaveText(
    new RegExp(`^${escapeRe(mibText(dom0!.memMiB))}(\\s|$)`),
  );
  await expect(main.page.getByTestId('dom0-vcpus')).toHaveText(new RegExp(`^${dom0!.vcpus}(\\s|$)`));
  // Domain-0 is the card, not a guest row
  await expect(main.domainRow('Domain-0')).toHaveCount(0);
});
