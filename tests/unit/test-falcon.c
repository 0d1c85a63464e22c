/*
 * Unit tests: the falcon model, driven through its registers with the
 * drivers' own sequences (nouveau 6.12 falcon/ga102.c, gm200.c and
 * gsp/fwsec.c; nova-core 7.2 falcon.rs), against a fake host.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "nova/falcon.h"
#include "nova/gsp-abi.h"
#include "nova/fwfiles.h"
#include "nova/vbios.h"
#include "fake-host.h"
#include "tap.h"

#define VRAM_SIZE       (8ull << 30)
#define FRTS_START      0x1ffe00000ull
#define FRTS_SIZE       0x100000ull
#define IMG_ADDR        (FAKE_RAM_BASE + 0x10000)   /* driver's ucode copy */
#define META_ADDR       (FAKE_RAM_BASE + 0x80000)
#define LIBOS_ADDR      (FAKE_RAM_BASE + 0x90000)
#define BOOTER_ADDR     (FAKE_RAM_BASE + 0xa0000)

typedef struct Gpu {
    FakeHost fh;
    NovaSecureRegs sec;
    NovaFalcon gsp, sec2;
    const NovaChip *chip;
    uint8_t *rom;
    size_t rom_len;
    NovaFwsecInfo fw;
    uint64_t booted_meta, booted_libos;
    int shutdowns;
} Gpu;

static const uint8_t *gpu_vbios(void *opaque, size_t *len)
{
    Gpu *g = (Gpu *)opaque;   /* FakeHost is the first member */

    *len = g->rom_len;
    return g->rom;
}

static void gpu_rm_boot(void *opaque, uint64_t meta, uint64_t libos)
{
    Gpu *g = (Gpu *)opaque;

    g->booted_meta = meta;
    g->booted_libos = libos;
}

static void gpu_rm_shutdown(void *opaque)
{
    ((Gpu *)opaque)->shutdowns++;
}

/* the host's upcalls, then both falcons with their configs */
static void gpu_falcons(Gpu *g, uint64_t vram_size)
{
    NovaFalconConfig gsp = {
        .name = "GSP", .engine = NOVA_FALCON_GSP, .work = 0, .chip = g->chip,
        .vram_size = vram_size, .secure = &g->sec, .gsp = &g->gsp,
    };
    NovaFalconConfig sec2 = gsp;

    g->fh.host.vbios = gpu_vbios;
    g->fh.host.gsp_rm_boot = gpu_rm_boot;
    g->fh.host.gsp_rm_shutdown = gpu_rm_shutdown;
    sec2.name = "SEC2";
    sec2.engine = NOVA_FALCON_SEC2;
    sec2.work = 1;
    nova_falcon_init(&g->gsp, &gsp, &g->fh.host);
    nova_falcon_init(&g->sec2, &sec2, &g->fh.host);
}

static void gpu_init(Gpu *g, const char *chip)
{
    memset(g, 0, sizeof(*g));
    fake_host_init(&g->fh);
    g->chip = nova_chip_by_name(chip);
    g->rom = nova_vbios_build(g->chip, &g->rom_len);
    nova_vbios_find_fwsec(g->rom, g->rom_len, &g->fw);
    gpu_falcons(g, VRAM_SIZE);
}

static void gpu_free(Gpu *g)
{
    nova_falcon_free(&g->gsp);
    nova_falcon_free(&g->sec2);
    free(g->rom);
    fake_host_free(&g->fh);
}

static uint32_t rd(NovaFalcon *f, uint32_t off)
{
    uint32_t v = 0xdeadbeef;

    nova_falcon_read(f, off, &v);
    return v;
}

static void wr(NovaFalcon *f, uint32_t off, uint32_t v)
{
    nova_falcon_write(f, off, v);
}

static void mask(NovaFalcon *f, uint32_t off, uint32_t m, uint32_t v)
{
    wr(f, off, (rd(f, off) & ~m) | v);
}

/* nouveau's reset: engine reset pulse, then wait for scrubbing */
static bool driver_reset(NovaFalcon *f, bool ga102)
{
    int i;

    if (ga102) {
        (void)rd(f, A_NV_PFALCON_FALCON_HWCFG2);
    }
    mask(f, A_NV_PFALCON_FALCON_ENGINE, 1, 1);
    mask(f, A_NV_PFALCON_FALCON_ENGINE, 1, 0);
    for (i = 0; i < 100; i++) {
        bool busy = ga102 ? rd(f, A_NV_PFALCON_FALCON_HWCFG2) & NV_FIELD_MASK(NV_PFALCON_FALCON_HWCFG2, MEM_SCRUBBING)
                          : rd(f, A_NV_PFALCON_FALCON_DMACTL) & 6;
        if (!busy) {
            break;
        }
    }
    if (i == 100) {
        return false;
    }
    if (ga102 && (rd(f, A_NV_PRISCV_RISCV_BCR_CTRL) & 0x10)) {
        wr(f, A_NV_PRISCV_RISCV_BCR_CTRL, 0);
    }
    wr(f, A_NV_PFALCON_FALCON_RM, 0x172000a1);
    return true;
}

