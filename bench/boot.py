#!/usr/bin/env python3
"""The boot bench's two halves (bench/boot.sh runs them).

  boot.py watch SOCKET OUT
      Wait on a QEMU's QMP socket (-qmp unix:SOCKET,server=on,wait=off,
      started with -no-shutdown) until the guest has ended itself (status
      "shutdown"), read the nova-gpu's QOM property device-time
      (/machine/peripheral/gpu0) into OUT as JSON ("info nova-gpu" beside
      it, OUT without .json plus .info), and quit QEMU.

  boot.py records --driver D --chip C LOG DEVTIME [--json OUT]
      From the guest's own dmesg in LOG (the dump between /init's dmesg
      markers) the probe's stages, each from the line that ends the one
      before to the driver's line that ends it; from DEVTIME the device's
      time in each, by its timeline (device time per ~1 ms of host time since
      the first BAR0 access). Prints bench records (JSON lines) on stdout and
      a table on stderr.

Setting the timeline against the guest's clock: both run at the host's
rate (the guest's timestamps are its TSC's, which under TCG is the host's),
so one offset does it. Each event the device timed that a driver line
reports afterwards bounds it: the identification line follows the first
BAR0 access, "booted"/"MBOX0" lines follow the end of a falcon's run (the
driver polls the falcon, whose run holds the BQL until it ends). The
tightest bound is the offset; the driver's reaction time (its poll
interval) is the error, and the spread of the bounds is in the JSON.
"""
import argparse
import json
import os
import re
import sys
import time

# Each driver's stages, in probe order: the stage's name and the dmesg line
# that ends it (Python regex, searched after the previous stage's line).
# "start" begins the probe, "anchor" is the identification line (its first
# BAR0 read is just before it).
STAGES = {
    "nouveau": {
        # nouveau prints nothing before it has read BOOT0
        "start": r"nouveau \S+: NVIDIA [A-Z]{2}\d{3} \(",
        # (a line, the entry point whose first run it follows): None is the
        # first BAR0 access
        "anchors": [
            (r"nouveau \S+: NVIDIA [A-Z]{2}\d{3} \(", None),
            (r"nouveau \S+: gsp:fwsec-frts: booted", "bh-gsp-falcon"),
            (r"nouveau \S+: sec2\(gsp\):booter-load: booted", "bh-sec2-falcon"),
        ],
        "stages": [
            # request_firmware of gsp, booter_load/unload, bootloader (the
            # loader's sha256 included): the driver's own work
            ("firmware files", r"Loaded FW: nvidia/\S+/gsp/bootloader-"),
            ("VBIOS", r"nouveau \S+: bios: version "),
            # gsp=debug from here on: FWSEC-FRTS until WPR2 is read back
            ("FWSEC-FRTS", r"nouveau \S+: gsp: fwsec-frts: WPR2 @"),
            ("booter", r"nouveau \S+: sec2\(gsp\):booter-load: booted"),
            # until GSP-RM, running, sends its CPU sequencer
            ("GSP boot", r"nouveau \S+: gsp: seq: "),
            # INIT_DONE (no line of its own) and GET_GSP_STATIC_INFO, whose
            # reply prints the FB regions
            ("static info", r"nouveau \S+: gsp: fb region 0:"),
            ("DRM device", r"\[drm\] Initialized nouveau "),
        ],
    },
    "nova-core": {
        "start": r"nova-core \S+: Probe Nova Core GPU driver",
        "anchors": [
            (r"nova-core \S+: NVIDIA \(Chipset: ", None),
            (r"nova-core \S+: GSP MBOX0: ", "bh-gsp-falcon"),
            (r"nova-core \S+: SEC2 MBOX0: ", "bh-sec2-falcon"),
        ],
        "stages": [
            ("firmware files", r"Loaded FW: nvidia/\S+/gsp/bootloader-"),
            ("VBIOS", r"nova-core \S+: Found BIOS image: .*last: true"),
            # booter_unload's file is requested in this stage too
            ("FWSEC-FRTS", r"nova-core \S+: WPR2: 0x"),
            # booter_load's file too
            ("booter", r"nova-core \S+: SEC2 MBOX0: "),
            ("GSP boot", r"nova-core \S+: GSP RPC: receive: .*GspInitDone"),
            ("static info", r"nova-core \S+: GPU name: "),
            # nova-drm is a module /init loads as udev would (by MODALIAS)
            ("DRM device", r"\[drm\] Initialized nova-drm "),
        ],
    },
}

TARGET = 0.1    # the device's share of the probe the project aims for


def qmp_connect(sock, deadline):
    from qemu.qmp.legacy import QEMUMonitorProtocol

    while not os.path.exists(sock):
        if time.monotonic() > deadline:
            sys.exit(f"boot.py: no QMP socket {sock}")
        time.sleep(0.2)
    qmp = QEMUMonitorProtocol(sock)
    for _ in range(100):
        try:
            qmp.connect()
            return qmp
        except OSError:
            time.sleep(0.2)
    sys.exit(f"boot.py: cannot connect to {sock}")


