/*
 * nova-gpu disp/: the display engine's channels.
 *
 * GSP-RM (rm-disp.c) gives each channel its pushbuffer and allocates it;
 * from then on the driver owns it: it writes methods into the pushbuffer
 * and their end into PUT, in the channel's user area. The engine runs
 * later, from the host's work (nova_disp_run), never inside the PUT write:
 * it fetches from GET to PUT, moves GET along, and hands each method to
 * methods.c. A pushbuffer is at most 4 KiB (the JUMP offset's width); the
 * driver wraps with a JUMP to 0.
 *
 * The pushbuffer's words are the guest's: a header past the pushbuffer,
 * a count running past PUT or an unknown opcode stops the channel
 * (the driver sees GET stand still and times out), logged as a guest error.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "disp-int.h"

#include "nova/gsp-abi.h"
#include "nova/le.h"
#include "nova/rm-objects.h"

#include <string.h>

/* the EVO pushbuffer's words (NVC37B_DMA_*) */
#define DMA_OPCODE(h)           ((h) >> 29)
#define DMA_OPCODE_METHOD       0
#define DMA_OPCODE_JUMP         1
#define DMA_OPCODE_NONINC       2
#define DMA_OPCODE_SUBDEV_MASK  3
#define DMA_METHOD_COUNT(h)     (((h) >> 18) & 0x3ff)
#define DMA_METHOD_OFFSET(h)    ((h) & 0x3ffc)      /* bits 13:2, a byte offset */
#define DMA_JUMP_OFFSET(h)      ((h) & 0xffc)       /* bits 11:2, a byte offset */
#define DISP_PB_MAX             0x1000u

/* how many words one run takes from a channel before it yields */
#define DISP_RUN_BUDGET         4096u

void nova_disp_init(NovaDisp *d, const NovaDispConfig *cfg, const NovaHost *host)
{
    memset(d, 0, sizeof(*d));
    d->cfg = *cfg;
    if (d->cfg.heads < 1) {
        d->cfg.heads = 1;
    }
    if (d->cfg.heads > NOVA_DISP_MAX_HEADS) {
        d->cfg.heads = NOVA_DISP_MAX_HEADS;
    }
    d->host = host;
    nova_disp_reset(d);
}

void nova_disp_reset(NovaDisp *d)
{
    unsigned h;

    memset(&d->connected, 0, sizeof(*d) - offsetof(NovaDisp, connected));
    d->connected = d->edid_len != 0;
    /* the methods' reset values the model keeps: 24 bits per pixel */
    for (h = 0; h < NOVA_DISP_MAX_HEADS; h++) {
        d->core_assy[NOVA_DISP_CORE_OUTPUT_RESOURCE(h) / 4] = NOVA_DISP_CORE_DEPTH_24;
        d->core_armed[NOVA_DISP_CORE_OUTPUT_RESOURCE(h) / 4] = NOVA_DISP_CORE_DEPTH_24;
    }
}

void nova_disp_set_monitor(NovaDisp *d, const uint8_t *edid, uint32_t len, bool connected)
{
    if (len > NOVA_DISP_EDID_MAX) {
        len = NOVA_DISP_EDID_MAX;
    }
    memcpy(d->edid, edid, len);
    d->edid_len = len;
    d->connected = connected && len;
}

void nova_disp_guest_error(NovaDisp *d, const char *what, uint64_t value)
{
    NOVA_EVENT(d->host, NOVA_EV_UB_DISP, disp_ub, what, value);
}

/*
 * The channel a class and instance name: the class must be one of the
 * chip's display channel classes, the instance a head (cursor) or window
 * the display has. NOVA_DISP_CHANNELS if none.
 */
uint32_t nova_disp_channel_index(const NovaDisp *d, uint32_t hclass, uint32_t inst,
                                 NovaDispChanKind *kind)
{
    const NovaChip *chip = d->cfg.chip;
    unsigned windows = 2 * d->cfg.heads;

    if (hclass == chip->disp.core && inst == 0) {
        *kind = NOVA_DISP_KIND_CORE;
        return NOVA_DISP_CH_CORE;
    }
    if (hclass == chip->disp.wndw && inst < windows) {
        *kind = NOVA_DISP_KIND_WNDW;
        return NOVA_DISP_CH_WNDW(inst);
    }
    if (hclass == chip->disp.wimm && inst < windows) {
        *kind = NOVA_DISP_KIND_WIMM;
        return NOVA_DISP_CH_WIMM(inst);
    }
    if (hclass == chip->disp.curs && inst < d->cfg.heads) {
        *kind = NOVA_DISP_KIND_CURS;
        return NOVA_DISP_CH_CURS(inst);
    }
    return NOVA_DISP_CHANNELS;
}

