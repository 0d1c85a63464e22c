/*
 * nova-gpu: migration. Every engine's state, so that a VM can be saved and
 * restored at any point of the drivers' bring-up: the falcons (memories,
 * registers, fault hooks), GSP-RM (queue state, counters, the object
 * database), the MMU registers and the interrupt tree. VRAM and the ROM BAR
 * are RAM regions QEMU migrates on its own; of VRAM only the pages the guest
 * can have written (vram.c, whose map is a subsection here).
 *
 * What is derived is rebuilt after loading rather than migrated: the BAR
 * address spaces from their block registers, an empty TLB (translations
 * are re-walked); pending falcon runs and doorbells are flags, rescheduled.
 *
 * Every state a guest can hold the device in migrates, a half-received
 * split RPC included (a subsection). Loading validates: see post_load.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "migration/vmstate.h"
#include "qemu/main-loop.h"
#include "nova-gpu.h"

static const VMStateDescription vmstate_nova_fault_hook = {
    .name = "nova-gpu/fault-hook",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_BOOL(armed, NovaFaultHook),
        VMSTATE_UINT32(remaining, NovaFaultHook),
        VMSTATE_UINT32(skip, NovaFaultHook),
        VMSTATE_UINT64(value, NovaFaultHook),
        VMSTATE_UINT32(match, NovaFaultHook),
        VMSTATE_UINT32(hits, NovaFaultHook),
        VMSTATE_END_OF_LIST()
    },
};

#define VMSTATE_FAULT_HOOK(_f, _s) \
    VMSTATE_STRUCT(_f, _s, 1, vmstate_nova_fault_hook, NovaFaultHook)

static const VMStateDescription vmstate_nova_falcon = {
    .name = "nova-gpu/falcon",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_BUFFER_POINTER_UNSAFE(imem, NovaFalcon, 0, NOVA_FALCON_MEM_SIZE),
        VMSTATE_BUFFER_POINTER_UNSAFE(dmem, NovaFalcon, 0, NOVA_FALCON_MEM_SIZE),
        VMSTATE_UINT16_ARRAY(imem_tag, NovaFalcon,
                             NOVA_FALCON_MEM_SIZE / NOVA_FALCON_BLOCK),
        VMSTATE_BOOL(imem_loaded, NovaFalcon),
        VMSTATE_BOOL(dmem_loaded, NovaFalcon),
        VMSTATE_SINGLE(state, NovaFalcon, 1, vmstate_info_int32, NovaFalconState),
        VMSTATE_SINGLE(last_role, NovaFalcon, 1, vmstate_info_int32, NovaFalconRole),
        VMSTATE_UINT32(runs, NovaFalcon),
        VMSTATE_FAULT_HOOK(faults.never_scrub, NovaFalcon),
        VMSTATE_FAULT_HOOK(faults.never_halt, NovaFalcon),
        VMSTATE_FAULT_HOOK(faults.fwsec_error, NovaFalcon),
        VMSTATE_FAULT_HOOK(faults.booter_reject, NovaFalcon),
        VMSTATE_FAULT_HOOK(faults.intr_storm, NovaFalcon),
        VMSTATE_UINT32(irqstat, NovaFalcon),
        VMSTATE_UINT32(irqmask, NovaFalcon),
        VMSTATE_UINT32(mailbox0, NovaFalcon),
        VMSTATE_UINT32(mailbox1, NovaFalcon),
        VMSTATE_UINT32(itfen, NovaFalcon),
        VMSTATE_UINT32(os, NovaFalcon),
        VMSTATE_UINT32(rm, NovaFalcon),
        VMSTATE_UINT32(cpuctl_alias_en, NovaFalcon),
        VMSTATE_UINT32(bootvec, NovaFalcon),
        VMSTATE_UINT32(dmactl, NovaFalcon),
        VMSTATE_UINT32(engine_reg, NovaFalcon),
        VMSTATE_UINT32(dmatrfbase, NovaFalcon),
        VMSTATE_UINT32(dmatrfbase1, NovaFalcon),
        VMSTATE_UINT32(dmatrfmoffs, NovaFalcon),
        VMSTATE_UINT32(dmatrffboffs, NovaFalcon),
        VMSTATE_UINT32(dmatrfcmd, NovaFalcon),
        VMSTATE_UINT32(imemc, NovaFalcon),
        VMSTATE_UINT32(dmemc, NovaFalcon),
        VMSTATE_UINT32_ARRAY(fbif_transcfg, NovaFalcon, 8),
        VMSTATE_UINT32(fbif_ctl, NovaFalcon),
        VMSTATE_UINT32_ARRAY(queue, NovaFalcon, NV_PFALCON_QUEUE__SIZE_1),
        VMSTATE_UINT32(brom_mod_sel, NovaFalcon),
        VMSTATE_UINT32(brom_ucode_id, NovaFalcon),
        VMSTATE_UINT32(brom_engidmask, NovaFalcon),
        VMSTATE_UINT32(brom_paraaddr0, NovaFalcon),
        VMSTATE_UINT32(bcr_ctrl, NovaFalcon),
        VMSTATE_BOOL(riscv_active, NovaFalcon),
        VMSTATE_END_OF_LIST()
    },
};

/*
 * The class data is a union of plain integers (a VA space's levels, a
 * channel's memory, an engine object's engine): saved as its bytes, and
 * checked after the load by nova_gsp_rm_invalid() like every other field.
 */
