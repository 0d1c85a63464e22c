/*
 * nova-gpu: GSP-RM at its queue interface.
 *
 * Shared memory (both drivers): a PTE page listing every 4 KiB page of the
 * block, the command queue (driver -> GSP) at cmdQueueOffset and the status
 * queue (GSP -> driver) at statQueueOffset. Each queue starts with a header
 * page (msgqTxHeader, then msgqRxHeader at +0x20) and holds msgCount slots
 * of 4 KiB. Pointer ownership crosses: the GSP's read pointer of the command
 * queue lives in the status queue's rx header, and the driver's read pointer
 * of the status queue in the command queue's rx header.
 *
 * Every structure here comes from the guest: sizes, offsets, pointers and
 * lengths are checked, each DMA result too. A malformed element is skipped
 * with a guest error; unusable boot structures leave GSP-RM failed (the
 * driver then times out, as with firmware that did not come up).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "nova/gsp-rm.h"
#include "nova/gsp-abi.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LIBOS_ENTRIES       128
#define LIBOS_ENTRY_SIZE    sizeof(NovaLibosMemoryRegion)
#define LIBOS_ID_RMARGS     0x0000524d41524753ull   /* "RMARGS" */
#define RMARGS_SIZE         0x48    /* GSP_ARGUMENTS_CACHED */
#define QUEUE_SIZE          0x40000u
#define Q_TX_WRITE_PTR      offsetof(NovaGspMsgqTxHeader, write_ptr)
#define Q_RX_READ_PTR       sizeof(NovaGspMsgqTxHeader) /* msgqRxHeader */
#define RPC_HEADER_VERSION  0x03000000u
#define RPC_SIGNATURE       0x43505256u             /* "VRPC" */
#define R570_SYSINFO_SIZE   928u
#define R535_SYSINFO_SIZE   0x298u
#define R570_STATIC_INFO_SIZE 1656u
#define R570_GPU_NAME       0x4ec
/* r535 GspStaticConfigInfo (nouveau 6.12, include/nvrm/535.113.01) */
#define R535_STATIC_INFO_SIZE 0x878u
#define R535_GPC_MASK       0x124
#define R535_TPC_INFO       0x128       /* 32 x {gpcId, tpcMask} */
#define R535_FB_REGIONS     0x348       /* numFBRegions, then 0x30-byte regions at 0x350 */
#define R535_FB_REGION      0x350
#define R535_BAR1_PDE_BASE  0x828
#define R535_BAR2_PDE_BASE  0x830
#define R535_H_CLIENT       0x868
#define R535_H_DEVICE       0x86c
#define R535_H_SUBDEVICE    0x870
#define RM_CONTROL_HDR      0x18        /* rpc_gsp_rm_control_v03_00 before params */
#define INTR_TABLE_SIZE     0x814
#define MC_ENGINE_IDX_GSP   49

static uint32_t le32(const uint8_t *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
    return le32(p) | (uint64_t)le32(p + 4) << 32;
}

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = v;
    p[1] = v >> 8;
    p[2] = v >> 16;
    p[3] = v >> 24;
}

static void put64(uint8_t *p, uint64_t v)
{
    put32(p, v);
    put32(p + 4, v >> 32);
}

static void guest_error(NovaGspRm *rm, const char *what, uint64_t v)
{
    nova_host_log(rm->host, NOVA_LOG_GUEST_ERROR, "GSP-RM: %s (0x%llx)", what,
                  (unsigned long long)v);
}

static void trace(NovaGspRm *rm, const char *what, uint64_t a, uint64_t b)
{
    nova_host_log(rm->host, NOVA_LOG_TRACE, "GSP-RM: %s (0x%llx, 0x%llx)", what,
                  (unsigned long long)a, (unsigned long long)b);
}

uint32_t nova_gsp_checksum(const uint8_t *buf, size_t len)
{
    uint64_t x = 0;
    size_t i;

    for (i = 0; i < len; i++) {
        x ^= (uint64_t)buf[i] << ((i % 8) * 8);
    }
    return (uint32_t)(x >> 32) ^ (uint32_t)x;
}

