#!/bin/bash
# XenDesk's real-Xen lab: a Debian 12 dom0 with Xen 4.17 (xl), booted under QEMU (TCG, no KVM needed),
# reachable over ssh on a 127.0.0.1 port. Used by the lab e2e suite (e2e/lab/, `npm run test:lab`).
#
#   lab.sh build        build the dom0 image once; cached OUTSIDE the clone, keyed by the recipe's hash
#   lab.sh boot         start QEMU daemonised (pidfile), wait for ssh, record + print the connection facts
#   lab.sh stop         poweroff over ssh, then SIGTERM / SIGKILL by the pidfile's PID (never by name)
#   lab.sh status       is it running? pid, port, QEMU RSS, cache size
#   lab.sh ssh ARGS...  run ssh into dom0 as root (e.g. `lab.sh ssh xl list`)
#   lab.sh env [--json] the connection facts: KEY=VALUE lines (or the JSON facts file)
#
# Needs root (debootstrap, chroot, mounts), a Debian 12 x86-64 host, ~5 GiB free RAM while booted, ~2 GiB disk.
# Host packages (qemu-system-x86, debootstrap, ...) are installed with apt-get when missing.
#
# Environment:
#   XENDESK_LAB_CACHE     cache root (default /var/cache/xendesk-lab); the image is in <root>/<hash>/
#   XENDESK_LAB_RUN       runtime dir: pidfile, disk overlay, serial log, facts (default <root>/<hash>/run)
#   XENDESK_LAB_SSH_PORT  host port forwarded to dom0's sshd, on 127.0.0.1 (default: a free port)
#   XENDESK_LAB_MEM (4096 MiB), XENDESK_LAB_SMP (2), XENDESK_LAB_DOM0_MEM (1536M),
#   XENDESK_LAB_WAIT (ssh wait, 900 s), XENDESK_LAB_STOP_WAIT (graceful poweroff wait, 60 s)
#   MIRROR / SECURITY_MIRROR, IMG_SIZE (8G), SUITE (bookworm): passed to build-image.sh (part of the key)
set -euo pipefail
LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

die() {
  echo "xendesk-lab: error: $*" >&2
  exit 1
}
note() { echo "xendesk-lab: $*" >&2; }
need_root() {
  [ "$(id -u)" = 0 ] || die "'lab.sh $CMD' must run as root (debootstrap, chroot, mounts, the image cache in /var/cache): try sudo -E $0 $CMD"
}
now_ms() { echo $(($(date +%s%N) / 1000000)); }
secs_since() { # secs_since START_MS -> "12.3"
  local d=$(($(now_ms) - $1))
  printf '%d.%d' $((d / 1000)) $((d % 1000 / 100))
}