NovaDispChanKind nova_disp_kind_of(uint32_t ch)
{
    if (ch == NOVA_DISP_CH_CORE) {
        return NOVA_DISP_KIND_CORE;
    }
    if (ch < NOVA_DISP_CH_WIMM(0)) {
        return NOVA_DISP_KIND_WNDW;
    }
    if (ch < NOVA_DISP_CH_CURS(0)) {
        return NOVA_DISP_KIND_WIMM;
    }
    return NOVA_DISP_KIND_CURS;
}

uint32_t nova_disp_set_inst_mem(NovaDisp *d, uint64_t addr, uint64_t size, uint32_t aspace)
{
    /* RM requires the instance memory in VRAM; nouveau allocates 64 KiB there */
    if (aspace != NOVA_ADDR_FBMEM || size < nova_disp_ramht_size(d) || size > 0x100000 ||
        (addr & 0xffff)) {
        nova_disp_guest_error(d, "display instance memory", addr);
        return NV_ERR_INVALID_ARGUMENT;
    }
    d->inst_addr = addr;
    d->inst_size = size;
    return NV_OK;
}

/* the channel GSP-RM names by class and instance, or NULL (a guest error: @what) */
static NovaDispChannel *chan_named(NovaDisp *d, uint32_t hclass, uint32_t inst,
                                   NovaDispChanKind *kind, uint32_t *index,
                                   const char *what, uint64_t value)
{
    *index = nova_disp_channel_index(d, hclass, inst, kind);
    if (*index == NOVA_DISP_CHANNELS) {
        nova_disp_guest_error(d, what, value);
        return NULL;
    }
    return &d->ch[*index];
}

uint32_t nova_disp_set_pushbuf(NovaDisp *d, uint32_t hclass, uint32_t inst, bool valid,
                               uint32_t aspace, uint64_t addr, uint64_t limit)
{
    NovaDispChanKind kind;
    uint32_t i;
    NovaDispChannel *c = chan_named(d, hclass, inst, &kind, &i,
                                    "pushbuffer for no display channel", hclass);

    if (!c) {
        return NV_ERR_INVALID_ARGUMENT;
    }
    if (c->allocated) {
        nova_disp_guest_error(d, "pushbuffer for a channel in use", hclass);
        return NV_ERR_IN_USE;
    }
    if (!valid) {
        c->pb_valid = false;
        return NV_OK;
    }
    if (kind == NOVA_DISP_KIND_CURS ||
        (aspace != NOVA_ADDR_SYSMEM && aspace != NOVA_ADDR_FBMEM) ||
        (addr & 0xfff) || limit >= DISP_PB_MAX || (limit & 3) != 3) {
        nova_disp_guest_error(d, "display pushbuffer", addr);
        return NV_ERR_INVALID_ARGUMENT;
    }
    c->pb_valid = true;
    c->pb_aspace = aspace;
    c->pb_addr = addr;
    c->pb_limit = limit;
    return NV_OK;
}

uint32_t nova_disp_chan_alloc(NovaDisp *d, uint32_t hclass, uint32_t inst, uint32_t put)
{
    NovaDispChanKind kind;
    uint32_t i;
    NovaDispChannel *c = chan_named(d, hclass, inst, &kind, &i,
                                    "display channel instance", inst);

    if (!c) {
        return NV_ERR_INVALID_ARGUMENT;
    }
    if (c->allocated) {
        return NV_ERR_IN_USE;
    }
    if (kind != NOVA_DISP_KIND_CURS && (!c->pb_valid || put > c->pb_limit || (put & 3))) {
        nova_disp_guest_error(d, "display channel without a usable pushbuffer", hclass);
        return NV_ERR_INVALID_STATE;
    }
    c->allocated = true;
    c->stopped = false;
    c->hclass = hclass;
    c->put = c->get = put;
    NOVA_EVENT(d->host, NOVA_EV_DISP_CHANNEL, disp_channel, i, hclass, "alloc");
    return NV_OK;
}