/* --- shared memory, through the driver's page list ------------------------- */

static int shm_access(NovaGspRm *rm, uint64_t off, void *buf, size_t len,
                      bool write)
{
    uint8_t *p = buf;

    while (len) {
        uint64_t page = off / NOVA_GSP_PAGE, in = off % NOVA_GSP_PAGE;
        size_t chunk = NOVA_GSP_PAGE - in < len ? NOVA_GSP_PAGE - in : len;
        uint64_t addr;
        int r;

        if (page >= rm->shm_pages) {
            guest_error(rm, "queue access past the shared memory", off);
            return -1;
        }
        addr = rm->shm_page[page] + in;
        r = write ? rm->host->dma_write(rm->host->opaque, addr, p, chunk)
                  : rm->host->dma_read(rm->host->opaque, addr, p, chunk);
        if (r) {
            guest_error(rm, "shared memory page not accessible", addr);
            return -1;
        }
        p += chunk;
        off += chunk;
        len -= chunk;
    }
    return 0;
}

static int shm_rd32(NovaGspRm *rm, uint64_t off, uint32_t *v)
{
    uint8_t b[4];

    if (shm_access(rm, off, b, 4, false)) {
        return -1;
    }
    *v = le32(b);
    return 0;
}

static int shm_wr32(NovaGspRm *rm, uint64_t off, uint32_t v)
{
    uint8_t b[4];

    put32(b, v);
    return shm_access(rm, off, b, 4, true);
}

/* slot @idx of the queue at @q */
static uint64_t slot(NovaGspRm *rm, uint64_t q, uint32_t idx)
{
    return q + NOVA_GSP_PAGE + (uint64_t)(idx % rm->msg_count) * NOVA_GSP_PAGE;
}

/* --- sending ------------------------------------------------------------------ */

static void post(NovaGspRm *rm, uint32_t function, uint32_t result,
                 const void *payload, uint32_t plen)
{
    uint32_t total = NOVA_GSP_ELEM_HDR + NOVA_GSP_RPC_HDR + plen;
    uint32_t pages = (total + NOVA_GSP_PAGE - 1) / NOVA_GSP_PAGE;
    uint32_t wptr, drv_rptr, free_slots, i;
    uint8_t *buf;

    if (pages > NOVA_GSP_MAX_ELEM_PAGES ||
        shm_rd32(rm, rm->statq_off + Q_TX_WRITE_PTR, &wptr) ||
        shm_rd32(rm, rm->cmdq_off + Q_RX_READ_PTR, &drv_rptr)) {
        return;
    }
    if (wptr >= rm->msg_count || drv_rptr >= rm->msg_count) {
        guest_error(rm, "status queue pointer out of range", drv_rptr);
        return;
    }
    free_slots = (drv_rptr + rm->msg_count - wptr - 1) % rm->msg_count;
    if (pages > free_slots) {
        guest_error(rm, "status queue full: message dropped (function)", function);
        return;
    }
    buf = calloc(pages, NOVA_GSP_PAGE);
    if (!buf) {
        return;
    }
    put32(buf + offsetof(NovaGspMsgElement, seq), rm->seq);
    put32(buf + offsetof(NovaGspMsgElement, elem_count), pages);
    put32(buf + NOVA_GSP_RPC_OFF(header_version), RPC_HEADER_VERSION);
    put32(buf + NOVA_GSP_RPC_OFF(signature), RPC_SIGNATURE);
    put32(buf + NOVA_GSP_RPC_OFF(length), NOVA_GSP_RPC_HDR + plen);
    put32(buf + NOVA_GSP_RPC_OFF(function), function);
    put32(buf + NOVA_GSP_RPC_OFF(rpc_result), result);
    put32(buf + NOVA_GSP_RPC_OFF(sequence), rm->seq);
    if (plen) {
        memcpy(buf + NOVA_GSP_ELEM_HDR + NOVA_GSP_RPC_HDR, payload, plen);
    }
    put32(buf + offsetof(NovaGspMsgElement, checksum), nova_gsp_checksum(buf, total));
    rm->seq++;
    /* the whole message first, then the write pointer, in one step */
    for (i = 0; i < pages; i++) {
        if (shm_access(rm, slot(rm, rm->statq_off, wptr + i),
                       buf + i * NOVA_GSP_PAGE, NOVA_GSP_PAGE, true)) {
            free(buf);
            return;
        }
    }
    free(buf);
    shm_wr32(rm, rm->statq_off + Q_TX_WRITE_PTR, (wptr + pages) % rm->msg_count);
    rm->messages_sent++;
    trace(rm, "message posted (function, result)", function, result);
}

