/*
 * nova-gpu: what a falcon run does.
 *
 * The model does not execute falcon code. When a started falcon's run comes
 * up, it recognises the loaded firmware and applies its effect:
 *
 *   GSP falcon
 *     nothing loaded since reset         halt at once, mailboxes kept
 *     FWSEC (compared against the VBIOS the device serves), loaded by DMA or
 *       fetched by the generic bootloader from its DMEM descriptor:
 *       init_cmd 0x15 FRTS               WPR2 = the FrtsRegion the driver wrote
 *       init_cmd 0x19 SB                 SB status cleared
 *   SEC2 falcon
 *     booter_load (marker, or mailboxes  read GspFwWprMeta from the mailbox
 *       holding a WPR meta address)        address, check it, extend WPR2,
 *                                          start the GSP's RISC-V core and
 *                                          hand over to the GSP-RM model
 *     booter_unload (marker, or 0xff/0xff, clear WPR2, stop GSP-RM
 *       or a suspend's GspFwSRMeta       (a suspend: nothing is saved, as
 *       address)                           GSP-RM's state is not in VRAM)
 *
 * Anything else halts with NOVA_FALCON_ERR_UNKNOWN_IMAGE in MAILBOX0.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "nova/falcon.h"
#include "nova/le.h"
#include "nova/fwfiles.h"
#include "nova/gsp-abi.h"
#include "nova/vbios.h"

#include <stdlib.h>
#include <string.h>

#define FWSEC_APPIF_DMEMMAPPER  4u
#define FWSEC_DMAP_INIT_CMD     0x2c
#define FWSEC_DMAP_CMD_IN       0x08
#define FRTS_REGION_OFFSET      0x18    /* in the command-in buffer */
#define FRTS_REGION_TYPE_FB     2u

#define BL_DESC_SIZE            84u     /* BootloaderDmemDescV2 */

#define WPR_META(field)         offsetof(NovaGspFwWprMeta, field)

static void guest_error(NovaFalcon *f, const char *what, uint64_t a)
{
    NOVA_EVENT(f->host, NOVA_EV_UB_FALCON, falcon_ub, f->name, what, a, 0);
}

/* A loaded DMEM image (falcon DMEM, or fetched by the bootloader). */
typedef struct Dmem {
    const uint8_t *b;
    uint32_t len;
} Dmem;

static bool dmem_u32(const Dmem *d, uint64_t off, uint32_t *v)
{
    if (off + 4 > d->len) {
        return false;
    }
    *v = nova_ld32(d->b + off);
    return true;
}

/* --- FWSEC ------------------------------------------------------------------ */

/* FRTS: WPR2 becomes the region the driver asked for, if it is sane. */
static uint16_t fwsec_frts(NovaFalcon *f, const Dmem *d, uint32_t cmd_in)
{
    NovaSecureRegs *sec = f->cfg.secure;
    uint32_t ver, hdr, addr, size, type;
    uint64_t start, end;
    uint32_t r = cmd_in + FRTS_REGION_OFFSET;

    if (!dmem_u32(d, r + 0, &ver) || !dmem_u32(d, r + 4, &hdr) ||
        !dmem_u32(d, r + 8, &addr) || !dmem_u32(d, r + 12, &size) ||
        !dmem_u32(d, r + 16, &type)) {
        guest_error(f, "FWSEC-FRTS: command buffer outside DMEM", r);
        return NOVA_FWSEC_ERR_FRTS_REGION;
    }
    start = (uint64_t)addr << 12;
    end = start + ((uint64_t)size << 12);
    if (ver != 1 || hdr != 20 || type != FRTS_REGION_TYPE_FB || size == 0 ||
        end > f->cfg.vram_size || end <= start) {
        guest_error(f, "FWSEC-FRTS: bad FRTS region (start)", start);
        return NOVA_FWSEC_ERR_FRTS_REGION;
    }
    if (sec->wpr2_hi) {
        guest_error(f, "FWSEC-FRTS: WPR2 already set", nova_wpr2_addr(sec->wpr2_lo));
        return NOVA_FWSEC_ERR_WPR2_EXISTS;
    }
    sec->wpr2_lo = nova_wpr2_reg(start);
    sec->wpr2_hi = nova_wpr2_reg(end);
    return 0;
}

