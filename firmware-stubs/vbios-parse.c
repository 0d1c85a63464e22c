/*
 * nova-gpu: finding FWSEC in a VBIOS.
 *
 * The same walk the drivers make (nova-core vbios.rs, nouveau bios/ and
 * gsp/fwsec.c): image chain, BIT, token 0x70, falcon ucode table, FWSEC_PROD
 * entry, descriptor. The ROM may be a user's dump, so every read is bounded.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "nova/vbios.h"

#include <stdbool.h>
#include <string.h>

#define MAX_IMAGES 16

typedef struct Rom {
    const uint8_t *b;
    size_t len;
    bool bad;
} Rom;

static uint32_t rd(Rom *r, size_t off, unsigned n)
{
    uint32_t v = 0;
    unsigned i;

    if (off > r->len || r->len - off < n) {
        r->bad = true;
        return 0;
    }
    for (i = 0; i < n; i++) {
        v |= (uint32_t)r->b[off + i] << (8 * i);
    }
    return v;
}

/* One image: its size and code type; false at the end of the chain. */
static bool image_at(Rom *r, size_t base, size_t *size, uint8_t *type,
                     bool *last)
{
    size_t pcir, npde;
    uint32_t sig = rd(r, base, 2);

    if (r->bad || (sig != 0xaa55 && sig != 0x4e56)) {
        return false;
    }
    pcir = base + rd(r, base + 0x18, 2);
    if (rd(r, pcir, 4) != 0x52494350 /* PCIR */ || r->bad) {
        return false;
    }
    *size = rd(r, pcir + 0x10, 2) * 512u;
    *type = rd(r, pcir + 0x14, 1);
    *last = rd(r, pcir + 0x15, 1) & 0x80;
    npde = (pcir + rd(r, pcir + 0x0a, 2) + 15) & ~(size_t)15;
    if (rd(r, npde, 4) == 0x4544504e /* NPDE */ && rd(r, npde + 8, 2)) {
        *size = rd(r, npde + 8, 2) * 512u;
        *last = rd(r, npde + 0x0a, 1) & 0x80;
    }
    return !r->bad && *size != 0;
}

int nova_vbios_find_fwsec(const uint8_t *rom, size_t len, NovaFwsecInfo *info)
{
    Rom r = { rom, len, false };
    size_t base = 0, size = 0, img0_size = 0, fwsec_base = 0, bit = 0;
    size_t tok, table, desc, i;
    uint32_t ptr = 0, hdr, entries;
    uint8_t type;
    bool last = false, found = false;
    int n;

    if (!rom || !info) {
        return -1;
    }
    memset(info, 0, sizeof(*info));
    for (n = 0; n < MAX_IMAGES && !last && image_at(&r, base, &size, &type, &last);
         n++) {
        if (n == 0) {
            img0_size = size;
        } else if (type == 0xe0 && !fwsec_base) {
            fwsec_base = base;
        }
        base += size;
    }
    if (!img0_size || !fwsec_base) {
        return -1;
    }
    /* BIT: FF B8 'B' 'I' 'T' 00 inside image 0 */
    for (i = 0; i + 6 <= img0_size && i + 6 <= len; i++) {
        if (!memcmp(rom + i, "\xff\xb8" "BIT\0", 6)) {
            bit = i;
            break;
        }
    }
    if (!bit && memcmp(rom, "\xff\xb8" "BIT\0", 6)) {
        return -1;
    }
    for (i = 0; i < rd(&r, bit + 10, 1); i++) {
        tok = bit + rd(&r, bit + 8, 1) + i * rd(&r, bit + 9, 1);
        if (rd(&r, tok, 1) == 0x70) {
            ptr = rd(&r, rd(&r, tok + 4, 2), 4);
            found = true;
            break;
        }
    }
    if (!found || r.bad || ptr < img0_size) {
        return -1;
    }
    table = fwsec_base + (ptr - img0_size);
    entries = rd(&r, table + 3, 1);
    desc = 0;
    for (i = 0; i < entries; i++) {
        size_t e = table + rd(&r, table + 1, 1) + i * rd(&r, table + 2, 1);

        if (rd(&r, e, 1) == 0x85) {
            uint32_t d = rd(&r, e + 2, 4);

            if (d >= img0_size) {
                desc = fwsec_base + (d - img0_size);
            }
            break;
        }
    }
    hdr = rd(&r, desc, 4);
    if (!desc || r.bad || !(hdr & 1)) {
        return -1;
    }
    info->version = (hdr >> 8) & 0xff;
    if (info->version == 3) {
        info->interface_offset = rd(&r, desc + 0x0c, 4);
        info->imem_phys_base = rd(&r, desc + 0x10, 4);
        info->imem_size = rd(&r, desc + 0x14, 4);
        info->dmem_size = rd(&r, desc + 0x20, 4);
        info->dmem_offset = info->imem_size;
        info->imem_sec_base = 0;
        info->imem_sec_size = info->imem_size;
    } else if (info->version == 2) {
        info->interface_offset = rd(&r, desc + 0x10, 4);
        info->imem_phys_base = rd(&r, desc + 0x14, 4);
        info->imem_size = rd(&r, desc + 0x18, 4);
        info->imem_sec_base = rd(&r, desc + 0x20, 4) - rd(&r, desc + 0x1c, 4);
        info->imem_sec_size = rd(&r, desc + 0x24, 4);
        info->dmem_offset = rd(&r, desc + 0x28, 4);
        info->dmem_size = rd(&r, desc + 0x30, 4);
    } else {
        return -1;
    }
    /* the whole ucode, both parts, must lie inside the ROM */
    base = desc + (hdr >> 16);
    if (r.bad || base > len ||
        (uint64_t)info->imem_size > len - base ||
        (uint64_t)info->dmem_offset + info->dmem_size > len - base ||
        (uint64_t)info->imem_sec_base + info->imem_sec_size > info->imem_size) {
        return -1;
    }
    info->ucode = rom + base;
    return 0;
}
