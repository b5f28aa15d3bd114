import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeFileAtomicSync } from './atomicFile';

describe('writeFileAtomicSync', () => {
  it('replaces the file whole, leaves no temp file, and keeps it private', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xd-atomic-'));
    const f = path.join(dir, 'sub', 'settings.json');
    writeFileAtomicSync(f, 'one');
    writeFileAtomicSync(f, 'two');
    expect(fs.readFileSync(f, 'utf8')).toBe('two');
    expect(fs.readdirSync(path.dirname(f))).toEqual(['settings.json']);
    if (process.platform !== 'win32') expect(fs.statSync(f).mode & 0o777).toBe(0o600);
  });
  it('keeps the old content when the rename fails', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xd-atomic-'));
    const f = path.join(dir, 'x');
    fs.mkdirSync(f); // a directory where the file should go: rename fails
    expect(() => writeFileAtomicSync(f, 'data')).toThrow();
    expect(fs.readdirSync(dir)).toEqual(['x']);
  });
});
