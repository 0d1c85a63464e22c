/*
 * Unit tests: the generated VBIOS, read back by a parser written from the
 * drivers' rules (nova-core vbios.rs and nouveau bios/, as the project's spec
 * describes them), not from the generator's constants.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "nova/vbios.h"
#include "rd.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>

typedef struct Image {
    size_t base, size;
    uint8_t type;
    bool last;
} Image;

static int walk_images(Rd *r, const NovaChip *c, Image *img, int max)
{
    size_t off = 0;
    int n = 0;

    while (n < max && off < r->len) {
        size_t pcir, npde;
        uint16_t pcir_len, blocks;

        TAP_EQ(rd16(r, off), 0xaa55, "%s: image %d ROM signature", c->name, n);
        pcir = off + rd16(r, off + 0x18);
        TAP_OK(memcmp(r->b + pcir, "PCIR", 4) == 0, "%s: image %d PCIR", c->name, n);
        TAP_EQ(rd16(r, pcir + 4), 0x10de, "%s: image %d PCIR vendor", c->name, n);
        TAP_EQ(rd16(r, pcir + 6), c->pci_device_id, "%s: image %d PCIR device",
               c->name, n);
        TAP_EQ(rd8(r, pcir + 0x0f), 0x03, "%s: image %d class display", c->name, n);
        pcir_len = rd16(r, pcir + 0x0a);
        blocks = rd16(r, pcir + 0x10);
        TAP_OK(blocks != 0, "%s: image %d length not 0", c->name, n);
        img[n].base = off;
        img[n].size = blocks * 512u;
        img[n].type = rd8(r, pcir + 0x14);
        img[n].last = rd8(r, pcir + 0x15) & 0x80;
        /* NPDE at the next 16-byte boundary after PCIR; it must agree */
        npde = (pcir + pcir_len + 15) & ~(size_t)15;
        if (TAP_OK(memcmp(r->b + npde, "NPDE", 4) == 0, "%s: image %d NPDE",
                   c->name, n)) {
            TAP_EQ(rd16(r, npde + 8) * 512u, img[n].size,
                   "%s: image %d NPDE length agrees", c->name, n);
            TAP_EQ(!!(rd8(r, npde + 0x0a) & 0x80), img[n].last,
                   "%s: image %d NPDE last flag agrees", c->name, n);
        }
        off += img[n].size;
        if (img[n++].last) {
            break;
        }
    }
    TAP_EQ(off, r->len, "%s: images cover the ROM exactly", c->name);
    return n;
}

static size_t find_bit(Rd *r, size_t limit)
{
    static const uint8_t sig[] = { 0xff, 0xb8, 'B', 'I', 'T', 0 };
    size_t i;

    for (i = 0; i + sizeof(sig) <= limit; i++) {
        if (!memcmp(r->b + i, sig, sizeof(sig))) {
            return i;
        }
    }
    return 0;
}

