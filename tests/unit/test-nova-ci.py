#!/usr/bin/env python3
"""TAP test of nova-ci's parts that need no boot: the stage files and their
judge (stages.py) on made-up logs, the guest's checker (guest-stages.sh,
under busybox when the machine has it) agreeing with it, the drm-ci
expectation files and every verdict, and the TAP and JUnit reports."""
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from types import SimpleNamespace

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "nova-ci"))
from nova_ci import expectations as xf   # noqa: E402
from nova_ci import report               # noqa: E402
from nova_ci import stages as st         # noqa: E402

n = 0
failed = 0


def ok(cond, name):
    global n, failed
    n += 1
    if not cond:
        failed += 1
    print("%s %d - %s" % ("ok" if cond else "not ok", n, name))


# A chip as the chip table gives it (no nova-fwgen needed)
FACTS = {"name": "ga102", "boot_0": "0x172000a1", "boot_42": "0x172a1000",
         "vbios_version": "94.02.4e.56.01", "architecture": "Ampere"}
values = st.placeholders(FACTS, "570.144")
plain = st.placeholders(FACTS, "570.144", plain=True)
ok(values["GSP"] == "570\\.144" and plain["GSP"] == "570.144", "placeholders: GSP as a regex, and plain")
ok(__import__("re").fullmatch(values["IDENT"], "Chipset: GA102, Architecture: Ampere, Revision: a.1")
   and plain["IDENT"] == "Chipset: GA102, Architecture: Ampere, Revision: a.1",
   "placeholders: nova-core's identification of the chip (BOOT_42's revision)")
ok(st.gsp_engine_idx("535.113.01") == "49" and st.gsp_engine_idx("570.144") == "50",
   "placeholders: the GSP's MC_ENGINE_IDX per release")

# Both stage files parse, in probe order, with their directives
nv = st.load(st.stage_file("nouveau"))
nc = st.load(st.stage_file("nova-core"))
ok(len(nv.stages) == 28 and nv.append.startswith("nouveau.debug=gsp=debug"),
   "nouveau.stages: 28 stages and the boot's kernel arguments")
ok(len(nc.stages) == 15 and "D:" in nc.defines and nc.error and nc.benign,
   "nova-core.stages: 15 stages, the D: abbreviation, error and benign lines")
ok(all(s.where == "host" for s in nv.stages if s.kind in ("device", "unmodelled", "exit")) and
   sum(s.where == "guest" for s in nv.stages) == 24, "stages: 24 of nouveau's are the guest's")
ok(st.slug("GSP-RM init done received") == "gsp-rm-init-done-received" and
   st.slug("nova-drm bound to nova-core.nova-drm.N") == "nova-drm-bound-to-nova-core.nova-drm.n",
   "slug: the test names nova-ci and LAVA give stages")
ok(st.expand("D:GPU name: NVIDIA", values, nc.defines).startswith("nova-core [0-9a-f]{4}:") and
   st.expand("D:bad >> D:good", values, nc.defines).count("nova-core [0-9a-f]{4}:") == 2,
   "expand: D: on both sides of a before")

