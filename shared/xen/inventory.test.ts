import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DomainRow } from '../types';
import {
  CFG_BEGIN,
  CFG_END,
  INVENTORY_SCRIPT,
  inventoryArgv,
  joinInventory,
  parseInventory,
  readConfigText,
  resolveAutoTarget,
  type DefinedConfig,
} from './inventory';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

const running = (over: Partial<DomainRow>): DomainRow => ({
  name: 'x',
  id: 1,
  uuid: null,
  state: 'blocked',
  stateFlags: '-b----',
  type: 'pv',
  cpuPercent: 0,
  cpuSeconds: 1,
  memoryMiB: 128,
  maxMemoryMiB: 256,
  vcpus: 1,
  maxVcpus: 2,
  uptimeSeconds: 5,
  defined: false,
  cfgPath: null,
  autostart: false,
  ...over,
});

const cfg = (path: string, text: string): DefinedConfig => ({
  path,
  hash: sha(text),
  cfg: readConfigText(text),
});

const U1 = '11111111-2222-3333-4444-555555555555';
const U2 = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';

describe('joinInventory', () => {
  type Case = {
    what: string;
    running: Partial<DomainRow>[];
    configs: [path: string, text: string][];
    auto?: [name: string, target: string][];
    expect: Partial<DomainRow>[];
  };
  const cases: Case[] = [
    {
      what: 'a stopped defined domain is shut off, with the config values',
      running: [],
      configs: [
        ['/etc/xen/web.cfg', 'name="web"\ntype="hvm"\nmemory=512\nmaxmem=1024\nvcpus=2\nmaxvcpus=4\n'],
      ],
      expect: [
        {
          name: 'web',
          id: null,
          state: 'shut off',
          type: 'hvm',
          memoryMiB: 512,
          maxMemoryMiB: 1024,
          vcpus: 2,
          maxVcpus: 4,
          defined: true,
          cfgPath: '/etc/xen/web.cfg',
          autostart: false,
          graphics: 'vnc',
        },
      ],
    },
    {
      what: 'a running domain joins its config by name even when the file is named otherwise',
      running: [{ name: 'pvdisk', id: 12 }],
      configs: [['/etc/xen/pv-disk.cfg', 'name = "pvdisk"\nmemory = 128\n']],
      expect: [{ name: 'pvdisk', id: 12, state: 'blocked', defined: true, cfgPath: '/etc/xen/pv-disk.cfg' }],
    },
    {
      what: 'uuid wins over name: a renamed running domain keeps its config',
      running: [{ name: 'renamed', id: 3, uuid: U1 }],
      configs: [['/etc/xen/old.cfg', `name="old"\nuuid="${U1.toUpperCase()}"\n`]],
      expect: [{ name: 'renamed', id: 3, defined: true, cfgPath: '/etc/xen/old.cfg' }],
    },
    {
      what: 'same name, another uuid: that config describes another domain (its own shut-off row)',
      running: [{ name: 'db', id: 4, uuid: U1 }],
      configs: [['/etc/xen/db.cfg', `name="db"\nuuid="${U2}"\n`]],
      expect: [
        { name: 'db', id: 4, defined: false, cfgPath: null },
        { name: 'db', id: null, state: 'shut off', defined: true, cfgPath: '/etc/xen/db.cfg' },
      ],
    },
    {
      what: 'running without any config: not defined',
      running: [{ name: 'adhoc', id: 7 }],
      configs: [],
      expect: [{ name: 'adhoc', id: 7, defined: false, cfgPath: null, autostart: false }],
    },
    {
      what: 'autostart: relative and absolute link targets',
      running: [{ name: 'a', id: 2 }],
      configs: [
        ['/etc/xen/a.cfg', 'name="a"\n'],
        ['/etc/xen/b.cfg', 'name="b"\n'],
        ['/etc/xen/c.cfg', 'name="c"\n'],
      ],
      auto: [
        ['a.cfg', '../a.cfg'],
        ['b', '/etc/xen/b.cfg'],
      ],
      expect: [
        { name: 'a', id: 2, autostart: true },
        { name: 'b', state: 'shut off', autostart: true },
        { name: 'c', state: 'shut off', autostart: false },
      ],
    },
    {
      what: 'two configs for one name: NAME.cfg wins',
      running: [],
      configs: [
        ['/etc/xen/aaa-copy', 'name="web"\nmemory=1\n'],
        ['/etc/xen/web.cfg', 'name="web"\nmemory=2\n'],
      ],
      expect: [{ name: 'web', cfgPath: '/etc/xen/web.cfg', memoryMiB: 2 }],
    },
    {
      what: 'a config without name= is named after its file; defaults are libxl’s',
      running: [],
      configs: [['/etc/xen/bare.cfg', 'kernel="/boot/vmlinuz"\n']],
      expect: [{ name: 'bare', type: 'pv', memoryMiB: 32, vcpus: 1, maxVcpus: 1, defined: true }],
    },
  ];
  it.each(cases)('$what', (c) => {
    const inv = joinInventory({
      running: { dom0: null, domains: c.running.map(running) },
      configs: c.configs.map(([p, t]) => cfg(p, t)),
      autostart: (c.auto ?? []).map(([name, target]) => ({ name, path: resolveAutoTarget(name, target) })),
    });
    expect(inv.domains).toHaveLength(c.expect.length);
    c.expect.forEach((e, i) => expect(inv.domains[i]).toMatchObject(e));
  });

  it('keeps duplicates aside', () => {
    const inv = joinInventory({
      running: { dom0: null, domains: [] },
      configs: [cfg('/etc/xen/x.cfg', 'name="x"\n'), cfg('/etc/xen/x-old', 'name="x"\n')],
      autostart: [],
    });
    expect(inv.duplicates.map((d) => d.path)).toEqual(['/etc/xen/x-old']);
  });
});

