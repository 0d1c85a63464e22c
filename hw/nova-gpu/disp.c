/*
 * nova-gpu: the QEMU side of the display (display=on). disp/ is the
 * engine; here are its BAR0 blocks, the bottom half its channel runs are
 * scheduled on, its interrupt (the DISP stall vector GSP-RM's table gives
 * it), the heads' vblank on the virtual clock and the raster position.
 * scanout.c shows what the heads scan out on a QEMU console.
 *
 * BAR0: PDISP (0x610000) holds the interrupt registers and the heads'
 * raster position (NV_PDISP_RG_DPCA / NV_PDISP_RG_POSITION, 0x616330 and
 * 0x616334 + h * 0x800); UDISP (0x640000) holds the caps page (read as
 * zero: no capability nouveau reads there is needed) and the channels'
 * user areas (disp/disp.c).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/timer.h"
#include "nova-gpu.h"
#include "trace.h"

#define NV_PDISP_RG_DPCA(h)         (0x616330u + (h) * 0x800)  /* 15:0 the line */
#define NV_PDISP_RG_POSITION(h)     (0x616334u + (h) * 0x800)  /* 15:0 the pixel */
#define NV_UDISP_CAPS_BASE          0x640000u
#define NV_UDISP_CAPS_SIZE          0x1000u

/* vblanks at least this far apart (a mode with a 1 kHz refresh is no mode) */
#define VBLANK_MIN_NS               1000000
#define VBLANK_DEFAULT_NS           16666667    /* 60 Hz, when the mode gives no clock */

/* heads the display has: one, with one connector (docs/display.md) */
#define NOVA_GPU_DISP_HEADS         1

/* --- the engine's work ----------------------------------------------------------- */

static void disp_bh(void *opaque)
{
    NovaGpuState *s = opaque;

    nova_time_enter(s, NOVA_TIME_BH_DISP);
    s->disp_kick = false;
    nova_disp_run(&s->disp);
    nova_time_leave(s);
}

void nova_host_disp_schedule(NovaGpuState *s)
{
    if (s->disp_bh && !s->gone) {
        s->disp_kick = true;                    /* migrated: see vmstate.c */
        qemu_bh_schedule(s->disp_bh);
    }
}

/* --- vblank ---------------------------------------------------------------------- */

/* a frame of head @h, in ns of virtual time; 0 if the head is not lit */
static int64_t frame_ns(NovaGpuState *s, unsigned h)
{
    NovaDispMode m;
    uint64_t pixels;

    if (!nova_disp_mode(&s->disp, h, &m) || !m.active) {
        return 0;
    }
    pixels = (uint64_t)m.htotal * m.vtotal;
    if (!m.pixel_hz) {
        return VBLANK_DEFAULT_NS;
    }
    return MAX((int64_t)(pixels * NANOSECONDS_PER_SECOND / m.pixel_hz), VBLANK_MIN_NS);
}

/*
 * Head @h's timer runs while the head is lit and its vblank interrupt is
 * enabled; the frames keep the grid set when the head lit up, so that
 * the raster position and the vblanks agree.
 */
static void vblank_arm(NovaGpuState *s, unsigned h)
{
    int64_t frame = frame_ns(s, h), now, next;

    if (!s->vblank_timer[h]) {
        return;
    }
    if (!frame) {
        s->vblank_frame[h] = 0;
        timer_del(s->vblank_timer[h]);
        return;
    }
    now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    if (s->vblank_frame[h] != frame) {
        s->vblank_frame[h] = frame;
        s->vblank_epoch[h] = now;
    }
    if (!(s->disp.head_intr_en[h] & 0x2)) {
        timer_del(s->vblank_timer[h]);
        return;
    }
    next = s->vblank_epoch[h] + ((now - s->vblank_epoch[h]) / frame + 1) * frame;
    if (!timer_pending(s->vblank_timer[h]) || timer_expire_time_ns(s->vblank_timer[h]) != next) {
        timer_mod(s->vblank_timer[h], next);
    }
}

