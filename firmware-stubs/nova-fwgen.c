/*
 * nova-fwgen: write the generated VBIOS and stand-in firmware files.
 *
 *   nova-fwgen vbios --chip ga102 -o ga102.rom
 *   nova-fwgen firmware --chip ga102 --set nouveau|nouveau-r570|nova-core --out DIR
 *   nova-fwgen chips
 *
 * "firmware" writes DIR/nvidia/<chip>/..., the layout of /lib/firmware.
 * "chips" prints the chip table (common/chip.c) for the scripts and tests,
 * one line a chip, the table's order: shell assignments, e.g.
 *   name=tu102 pci_device_id=0x1e04 ... boot_0=0x162000a1 ...
 *   vbios_version=90.02.4e.56.01 ... architecture=Turing marketing='...'
 * A value never holds a blank or a quote, except marketing, which is
 * single-quoted and last. Booleans are 0 or 1. scripts/lib.sh reads it
 * (nova_chip_table, nova_chip_names, nova_chip_fact).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "nova/chip.h"
#include "nova/regs/pmc.h"
#include "nova/fwfiles.h"
#include "nova/vbios.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int usage(void)
{
    fprintf(stderr,
            "usage: nova-fwgen vbios --chip CHIP -o FILE\n"
            "       nova-fwgen firmware --chip CHIP --set nouveau|nouveau-r570|nova-core --out DIR\n"
            "       nova-fwgen chips\n"
            "chips: %s\n", nova_chip_names());
    return 2;
}

static int write_file(const char *path, const uint8_t *data, size_t len)
{
    FILE *f = fopen(path, "wb");

    if (!f) {
        fprintf(stderr, "nova-fwgen: %s: %s\n", path, strerror(errno));
        return -1;
    }
    if (fwrite(data, 1, len, f) != len || fclose(f) != 0) {
        fprintf(stderr, "nova-fwgen: %s: write failed\n", path);
        return -1;
    }
    return 0;
}

/* mkdir -p of the directory part of @path */
static int make_parents(char *path)
{
    char *p;

    for (p = path + 1; *p; p++) {
        if (*p != '/') {
            continue;
        }
        *p = '\0';
        if (mkdir(path, 0755) != 0 && errno != EEXIST) {
            fprintf(stderr, "nova-fwgen: mkdir %s: %s\n", path, strerror(errno));
            *p = '/';
            return -1;
        }
        *p = '/';
    }
    return 0;
}

/*
 * The architecture the drivers name from NV_PMC_BOOT_0's architecture field
 * (28:24), as nova-core's Architecture and nouveau's chipset families do.
 */
static const char *arch_name(uint32_t boot_0)
{
    switch (NV_FIELD_EX32(boot_0, NV_PMC_BOOT_0, ARCHITECTURE_0)) {
    case 0x16:
        return "Turing";
    case 0x17:
        return "Ampere";
    case 0x18:
        return "Hopper";
    case 0x19:
        return "Ada";
    case 0x1a:
    case 0x1b:
        return "Blackwell";
    default:
        return "unknown";
    }
}

/* "nova-fwgen chips": the chip table, one line of shell assignments a chip */
static int print_chips(void)
{
    int id;

    for (id = 0; id < NOVA_CHIP__COUNT; id++) {
        const NovaChip *c = nova_chip_by_id((NovaChipId)id);
        const uint8_t *v = c->vbios_version;

        printf("name=%s pci_device_id=0x%04x pci_revision=0x%02x "
               "boot_0=0x%08x boot_42=0x%08x "
               "vbios_version=%02x.%02x.%02x.%02x.%02x "
               "fb_size_in_aon_scratch=%d fuse_display_reg=0x%06x "
               "fwsec_desc_version=%u gsp_sig_section=%s "
               "hs_sig_size=0x%x hs_sig_count=%u riscv_desc_version=%u "
               "fwsec_needs_bootloader=%d falcon_ga102_regs=%d "
               "architecture=%s marketing='%s'\n",
               c->name, c->pci_device_id, c->pci_revision,
               (unsigned)c->boot_0, (unsigned)c->boot_42,
               v[0], v[1], v[2], v[3], v[4],
               c->fb_size_in_aon_scratch, (unsigned)c->fuse_display_reg,
               c->fwsec_desc_version, c->gsp_sig_section,
               c->hs_sig_size, c->hs_sig_count, c->riscv_desc_version,
               c->fwsec_needs_bootloader, c->falcon_ga102_regs,
               arch_name(c->boot_0), c->marketing);
    }
    return fflush(stdout) == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
    const char *cmd, *chip_name = NULL, *out = NULL, *set_name = NULL;
    const NovaChip *chip;
    int i;

    if (argc < 2) {
        return usage();
    }
    cmd = argv[1];
    if (!strcmp(cmd, "chips") || !strcmp(cmd, "--chips")) {
        return argc == 2 ? print_chips() : usage();
    }
    for (i = 2; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--chip")) {
            chip_name = argv[i + 1];
        } else if (!strcmp(argv[i], "-o") || !strcmp(argv[i], "--out")) {
            out = argv[i + 1];
        } else if (!strcmp(argv[i], "--set")) {
            set_name = argv[i + 1];
        } else {
            return usage();
        }
    }
    if (i != argc || !out) {
        return usage();
    }
    chip = nova_chip_by_name(chip_name);
    if (!chip) {
        fprintf(stderr, "nova-fwgen: unknown chip '%s' (%s)\n",
                chip_name ? chip_name : "", nova_chip_names());
        return 2;
    }

    if (!strcmp(cmd, "vbios")) {
        size_t len;
        uint8_t *rom = nova_vbios_build(chip, &len);
        int ret;

        if (!rom) {
            fprintf(stderr, "nova-fwgen: out of memory\n");
            return 1;
        }
        ret = write_file(out, rom, len);
        free(rom);
        return ret ? 1 : 0;
    }
    if (!strcmp(cmd, "firmware")) {
        NovaFwFile files[NOVA_FW_MAX_FILES];
        NovaFwSet set;
        int n, ret = 0;

        if (set_name && !strcmp(set_name, "nouveau")) {
            set = NOVA_FW_NOUVEAU_R535;
        } else if (set_name && !strcmp(set_name, "nova-core")) {
            set = NOVA_FW_NOVA_CORE_R570;
        } else if (set_name && !strcmp(set_name, "nouveau-r570")) {
            set = NOVA_FW_NOUVEAU_R570;
        } else {
            return usage();
        }
        n = nova_fw_build(chip, set, files);
        if (n < 0) {
            fprintf(stderr, "nova-fwgen: out of memory\n");
            return 1;
        }
        for (i = 0; i < n && !ret; i++) {
            size_t len = strlen(out) + 1 + strlen(files[i].path) + 1;
            char *path = malloc(len);

            if (!path) {
                ret = -1;
                break;
            }
            snprintf(path, len, "%s/%s", out, files[i].path);
            ret = make_parents(path) ? -1 : write_file(path, files[i].data,
                                                       files[i].len);
            if (!ret) {
                printf("%s\n", files[i].path);
            }
            free(path);
        }
        nova_fw_free(files, n);
        return ret ? 1 : 0;
    }
    return usage();
}
