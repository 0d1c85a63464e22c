# Shared helpers for nova-gpu's scripts. Source it; it defines functions and
# variables only.

NOVA_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
NOVA_CACHE=${NOVA_CACHE:-$HOME/.cache/nova-gpu}
mkdir -p "$NOVA_CACHE/downloads" "$NOVA_CACHE/stamps" "$NOVA_CACHE/build"

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
