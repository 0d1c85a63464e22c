/*
 * nova-gpu: Falcon register model: reset and scrubbing, PIO and DMA loads,
 * CPU start and halt. What a run does is in falcon/firmware.c.
 *
 * Every IMEM/DMEM offset and DMA address comes from the guest: each access
 * is checked against the memory sizes and each DMA result is checked; a bad
 * one is logged as a guest error and dropped, as a real falcon would fault
 * the transfer.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "nova/falcon.h"
#include "nova/le.h"
#include "nova/regs/table.h"

#include <stdlib.h>
#include <string.h>

/* HWCFG: IMEM and DMEM sizes in 256-byte blocks */
#define HWCFG_VALUE \
    (NV_FIELD_DP32(NV_FIELD_DP32(0, NV_PFALCON_FALCON_HWCFG, IMEM_SIZE,    \
                                 NOVA_FALCON_MEM_SIZE / NOVA_FALCON_BLOCK),  \
                   NV_PFALCON_FALCON_HWCFG, DMEM_SIZE,                      \
                   NOVA_FALCON_MEM_SIZE / NOVA_FALCON_BLOCK))
#define HWCFG1_VALUE 0x1137u
/* DMACTL's scrubbing bits: both memories at once in the model */
#define DMACTL_SCRUBBING (NV_FIELD_MASK(NV_PFALCON_FALCON_DMACTL, DMEM_SCRUBBING) | \
                          NV_FIELD_MASK(NV_PFALCON_FALCON_DMACTL, IMEM_SCRUBBING))

static void log_guest(NovaFalcon *f, const char *what, uint32_t a, uint32_t b)
{
    NOVA_EVENT(f->host, NOVA_EV_UB_FALCON, falcon_ub, f->name, what, a, b);
}

int nova_falcon_init(NovaFalcon *f, const NovaFalconConfig *cfg, const NovaHost *host)
{
    memset(f, 0, sizeof(*f));
    f->cfg = *cfg;
    f->host = host;
    f->name = cfg->name;
    f->engine = cfg->engine;
    f->ga102_regs = cfg->chip->falcon_ga102_regs;
    f->imem = calloc(1, NOVA_FALCON_MEM_SIZE);
    f->dmem = calloc(1, NOVA_FALCON_MEM_SIZE);
    if (!f->imem || !f->dmem) {
        nova_falcon_free(f);
        return -1;
    }
    nova_falcon_reset(f);
    return 0;
}

void nova_falcon_free(NovaFalcon *f)
{
    free(f->imem);
    free(f->dmem);
    f->imem = f->dmem = NULL;
}

/* Memories and registers as after a reset; scrubbing done unless a fault. */
static void falcon_scrub(NovaFalcon *f)
{
    memset(f->imem, 0, NOVA_FALCON_MEM_SIZE);
    memset(f->dmem, 0, NOVA_FALCON_MEM_SIZE);
    memset(f->imem_tag, 0, sizeof(f->imem_tag));
    f->imem_loaded = f->dmem_loaded = false;
    f->irqstat = f->irqmask = 0;
    f->mailbox0 = f->mailbox1 = 0;
    f->itfen = f->os = f->rm = 0;
    f->cpuctl_alias_en = f->bootvec = f->dmactl = 0;
    f->dmatrfbase = f->dmatrfbase1 = f->dmatrfmoffs = f->dmatrffboffs = 0;
    f->dmatrfcmd = NV_FIELD_MASK(NV_PFALCON_FALCON_DMATRFCMD, IDLE);
    f->imemc = f->dmemc = 0;
    memset(f->fbif_transcfg, 0, sizeof(f->fbif_transcfg));
    f->fbif_ctl = 0;
    f->brom_mod_sel = f->brom_ucode_id = f->brom_engidmask = 0;
    f->brom_paraaddr0 = 0;
    f->bcr_ctrl = NV_FIELD_MASK(NV_PRISCV_RISCV_BCR_CTRL, VALID);  /* falcon core selected */
    f->riscv_active = false;
    f->state = nova_fault_fire(&f->faults.never_scrub) ? NOVA_FALCON_SCRUBBING
                                                        : NOVA_FALCON_HALTED;
}