static const VMStateDescription vmstate_nova_rm_object = {
    .name = "nova-gpu/rm-object",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_BOOL(used, NovaRmObject),
        VMSTATE_UINT32(client, NovaRmObject),
        VMSTATE_UINT32(handle, NovaRmObject),
        VMSTATE_UINT32(parent, NovaRmObject),
        VMSTATE_UINT32(hclass, NovaRmObject),
        VMSTATE_BUFFER_UNSAFE(u, NovaRmObject, 0, sizeof(((NovaRmObject *)0)->u)),
        VMSTATE_END_OF_LIST()
    },
};

/*
 * An RPC half-received through continuation records: what arrived so far
 * travels with the state, so a guest that never sends the rest cannot block
 * a migration. Its length is checked before the buffer is allocated.
 */
static bool gsp_rm_cont_needed(void *opaque)
{
    NovaGspRm *rm = opaque;

    return rm->cont != NULL;
}

/*
 * Loading over a running device: drop the part-received RPC it held, before
 * GSP-RM's fields (a stream without the subsection has none to give back).
 */
static int gsp_rm_pre_load(void *opaque)
{
    NovaGspRm *rm = opaque;

    free(rm->cont);
    rm->cont = NULL;
    rm->cont_len = 0;
    return 0;
}

static bool gsp_rm_cont_len_ok(void *opaque, int version_id)
{
    NovaGspRm *rm = opaque;

    return rm->cont_len > 0 && rm->cont_len <= NOVA_GSP_MAX_RPC_SIZE;
}

static const VMStateDescription vmstate_nova_gsp_rm_cont = {
    .name = "nova-gpu/gsp-rm/split-rpc",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = gsp_rm_cont_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(cont_function, NovaGspRm),
        VMSTATE_UINT32(cont_want, NovaGspRm),
        VMSTATE_UINT32(cont_len, NovaGspRm),
        VMSTATE_VALIDATE("split RPC length within 1 MiB", gsp_rm_cont_len_ok),
        VMSTATE_VBUFFER_ALLOC_UINT32(cont, NovaGspRm, 0, NULL, cont_len),
        VMSTATE_END_OF_LIST()
    },
};

