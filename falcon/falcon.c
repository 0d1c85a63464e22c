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

#include <stdlib.h>
#include <string.h>

/* HWCFG: IMEM size in 256-byte blocks (8:0), DMEM size in blocks (17:9) */
#define HWCFG_VALUE ((NOVA_FALCON_MEM_SIZE / NOVA_FALCON_BLOCK) | \
                     ((NOVA_FALCON_MEM_SIZE / NOVA_FALCON_BLOCK) << 9))
/* HWCFG1: core rev 7, security model 3 (heavy secure), one IMEM and one DMEM port */
#define HWCFG1_VALUE 0x1137u

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
    f->dmatrfcmd = FALCON_DMATRFCMD_IDLE;
    f->imemc = f->dmemc = 0;
    memset(f->fbif_transcfg, 0, sizeof(f->fbif_transcfg));
    f->fbif_ctl = 0;
    f->brom_mod_sel = f->brom_ucode_id = f->brom_engidmask = 0;
    f->brom_paraaddr0 = 0;
    f->bcr_ctrl = RISCV_BCR_VALID;  /* falcon core selected */
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
    f->bcr_ctrl |= RISCV_BCR_CORE_SELECT;
}

void nova_falcon_riscv_stop(NovaFalcon *f)
{
    f->riscv_active = false;
}

