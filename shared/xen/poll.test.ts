import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { SECTION_MARK, shQuote } from '../quote';
import { inventoryArgv } from './inventory';
import { parsePoll, pollScript, POLL_SECTIONS } from './poll';

const fxPath = (name: string) => fileURLToPath(new URL(`./__fixtures__/${name}`, import.meta.url));
const fx = (name: string) => readFileSync(fxPath(name), 'utf8');

/** What shScript's `echo MARK key; cmd 2>&1; echo MARK rc=$?` prints for one section. */
const section = (key: string, output: string, rc = 0) =>
  `${SECTION_MARK}${key}\n${output}${SECTION_MARK}rc=${rc}\n`;

const realOutputs: Record<string, string> = {
  'list-long': fx('xl-list-l-all.json'),
  list: fx('xl-list.txt'),
  uptime: fx('xl-uptime.txt'),
  xentop: fx('xentop-batch.txt'),
};

describe('pollScript', () => {
  it('runs the four commands in one script', () => {
    expect(POLL_SECTIONS.map((s) => [s.key, s.argv.join(' ')])).toEqual([
      ['list-long', 'xl list -l'],
      ['list', 'xl list'],
      ['uptime', 'xl uptime'],
      ['xentop', 'xentop -b -i 2 -d 1 -f'],
    ]);
    expect(pollScript()).toBe(
      [
        `echo ${SECTION_MARK}list-long; xl list -l 2>&1; echo ${SECTION_MARK}rc=$?`,
        `echo ${SECTION_MARK}list; xl list 2>&1; echo ${SECTION_MARK}rc=$?`,
        `echo ${SECTION_MARK}uptime; xl uptime 2>&1; echo ${SECTION_MARK}rc=$?`,
        `echo ${SECTION_MARK}xentop; xentop -b -i 2 -d 1 -f 2>&1; echo ${SECTION_MARK}rc=$?`,
        // issue 5: the config files of /etc/xen, by a constant script (./inventory.ts)
        `echo ${SECTION_MARK}inventory; ${shQuote(inventoryArgv())} 2>&1; echo ${SECTION_MARK}rc=$?`,
      ].join('; '),
    );
  });

  it('prefixes every command (sudo -n)', () => {
    const s = pollScript(['sudo', '-n']);
    expect(s.match(/sudo -n (xl|xentop) /g)).toHaveLength(4);
    expect(s).not.toMatch(/; (xl|xentop) /);
  });
});