/* One REG_WRITE the driver must carry out: proof it runs the sequencer. */
static void post_sequencer(NovaGspRm *rm)
{
    uint8_t p[sizeof(NovaGspSequencer) + 12] = { 0 };
    uint8_t *cmd = p + sizeof(NovaGspSequencer);

    put32(p + offsetof(NovaGspSequencer, buffer_size_dword), 3);
    put32(p + offsetof(NovaGspSequencer, cmd_index), 3);    /* dwords used */
    put32(cmd + 0, 0);              /* GSP_SEQ_BUF_OPCODE_REG_WRITE */
    put32(cmd + 4, 0x001400 + 4 * NOVA_GSP_SEQ_SCRATCH);
    put32(cmd + 8, NOVA_GSP_SEQ_MAGIC);
    post(rm, NV_VGPU_MSG_EVENT_GSP_RUN_CPU_SEQUENCER, NV_OK, p, sizeof(p));
}

/* --- handling the driver's RPCs ------------------------------------------------- */

/* nouveau's GspStaticConfigInfo: GPCs, the usable VRAM, BAR roots, handles */
static void static_info_r535(NovaGspRm *rm)
{
    const NovaHost *h = rm->host;
    uint8_t *info = calloc(1, R535_STATIC_INFO_SIZE);
    static const uint8_t zero[NOVA_GSP_PAGE];
    uint64_t bar1_pd = rm->non_wpr_heap, bar2_pd = rm->non_wpr_heap + NOVA_GSP_PAGE;
    unsigned g;

    if (!info) {
        return;
    }
    put32(info + R535_GPC_MASK, 0x3f);                  /* six GPCs */
    for (g = 0; g < 6; g++) {
        put32(info + R535_TPC_INFO + 8 * g, g);
        put32(info + R535_TPC_INFO + 8 * g + 4, 0xf);   /* four TPCs each */
    }
    /* one region: VRAM below RM's reserved area, usable by the driver */
    put32(info + R535_FB_REGIONS, 1);
    put64(info + R535_FB_REGION + 0x00, 0);
    put64(info + R535_FB_REGION + 0x08, rm->non_wpr_heap - 1);
    info[R535_FB_REGION + 0x1c] = 1;                    /* supportCompressed */
    info[R535_FB_REGION + 0x1d] = 1;                    /* supportISO */
    /* BAR1/BAR2 root page directories in RM's reserved VRAM, cleared */
    h->vram_write(h->opaque, bar1_pd, zero, sizeof(zero));
    h->vram_write(h->opaque, bar2_pd, zero, sizeof(zero));
    put64(info + R535_BAR1_PDE_BASE, bar1_pd);
    put64(info + R535_BAR2_PDE_BASE, bar2_pd);
    put32(info + R535_H_CLIENT, NOVA_RM_INTERNAL_CLIENT);
    put32(info + R535_H_DEVICE, NOVA_RM_INTERNAL_DEVICE);
    put32(info + R535_H_SUBDEVICE, NOVA_RM_INTERNAL_SUBDEVICE);
    post(rm, NV_VGPU_MSG_FUNCTION_GET_GSP_STATIC_INFO, NV_OK, info,
         R535_STATIC_INFO_SIZE);
    free(info);
}