/* ga102_flcn_dma_wr: 256-byte chunks from @addr + @src to falcon @dst */
static bool driver_dma(NovaFalcon *f, uint64_t addr, uint32_t src, uint32_t dst,
                       uint32_t len, bool imem, bool sec)
{
    uint32_t cmd = (6u << 8) | (imem ? 0x10 : 0) | (sec ? 0x4 : 0), pos;

    if (!imem) {
        addr += src;
        src = 0;
    }
    wr(f, A_NV_PFALCON_FALCON_DMATRFBASE, addr >> 8);
    wr(f, A_NV_PFALCON_FALCON_DMATRFBASE1, 0);
    for (pos = 0; pos < len; pos += 256) {
        wr(f, A_NV_PFALCON_FALCON_DMATRFMOFFS, dst + pos);
        wr(f, A_NV_PFALCON_FALCON_DMATRFFBOFFS, src + pos);
        wr(f, A_NV_PFALCON_FALCON_DMATRFCMD, cmd);
        if (!(rd(f, A_NV_PFALCON_FALCON_DMATRFCMD) & NV_FIELD_MASK(NV_PFALCON_FALCON_DMATRFCMD, IDLE))) {
            return false;
        }
    }
    return true;
}

static void driver_dma_setup(NovaFalcon *f)
{
    mask(f, A_NV_PFALCON_FBIF_CTL, 0x80, 0x80);
    wr(f, A_NV_PFALCON_FALCON_DMACTL, 0);
    mask(f, A_NV_PFALCON_FBIF_TRANSCFG, 0x10007, 5);
}

/* gm200 PIO: IMEM with tags, DMEM */
static void driver_pio_imem(NovaFalcon *f, const uint8_t *img, uint32_t dst,
                            uint32_t len, uint16_t tag, bool sec)
{
    uint32_t i;

    wr(f, A_NV_PFALCON_FALCON_IMEMC, (sec ? NV_FIELD_MASK(NV_PFALCON_FALCON_IMEMC, SECURE) : 0) |
       NV_FIELD_MASK(NV_PFALCON_FALCON_IMEMC, AINCW) | dst);
    for (i = 0; i < len; i += 4) {
        if (i % 256 == 0) {
            wr(f, A_NV_PFALCON_FALCON_IMEMT, tag++);
        }
        wr(f, A_NV_PFALCON_FALCON_IMEMD, img[i] | img[i + 1] << 8 |
           img[i + 2] << 16 | (uint32_t)img[i + 3] << 24);
    }
}

static void driver_pio_dmem(NovaFalcon *f, const uint8_t *img, uint32_t dst,
                            uint32_t len)
{
    uint32_t i;

    wr(f, A_NV_PFALCON_FALCON_DMEMC, NV_FIELD_MASK(NV_PFALCON_FALCON_IMEMC, AINCW) | dst);
    for (i = 0; i < len; i += 4) {
        wr(f, A_NV_PFALCON_FALCON_DMEMD, img[i] | img[i + 1] << 8 |
           img[i + 2] << 16 | (uint32_t)img[i + 3] << 24);
    }
}

/* start, let the host run the deferred work, report whether it halted */
static bool driver_boot(Gpu *g, NovaFalcon *f, uint32_t m0, uint32_t m1)
{
    int before = g->fh.scheduled[f->cfg.work];

    wr(f, A_NV_PFALCON_FALCON_MAILBOX0, m0);
    wr(f, A_NV_PFALCON_FALCON_MAILBOX1, m1);
    wr(f, A_NV_PFALCON_FALCON_CPUCTL, NV_FIELD_MASK(NV_PFALCON_FALCON_CPUCTL, STARTCPU));
    if (rd(f, A_NV_PFALCON_FALCON_CPUCTL) & NV_FIELD_MASK(NV_PFALCON_FALCON_CPUCTL, HALTED)) {
        return false;   /* halted before the run: a driver would misread it */
    }
    if (g->fh.scheduled[f->cfg.work] != before + 1) {
        return false;
    }
    nova_falcon_run(f);
    return rd(f, A_NV_PFALCON_FALCON_CPUCTL) & NV_FIELD_MASK(NV_PFALCON_FALCON_CPUCTL, HALTED);
}

