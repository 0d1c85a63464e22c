"""Expected results in drm-ci's convention, and the verdict on each test.

Upstream drm-ci (drivers/gpu/drm/ci/xfails/ in a kernel tree) keeps, per
driver and GPU, three files that its runners (deqp-runner, igt-runner) read:

  DRIVER-GPU-fails.txt   "TEST,RESULT" lines: tests known to fail, with the
                         result they fail with (Fail, Crash, Timeout)
  DRIVER-GPU-flakes.txt  regexes: tests that may pass or fail
  DRIVER-GPU-skips.txt   regexes: tests not to judge

DRIVER is the module's name with '_' (nova_core, nouveau), GPU the chip
(tu102, ga102, ad102). Blank lines and '#' comments are ignored, as upstream.
A test here is one stage of one boot: ROW@FIRMWARE@STAGE (and @fault-NAME
before the stage for a fault job), e.g.
nova-core-7.2@stub@gsp-rm-init-done-received.

The verdicts are deqp-runner's: Pass, Fail, Crash, Timeout, Skip, Flake,
ExpectedFail, UnexpectedPass. Unexpected ones (a failure not in fails.txt or
with another result, an unexpected pass, a flake not in flakes.txt) make
nova-ci fail.
"""

import os
import re
from dataclasses import dataclass, field

UNEXPECTED = ("Fail", "Crash", "Timeout", "UnexpectedPass", "NewFlake")


def module_name(driver):
    return driver.replace("-", "_")


@dataclass
class Expectations:
    fails: dict = field(default_factory=dict)       # test -> result
    flakes: list = field(default_factory=list)      # compiled regexes
    skips: list = field(default_factory=list)
    files: list = field(default_factory=list)       # the files read

    def skipped(self, test):
        return any(r.search(test) for r in self.skips)

    def flaky(self, test):
        return any(r.search(test) for r in self.flakes)


def _lines(path):
    with open(path, encoding="utf-8") as f:
        for no, line in enumerate(f, 1):
            line = line.strip()
            if line and not line.startswith("#"):
                yield no, line


def load(directory, driver, chip):
    """The expectations of DRIVER on CHIP in DIRECTORY (none if it lacks them)."""
    exp = Expectations()
    if not directory:
        return exp
    base = os.path.join(directory, f"{module_name(driver)}-{chip}")
    path = base + "-fails.txt"
    if os.path.exists(path):
        exp.files.append(path)
        for no, line in _lines(path):
            test, sep, result = line.rpartition(",")
            if not sep or result not in ("Fail", "Crash", "Timeout"):
                raise ValueError(f"{path}:{no}: want TEST,Fail (or Crash, Timeout): {line}")
            exp.fails[test] = result
    for kind in ("flakes", "skips"):
        path = f"{base}-{kind}.txt"
        if os.path.exists(path):
            exp.files.append(path)
            regexes = getattr(exp, kind)
            for no, line in _lines(path):
                try:
                    regexes.append(re.compile(line))
                except re.error as e:
                    raise ValueError(f"{path}:{no}: bad regex: {e}") from None
    return exp


def verdict(exp, test, results):
    """One test's verdict from its results over the repeats (each Pass, Fail,
    Crash or Timeout) and what is expected of it; returns (verdict, note)."""
    if exp.skipped(test):
        return "Skip", "skips.txt"
    failed = [r for r in results if r != "Pass"]
    want = exp.fails.get(test)
    if not failed:
        if want:
            return "UnexpectedPass", f"fails.txt expects {want}: remove the line"
        return "Pass", ""
    if len(failed) < len(results):
        if exp.flaky(test) or want:
            return "Flake", "flakes.txt" if exp.flaky(test) else "fails.txt, passed sometimes"
        return "NewFlake", f"passed {len(results) - len(failed)} of {len(results)} runs, not in flakes.txt"
    got = failed[0]
    if exp.flaky(test):
        return "Flake", "flakes.txt"
    if want == got:
        return "ExpectedFail", "fails.txt"
    if want:
        return got, f"fails.txt expects {want}"
    return got, ""
