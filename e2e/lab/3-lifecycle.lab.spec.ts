// Lab scenario 3 against a REAL Xen 4.17 dom0 (or the simulated one, XENDESK_LAB_TARGET=sim): the
// lifecycle of a PV guest defined in /etc/xen, driven from the UI. After every step the UI row and the
// host (`xl list` + `xl list -l`, over plain OpenSSH) must agree on state, domid, memory and vCPUs.
import { expect, test } from '@playwright/test';
import { DomainActions } from '../pages/DomainActions';
import {
  appOutput,
  cleanHost,
  connectLab,
  expectAgree,
  hostView,
  labHost,
  putFile,
  readFile,
  timed,
  waitGuestIdle,
  xl,
  type Want,
} from './labSession';

const NAME = 'pvtiny';
const CFG = `/etc/xen/${NAME}.cfg`;
const SAVE = `/var/lib/xen/save/${NAME}.save`;

test('3: lifecycle of a real PV guest: start, pause, resume, memory, vCPUs, save, restore, shut down, start, force off; xl list -l agrees after each', async ({
  page,
}) => {
  test.setTimeout(40 * 60_000); // ~12 UI actions, each a minute or more under TCG on a busy machine
  const lab = await labHost();
  await cleanHost(lab, [NAME], [`${CFG}*`, `/var/lib/xen/save/${NAME}*.save`]);
  // defined on the host: the same file as the lab's /root/guest/pv-tiny.cfg, comments and all
  const original = await readFile(lab, `${lab.guestDir}/pv-tiny.cfg`);
  await putFile(lab, CFG, original);
  const main = await connectLab(page);
  const act = new DomainActions(page, { timeout: 300_000 });
  const seen: string[] = []; // every distinct (UI, host) pair observed: the report's record of real behaviour
  const agree = (want: Want) => expectAgree(main, lab, NAME, want, { defined: true, seen });

  try {
    await timed('defined domain listed as shut off', () => agree('off'));
    await main.selectDomain(NAME);
    const started = await timed('start', async () => {
      await act.button('start');
      return (await agree('live'))!;
    });
    expect(started.row.memMiB).toBe(128);
    await timed('pause', async () => {
      await act.button('pause');
      await agree('paused');
    });
    await timed('resume', async () => {
      await act.button('unpause');
      await agree('live');
    });
    // the balloon driver and the guest's shutdown handling are there once it idles at its prompt
    await timed('guest boots to its prompt', () => waitGuestIdle(lab, NAME));

    await timed('memory 128 → 96 MiB', async () => {
      await act.setResources({ memory: 96 });
      const v = await agree('live');
      expect(v!.row.memMiB, 'xl list: the balloon driver gave the memory back').toBe(96);
      expect(v!.targetMiB, 'xl list -l: target_memkb').toBe(96);
      expect(await readFile(lab, CFG), 'persisted in the config').toMatch(/^memory\s*=\s*96\s*$/m);
    });

    await timed('vCPUs 1 → 2', async () => {
      await act.setResources({ vcpus: 2 });
      await expect
        .poll(async () => (await hostView(lab, NAME).catch(() => null))?.availVcpus, { timeout: 180_000 })
        .toBe(2);
      const rows = (await xl(lab, ['vcpu-list', NAME])).trim().split('\n').slice(1);
      expect(rows, 'xl vcpu-list: both vCPUs exist').toHaveLength(2);
      const v = await agree('live');
      // the busybox guest does not online a hot-added vCPU: xl list keeps 1, and the dialog says why
      console.log(`[lab] after vcpu-set 2: xl list VCPUs ${v!.row.vcpus}; vcpu-list:\n${rows.join('\n')}`);
      expect(await readFile(lab, CFG), 'persisted in the config').toMatch(/^vcpus\s*=\s*2\s*$/m);
      if (v!.row.vcpus < 2) {
        await act.menu('resources');
        await expect(page.getByTestId('res-vcpus-offline')).toContainText(`onlined ${v!.row.vcpus} of 2`);
        await page.getByTestId('dialog-resources-cancel').click();
        await expect(act.dialog('resources')).toBeHidden();
      }
    });

    const saved = await timed('save to file', async () => {
      await act.save();
      await agree('off');
      const st = await lab.ssh(['stat', '-c', '%s', SAVE]);
      expect(st.code, `the save file ${SAVE}: ${st.stderr}`).toBe(0);
      // the guest's memory (96 MiB) plus the header: a truncated save would be smaller
      expect(Number(st.stdout)).toBeGreaterThan(90 * 1024 * 1024);
      return Number(st.stdout);
    });
    console.log(`[lab] save file ${SAVE}: ${saved} bytes`);

    await timed('restore', async () => {
      await act.restore(SAVE);
      const v = await agree('live');
      expect(v!.row.id, 'a restored domain gets a new domid').not.toBe(started.row.id);
      expect(v!.row.memMiB, 'restored with the memory it was saved with').toBe(96);
    });

    await timed('shut down', async () => {
      await main.selectDomain(NAME);
      await act.button('shutdown');
      await agree('off'); // defined in /etc/xen: the row stays, as "shut off"
    });

    await timed('start again', async () => {
      await act.button('start');
      const v = await agree('live');
      expect(v!.targetMiB, 'started from the edited config').toBe(96);
    });

    await timed('force off', async () => {
      await act.button('destroy');
      await main.confirm();
      await agree('off');
    });
    expect(await readFile(lab, CFG), 'the config survives the lifecycle').toMatch(/^name\s*=\s*"pvtiny"/m);
  } catch (err) {
    console.log(`[lab] web app output (tail):\n${appOutput().slice(-4000)}`);
    throw err;
  } finally {
    console.log(`[lab] states seen (UI | xl):\n  ${seen.join('\n  ')}`);
    await cleanHost(lab, [NAME], [`${CFG}*`, `/var/lib/xen/save/${NAME}*.save`]);
  }
});
