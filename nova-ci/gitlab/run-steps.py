#!/usr/bin/python3
"""Run one job of nova-ci.yml's steps (before_script, then script) as
GitLab's shell executor would: each line in bash with the job's variables in
the environment (the file's, then its template's through "extends", then the
job's, then VAR=VALUE overrides, as a pipeline's variables override them),
$VAR references in variables expanded, stopping at the first line that fails.
No runner or cache: nova-gpu's test command (tests/guest/test-nova-ci.sh)
uses it to run the template's commands themselves.

usage: run-steps.py [--file nova-ci.yml] [--cwd DIR] JOB [VAR=VALUE...]
"""
import argparse
import os
import re
import subprocess
import sys

import yaml


def job_of(doc, name):
    job = doc.get(name)
    if not isinstance(job, dict):
        raise SystemExit(f"run-steps: no job {name}")
    parents = job.get("extends", [])
    for parent in [parents] if isinstance(parents, str) else parents:
        base = job_of(doc, parent)
        merged = dict(base)
        merged.update(job)
        merged["variables"] = {**base.get("variables", {}), **job.get("variables", {})}
        job = merged
    return job


def expand(value, env):
    return re.sub(r"\$(?:\{(\w+)\}|(\w+))",
                  lambda m: env.get(m.group(1) or m.group(2), ""), str(value))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--file", default=os.path.join(os.path.dirname(__file__), "nova-ci.yml"))
    ap.add_argument("--cwd", default=".")
    ap.add_argument("job")
    ap.add_argument("overrides", nargs="*")
    a = ap.parse_args()
    with open(a.file) as f:
        doc = yaml.safe_load(f)
    job = job_of(doc, a.job)
    env = dict(os.environ)
    overrides = dict(o.split("=", 1) for o in a.overrides)
    variables = {**doc.get("variables", {}), **job.get("variables", {}), **overrides}
    env.update(overrides)       # what the others may refer to
    for k, v in variables.items():
        env[k] = v if k in overrides else expand(v, env)
    for line in job.get("before_script", []) + job.get("script", []):
        print(f"$ {line}", file=sys.stderr, flush=True)
        status = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", line], env=env,
                                cwd=a.cwd).returncode
        if status:
            print(f"run-steps: {a.job}: the step failed (status {status})", file=sys.stderr)
            return status
    return 0


if __name__ == "__main__":
    sys.exit(main())