void nova_disp_chan_free(NovaDisp *d, uint32_t hclass, uint32_t inst)
{
    NovaDispChanKind kind;
    uint32_t i = nova_disp_channel_index(d, hclass, inst, &kind);

    if (i == NOVA_DISP_CHANNELS) {
        return;
    }
    /* the armed state stays: what was shown stays shown (RM idles the channel) */
    d->ch[i].allocated = false;
    d->ch[i].pb_valid = false;
    NOVA_EVENT(d->host, NOVA_EV_DISP_CHANNEL, disp_channel, i, hclass, "free");
}

/* --- the pushbuffer ------------------------------------------------------------- */

static int pb_read(NovaDisp *d, NovaDispChannel *c, uint32_t off, uint32_t *w)
{
    const NovaHost *h = d->host;
    uint8_t b[4];
    int r;

    if (off > c->pb_limit - 3) {
        return -1;
    }
    if (c->pb_aspace == NOVA_ADDR_FBMEM) {
        r = h->vram_read ? h->vram_read(h->opaque, c->pb_addr + off, b, 4) : -1;
    } else {
        r = h->dma_read ? h->dma_read(h->opaque, c->pb_addr + off, b, 4) : -1;
    }
    *w = nova_ld32(b);
    return r;
}

static void chan_stop(NovaDisp *d, uint32_t i, const char *why, uint64_t value)
{
    d->ch[i].stopped = true;
    nova_disp_guest_error(d, why, value);
}

/*
 * Run channel @i from GET towards PUT: false if it stopped with words
 * left (budget spent: the caller runs it again later).
 */
static bool chan_run(NovaDisp *d, uint32_t i)
{
    NovaDispChannel *c = &d->ch[i];
    uint32_t budget = DISP_RUN_BUDGET;

    while (c->allocated && !c->stopped && c->get != c->put) {
        uint32_t hdr, op, count, mthd, n, data;
        bool inc;

        if (budget-- == 0) {
            return false;
        }
        if (pb_read(d, c, c->get, &hdr)) {
            chan_stop(d, i, "display pushbuffer not readable", c->pb_addr + c->get);
            return true;
        }
        op = DMA_OPCODE(hdr);
        if (op == DMA_OPCODE_JUMP) {
            c->get = DMA_JUMP_OFFSET(hdr);
            if (c->get > c->pb_limit) {
                chan_stop(d, i, "display pushbuffer JUMP past its end", c->get);
            }
            continue;
        }
        if (op == DMA_OPCODE_SUBDEV_MASK) {
            c->get += 4;        /* one GPU: every subdevice is this one */
            continue;
        }
        if (op != DMA_OPCODE_METHOD && op != DMA_OPCODE_NONINC) {
            chan_stop(d, i, "display pushbuffer opcode", hdr);
            return true;
        }
        count = DMA_METHOD_COUNT(hdr);
        mthd = DMA_METHOD_OFFSET(hdr);
        inc = op == DMA_OPCODE_METHOD;
        /* the data must be there: between the header and PUT, inside the buffer */
        if (c->put < c->get || (uint64_t)c->get + 4 + 4ull * count > c->put) {
            chan_stop(d, i, "display method data past PUT", hdr);
            return true;
        }
        c->get += 4;
        for (n = 0; n < count; n++) {
            if (pb_read(d, c, c->get, &data)) {
                chan_stop(d, i, "display pushbuffer not readable", c->pb_addr + c->get);
                return true;
            }
            c->get += 4;
            nova_disp_method(d, i, inc ? mthd + 4 * n : mthd, data);
            if (c->stopped || !c->allocated) {
                return true;
            }
        }
    }
    return true;
}

void nova_disp_run(NovaDisp *d)
{
    bool again = false;
    uint32_t i;

    d->run_pending = false;
    for (i = 0; i < NOVA_DISP_CHANNELS; i++) {
        if (d->ch[i].pb_valid && !chan_run(d, i)) {
            again = true;
        }
    }
    if (again && d->host->schedule) {
        d->run_pending = true;
        d->host->schedule(d->host->opaque, NOVA_WORK_DISP);
    }
}

static void kick(NovaDisp *d)
{
    if (!d->run_pending && d->host->schedule) {
        d->run_pending = true;
        d->host->schedule(d->host->opaque, NOVA_WORK_DISP);
    }
}