def watch(sock, out, device_sock=None, timeout=1800):
    """Wait for the VM behind @sock to stop, then read the device's counters:
    from the same QEMU, or (vfio-user) from the server's control socket."""
    deadline = time.monotonic() + timeout
    qmp = qmp_connect(sock, deadline)
    dev = qmp_connect(device_sock, deadline) if device_sock else qmp
    while True:
        status = qmp.cmd("query-status")["status"]
        if status in ("shutdown", "guest-panicked", "internal-error"):
            break
        if time.monotonic() > deadline:
            sys.exit("boot.py: the guest did not end")
        time.sleep(0.2)
    dt = dev.cmd("qom-get", path="/machine/peripheral/gpu0",
                 property="device-time")
    dt["vm-status"] = status
    with open(out, "w") as f:
        json.dump(dt, f)
    # and what a user sees then, beside it
    info = dev.cmd("human-monitor-command", **{"command-line": "info nova-gpu"})
    if dev is not qmp:
        dev.close()
    with open(re.sub(r"\.json$", "", out) + ".info", "w") as f:
        f.write(info)
    try:
        qmp.cmd("quit")
    except Exception:
        pass        # QEMU may end before it answers
    if status != "shutdown":
        sys.exit(f"boot.py: the guest ended in status {status}")


def dmesg_lines(log):
    out, inside = [], False
    with open(log, errors="replace") as f:
        for line in f:
            line = line.rstrip("\r\n")
            if "NOVA-GUEST: dmesg-begin" in line:
                inside, out = True, []
                continue
            if "NOVA-GUEST: dmesg-end" in line:
                inside = False
                continue
            m = re.match(r"^\[\s*(\d+\.\d+)\] (.*)$", line)
            if inside and m:
                out.append((float(m.group(1)), m.group(2)))
    return out


def find(lines, regex, after=0):
    for i in range(after, len(lines)):
        if re.search(regex, lines[i][1]):
            return i
    return None


class Timeline:
    """device time against host time from the first BAR0 access"""

    def __init__(self, dt):
        self.bin_ns = dt["timeline-bin-ns"]
        flat = dt["timeline"]
        self.bins = dict(zip(flat[0::2], flat[1::2]))

    def device_ns(self, a_ns, b_ns):
        """device time in [a_ns, b_ns) of the timeline (bins cut pro rata)"""
        total = 0.0
        a_ns, b_ns = max(a_ns, 0), max(b_ns, 0)
        for i, ns in self.bins.items():
            lo, hi = i * self.bin_ns, (i + 1) * self.bin_ns
            overlap = min(hi, b_ns) - max(lo, a_ns)
            if overlap > 0:
                total += ns * overlap / self.bin_ns
        return total


