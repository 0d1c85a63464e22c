#!/usr/bin/env python3
"""What migrating an idle nova-gpu costs, against its VRAM size.

Boots QEMU (TCG, SeaBIOS, no guest OS) with one nova-gpu of each VRAM size,
waits until the firmware has mapped the device's BARs (as any guest's would),
stops the VM, migrates it to a file and reads what QEMU's own migration
statistics say: total time, pages sent, bytes in the file. The sizes take
turns, several rounds, and the figures are ratios to the first size within
the run (absolute times on a shared machine mean little).

usage: migration.py QEMU [--rounds N] [SIZE ...]   (default: 5 rounds of
256M 8G 24G, after one warm-up run that is not counted)

Talks QMP through QEMU's own Python client (python/qemu/qmp in the QEMU
source tree, on PYTHONPATH; bench/migration.sh sets it).
"""
import argparse
import os
import statistics
import subprocess
import tempfile
import time

from qemu.qmp.legacy import QEMUMonitorProtocol


def bar1_mapped(qmp):
    for bus in qmp.cmd("query-pci"):
        for dev in bus["devices"]:
            if dev["id"]["vendor"] != 0x10DE:
                continue
            for bar in dev.get("regions", []):
                # an unmapped BAR's address is all ones (-1 in QMP's int)
                if bar["bar"] == 1 and bar["address"] not in (-1, 0xFFFFFFFFFFFFFFFF):
                    return True
    return False


def wait_for(what, predicate):
    """Poll until predicate() holds: the waits follow QEMU's state, and the
    ten-minute guard only turns a hang into an error."""
    guard = time.monotonic() + 600
    while not predicate():
        if time.monotonic() > guard:
            raise RuntimeError(f"still waiting for {what} after 10 minutes")
        time.sleep(0.05)


def migrate_once(qemu, size, workdir):
    sock = os.path.join(workdir, "qmp.sock")
    state = os.path.join(workdir, "state")
    for path in (sock, state):
        if os.path.exists(path):
            os.unlink(path)
    proc = subprocess.Popen(
        [qemu, "-machine", "pc", "-accel", "tcg", "-m", "128M", "-nodefaults",
         "-vga", "none", "-display", "none", "-device", f"nova-gpu,vram-size={size}",
         "-qmp", f"unix:{sock},server=on,wait=off"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_for("QEMU's QMP socket", lambda: os.path.exists(sock) or proc.poll() is not None)
        if proc.poll() is not None:
            raise RuntimeError(f"QEMU exited: {proc.stderr.read().decode()}")
        qmp = QEMUMonitorProtocol(sock)
        qmp.connect()
        wait_for("the firmware to map BAR1", lambda: bar1_mapped(qmp))
        qmp.cmd("stop")
        qmp.cmd("migrate", uri=f"file:{state}")
        info = {}

        def over():
            info.update(qmp.cmd("query-migrate"))
            if info.get("status") == "failed":
                raise RuntimeError(f"migration failed: {info}")
            return info.get("status") == "completed"

        wait_for("the migration to complete", over)
        ram = info["ram"]
        result = {
            "ms": info["total-time"],
            "pages": ram["normal"] + ram["duplicate"],
            "bytes": os.path.getsize(state),
        }
        qmp.cmd("quit")
        try:
            qmp.close()
        except EOFError:
            pass        # QEMU hung up first: it is quitting
        proc.wait()
        return result
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("qemu")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("sizes", nargs="*", default=["256M", "8G", "24G"])
    args = ap.parse_intermixed_args()

    runs = {size: [] for size in args.sizes}
    with tempfile.TemporaryDirectory(prefix="nova-bench-migration-") as workdir:
        migrate_once(args.qemu, args.sizes[0], workdir)     # warm-up, not counted
        for _ in range(args.rounds):
            for size in args.sizes:
                runs[size].append(migrate_once(args.qemu, size, workdir))

    base = args.sizes[0]
    med = {size: {k: statistics.median(r[k] for r in runs[size]) for k in ("ms", "pages", "bytes")}
           for size in args.sizes}
    print(f"migration of an idle device (BARs mapped by SeaBIOS, VM stopped), "
          f"median of {args.rounds} rounds, ratios to vram-size={base}:")
    print(f"{'vram-size':>10} {'time':>8} {'pages':>8} {'bytes':>8}   (medians: ms, pages, bytes)")
    for size in args.sizes:
        m, b = med[size], med[base]
        print(f"{size:>10} {m['ms'] / max(b['ms'], 1):>7.2f}x {m['pages'] / b['pages']:>7.2f}x "
              f"{m['bytes'] / b['bytes']:>7.2f}x   ({m['ms']:.0f}, {m['pages']:.0f}, {m['bytes']:.0f})")


if __name__ == "__main__":
    main()
