// The lab's guest configs (../../../../../shared/lab/guest-configs), byte-exact: the *.cfg
// files beside this module are the copies; labConfigs.test.ts checks these strings against them.
// Embedded so that the bundled sim (dist/backend/sim.cjs) needs no data files.

export const LAB_CONFIGS: Record<string, string> = {
  'hvm.cfg':
    '# HVM guest (needs SVM/VMX visible to Xen); boots the busybox initramfs via direct kernel boot\nname    = "hvm1"\ntype    = "hvm"\nkernel  = "/root/guest/vmlinuz"\nramdisk = "/root/guest/guest-initrd.img"\nextra   = "console=ttyS0 loglevel=4"\nmemory  = 256\nvcpus   = 1\nvif     = []\ndisk    = []\nserial  = "pty"\nvnc     = 1\nvnclisten = "127.0.0.1"\nvncdisplay = 2\nstdvga  = 1\n',
  'pv-disk.cfg':
    '# PV guest with a file-backed disk (xvda) and a vif on bridge xenbr0.\n# Run /root/guest/prepare-disk-net.sh in dom0 first (creates /var/tmp/d.img and xenbr0).\nname    = "pvdisk"\ntype    = "pv"\nkernel  = "/root/guest/vmlinuz"\nramdisk = "/root/guest/guest-initrd.img"\nextra   = "console=hvc0 quiet loglevel=4"\nmemory  = 128\nmaxmem  = 256\nvcpus   = 1\nmaxvcpus = 2\nvif     = [\'bridge=xenbr0,mac=00:16:3e:00:00:01\']\ndisk    = [\'format=raw,vdev=xvda,access=rw,target=/var/tmp/d.img\']\non_crash = "preserve"\n',
  'pv-tiny.cfg':
    '# tiny PV guest: dom0\'s kernel + busybox initramfs, console on hvc0\nname    = "pvtiny"\ntype    = "pv"\nkernel  = "/root/guest/vmlinuz"\nramdisk = "/root/guest/guest-initrd.img"\nextra   = "console=hvc0 quiet loglevel=4"\nmemory  = 128\nmaxmem  = 256\nvcpus   = 1\nmaxvcpus = 2\nvif     = []\ndisk    = []\non_crash = "preserve"\n',
  'pv-vfb.cfg':
    '# PV guest with a paravirtual framebuffer served over VNC by qemu-xen (qemu-system-xen) in dom0\nname    = "pvvfb"\ntype    = "pv"\nkernel  = "/root/guest/vmlinuz"\nramdisk = "/root/guest/guest-initrd.img"\nextra   = "console=hvc0 loglevel=4"\nmemory  = 128\nvcpus   = 1\nvif     = []\ndisk    = []\nvfb     = [ "vnc=1,vnclisten=127.0.0.1,vncdisplay=1" ]\nvkb     = [ "backend-type=qemu" ]\n',
};