/* FWSEC's DMEM: find DMEMMAPPER, read init_cmd, apply it. Returns MAILBOX0. */
static uint32_t fwsec_run(NovaFalcon *f, const NovaFwsecInfo *fw, const Dmem *d)
{
    NovaSecureRegs *sec = f->cfg.secure;
    uint32_t hdr, n, i, id, base = 0, cmd, cmd_in;
    uint32_t ifo = fw->interface_offset;
    uint16_t err;

    if (!dmem_u32(d, ifo, &hdr) || (hdr & 0xff) != 1) {
        guest_error(f, "FWSEC: no application interface table", ifo);
        return NOVA_FALCON_ERR_FWSEC_INTERFACE;
    }
    n = hdr >> 24;
    for (i = 0; i < n; i++) {
        uint64_t e = ifo + ((hdr >> 8) & 0xff) + (uint64_t)i * ((hdr >> 16) & 0xff);

        if (dmem_u32(d, e, &id) && id == FWSEC_APPIF_DMEMMAPPER &&
            dmem_u32(d, e + 4, &base)) {
            break;
        }
    }
    if (i == n || !dmem_u32(d, (uint64_t)base + FWSEC_DMAP_INIT_CMD, &cmd) ||
        !dmem_u32(d, (uint64_t)base + FWSEC_DMAP_CMD_IN, &cmd_in)) {
        guest_error(f, "FWSEC: no DMEMMAPPER", base);
        return NOVA_FALCON_ERR_FWSEC_INTERFACE;
    }
    switch (cmd) {
    case NOVA_FWSEC_CMD_FRTS:
        f->last_role = NOVA_ROLE_FWSEC_FRTS;
        err = nova_fault_fire(&f->faults.fwsec_error) ? (uint16_t)f->faults.fwsec_error.value
                                                      : fwsec_frts(f, d, cmd_in);
        sec->sw_scratch[NV_PBUS_SW_SCRATCH_FRTS_ERR] =
            NV_FIELD_DP32(sec->sw_scratch[NV_PBUS_SW_SCRATCH_FRTS_ERR],
                          NV_PBUS_SW_SCRATCH, FRTS_ERR_CODE, err);
        return 0;
    case NOVA_FWSEC_CMD_SB:
        f->last_role = NOVA_ROLE_FWSEC_SB;
        err = nova_fault_fire(&f->faults.fwsec_error) ?
              (uint16_t)f->faults.fwsec_error.value : 0;
        sec->sw_scratch[NV_PBUS_SW_SCRATCH_SB_ERR] =
            NV_FIELD_DP32(sec->sw_scratch[NV_PBUS_SW_SCRATCH_SB_ERR],
                          NV_PBUS_SW_SCRATCH, SB_ERR_CODE, err);
        return 0;
    }
    guest_error(f, "FWSEC: unknown init_cmd", cmd);
    return NOVA_FALCON_ERR_FWSEC_COMMAND;
}

static const uint8_t *served_vbios(NovaFalcon *f, NovaFwsecInfo *fw)
{
    const NovaHost *h = f->host;
    size_t len = 0;
    const uint8_t *rom = h->vbios ? h->vbios(h->opaque, &len) : NULL;

    if (!rom || nova_vbios_find_fwsec(rom, len, fw)) {
        return NULL;
    }
    return rom;
}

/* FWSEC loaded into IMEM by the driver itself (DMA on GA102 and later):
 * the whole IMEM image must be there, at its load address. */
static bool fwsec_in_imem(NovaFalcon *f, const NovaFwsecInfo *fw)
{
    return (uint64_t)fw->imem_phys_base + fw->imem_size <= NOVA_FALCON_MEM_SIZE &&
           fw->imem_size > 0 &&
           memcmp(f->imem + fw->imem_phys_base, fw->ucode, fw->imem_size) == 0;
}

/*
 * The generic falcon bootloader (Turing): its DMEM descriptor says where the
 * real image is in memory. Fetch and compare the code, then return FWSEC's
 * DMEM image in @buf. Returns false if this is not a bootloader run or not
 * FWSEC behind it.
 */
