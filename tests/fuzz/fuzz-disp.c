/*
 * libFuzzer harness: the display engine (disp/) over guest-written memory.
 * VRAM holds the display instance memory (its hash table and context DMA
 * objects), a core and a window channel's pushbuffers; the input fills
 * them. Its first byte picks the chip and the channel PUT is written to,
 * the next 512 bytes land in the hash table's first slots and the objects
 * after it, the rest is the pushbuffer, then a few register writes (the
 * interrupt registers, the cursor's PIO) from its tail. Whatever the
 * bytes, every run returns, touches VRAM only inside it, and leaves a
 * state nova_disp_invalid() accepts; what the host would show (mode,
 * surface, cursor) stays inside VRAM or is refused.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "nova/disp.h"
#include "nova/gsp-abi.h"
#include "nova/le.h"

#include <stdlib.h>
#include <string.h>

#define FUZZ_VRAM        0x40000u
#define INST        0x10000u    /* 64 KiB: the hash table (0x2000) and objects */
#define INST_SIZE   0x10000u
#define CORE_PB     0x20000u
#define WNDW_PB     0x21000u
#define PB_SIZE     0x1000u

#include "fuzz-vram.h"

static unsigned runs_asked;

static void schedule(void *o, int work)
{
    runs_asked++;
}

/* what the host would show must be inside VRAM (the host checks it too) */
static void look(NovaDisp *d)
{
    NovaDispSurface f;
    NovaDispCursor c;
    NovaDispMode m;

    nova_disp_mode(d, 0, &m);
    if (nova_disp_scanout(d, 0, &f) && f.active &&
        (!f.width || !f.height || !f.pitch || f.addr > f.limit)) {
        abort();
    }
    if (nova_disp_cursor(d, 0, &c) && (c.size < 32 || c.size > 256 || c.hot_x >= c.size ||
                                       c.hot_y >= c.size)) {
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const chips[] = { "tu102", "ga102", "ad102" };
    static NovaDisp d;
    const NovaHost host = {
        .vram_read = vram_rd, .vram_write = vram_wr, .dma_read = dma_rd, .dma_write = dma_wr,
        .schedule = schedule,
    };
    NovaDispConfig cfg;
    size_t n, pb_len, i;
    uint32_t put, user, pb;

    if (size < 1) {
        return 0;
    }
    cfg.chip = nova_chip_by_name(chips[data[0] % 3]);
    cfg.heads = 1;
    nova_disp_init(&d, &cfg, &host);
    nova_disp_set_monitor(&d, data, size < 128 ? size : 128, true);
    memset(vram, 0, sizeof(vram));
    data++, size--;

    /* the hash table's first slots and the objects right after it */
    n = size < 512 ? size : 512;
    memcpy(vram + INST, data, n / 2);
    memcpy(vram + INST + 0x2000, data + n / 2, n - n / 2);
    data += n, size -= n;

    if (nova_disp_set_inst_mem(&d, INST, INST_SIZE, NOVA_ADDR_FBMEM) ||
        nova_disp_set_pushbuf(&d, cfg.chip->disp.core, 0, true, NOVA_ADDR_FBMEM, CORE_PB,
                              PB_SIZE - 1) ||
        nova_disp_chan_alloc(&d, cfg.chip->disp.core, 0, 0) ||
        nova_disp_set_pushbuf(&d, cfg.chip->disp.wndw, 0, true, NOVA_ADDR_FBMEM, WNDW_PB,
                              PB_SIZE - 1) ||
        nova_disp_chan_alloc(&d, cfg.chip->disp.wndw, 0, 0) ||
        nova_disp_chan_alloc(&d, cfg.chip->disp.curs, 0, 0)) {
        abort();                /* the set-up is the model's, not the input's */
    }

    /* the pushbuffer: the input's bulk, less 64 bytes of register writes */
    pb_len = size > 64 ? size - 64 : 0;
    if (pb_len > PB_SIZE) {
        pb_len = PB_SIZE;
    }
    pb = (data[-1] & 1) ? WNDW_PB : CORE_PB;
    user = pb == WNDW_PB ? NOVA_DISP_USER_WNDW : NOVA_DISP_USER_CORE;
    memcpy(vram + pb, data, pb_len);
    data += pb_len, size -= pb_len;
    put = pb_len & ~3u;
    nova_disp_write(&d, user, put);
    for (i = 0; i < 4 && d.run_pending; i++) {
        nova_disp_run(&d);
    }
    look(&d);

    /* register writes: 8 bytes each, an offset into the display's and a value */
    while (size >= 8) {
        static const uint32_t regs[] = {
            0x611800, 0x611c00, 0x611d80, 0x611ec0,
            NOVA_DISP_USER_CORE, NOVA_DISP_USER_CORE + 4, NOVA_DISP_USER_WNDW,
            NOVA_DISP_USER_CURS + 0x8, NOVA_DISP_USER_CURS + 0x200,
            NOVA_DISP_USER_CURS + 0x208, NOVA_DISP_USER_CORE + 0x8004,
        };
        uint32_t reg = regs[nova_ld32(data) % (sizeof(regs) / sizeof(regs[0]))];
        uint32_t val = nova_ld32(data + 4);

        nova_disp_write(&d, reg, val);
        nova_disp_read(&d, reg, &val);
        data += 8, size -= 8;
    }
    nova_disp_vblank(&d, 0);
    for (i = 0; i < 4 && d.run_pending; i++) {
        nova_disp_run(&d);
    }
    look(&d);
    if (nova_disp_invalid(&d)) {
        abort();
    }
    return 0;
}
