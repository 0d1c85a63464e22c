/*
 * nova-gpu disp/: the channels' methods, and what the heads show.
 *
 * Every method a core or window channel sends is kept in the channel's
 * assembly state, at its offset; UPDATE makes the assembly state the
 * armed one, the state the heads scan out. Then the engine writes the
 * notifier the channel asked for: the core's FINISHED, a window's BEGUN
 * (the status nouveau waits for on each), and a window's semaphore release.
 *
 * Deliberate simplifications (docs/display.md): an UPDATE takes effect at
 * once, not at the next vblank, and does not wait for the channels it is
 * interlocked with (each channel's UPDATE arms its own state; nouveau sends
 * every interlocked channel's UPDATE in one commit). A window's semaphore
 * acquire is not waited for. Each head shows one window: the lowest-numbered
 * one it owns with a surface (no blending of the overlay).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "disp-int.h"
#include "methods.h"

#include "nova/classes.h"
#include "nova/gsp-abi.h"
#include "nova/le.h"

#include <string.h>

static void write_notifier(NovaDisp *d, uint32_t ch, uint32_t handle, uint32_t off,
                           uint32_t status)
{
    uint64_t now = d->host->now_ns ? d->host->now_ns(d->host->opaque) : 0;
    uint8_t n[NV_DISP_NOTIFIER_SIZE] = { 0 };

    nova_st32(n, status << 30);
    nova_st32(n + 8, (uint32_t)now);
    nova_st32(n + 12, (uint32_t)(now >> 32));
    nova_disp_ctxdma_write(d, ch, handle, off, n, sizeof(n));
}

static void changed(NovaDisp *d)
{
    if (d->host->disp_changed) {
        d->host->disp_changed(d->host->opaque);
    }
}

static void core_update(NovaDisp *d, uint32_t data)
{
    uint32_t ctrl = d->core_assy[NVC37D_SET_NOTIFIER_CONTROL / 4];

    memcpy(d->core_armed, d->core_assy, sizeof(d->core_armed));
    d->ch[NOVA_DISP_CH_CORE].updates++;
    NOVA_EVENT(d->host, NOVA_EV_DISP_UPDATE, disp_update, NOVA_DISP_CH_CORE, data);
    if (NVC37D_SET_NOTIFIER_CONTROL_NOTIFY(ctrl)) {
        write_notifier(d, NOVA_DISP_CH_CORE, d->core_assy[NVC37D_SET_CONTEXT_DMA_NOTIFIER / 4],
                       NVC37D_SET_NOTIFIER_CONTROL_OFFSET(ctrl), NV_DISP_NOTIFIER__0_STATUS_FINISHED);
    }
    changed(d);
}

static void wndw_update(NovaDisp *d, uint32_t ch, uint32_t data)
{
    unsigned w = ch - NOVA_DISP_CH_WNDW(0);
    const uint32_t *a = d->wndw_assy[w];
    uint32_t ntfy = a[NVC37E_SET_CONTEXT_DMA_NOTIFIER / 4];
    uint32_t sema = a[NVC37E_SET_CONTEXT_DMA_SEMAPHORE / 4];

    memcpy(d->wndw_armed[w], a, sizeof(d->wndw_armed[w]));
    d->ch[ch].updates++;
    NOVA_EVENT(d->host, NOVA_EV_DISP_UPDATE, disp_update, ch, data);
    if (ntfy) {
        write_notifier(d, ch, ntfy, NVC37E_SET_NOTIFIER_CONTROL_OFFSET(a[NVC37E_SET_NOTIFIER_CONTROL / 4]),
                       NV_DISP_NOTIFIER__0_STATUS_BEGUN);
    }
    if (sema) {
        uint8_t v[4];

        nova_st32(v, a[NVC37E_SET_SEMAPHORE_RELEASE / 4]);
        nova_disp_ctxdma_write(d, ch, sema,
                               4u * NVC37E_SET_SEMAPHORE_CONTROL_OFFSET(a[NVC37E_SET_SEMAPHORE_CONTROL / 4]),
                               v, sizeof(v));
    }
    changed(d);
}

/*
 * The "disp-channel-error" fault: the channel stops at this UPDATE as on
 * an exception, nothing is armed and no notifier is written (the driver
 * times out waiting for it)
 */