static void static_info(NovaGspRm *rm)
{
    uint8_t *info;
    char name[64];

    if (rm->secure->sw_scratch[NOVA_GSP_SEQ_SCRATCH] != NOVA_GSP_SEQ_MAGIC) {
        guest_error(rm, "the driver did not run the CPU sequencer",
                    rm->secure->sw_scratch[NOVA_GSP_SEQ_SCRATCH]);
    }
    if (rm->abi == NOVA_GSP_ABI_R535) {
        static_info_r535(rm);
        return;
    }
    if (rm->abi != NOVA_GSP_ABI_R570) {
        nova_host_log(rm->host, NOVA_LOG_UNIMP,
                      "GSP-RM: GET_GSP_STATIC_INFO before SET_SYSTEM_INFO named the ABI");
        rm->rpcs_unsupported++;
        post(rm, NV_VGPU_MSG_FUNCTION_GET_GSP_STATIC_INFO, NV_ERR_NOT_SUPPORTED,
             NULL, 0);
        return;
    }
    info = calloc(1, R570_STATIC_INFO_SIZE);
    if (!info) {
        return;
    }
    snprintf(name, sizeof(name), "NVIDIA %s (nova-gpu %s)", rm->chip->marketing,
             rm->chip->name);
    memcpy(info + R570_GPU_NAME, name, strlen(name) + 1);
    post(rm, NV_VGPU_MSG_FUNCTION_GET_GSP_STATIC_INFO, NV_OK, info,
         R570_STATIC_INFO_SIZE);
    free(info);
}

/*
 * GSP_RM_CONTROL: the reply echoes the control header with its status and
 * the parameters. Only the interrupt table is modelled so far.
 */
static void rm_control(NovaGspRm *rm, const uint8_t *p, uint32_t plen)
{
    uint32_t cmd, params_size, status = NV_ERR_NOT_SUPPORTED, len;
    uint8_t *r;

    if (plen < RM_CONTROL_HDR) {
        guest_error(rm, "GSP_RM_CONTROL shorter than its header", plen);
        post(rm, NV_VGPU_MSG_FUNCTION_GSP_RM_CONTROL, NV_ERR_NOT_SUPPORTED, NULL, 0);
        return;
    }
    cmd = le32(p + offsetof(NovaGspRmControl, cmd));
    params_size = le32(p + offsetof(NovaGspRmControl, params_size));
    if (params_size > plen - RM_CONTROL_HDR) {
        guest_error(rm, "GSP_RM_CONTROL params past the message", params_size);
        params_size = plen - RM_CONTROL_HDR;
    }
    len = RM_CONTROL_HDR + params_size;
    r = calloc(1, len);
    if (!r) {
        return;
    }
    memcpy(r, p, len);
    if (cmd == NV2080_CTRL_CMD_INTERNAL_INTR_GET_KERNEL_TABLE &&
        params_size >= INTR_TABLE_SIZE &&
        le32(p + 4) == NOVA_RM_INTERNAL_SUBDEVICE) {
        uint8_t *t = r + RM_CONTROL_HDR;

        memset(t, 0, INTR_TABLE_SIZE);
        put32(t + 0, 1);                            /* tableLen */
        t[4] = MC_ENGINE_IDX_GSP;                   /* engineIdx (u16) */
        put32(t + 4 + 8, NOVA_GSP_INTR_VECTOR);     /* vectorStall */
        put32(t + 4 + 12, 0xffffffff);              /* vectorNonStall: none */
        status = NV_OK;
    } else {
        rm->rpcs_unsupported++;
        nova_host_log(rm->host, NOVA_LOG_UNIMP, "GSP-RM: control 0x%08x on "
                      "0x%08x not modelled: NV_ERR_NOT_SUPPORTED", cmd, le32(p + 4));
    }
    put32(r + offsetof(NovaGspRmControl, status), status);
    post(rm, NV_VGPU_MSG_FUNCTION_GSP_RM_CONTROL, NV_OK, r, len);
    free(r);
}

