#!/bin/bash
# Build the XenDesk lab's dom0: Debian 12 + Xen 4.17 (xl toolstack) as a raw ext4 image, plus the boot
# artefacts QEMU needs (uncompressed multiboot Xen, dom0 kernel + initrd) and the busybox test guests.
# Called by `lab.sh build` (which decides where the output goes and caches it); not meant to be run alone.
#
# Usage: build-image.sh OUTDIR            (root; Debian 12 x86-64 host; host packages already installed)
#   OUTDIR/out/dom0.img          raw ext4 filesystem, no partition table (-> /dev/vda), sparse
#   OUTDIR/out/xen               gunzipped /boot/xen-4.17-amd64.gz (32-bit multiboot ELF)
#   OUTDIR/out/vmlinuz, initrd.img   dom0 kernel + initramfs
#   OUTDIR/out/guest-initrd.img  busybox initramfs for the test guests (also in the image)
#   OUTDIR/keys/id_ed25519       ssh key authorised for root@dom0 (created here)
#   OUTDIR/logs/                 debootstrap / apt logs
#   inside the image: /root/guest/{vmlinuz,guest-initrd.img,*.cfg,prepare-disk-net.sh}
#
# Everything that changes the image lives in this directory and is part of lab.sh's cache key.
# Env: MIRROR / SECURITY_MIRROR (default: the host's apt configuration), IMG_SIZE (8G), SUITE (bookworm).
set -euo pipefail
LAB_DIR=$(cd "$(dirname "$0")" && pwd)
die() {
  echo "xendesk-lab: error: $*" >&2
  exit 1
}
[ "$(id -u)" = 0 ] || die "build-image.sh must run as root"
[ $# = 1 ] || die "usage: build-image.sh OUTDIR"
DEST=$1
OUT=$DEST/out
KEYS=$DEST/keys
LOGS=$DEST/logs
ROOT=$DEST/rootfs
IMG_SIZE=${IMG_SIZE:-8G}
SUITE=${SUITE:-bookworm}
mkdir -p "$OUT" "$KEYS" "$LOGS"

# --- Debian mirror: the host's own apt configuration (deb822 first, then one-line format) ---------------
apt_uris() {
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] && awk 'tolower($1)=="uris:" {for (i=2;i<=NF;i++) print $i}' "$f"
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] && awk '$1=="deb" { for (i=2;i<=NF;i++) if ($i ~ /^[a-z+]+:\/\//) { print $i; break } }' "$f"
  done
  return 0
}
if [ -z "${MIRROR:-}" ]; then
  MIRROR=$(apt_uris | grep -v -- '-security' | head -1 || true)
fi
[ -n "${MIRROR:-}" ] || die "cannot derive a Debian mirror from /etc/apt; set MIRROR=<url of a Debian archive>"
MIRROR=${MIRROR%/}
SECURITY_MIRROR=${SECURITY_MIRROR:-$(apt_uris | grep -- '-security' | head -1 || true)}
SECURITY_MIRROR=${SECURITY_MIRROR%/}

T0=$(date +%s)
log() { echo "[build +$(($(date +%s) - T0))s] $*"; }
log "dest=$DEST mirror=$MIRROR security=${SECURITY_MIRROR:-none}"