static bool injected_error(NovaDisp *d, uint32_t ch, uint32_t mthd)
{
    if (!nova_fault_fire(&d->faults.channel_error)) {
        return false;
    }
    d->ch[ch].stopped = true;
    NOVA_EVENT(d->host, NOVA_EV_DISP_CHANNEL, disp_channel, ch, d->ch[ch].hclass,
               "stopped by the injected fault disp-channel-error");
    return true;
}

void nova_disp_method(NovaDisp *d, uint32_t ch, uint32_t mthd, uint32_t data)
{
    NOVA_EVENT(d->host, NOVA_EV_DISP_METHOD, disp_method, ch, mthd, data);
    switch (nova_disp_kind_of(ch)) {
    case NOVA_DISP_KIND_CORE:
        if (mthd >= NOVA_DISP_CORE_MTHDS) {
            break;
        }
        d->core_assy[mthd / 4] = data;
        if (mthd == NVC37D_UPDATE && injected_error(d, ch, mthd)) {
            return;
        }
        if (mthd == NVC37D_UPDATE) {
            core_update(d, data);
        }
        return;
    case NOVA_DISP_KIND_WNDW:
        if (mthd >= NOVA_DISP_WNDW_MTHDS) {
            break;
        }
        d->wndw_assy[ch - NOVA_DISP_CH_WNDW(0)][mthd / 4] = data;
        if (mthd == NVC37E_UPDATE && injected_error(d, ch, mthd)) {
            return;
        }
        if (mthd == NVC37E_UPDATE) {
            wndw_update(d, ch, data);
        }
        return;
    case NOVA_DISP_KIND_WIMM:
        if (mthd == NVC37B_SET_POINT_OUT(0)) {
            d->wimm_point_assy[ch - NOVA_DISP_CH_WIMM(0)] = data;
            return;
        }
        if (mthd == NVC37B_UPDATE) {
            unsigned w = ch - NOVA_DISP_CH_WIMM(0);

            d->wimm_point[w] = d->wimm_point_assy[w];
            d->ch[ch].updates++;
            changed(d);
            return;
        }
        break;
    case NOVA_DISP_KIND_CURS:
        break;
    }
    nova_disp_guest_error(d, "display method the channel does not have", mthd);
}

/* The cursor's PIO channel: methods are BAR0 writes to its user area. */
bool nova_disp_curs_read(NovaDisp *d, uint32_t ch, uint32_t off, uint32_t *val)
{
    if (off == NV507A_FREE) {
        *val = NV507A_FREE_COUNT_MAX;   /* a PIO channel never fills */
        return true;
    }
    return false;
}

bool nova_disp_curs_write(NovaDisp *d, uint32_t ch, uint32_t off, uint32_t val)
{
    unsigned h = ch - NOVA_DISP_CH_CURS(0);

    if (!d->ch[ch].allocated) {
        nova_disp_guest_error(d, "cursor method on a channel not allocated", off);
        return true;
    }
    NOVA_EVENT(d->host, NOVA_EV_DISP_METHOD, disp_method, ch, off, val);
    if (off == NVC37A_SET_CURSOR_HOT_SPOT_POINT_OUT(0)) {
        d->curs_point_assy[h] = val;
        return true;
    }
    if (off == NVC37A_UPDATE) {
        d->curs_point[h] = d->curs_point_assy[h];
        d->ch[ch].updates++;
        changed(d);
        return true;
    }
    return false;
}

/* --- what the heads show ------------------------------------------------------------ */

