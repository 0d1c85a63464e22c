/*
 * nova-gpu: the GSP message queues, as both drivers implement them.
 *
 * Shared memory: a PTE page listing every 4 KiB page of the block, the
 * command queue (driver -> GSP) at cmdQueueOffset and the status queue
 * (GSP -> driver) at statQueueOffset. Each queue starts with a header page
 * (msgqTxHeader, then msgqRxHeader at +0x20) and holds msgCount slots of
 * 4 KiB. Pointer ownership crosses: the GSP's read pointer of the command
 * queue lives in the status queue's rx header, and the driver's read
 * pointer of the status queue in the command queue's rx header.
 *
 * An element is one to sixteen slots: a 0x30-byte header (checksum,
 * sequence, slot count), then the RPC. An RPC too large for one element
 * goes as a full first element and CONTINUATION_RECORD elements with the
 * rest (nouveau r535_gsp_rpc_push, nova-core cmdq/continuation.rs).
 *
 * Every value read here comes from the guest and is checked.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "nova/gsp-rm.h"
#include "nova/gsp-abi.h"
#include "rpc-util.h"

#include <stdlib.h>
#include <string.h>

#define QUEUE_SIZE          NOVA_GSP_QUEUE_SIZE
#define Q_TX_WRITE_PTR      offsetof(NovaGspMsgqTxHeader, write_ptr)
#define Q_RX_READ_PTR       sizeof(NovaGspMsgqTxHeader) /* msgqRxHeader */
#define RPC_HEADER_VERSION  0x03000000u
#define RPC_SIGNATURE       0x43505256u             /* "VRPC" */
#define ELEM_MAX            (NOVA_GSP_MAX_ELEM_PAGES * NOVA_GSP_PAGE)
#define ELEM_HDRS           (NOVA_GSP_ELEM_HDR + NOVA_GSP_RPC_HDR)

_Static_assert(ELEM_HDRS % 8 == 0, "the payload starts on a checksum word");

/*
 * XOR of @len bytes as little-endian u64 words, the tail zero-padded: byte
 * i lands at bits (i % 8) * 8. Words in four independent chains (XOR does
 * not care about order, and the loads need not wait on one another), then
 * the last words, then the tail byte by byte.
 */
static uint64_t xor_words(const uint8_t *buf, size_t len)
{
    uint64_t x0 = 0, x1 = 0, x2 = 0, x3 = 0;
    size_t i;

    for (i = 0; i + 32 <= len; i += 32) {
        x0 ^= nova_ld64(buf + i);
        x1 ^= nova_ld64(buf + i + 8);
        x2 ^= nova_ld64(buf + i + 16);
        x3 ^= nova_ld64(buf + i + 24);
    }
    for (; i + 8 <= len; i += 8) {
        x0 ^= nova_ld64(buf + i);
    }
    for (; i < len; i++) {
        x0 ^= (uint64_t)buf[i] << ((i % 8) * 8);
    }
    return x0 ^ x1 ^ x2 ^ x3;
}

static uint32_t fold(uint64_t x)
{
    return (uint32_t)(x >> 32) ^ (uint32_t)x;
}

uint32_t nova_gsp_checksum(const uint8_t *buf, size_t len)
{
    return fold(xor_words(buf, len));
}

/* --- shared memory, through the driver's page list ------------------------- */

