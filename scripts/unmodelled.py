#!/usr/bin/env python3
"""What a guest run touched that nova-gpu does not model.

usage: unmodelled.py [--transcript FILE] [--json] [--check] LOG [LOG...]

LOG is what QEMU printed during a run with the device's unmodelled-access
trace events on (`-d trace:nova_gpu_unimp_*`, which run-guest.sh always
passes), the guest's serial console in the same stream (run-guest.sh's log
is exactly that). FILE is the device's RPC transcript (`transcript=FILE`,
which run-guest.sh writes beside the log). Either alone is enough for the
RPCs, controls and classes; the registers, methods and falcon DMA come from
the trace only.

For each thing the driver touched that the model refuses or ignores, the
report gives its kind, what it is, how often it happened and the first
guest-side context: the last line the guest printed before the first
occurrence (from the log), or the RPC the driver had sent before it (from
the transcript). This is the list a developer of a new kernel release
needs first (docs/guest-tests.md#the-unmodelled-report).

--json prints the same as one JSON object; --check exits 1 if the report is
not empty. Without --check the exit status is 0 whenever the inputs could
be read.
"""

import argparse
import json
import re
import sys

NV_ERR_NOT_SUPPORTED = 0x56
NV_ERR_INVALID_CLASS = 0x22
FN_GSP_RM_ALLOC = 103
FN_GSP_RM_CONTROL = 76

# The trace events of hw/nova-gpu/trace-events' "unmodelled" group, as the
# log backend prints them: "NAME " + the event's format.
HEX = r"0x([0-9a-f]+)"
TRACE = [
    ("register", re.compile(r"^nova_gpu_unimp_read (\S+) " + HEX + r" size (\d+):"),
     lambda m: ("read %s 0x%06x (%s bytes)" % (m[1], int(m[2], 16), m[3]))),
    ("register", re.compile(r"^nova_gpu_unimp_write (\S+) " + HEX + r" size (\d+) <- " + HEX + ":"),
     lambda m: ("write %s 0x%06x (%s bytes)" % (m[1], int(m[2], 16), m[3]))),
    ("rpc", re.compile(r"^nova_gpu_unimp_rpc (\S+) \((\d+)\) length"),
     lambda m: "%s (%s)" % (m[2], m[1]) if m[1] != "?" else "function %s" % m[2]),
    ("control", re.compile(r"^nova_gpu_unimp_rm_control control " + HEX + " on " + HEX + "/" + HEX),
     lambda m: "0x%08x" % int(m[1], 16)),
    ("class", re.compile(r"^nova_gpu_unimp_rm_alloc RM_ALLOC class " + HEX + r" \(([^)]*)\).*status " + HEX),
     lambda m: "0x%04x (%s)" % (int(m[1], 16), m[2])),
    ("method", re.compile(r"^nova_gpu_unimp_method channel \d+ subch \d+ class " + HEX + ": method " + HEX + r" (\S+) ="),
     lambda m: "class 0x%04x method 0x%04x %s" % (int(m[1], 16), int(m[2], 16), m[3])),
    ("falcon-dma", re.compile(r"^nova_gpu_unimp_falcon_dma (\S+) falcon: virtual DMA"),
     lambda m: "%s falcon virtual DMA" % m[1]),
    ("rpc", re.compile(r"^nova_gpu_unimp_static_info"),
     lambda m: "65 (GET_GSP_STATIC_INFO) before the ABI was known"),
]
# a QEMU or harness line, not the guest's
NOT_GUEST = re.compile(r"^(nova_gpu_|nova-gpu: |qemu-system|\[[a-z-]+\] )")
KIND_ORDER = ["register", "rpc", "control", "class", "method", "falcon-dma"]


class Report:
    def __init__(self):
        self.items = {}     # (kind, what) -> [count, context]

    def add(self, kind, what, context):
        item = self.items.setdefault((kind, what), [0, context])
        item[0] += 1

    def kinds(self):
        return {k for k, _ in self.items}

    def rows(self):
        return sorted(self.items.items(),
                      key=lambda kv: (KIND_ORDER.index(kv[0][0]), -kv[1][0], kv[0][1]))


