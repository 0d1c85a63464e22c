#!/bin/sh
# The guest side of nova-ci's stage checks, for LAVA: judge the stages of
# STAGEFILE (tests/guest/stages/DRIVER.stages, the list nova-ci and the
# project's tests judge on the host) that the guest can see, on the guest's
# own log: the kernel's (dmesg) and /init's lines (/nova-guest.log). Runs in
# the guest's busybox sh (nova-ci/lava/nova-stages.yaml calls it); prints one
# line a stage, "TEST-ID pass|fail", TEST-ID being the stage's name as
# nova-ci's test names end (lower case, words joined by '-').
#
# The host kinds (QEMU's own lines, its exit, the RPC transcript) are not
# judged here: nova-ci judges them on the host. The guest kinds:
#   log REGEX       a line matches
#   nolog REGEX     no line matches (and the log is not empty)
#   count2 REGEX    two lines or more match
#   before E >> L   no E line, and an L line
# The placeholders come from the environment, as plain text (not regexes):
# NOVA_CHIP, NOVA_CHIPUC, NOVA_BOOT0, NOVA_VBIOS, NOVA_IDENT, NOVA_GSP,
# NOVA_GSPIDX (nova-ci's LAVA job sets them as the test definition's
# parameters, from the chip table: nova_ci/stages.py vars --plain).
#
# usage: guest-stages.sh STAGEFILE [LOG]   (default: dmesg + /nova-guest.log)
set -eu

stages=${1:?usage: guest-stages.sh STAGEFILE [LOG]}
log=${2:-}
if [ -z "$log" ]; then
    log=/tmp/nova-stages.log
    mkdir -p /tmp
    { dmesg; cat /nova-guest.log 2>/dev/null || true; } > "$log"
fi

# One awk run: the stage file first (placeholders filled in, abbreviations
# expanded by plain text replacement, no regex), then the log.
awk -v chip="${NOVA_CHIP:-}" -v chipuc="${NOVA_CHIPUC:-}" -v boot0="${NOVA_BOOT0:-}" \
    -v vbios="${NOVA_VBIOS:-}" -v ident="${NOVA_IDENT:-}" -v gsp="${NOVA_GSP:-}" \
    -v gspidx="${NOVA_GSPIDX:-}" '
function replace(s, from, to,    i, out) {
    out = ""
    while ((i = index(s, from)) > 0) {
        out = out substr(s, 1, i - 1) to
        s = substr(s, i + length(from))
    }
    return out s
}
function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s); return s }
# a literal value in a regex: its dots as "[.]" (the only special character
# a version or a chip identification has)
function lit(s) { return replace(s, ".", "[.]") }
function fill(s,    a) {
    s = replace(s, "@CHIPUC@", chipuc);    s = replace(s, "@CHIP@", chip)
    s = replace(s, "@BOOT0@", boot0);      s = replace(s, "@VBIOS@", lit(vbios))
    s = replace(s, "@IDENT@", lit(ident)); s = replace(s, "@GSPIDX@", gspidx)
    s = replace(s, "@GSP@", lit(gsp))
    for (a in defs) {
        if (index(s, a) == 1) s = defs[a] substr(s, length(a) + 1)
        s = replace(s, " >> " a, " >> " defs[a])
    }
    return s
}
function slug(s) {
    s = tolower(s)
    gsub(/[^a-z0-9.]+/, "-", s)
    sub(/^-+/, "", s); sub(/-+$/, "", s)
    return s
}
FNR == NR {
    if ($0 ~ /^[ \t]*(#|$)/) next
    if ($0 ~ /^@define /) {
        rest = substr($0, 9); sp = index(rest, " ")
        defs[substr(rest, 1, sp - 1)] = substr(rest, sp + 1)
        next
    }
    if ($0 ~ /^@/) next
    n = split($0, cell, / \| /)
    kind = trim(cell[2])
    if (kind != "log" && kind != "nolog" && kind != "count2" && kind != "before") next
    # the name as nova-ci names it: @GSP@ is the release, unescaped
    name = replace(trim(cell[1]), "@GSP@", gsp)
    k++; id[k] = slug(name); kinds[k] = kind
    arg = fill(trim(cell[3]))
    if (kind == "before") {
        i = index(arg, " >> ")
        re[k] = substr(arg, 1, i - 1); later[k] = substr(arg, i + 4)
    } else {
        re[k] = arg
    }
    next
}
{
    lines++
    for (j = 1; j <= k; j++) {
        if ($0 ~ re[j]) hits[j]++
        if (kinds[j] == "before" && $0 ~ later[j]) laterhits[j]++
    }
}
END {
    for (j = 1; j <= k; j++) {
        if (kinds[j] == "log") ok = hits[j] > 0
        else if (kinds[j] == "nolog") ok = lines > 0 && !hits[j]
        else if (kinds[j] == "count2") ok = hits[j] >= 2
        else ok = !hits[j] && laterhits[j] > 0
        print id[j], (ok ? "pass" : "fail")
    }
}' "$stages" "$log"
