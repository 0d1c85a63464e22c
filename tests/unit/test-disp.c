/*
 * Unit tests: the display engine (disp/). The instance memory with its
 * hash table and context DMA objects, the channels' pushbuffers and the
 * notifiers live in the fake host's VRAM and system memory, laid out as
 * nouveau lays them out; the tests write PUT, run the engine and look at
 * GET, memory, the armed state (mode, surface, cursor), events and the
 * host's upcalls. Hostile pushbuffers and states come last.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define FAKE_VRAM_SIZE  (4u << 20)

#include "nova/classes.h"
#include "nova/disp.h"
#include "nova/gsp-abi.h"
#include "nova/le.h"
#include "nova/rm-objects.h"
#include "fake-host.h"
#include "tap.h"

/* VRAM layout */
#define INST        0x100000u   /* 64 KiB: the hash table (0x2000), then objects */
#define RAMHT_SIZE  0x2000u
#define CORE_PB     0x110000u
#define WNDW_PB     0x111000u
#define NOTIFY      0x120000u
#define FB          0x200000u
/* system memory: a pushbuffer there */
#define SYS_PB      (FAKE_RAM_BASE + 0x10000)

#define H_NOTIFY    0xf0000000u     /* nouveau's handles */
#define H_VRAM      0xf0000001u
#define H_MISSING   0xf00000ffu

#define USER_CORE   NOVA_DISP_USER_CORE
#define USER_WNDW   NOVA_DISP_USER_WNDW

static FakeHost fh;
static NovaDisp disp;
static NovaDisp *d = &disp;
static int changed, intr_calls;

static void on_changed(void *o)
{
    changed++;
}

static void on_intr(void *o)
{
    intr_calls++;
}

static void vput32(uint64_t off, uint32_t v)
{
    uint8_t b[4];

    nova_st32(b, v);
    fake_vram_write(&fh, off, b, 4);
}

static uint32_t vget32(uint64_t off)
{
    uint8_t b[4];

    fake_vram_read(&fh, off, b, 4);
    return nova_ld32(b);
}

/* nouveau's nvkm_ramht_hash for 1024 entries */
static uint32_t ramht_slot(uint32_t chid, uint32_t handle)
{
    uint32_t hash = 0;

    while (handle) {
        hash ^= handle & 0x3ff;
        handle >>= 10;
    }
    return (hash ^ chid << 6) & 0x3ff;
}

/* a context DMA object at @obj of the instance memory, and its hash entry */
static void ctxdma(uint32_t chid, uint32_t handle, uint32_t obj, uint32_t flags0,
                   uint64_t start, uint64_t limit)
{
    uint32_t slot = ramht_slot(chid, handle);

    vput32(INST + obj, flags0);
    vput32(INST + obj + 4, start >> 8);
    vput32(INST + obj + 8, start >> 40);
    vput32(INST + obj + 0xc, limit >> 8);
    vput32(INST + obj + 0x10, limit >> 40);
    vput32(INST + slot * 8, handle);
    vput32(INST + slot * 8 + 4, chid << 25 | (obj >> 5) << 14);
}

static uint32_t core_put, wndw_put;

/* methods at PUT, one incrementing header each, then PUT and a run */
static void push(uint32_t user, uint32_t pb, uint32_t *put, const uint32_t (*m)[2],
                 unsigned n)
{
    unsigned i;

    for (i = 0; i < n; i++) {
        vput32(pb + *put, 1u << 18 | m[i][0]);
        vput32(pb + *put + 4, m[i][1]);
        *put += 8;
    }
    nova_disp_write(d, user, *put);
    nova_disp_run(d);
}

static uint32_t rd(uint32_t addr)
{
    uint32_t v = 0xdeadbeef;

    TAP_OK(nova_disp_read(d, addr, &v), "register 0x%x is the display's", addr);
    return v;
}