def strip_console(line):
    line = line.rstrip("\r\n")
    return re.sub(r"^\[ *[0-9.]+\] ", "", line)


def read_log(path, report):
    last_guest = "(before the guest printed anything)"
    with open(path, "r", errors="replace") as f:
        for raw in f:
            line = raw.rstrip("\r\n")
            if line.startswith("nova_gpu_unimp_"):
                for kind, rx, what in TRACE:
                    m = rx.match(line)
                    if m:
                        report.add(kind, what(m), last_guest)
                        break
                continue
            if line.strip() and not NOT_GUEST.match(line):
                last_guest = strip_console(line)


def read_transcript(path, report, skip_kinds):
    """The replies that say the model does not support what was asked."""
    last_sent = "(the first RPC)"
    with open(path, "r", errors="replace") as f:
        for raw in f:
            try:
                m = json.loads(raw)
            except ValueError:
                continue
            if "function" not in m:
                continue
            fn, name = m["function"], m.get("name") or "function %d" % m["function"]
            params = bytes.fromhex(m.get("params", ""))
            if m.get("dir") == "to-gsp":
                last_sent = "after %s (seq %d) at %.3f s" % (name, m.get("seq", 0),
                                                             m.get("ns", 0) / 1e9)
                continue
            context = last_sent
            if fn == FN_GSP_RM_CONTROL and len(params) >= 0x10:
                status = int.from_bytes(params[0xc:0x10], "little")
                cmd = int.from_bytes(params[8:0xc], "little")
                if status == NV_ERR_NOT_SUPPORTED and "control" not in skip_kinds:
                    report.add("control", "0x%08x" % cmd, context)
            elif fn == FN_GSP_RM_ALLOC and len(params) >= 0x14:
                status = int.from_bytes(params[0x10:0x14], "little")
                cls = int.from_bytes(params[0xc:0x10], "little")
                if status in (NV_ERR_NOT_SUPPORTED, NV_ERR_INVALID_CLASS) and \
                        "class" not in skip_kinds:
                    report.add("class", "0x%04x" % cls, context)
            elif m.get("result") == NV_ERR_NOT_SUPPORTED and "rpc" not in skip_kinds:
                report.add("rpc", "%d (%s)" % (fn, name), context)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--transcript", help="the device's RPC transcript (JSON lines)")
    ap.add_argument("--json", action="store_true", help="print JSON")
    ap.add_argument("--check", action="store_true", help="exit 1 if anything is listed")
    ap.add_argument("logs", nargs="*", help="QEMU's output with the trace, console included")
    a = ap.parse_args()
    if not a.logs and not a.transcript:
        ap.error("give a log, a transcript or both")
    report = Report()
    try:
        for log in a.logs:
            read_log(log, report)
        if a.transcript:
            # what the trace already counted is not counted twice
            read_transcript(a.transcript, report, report.kinds() & {"rpc", "control", "class"})
    except OSError as e:
        print("unmodelled.py: %s" % e, file=sys.stderr)
        return 2
    rows = report.rows()
    if a.json:
        print(json.dumps({"unmodelled": [
            {"kind": k, "what": w, "count": c, "first_context": ctx}
            for (k, w), (c, ctx) in rows]}, indent=1))
    elif not rows:
        print("unmodelled: nothing (every register, RPC, control and class the driver used is modelled)")
    else:
        print("unmodelled: %d distinct, %d accesses" % (len(rows), sum(c for _, (c, _) in rows)))
        width = max(len(w) for (_, w), _ in rows)
        for (k, w), (c, ctx) in rows:
            print("  %-10s %-*s %7d  first after: %s" % (k, width, w, c, ctx[:160]))
    return 1 if a.check and rows else 0


if __name__ == "__main__":
    sys.exit(main())