/* The driver's copy of FWSEC with the command patched in (fwsec.c). */
static void driver_fwsec_image(Gpu *g, uint32_t cmd)
{
    uint8_t *img = g->fh.ram + (IMG_ADDR - FAKE_RAM_BASE);
    uint8_t *dmem = img + g->fw.dmem_offset;
    uint32_t mapper, cmd_in;

    memcpy(img, g->fw.ucode, g->fw.dmem_offset + g->fw.dmem_size);
    mapper = dmem[g->fw.interface_offset + 8] | dmem[g->fw.interface_offset + 9] << 8;
    cmd_in = dmem[mapper + 8] | dmem[mapper + 9] << 8;
    fake_put32(&g->fh, IMG_ADDR + g->fw.dmem_offset + mapper + 0x2c, cmd);
    fake_put32(&g->fh, IMG_ADDR + g->fw.dmem_offset + cmd_in + 0x00, 1);
    fake_put32(&g->fh, IMG_ADDR + g->fw.dmem_offset + cmd_in + 0x04, 0x18);
    fake_put32(&g->fh, IMG_ADDR + g->fw.dmem_offset + cmd_in + 0x14, 2);
    if (cmd == NOVA_FWSEC_CMD_FRTS) {
        uint64_t r = IMG_ADDR + g->fw.dmem_offset + cmd_in + 0x18;

        fake_put32(&g->fh, r + 0, 1);
        fake_put32(&g->fh, r + 4, 20);
        fake_put32(&g->fh, r + 8, FRTS_START >> 12);
        fake_put32(&g->fh, r + 12, FRTS_SIZE >> 12);
        fake_put32(&g->fh, r + 16, 2);
    }
}

/* GA102/AD102: FWSEC DMA-loaded straight into the GSP falcon */
static bool run_fwsec_dma(Gpu *g, uint32_t cmd)
{
    NovaFalcon *f = &g->gsp;

    driver_fwsec_image(g, cmd);
    if (!driver_reset(f, true)) {
        return false;
    }
    driver_dma_setup(f);
    if (!driver_dma(f, IMG_ADDR, 0, g->fw.imem_phys_base, g->fw.imem_size, true, true) ||
        !driver_dma(f, IMG_ADDR, g->fw.dmem_offset, 0, g->fw.dmem_size, false, false)) {
        return false;
    }
    wr(f, A_NV_PFALCON2_FALCON_BROM_PARAADDR, 0x300);
    wr(f, A_NV_PFALCON2_FALCON_BROM_ENGIDMASK, 0x400);
    wr(f, A_NV_PFALCON2_FALCON_BROM_CURR_UCODE_ID, 9);
    wr(f, A_NV_PFALCON2_FALCON_MOD_SEL, 1);
    wr(f, A_NV_PFALCON_FALCON_BOOTVEC, 0);
    return driver_boot(g, f, 0, 0);
}

/* Turing: the generic bootloader by PIO, FWSEC fetched from its descriptor */
static bool run_fwsec_bootloader(Gpu *g, uint32_t cmd)
{
    NovaFalcon *f = &g->gsp;
    NovaFwFile files[NOVA_FW_MAX_FILES];
    int n = nova_fw_build(g->chip, NOVA_FW_NOUVEAU_R535, files), i;
    uint8_t desc[84] = { 0 };
    const uint8_t *bl = NULL;
    uint64_t data = IMG_ADDR + g->fw.dmem_offset;
    bool ok;

    for (i = 0; i < n; i++) {
        if (strstr(files[i].path, "acr/bl.bin")) {
            bl = files[i].data + 0x100;     /* payload: 0x200 of code */
        }
    }
    driver_fwsec_image(g, cmd);
    if (!bl || !driver_reset(f, false)) {
        nova_fw_free(files, n);
        return false;
    }
    mask(f, A_NV_PFALCON_FBIF_CTL, 0x80, 0x80);
    wr(f, A_NV_PFALCON_FALCON_DMACTL, 0);
    driver_pio_imem(f, bl, NOVA_FALCON_MEM_SIZE - 0x200, 0x200, 0xfd, false);
    mask(f, NV_REG_ADDR(NV_PFALCON_FBIF_TRANSCFG, 4), 7, 5);
    desc[32] = 4;                                           /* ctx_dma */
    memcpy(desc + 36, &(uint64_t){ IMG_ADDR }, 8);          /* code_dma_base */
    memcpy(desc + 48, &(uint32_t){ g->fw.imem_size - g->fw.imem_sec_size }, 4);
    memcpy(desc + 52, &g->fw.imem_sec_base, 4);
    memcpy(desc + 56, &g->fw.imem_sec_size, 4);
    memcpy(desc + 64, &data, 8);                            /* data_dma_base */
    memcpy(desc + 72, &g->fw.dmem_size, 4);
    driver_pio_dmem(f, desc, 0, sizeof(desc));
    wr(f, A_NV_PFALCON_FALCON_BOOTVEC, 0xfd00);
    ok = driver_boot(g, f, 0, 0);
    nova_fw_free(files, n);
    return ok;
}

