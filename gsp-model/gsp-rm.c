/*
 * nova-gpu: GSP-RM, from booter_load's hand-over to the RPCs.
 *
 * Boot: read the libos argument array, find RMARGS (GSP_ARGUMENTS_CACHED)
 * and through it the shared queue memory; build what RM owns in VRAM (the
 * BAR1/BAR2 page-directory roots and instance blocks) and bind the BARs to
 * them; then post the CPU sequencer run and GSP_INIT_DONE. Afterwards each
 * doorbell makes queue.c hand over complete RPCs to nova_gsp_dispatch().
 *
 * Unusable boot structures leave GSP-RM failed (the driver then times out,
 * as with firmware that did not come up); every pointer and size is checked.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "nova/gsp-rm.h"
#include "nova/gsp-abi.h"
#include "nova/mmu.h"
#include "nova/regs/vfn.h"
#include "rpc-util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LIBOS_ENTRIES       128
#define LIBOS_ENTRY_SIZE    sizeof(NovaLibosMemoryRegion)
#define LIBOS_ID_RMARGS     0x0000524d41524753ull   /* "RMARGS" */
#define RMARGS_SIZE         0x48    /* GSP_ARGUMENTS_CACHED */
#define QUEUE_SIZE          NOVA_GSP_QUEUE_SIZE
#define R570_SYSINFO_SIZE   928u
#define R535_SYSINFO_SIZE   0x298u
/* rpc_update_bar_pde_v15_00 */
#define BAR_PDE_SIZE        0x18u
#define BAR_PDE_ROOT_SHIFT  47      /* the v2 format's PD3 */

void nova_gsp_guest_error(NovaGspRm *rm, const char *what, uint64_t v)
{
    NOVA_EVENT(rm->host, NOVA_EV_UB_GSP_RM, gsp_ub, what, v);
}

bool nova_gsp_rpc_short(NovaGspRm *rm, uint32_t function, uint32_t plen,
                        uint32_t need, const char *what)
{
    if (plen >= need) {
        return false;
    }
    nova_gsp_guest_error(rm, what, plen);
    nova_gsp_post(rm, function, NV_ERR_INVALID_PARAM_STRUCT, NULL, 0);
    return true;
}

void nova_gsp_injected(NovaGspRm *rm, const char *what, uint32_t function,
                       uint64_t value)
{
    NOVA_EVENT(rm->host, NOVA_EV_RPC_INJECTED, rpc_injected, what,
               nova_gsp_fn_name(function), function, value);
}

const char *nova_gsp_fn_name(uint32_t function)
{
    const char *name = nova_gsp_function_name(function);

    return name ? name : "?";
}

/* One REG_WRITE the driver must carry out: proof it runs the sequencer. */
static void post_sequencer(NovaGspRm *rm)
{
    uint8_t p[sizeof(NovaGspSequencer) + 12] = { 0 };
    uint8_t *cmd = p + sizeof(NovaGspSequencer);

    nova_st32(p + offsetof(NovaGspSequencer, buffer_size_dword), 3);
    nova_st32(p + offsetof(NovaGspSequencer, cmd_index), 3);    /* dwords used */
    nova_st32(cmd + 0, 0);              /* GSP_SEQ_BUF_OPCODE_REG_WRITE */
    nova_st32(cmd + 4, 0x001400 + 4 * NOVA_GSP_SEQ_SCRATCH);
    nova_st32(cmd + 8, NOVA_GSP_SEQ_MAGIC);
    nova_gsp_post(rm, NV_VGPU_MSG_EVENT_GSP_RUN_CPU_SEQUENCER, NV_OK, p, sizeof(p));
}

/*
 * RM's own BAR set-up: an empty root page directory and an instance block
 * per BAR in its reserved VRAM. BAR1 is bound to its block at once (nouveau
 * fills BAR1's root itself); BAR2 stays in physical mode, where its offset
 * is a VRAM address (nouveau reads "flushBAR2PhysMode" through it), until
 * the driver hooks its tables in with UPDATE_BAR_PDE.
 */