/* the engine for @chip, with instance memory, a core and a window channel */
static void setup(const char *chip)
{
    NovaDispConfig cfg = { .chip = nova_chip_by_name(chip), .heads = 1 };
    uint32_t i;

    fake_host_free(&fh);
    fake_host_init(&fh);
    fh.host.disp_changed = on_changed;
    fh.host.disp_intr = on_intr;
    nova_disp_init(d, &cfg, &fh.host);
    nova_disp_set_monitor(d, (const uint8_t *)"\0\xff\xff\xff\xff\xff\xff\0", 8, true);
    TAP_EQ(nova_disp_set_inst_mem(d, INST, 0x10000, NOVA_ADDR_FBMEM), NV_OK,
           "%s: instance memory in VRAM", chip);
    for (i = 0; i < RAMHT_SIZE; i += 4) {
        vput32(INST + i, 0);
    }
    ctxdma(0, H_NOTIFY, RAMHT_SIZE, 1, NOTIFY, NOTIFY + 0xfff);
    ctxdma(1, H_VRAM, RAMHT_SIZE + 0x20, 1, 0, FAKE_VRAM_SIZE - 1);
    TAP_EQ(nova_disp_set_pushbuf(d, cfg.chip->disp.core, 0, true, NOVA_ADDR_FBMEM,
                                 CORE_PB, 0xfff), NV_OK, "%s: core pushbuffer", chip);
    TAP_EQ(nova_disp_chan_alloc(d, cfg.chip->disp.core, 0, 0), NV_OK, "%s: core channel", chip);
    TAP_EQ(nova_disp_set_pushbuf(d, cfg.chip->disp.wndw, 0, true, NOVA_ADDR_FBMEM,
                                 WNDW_PB, 0xfff), NV_OK, "%s: window pushbuffer", chip);
    TAP_EQ(nova_disp_chan_alloc(d, cfg.chip->disp.wndw, 0, 0), NV_OK, "%s: window 0", chip);
    core_put = wndw_put = 0;
    changed = intr_calls = 0;
}

static void test_channel_index(void)
{
    static const char *const chips[] = { "tu102", "ga102", "ad102" };
    NovaDispChanKind k;
    unsigned i;

    for (i = 0; i < 3; i++) {
        const NovaChip *c = nova_chip_by_name(chips[i]);
        NovaDispConfig cfg = { .chip = c, .heads = 1 };

        nova_disp_init(d, &cfg, &fh.host);
        TAP_EQ(nova_disp_channel_index(d, c->disp.core, 0, &k), NOVA_DISP_CH_CORE,
               "%s: the core channel", chips[i]);
        TAP_EQ(nova_disp_channel_index(d, c->disp.wndw, 1, &k), NOVA_DISP_CH_WNDW(1),
               "%s: window 1 (the head's second)", chips[i]);
        TAP_EQ(nova_disp_channel_index(d, c->disp.wndw, 2, &k), NOVA_DISP_CHANNELS,
               "%s: window 2 refused: one head has two windows", chips[i]);
        TAP_EQ(nova_disp_channel_index(d, c->disp.core, 1, &k), NOVA_DISP_CHANNELS,
               "%s: one core channel", chips[i]);
        TAP_EQ(nova_disp_channel_index(d, c->disp.curs, 0, &k), NOVA_DISP_CH_CURS(0),
               "%s: the cursor of head 0", chips[i]);
        TAP_EQ(nova_disp_channel_index(d, 0xc37d, 0, &k), NOVA_DISP_CHANNELS,
               "%s: Volta's core class is not this chip's", chips[i]);
    }
}