static uint32_t cpuctl(const NovaFalcon *f)
{
    uint32_t v = f->cpuctl_alias_en;

    if (f->state == NOVA_FALCON_HALTED) {
        v |= FALCON_CPUCTL_HALTED;
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

static uint32_t mem_word(const uint8_t *m, uint32_t off)
{
    return m[off] | m[off + 1] << 8 | m[off + 2] << 16 | (uint32_t)m[off + 3] << 24;
}

/* One IMEMD/DMEMD write through the port whose control register is @ctl */
static void pio_write(uint8_t *mem, uint32_t *ctl, bool *loaded, uint32_t val)
{
    uint32_t off = *ctl & 0xfffc;

    mem[off] = val;
    mem[off + 1] = val >> 8;
    mem[off + 2] = val >> 16;
    mem[off + 3] = val >> 24;
    *loaded = true;
    if (*ctl & FALCON_IMEMC_AINCW) {
        *ctl = (*ctl & ~0xffffu) | ((off + 4) & 0xfffc);
    }
}

static uint32_t pio_read(const uint8_t *mem, uint32_t *ctl)
{
    uint32_t off = *ctl & 0xfffc;

    if (*ctl & FALCON_IMEMC_AINCR) {
        *ctl = (*ctl & ~0xffffu) | ((off + 4) & 0xfffc);
    }
    return mem_word(mem, off);
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
    unsigned size_field = (cmd >> 8) & 7, ctx = (cmd >> 12) & 7;
    uint32_t len = 4u << size_field, moffs = f->dmatrfmoffs & 0xffffff;
    uint32_t cfg = f->fbif_transcfg[ctx];
    uint64_t addr = (((uint64_t)(f->dmatrfbase1 & 0x1ff) << 40) |
                     ((uint64_t)f->dmatrfbase << 8)) + f->dmatrffboffs;
    bool imem = cmd & FALCON_DMATRFCMD_IMEM, to_mem = cmd & FALCON_DMATRFCMD_WRITE;
    uint8_t *mem = imem ? f->imem : f->dmem;
    int ret;

    if (size_field == 7 || moffs + len > NOVA_FALCON_MEM_SIZE) {
        log_guest(f, "DMA outside IMEM/DMEM (offset, length)", moffs, len);
        return;
    }
    if (!(cfg & 4)) {
        /* virtual addressing goes through the GPU MMU: not modelled yet */
        NOVA_EVENT(h, NOVA_EV_UNIMP_FALCON_DMA, falcon_dma, f->name, ctx);
        return;
    }
    if ((cfg & 3) == 0) {
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
    bool scrubbing = f->state == NOVA_FALCON_SCRUBBING ||
                     f->state == NOVA_FALCON_IN_RESET;

    if (off >= NV_PFALCON_FBIF_TRANSCFG0 && off < NV_PFALCON_FBIF_TRANSCFG0 + 32 &&
        !(off & 3)) {
        *val = f->fbif_transcfg[(off - NV_PFALCON_FBIF_TRANSCFG0) / 4];
        return true;
    }
    if (off >= NV_PFALCON_QUEUE_BASE &&
        off < NV_PFALCON_QUEUE_BASE + 4 * NV_PFALCON_QUEUE_COUNT && !(off & 3)) {
        *val = f->queue[(off - NV_PFALCON_QUEUE_BASE) / 4];
        return true;
    }
    switch (off) {
    case NV_PFALCON_FALCON_IRQSTAT:     *val = f->irqstat; return true;
    case NV_PFALCON_FALCON_IRQMASK:     *val = f->irqmask; return true;
    case NV_PFALCON_FALCON_IRQSCLR:
    case NV_PFALCON_FALCON_IRQMSET:
    case NV_PFALCON_FALCON_IRQMCLR:     *val = 0; return true;
    case NV_PFALCON_FALCON_MAILBOX0:    *val = f->mailbox0; return true;
    case NV_PFALCON_FALCON_MAILBOX1:    *val = f->mailbox1; return true;
    case NV_PFALCON_FALCON_ITFEN:       *val = f->itfen; return true;
    case NV_PFALCON_FALCON_OS:          *val = f->os; return true;
    case NV_PFALCON_FALCON_RM:          *val = f->rm; return true;
    case NV_PFALCON_FALCON_HWCFG2:
        *val = FALCON_HWCFG2_RESET_READY | FALCON_HWCFG2_RISCV |
               (scrubbing ? FALCON_HWCFG2_MEM_SCRUBBING : 0);
        return true;
    case NV_PFALCON_FALCON_CPUCTL:
    case NV_PFALCON_FALCON_CPUCTL_ALIAS:
        *val = cpuctl(f);
        return true;
    case NV_PFALCON_FALCON_BOOTVEC:     *val = f->bootvec; return true;
    case NV_PFALCON_FALCON_HWCFG:       *val = HWCFG_VALUE; return true;
    case NV_PFALCON_FALCON_HWCFG1:      *val = HWCFG1_VALUE; return true;
    case NV_PFALCON_FALCON_DMACTL:
        *val = (f->dmactl & ~FALCON_DMACTL_SCRUBBING) |
               (scrubbing ? FALCON_DMACTL_SCRUBBING : 0);
        return true;
    case NV_PFALCON_FALCON_DMATRFBASE:   *val = f->dmatrfbase; return true;
    case NV_PFALCON_FALCON_DMATRFBASE1:  *val = f->dmatrfbase1; return true;
    case NV_PFALCON_FALCON_DMATRFMOFFS:  *val = f->dmatrfmoffs; return true;
    case NV_PFALCON_FALCON_DMATRFFBOFFS: *val = f->dmatrffboffs; return true;
    case NV_PFALCON_FALCON_DMATRFCMD:    *val = f->dmatrfcmd; return true;
    case NV_PFALCON_FALCON_IMEMC0:       *val = f->imemc; return true;
    case NV_PFALCON_FALCON_IMEMD0:       *val = pio_read(f->imem, &f->imemc); return true;
    case NV_PFALCON_FALCON_IMEMT0:
        *val = f->imem_tag[(f->imemc & 0xffff) / NOVA_FALCON_BLOCK];
        return true;
    case NV_PFALCON_FALCON_DMEMC0:       *val = f->dmemc; return true;
    case NV_PFALCON_FALCON_DMEMD0:       *val = pio_read(f->dmem, &f->dmemc); return true;
    case NV_PFALCON_FALCON_ENGINE:       *val = f->engine_reg; return true;
    case NV_PFALCON_FBIF_CTL:            *val = f->fbif_ctl; return true;
    case NV_PFALCON2_BASE + NV_PFALCON2_FALCON_MOD_SEL:
        *val = f->brom_mod_sel;
        return true;
    case NV_PFALCON2_BASE + NV_PFALCON2_FALCON_BROM_CURR_UCODE_ID:
        *val = f->brom_ucode_id;
        return true;
    case NV_PFALCON2_BASE + NV_PFALCON2_FALCON_BROM_ENGIDMASK:
        *val = f->brom_engidmask;
        return true;
    case NV_PFALCON2_BASE + NV_PFALCON2_FALCON_BROM_PARAADDR0:
        *val = f->brom_paraaddr0;
        return true;
    case NV_PFALCON2_BASE + NV_PRISCV_RISCV_CORE_SWITCH_RISCV_STATUS:
        *val = !f->ga102_regs && f->riscv_active;
        return true;
    case NV_PFALCON2_BASE + NV_PRISCV_RISCV_CPUCTL:
        *val = f->ga102_regs && f->riscv_active ? RISCV_CPUCTL_ACTIVE : 0;
        return true;
    case NV_PFALCON2_BASE + NV_PRISCV_RISCV_IRQMASK:
    case NV_PFALCON2_BASE + NV_PRISCV_RISCV_IRQMASK_TU102:
        /* one mask in the model: the one the firmware set with IRQMSET */
        *val = f->irqmask;
        return true;
    case NV_PFALCON2_BASE + NV_PRISCV_RISCV_BCR_CTRL:
        /* the core switch settles at once: VALID always reads 1 */
        *val = f->bcr_ctrl | RISCV_BCR_VALID;
        return true;
    }
    return false;
}

bool nova_falcon_write(NovaFalcon *f, uint32_t off, uint32_t val)
{
    if (off >= NV_PFALCON_FBIF_TRANSCFG0 && off < NV_PFALCON_FBIF_TRANSCFG0 + 32 &&
        !(off & 3)) {
        f->fbif_transcfg[(off - NV_PFALCON_FBIF_TRANSCFG0) / 4] = val;
        return true;
    }
    if (off >= NV_PFALCON_QUEUE_BASE &&
        off < NV_PFALCON_QUEUE_BASE + 4 * NV_PFALCON_QUEUE_COUNT && !(off & 3)) {
        f->queue[(off - NV_PFALCON_QUEUE_BASE) / 4] = val;
        return true;
    }
    switch (off) {
    case NV_PFALCON_FALCON_IRQSCLR:
        f->irqstat &= ~val;
        if ((val & FALCON_IRQ_SWGEN0) && nova_fault_fire(&f->faults.intr_storm)) {
            f->irqstat |= FALCON_IRQ_SWGEN0;    /* the interrupt comes right back */
        }
        irq_signal(f);
        return true;
    case NV_PFALCON_FALCON_IRQSTAT:     return true;    /* read-only */
    case NV_PFALCON_FALCON_IRQMSET:
        f->irqmask |= val;
        irq_signal(f);
        return true;
    case NV_PFALCON_FALCON_IRQMCLR:
        f->irqmask &= ~val;
        irq_signal(f);
        return true;
    case NV_PFALCON_FALCON_IRQMASK:     return true;    /* read-only */
    case NV_PFALCON_FALCON_MAILBOX0:    f->mailbox0 = val; return true;
    case NV_PFALCON_FALCON_MAILBOX1:    f->mailbox1 = val; return true;
    case NV_PFALCON_FALCON_ITFEN:       f->itfen = val; return true;
    case NV_PFALCON_FALCON_OS:          f->os = val; return true;
    case NV_PFALCON_FALCON_RM:          f->rm = val; return true;
    case NV_PFALCON_FALCON_HWCFG2:
    case NV_PFALCON_FALCON_HWCFG:
    case NV_PFALCON_FALCON_HWCFG1:
        return true;    /* read-only configuration */
    case NV_PFALCON_FALCON_CPUCTL:
        if (val & FALCON_CPUCTL_STARTCPU) {
            falcon_start(f);
        }
        f->cpuctl_alias_en = val & FALCON_CPUCTL_ALIAS_EN;
        return true;
    case NV_PFALCON_FALCON_CPUCTL_ALIAS:
        if ((val & FALCON_CPUCTL_STARTCPU) && f->cpuctl_alias_en) {
            falcon_start(f);
        }
        return true;
    case NV_PFALCON_FALCON_BOOTVEC:     f->bootvec = val; return true;
    case NV_PFALCON_FALCON_DMACTL:      f->dmactl = val & ~FALCON_DMACTL_SCRUBBING; return true;
    case NV_PFALCON_FALCON_DMATRFBASE:   f->dmatrfbase = val; return true;
    case NV_PFALCON_FALCON_DMATRFBASE1:  f->dmatrfbase1 = val & 0x1ff; return true;
    case NV_PFALCON_FALCON_DMATRFMOFFS:  f->dmatrfmoffs = val & 0xffffff; return true;
    case NV_PFALCON_FALCON_DMATRFFBOFFS: f->dmatrffboffs = val; return true;
    case NV_PFALCON_FALCON_DMATRFCMD:
        f->dmatrfcmd = (val & ~FALCON_DMATRFCMD_IDLE & ~1u);
        dma_transfer(f, val);
        f->dmatrfcmd |= FALCON_DMATRFCMD_IDLE;
        return true;
    case NV_PFALCON_FALCON_IMEMC0:      f->imemc = val; return true;
    case NV_PFALCON_FALCON_IMEMD0:
        pio_write(f->imem, &f->imemc, &f->imem_loaded, val);
        return true;
    case NV_PFALCON_FALCON_IMEMT0:
        f->imem_tag[(f->imemc & 0xffff) / NOVA_FALCON_BLOCK] = val & 0xffff;
        return true;
    case NV_PFALCON_FALCON_DMEMC0:      f->dmemc = val; return true;
    case NV_PFALCON_FALCON_DMEMD0:
        pio_write(f->dmem, &f->dmemc, &f->dmem_loaded, val);
        return true;
    case NV_PFALCON_FALCON_ENGINE:
        if (val & 1) {
            f->state = NOVA_FALCON_IN_RESET;
        } else if (f->engine_reg & 1) {
            falcon_scrub(f);    /* reset released: scrub, then ready */
            irq_signal(f);
        }
        f->engine_reg = val & 1;
        return true;
    case NV_PFALCON_FALCON_INTR_RETRIGGER:
        /* the CPU cleared its leaf: latch it again if still pending */
        irq_signal(f);
        return true;
    case NV_PFALCON_FBIF_CTL:           f->fbif_ctl = val; return true;
    case NV_PFALCON2_BASE + NV_PFALCON2_FALCON_MOD_SEL:
        f->brom_mod_sel = val;
        return true;
    case NV_PFALCON2_BASE + NV_PFALCON2_FALCON_BROM_CURR_UCODE_ID:
        f->brom_ucode_id = val;
        return true;
    case NV_PFALCON2_BASE + NV_PFALCON2_FALCON_BROM_ENGIDMASK:
        f->brom_engidmask = val;
        return true;
    case NV_PFALCON2_BASE + NV_PFALCON2_FALCON_BROM_PARAADDR0:
        f->brom_paraaddr0 = val;
        return true;
    case NV_PFALCON2_BASE + NV_PRISCV_RISCV_BCR_CTRL:
        f->bcr_ctrl = val & ~RISCV_BCR_VALID;
        return true;
    case NV_PFALCON2_BASE + NV_PRISCV_RISCV_CPUCTL:
    case NV_PFALCON2_BASE + NV_PRISCV_RISCV_CORE_SWITCH_RISCV_STATUS:
        return true;    /* status: set by the booter, not by the CPU */
    }
    return false;
}

const char *nova_falcon_reg_name(uint32_t off)
{
    static const struct {
        uint32_t off;
        const char *name;
    } names[] = {
        { NV_PFALCON_FALCON_IRQSCLR, "NV_PFALCON_FALCON_IRQSCLR" },
        { NV_PFALCON_FALCON_IRQSTAT, "NV_PFALCON_FALCON_IRQSTAT" },
        { NV_PFALCON_FALCON_IRQMSET, "NV_PFALCON_FALCON_IRQMSET" },
        { NV_PFALCON_FALCON_IRQMCLR, "NV_PFALCON_FALCON_IRQMCLR" },
        { NV_PFALCON_FALCON_IRQMASK, "NV_PFALCON_FALCON_IRQMASK" },
        { NV_PFALCON_FALCON_MAILBOX0, "NV_PFALCON_FALCON_MAILBOX0" },
        { NV_PFALCON_FALCON_MAILBOX1, "NV_PFALCON_FALCON_MAILBOX1" },
        { NV_PFALCON_FALCON_ITFEN, "NV_PFALCON_FALCON_ITFEN" },
        { NV_PFALCON_FALCON_OS, "NV_PFALCON_FALCON_OS" },
        { NV_PFALCON_FALCON_RM, "NV_PFALCON_FALCON_RM" },
        { NV_PFALCON_FALCON_HWCFG2, "NV_PFALCON_FALCON_HWCFG2" },
        { NV_PFALCON_FALCON_CPUCTL, "NV_PFALCON_FALCON_CPUCTL" },
        { NV_PFALCON_FALCON_BOOTVEC, "NV_PFALCON_FALCON_BOOTVEC" },
        { NV_PFALCON_FALCON_HWCFG, "NV_PFALCON_FALCON_HWCFG" },
        { NV_PFALCON_FALCON_DMACTL, "NV_PFALCON_FALCON_DMACTL" },
        { NV_PFALCON_FALCON_DMATRFBASE, "NV_PFALCON_FALCON_DMATRFBASE" },
        { NV_PFALCON_FALCON_DMATRFMOFFS, "NV_PFALCON_FALCON_DMATRFMOFFS" },
        { NV_PFALCON_FALCON_DMATRFCMD, "NV_PFALCON_FALCON_DMATRFCMD" },
        { NV_PFALCON_FALCON_DMATRFFBOFFS, "NV_PFALCON_FALCON_DMATRFFBOFFS" },
        { NV_PFALCON_FALCON_DMATRFBASE1, "NV_PFALCON_FALCON_DMATRFBASE1" },
        { NV_PFALCON_FALCON_HWCFG1, "NV_PFALCON_FALCON_HWCFG1" },
        { NV_PFALCON_FALCON_CPUCTL_ALIAS, "NV_PFALCON_FALCON_CPUCTL_ALIAS" },
        { NV_PFALCON_FALCON_IMEMC0, "NV_PFALCON_FALCON_IMEMC" },
        { NV_PFALCON_FALCON_IMEMD0, "NV_PFALCON_FALCON_IMEMD" },
        { NV_PFALCON_FALCON_IMEMT0, "NV_PFALCON_FALCON_IMEMT" },
        { NV_PFALCON_FALCON_DMEMC0, "NV_PFALCON_FALCON_DMEMC" },
        { NV_PFALCON_FALCON_DMEMD0, "NV_PFALCON_FALCON_DMEMD" },
        { NV_PFALCON_FALCON_ENGINE, "NV_PFALCON_FALCON_ENGINE" },
        { NV_PFALCON_FALCON_INTR_RETRIGGER, "NV_PFALCON_FALCON_INTR_RETRIGGER" },
        { NV_PFALCON_FBIF_CTL, "NV_PFALCON_FBIF_CTL" },
        { NV_PFALCON2_BASE + NV_PFALCON2_FALCON_MOD_SEL, "NV_PFALCON2_FALCON_MOD_SEL" },
        { NV_PFALCON2_BASE + NV_PFALCON2_FALCON_BROM_CURR_UCODE_ID,
          "NV_PFALCON2_FALCON_BROM_CURR_UCODE_ID" },
        { NV_PFALCON2_BASE + NV_PFALCON2_FALCON_BROM_ENGIDMASK,
          "NV_PFALCON2_FALCON_BROM_ENGIDMASK" },
        { NV_PFALCON2_BASE + NV_PFALCON2_FALCON_BROM_PARAADDR0,
          "NV_PFALCON2_FALCON_BROM_PARAADDR" },
        { NV_PFALCON2_BASE + NV_PRISCV_RISCV_CORE_SWITCH_RISCV_STATUS,
          "NV_PRISCV_RISCV_CORE_SWITCH_RISCV_STATUS" },
        { NV_PFALCON2_BASE + NV_PRISCV_RISCV_CPUCTL, "NV_PRISCV_RISCV_CPUCTL" },
        { NV_PFALCON2_BASE + NV_PRISCV_RISCV_BCR_CTRL, "NV_PRISCV_RISCV_BCR_CTRL" },
        { NV_PFALCON2_BASE + NV_PRISCV_RISCV_IRQMASK, "NV_PRISCV_RISCV_IRQMASK" },
        { NV_PFALCON2_BASE + NV_PRISCV_RISCV_IRQMASK_TU102, "NV_PRISCV_RISCV_IRQMASK(TU102)" },
    };
    size_t i;

    if (off >= NV_PFALCON_FBIF_TRANSCFG0 && off < NV_PFALCON_FBIF_TRANSCFG0 + 32) {
        return "NV_PFALCON_FBIF_TRANSCFG";
    }
    if (off >= NV_PFALCON_QUEUE_BASE &&
        off < NV_PFALCON_QUEUE_BASE + 4 * NV_PFALCON_QUEUE_COUNT) {
        return off == NV_PFALCON_QUEUE_BASE ? "NV_PGSP_QUEUE_HEAD" : "NV_PFALCON_QUEUE";
    }
    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (names[i].off == off) {
            return names[i].name;
        }
    }
    return NULL;
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