static bool build_bar(NovaGspRm *rm, unsigned bar, uint64_t pd, uint64_t inst)
{
    static const uint8_t zero[NOVA_GSP_PAGE];
    const NovaHost *h = rm->host;
    uint64_t size = rm->cfg.bar_size[bar] ? rm->cfg.bar_size[bar] : (32u << 20);
    uint8_t base[16];

    /* NV_RAMIN_PAGE_DIR_BASE (target 0: VRAM) and the address-space limit */
    nova_st64(base, (pd & NV_RAMIN_PAGE_DIR_BASE_ADDR_MASK) |
               NV_RAMIN_USE_VER2_PT_FORMAT | NV_RAMIN_BIG_PAGE_SIZE_64KB);
    nova_st64(base + (NV_RAMIN_ADR_LIMIT - NV_RAMIN_PAGE_DIR_BASE), size - 1);
    return !h->vram_write(h->opaque, pd, zero, sizeof(zero)) &&
           !h->vram_write(h->opaque, inst, zero, sizeof(zero)) &&
           !h->vram_write(h->opaque, inst + NV_RAMIN_PAGE_DIR_BASE, base, sizeof(base));
}

/* Point BAR @bar at RM's instance block for it, or back to physical mode. */
static void bind_bar(NovaGspRm *rm, unsigned bar, bool virtual_mode)
{
    uint64_t inst = rm->non_wpr_heap +
                    (bar == 1 ? NOVA_GSP_RM_BAR1_INST : NOVA_GSP_RM_BAR2_INST);

    if (rm->host->bar_bind) {
        /* NV_VIRTUAL_FUNCTION_PRIV_BARn_BLOCK: virtual mode, VRAM, ptr >> 12 */
        uint32_t block = NV_FIELD_DP32(0, NV_VIRTUAL_FUNCTION_PRIV_BAR1_BLOCK,
                                       PTR, inst >> 12);

        block = NV_FIELD_DP32(block, NV_VIRTUAL_FUNCTION_PRIV_BAR1_BLOCK, MODE, 1);
        rm->host->bar_bind(rm->host->opaque, bar, virtual_mode ? block : 0);
    }
}

/*
 * UPDATE_BAR_PDE: the driver hands RM the entry for the top of its own
 * tables; RM writes it into the BAR's root directory (the entry that maps
 * the aperture's VA 0) and invalidates, so the BAR translates through the
 * driver's tables from then on.
 */
static void update_bar_pde(NovaGspRm *rm, const uint8_t *p, uint32_t plen)
{
    uint32_t status = NV_OK, bar;
    uint64_t value, shift, root;
    uint8_t e[8];

    if (nova_gsp_rpc_short(rm, NV_VGPU_MSG_FUNCTION_UPDATE_BAR_PDE, plen,
                           BAR_PDE_SIZE, "UPDATE_BAR_PDE shorter than its structure")) {
        return;
    }
    bar = nova_ld32(p);
    value = nova_ld64(p + 8);
    shift = nova_ld64(p + 0x10);
    if (bar > 1) {
        nova_gsp_guest_error(rm, "UPDATE_BAR_PDE for an unknown BAR type", bar);
        status = NV_ERR_INVALID_ARGUMENT;
    } else if (shift != BAR_PDE_ROOT_SHIFT) {
        nova_gsp_guest_error(rm, "UPDATE_BAR_PDE below the root level (shift)", shift);
        status = NV_ERR_INVALID_ARGUMENT;
    } else {
        root = rm->non_wpr_heap + (bar ? NOVA_GSP_RM_BAR2_PD : NOVA_GSP_RM_BAR1_PD);
        nova_st64(e, value);
        if (rm->host->vram_write(rm->host->opaque, root, e, sizeof(e))) {
            status = NV_ERR_INVALID_STATE;
        } else {
            /* BAR2 leaves physical mode now that it has tables to go through */
            bind_bar(rm, bar ? 2 : 1, true);
            if (rm->host->tlb_invalidate) {
                rm->host->tlb_invalidate(rm->host->opaque);
            }
        }
        NOVA_EVENT(rm->host, NOVA_EV_BAR_PDE, bar_pde, bar, value);
    }
    nova_gsp_post(rm, NV_VGPU_MSG_FUNCTION_UPDATE_BAR_PDE, status, p, BAR_PDE_SIZE);
}

