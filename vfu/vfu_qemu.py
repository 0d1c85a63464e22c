# SPDX-License-Identifier: GPL-2.0-or-later
"""Where nova-gpu-vfu's QEMU and QEMU's own QMP client are (shared by the
server and tests/fuzz/vfu-protocol.py)."""

import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def default_qemu():
    """This checkout's default build (scripts/lib.sh's nova_qemu_build)."""
    out = subprocess.run(
        ["bash", "-c", f'source "{ROOT}/scripts/lib.sh"; nova_qemu_build default'],
        check=True, capture_output=True, text=True).stdout.strip()
    return os.path.join(out, "qemu-system-x86_64")


def qmp_client_path(qemu):
    """python/ of the source the server QEMU was built from (qemu.qmp)."""
    cfg = os.path.join(os.path.dirname(os.path.realpath(qemu)), "config-host.mak")
    try:
        with open(cfg, encoding="utf-8") as f:
            for line in f:
                if line.startswith("SRC_PATH="):
                    return os.path.join(line.split("=", 1)[1].strip(), "python")
    except OSError:
        pass
    sys.exit(f"nova-gpu-vfu: {qemu} is not a QEMU build tree's binary "
             "(no config-host.mak beside it): pass --qemu")
