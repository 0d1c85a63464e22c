/*
 * nova-gpu: the Falcon microcontroller (GSP at BAR0 0x110000, SEC2 at
 * 0x840000), modelled at its register interface, with the firmware it runs
 * emulated at the effect level.
 *
 * The model keeps IMEM and DMEM, loads them by PIO (IMEMC/IMEMD/IMEMT,
 * DMEMC/DMEMD) and by DMA (DMATRF*), and runs reset and scrubbing. When the
 * CPU is started it does not execute the code: it works out from IMEM, DMEM
 * and the mailboxes which firmware was loaded (FWSEC-FRTS, FWSEC-SB,
 * booter_load, booter_unload, possibly behind the generic bootloader) and
 * applies that firmware's effect on the GPU, then halts with the mailbox
 * result a driver expects. See docs/falcon.md.
 *
 * Register offsets are relative to the falcon's base; PFALCON2 registers
 * (BROM, RISC-V) are at base + 0x1000.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef NOVA_FALCON_H
#define NOVA_FALCON_H

#include <stdbool.h>
#include <stdint.h>

#include "nova/chip.h"
#include "nova/fault-hook.h"
#include "nova/host.h"
#include "nova/regs/falcon.h"
#include "nova/secure-regs.h"

/* Registers and fields: nova/regs/falcon.h */

#define NOVA_FALCON_MEM_SIZE        0x10000u    /* IMEM and DMEM, 64 KiB */
#define NOVA_FALCON_BLOCK           256u

typedef enum NovaFalconEngine {
    NOVA_FALCON_GSP,
    NOVA_FALCON_SEC2,
} NovaFalconEngine;

typedef enum NovaFalconState {
    NOVA_FALCON_IN_RESET,   /* ENGINE reset asserted */
    NOVA_FALCON_SCRUBBING,  /* memories being cleared after reset */
    NOVA_FALCON_HALTED,     /* ready, or finished a run */
    NOVA_FALCON_RUNNING,    /* started; the run is pending */
} NovaFalconState;

typedef enum NovaFalconRole {
    NOVA_ROLE_NONE,
    NOVA_ROLE_BARE,             /* started with nothing loaded */
    NOVA_ROLE_FWSEC_FRTS,
    NOVA_ROLE_FWSEC_SB,
    NOVA_ROLE_BOOTER_LOAD,
    NOVA_ROLE_BOOTER_UNLOAD,
    NOVA_ROLE_UNKNOWN,          /* code the model does not recognise */
} NovaFalconRole;

/* MAILBOX0 results of failed runs: the model's own codes (docs/falcon.md) */
#define NOVA_FALCON_ERR_UNKNOWN_IMAGE   0xbadf0001u
#define NOVA_FALCON_ERR_FWSEC_INTERFACE 0xbadf0002u  /* no DMEMMAPPER */
#define NOVA_FALCON_ERR_FWSEC_COMMAND   0xbadf0003u  /* unknown init_cmd */
#define NOVA_FALCON_ERR_BOOTLOADER      0xbadf0004u  /* bad BL descriptor */
#define NOVA_BOOTER_ERR_WPR_META_DMA    0xbadb0001u
#define NOVA_BOOTER_ERR_WPR_META_MAGIC  0xbadb0002u
#define NOVA_BOOTER_ERR_WPR_META_LAYOUT 0xbadb0003u
#define NOVA_BOOTER_ERR_NO_WPR2         0xbadb0004u
#define NOVA_BOOTER_ERR_REJECTED        0xbadb0005u  /* fault injection */
/* FWSEC error codes in NV_PBUS_SW_SCRATCH */
#define NOVA_FWSEC_ERR_FRTS_REGION      0x0010u      /* bad FrtsRegion */
#define NOVA_FWSEC_ERR_WPR2_EXISTS      0x0011u

/*
 * Fault hooks, armed by callers (tests, hw/nova-gpu/fault.c). Armed faults
 * are configuration, not run state: a reset keeps them (docs/faults.md).
 */
typedef struct NovaFalconFaults {
    NovaFaultHook never_scrub;      /* scrubbing after reset never completes */
    NovaFaultHook never_halt;       /* a started CPU never halts */
    NovaFaultHook fwsec_error;      /* FWSEC-FRTS/SB report code .value */
    NovaFaultHook booter_reject;    /* booter_load refuses the WPR meta */
    NovaFaultHook intr_storm;       /* IRQSCLR of SWGEN0 leaves it set */
} NovaFalconFaults;

