/*
 * nova-gpu: register tables. A unit lists its registers as rows: NVIDIA's
 * name (the declaration's, stringified, so it is written once), offset,
 * array shape, reset value and access masks. The QEMU glue stores, resets,
 * migrates and traces the glue's units from these rows (hw/nova-gpu/bar0.c);
 * the engines use them for register names.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef NOVA_REGS_TABLE_H
#define NOVA_REGS_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "field.h"

typedef struct NovaRegRow {
    const char *name;
    uint32_t addr;
    uint32_t count;     /* array registers: elements (0 or 1: one register) */
    uint32_t stride;
    uint32_t reset;
    uint32_t ro;        /* bits a write leaves alone; ~0u: a read-only register */
    uint32_t w1c;       /* bits a write of 1 clears */
    /* the unit's own read/write functions implement it (no stored value) */
    bool hooked;
} NovaRegRow;

#define NV_READ_ONLY    0xffffffffu

/* a row for register REG; then designated initialisers (.reset, .ro, ...) */
#define NV_ROW(reg, ...) \
    { .name = #reg, .addr = A_##reg, .count = 1, .stride = 4, __VA_ARGS__ }
#define NV_ROW_ARRAY(reg, ...) \
    { .name = #reg, .addr = A_##reg, .count = reg##__SIZE_1, \
      .stride = reg##__STRIDE, __VA_ARGS__ }

/* The row holding offset @off (element in *elem, may be NULL), or NULL. */
static inline const NovaRegRow *nova_reg_row_find(const NovaRegRow *rows,
                                                  size_t n, uint32_t off,
                                                  unsigned *elem)
{
    size_t i;

    for (i = 0; i < n; i++) {
        uint32_t count = rows[i].count ? rows[i].count : 1;
        unsigned e;

        if (nova_reg_in_array(off, rows[i].addr, count, rows[i].stride, &e)) {
            if (elem) {
                *elem = e;
            }
            return &rows[i];
        }
    }
    return NULL;
}

/* The value a write of @val leaves in a register holding @old. */
static inline uint32_t nova_reg_row_apply(const NovaRegRow *r, uint32_t old,
                                          uint32_t val)
{
    uint32_t rw = ~r->ro & ~r->w1c;

    return (old & r->ro) | (val & rw) | (old & r->w1c & ~val);
}

#define NOVA_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#endif
