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

/*
 * VRAM is one RAM region that lives until finalize, so the copy engine may
 * move bytes straight into and out of it. A range it will write counts as
 * written now, before the write: that runs within the same engine step
 * under the BQL, so neither migration's dirty sync nor the populated map
 * (vram.c) can look in between.
 */
static void *host_vram_map(void *opaque, uint64_t off, uint64_t len, bool write)
{
    NovaGpuState *s = opaque;

    if (!vram_range_ok(s, off, len)) {
        return NULL;
    }
    if (write) {
        nova_vram_written(s, off, len);
    }
    return (uint8_t *)memory_region_get_ram_ptr(&s->vram) + off;
}

static void host_schedule(void *opaque, int work)
{
    NovaGpuState *s = opaque;

    if (work == NOVA_WORK_FIFO) {
        nova_host_fifo_schedule(s);
        return;
    }
    if (work == NOVA_WORK_DISP) {
        nova_host_disp_schedule(s);
        return;
    }
    if (!s->gone && work >= 0 && work < ARRAY_SIZE(s->falcon_bh)) {
        s->falcon_run_pending[work] = true;     /* migrated: see vmstate.c */
        qemu_bh_schedule(s->falcon_bh[work]);
    }
}

/*
 * Engine events (include/nova/host.h): each id is one trace event of the
 * same name; guest misuse also goes to LOG_GUEST_ERROR, what the model does
 * not implement to LOG_UNIMP. An event is built only when one of them is on.
 */
/* each engine event id and its trace event */
#define NOVA_EVENT_TRACES(X) \
    X(NOVA_EV_FALCON_RUN, TRACE_NOVA_GPU_FALCON_RUN) \
    X(NOVA_EV_RPC, TRACE_NOVA_GPU_RPC) \
    X(NOVA_EV_RPC_REPLY, TRACE_NOVA_GPU_RPC_REPLY) \
    X(NOVA_EV_RPC_INJECTED, TRACE_NOVA_GPU_RPC_INJECTED) \
    X(NOVA_EV_RM_CONTROL, TRACE_NOVA_GPU_RM_CONTROL) \
    X(NOVA_EV_RM_ALLOC, TRACE_NOVA_GPU_RM_ALLOC) \
    X(NOVA_EV_RM_FREE, TRACE_NOVA_GPU_RM_FREE) \
    X(NOVA_EV_BAR_PDE, TRACE_NOVA_GPU_GSP_BAR_PDE) \
    X(NOVA_EV_GSP_RM_BOOTED, TRACE_NOVA_GPU_GSP_RM_BOOTED) \
    X(NOVA_EV_CHANNEL, TRACE_NOVA_GPU_CHANNEL) \
    X(NOVA_EV_GPFIFO, TRACE_NOVA_GPU_GPFIFO) \
    X(NOVA_EV_METHOD, TRACE_NOVA_GPU_METHOD) \
    X(NOVA_EV_SEMAPHORE, TRACE_NOVA_GPU_SEMAPHORE) \
    X(NOVA_EV_COPY, TRACE_NOVA_GPU_COPY) \
    X(NOVA_EV_NONSTALL, TRACE_NOVA_GPU_NONSTALL) \
    X(NOVA_EV_CHANNEL_ERROR, TRACE_NOVA_GPU_CHANNEL_ERROR) \
    X(NOVA_EV_UNIMP_FALCON_DMA, TRACE_NOVA_GPU_UNIMP_FALCON_DMA) \
    X(NOVA_EV_UNIMP_RPC, TRACE_NOVA_GPU_UNIMP_RPC) \
    X(NOVA_EV_UNIMP_RM_CONTROL, TRACE_NOVA_GPU_UNIMP_RM_CONTROL) \
    X(NOVA_EV_UNIMP_RM_ALLOC, TRACE_NOVA_GPU_UNIMP_RM_ALLOC) \
    X(NOVA_EV_UNIMP_STATIC_INFO, TRACE_NOVA_GPU_UNIMP_STATIC_INFO) \
    X(NOVA_EV_UNIMP_METHOD, TRACE_NOVA_GPU_UNIMP_METHOD) \
    X(NOVA_EV_UB_FALCON, TRACE_NOVA_GPU_UB_FALCON) \
    X(NOVA_EV_UB_GSP_RM, TRACE_NOVA_GPU_UB_GSP_RM) \
    X(NOVA_EV_UB_RM_ALLOC, TRACE_NOVA_GPU_UB_RM_ALLOC) \
    X(NOVA_EV_UB_MMU_INST, TRACE_NOVA_GPU_UB_MMU_INST) \
    X(NOVA_EV_UB_MMU_ENTRY, TRACE_NOVA_GPU_UB_MMU_ENTRY) \
    X(NOVA_EV_UB_MMU_FAULT_BUFFER, TRACE_NOVA_GPU_UB_MMU_FAULT_BUFFER) \
    X(NOVA_EV_UB_FIFO, TRACE_NOVA_GPU_UB_FIFO) \
    X(NOVA_EV_DISP_CHANNEL, TRACE_NOVA_GPU_DISP_CHANNEL) \
    X(NOVA_EV_DISP_METHOD, TRACE_NOVA_GPU_DISP_METHOD) \
    X(NOVA_EV_DISP_UPDATE, TRACE_NOVA_GPU_DISP_UPDATE) \
    X(NOVA_EV_DISP_VBLANK, TRACE_NOVA_GPU_DISP_VBLANK) \
    X(NOVA_EV_UB_DISP, TRACE_NOVA_GPU_UB_DISP)

