#!/bin/bash
# lava-local.sh: a whole LAVA lab on this machine (server, scheduler, worker
# and one nova-gpu QEMU device), from Debian's packages, without systemd.
#
# usage: lava-local.sh setup  [--qemu PATH]   install, start, configure (idempotent)
#        lava-local.sh install                 the Debian packages only
#        lava-local.sh start  [--qemu PATH]   start (and configure) what is not running
#        lava-local.sh stop                    stop what this script started
#        lava-local.sh status                  the services and the device
#        lava-local.sh submit [--timeout S] [--results FILE] JOB.yaml
#                                              submit, wait, print health and results
#                                              (FILE: the results as lavacli's YAML)
#        lava-local.sh smoke  [--timeout S] [--chip CHIP] [--kernel VMLINUZ]
#                             [--ramdisk CPIO[.zst|.gz|.xz]] [--repo GIT-URL] [--qemu PATH]
#                                              examples/smoke-job.yaml, filled in, submitted
#
# Environment (each also has a default):
#   NOVA_QEMU        the QEMU the device runs (default this checkout's build,
#                    scripts/lib.sh's nova_qemu_build default); --qemu wins
#   NOVA_LAVA_DIR    logs, pid files, tokens, the worker's job directories
#                    (default $NOVA_CACHE/lava, NOVA_CACHE ~/.cache/nova-gpu)
#   NOVA_LAVA_PORT   where gunicorn (the server) listens on 127.0.0.1 (8000)
#
# Why not systemd: neither this machine nor CI runs it as PID 1, so the
# services are started here with the very commands of Debian's units
# (/lib/systemd/system/lava-*.service), each in its own session (setsid), its
# pid in $NOVA_LAVA_DIR/run. `stop` ends those process groups and nothing else.
# There is no Apache in front: the worker and lavacli talk to gunicorn
# directly (the web UI's static files are not served; nothing here needs them).
# lava-publisher runs too: with it (and EVENT_NOTIFICATION) the scheduler
# hears of a submitted job at once instead of on its 20 s tick.
# Not started, because nothing needs them: lava-celery-worker (Debian's
# settings run celery's tasks in the server process: CELERY_TASK_ALWAYS_EAGER),
# lava-coordinator (multinode jobs), lava-dispatcher-host (udev hooks for USB
# boards).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)

NOVA_CACHE=${NOVA_CACHE:-$HOME/.cache/nova-gpu}
LAVA_DIR=${NOVA_LAVA_DIR:-$NOVA_CACHE/lava}
PORT=${NOVA_LAVA_PORT:-8000}
URL=http://127.0.0.1:$PORT
IDENTITY=nova-local          # the lavacli identity (~/.config/lavacli.yaml)
WORKER=nova-local            # the worker's name on the server
DEVICE=nova-gpu-01           # devices/$DEVICE.jinja2
ADMIN="admin"                # the superuser that owns the API token
RUN=$LAVA_DIR/run            # pid files
LOGS=$LAVA_DIR/logs
# Hang guards (seconds): a service that does not come up, a job that does not end.
START_GUARD=${NOVA_LAVA_START_GUARD:-120}
JOB_GUARD=${NOVA_LAVA_JOB_GUARD:-1800}

# Debian's Python, the one with LAVA's modules (django, yaml): not whatever
# python3 comes first in PATH (pyenv, a virtualenv).
PY=/usr/bin/python3

say() { echo "lava-local: $*" >&2; }
die() { say "error: $*"; exit 1; }

qemu_default() {
    # The checkout's own QEMU build, as scripts/run.sh and the guest tests use it.
    # shellcheck source=../../scripts/lib.sh
    (cd "$repo" && . scripts/lib.sh && echo "$(nova_qemu_build default)/qemu-system-x86_64")
}
QEMU=${NOVA_QEMU:-}

# --- install -----------------------------------------------------------------