with tempfile.TemporaryDirectory() as d:
    # A malformed stage file names its line
    bad = os.path.join(d, "bad.stages")
    with open(bad, "w") as f:
        f.write("# comment\n\nname | frobnicate | x\n")
    try:
        st.load(bad)
        ok(False, "load: an unknown kind is refused with its line")
    except ValueError as e:
        ok(":3:" in str(e), "load: an unknown kind is refused with its line")

    # Every kind on a made-up log
    sf = os.path.join(d, "t.stages")
    with open(sf, "w") as f:
        f.write("@define X: drv 0000:00:02.0:[ ]\n"
                "@error drv .*: .*fail\n"
                "@benign loading /lib/firmware/.* failed\n"
                "chip seen | log | X:chip @CHIPUC@\n"
                "no oops | nolog | Oops\n"
                "probed twice | count2 | X:probed\n"
                "GFW ok | before | X:GFW failed >> X:firmware @GSP@\n"
                "missing line | log | never printed\n"
                "device quiet | device | ^nova-gpu: \n"
                "ended | exit | -\n")
    log = os.path.join(d, "serial.log")
    with open(log, "w") as f:
        f.write("[    1.000000] drv 0000:00:02.0: loading /lib/firmware/x failed\n"
                "[    1.100000] drv 0000:00:02.0: chip GA102\n"
                "[    1.200000] drv 0000:00:02.0: firmware 570.144\n"
                "[    1.300000] drv 0000:00:02.0: probed\n"
                "[    1.400000] drv 0000:00:02.0: probe step fail\n"
                "nova-gpu: something refused\n"
                "[    2.000000] drv 0000:00:02.0: probed\n"
                "NOVA-GUEST: stage=poweroff\n")
    t = st.load(sf)
    res = {r.name: r for r in st.judge(t, st.Boot(log, 0), values)}
    ok(res["chip seen"].passed and res["no oops"].passed and res["probed twice"].passed
       and res["GFW ok"].passed and res["ended"].passed, "judge: log, nolog, count2, before, exit pass")
    ok(not res["missing line"].passed, "judge: a missing line fails")
    ok(not res["device quiet"].passed and "something refused" in res["device quiet"].detail,
       "judge: a device complaint fails, and is quoted")
    timeout = {r.name: r for r in st.judge(t, st.Boot(log, 124), values)}["ended"]
    ok(not timeout.passed and "timeout" in timeout.detail, "judge: the hang guard's status is a timeout")
    badline = st.first_bad_line(t, st.Boot(log, 0))
    ok(badline and "probe step fail" in badline, "first bad line: the driver's error, not the benign one")
    results = st.judge(t, st.Boot(log, 0), values)
    ok(st.reached(results, 4) == "GFW ok", "reached: the last guest stage passed before a failure")

    # The guest's checker agrees with the judge on the guest's stages
    busybox = shutil.which("busybox")
    if busybox:
        env = dict(os.environ, **{f"NOVA_{k}": v for k, v in plain.items()})
        out = subprocess.run([busybox, "sh", os.path.join(ROOT, "nova-ci", "lava", "guest-stages.sh"),
                              sf, log], capture_output=True, text=True, env=env).stdout
        got = dict(line.split() for line in out.splitlines())
        want = {st.slug(r.name): "pass" if r.passed else "fail"
                for r in st.judge(t, st.Boot(log, 0), values, only="guest")}
        ok(got == want, f"guest-stages.sh under busybox: the judge's verdicts ({got})")
    else:
        print(f"ok {n + 1} - guest-stages.sh under busybox # SKIP no busybox here")
        n += 1

    # Expectations: files named as drm-ci's, each verdict
    xd = os.path.join(d, "xfails")
    os.makedirs(xd)
    with open(os.path.join(xd, "nova_core-ga102-fails.txt"), "w") as f:
        f.write("# known\nr@stub@a,Fail\nr@stub@b,Timeout\nr@stub@c,Fail\n")
    with open(os.path.join(xd, "nova_core-ga102-flakes.txt"), "w") as f:
        f.write("@flaky-\n")
    with open(os.path.join(xd, "nova_core-ga102-skips.txt"), "w") as f:
        f.write("@real@\n")
    e = xf.load(xd, "nova-core", "ga102")
    ok(len(e.files) == 3 and e.fails["r@stub@b"] == "Timeout", "expectations: the three files of nova_core-ga102")
    ok(not xf.load(xd, "nova-core", "tu102").files, "expectations: another chip has none")
    cases = [("r@stub@a", ["Fail"], "ExpectedFail"), ("r@stub@a", ["Pass"], "UnexpectedPass"),
             ("r@stub@b", ["Fail"], "Fail"), ("r@stub@z", ["Crash"], "Crash"),
             ("r@stub@z", ["Pass", "Fail"], "NewFlake"), ("r@stub@flaky-x", ["Pass", "Fail"], "Flake"),
             ("r@stub@flaky-x", ["Fail"], "Flake"), ("r@real@a", ["Fail"], "Skip"),
             ("r@stub@z", ["Pass", "Pass"], "Pass")]
    for test, rs, want in cases:
        got, _ = xf.verdict(e, test, rs)
        ok(got == want, f"verdict: {test} {rs} is {want} (got {got})")
    ok(all(report.unexpected(v) for v in ("Fail", "Crash", "Timeout", "UnexpectedPass", "NewFlake"))
       and not any(report.unexpected(v) for v in ("Pass", "Skip", "Flake", "ExpectedFail")),
       "verdicts: which ones fail the run")
    with open(os.path.join(xd, "nova_core-ad102-fails.txt"), "w") as f:
        f.write("r@stub@a\n")
    try:
        xf.load(xd, "nova-core", "ad102")
        ok(False, "expectations: a fails line without its result is refused")
    except ValueError:
        ok(True, "expectations: a fails line without its result is refused")

    # Reports
    tests = [SimpleNamespace(test="r@stub@a", stage="a", verdict="Pass", note="", detail="", report=""),
             SimpleNamespace(test="r@stub@b", stage="b", verdict="UnexpectedPass", note="fails.txt",
                             detail="", report=""),
             SimpleNamespace(test="r@stub@c", stage="c", verdict="Skip", note="skips.txt", detail="",
                             report=""),
             SimpleNamespace(test="r@stub@d", stage="d", verdict="Fail", note="", detail="found: x",
                             report="stage: d")]
    job = SimpleNamespace(name="r ga102 stub", classname="nova-ci.r.ga102.stub", seconds=1.0,
                          dir=d, tests=tests, artifacts=lambda: [])
    report.tap([job], os.path.join(d, "r.tap"))
    tap = open(os.path.join(d, "r.tap")).read().splitlines()
    ok(tap[1] == "1..4" and tap[2].startswith("ok 1 ") and tap[3].startswith("not ok 2 ")
       and "# SKIP" in tap[4] and tap[5].startswith("not ok 4 "), "TAP: pass, unexpected pass, skip, fail")
    report.junit([job], os.path.join(d, "r.xml"))
    root = ET.parse(os.path.join(d, "r.xml")).getroot()
    ok(root.get("tests") == "4" and root.get("failures") == "2" and root.get("skipped") == "1",
       "JUnit: counts")
    kinds = {c.get("name"): [x.tag for x in c] for c in root.iter("testcase")}
    ok(kinds["r@stub@b"] == ["failure"] and kinds["r@stub@c"] == ["skipped"] and kinds["r@stub@a"] == [],
       "JUnit: a failure per unexpected verdict, skipped for a skip")
    summary = report.summary([job])
    ok("FAIL" in summary and "UnexpectedPass: b" in summary, "summary: the job's first unexpected stage")

print(f"1..{n}")
sys.exit(1 if failed else 0)
