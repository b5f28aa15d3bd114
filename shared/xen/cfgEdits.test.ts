import { describe, expect, it } from 'vitest';
import {
  addDisk,
  addVif,
  cloneConfig,
  cloneDiskPath,
  randomXenMac,
  removeDisk,
  removeVif,
  renameConfig,
  setNumbers,
} from './cfgEdits';
import { readXlCfgText } from './xlcfgRead';

const WEB = `# Debian web server (HVM)
name       = "webserver"
type       = "hvm"
memory     = 512
vcpus      = 2
uuid       = "11111111-2222-3333-4444-555555555555"
disk       = [ 'format=raw,vdev=xvda,access=rw,target=/var/lib/xen/images/webserver.img',
               'format=raw,vdev=xvdc,access=ro,devtype=cdrom,target=/var/lib/xen/iso/d.iso' ]
vif        = [ 'mac=00:16:3e:5a:10:01,bridge=xenbr0,model=e1000' ]
vnc        = 1   # keep me
`;

describe('config edits change only what they touch', () => {
  it('setNumbers', () => {
    const out = setNumbers(WEB, { memory: 1024, maxmem: 2048 });
    expect(out).toContain('memory     = 1024\n');
    expect(out).toContain('maxmem');
    expect(out.replace('memory     = 1024\n', 'memory     = 512\n').replace(/maxmem.*\n/, '')).toBe(WEB);
    expect(readXlCfgText(out)).toMatchObject({ memory: 1024, maxmem: 2048 });
  });

  it('add and remove a disk by vdev (legacy specs too)', () => {
    const added = addDisk(WEB, 'format=raw, vdev=xvdb, access=rw, target=/srv/data.img');
    expect(readXlCfgText(added).disks!.map((d) => d.vdev)).toEqual(['xvda', 'xvdc', 'xvdb']);
    expect(added).toContain('# Debian web server (HVM)');
    expect(added).toContain('vnc        = 1   # keep me');
    expect(() => addDisk(WEB, 'vdev=xvda,target=/x')).toThrow(/already has a disk xvda/);
    expect(readXlCfgText(removeDisk(added, 'xvdb')).disks!.map((d) => d.vdev)).toEqual(['xvda', 'xvdc']);
    const legacy = `disk = [ 'file:/img/a.img,xvda,w', 'file:/x.iso,hdc:cdrom,r' ]\n`;
    expect(removeDisk(legacy, 'hdc')).toBe(`disk = [ 'file:/img/a.img,xvda,w' ]\n`);
    expect(removeDisk(legacy, 'xvdz')).toBe(legacy);
    expect(readXlCfgText(addDisk('name="x"\n', 'vdev=xvda, target=/a')).disks).toHaveLength(1);
  });

  it('add and remove a vif', () => {
    const added = addVif(WEB, 'mac=00:16:3e:00:00:09,bridge=xenbr0');
    expect(readXlCfgText(added).vifs!.map((v) => v.mac)).toEqual(['00:16:3e:5a:10:01', '00:16:3e:00:00:09']);
    expect(readXlCfgText(removeVif(added, '00:16:3E:5A:10:01')).vifs!.map((v) => v.mac)).toEqual([
      '00:16:3e:00:00:09',
    ]);
    expect(readXlCfgText(removeVif(added, 1)).vifs).toHaveLength(1);
  });

  it('rename', () => {
    expect(renameConfig(WEB, 'web2')).toBe(WEB.replace('"webserver"', '"web2"'));
  });

  it('clone: new name, uuid, MACs and the copied disk; the shared ISO stays', () => {
    const out = cloneConfig(WEB, {
      name: 'web2',
      uuid: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
      newMac: () => '00:16:3e:01:02:03',
      disks: new Map([['/var/lib/xen/images/webserver.img', '/var/lib/xen/images/web2.img']]),
    });
    const sem = readXlCfgText(out);
    expect(sem).toMatchObject({ name: 'web2', uuid: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee', memory: 512 });
    expect(sem.disks!.map((d) => d.target)).toEqual([
      '/var/lib/xen/images/web2.img',
      '/var/lib/xen/iso/d.iso',
    ]);
    expect(sem.vifs![0]).toMatchObject({ mac: '00:16:3e:01:02:03', bridge: 'xenbr0', model: 'e1000' });
    expect(out).toContain('vnc        = 1   # keep me');
    // no uuid in the source: none added (xl makes one)
    expect(cloneConfig('name="a"\n', { name: 'b', uuid: 'u', newMac: () => 'm', disks: new Map() })).toBe(
      'name="b"\n',
    );
  });

  it('clone disk paths', () => {
    expect(cloneDiskPath('/var/lib/xen/images/webserver.img', 'webserver', 'web2', 'xvda')).toBe(
      '/var/lib/xen/images/web2.img',
    );
    expect(cloneDiskPath('/var/tmp/d.img', 'pvdisk', 'pvdisk2', 'xvda')).toBe('/var/tmp/pvdisk2-xvda.img');
    expect(cloneDiskPath('/srv/disk', 'a', 'b', 'xvdb')).toBe('/srv/b-xvdb.img');
  });

  it('random MACs are in 00:16:3e and unicast', () => {
    for (let i = 0; i < 50; i++)
      expect(randomXenMac()).toMatch(/^00:16:3e:[0-7][0-9a-f]:[0-9a-f]{2}:[0-9a-f]{2}$/);
  });
});
