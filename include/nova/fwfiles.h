/*
 * nova-gpu: stand-in firmware files.
 *
 * The files nouveau (r535.113.01) and nova-core (r570.144) load for the GSP
 * boot, in the containers those drivers parse: the GSP-RM ELF (.fwimage and
 * the chip's .fwsignature_* section), the heavy-secure booter images (BinHdr,
 * HS header v2, signatures, load header), the RISC-V bootloader (BinHdr and
 * RM_RISCV_UCODE_DESC) and, for Turing, the generic falcon bootloader. The
 * payloads are not code: they carry a marker naming the file, which is all
 * the device model needs, since it applies each firmware's effect.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef NOVA_FWFILES_H
#define NOVA_FWFILES_H

#include <stddef.h>
#include <stdint.h>

#include "nova/chip.h"

/* Every payload starts with this, then the file's role ("booter_load", ...) */
#define NOVA_FW_MARKER "NOVA-GPU stand-in firmware: "

typedef enum NovaFwSet {
    NOVA_FW_NOUVEAU_R535,   /* nouveau 6.12: 535.113.01 */
    NOVA_FW_NOVA_CORE_R570, /* nova-core 7.2: 570.144 */
    NOVA_FW_NOUVEAU_R570,   /* nouveau 7.2: 570.144, nouveau's layout (acr/bl.bin) */
} NovaFwSet;

typedef struct NovaFwFile {
    char path[96];      /* relative to /lib/firmware */
    uint8_t *data;      /* malloc'd */
    size_t len;
} NovaFwFile;

#define NOVA_FW_MAX_FILES 6

/*
 * Build the stand-in files of @set for @chip into @files (room for
 * NOVA_FW_MAX_FILES). Returns how many, or -1 if memory ran out (nothing
 * is left allocated then).
 */
int nova_fw_build(const NovaChip *chip, NovaFwSet set, NovaFwFile *files);
void nova_fw_free(NovaFwFile *files, int n);
const char *nova_fw_set_version(NovaFwSet set);

#endif