bool nova_disp_mode(const NovaDisp *d, unsigned head, NovaDispMode *m)
{
    const uint32_t *a = d->core_armed;
    uint32_t raster, view, sor, owners = 0;

    memset(m, 0, sizeof(*m));
    if (head >= d->cfg.heads) {
        return false;
    }
    for (sor = 0; sor < 4; sor++) {
        owners |= NVC37D_SOR_SET_CONTROL_OWNER_MASK(a[NVC37D_SOR_SET_CONTROL(sor) / 4]);
    }
    raster = a[NVC37D_HEAD_SET_RASTER_SIZE(head) / 4];
    view = a[NVC37D_HEAD_SET_VIEWPORT_SIZE_OUT(head) / 4];
    m->htotal = NVC37D_SIZE_WIDTH(raster);
    m->vtotal = NVC37D_SIZE_HEIGHT(raster);
    m->width = NVC37D_SIZE_WIDTH(view);
    m->height = NVC37D_SIZE_HEIGHT(view);
    m->pixel_hz = NVC37D_HEAD_SET_PIXEL_CLOCK_FREQUENCY_HERTZ(
        a[NVC37D_HEAD_SET_PIXEL_CLOCK_FREQUENCY(head) / 4]);
    m->active = (owners & (1u << head)) && m->htotal && m->vtotal &&
                m->width && m->height && m->width <= m->htotal && m->height <= m->vtotal;
    return true;
}

static NovaDispFormat format_of(uint32_t f, uint32_t *bpp)
{
    *bpp = 4;
    switch (f) {
    case NVC57E_SET_PARAMS_FORMAT_A8R8G8B8:
        return NOVA_DISP_FMT_A8R8G8B8;
    case NVC57E_SET_PARAMS_FORMAT_X8R8G8B8:
        return NOVA_DISP_FMT_X8R8G8B8;
    case NVC57E_SET_PARAMS_FORMAT_A8B8G8R8:
        return NOVA_DISP_FMT_A8B8G8R8;
    case NVC57E_SET_PARAMS_FORMAT_X8B8G8R8:
        return NOVA_DISP_FMT_X8B8G8R8;
    case NVC57E_SET_PARAMS_FORMAT_A2B10G10R10:
        return NOVA_DISP_FMT_A2B10G10R10;
    case NVC57E_SET_PARAMS_FORMAT_R5G6B5:
        *bpp = 2;
        return NOVA_DISP_FMT_R5G6B5;
    }
    *bpp = 0;
    return NOVA_DISP_FMT_NONE;
}

bool nova_disp_scanout(NovaDisp *d, unsigned head, NovaDispSurface *s)
{
    unsigned w, windows = 2 * d->cfg.heads;

    memset(s, 0, sizeof(*s));
    for (w = 0; w < windows; w++) {
        const uint32_t *a = d->wndw_armed[w];
        uint32_t owner = NVC37D_WINDOW_SET_CONTROL_OWNER(d->core_armed[NVC37D_WINDOW_SET_CONTROL(w) / 4]);
        uint32_t iso = a[NVC57E_SET_CONTEXT_DMA_ISO(0) / 4];
        uint32_t size = a[NVC57E_SET_SIZE / 4], storage = a[NVC57E_SET_STORAGE / 4];
        NovaDispCtxDma c;
        uint64_t off, rows;

        if (owner != head || !iso || !NVC57E_LO(size) || !NVC57E_HI(size)) {
            continue;
        }
        if (!nova_disp_ctxdma(d, NOVA_DISP_CH_WNDW(w), iso, &c)) {
            nova_disp_guest_error(d, "window surface context DMA", iso);
            return false;
        }
        s->format = format_of(NVC57E_SET_PARAMS_FORMAT(a[NVC57E_SET_PARAMS / 4]), &s->bpp);
        if (s->format == NOVA_DISP_FMT_NONE) {
            nova_disp_guest_error(d, "window surface format the model does not show",
                                  a[NVC57E_SET_PARAMS / 4]);
            return false;
        }
        off = (uint64_t)a[NVC57E_SET_OFFSET(0) / 4] << 8;
        s->aspace = c.aspace;
        s->addr = c.start + off;
        s->limit = c.limit;
        s->width = NVC57E_LO(size);
        s->height = NVC57E_HI(size);
        s->pitch = NVC57E_SET_PLANAR_STORAGE_PITCH(a[NVC57E_SET_PLANAR_STORAGE(0) / 4]) * 64;
        /*
         * Turing's window (C57E) has a MEMORY_LAYOUT bit; Ampere's (C67E)
         * dropped it: the surface's context DMA says, by its kind
         */
        if (d->cfg.chip->disp.wndw == NVC57E_WINDOW_CHANNEL_DMA) {
            s->block_linear = !NVC57E_SET_STORAGE_MEMORY_LAYOUT_PITCH(storage);
        } else {
            s->block_linear = c.block_linear;
        }
        s->block_height_log2 = NVC57E_SET_STORAGE_BLOCK_HEIGHT(storage);
        /* the whole surface inside its context DMA (block-linear: whole blocks) */
        rows = s->block_linear ? ((uint64_t)s->height + (8u << s->block_height_log2) - 1) &
                                 ~((uint64_t)(8u << s->block_height_log2) - 1) : s->height;
        if (off > c.limit - c.start || !s->pitch || s->block_height_log2 > 5 ||
            (uint64_t)s->width * s->bpp > s->pitch ||
            rows * s->pitch > c.limit - c.start - off + 1) {
            nova_disp_guest_error(d, "window surface geometry", s->pitch);
            return false;
        }
        s->active = true;
        return true;
    }
    return false;
}