void nova_falcon_reset(NovaFalcon *f)
{
    f->engine_reg = 0;
    memset(f->queue, 0, sizeof(f->queue));
    f->last_role = NOVA_ROLE_NONE;
    f->runs = 0;
    falcon_scrub(f);
}

uint32_t nova_falcon_irq_pending(const NovaFalcon *f)
{
    return f->irqstat & f->irqmask;
}

/* Tell the host the interrupt output may have changed. */
static void irq_signal(NovaFalcon *f)
{
    if (f->host->falcon_intr) {
        f->host->falcon_intr(f->host->opaque, f->engine);
    }
}

void nova_falcon_raise_irq(NovaFalcon *f, uint32_t bits)
{
    f->irqstat |= bits;
    irq_signal(f);
}

void nova_falcon_set_irqmask(NovaFalcon *f, uint32_t mask)
{
    f->irqmask = mask;
    irq_signal(f);
}

void nova_falcon_set_mailbox0(NovaFalcon *f, uint32_t val)
{
    f->mailbox0 = val;
}

void nova_falcon_riscv_start(NovaFalcon *f)
{
    f->riscv_active = true;
    f->bcr_ctrl |= NV_FIELD_MASK(NV_PRISCV_RISCV_BCR_CTRL, CORE_SELECT);
}

void nova_falcon_riscv_stop(NovaFalcon *f)
{
    f->riscv_active = false;
}

static uint32_t cpuctl(const NovaFalcon *f)
{
    uint32_t v = f->cpuctl_alias_en;

    if (f->state == NOVA_FALCON_HALTED) {
        v |= NV_FIELD_MASK(NV_PFALCON_FALCON_CPUCTL, HALTED);
    }
    return v;
}

static void falcon_start(NovaFalcon *f)
{
    if (f->state != NOVA_FALCON_HALTED) {
        log_guest(f, "CPU start while not halted (state, cpuctl)",
                  f->state, cpuctl(f));
        return;
    }
    f->state = NOVA_FALCON_RUNNING;
    /* The run happens later: drivers start the CPU and then poll for halt. */
    f->host->schedule(f->host->opaque, f->cfg.work);
}

/* --- PIO ------------------------------------------------------------------ */

/*
 * IMEMC/DMEMC hold a byte offset in bits 15:2; with 64 KiB memories every
 * such offset is inside, so a PIO word access needs no further check.
 */
_Static_assert(NOVA_FALCON_MEM_SIZE == 0x10000, "PIO offsets are 16-bit");

/* One IMEMD/DMEMD write through the port whose control register is @ctl */
static void pio_write(uint8_t *mem, uint32_t *ctl, bool *loaded, uint32_t val)
{
    uint32_t off = *ctl & 0xfffc;

    nova_st32(mem + off, val);
    *loaded = true;
    if (*ctl & NV_FIELD_MASK(NV_PFALCON_FALCON_IMEMC, AINCW)) {
        *ctl = (*ctl & ~0xffffu) | ((off + 4) & 0xfffc);
    }
}

static uint32_t pio_read(const uint8_t *mem, uint32_t *ctl)
{
    uint32_t off = *ctl & 0xfffc;

    if (*ctl & NV_FIELD_MASK(NV_PFALCON_FALCON_IMEMC, AINCR)) {
        *ctl = (*ctl & ~0xffffu) | ((off + 4) & 0xfffc);
    }
    return nova_ld32(mem + off);
}

/* --- DMA ------------------------------------------------------------------ */

/*
 * One DMATRFCMD: move 4 << size bytes between IMEM/DMEM at DMATRFMOFFS and
 * memory at (DMATRFBASE1:DMATRFBASE << 8) + DMATRFFBOFFS, through the
 * aperture FBIF_TRANSCFG[ctxdma] selects. Done before the register write
 * returns: a transfer is at most 256 bytes, and drivers poll for idle.
 */