static const VMStateDescription vmstate_nova_gsp_rm = {
    .name = "nova-gpu/gsp-rm",
    .version_id = 1,
    .minimum_version_id = 1,
    .pre_load = gsp_rm_pre_load,
    .fields = (const VMStateField[]) {
        VMSTATE_SINGLE(state, NovaGspRm, 1, vmstate_info_int32, NovaGspRmState),
        VMSTATE_SINGLE(abi, NovaGspRm, 1, vmstate_info_int32, NovaGspAbi),
        VMSTATE_UINT64(wpr_meta, NovaGspRm),
        VMSTATE_UINT64(libos, NovaGspRm),
        VMSTATE_UINT64(non_wpr_heap, NovaGspRm),
        VMSTATE_UINT64_ARRAY(shm_page, NovaGspRm, NOVA_GSP_MAX_SHM_PAGES),
        VMSTATE_UINT32(shm_pages, NovaGspRm),
        VMSTATE_UINT64(cmdq_off, NovaGspRm),
        VMSTATE_UINT64(statq_off, NovaGspRm),
        VMSTATE_UINT32(msg_count, NovaGspRm),
        VMSTATE_UINT32(seq, NovaGspRm),
        VMSTATE_STRUCT_ARRAY(db.obj, NovaGspRm, NOVA_RM_MAX_OBJECTS, 1,
                             vmstate_nova_rm_object, NovaRmObject),
        VMSTATE_UINT32(db.count, NovaGspRm),
        VMSTATE_UINT32(db.allocs, NovaGspRm),
        VMSTATE_UINT32(db.handle_gen, NovaGspRm),
        VMSTATE_UINT32(db.frees, NovaGspRm),
        VMSTATE_UINT32(db.failures, NovaGspRm),
        VMSTATE_UINT32(rpcs_received, NovaGspRm),
        VMSTATE_UINT32(rpcs_unsupported, NovaGspRm),
        VMSTATE_UINT32(messages_sent, NovaGspRm),
        VMSTATE_UINT32(bad_elements, NovaGspRm),
        VMSTATE_UINT32(continuations_in, NovaGspRm),
        VMSTATE_UINT32(continuations_out, NovaGspRm),
        VMSTATE_UINT32_ARRAY(by_function, NovaGspRm, NOVA_GSP_FUNCTIONS),
        VMSTATE_FAULT_HOOK(faults.no_init_done, NovaGspRm),
        VMSTATE_FAULT_HOOK(faults.crash, NovaGspRm),
        VMSTATE_FAULT_HOOK(faults.rpc_status, NovaGspRm),
        VMSTATE_FAULT_HOOK(faults.rpc_no_reply, NovaGspRm),
        VMSTATE_FAULT_HOOK(faults.rpc_bad_checksum, NovaGspRm),
        VMSTATE_FAULT_HOOK(faults.lost_intr, NovaGspRm),
        VMSTATE_FAULT_HOOK(faults.rpc_delay, NovaGspRm),
        VMSTATE_BOOL(corrupt_next, NovaGspRm),
        VMSTATE_BOOL(delaying, NovaGspRm),
        VMSTATE_BOOL(delay_over, NovaGspRm),
        VMSTATE_UINT32(registry_entries, NovaGspRm),
        VMSTATE_UINT32(sysinfo_len, NovaGspRm),
        VMSTATE_END_OF_LIST()
    },
    .subsections = (const VMStateDescription * const []) {
        &vmstate_nova_gsp_rm_cont,
        NULL
    },
};

/* --- submission: the channels and their hosts' run state (fifo/) ------------------ */

#define VMSTATE_APERTURE(_f, _s) \
    VMSTATE_SINGLE(_f, _s, 1, vmstate_info_int32, NovaMmuAperture)

