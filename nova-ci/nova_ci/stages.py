#!/usr/bin/env python3
"""The driver's stages, by name, judged on what a boot left behind.

A stage file (tests/guest/stages/DRIVER.stages) lists the stages of one
driver's probe in order, one a line:

    NAME | KIND | ARGUMENT [| TODO]

and directives:

    @append ARGS        kernel arguments of the boot the stages judge
    @error REGEX        the driver's error lines: the first one not @benign
                        is the "first bad kernel line" of a failure report
    @benign REGEX       lines that look like errors and are not
    @define ABBR TEXT   ABBR at the start of an argument (or of either side
                        of a "before") stands for TEXT (a regex)

Guest kinds are judged on the guest's own log (the kernel's and /init's
lines); the host kinds need what only the host has: QEMU's own lines, its exit
status, the RPC transcript. The LAVA test definition (nova-ci/lava/) judges
the guest kinds inside the guest, with the same file.

This module is imported by nova-ci and run as a program by the guest tests
(test-nouveau.sh, test-nova-core.sh): "tap" prints their TAP lines, "count"
the number of stages, "vars" the placeholders of a chip (for the LAVA job).
It needs nothing beyond Python's standard library.
"""

import argparse
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass, field

GUEST_KINDS = ("log", "nolog", "count2", "before")
HOST_KINDS = ("device", "unmodelled", "exit")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
STAGES_DIR = os.path.join(ROOT, "tests", "guest", "stages")
# /init's marker that the guest reached its end by itself
POWEROFF_MARK = "NOVA-GUEST: stage=poweroff"
# A kernel line's timestamp, "[   12.345678] "
STAMP = re.compile(r"^\[ *([0-9]+\.[0-9]+)\] ")


def slug(text):
    """A stage's name as a test name: lower case, words joined by '-'."""
    return re.sub(r"[^a-z0-9.]+", "-", text.lower()).strip("-")


@dataclass
class Stage:
    name: str
    kind: str
    arg: str
    todo: str
    line: int

    @property
    def where(self):
        return "guest" if self.kind in GUEST_KINDS else "host"


@dataclass
class StageFile:
    path: str
    driver: str
    append: str = ""
    error: str = ""
    benign: str = ""
    defines: dict = field(default_factory=dict)
    stages: list = field(default_factory=list)


def stage_file(driver):
    return os.path.join(STAGES_DIR, f"{driver}.stages")


def load(path, driver=None):
    """Parse a stage file; a malformed line is an error with its number."""
    sf = StageFile(path, driver or os.path.basename(path).rsplit(".", 1)[0])
    with open(path, encoding="utf-8") as f:
        for no, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if line.startswith("@"):
                word, _, rest = line.partition(" ")
                if word == "@append":
                    sf.append = rest.strip()
                elif word == "@error":
                    sf.error = rest.strip()
                elif word == "@benign":
                    sf.benign = rest.strip()
                elif word == "@define":
                    abbr, _, text = rest.partition(" ")
                    sf.defines[abbr] = text     # its blanks are its own
                else:
                    raise ValueError(f"{path}:{no}: unknown directive {word}")
                continue
            cells = [c.strip() for c in line.split(" | ")]
            if len(cells) == 2:
                cells.append("")
            if len(cells) == 3:
                cells.append("-")
            if len(cells) != 4:
                raise ValueError(f"{path}:{no}: want NAME | KIND | ARGUMENT [| TODO]")
            name, kind, arg, todo = cells
            if kind not in GUEST_KINDS + HOST_KINDS:
                raise ValueError(f"{path}:{no}: unknown kind '{kind}'")
            sf.stages.append(Stage(name, kind, "" if arg == "-" else arg,
                                   "" if todo == "-" else todo, no))
    return sf


# --- placeholders --------------------------------------------------------------------