static bool host_event_enabled(void *opaque, NovaEventId id)
{
    bool on = false;

    switch (id) {
#define NOVA_EVENT_TRACE_ON(ev, tr) \
    case ev:                        \
        on = trace_event_get_state_backends(tr); \
        break;
    NOVA_EVENT_TRACES(NOVA_EVENT_TRACE_ON)
#undef NOVA_EVENT_TRACE_ON
    case NOVA_EV__COUNT:
        break;
    }
    switch (nova_event_group(id)) {
    case NOVA_EVENT_GUEST_ERROR:
        return on || qemu_loglevel_mask(LOG_GUEST_ERROR);
    case NOVA_EVENT_UNIMP:
        return on || qemu_loglevel_mask(LOG_UNIMP);
    default:
        return on;
    }
}

/* an RM_ALLOC refused: for a class the model lacks, or a bad request */
static void log_rm_alloc(int mask, const NovaEvent *ev)
{
    qemu_log_mask(mask, "nova-gpu: GSP-RM: RM_ALLOC of class 0x%04x (%s) as "
                  "0x%08x/0x%08x under 0x%08x: status 0x%x\n",
                  ev->rm_alloc.hclass, ev->rm_alloc.name, ev->rm_alloc.client,
                  ev->rm_alloc.object, ev->rm_alloc.parent, ev->rm_alloc.status);
}

