/*
 * nova-gpu: stand-in firmware files.
 *
 * Container layouts, as nouveau (gsp/r535.c, gsp/tu102.c, gsp/ga102.c,
 * nvfw/) and nova-core (the firmware module) read them:
 *
 *   booter_load / booter_unload
 *     0x000 BinHdr {0x10de, 1, file size, 0x18, data_offset, data_size}
 *     0x018 HS header v2 {sig_prod_offset, sig_prod_size, &patch_loc,
 *           &patch_sig, meta_offset, 12, &num_sig, load_hdr_offset, size}
 *     0x040 metadata {fuse_ver, engine_id_mask, ucode_id}
 *     0x04c num_sig, patch_loc, patch_sig (the u32s the header points at)
 *     0x058 HS load header v2 {os code, os data, 1 app}
 *     0x080 signatures, num_sig x sig_size
 *     data_offset (256-aligned): payload = os code 0x100 | app 0x700 |
 *           os data 0x400; the signature is patched 0x10 into os data
 *
 *   bootloader: BinHdr, RM_RISCV_UCODE_DESC (v4 Turing, v5 later) at 0x18,
 *     payload at 0x100: manifest | monitor data | monitor code | loader
 *
 *   gen_bootloader (nova-core) / acr/bl.bin (nouveau): BinHdr,
 *     BootloaderDesc {start_tag 0xfd, ...} at 0x18, 0x200 of code at 0x100
 *
 *   gsp: ELF64 (RISC-V) with .fwimage, .fwversion, .fwsignature_<family>
 *     and .shstrtab
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "nova/fwfiles.h"
#include "bytebuf.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BIN_MAGIC           0x10deu
#define BIN_HDR_SIZE        0x18u

#define HS_META             0x040u
#define HS_NUM_SIG          0x04cu
#define HS_PATCH_LOC        0x050u
#define HS_PATCH_SIG        0x054u
#define HS_LOAD_HDR         0x058u
#define HS_LOAD_HDR_SIZE    0x1cu   /* 5 u32 + one app (offset, size) */
#define HS_SIGS             0x080u
#define HS_OS_CODE_SIZE     0x100u
#define HS_APP_SIZE         0x700u
#define HS_OS_DATA_OFFSET   (HS_OS_CODE_SIZE + HS_APP_SIZE)
#define HS_OS_DATA_SIZE     0x400u
#define HS_PATCH_IN_DATA    0x10u
#define HS_ENGINE_SEC2      0x0001u
#define HS_UCODE_ID         3u

#define RISCV_PAYLOAD       0x100u
#define RISCV_PART          0x800u  /* manifest, data, code: one each */
#define RISCV_LOADER_SIZE   0x400u

#define BL_PAYLOAD          0x100u
#define BL_CODE_SIZE        0x200u
#define BL_DATA_SIZE        0x100u
#define BL_START_TAG        0xfdu

#define GSP_IMAGE_SIZE      0x40000u    /* 256 KiB: page multiple */
#define GSP_SIG_SIZE        0x1000u

/* The marker a payload region starts with. */
static void wmarker(ByteBuf *f, size_t off, const char *role, const NovaChip *chip)
{
    char text[96];

    snprintf(text, sizeof(text), NOVA_FW_MARKER "%s %s", role, chip->name);
    wstr(f, off, text);
}

static size_t align_up(size_t v, size_t a)
{
    return (v + a - 1) / a * a;
}

static void bin_hdr(ByteBuf *f, uint32_t data_offset, uint32_t data_size)
{
    w32(f, 0x00, BIN_MAGIC);
    w32(f, 0x04, 1);
    w32(f, 0x08, f->size);
    w32(f, 0x0c, BIN_HDR_SIZE);
    w32(f, 0x10, data_offset);
    w32(f, 0x14, data_size);
}

