# Shared helpers for nova-gpu's scripts. Source it; it defines functions and
# variables only.

NOVA_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
NOVA_CACHE=${NOVA_CACHE:-$HOME/.cache/nova-gpu}
mkdir -p "$NOVA_CACHE/downloads" "$NOVA_CACHE/stamps" "$NOVA_CACHE/build"

# This checkout's key, a hash of its path: every build tree made from this
# checkout carries it, so that two checkouts on one machine never share (and
# race on) a build tree. The engines build in $NOVA_CACHE/build/engines-KEY
# (scripts/build-tools.sh); QEMU's patched source copy and its build trees
# live in NOVA_CHECKOUT_CACHE (scripts/build-qemu.sh):
#   checkouts/KEY/src/qemu-VERSION            the pinned source, patched and
#                                             linked to this checkout
#   checkouts/KEY/build/qemu-VERSION-VARIANT  its build trees (default, asan)
#   checkouts/KEY/build/current-VARIANT       the one built last of VARIANT
# Every checkout has the same layout at the same depth, so that ccache
# (CCACHE_BASEDIR=NOVA_CHECKOUT_CACHE) serves one checkout's objects to
# another.
NOVA_KEY=$(printf '%s' "$NOVA_ROOT" | sha1sum | cut -c1-10)
NOVA_CHECKOUT_CACHE="$NOVA_CACHE/checkouts/$NOVA_KEY"

nova_log() { printf '[%s] %s\n' "${NOVA_LOG_TAG:-nova-gpu}" "$*" >&2; }
nova_die() { nova_log "error: $*"; exit 1; }

# The Debian mirror the machine is configured with (written by setup-apt.sh).
nova_mirror() {
    [ -s "$NOVA_CACHE/stamps/mirror" ] || bash "$NOVA_ROOT/scripts/setup-apt.sh"
    cat "$NOVA_CACHE/stamps/mirror"
}

# nova_fetch POOL_PATH SHA256: download a file from the Debian pool into the
# download cache (once), verify it, and print its local path.
nova_fetch() {
    local path=$1 sum=$2 name dest url
    name=$(basename "$path")
    dest="$NOVA_CACHE/downloads/$name"
    if [ -f "$dest" ] && echo "$sum  $dest" | sha256sum -c --status; then
        echo "$dest"; return 0
    fi
    url="$(nova_mirror)/$path"
    nova_log "downloading $name"
    if ! curl -fL --retry 3 -sS -o "$dest.part" "$url"; then
        rm -f "$dest.part"
        nova_die "download of $name failed. The pinned version may have left the archive; update the pin in $NOVA_ROOT/scripts/versions.sh"
    fi
    if ! echo "$sum  $dest.part" | sha256sum -c --status; then
        rm -f "$dest.part"
        nova_die "$name does not match its pinned sha256 $sum"
    fi
    mv "$dest.part" "$dest"
    echo "$dest"
}

# nova_qemu_build [VARIANT]: this checkout's QEMU build tree of VARIANT
# (default, asan), the one scripts/build-qemu.sh made last; it may not be
# built yet
nova_qemu_build() { echo "$NOVA_CHECKOUT_CACHE/build/current-${1:-default}"; }

# nova_qemu_python BUILD: the python/ directory of the QEMU source BUILD was
# configured from (QEMU's own QMP client, qemu.qmp, is there), for PYTHONPATH
nova_qemu_python() {
    local src
    src=$(sed -n 's/^SRC_PATH=//p' "$1/config-host.mak" 2>/dev/null)
    [ -n "$src" ] && [ -f "$src/python/qemu/qmp/__init__.py" ] ||
        nova_die "no QEMU Python QMP client (python/qemu/qmp) in the source of $1"
    echo "$src/python"
}

