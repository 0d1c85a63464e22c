#!/usr/bin/python3
"""Does LAVA report what nova-ci reports? One job: nova-ci's results.json
(the host's boot) against lavacli's results of the LAVA job that booted the
same kernel, initramfs and command line (nova-stages.yaml in the guest).
Every stage the guest can judge must be a LAVA test case of the same name
(0_nova-stages.STAGE) with the same result. Prints TAP lines; the exit status
is 1 on any difference.

usage: compare.py RESULTS.json JOB-NAME LAVA-RESULTS.yaml FIRST-TAP-NUMBER
"""
import json
import sys

import yaml


def main():
    results, job, lava_file, first = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    ours = next((j for j in json.load(open(results)) if j["job"] == job), None)
    if ours is None:
        print(f"not ok {first} - LAVA {job}: nova-ci has no such job in {results}")
        return 1
    with open(lava_file) as f:
        lava = {r["name"]: r["result"] for r in yaml.safe_load(f) or []
                if r.get("suite") == "0_nova-stages"}
    n, bad = first, 0
    for t in ours["tests"]:
        if t["where"] != "guest":
            continue
        name = t["test"].rsplit("@", 1)[1]
        want = "pass" if t["result"] == "Pass" else "fail"
        got = lava.pop(name, "missing")
        if got == want:
            print(f"ok {n} - LAVA {job}: {name}: {got}, as nova-ci")
        else:
            bad += 1
            print(f"not ok {n} - LAVA {job}: {name}: LAVA {got}, nova-ci {want}")
        n += 1
    for name, got in lava.items():
        bad += 1
        print(f"not ok {n} - LAVA {job}: {name}: a LAVA test case nova-ci does not have ({got})")
        n += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