/* A crash injected at an RPC: GSP-RM stops and its RISC-V core halts. */
static void crash(NovaGspRm *rm, uint32_t function)
{
    nova_gsp_injected(rm, "crash", function, 0);
    rm->state = NOVA_GSP_RM_CRASHED;
    nova_falcon_riscv_stop(rm->cfg.gsp);
}

void nova_gsp_dispatch(NovaGspRm *rm, uint32_t function, uint8_t *p,
                       uint32_t plen)
{
    rm->rpcs_received++;
    if (function < NOVA_GSP_FUNCTIONS) {
        rm->by_function[function]++;
    }
    NOVA_EVENT(rm->host, NOVA_EV_RPC, rpc, nova_gsp_fn_name(function), function, plen);
    if (nova_fault_fire_for(&rm->faults.crash, function)) {
        crash(rm, function);
        return;
    }
    if (nova_fault_fire_for(&rm->faults.rpc_no_reply, function)) {
        nova_gsp_injected(rm, "rpc_no_reply", function, 0);
        return;
    }
    if (nova_fault_fire_for(&rm->faults.rpc_status, function)) {
        nova_gsp_injected(rm, "rpc_status", function, rm->faults.rpc_status.value);
        nova_gsp_post(rm, function, (uint32_t)rm->faults.rpc_status.value, NULL, 0);
        return;
    }
    rm->corrupt_next = nova_fault_fire_for(&rm->faults.rpc_bad_checksum, function);
    switch (function) {
    case NV_VGPU_MSG_FUNCTION_GSP_SET_SYSTEM_INFO:
        rm->sysinfo_len = plen;
        rm->abi = plen >= R570_SYSINFO_SIZE ? NOVA_GSP_ABI_R570 :
                  plen >= R535_SYSINFO_SIZE ? NOVA_GSP_ABI_R535 : NOVA_GSP_ABI_UNKNOWN;
        return;     /* no reply: the drivers do not wait for one */
    case NV_VGPU_MSG_FUNCTION_SET_REGISTRY:
        rm->registry_entries = plen >= 8 ? nova_ld32(p + 4) : 0;
        return;
    case NV_VGPU_MSG_FUNCTION_GET_GSP_STATIC_INFO:
        nova_gsp_static_info(rm);
        return;
    case NV_VGPU_MSG_FUNCTION_GSP_RM_CONTROL:
        nova_gsp_rpc_control(rm, p, plen);
        return;
    case NV_VGPU_MSG_FUNCTION_GSP_RM_ALLOC:
        nova_gsp_rpc_alloc(rm, p, plen);
        return;
    case NV_VGPU_MSG_FUNCTION_FREE:
        nova_gsp_rpc_free(rm, p, plen);
        return;
    case NV_VGPU_MSG_FUNCTION_ALLOC_MEMORY:
        nova_gsp_rpc_alloc_memory(rm, p, plen);
        return;
    case NV_VGPU_MSG_FUNCTION_UPDATE_BAR_PDE:
        update_bar_pde(rm, p, plen);
        return;
    case NV_VGPU_MSG_FUNCTION_UNLOADING_GUEST_DRIVER:
        /* RM lets go of the BARs: both back to physical mode */
        bind_bar(rm, 1, false);
        bind_bar(rm, 2, false);
        nova_gsp_post(rm, function, NV_OK, NULL, 0);
        nova_falcon_set_mailbox0(rm->cfg.gsp, rm->cfg.gsp->mailbox0 |
                                 LIBOS_INTERRUPT_PROCESSOR_SUSPENDED);
        rm->state = NOVA_GSP_RM_SUSPENDED;
        return;
    }
    /* What real GSP-RM answers for an RPC it does not support. */
    rm->rpcs_unsupported++;
    NOVA_EVENT(rm->host, NOVA_EV_UNIMP_RPC, rpc, nova_gsp_fn_name(function), function, plen);
    nova_gsp_post(rm, function, NV_ERR_NOT_SUPPORTED, NULL, 0);
}

