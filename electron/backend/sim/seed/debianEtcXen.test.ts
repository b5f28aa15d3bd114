// The embedded /etc/xen files are byte-identical to the copies taken from the lab dom0.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEBIAN_ETC_XEN } from './debianEtcXen';

describe('Debian /etc/xen', () => {
  it('DEBIAN_ETC_XEN equals seed/etc-xen/* byte for byte', () => {
    const dir = path.join(__dirname, 'etc-xen');
    const files = fs.readdirSync(dir).sort();
    expect(Object.keys(DEBIAN_ETC_XEN).sort()).toEqual(files);
    for (const f of files) expect(DEBIAN_ETC_XEN[f]).toBe(fs.readFileSync(path.join(dir, f), 'utf8'));
  });
});