PACKAGES=(lava-server lava-dispatcher lavacli)
# Tools the jobs need beyond the packages' own dependencies (lava-dispatcher
# only recommends them): git for the test definitions (from: git), zstd for
# compression: zstd images, cpio for overlays appended to an initramfs.
TOOLS=(git zstd cpio xz-utils)

postgres_cluster() { pg_lsclusters -h 2>/dev/null | awk 'NR == 1 { print $1, $2 }'; }

start_postgres() {
    local cluster
    cluster=$(postgres_cluster)
    [ -n "$cluster" ] || die "no PostgreSQL cluster (pg_lsclusters); is postgresql installed?"
    if ! pg_isready -q; then
        # pg_ctlcluster is what Debian's postgresql@.service runs; it needs no
        # systemd. Remember that we started it, so that `stop` stops it too.
        # shellcheck disable=SC2086  # "VERSION NAME": two words on purpose
        pg_ctlcluster $cluster start
        touch "$RUN/postgresql.ours"
    fi
    local t=0
    until pg_isready -q; do
        sleep 1; t=$((t + 1))
        [ "$t" -lt "$START_GUARD" ] || die "PostgreSQL did not accept connections in ${START_GUARD}s"
    done
}

do_install() {
    mkdir -p "$RUN" "$LOGS"
    local missing=() p t0
    for p in postgresql "${PACKAGES[@]}" "${TOOLS[@]}"; do
        [[ "$(dpkg-query -W -f '${Status}' "$p" 2>/dev/null)" == *'ok installed' ]] || missing+=("$p")
    done
    if [ ${#missing[@]} -eq 0 ]; then
        say "packages installed already"
    else
        t0=$(date +%s)
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        # PostgreSQL first and running: lava-server's postinst creates its
        # database and runs the migrations only if pg_isready answers (else
        # it skips them, and configure_db below does them). Its own start on
        # install may be refused (policy-rc.d in containers), hence ours.
        apt-get install -y -q --no-install-recommends postgresql >"$LOGS/apt.log" 2>&1 ||
            { tail -20 "$LOGS/apt.log" >&2; die "apt-get install postgresql failed ($LOGS/apt.log)"; }
        start_postgres
        # --no-install-recommends keeps out apache2, the coordinator, lxc, NFS,
        # TFTP, ser2net, qemu-system-arm... Still pulled in by hard dependencies:
        # qemu-system-x86 and libguestfs (python3-guestfs), linux-headers and
        # bpfcc (lava-dispatcher-host), systemd-sysv (installed, not run).
        apt-get install -y -q --no-install-recommends "${PACKAGES[@]}" "${TOOLS[@]}" >>"$LOGS/apt.log" 2>&1 ||
            { tail -20 "$LOGS/apt.log" >&2; die "apt-get install failed ($LOGS/apt.log)"; }
        say "installed ${missing[*]} in $(( $(date +%s) - t0 ))s"
    fi
}

# --- configure ----------------------------------------------------------------

# psql as the postgres superuser, one value out
pg_value() { runuser -u postgres -- psql -tAq -c "$1" 2>/dev/null; }

configure_db() {
    # lava-server's postinst (python3 /usr/share/lava-server/postinst.py)
    # writes settings.d/00-database.yaml and creates the role and database
    # only when PostgreSQL ran during the install; run it again otherwise.
    if [ -f /etc/lava-server/settings.d/00-database.yaml ] &&
       [ "$(pg_value "select 1 from pg_database where datname = 'lavaserver'")" = 1 ]; then
        return
    fi
    say "creating the lavaserver database (postinst.py --db)"
    "$PY" /usr/share/lava-server/postinst.py --config --db --fixup >"$LOGS/postinst.log" 2>&1 ||
        { tail -20 "$LOGS/postinst.log" >&2; die "lava-server's postinst.py failed"; }
}

configure_settings() {
    # EXTRA_CONTEXT_VARIABLES: the job schema accepts only known context keys;
    # nova_qemu (the device dictionary's QEMU binary) is ours.
    # EVENT_*: events on (the scheduler wakes on a submission), published on
    # loopback only (Debian's default binds every interface).
    # The services read settings.d/*.yaml at start, so this precedes them.
    local f=/etc/lava-server/settings.d/50-nova-ci.yaml
    local want='# written by nova-ci/lava/lava-local.sh
EXTRA_CONTEXT_VARIABLES: [nova_qemu]
EVENT_NOTIFICATION: true
EVENT_SOCKET: tcp://127.0.0.1:5500'
    if [ "$(cat "$f" 2>/dev/null)" != "$want" ]; then
        printf '%s\n' "$want" >"$f"
        chown lavaserver:lavaserver "$f"
        chmod 640 "$f"
    fi
    # The worker's dispatcher configuration: dispatcher_ip is otherwise taken
    # from the default route's interface, and LAVA fails a qemu boot when the
    # machine has no default route (a sandbox, a CI runner without network).
    mkdir -p "/etc/lava-server/dispatcher.d/$WORKER"
    printf '# written by nova-ci/lava/lava-local.sh\ndispatcher_ip: 127.0.0.1\n' \
        >"/etc/lava-server/dispatcher.d/$WORKER/dispatcher.yaml"
    chown -R lavaserver:lavaserver "/etc/lava-server/dispatcher.d/$WORKER"
}

manage() { lava-server manage "$@"; }

# listed NAME CMD...: is NAME in the first CSV column of CMD's output? (The
# output is read whole first: with pipefail, `CMD | grep -q` fails when grep
# exits at its match and CMD dies of SIGPIPE on a long list.)
listed() {
    local name=$1 out
    shift
    out=$("$@")
    cut -d, -f1 <<<"$out" | grep -qx -- "$name"
}

configure_lab() {
    # The superuser and its API token. The token is a secret we choose, so
    # that it can be imported again (tokens add --secret) and kept in
    # $LAVA_DIR with the rest of this lab's state.
    if ! listed "$ADMIN" manage users list --csv; then
        manage users add "$ADMIN" --superuser --staff >/dev/null
    fi
    local token_file=$LAVA_DIR/admin.token token
    if [ ! -s "$token_file" ]; then
        (umask 077; head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$token_file")
    fi
    token=$(cat "$token_file")
    if ! grep -q ",$token," <<<"$(manage tokens list --user "$ADMIN" --csv)"; then
        manage tokens add --user "$ADMIN" --secret "$token" --description nova-ci >/dev/null
    fi
    # lavacli identity (rewritten each time: same URI, same token)
    lavacli identities add --uri "$URL/RPC2" --username "$ADMIN" --token "$token" "$IDENTITY"

    # The worker and its token (lava-worker authenticates with it).
    if ! listed "$WORKER" manage workers list --csv; then
        manage workers add "$WORKER" --description "nova-ci lava-local.sh" >/dev/null
    fi
    manage workers details "$WORKER" | sed -n 's/^token *: *//p' >"$LAVA_DIR/worker.token"
    chmod 600 "$LAVA_DIR/worker.token"

    # The device type (Debian's qemu.jinja2) and our device on the worker.
    # (--all lists every template on disk too: installed=True is the one in
    # the database.)
    if ! grep -q '^qemu,[0-9]*,True,' <<<"$(manage device-types list --all --csv)"; then
        manage device-types add qemu
    fi
    if ! listed "$DEVICE" manage devices list --all --csv; then
        manage devices add --device-type qemu --worker "$WORKER" "$DEVICE"
    fi
    set_device_dict
}

set_device_dict() {
    # The committed dictionary with our QEMU in it; lavacli checks it renders.
    [ -n "$QEMU" ] || QEMU=$(qemu_default)
    [ -x "$QEMU" ] || die "no QEMU at $QEMU (build it: scripts/build-qemu.sh; or pass --qemu)"
    [[ "$("$QEMU" -device help 2>/dev/null)" == *'"nova-gpu"'* ]] || die "$QEMU has no -device nova-gpu"
    local dict=$LAVA_DIR/$DEVICE.jinja2
    sed "s|@NOVA_QEMU@|$QEMU|g" "$here/devices/$DEVICE.jinja2" >"$dict"
    lavacli -i "$IDENTITY" devices dict set "$DEVICE" "$dict"
    # A new device is in health Unknown, which makes the scheduler want a
    # health check first; there is none for qemu here, so declare it Good.
    if [ "$(device_field health)" != Good ]; then
        lavacli -i "$IDENTITY" devices update --health GOOD "$DEVICE"
    fi
    say "device $DEVICE runs $QEMU"
}

device_field() {
    lavacli -i "$IDENTITY" devices show "$DEVICE" --yaml 2>/dev/null |
        "$PY" -c 'import sys, yaml; print(yaml.safe_load(sys.stdin).get(sys.argv[1], ""))' "$1"
}

# --- services -------------------------------------------------------------------

running() { # NAME: is the service we started still there?
    local pid
    [ -s "$RUN/$1.pid" ] && pid=$(cat "$RUN/$1.pid") || return 1
    # Still the session that spawn made (setsid: its session id is its pid),
    # not a pid the system has given to another process since.
    [ "$(ps -o sid= -p "$pid" 2>/dev/null | tr -d ' ')" = "$pid" ]
}

spawn() { # NAME CMD...: run CMD in its own session, stdout/err to logs/NAME.out
    local name=$1; shift
    if running "$name"; then
        return
    fi
    # setsid: its own process group, so that stop ends it with its children
    # (gunicorn's workers, the worker's lava-run and QEMU) and nothing else.
    setsid "$@" </dev/null >>"$LOGS/$name.out" 2>&1 &
    echo $! >"$RUN/$name.pid"
    say "started $name (pid $!)"
}

http_ok() { "$PY" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=5)' "$1" 2>/dev/null; }

wait_for() { # WHAT CMD...: poll CMD until it succeeds, at most START_GUARD seconds
    local what=$1 t=0; shift
    until "$@"; do
        sleep 1; t=$((t + 1))
        [ "$t" -lt "$START_GUARD" ] || die "$what not up after ${START_GUARD}s (logs: $LOGS)"
    done
}

start_server() {
    # lava-server-gunicorn.service's ExecStart, bound to loopback only; no
    # Apache, so gunicorn is the server's front. eventlet workers as Debian's
    # unit has them; 2 of them on 2 cores.
    spawn gunicorn /usr/bin/gunicorn3 lava_server.wsgi --log-level INFO \
        --log-file "$LOGS/gunicorn.log" -u lavaserver -g lavaserver \
        --worker-class eventlet --workers 2 --bind "127.0.0.1:$PORT"
    wait_for "lava-server (gunicorn on $URL)" http_ok "$URL/api/v0.2/system/version/"
    # lava-publisher.service's ExecStart (it drops to lavaserver by itself),
    # its websocket (8001) on loopback, its log on stderr (logs/*.out).
    spawn lava-publisher /usr/bin/lava-server manage lava-publisher \
        --level INFO --log-file - --host 127.0.0.1 --port 8001
    # lava-scheduler.service's ExecStart, its log on stderr too: it drops to
    # lavaserver before it opens a log file, and $LOGS may be under a home
    # that user cannot enter (root's is 0700)
    spawn lava-scheduler /usr/bin/lava-server manage lava-scheduler --level INFO \
        --log-file - --event-url tcp://127.0.0.1:5500
}

start_worker() {
    # lava-worker.service's ExecStart. --worker-dir: the worker's own state
    # under $LAVA_DIR (each job's scratch files, downloads and the unpacked
    # initramfs, are in /var/lib/lava/dispatcher/tmp/JOB, a path lava-run
    # hard-codes, and removed when the job ends). --ping-interval: the
    # worker learns of a job to start, and reports one that ended, only when
    # it pings the server (every 20 s by default).
    spawn lava-worker /usr/bin/lava-worker --level INFO --url "$URL/" \
        --name "$WORKER" --token-file "$LAVA_DIR/worker.token" --ping-interval 2 \
        --worker-dir "$LAVA_DIR/worker" --log-file "$LOGS/lava-worker.log"
    wait_for "worker $WORKER online" worker_online
}

worker_online() {
    lavacli -i "$IDENTITY" workers show "$WORKER" --yaml 2>/dev/null |
        "$PY" -c 'import sys, yaml; sys.exit(yaml.safe_load(sys.stdin)["state"] != "Online")'
}

do_start() {
    if [ ! -x /usr/bin/lava-server ] || [ ! -x /usr/bin/lava-worker ]; then
        die "LAVA is not installed: run '$0 setup'"
    fi
    mkdir -p "$RUN" "$LOGS"
    local t0
    t0=$(date +%s)
    start_postgres
    configure_db
    configure_settings
    start_server
    configure_lab
    start_worker
    say "up in $(( $(date +%s) - t0 ))s: $URL, lavacli -i $IDENTITY, device $DEVICE (logs: $LOGS)"
}

do_stop() {
    local name pid t
    for name in lava-worker lava-scheduler lava-publisher gunicorn; do
        running "$name" || { rm -f "$RUN/$name.pid"; continue; }
        pid=$(cat "$RUN/$name.pid")
        kill -TERM -- "-$pid" 2>/dev/null || true
        t=0
        while kill -0 -- "-$pid" 2>/dev/null && [ "$t" -lt 20 ]; do sleep 1; t=$((t + 1)); done
        kill -KILL -- "-$pid" 2>/dev/null || true
        rm -f "$RUN/$name.pid"
        say "stopped $name"
    done
    if [ -f "$RUN/postgresql.ours" ]; then
        local cluster
        cluster=$(postgres_cluster)
        # shellcheck disable=SC2086
        [ -z "$cluster" ] || pg_ctlcluster $cluster stop || true
        rm -f "$RUN/postgresql.ours"
        say "stopped PostgreSQL"
    fi
}

do_status() {
    local name
    for name in gunicorn lava-publisher lava-scheduler lava-worker; do
        if running "$name"; then echo "$name: running (pid $(cat "$RUN/$name.pid"))"; else echo "$name: stopped"; fi
    done
    if pg_isready -q 2>/dev/null; then echo "postgresql: running"; else echo "postgresql: stopped"; fi
    if running gunicorn; then
        lavacli -i "$IDENTITY" workers list || true
        lavacli -i "$IDENTITY" devices list || true
    fi
}

# --- jobs -------------------------------------------------------------------------

job_field() { # ID FIELD
    lavacli -i "$IDENTITY" jobs show "$1" --yaml |
        "$PY" -c 'import sys, yaml; print(yaml.safe_load(sys.stdin).get(sys.argv[1], ""))' "$2"
}

do_submit() { # [--timeout S] [--results FILE] FILE
    local timeout=$JOB_GUARD results=''
    while [ $# -gt 0 ]; do
        case "$1" in
            --timeout) timeout=${2:?}; shift 2 ;;
            --results) results=${2:?}; shift 2 ;;
            *) break ;;
        esac
    done
    local file=${1:?usage: submit [--timeout S] JOB.yaml} id t0 health
    running lava-worker || die "the lab is not running: '$0 start'"
    t0=$(date +%s)
    id=$(lavacli -i "$IDENTITY" jobs submit "$file")
    say "job $id submitted: $URL/scheduler/job/$id"
    # jobs wait polls the job's state and returns 0 even on a timeout or a
    # failed job: the health is what says how it went.
    lavacli -i "$IDENTITY" jobs wait "$id" --polling 2 --timeout "$timeout" >&2 || true
    mkdir -p "$LAVA_DIR/jobs"
    lavacli -i "$IDENTITY" jobs logs "$id" --raw >"$LAVA_DIR/jobs/$id.log" 2>/dev/null || true
    if [ "$(job_field "$id" state)" != Finished ]; then
        say "job $id did not finish in ${timeout}s: cancelling it (log so far: $LAVA_DIR/jobs/$id.log)"
        lavacli -i "$IDENTITY" jobs cancel "$id" || true
        return 1
    fi
    health=$(job_field "$id" health)
    say "job $id: $health in $(( $(date +%s) - t0 ))s (log: $LAVA_DIR/jobs/$id.log)"
    lavacli -i "$IDENTITY" results "$id"
    [ -z "$results" ] || lavacli -i "$IDENTITY" results "$id" --yaml > "$results"
    if [ "$health" != Complete ]; then
        lavacli -i "$IDENTITY" jobs logs "$id" 2>/dev/null | tail -40 >&2 || true
        return 1
    fi
    # A Complete job may still hold failed test cases.
    ! lavacli -i "$IDENTITY" results "$id" --yaml |
        "$PY" -c 'import sys, yaml; sys.exit(not any(r["result"] == "fail" for r in yaml.safe_load(sys.stdin)))'
}

do_smoke() {
    local timeout=$JOB_GUARD chip=ga102 kernel='' ramdisk='' testrepo=''
    while [ $# -gt 0 ]; do
        case "$1" in
            --timeout) timeout=${2:?}; shift 2 ;;
            --chip) chip=${2:?}; shift 2 ;;
            --kernel) kernel=${2:?}; shift 2 ;;
            --ramdisk) ramdisk=${2:?}; shift 2 ;;
            --repo) testrepo=${2:?}; shift 2 ;;
            --qemu) QEMU=${2:?}; shift 2 ;;
            *) die "smoke: unknown argument $1" ;;
        esac
    done
    if [ -z "$kernel" ]; then
        # Debian's kernel as tests/guest/fetch-guest.sh unpacks it
        local found=("$NOVA_CACHE"/guest/linux-image-*/boot/vmlinuz-*)
        kernel=${found[0]}
        [ -f "$kernel" ] || die "no guest kernel under $NOVA_CACHE/guest: run tests/guest/fetch-guest.sh, or pass --kernel"
    fi
    if [ -z "$ramdisk" ]; then
        # an initramfs of tests/guest/mkinitramfs.sh; its /init gives a shell
        # with nova.shell=1 (on the job's kernel command line)
        local found=("$NOVA_CACHE"/guest/initramfs/*-"$chip"-stub-*.cpio.zst)
        ramdisk=${found[0]}
        [ -f "$ramdisk" ] || die "no $chip stub initramfs under $NOVA_CACHE/guest/initramfs: pass --ramdisk"
    fi
    [ -n "$QEMU" ] || QEMU=$(qemu_default)
    [ -n "$testrepo" ] || testrepo=file://$repo
    local compression
    case "$ramdisk" in
        *.zst) compression=zstd ;;
        *.gz) compression=gz ;;
        *.xz) compression=xz ;;
        *) compression='' ;;
    esac
    mkdir -p "$LAVA_DIR/jobs"
    local job=$LAVA_DIR/jobs/smoke-job.yaml
    sed -e "s|@CHIP@|$chip|g" -e "s|@QEMU@|$QEMU|g" -e "s|@KERNEL@|$kernel|g" \
        -e "s|@RAMDISK@|$ramdisk|g" -e "s|@REPO@|$testrepo|g" \
        -e "s|@COMPRESSION@|$compression|g" -e '/compression: *$/d' \
        "$here/examples/smoke-job.yaml" >"$job"
    say "smoke job: $job"
    do_submit --timeout "$timeout" "$job"
}

# --- main ---------------------------------------------------------------------------

cmd=${1:-}
[ $# -eq 0 ] || shift
case "$cmd" in
    setup|start)
        while [ $# -gt 0 ]; do
            case "$1" in
                --qemu) QEMU=${2:?}; shift 2 ;;
                *) die "$cmd: unknown argument $1" ;;
            esac
        done
        [ "$cmd" = start ] || do_install
        do_start
        ;;
    install) do_install ;;
    stop) do_stop ;;
    status) do_status ;;
    submit) do_submit "$@" ;;
    smoke) do_smoke "$@" ;;
    *) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0" | sed -n '/^usage:/,/^$/p' >&2; exit 2 ;;
esac
