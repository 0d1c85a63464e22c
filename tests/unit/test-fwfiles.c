/*
 * Unit tests: the stand-in firmware files, parsed the way nouveau 6.12 and
 * nova-core 7.2 parse them (the project's spec, sections on the firmware
 * formats), with every offset checked against the file size.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "nova/fwfiles.h"
#include "rd.h"
#include "tap.h"

#include <stdio.h>
#include <string.h>

static const char *tag;     /* "ga102/535.113.01 booter_load" for messages */

static bool has_marker(Rd *r, size_t off, const char *role)
{
    size_t n = strlen(NOVA_FW_MARKER);

    return off + n + strlen(role) <= r->len &&
           memcmp(r->b + off, NOVA_FW_MARKER, n) == 0 &&
           memcmp(r->b + off + n, role, strlen(role)) == 0;
}

/* BinHdr: returns the payload offset, checks it lies inside the file */
static size_t check_bin_hdr(Rd *r, bool magic_checked, size_t *size)
{
    size_t off = rd32(r, 0x10);

    *size = rd32(r, 0x14);
    if (magic_checked) {
        TAP_EQ(rd32(r, 0x00), 0x10de, "%s: BinHdr magic", tag);
    }
    TAP_EQ(rd32(r, 0x08), r->len, "%s: BinHdr size is the file size", tag);
    TAP_OK(off + *size <= r->len, "%s: payload inside the file", tag);
    return off;
}

static void check_booter(Rd *r, const NovaChip *c, const char *role)
{
    size_t size, data = check_bin_hdr(r, true, &size);
    size_t hs = rd32(r, 0x0c);
    uint32_t sig_off = rd32(r, hs + 0x00), sig_size = rd32(r, hs + 0x04);
    uint32_t loc = rd32(r, rd32(r, hs + 0x08));
    uint32_t sig = rd32(r, rd32(r, hs + 0x0c));
    uint32_t meta = rd32(r, hs + 0x10), num = rd32(r, rd32(r, hs + 0x18));
    size_t lh = rd32(r, hs + 0x1c);
    uint32_t os_data = rd32(r, lh + 0x08), os_data_size = rd32(r, lh + 0x0c);

    TAP_EQ(rd32(r, hs + 0x14), 12, "%s: metadata is 12 bytes", tag);
    TAP_EQ(rd32(r, meta + 4) & ~0xffffu, 0, "%s: engine mask fits u16", tag);
    TAP_OK(rd32(r, meta + 8) <= 0xff, "%s: ucode id fits u8", tag);
    TAP_EQ(num, c->hs_sig_count, "%s: signature count", tag);
    TAP_EQ(num ? sig_size / num : 0, c->hs_sig_size, "%s: signature size", tag);
    TAP_OK(sig_off + sig + sig_size <= data, "%s: signatures before payload", tag);
    TAP_OK(loc >= os_data && loc + c->hs_sig_size <= os_data + os_data_size,
           "%s: patch location inside the DMEM part", tag);
    TAP_OK(rd32(r, lh + 0x10) >= 1, "%s: app 0 present", tag);
    TAP_OK(rd32(r, lh + 0x00) + rd32(r, lh + 0x04) <= size &&
           rd32(r, lh + 0x14) + rd32(r, lh + 0x18) <= size &&
           os_data + os_data_size <= size, "%s: load regions inside payload", tag);
    TAP_OK(has_marker(r, data, role), "%s: marker in code", tag);
}

static void check_riscv_bl(Rd *r, const NovaChip *c)
{
    size_t size, data = check_bin_hdr(r, true, &size);
    size_t d = rd32(r, 0x0c);
    int i;

    TAP_EQ(rd32(r, d), c->riscv_desc_version, "%s: descriptor version", tag);
    for (i = 0; i < 4; i++) {
        /* bootloader, manifest, monitor data, monitor code: offset + size */
        static const unsigned fields[4] = { 0x04, 0x20, 0x28, 0x30 };

        TAP_OK(rd32(r, d + fields[i]) + rd32(r, d + fields[i] + 4) <= size,
               "%s: region at +0x%x inside payload", tag, fields[i]);
    }
    TAP_OK(has_marker(r, data, "bootloader"), "%s: marker", tag);
}

static void check_falcon_bl(Rd *r, bool nouveau)
{
    size_t size, data = check_bin_hdr(r, nouveau, &size);
    size_t d = rd32(r, 0x0c);

    TAP_EQ(rd32(r, d), 0xfd, "%s: start tag", tag);
    TAP_OK(rd32(r, d + 0x08) + rd32(r, d + 0x0c) <= size,
           "%s: code inside payload", tag);
    TAP_OK(rd32(r, d + 0x10) + rd32(r, d + 0x14) <= size,
           "%s: data inside payload", tag);
    TAP_OK(has_marker(r, data, nouveau ? "acr/bl" : "gen_bootloader"),
           "%s: marker", tag);
}

