/*
 * nova-gpu: the host interface (include/nova/host.h) over QEMU.
 *
 * Guest memory goes through the PCI device's DMA address space, so an IOMMU
 * in front of the device applies; every result is checked. VRAM accesses
 * are bounded by the VRAM size. Engine work runs from bottom halves created
 * with the device's re-entrancy guard: a falcon run never happens inside the
 * MMIO write that started the CPU, and a DMA aimed back at the device's own
 * BARs cannot re-enter it. The rule for DMA, interrupts, reset and unplug
 * that come back to the device is in nova-gpu.h (nova_io_begin).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/log.h"
#include "qemu/main-loop.h"
#include "qemu/timer.h"
#include "qemu/units.h"
#include "system/dma.h"
#include "nova-gpu.h"
#include "trace.h"

/*
 * Every DMA runs with the device's re-entrancy guard engaged, whoever asked
 * for it (an engine's bottom half, an MMIO access, a monitor command): see
 * nova_io_begin(). Once the device is unplugged, none is issued.
 */
static int host_dma(NovaGpuState *s, uint64_t addr, void *buf, size_t len,
                    DMADirection dir)
{
    MemTxResult r;
    bool was;

    if (s->gone) {
        trace_nova_gpu_dma_gone(addr, len);
        return -1;
    }
    was = nova_io_begin(s);
    r = pci_dma_rw(PCI_DEVICE(s), addr, buf, len, dir, MEMTXATTRS_UNSPECIFIED);
    nova_io_end(s, was);
    if (dir == DMA_DIRECTION_TO_DEVICE) {
        trace_nova_gpu_dma_read(addr, len, r);
    } else {
        trace_nova_gpu_dma_write(addr, len, r);
    }
    return r == MEMTX_OK ? 0 : -1;
}

static int host_dma_read(void *opaque, uint64_t addr, void *buf, size_t len)
{
    return host_dma(opaque, addr, buf, len, DMA_DIRECTION_TO_DEVICE);
}

static int host_dma_write(void *opaque, uint64_t addr, const void *buf,
                          size_t len)
{
    return host_dma(opaque, addr, (void *)buf, len, DMA_DIRECTION_FROM_DEVICE);
}

static bool vram_range_ok(NovaGpuState *s, uint64_t off, size_t len)
{
    return !s->gone && off <= s->vram_size && len <= s->vram_size - off;
}

static int host_vram_read(void *opaque, uint64_t off, void *buf, size_t len)
{
    NovaGpuState *s = opaque;

    if (!vram_range_ok(s, off, len)) {
        return -1;
    }
    memcpy(buf, (uint8_t *)memory_region_get_ram_ptr(&s->vram) + off, len);
    return 0;
}

static int host_vram_write(void *opaque, uint64_t off, const void *buf,
                           size_t len)
{
    NovaGpuState *s = opaque;

    if (!vram_range_ok(s, off, len)) {
        return -1;
    }
    memcpy((uint8_t *)memory_region_get_ram_ptr(&s->vram) + off, buf, len);
    nova_vram_written(s, off, len);
    return 0;
}

static void host_schedule(void *opaque, int work)
{
    NovaGpuState *s = opaque;

    if (!s->gone && work >= 0 && work < ARRAY_SIZE(s->falcon_bh)) {
        s->falcon_run_pending[work] = true;     /* migrated: see vmstate.c */
        qemu_bh_schedule(s->falcon_bh[work]);
    }
}

static void host_log(void *opaque, NovaLogLevel level, const char *msg)
{
    switch (level) {
    case NOVA_LOG_TRACE:
        trace_nova_gpu_engine(msg);
        break;
    case NOVA_LOG_GUEST_ERROR:
        trace_nova_gpu_ub_engine(msg);
        qemu_log_mask(LOG_GUEST_ERROR, "nova-gpu: %s\n", msg);
        break;
    case NOVA_LOG_UNIMP:
        trace_nova_gpu_unimp_engine(msg);
        qemu_log_mask(LOG_UNIMP, "nova-gpu: %s\n", msg);
        break;
    }
}

static const uint8_t *host_vbios(void *opaque, size_t *len)
{
    return nova_prom_image(opaque, len);
}

/* booter_load hands over to GSP-RM (gsp-model/) */
static void host_gsp_rm_boot(void *opaque, uint64_t wpr_meta, uint64_t libos)
{
    NovaGpuState *s = opaque;

    trace_nova_gpu_gsp_rm_boot(wpr_meta, libos);
    nova_gsp_rm_boot(&s->gsp_rm, wpr_meta, libos);
}