# --- the cache key: every file that shapes the image, plus the build knobs ------------------------------------
IMG_SIZE=${IMG_SIZE:-8G}
SUITE=${SUITE:-bookworm}
export IMG_SIZE SUITE
recipe_hash() {
  (
    cd "$LAB_DIR"
    sha256sum build-image.sh make-guest-initrd.sh guest-configs/*
    echo "IMG_SIZE=$IMG_SIZE SUITE=$SUITE"
  ) | sha256sum | cut -c1-16
}
HASH=$(recipe_hash)
CACHE_ROOT=${XENDESK_LAB_CACHE:-/var/cache/xendesk-lab}
case "$CACHE_ROOT" in /*) ;; *) CACHE_ROOT=$PWD/$CACHE_ROOT ;; esac
CACHE=$CACHE_ROOT/$HASH
OUT=$CACHE/out
KEY=$CACHE/keys/id_ed25519
RUN=${XENDESK_LAB_RUN:-$CACHE/run}
PIDFILE=$RUN/qemu.pid
FACTS=$RUN/lab.json
QEMU_NAME=xendesk-lab-$HASH # in QEMU's argv: `stop` checks it before killing a PID

# --- host packages ------------------------------------------------------------------------------------------------
HOST_PKGS=(qemu-system-x86 qemu-utils debootstrap openssh-client e2fsprogs cpio gzip xz-utils iproute2 util-linux)
ensure_host_packages() {
  local missing=() p
  for p in "${HOST_PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  need_root
  note "installing host packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  mkdir -p "$CACHE_ROOT"
  local log=$CACHE_ROOT/host-apt.log
  { apt-get install -y -q --no-install-recommends "${missing[@]}" >"$log" 2>&1; } ||
    { apt-get update -q >>"$log" 2>&1 && apt-get install -y -q --no-install-recommends "${missing[@]}" >>"$log" 2>&1; } ||
    {
      tail -20 "$log" >&2
      die "installing host packages failed (log: $log)"
    }
}

# --- ssh into dom0 ---------------------------------------------------------------------------------------------------
lab_port() { # the port of the running lab (from the facts), else the requested one
  if [ -f "$RUN/ssh-port" ]; then cat "$RUN/ssh-port"; else echo "${XENDESK_LAB_SSH_PORT:-}"; fi
}
SSH_OPTS=(-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o BatchMode=yes)
dom0_ssh() { # dom0_ssh PORT CMD... (CMD is one remote shell line)
  local port=$1
  shift
  chmod 600 "$KEY" # ssh ignores a group/world-readable key
  # the master connection when there is one (else a normal login: ControlMaster=no never starts one).
  # ConnectTimeout also bounds the banner exchange: on a busy 2-core host a TCG dom0's sshd can take
  # over a minute to answer while it boots, and giving up early only queues more work for it
  ssh -i "$KEY" "${SSH_OPTS[@]}" -o ConnectTimeout="${SSH_CONNECT_TIMEOUT:-120}" \
    -o ControlMaster=no -o ControlPath="$(control_path "$port")" -p "$port" root@127.0.0.1 "$@"
}

# One long-lived OpenSSH master per boot (ControlPath in the run dir): test helpers multiplex over it
# instead of paying a full ssh handshake, which costs dom0 seconds of emulated CPU each time.
control_path() { echo "$RUN/cm-$1"; }
start_ssh_master() { # start_ssh_master PORT (detached from our stdio: callers may be reading pipes)
  chmod 600 "$KEY"
  ssh -i "$KEY" "${SSH_OPTS[@]}" -o ConnectTimeout=120 -o ServerAliveInterval=15 -o ServerAliveCountMax=8 \
    -o ControlMaster=yes -o ControlPersist=yes -o ControlPath="$(control_path "$1")" \
    -p "$1" -N -f root@127.0.0.1 </dev/null >/dev/null 2>&1 || note "no ssh master connection (helpers will log in each time)"
}
stop_ssh_master() { # stop_ssh_master PORT
  [ -S "$(control_path "$1")" ] || return 0
  ssh -o ControlPath="$(control_path "$1")" -O exit -p "$1" root@127.0.0.1 >/dev/null 2>&1 || true
  rm -f "$(control_path "$1")"
}

qemu_pid() { # prints the PID of OUR running QEMU, or fails
  [ -f "$PIDFILE" ] || return 1
  local pid
  pid=$(cat "$PIDFILE")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$QEMU_NAME" || return 1
  echo "$pid"
}

pick_port() { # a free TCP port on 127.0.0.1 (QEMU binds it; a lost race is retried by the caller)
  local p i
  for i in $(seq 1 50); do
    p=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
    if [ -z "$(ss -Hltn "( sport = :$p )" 2>/dev/null)" ]; then
      echo "$p"
      return 0
    fi
  done
  die "no free port found"
}

# --- commands ------------------------------------------------------------------------------------------------------------
cmd_build() {
  need_root
  ensure_host_packages
  mkdir -p "$CACHE_ROOT"
  exec 9>"$CACHE_ROOT/.lock-$HASH" # one build per recipe at a time (CI and a developer on one machine)
  flock 9
  if [ -f "$CACHE/.complete" ]; then
    note "image cached: $CACHE (recipe $HASH; built in $(cat "$CACHE/build-seconds" 2>/dev/null || echo '?') s)"
    return 0
  fi
  local tmp=$CACHE.building t0
  t0=$(now_ms)
  note "building the dom0 image (recipe $HASH) in $tmp: ~2-4 min"
  rm -rf "$CACHE" # a partial, never completed dir
  bash "$LAB_DIR/build-image.sh" "$tmp"
  rm -rf "$tmp/rootfs" # ~0.9 GB, only needed while building
  secs_since "$t0" >"$tmp/build-seconds"
  (cd "$LAB_DIR" && sha256sum build-image.sh make-guest-initrd.sh guest-configs/*) >"$tmp/recipe.sha256"
  touch "$tmp/.complete"
  mv "$tmp" "$CACHE"
  note "image built in $(cat "$CACHE/build-seconds") s: $CACHE ($(du -sh "$CACHE" | cut -f1) on disk)"
}

write_facts() { # write_facts PORT FINGERPRINT BOOT_SECONDS
  local pid
  pid=$(cat "$PIDFILE")
  cat >"$FACTS.tmp" <<EOF
{
  "address": "127.0.0.1",
  "port": $1,
  "user": "root",
  "keyPath": "$KEY",
  "hostKeyFingerprint": "$2",
  "pid": $pid,
  "bootSeconds": $3,
  "cacheDir": "$CACHE",
  "runDir": "$RUN",
  "serialLog": "$RUN/serial.log",
  "guestDir": "/root/guest",
  "controlPath": "$(control_path "$1")"
}
EOF
  mv "$FACTS.tmp" "$FACTS"
}

cmd_boot() {
  need_root
  ensure_host_packages
  [ -f "$CACHE/.complete" ] || die "no image for recipe $HASH in $CACHE_ROOT: run 'lab.sh build' first"
  local pid
  if pid=$(qemu_pid); then die "the lab is already running (QEMU pid $pid, port $(lab_port)): 'lab.sh stop' first"; fi
  local mem=${XENDESK_LAB_MEM:-4096} smp=${XENDESK_LAB_SMP:-2} dom0_mem=${XENDESK_LAB_DOM0_MEM:-1536M}
  local wait=${XENDESK_LAB_WAIT:-900} avail_mib
  avail_mib=$(($(awk '/^MemAvailable:/ {print $2}' /proc/meminfo) / 1024))
  ((avail_mib >= mem + 512)) || die "QEMU needs ${mem} MiB + headroom; only ${avail_mib} MiB available"
  mkdir -p "$RUN"
  rm -f "$PIDFILE" "$FACTS" "$RUN/ssh-port" "$RUN/serial.log" "$RUN/boot-seconds"
  # the cached image stays pristine: every boot writes to a fresh copy-on-write overlay
  rm -f "$RUN/dom0.qcow2"
  qemu-img create -q -f qcow2 -F raw -b "$OUT/dom0.img" "$RUN/dom0.qcow2"

  local xen_cmdline="dom0_mem=${dom0_mem},max:${dom0_mem} dom0_max_vcpus=2 console=com1 com1=115200,8n1 loglvl=all guest_loglvl=all noreboot"
  local dom0_cmdline="root=/dev/vda rw console=hvc0 net.ifnames=0 earlyprintk=xen"
  local port attempt t0 err
  for attempt in 1 2 3 4 5; do
    port=${XENDESK_LAB_SSH_PORT:-$(pick_port)}
    t0=$(now_ms)
    # CPU: SVM+NPT visible to Xen (Debian's Xen has no shadow paging, so HVM guests need HAP)
    if err=$(qemu-system-x86_64 \
      -name "$QEMU_NAME" -machine pc -accel tcg,thread=multi -cpu qemu64,+svm,+npt -smp "$smp" -m "$mem" \
      -kernel "$OUT/xen" -append "$xen_cmdline" \
      -initrd "$OUT/vmlinuz $dom0_cmdline,$OUT/initrd.img" \
      -drive file="$RUN/dom0.qcow2",format=qcow2,if=virtio,cache=unsafe \
      -netdev user,id=n0,hostfwd=tcp:127.0.0.1:"$port"-:22 -device virtio-net-pci,netdev=n0 \
      -display none -vga none -serial file:"$RUN/serial.log" \
      -monitor unix:"$RUN/monitor.sock",server,nowait \
      -pidfile "$PIDFILE" -daemonize 2>&1); then
      break
    fi
    if [ -n "${XENDESK_LAB_SSH_PORT:-}" ] || [ "$attempt" = 5 ]; then die "QEMU did not start: $err"; fi
    note "QEMU did not start on port $port ($err); another port"
  done
  echo "$port" >"$RUN/ssh-port"
  pid=$(cat "$PIDFILE")
  note "QEMU pid $pid, ssh on 127.0.0.1:$port, serial log $RUN/serial.log; waiting for ssh (~40-60 s)"
  # Ctrl-C or any failure before the facts are written must not leave QEMU behind
  trap 'exit 130' INT TERM
  trap 'rc=$?; if ((rc)); then note "boot failed or interrupted: stopping QEMU"; GRACEFUL=false cmd_stop >&2; fi' EXIT
  while ! dom0_ssh "$port" true 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -30 "$RUN/serial.log" >&2
      die "QEMU died while booting (serial log above: $RUN/serial.log)"
    fi
    if (($(now_ms) - t0 > wait * 1000)); then
      tail -30 "$RUN/serial.log" >&2
      die "no ssh after ${wait} s (serial log above)"
    fi
    sleep 2
  done
  local boot_s fp
  boot_s=$(secs_since "$t0")
  echo "$boot_s" >"$RUN/boot-seconds"
  start_ssh_master "$port"
  # dom0's own view of its host key (what a client must be shown), read over ssh
  fp=$(dom0_ssh "$port" ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub | awk '{print $2}')
  [[ "$fp" == SHA256:* ]] || die "could not read dom0's host key fingerprint (got '$fp')"
  write_facts "$port" "$fp" "$boot_s"
  trap - INT TERM EXIT
  note "dom0 up: boot-to-ssh ${boot_s} s"
  cmd_env
}

cmd_stop() {
  local pid port
  if ! pid=$(qemu_pid); then
    if [ -f "$PIDFILE" ]; then note "pid $(cat "$PIDFILE") is not a running lab QEMU: removing the stale pidfile"; fi
    rm -f "$PIDFILE" "$FACTS" "$RUN/ssh-port" "$RUN/dom0.qcow2" "$RUN"/cm-*
    echo "xendesk-lab: not running"
    return 0
  fi
  need_root
  port=$(lab_port)
  if [ "${GRACEFUL:-true}" = true ] && [ -n "$port" ]; then
    # destroy guests first (no save on shutdown), then a clean poweroff; the ssh session dies with dom0
    SSH_CONNECT_TIMEOUT=30 dom0_ssh "$port" \
      'for d in $(xl list | awk "NR>2 {print \$1}"); do xl destroy "$d"; done; poweroff' >/dev/null 2>&1 &
    local ssh_pid=$! i
    for i in $(seq 1 "${XENDESK_LAB_STOP_WAIT:-60}"); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 1
    done
    kill "$ssh_pid" 2>/dev/null || true
  fi
  if [ -n "$port" ]; then stop_ssh_master "$port"; fi
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    sleep 2
  fi
  if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  rm -f "$PIDFILE" "$FACTS" "$RUN/ssh-port" "$RUN/dom0.qcow2" "$RUN/monitor.sock"
  echo "xendesk-lab: stopped QEMU pid $pid"
}

cmd_status() {
  local pid
  echo "recipe:  $HASH"
  if [ -f "$CACHE/.complete" ]; then
    echo "image:   $CACHE ($(du -sh "$CACHE" 2>/dev/null | cut -f1) on disk; built in $(cat "$CACHE/build-seconds") s)"
  else
    echo "image:   not built (lab.sh build)"
  fi
  if pid=$(qemu_pid); then
    echo "state:   running: QEMU pid $pid, ssh 127.0.0.1:$(lab_port), RSS $(($(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status") / 1024)) MiB"
    [ -f "$FACTS" ] && echo "facts:   $FACTS" || echo "facts:   (booting)"
  else
    echo "state:   stopped"
    return 3
  fi
}

cmd_env() {
  [ -f "$FACTS" ] || die "the lab is not running (no $FACTS): 'lab.sh boot' first"
  if [ "${1:-}" = --json ]; then
    cat "$FACTS"
    return
  fi
  local fp
  fp=$(sed -n 's/.*"hostKeyFingerprint": "\(.*\)".*/\1/p' "$FACTS")
  printf 'XENDESK_LAB_FACTS=%q\n' "$FACTS"
  printf 'XENDESK_LAB_ADDRESS=127.0.0.1\nXENDESK_LAB_PORT=%s\nXENDESK_LAB_USER=root\n' "$(lab_port)"
  printf 'XENDESK_LAB_KEY=%q\nXENDESK_LAB_HOSTKEY=%q\n' "$KEY" "$fp"
}

cmd_ssh() {
  local port
  port=$(lab_port)
  [ -n "$port" ] && qemu_pid >/dev/null || die "the lab is not running: 'lab.sh boot' first"
  chmod 600 "$KEY"
  exec ssh -i "$KEY" "${SSH_OPTS[@]}" -o ControlMaster=no -o ControlPath="$(control_path "$port")" \
    -p "$port" root@127.0.0.1 "$@"
}

CMD=${1:-}
[ $# -gt 0 ] && shift
case "$CMD" in
  build) cmd_build ;;
  boot) cmd_boot ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  ssh) cmd_ssh "$@" ;;
  env) cmd_env "$@" ;;
  *)
    sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
