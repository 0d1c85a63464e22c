"""One boot of a job: tests/guest/run-guest.sh with a QMP socket, watched so
that the device's state ("info nova-gpu") is taken when the guest has ended,
before QEMU goes. The guest's end leaves QEMU stopped (-no-shutdown, and
run-guest.sh's -no-reboot turns a reboot into a shutdown); the watcher then
asks HMP "info nova-gpu" and quits QEMU, which then exits 0 as it would have
by itself. A guest that never ends is ended by run-guest.sh's hang guard
(status 124); its state is taken 2 s before the guard fires, with a note
saying so.
"""

import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass

from . import stages as st

RUN_GUEST = os.path.join(st.ROOT, "tests", "guest", "run-guest.sh")


def qmp_client_path(qemu):
    """The python/ directory of the QEMU source a build was configured from
    (QEMU's own QMP client, qemu.qmp), else that of this checkout's build."""
    candidates = [os.path.dirname(qemu)]
    default = subprocess.run(
        ["bash", "-c", f". {st.ROOT}/scripts/lib.sh && nova_qemu_build default"],
        capture_output=True, text=True).stdout.strip()
    if default:
        candidates.append(default)
    for build in candidates:
        try:
            with open(os.path.join(build, "config-host.mak"), encoding="utf-8") as f:
                m = re.search(r"^SRC_PATH=(.*)$", f.read(), re.M)
        except OSError:
            continue
        if m and os.path.exists(os.path.join(m.group(1), "python", "qemu", "qmp", "__init__.py")):
            return os.path.join(m.group(1), "python")
    return None


class Watcher(threading.Thread):
    """Waits for QEMU's QMP socket, then for the guest's end; takes the
    device's state, then quits QEMU."""

    def __init__(self, sock, proc, state_file, deadline):
        super().__init__(daemon=True)
        self.sock, self.proc, self.state_file = sock, proc, state_file
        self.deadline = deadline    # monotonic: the hang guard fires soon after
        self.note = ""
        self.end = ""       # QEMU's run state when the guest ended

    def run(self):
        from qemu.qmp.legacy import QEMUMonitorProtocol
        while not os.path.exists(self.sock):
            if self.proc.poll() is not None:
                self.note = "QEMU ended before its monitor came up"
                return
            time.sleep(0.1)
        qmp = QEMUMonitorProtocol(self.sock)
        try:
            qmp.connect()
            while True:
                status = qmp.cmd("query-status")["status"]
                if status not in ("running", "prelaunch", "inmigrate", "finish-migrate",
                                  "postmigrate", "restore-vm", "save-vm", "debug"):
                    break
                if time.monotonic() >= self.deadline:
                    # a guest that hangs: its state before the hang guard
                    # ends QEMU, which then goes as it would have
                    self.note = "taken while the guest still ran, just before the hang guard"
                    break
                time.sleep(0.25)
            self.end = status
            state = qmp.cmd("human-monitor-command", **{"command-line": "info nova-gpu"})
            with open(self.state_file, "w", encoding="utf-8") as f:
                f.write(state)
            if self.note:
                return
            try:
                qmp.cmd("quit")
            except Exception:       # QEMU may go before it answers
                pass
        except Exception as e:      # QEMU went away (hang guard, crash)
            self.note = f"the device's state could not be taken: QEMU went ({type(e).__name__})"
        finally:
            try:
                qmp.close()
            except Exception:
                pass


@dataclass
class BootResult:
    status: int
    seconds: float
    state_note: str
    end: str


# run-guest.sh's hang guard when not given (GUEST_HANG_GUARD, lib-guest.sh)
HANG_GUARD = int(os.environ.get("NOVA_GUEST_HANG_GUARD", "600"))


def boot(job, qemu, run_args, timeout=None, verbose=False):
    """Boot one job (its dir gets serial.log, transcript.jsonl,
    info-nova-gpu.txt, run-guest.log)."""
    d = job.dir
    os.makedirs(d, exist_ok=True)
    log = os.path.join(d, "serial.log")
    # (a socket's path has at most 107 bytes: not under the artifacts, which
    # may be deep, e.g. in a CI job's project directory)
    sockdir = tempfile.mkdtemp(prefix="nova-ci-")
    sock = os.path.join(sockdir, "qmp.sock")
    state = os.path.join(d, "info-nova-gpu.txt")
    for f in (state, log + ".transcript.jsonl"):
        if os.path.exists(f):
            os.unlink(f)
    cmd = ["bash", RUN_GUEST, "--chip", job.chip, "--row", job.row, "--firmware", job.firmware,
           "--log", log, "--qemu", qemu,
           "--qemu-arg", "-qmp", "--qemu-arg", f"unix:{sock},server=on,wait=off",
           "--qemu-arg", "-no-shutdown"] + run_args
    if job.append:
        cmd += ["--append", job.append]
    if job.fault:
        cmd += ["--extra-device-opts", f"fault={job.fault}"]
    start = time.monotonic()
    with open(os.path.join(d, "run-guest.log"), "w", encoding="utf-8") as err:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=None if verbose else err)
        # the state is taken 2 s before the guard (or halfway, for a short one)
        guard = timeout or HANG_GUARD
        watcher = Watcher(sock, proc, state, start + max(guard - 2, guard / 2))
        watcher.start()
        status = proc.wait()
        watcher.join(timeout=10)
    if os.path.exists(log + ".transcript.jsonl"):
        os.replace(log + ".transcript.jsonl", os.path.join(d, "transcript.jsonl"))
    shutil.rmtree(sockdir, ignore_errors=True)
    note = watcher.note if watcher.note and not os.path.exists(state) else \
        ("" if os.path.exists(state) else "the device's state was not taken")
    if watcher.note and os.path.exists(state):
        note = ""
        with open(state, "a", encoding="utf-8") as f:
            f.write(f"(nova-ci: {watcher.note})\n")
    return BootResult(status, time.monotonic() - start, note, watcher.end)


def device_context(boot_log, transcript, bad_line):
    """What the device saw around the first bad kernel line: the last RPCs
    before it (the transcript's virtual clock against the kernel's timestamp,
    both guest time under TCG, so approximate) and the device's own lines
    (complaints, unmodelled accesses) printed before it."""
    lines = boot_log.lines()
    t = None
    upto = len(lines)
    if bad_line is not None:
        upto = lines.index(bad_line)
        m = st.STAMP.match(bad_line)
        t = float(m.group(1)) if m else None
    rpcs = []
    if transcript and os.path.exists(transcript):
        with open(transcript, encoding="utf-8", errors="replace") as f:
            for raw in f:
                try:
                    e = json.loads(raw)
                except ValueError:
                    continue        # a line cut short by QEMU's end
                if t is not None and e.get("ns", 0) > t * 1e9:
                    break
                result = e.get("result")
                rpcs.append(f"{e.get('dir')} {e.get('name')} seq {e.get('seq')}"
                            + (f" result {result:#x}" if e.get("dir") == "from-gsp"
                               and isinstance(result, int) else ""))
    said = [l for l in lines[:upto] if re.match(r"nova-gpu: |nova_gpu_unimp", l)]
    parts = []
    if rpcs:
        parts.append("last RPCs: " + "; ".join(rpcs[-3:]))
    else:
        parts.append("no RPC yet")
    if said:
        parts.append("device said: " + " | ".join(said[-2:]))
    return ", ".join(parts)
