/*
 * nova-gpu: the BAR0 map, unit by unit, at the offsets Turing to Ada use.
 *
 * NOVA_BAR0_UNITS(X) lists every unit the drivers touch, modelled or not,
 * as X(NAME, BASE, SIZE, "label"); each also gets NAME_BASE and NAME_SIZE.
 * The label is what traces and logs call the unit. Registers are declared
 * in the unit's own header (pmc.h, pbus.h, ...).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef NOVA_REGS_UNITS_H
#define NOVA_REGS_UNITS_H

#include "field.h"

#define NOVA_BAR0_UNITS(X)                                              \
    X(NV_PMC,               0x000000, 0x001000, "PMC")                  \
    X(NV_PBUS,              0x001000, 0x001000, "PBUS")                 \
    X(NV_PFIFO,             0x002000, 0x002000, "PFIFO")                \
    X(NV_PTIMER,            0x009000, 0x001000, "PTIMER")               \
    X(NV_PNVIO,             0x00e000, 0x001000, "PNVIO")                \
    X(NV_PTHERM,            0x020000, 0x001000, "PTHERM")               \
    X(NV_FUSE_GM107,        0x021000, 0x001000, "FUSE")                 \
    X(NV_PTOP,              0x022000, 0x001000, "PTOP")                 \
    X(NV_UFLUSH,            0x070000, 0x001000, "UFLUSH")               \
    X(NV_PCFG,              0x088000, 0x001000, "PCFG")                 \
    X(NV_PFB,               0x100000, 0x001000, "PFB")                  \
    X(NV_PEXTDEV,           0x101000, 0x001000, "PEXTDEV")              \
    X(NV_PGSP,              0x110000, 0x002000, "PGSP")                 \
    X(NV_PGC6,              0x118000, 0x001000, "PGC6")                 \
    X(NV_PPRIV,             0x120000, 0x020000, "PPRIV")                \
    X(NV_PFB_FBPA,          0x140000, 0x040000, "PFB_FBPA")             \
    X(NV_PFB_PRI_MMU_WPR,   0x1fa000, 0x001000, "PFB_PRI_MMU")          \
    X(NV_PROM,              0x300000, 0x100000, "PROM")                 \
    X(NV_PGRAPH,            0x400000, 0x200000, "PGRAPH")               \
    X(NV_PRMCIO,            0x601000, 0x001000, "PRMCIO")               \
    X(NV_PDISP,             0x610000, 0x015000, "PDISP")                \
    X(NV_PDISP_VGA,         0x625000, 0x001000, "PDISP")                \
    X(NV_PDISP_HI,          0x626000, 0x01a000, "PDISP")                \
    X(NV_UDISP,             0x640000, 0x0c0000, "UDISP")                \
    X(NV_PRAMIN,            0x700000, 0x100000, "PRAMIN")               \
    X(NV_FUSE_GA100,        0x820000, 0x001000, "FUSE")                 \
    X(NV_FUSE_FPF,          0x824000, 0x001000, "FUSE_FPF")             \
    X(NV_PSEC,              0x840000, 0x002000, "PSEC")                 \
    X(NV_VIRTUAL_FUNCTION,  0xb80000, 0x010000, "VIRTUAL_FUNCTION")     \
    X(NV_USERMODE,          0xbb0000, 0x010000, "USERMODE")

#define NOVA_REGS_UNIT_ENUM(name, base, size, label) NV_UNIT(name, base, size)
NOVA_BAR0_UNITS(NOVA_REGS_UNIT_ENUM)
#undef NOVA_REGS_UNIT_ENUM

#endif
