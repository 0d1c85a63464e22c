"""nova-ci's LAVA jobs: nova-ci/lava/job.yaml.in filled in for each job, with
what run-guest.sh --print-boot says the boot is (so LAVA boots exactly what
nova-ci boots), plus nova.shell=1 for the lab's shell."""

import json
import os
import shlex
import subprocess

from . import stages as st

TEMPLATE = os.path.join(st.ROOT, "nova-ci", "lava", "job.yaml.in")


def print_boot(job, qemu, run_args):
    cmd = ["bash", os.path.join(st.ROOT, "tests", "guest", "run-guest.sh"), "--print-boot",
           "--chip", job.chip, "--row", job.row.name, "--firmware", job.firmware,
           "--qemu", qemu, "--log", os.path.join(job.dir, "print-boot.log"),
           "--append", (job.append + " nova.shell=1").strip()] + run_args
    if job.fault:
        cmd += ["--extra-device-opts", f"fault={job.fault}"]
    os.makedirs(job.dir, exist_ok=True)
    out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True).stdout
    boot = {}
    for line in out.splitlines():
        name, _, value = line.partition("=")
        boot[name] = shlex.split(value)[0] if value else ""
    return boot


def git_head():
    return subprocess.run(["git", "-C", st.ROOT, "rev-parse", "HEAD"], check=True,
                          capture_output=True, text=True).stdout.strip()


def write_jobs(jobs, args, qemu, run_args, table, outdir):
    if "--machine" in run_args and run_args[run_args.index("--machine") + 1] != "pc":
        raise SystemExit("nova-ci: the LAVA jobs boot the pc machine only")
    with open(TEMPLATE, encoding="utf-8") as f:
        template = f.read()
    os.makedirs(outdir, exist_ok=True)
    repo = args.lava_repo or f"file://{st.ROOT}"
    revision = args.lava_revision or git_head()
    paths = []
    for job in jobs:
        if job.fault:
            continue        # the test definition judges the stages of a boot without one
        boot = print_boot(job, qemu, run_args)
        values = st.placeholders(table[job.chip], job.row.gsp, plain=True)
        params = {"DRIVER": job.row.driver}
        params.update({f"NOVA_{k}": v for k, v in values.items()})
        text = template
        for k, v in {
            "JOB": job.name,
            "DEVICE": boot["device"],
            "APPEND": boot["append"],
            "KERNEL_URL": "file://" + boot["kernel"],
            "INITRD_URL": "file://" + boot["initrd"],
            "REPO": repo,
            "REVISION": revision,
            # JSON strings are YAML strings: the values may hold ": "
            "PARAMETERS": "\n".join(f"          {k}: {json.dumps(v)}" for k, v in params.items()),
        }.items():
            text = text.replace(f"@{k}@", v)
        path = os.path.join(outdir, st.slug(job.name.replace(" ", "-")) + ".yaml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        paths.append(path)
    return paths