static void dma_transfer(NovaFalcon *f, uint32_t cmd)
{
    const NovaHost *h = f->host;
    unsigned size_field = NV_FIELD_EX32(cmd, NV_PFALCON_FALCON_DMATRFCMD, SIZE);
    unsigned ctx = NV_FIELD_EX32(cmd, NV_PFALCON_FALCON_DMATRFCMD, CTXDMA);
    uint32_t len = 4u << size_field;
    uint32_t moffs = NV_FIELD_EX32(f->dmatrfmoffs, NV_PFALCON_FALCON_DMATRFMOFFS, OFFS);
    uint32_t cfg = f->fbif_transcfg[ctx];
    uint64_t addr = (((uint64_t)NV_FIELD_EX32(f->dmatrfbase1,
                                              NV_PFALCON_FALCON_DMATRFBASE1, BASE) << 40) |
                     ((uint64_t)f->dmatrfbase << 8)) + f->dmatrffboffs;
    bool imem = NV_FIELD_EX32(cmd, NV_PFALCON_FALCON_DMATRFCMD, IMEM);
    bool to_mem = NV_FIELD_EX32(cmd, NV_PFALCON_FALCON_DMATRFCMD, IS_WRITE);
    uint8_t *mem = imem ? f->imem : f->dmem;
    int ret;

    if (size_field == 7 || moffs + len > NOVA_FALCON_MEM_SIZE) {
        log_guest(f, "DMA outside IMEM/DMEM (offset, length)", moffs, len);
        return;
    }
    if (!NV_FIELD_EX32(cfg, NV_PFALCON_FBIF_TRANSCFG, MEM_TYPE)) {
        /* virtual addressing goes through the GPU MMU: not modelled yet */
        NOVA_EVENT(h, NOVA_EV_UNIMP_FALCON_DMA, falcon_dma, f->name, ctx);
        return;
    }
    if (NV_FIELD_EX32(cfg, NV_PFALCON_FBIF_TRANSCFG, TARGET) ==
        NV_PFALCON_FBIF_TRANSCFG_TARGET_LOCAL_FB) {
        ret = to_mem ? h->vram_write(h->opaque, addr, mem + moffs, len)
                     : h->vram_read(h->opaque, addr, mem + moffs, len);
    } else {
        ret = to_mem ? h->dma_write(h->opaque, addr, mem + moffs, len)
                     : h->dma_read(h->opaque, addr, mem + moffs, len);
    }
    if (ret) {
        log_guest(f, "DMA transfer failed (address hi, lo)",
                  (uint32_t)(addr >> 32), (uint32_t)addr);
        return;
    }
    if (!to_mem && imem) {
        f->imem_tag[moffs / NOVA_FALCON_BLOCK] = f->dmatrffboffs >> 8;
        f->imem_loaded = true;
    } else if (!to_mem) {
        f->dmem_loaded = true;
    }
}

/* --- registers ------------------------------------------------------------ */