def chip_table():
    """The chip table (nova-fwgen chips), as scripts/lib.sh's nova_chip_table
    gives it: from NOVA_CHIP_TABLE if a script exported it, else by running it."""
    text = os.environ.get("NOVA_CHIP_TABLE")
    if not text:
        text = subprocess.run(
            ["bash", "-c", f". {shlex.quote(os.path.join(ROOT, 'scripts', 'lib.sh'))} && nova_chip_table"],
            check=True, capture_output=True, text=True).stdout
    chips = {}
    for line in text.splitlines():
        facts = dict(word.split("=", 1) for word in shlex.split(line) if "=" in word)
        if "name" in facts:
            chips[facts["name"]] = facts
    return chips


def gsp_engine_idx(gsp):
    """The GSP's MC_ENGINE_IDX in a release's interrupt table (nvrm/engine.h)."""
    return "49" if gsp.startswith("535.") else "50"


def placeholders(facts, gsp, plain=False):
    """@NAME@ -> text (regex-escaped where the value is literal, unless plain:
    the guest's checker, nova-ci/lava/guest-stages.sh, escapes them itself)."""
    esc = (lambda x: x) if plain else re.escape
    boot_42 = int(facts["boot_42"], 16)
    ident = "Chipset: {}, Architecture: {}, Revision: {:x}.{:x}".format(
        facts["name"].upper(), facts["architecture"], (boot_42 >> 16) & 0xf, (boot_42 >> 12) & 0xf)
    return {
        "CHIP": facts["name"],
        "CHIPUC": facts["name"].upper(),
        "BOOT0": facts["boot_0"].removeprefix("0x"),
        "VBIOS": esc(facts["vbios_version"]),
        "IDENT": esc(ident),
        "GSP": esc(gsp),
        "GSPIDX": gsp_engine_idx(gsp),
    }


def expand(text, values, defines):
    """A stage's argument with its placeholders and abbreviation filled in."""
    for k, v in values.items():
        text = text.replace(f"@{k}@", v)
    for abbr, v in defines.items():
        if text.startswith(abbr):
            text = v + text[len(abbr):]
        text = text.replace(" >> " + abbr, " >> " + v)
    return text


def name_of(stage, values):
    """A stage's name with @GSP@ as the release (not as a regex)."""
    return stage.name.replace("@GSP@", values["GSP"].replace("\\", ""))


# --- judging -----------------------------------------------------------------------------

@dataclass
class Result:
    stage: Stage
    name: str
    passed: bool
    detail: str = ""        # why it failed (what was found, or missing)


@dataclass
class Boot:
    """What one boot left: its serial log (kernel, /init and QEMU lines), QEMU's
    status (0, 124 for the hang guard, other: QEMU failed), the transcript."""
    log: str
    status: int
    transcript: str = ""

    def lines(self):
        if not hasattr(self, "_lines"):
            with open(self.log, encoding="utf-8", errors="replace") as f:
                self._lines = f.read().splitlines()
        return self._lines


def first_match(regex, lines):
    r = re.compile(regex)
    return next((l for l in lines if r.search(l)), None)


def judge(sf, boot, values, only=None):
    """Every stage of sf on boot, in order (only: "guest" or "host" kinds)."""
    lines = boot.lines()
    results = []
    for st in sf.stages:
        if only and st.where != only:
            continue
        arg = expand(st.arg, values, sf.defines)
        ok, detail = False, ""
        if st.kind == "log":
            ok = first_match(arg, lines) is not None
        elif st.kind in ("nolog", "device"):
            found = first_match(arg, lines)
            ok = bool(lines) and found is None
            detail = f"found: {strip_stamp(found)}" if found else ("empty log" if not ok else "")
        elif st.kind == "count2":
            ok = sum(1 for l in lines if re.search(arg, l)) >= 2
        elif st.kind == "before":
            bad, _, later = arg.partition(" >> ")
            found = first_match(bad, lines)
            if found:
                detail = f"found: {strip_stamp(found)}"
            else:
                ok = first_match(later, lines) is not None
        elif st.kind == "unmodelled":
            cmd = [sys.executable, os.path.join(ROOT, "scripts", "unmodelled.py"), "--check", boot.log]
            if boot.transcript and os.path.exists(boot.transcript):
                cmd += ["--transcript", boot.transcript]
            p = subprocess.run(cmd, capture_output=True, text=True)
            ok = p.returncode == 0
            if not ok:
                out = (p.stdout + p.stderr).splitlines()
                detail = "; ".join(l.strip() for l in out[:2])
        elif st.kind == "exit":
            ok = boot.status == 0 and any(POWEROFF_MARK in l for l in lines)
            if boot.status == 124:
                detail = "timeout (the hang guard ended QEMU)"
            elif boot.status != 0:
                detail = f"QEMU status {boot.status}"
            elif not ok:
                detail = "QEMU ended without /init's poweroff marker"
        results.append(Result(st, name_of(st, values), ok, detail))
    return results


