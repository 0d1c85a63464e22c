#!/usr/bin/env python3
"""The host's side of the display test (test-display.sh): boot a guest with
display=on and nova.display=1, look at the screen at each step the guest
announces, answer it on its control port (ttyS1), and judge what was seen.

usage: display-check.py --qmp-python DIR --font FONT_8x16.c --out DIR
                        -- RUN-GUEST-COMMAND...

RUN-GUEST-COMMAND is run-guest.sh with its arguments; this adds a QMP
socket and the control port (an isa-serial on a socket: ttyS1) to its QEMU
and nova.display=1 to the kernel command line. Each screendump is kept in
--out. One line per check on stdout, for test-display.sh:
    CHECK 0|1 NAME | DETAIL           (0: passed)

The checks:
 - console: fbcon's text. The reference is console.txt rendered with the
   kernel's own VGA 8x16 font (lib/fonts/font_8x16.c, read from --font):
   the rows that have ink must be exactly the rows the text fills, and the
   screen's ink must match the rendering to within 1% of its pixels
   (fbcon's colours are not part of the check, only ink against the
   background).
 - the KMS pattern (nova-kms.c's formula, recomputed here) in XRGB8888 and
   RGB565: pixel for pixel.
 - the cursor nova-kms sets with the legacy ioctl: where info nova-gpu says
   the device shows it.
 - hotplug: a new monitor (qom-set monitor-mode, as a resize of the UI's
   window does) reaches the driver: the connector's first mode becomes the
   new preferred one.
 - vblank: the frames nova-kms counted over the time the kernel stamped
   them, against the mode's refresh rate, within 10%: the vblank timer runs
   on QEMU's virtual clock, the guest's clock under TCG follows it. With
   --vblank-lost (the device's fault of that name), the waits must time out
   instead, and the rest work as before.
"""
import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

CELL_W, CELL_H = 8, 16
INK_TOLERANCE = 0.01
VBLANK_TOLERANCE = 0.10
HERE = os.path.dirname(os.path.abspath(__file__))
# the device's QOM path: test-display.sh gives it this id
QOM_PATH = "/machine/peripheral/nova0"
HOTPLUG_MODE = "1024x768"


def check(ok, name, detail=""):
    print(f"CHECK {0 if ok else 1} {name} | {detail}", flush=True)
    return ok


def read_ppm(path):
    """A P6 PPM (what QEMU's screendump writes): width, height, RGB bytes."""
    with open(path, "rb") as f:
        data = f.read()
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos) + 1
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    if fields[0] != b"P6" or int(fields[3]) != 255:
        raise ValueError(f"{path}: not an 8-bit P6 PPM")
    w, h = int(fields[1]), int(fields[2])
    pixels = data[pos + 1:pos + 1 + w * h * 3]
    if len(pixels) != w * h * 3:
        raise ValueError(f"{path}: {len(pixels)} bytes of pixels, not {w * h * 3}")
    return w, h, pixels


def read_font(path):
    """The kernel's font_8x16.c: 256 glyphs of 16 bytes, bit 7 leftmost."""
    text = open(path).read()
    body = text[text.index("fontdata_8x16"):]
    body = body[body.index("{", body.index("{") + 1):]     # past the header braces
    body = re.sub(r"/\*.*?\*/", "", body, flags=re.S)
    nums = [int(n, 16) for n in re.findall(r"0x([0-9a-fA-F]{2})\b", body)]
    # the first brace group is the header { 0, 0, FONTDATASIZE, 0 }: no hex
    if len(nums) < 256 * 16:
        raise ValueError(f"{path}: {len(nums)} bytes of glyphs, not {256 * 16}")
    return [nums[i * 16:(i + 1) * 16] for i in range(256)]


def expected_ink(lines, font, w, h):
    """The ink mask console.txt makes on a w x h screen, a set of (x, y)."""
    ink = set()
    for row, line in enumerate(lines):
        if (row + 1) * CELL_H > h:
            break
        for col, ch in enumerate(line):
            if (col + 1) * CELL_W > w:
                break
            glyph = font[ord(ch) & 0xff]
            for gy in range(CELL_H):
                bits = glyph[gy]
                for gx in range(CELL_W):
                    if bits & (0x80 >> gx):
                        ink.add((col * CELL_W + gx, row * CELL_H + gy))
    return ink


