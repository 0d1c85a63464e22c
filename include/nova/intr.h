/*
 * nova-gpu: the CPU interrupt tree of the virtual-function register space
 * (NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_*, BAR0 0xb80000 on Turing to Ada).
 *
 * Vector v lives in leaf v / 32, bit v % 32. Two leaves feed one TOP bit.
 * The tree's output is one level: some enabled leaf bit is pending under an
 * enabled TOP bit. The QEMU glue turns that level into MSI or INTx.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef NOVA_INTR_H
#define NOVA_INTR_H

#include <stdbool.h>
#include <stdint.h>

#include "nova/regs/vfn.h"

#define NOVA_INTR_LEAVES        8
#define NOVA_INTR_VECTORS       (NOVA_INTR_LEAVES * 32)
#define NOVA_INTR_TOP_BITS      (NOVA_INTR_LEAVES / 2)

/* Registers: nova/regs/vfn.h, offsets from NV_VIRTUAL_FUNCTION_BASE. */
_Static_assert(NOVA_INTR_LEAVES == NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF__SIZE_1,
               "one leaf register per 32 vectors");

typedef struct NovaIntr {
    uint32_t leaf[NOVA_INTR_LEAVES];     /* latched pending bits */
    uint32_t level[NOVA_INTR_LEAVES];    /* bits device sources hold high */
    uint32_t leaf_en[NOVA_INTR_LEAVES];  /* enable bits */
    uint32_t top_en;                     /* TOP(0) enable bits */
} NovaIntr;

typedef enum NovaIntrAccess {
    NOVA_INTR_OK,           /* a modelled register */
    NOVA_INTR_UNMODELLED,   /* not part of the interrupt tree */
    NOVA_INTR_BAD_VECTOR,   /* LEAF_TRIGGER named a vector past the tree */
    NOVA_INTR_READ_ONLY,    /* a write to TOP status */
} NovaIntrAccess;

void nova_intr_reset(NovaIntr *it);
/* Register access at @off (relative to the VFN base). */
NovaIntrAccess nova_intr_read(const NovaIntr *it, uint32_t off, uint32_t *val);
NovaIntrAccess nova_intr_write(NovaIntr *it, uint32_t off, uint32_t val);
/* A device-side source latches @vector. Returns false if out of range. */
bool nova_intr_raise(NovaIntr *it, unsigned vector);
/* A level source holds @vector pending while @high. False if out of range. */
bool nova_intr_set_level(NovaIntr *it, unsigned vector, bool high);
/* NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_TOP(0): pending-and-enabled per leaf pair */
uint32_t nova_intr_top(const NovaIntr *it);
/* The interrupt output level. */
bool nova_intr_asserted(const NovaIntr *it);
/* The register name at @off, for traces; "unknown" outside the tree. */
const char *nova_intr_reg_name(uint32_t off);

#endif