static const VMStateDescription vmstate_nova_channel_desc = {
    .name = "nova-gpu/channel-desc",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(chid, NovaChannelDesc),
        VMSTATE_UINT32(runlist, NovaChannelDesc),
        VMSTATE_UINT32(engine_type, NovaChannelDesc),
        VMSTATE_UINT32(hclass, NovaChannelDesc),
        VMSTATE_UINT32(client, NovaChannelDesc),
        VMSTATE_UINT32(handle, NovaChannelDesc),
        VMSTATE_UINT64(inst, NovaChannelDesc),
        VMSTATE_APERTURE(inst_aperture, NovaChannelDesc),
        VMSTATE_UINT64(userd, NovaChannelDesc),
        VMSTATE_APERTURE(userd_aperture, NovaChannelDesc),
        VMSTATE_UINT64(gpfifo_va, NovaChannelDesc),
        VMSTATE_UINT32(gpfifo_entries, NovaChannelDesc),
        VMSTATE_UINT64(mthdbuf, NovaChannelDesc),
        VMSTATE_UINT64(error_notifier, NovaChannelDesc),
        VMSTATE_BOOL(priv, NovaChannelDesc),
        VMSTATE_END_OF_LIST()
    },
};

static const VMStateDescription vmstate_nova_ce_state = {
    .name = "nova-gpu/ce-state",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(offset_in_upper, NovaCeState),
        VMSTATE_UINT32(offset_in_lower, NovaCeState),
        VMSTATE_UINT32(offset_out_upper, NovaCeState),
        VMSTATE_UINT32(offset_out_lower, NovaCeState),
        VMSTATE_UINT32(pitch_in, NovaCeState),
        VMSTATE_UINT32(pitch_out, NovaCeState),
        VMSTATE_UINT32(line_length_in, NovaCeState),
        VMSTATE_UINT32(line_count, NovaCeState),
        VMSTATE_UINT32(src_phys_mode, NovaCeState),
        VMSTATE_UINT32(dst_phys_mode, NovaCeState),
        VMSTATE_UINT32(remap_const_a, NovaCeState),
        VMSTATE_UINT32(remap_const_b, NovaCeState),
        VMSTATE_UINT32(remap_components, NovaCeState),
        VMSTATE_UINT32(sem_a, NovaCeState),
        VMSTATE_UINT32(sem_b, NovaCeState),
        VMSTATE_UINT32(sem_payload, NovaCeState),
        VMSTATE_UINT32(sem_payload_upper, NovaCeState),
        VMSTATE_BOOL(active, NovaCeState),
        VMSTATE_UINT32(launch, NovaCeState),
        VMSTATE_UINT32(line, NovaCeState),
        VMSTATE_UINT64(line_done, NovaCeState),
        VMSTATE_END_OF_LIST()
    },
};