static bool fwsec_via_bootloader(NovaFalcon *f, const NovaFwsecInfo *fw,
                                 uint8_t *buf, uint32_t *dmem_len)
{
    const NovaHost *h = f->host;
    const uint8_t *d = f->dmem;
    uint32_t ctx = nova_ld32(d + 32), ns_off = nova_ld32(d + 44), ns_size = nova_ld32(d + 48);
    uint32_t s_off = nova_ld32(d + 52), s_size = nova_ld32(d + 56), data_size = nova_ld32(d + 72);
    uint64_t code = nova_ld64(d + 36), data = nova_ld64(d + 64);
    uint32_t ns_len = fw->imem_size - fw->imem_sec_size;
    uint32_t cfg;
    int (*rd)(void *, uint64_t, void *, size_t);
    uint8_t *tmp;
    bool same;

    /* the bootloader starts at BOOTVEC, in a block whose tag says so */
    if (!f->bootvec || f->bootvec >= NOVA_FALCON_MEM_SIZE || ctx > 7 ||
        !f->dmem_loaded) {
        return false;
    }
    /*
     * A VBIOS dump (romfile=) can describe any sizes: code that cannot fit
     * in IMEM is not FWSEC for this falcon, and is never staged.
     */
    if (ns_size != ns_len || s_size != fw->imem_sec_size ||
        data_size != fw->dmem_size || ns_size > NOVA_FALCON_MEM_SIZE ||
        s_size > NOVA_FALCON_MEM_SIZE || data_size > NOVA_FALCON_MEM_SIZE) {
        return false;
    }
    cfg = f->fbif_transcfg[ctx];
    rd = (cfg & 3) ? h->dma_read : h->vram_read;
    tmp = malloc(NOVA_FALCON_MEM_SIZE);
    if (!tmp) {
        return false;
    }
    same = rd(h->opaque, code + ns_off, tmp, ns_size) == 0 &&
           memcmp(tmp, fw->ucode, ns_size) == 0 &&
           rd(h->opaque, code + s_off, tmp, s_size) == 0 &&
           memcmp(tmp, fw->ucode + fw->imem_sec_base, s_size) == 0;
    free(tmp);
    if (!same) {
        return false;
    }
    if (rd(h->opaque, data, buf, data_size)) {
        guest_error(f, "bootloader: FWSEC data not readable", data);
        return false;
    }
    *dmem_len = data_size;
    return true;
}

static bool gsp_falcon_run(NovaFalcon *f)
{
    NovaFwsecInfo fw;
    uint8_t *buf;
    uint32_t len = 0;

    if (!f->imem_loaded && !f->dmem_loaded) {
        /* nova-core starts the bare GSP falcon with the libos address in the
         * mailboxes; with nothing to run it halts and keeps them */
        f->last_role = NOVA_ROLE_BARE;
        return true;
    }
    if (!served_vbios(f, &fw)) {
        return false;
    }
    if (fwsec_in_imem(f, &fw)) {
        Dmem d = { f->dmem, NOVA_FALCON_MEM_SIZE };

        f->mailbox0 = fwsec_run(f, &fw, &d);
        return true;
    }
    buf = malloc(NOVA_FALCON_MEM_SIZE);
    if (buf && fwsec_via_bootloader(f, &fw, buf, &len)) {
        Dmem d = { buf, len };

        f->mailbox0 = fwsec_run(f, &fw, &d);
        free(buf);
        return true;
    }
    free(buf);
    return false;
}

/* --- booter ------------------------------------------------------------------ */

/* A stand-in booter says which it is (firmware-stubs/fwfiles.c). */
static NovaFalconRole booter_marker(const NovaFalcon *f)
{
    static const char load[] = NOVA_FW_MARKER "booter_load";
    static const char unload[] = NOVA_FW_MARKER "booter_unload";
    const uint8_t *mems[2] = { f->imem, f->dmem };
    uint32_t off;
    int m;

    for (m = 0; m < 2; m++) {
        for (off = 0; off + sizeof(unload) <= 0x1000; off += 4) {
            if (!memcmp(mems[m] + off, load, sizeof(load) - 1)) {
                return NOVA_ROLE_BOOTER_LOAD;
            }
            if (!memcmp(mems[m] + off, unload, sizeof(unload) - 1)) {
                return NOVA_ROLE_BOOTER_UNLOAD;
            }
        }
    }
    return NOVA_ROLE_NONE;
}