static bool build_booter(ByteBuf *f, const NovaChip *chip, const char *role)
{
    uint32_t sigs = chip->hs_sig_size * chip->hs_sig_count;
    uint32_t data_offset = align_up(HS_SIGS + sigs, 0x100);
    uint32_t data_size = HS_OS_DATA_OFFSET + HS_OS_DATA_SIZE;
    uint32_t i;

    if (!bb_new(f, data_offset + data_size)) {
        return false;
    }
    bin_hdr(f, data_offset, data_size);

    w32(f, BIN_HDR_SIZE + 0x00, HS_SIGS);               /* sig_prod_offset */
    w32(f, BIN_HDR_SIZE + 0x04, sigs);                  /* sig_prod_size */
    w32(f, BIN_HDR_SIZE + 0x08, HS_PATCH_LOC);
    w32(f, BIN_HDR_SIZE + 0x0c, HS_PATCH_SIG);
    w32(f, BIN_HDR_SIZE + 0x10, HS_META);
    w32(f, BIN_HDR_SIZE + 0x14, 12);                    /* meta_data_size */
    w32(f, BIN_HDR_SIZE + 0x18, HS_NUM_SIG);
    w32(f, BIN_HDR_SIZE + 0x1c, HS_LOAD_HDR);
    w32(f, BIN_HDR_SIZE + 0x20, HS_LOAD_HDR_SIZE);

    /* fuse_ver 1 with fuses reading 0 picks the last signature */
    w32(f, HS_META + 0, 1);
    w32(f, HS_META + 4, HS_ENGINE_SEC2);
    w32(f, HS_META + 8, HS_UCODE_ID);
    w32(f, HS_NUM_SIG, chip->hs_sig_count);
    w32(f, HS_PATCH_LOC, HS_OS_DATA_OFFSET + HS_PATCH_IN_DATA);
    w32(f, HS_PATCH_SIG, 0);

    w32(f, HS_LOAD_HDR + 0x00, 0);                      /* os code */
    w32(f, HS_LOAD_HDR + 0x04, HS_OS_CODE_SIZE);
    w32(f, HS_LOAD_HDR + 0x08, HS_OS_DATA_OFFSET);
    w32(f, HS_LOAD_HDR + 0x0c, HS_OS_DATA_SIZE);
    w32(f, HS_LOAD_HDR + 0x10, 1);                      /* num_apps */
    w32(f, HS_LOAD_HDR + 0x14, HS_OS_CODE_SIZE);        /* app 0 */
    w32(f, HS_LOAD_HDR + 0x18, HS_APP_SIZE);

    for (i = 0; i < sigs; i++) {
        w8(f, HS_SIGS + i, (uint8_t)(0xa5 ^ i ^ (i / chip->hs_sig_size)));
    }
    /* marker in code (IMEM) and in data (DMEM, after the signature) */
    wmarker(f, data_offset, role, chip);
    wmarker(f, data_offset + HS_OS_DATA_OFFSET + HS_PATCH_IN_DATA +
            chip->hs_sig_size, role, chip);
    return true;
}

static bool build_riscv_bootloader(ByteBuf *f, const NovaChip *chip)
{
    uint32_t size = 3 * RISCV_PART + RISCV_LOADER_SIZE;

    if (!bb_new(f, RISCV_PAYLOAD + size)) {
        return false;
    }
    bin_hdr(f, RISCV_PAYLOAD, size);
    /* RM_RISCV_UCODE_DESC */
    w32(f, 0x18 + 0x00, chip->riscv_desc_version);
    w32(f, 0x18 + 0x04, 3 * RISCV_PART);                /* bootloader */
    w32(f, 0x18 + 0x08, RISCV_LOADER_SIZE);
    w32(f, 0x18 + 0x1c, 0);                             /* appVersion */
    w32(f, 0x18 + 0x20, 0);                             /* manifest */
    w32(f, 0x18 + 0x24, RISCV_PART);
    w32(f, 0x18 + 0x28, RISCV_PART);                    /* monitor data */
    w32(f, 0x18 + 0x2c, RISCV_PART);
    w32(f, 0x18 + 0x30, 2 * RISCV_PART);                /* monitor code */
    w32(f, 0x18 + 0x34, RISCV_PART);
    w32(f, 0x18 + 0x38, 1);                             /* monitor enabled */
    wmarker(f, RISCV_PAYLOAD, "bootloader", chip);
    return true;
}

static bool build_falcon_bootloader(ByteBuf *f, const NovaChip *chip,
                                    const char *role)
{
    if (!bb_new(f, BL_PAYLOAD + BL_CODE_SIZE + BL_DATA_SIZE)) {
        return false;
    }
    bin_hdr(f, BL_PAYLOAD, BL_CODE_SIZE + BL_DATA_SIZE);
    /* nvfw_bl_desc / BootloaderDesc */
    w32(f, 0x18 + 0x00, BL_START_TAG);
    w32(f, 0x18 + 0x04, 0);                             /* dmem_load_off */
    w32(f, 0x18 + 0x08, 0);                             /* code_off */
    w32(f, 0x18 + 0x0c, BL_CODE_SIZE);
    w32(f, 0x18 + 0x10, BL_CODE_SIZE);                  /* data_off */
    w32(f, 0x18 + 0x14, BL_DATA_SIZE);
    wmarker(f, BL_PAYLOAD, role, chip);
    return true;
}