static void vblank_cb(NovaGpuState *s, unsigned h)
{
    nova_time_enter(s, NOVA_TIME_TIMER_DISP);
    trace_nova_gpu_disp_vblank_tick(h);
    nova_disp_vblank(&s->disp, h);
    vblank_arm(s, h);
    nova_time_leave(s);
}

static void vblank0_cb(void *opaque) { vblank_cb(opaque, 0); }
static void vblank1_cb(void *opaque) { vblank_cb(opaque, 1); }
static void vblank2_cb(void *opaque) { vblank_cb(opaque, 2); }
static void vblank3_cb(void *opaque) { vblank_cb(opaque, 3); }

void nova_host_disp_rearm(NovaGpuState *s)
{
    unsigned h;

    for (h = 0; h < s->disp.cfg.heads; h++) {
        vblank_arm(s, h);
    }
}

/* the line and pixel the head's raster is at now, from the frame grid */
static uint32_t raster_position(NovaGpuState *s, unsigned h, bool line)
{
    int64_t frame = s->vblank_frame[h], into;
    NovaDispMode m;

    if (!frame || !nova_disp_mode(&s->disp, h, &m) || !m.active) {
        return 0;
    }
    into = (qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) - s->vblank_epoch[h]) % frame;
    if (line) {
        return (uint32_t)(into * m.vtotal / frame);
    }
    return (uint32_t)((into * m.vtotal % frame) * m.htotal / frame);
}

/* --- the host's ops ---------------------------------------------------------------- */

static void host_disp_intr(void *opaque)
{
    NovaGpuState *s = opaque;
    bool level = nova_disp_intr_pending(&s->disp);

    trace_nova_gpu_disp_intr(level);
    nova_intr_set_level(&s->intr, NOVA_DISP_INTR_VECTOR, level);
    nova_irq_update(s);
    nova_host_disp_rearm(s);        /* an enable may have changed */
}

static void host_disp_changed(void *opaque)
{
    NovaGpuState *s = opaque;

    nova_host_disp_rearm(s);
    nova_scanout_changed(s);
}

void nova_host_disp_ops(NovaGpuState *s, NovaHost *h)
{
    h->disp_intr = host_disp_intr;
    h->disp_changed = host_disp_changed;
}

void nova_host_disp_init(NovaGpuState *s)
{
    static QEMUTimerCB *const cb[NOVA_DISP_MAX_HEADS] = {
        vblank0_cb, vblank1_cb, vblank2_cb, vblank3_cb,
    };
    NovaDispConfig cfg = { .chip = s->chip, .heads = NOVA_GPU_DISP_HEADS };
    unsigned h;

    if (!s->display) {
        return;
    }
    nova_disp_init(&s->disp, &cfg, &s->host);
    s->disp_bh = qemu_bh_new_guarded(disp_bh, s, &DEVICE(s)->mem_reentrancy_guard);
    for (h = 0; h < s->disp.cfg.heads; h++) {
        s->vblank_timer[h] = timer_new_ns(QEMU_CLOCK_VIRTUAL, cb[h], s);
    }
}

void nova_host_disp_stop(NovaGpuState *s)
{
    unsigned h;

    for (h = 0; h < NOVA_DISP_MAX_HEADS; h++) {
        if (s->vblank_timer[h]) {
            timer_del(s->vblank_timer[h]);
        }
    }
    if (s->disp_bh) {
        qemu_bh_cancel(s->disp_bh);
    }
}

void nova_host_disp_reset(NovaGpuState *s)
{
    if (!s->display) {
        return;
    }
    nova_host_disp_stop(s);
    s->disp_kick = false;
    memset(s->vblank_frame, 0, sizeof(s->vblank_frame));
    nova_disp_reset(&s->disp);
    nova_intr_set_level(&s->intr, NOVA_DISP_INTR_VECTOR, false);
    nova_scanout_changed(s);
}