/* --- boot ------------------------------------------------------------------------ */

/*
 * Both queues page-aligned and whole inside @shm_size bytes of shared
 * memory: what boot accepts, and what a loaded state must still say.
 */
static bool queues_fit(uint64_t shm_size, uint64_t cmdq_off, uint64_t statq_off)
{
    return !(cmdq_off & 0xfff) && !(statq_off & 0xfff) &&
           cmdq_off <= shm_size && shm_size - cmdq_off >= QUEUE_SIZE &&
           statq_off <= shm_size && shm_size - statq_off >= QUEUE_SIZE;
}

static bool find_queues(NovaGspRm *rm)
{
    const NovaHost *h = rm->host;
    uint8_t *page = malloc(NOVA_GSP_PAGE), args[RMARGS_SIZE];
    uint64_t rmargs = 0, shm = 0, size;
    uint32_t count, i;
    bool ok = false;

    if (!page || h->dma_read(h->opaque, rm->libos, page, NOVA_GSP_PAGE)) {
        nova_gsp_guest_error(rm, "libos argument page not readable", rm->libos);
        goto out;
    }
    for (i = 0; i < LIBOS_ENTRIES; i++) {
        const uint8_t *e = page + i * LIBOS_ENTRY_SIZE;

        if (nova_ld64(e + offsetof(NovaLibosMemoryRegion, id8)) == LIBOS_ID_RMARGS &&
            nova_ld64(e + offsetof(NovaLibosMemoryRegion, size)) >= RMARGS_SIZE) {
            rmargs = nova_ld64(e + offsetof(NovaLibosMemoryRegion, pa));
            break;
        }
    }
    if (!rmargs || h->dma_read(h->opaque, rmargs, args, sizeof(args))) {
        nova_gsp_guest_error(rm, "no readable RMARGS in the libos arguments", rmargs);
        goto out;
    }
    shm = nova_ld64(args + offsetof(NovaGspArgumentsCached, shared_mem_phys_addr));
    count = nova_ld32(args + offsetof(NovaGspArgumentsCached, page_table_entry_count));
    rm->cmdq_off = nova_ld64(args + offsetof(NovaGspArgumentsCached, cmd_queue_offset));
    rm->statq_off = nova_ld64(args + offsetof(NovaGspArgumentsCached, stat_queue_offset));
    size = (uint64_t)count * NOVA_GSP_PAGE;
    if (count == 0 || count > NOVA_GSP_MAX_SHM_PAGES || (shm & 0xfff) ||
        !queues_fit(size, rm->cmdq_off, rm->statq_off)) {
        nova_gsp_guest_error(rm, "GSP_ARGUMENTS_CACHED describes no usable queues", count);
        goto out;
    }
    /* the PTE array: the first page of the shared block lists every page */
    if (h->dma_read(h->opaque, shm, page, NOVA_GSP_PAGE)) {
        nova_gsp_guest_error(rm, "shared memory not readable", shm);
        goto out;
    }
    for (i = 0; i < count; i++) {
        rm->shm_page[i] = nova_ld64(page + 8 * i);
        if (rm->shm_page[i] & 0xfff) {
            nova_gsp_guest_error(rm, "shared memory page not aligned", rm->shm_page[i]);
            goto out;
        }
    }
    rm->shm_pages = count;
    ok = nova_gsp_queue_setup(rm) == 0;
out:
    free(page);
    return ok;
}

void nova_gsp_rm_init(NovaGspRm *rm, const NovaGspRmConfig *cfg, const NovaHost *host)
{
    memset(rm, 0, sizeof(*rm));
    rm->cfg = *cfg;
    rm->host = host;
    nova_rm_db_init(&rm->db, cfg->chip);
    rm->db.display = cfg->disp != NULL;
}

void nova_gsp_rm_free(NovaGspRm *rm)
{
    nova_gsp_queue_reset(rm);
}

