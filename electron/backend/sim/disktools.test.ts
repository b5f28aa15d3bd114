// The simulated dom0's disk and download tools (issue 6): qemu-img, LVM, curl/wget, df, block
// devices — with the wording, exit codes and file effects of Debian 12's tools.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simExec } from './exec';
import { newHost } from './testKit';

const GiB = 1024 ** 3;
let h: ReturnType<typeof newHost>;
let srv: http.Server;
let base: string;
const sh = (cmd: string) => simExec(h, cmd);

beforeAll(async () => {
  h = newHost();
  srv = http.createServer((req, res) => {
    if (req.url === '/tree/vmlinuz') res.end(Buffer.alloc(200_000, 9));
    else if (req.url === '/moved') {
      res.statusCode = 302;
      res.setHeader('location', '/tree/vmlinuz');
      res.end();
    } else {
      res.statusCode = 404;
      res.end('<html>not found</html>');
    }
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(srv.address() as { port: number }).port}`;
});
afterAll(() => {
  srv.close();
  h.cleanup();
});

describe('qemu-img', () => {
  it('create -f qcow2 writes a qcow2 v3 header, small on disk; info reads it back', async () => {
    const r = await sh('qemu-img create -f qcow2 /var/lib/xen/images/a.qcow2 10G');
    expect(r).toMatchObject({
      code: 0,
      stdout: `Formatting '/var/lib/xen/images/a.qcow2', fmt=qcow2 cluster_size=65536 extended_l2=off compression_type=zlib size=${10 * GiB} lazy_refcounts=off refcount_bits=16\n`,
    });
    const head = h.fs.readFile('/var/lib/xen/images/a.qcow2');
    expect(head.subarray(0, 4).toString('latin1')).toBe('QFI\xfb');
    expect(head.readUInt32BE(4)).toBe(3);
    expect(Number(head.readBigUInt64BE(24))).toBe(10 * GiB);
    expect(head.length).toBeLessThan(256 * 1024);
    const info = await sh('qemu-img info /var/lib/xen/images/a.qcow2');
    expect(info.stdout).toContain(`file format: qcow2\nvirtual size: 10 GiB (${10 * GiB} bytes)\n`);
  });

  it('create -f raw is sparse; bad size and missing files fail like qemu-img', async () => {
    expect((await sh('qemu-img create -q -f raw /var/lib/xen/images/r.img 3G')).code).toBe(0);
    expect((await sh('stat -c "%s %b" /var/lib/xen/images/r.img')).stdout).toBe(`${3 * GiB} 0\n`);
    expect((await sh('qemu-img create -f qcow2 /var/lib/xen/images/x.qcow2 lots')).code).toBe(1);
    const miss = await sh('qemu-img info /nope.img');
    expect(miss).toMatchObject({
      code: 1,
      stderr: "qemu-img: Could not open '/nope.img': Could not open '/nope.img': No such file or directory\n",
    });
  });
});

describe('LVM', () => {
  it('vgs / lvs show the demo volume group and its spare volume', async () => {
    expect((await sh('vgs')).stdout).toBe(
      '  VG  #PV #LV #SN Attr   VSize   VFree  \n  vg0   1   1   0 wz--n- <64.00g <60.00g\n'.replace(
        / +\n/g,
        '\n',
      ),
    );
    expect((await sh('vgs --noheadings --units b --nosuffix -o vg_name,vg_free')).stdout).toBe(
      `  vg0 ${(16383 - 1024) * 4 * 1024 * 1024}\n`,
    );
    expect((await sh('lvs --noheadings -o vg_name,lv_name')).stdout).toBe('  vg0 spare\n');
  });

  it('lvcreate makes a block device of the size, lvremove removes it; errors as LVM words them', async () => {
    expect(await sh('lvcreate --yes -L 5g -n data vg0')).toMatchObject({
      code: 0,
      stdout: '  Logical volume "data" created.\n',
    });
    expect((await sh('stat -L -c %F /dev/vg0/data; test -b /dev/mapper/vg0-data && echo blk')).stdout).toBe(
      'block special file\nblk\n',
    );
    expect((await sh('lvs --noheadings -o lv_name,lv_size vg0/data')).stdout).toBe('  data 5.00g\n');
    expect(await sh('lvcreate -L 1g -n data vg0')).toMatchObject({
      code: 5,
      stderr: '  Logical Volume "data" already exists in volume group "vg0"\n',
    });
    expect((await sh('lvcreate -L 100g -n big vg0')).stderr).toBe(
      '  Volume group "vg0" has insufficient free space (14079 extents): 25600 required.\n',
    );
    expect((await sh('lvcreate -L 1g -n x vg9')).stderr).toBe(
      '  Volume group "vg9" not found\n  Cannot process volume group vg9\n',
    );
    expect(await sh('lvremove -f /dev/vg0/data')).toMatchObject({
      code: 0,
      stdout: '  Logical volume "data" successfully removed.\n',
    });
    expect(h.fs.exists('/dev/vg0/data') || h.fs.exists('/dev/mapper/vg0-data')).toBe(false);
    expect(await sh('lvremove -f vg0/data')).toMatchObject({
      code: 5,
      stderr: '  Failed to find logical volume "vg0/data"\n',
    });
    expect((await sh('cat /etc/lvm/backup/vg0')).stdout).toContain('pe_count = 16383');
  });

  it('a volume a running domain uses cannot be removed; xl create takes it as a phy disk', async () => {
    await sh('lvcreate -L 1g -n used vg0');
    h.fs.writeFile(
      '/etc/xen/lvguest.cfg',
      'name = "lvguest"\nkernel = "/root/guest/vmlinuz"\nmemory = 64\ndisk = [ "format=raw, vdev=xvda, access=rw, backendtype=phy, target=/dev/vg0/used" ]\n',
    );
    expect((await sh('xl create /etc/xen/lvguest.cfg')).code).toBe(0);
    expect(await sh('lvremove -f vg0/used')).toMatchObject({
      code: 5,
      stderr: '  Logical volume vg0/used in use.\n',
    });
    expect((await sh('lvs --noheadings -o lv_name,lv_attr vg0/used')).stdout).toBe('  used -wi-ao----\n');
    await sh('xl destroy lvguest');
    expect((await sh('lvremove -f vg0/used')).code).toBe(0);
  });

  it("non-root users get LVM's refusal", async () => {
    const r = await simExec(h, 'vgs', {
      user: { name: 'alice', uid: 1000, home: '/home/alice', root: false } as never,
    });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('Permission denied');
  });
});

describe('curl and wget', () => {
  it('curl -fsSL -o fetches from loopback, follows redirects', async () => {
    expect((await sh(`curl -fsSL -o /tmp/k ${base}/moved`)).code).toBe(0);
    expect((await sh('stat -c %s /tmp/k')).stdout).toBe('200000\n');
  });

  it('curl fails like curl: 404 with -f (no file), unknown host, refused port', async () => {
    expect(await sh(`curl -fsSL -o /tmp/n ${base}/nope`)).toMatchObject({
      code: 22,
      stderr: 'curl: (22) The requested URL returned error: 404\n',
    });
    expect(h.fs.exists('/tmp/n')).toBe(false);
    expect(await sh('curl -fsSL -o /tmp/n http://deb.debian.org/debian/')).toMatchObject({
      code: 6,
      stderr: 'curl: (6) Could not resolve host: deb.debian.org\n',
    });
    expect((await sh('curl -fsSL -o /tmp/n http://127.0.0.1:9/')).code).toBe(7);
    // without -f the error page is saved as the file
    expect((await sh(`curl -s -o /tmp/page ${base}/nope`)).code).toBe(0);
    expect((await sh('cat /tmp/page')).stdout).toBe('<html>not found</html>');
  });

  it('wget -q -O: exit 8 on a 404, 4 without DNS, and the -O file is left empty', async () => {
    expect((await sh(`wget -q -O /tmp/w ${base}/tree/vmlinuz`)).code).toBe(0);
    expect((await sh('stat -c %s /tmp/w')).stdout).toBe('200000\n');
    expect(await sh(`wget -q -O /tmp/w404 ${base}/nope`)).toMatchObject({ code: 8, stderr: '' });
    expect((await sh('stat -c %s /tmp/w404')).stdout).toBe('0\n');
    expect((await sh('wget -q -O /tmp/wd http://deb.debian.org/x')).code).toBe(4);
  });
});

describe('df, block devices, boot output', () => {
  it('df -P -B1 has the 1-blocks header of GNU df', async () => {
    expect((await sh('df -P -B1 /var/lib/xen/images')).stdout.split('\n')[0]).toMatch(
      /^Filesystem +1-blocks +Used +Available +Capacity +Mounted on$/,
    );
  });

  it('xl refuses a kernel it has no loader for (an initrd picked as the kernel)', async () => {
    h.fs.writeFile(
      '/etc/xen/badk.cfg',
      'name = "badk"\nkernel = "/root/guest/guest-initrd.img"\nmemory = 64\n',
    );
    const r = await sh('xl create /etc/xen/badk.cfg');
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('xc_dom_find_loader: no loader found: Invalid kernel');
    expect((await sh('xl list badk')).code).toBe(1);
  });
});