void nova_host_disp_exit(NovaGpuState *s)
{
    unsigned h;

    for (h = 0; h < NOVA_DISP_MAX_HEADS; h++) {
        if (s->vblank_timer[h]) {
            timer_free(s->vblank_timer[h]);
            s->vblank_timer[h] = NULL;
        }
    }
    if (s->disp_bh) {
        qemu_bh_delete(s->disp_bh);
        s->disp_bh = NULL;
    }
}

void nova_disp_describe(NovaGpuState *s, GString *out)
{
    static const char *const kind[] = { "core", "window", "window-imm", "cursor" };
    NovaDisp *d = &s->disp;
    NovaDispMode m;
    unsigned h, i;

    if (!s->display) {
        g_string_append(out, "  display: off (fused off, headless)\n");
        return;
    }
    g_string_append_printf(out, "  display: %u head(s), monitor %s (EDID %u bytes), "
                           "SOR assigned 0x%x\n", d->cfg.heads,
                           d->connected ? "connected" : "unplugged", d->edid_len,
                           d->sor_assigned);
    for (h = 0; h < d->cfg.heads; h++) {
        if (nova_disp_mode(d, h, &m) && m.active) {
            g_string_append_printf(out, "  head %u: %ux%u (raster %ux%u, %" PRIu64
                                   " Hz pixel clock), vblanks %" PRIu64 ", intr 0x%x "
                                   "enabled 0x%x\n", h, m.width, m.height, m.htotal,
                                   m.vtotal, m.pixel_hz, d->vblanks[h], d->head_intr[h],
                                   d->head_intr_en[h]);
        } else {
            g_string_append_printf(out, "  head %u: dark, vblanks %" PRIu64 "\n", h,
                                   d->vblanks[h]);
        }
    }
    for (i = 0; i < NOVA_DISP_CHANNELS; i++) {
        NovaDispChannel *c = &d->ch[i];

        if (!c->allocated) {
            continue;
        }
        g_string_append_printf(out, "  display channel %u (%s, class 0x%04x): put 0x%x "
                               "get 0x%x, updates %u%s\n", i, kind[nova_disp_kind_of(i)], c->hclass, c->put,
                               c->get, c->updates, c->stopped ? ", stopped (error)" : "");
    }
    nova_scanout_describe(s, out);
}

/* --- BAR0 -------------------------------------------------------------------------- */

static bool pdisp_read(NovaGpuState *s, hwaddr addr, uint32_t *val)
{
    unsigned h;

    if (!s->display) {
        return false;
    }
    for (h = 0; h < s->disp.cfg.heads; h++) {
        if (addr == NV_PDISP_RG_DPCA(h) || addr == NV_PDISP_RG_POSITION(h)) {
            *val = raster_position(s, h, addr == NV_PDISP_RG_DPCA(h));
            return true;
        }
    }
    return nova_disp_read(&s->disp, addr, val);
}

static bool pdisp_write(NovaGpuState *s, hwaddr addr, uint32_t val)
{
    return s->display && nova_disp_write(&s->disp, addr, val);
}

static bool udisp_read(NovaGpuState *s, hwaddr addr, uint32_t *val)
{
    if (!s->display) {
        return false;
    }
    if (addr >= NV_UDISP_CAPS_BASE && addr < NV_UDISP_CAPS_BASE + NV_UDISP_CAPS_SIZE) {
        *val = 0;
        return true;
    }
    return nova_disp_read(&s->disp, addr, val);
}

const NovaUnitInfo nova_unit_pdisp = {
    .name = "PDISP",
    .base = NV_PDISP_BASE,
    .size = NV_PDISP_SIZE,
    .read = pdisp_read,
    .write = pdisp_write,
};

const NovaUnitInfo nova_unit_udisp = {
    .name = "UDISP",
    .base = NV_UDISP_BASE,
    .size = NV_UDISP_SIZE,
    .read = udisp_read,
    .write = pdisp_write,
};
