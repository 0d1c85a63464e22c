/*
 * nova-gpu disp/: what the display engine's files share.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef NOVA_DISP_INT_H
#define NOVA_DISP_INT_H

#include "nova/disp.h"

/*
 * HEAD_SET_CONTROL_OUTPUT_RESOURCE(h) (methods.h) and its PIXEL_DEPTH 7:4
 * BPP_24_444, the value after reset
 */
#define NOVA_DISP_CORE_OUTPUT_RESOURCE(h)   (0x2004 + (h) * 0x400)
#define NOVA_DISP_CORE_DEPTH_24             0x40u

/* disp.c */
void nova_disp_guest_error(NovaDisp *d, const char *what, uint64_t value);

/* methods.c: one method of channel @ch, from its pushbuffer */
void nova_disp_method(NovaDisp *d, uint32_t ch, uint32_t mthd, uint32_t data);
const char *nova_disp_methods_invalid(const NovaDisp *d);
/* the cursor's PIO channel: its methods are BAR0 writes */
bool nova_disp_curs_read(NovaDisp *d, uint32_t ch, uint32_t off, uint32_t *val);
bool nova_disp_curs_write(NovaDisp *d, uint32_t ch, uint32_t off, uint32_t val);

/* ctxdma.c: the hash table's bytes (the chip's) */
uint32_t nova_disp_ramht_size(const NovaDisp *d);
/* ctxdma.c: a context DMA object named by @handle, bound to channel @ch */
typedef struct NovaDispCtxDma {
    uint32_t aspace;            /* NOVA_ADDR_FBMEM or NOVA_ADDR_SYSMEM */
    uint64_t start, limit;      /* bytes: the first and the last */
    bool block_linear;          /* the object's kind (Ampere's windows read it) */
} NovaDispCtxDma;
bool nova_disp_ctxdma(NovaDisp *d, uint32_t ch, uint32_t handle, NovaDispCtxDma *out);
/* write @len bytes at @off into the ctxdma @handle of channel @ch */
bool nova_disp_ctxdma_write(NovaDisp *d, uint32_t ch, uint32_t handle, uint64_t off,
                            const void *buf, uint32_t len);

/* intr.c: the interrupt registers */
bool nova_disp_intr_read(NovaDisp *d, uint32_t addr, uint32_t *val);
bool nova_disp_intr_write(NovaDisp *d, uint32_t addr, uint32_t val);

#endif