bool nova_falcon_read(NovaFalcon *f, uint32_t off, uint32_t *val)
{
    unsigned i;
    bool scrubbing = f->state == NOVA_FALCON_SCRUBBING ||
                     f->state == NOVA_FALCON_IN_RESET;

    if (NV_REG_IN_ARRAY(NV_PFALCON_FBIF_TRANSCFG, off, &i)) {
        *val = f->fbif_transcfg[i];
        return true;
    }
    if (NV_REG_IN_ARRAY(NV_PFALCON_QUEUE, off, &i)) {
        *val = f->queue[i];
        return true;
    }
    switch (off) {
    case A_NV_PFALCON_FALCON_IRQSTAT:     *val = f->irqstat; return true;
    case A_NV_PFALCON_FALCON_IRQMASK:     *val = f->irqmask; return true;
    case A_NV_PFALCON_FALCON_IRQSCLR:
    case A_NV_PFALCON_FALCON_IRQMSET:
    case A_NV_PFALCON_FALCON_IRQMCLR:     *val = 0; return true;
    case A_NV_PFALCON_FALCON_MAILBOX0:    *val = f->mailbox0; return true;
    case A_NV_PFALCON_FALCON_MAILBOX1:    *val = f->mailbox1; return true;
    case A_NV_PFALCON_FALCON_ITFEN:       *val = f->itfen; return true;
    case A_NV_PFALCON_FALCON_OS:          *val = f->os; return true;
    case A_NV_PFALCON_FALCON_RM:          *val = f->rm; return true;
    case A_NV_PFALCON_FALCON_HWCFG2:
        *val = NV_FIELD_MASK(NV_PFALCON_FALCON_HWCFG2, RESET_READY) |
               NV_FIELD_MASK(NV_PFALCON_FALCON_HWCFG2, RISCV) |
               NV_FIELD_DP32(0, NV_PFALCON_FALCON_HWCFG2, MEM_SCRUBBING, scrubbing);
        return true;
    case A_NV_PFALCON_FALCON_CPUCTL:
    case A_NV_PFALCON_FALCON_CPUCTL_ALIAS:
        *val = cpuctl(f);
        return true;
    case A_NV_PFALCON_FALCON_BOOTVEC:     *val = f->bootvec; return true;
    case A_NV_PFALCON_FALCON_HWCFG:       *val = HWCFG_VALUE; return true;
    case A_NV_PFALCON_FALCON_HWCFG1:      *val = HWCFG1_VALUE; return true;
    case A_NV_PFALCON_FALCON_DMACTL:
        *val = (f->dmactl & ~DMACTL_SCRUBBING) |
               (scrubbing ? DMACTL_SCRUBBING : 0);
        return true;
    case A_NV_PFALCON_FALCON_DMATRFBASE:   *val = f->dmatrfbase; return true;
    case A_NV_PFALCON_FALCON_DMATRFBASE1:  *val = f->dmatrfbase1; return true;
    case A_NV_PFALCON_FALCON_DMATRFMOFFS:  *val = f->dmatrfmoffs; return true;
    case A_NV_PFALCON_FALCON_DMATRFFBOFFS: *val = f->dmatrffboffs; return true;
    case A_NV_PFALCON_FALCON_DMATRFCMD:    *val = f->dmatrfcmd; return true;
    case A_NV_PFALCON_FALCON_IMEMC:       *val = f->imemc; return true;
    case A_NV_PFALCON_FALCON_IMEMD:       *val = pio_read(f->imem, &f->imemc); return true;
    case A_NV_PFALCON_FALCON_IMEMT:
        *val = f->imem_tag[(f->imemc & 0xffff) / NOVA_FALCON_BLOCK];
        return true;
    case A_NV_PFALCON_FALCON_DMEMC:       *val = f->dmemc; return true;
    case A_NV_PFALCON_FALCON_DMEMD:       *val = pio_read(f->dmem, &f->dmemc); return true;
    case A_NV_PFALCON_FALCON_ENGINE:       *val = f->engine_reg; return true;
    case A_NV_PFALCON_FBIF_CTL:            *val = f->fbif_ctl; return true;
    case A_NV_PFALCON2_FALCON_MOD_SEL:
        *val = f->brom_mod_sel;
        return true;
    case A_NV_PFALCON2_FALCON_BROM_CURR_UCODE_ID:
        *val = f->brom_ucode_id;
        return true;
    case A_NV_PFALCON2_FALCON_BROM_ENGIDMASK:
        *val = f->brom_engidmask;
        return true;
    case A_NV_PFALCON2_FALCON_BROM_PARAADDR:
        *val = f->brom_paraaddr0;
        return true;
    case A_NV_PRISCV_RISCV_CORE_SWITCH_RISCV_STATUS:
        *val = NV_FIELD_DP32(0, NV_PRISCV_RISCV_CORE_SWITCH_RISCV_STATUS, ACTIVE_STAT,
                             !f->ga102_regs && f->riscv_active);
        return true;
    case A_NV_PRISCV_RISCV_CPUCTL:
        *val = NV_FIELD_DP32(0, NV_PRISCV_RISCV_CPUCTL, ACTIVE_STAT,
                             f->ga102_regs && f->riscv_active);
        return true;
    case A_NV_PRISCV_RISCV_IRQMASK:
    case A_NV_PRISCV_RISCV_IRQMASK_TU102:
        /* one mask in the model: the one the firmware set with IRQMSET */
        *val = f->irqmask;
        return true;
    case A_NV_PRISCV_RISCV_BCR_CTRL:
        /* the core switch settles at once: VALID always reads 1 */
        *val = f->bcr_ctrl | NV_FIELD_MASK(NV_PRISCV_RISCV_BCR_CTRL, VALID);
        return true;
    }
    return false;
}