static void check_chip(const NovaChip *c)
{
    size_t len, bit, tok, i, fwsec, table, desc, ucode, imem, dmem, dmem_size;
    size_t appif, mapper, img0_len;
    uint32_t hdr, ptr, imem_size, entries;
    uint8_t *rom = nova_vbios_build(c, &len);
    Image img[4];
    Rd r = { rom, len, false };
    uint8_t sum = 0;
    int n, ver;
    bool found;

    if (!TAP_OK(rom != NULL, "%s: VBIOS built", c->name)) {
        return;
    }
    TAP_OK(len % 512 == 0 && len <= NOVA_VBIOS_MAX_LEN,
           "%s: size 0x%zx is whole 512-byte blocks within the PROM", c->name, len);
    TAP_OK(memcmp(rom, "NVGI", 4) != 0, "%s: no IFR header", c->name);

    n = walk_images(&r, c, img, 4);
    TAP_EQ(n, 2, "%s: two images", c->name);
    TAP_EQ(img[0].type, 0x00, "%s: image 0 is PCI-AT", c->name);
    TAP_EQ(img[1].type, 0xe0, "%s: image 1 is FWSEC", c->name);
    TAP_OK(!img[0].last && img[1].last, "%s: only the last image says last",
           c->name);
    for (i = 0; i < img[0].size; i++) {
        sum += rom[i];
    }
    TAP_EQ(sum, 0, "%s: PCI-AT image checksum", c->name);
    TAP_EQ(rom[3], 0xcb, "%s: option-ROM init entry returns (RETF)", c->name);
    img0_len = img[0].size;

    /* BIT, in the PCI-AT image */
    bit = find_bit(&r, img0_len);
    if (!TAP_OK(bit != 0, "%s: BIT header found", c->name)) {
        goto out;
    }
    TAP_OK(rd8(&r, bit + 9) >= 6, "%s: BIT token size", c->name);
    found = false;
    ptr = 0;
    for (i = 0; i < rd8(&r, bit + 10); i++) {
        tok = bit + rd8(&r, bit + 8) + i * rd8(&r, bit + 9);
        if (rd8(&r, tok) == 'i') {
            size_t d = rd16(&r, tok + 4);

            TAP_OK(rd16(&r, tok + 2) >= 5, "%s: 'i' token long enough", c->name);
            TAP_OK(rd8(&r, d + 3) == c->vbios_version[0] &&
                   rd8(&r, d + 2) == c->vbios_version[1] &&
                   rd8(&r, d + 4) == c->vbios_version[4],
                   "%s: 'i' token carries the version", c->name);
        }
        if (rd8(&r, tok) == 0x70) {
            found = true;
            TAP_EQ(rd8(&r, tok + 1), 2, "%s: 'p' token version 2", c->name);
            TAP_OK(rd16(&r, tok + 2) >= 4, "%s: 'p' token length", c->name);
            TAP_OK(rd16(&r, tok + 4) + 4u <= img0_len,
                   "%s: 'p' data inside PCI-AT", c->name);
            ptr = rd32(&r, rd16(&r, tok + 4));
        }
    }
    if (!TAP_OK(found, "%s: falcon data token 0x70", c->name)) {
        goto out;
    }

    /* pointers past image 0 land in the FWSEC image (nova: minus PCI-AT len) */
    fwsec = img[1].base;
    if (!TAP_OK(ptr >= img0_len, "%s: falcon table pointer past PCI-AT", c->name)) {
        goto out;
    }
    table = fwsec + (ptr - img0_len);
    TAP_EQ(rd8(&r, table), 1, "%s: falcon ucode table version", c->name);
    TAP_OK(rd8(&r, table + 2) >= 6, "%s: falcon ucode entry size", c->name);
    entries = rd8(&r, table + 3);
    desc = 0;
    for (i = 0; i < entries; i++) {
        size_t e = table + rd8(&r, table + 1) + i * rd8(&r, table + 2);

        if (rd8(&r, e) == 0x85) {
            uint32_t d = rd32(&r, e + 2);

            TAP_OK(d >= img0_len, "%s: FWSEC pointer past PCI-AT", c->name);
            desc = fwsec + (d - img0_len);
        }
    }
    if (!TAP_OK(desc != 0, "%s: FWSEC_PROD (0x85) entry", c->name)) {
        goto out;
    }

    hdr = rd32(&r, desc);
    ver = (hdr >> 8) & 0xff;
    TAP_OK(hdr & 1, "%s: descriptor valid bit", c->name);
    TAP_EQ(ver, c->fwsec_desc_version, "%s: descriptor version", c->name);
    ucode = desc + (hdr >> 16);
    if (ver == 3) {
        uint32_t sigs = rd8(&r, desc + 0x27);

        TAP_EQ(hdr >> 16, 44 + sigs * 384, "%s: v3 size covers signatures", c->name);
        TAP_OK(sigs >= 1, "%s: v3 carries a signature", c->name);
        TAP_OK(rd16(&r, desc + 0x24) & 0x400, "%s: engine mask has GSP", c->name);
        TAP_OK(rd8(&r, desc + 0x26) >= 1 && rd8(&r, desc + 0x26) <= 16,
               "%s: ucode id 1..16", c->name);
        TAP_OK(rd16(&r, desc + 0x28) & 1,
               "%s: signature version 1 (fuse 0) present", c->name);
        imem_size = rd32(&r, desc + 0x14);
        dmem_size = rd32(&r, desc + 0x20);
        TAP_OK(rd32(&r, desc + 0x08) + 384 <= dmem_size,
               "%s: PKC signature fits DMEM", c->name);
        appif = rd32(&r, desc + 0x0c);
        dmem = ucode + imem_size;
    } else {
        TAP_EQ(hdr >> 16, 60, "%s: v2 size", c->name);
        imem_size = rd32(&r, desc + 0x18);
        TAP_OK(rd32(&r, desc + 0x24) < imem_size,
               "%s: v2 has a non-secure IMEM part (for the bootloader)", c->name);
        TAP_OK(rd32(&r, desc + 0x20) + rd32(&r, desc + 0x24) <= imem_size,
               "%s: v2 secure part inside IMEM", c->name);
        dmem_size = rd32(&r, desc + 0x30);
        appif = rd32(&r, desc + 0x10);
        dmem = ucode + rd32(&r, desc + 0x28);
    }
    TAP_EQ(imem_size % 256, 0, "%s: IMEM a multiple of 256", c->name);
    TAP_OK(ucode + imem_size + dmem_size <= img[1].base + img[1].size,
           "%s: ucode inside the FWSEC image", c->name);
    imem = ucode;
    TAP_OK(memcmp(rom + imem, NOVA_VBIOS_FWSEC_MARKER,
                  strlen(NOVA_VBIOS_FWSEC_MARKER)) == 0,
           "%s: IMEM carries the FWSEC marker", c->name);

    /* application interface and DMEMMAPPER */
    TAP_EQ(rd8(&r, dmem + appif), 1, "%s: appif version 1", c->name);
    mapper = 0;
    for (i = 0; i < rd8(&r, dmem + appif + 3); i++) {
        size_t e = dmem + appif + rd8(&r, dmem + appif + 1) +
                   i * rd8(&r, dmem + appif + 2);

        if (rd32(&r, e) == 4) {
            mapper = rd32(&r, e + 4);
        }
    }
    if (TAP_OK(mapper != 0 && mapper + 64 <= dmem_size,
               "%s: DMEMMAPPER entry inside DMEM", c->name)) {
        uint32_t in = rd32(&r, dmem + mapper + 0x08);

        TAP_OK(memcmp(rom + dmem + mapper, "DMAP", 4) == 0, "%s: DMAP", c->name);
        TAP_EQ(rd16(&r, dmem + mapper + 4), 3, "%s: DMEMMAPPER v3", c->name);
        TAP_OK(in + 44 <= dmem_size && rd32(&r, dmem + mapper + 0x0c) >= 44,
               "%s: command buffer holds FrtsCmd", c->name);
        TAP_EQ(rd32(&r, dmem + mapper + 0x2c), 0,
               "%s: init_cmd left for the driver", c->name);
    }
out:
    TAP_OK(!r.overrun, "%s: every read stayed inside the ROM", c->name);
    free(rom);
}

int main(void)
{
    static const char *const chips[] = { "tu102", "ga102", "ad102" };
    size_t i;

    for (i = 0; i < sizeof(chips) / sizeof(chips[0]); i++) {
        check_chip(nova_chip_by_name(chips[i]));
    }
    TAP_OK(nova_vbios_build(NULL, &i) == NULL, "no chip, no VBIOS");
    return tap_done();
}