static void handle(NovaGspRm *rm, uint32_t function, const uint8_t *p, uint32_t plen)
{
    rm->rpcs_received++;
    trace(rm, "RPC received (function, payload length)", function, plen);
    switch (function) {
    case NV_VGPU_MSG_FUNCTION_GSP_SET_SYSTEM_INFO:
        rm->sysinfo_len = plen;
        rm->abi = plen >= R570_SYSINFO_SIZE ? NOVA_GSP_ABI_R570 :
                  plen >= R535_SYSINFO_SIZE ? NOVA_GSP_ABI_R535 : NOVA_GSP_ABI_UNKNOWN;
        return;     /* no reply: the drivers do not wait for one */
    case NV_VGPU_MSG_FUNCTION_SET_REGISTRY:
        rm->registry_entries = plen >= 8 ? le32(p + 4) : 0;
        return;
    case NV_VGPU_MSG_FUNCTION_GET_GSP_STATIC_INFO:
        static_info(rm);
        return;
    case NV_VGPU_MSG_FUNCTION_GSP_RM_CONTROL:
        rm_control(rm, p, plen);
        return;
    case NV_VGPU_MSG_FUNCTION_UNLOADING_GUEST_DRIVER:
        post(rm, function, NV_OK, NULL, 0);
        rm->gsp->mailbox0 |= LIBOS_INTERRUPT_PROCESSOR_SUSPENDED;
        rm->state = NOVA_GSP_RM_SUSPENDED;
        return;
    case NV_VGPU_MSG_FUNCTION_CONTINUATION_RECORD:
        nova_host_log(rm->host, NOVA_LOG_UNIMP,
                      "GSP-RM: continuation records are not modelled");
        return;
    }
    /* What real GSP-RM answers for an RPC it does not support. */
    rm->rpcs_unsupported++;
    nova_host_log(rm->host, NOVA_LOG_UNIMP, "GSP-RM: RPC %u not modelled: "
                  "answered NV_ERR_NOT_SUPPORTED", function);
    post(rm, function, NV_ERR_NOT_SUPPORTED, NULL, 0);
}

void nova_gsp_rm_process(NovaGspRm *rm)
{
    uint32_t wptr, rptr, n;
    uint8_t *buf;

    if (rm->state != NOVA_GSP_RM_RUNNING && rm->state != NOVA_GSP_RM_SUSPENDED) {
        return;
    }
    if (shm_rd32(rm, rm->cmdq_off + Q_TX_WRITE_PTR, &wptr) ||
        shm_rd32(rm, rm->statq_off + Q_RX_READ_PTR, &rptr)) {
        return;
    }
    if (wptr >= rm->msg_count || rptr >= rm->msg_count) {
        guest_error(rm, "command queue write pointer out of range", wptr);
        return;
    }
    buf = malloc(NOVA_GSP_MAX_ELEM_PAGES * NOVA_GSP_PAGE);
    if (!buf) {
        return;
    }
    /* at most one pass around the ring per doorbell */
    for (n = 0; n < rm->msg_count && rptr != wptr; ) {
        uint32_t avail = (wptr + rm->msg_count - rptr) % rm->msg_count;
        uint32_t len, pages, i;

        if (shm_access(rm, slot(rm, rm->cmdq_off, rptr), buf,
                       NOVA_GSP_ELEM_HDR + NOVA_GSP_RPC_HDR, false)) {
            break;
        }
        len = le32(buf + NOVA_GSP_RPC_OFF(length));
        if (len < NOVA_GSP_RPC_HDR ||
            len > NOVA_GSP_MAX_ELEM_PAGES * NOVA_GSP_PAGE - NOVA_GSP_ELEM_HDR) {
            guest_error(rm, "element with a bad RPC length: skipped", len);
            rm->bad_elements++;
            rptr = (rptr + 1) % rm->msg_count;
            n++;
            continue;
        }
        pages = (NOVA_GSP_ELEM_HDR + len + NOVA_GSP_PAGE - 1) / NOVA_GSP_PAGE;
        if (pages > avail) {
            guest_error(rm, "element longer than what was published", pages);
            break;      /* wait for the rest */
        }
        for (i = 0; i < pages; i++) {
            if (shm_access(rm, slot(rm, rm->cmdq_off, rptr + i),
                           buf + i * NOVA_GSP_PAGE, NOVA_GSP_PAGE, false)) {
                break;
            }
        }
        if (i < pages) {
            break;
        }
        if (nova_gsp_checksum(buf, NOVA_GSP_ELEM_HDR + len) != 0) {
            guest_error(rm, "element with a bad checksum: skipped (function)",
                        le32(buf + NOVA_GSP_RPC_OFF(function)));
            rm->bad_elements++;
        } else {
            handle(rm, le32(buf + NOVA_GSP_RPC_OFF(function)), buf + NOVA_GSP_ELEM_HDR + NOVA_GSP_RPC_HDR,
                   len - NOVA_GSP_RPC_HDR);
        }
        rptr = (rptr + pages) % rm->msg_count;
        n += pages;
    }
    free(buf);
    shm_wr32(rm, rm->statq_off + Q_RX_READ_PTR, rptr);
}