int nova_gsp_shm_access(NovaGspRm *rm, uint64_t off, void *buf, size_t len,
                        bool write)
{
    uint8_t *p = buf;

    while (len) {
        uint64_t page = off / NOVA_GSP_PAGE, in = off % NOVA_GSP_PAGE;
        size_t chunk = NOVA_GSP_PAGE - in < len ? NOVA_GSP_PAGE - in : len;
        uint64_t addr;
        int r;

        /* the second bound holds even for state loaded but not yet checked */
        if (page >= rm->shm_pages || page >= NOVA_GSP_MAX_SHM_PAGES) {
            nova_gsp_guest_error(rm, "queue access past the shared memory", off);
            return -1;
        }
        addr = rm->shm_page[page] + in;
        r = write ? rm->host->dma_write(rm->host->opaque, addr, p, chunk)
                  : rm->host->dma_read(rm->host->opaque, addr, p, chunk);
        if (r) {
            nova_gsp_guest_error(rm, "shared memory page not accessible", addr);
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

    if (nova_gsp_shm_access(rm, off, b, 4, false)) {
        return -1;
    }
    *v = nova_ld32(b);
    return 0;
}

static int shm_wr32(NovaGspRm *rm, uint64_t off, uint32_t v)
{
    uint8_t b[4];

    nova_st32(b, v);
    return nova_gsp_shm_access(rm, off, b, 4, true);
}

/*
 * Ring arithmetic. msg_count is 0 whenever GSP-RM has no queue (reset,
 * before boot, a bad header) and must never be divided by, in any state:
 * a reset can land between a check and a use (docs/design.md,
 * "Re-entrancy"), and a migration stream can carry anything.
 */
static uint32_t ring_pos(NovaGspRm *rm, uint64_t x)
{
    return rm->msg_count ? (uint32_t)(x % rm->msg_count) : 0;
}

/* slots from @from up to @to, going forward around the ring */
static uint32_t ring_distance(NovaGspRm *rm, uint32_t from, uint32_t to)
{
    return ring_pos(rm, (uint64_t)to + rm->msg_count - from);
}

/* slot @idx of the queue at @q */
static uint64_t slot(NovaGspRm *rm, uint64_t q, uint32_t idx)
{
    return q + NOVA_GSP_PAGE + (uint64_t)ring_pos(rm, idx) * NOVA_GSP_PAGE;
}

bool nova_gsp_msg_count_ok(uint32_t msg_count)
{
    /* a header page and msg_count slots in the queue (no 32-bit wrap) */
    return msg_count >= 2 && msg_count <= QUEUE_SIZE / NOVA_GSP_PAGE - 1;
}

int nova_gsp_queue_setup(NovaGspRm *rm)
{
    uint8_t hdr[sizeof(NovaGspMsgqTxHeader)];
    uint32_t count;

    /* the driver set up the command queue's header; the status queue is ours */
    rm->msg_count = 0;      /* no queue until the header is checked */
    if (rm->cmdq_off > (uint64_t)rm->shm_pages * NOVA_GSP_PAGE - QUEUE_SIZE ||
        rm->statq_off > (uint64_t)rm->shm_pages * NOVA_GSP_PAGE - QUEUE_SIZE ||
        nova_gsp_shm_access(rm, rm->cmdq_off, hdr, sizeof(hdr), false)) {
        return -1;
    }
    count = nova_ld32(hdr + offsetof(NovaGspMsgqTxHeader, msg_count));
    if (nova_ld32(hdr + offsetof(NovaGspMsgqTxHeader, msg_size)) != NOVA_GSP_PAGE ||
        nova_ld32(hdr + offsetof(NovaGspMsgqTxHeader, entry_off)) != NOVA_GSP_PAGE ||
        !nova_gsp_msg_count_ok(count)) {
        nova_gsp_guest_error(rm, "command queue header unusable (msgCount)", count);
        return -1;
    }
    rm->msg_count = count;
    memset(hdr, 0, sizeof(hdr));
    nova_st32(hdr + offsetof(NovaGspMsgqTxHeader, size), QUEUE_SIZE);
    nova_st32(hdr + offsetof(NovaGspMsgqTxHeader, msg_size), NOVA_GSP_PAGE);
    nova_st32(hdr + offsetof(NovaGspMsgqTxHeader, msg_count), rm->msg_count);
    nova_st32(hdr + offsetof(NovaGspMsgqTxHeader, flags), 1);
    nova_st32(hdr + offsetof(NovaGspMsgqTxHeader, rx_hdr_off), Q_RX_READ_PTR);
    nova_st32(hdr + offsetof(NovaGspMsgqTxHeader, entry_off), NOVA_GSP_PAGE);
    if (nova_gsp_shm_access(rm, rm->statq_off, hdr, sizeof(hdr), true) ||
        shm_wr32(rm, rm->statq_off + Q_RX_READ_PTR, 0)) {
        return -1;
    }
    return 0;
}

/* --- sending ------------------------------------------------------------------ */

/*
 * One element; false if it could not be posted (queue full, memory gone).
 * Each slot is written whole: the header and the payload, zeros after the
 * message in its last slot. The payload goes from the caller's buffer;
 * only the first and the last slot are put together in @page.
 */
static bool post_element(NovaGspRm *rm, uint32_t function, uint32_t result,
                         const uint8_t *payload, uint32_t plen)
{
    static const uint8_t none[1];
    uint32_t total = ELEM_HDRS + plen;
    uint32_t pages = (total + NOVA_GSP_PAGE - 1) / NOVA_GSP_PAGE;
    uint32_t wptr, drv_rptr, free_slots, i;
    uint8_t page[NOVA_GSP_PAGE];
    bool ok = true;

    if (shm_rd32(rm, rm->statq_off + Q_TX_WRITE_PTR, &wptr) ||
        shm_rd32(rm, rm->cmdq_off + Q_RX_READ_PTR, &drv_rptr)) {
        return false;
    }
    if (wptr >= rm->msg_count || drv_rptr >= rm->msg_count) {
        nova_gsp_guest_error(rm, "status queue pointer out of range", drv_rptr);
        return false;
    }
    free_slots = ring_distance(rm, wptr + 1, drv_rptr);
    if (pages > free_slots) {
        nova_gsp_guest_error(rm, "status queue full: message dropped (function)",
                             function);
        return false;
    }
    if (!plen) {
        payload = none;
    }
    memset(page, 0, ELEM_HDRS);
    nova_st32(page + offsetof(NovaGspMsgElement, seq), rm->seq);
    nova_st32(page + offsetof(NovaGspMsgElement, elem_count), pages);
    nova_st32(page + NOVA_GSP_RPC_OFF(header_version), RPC_HEADER_VERSION);
    nova_st32(page + NOVA_GSP_RPC_OFF(signature), RPC_SIGNATURE);
    nova_st32(page + NOVA_GSP_RPC_OFF(length), NOVA_GSP_RPC_HDR + plen);
    nova_st32(page + NOVA_GSP_RPC_OFF(function), function);
    nova_st32(page + NOVA_GSP_RPC_OFF(rpc_result), result);
    nova_st32(page + NOVA_GSP_RPC_OFF(sequence), rm->seq);
    /* the headers are whole words, so the payload's words continue theirs */
    nova_st32(page + offsetof(NovaGspMsgElement, checksum),
              fold(xor_words(page, ELEM_HDRS) ^ xor_words(payload, plen)) ^
              (rm->corrupt_next ? 0x00badbad : 0));
    rm->corrupt_next = false;
    if (rm->host->transcript) {
        rm->host->transcript(rm->host->opaque, false, function, rm->seq, result,
                              NOVA_GSP_RPC_HDR + plen, payload);
    }
    rm->seq++;
    /* the whole message first, then the write pointer, in one step */
    for (i = 0; i < pages && ok; i++) {
        uint32_t start = i * NOVA_GSP_PAGE;     /* the slot's offset in the element */
        uint32_t end = total - start < NOVA_GSP_PAGE ? total : start + NOVA_GSP_PAGE;
        uint32_t from = i ? start : ELEM_HDRS;  /* where its payload bytes start */
        const uint8_t *src = page;

        if (i && end - start == NOVA_GSP_PAGE) {
            src = payload + (start - ELEM_HDRS);    /* a full slot of payload */
        } else {
            memcpy(page + (from - start), payload + (from - ELEM_HDRS), end - from);
            memset(page + (end - start), 0, NOVA_GSP_PAGE - (end - start));
        }
        /* (a write only reads the buffer) */
        ok = !nova_gsp_shm_access(rm, slot(rm, rm->statq_off, wptr + i),
                                  (uint8_t *)src, NOVA_GSP_PAGE, true);
    }
    if (!ok || shm_wr32(rm, rm->statq_off + Q_TX_WRITE_PTR,
                        ring_pos(rm, (uint64_t)wptr + pages))) {
        return false;
    }
    rm->messages_sent++;
    NOVA_EVENT(rm->host, NOVA_EV_RPC_REPLY, rpc_reply, nova_gsp_fn_name(function),
               function, result);
    /* GSP-RM tells the CPU: SWGEN0 on the GSP falcon, routed to its vector */
    if (nova_fault_fire(&rm->faults.lost_intr)) {
        nova_gsp_injected(rm, "lost_intr", function, 0);
    } else {
        nova_falcon_raise_irq(rm->cfg.gsp,
                              NV_FIELD_MASK(NV_PFALCON_FALCON_IRQSTAT, SWGEN0));
    }
    return true;
}

void nova_gsp_post(NovaGspRm *rm, uint32_t function, uint32_t result,
                   const void *payload, uint32_t plen)
{
    const uint8_t *p = payload;
    uint32_t first = plen < NOVA_GSP_MAX_CHUNK ? plen : NOVA_GSP_MAX_CHUNK;

    if (!post_element(rm, function, result, p, first) || plen == first) {
        return;
    }
    /* the rest of a large message in continuation records */
    for (p += first, plen -= first; plen; ) {
        uint32_t n = plen < NOVA_GSP_MAX_CHUNK ? plen : NOVA_GSP_MAX_CHUNK;

        if (!post_element(rm, NV_VGPU_MSG_FUNCTION_CONTINUATION_RECORD, NV_OK,
                          p, n)) {
            return;
        }
        rm->continuations_out++;
        p += n;
        plen -= n;
    }
}

/* --- receiving ------------------------------------------------------------------ */

/*
 * How long a split RPC is in all, from what its first chunk says, or 0
 * when its format does not say (it then ends with a short record, or
 * when the next command arrives).
 */
static uint32_t split_length(uint32_t function, const uint8_t *p, uint32_t n)
{
    switch (function) {
    case NV_VGPU_MSG_FUNCTION_GSP_RM_CONTROL:   /* params after a 0x18 header */
        return n >= 0x18 ? 0x18 + nova_ld32(p + 0x10) : 0;
    case NV_VGPU_MSG_FUNCTION_GSP_RM_ALLOC:     /* params after a 0x20 header */
        return n >= 0x20 ? 0x20 + nova_ld32(p + 0x14) : 0;
    case NV_VGPU_MSG_FUNCTION_SET_REGISTRY:     /* PACKED_REGISTRY_TABLE.size */
        return n >= 4 ? nova_ld32(p) : 0;
    }
    return 0;
}

static void cont_drop(NovaGspRm *rm)
{
    free(rm->cont);
    rm->cont = NULL;
    rm->cont_len = rm->cont_want = rm->cont_function = 0;
}

static void cont_finish(NovaGspRm *rm)
{
    uint8_t *p = rm->cont;
    uint32_t n = rm->cont_len, fn = rm->cont_function;

    rm->cont = NULL;
    cont_drop(rm);
    nova_gsp_dispatch(rm, fn, p, n);
    free(p);
}

static void cont_append(NovaGspRm *rm, const uint8_t *p, uint32_t n)
{
    uint8_t *grown;

    if (rm->cont_len + (uint64_t)n > NOVA_GSP_MAX_RPC_SIZE) {
        nova_gsp_guest_error(rm, "split RPC larger than the model takes: dropped "
                             "(function)", rm->cont_function);
        rm->bad_elements++;
        /* answer it, so a waiting driver sees an error rather than a hang */
        nova_gsp_post(rm, rm->cont_function, NV_ERR_INSUFFICIENT_RESOURCES, NULL, 0);
        cont_drop(rm);
        return;
    }
    grown = realloc(rm->cont, rm->cont_len + n);
    if (!grown) {
        cont_drop(rm);
        return;
    }
    rm->cont = grown;
    memcpy(rm->cont + rm->cont_len, p, n);
    rm->cont_len += n;
}

/* One element's RPC, whole or a piece of a split one. */
static void receive_rpc(NovaGspRm *rm, uint32_t function, uint8_t *p,
                        uint32_t plen)
{
    if (function == NV_VGPU_MSG_FUNCTION_CONTINUATION_RECORD) {
        if (!rm->cont) {
            nova_gsp_guest_error(rm, "continuation record without a command "
                                 "before it (length)", plen);
            rm->bad_elements++;
            return;
        }
        rm->continuations_in++;
        cont_append(rm, p, plen);
        if (rm->cont &&
            (plen < NOVA_GSP_MAX_CHUNK ||
             (rm->cont_want && rm->cont_len >= rm->cont_want))) {
            cont_finish(rm);
        }
        return;
    }
    if (rm->cont) {
        /* a chain that ended on a full record closes with the next command */
        cont_finish(rm);
    }
    if (plen == NOVA_GSP_MAX_CHUNK) {
        uint32_t want = split_length(function, p, plen);

        if (want == 0 || want > plen) {
            rm->cont_function = function;
            rm->cont_want = want;
            cont_append(rm, p, plen);
            return;
        }
    }
    nova_gsp_dispatch(rm, function, p, plen);
}

/*
 * The element at slot @rptr, with @avail slots published: read (its own
 * bytes, slot by slot), checked and handed on; *@pages is how many slots it
 * takes. False when it stays in the queue: not all of it is there or
 * readable, or an rpc-delay holds it.
 */
static bool take_element(NovaGspRm *rm, uint32_t rptr, uint32_t avail, uint32_t *pages)
{
    uint8_t hdr[ELEM_HDRS], *buf = rm->elem;
    uint32_t len, total, fn, i;
    bool taken = true;

    if (nova_gsp_shm_access(rm, slot(rm, rm->cmdq_off, rptr), hdr, ELEM_HDRS, false)) {
        return false;
    }
    len = nova_ld32(hdr + NOVA_GSP_RPC_OFF(length));
    if (len < NOVA_GSP_RPC_HDR || len > ELEM_MAX - NOVA_GSP_ELEM_HDR) {
        nova_gsp_guest_error(rm, "element with a bad RPC length: skipped", len);
        rm->bad_elements++;
        *pages = 1;
        return true;
    }
    total = NOVA_GSP_ELEM_HDR + len;
    *pages = (total + NOVA_GSP_PAGE - 1) / NOVA_GSP_PAGE;
    if (*pages > avail) {
        nova_gsp_guest_error(rm, "element longer than what was published", *pages);
        return false;      /* wait for the rest */
    }
    if (rm->elem_busy) {
        buf = malloc(total);
        if (!buf) {
            return false;
        }
    }
    rm->elem_busy = true;
    memcpy(buf, hdr, ELEM_HDRS);
    for (i = 0; i < *pages; i++) {
        uint32_t start = i ? i * NOVA_GSP_PAGE : ELEM_HDRS;
        uint32_t end = total - i * NOVA_GSP_PAGE < NOVA_GSP_PAGE ? total :
                       (i + 1) * NOVA_GSP_PAGE;

        if (end > start &&
            nova_gsp_shm_access(rm, slot(rm, rm->cmdq_off, rptr + i) + start % NOVA_GSP_PAGE,
                                buf + start, end - start, false)) {
            taken = false;
            goto out;
        }
    }
    fn = nova_ld32(buf + NOVA_GSP_RPC_OFF(function));
    if (nova_gsp_checksum(buf, total) != 0) {
        nova_gsp_guest_error(rm, "element with a bad checksum: skipped (function)", fn);
        rm->bad_elements++;
        goto out;
    }
    if (fn != NV_VGPU_MSG_FUNCTION_CONTINUATION_RECORD && !rm->delay_over &&
        rm->host->defer && nova_fault_fire_for(&rm->faults.rpc_delay, fn)) {
        /* "rpc-delay": leave it in the queue, come back later */
        nova_gsp_injected(rm, "rpc_delay", fn, rm->faults.rpc_delay.value);
        rm->delaying = true;
        rm->host->defer(rm->host->opaque, rm->faults.rpc_delay.value * 1000000);
        taken = false;
        goto out;
    }
    rm->delay_over = false;
    if (rm->host->transcript) {
        rm->host->transcript(rm->host->opaque, true, fn,
                             nova_ld32(buf + offsetof(NovaGspMsgElement, seq)),
                             nova_ld32(buf + NOVA_GSP_RPC_OFF(rpc_result)), len,
                             buf + ELEM_HDRS);
    }
    receive_rpc(rm, fn, buf + ELEM_HDRS, len - NOVA_GSP_RPC_HDR);
out:
    if (buf == rm->elem) {
        rm->elem_busy = false;
    } else {
        free(buf);
    }
    return taken;
}

void nova_gsp_rm_process(NovaGspRm *rm)
{
    uint32_t wptr, rptr, n, pages;

    if ((rm->state != NOVA_GSP_RM_RUNNING && rm->state != NOVA_GSP_RM_SUSPENDED) ||
        rm->delaying) {
        return;     /* a delayed RPC holds the queue until resume */
    }
    if (shm_rd32(rm, rm->cmdq_off + Q_TX_WRITE_PTR, &wptr) ||
        shm_rd32(rm, rm->statq_off + Q_RX_READ_PTR, &rptr)) {
        return;
    }
    if (wptr >= rm->msg_count || rptr >= rm->msg_count) {
        nova_gsp_guest_error(rm, "command queue write pointer out of range", wptr);
        return;
    }
    /* at most one pass around the ring per doorbell */
    for (n = 0; n < rm->msg_count && rptr != wptr &&
                rm->state != NOVA_GSP_RM_CRASHED; n += pages) {
        if (!take_element(rm, rptr, ring_distance(rm, rptr, wptr), &pages)) {
            break;
        }
        rptr = ring_pos(rm, (uint64_t)rptr + pages);
    }
    shm_wr32(rm, rm->statq_off + Q_RX_READ_PTR, rptr);
}

bool nova_gsp_rm_queue_pointers(NovaGspRm *rm, uint32_t *cmd_write, uint32_t *cmd_read,
                                uint32_t *stat_write, uint32_t *stat_read)
{
    if (!rm->shm_pages || rm->state == NOVA_GSP_RM_OFF ||
        rm->state == NOVA_GSP_RM_FAILED) {
        return false;
    }
    /* each queue's reader keeps its read pointer in the other queue's header */
    return !shm_rd32(rm, rm->cmdq_off + Q_TX_WRITE_PTR, cmd_write) &&
           !shm_rd32(rm, rm->statq_off + Q_RX_READ_PTR, cmd_read) &&
           !shm_rd32(rm, rm->statq_off + Q_TX_WRITE_PTR, stat_write) &&
           !shm_rd32(rm, rm->cmdq_off + Q_RX_READ_PTR, stat_read);
}

void nova_gsp_rm_resume(NovaGspRm *rm)
{
    if (rm->delaying) {
        rm->delaying = false;
        rm->delay_over = true;
        nova_gsp_rm_process(rm);
    }
}

void nova_gsp_queue_reset(NovaGspRm *rm)
{
    cont_drop(rm);
}