static void check_gsp_elf(Rd *r, const NovaChip *c, const char *version)
{
    size_t shoff = rd64(r, 0x28), names;
    unsigned shnum = rd16(r, 0x3c), i;
    bool image = false, sig = false, ver = false;

    TAP_OK(memcmp(r->b, "\177ELF", 4) == 0 && rd8(r, 4) == 2,
           "%s: ELF64", tag);
    TAP_EQ(rd16(r, 0x3a), 64, "%s: section header size", tag);
    TAP_OK(shoff + shnum * 64ull <= r->len, "%s: section table inside", tag);
    names = rd64(r, shoff + rd16(r, 0x3e) * 64 + 0x18);
    for (i = 0; i < shnum; i++) {
        size_t sh = shoff + i * 64;
        const char *name = (const char *)r->b + names + rd32(r, sh);
        uint64_t off = rd64(r, sh + 0x18), size = rd64(r, sh + 0x20);

        TAP_OK(off + size <= r->len, "%s: section %u inside the file", tag, i);
        if (!strcmp(name, ".fwimage")) {
            image = size > 0 && size % 4096 == 0 &&
                    has_marker(r, off, "gsp");
        } else if (!strcmp(name, c->gsp_sig_section)) {
            sig = size == 0x1000;
        } else if (!strcmp(name, ".fwversion")) {
            ver = !strcmp((const char *)r->b + off, version);
        }
    }
    TAP_OK(image, "%s: .fwimage, page-sized, with marker", tag);
    TAP_OK(sig, "%s: %s", tag, c->gsp_sig_section);
    TAP_OK(ver, "%s: .fwversion says %s", tag, version);
}

static void check_set(const NovaChip *c, NovaFwSet set)
{
    NovaFwFile f[NOVA_FW_MAX_FILES];
    const char *version = nova_fw_set_version(set);
    bool nouveau = set != NOVA_FW_NOVA_CORE_R570;
    int n = nova_fw_build(c, set, f), i, seen = 0;
    char label[160], want[96];

    if (!TAP_OK(n > 0, "%s/%s: built", c->name, version)) {
        return;
    }
    TAP_EQ(n, c->fwsec_needs_bootloader ? 5 : 4, "%s/%s: file count",
           c->name, version);
    for (i = 0; i < n; i++) {
        Rd r = { f[i].data, f[i].len, false };
        const char *base = strrchr(f[i].path, '/') + 1;

        snprintf(label, sizeof(label), "%s", f[i].path);
        tag = label;
        if (!strncmp(base, "booter_load-", 12)) {
            check_booter(&r, c, "booter_load");
        } else if (!strncmp(base, "booter_unload-", 14)) {
            check_booter(&r, c, "booter_unload");
        } else if (!strncmp(base, "bootloader-", 11)) {
            check_riscv_bl(&r, c);
        } else if (!strncmp(base, "gsp-", 4)) {
            check_gsp_elf(&r, c, version);
        } else if (!strcmp(base, "bl.bin") || !strncmp(base, "gen_bootloader-", 15)) {
            check_falcon_bl(&r, nouveau);
        } else {
            TAP_OK(false, "%s: unexpected file", tag);
        }
        TAP_OK(!r.overrun, "%s: every read stayed inside the file", tag);
    }
    /* the names the drivers request */
    for (i = 0; i < n; i++) {
        static const char *const gsp[] = { "gsp", "booter_load", "booter_unload",
                                           "bootloader" };
        int k;

        for (k = 0; k < 4; k++) {
            snprintf(want, sizeof(want), "nvidia/%s/gsp/%s-%s.bin", c->name,
                     gsp[k], version);
            seen += !strcmp(f[i].path, want);
        }
        snprintf(want, sizeof(want), nouveau ? "nvidia/%s/acr/bl.bin" :
                 "nvidia/%s/gsp/gen_bootloader-570.144.bin", c->name);
        seen += !strcmp(f[i].path, want);
    }
    TAP_EQ(seen, n, "%s/%s: every file at the path the driver requests",
           c->name, version);
    nova_fw_free(f, n);
}

int main(void)
{
    static const char *const chips[] = { "tu102", "ga102", "ad102" };
    NovaFwFile f[NOVA_FW_MAX_FILES];
    size_t i;

    for (i = 0; i < 3; i++) {
        check_set(nova_chip_by_name(chips[i]), NOVA_FW_NOUVEAU_R535);
        check_set(nova_chip_by_name(chips[i]), NOVA_FW_NOVA_CORE_R570);
        check_set(nova_chip_by_name(chips[i]), NOVA_FW_NOUVEAU_R570);
    }
    TAP_EQ(nova_fw_build(NULL, NOVA_FW_NOUVEAU_R535, f), (uint64_t)-1,
           "no chip, no files");
    return tap_done();
}
