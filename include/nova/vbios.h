/*
 * nova-gpu: the generated VBIOS.
 *
 * A small ROM in the exact format nova-core (vbios.rs) and nouveau
 * (nvkm/subdev/bios, subdev/gsp/fwsec.c) parse: a PCI-AT image holding the
 * BIT table, then an FWSEC image (code type 0xE0) holding the falcon ucode
 * table and FWSEC with its descriptor, signature and DMEM application
 * interface. It contains no NVIDIA code: the IMEM is a marker the falcon
 * model recognises, since the model applies FWSEC's effect instead of
 * running it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef NOVA_VBIOS_H
#define NOVA_VBIOS_H

#include <stddef.h>
#include <stdint.h>

#include "nova/chip.h"

/* The PROM window is 1 MiB; the drivers scan no further. */
#define NOVA_VBIOS_MAX_LEN  (1u << 20)

/* The first bytes of the generated FWSEC IMEM, for recognising it. */
#define NOVA_VBIOS_FWSEC_MARKER "NOVA-GPU FWSEC stand-in"

/* FWSEC DMEMMAPPER init_cmd values the drivers write */
#define NOVA_FWSEC_CMD_FRTS 0x15
#define NOVA_FWSEC_CMD_SB   0x19

/*
 * Build the VBIOS for @chip. Returns a malloc'd buffer (free() it) and its
 * length in *@len, or NULL if memory ran out.
 */
uint8_t *nova_vbios_build(const NovaChip *chip, size_t *len);

/* FWSEC as a VBIOS describes it: what the falcon model compares against. */
typedef struct NovaFwsecInfo {
    unsigned version;           /* descriptor version, 2 or 3 */
    const uint8_t *ucode;       /* IMEM image followed by DMEM image */
    uint32_t imem_size;         /* IMEM load size */
    uint32_t imem_phys_base;    /* where IMEM loads */
    uint32_t imem_sec_base;     /* v2: secure part (offset in the image) */
    uint32_t imem_sec_size;
    uint32_t dmem_offset;       /* DMEM image offset within ucode */
    uint32_t dmem_size;
    uint32_t interface_offset;  /* application interface table, in DMEM */
} NovaFwsecInfo;

/*
 * Find FWSEC in a VBIOS (the generated one or a user's dump), following the
 * image chain, BIT token 0x70 and the falcon ucode table. Every offset is
 * checked against @len. Returns 0, or -1 if there is no usable FWSEC.
 */
int nova_vbios_find_fwsec(const uint8_t *rom, size_t len, NovaFwsecInfo *info);

#endif