/* A WPR meta that matches FRTS at FRTS_START, as nouveau lays it out */
static void put_wpr_meta(Gpu *g)
{
    uint64_t wpr_start = 0x1f5b00000ull, wpr_end = FRTS_START + FRTS_SIZE;

    memset(g->fh.ram + (META_ADDR - FAKE_RAM_BASE), 0, 256);
    fake_put64(&g->fh, META_ADDR + 0x00, 0xdc3aae21371a60b3ull);
    fake_put64(&g->fh, META_ADDR + 0x08, 1);
    fake_put64(&g->fh, META_ADDR + 0x10, FAKE_RAM_BASE + 0xb0000);
    fake_put64(&g->fh, META_ADDR + 0x18, 0x40000);
    fake_put64(&g->fh, META_ADDR + 0x20, FAKE_RAM_BASE + 0xc0000);
    fake_put64(&g->fh, META_ADDR + 0x28, 0x2400);
    fake_put64(&g->fh, META_ADDR + 0x70, wpr_start);
    fake_put64(&g->fh, META_ADDR + 0x78, 0x1f5c00000ull);
    fake_put64(&g->fh, META_ADDR + 0x80, 0x7d00000ull);
    fake_put64(&g->fh, META_ADDR + 0x98, FRTS_START);
    fake_put64(&g->fh, META_ADDR + 0xa0, FRTS_SIZE);
    fake_put64(&g->fh, META_ADDR + 0xa8, wpr_end);
    fake_put64(&g->fh, META_ADDR + 0xb0, VRAM_SIZE);
}

/* booter on SEC2: DMA (GA102+) or PIO (Turing) of a stand-in image */
static bool run_booter(Gpu *g, const char *which, uint32_t m0, uint32_t m1)
{
    NovaFalcon *f = &g->sec2;
    NovaFwFile files[NOVA_FW_MAX_FILES];
    int n = nova_fw_build(g->chip, NOVA_FW_NOUVEAU_R535, files), i;
    const uint8_t *img = NULL;
    uint32_t data_off = 0;
    bool ga = g->chip->falcon_ga102_regs, ok = false;

    for (i = 0; i < n; i++) {
        if (strstr(files[i].path, which)) {
            data_off = files[i].data[0x10] | files[i].data[0x11] << 8;
            img = files[i].data + data_off;
            memcpy(g->fh.ram + (BOOTER_ADDR - FAKE_RAM_BASE), img,
                   files[i].len - data_off);
        }
    }
    if (img && driver_reset(f, ga)) {
        /* stand-in layout: os code 0x100 | app 0x700 | os data 0x400 */
        if (ga) {
            driver_dma_setup(f);
            ok = driver_dma(f, BOOTER_ADDR, 0x100, 0, 0x700, true, true) &&
                 driver_dma(f, BOOTER_ADDR, 0x800, 0, 0x400, false, false);
            wr(f, A_NV_PFALCON_FALCON_BOOTVEC, 0x100);
        } else {
            driver_pio_imem(f, img, 0, 0x100, 0, false);
            driver_pio_imem(f, img + 0x100, 0x100, 0x700, 1, true);
            driver_pio_dmem(f, img + 0x800, 0, 0x400);
            wr(f, A_NV_PFALCON_FALCON_BOOTVEC, 0);
            ok = true;
        }
        ok = ok && driver_boot(g, f, m0, m1);
    }
    nova_fw_free(files, n);
    return ok;
}

static bool riscv_active(Gpu *g)
{
    return g->chip->falcon_ga102_regs ?
           rd(&g->gsp, A_NV_PRISCV_RISCV_CPUCTL) & NV_FIELD_MASK(NV_PRISCV_RISCV_CPUCTL, ACTIVE_STAT) :
           rd(&g->gsp, A_NV_PRISCV_RISCV_CORE_SWITCH_RISCV_STATUS) & 1;
}

