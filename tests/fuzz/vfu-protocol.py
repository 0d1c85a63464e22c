#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""A hostile vfio-user client against nova-gpu-vfu: the server's own messages.

usage: vfu-protocol.py [--messages N] [--seed S] [--qemu PATH] [--chip CHIP]
                       [--keep DIR]

Starts the server (vfu/nova-gpu-vfu, serving client after client), then
speaks the vfio-user protocol to it as a client that cannot be trusted:
every command the protocol has (and numbers it has not), well formed and
mutated (flipped bytes, wrong sizes and counts, offsets at and past the
regions' ends, DMA maps of nothing), region reads and writes of BAR0's
units, the config space (BARs, the command register, MSI, a function-level
reset), the ROM and BAR1/BAR3. N messages from the seeded generator, so
that a failing seed replays.

What must hold, as TAP:
  - a second client is refused while the first is attached;
  - a fault armed and cleared through the control socket (vbios-corrupt)
    changes what the client reads (the VBIOS signature in BAR0's PROM);
  - the server answers its control socket (QMP query-status) throughout;
  - after a client hangs up (or the server drops a client for a protocol
    error), it serves the next one: the next negotiation succeeds;
  - it never ends on its own, and ends cleanly (status 0) on SIGTERM.
No timing is asserted. The server's output is kept in DIR (--keep) or a
temporary directory, and printed when something failed.
"""

import argparse
import json
import os
import random
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VFU = os.path.join(ROOT, "vfu", "nova-gpu-vfu")
sys.path.insert(0, os.path.join(ROOT, "vfu"))
from vfu_qemu import default_qemu, qmp_client_path   # noqa: E402  pylint: disable=wrong-import-position

# vfio-user commands (libvfio-user's include/vfio-user.h)
VERSION, DMA_MAP, DMA_UNMAP, GET_INFO, GET_REGION_INFO, GET_REGION_IO_FDS, \
    GET_IRQ_INFO, SET_IRQS, REGION_READ, REGION_WRITE, DMA_READ, DMA_WRITE, \
    DEVICE_RESET = range(1, 14)
# regions: BAR0..5, ROM, config space
CFG_REGION, ROM_REGION = 7, 6
REGION_SIZE = {0: 16 << 20, 1: 256 << 20, 3: 32 << 20, ROM_REGION: 1 << 20, CFG_REGION: 4096}

HDR = struct.Struct("<HHIII")       # msg_id, cmd, msg_size, flags, error_no


class Hangup(Exception):
    pass


class Client:
    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(10)
        self.sock.connect(path)
        self.msg_id = 0

    def send(self, cmd, payload, size=None, flags=0):
        self.msg_id = (self.msg_id + 1) & 0xffff
        size = HDR.size + len(payload) if size is None else size
        try:
            self.sock.sendall(HDR.pack(self.msg_id, cmd, size, flags, 0) + payload)
        except OSError as e:
            raise Hangup(str(e)) from e

    def recv_exact(self, n):
        buf = b""
        while len(buf) < n:
            try:
                chunk = self.sock.recv(n - len(buf))
            except socket.timeout:
                return None
            except OSError as e:
                raise Hangup(str(e)) from e
            if not chunk:
                raise Hangup("closed")
            buf += chunk
        return buf

    def reply(self):
        """The next reply's (error_no, body), or None if none came in time."""
        hdr = self.recv_exact(HDR.size)
        if hdr is None:
            return None
        _, _, size, flags, err = HDR.unpack(hdr)
        body = self.recv_exact(max(0, size - HDR.size)) if size > HDR.size else b""
        return (err if flags & 0x20 else 0), body

    def negotiate(self):
        caps = json.dumps({"capabilities": {"max_msg_fds": 8,
                                            "max_data_xfer_size": 1 << 20}}).encode() + b"\0"
        self.send(VERSION, struct.pack("<HH", 0, 1) + caps)
        r = self.reply()
        if r is None or r[0]:
            raise Hangup(f"negotiation refused: {r}")

    def drain(self):
        """Read and drop what the server sent unasked (replies to commands
        that said no reply, or to a header that lied about its size), so
        that neither side blocks on a full socket."""
        self.sock.settimeout(0.05)
        try:
            while self.sock.recv(1 << 20):
                pass
        except (socket.timeout, BlockingIOError):
            pass
        except OSError as e:
            raise Hangup(str(e)) from e
        finally:
            self.sock.settimeout(10)

    def close(self):
        self.sock.close()


def region_access(rng):
    region = rng.choice([0, 0, 0, 0, CFG_REGION, CFG_REGION, ROM_REGION, 1, 3, 2, 9, 0xffffffff])
    size = REGION_SIZE.get(region, 4096)
    count = rng.choice([1, 2, 4, 4, 4, 8, 3, 64, 4096, 0, 1 << 20, 0xffffffff])
    where = rng.random()
    if where < 0.6:
        offset = rng.randrange(0, size) & ~3
    elif where < 0.8:
        offset = size - rng.choice([0, 1, 2, 4, 8])
    else:
        offset = rng.choice([size, 1 << 63, (1 << 64) - 4, rng.getrandbits(64)])
    if region == CFG_REGION and rng.random() < 0.5:
        # the registers that do something: command, BARs, ROM, MSI, PCIe DevCtl (FLR)
        offset = rng.choice([0x04, 0x10, 0x14, 0x18, 0x1c, 0x24, 0x30, 0x3c,
                             0x68, 0x6c, 0x78, 0x80, 0x88, 0x100])
        count = rng.choice([1, 2, 4])
    return offset, region, count


def message(rng):
    """One command, well formed or not: (cmd, payload, size, flags)."""
    cmd = rng.choice([GET_INFO, GET_REGION_INFO, GET_IRQ_INFO, SET_IRQS,
                      REGION_READ, REGION_READ, REGION_READ, REGION_WRITE,
                      REGION_WRITE, REGION_WRITE, REGION_WRITE, DMA_MAP, DMA_UNMAP,
                      DEVICE_RESET, GET_REGION_IO_FDS, DMA_READ, DMA_WRITE, VERSION,
                      0, 14, 15, 16, 17, 0xffff])
    if cmd == GET_INFO:
        p = struct.pack("<IIII", rng.choice([16, 0, 4, 0xffffffff]), 0, 0, 0)
    elif cmd in (GET_REGION_INFO, GET_REGION_IO_FDS):
        p = struct.pack("<IIIIQQ", rng.choice([32, 0, 16, 0xffffffff]), 0,
                        rng.choice([0, 1, 3, 6, 7, 8, 9, 0xffffffff]), 0, 0, 0)
    elif cmd == GET_IRQ_INFO:
        p = struct.pack("<IIII", 16, 0, rng.choice([0, 1, 2, 3, 4, 5, 0xffffffff]), 0)
    elif cmd == SET_IRQS:
        p = struct.pack("<IIIII", rng.choice([20, 0, 0xffffffff]), rng.getrandbits(8),
                        rng.choice([0, 1, 2, 3, 4, 0xffffffff]), rng.choice([0, 1, 31, 0xffffffff]),
                        rng.choice([0, 1, 2, 32, 0xffffffff]))
    elif cmd in (REGION_READ, REGION_WRITE):
        offset, region, count = region_access(rng)
        p = struct.pack("<QII", offset, region, count)
        if cmd == REGION_WRITE:
            n = count if count <= 4096 else rng.choice([0, 4, 4096])
            if rng.random() < 0.2:
                n = rng.choice([0, 1, 4, 16])          # the data and count disagree
            p += bytes(rng.getrandbits(8) for _ in range(min(n, 64))) + bytes(max(0, n - 64))
    elif cmd == DMA_MAP:
        p = struct.pack("<IIQQQ", rng.choice([32, 0, 8, 0xffffffff]), rng.getrandbits(3),
                        rng.getrandbits(64) if rng.random() < 0.3 else 0,
                        rng.choice([0, 0x1000, 1 << 40, rng.getrandbits(64)]) & ~0xfff,
                        rng.choice([0, 0x1000, 1 << 30, rng.getrandbits(64)]))
    elif cmd == DMA_UNMAP:
        p = struct.pack("<IIQQ", rng.choice([24, 0, 0xffffffff]), rng.getrandbits(2),
                        rng.choice([0, 0x1000, rng.getrandbits(64)]),
                        rng.choice([0, 0x1000, rng.getrandbits(64)]))
    elif cmd in (DMA_READ, DMA_WRITE):
        p = struct.pack("<QQ", rng.getrandbits(64), rng.choice([4, 0, 1 << 20]))
    elif cmd == VERSION:
        p = struct.pack("<HH", rng.choice([0, 1, 0xffff]), rng.choice([0, 1, 2])) + \
            rng.choice([b"{}\0", b"not json\0", b"", b'{"capabilities":{"max_msg_fds":-1}}\0'])
    else:
        p = bytes(rng.getrandbits(8) for _ in range(rng.choice([0, 4, 16, 32])))
    size, flags = None, 0
    r = rng.random()
    if r < 0.08 and p:                  # flip bytes
        b = bytearray(p)
        for _ in range(rng.randint(1, 4)):
            b[rng.randrange(len(b))] ^= 1 << rng.randrange(8)
        p = bytes(b)
    elif r < 0.12 and p:                # truncate
        p = p[:rng.randrange(len(p))]
    elif r < 0.14:                      # a header that lies about the size
        size = rng.choice([0, 8, HDR.size - 1, HDR.size + len(p) - 1])
    elif r < 0.17:                      # a reply, an error, no reply wanted
        flags = rng.choice([1, 0x10, 0x20, 0xffffffff & ~0x10])
    return cmd, p, size, flags


def cfg_write(c, offset, value, size=4):
    c.send(REGION_WRITE, struct.pack("<QII", offset, CFG_REGION, size) +
           value.to_bytes(size, "little"))
    c.reply()


def firmware_setup(c):
    """Place the BARs and enable decoding, as a client's firmware would: the
    server reaches a BAR only where the client put it (x-vfio-user-server
    finds the region in the device's PCI address space)."""
    cfg_write(c, 0x10, 0xf0000000)                  # BAR0
    cfg_write(c, 0x14, 0x0000000c)                  # BAR1: 64-bit, at 32 GiB
    cfg_write(c, 0x18, 0x8)
    cfg_write(c, 0x1c, 0x0000000c)                  # BAR3: at 36 GiB
    cfg_write(c, 0x20, 0x9)
    cfg_write(c, 0x30, 0xfe000001)                  # the ROM, enabled
    cfg_write(c, 0x04, 0x0006, 2)                   # memory decode, bus master


def connect(path, deadline=30.0):
    """Connect, negotiate and set the device up; the server may still be
    resetting it for us."""
    end = time.monotonic() + deadline
    while True:
        try:
            c = Client(path)
            c.negotiate()
            firmware_setup(c)
            return c
        except (OSError, Hangup):
            if time.monotonic() > end:
                raise
            time.sleep(0.1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--messages", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--qemu")
    ap.add_argument("--chip", default="ga102")
    ap.add_argument("--keep")
    args = ap.parse_args()

    work = args.keep or tempfile.mkdtemp(prefix="nova-vfu-fuzz-")
    os.makedirs(work, exist_ok=True)
    sock, ctl = os.path.join(work, "gpu.sock"), os.path.join(work, "control.sock")
    server_log = os.path.join(work, "server.log")
    cmd = [VFU, "--socket", sock, "--control", ctl] + \
          (["--qemu", args.qemu] if args.qemu else []) + \
          [f"chip={args.chip}", "--", "-d", "guest_errors"]
    with open(server_log, "w", encoding="utf-8") as out:
        server = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=out)

    n = 0
    failed = 0

    def tap(ok, what):
        nonlocal n, failed
        n += 1
        failed += not ok
        print(f"{'ok' if ok else 'not ok'} {n} - {what}", flush=True)

    print("1..7")
    for _ in range(600):
        if os.path.exists(sock) or server.poll() is not None:
            break
        time.sleep(0.1)
    qmp = None
    try:
        first = connect(sock)
        tap(True, "a client negotiates with the server")

        try:
            second = Client(sock)
            second.sock.settimeout(10)
            try:
                second.negotiate()
                refused = "negotiated"
            except Hangup as e:
                refused = f"dropped ({e})"
            second.close()
        except ConnectionRefusedError:
            refused = "refused"
        tap(refused == "refused", f"a second client is refused while one is attached ({refused})")

        sys.path.insert(0, qmp_client_path(args.qemu or default_qemu()))
        from qemu.qmp.legacy import QEMUMonitorProtocol   # pylint: disable=import-outside-toplevel
        qmp = QEMUMonitorProtocol(ctl)
        qmp.connect()

        # A fault armed through the control socket reaches the device the
        # client sees: the VBIOS in the PROM window (BAR0 0x300000, where
        # the drivers read it) loses its 0x55AA signature, and has it back
        # once the fault is cleared.
        dev = "/machine/peripheral/nova0"

        def rom_signature():
            first.send(REGION_READ, struct.pack("<QII", 0x300000, 0, 4))
            r = first.reply()
            return r[1][16:18].hex() if r and not r[0] and len(r[1]) >= 20 else None
        before = rom_signature()
        qmp.cmd("qom-set", path=dev, property="fault-arm", value="vbios-corrupt")
        armed, faults = rom_signature(), qmp.cmd("qom-get", path=dev, property="faults")
        qmp.cmd("qom-set", path=dev, property="fault-clear", value="vbios-corrupt")
        after = rom_signature()
        tap(before == after == "55aa" and armed not in (None, "55aa") and "vbios-corrupt" in faults,
            f"a fault armed and cleared through the control socket: ROM signature "
            f"{before}, armed {armed}, cleared {after}")

        rng = random.Random(args.seed)
        client, drops, replies, alive = first, 0, 0, True
        for i in range(args.messages):
            c, p, size, flags = message(rng)
            try:
                client.send(c, p, size, flags)
                if not flags & 0x10 and (size is None or size >= HDR.size + len(p)):
                    if client.reply() is not None:
                        replies += 1
                else:
                    client.drain()
            except Hangup:
                drops += 1
                client.close()
                try:
                    client = connect(sock, 60.0)
                except OSError as e:
                    # what the server was doing, for the report
                    objs = [o["name"] for o in qmp.cmd("qom-list", path="/objects")]
                    raise Hangup(f"message {i} (cmd {c}): no new client accepted ({e!r}); "
                                 f"server {qmp.cmd('query-status')['status']}, "
                                 f"objects {objs}") from e
            if i % 200 == 199 and qmp.cmd("query-status").get("status") is None:
                alive = False
        tap(alive and server.poll() is None,
            f"{args.messages} hostile messages (seed {args.seed}): {replies} replies, "
            f"the server dropped the client {drops} times and kept answering its control socket")

        state = qmp.cmd("human-monitor-command", **{"command-line": "info nova-gpu"})
        tap("nova-gpu" in state or "chip" in state, "the device's state dump through the control socket")

        client.close()
        nxt = connect(sock)
        nxt.send(REGION_READ, struct.pack("<QII", 0, 0, 4))    # NV_PMC_BOOT_0
        r = nxt.reply()
        boot0 = struct.unpack("<I", r[1][16:20])[0] if r and not r[0] and len(r[1]) >= 20 else None
        tap(boot0 not in (None, 0, 0xffffffff),
            f"after the hang-up, the next client reads NV_PMC_BOOT_0 = {boot0 and hex(boot0)}")
        nxt.close()
    except Exception as e:      # pylint: disable=broad-except
        tap(False, f"the server stopped serving: {e!r}")
    finally:
        if qmp:
            try:
                qmp.close()
            except Exception:   # pylint: disable=broad-except
                pass
        server.send_signal(signal.SIGTERM)
        try:
            status = server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            status = server.wait()
    while n < 6:
        tap(False, "not reached")
    tap(status == 0, f"the server ends cleanly on SIGTERM (status {status})")
    if failed:
        with open(server_log, encoding="utf-8", errors="replace") as f:
            sys.stderr.write("---- server output ----\n" + f.read()[-20000:])
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