static const VMStateDescription vmstate_nova_channel = {
    .name = "nova-gpu/channel",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_SINGLE(state, NovaChannel, 1, vmstate_info_int32, NovaChannelState),
        VMSTATE_UINT32(serial, NovaChannel),
        VMSTATE_STRUCT(desc, NovaChannel, 1, vmstate_nova_channel_desc, NovaChannelDesc),
        VMSTATE_BOOL(pending, NovaChannel),
        VMSTATE_UINT32_ARRAY(subch_class, NovaChannel, NOVA_FIFO_SUBCHANNELS),
        VMSTATE_UINT32(gp_get, NovaChannel),
        VMSTATE_BOOL(seg_active, NovaChannel),
        VMSTATE_UINT64(seg_va, NovaChannel),
        VMSTATE_UINT32(seg_dwords, NovaChannel),
        VMSTATE_UINT32(seg_pos, NovaChannel),
        VMSTATE_UINT32(mthd_op, NovaChannel),
        VMSTATE_UINT32(mthd_subch, NovaChannel),
        VMSTATE_UINT32(mthd_addr, NovaChannel),
        VMSTATE_UINT32(mthd_count, NovaChannel),
        VMSTATE_UINT32(sema, NovaChannel),
        VMSTATE_UINT32(semb, NovaChannel),
        VMSTATE_UINT32(semc, NovaChannel),
        VMSTATE_UINT32(sem_addr_lo, NovaChannel),
        VMSTATE_UINT32(sem_addr_hi, NovaChannel),
        VMSTATE_UINT32(sem_payload_lo, NovaChannel),
        VMSTATE_UINT32(sem_payload_hi, NovaChannel),
        VMSTATE_UINT32(mem_op_a, NovaChannel),
        VMSTATE_UINT32(mem_op_b, NovaChannel),
        VMSTATE_UINT32(mem_op_c, NovaChannel),
        VMSTATE_SINGLE(wait, NovaChannel, 1, vmstate_info_int32, NovaChanWait),
        VMSTATE_UINT64(wait_start_ns, NovaChannel),
        VMSTATE_UINT64(wait_until_ns, NovaChannel),
        VMSTATE_STRUCT(ce, NovaChannel, 1, vmstate_nova_ce_state, NovaCeState),
        VMSTATE_UINT32_ARRAY(gr.sem_a, NovaChannel, NOVA_FIFO_SUBCHANNELS),
        VMSTATE_UINT32_ARRAY(gr.sem_b, NovaChannel, NOVA_FIFO_SUBCHANNELS),
        VMSTATE_UINT32_ARRAY(gr.sem_c, NovaChannel, NOVA_FIFO_SUBCHANNELS),
        VMSTATE_UINT64(gr.methods, NovaChannel),
        VMSTATE_UINT64(gr.draws, NovaChannel),
        VMSTATE_UINT64(gr.dispatches, NovaChannel),
        VMSTATE_UINT64(stats.entries, NovaChannel),
        VMSTATE_UINT64(stats.methods, NovaChannel),
        VMSTATE_UINT64(stats.bytes, NovaChannel),
        VMSTATE_UINT64(stats.releases, NovaChannel),
        VMSTATE_UINT64(stats.acquires, NovaChannel),
        VMSTATE_UINT64(stats.errors, NovaChannel),
        VMSTATE_END_OF_LIST()
    },
};

/* sent once the guest has used submission (a channel, a doorbell, a fault armed) */
static bool nova_fifo_needed(void *opaque)
{
    NovaGpuState *s = opaque;
    NovaFifo *f = &s->fifo;
    unsigned i;

    if (f->doorbells || f->run_scheduled || s->fifo_kick || f->faults.channel_error.armed ||
        f->faults.sem_release_drop.armed || f->faults.nonstall_lost.armed ||
        f->faults.ce_stall.armed) {
        return true;
    }
    for (i = 0; i < NOVA_FIFO_MAX_CHANNELS; i++) {
        if (f->ch[i].state != NOVA_CHAN_FREE) {
            return true;
        }
    }
    return false;
}

static const VMStateDescription vmstate_nova_fifo = {
    .name = "nova-gpu/fifo",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = nova_fifo_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_FAULT_HOOK(fifo.faults.channel_error, NovaGpuState),
        VMSTATE_FAULT_HOOK(fifo.faults.sem_release_drop, NovaGpuState),
        VMSTATE_FAULT_HOOK(fifo.faults.nonstall_lost, NovaGpuState),
        VMSTATE_FAULT_HOOK(fifo.faults.ce_stall, NovaGpuState),
        VMSTATE_STRUCT_ARRAY(fifo.ch, NovaGpuState, NOVA_FIFO_MAX_CHANNELS, 1,
                             vmstate_nova_channel, NovaChannel),
        VMSTATE_UINT32(fifo.rr_next, NovaGpuState),
        VMSTATE_BOOL(fifo.run_scheduled, NovaGpuState),
        VMSTATE_UINT32(fifo.serial, NovaGpuState),
        VMSTATE_UINT32(fifo.doorbells, NovaGpuState),
        VMSTATE_UINT64(fifo.progress, NovaGpuState),
        VMSTATE_UINT64(fifo.runs, NovaGpuState),
        VMSTATE_BOOL(fifo_kick, NovaGpuState),
        VMSTATE_TIMER_PTR(fifo_timer, NovaGpuState),
        VMSTATE_END_OF_LIST()
    },
};

/* --- the display (display=on): disp/ and disp.c ---------------------------------- */