static void host_event(void *opaque, const NovaEvent *ev)
{
    switch (ev->id) {
    case NOVA_EV_FALCON_RUN:
        trace_nova_gpu_falcon_run(ev->falcon_run.falcon, ev->falcon_run.role,
                                  ev->falcon_run.mailbox0, ev->falcon_run.mailbox1);
        break;
    case NOVA_EV_RPC:
        trace_nova_gpu_rpc(ev->rpc.fn, ev->rpc.function, ev->rpc.length);
        break;
    case NOVA_EV_RPC_REPLY:
        trace_nova_gpu_rpc_reply(ev->rpc_reply.fn, ev->rpc_reply.function,
                                 ev->rpc_reply.result);
        break;
    case NOVA_EV_RPC_INJECTED:
        trace_nova_gpu_rpc_injected(ev->rpc_injected.what, ev->rpc_injected.fn,
                                    ev->rpc_injected.function,
                                    ev->rpc_injected.value);
        break;
    case NOVA_EV_RM_CONTROL:
        trace_nova_gpu_rm_control(ev->rm_control.cmd, ev->rm_control.name,
                                  ev->rm_control.client, ev->rm_control.object,
                                  ev->rm_control.status);
        break;
    case NOVA_EV_RM_ALLOC:
        trace_nova_gpu_rm_alloc(ev->rm_alloc.hclass, ev->rm_alloc.name,
                                ev->rm_alloc.client, ev->rm_alloc.parent,
                                ev->rm_alloc.object, ev->rm_alloc.status);
        break;
    case NOVA_EV_RM_FREE:
        trace_nova_gpu_rm_free(ev->rm_free.client, ev->rm_free.object,
                               ev->rm_free.status);
        break;
    case NOVA_EV_BAR_PDE:
        trace_nova_gpu_gsp_bar_pde(ev->bar_pde.bar, ev->bar_pde.entry);
        break;
    case NOVA_EV_GSP_RM_BOOTED:
        trace_nova_gpu_gsp_rm_booted(ev->gsp_rm_booted.slots, ev->gsp_rm_booted.pages);
        break;
    case NOVA_EV_CHANNEL:
        trace_nova_gpu_channel(ev->channel.chid, ev->channel.runlist,
                               ev->channel.engine_type, ev->channel.what);
        break;
    case NOVA_EV_GPFIFO:
        trace_nova_gpu_gpfifo(ev->gpfifo.chid, ev->gpfifo.gp_get, ev->gpfifo.va,
                              ev->gpfifo.dwords);
        break;
    case NOVA_EV_METHOD:
        trace_nova_gpu_method(ev->method.chid, ev->method.subch, ev->method.cls,
                              ev->method.method, ev->method.name ? ev->method.name : "?",
                              ev->method.data);
        break;
    case NOVA_EV_SEMAPHORE:
        trace_nova_gpu_semaphore(ev->semaphore.chid, ev->semaphore.what,
                                 ev->semaphore.va, ev->semaphore.payload);
        break;
    case NOVA_EV_COPY:
        trace_nova_gpu_copy(ev->copy.chid, ev->copy.what, ev->copy.src,
                            ev->copy.dst, ev->copy.bytes);
        break;
    case NOVA_EV_NONSTALL:
        trace_nova_gpu_nonstall(ev->nonstall.chid, ev->nonstall.engine_type);
        break;
    case NOVA_EV_CHANNEL_ERROR:
        trace_nova_gpu_channel_error(ev->channel_error.chid, ev->channel_error.exception,
                                     ev->channel_error.what, ev->channel_error.info);
        break;
    case NOVA_EV_UNIMP_METHOD:
        trace_nova_gpu_unimp_method(ev->method.chid, ev->method.subch, ev->method.cls,
                                    ev->method.method,
                                    ev->method.name ? ev->method.name : "?",
                                    ev->method.data);
        qemu_log_mask(LOG_UNIMP, "nova-gpu: channel %u: class 0x%04x method 0x%04x "
                      "(%s) recorded, not executed\n", ev->method.chid, ev->method.cls,
                      ev->method.method, ev->method.name ? ev->method.name : "?");
        break;
    case NOVA_EV_UNIMP_FALCON_DMA:
        trace_nova_gpu_unimp_falcon_dma(ev->falcon_dma.falcon, ev->falcon_dma.ctxdma);
        qemu_log_mask(LOG_UNIMP, "nova-gpu: %s falcon: virtual DMA (ctxdma %u)\n",
                      ev->falcon_dma.falcon, ev->falcon_dma.ctxdma);
        break;
    case NOVA_EV_UNIMP_RPC:
        trace_nova_gpu_unimp_rpc(ev->rpc.fn, ev->rpc.function, ev->rpc.length);
        qemu_log_mask(LOG_UNIMP, "nova-gpu: GSP-RM: RPC %u (%s) not modelled: "
                      "answered NV_ERR_NOT_SUPPORTED\n", ev->rpc.function, ev->rpc.fn);
        break;
    case NOVA_EV_UNIMP_RM_CONTROL:
        trace_nova_gpu_unimp_rm_control(ev->rm_control.cmd, ev->rm_control.client,
                                        ev->rm_control.object);
        qemu_log_mask(LOG_UNIMP, "nova-gpu: GSP-RM: control 0x%08x on "
                      "0x%08x/0x%08x not modelled: NV_ERR_NOT_SUPPORTED\n",
                      ev->rm_control.cmd, ev->rm_control.client,
                      ev->rm_control.object);
        break;
    case NOVA_EV_UNIMP_RM_ALLOC:
        trace_nova_gpu_unimp_rm_alloc(ev->rm_alloc.hclass, ev->rm_alloc.name,
                                      ev->rm_alloc.client, ev->rm_alloc.parent,
                                      ev->rm_alloc.object, ev->rm_alloc.status);
        log_rm_alloc(LOG_UNIMP, ev);
        break;
    case NOVA_EV_UNIMP_STATIC_INFO:
        trace_nova_gpu_unimp_static_info();
        qemu_log_mask(LOG_UNIMP, "nova-gpu: GSP-RM: GET_GSP_STATIC_INFO before "
                      "SET_SYSTEM_INFO named the ABI\n");
        break;
    case NOVA_EV_UB_FALCON:
        trace_nova_gpu_ub_falcon(ev->falcon_ub.falcon, ev->falcon_ub.what,
                                 ev->falcon_ub.a, ev->falcon_ub.b);
        qemu_log_mask(LOG_GUEST_ERROR, "nova-gpu: %s falcon: %s (0x%" PRIx64
                      ", 0x%" PRIx64 ")\n", ev->falcon_ub.falcon, ev->falcon_ub.what,
                      ev->falcon_ub.a, ev->falcon_ub.b);
        break;
    case NOVA_EV_UB_GSP_RM:
        trace_nova_gpu_ub_gsp_rm(ev->gsp_ub.what, ev->gsp_ub.value);
        qemu_log_mask(LOG_GUEST_ERROR, "nova-gpu: GSP-RM: %s (0x%" PRIx64 ")\n",
                      ev->gsp_ub.what, ev->gsp_ub.value);
        break;
    case NOVA_EV_UB_RM_ALLOC:
        trace_nova_gpu_ub_rm_alloc(ev->rm_alloc.hclass, ev->rm_alloc.name,
                                   ev->rm_alloc.client, ev->rm_alloc.parent,
                                   ev->rm_alloc.object, ev->rm_alloc.status);
        log_rm_alloc(LOG_GUEST_ERROR, ev);
        break;
    case NOVA_EV_UB_MMU_INST:
        trace_nova_gpu_ub_mmu_inst(ev->mmu_inst.inst, ev->mmu_inst.aperture,
                                   ev->mmu_inst.what);
        qemu_log_mask(LOG_GUEST_ERROR, "nova-gpu: mmu: instance block 0x%" PRIx64
                      " (%s): %s\n", ev->mmu_inst.inst, ev->mmu_inst.aperture,
                      ev->mmu_inst.what);
        break;
    case NOVA_EV_UB_MMU_ENTRY:
        trace_nova_gpu_ub_mmu_entry(ev->mmu_entry.va, ev->mmu_entry.level,
                                    ev->mmu_entry.addr, ev->mmu_entry.aperture,
                                    ev->mmu_entry.what);
        qemu_log_mask(LOG_GUEST_ERROR, "nova-gpu: mmu: va 0x%" PRIx64 ": %s "
                      "0x%" PRIx64 " (%s): %s\n", ev->mmu_entry.va,
                      ev->mmu_entry.level, ev->mmu_entry.addr,
                      ev->mmu_entry.aperture, ev->mmu_entry.what);
        break;
    case NOVA_EV_UB_MMU_FAULT_BUFFER:
        trace_nova_gpu_ub_mmu_fault_buffer(ev->mmu_fault_buffer.what,
                                           ev->mmu_fault_buffer.addr,
                                           ev->mmu_fault_buffer.entries,
                                           ev->mmu_fault_buffer.get,
                                           ev->mmu_fault_buffer.put);
        qemu_log_mask(LOG_GUEST_ERROR, "nova-gpu: mmu: %s at 0x%" PRIx64
                      " (size %u, get %u, put %u)\n", ev->mmu_fault_buffer.what,
                      ev->mmu_fault_buffer.addr, ev->mmu_fault_buffer.entries,
                      ev->mmu_fault_buffer.get, ev->mmu_fault_buffer.put);
        break;
    case NOVA_EV_UB_FIFO:
        trace_nova_gpu_ub_fifo(ev->fifo_ub.chid, ev->fifo_ub.what, ev->fifo_ub.value);
        qemu_log_mask(LOG_GUEST_ERROR, "nova-gpu: channel %u: %s (0x%" PRIx64 ")\n",
                      ev->fifo_ub.chid, ev->fifo_ub.what, ev->fifo_ub.value);
        break;
    case NOVA_EV_DISP_CHANNEL:
        trace_nova_gpu_disp_channel(ev->disp_channel.ch, ev->disp_channel.hclass,
                                    ev->disp_channel.what);
        break;
    case NOVA_EV_DISP_METHOD:
        trace_nova_gpu_disp_method(ev->disp_method.ch, ev->disp_method.method,
                                   ev->disp_method.data);
        break;
    case NOVA_EV_DISP_UPDATE:
        trace_nova_gpu_disp_update(ev->disp_update.ch, ev->disp_update.data);
        break;
    case NOVA_EV_DISP_VBLANK:
        trace_nova_gpu_disp_vblank(ev->disp_vblank.head, ev->disp_vblank.count);
        break;
    case NOVA_EV_UB_DISP:
        trace_nova_gpu_ub_disp(ev->disp_ub.what, ev->disp_ub.value);
        qemu_log_mask(LOG_GUEST_ERROR, "nova-gpu: display: %s (0x%" PRIx64 ")\n",
                      ev->disp_ub.what, ev->disp_ub.value);
        break;
    case NOVA_EV__COUNT:
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
static void host_falcon_intr(void *opaque, unsigned e)
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

    nova_time_enter(s, NOVA_TIME_TIMER_GSP_RM);
    s->gsp_rm_resume = true;
    qemu_bh_schedule(s->gsp_rm_bh);
    nova_time_leave(s);
}

static void gsp_rm_bh(void *opaque)
{
    NovaGpuState *s = opaque;

    nova_time_enter(s, NOVA_TIME_BH_GSP_RM);
    s->gsp_rm_kick = false;
    if (s->gsp_rm_resume) {
        s->gsp_rm_resume = false;
        nova_gsp_rm_resume(&s->gsp_rm);
    }
    nova_gsp_rm_process(&s->gsp_rm);
    nova_time_leave(s);
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

    nova_time_enter(s, e == NOVA_FALCON_GSP ? NOVA_TIME_BH_GSP_FALCON :
                    NOVA_TIME_BH_SEC2_FALCON);
    s->falcon_run_pending[e] = false;
    nova_falcon_run(f);     /* its NOVA_EV_FALCON_RUN: nova_gpu_falcon_run */
    if (f->state != before) {
        trace_nova_gpu_falcon_state(f->name, nova_falcon_state_name(before),
                                    nova_falcon_state_name(f->state));
    }
    nova_time_leave(s);
}

static void gsp_falcon_bh(void *opaque)
{
    falcon_bh(opaque, NOVA_FALCON_GSP);
}

static void sec2_falcon_bh(void *opaque)
{
    falcon_bh(opaque, NOVA_FALCON_SEC2);
}

/*
 * The engines are configured once, here: the ops table first, then each
 * engine with its const config. Nothing is attached or changed afterwards.
 */
bool nova_host_init(NovaGpuState *s, Error **errp)
{
    DeviceState *dev = DEVICE(s);
    NovaFalconConfig falcon_cfg[2] = {
        [NOVA_FALCON_GSP] = {
            .name = "GSP", .engine = NOVA_FALCON_GSP, .work = NOVA_FALCON_GSP,
            .chip = s->chip, .vram_size = s->vram_size, .secure = &s->secure,
            .gsp = &s->falcon[NOVA_FALCON_GSP],
        },
        [NOVA_FALCON_SEC2] = {
            .name = "SEC2", .engine = NOVA_FALCON_SEC2, .work = NOVA_FALCON_SEC2,
            .chip = s->chip, .vram_size = s->vram_size, .secure = &s->secure,
            .gsp = &s->falcon[NOVA_FALCON_GSP],
        },
    };
    NovaGspRmConfig gsp_rm_cfg = {
        .chip = s->chip,
        .gsp = &s->falcon[NOVA_FALCON_GSP],
        .secure = &s->secure,
        .vram_size = s->vram_size,
        /* r535 nouveau uses the lower half of BAR2 (bar2_halve) */
        .bar_size = { 0, s->bar1_size, NOVA_BAR3_SIZE / 2 },
        .fifo = &s->fifo,
        .disp = s->display ? &s->disp : NULL,
    };

    s->host = (NovaHost) {
        .opaque = s,
        .dma_read = host_dma_read,
        .dma_write = host_dma_write,
        .vram_read = host_vram_read,
        .vram_write = host_vram_write,
        .vram_map = host_vram_map,
        .schedule = host_schedule,
        .event_enabled = host_event_enabled,
        .event = host_event,
        .falcon_intr = host_falcon_intr,
        .vbios = host_vbios,
        .gsp_rm_boot = host_gsp_rm_boot,
        .gsp_rm_shutdown = host_gsp_rm_shutdown,
        .bar_bind = host_gsp_bar_bind,
        .tlb_invalidate = host_gsp_tlb_invalidate,
        .transcript = host_gsp_transcript,
        .defer = host_gsp_defer,
    };
    nova_host_fifo_ops(s, &s->host);
    nova_host_disp_ops(s, &s->host);
    s->falcon_bh[NOVA_FALCON_GSP] =
        qemu_bh_new_guarded(gsp_falcon_bh, s, &dev->mem_reentrancy_guard);
    s->falcon_bh[NOVA_FALCON_SEC2] =
        qemu_bh_new_guarded(sec2_falcon_bh, s, &dev->mem_reentrancy_guard);
    s->gsp_rm_bh = qemu_bh_new_guarded(gsp_rm_bh, s, &dev->mem_reentrancy_guard);
    s->gsp_rm_timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, gsp_rm_timer_cb, s);
    if (nova_falcon_init(&s->falcon[NOVA_FALCON_GSP], &falcon_cfg[NOVA_FALCON_GSP],
                         &s->host) ||
        nova_falcon_init(&s->falcon[NOVA_FALCON_SEC2], &falcon_cfg[NOVA_FALCON_SEC2],
                         &s->host)) {
        error_setg(errp, "nova-gpu: out of memory for falcon IMEM/DMEM");
        nova_host_exit(s);
        return false;
    }
    nova_host_fifo_init(s);
    nova_host_disp_init(s);
    nova_gsp_rm_init(&s->gsp_rm, &gsp_rm_cfg, &s->host);
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
    nova_host_fifo_reset(s);
    nova_host_disp_reset(s);
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
    nova_host_fifo_stop(s);
    nova_host_disp_stop(s);
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
    nova_host_fifo_exit(s);
    nova_host_disp_exit(s);
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