/* a mode and a window's surface, armed by UPDATE; the notifier */
static void test_modeset(const char *chip)
{
    const uint32_t wndw[][2] = {
        { 0x240, H_VRAM }, { 0x260, FB >> 8 }, { 0x224, 480u << 16 | 640 },
        { 0x228, 1u << 4 }, { 0x22c, 0xe6 }, { 0x230, 640 * 4 / 64 }, { 0x200, 0 },
    };
    const uint32_t core[][2] = {
        { 0x208, H_NOTIFY }, { 0x20c, 1u << 12 | 0x20 }, { 0x300, 1 },
        { 0x2064, 525u << 16 | 800 }, { 0x2058, 480u << 16 | 640 }, { 0x200c, 25175000 },
        { 0x1000, 0 },
    };
    const uint32_t update[][2] = { { 0x200, 0 } };
    NovaDispSurface f;
    NovaDispMode m;

    setup(chip);
    vput32(NOTIFY + 0x20, 0);
    push(USER_WNDW, WNDW_PB, &wndw_put, wndw, 7);
    TAP_EQ(rd(USER_WNDW + 4), wndw_put, "%s: window GET follows PUT", chip);
    push(USER_CORE, CORE_PB, &core_put, core, 7);
    TAP_EQ(rd(USER_CORE + 4), core_put, "%s: core GET follows PUT", chip);
    TAP_OK(!nova_disp_mode(d, 0, &m) || !m.active, "%s: no mode before UPDATE", chip);
    TAP_EQ(vget32(NOTIFY + 0x20), 0, "%s: no notifier before UPDATE", chip);
    push(USER_CORE, CORE_PB, &core_put, update, 1);
    TAP_OK(nova_disp_mode(d, 0, &m) && m.active, "%s: the head is lit after UPDATE", chip);
    TAP_OK(m.width == 640 && m.height == 480 && m.htotal == 800 && m.vtotal == 525 &&
           m.pixel_hz == 25175000, "%s: the mode as sent (%ux%u, %ux%u, %llu Hz)", chip,
           m.width, m.height, m.htotal, m.vtotal, (unsigned long long)m.pixel_hz);
    TAP_EQ(vget32(NOTIFY + 0x20) >> 30, 2, "%s: the core notifier says FINISHED", chip);
    TAP_OK(changed > 0, "%s: the host heard the armed state changed", chip);
    TAP_OK(nova_disp_scanout(d, 0, &f) && f.active, "%s: window 0 is shown", chip);
    TAP_OK(f.aspace == NOVA_ADDR_FBMEM && f.addr == FB && f.width == 640 && f.height == 480 &&
           f.pitch == 2560 && !f.block_linear && f.format == NOVA_DISP_FMT_X8R8G8B8 &&
           f.bpp == 4, "%s: the surface as sent", chip);
    TAP_EQ(fh.guest_errors, 0, "%s: no guest error on the way", chip);
}

/*
 * Block-linear: Turing's window says so in SET_STORAGE's MEMORY_LAYOUT,
 * Ampere's (no such bit) by the surface's context DMA's kind
 */
static void test_block_linear(const char *chip, bool ampere)
{
    const uint32_t wndw[][2] = {
        { 0x240, H_VRAM }, { 0x260, FB >> 8 }, { 0x224, 64u << 16 | 128 },
        { 0x228, 4 }, { 0x22c, 0xe8 }, { 0x230, 256 / 64 }, { 0x200, 0 },
    };
    const uint32_t core[][2] = { { 0x1000, 0 }, { 0x200, 0 } };
    NovaDispSurface f;

    setup(chip);
    if (ampere) {
        ctxdma(1, H_VRAM, RAMHT_SIZE + 0x20, 1u << 20 | 1, 0, FAKE_VRAM_SIZE - 1);
    }
    push(USER_WNDW, WNDW_PB, &wndw_put, wndw, 7);
    push(USER_CORE, CORE_PB, &core_put, core, 2);
    TAP_OK(nova_disp_scanout(d, 0, &f) && f.active && f.block_linear &&
           f.block_height_log2 == 4 && f.format == NOVA_DISP_FMT_R5G6B5 && f.bpp == 2,
           "%s: a block-linear R5G6B5 surface, 16 GOBs a block", chip);
}

/* vblank and the head-timing interrupt registers */
static void test_interrupts(void)
{
    setup("ga102");
    nova_disp_vblank(d, 0);
    TAP_EQ(rd(0x611800) & 2, 2, "vblank: the event status is set");
    TAP_OK(!nova_disp_intr_pending(d), "vblank: no interrupt while not enabled");
    nova_disp_write(d, 0x611d80, 2);
    TAP_OK(nova_disp_intr_pending(d), "enabling it raises the interrupt");
    TAP_EQ(rd(0x611c00) & 2, 2, "the RM status shows it");
    TAP_OK(intr_calls > 0, "the host was told the level changed");
    nova_disp_write(d, 0x611800, 2);
    TAP_EQ(rd(0x611800) & 2, 0, "write 1 to clear");
    TAP_OK(!nova_disp_intr_pending(d), "...and the interrupt drops");
    nova_fault_arm(&d->faults.vblank_lost, 0, 0, 1, 0);
    nova_disp_vblank(d, 0);
    TAP_EQ(rd(0x611800) & 2, 0, "vblank-lost: the frame raises nothing");
    nova_disp_vblank(d, 0);
    TAP_EQ(rd(0x611800) & 2, 2, "vblank-lost times=1: the next one does");
    TAP_EQ(d->vblanks[0], 3, "every frame counted");
    nova_disp_vblank(d, 3);
    TAP_EQ(d->vblanks[0], 3, "a head that does not exist: ignored");
}