void nova_gsp_rm_reset(NovaGspRm *rm)
{
    nova_gsp_queue_reset(rm);   /* frees a part-received RPC */
    memset(&rm->state, 0, sizeof(*rm) - offsetof(NovaGspRm, state));
    nova_rm_db_init(&rm->db, rm->cfg.chip);
    rm->db.display = rm->cfg.disp != NULL;
}

void nova_gsp_rm_boot(NovaGspRm *rm, uint64_t wpr_meta, uint64_t libos)
{
    uint8_t m[sizeof(NovaGspFwWprMeta)];
    uint64_t heap;

    nova_gsp_rm_reset(rm);
    rm->wpr_meta = wpr_meta;
    rm->libos = libos;
    if (!find_queues(rm)) {
        rm->state = NOVA_GSP_RM_FAILED;
        return;
    }
    /* RM keeps its private VRAM from the non-WPR heap up (WPR meta) */
    if (rm->host->dma_read(rm->host->opaque, wpr_meta, m, sizeof(m)) == 0) {
        rm->non_wpr_heap = nova_ld64(m + offsetof(NovaGspFwWprMeta, non_wpr_heap_offset));
    }
    if (rm->non_wpr_heap < 2 * NOVA_GSP_PAGE || (rm->non_wpr_heap & 0xfff) ||
        rm->non_wpr_heap > rm->cfg.vram_size - NOVA_GSP_RM_RESERVED) {
        rm->non_wpr_heap = (rm->cfg.vram_size / 2) & ~0xfffull;
    }
    heap = rm->non_wpr_heap;
    if (!build_bar(rm, 1, heap + NOVA_GSP_RM_BAR1_PD, heap + NOVA_GSP_RM_BAR1_INST) ||
        !build_bar(rm, 2, heap + NOVA_GSP_RM_BAR2_PD, heap + NOVA_GSP_RM_BAR2_INST)) {
        nova_gsp_guest_error(rm, "RM's reserved VRAM is not writable", heap);
        rm->state = NOVA_GSP_RM_FAILED;
        return;
    }
    bind_bar(rm, 1, true);
    bind_bar(rm, 2, false);
    /* RM's internal client, device and subdevice (handles in static info) */
    nova_rm_alloc(&rm->db, NOVA_RM_INTERNAL_CLIENT, NOVA_RM_INTERNAL_CLIENT,
                  NOVA_RM_INTERNAL_CLIENT, NV01_ROOT, NULL, 0);
    nova_rm_alloc(&rm->db, NOVA_RM_INTERNAL_CLIENT, NOVA_RM_INTERNAL_CLIENT,
                  NOVA_RM_INTERNAL_DEVICE, NV01_DEVICE_0, NULL, 0);
    nova_rm_alloc(&rm->db, NOVA_RM_INTERNAL_CLIENT, NOVA_RM_INTERNAL_DEVICE,
                  NOVA_RM_INTERNAL_SUBDEVICE, NV20_SUBDEVICE_0, NULL, 0);
    /* GSP-RM unmasks its message interrupt toward the CPU */
    nova_falcon_set_irqmask(rm->cfg.gsp, rm->cfg.gsp->irqmask |
                            NV_FIELD_MASK(NV_PFALCON_FALCON_IRQSTAT, SWGEN0));
    rm->state = NOVA_GSP_RM_RUNNING;
    NOVA_EVENT(rm->host, NOVA_EV_GSP_RM_BOOTED, gsp_rm_booted, rm->msg_count,
               rm->shm_pages);
    /* SET_SYSTEM_INFO and SET_REGISTRY were queued before the GSP started */
    nova_gsp_rm_process(rm);
    post_sequencer(rm);
    if (nova_fault_fire(&rm->faults.no_init_done)) {
        nova_gsp_injected(rm, "no_init_done", NV_VGPU_MSG_EVENT_GSP_INIT_DONE, 0);
        return;
    }
    nova_gsp_post(rm, NV_VGPU_MSG_EVENT_GSP_INIT_DONE, NV_OK, NULL, 0);
}