struct NovaFalcon;

/*
 * What a falcon is, fixed at init (copied into the falcon). Its upcalls are
 * the host interface's (NovaHost: falcon_intr, vbios, gsp_rm_boot, ...).
 */
typedef struct NovaFalconConfig {
    const char *name;           /* "GSP", "SEC2": for events */
    NovaFalconEngine engine;
    int work;                   /* host->schedule() id for the run */
    const NovaChip *chip;
    uint64_t vram_size;
    /* the device's secure scratch (WPR2, SW_SCRATCH) that FWSEC and the booter set */
    NovaSecureRegs *secure;
    /* the GSP falcon, whose RISC-V core the booter starts (SEC2); may be NULL */
    struct NovaFalcon *gsp;
} NovaFalconConfig;

typedef struct NovaFalcon {
    NovaFalconConfig cfg;       /* set at init, never changed */
    const NovaHost *host;       /* the ops table, set at init */
    const char *name;           /* cfg.name */
    NovaFalconEngine engine;    /* cfg.engine */
    bool ga102_regs;

    uint8_t *imem;
    uint8_t *dmem;
    uint16_t imem_tag[NOVA_FALCON_MEM_SIZE / NOVA_FALCON_BLOCK];
    bool imem_loaded, dmem_loaded;  /* written since the last reset */

    NovaFalconState state;
    NovaFalconRole last_role;
    uint32_t runs;
    NovaFalconFaults faults;

    uint32_t irqstat, irqmask, mailbox0, mailbox1, itfen, os, rm;
    uint32_t cpuctl_alias_en, bootvec, dmactl, engine_reg;
    uint32_t dmatrfbase, dmatrfbase1, dmatrfmoffs, dmatrffboffs, dmatrfcmd;
    uint32_t imemc, dmemc;
    uint32_t fbif_transcfg[NV_PFALCON_FBIF_TRANSCFG__SIZE_1], fbif_ctl;
    uint32_t queue[NV_PFALCON_QUEUE__SIZE_1];
    uint32_t brom_mod_sel, brom_ucode_id, brom_engidmask, brom_paraaddr0;
    uint32_t bcr_ctrl;
    bool riscv_active;
} NovaFalcon;

/*
 * Set up @f with its config and the host's ops table, both fixed from here
 * on (allocates IMEM/DMEM; 0 on success), and put it in power-on state.
 */
int nova_falcon_init(NovaFalcon *f, const NovaFalconConfig *cfg, const NovaHost *host);
void nova_falcon_free(NovaFalcon *f);
/* Power-on state; keeps the config, the ops and the armed faults. */
void nova_falcon_reset(NovaFalcon *f);
/* Register access; false for an offset the model does not implement. */
bool nova_falcon_read(NovaFalcon *f, uint32_t off, uint32_t *val);
bool nova_falcon_write(NovaFalcon *f, uint32_t off, uint32_t val);
/* Firmware on the core raises IRQSTAT bits (IRQSSET from the inside). */
void nova_falcon_raise_irq(NovaFalcon *f, uint32_t bits);
/*
 * What other engines may change in a falcon, each through its function:
 * the firmware on the core (GSP-RM) sets the interrupt mask toward the host
 * (the output is re-evaluated and signalled), its mailbox, and whether the
 * RISC-V core runs (the booter starts it, a crash stops it).
 */
void nova_falcon_set_irqmask(NovaFalcon *f, uint32_t mask);
void nova_falcon_set_mailbox0(NovaFalcon *f, uint32_t val);
/* the booter starts the RISC-V core (and selects it in BCR_CTRL) */
void nova_falcon_riscv_start(NovaFalcon *f);
/* booter_unload, or GSP-RM crashing, stops it */
void nova_falcon_riscv_stop(NovaFalcon *f);
/* IRQSTAT & IRQMASK: what the falcon presents to the host */
uint32_t nova_falcon_irq_pending(const NovaFalcon *f);
/* The deferred run after a CPU start (host->schedule(work) asked for it). */
void nova_falcon_run(NovaFalcon *f);
const char *nova_falcon_reg_name(uint32_t off);
const char *nova_falcon_role_name(NovaFalconRole role);
/* After a migration load: NULL, or which loaded value no falcon can hold */
const char *nova_falcon_invalid(const NovaFalcon *f);
const char *nova_falcon_state_name(NovaFalconState state);

#endif