static void test_boot_flow(const char *chip)
{
    Gpu g;
    bool ga;

    gpu_init(&g, chip);
    ga = g.chip->falcon_ga102_regs;
    TAP_EQ(g.fw.version, ga ? 3 : 2, "%s: FWSEC found in the served VBIOS", chip);

    /* FWSEC-FRTS */
    TAP_OK(ga ? run_fwsec_dma(&g, NOVA_FWSEC_CMD_FRTS)
              : run_fwsec_bootloader(&g, NOVA_FWSEC_CMD_FRTS),
           "%s: FWSEC-FRTS loads, starts and halts", chip);
    TAP_EQ(g.gsp.last_role, NOVA_ROLE_FWSEC_FRTS, "%s: recognised as FRTS", chip);
    TAP_EQ(rd(&g.gsp, A_NV_PFALCON_FALCON_MAILBOX0), 0, "%s: FRTS mailbox0 0", chip);
    TAP_EQ(g.sec.sw_scratch[NV_PBUS_SW_SCRATCH_FRTS_ERR] >> 16, 0, "%s: FRTS error 0", chip);
    TAP_EQ(nova_wpr2_addr(g.sec.wpr2_lo), FRTS_START, "%s: WPR2 starts at FRTS", chip);
    TAP_EQ(nova_wpr2_addr(g.sec.wpr2_hi), FRTS_START + FRTS_SIZE,
           "%s: WPR2 ends at the FRTS end", chip);
    TAP_OK(rd(&g.gsp, A_NV_PFALCON_FALCON_IRQSTAT) & NV_FIELD_MASK(NV_PFALCON_FALCON_IRQSTAT, HALT),
           "%s: halt interrupt status", chip);

    /* nova-core: bare GSP start with the libos address */
    TAP_OK(driver_reset(&g.gsp, ga), "%s: GSP reset after FRTS", chip);
    TAP_OK(driver_boot(&g, &g.gsp, (uint32_t)LIBOS_ADDR, LIBOS_ADDR >> 32),
           "%s: bare GSP start halts", chip);
    TAP_EQ(g.gsp.last_role, NOVA_ROLE_BARE, "%s: recognised as bare start", chip);
    TAP_EQ(rd(&g.gsp, A_NV_PFALCON_FALCON_MAILBOX0), (uint32_t)LIBOS_ADDR,
           "%s: bare start keeps the mailboxes", chip);

    /* booter_load */
    put_wpr_meta(&g);
    TAP_OK(!riscv_active(&g), "%s: RISC-V inactive before booter", chip);
    TAP_OK(run_booter(&g, "booter_load", (uint32_t)META_ADDR, META_ADDR >> 32),
           "%s: booter_load runs and halts", chip);
    TAP_EQ(g.sec2.last_role, NOVA_ROLE_BOOTER_LOAD, "%s: recognised booter_load", chip);
    TAP_EQ(rd(&g.sec2, A_NV_PFALCON_FALCON_MAILBOX0), 0, "%s: booter_load mbox0 0", chip);
    TAP_OK(riscv_active(&g), "%s: GSP RISC-V active after booter_load", chip);
    TAP_EQ(g.booted_meta, META_ADDR, "%s: GSP-RM handed the WPR meta", chip);
    TAP_EQ(g.booted_libos, LIBOS_ADDR, "%s: GSP-RM handed the libos args", chip);
    TAP_EQ(nova_wpr2_addr(g.sec.wpr2_lo), 0x1f5b00000ull, "%s: WPR2 extended", chip);

    /* teardown: FWSEC-SB, then booter_unload */
    g.sec.sw_scratch[NV_PBUS_SW_SCRATCH_SB_ERR] = 0xffff;
    TAP_OK(ga ? run_fwsec_dma(&g, NOVA_FWSEC_CMD_SB)
              : run_fwsec_bootloader(&g, NOVA_FWSEC_CMD_SB),
           "%s: FWSEC-SB runs", chip);
    TAP_EQ(g.gsp.last_role, NOVA_ROLE_FWSEC_SB, "%s: recognised as SB", chip);
    TAP_EQ(g.sec.sw_scratch[NV_PBUS_SW_SCRATCH_SB_ERR] & 0xffff, 0, "%s: SB status 0", chip);
    TAP_OK(run_booter(&g, "booter_unload", 0xff, 0xff), "%s: booter_unload runs", chip);
    TAP_EQ(g.sec2.last_role, NOVA_ROLE_BOOTER_UNLOAD, "%s: recognised unload", chip);
    TAP_EQ(rd(&g.sec2, A_NV_PFALCON_FALCON_MAILBOX0), 0, "%s: unload mbox0 0", chip);
    TAP_OK(g.sec.wpr2_hi == 0 && g.sec.wpr2_lo == 0, "%s: WPR2 cleared", chip);
    TAP_OK(!riscv_active(&g), "%s: RISC-V inactive after unload", chip);
    TAP_EQ(g.shutdowns, 1, "%s: GSP-RM told to stop", chip);
    TAP_EQ(g.fh.guest_errors, 0, "%s: no guest errors on the happy path", chip);
    TAP_OK(fake_last_event(&g.fh, NOVA_EV_FALCON_RUN) &&
           strcmp(fake_last_event(&g.fh, NOVA_EV_FALCON_RUN)->falcon_run.falcon, "SEC2") == 0 &&
           strcmp(fake_last_event(&g.fh, NOVA_EV_FALCON_RUN)->falcon_run.role,
                  "BOOTER-UNLOAD") == 0, "%s: event: the last run, its falcon and role", chip);
    gpu_free(&g);
}

