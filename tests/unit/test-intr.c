/*
 * Unit tests: the VFN CPU interrupt tree, including nouveau's ISR sequence.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "nova/intr.h"
#include "tap.h"

#include <string.h>

#define LEAF(i)     NV_REG_ADDR(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF, i)
#define LEAF_EN_SET(i) NV_REG_ADDR(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF_EN_SET, i)
#define LEAF_EN_CLR(i) NV_REG_ADDR(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF_EN_CLEAR, i)
#define TOP         A_NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_TOP
#define TOP_EN_SET  A_NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_TOP_EN_SET
#define TOP_EN_CLR  A_NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_TOP_EN_CLEAR
#define TRIGGER     A_NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF_TRIGGER

static uint32_t rd(NovaIntr *it, uint32_t off)
{
    uint32_t v = 0xdeadbeef;

    nova_intr_read(it, off, &v);
    return v;
}

int main(void)
{
    NovaIntr it;
    unsigned v, i;

    nova_intr_reset(&it);
    TAP_OK(!nova_intr_asserted(&it), "reset: deasserted");

    /* every vector lands in its leaf and reaches TOP through the enables */
    for (v = 0; v < NOVA_INTR_VECTORS; v += 37) {
        nova_intr_reset(&it);
        TAP_OK(nova_intr_write(&it, TRIGGER, v) == NOVA_INTR_OK,
               "trigger vector %u", v);
        TAP_EQ(rd(&it, LEAF(v / 32)), 1u << (v % 32), "vector %u: leaf bit", v);
        TAP_OK(!nova_intr_asserted(&it), "vector %u: gated by enables", v);
        nova_intr_write(&it, LEAF_EN_SET(v / 32), 1u << (v % 32));
        TAP_EQ(nova_intr_top(&it), 1u << (v / 64), "vector %u: TOP bit", v);
        TAP_OK(!nova_intr_asserted(&it), "vector %u: gated by TOP enable", v);
        nova_intr_write(&it, TOP_EN_SET, 1u << (v / 64));
        TAP_OK(nova_intr_asserted(&it), "vector %u: asserted", v);
    }

    /* nouveau's ISR: unarm TOP, read TOP and leaves, W1C, rearm */
    nova_intr_reset(&it);
    nova_intr_write(&it, LEAF_EN_SET(1), 0xffffffff);
    nova_intr_write(&it, TOP_EN_SET, 0xf);
    nova_intr_raise(&it, 33);
    nova_intr_raise(&it, 34);
    TAP_OK(nova_intr_asserted(&it), "two pending vectors assert");
    nova_intr_write(&it, TOP_EN_CLR, 0xf);
    TAP_OK(!nova_intr_asserted(&it), "unarmed");
    TAP_EQ(rd(&it, TOP), 1, "TOP shows leaf pair 0/1");
    TAP_EQ(rd(&it, LEAF(1)), 0x6, "leaf 1 shows both");
    nova_intr_write(&it, LEAF(1), 0x2);
    TAP_EQ(rd(&it, LEAF(1)), 0x4, "W1C clears only the written bit");
    nova_intr_write(&it, TOP_EN_SET, 0xf);
    TAP_OK(nova_intr_asserted(&it), "rearm with work left asserts again");
    nova_intr_write(&it, LEAF(1), 0x4);
    TAP_OK(!nova_intr_asserted(&it), "all acked: deasserted");

    /* enable registers read back through both names */
    nova_intr_reset(&it);
    nova_intr_write(&it, LEAF_EN_SET(7), 0xf0f0);
    nova_intr_write(&it, LEAF_EN_CLR(7), 0x00f0);
    TAP_EQ(rd(&it, LEAF_EN_SET(7)), 0xf000, "EN_SET reads the enable");
    TAP_EQ(rd(&it, LEAF_EN_CLR(7)), 0xf000, "EN_CLEAR reads the enable");
    nova_intr_write(&it, TOP_EN_SET, 0xffffffff);
    TAP_EQ(rd(&it, TOP_EN_SET), 0xf, "TOP enable has one bit per leaf pair");

    /* hostile input */
    nova_intr_reset(&it);
    TAP_OK(nova_intr_write(&it, TRIGGER, NOVA_INTR_VECTORS) ==
           NOVA_INTR_BAD_VECTOR, "vector past the tree refused");
    TAP_OK(nova_intr_write(&it, TRIGGER, 0xffffffff) == NOVA_INTR_BAD_VECTOR,
           "all-ones trigger refused");
    for (i = 0; i < NOVA_INTR_LEAVES; i++) {
        TAP_EQ(rd(&it, LEAF(i)), 0, "leaf %u untouched by refused triggers", i);
    }
    TAP_OK(!nova_intr_raise(&it, 4096), "raise past the tree refused");
    TAP_OK(nova_intr_write(&it, TOP, 1) == NOVA_INTR_READ_ONLY,
           "TOP status is read-only");
    TAP_OK(nova_intr_write(&it, LEAF(NOVA_INTR_LEAVES), 1) ==
           NOVA_INTR_UNMODELLED, "leaf past the tree is not a register");
    TAP_OK(nova_intr_write(&it, LEAF(0) + 2, 1) == NOVA_INTR_UNMODELLED,
           "unaligned offset is not a register");
    TAP_OK(nova_intr_read(&it, 0x30000, &v) == NOVA_INTR_UNMODELLED,
           "far offset unmodelled");
    TAP_OK(strcmp(nova_intr_reg_name(TRIGGER),
                  "NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF_TRIGGER") == 0,
           "trigger register name");
    TAP_OK(strcmp(nova_intr_reg_name(0x30000), "unknown") == 0,
           "name outside the tree");

    /* a level source (the GSP falcon's output) on vector 0x9b: leaf 4, bit 27 */
    nova_intr_reset(&it);
    nova_intr_write(&it, LEAF_EN_SET(4), 1u << 27);
    nova_intr_write(&it, TOP_EN_SET, 0xf);
    TAP_OK(nova_intr_set_level(&it, 0x9b, true), "level source raised");
    TAP_OK(nova_intr_asserted(&it), "level: asserted");
    nova_intr_write(&it, LEAF(4), 1u << 27);
    nova_intr_read(&it, LEAF(4), &v);
    TAP_EQ(v, 1u << 27, "level: a leaf clear does not drop a held source");
    nova_intr_set_level(&it, 0x9b, false);
    TAP_OK(!nova_intr_asserted(&it), "level: gone once the source drops");
    TAP_OK(!nova_intr_set_level(&it, NOVA_INTR_VECTORS, true),
           "level: vector past the tree refused");
    return tap_done();
}
