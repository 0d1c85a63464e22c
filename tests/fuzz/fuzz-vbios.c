/*
 * libFuzzer harness: the VBIOS walk the falcon model makes over a ROM, which
 * may be a user's dump (romfile=). Arbitrary bytes must never read outside
 * the buffer, and whatever FWSEC it reports must lie inside the ROM.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "nova/vbios.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    NovaFwsecInfo fw;

    if (nova_vbios_find_fwsec(data, size, &fw) == 0) {
        /* everything it points at is inside the ROM */
        if (fw.ucode < data || fw.ucode > data + size ||
            (size_t)(data + size - fw.ucode) < fw.imem_size ||
            (size_t)(data + size - fw.ucode) < (size_t)fw.dmem_offset + fw.dmem_size) {
            abort();
        }
        /* and readable */
        volatile uint8_t sink = 0;
        for (uint32_t i = 0; i < fw.imem_size; i++) {
            sink ^= fw.ucode[i];
        }
        (void)sink;
    }
    return 0;
}