static void test_faults(void)
{
    Gpu g;

    gpu_init(&g, "ga102");
    nova_fault_arm(&g.gsp.faults.never_scrub, 0, 0, NOVA_FAULT_ALWAYS, 0);
    TAP_OK(!driver_reset(&g.gsp, true), "never_scrub: reset never completes");
    TAP_OK(rd(&g.gsp, A_NV_PFALCON_FALCON_DMACTL) & 6, "never_scrub: DMACTL busy too");
    nova_fault_clear(&g.gsp.faults.never_scrub);

    nova_fault_arm(&g.gsp.faults.fwsec_error, 0x1234, 0, NOVA_FAULT_ALWAYS, 0);
    TAP_OK(run_fwsec_dma(&g, NOVA_FWSEC_CMD_FRTS), "fwsec_error: FRTS halts");
    TAP_EQ(g.sec.sw_scratch[NV_PBUS_SW_SCRATCH_FRTS_ERR] >> 16, 0x1234,
           "fwsec_error: code in SW_SCRATCH(0xe)");
    TAP_EQ(g.sec.wpr2_hi, 0, "fwsec_error: no WPR2");
    nova_fault_clear(&g.gsp.faults.fwsec_error);

    nova_fault_arm(&g.gsp.faults.never_halt, 0, 0, NOVA_FAULT_ALWAYS, 0);
    TAP_OK(!run_fwsec_dma(&g, NOVA_FWSEC_CMD_FRTS), "never_halt: no halt");
    TAP_EQ(g.gsp.state, NOVA_FALCON_RUNNING, "never_halt: still running");
    nova_fault_clear(&g.gsp.faults.never_halt);

    /* once, at the second occurrence */
    nova_fault_arm(&g.gsp.faults.never_halt, 0, 0, 1, 2);
    TAP_OK(run_fwsec_dma(&g, NOVA_FWSEC_CMD_FRTS), "never_halt @2: first start halts");
    TAP_OK(!run_fwsec_dma(&g, NOVA_FWSEC_CMD_FRTS), "never_halt @2: second hangs");
    TAP_OK(run_fwsec_dma(&g, NOVA_FWSEC_CMD_FRTS), "never_halt @2: third halts");
    TAP_EQ(g.gsp.faults.never_halt.hits, 1, "never_halt @2: one hit");
    TAP_OK(!g.gsp.faults.never_halt.armed, "never_halt @2: spent");

    TAP_OK(run_fwsec_dma(&g, NOVA_FWSEC_CMD_FRTS), "FRTS after faults cleared");
    put_wpr_meta(&g);
    nova_fault_arm(&g.sec2.faults.booter_reject, 0, 0, NOVA_FAULT_ALWAYS, 0);
    TAP_OK(run_booter(&g, "booter_load", (uint32_t)META_ADDR, META_ADDR >> 32),
           "booter_reject: booter halts");
    TAP_EQ(rd(&g.sec2, A_NV_PFALCON_FALCON_MAILBOX0), NOVA_BOOTER_ERR_REJECTED,
           "booter_reject: error in mailbox0");
    TAP_OK(!riscv_active(&g), "booter_reject: GSP not started");
    TAP_EQ(nova_wpr2_addr(g.sec.wpr2_lo), FRTS_START, "booter_reject: WPR2 as FRTS left it");
    gpu_free(&g);
}

