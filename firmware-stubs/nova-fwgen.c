/*
 * nova-fwgen: write the generated VBIOS and stand-in firmware files.
 *
 *   nova-fwgen vbios --chip ga102 -o ga102.rom
 *   nova-fwgen firmware --chip ga102 --set nouveau|nova-core --out DIR
 *
 * "firmware" writes DIR/nvidia/<chip>/..., the layout of /lib/firmware.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "nova/chip.h"
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
            "       nova-fwgen firmware --chip CHIP --set nouveau|nova-core --out DIR\n"
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

int main(int argc, char **argv)
{
    const char *cmd, *chip_name = NULL, *out = NULL, *set_name = NULL;
    const NovaChip *chip;
    int i;

    if (argc < 2) {
        return usage();
    }
    cmd = argv[1];
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