static void host_gsp_rm_shutdown(void *opaque)
{
    NovaGpuState *s = opaque;

    trace_nova_gpu_gsp_rm_shutdown();
    nova_gsp_rm_shutdown(&s->gsp_rm);
}

/*
 * The GSP falcon's interrupt output drives the CPU vector GSP-RM reports in
 * its interrupt table, as a level (SEC2's output is not routed: no driver
 * on the GSP path takes SEC2 interrupts).
 */
static void host_falcon_intr(void *opaque, NovaFalconEngine e)
{
    NovaGpuState *s = opaque;
    bool level;

    if (e != NOVA_FALCON_GSP) {
        return;
    }
    level = nova_falcon_irq_pending(&s->falcon[NOVA_FALCON_GSP]) != 0;
    trace_nova_gpu_gsp_intr(s->falcon[NOVA_FALCON_GSP].irqstat,
                            s->falcon[NOVA_FALCON_GSP].irqmask, level);
    nova_intr_set_level(&s->intr, NOVA_GSP_INTR_VECTOR, level);
    nova_irq_update(s);
}

/* What GSP-RM does to the MMU: bind the BARs, invalidate after its writes */
static void host_gsp_bar_bind(void *opaque, unsigned bar, uint32_t block)
{
    nova_gmmu_bar_bind(opaque, bar, block);
}

static void host_gsp_tlb_invalidate(void *opaque)
{
    nova_gmmu_invalidate_all(opaque);
}

static void host_gsp_transcript(void *opaque, bool to_gsp, uint32_t function,
                                uint32_t seq, uint32_t result, uint32_t length,
                                const uint8_t *params)
{
    trace_nova_gpu_gsp_message(to_gsp ? "to-gsp" : "from-gsp", function, seq,
                               result, length);
    nova_transcript_record(opaque, to_gsp, function, seq, result, length, params);
}

/* "rpc-delay": GSP-RM takes the held RPC after @ns of virtual time */
static void host_gsp_defer(void *opaque, uint64_t ns)
{
    NovaGpuState *s = opaque;

    if (s->gone) {
        return;
    }
    timer_mod(s->gsp_rm_timer, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) +
              (int64_t)MIN(ns, (uint64_t)INT64_MAX / 2));
}

/* the delay is over: resume in the guarded bottom half, like a doorbell */
static void gsp_rm_timer_cb(void *opaque)
{
    NovaGpuState *s = opaque;

    s->gsp_rm_resume = true;
    qemu_bh_schedule(s->gsp_rm_bh);
}

static const NovaGspRmHooks gsp_rm_hooks = {
    .bar_bind = host_gsp_bar_bind,
    .tlb_invalidate = host_gsp_tlb_invalidate,
    .transcript = host_gsp_transcript,
    .defer = host_gsp_defer,
};

static void gsp_rm_bh(void *opaque)
{
    NovaGpuState *s = opaque;

    s->gsp_rm_kick = false;
    if (s->gsp_rm_resume) {
        s->gsp_rm_resume = false;
        nova_gsp_rm_resume(&s->gsp_rm);
    }
    nova_gsp_rm_process(&s->gsp_rm);
}

void nova_host_doorbell(NovaGpuState *s)
{
    if (s->gsp_rm_bh && !s->gone) {
        s->gsp_rm_kick = true;                  /* migrated: see vmstate.c */
        qemu_bh_schedule(s->gsp_rm_bh);
    }
}

static void falcon_bh(NovaGpuState *s, NovaFalconEngine e)
{
    NovaFalcon *f = &s->falcon[e];
    NovaFalconState before = f->state;

    s->falcon_run_pending[e] = false;
    nova_falcon_run(f);
    trace_nova_gpu_falcon_run(f->name, nova_falcon_role_name(f->last_role),
                              f->mailbox0, f->mailbox1);
    if (f->state != before) {
        trace_nova_gpu_falcon_state(f->name, nova_falcon_state_name(before),
                                    nova_falcon_state_name(f->state));
    }
}

static void gsp_falcon_bh(void *opaque)
{
    falcon_bh(opaque, NOVA_FALCON_GSP);
}

static void sec2_falcon_bh(void *opaque)
{
    falcon_bh(opaque, NOVA_FALCON_SEC2);
}