/* What a hostile or broken guest does: errors, never a crash or a hang. */
static void test_hostile(void)
{
    Gpu g;
    int errors;

    gpu_init(&g, "ga102");
    driver_reset(&g.gsp, true);

    errors = g.fh.guest_errors;
    wr(&g.gsp, A_NV_PFALCON_FALCON_IMEMC, NV_FIELD_MASK(NV_PFALCON_FALCON_IMEMC, AINCW) | 0xfffc);
    wr(&g.gsp, A_NV_PFALCON_FALCON_IMEMD, 1);
    wr(&g.gsp, A_NV_PFALCON_FALCON_IMEMD, 2);    /* wrapped: offset 0 */
    TAP_EQ(g.gsp.imem[0xfffc], 1, "IMEM PIO to the last word");
    TAP_EQ(g.gsp.imem[0], 2, "IMEM PIO auto-increment wraps in 16 bits");

    wr(&g.gsp, A_NV_PFALCON_FBIF_TRANSCFG, 5);
    wr(&g.gsp, A_NV_PFALCON_FALCON_DMATRFMOFFS, 0xffff00);
    wr(&g.gsp, A_NV_PFALCON_FALCON_DMATRFCMD, 0x610);
    TAP_OK(g.fh.guest_errors > errors, "DMA past IMEM refused");
    TAP_OK(rd(&g.gsp, A_NV_PFALCON_FALCON_DMATRFCMD) & NV_FIELD_MASK(NV_PFALCON_FALCON_DMATRFCMD, IDLE),
           "DMA engine idle after a refused transfer");
    errors = g.fh.guest_errors;
    wr(&g.gsp, A_NV_PFALCON_FALCON_DMATRFMOFFS, 0);
    wr(&g.gsp, A_NV_PFALCON_FALCON_DMATRFBASE, 0xffffffff);
    wr(&g.gsp, A_NV_PFALCON_FALCON_DMATRFBASE1, 0x1ff);
    wr(&g.gsp, A_NV_PFALCON_FALCON_DMATRFCMD, 0x610);
    TAP_OK(g.fh.guest_errors > errors, "DMA from unmapped memory refused");
    errors = g.fh.guest_errors;
    wr(&g.gsp, A_NV_PFALCON_FALCON_DMATRFCMD, 0x710);    /* size field 7 */
    TAP_OK(g.fh.guest_errors > errors, "DMA size 7 refused");
    wr(&g.gsp, A_NV_PFALCON_FBIF_TRANSCFG, 0);          /* virtual */
    errors = g.fh.unimp;
    wr(&g.gsp, A_NV_PFALCON_FALCON_DMATRFCMD, 0x610);
    TAP_OK(g.fh.unimp > errors, "virtual DMA reported as unmodelled");

    /* code nobody knows */
    driver_reset(&g.gsp, true);
    wr(&g.gsp, A_NV_PFALCON_FALCON_IMEMC, NV_FIELD_MASK(NV_PFALCON_FALCON_IMEMC, AINCW));
    wr(&g.gsp, A_NV_PFALCON_FALCON_IMEMD, 0x12345678);
    TAP_OK(driver_boot(&g, &g.gsp, 0, 0), "unknown code still halts");
    TAP_EQ(rd(&g.gsp, A_NV_PFALCON_FALCON_MAILBOX0), NOVA_FALCON_ERR_UNKNOWN_IMAGE,
           "unknown code: error in mailbox0");
    errors = g.fh.guest_errors;
    wr(&g.gsp, A_NV_PFALCON_FALCON_CPUCTL, NV_FIELD_MASK(NV_PFALCON_FALCON_CPUCTL, STARTCPU));
    wr(&g.gsp, A_NV_PFALCON_FALCON_CPUCTL, NV_FIELD_MASK(NV_PFALCON_FALCON_CPUCTL, STARTCPU));
    TAP_OK(g.fh.guest_errors > errors, "start while running is a guest error");
    nova_falcon_run(&g.gsp);

    /* FWSEC with a mangled interface table */
    driver_fwsec_image(&g, NOVA_FWSEC_CMD_FRTS);
    TAP_OK(run_fwsec_dma(&g, 0x77), "FWSEC with an unknown command halts");
    TAP_EQ(rd(&g.gsp, A_NV_PFALCON_FALCON_MAILBOX0), NOVA_FALCON_ERR_FWSEC_COMMAND,
           "unknown FWSEC command: error in mailbox0");

    /* FRTS asking for a region past VRAM: falcons configured with 1 GiB */
    nova_falcon_free(&g.gsp);
    nova_falcon_free(&g.sec2);
    gpu_falcons(&g, 1ull << 30);
    TAP_OK(run_fwsec_dma(&g, NOVA_FWSEC_CMD_FRTS), "FRTS past VRAM halts");
    TAP_EQ(g.sec.sw_scratch[NV_PBUS_SW_SCRATCH_FRTS_ERR] >> 16, NOVA_FWSEC_ERR_FRTS_REGION,
           "FRTS past VRAM: error code");
    TAP_EQ(g.sec.wpr2_hi, 0, "FRTS past VRAM: no WPR2");
    nova_falcon_free(&g.gsp);
    nova_falcon_free(&g.sec2);
    gpu_falcons(&g, VRAM_SIZE);

    /* WPR meta problems */
    TAP_OK(run_fwsec_dma(&g, NOVA_FWSEC_CMD_FRTS), "FRTS for the booter cases");
    TAP_OK(run_booter(&g, "booter_load", 0xdead0000, 0x7), "booter with unreadable meta");
    TAP_EQ(rd(&g.sec2, A_NV_PFALCON_FALCON_MAILBOX0), NOVA_BOOTER_ERR_WPR_META_DMA,
           "unreadable meta: error");
    put_wpr_meta(&g);
    fake_put64(&g.fh, META_ADDR, 0x1234);
    TAP_OK(run_booter(&g, "booter_load", (uint32_t)META_ADDR, 0), "booter with bad magic");
    TAP_EQ(rd(&g.sec2, A_NV_PFALCON_FALCON_MAILBOX0), NOVA_BOOTER_ERR_WPR_META_MAGIC,
           "bad magic: error");
    put_wpr_meta(&g);
    fake_put64(&g.fh, META_ADDR + 0xa8, 0);     /* WPR end before start */
    TAP_OK(run_booter(&g, "booter_load", (uint32_t)META_ADDR, 0), "booter with bad layout");
    TAP_EQ(rd(&g.sec2, A_NV_PFALCON_FALCON_MAILBOX0), NOVA_BOOTER_ERR_WPR_META_LAYOUT,
           "bad layout: error");
    TAP_OK(!riscv_active(&g), "no RISC-V after failed booters");
    gpu_free(&g);
}

