// The embedded lab configs are byte-identical to the seed/*.cfg copies.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAB_CONFIGS } from './seed/labConfigs';

describe('seed configs', () => {
  it('LAB_CONFIGS equals seed/*.cfg byte for byte', () => {
    const dir = path.join(__dirname, 'seed');
    const files = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.cfg'))
      .sort();
    expect(Object.keys(LAB_CONFIGS).sort()).toEqual(files);
    for (const f of files) expect(LAB_CONFIGS[f]).toBe(fs.readFileSync(path.join(dir, f), 'utf8'));
  });
});
