/*
 * nova-gpu: the VFN CPU interrupt tree.
 *
 * Semantics follow what nouveau (subdev/vfn/tu102.c, core/intr.c) and
 * OpenRM's dev_vm.h rely on: LEAF is write-1-to-clear, EN_SET/EN_CLEAR
 * write-1 to set/clear and read back the enable, TOP is read-only and shows
 * leaf pairs with pending enabled bits, LEAF_TRIGGER latches a vector as if
 * its source had raised it.
 *
 * A device source can also hold a vector as a level (the GSP's falcon
 * output, IRQSTAT & IRQMASK): it reads as pending, and a write-1-to-clear
 * of the leaf does not drop it, until the source itself is cleared.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "nova/intr.h"
#include "nova/regs/table.h"

#include <string.h>

void nova_intr_reset(NovaIntr *it)
{
    memset(it, 0, sizeof(*it));
}

uint32_t nova_intr_top(const NovaIntr *it)
{
    uint32_t top = 0;
    unsigned i;

    for (i = 0; i < NOVA_INTR_LEAVES; i++) {
        if ((it->leaf[i] | it->level[i]) & it->leaf_en[i]) {
            top |= 1u << (i / 2);
        }
    }
    return top;
}

bool nova_intr_asserted(const NovaIntr *it)
{
    return (nova_intr_top(it) & it->top_en) != 0;
}

bool nova_intr_raise(NovaIntr *it, unsigned vector)
{
    if (vector >= NOVA_INTR_VECTORS) {
        return false;
    }
    it->leaf[vector / 32] |= 1u << (vector % 32);
    return true;
}

bool nova_intr_set_level(NovaIntr *it, unsigned vector, bool high)
{
    uint32_t bit;

    if (vector >= NOVA_INTR_VECTORS) {
        return false;
    }
    bit = 1u << (vector % 32);
    if (high) {
        it->level[vector / 32] |= bit;
    } else {
        it->level[vector / 32] &= ~bit;
    }
    return true;
}

NovaIntrAccess nova_intr_read(const NovaIntr *it, uint32_t off, uint32_t *val)
{
    unsigned i;

    if (NV_REG_IN_ARRAY(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF, off, &i)) {
        *val = it->leaf[i] | it->level[i];
    } else if (NV_REG_IN_ARRAY(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF_EN_SET, off, &i) ||
               NV_REG_IN_ARRAY(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF_EN_CLEAR, off, &i)) {
        *val = it->leaf_en[i];
    } else if (off == A_NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_TOP) {
        *val = nova_intr_top(it);
    } else if (off == A_NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_TOP_EN_SET ||
               off == A_NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_TOP_EN_CLEAR) {
        *val = it->top_en;
    } else if (off == A_NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF_TRIGGER) {
        *val = 0;   /* write-only */
    } else {
        *val = 0;
        return NOVA_INTR_UNMODELLED;
    }
    return NOVA_INTR_OK;
}

NovaIntrAccess nova_intr_write(NovaIntr *it, uint32_t off, uint32_t val)
{
    const uint32_t top_mask = (1u << NOVA_INTR_TOP_BITS) - 1;
    unsigned i;

    if (NV_REG_IN_ARRAY(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF, off, &i)) {
        it->leaf[i] &= ~val;
    } else if (NV_REG_IN_ARRAY(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF_EN_SET, off, &i)) {
        it->leaf_en[i] |= val;
    } else if (NV_REG_IN_ARRAY(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF_EN_CLEAR, off, &i)) {
        it->leaf_en[i] &= ~val;
    } else if (off == A_NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_TOP) {
        return NOVA_INTR_READ_ONLY;
    } else if (off == A_NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_TOP_EN_SET) {
        it->top_en |= val & top_mask;
    } else if (off == A_NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_TOP_EN_CLEAR) {
        it->top_en &= ~(val & top_mask);
    } else if (off == A_NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF_TRIGGER) {
        unsigned v = NV_FIELD_EX32(val, NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF_TRIGGER,
                                   VECTOR);

        if (!nova_intr_raise(it, v)) {
            return NOVA_INTR_BAD_VECTOR;
        }
    } else {
        return NOVA_INTR_UNMODELLED;
    }
    return NOVA_INTR_OK;
}

static const NovaRegRow intr_rows[] = {
    NV_ROW_ARRAY(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF),
    NV_ROW_ARRAY(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF_EN_SET),
    NV_ROW_ARRAY(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF_EN_CLEAR),
    NV_ROW(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_TOP),
    NV_ROW(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_TOP_EN_SET),
    NV_ROW(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_TOP_EN_CLEAR),
    NV_ROW(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF_TRIGGER),
};

const char *nova_intr_reg_name(uint32_t off)
{
    const NovaRegRow *r = nova_reg_row_find(intr_rows, NOVA_ARRAY_LEN(intr_rows),
                                            off, NULL);

    return r ? r->name : "unknown";
}