describe('parsePoll', () => {
  it('joins the real captures (synthetic stdout in shScript format)', () => {
    const stdout = POLL_SECTIONS.map((s) => section(s.key, realOutputs[s.key]!)).join('');
    const { snapshot, errors } = parsePoll(stdout);
    expect(errors).toEqual([]);
    expect(snapshot.dom0).toMatchObject({ name: 'Domain-0', id: 0, cpuPercent: 15.2, maxMemoryMiB: 1536 });
    expect(snapshot.domains.map((d) => [d.name, d.id, d.type, d.cpuPercent, d.uptimeSeconds])).toEqual([
      ['hvm1', 14, 'hvm', 0.9, 77],
      ['pvdisk', 12, 'pv', 0.5, 137],
      ['pvvfb', 13, 'pv', 1.9, 85],
    ]);
  });

  it('a warning merged into the list -l section is skipped', () => {
    const stdout = POLL_SECTIONS.map((s) =>
      section(
        s.key,
        s.key === 'list-long' ? `WARNING: something odd\n${realOutputs[s.key]}` : realOutputs[s.key]!,
      ),
    ).join('');
    const { snapshot, errors } = parsePoll(stdout);
    expect(errors).toEqual([]);
    expect(snapshot.domains.find((d) => d.name === 'hvm1')?.type).toBe('hvm');
  });

  it('a domain that xl is still building: listed with no type, the libxl error is no poll error', () => {
    // captured on the lab while `xl create pv-tiny.cfg` built pvtiny: xl list -l leaves it out
    // and prints "Fail to get domain configuration" (stderr, merged by 2>&1), exit 0
    const outputs: Record<string, string> = {
      'list-long': fx('xl-list-l-all-building.stderr.txt') + fx('xl-list-l-all-building.json'),
      list: fx('xl-list-building.txt'),
      uptime: fx('xl-uptime.txt'),
      xentop: fx('xentop-batch.txt'),
    };
    const stdout = POLL_SECTIONS.map((s) => section(s.key, outputs[s.key] ?? '')).join('');
    const { snapshot, errors } = parsePoll(stdout);
    expect(errors).toEqual([]);
    const row = snapshot.domains.find((d) => d.name === 'pvtiny');
    expect(row).toMatchObject({ id: 8, state: 'paused', memoryMiB: 0, vcpus: 0, type: null });
    expect(snapshot.dom0?.maxMemoryMiB).toBe(1536);
  });

  it('failing sections are reported and leave nulls', () => {
    const sudo = 'sudo: a password is required\n';
    const stdout =
      // truncated JSON without a final newline: the rc marker lands on the same line (unglued by parsePoll)
      section('list-long', '[\n  {"domid": 12, "config": ', 0) +
      section('list', realOutputs.list!) +
      section('uptime', sudo, 1) +
      section('xentop', sudo, 1);
    const { snapshot, errors } = parsePoll(stdout);
    expect(errors.map((e) => [e.key, e.rc])).toEqual([
      ['list-long', 0],
      ['uptime', 1],
      ['xentop', 1],
    ]);
    expect(errors[0]!.output).toMatch(/JSON/);
    expect(errors[1]!.output).toBe(sudo.trimEnd());
    expect(snapshot.domains).toHaveLength(3);
    expect(
      snapshot.domains.every((d) => d.cpuPercent === null && d.type === null && d.uptimeSeconds === null),
    ).toBe(true);
  });

  it('xl list failing or missing → no domains, rc -1 for a missing section', () => {
    const stdout = section('list', fx('errors/err-nonroot-list.stderr.txt'), 1);
    const { snapshot, errors } = parsePoll(stdout);
    expect(snapshot).toEqual({ dom0: null, domains: [] });
    expect(errors.map((e) => [e.key, e.rc])).toEqual([
      ['list-long', -1],
      ['list', 1],
      ['uptime', -1],
      ['xentop', -1],
    ]);
    expect(parsePoll('').errors).toHaveLength(4);
  });
});

describe('pollScript through a real sh with fake xl/xentop', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xendesk-poll-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const script = (name: string, body: string) => {
    writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(dir, name), 0o755);
  };
  // the fakes print the real captures; `xl list -l` also warns on stderr first (merged by 2>&1)
  script(
    'xl',
    `case "$*" in
  "list -l") echo "libxl: warning: fake warning" >&2; cat '${fxPath('xl-list-l-all.json')}' ;;
  "list") cat '${fxPath('xl-list.txt')}' ;;
  "uptime") cat '${fxPath('xl-uptime.txt')}' ;;
  *) echo "unexpected xl $*" >&2; exit 2 ;;
esac`,
  );
  script('xentop', `[ "$*" = "-b -i 2 -d 1 -f" ] || exit 2; cat '${fxPath('xentop-batch.txt')}'`);
  script('sudo', `[ "$1" = "-n" ] || exit 2; shift; exec "$@"`);

  const run = (prefix: string[]) =>
    execFileSync('sh', ['-c', pollScript(prefix)], {
      env: { ...process.env, PATH: `${dir}:${process.env.PATH}` },
    }).toString('utf8');

  it.each([[[]], [['sudo', '-n']]])('prefix %j', (prefix) => {
    const { snapshot, errors } = parsePoll(run(prefix));
    expect(errors).toEqual([]);
    expect(snapshot.dom0?.cpuPercent).toBe(15.2);
    expect(snapshot.domains.map((d) => [d.name, d.type, d.maxMemoryMiB, d.cpuPercent])).toEqual([
      ['hvm1', 'hvm', 256, 0.9],
      ['pvdisk', 'pv', 256, 0.5],
      ['pvvfb', 'pv', 128, 1.9],
    ]);
  });
});