static uint32_t booter_load(NovaFalcon *f)
{
    const NovaHost *h = f->host;
    NovaSecureRegs *sec = f->cfg.secure;
    uint64_t meta = (uint64_t)f->mailbox1 << 32 | f->mailbox0;
    uint8_t m[sizeof(NovaGspFwWprMeta)];
    uint64_t wpr_start, wpr_end, fb_size, frts, heap, heap_size, libos;

    if (nova_fault_fire(&f->faults.booter_reject)) {
        guest_error(f, "booter_load: WPR meta rejected (fault injected)", meta);
        return NOVA_BOOTER_ERR_REJECTED;
    }
    if (h->dma_read(h->opaque, meta, m, sizeof(m))) {
        guest_error(f, "booter_load: WPR meta not readable", meta);
        return NOVA_BOOTER_ERR_WPR_META_DMA;
    }
    if (nova_ld64(m + WPR_META(magic)) != NOVA_GSP_WPR_META_MAGIC ||
        nova_ld64(m + WPR_META(revision)) != NOVA_GSP_WPR_META_REVISION) {
        guest_error(f, "booter_load: bad WPR meta magic or revision", nova_ld64(m));
        return NOVA_BOOTER_ERR_WPR_META_MAGIC;
    }
    wpr_start = nova_ld64(m + WPR_META(gsp_fw_wpr_start));
    heap = nova_ld64(m + WPR_META(gsp_fw_heap_offset));
    heap_size = nova_ld64(m + WPR_META(gsp_fw_heap_size));
    frts = nova_ld64(m + WPR_META(frts_offset));
    wpr_end = nova_ld64(m + WPR_META(gsp_fw_wpr_end));
    fb_size = nova_ld64(m + WPR_META(fb_size));
    if (!nova_ld64(m + WPR_META(size_of_radix3_elf)) ||
        !nova_ld64(m + WPR_META(size_of_bootloader)) || fb_size > f->cfg.vram_size ||
        wpr_start >= wpr_end || wpr_end > fb_size || (wpr_start & 0xfff) ||
        (wpr_end & 0xfff) || heap < wpr_start || heap_size > wpr_end - heap ||
        frts < wpr_start || frts >= wpr_end) {
        guest_error(f, "booter_load: inconsistent WPR layout (WPR start)", wpr_start);
        return NOVA_BOOTER_ERR_WPR_META_LAYOUT;
    }
    /* FWSEC-FRTS must have carved the FRTS region out first */
    if (!sec->wpr2_hi || nova_wpr2_addr(sec->wpr2_lo) != frts) {
        guest_error(f, "booter_load: WPR2 not set up by FWSEC-FRTS", frts);
        return NOVA_BOOTER_ERR_NO_WPR2;
    }
    sec->wpr2_lo = nova_wpr2_reg(wpr_start);
    sec->wpr2_hi = nova_wpr2_reg(wpr_end);
    if (f->cfg.gsp) {
        NovaFalcon *gsp = f->cfg.gsp;

        libos = (uint64_t)gsp->mailbox1 << 32 | gsp->mailbox0;
        nova_falcon_riscv_start(gsp);
        if (h->gsp_rm_boot) {
            h->gsp_rm_boot(h->opaque, meta, libos);
        }
    }
    return 0;
}

static uint32_t booter_unload(NovaFalcon *f)
{
    const NovaHost *h = f->host;

    f->cfg.secure->wpr2_lo = 0;
    f->cfg.secure->wpr2_hi = 0;
    if (f->cfg.gsp) {
        nova_falcon_riscv_stop(f->cfg.gsp);
        if (h->gsp_rm_shutdown) {
            h->gsp_rm_shutdown(h->opaque);
        }
    }
    return 0;
}

/*
 * A real booter image: the mailboxes tell them apart. The drivers start
 * booter_unload with 0xff/0xff, or for a suspend with the address of a
 * GspFwSRMeta, and booter_load with the address of the GspFwWprMeta.
 */
static NovaFalconRole booter_by_mailboxes(NovaFalcon *f)
{
    const NovaHost *h = f->host;
    uint8_t magic[8];

    if (f->mailbox0 == 0xff && f->mailbox1 == 0xff) {
        return NOVA_ROLE_BOOTER_UNLOAD;
    }
    if (h->dma_read(h->opaque, (uint64_t)f->mailbox1 << 32 | f->mailbox0, magic,
                    sizeof(magic)) == 0 && nova_ld64(magic) == NOVA_GSP_SR_META_MAGIC) {
        return NOVA_ROLE_BOOTER_UNLOAD;
    }
    return NOVA_ROLE_BOOTER_LOAD;
}

static bool sec2_falcon_run(NovaFalcon *f)
{
    NovaFalconRole role;

    if (!f->imem_loaded) {
        return false;
    }
    role = booter_marker(f);
    if (role == NOVA_ROLE_NONE) {
        role = booter_by_mailboxes(f);
    }
    f->last_role = role;
    f->mailbox0 = role == NOVA_ROLE_BOOTER_LOAD ? booter_load(f) : booter_unload(f);
    return true;
}

void nova_falcon_run(NovaFalcon *f)
{
    bool known;

    if (f->state != NOVA_FALCON_RUNNING) {
        return;     /* reset while the run was pending */
    }
    f->runs++;
    known = f->engine == NOVA_FALCON_GSP ? gsp_falcon_run(f) : sec2_falcon_run(f);
    if (!known) {
        f->last_role = NOVA_ROLE_UNKNOWN;
        guest_error(f, "started with code the model does not recognise (BOOTVEC)",
                    f->bootvec);
        f->mailbox0 = NOVA_FALCON_ERR_UNKNOWN_IMAGE;
    }
    NOVA_EVENT(f->host, NOVA_EV_FALCON_RUN, falcon_run, f->name,
               nova_falcon_role_name(f->last_role), f->mailbox0, f->mailbox1);
    if (nova_fault_fire(&f->faults.never_halt)) {
        return;     /* stays RUNNING: the driver's halt poll times out */
    }
    f->state = NOVA_FALCON_HALTED;
    f->irqstat |= NV_FIELD_MASK(NV_PFALCON_FALCON_IRQSTAT, HALT);
}