def records(args):
    spec = STAGES[args.driver]
    lines = dmesg_lines(args.log)
    with open(args.devtime) as f:
        dt = json.load(f)
    tl = Timeline(dt)
    who = f"{args.driver} {args.chip}" + ("" if args.mode == "device" else f" ({args.mode})")

    def fail(msg):
        sys.exit(f"boot.py: {who}: {msg} (log {args.log})")

    i0 = find(lines, spec["start"])
    if i0 is None:
        fail("the driver's first line is not in the dmesg dump")
    bounds = {}
    for regex, site in spec["anchors"]:
        i = find(lines, regex, i0)
        end = dt["sites"][site]["first-end-ns"] if site else 0
        if i is not None and (site is None or end > 0):
            bounds[site or "bar0 (first access)"] = lines[i][0] - end / 1e9
    if not bounds:
        fail("no line to set the device's timeline against")
    # guest time = host time from the first BAR0 access + t_anchor
    t_anchor = min(bounds.values())

    def dev_ms(t_a, t_b):
        return tl.device_ns((t_a - t_anchor) * 1e9, (t_b - t_anchor) * 1e9) / 1e6

    stages, prev = [], i0
    for name, regex in spec["stages"]:
        i = find(lines, regex, prev)
        if i is None:
            fail(f"no line ends the stage {name} ({regex})")
        stages.append((name, lines[prev][0], lines[i][0]))
        prev = i
    t_start, t_end = lines[i0][0], lines[prev][0]
    probe_ms = (t_end - t_start) * 1e3
    probe_dev = dev_ms(t_start, t_end)
    note = "TCG; real firmware; guest dmesg timestamps, device time from nova-gpu's counters"
    if args.mode != "device":
        note += f"; the device out of process ({args.mode})"
    recs = [{
        "group": "boot", "name": f"{who}: probe, device time",
        "value": round(probe_dev, 2), "unit": "ms",
        "baseline": "probe wall time (dmesg, driver load to DRM device)",
        "baseline_value": round(probe_ms, 2),
        "ratio": round(probe_dev / probe_ms, 4) if probe_ms else None,
        "better": "lower", "target": TARGET, "note": note,
    }]
    # the same without the firmware files: request_firmware and the loader's
    # hashing of some 40-60 MB take most of the probe under TCG and move
    # with the machine's load; what follows is where the device works
    t_fw = stages[0][2]
    rest_ms, rest_dev = (t_end - t_fw) * 1e3, dev_ms(t_fw, t_end)
    recs.append({
        "group": "boot", "name": f"{who}: probe after the firmware files, device time",
        "value": round(rest_dev, 2), "unit": "ms",
        "baseline": "wall time from the last firmware file to the DRM device (dmesg)",
        "baseline_value": round(rest_ms, 2),
        "ratio": round(rest_dev / rest_ms, 4) if rest_ms else None,
        "better": "lower",
    })
    table = [f"{who}: probe {probe_ms:.1f} ms, device {probe_dev:.1f} ms "
             f"({100 * probe_dev / probe_ms:.1f}%); after the firmware files "
             f"{rest_ms:.1f} ms, device {rest_dev:.1f} ms ({100 * rest_dev / rest_ms:.1f}%)"]
    for name, a, b in stages:
        ms, dev = (b - a) * 1e3, dev_ms(a, b)
        recs.append({
            "group": "boot", "name": f"{who}: {name}, device time",
            "value": round(dev, 2), "unit": "ms",
            "baseline": f"stage wall time ({100 * ms / probe_ms:.0f}% of the probe)",
            "baseline_value": round(ms, 2),
            "ratio": round(dev / ms, 4) if ms > 0 else None,
            "better": "lower",
        })
        table.append(f"  {name:15s} {ms:9.1f} ms  device {dev:8.2f} ms"
                     f" ({100 * dev / ms if ms > 0 else 0:5.1f}%)")
    sites = {k: v for k, v in dt["sites"].items() if v["calls"]}
    table.append("  timeline set by: " + ", ".join(
        f"{k} +{(v - t_anchor) * 1e3:.1f} ms" for k, v in bounds.items()))
    table.append("  whole run, by entry point: " + ", ".join(
        f"{k} {v['ns'] / 1e6:.1f} ms/{v['calls']}" for k, v in sites.items()))
    print("\n".join(table), file=sys.stderr)
    for r in recs:
        print(json.dumps(r))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"driver": args.driver, "chip": args.chip,
                       "probe_ms": probe_ms, "probe_device_ms": probe_dev,
                       "after_firmware_ms": rest_ms, "after_firmware_device_ms": rest_dev,
                       "stages": [{"name": n, "start": a, "end": b,
                                   "ms": (b - a) * 1e3, "device_ms": dev_ms(a, b)}
                                  for n, a, b in stages],
                       "timeline_offset_bounds_ms": {
                           k: round((v - t_anchor) * 1e3, 3) for k, v in bounds.items()},
                       "device_time_total_ns": dt["total-ns"],
                       "sites": dt["sites"], "nested_calls": dt["nested-calls"],
                       "timeline_past_ns": dt["timeline-past-ns"]}, f, indent=1)


def compare(args):
    """The probe's wall time with the device out of process (vfio-user)
    against the in-QEMU device's, same driver and chip, same run."""
    with open(args.device) as f:
        a = json.load(f)
    with open(args.other) as f:
        b = json.load(f)
    who = f"{a['driver']} {a['chip']}"
    for key, what in (("probe_ms", "probe"),
                      ("after_firmware_ms", "probe after the firmware files")):
        print(json.dumps({
            "group": "boot", "name": f"{who}: {what}, wall time, {args.mode}",
            "value": round(b[key], 2), "unit": "ms",
            "baseline": f"the same with -device nova-gpu (dmesg)",
            "baseline_value": round(a[key], 2),
            "ratio": round(b[key] / a[key], 3) if a[key] else None,
            "better": "lower",
            "note": "TCG; every BAR access a vfio-user message and reply",
        }))


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    w = sub.add_parser("watch")
    w.add_argument("socket")
    w.add_argument("out")
    w.add_argument("--device-socket")
    r = sub.add_parser("records")
    r.add_argument("--driver", required=True, choices=sorted(STAGES))
    r.add_argument("--chip", required=True)
    r.add_argument("--json")
    r.add_argument("--mode", default="device")
    r.add_argument("log")
    r.add_argument("devtime")
    c = sub.add_parser("compare")
    c.add_argument("--mode", default="vfio-user")
    c.add_argument("device")
    c.add_argument("other")
    a = p.parse_args()
    if a.cmd == "watch":
        watch(a.socket, a.out, a.device_socket)
    elif a.cmd == "compare":
        compare(a)
    else:
        records(a)


if __name__ == "__main__":
    main()