bool nova_falcon_write(NovaFalcon *f, uint32_t off, uint32_t val)
{
    unsigned i;

    if (NV_REG_IN_ARRAY(NV_PFALCON_FBIF_TRANSCFG, off, &i)) {
        f->fbif_transcfg[i] = val;
        return true;
    }
    if (NV_REG_IN_ARRAY(NV_PFALCON_QUEUE, off, &i)) {
        f->queue[i] = val;
        return true;
    }
    switch (off) {
    case A_NV_PFALCON_FALCON_IRQSCLR:
        f->irqstat &= ~val;
        if (NV_FIELD_EX32(val, NV_PFALCON_FALCON_IRQSTAT, SWGEN0) &&
            nova_fault_fire(&f->faults.intr_storm)) {
            /* the interrupt comes right back */
            f->irqstat |= NV_FIELD_MASK(NV_PFALCON_FALCON_IRQSTAT, SWGEN0);
        }
        irq_signal(f);
        return true;
    case A_NV_PFALCON_FALCON_IRQSTAT:     return true;    /* read-only */
    case A_NV_PFALCON_FALCON_IRQMSET:
        f->irqmask |= val;
        irq_signal(f);
        return true;
    case A_NV_PFALCON_FALCON_IRQMCLR:
        f->irqmask &= ~val;
        irq_signal(f);
        return true;
    case A_NV_PFALCON_FALCON_IRQMASK:     return true;    /* read-only */
    case A_NV_PFALCON_FALCON_MAILBOX0:    f->mailbox0 = val; return true;
    case A_NV_PFALCON_FALCON_MAILBOX1:    f->mailbox1 = val; return true;
    case A_NV_PFALCON_FALCON_ITFEN:       f->itfen = val; return true;
    case A_NV_PFALCON_FALCON_OS:          f->os = val; return true;
    case A_NV_PFALCON_FALCON_RM:          f->rm = val; return true;
    case A_NV_PFALCON_FALCON_HWCFG2:
    case A_NV_PFALCON_FALCON_HWCFG:
    case A_NV_PFALCON_FALCON_HWCFG1:
        return true;    /* read-only configuration */
    case A_NV_PFALCON_FALCON_CPUCTL:
        if (val & NV_FIELD_MASK(NV_PFALCON_FALCON_CPUCTL, STARTCPU)) {
            falcon_start(f);
        }
        f->cpuctl_alias_en = val & NV_FIELD_MASK(NV_PFALCON_FALCON_CPUCTL, ALIAS_EN);
        return true;
    case A_NV_PFALCON_FALCON_CPUCTL_ALIAS:
        if (NV_FIELD_EX32(val, NV_PFALCON_FALCON_CPUCTL, STARTCPU) &&
            f->cpuctl_alias_en) {
            falcon_start(f);
        }
        return true;
    case A_NV_PFALCON_FALCON_BOOTVEC:     f->bootvec = val; return true;
    case A_NV_PFALCON_FALCON_DMACTL:      f->dmactl = val & ~DMACTL_SCRUBBING; return true;
    case A_NV_PFALCON_FALCON_DMATRFBASE:   f->dmatrfbase = val; return true;
    case A_NV_PFALCON_FALCON_DMATRFBASE1:
        f->dmatrfbase1 = val & NV_FIELD_MASK(NV_PFALCON_FALCON_DMATRFBASE1, BASE);
        return true;
    case A_NV_PFALCON_FALCON_DMATRFMOFFS:
        f->dmatrfmoffs = val & NV_FIELD_MASK(NV_PFALCON_FALCON_DMATRFMOFFS, OFFS);
        return true;
    case A_NV_PFALCON_FALCON_DMATRFFBOFFS: f->dmatrffboffs = val; return true;
    case A_NV_PFALCON_FALCON_DMATRFCMD:
        f->dmatrfcmd = (val & ~NV_FIELD_MASK(NV_PFALCON_FALCON_DMATRFCMD, IDLE) & ~1u);
        dma_transfer(f, val);
        f->dmatrfcmd |= NV_FIELD_MASK(NV_PFALCON_FALCON_DMATRFCMD, IDLE);
        return true;
    case A_NV_PFALCON_FALCON_IMEMC:      f->imemc = val; return true;
    case A_NV_PFALCON_FALCON_IMEMD:
        pio_write(f->imem, &f->imemc, &f->imem_loaded, val);
        return true;
    case A_NV_PFALCON_FALCON_IMEMT:
        f->imem_tag[(f->imemc & 0xffff) / NOVA_FALCON_BLOCK] = val & 0xffff;
        return true;
    case A_NV_PFALCON_FALCON_DMEMC:      f->dmemc = val; return true;
    case A_NV_PFALCON_FALCON_DMEMD:
        pio_write(f->dmem, &f->dmemc, &f->dmem_loaded, val);
        return true;
    case A_NV_PFALCON_FALCON_ENGINE:
        if (NV_FIELD_EX32(val, NV_PFALCON_FALCON_ENGINE, RESET)) {
            f->state = NOVA_FALCON_IN_RESET;
        } else if (NV_FIELD_EX32(f->engine_reg, NV_PFALCON_FALCON_ENGINE, RESET)) {
            falcon_scrub(f);    /* reset released: scrub, then ready */
            irq_signal(f);
        }
        f->engine_reg = val & NV_FIELD_MASK(NV_PFALCON_FALCON_ENGINE, RESET);
        return true;
    case A_NV_PFALCON_FALCON_INTR_RETRIGGER:
        /* the CPU cleared its leaf: latch it again if still pending */
        irq_signal(f);
        return true;
    case A_NV_PFALCON_FBIF_CTL:           f->fbif_ctl = val; return true;
    case A_NV_PFALCON2_FALCON_MOD_SEL:
        f->brom_mod_sel = val;
        return true;
    case A_NV_PFALCON2_FALCON_BROM_CURR_UCODE_ID:
        f->brom_ucode_id = val;
        return true;
    case A_NV_PFALCON2_FALCON_BROM_ENGIDMASK:
        f->brom_engidmask = val;
        return true;
    case A_NV_PFALCON2_FALCON_BROM_PARAADDR:
        f->brom_paraaddr0 = val;
        return true;
    case A_NV_PRISCV_RISCV_BCR_CTRL:
        f->bcr_ctrl = val & ~NV_FIELD_MASK(NV_PRISCV_RISCV_BCR_CTRL, VALID);
        return true;
    case A_NV_PRISCV_RISCV_CPUCTL:
    case A_NV_PRISCV_RISCV_CORE_SWITCH_RISCV_STATUS:
        return true;    /* status: set by the booter, not by the CPU */
    }
    return false;
}