/* --- boot ------------------------------------------------------------------------ */

static bool find_queues(NovaGspRm *rm)
{
    const NovaHost *h = rm->host;
    uint8_t *page = malloc(NOVA_GSP_PAGE), args[RMARGS_SIZE], hdr[32];
    uint64_t rmargs = 0, shm = 0, size;
    uint32_t count, i;
    bool ok = false;

    if (!page || h->dma_read(h->opaque, rm->libos, page, NOVA_GSP_PAGE)) {
        guest_error(rm, "libos argument page not readable", rm->libos);
        goto out;
    }
    for (i = 0; i < LIBOS_ENTRIES; i++) {
        const uint8_t *e = page + i * LIBOS_ENTRY_SIZE;

        if (le64(e + offsetof(NovaLibosMemoryRegion, id8)) == LIBOS_ID_RMARGS &&
            le64(e + offsetof(NovaLibosMemoryRegion, size)) >= RMARGS_SIZE) {
            rmargs = le64(e + offsetof(NovaLibosMemoryRegion, pa));
            break;
        }
    }
    if (!rmargs || h->dma_read(h->opaque, rmargs, args, sizeof(args))) {
        guest_error(rm, "no readable RMARGS in the libos arguments", rmargs);
        goto out;
    }
    shm = le64(args + offsetof(NovaGspArgumentsCached, shared_mem_phys_addr));
    count = le32(args + offsetof(NovaGspArgumentsCached, page_table_entry_count));
    rm->cmdq_off = le64(args + offsetof(NovaGspArgumentsCached, cmd_queue_offset));
    rm->statq_off = le64(args + offsetof(NovaGspArgumentsCached, stat_queue_offset));
    size = (uint64_t)count * NOVA_GSP_PAGE;
    if (count == 0 || count > NOVA_GSP_MAX_SHM_PAGES || (shm & 0xfff) ||
        (rm->cmdq_off & 0xfff) || (rm->statq_off & 0xfff) ||
        rm->cmdq_off > size || size - rm->cmdq_off < QUEUE_SIZE ||
        rm->statq_off > size || size - rm->statq_off < QUEUE_SIZE) {
        guest_error(rm, "GSP_ARGUMENTS_CACHED describes no usable queues", count);
        goto out;
    }
    /* the PTE array: the first page of the shared block lists every page */
    if (h->dma_read(h->opaque, shm, page, NOVA_GSP_PAGE)) {
        guest_error(rm, "shared memory not readable", shm);
        goto out;
    }
    for (i = 0; i < count; i++) {
        rm->shm_page[i] = le64(page + 8 * i);
        if (rm->shm_page[i] & 0xfff) {
            guest_error(rm, "shared memory page not aligned", rm->shm_page[i]);
            goto out;
        }
    }
    rm->shm_pages = count;
    /* the driver set up the command queue's header; the status queue is ours */
    rm->msg_count = 1;      /* so slot() is harmless until checked */
    if (shm_access(rm, rm->cmdq_off, hdr, sizeof(hdr), false)) {
        goto out;
    }
    rm->msg_count = le32(hdr + offsetof(NovaGspMsgqTxHeader, msg_count));
    if (le32(hdr + offsetof(NovaGspMsgqTxHeader, msg_size)) != NOVA_GSP_PAGE ||
        le32(hdr + offsetof(NovaGspMsgqTxHeader, entry_off)) != NOVA_GSP_PAGE ||
        rm->msg_count < 2 ||
        (uint64_t)(rm->msg_count + 1) * NOVA_GSP_PAGE > QUEUE_SIZE) {
        guest_error(rm, "command queue header unusable (msgCount)", rm->msg_count);
        goto out;
    }
    memset(hdr, 0, sizeof(hdr));
    put32(hdr + offsetof(NovaGspMsgqTxHeader, size), QUEUE_SIZE);
    put32(hdr + offsetof(NovaGspMsgqTxHeader, msg_size), NOVA_GSP_PAGE);
    put32(hdr + offsetof(NovaGspMsgqTxHeader, msg_count), rm->msg_count);
    put32(hdr + offsetof(NovaGspMsgqTxHeader, flags), 1);
    put32(hdr + offsetof(NovaGspMsgqTxHeader, rx_hdr_off), Q_RX_READ_PTR);
    put32(hdr + offsetof(NovaGspMsgqTxHeader, entry_off), NOVA_GSP_PAGE);
    ok = !shm_access(rm, rm->statq_off, hdr, sizeof(hdr), true) &&
         !shm_wr32(rm, rm->statq_off + Q_RX_READ_PTR, 0);
out:
    free(page);
    return ok;
}