/* Real booter images carry no marker: the mailboxes decide. */
static void test_real_booter_heuristic(void)
{
    Gpu g;

    gpu_init(&g, "ga102");
    driver_reset(&g.sec2, true);
    wr(&g.sec2, A_NV_PFALCON_FALCON_IMEMC, NV_FIELD_MASK(NV_PFALCON_FALCON_IMEMC, AINCW));
    wr(&g.sec2, A_NV_PFALCON_FALCON_IMEMD, 0xcafe);
    TAP_OK(driver_boot(&g, &g.sec2, 0xff, 0xff), "unmarked booter with 0xff/0xff");
    TAP_EQ(g.sec2.last_role, NOVA_ROLE_BOOTER_UNLOAD, "taken as booter_unload");
    TAP_OK(driver_boot(&g, &g.sec2, (uint32_t)META_ADDR, 0), "unmarked booter with an address");
    TAP_EQ(g.sec2.last_role, NOVA_ROLE_BOOTER_LOAD, "taken as booter_load");
    /* a suspend: booter_unload with a GspFwSRMeta's address (nouveau 7.2 at shutdown) */
    fake_put64(&g.fh, META_ADDR + 0x1000, NOVA_GSP_SR_META_MAGIC);
    TAP_OK(driver_boot(&g, &g.sec2, (uint32_t)(META_ADDR + 0x1000), 0),
           "unmarked booter with a suspend's SR meta address");
    TAP_EQ(g.sec2.last_role, NOVA_ROLE_BOOTER_UNLOAD, "taken as booter_unload");
    TAP_EQ(g.sec2.mailbox0, 0, "and it succeeds");
    /* an address the model cannot read: still booter_load, which then fails cleanly */
    TAP_OK(driver_boot(&g, &g.sec2, 0xfffff000u, 0xffffu), "unmarked booter with a wild address");
    TAP_EQ(g.sec2.last_role, NOVA_ROLE_BOOTER_LOAD, "taken as booter_load");
    gpu_free(&g);
}

/*
 * A romfile= dump whose FWSEC claims more IMEM than a falcon has (96 KiB):
 * the Turing bootloader path fetched it into a 64 KiB staging buffer. Now
 * such an image is not taken for FWSEC, and nothing overflows.
 */
static void test_fwsec_oversize(void)
{
    const uint32_t big_imem = 0x18000;
    size_t off, d;
    uint8_t *big;
    Gpu g;

    gpu_init(&g, "tu102");
    off = g.fw.ucode - g.rom;
    /* the v2 descriptor: a header whose top half is the distance to the ucode */
    for (d = 4; d < 0x100 && d <= off; d += 4) {
        uint32_t hdr;

        memcpy(&hdr, g.rom + off - d, 4);
        if ((hdr & 1) && (hdr >> 16) == d && ((hdr >> 8) & 0xff) == 2) {
            break;
        }
    }
    TAP_OK(d < 0x100, "the generated VBIOS's FWSEC descriptor (v2) found");
    big = calloc(1, g.rom_len + 0x20000);
    memcpy(big, g.rom, g.rom_len);
    memcpy(big + off - d + 0x18, &big_imem, 4);             /* IMEM size */
    free(g.rom);
    g.rom = big;
    g.rom_len += 0x20000;
    TAP_OK(nova_vbios_find_fwsec(g.rom, g.rom_len, &g.fw) == 0 &&
           g.fw.imem_size == big_imem, "the dump parses, with 96 KiB of IMEM");
    run_fwsec_bootloader(&g, NOVA_FWSEC_CMD_FRTS);
    TAP_OK(g.gsp.last_role != NOVA_ROLE_FWSEC_FRTS,
           "an FWSEC larger than IMEM is not run (role %d)", g.gsp.last_role);
    gpu_free(&g);
}

/* A falcon's state as a migration stream can carry it: enums are checked. */
static void test_loaded_state(void)
{
    Gpu g;

    gpu_init(&g, "ga102");
    TAP_OK(nova_falcon_invalid(&g.gsp) == NULL, "power-on falcon: valid");
    g.gsp.state = (NovaFalconState)9;
    TAP_OK(nova_falcon_invalid(&g.gsp) != NULL &&
           !strcmp(nova_falcon_invalid(&g.gsp), "falcon state"), "unknown state: refused");
    g.gsp.state = NOVA_FALCON_HALTED;
    g.gsp.last_role = (NovaFalconRole)-1;
    TAP_OK(nova_falcon_invalid(&g.gsp) != NULL &&
           !strcmp(nova_falcon_invalid(&g.gsp), "falcon last run's role"),
           "unknown role: refused");
    gpu_free(&g);
}

int main(void)
{
    test_boot_flow("tu102");
    test_boot_flow("ga102");
    test_boot_flow("ad102");
    test_faults();
    test_hostile();
    test_real_booter_heuristic();
    test_fwsec_oversize();
    test_loaded_state();
    return tap_done();
}