void nova_gsp_rm_mmu_fault_queued(NovaGspRm *rm)
{
    if (rm->state == NOVA_GSP_RM_RUNNING) {
        nova_gsp_post(rm, NV_VGPU_MSG_EVENT_MMU_FAULT_QUEUED, NV_OK, NULL, 0);
    }
}

const char *nova_gsp_function_name(uint32_t function)
{
    switch (function) {
    case NV_VGPU_MSG_FUNCTION_FREE:                     return "FREE";
    case NV_VGPU_MSG_FUNCTION_UNLOADING_GUEST_DRIVER:   return "UNLOADING_GUEST_DRIVER";
    case NV_VGPU_MSG_FUNCTION_GET_GSP_STATIC_INFO:      return "GET_GSP_STATIC_INFO";
    case NV_VGPU_MSG_FUNCTION_UPDATE_BAR_PDE:           return "UPDATE_BAR_PDE";
    case NV_VGPU_MSG_FUNCTION_CONTINUATION_RECORD:      return "CONTINUATION_RECORD";
    case NV_VGPU_MSG_FUNCTION_GSP_SET_SYSTEM_INFO:      return "GSP_SET_SYSTEM_INFO";
    case NV_VGPU_MSG_FUNCTION_SET_REGISTRY:             return "SET_REGISTRY";
    case NV_VGPU_MSG_FUNCTION_GSP_RM_CONTROL:           return "GSP_RM_CONTROL";
    case NV_VGPU_MSG_FUNCTION_GSP_RM_ALLOC:             return "GSP_RM_ALLOC";
    case NV_VGPU_MSG_FUNCTION_ALLOC_MEMORY:             return "ALLOC_MEMORY";
    case 7:                                             return "MAP_MEMORY";
    case NV_VGPU_MSG_EVENT_GSP_INIT_DONE:               return "GSP_INIT_DONE";
    case NV_VGPU_MSG_EVENT_GSP_RUN_CPU_SEQUENCER:       return "GSP_RUN_CPU_SEQUENCER";
    case 0x1003:                                        return "POST_EVENT";
    case NV_VGPU_MSG_EVENT_RC_TRIGGERED:                return "RC_TRIGGERED";
    case NV_VGPU_MSG_EVENT_MMU_FAULT_QUEUED:            return "MMU_FAULT_QUEUED";
    case 0x1006:                                        return "OS_ERROR_LOG";
    case 0x100c:                                        return "UCODE_LIBOS_PRINT";
    }
    return NULL;
}

void nova_gsp_rm_shutdown(NovaGspRm *rm)
{
    rm->state = NOVA_GSP_RM_OFF;
}

/* RM's address spaces for memory it was given: none, system memory, FB */
static bool rm_space_ok(uint32_t space, bool none_ok)
{
    return (none_ok && space == 0) || space == NOVA_ADDR_SYSMEM || space == NOVA_ADDR_FBMEM;
}

static const NovaRmObject *first_channel_with(const NovaGspRm *rm, uint32_t chid)
{
    uint32_t i;

    for (i = 0; i < NOVA_RM_MAX_OBJECTS; i++) {
        const NovaRmObject *o = &rm->db.obj[i];

        if (o->used && nova_rm_kind(&rm->db, o->hclass) == NOVA_RM_KIND_CHANNEL &&
            o->u.channel.chid == chid) {
            return o;
        }
    }
    return NULL;
}

/*
 * A channel or engine object as its RM_ALLOC leaves it: a chid the host
 * has, an engine of the chip on its own runlist, memory in a real space.
 */