def strip_stamp(line):
    return STAMP.sub("", line) if line else line


def first_bad_line(sf, boot):
    """The first line matching @error and not @benign (with its timestamp)."""
    if not sf.error:
        return None
    err = re.compile(sf.error)
    benign = re.compile(sf.benign) if sf.benign else None
    for l in boot.lines():
        if err.search(l) and not (benign and benign.search(l)):
            return l
    return None


def reached(results, upto):
    """The last guest stage that passed before result number upto."""
    last = "none"
    for r in results[:upto]:
        if r.passed and r.stage.kind in ("log", "before", "count2"):
            last = r.name
    return last


# --- the guest tests' TAP ------------------------------------------------------------

def tap(sf, boot, values, label, first):
    """TAP lines numbered from first; TODO stages as TAP's expected failures, an
    unexpected pass as a failure. Returns the number of real failures."""
    results = judge(sf, boot, values)
    bad = first_bad_line(sf, boot)
    failed = 0
    for i, r in enumerate(results):
        n = first + i
        todo = r.stage.todo
        if r.passed and not todo:
            print(f"ok {n} - {label}: {r.name}")
        elif r.passed:
            failed += 1
            print(f"not ok {n} - {label}: {r.name} unexpected pass: remove the TODO mark ({todo})")
        else:
            detail = f"reached: {reached(results, i)}"
            if bad and r.stage.where == "guest":
                detail += f"; first error: {strip_stamp(bad)}"
            if r.detail:
                detail += f"; {r.detail}"
            if todo:
                print(f"not ok {n} - {label}: {r.name} # TODO {todo}; {detail}")
            else:
                failed += 1
                print(f"not ok {n} - {label}: {r.name} # {detail}")
    sys.stdout.flush()
    return failed


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("count", help="the number of stages of a driver")
    c.add_argument("driver")
    t = sub.add_parser("tap", help="judge one boot, print TAP lines")
    t.add_argument("driver")
    t.add_argument("--log", required=True)
    t.add_argument("--status", type=int, required=True, help="QEMU's exit status")
    t.add_argument("--transcript", default="")
    t.add_argument("--chip", required=True)
    t.add_argument("--gsp", required=True, help="the GSP-RM release")
    t.add_argument("--label", required=True, help="text before each stage's name")
    t.add_argument("--first", type=int, default=1, help="the first TAP number")
    a = sub.add_parser("append", help="the kernel arguments of a driver's boot")
    a.add_argument("driver")
    v = sub.add_parser("vars", help="a chip's placeholders, one NAME=VALUE a line")
    v.add_argument("--chip", required=True)
    v.add_argument("--gsp", required=True)
    v.add_argument("--plain", action="store_true", help="values as text, not regexes")
    args = ap.parse_args(argv)

    if args.cmd == "vars":
        for k, val in placeholders(chip_table()[args.chip], args.gsp, args.plain).items():
            print(f"{k}={val}")
        return 0
    sf = load(stage_file(args.driver))
    if args.cmd == "count":
        print(len(sf.stages))
        return 0
    if args.cmd == "append":
        print(sf.append)
        return 0
    values = placeholders(chip_table()[args.chip], args.gsp)
    boot = Boot(args.log, args.status, args.transcript)
    return 1 if tap(sf, boot, values, args.label, args.first) else 0


if __name__ == "__main__":
    sys.exit(main())