/* The GSP-RM image: an ELF64 whose sections the drivers look up by name. */
static bool build_gsp_elf(ByteBuf *f, const NovaChip *chip, const char *version)
{
    enum { SEC_NULL, SEC_IMAGE, SEC_VERSION, SEC_SIG, SEC_STRTAB, SEC_COUNT };
    const char *names[SEC_COUNT] = {
        "", ".fwimage", ".fwversion", chip->gsp_sig_section, ".shstrtab",
    };
    size_t name_off[SEC_COUNT], sec_off[SEC_COUNT], sec_size[SEC_COUNT];
    size_t strtab_size = 0, off, shoff, i;

    for (i = 0; i < SEC_COUNT; i++) {
        name_off[i] = strtab_size;
        strtab_size += strlen(names[i]) + 1;
    }
    sec_size[SEC_NULL] = 0;
    sec_size[SEC_IMAGE] = GSP_IMAGE_SIZE;
    sec_size[SEC_VERSION] = strlen(version) + 1;
    sec_size[SEC_SIG] = GSP_SIG_SIZE;
    sec_size[SEC_STRTAB] = strtab_size;

    off = 0x40;                     /* right after the ELF header */
    for (i = 0; i < SEC_COUNT; i++) {
        sec_off[i] = i == SEC_NULL ? 0 : off;
        off = align_up(off + sec_size[i], 8);
    }
    shoff = align_up(off, 64);
    if (!bb_new(f, shoff + SEC_COUNT * 64)) {
        return false;
    }

    /* Elf64_Ehdr */
    memcpy(f->b, "\177ELF", 4);
    w8(f, 4, 2);                    /* ELFCLASS64 */
    w8(f, 5, 1);                    /* little-endian */
    w8(f, 6, 1);                    /* EV_CURRENT */
    w16(f, 0x10, 1);                /* ET_REL */
    w16(f, 0x12, 0xf3);             /* EM_RISCV */
    w32(f, 0x14, 1);
    w64(f, 0x28, shoff);
    w16(f, 0x34, 64);               /* e_ehsize */
    w16(f, 0x3a, 64);               /* e_shentsize */
    w16(f, 0x3c, SEC_COUNT);
    w16(f, 0x3e, SEC_STRTAB);

    for (i = 0; i < SEC_COUNT; i++) {
        size_t sh = shoff + i * 64;

        if (i == SEC_NULL) {
            continue;
        }
        w32(f, sh + 0x00, name_off[i]);
        w32(f, sh + 0x04, i == SEC_STRTAB ? 3 : 1);     /* STRTAB/PROGBITS */
        w64(f, sh + 0x18, sec_off[i]);
        w64(f, sh + 0x20, sec_size[i]);
        w64(f, sh + 0x30, 1);                           /* alignment */
    }
    for (i = 0; i < SEC_COUNT; i++) {
        wstr(f, sec_off[SEC_STRTAB] + name_off[i], names[i]);
    }
    wmarker(f, sec_off[SEC_IMAGE], "gsp", chip);
    wstr(f, sec_off[SEC_VERSION], version);
    for (i = 0; i < GSP_SIG_SIZE; i++) {
        w8(f, sec_off[SEC_SIG] + i, (uint8_t)(0x3c ^ i));
    }
    return true;
}

const char *nova_fw_set_version(NovaFwSet set)
{
    return set == NOVA_FW_NOUVEAU_R535 ? "535.113.01" : "570.144";
}

void nova_fw_free(NovaFwFile *files, int n)
{
    int i;

    for (i = 0; i < n; i++) {
        free(files[i].data);
        files[i].data = NULL;
    }
}

static bool add(NovaFwFile *files, int *n, ByteBuf *f, const NovaChip *chip,
                const char *dir, const char *name, const char *version)
{
    NovaFwFile *out = &files[*n];

    if (!f->b) {
        return false;
    }
    if (version) {
        snprintf(out->path, sizeof(out->path), "nvidia/%s/%s/%s-%s.bin",
                 chip->name, dir, name, version);
    } else {
        snprintf(out->path, sizeof(out->path), "nvidia/%s/%s/%s.bin",
                 chip->name, dir, name);
    }
    out->data = f->b;
    out->len = f->size;
    (*n)++;
    return true;
}

int nova_fw_build(const NovaChip *chip, NovaFwSet set, NovaFwFile *files)
{
    const char *ver = nova_fw_set_version(set);
    int n = 0;
    ByteBuf f;

    if (!chip) {
        return -1;
    }
    memset(&f, 0, sizeof(f));
    if (!build_gsp_elf(&f, chip, ver) ||
        !add(files, &n, &f, chip, "gsp", "gsp", ver) ||
        !build_booter(&f, chip, "booter_load") ||
        !add(files, &n, &f, chip, "gsp", "booter_load", ver) ||
        !build_booter(&f, chip, "booter_unload") ||
        !add(files, &n, &f, chip, "gsp", "booter_unload", ver) ||
        !build_riscv_bootloader(&f, chip) ||
        !add(files, &n, &f, chip, "gsp", "bootloader", ver)) {
        goto oom;
    }
    if (chip->fwsec_needs_bootloader) {
        /* nouveau loads acr/bl.bin; nova-core its gen_bootloader */
        bool nouveau = set != NOVA_FW_NOVA_CORE_R570;

        if (!build_falcon_bootloader(&f, chip, nouveau ? "acr/bl" : "gen_bootloader") ||
            !add(files, &n, &f, chip, nouveau ? "acr" : "gsp",
                 nouveau ? "bl" : "gen_bootloader", nouveau ? NULL : ver)) {
            goto oom;
        }
    }
    return n;

oom:
    free(f.b);
    nova_fw_free(files, n);
    return -1;
}