def judge_console(path, lines, font):
    w, h, px = read_ppm(path)
    bg = px[-3:]                    # the bottom-right corner: fbcon's margin or a blank cell
    got = set()
    for y in range(h):
        base = y * w * 3
        row = px[base:base + w * 3]
        if row == bg * w:
            continue
        for x in range(w):
            if row[x * 3:x * 3 + 3] != bg:
                got.add((x, y))
    want = expected_ink(lines, font, w, h)
    rows_got = sorted({y // CELL_H for _, y in got})
    rows_want = sorted({y // CELL_H for _, y in want})
    diff = len(got ^ want)
    return w, h, rows_got, rows_want, diff, len(want)


def pattern_pixel(fmt, x, y, w, h):
    """nova-kms.c's pattern, as the screendump shows it (8 bits a channel)."""
    if fmt == "XR24":
        return (x * 255 // (w - 1), y * 255 // (h - 1), (x ^ y) & 0xff)
    r5, g6, b5 = x * 31 // (w - 1), y * 63 // (h - 1), (x ^ y) & 31
    # pixman widens a channel by repeating its top bits
    return ((r5 << 3) | (r5 >> 2), (g6 << 2) | (g6 >> 4), (b5 << 3) | (b5 >> 2))


def judge_pattern(path, fmt, w, h):
    sw, sh, px = read_ppm(path)
    if (sw, sh) != (w, h):
        return False, f"screen {sw}x{sh}, the mode is {w}x{h}"
    bad, first = 0, None
    for y in range(h):
        for x in range(w):
            i = (y * w + x) * 3
            want = pattern_pixel(fmt, x, y, w, h)
            if tuple(px[i:i + 3]) != want:
                bad += 1
                if first is None:
                    first = f"({x},{y}) is {tuple(px[i:i + 3])}, want {want}"
    return bad == 0, f"{bad} of {w * h} pixels differ" + (f"; first {first}" if first else "")


class Guest:
    def __init__(self, cmd, qmp_python, out):
        sys.path.insert(0, qmp_python)
        from qemu.qmp.legacy import QEMUMonitorProtocol
        self.out = out
        # the sockets in a short directory of their own: a UNIX socket's
        # path must be under 108 bytes, the log directory's may not be
        self.sockdir = tempfile.mkdtemp(prefix="nova-display-")
        self.qmp_sock = os.path.join(self.sockdir, "qmp.sock")
        self.ctl_sock = os.path.join(self.sockdir, "ctl.sock")
        self.log = cmd[cmd.index("--log") + 1]
        # the control port is the second serial port (ttyS1); naming one
        # -serial drops -nographic's default, so the console is named too
        extra = ["--qemu-arg", "-qmp", "--qemu-arg", f"unix:{self.qmp_sock},server=on,wait=off",
                 "--qemu-arg", "-chardev",
                 "--qemu-arg", f"socket,id=nova-ctl,path={self.ctl_sock},server=on,wait=off",
                 "--qemu-arg", "-serial", "--qemu-arg", "mon:stdio",
                 "--qemu-arg", "-serial", "--qemu-arg", "chardev:nova-ctl"]
        self.proc = subprocess.Popen(cmd + extra, stdout=sys.stderr)
        self.pos = 0
        self.buf = ""
        self.qmp = QEMUMonitorProtocol(self.qmp_sock)
        self.ctl = None
        self.connect()
        self.shots = 0

    def connect(self):
        while not (os.path.exists(self.qmp_sock) and os.path.exists(self.ctl_sock)):
            if self.proc.poll() is not None:
                raise RuntimeError("QEMU ended before its sockets appeared")
            time.sleep(0.1)
        self.qmp.connect()
        self.ctl = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.ctl.connect(self.ctl_sock)

    def wait_line(self, regex):
        """The next console line matching regex, or None once the guest ends."""
        rx = re.compile(regex)
        while True:
            while "\n" in self.buf:
                line, self.buf = self.buf.split("\n", 1)
                m = rx.search(line)
                if m:
                    return m
            try:
                with open(self.log, "rb") as f:
                    f.seek(self.pos)
                    chunk = f.read()
            except FileNotFoundError:
                chunk = b""
            if chunk:
                self.pos += len(chunk)
                self.buf += chunk.decode("utf-8", "replace").replace("\r", "")
                continue
            if self.proc.poll() is not None:
                return None
            time.sleep(0.1)

    def screendump(self, name):
        self.shots += 1
        path = os.path.join(self.out, f"{self.shots}-{name}.ppm")
        self.qmp.cmd("screendump", filename=path)
        return path

    def hmp(self, line):
        return self.qmp.cmd("human-monitor-command", **{"command-line": line})

    def go(self):
        self.ctl.sendall(b"go\n")

    def finish(self):
        status = self.proc.wait()
        try:
            self.qmp.close()
        except Exception:
            pass
        shutil.rmtree(self.sockdir, ignore_errors=True)
        return status


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--qmp-python", required=True)
    ap.add_argument("--font", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--text", default=os.path.join(HERE, "display", "console.txt"))
    ap.add_argument("--vblank-lost", action="store_true",
                    help="the device runs with the vblank-lost fault: the vblank "
                         "waits must time out (EBUSY), the rest work as usual")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd[:1] == ["--"] else a.cmd
    os.makedirs(a.out, exist_ok=True)
    lines = open(a.text).read().split("\n")
    font = read_font(a.font)
    g = Guest(cmd, a.qmp_python, a.out)
    try:
        run_checks(g, a, lines, font)
    except BaseException:
        g.proc.terminate()      # a failure here must not leave the guest running
        raise


def run_checks(g, a, lines, font):
    # fbcon: the guest wrote the text; fbcon's damage worker puts it in VRAM
    # a little later, so look a few times before judging
    m = g.wait_line(r"NOVA-GUEST: display: (console-ready|no framebuffer.*)")
    if check(m is not None and m.group(1).startswith("console-ready"),
             "fbcon: a framebuffer console on the GPU",
             m.group(0) if m else "the guest never got to the display stage"):
        for attempt in range(20):
            shot = g.screendump("console")
            w, h, rows_got, rows_want, diff, nink = judge_console(shot, lines, font)
            if rows_got == rows_want and diff <= INK_TOLERANCE * nink:
                break
            time.sleep(0.5)
        check(rows_got == rows_want, "fbcon: ink in exactly the text's rows",
              f"{w}x{h}: rows with ink {rows_got}, the text's {rows_want} ({shot})")
        check(diff <= INK_TOLERANCE * nink,
              "fbcon: the text matches the kernel font's rendering (1% tolerance)",
              f"{diff} pixels differ of {nink} ink pixels ({shot})")
        g.go()
    else:
        check(False, "fbcon: ink in exactly the text's rows", "no console")
        check(False, "fbcon: the text matches the kernel font's rendering (1% tolerance)",
              "no console")

    # nova-kms: one commit per format, then the vblank count
    mode = g.wait_line(r"NOVA-KMS: (mode (\d+)x(\d+) clock=(\d+) htotal=(\d+) vtotal=(\d+).*|error.*)")
    check(mode is not None and mode.group(1).startswith("mode"), "KMS: a connector with a mode",
          mode.group(0) if mode else "no NOVA-KMS line")
    failed = None
    for fmt in ("XR24", "RG16"):
        m = None if failed else \
            g.wait_line(r"NOVA-KMS: (shown format=(\w+) width=(\d+) height=(\d+).*|error.*)")
        shown = m is not None and m.group(1).startswith("shown")
        if not check(shown and m.group(2) == fmt, f"KMS {fmt}: atomic commit of a dumb buffer",
                     m.group(0) if m else failed or "no NOVA-KMS line"):
            failed = failed or (m.group(0) if m else "no NOVA-KMS line")
            check(False, f"KMS {fmt}: the screendump matches the pattern pixel for pixel",
                  failed)
            continue
        w, h = int(m.group(3)), int(m.group(4))
        for _ in range(10):
            shot = g.screendump(f"kms-{fmt}")
            ok, detail = judge_pattern(shot, fmt, w, h)
            if ok:
                break
            time.sleep(0.5)
        check(ok, f"KMS {fmt}: the screendump matches the pattern pixel for pixel",
              f"{detail} ({shot})")
        g.go()
    # the cursor: the device's own account of it (the UI draws it, no
    # screendump shows it)
    c = None if failed else g.wait_line(r"NOVA-KMS: (cursor (\d+)x(\d+) at (-?\d+),(-?\d+)|error.*)")
    if c is not None and c.group(1).startswith("cursor"):
        want = f"cursor: head 0 {c.group(2)}x{c.group(3)} hot spot (0,0) at ({c.group(4)},{c.group(5)})"
        info = g.hmp("info nova-gpu")
        check(want in info, "KMS cursor: the device shows it where nova-kms put it",
              next((ln.strip() for ln in info.splitlines() if "cursor:" in ln), "no cursor line"))
        g.go()
    else:
        check(False, "KMS cursor: the device shows it where nova-kms put it",
              c.group(0) if c else failed or "no cursor line")
        failed = failed or (c.group(0) if c else "no cursor line")
    v = None if failed else g.wait_line(r"NOVA-KMS: (vblank frames=(\d+) reply_us=(\d+) mono_us=(\d+)|error.*)")
    if a.vblank_lost:
        # no vblank interrupt: DRM's wait gives up after its 3 s (EBUSY)
        check(v is not None and v.group(1) == "error WAIT_VBLANK: Device or resource busy",
              "vblank-lost: WAIT_VBLANK times out (EBUSY), the commits worked without it",
              v.group(0) if v else "no vblank line")
    elif mode is not None and mode.group(1).startswith("mode") and v is not None and \
            v.group(1).startswith("vblank"):
        clock, htotal, vtotal = int(mode.group(4)), int(mode.group(5)), int(mode.group(6))
        want = clock * 1000.0 / (htotal * vtotal)
        frames, us = int(v.group(2)), int(v.group(3))
        got = frames * 1e6 / us if us else 0.0
        check(frames > 0 and abs(got / want - 1) <= VBLANK_TOLERANCE,
              "vblank: events at the mode's refresh rate (10%)",
              f"{frames} frames in {us} us: {got:.2f} Hz, the mode's {want:.2f} Hz")
    else:
        check(False, "vblank: events at the mode's refresh rate (10%)",
              v.group(0) if v else "no vblank line")
    done = g.wait_line(r"NOVA-GUEST: display: nova-kms exit (\d+)")
    want_exit = "1" if a.vblank_lost else "0"
    check(done is not None and done.group(1) == want_exit,
          f"KMS: nova-kms ended with status {want_exit}",
          done.group(0) if done else "no exit line")
    # a new monitor (the QOM property a UI resize also sets): the driver
    # hears of it as a hotplug and reads the new EDID
    h = g.wait_line(r"NOVA-GUEST: display: hotplug-ready (\S*)")
    if h is not None:
        g.qmp.cmd("qom-set", path=QOM_PATH, property="monitor-mode", value=HOTPLUG_MODE)
        g.go()
    m = g.wait_line(r"NOVA-GUEST: display: modes-after-hotplug (\S*)") if h else None
    check(m is not None and m.group(1) == HOTPLUG_MODE,
          f"hotplug: the driver reads the new monitor's EDID (preferred {HOTPLUG_MODE})",
          f"{h.group(0) if h else 'no hotplug-ready line'}; "
          f"{m.group(0) if m else 'no modes line'}")
    status = g.finish()
    check(status == 0, "the guest ran to its end", f"run-guest.sh status {status}")


if __name__ == "__main__":
    main()
