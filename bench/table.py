#!/usr/bin/env python3
"""Assemble bench records (JSON lines, bench/lib-bench.sh) into one table.

usage: table.py RECORDS [--json OUT] [--markdown OUT] [--qemu BINARY]
                [--commit SHA] [--engines-build TEXT]

Prints the table on stdout; writes the whole run (machine, QEMU version,
build types, every record) as JSON to OUT, and the table as Markdown for
docs/bench.md.
"""
import argparse
import datetime
import json
import os
import platform
import subprocess


def machine():
    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = 0
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    mem = int(line.split()[1]) // 1024
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "cpu": cpu, "mem_mib": mem,
            "kernel": platform.release(), "load_avg": os.getloadavg()[0]}


def qemu_version(binary):
    if not binary:
        return ""
    try:
        out = subprocess.run([binary, "--version"], capture_output=True,
                             text=True, timeout=30).stdout
        return out.splitlines()[0] if out else ""
    except (OSError, subprocess.SubprocessError):
        return ""


def verdict(r):
    t = r.get("target")
    ratio = r.get("ratio")
    if t is None or ratio is None:
        return ""
    ok = ratio <= t if r.get("better") == "lower" else ratio >= t
    return ("met" if ok else "MISSED") + (" (<=%g)" % t if r.get("better") == "lower" else " (>=%g)" % t)


def fmt(v):
    if v is None:
        return "-"
    a = abs(v)
    if a >= 1000:
        return "%.0f" % v
    if a >= 10:
        return "%.1f" % v
    return "%.3g" % v


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("records")
    ap.add_argument("--json")
    ap.add_argument("--markdown")
    ap.add_argument("--qemu")
    ap.add_argument("--qemu-build", default="")
    ap.add_argument("--engines-build", default="")
    ap.add_argument("--commit", default="")
    ap.add_argument("--missing", default="", help="parts that failed to run")
    ap.add_argument("--merged", default="", help="records taken from an earlier run")
    a = ap.parse_args()

    recs = []
    with open(a.records) as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            r = json.loads(line)
            if r.get("ratio") is None and r.get("baseline_value"):
                r["ratio"] = r["value"] / r["baseline_value"]
            recs.append(r)

    cols = ["group", "figure", "value", "baseline", "baseline value", "ratio", "target"]
    rows = []
    for r in recs:
        unit = r.get("unit", "")
        name = r["name"] + (" [%s]" % r["note"] if r.get("note") else "")
        rows.append([r["group"], name, "%s %s" % (fmt(r["value"]), unit), r.get("baseline", ""),
                     "%s %s" % (fmt(r.get("baseline_value")), unit), fmt(r.get("ratio")), verdict(r)])

    widths = [max(len(c), *(len(row[i]) for row in rows)) if rows else len(c)
              for i, c in enumerate(cols)]
    line = "  ".join(c.ljust(widths[i]) for i, c in enumerate(cols))
    print(line)
    print("-" * len(line))
    for row in rows:
        print("  ".join(v.ljust(widths[i]) for i, v in enumerate(row)))
    if a.missing:
        print("not measured (the part failed): %s" % a.missing)
    if a.merged:
        print("records of an earlier run taken in: %s" % a.merged)

    run = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "commit": a.commit,
        "machine": machine(),
        "qemu": {"binary": a.qemu or "", "version": qemu_version(a.qemu),
                 "build": a.qemu_build},
        "engines_build": a.engines_build,
        "failed_parts": [p for p in a.missing.split(",") if p],
        "merged_records_from": a.merged,
        "records": recs,
    }
    if a.json:
        with open(a.json, "w") as f:
            json.dump(run, f, indent=1)
            f.write("\n")
    if a.markdown:
        m = run["machine"]
        with open(a.markdown, "w") as f:
            f.write("Machine: %s, %s CPUs, %d MiB, Linux %s, load %.1f at the end; %s; "
                    "commit %s, %s.\n\n" % (m["cpu"], m["nproc"], m["mem_mib"], m["kernel"],
                                           m["load_avg"], run["qemu"]["version"],
                                           a.commit[:12], run["date"]))
            f.write("| " + " | ".join(cols) + " |\n")
            f.write("|" + " --- |" * len(cols) + "\n")
            for row in rows:
                f.write("| " + " | ".join(v.replace("|", "\\|") for v in row) + " |\n")


if __name__ == "__main__":
    main()
