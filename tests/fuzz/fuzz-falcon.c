/*
 * libFuzzer harness: the falcon register interface and firmware recognition
 * under arbitrary register writes and guest memory. The input is a list of
 * (register, value) writes to the GSP and SEC2 falcons, interleaved with
 * runs; the first 64 KiB also fill guest RAM, where DMA, the bootloader
 * descriptor and the WPR meta point.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "nova/falcon.h"
#include "nova/vbios.h"
#include "../unit/fake-host.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t *rom;
static size_t rom_len;

static const uint8_t *vbios(void *opaque, size_t *len)
{
    *len = rom_len;
    return rom;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static FakeHost fh;
    static bool init;
    const NovaChip *chip = nova_chip_by_name(size && (data[0] & 1) ? "tu102" : "ga102");
    NovaSecureRegs sec = { 0 };
    NovaFalconConfig gsp_cfg, sec2_cfg;
    NovaFalcon f[2];
    size_t i;

    if (!init) {
        fake_host_init(&fh);
        fh.host.vbios = vbios;
        rom = nova_vbios_build(nova_chip_by_name("ga102"), &rom_len);
        init = true;
    }
    memset(fh.ram, 0, 0x10000);
    memcpy(fh.ram, data, size < 0x10000 ? size : 0x10000);
    gsp_cfg = (NovaFalconConfig) {
        .name = "GSP", .engine = NOVA_FALCON_GSP, .work = 0, .chip = chip,
        .vram_size = 8ull << 30, .secure = &sec, .gsp = &f[0],
    };
    sec2_cfg = gsp_cfg;
    sec2_cfg.name = "SEC2";
    sec2_cfg.engine = NOVA_FALCON_SEC2;
    sec2_cfg.work = 1;
    if (nova_falcon_init(&f[0], &gsp_cfg, &fh.host)) {
        return 0;
    }
    if (nova_falcon_init(&f[1], &sec2_cfg, &fh.host)) {
        nova_falcon_free(&f[0]);
        return 0;
    }
    /* 7 bytes per step: falcon+op, offset (2), value (4) */
    for (i = 1; i + 7 <= size && i < 7 * 4096; i += 7) {
        NovaFalcon *t = &f[data[i] & 1];
        uint32_t off = (data[i + 1] | data[i + 2] << 8) & 0x1ffc;
        uint32_t val = data[i + 3] | data[i + 4] << 8 | data[i + 5] << 16 |
                       (uint32_t)data[i + 6] << 24;

        if (data[i] & 2) {
            uint32_t v;

            nova_falcon_read(t, off, &v);
        } else {
            nova_falcon_write(t, off, val);
        }
        if (data[i] & 4) {
            nova_falcon_run(t);
        }
    }
    nova_falcon_run(&f[0]);
    nova_falcon_run(&f[1]);
    nova_falcon_free(&f[0]);
    nova_falcon_free(&f[1]);
    return 0;
}