/*
 * The cursor the core channel's armed state shows on @head: its image from
 * HEAD_SET_CONTROL_CURSOR (A8R8G8B8 only: nouveau's cursor planes are),
 * HEAD_SET_CONTEXT_DMA_CURSOR and HEAD_SET_OFFSET_CURSOR, its position
 * from the cursor channel's last UPDATE
 */
bool nova_disp_cursor(NovaDisp *d, unsigned head, NovaDispCursor *c)
{
    uint32_t ctl, handle, size;
    uint64_t off;
    NovaDispCtxDma cd;

    memset(c, 0, sizeof(*c));
    if (head >= d->cfg.heads) {
        return false;
    }
    ctl = d->core_armed[NVC37D_HEAD_SET_CONTROL_CURSOR(head) / 4];
    handle = d->core_armed[NVC37D_HEAD_SET_CONTEXT_DMA_CURSOR(head, 0) / 4];
    if (!NVC37D_HEAD_SET_CONTROL_CURSOR_ENABLE(ctl) || !handle) {
        return false;
    }
    if (NVC37D_HEAD_SET_CONTROL_CURSOR_FORMAT(ctl) != NVC57E_SET_PARAMS_FORMAT_A8R8G8B8) {
        nova_disp_guest_error(d, "cursor format the model does not show", ctl);
        return false;
    }
    if (!nova_disp_ctxdma(d, NOVA_DISP_CH_CORE, handle, &cd)) {
        nova_disp_guest_error(d, "cursor context DMA", handle);
        return false;
    }
    size = 32u << NVC37D_HEAD_SET_CONTROL_CURSOR_SIZE(ctl);
    off = (uint64_t)d->core_armed[NVC37D_HEAD_SET_OFFSET_CURSOR(head, 0) / 4] << 8;
    if (off > cd.limit - cd.start || (uint64_t)size * size * 4 - 1 > cd.limit - cd.start - off) {
        nova_disp_guest_error(d, "cursor image past its context DMA", off);
        return false;
    }
    c->enabled = true;
    c->aspace = cd.aspace;
    c->addr = cd.start + off;
    c->size = size;
    c->hot_x = NVC37D_HEAD_SET_CONTROL_CURSOR_HOT_SPOT_X(ctl);
    c->hot_y = NVC37D_HEAD_SET_CONTROL_CURSOR_HOT_SPOT_Y(ctl);
    if (c->hot_x >= size || c->hot_y >= size) {
        c->hot_x = c->hot_x < size ? c->hot_x : size - 1;       /* inside the image */
        c->hot_y = c->hot_y < size ? c->hot_y : size - 1;
    }
    c->x = (int16_t)(d->curs_point[head] & 0xffff);
    c->y = (int16_t)(d->curs_point[head] >> 16);
    return true;
}

const char *nova_disp_methods_invalid(const NovaDisp *d)
{
    return NULL;        /* method state is any bytes: every reader bounds what it takes */
}
