#!/usr/bin/env python3
"""Fuzz seed corpora from a real boot (see scripts/fuzz-seeds.sh).

  fuzz-seeds.py gsp-queue TRANSCRIPT OUTDIR
      The RPCs a driver sent (nova-gpu's transcript=FILE, JSON lines with
      "params" in hex) as inputs for tests/fuzz/fuzz-gsp-queue's driver
      mode: one input with the whole stream, one per distinct RPC.

  fuzz-seeds.py generic-fuzz TRACE PROBE_LOG OUTDIR EXPECT
      The BAR0 accesses a driver made (the nova_gpu_reg_read/write,
      nova_gpu_prom_read and nova_gpu_pramin_* trace events) as inputs for
      QEMU's generic-fuzz-nova-gpu target, cut into windows of at most
      MAX_SEED bytes. PROBE_LOG is the QTEST_LOG output of the probe input
      that `probe` writes: it tells which MMIO range each region index of
      the fuzz target selects, so BAR0 offsets become (index, offset) pairs.
      EXPECT receives the qtest commands (readl 0xADDR ...) the first seed
      makes in the fuzz target, so that a replay with QTEST_LOG=1 can be
      compared; prints the seed count and that seed's file name.

  fuzz-seeds.py probe FILE
      Writes that probe input: for each region index, a byte read at offset 0
      and one at the last offset (offsets wrap at the range's size).

Prints how many seeds it wrote (generic-fuzz: and the first one's name).
Inputs are untrusted text: lines that do not parse are skipped.
"""
import hashlib
import json
import os
import re
import struct
import sys

MAX_SEED = 4000          # libFuzzer's default max_len is 4096
PROBE_INDICES = 256
SEPARATOR = b"FUZZ"
OP_READ, OP_WRITE = 2, 3         # generic_fuzz.c's enum cmds
SIZES = {1: 0, 2: 1, 4: 2, 8: 3}  # Byte, Word, Long, Quad
BAR0_SIZE = 16 << 20
PROM_BASE, PRAMIN_BASE = 0x300000, 0x700000


def write_seed(outdir, prefix, data, seen):
    digest = hashlib.sha1(data).hexdigest()
    if digest in seen:
        return 0
    seen.add(digest)
    with open(os.path.join(outdir, "%s-%s" % (prefix, digest[:16])), "wb") as f:
        f.write(data)
    return 1


# --- fuzz-gsp-queue ---------------------------------------------------------------
def gsp_rpc(function, params, ring=True):
    """One RPC of fuzz-gsp-queue's driver mode: function (< 0x80, taken
    literally), a 14-bit length, bit 6 of the third byte to process it at
    once (as a driver that waits for each reply), then the parameters."""
    params = params[:0x3fff]
    n = len(params)
    return bytes([function, n & 0xff, (n >> 8) | (0x40 if ring else 0)]) + params


def gsp_queue(transcript, outdir):
    rpcs = []
    with open(transcript, errors="replace") as f:
        for line in f:
            try:
                m = json.loads(line)
                if m.get("dir") != "to-gsp":
                    continue
                fn = int(m["function"])
                params = bytes.fromhex(m.get("params", ""))
            except (ValueError, KeyError, TypeError):
                continue
            if fn < 0x80:        # the harness's literal function numbers
                rpcs.append((fn, params))
    os.makedirs(outdir, exist_ok=True)
    seen, n = set(), 0
    if rpcs:
        # driver mode is an even first byte
        n += write_seed(outdir, "boot", b"\0" + b"".join(gsp_rpc(*r) for r in rpcs), seen)
    for r in rpcs:
        n += write_seed(outdir, "rpc-%d" % r[0], b"\0" + gsp_rpc(*r), seen)
    return n


# --- generic-fuzz -----------------------------------------------------------------
def probe(path):
    ops = []
    for i in range(PROBE_INDICES):
        for off in (0, 0xffffffff):
            ops.append(bytes([OP_READ]) + struct.pack("<BBxxI", 0, i, off))
    with open(path, "wb") as f:
        f.write(SEPARATOR.join(ops))
    return 0