bool nova_host_init(NovaGpuState *s, Error **errp)
{
    DeviceState *dev = DEVICE(s);

    s->host = (NovaHost) {
        .opaque = s,
        .dma_read = host_dma_read,
        .dma_write = host_dma_write,
        .vram_read = host_vram_read,
        .vram_write = host_vram_write,
        .schedule = host_schedule,
        .log = host_log,
    };
    s->falcon_env = (NovaFalconEnv) {
        .host = &s->host,
        .secure = &s->secure,
        .vram_size = s->vram_size,
        .vbios = host_vbios,
        .gsp_rm_boot = host_gsp_rm_boot,
        .gsp_rm_shutdown = host_gsp_rm_shutdown,
        .gsp = &s->falcon[NOVA_FALCON_GSP],
        .intr = host_falcon_intr,
    };
    s->falcon_bh[NOVA_FALCON_GSP] =
        qemu_bh_new_guarded(gsp_falcon_bh, s, &dev->mem_reentrancy_guard);
    s->falcon_bh[NOVA_FALCON_SEC2] =
        qemu_bh_new_guarded(sec2_falcon_bh, s, &dev->mem_reentrancy_guard);
    s->gsp_rm_bh = qemu_bh_new_guarded(gsp_rm_bh, s, &dev->mem_reentrancy_guard);
    s->gsp_rm_timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, gsp_rm_timer_cb, s);
    if (nova_falcon_init(&s->falcon[NOVA_FALCON_GSP], "GSP", NOVA_FALCON_GSP,
                         NOVA_FALCON_GSP, s->chip, &s->falcon_env) ||
        nova_falcon_init(&s->falcon[NOVA_FALCON_SEC2], "SEC2", NOVA_FALCON_SEC2,
                         NOVA_FALCON_SEC2, s->chip, &s->falcon_env)) {
        error_setg(errp, "nova-gpu: out of memory for falcon IMEM/DMEM");
        nova_host_exit(s);
        return false;
    }
    nova_gsp_rm_init(&s->gsp_rm, &s->host, s->chip, &s->falcon[NOVA_FALCON_GSP],
                     &s->secure, s->vram_size);
    s->gsp_rm.hooks = &gsp_rm_hooks;
    s->gsp_rm.bar_size[1] = s->bar1_size;
    /* r535 nouveau uses the lower half of the BAR (bar2_halve) */
    s->gsp_rm.bar_size[2] = NOVA_BAR3_SIZE / 2;
    return true;
}

void nova_host_reset(NovaGpuState *s)
{
    int i;

    if (s->gsp_rm_timer) {
        timer_del(s->gsp_rm_timer);
    }
    s->gsp_rm_resume = false;
    s->gsp_rm_kick = false;
    s->falcon_run_pending[0] = s->falcon_run_pending[1] = false;
    if (s->gsp_rm_bh) {
        qemu_bh_cancel(s->gsp_rm_bh);
        nova_gsp_rm_reset(&s->gsp_rm);
    }
    for (i = 0; i < ARRAY_SIZE(s->falcon); i++) {
        if (s->falcon_bh[i]) {
            qemu_bh_cancel(s->falcon_bh[i]);
        }
        if (s->falcon[i].imem) {
            nova_falcon_reset(&s->falcon[i]);
        }
    }
}

/*
 * Unplug: nothing runs from here on. The callbacks need no check of their
 * own: this cancels what is pending, and host_schedule, the doorbell and
 * host_gsp_defer refuse to schedule anything once the device is gone.
 */
void nova_host_stop(NovaGpuState *s)
{
    int i;

    if (s->gsp_rm_timer) {
        timer_del(s->gsp_rm_timer);
    }
    if (s->gsp_rm_bh) {
        qemu_bh_cancel(s->gsp_rm_bh);
    }
    for (i = 0; i < ARRAY_SIZE(s->falcon_bh); i++) {
        if (s->falcon_bh[i]) {
            qemu_bh_cancel(s->falcon_bh[i]);
        }
    }
}

void nova_host_exit(NovaGpuState *s)
{
    int i;

    nova_gsp_rm_free(&s->gsp_rm);
    if (s->gsp_rm_timer) {
        timer_free(s->gsp_rm_timer);
        s->gsp_rm_timer = NULL;
    }
    if (s->gsp_rm_bh) {
        qemu_bh_delete(s->gsp_rm_bh);
        s->gsp_rm_bh = NULL;
    }
    for (i = 0; i < ARRAY_SIZE(s->falcon); i++) {
        if (s->falcon_bh[i]) {
            qemu_bh_delete(s->falcon_bh[i]);
            s->falcon_bh[i] = NULL;
        }
        nova_falcon_free(&s->falcon[i]);
    }
}
