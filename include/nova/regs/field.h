/*
 * nova-gpu: how the register layer declares registers and fields.
 *
 * The shape is QEMU's hw/registerfields.h (REG32/FIELD), without QEMU, so
 * that the engines, the unit tests, the fuzzers and the qtests include the
 * same declarations as the device. For a register NAME at ADDR:
 *   A_NAME                         its offset (absolute in BAR0, or from its
 *                                  unit's base where the unit has instances)
 *   R_NAME                         its dword index (ADDR / 4)
 * and for a field FIELD of it, bits [SHIFT, SHIFT + LENGTH):
 *   R_NAME_FIELD_SHIFT, R_NAME_FIELD_LENGTH, R_NAME_FIELD_MASK
 * NV_FIELD_EX32(v, NAME, FIELD) extracts it, NV_FIELD_DP32(v, NAME, FIELD, x)
 * deposits it. Register arrays add NAME__SIZE_1 (the count, NVIDIA's
 * spelling) and NAME__STRIDE; NV_REG_ADDR(NAME, i) is element i's offset.
 * A named field value is a plain enum: NAME_FIELD_VALUE.
 *
 * Every name is NVIDIA's (OpenRM's dev_*.h, as nova-core's regs.rs spells
 * them), so a grep of the name finds this declaration and every use.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef NOVA_REGS_FIELD_H
#define NOVA_REGS_FIELD_H

#include <stdint.h>

#define NV_MASK32(shift, length) \
    ((uint32_t)(0xffffffffu >> (32 - (length))) << (shift))

#define NV_REG32(reg, addr)                                     \
    enum { A_##reg = (addr) };                                  \
    enum { R_##reg = (addr) / 4 };

/* COUNT registers, STRIDE bytes apart, the first at ADDR */
#define NV_REG32_ARRAY(reg, addr, count, stride)                \
    NV_REG32(reg, addr)                                         \
    enum { reg##__SIZE_1 = (count) };                           \
    enum { reg##__STRIDE = (stride) };

#define NV_REG_ADDR(reg, i)     (A_##reg + (uint32_t)(i) * reg##__STRIDE)

/* is OFF inside the array REG? then *I is the element */
#define NV_REG_IN_ARRAY(reg, off, i)                            \
    nova_reg_in_array((off), A_##reg, reg##__SIZE_1, reg##__STRIDE, (i))

#define NV_FIELD(reg, field, shift, length)                                  \
    enum { R_##reg##_##field##_SHIFT = (shift) };                            \
    enum { R_##reg##_##field##_LENGTH = (length) };                          \
    enum { R_##reg##_##field##_MASK = (int)NV_MASK32(shift, length) };

#define NV_FIELD_EX32(storage, reg, field)                                   \
    nova_extract32((storage), R_##reg##_##field##_SHIFT,                     \
                   R_##reg##_##field##_LENGTH)

#define NV_FIELD_DP32(storage, reg, field, val)                              \
    nova_deposit32((storage), R_##reg##_##field##_SHIFT,                     \
                   R_##reg##_##field##_LENGTH, (val))

/* the field's mask as a uint32_t (the enum is an int) */
#define NV_FIELD_MASK(reg, field)   ((uint32_t)R_##reg##_##field##_MASK)

/* A unit's window in BAR0: NAME_BASE, NAME_SIZE */
#define NV_UNIT(unit, base, size)                               \
    enum { unit##_BASE = (base) };                              \
    enum { unit##_SIZE = (size) };

static inline uint32_t nova_extract32(uint32_t v, unsigned shift,
                                      unsigned length)
{
    return (v >> shift) & (0xffffffffu >> (32 - length));
}

static inline uint32_t nova_deposit32(uint32_t v, unsigned shift,
                                      unsigned length, uint32_t field)
{
    uint32_t mask = NV_MASK32(shift, length);

    return (v & ~mask) | ((field << shift) & mask);
}

static inline int nova_reg_in_array(uint32_t off, uint32_t base,
                                    uint32_t count, uint32_t stride,
                                    unsigned *i)
{
    if (off < base || (off - base) % stride || (off - base) / stride >= count) {
        return 0;
    }
    *i = (off - base) / stride;
    return 1;
}

#endif
