// The sandbox filesystem: every path, '..' and symlink stays below ROOT.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsError, SimFs, normalizeVirtual } from './fs';

let dir: string;
let sfs: SimFs;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simfs-'));
  sfs = new SimFs(path.join(dir, 'root'));
  fs.writeFileSync(path.join(dir, 'outside.txt'), 'secret');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('SimFs', () => {
  it('normalises lexically and never climbs above /', () => {
    expect(normalizeVirtual('../../a/./b/../c', '/x')).toBe('/a/c');
    expect(sfs.resolve('/../../outside.txt')).toBe(path.join(sfs.root, 'outside.txt'));
    expect(sfs.exists('/../outside.txt')).toBe(false);
  });

  it('resolves symlinks inside ROOT: absolute targets are virtual paths', () => {
    sfs.seedFile('/etc/xen/web.cfg', 'name="web"\n');
    sfs.seedSymlink('/etc/xen/web.cfg', '/etc/xen/auto/web.cfg');
    expect(sfs.readText('/etc/xen/auto/web.cfg')).toBe('name="web"\n');
    expect(sfs.readlink('/etc/xen/auto/web.cfg')).toBe('/etc/xen/web.cfg');
    expect(sfs.lstat('/etc/xen/auto/web.cfg').isSymlink).toBe(true);
    expect(sfs.realpath('/etc/xen/auto/web.cfg')).toBe('/etc/xen/web.cfg');
  });

  it('a symlink pointing outside (absolute host path or ../..) stays inside', () => {
    sfs.symlink(path.join(dir, 'outside.txt'), '/abs');
    sfs.symlink('../../../../../outside.txt', '/rel');
    expect(() => sfs.readText('/abs')).toThrow(FsError);
    expect(() => sfs.readText('/rel')).toThrow(FsError);
    expect(sfs.resolve('/rel')).toBe(path.join(sfs.root, 'outside.txt'));
  });

  it('symlink loops fail with ELOOP; NUL bytes are refused', () => {
    sfs.symlink('/b', '/a');
    sfs.symlink('/a', '/b');
    expect(() => sfs.readText('/a')).toThrow(/Too many levels of symbolic links/);
    expect(() => sfs.resolve('/x\0y')).toThrow(FsError);
  });

  it('rm -r of a symlinked directory removes the link, not the target', () => {
    sfs.seedFile('/data/keep', 'k');
    sfs.symlink('/data', '/lnk');
    sfs.rmRecursive('/lnk');
    expect(sfs.readText('/data/keep')).toBe('k');
  });

  it('errors carry strerror wording', () => {
    try {
      sfs.readText('/nope');
      expect.unreachable();
    } catch (e) {
      expect((e as FsError).reason).toBe('No such file or directory');
    }
  });

  it('cp --sparse=always of a big sparse image is quick and keeps the holes (copyFileAsync)', async () => {
    sfs.seedSparse('/var/lib/xen/images/big.img', 8 * 1024 * 1024 * 1024);
    fs.writeFileSync(path.join(sfs.root, 'var/lib/xen/images/small.img'), 'data');
    const t0 = Date.now();
    await sfs.copyFileAsync('/var/lib/xen/images/big.img', '/var/lib/xen/images/copy.img', { sparse: true });
    expect(Date.now() - t0).toBeLessThan(process.platform === 'linux' ? 5000 : 600000);
    expect(sfs.stat('/var/lib/xen/images/copy.img').size).toBe(8 * 1024 * 1024 * 1024);
    expect(sfs.stat('/var/lib/xen/images/copy.img').blocks).toBeLessThan(1024);
    sfs.mkdir('/var/tmp', { recursive: true });
    await sfs.copyFileAsync('/var/lib/xen/images/small.img', '/var/tmp', { sparse: true });
    expect(sfs.readText('/var/tmp/small.img')).toBe('data');
    await expect(sfs.copyFileAsync('/nope', '/x', { sparse: true })).rejects.toBeInstanceOf(FsError);
  });
});