/* the cursor: image and hot spot by the core, position by the PIO channel */
static void test_cursor(void)
{
    const uint32_t core[][2] = {
        { 0x2088, H_NOTIFY }, { 0x2090, 0 }, { 0x209c, 1u << 31 | 2u << 20 | 7u << 12 | 0xcf },
        { 0x200, 0 },
    };
    const NovaChip *chip = nova_chip_by_name("tu102");
    NovaDispCursor c;
    uint32_t v = 0;

    setup("tu102");
    push(USER_CORE, CORE_PB, &core_put, core, 4);
    TAP_OK(nova_disp_cursor(d, 0, &c) && c.size == 32 && c.hot_x == 7 && c.hot_y == 2 &&
           c.addr == NOTIFY, "a 32x32 cursor at its context DMA, hot spot (7,2)");
    TAP_OK(nova_disp_write(d, NOVA_DISP_USER_CURS + 0x208, 5), "cursor PIO without a channel");
    TAP_OK(fh.guest_errors > 0, "...is a guest error");
    TAP_EQ(nova_disp_chan_alloc(d, chip->disp.curs, 0, 0), NV_OK, "the cursor channel");
    TAP_OK(nova_disp_read(d, NOVA_DISP_USER_CURS + 8, &v) && v == 0x1f, "FREE reads 0x1f");
    nova_disp_write(d, NOVA_DISP_USER_CURS + 0x208, 0xfff0u << 16 | 100);
    TAP_OK(nova_disp_cursor(d, 0, &c) && c.x == 0 && c.y == 0, "the position waits for UPDATE");
    nova_disp_write(d, NOVA_DISP_USER_CURS + 0x200, 0);
    TAP_OK(nova_disp_cursor(d, 0, &c) && c.x == 100 && c.y == -16,
           "then it is (100,-16): signed, off the top");
}

