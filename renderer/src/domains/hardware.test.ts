import { describe, expect, it } from 'vitest';
import type { DomainRow } from '../../../shared/types';
import { readXlCfgText } from '../../../shared/xen/xlcfgRead';
import { hardwareOf, vncPort } from './hardware';

const row = { name: 'w', type: 'hvm' } as DomainRow;

const WEB = `name = "webserver"
type = "hvm"
disk = [ 'format=raw,vdev=xvda,access=rw,target=/var/lib/xen/images/webserver.img',
         'format=raw,vdev=xvdc,access=ro,devtype=cdrom,target=/iso/debian.iso',
         ',,hdd,cdrom' ]
vif = [ 'mac=00:16:3e:5a:10:01,bridge=xenbr0,model=e1000' ]
vnc = 1
vnclisten = "127.0.0.1"
vncunused = 1
`;

describe('hardwareOf', () => {
  it('reads disks, CD drives, NICs and the VNC display from the config file', () => {
    const hw = hardwareOf({ row, config: null, cfg: readXlCfgText(WEB) });
    expect(hw.from).toBe('file');
    expect(hw.disks.map((d) => [d.vdev, d.target, d.format, d.access, d.cdrom])).toEqual([
      ['xvda', '/var/lib/xen/images/webserver.img', 'raw', 'rw', false],
      ['xvdc', '/iso/debian.iso', 'raw', 'ro', true],
      ['hdd', null, null, 'ro', true],
    ]);
    expect(hw.nics).toEqual([
      {
        index: 0,
        mac: '00:16:3e:5a:10:01',
        bridge: 'xenbr0',
        model: 'e1000',
        script: null,
        type: null,
        spec: 'mac=00:16:3e:5a:10:01,bridge=xenbr0,model=e1000',
      },
    ]);
    expect(hw.displays).toEqual([
      { source: 'hvm', enabled: true, listen: '127.0.0.1', display: null, findUnused: true },
    ]);
  });

  it('prefers the live configuration of a running domain and keeps the file’s specs', () => {
    const hw = hardwareOf({
      row: { ...row, type: 'pv' },
      cfg: readXlCfgText(
        `name="p"\nkernel="/k"\ndisk=['/var/tmp/d.img,raw,xvda,w']\nvfb=['vnc=1,vnclisten=0.0.0.0,vncdisplay=3']\n`,
      ),
      config: {
        name: 'p',
        type: 'pv',
        maxMemKiB: null,
        targetMemKiB: null,
        disks: [
          {
            vdev: 'xvda',
            pdevPath: '/var/tmp/d.img',
            format: 'raw',
            readwrite: true,
            isCdrom: false,
            backend: 'qdisk',
          },
        ],
        nics: [{ devid: 0, mac: '00:16:3e:00:00:01', bridge: 'xenbr0' }],
        vfbs: [{ vnc: { enable: true, listen: '0.0.0.0', display: 3 } }],
      },
    });
    expect(hw.from).toBe('live');
    expect(hw.disks[0]).toMatchObject({
      vdev: 'xvda',
      target: '/var/tmp/d.img',
      access: 'rw',
      backend: 'qdisk',
      spec: '/var/tmp/d.img,raw,xvda,w',
    });
    expect(hw.nics[0]).toMatchObject({ index: 0, mac: '00:16:3e:00:00:01', bridge: 'xenbr0', model: null });
    expect(hw.displays).toEqual([
      { source: 'vfb', enabled: true, listen: '0.0.0.0', display: 3, findUnused: false },
    ]);
    expect(vncPort(3)).toBe(5903);
    expect(vncPort(null)).toBeNull();
  });

  it('has nothing to show without a configuration', () => {
    expect(hardwareOf({ row, config: null, cfg: null })).toEqual({
      from: 'none',
      disks: [],
      nics: [],
      displays: [],
    });
  });
});