/* the falcon's registers by name, for traces */
static const NovaRegRow falcon_rows[] = {
    NV_ROW(NV_PFALCON_FALCON_IRQSCLR),
    NV_ROW(NV_PFALCON_FALCON_IRQSTAT),
    NV_ROW(NV_PFALCON_FALCON_IRQMSET),
    NV_ROW(NV_PFALCON_FALCON_IRQMCLR),
    NV_ROW(NV_PFALCON_FALCON_IRQMASK),
    NV_ROW(NV_PFALCON_FALCON_MAILBOX0),
    NV_ROW(NV_PFALCON_FALCON_MAILBOX1),
    NV_ROW(NV_PFALCON_FALCON_ITFEN),
    NV_ROW(NV_PFALCON_FALCON_OS),
    NV_ROW(NV_PFALCON_FALCON_RM),
    NV_ROW(NV_PFALCON_FALCON_HWCFG2),
    NV_ROW(NV_PFALCON_FALCON_CPUCTL),
    NV_ROW(NV_PFALCON_FALCON_BOOTVEC),
    NV_ROW(NV_PFALCON_FALCON_HWCFG),
    NV_ROW(NV_PFALCON_FALCON_DMACTL),
    NV_ROW(NV_PFALCON_FALCON_DMATRFBASE),
    NV_ROW(NV_PFALCON_FALCON_DMATRFMOFFS),
    NV_ROW(NV_PFALCON_FALCON_DMATRFCMD),
    NV_ROW(NV_PFALCON_FALCON_DMATRFFBOFFS),
    NV_ROW(NV_PFALCON_FALCON_DMATRFBASE1),
    NV_ROW(NV_PFALCON_FALCON_HWCFG1),
    NV_ROW(NV_PFALCON_FALCON_CPUCTL_ALIAS),
    NV_ROW(NV_PFALCON_FALCON_IMEMC),
    NV_ROW(NV_PFALCON_FALCON_IMEMD),
    NV_ROW(NV_PFALCON_FALCON_IMEMT),
    NV_ROW(NV_PFALCON_FALCON_DMEMC),
    NV_ROW(NV_PFALCON_FALCON_DMEMD),
    NV_ROW(NV_PFALCON_FALCON_ENGINE),
    NV_ROW(NV_PFALCON_FALCON_INTR_RETRIGGER),
    NV_ROW(NV_PFALCON_FBIF_CTL),
    NV_ROW(NV_PFALCON2_FALCON_MOD_SEL),
    NV_ROW(NV_PFALCON2_FALCON_BROM_CURR_UCODE_ID),
    NV_ROW(NV_PFALCON2_FALCON_BROM_ENGIDMASK),
    NV_ROW(NV_PFALCON2_FALCON_BROM_PARAADDR),
    NV_ROW(NV_PRISCV_RISCV_CORE_SWITCH_RISCV_STATUS),
    NV_ROW(NV_PRISCV_RISCV_CPUCTL),
    NV_ROW(NV_PRISCV_RISCV_BCR_CTRL),
    NV_ROW(NV_PRISCV_RISCV_IRQMASK),
    NV_ROW(NV_PRISCV_RISCV_IRQMASK_TU102),
    NV_ROW(NV_PGSP_QUEUE_HEAD),         /* before the array it is part of */
    NV_ROW_ARRAY(NV_PFALCON_QUEUE),
    NV_ROW_ARRAY(NV_PFALCON_FBIF_TRANSCFG),
};