describe('resolveAutoTarget', () => {
  it.each([
    ['w.cfg', '../w.cfg', '/etc/xen/w.cfg'],
    ['w.cfg', '/etc/xen/w.cfg', '/etc/xen/w.cfg'],
    ['w.cfg', 'w-real.cfg', '/etc/xen/auto/w-real.cfg'],
    ['w.cfg', '', '/etc/xen/auto/w.cfg'],
    ['w.cfg', '../../../etc/xen/./w.cfg', '/etc/xen/w.cfg'],
  ])('%s -> %s', (name, target, abs) => expect(resolveAutoTarget(name, target)).toBe(abs));
});

describe('parseInventory', () => {
  it('reads files, contents (exactly, with or without a final newline) and links', () => {
    const a = 'name="a"\n';
    const b = 'name="b"'; // no final newline
    const out = [
      `F ${sha(a)} a.cfg`,
      `${CFG_BEGIN} ${sha(a)}`,
      a,
      CFG_END,
      `F ${sha(b)} b`,
      `${CFG_BEGIN} ${sha(b)}`,
      b,
      CFG_END,
      `F ${sha('')} empty.cfg`,
      `${CFG_BEGIN} ${sha('')}`,
      '',
      CFG_END,
      'L a.cfg\t../a.cfg',
      'L plain.cfg\t',
      'L *\t', // an empty auto/ dir's unexpanded glob never gets here, but be safe
      '',
    ].join('\n');
    const r = parseInventory(out);
    expect(r.files.map((f) => f.name)).toEqual(['a.cfg', 'b', 'empty.cfg']);
    expect(r.contents.get(sha(a))).toBe(a);
    expect(r.contents.get(sha(b))).toBe(b);
    expect(r.contents.get(sha(''))).toBe('');
    expect(r.links).toEqual([
      { name: 'a.cfg', target: '../a.cfg' },
      { name: 'plain.cfg', target: '' },
    ]);
  });
  it('ignores a truncated content block', () => {
    const r = parseInventory(`F ${sha('x')} x.cfg\n${CFG_BEGIN} ${sha('x')}\nx`);
    expect(r.files).toHaveLength(1);
    expect(r.contents.size).toBe(0);
  });
});

describe('INVENTORY_SCRIPT through a real sh', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xendesk-inv-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const files: Record<string, string> = {
    'web.cfg': 'name = "web"\nmemory = 512\n',
    db01: 'name="db01"\n',
    'with space.cfg': 'name="sp"\n',
    'xl.conf': 'autoballoon="auto"\n',
    'xend-config.sxp': '(xend)\n',
    'web.cfg.20240101-000000.bak': 'name="web"\n',
    'web.cfg~': 'name="web"\n',
    '$(touch CANARY)': 'name="evil"\n',
  };
  for (const [n, t] of Object.entries(files)) writeFileSync(join(dir, n), t);
  mkdirSync(join(dir, 'auto'));
  mkdirSync(join(dir, 'scripts'));
  symlinkSync('../web.cfg', join(dir, 'auto', 'web.cfg'));
  writeFileSync(join(dir, 'auto', 'copy.cfg'), 'name="copy"\n');
  const run = (known: string[]) =>
    execFileSync(
      'sh',
      ['-c', INVENTORY_SCRIPT.replace('cd /etc/xen', `cd '${dir}'`), ...inventoryArgv(known).slice(3)],
      {
        encoding: 'utf8',
      },
    );

  it('lists the candidates, prints unknown contents only, and the auto links', () => {
    const first = parseInventory(run([]));
    expect(first.files.map((f) => f.name).sort()).toEqual([
      '$(touch CANARY)',
      'db01',
      'web.cfg',
      'with space.cfg',
    ]);
    expect(first.contents.get(sha(files['web.cfg']!))).toBe(files['web.cfg']);
    expect(first.links).toEqual([
      { name: 'copy.cfg', target: '' },
      { name: 'web.cfg', target: '../web.cfg' },
    ]);
    const again = parseInventory(run(first.files.map((f) => f.hash)));
    expect(again.files).toEqual(first.files);
    expect(again.contents.size).toBe(0);
    const some = parseInventory(run([sha(files['web.cfg']!)]));
    expect([...some.contents.keys()].sort()).toEqual(
      [sha(files['db01']!), sha(files['with space.cfg']!), sha(files['$(touch CANARY)']!)].sort(),
    );
    // file names are data, never code
    expect(() => execFileSync('test', ['-e', join(dir, 'CANARY')])).toThrow();
  });

  it('known hashes arrive as arguments only (the script is constant)', () => {
    const argv = inventoryArgv(['not-a-hash; touch /tmp/x', sha('a')]);
    expect(argv.slice(0, 4)).toEqual(['sh', '-c', INVENTORY_SCRIPT, 'sh']);
    expect(argv.slice(4)).toEqual([sha('a')]);
  });
});