static const VMStateDescription vmstate_nova_disp_channel = {
    .name = "nova-gpu/disp-channel",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_BOOL(allocated, NovaDispChannel),
        VMSTATE_BOOL(pb_valid, NovaDispChannel),
        VMSTATE_UINT32(pb_aspace, NovaDispChannel),
        VMSTATE_UINT64(pb_addr, NovaDispChannel),
        VMSTATE_UINT64(pb_limit, NovaDispChannel),
        VMSTATE_UINT32(hclass, NovaDispChannel),
        VMSTATE_UINT32(put, NovaDispChannel),
        VMSTATE_UINT32(get, NovaDispChannel),
        VMSTATE_BOOL(stopped, NovaDispChannel),
        VMSTATE_UINT32(updates, NovaDispChannel),
        VMSTATE_END_OF_LIST()
    },
};

static bool nova_disp_needed(void *opaque)
{
    NovaGpuState *s = opaque;

    return s->display;
}

/* checked here: the parent's post_load runs after its subsections' */
static bool nova_disp_post_load(void *opaque, int version_id, Error **errp)
{
    NovaGpuState *s = opaque;
    const char *bad;

    /* the stream's device had a display: this one must have one too */
    if (!s->display) {
        error_setg(errp, "nova-gpu: the migration stream has display state, and this "
                   "device has no display (display=off)");
        memset(&s->disp, 0, sizeof(s->disp));
        s->disp_kick = false;
        return false;
    }
    bad = nova_disp_invalid(&s->disp);
    if (bad) {
        error_setg(errp, "nova-gpu: invalid migration stream: %s out of range", bad);
        nova_host_reset(s);
        return false;
    }
    if (s->disp_kick) {
        qemu_bh_schedule(s->disp_bh);
    }
    nova_host_disp_rearm(s);
    nova_scanout_changed(s);
    return true;
}

static const VMStateDescription vmstate_nova_disp = {
    .name = "nova-gpu/disp",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = nova_disp_needed,
    .post_load_errp = nova_disp_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_FAULT_HOOK(disp.faults.channel_error, NovaGpuState),
        VMSTATE_FAULT_HOOK(disp.faults.vblank_lost, NovaGpuState),
        VMSTATE_BOOL(disp.connected, NovaGpuState),
        VMSTATE_UINT64(disp.inst_addr, NovaGpuState),
        VMSTATE_UINT64(disp.inst_size, NovaGpuState),
        VMSTATE_UINT32(disp.sor_assigned, NovaGpuState),
        VMSTATE_STRUCT_ARRAY(disp.ch, NovaGpuState, NOVA_DISP_CHANNELS, 1,
                             vmstate_nova_disp_channel, NovaDispChannel),
        VMSTATE_UINT32_ARRAY(disp.core_assy, NovaGpuState, NOVA_DISP_CORE_MTHDS / 4),
        VMSTATE_UINT32_ARRAY(disp.core_armed, NovaGpuState, NOVA_DISP_CORE_MTHDS / 4),
        VMSTATE_UINT32_2DARRAY(disp.wndw_assy, NovaGpuState, NOVA_DISP_MAX_WINDOWS,
                               NOVA_DISP_WNDW_MTHDS / 4),
        VMSTATE_UINT32_2DARRAY(disp.wndw_armed, NovaGpuState, NOVA_DISP_MAX_WINDOWS,
                               NOVA_DISP_WNDW_MTHDS / 4),
        VMSTATE_UINT32_ARRAY(disp.wimm_point_assy, NovaGpuState, NOVA_DISP_MAX_WINDOWS),
        VMSTATE_UINT32_ARRAY(disp.wimm_point, NovaGpuState, NOVA_DISP_MAX_WINDOWS),
        VMSTATE_UINT32_ARRAY(disp.curs_point_assy, NovaGpuState, NOVA_DISP_MAX_HEADS),
        VMSTATE_UINT32_ARRAY(disp.curs_point, NovaGpuState, NOVA_DISP_MAX_HEADS),
        VMSTATE_UINT32_ARRAY(disp.head_intr, NovaGpuState, NOVA_DISP_MAX_HEADS),
        VMSTATE_UINT32_ARRAY(disp.head_intr_en, NovaGpuState, NOVA_DISP_MAX_HEADS),
        VMSTATE_UINT64_ARRAY(disp.vblanks, NovaGpuState, NOVA_DISP_MAX_HEADS),
        VMSTATE_BOOL(disp.run_pending, NovaGpuState),
        VMSTATE_BOOL(disp_kick, NovaGpuState),
        VMSTATE_INT64_ARRAY(vblank_frame, NovaGpuState, NOVA_DISP_MAX_HEADS),
        VMSTATE_INT64_ARRAY(vblank_epoch, NovaGpuState, NOVA_DISP_MAX_HEADS),
        VMSTATE_END_OF_LIST()
    },
};

