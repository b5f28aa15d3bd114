import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { summarizeXlError } from './xlErrors';

const fx = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

// exit codes from errors.md
const expected: Record<string, [rc: number, message: string]> = {
  'err-console-nodom': [1, 'nosuchdom is an invalid domain identifier (rc=-6)'],
  'err-destroy-nodom': [1, 'nosuchdom is an invalid domain identifier (rc=-6)'],
  'err-domid-nodom': [1, "Can't get domid of domain name 'nosuchdom', maybe this domain does not exist."],
  'err-duplicate-name': [3, 'Domain with name "pvtiny" already exists.'],
  'err-list-nodom': [1, 'nosuchdom is an invalid domain identifier (rc=-6)'],
  'err-mem-set-toomuch': [1, 'memory_dynamic_max must be less than or equal to memory_static_max'],
  'err-missing-kernel': [
    3,
    "failed to open file '/root/guest/no-such-vmlinuz': No such file or directory: Internal error",
  ],
  'err-no-such-cfg': [3, 'Failed to read config file: /root/guest/no-such.cfg: No such file or directory'],
  'err-nonroot-create': [1, 'Could not obtain handle on privileged command interface: Permission denied'],
  'err-nonroot-list': [1, 'Could not obtain handle on privileged command interface: Permission denied'],
  'err-nonroot-xenstore': [1, 'xenstore-ls: xs_open: Permission denied'],
  'err-shutdown-nodom': [1, 'nosuchdom is an invalid domain identifier (rc=-6)'],
  'err-syntax': [
    1,
    '/tmp/bad-syntax.cfg:3: config parsing error near `"/root/guest/vmlinuz\': lexical error',
  ],
  'err-too-much-mem': [3, "xc_dom_boot_mem_init: can't allocate low memory for domain: Out of memory"],
  'err-vcpu-set-toomany': [
    1,
    'You are overcommmitting! You have 2 physical CPUs and want 8 vCPUs! Aborting, use --ignore-host to continue',
  ],
};

const files = readdirSync(new URL('./__fixtures__/errors/', import.meta.url))
  .filter((f) => f.endsWith('.stderr.txt'))
  .map((f) => f.replace(/\.stderr\.txt$/, ''));

describe('summarizeXlError on every errors/*.stderr.txt', () => {
  it('has an expectation for every capture', () => {
    expect(files.sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(files)('%s', (name) => {
    const [rc, message] = expected[name]!;
    const stderr = fx(`errors/${name}.stderr.txt`);
    const s = summarizeXlError(stderr, rc);
    expect(s.message).toBe(message);
    expect(s.lines).toEqual(stderr.split('\n').filter((l) => l !== ''));
    expect(s.message).not.toMatch(/^Parsing config from/);
  });

  it('the cause, not the cleanup noise, for a failed create', () => {
    const s = summarizeXlError(fx('errors/err-duplicate-name.stderr.txt'), 3);
    expect(s.lines).toHaveLength(6);
    expect(s.message).not.toMatch(/Non-existant|Unable to destroy|Destruction/);
  });

  it('mem-set error keeps its odd blank line out of lines', () => {
    const s = summarizeXlError(fx('errors/err-mem-set-toomuch.stderr.txt'), 1);
    expect(s.lines).toEqual([
      'libxl: error: libxl_mem.c:278:libxl_set_memory_target: Domain 7:memory_dynamic_max must be less than or equal to memory_static_max',
      'cannot set domid 7 dynamic max memory to : 4096',
    ]);
  });

  it('progress chatter is not a cause (lifecycle/xl-save.stderr.txt)', () => {
    const s = summarizeXlError(fx('lifecycle/xl-save.stderr.txt'), 1);
    expect(s.message).toBe('Saving to /var/tmp/pvtiny.save new xl format (info 0x3/0x0/873)');
  });

  it('sudo -n without a password, empty stderr, CRLF', () => {
    expect(summarizeXlError('sudo: a password is required\n', 1).message).toBe(
      'sudo: a password is required',
    );
    expect(summarizeXlError('', 3)).toEqual({ message: 'command failed with exit code 3', lines: [] });
    expect(summarizeXlError('\r\n', 0).message).toBe('');
    expect(
      summarizeXlError('Parsing config from /x.cfg\r\nlibxl: error: a.c:1:f: Domain 2:boom\r\n', 3).message,
    ).toBe('boom');
  });
});

describe('summarizeXlError: progress lines before the cause (issue 5)', () => {
  it('shutdown of an HVM guest without PV drivers', () => {
    const err =
      'Shutting down domain 3\nPV control interface not available: external graceful shutdown not possible.\nUse "-F" to fallback to ACPI power event.\nshutdown failed (rc=-10)\n';
    expect(summarizeXlError(err, 1).message).toBe(
      'PV control interface not available: external graceful shutdown not possible.',
    );
  });
});