/* --- BAR0 ------------------------------------------------------------------------ */

/* The channel whose user area holds @addr, and the offset in it; false if none */
static bool user_area(const NovaDisp *d, uint32_t addr, uint32_t *ch, uint32_t *off)
{
    unsigned windows = 2 * d->cfg.heads;

    if (addr >= NOVA_DISP_USER_CORE && addr < NOVA_DISP_USER_CORE + 0x10000) {
        *ch = NOVA_DISP_CH_CORE;
        *off = addr - NOVA_DISP_USER_CORE;
        return true;
    }
    if (addr >= NOVA_DISP_USER_WNDW && addr < NOVA_DISP_USER_WNDW + windows * 0x1000) {
        *ch = NOVA_DISP_CH_WNDW((addr - NOVA_DISP_USER_WNDW) >> 12);
        *off = addr & 0xfff;
        return true;
    }
    if (addr >= NOVA_DISP_USER_WIMM && addr < NOVA_DISP_USER_WIMM + windows * 0x1000) {
        *ch = NOVA_DISP_CH_WIMM((addr - NOVA_DISP_USER_WIMM) >> 12);
        *off = addr & 0xfff;
        return true;
    }
    if (addr >= NOVA_DISP_USER_CURS && addr < NOVA_DISP_USER_CURS + d->cfg.heads * 0x1000) {
        *ch = NOVA_DISP_CH_CURS((addr - NOVA_DISP_USER_CURS) >> 12);
        *off = addr & 0xfff;
        return true;
    }
    return false;
}

bool nova_disp_read(NovaDisp *d, uint32_t addr, uint32_t *val)
{
    uint32_t ch, off;

    if (user_area(d, addr, &ch, &off)) {
        NovaDispChannel *c = &d->ch[ch];

        if (nova_disp_kind_of(ch) == NOVA_DISP_KIND_CURS) {
            return nova_disp_curs_read(d, ch, off, val);
        }
        if (off == 0 || off == 4) {
            *val = off == 0 ? c->put : c->get;
            return true;
        }
        /*
         * The core's user area also shows its method state, assembly from
         * 0 and armed from 0x8000 (nouveau reads a head's raster and depth
         * back there: gv100_head_state).
         */
        if (ch == NOVA_DISP_CH_CORE && !(off & 3)) {
            *val = off < 0x8000 ? d->core_assy[off / 4] : d->core_armed[(off - 0x8000) / 4];
            return true;
        }
        return false;
    }
    return nova_disp_intr_read(d, addr, val);
}

bool nova_disp_write(NovaDisp *d, uint32_t addr, uint32_t val)
{
    uint32_t ch, off;

    if (user_area(d, addr, &ch, &off)) {
        NovaDispChannel *c = &d->ch[ch];

        if (nova_disp_kind_of(ch) == NOVA_DISP_KIND_CURS) {
            return nova_disp_curs_write(d, ch, off, val);
        }
        if (off == 4) {
            return true;        /* GET is the engine's */
        }
        if (off != 0) {
            return false;
        }
        if (!c->allocated) {
            nova_disp_guest_error(d, "PUT of a display channel not allocated", addr);
            return true;
        }
        if ((val & 3) || val > c->pb_limit) {
            nova_disp_guest_error(d, "display PUT past the pushbuffer", val);
            return true;
        }
        c->put = val;
        kick(d);
        return true;
    }
    return nova_disp_intr_write(d, addr, val);
}

const char *nova_disp_invalid(const NovaDisp *d)
{
    uint32_t i;

    if (d->inst_size && (d->inst_size < nova_disp_ramht_size(d) || d->inst_size > 0x100000)) {
        return "display instance memory size";
    }
    for (i = 0; i < NOVA_DISP_CHANNELS; i++) {
        const NovaDispChannel *c = &d->ch[i];

        if (c->pb_valid && (c->pb_limit >= DISP_PB_MAX || (c->pb_limit & 3) != 3 ||
                            (c->pb_aspace != NOVA_ADDR_SYSMEM &&
                             c->pb_aspace != NOVA_ADDR_FBMEM))) {
            return "display pushbuffer";
        }
        if (c->pb_valid && (c->put > c->pb_limit || c->get > c->pb_limit ||
                            (c->put & 3) || (c->get & 3))) {
            return "display PUT or GET";
        }
    }
    return nova_disp_methods_invalid(d);
}