def probe_ranges(probe_log):
    """[(start, end)] per region index, from the probe's readb addresses."""
    addrs = [int(a, 16) for a in
             re.findall(r"\breadb (0x[0-9a-f]+)", open(probe_log, errors="replace").read())]
    if len(addrs) < 2 * PROBE_INDICES:
        raise SystemExit("fuzz-seeds: probe log has %d reads, wanted %d"
                         % (len(addrs), 2 * PROBE_INDICES))
    ranges = []
    for i in range(PROBE_INDICES):
        r = (addrs[2 * i], addrs[2 * i + 1] + 1)
        if r in ranges:
            break        # the index wrapped around: every range seen
        ranges.append(r)
    return ranges


TRACE_RE = re.compile(
    r"nova_gpu_(?:reg_(read|write) \S+ 0x([0-9a-f]+) \S+ size (\d+) (?:->|<-) 0x([0-9a-f]+)"
    r"|prom_read VBIOS 0x([0-9a-f]+) size (\d+)"
    r"|pramin_(read|write) VRAM 0x([0-9a-f]+) size (\d+) (?:->|<-) 0x([0-9a-f]+)"
    r"|pramin_window PRAMIN window at VRAM 0x([0-9a-f]+))")


def bar0_accesses(trace):
    """(write, BAR0 offset, size, value) for each access, in order."""
    window = 0
    with open(trace, errors="replace") as f:
        for line in f:
            m = TRACE_RE.search(line)
            if not m:
                continue
            g = m.groups()
            if g[0]:
                yield g[0] == "write", int(g[1], 16), int(g[2]), int(g[3], 16)
            elif g[4]:
                yield False, PROM_BASE + int(g[4], 16), int(g[5]), 0
            elif g[6]:
                off = int(g[7], 16) - window
                if 0 <= off < 1 << 20:
                    yield g[6] == "write", PRAMIN_BASE + off, int(g[8]), int(g[9], 16)
            elif g[10]:
                window = int(g[10], 16)


def mmio_windows(trace, probe_log):
    """The trace as generic-fuzz inputs: [(input, [qtest command])]."""
    ranges = probe_ranges(probe_log)
    # BAR0 is the first BAR the fuzzer maps, so the lowest address
    bar0 = min(s for s, _ in ranges)

    def locate(addr):
        for i, (s, e) in enumerate(ranges):
            if s <= addr < e:
                return i, addr - s
        return None

    windows, ops, cmds, size_so_far, last = [], [], [], 0, None
    for write, off, size, val in bar0_accesses(trace):
        if off >= BAR0_SIZE or size not in SIZES:
            continue
        # a polling loop is one read for the fuzzer
        if not write and last == (off, size, val):
            continue
        last = None if write else (off, size, val)
        where = locate(bar0 + off)
        if where is None:
            continue
        head = struct.pack("<BBxxI", SIZES[size], where[0], where[1])
        op = (bytes([OP_WRITE]) + head + struct.pack("<Q", val) if write
              else bytes([OP_READ]) + head)
        if ops and size_so_far + len(SEPARATOR) + len(op) > MAX_SEED:
            windows.append((SEPARATOR.join(ops), cmds))
            ops, cmds, size_so_far = [], [], 0
        size_so_far += len(op) + (len(SEPARATOR) if ops else 0)
        ops.append(op)
        cmds.append("%s%s 0x%x" % ("write" if write else "read", "bwlq"[SIZES[size]], bar0 + off))
    if ops:
        windows.append((SEPARATOR.join(ops), cmds))
    return windows


def generic_fuzz(trace, probe_log, outdir, expect_path):
    """Writes the seeds, and the qtest commands the first one makes to
    expect_path; returns the seed count and the first seed's name."""
    windows = mmio_windows(trace, probe_log)
    if not windows:
        raise SystemExit("fuzz-seeds: no BAR0 access in %s" % trace)
    os.makedirs(outdir, exist_ok=True)
    seen = set()
    n = sum(write_seed(outdir, "mmio", w, seen) for w, _ in windows)
    data, cmds = windows[0]
    with open(expect_path, "w") as f:
        f.write("".join(c + "\n" for c in cmds))
    return n, "mmio-" + hashlib.sha1(data).hexdigest()[:16]


def main(argv):
    if len(argv) == 4 and argv[1] == "gsp-queue":
        n = gsp_queue(argv[2], argv[3])
    elif len(argv) == 6 and argv[1] == "generic-fuzz":
        n = "%d %s" % generic_fuzz(argv[2], argv[3], argv[4], argv[5])
    elif len(argv) == 3 and argv[1] == "probe":
        return probe(argv[2])
    else:
        sys.exit(__doc__)
    print(n)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