/* what a hostile driver can do to a channel */
static void test_hostile(void)
{
    const NovaChip *chip = nova_chip_by_name("ga102");
    const uint32_t notify_missing[][2] = {
        { 0x208, H_MISSING }, { 0x20c, 1u << 12 }, { 0x200, 0 },
    };
    int errors;

    setup("ga102");
    nova_disp_write(d, USER_CORE, 0x2000);
    nova_disp_run(d);
    TAP_EQ(rd(USER_CORE), 0, "PUT past the pushbuffer: refused");
    TAP_OK(fh.guest_errors > 0, "...as a guest error");
    nova_disp_write(d, USER_CORE, 6);
    nova_disp_run(d);
    TAP_EQ(rd(USER_CORE + 4), 0, "an unaligned PUT runs nothing");

    /* a missing handle: nothing written, the channel goes on */
    setup("ga102");
    errors = fh.guest_errors;
    push(USER_CORE, CORE_PB, &core_put, notify_missing, 3);
    TAP_OK(fh.guest_errors > errors, "a notifier handle not in the hash table: a guest error");
    TAP_EQ(rd(USER_CORE + 4), core_put, "...and the channel goes on");

    /* a count running past PUT stops the channel */
    setup("ga102");
    vput32(CORE_PB, 5u << 18 | 0x200);
    nova_disp_write(d, USER_CORE, 8);
    nova_disp_run(d);
    TAP_OK(d->ch[NOVA_DISP_CH_CORE].stopped, "method data past PUT stops the channel");
    vput32(CORE_PB + 8, 1u << 18 | 0x200);
    vput32(CORE_PB + 0xc, 0);
    nova_disp_write(d, USER_CORE, 0x10);
    nova_disp_run(d);
    TAP_EQ(d->ch[NOVA_DISP_CH_CORE].updates, 0, "a stopped channel runs nothing more");

    /* an opcode there is none of, a JUMP out of the buffer */
    setup("ga102");
    vput32(CORE_PB, 7u << 29);
    nova_disp_write(d, USER_CORE, 4);
    nova_disp_run(d);
    TAP_OK(d->ch[NOVA_DISP_CH_CORE].stopped, "a reserved opcode stops the channel");
    setup("ga102");
    nova_disp_chan_free(d, chip->disp.wndw, 0);
    TAP_EQ(nova_disp_set_pushbuf(d, chip->disp.wndw, 0, true, NOVA_ADDR_FBMEM, WNDW_PB, 0x7ff),
           NV_OK, "a 2 KiB window pushbuffer");
    TAP_EQ(nova_disp_chan_alloc(d, chip->disp.wndw, 0, 0), NV_OK, "...and its channel");
    vput32(WNDW_PB, 1u << 29 | 0xffc);          /* JUMP offset 11:2: past 2 KiB */
    nova_disp_write(d, USER_WNDW, 4);
    nova_disp_run(d);
    TAP_OK(d->ch[NOVA_DISP_CH_WNDW(0)].stopped, "a JUMP past the buffer stops the channel");
    TAP_OK(d->ch[NOVA_DISP_CH_WNDW(0)].get <= 0xfff, "...and GET stays inside it");

    /* a JUMP to itself loops: the run's budget ends it, the rest later */
    setup("ga102");
    vput32(CORE_PB, 1u << 29 | 0);
    fh.scheduled[NOVA_WORK_DISP] = 0;
    nova_disp_write(d, USER_CORE, 4);
    nova_disp_run(d);
    TAP_OK(fh.scheduled[NOVA_WORK_DISP] >= 2, "a JUMP loop yields: the run is scheduled again");

    /* a pushbuffer that is not 4 KiB aligned, or a channel twice */
    TAP_OK(nova_disp_set_pushbuf(d, chip->disp.wndw, 1, true, NOVA_ADDR_FBMEM, 0x123,
                                 0xfff) != NV_OK, "an unaligned pushbuffer is refused");
    TAP_EQ(nova_disp_chan_alloc(d, chip->disp.core, 0, 0), NV_ERR_IN_USE,
           "a second core channel is refused");

    /* the injected channel error: UPDATE arms nothing, stops the channel */
    setup("ga102");
    nova_fault_arm(&d->faults.channel_error, 0, 0, 1, 0);
    {
        const uint32_t up[][2] = { { 0x300, 1 }, { 0x200, 0 } };

        push(USER_CORE, CORE_PB, &core_put, up, 2);
    }
    TAP_OK(d->ch[NOVA_DISP_CH_CORE].stopped && d->ch[NOVA_DISP_CH_CORE].updates == 0,
           "disp-channel-error: the UPDATE stopped the channel, armed nothing");

    /* the free'd channel's PUT is refused */
    setup("ga102");
    nova_disp_chan_free(d, chip->disp.wndw, 0);
    errors = fh.guest_errors;
    nova_disp_write(d, USER_WNDW, 8);
    nova_disp_run(d);
    TAP_OK(fh.guest_errors > errors && d->ch[NOVA_DISP_CH_WNDW(0)].get == 0,
           "PUT of a freed channel: a guest error, nothing run");
}

/* a migration stream's state is checked before use */
static void test_invalid(void)
{
    setup("tu102");
    TAP_OK(nova_disp_invalid(d) == NULL, "a good state is valid");
    d->ch[NOVA_DISP_CH_CORE].put = 0x1002;
    TAP_OK(nova_disp_invalid(d) != NULL, "a PUT past the pushbuffer is not");
    setup("tu102");
    d->ch[NOVA_DISP_CH_CORE].pb_limit = 1u << 30;
    TAP_OK(nova_disp_invalid(d) != NULL, "nor a huge pushbuffer");
    setup("tu102");
    d->inst_size = 0x10;
    TAP_OK(nova_disp_invalid(d) != NULL, "nor instance memory smaller than its hash table");
}

/* a reset clears the channels and keeps the monitor */
static void test_reset(void)
{
    setup("ad102");
    nova_disp_reset(d);
    TAP_OK(!d->ch[NOVA_DISP_CH_CORE].allocated && d->inst_size == 0,
           "reset: channels and instance memory gone");
    TAP_OK(d->edid_len == 8 && d->connected, "reset: the monitor stays plugged");
}

int main(void)
{
    fake_host_init(&fh);
    test_channel_index();
    test_modeset("tu102");
    test_modeset("ga102");
    test_modeset("ad102");
    test_block_linear("tu102", false);
    test_block_linear("ga102", true);
    test_interrupts();
    test_cursor();
    test_hostile();
    test_invalid();
    test_reset();
    fake_host_free(&fh);
    return tap_done();
}