const char *nova_falcon_reg_name(uint32_t off)
{
    const NovaRegRow *r = nova_reg_row_find(falcon_rows, NOVA_ARRAY_LEN(falcon_rows),
                                            off, NULL);

    return r ? r->name : NULL;
}

const char *nova_falcon_role_name(NovaFalconRole role)
{
    switch (role) {
    case NOVA_ROLE_NONE:            return "none";
    case NOVA_ROLE_BARE:            return "bare-start";
    case NOVA_ROLE_FWSEC_FRTS:      return "FWSEC-FRTS";
    case NOVA_ROLE_FWSEC_SB:        return "FWSEC-SB";
    case NOVA_ROLE_BOOTER_LOAD:     return "BOOTER-LOAD";
    case NOVA_ROLE_BOOTER_UNLOAD:   return "BOOTER-UNLOAD";
    case NOVA_ROLE_UNKNOWN:         return "UNKNOWN";
    }
    return "?";
}

const char *nova_falcon_invalid(const NovaFalcon *f)
{
    if ((unsigned)f->state > NOVA_FALCON_RUNNING) {
        return "falcon state";
    }
    if ((unsigned)f->last_role > NOVA_ROLE_UNKNOWN) {
        return "falcon last run's role";
    }
    return NULL;
}

const char *nova_falcon_state_name(NovaFalconState state)
{
    switch (state) {
    case NOVA_FALCON_IN_RESET:  return "reset";
    case NOVA_FALCON_SCRUBBING: return "scrubbing";
    case NOVA_FALCON_HALTED:    return "halted";
    case NOVA_FALCON_RUNNING:   return "running";
    }
    return "?";
}