/*
 * A migration stream is input like any other: every loaded value that the
 * device uses as a count, an offset, an index or an enum is checked before
 * anything uses it, and a bad one fails the load with a message. Values a
 * guest can write through registers (block pointers, fault buffer
 * registers, interrupt bits) are checked where they are used, as they are
 * at run time.
 */
static bool nova_gpu_post_load(void *opaque, int version_id, Error **errp)
{
    NovaGpuState *s = opaque;
    const char *bad = NULL;
    unsigned i;

    for (i = 0; i < ARRAY_SIZE(s->falcon) && !bad; i++) {
        bad = nova_falcon_invalid(&s->falcon[i]);
    }
    if (!bad) {
        bad = nova_gsp_rm_invalid(&s->gsp_rm);
    }
    if (!bad) {
        bad = nova_fifo_invalid(&s->fifo);
    }
    if (bad) {
        error_setg(errp, "nova-gpu: invalid migration stream: %s out of range",
                   bad);
        /* leave nothing a later access could trip over */
        nova_host_reset(s);
        return false;
    }
    nova_bar0_post_load(s);
    /* derived state: BAR spaces from their blocks, translations re-walked */
    nova_gmmu_bar_bind(s, 1, s->gmmu.bar_block[1]);
    nova_gmmu_bar_bind(s, 2, s->gmmu.bar_block[2]);
    nova_mmu_tlb_flush(s->gmmu.tlb);
    /* work that was pending at the save: a falcon run, the doorbell */
    for (i = 0; i < ARRAY_SIZE(s->falcon); i++) {
        if (s->falcon_run_pending[i]) {
            qemu_bh_schedule(s->falcon_bh[i]);
        }
    }
    if (s->gsp_rm_kick || s->gsp_rm_resume) {
        qemu_bh_schedule(s->gsp_rm_bh);
    }
    /* the channels: a run that was asked for (the slice timer came with the stream) */
    nova_fifo_post_load(&s->fifo);
    if (s->fifo_kick) {
        qemu_bh_schedule(s->fifo_bh);
    }
    nova_prom_faults_changed(s);
    nova_irq_update(s);
    return true;
}

/* a reset deferred by the re-entrancy rule happens before the save */
static int nova_gpu_pre_save(void *opaque)
{
    nova_gpu_reset_deferred(opaque);
    return 0;
}

/*
 * BAR1's direct mappings are the running state's translations: gone before
 * anything is loaded, so that a load that fails leaves none behind (one
 * that succeeds rebinds BAR1 in post_load, which would drop them too)
 */
static int nova_gpu_pre_load(void *opaque)
{
    nova_gmmu_bar1_direct_drop(opaque, "load");
    return 0;
}

