"""nova-ci's reports: the summary table, TAP and JUnit XML (with Python's own
XML writer), and results.json (what the LAVA comparison reads)."""

import json
import xml.etree.ElementTree as ET

from .expectations import UNEXPECTED


def unexpected(verdict):
    return verdict in UNEXPECTED


def summary(jobs):
    """One line a job: what passed, the verdict, the first unexpected stage."""
    rows = [("job", "stages", "result", "first unexpected")]
    for job in jobs:
        counts = {}
        for t in job.tests:
            counts[t.verdict] = counts.get(t.verdict, 0) + 1
        passed = counts.get("Pass", 0)
        bad = [t for t in job.tests if unexpected(t.verdict)]
        result = "FAIL" if bad else "ok"
        extra = ", ".join(f"{n} {v}" for v, n in sorted(counts.items()) if v != "Pass")
        rows.append((job.name, f"{passed}/{len(job.tests)} pass" + (f" ({extra})" if extra else ""),
                     result, f"{bad[0].verdict}: {bad[0].stage}" if bad else "-"))
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    out = []
    for r in rows:
        out.append("  ".join(c.ljust(w) for c, w in zip(r, widths)) + "  " + r[3])
        if r is rows[0]:
            out.append("  ".join("-" * w for w in widths) + "  " + "-" * 16)
    return "\n".join(out)


def tap(jobs, path):
    tests = [(job, t) for job in jobs for t in job.tests]
    with open(path, "w", encoding="utf-8") as f:
        f.write("TAP version 13\n")
        f.write(f"1..{len(tests)}\n")
        for n, (job, t) in enumerate(tests, 1):
            name = f"{job.name}: {t.stage}"
            if t.verdict == "Pass":
                f.write(f"ok {n} - {name}\n")
            elif t.verdict == "Skip":
                f.write(f"ok {n} - {name} # SKIP {t.note}\n")
            elif t.verdict in ("ExpectedFail",):
                f.write(f"not ok {n} - {name} # TODO expected failure ({t.note}); {t.detail}\n")
            elif t.verdict == "Flake":
                f.write(f"ok {n} - {name} # flake ({t.note})\n")
            else:
                why = "; ".join(x for x in (t.verdict, t.note, t.detail) if x)
                f.write(f"not ok {n} - {name} # {why}\n")


def junit(jobs, path):
    root = ET.Element("testsuites", name="nova-ci")
    total = failures = skipped = 0
    for job in jobs:
        suite = ET.SubElement(root, "testsuite", name=job.name, hostname="nova-gpu",
                              time=f"{job.seconds:.1f}")
        nf = ns = 0
        for t in job.tests:
            case = ET.SubElement(suite, "testcase", name=t.test, classname=job.classname,
                                 time="0")
            if unexpected(t.verdict):
                nf += 1
                el = ET.SubElement(case, "failure", type=t.verdict,
                                   message=f"{t.stage}: {t.verdict}" + (f" ({t.note})" if t.note else ""))
                el.text = t.report or t.detail
            elif t.verdict in ("Skip", "ExpectedFail"):
                ns += 1
                ET.SubElement(case, "skipped", message=f"{t.verdict}: {t.note}")
            elif t.verdict == "Flake":
                ET.SubElement(case, "system-out").text = f"flake ({t.note})"
        suite.set("tests", str(len(job.tests)))
        suite.set("failures", str(nf))
        suite.set("errors", "0")
        suite.set("skipped", str(ns))
        out = ET.SubElement(suite, "system-out")
        out.text = "artifacts: " + job.dir + "\n" + "\n".join(job.artifacts())
        total += len(job.tests)
        failures += nf
        skipped += ns
    root.set("tests", str(total))
    root.set("failures", str(failures))
    root.set("skipped", str(skipped))
    ET.indent(root)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)


def results_json(jobs, path):
    data = []
    for job in jobs:
        data.append({
            "job": job.name, "row": job.row.name, "chip": job.chip, "firmware": job.firmware,
            "fault": job.fault, "run": job.run, "dir": job.dir, "status": job.status,
            "tests": [{"test": t.test, "stage": t.stage, "where": t.where, "result": t.result,
                       "verdict": t.verdict, "note": t.note, "detail": t.detail}
                      for t in job.tests],
        })
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1)
        f.write("\n")