void nova_gsp_rm_init(NovaGspRm *rm, const NovaHost *host, const NovaChip *chip,
                      NovaFalcon *gsp, NovaSecureRegs *secure, uint64_t vram_size)
{
    memset(rm, 0, sizeof(*rm));
    rm->host = host;
    rm->chip = chip;
    rm->gsp = gsp;
    rm->secure = secure;
    rm->vram_size = vram_size;
}

void nova_gsp_rm_reset(NovaGspRm *rm)
{
    nova_gsp_rm_init(rm, rm->host, rm->chip, rm->gsp, rm->secure, rm->vram_size);
}

void nova_gsp_rm_boot(NovaGspRm *rm, uint64_t wpr_meta, uint64_t libos)
{
    nova_gsp_rm_reset(rm);
    rm->wpr_meta = wpr_meta;
    rm->libos = libos;
    if (!find_queues(rm)) {
        rm->state = NOVA_GSP_RM_FAILED;
        return;
    }
    {
        uint8_t m[sizeof(NovaGspFwWprMeta)];

        /* RM keeps its private VRAM from the non-WPR heap up (WPR meta) */
        if (rm->host->dma_read(rm->host->opaque, wpr_meta, m, sizeof(m)) == 0) {
            rm->non_wpr_heap = le64(m + offsetof(NovaGspFwWprMeta, non_wpr_heap_offset));
        }
        if (rm->non_wpr_heap < 2 * NOVA_GSP_PAGE || rm->non_wpr_heap >= rm->vram_size) {
            rm->non_wpr_heap = rm->vram_size / 2;
        }
    }
    rm->state = NOVA_GSP_RM_RUNNING;
    trace(rm, "booted (queue slots, shared pages)", rm->msg_count, rm->shm_pages);
    /* SET_SYSTEM_INFO and SET_REGISTRY were queued before the GSP started */
    nova_gsp_rm_process(rm);
    post_sequencer(rm);
    post(rm, NV_VGPU_MSG_EVENT_GSP_INIT_DONE, NV_OK, NULL, 0);
}

void nova_gsp_rm_shutdown(NovaGspRm *rm)
{
    rm->state = NOVA_GSP_RM_OFF;
}

const char *nova_gsp_rm_state_name(NovaGspRmState s)
{
    switch (s) {
    case NOVA_GSP_RM_OFF:       return "off";
    case NOVA_GSP_RM_RUNNING:   return "running";
    case NOVA_GSP_RM_SUSPENDED: return "suspended";
    case NOVA_GSP_RM_FAILED:    return "failed";
    }
    return "?";
}
