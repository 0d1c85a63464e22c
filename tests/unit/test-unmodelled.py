#!/usr/bin/env python3
"""TAP test of scripts/unmodelled.py on a made-up run: a console log with the
device's unmodelled-access trace lines among the guest's, and a transcript
whose replies refuse a control, a class and an RPC."""
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOOL = os.path.join(ROOT, "scripts", "unmodelled.py")
n = 0
failed = 0


def ok(cond, name):
    global n, failed
    n += 1
    if not cond:
        failed += 1
    print("%s %d - %s" % ("ok" if cond else "not ok", n, name))


def run(*args):
    p = subprocess.run([sys.executable, TOOL] + list(args), capture_output=True, text=True)
    return p.returncode, p.stdout


def msg(direction, fn, name, seq, result, params):
    return json.dumps({"ns": 1000000 * seq, "dir": direction, "function": fn, "name": name,
                       "seq": seq, "result": result, "length": 0x20 + len(params),
                       "params": params.hex()})


def le32(*v):
    return b"".join(x.to_bytes(4, "little") for x in v)


with tempfile.TemporaryDirectory() as d:
    log = os.path.join(d, "run.log")
    tr = os.path.join(d, "run.log.transcript.jsonl")
    with open(log, "w") as f:
        f.write("[    1.000000] nouveau 0000:00:02.0: gsp: booted\n"
                "nova_gpu_unimp_read UFLUSH 0x070000 size 4: unmodelled, reads 0\n"
                "nova_gpu_unimp_read UFLUSH 0x070000 size 4: unmodelled, reads 0\n"
                "nova-gpu: a guest error line is not the guest's\n"
                "[    2.000000] nouveau 0000:00:02.0: fifo: init\n"
                "nova_gpu_unimp_write PFB 0x100c80 size 4 <- 0x1: unmodelled, ignored\n"
                "nova_gpu_unimp_method channel 3 subch 0 class 0xc597: method 0x0200 SET_X = 0x00000001 recorded, not executed\n")
    with open(tr, "w") as f:
        ctrl = le32(0xc1d00000, 0x5d1d0000, 0x20801234, 0x56, 0, 0)
        alloc = le32(0xc1d00000, 0xde1d0000, 0xbeef, 0xc370, 0x56)
        f.write("\n".join([
            msg("to-gsp", 76, "GSP_RM_CONTROL", 5, 0xffffffff, ctrl),
            msg("from-gsp", 76, "GSP_RM_CONTROL", 5, 0, ctrl),
            msg("to-gsp", 103, "GSP_RM_ALLOC", 6, 0xffffffff, alloc),
            msg("from-gsp", 103, "GSP_RM_ALLOC", 6, 0, alloc),
            msg("to-gsp", 7, "MAP_MEMORY", 7, 0xffffffff, b""),
            msg("from-gsp", 7, "MAP_MEMORY", 7, 0x56, b""),
            msg("to-gsp", 65, "GET_GSP_STATIC_INFO", 8, 0xffffffff, b""),
            msg("from-gsp", 65, "GET_GSP_STATIC_INFO", 8, 0, b""),
        ]) + "\n")

    rc, out = run(log, "--transcript", tr, "--json")
    rows = json.loads(out)["unmodelled"] if rc == 0 else []
    by = {(r["kind"], r["what"]): r for r in rows}
    ok(rc == 0, "reads a log and a transcript")
    reg = by.get(("register", "read UFLUSH 0x070000 (4 bytes)"))
    ok(reg and reg["count"] == 2, "a register read twice: one row, count 2")
    ok(reg and reg["first_context"] == "nouveau 0000:00:02.0: gsp: booted",
       "its context: the guest's last line before, not the device's")
    ok(("register", "write PFB 0x100c80 (4 bytes)") in by, "a register write")
    ok(("method", "class 0xc597 method 0x0200 SET_X") in by, "a method recorded, not executed")
    ctl = by.get(("control", "0x20801234"))
    ok(ctl and "GSP_RM_CONTROL (seq 5)" in ctl["first_context"],
       "a control refused in the transcript, after the RPC that asked it")
    ok(("class", "0xc370") in by, "a class refused")
    ok(("rpc", "7 (MAP_MEMORY)") in by, "an RPC answered NV_ERR_NOT_SUPPORTED")
    ok(not any(k == "rpc" and "GET_GSP_STATIC_INFO" in w for k, w in by), "an RPC answered OK is not listed")
    ok(len(rows) == 6, "six things, nothing else")

    rc, out = run(log, "--transcript", tr, "--check")
    ok(rc == 1 and out.startswith("unmodelled: 6 distinct, 7 accesses"), "--check fails on a non-empty report; the summary line")
    clean = os.path.join(d, "clean.log")
    with open(clean, "w") as f:
        f.write("[    1.0] nouveau 0000:00:02.0: all modelled\n")
    rc, out = run(clean, "--check")
    ok(rc == 0 and out.startswith("unmodelled: nothing"), "an empty report passes --check")
    rc, _ = run(os.path.join(d, "missing.log"))
    ok(rc == 2, "an unreadable log: status 2")

print("1..%d" % n)
sys.exit(1 if failed else 0)