[ -f "$KEYS/id_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C xendesk-lab -f "$KEYS/id_ed25519"
chmod 600 "$KEYS/id_ed25519"

cleanup_mounts() {
  local m
  for m in dev/pts dev proc sys; do
    if mountpoint -q "$ROOT/$m"; then umount -l "$ROOT/$m" || true; fi
  done
}
trap cleanup_mounts EXIT

# --- 1. minimal Debian ------------------------------------------------------------------------------------
if [ ! -f "$ROOT/.debootstrap-done" ]; then
  log "debootstrap $SUITE -> $ROOT"
  cleanup_mounts
  rm -rf "$ROOT"
  debootstrap --variant=minbase \
    --include=systemd-sysv,udev,kmod,ifupdown,isc-dhcp-client,iproute2,openssh-server,procps,less,netcat-openbsd,ca-certificates \
    "$SUITE" "$ROOT" "$MIRROR" >"$LOGS/debootstrap.log" 2>&1 ||
    {
      tail -30 "$LOGS/debootstrap.log"
      die "debootstrap failed (log: $LOGS/debootstrap.log)"
    }
  touch "$ROOT/.debootstrap-done"
fi

# --- 2. kernel + Xen in a chroot ----------------------------------------------------------------------------
log "chroot: install kernel + xen"
mount -t proc proc "$ROOT/proc"
mount -t sysfs sys "$ROOT/sys"
mount --bind /dev "$ROOT/dev"
mount --bind /dev/pts "$ROOT/dev/pts"
printf '#!/bin/sh\nexit 101\n' >"$ROOT/usr/sbin/policy-rc.d" # no daemons started inside the chroot
chmod +x "$ROOT/usr/sbin/policy-rc.d"
{
  echo "deb $MIRROR $SUITE main"
  echo "deb $MIRROR $SUITE-updates main"
  if [ -n "$SECURITY_MIRROR" ]; then echo "deb $SECURITY_MIRROR $SUITE-security main"; fi
} >"$ROOT/etc/apt/sources.list"
chroot "$ROOT" apt-get update -q >"$LOGS/chroot-apt.log" 2>&1 ||
  {
    tail -20 "$LOGS/chroot-apt.log"
    die "apt-get update in chroot failed"
  }
DEBIAN_FRONTEND=noninteractive chroot "$ROOT" apt-get install -y -q --no-install-recommends \
  linux-image-amd64 initramfs-tools xen-hypervisor-4.17-amd64 xen-utils-4.17 xen-utils-common \
  xen-hypervisor-common qemu-system-xen bridge-utils busybox-static cpio python3 e2fsprogs bc \
  >>"$LOGS/chroot-apt.log" 2>&1 ||
  {
    tail -40 "$LOGS/chroot-apt.log"
    die "package install in chroot failed (log: $LOGS/chroot-apt.log)"
  }
chroot "$ROOT" apt-get clean
rm -f "$ROOT/usr/sbin/policy-rc.d"

# --- 3. dom0 configuration ----------------------------------------------------------------------------------
log "configure dom0"
echo xendom0 >"$ROOT/etc/hostname"
printf '127.0.0.1 localhost\n127.0.1.1 xendom0\n' >"$ROOT/etc/hosts"
echo '/dev/vda / ext4 defaults,errors=remount-ro 0 1' >"$ROOT/etc/fstab"
cat >"$ROOT/etc/network/interfaces" <<'EON'
auto lo
iface lo inet loopback
auto eth0
iface eth0 inet dhcp
EON
mkdir -p "$ROOT/root/.ssh"
chmod 700 "$ROOT/root/.ssh"
cp "$KEYS/id_ed25519.pub" "$ROOT/root/.ssh/authorized_keys"
chmod 600 "$ROOT/root/.ssh/authorized_keys"
echo 'root:root' | chroot "$ROOT" chpasswd
# faster ssh logins under emulation
sed -i 's/^#\?UseDNS.*/UseDNS no/' "$ROOT/etc/ssh/sshd_config"
grep -q '^UseDNS' "$ROOT/etc/ssh/sshd_config" || echo 'UseDNS no' >>"$ROOT/etc/ssh/sshd_config"
# autologin root on the dom0 console (hvc0), for debugging through the serial log
mkdir -p "$ROOT/etc/systemd/system/serial-getty@hvc0.service.d"
cat >"$ROOT/etc/systemd/system/serial-getty@hvc0.service.d/autologin.conf" <<'EON'
[Service]
ExecStart=
ExecStart=-/sbin/agetty --autologin root --keep-baud 115200,38400,9600 %I $TERM
EON
# the xen daemons (xenstored/xenconsoled via xencommons) must start at boot
for s in xen xencommons xendomains xenconsoled xenstored xen-init-dom0 xen-watchdog; do
  if [ -e "$ROOT/lib/systemd/system/$s.service" ] || [ -e "$ROOT/etc/init.d/$s" ]; then
    chroot "$ROOT" systemctl enable "$s" >/dev/null 2>&1 || true
  fi
done
# xendomains must not save/restore guests on dom0 shutdown (the lab's poweroff must be quick)
if [ -f "$ROOT/etc/default/xendomains" ]; then
  sed -i 's/^XENDOMAINS_SAVE=.*/XENDOMAINS_SAVE=""/' "$ROOT/etc/default/xendomains"
fi

# --- 4. test guests: dom0's kernel + a busybox initramfs ------------------------------------------------------
log "guest initramfs (busybox)"
KVER=$(find "$ROOT/lib/modules" -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -V | tail -1)
"$LAB_DIR/make-guest-initrd.sh" "$ROOT" "$OUT/guest-initrd.img"
mkdir -p "$ROOT/root/guest"
cp "$OUT/guest-initrd.img" "$ROOT/root/guest/guest-initrd.img"
cp "$ROOT/boot/vmlinuz-$KVER" "$ROOT/root/guest/vmlinuz"
cp "$LAB_DIR"/guest-configs/*.cfg "$LAB_DIR"/guest-configs/*.sh "$ROOT/root/guest/"
chmod +x "$ROOT"/root/guest/*.sh

# --- 5. boot artefacts + the image ------------------------------------------------------------------------------
log "export boot artefacts"
XENGZ=$(find "$ROOT/boot" -maxdepth 1 -name 'xen-4.17*-amd64.gz' | sort | head -1)
[ -n "$XENGZ" ] || die "no /boot/xen-4.17*-amd64.gz in the rootfs"
gunzip -c "$XENGZ" >"$OUT/xen"
cp "$ROOT/boot/vmlinuz-$KVER" "$OUT/vmlinuz"
cp "$ROOT/boot/initrd.img-$KVER" "$OUT/initrd.img"
cleanup_mounts
log "make ext4 image ($IMG_SIZE, sparse) with mkfs.ext4 -d"
rm -f "$OUT/dom0.img"
truncate -s "$IMG_SIZE" "$OUT/dom0.img"
mkfs.ext4 -q -F -L dom0root -d "$ROOT" "$OUT/dom0.img"
# the host keys that sshd in dom0 will present: recorded so a test can compare without booting
ssh-keygen -lf "$ROOT/etc/ssh/ssh_host_ed25519_key.pub" >"$OUT/ssh_host_ed25519_key.fingerprint"
log "done in $(($(date +%s) - T0))s"