const VMStateDescription vmstate_nova_gpu = {
    .name = "nova-gpu",
    .version_id = 1,
    .minimum_version_id = 1,
    .pre_save = nova_gpu_pre_save,
    .pre_load = nova_gpu_pre_load,
    .post_load_errp = nova_gpu_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_PCI_DEVICE(parent_obj, NovaGpuState),
        VMSTATE_STRUCT_ARRAY(units, NovaGpuState, NOVA_MAX_UNITS, 1,
                             vmstate_nova_unit, NovaUnit),
        VMSTATE_UINT32_ARRAY(secure.sw_scratch, NovaGpuState, NV_PBUS_SW_SCRATCH__SIZE_1),
        VMSTATE_UINT32(secure.wpr2_lo, NovaGpuState),
        VMSTATE_UINT32(secure.wpr2_hi, NovaGpuState),
        VMSTATE_UINT64(ptimer.offset_ns, NovaGpuState),
        VMSTATE_UINT32(ptimer.intr_0, NovaGpuState),
        VMSTATE_UINT32(ptimer.intr_en_0, NovaGpuState),
        VMSTATE_UINT32(ptimer.alarm_0, NovaGpuState),
        VMSTATE_UINT8(vga_crtc_index, NovaGpuState),
        VMSTATE_UINT8_ARRAY(vga_crtc, NovaGpuState, 256),
        VMSTATE_UINT32_ARRAY(intr.leaf, NovaGpuState, NOVA_INTR_LEAVES),
        VMSTATE_UINT32_ARRAY(intr.leaf_en, NovaGpuState, NOVA_INTR_LEAVES),
        VMSTATE_UINT32_ARRAY(intr.level, NovaGpuState, NOVA_INTR_LEAVES),
        VMSTATE_UINT32(intr.top_en, NovaGpuState),
        VMSTATE_UINT32_ARRAY(gmmu.bar_block, NovaGpuState, 3),
        VMSTATE_UINT32(gmmu.inval_pdb_lo, NovaGpuState),
        VMSTATE_UINT32(gmmu.inval_pdb_hi, NovaGpuState),
        VMSTATE_UINT32(gmmu.inval_ctrl, NovaGpuState),
        VMSTATE_UINT32_ARRAY(gmmu.fb_lo, NovaGpuState, 2),
        VMSTATE_UINT32_ARRAY(gmmu.fb_hi, NovaGpuState, 2),
        VMSTATE_UINT32_ARRAY(gmmu.fb_get, NovaGpuState, 2),
        VMSTATE_UINT32_ARRAY(gmmu.fb_put, NovaGpuState, 2),
        VMSTATE_UINT32_ARRAY(gmmu.fb_size, NovaGpuState, 2),
        VMSTATE_UINT32_ARRAY(gmmu.info, NovaGpuState, 5),
        VMSTATE_UINT64(gmmu.faults, NovaGpuState),
        VMSTATE_FAULT_HOOK(gmmu.inject, NovaGpuState),
        VMSTATE_FAULT_HOOK(vbios_faults.corrupt, NovaGpuState),
        VMSTATE_FAULT_HOOK(vbios_faults.no_fwsec, NovaGpuState),
        VMSTATE_STRUCT_ARRAY(falcon, NovaGpuState, 2, 1, vmstate_nova_falcon,
                             NovaFalcon),
        VMSTATE_STRUCT(gsp_rm, NovaGpuState, 1, vmstate_nova_gsp_rm, NovaGspRm),
        VMSTATE_TIMER_PTR(gsp_rm_timer, NovaGpuState),
        VMSTATE_BOOL(gsp_rm_resume, NovaGpuState),
        VMSTATE_BOOL(gsp_rm_kick, NovaGpuState),
        VMSTATE_BOOL_ARRAY(falcon_run_pending, NovaGpuState, 2),
        VMSTATE_BOOL(irq_level, NovaGpuState),
        VMSTATE_BOOL(msi_was_enabled, NovaGpuState),
        VMSTATE_END_OF_LIST()
    },
    .subsections = (const VMStateDescription * const []) {
        &vmstate_nova_vram_map,
        &vmstate_nova_fifo,
        &vmstate_nova_disp,
        NULL
    },
};