static const char *submission_object_invalid(const NovaGspRm *rm, const NovaRmObject *o)
{
    const NovaChipEngine *e;

    switch (nova_rm_kind(&rm->db, o->hclass)) {
    case NOVA_RM_KIND_CHANNEL:
        e = nova_chip_engine(rm->cfg.chip, o->u.channel.engine_type);
        if (o->u.channel.chid >= NOVA_FIFO_CHIDS) {
            return "RM channel ID";
        }
        if (!e || e->runlist != o->u.channel.runlist) {
            return "RM channel engine or runlist";
        }
        if (first_channel_with(rm, o->u.channel.chid) != o) {
            return "RM channel ID held twice";
        }
        if (!rm_space_ok(o->u.channel.inst_space, false) ||
            !rm_space_ok(o->u.channel.userd_space, false) ||
            !rm_space_ok(o->u.channel.mthdbuf_space, false) ||
            !rm_space_ok(o->u.channel.error_notifier_space, true)) {
            return "RM channel memory address space";
        }
        return NULL;
    case NOVA_RM_KIND_COPY:
    case NOVA_RM_KIND_GR:
        if (!nova_chip_engine(rm->cfg.chip, o->u.engine.engine_type)) {
            return "RM engine object's engine";
        }
        return NULL;
    case NOVA_RM_KIND_DISP_CHANNEL:
        if (o->u.disp_channel.instance >= NOVA_DISP_MAX_WINDOWS) {
            return "RM display channel instance";
        }
        return NULL;
    case NOVA_RM_KIND_USERMODE:
    case NOVA_RM_KIND_DISP:
    case NOVA_RM_KIND_OTHER:
        break;
    }
    return NULL;
}

const char *nova_gsp_rm_invalid(const NovaGspRm *rm)
{
    uint64_t shm_size = (uint64_t)rm->shm_pages * NOVA_GSP_PAGE;
    const char *what;
    uint32_t i, used = 0, channels = 0;

    if ((unsigned)rm->state > NOVA_GSP_RM_CRASHED) {
        return "GSP-RM state";
    }
    if ((unsigned)rm->abi > NOVA_GSP_ABI_R570) {
        return "GSP-RM ABI";
    }
    if (rm->shm_pages > NOVA_GSP_MAX_SHM_PAGES) {
        return "shared memory page count";
    }
    if (rm->msg_count) {
        /* queues exist only as find_queues() and queue setup accepted them */
        if (!nova_gsp_msg_count_ok(rm->msg_count)) {
            return "queue slot count";
        }
        if (!queues_fit(shm_size, rm->cmdq_off, rm->statq_off)) {
            return "queue offsets";
        }
    }
    if ((rm->cont != NULL) != (rm->cont_len != 0) ||
        rm->cont_len > NOVA_GSP_MAX_RPC_SIZE) {
        return "part-received RPC length";
    }
    for (i = 0; i < NOVA_RM_MAX_OBJECTS; i++) {
        const NovaRmObject *o = &rm->db.obj[i];

        if (!o->used) {
            continue;
        }
        used++;
        if (!nova_rm_class_name(&rm->db, o->hclass)) {
            return "RM object class";
        }
        if (o->hclass == FERMI_VASPACE_A &&
            o->u.vaspace.pde_levels > NOVA_RM_MAX_PDE_LEVELS) {
            return "RM VA space page directory levels";
        }
        if (o->hclass == FERMI_VASPACE_A &&
            (o->u.vaspace.pd_aperture > 2 || (o->u.vaspace.pd_phys & 0xfff) ||
             o->u.vaspace.external > 1 ||
             (o->u.vaspace.external && !o->u.vaspace.pd_entries))) {
            return "RM VA space page directory";
        }
        if (!nova_rm_class_on_chip(&rm->db, o->hclass)) {
            return "RM object class for the chip";
        }
        what = submission_object_invalid(rm, o);
        if (what) {
            return what;
        }
        channels += nova_rm_kind(&rm->db, o->hclass) == NOVA_RM_KIND_CHANNEL;
    }
    if (used != rm->db.count) {
        return "RM object count";
    }
    if (channels > NOVA_FIFO_MAX_CHANNELS) {
        return "RM channel count";
    }
    return NULL;
}

const char *nova_gsp_rm_state_name(NovaGspRmState s)
{
    switch (s) {
    case NOVA_GSP_RM_OFF:       return "off";
    case NOVA_GSP_RM_RUNNING:   return "running";
    case NOVA_GSP_RM_SUSPENDED: return "suspended";
    case NOVA_GSP_RM_FAILED:    return "failed";
    case NOVA_GSP_RM_CRASHED:   return "crashed";
    }
    return "?";
}