# nova_qmp SOCKET COMMAND...: run commands on a QEMU's QMP socket
# (-qmp unix:SOCKET,server=on,wait=off) with QEMU's own client (qemu.qmp,
# from the source tree of the build NOVA_QMP_BUILD if it is one, else of
# this checkout's default build). A COMMAND is HMP ("info status", "stop"),
# sent through QMP's human-monitor-command; its output is printed. HMP's
# "migrate" waits for the migration to end, as it does on a terminal (over
# QMP it would go on detached). No timeout: a migration takes as long as the
# machine's load makes it; the QEMU behind the socket runs under a hang
# guard, and the socket closes when it ends. A command that fails (an error
# reply, or QEMU gone) stops the list: printed to stderr, status 1.
# With COMMAND "-", the commands are read from stdin, one a line, each run
# as it comes: a client started before the moment it is needed (starting
# Python takes seconds on a loaded machine). "until REGEX COMMAND" runs the
# HMP COMMAND every 50 ms until its output matches REGEX (Python's re, one
# word), then prints that output: a wait for the device to reach a state
# ("until stalled info nova-gpu"); it ends with an error if QEMU does.
nova_qmp() {
    local py build=${NOVA_QMP_BUILD:-}
    [ -f "$build/config-host.mak" ] || build=$(nova_qemu_build default)
    py=$(nova_qemu_python "$build") || return 1
    # (the script is an argument: stdin may be the commands)
    PYTHONPATH="$py${PYTHONPATH:+:$PYTHONPATH}" /usr/bin/python3 -c "$(cat <<'PY'
import re, sys, time
from qemu.qmp.legacy import QEMUMonitorProtocol
qmp = QEMUMonitorProtocol(sys.argv[1])
qmp.connect()
status = 0
cmds = sys.argv[2:]
if cmds == ["-"]:
    cmds = (line.rstrip("\n") for line in sys.stdin)
for cmd in cmds:
    try:
        if cmd == "quit":     # QEMU may end before it answers
            qmp.cmd("quit")
            break
        words = cmd.split()
        if words[0] == "until":
            while not re.search(words[1], out := qmp.cmd(
                    "human-monitor-command", **{"command-line": " ".join(words[2:])})):
                time.sleep(0.05)
            print(out, end="", flush=True)
            continue
        print(qmp.cmd("human-monitor-command", **{"command-line": cmd}), end="", flush=True)
        if words[0] == "migrate" and "-d" not in words:
            while qmp.cmd("query-migrate").get("status") not in \
                    ("completed", "failed", "cancelled"):
                time.sleep(0.1)
    except Exception as e:    # an error reply, or QEMU ended
        if cmd != "quit":
            print(f"{cmd}: {e!r}", file=sys.stderr)
            status = 1
        break
try:
    qmp.close()
except Exception:
    pass
sys.exit(status)
PY
)" "$@"
}

# The chip table (common/chip.c), the one source of chip facts: scripts and
# tests ask for them rather than copy them. nova_chip_table prints it, one
# line of shell assignments a chip (nova-fwgen chips: name=tu102 ...
# boot_0=0x162000a1 ... vbios_version=90.02.4e.56.01 ...), building the
# engines tree if needed (scripts/build-tools.sh), once a process tree: the
# table is kept in NOVA_CHIP_TABLE, exported to the scripts this one runs.
nova_chip_table() {
    local b
    if [ -z "${NOVA_CHIP_TABLE:-}" ]; then
        b=$(bash "$NOVA_ROOT/scripts/build-tools.sh") || nova_die "cannot build nova-fwgen for the chip table"
        NOVA_CHIP_TABLE=$("$b/nova-fwgen" chips) && [ -n "$NOVA_CHIP_TABLE" ] ||
            nova_die "nova-fwgen chips failed"
        export NOVA_CHIP_TABLE
    fi
    printf '%s\n' "$NOVA_CHIP_TABLE"
}
# nova_chip_names: every chip's name, blank-separated, the table's order
nova_chip_names() {
    nova_chip_table >/dev/null    # in this shell: a failure stops it
    nova_chip_table | sed 's/^name=\([^ ]*\) .*/\1/' | paste -sd' '
}
# nova_chip_fact CHIP FIELD: one fact of CHIP (a field of nova-fwgen chips)
nova_chip_fact() {
    local line
    nova_chip_table >/dev/null
    line=$(nova_chip_table | grep "^name=$1 ") ||
        nova_die "unknown chip '$1' (known: $(nova_chip_names))"
    # shellcheck disable=SC1090,SC2030  # nova-fwgen's own assignments, in a subshell
    (eval "$line" && [ -n "${!2+set}" ] && printf '%s\n' "${!2}") ||
        nova_die "the chip table has no field '$2'"
}
