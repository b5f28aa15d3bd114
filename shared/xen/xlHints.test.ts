import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { matchXlHints } from './xlHints';

const fx = (name: string) => readFileSync(new URL(`./__fixtures__/errors/${name}`, import.meta.url), 'utf8');

describe('matchXlHints on the real Xen 4.17 captures', () => {
  it.each([
    ['err-missing-kernel.stderr.txt', 'missing-path', /\/root\/guest\/no-such-vmlinuz does not exist/],
    ['err-no-such-cfg.stderr.txt', 'missing-path', /no-such\.cfg does not exist/],
    ['err-too-much-mem.stderr.txt', 'no-memory', /Not enough memory/],
    ['err-mem-set-toomuch.stderr.txt', 'no-memory', /maximum/],
    ['err-nonroot-create.stderr.txt', 'not-root', /needs root/],
    ['err-shutdown-nodom.stderr.txt', 'unknown-domain', /no running domain named nosuchdom/],
  ])('%s → %s', (file, id, msg) => {
    const hints = matchXlHints(fx(file));
    expect(hints[0]).toMatchObject({ id });
    expect(hints[0]!.message).toMatch(msg);
    expect(fx(file)).toContain(hints[0]!.evidence);
  });

  it('no hint for a plain syntax error or the duplicate name (xl says it all)', () => {
    expect(matchXlHints(fx('err-syntax.stderr.txt'))).toEqual([]);
    expect(matchXlHints(fx('err-duplicate-name.stderr.txt'))).toEqual([]);
  });
});

describe('matchXlHints on the seeds’ troubleshooting texts', () => {
  it.each([
    // xend / xl hotplug failures
    ['Error: Device 51712 (vbd) could not be connected. Hotplug scripts not working.', 'hotplug'],
    [
      'libxl: error: libxl_exec.c:117:libxl_report_child_exitstatus: /etc/xen/scripts/block add [2712] exited with error status 1',
      'hotplug',
    ],
    ['Error: Device 0 (vif) could not be connected. Hotplug scripts not working.', 'hotplug'],
    // loop devices
    ['Error: Device 51713 (vbd) could not be connected. Backend device not found.', 'loop-devices'],
    ['losetup: /var/lib/xen/images/a.img: failed to set up loop device: No such device', 'loop-devices'],
    ['Failed to find an unused loop device', 'loop-devices'],
    // restart loop
    [
      '[2009-01-01 10:00:00 xend.XendDomainInfo] VM web restarting too fast (Elapsed time: 0.4 seconds). Refusing to restart to avoid loops.',
      'restart-loop',
    ],
    // missing paths
    ["Error: [Errno 2] No such file or directory: '/boot/vmlinuz-xen'", 'missing-path'],
    [
      'libxl: error: libxl_device.c:397:libxl__device_disk_set_backend: Disk vdev=xvda failed to stat: /var/lib/xen/images/x.img: No such file or directory',
      'missing-path',
    ],
  ])('%s', (text, id) => {
    expect(matchXlHints(text).map((h) => h.id)).toContain(id);
  });

  it('HVM without PV drivers → force via ACPI', () => {
    const text =
      'Shutting down domain 3\nPV control interface not available: external graceful shutdown not possible.\nUse "-F" to fallback to ACPI power event.\nshutdown failed (rc=-10)\n';
    expect(matchXlHints(text)).toEqual([
      expect.objectContaining({ id: 'acpi-needed', message: expect.stringMatching(/xl shutdown -F/) }),
    ]);
  });

  it('a missing bridge gets the specific advice only', () => {
    const text =
      'libxl: error: libxl_exec.c:117:libxl_report_child_exitstatus: /etc/xen/scripts/vif-bridge online [1012] exited with error status 1\n' +
      'libxl: error: libxl_device.c:1286:device_hotplug_child_death_cb: script: Could not find bridge device xenbr9\n';
    const hints = matchXlHints(text);
    expect(hints).toHaveLength(1);
    expect(hints[0]!.message).toMatch(/bridge xenbr9 does not exist/);
  });

  it('the missing disk names the path', () => {
    expect(
      matchXlHints('Disk vdev=xvda failed to stat: /var/lib/xen/images/x.img: No such file or directory')[0]!
        .message,
    ).toMatch(/\/var\/lib\/xen\/images\/x\.img/);
  });
});
