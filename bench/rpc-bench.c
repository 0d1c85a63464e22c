/*
 * nova-gpu: GSP-RM RPCs through the real queues (gsp-model/), each figure
 * against the bare DMA of the same bytes, measured in the same run.
 *
 * The program plays the driver on a NovaHost over plain arrays: the shared
 * queue memory is in "guest RAM", which the driver touches with plain
 * loads and stores and the model only through the host's dma_read and
 * dma_write, as in QEMU. A request goes as nouveau 6.12 sends it (the
 * element built in a buffer, checksummed, copied into the command queue,
 * the write pointer published), then the doorbell: the glue's QUEUE_HEAD
 * bottom half calls nova_gsp_rm_process(), called here directly. The reply
 * is taken from the status queue (copied out, read pointer published).
 *
 *   small   GSP_RM_CONTROL CE_GET_FAULT_METHOD_BUFFER_SIZE (4-byte params)
 *           on the driver's own subdevice: nouveau asks it for every channel
 *   burst   BURST of those controls queued, one queue run, BURST replies
 *   large   GSP_RM_CONTROL with 128 KiB of parameters: three elements each
 *           way (a full one and two CONTINUATION_RECORDs). Nothing the
 *           drivers send today is this large (nouveau 6.12: a large
 *           SET_REGISTRY or a display control could be); the model does not
 *           serve display controls, so it answers NV_ERR_NOT_SUPPORTED in
 *           the control's status and echoes the parameters: the transport
 *           both ways is what is measured
 *
 * The baseline of each is the host's dma_read of every command element
 * (header and RPC, its own length, one call per 4 KiB page as the page
 * list makes the model do) and dma_write of every reply element, through
 * the same NovaHost function pointers. Times are the best of ROUNDS
 * batches; ratios the median of the rounds' ratios, each round timing the
 * model's batch and its baseline's in turn.
 *
 * usage: rpc-bench [--quick] [--only small|burst|large]
 *   --quick   fewer, shorter rounds
 *   --only    that exchange only (to profile it)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "nova/falcon.h"
#include "nova/gsp-abi.h"
#include "nova/gsp-rm.h"
#include "nova/le.h"
#include "nova/secure-regs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pair-timing.h"

#define RAM_BASE        0x100000000ull
#define RAM_SIZE        (4u << 20)
#define VRAM_SIZE       (1u << 20)
#define LIBOS           (RAM_BASE + 0x10000)
#define RMARGS          (RAM_BASE + 0x11000)
#define SHM             (RAM_BASE + 0x100000)
#define SHM_PAGES       129u        /* the PTE page, two queues of 64 pages */
#define CMDQ            0x1000u
#define STATQ           0x41000u
#define SLOTS           63u
#define PAGE            NOVA_GSP_PAGE
#define HDRS            (NOVA_GSP_ELEM_HDR + NOVA_GSP_RPC_HDR)
#define CHUNK           NOVA_GSP_MAX_CHUNK
#define ELEM_BYTES      (NOVA_GSP_MAX_ELEM_PAGES * PAGE)

#define FN_CONTROL      NV_VGPU_MSG_FUNCTION_GSP_RM_CONTROL
#define FN_ALLOC        NV_VGPU_MSG_FUNCTION_GSP_RM_ALLOC
#define FN_CONT         NV_VGPU_MSG_FUNCTION_CONTINUATION_RECORD
#define CTRL_HDR        sizeof(NovaGspRmControl)
#define H_CLIENT        0xc1d00001u
#define H_DEVICE        0xde1d0001u
#define H_SUBDEVICE     0x5d1d0001u

#define BURST           30          /* one-page requests and replies: fits both rings */
#define LARGE_PARAMS    (128u << 10)
#define MAX_ELEMS       4

typedef struct Bench {
    NovaHost host;
    uint8_t *ram, *vram;
    NovaSecureRegs sec;
    NovaFalcon gsp;
    NovaGspRm rm;
    uint32_t seq;               /* the driver's element sequence number */
    uint32_t rptr;              /* the driver's read pointer of the status queue */
    uint8_t *elem;              /* the driver's element being built */
    uint8_t *reply;             /* the reply's RPC payload, reassembled */
    uint32_t reply_len, reply_fn, reply_result;
    bool sums_ok;
    uint64_t irqs;
} Bench;

static Bench *b;

/* ---- the host: guest RAM and VRAM as arrays, upcalls as the glue has them ---- */

static int b_dma_read(void *o, uint64_t addr, void *buf, size_t len)
{
    Bench *x = o;

    if (addr < RAM_BASE || addr - RAM_BASE > RAM_SIZE ||
        len > RAM_SIZE - (addr - RAM_BASE)) {
        return -1;
    }
    memcpy(buf, x->ram + (addr - RAM_BASE), len);
    return 0;
}

static int b_dma_write(void *o, uint64_t addr, const void *buf, size_t len)
{
    Bench *x = o;

    if (addr < RAM_BASE || addr - RAM_BASE > RAM_SIZE ||
        len > RAM_SIZE - (addr - RAM_BASE)) {
        return -1;
    }
    memcpy(x->ram + (addr - RAM_BASE), buf, len);
    return 0;
}

static int b_vram_read(void *o, uint64_t off, void *buf, size_t len)
{
    Bench *x = o;

    if (off > VRAM_SIZE || len > VRAM_SIZE - off) {
        return -1;
    }
    memcpy(buf, x->vram + off, len);
    return 0;
}

static int b_vram_write(void *o, uint64_t off, const void *buf, size_t len)
{
    Bench *x = o;

    if (off > VRAM_SIZE || len > VRAM_SIZE - off) {
        return -1;
    }
    memcpy(x->vram + off, buf, len);
    return 0;
}

/* tracing off, as QEMU runs by default: every event is asked for and refused */
static bool b_event_enabled(void *o, NovaEventId id)
{
    return false;
}

static void b_event(void *o, const NovaEvent *ev)
{
}

/* the glue's transcript is a disabled trace point and an early return */
static void b_transcript(void *o, bool to_gsp, uint32_t function, uint32_t seq,
                         uint32_t result, uint32_t length, const uint8_t *params)
{
}

/* the glue raises the CPU vector; the driver here polls instead */
static void b_falcon_intr(void *o, unsigned engine)
{
    ((Bench *)o)->irqs++;
}

static uint8_t *ram(uint64_t addr)
{
    return b->ram + (addr - RAM_BASE);
}

static uint32_t rd32(uint64_t addr)
{
    return nova_ld32(ram(addr));
}

static void wr32(uint64_t addr, uint32_t v)
{
    nova_st32(ram(addr), v);
}

static void wr64(uint64_t addr, uint64_t v)
{
    nova_st64(ram(addr), v);
}

/* ---- the driver ---- */

/* the drivers' checksum: XOR of the element's LE u64 words, folded */
static uint32_t drv_checksum(const uint8_t *p, uint32_t len)
{
    uint64_t x = 0;
    uint32_t i;

    for (i = 0; i < len; i += 8) {
        x ^= nova_ld64(p + i);      /* the buffer is zero up to a multiple of 8 */
    }
    return (uint32_t)(x >> 32) ^ (uint32_t)x;
}

static uint64_t slot_addr(uint32_t queue, uint32_t idx)
{
    return SHM + queue + PAGE + (uint64_t)(idx % SLOTS) * PAGE;
}

/* One element: built in the driver's buffer, copied into the command queue, published. */
static void drv_push(uint32_t fn, const uint8_t *payload, uint32_t n)
{
    uint32_t total = HDRS + n, pages = (total + PAGE - 1) / PAGE, i;
    uint32_t wptr = rd32(SHM + CMDQ + offsetof(NovaGspMsgqTxHeader, write_ptr));
    uint8_t *e = b->elem;

    memset(e, 0, HDRS);
    nova_st32(e + offsetof(NovaGspMsgElement, seq), b->seq++);
    nova_st32(e + offsetof(NovaGspMsgElement, elem_count), pages);
    nova_st32(e + NOVA_GSP_RPC_OFF(header_version), 0x03000000);
    nova_st32(e + NOVA_GSP_RPC_OFF(signature), 0x43505256);     /* "VRPC" */
    nova_st32(e + NOVA_GSP_RPC_OFF(length), NOVA_GSP_RPC_HDR + n);
    nova_st32(e + NOVA_GSP_RPC_OFF(function), fn);
    nova_st32(e + NOVA_GSP_RPC_OFF(rpc_result), 0xffffffff);   /* pending */
    nova_st32(e + NOVA_GSP_RPC_OFF(rpc_result_private), 0xffffffff);
    memcpy(e + HDRS, payload, n);
    memset(e + total, 0, 8);
    nova_st32(e + offsetof(NovaGspMsgElement, checksum), drv_checksum(e, total));
    for (i = 0; i < pages; i++) {
        uint32_t len = total - i * PAGE < PAGE ? total - i * PAGE : PAGE;

        memcpy(ram(slot_addr(CMDQ, wptr + i)), e + i * PAGE, len);
    }
    wr32(SHM + CMDQ + offsetof(NovaGspMsgqTxHeader, write_ptr), (wptr + pages) % SLOTS);
}

/* the doorbell: QUEUE_HEAD's bottom half runs the queue */
static void drv_ring(void)
{
    nova_gsp_rm_process(&b->rm);
}

/* An RPC, split into a full element and continuation records when large. */
static void drv_send(uint32_t fn, const uint8_t *payload, uint32_t plen, bool ring_each)
{
    uint32_t n = plen < CHUNK ? plen : CHUNK;

    drv_push(fn, payload, n);
    for (payload += n, plen -= n; plen; payload += n, plen -= n) {
        if (ring_each) {
            drv_ring();         /* nouveau rings after each element it pushes */
        }
        n = plen < CHUNK ? plen : CHUNK;
        drv_push(FN_CONT, payload, n);
    }
}

/*
 * Take one element from the status queue: the RPC payload appended to
 * b->reply at @at; its payload length, or -1 if the queue is empty.
 */
static int drv_take(uint32_t at, uint32_t *fn, uint32_t *result, bool check)
{
    uint32_t wptr = rd32(SHM + STATQ + offsetof(NovaGspMsgqTxHeader, write_ptr));
    uint64_t first = slot_addr(STATQ, b->rptr);
    uint32_t len, total, pages, i, n;

    if (wptr == b->rptr) {
        return -1;
    }
    len = rd32(first + NOVA_GSP_RPC_OFF(length));
    if (len < NOVA_GSP_RPC_HDR || len > ELEM_BYTES - NOVA_GSP_ELEM_HDR) {
        return -1;
    }
    total = NOVA_GSP_ELEM_HDR + len;
    pages = (total + PAGE - 1) / PAGE;
    n = len - NOVA_GSP_RPC_HDR;
    *fn = rd32(first + NOVA_GSP_RPC_OFF(function));
    *result = rd32(first + NOVA_GSP_RPC_OFF(rpc_result));
    if (check) {
        /* the whole element, as nova-core checks it */
        for (i = 0; i < pages; i++) {
            uint32_t c = total - i * PAGE < PAGE ? total - i * PAGE : PAGE;

            memcpy(b->elem + i * PAGE, ram(slot_addr(STATQ, b->rptr + i)), c);
        }
        memset(b->elem + total, 0, 8);
        b->sums_ok &= drv_checksum(b->elem, total) == 0;
    }
    /* the payload out of the ring, slot by slot (it may wrap) */
    for (i = 0; i < n; ) {
        uint32_t off = HDRS + i, c = PAGE - off % PAGE;

        c = c < n - i ? c : n - i;
        memcpy(b->reply + at + i, ram(slot_addr(STATQ, b->rptr + off / PAGE)) + off % PAGE, c);
        i += c;
    }
    b->rptr = (b->rptr + pages) % SLOTS;
    wr32(SHM + CMDQ + sizeof(NovaGspMsgqTxHeader), b->rptr);  /* msgqRxHeader.readPtr */
    return n;
}

/* Receive one RPC and its continuation records; false if none is there. */
static bool drv_recv(bool check)
{
    uint32_t fn, res;
    int n = drv_take(0, &b->reply_fn, &b->reply_result, check);

    if (n < 0) {
        return false;
    }
    b->reply_len = n;
    while (n == CHUNK) {
        n = drv_take(b->reply_len, &fn, &res, check);
        if (n < 0 || fn != FN_CONT) {
            return false;
        }
        b->reply_len += n;
    }
    return true;
}

/* ---- set-up: the libos arguments, the queues, boot, the driver's objects ---- */

static uint32_t drv_alloc(uint32_t parent, uint32_t handle, uint32_t hclass,
                          const uint8_t *params, uint32_t psize)
{
    uint8_t m[0x20 + 0x80] = { 0 };

    nova_st32(m, H_CLIENT);
    nova_st32(m + 4, parent);
    nova_st32(m + 8, handle);
    nova_st32(m + 0xc, hclass);
    nova_st32(m + 0x10, 0xffffffff);
    nova_st32(m + 0x14, psize);
    memcpy(m + 0x20, params, psize);
    drv_send(FN_ALLOC, m, 0x20 + psize, true);
    drv_ring();
    if (!drv_recv(true) || b->reply_fn != FN_ALLOC || b->reply_result != NV_OK ||
        b->reply_len < 0x20) {
        return 0xdeadbeef;
    }
    return nova_ld32(b->reply + 0x10);
}

static void setup(void)
{
    static const uint8_t none[0x80];
    const NovaChip *chip = nova_chip_by_name("ga102");
    NovaFalconConfig fcfg = {
        .name = "GSP", .engine = NOVA_FALCON_GSP, .chip = chip, .secure = NULL,
    };
    NovaGspRmConfig rcfg = { .chip = chip, .vram_size = VRAM_SIZE };
    uint8_t client[0x6c] = { 0 }, device[0x38] = { 0 };
    uint32_t fn, res, i;

    b = calloc(1, sizeof(*b));
    if (!b || !(b->ram = calloc(1, RAM_SIZE)) || !(b->vram = calloc(1, VRAM_SIZE)) ||
        !(b->elem = calloc(1, ELEM_BYTES + 8)) ||
        !(b->reply = calloc(1, LARGE_PARAMS + 2 * ELEM_BYTES))) {
        fprintf(stderr, "rpc-bench: out of memory\n");
        exit(1);
    }
    b->host = (NovaHost) {
        .opaque = b,
        .dma_read = b_dma_read, .dma_write = b_dma_write,
        .vram_read = b_vram_read, .vram_write = b_vram_write,
        .event_enabled = b_event_enabled, .event = b_event,
        .falcon_intr = b_falcon_intr, .transcript = b_transcript,
    };
    fcfg.secure = &b->sec;
    rcfg.gsp = &b->gsp;
    rcfg.secure = &b->sec;
    if (nova_falcon_init(&b->gsp, &fcfg, &b->host)) {
        fprintf(stderr, "rpc-bench: falcon init failed\n");
        exit(1);
    }
    nova_gsp_rm_init(&b->rm, &rcfg, &b->host);

    /* libos arguments with RMARGS, RMARGS, the page list, the command queue header */
    wr64(LIBOS + offsetof(NovaLibosMemoryRegion, id8), 0x524d41524753ull);
    wr64(LIBOS + offsetof(NovaLibosMemoryRegion, pa), RMARGS);
    wr64(LIBOS + offsetof(NovaLibosMemoryRegion, size), PAGE);
    wr64(RMARGS + offsetof(NovaGspArgumentsCached, shared_mem_phys_addr), SHM);
    wr32(RMARGS + offsetof(NovaGspArgumentsCached, page_table_entry_count), SHM_PAGES);
    wr64(RMARGS + offsetof(NovaGspArgumentsCached, cmd_queue_offset), CMDQ);
    wr64(RMARGS + offsetof(NovaGspArgumentsCached, stat_queue_offset), STATQ);
    for (i = 0; i < SHM_PAGES; i++) {
        wr64(SHM + 8 * i, SHM + (uint64_t)PAGE * i);
    }
    wr32(SHM + CMDQ + offsetof(NovaGspMsgqTxHeader, size), NOVA_GSP_QUEUE_SIZE);
    wr32(SHM + CMDQ + offsetof(NovaGspMsgqTxHeader, msg_size), PAGE);
    wr32(SHM + CMDQ + offsetof(NovaGspMsgqTxHeader, msg_count), SLOTS);
    wr32(SHM + CMDQ + offsetof(NovaGspMsgqTxHeader, flags), 1);
    wr32(SHM + CMDQ + offsetof(NovaGspMsgqTxHeader, rx_hdr_off),
         sizeof(NovaGspMsgqTxHeader));
    wr32(SHM + CMDQ + offsetof(NovaGspMsgqTxHeader, entry_off), PAGE);

    nova_gsp_rm_boot(&b->rm, 0, LIBOS);
    if (b->rm.state != NOVA_GSP_RM_RUNNING) {
        fprintf(stderr, "rpc-bench: GSP-RM did not boot\n");
        exit(1);
    }
    /* the sequencer run and INIT_DONE; the driver runs the sequencer */
    while (drv_take(0, &fn, &res, false) >= 0) {
    }
    b->sec.sw_scratch[NOVA_GSP_SEQ_SCRATCH] = NOVA_GSP_SEQ_MAGIC;

    /* the driver's client, device and subdevice, as nouveau allocates them */
    nova_st32(client, H_CLIENT);                /* hClient */
    nova_st32(client + 4, 0xffffffff);          /* processID */
    nova_st32(device + 4, H_CLIENT);            /* hClientShare */
    if (drv_alloc(H_CLIENT, H_CLIENT, NV01_ROOT, client, sizeof(client)) != NV_OK ||
        drv_alloc(H_CLIENT, H_DEVICE, NV01_DEVICE_0, device, sizeof(device)) != NV_OK ||
        drv_alloc(H_DEVICE, H_SUBDEVICE, NV20_SUBDEVICE_0, none, 4) != NV_OK) {
        fprintf(stderr, "rpc-bench: the driver's objects were refused\n");
        exit(1);
    }
}

/* ---- the exchanges ---- */

static uint8_t small_req[CTRL_HDR + 4];
static uint8_t *large_req;
static bool model_ok = true;

static void build_requests(void)
{
    uint32_t i;

    nova_st32(small_req + offsetof(NovaGspRmControl, h_client), H_CLIENT);
    nova_st32(small_req + offsetof(NovaGspRmControl, h_object), H_SUBDEVICE);
    nova_st32(small_req + offsetof(NovaGspRmControl, cmd),
              NV2080_CTRL_CMD_CE_GET_FAULT_METHOD_BUFFER_SIZE);
    nova_st32(small_req + offsetof(NovaGspRmControl, params_size), 4);

    large_req = calloc(1, CTRL_HDR + LARGE_PARAMS);
    if (!large_req) {
        exit(1);
    }
    nova_st32(large_req + offsetof(NovaGspRmControl, h_client), H_CLIENT);
    nova_st32(large_req + offsetof(NovaGspRmControl, h_object), H_SUBDEVICE);
    /* NV2080_CTRL_CMD_INTERNAL_DISPLAY_WRITE_INST_MEM's number, oversized: no display here */
    nova_st32(large_req + offsetof(NovaGspRmControl, cmd), 0x20800a49);
    nova_st32(large_req + offsetof(NovaGspRmControl, params_size), LARGE_PARAMS);
    for (i = 0; i < LARGE_PARAMS; i++) {
        large_req[CTRL_HDR + i] = (uint8_t)(i * 13 + 7);
    }
}

/* the small control, driver's side to driver's side */
static void small_op(void *arg)
{
    drv_send(FN_CONTROL, small_req, sizeof(small_req), true);
    drv_ring();
    if (!drv_recv(false) || b->reply_fn != FN_CONTROL) {
        model_ok = false;
    }
}

static void burst_op(void *arg)
{
    unsigned i;

    for (i = 0; i < BURST; i++) {
        drv_send(FN_CONTROL, small_req, sizeof(small_req), true);
    }
    drv_ring();     /* the doorbells of a burst meet one bottom half */
    for (i = 0; i < BURST; i++) {
        if (!drv_recv(false) || b->reply_fn != FN_CONTROL) {
            model_ok = false;
        }
    }
}

static void large_op(void *arg)
{
    drv_send(FN_CONTROL, large_req, CTRL_HDR + LARGE_PARAMS, true);
    drv_ring();
    if (!drv_recv(false) || b->reply_fn != FN_CONTROL) {
        model_ok = false;
    }
}

/* What the model must move for an exchange: element lengths each way. */
typedef struct Dma {
    uint32_t n_cmd, n_reply, reps;
    uint32_t cmd[MAX_ELEMS], reply[MAX_ELEMS];
} Dma;

static uint8_t *dma_buf;

/* one element's bytes through the host, a call per 4 KiB page */
static void dma_elem(uint64_t addr, uint32_t len, bool write)
{
    uint32_t i, c;

    for (i = 0; i < len; i += c) {
        c = len - i < PAGE ? len - i : PAGE;
        if (write) {
            b->host.dma_write(b->host.opaque, addr + i, dma_buf + i, c);
        } else {
            b->host.dma_read(b->host.opaque, addr + i, dma_buf + i, c);
        }
    }
}

static void dma_op(void *arg)
{
    const Dma *d = arg;
    uint32_t r, i;

    for (r = 0; r < d->reps; r++) {
        for (i = 0; i < d->n_cmd; i++) {
            dma_elem(slot_addr(CMDQ, 0), d->cmd[i], false);
        }
        for (i = 0; i < d->n_reply; i++) {
            dma_elem(slot_addr(STATQ, 0), d->reply[i], true);
        }
    }
}

/* element lengths (header and RPC) of an RPC of @plen payload bytes */
static uint32_t split(uint32_t plen, uint32_t *out)
{
    uint32_t k = 0, n;

    do {
        n = plen < CHUNK ? plen : CHUNK;
        out[k++] = HDRS + n;
        plen -= n;
    } while (plen && k < MAX_ELEMS);
    return k;
}

/* ---- verification, before anything is timed ---- */

static void verify(void)
{
    uint32_t in = b->rm.continuations_in, out = b->rm.continuations_out, i;
    bool ok;

    b->sums_ok = true;
    drv_send(FN_CONTROL, small_req, sizeof(small_req), true);
    drv_ring();
    ok = drv_recv(true) && b->reply_fn == FN_CONTROL && b->reply_result == NV_OK &&
         b->reply_len == sizeof(small_req) &&
         nova_ld32(b->reply + offsetof(NovaGspRmControl, status)) == NV_OK &&
         nova_ld32(b->reply + offsetof(NovaGspRmControl, cmd)) ==
             NV2080_CTRL_CMD_CE_GET_FAULT_METHOD_BUFFER_SIZE &&
         nova_ld32(b->reply + CTRL_HDR) == PAGE && b->sums_ok;
    if (!ok) {
        fprintf(stderr, "rpc-bench: the small control's reply is wrong\n");
        exit(1);
    }

    for (i = 0; i < BURST; i++) {
        drv_send(FN_CONTROL, small_req, sizeof(small_req), true);
    }
    drv_ring();
    for (i = 0; i < BURST && ok; i++) {
        ok = drv_recv(true) && b->reply_fn == FN_CONTROL && b->reply_result == NV_OK &&
             nova_ld32(b->reply + offsetof(NovaGspRmControl, status)) == NV_OK &&
             nova_ld32(b->reply + CTRL_HDR) == PAGE && b->sums_ok;
    }
    if (!ok || drv_recv(false)) {
        fprintf(stderr, "rpc-bench: the burst's replies are wrong\n");
        exit(1);
    }

    drv_send(FN_CONTROL, large_req, CTRL_HDR + LARGE_PARAMS, true);
    drv_ring();
    ok = drv_recv(true) && b->reply_fn == FN_CONTROL && b->reply_result == NV_OK &&
         b->reply_len == CTRL_HDR + LARGE_PARAMS &&
         nova_ld32(b->reply + offsetof(NovaGspRmControl, status)) == NV_ERR_NOT_SUPPORTED &&
         !memcmp(b->reply + CTRL_HDR, large_req + CTRL_HDR, LARGE_PARAMS) &&
         b->rm.continuations_in == in + 2 && b->rm.continuations_out == out + 2 &&
         b->sums_ok && b->rm.bad_elements == 0;
    if (!ok) {
        fprintf(stderr, "rpc-bench: the large control's reply is wrong\n");
        exit(1);
    }
}

/* ---- timing: bench/pair-timing.h ---- */

static void record(const char *name, double value, const char *unit, const char *base,
                   double bval, double ratio, const char *better, double target,
                   const char *note)
{
    printf("BENCH {\"group\": \"rpc\", \"name\": \"%s\", \"value\": %.4g, \"unit\": \"%s\", "
           "\"baseline\": \"%s\", \"baseline_value\": %.4g, \"ratio\": %.3f, "
           "\"better\": \"%s\"", name, value, unit, base, bval, ratio, better);
    if (target > 0) {
        printf(", \"target\": %.1f", target);
    }
    printf(", \"note\": \"%s\"}\n", note);
    fflush(stdout);
}

int main(int argc, char **argv)
{
    Dma d_small = { .reps = 1 }, d_burst = { .reps = BURST }, d_large = { .reps = 1 };
    double t_rt, t_rt_dma, t_burst, t_burst_dma, t_large, t_large_dma, r;
    const char *only = NULL;
    uint64_t rpcs;
    char note[160];
    int i;

    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--quick")) {
            pair_batch_min = 0.002;
            pair_rounds = 7;
        } else if (!strcmp(argv[i], "--only") && i + 1 < argc) {
            only = argv[++i];
        } else {
            fprintf(stderr, "usage: rpc-bench [--quick] [--only small|burst|large]\n");
            return 2;
        }
    }
    setup();
    build_requests();
    verify();

    d_small.n_cmd = split(sizeof(small_req), d_small.cmd);
    d_small.n_reply = split(sizeof(small_req), d_small.reply);
    d_burst.n_cmd = d_small.n_cmd;
    d_burst.n_reply = d_small.n_reply;
    memcpy(d_burst.cmd, d_small.cmd, sizeof(d_small.cmd));
    memcpy(d_burst.reply, d_small.reply, sizeof(d_small.reply));
    d_large.n_cmd = split(CTRL_HDR + LARGE_PARAMS, d_large.cmd);
    d_large.n_reply = split(CTRL_HDR + LARGE_PARAMS, d_large.reply);
    dma_buf = calloc(1, ELEM_BYTES);
    if (!dma_buf) {
        return 1;
    }

    rpcs = b->rm.rpcs_received;
    if (only && strcmp(only, "small")) {
        goto burst;
    }
    r = time_pair(small_op, NULL, dma_op, &d_small, &t_rt, &t_rt_dma);
    printf("small control round trip: %9.0f ns   DMA of its %u + %u bytes: %7.0f ns"
           "   ratio %.1f\n", t_rt * 1e9, d_small.cmd[0], d_small.reply[0],
           t_rt_dma * 1e9, r);
    snprintf(note, sizeof(note), "CE_GET_FAULT_METHOD_BUFFER_SIZE, %u+%u bytes, "
             "engines -O2", d_small.cmd[0], d_small.reply[0]);
    record("RPC round trip, small control", t_rt * 1e9, "ns", "DMA of the same bytes",
           t_rt_dma * 1e9, r, "lower", 2.0, note);

burst:
    if (only && strcmp(only, "burst")) {
        goto large;
    }
    r = time_pair(dma_op, &d_burst, burst_op, NULL, &t_burst_dma, &t_burst);
    printf("burst of %u controls:     %9.0f msg/s  DMA of the same bytes:  %9.0f msg/s"
           "  ratio %.2f\n", BURST, BURST / t_burst, BURST / t_burst_dma, r);
    snprintf(note, sizeof(note), "%u small controls, one queue run", BURST);
    record("RPC messages per second, burst", BURST / t_burst, "msg/s",
           "DMA of the same bytes", BURST / t_burst_dma, r, "higher", 0, note);

large:
    if (only && strcmp(only, "large")) {
        goto done;
    }
    r = time_pair(large_op, NULL, dma_op, &d_large, &t_large, &t_large_dma);
    printf("128 KiB control round trip: %7.0f ns   DMA of its %u + %u elements: %7.0f ns"
           "   ratio %.1f\n", t_large * 1e9, d_large.n_cmd, d_large.n_reply,
           t_large_dma * 1e9, r);
    snprintf(note, sizeof(note), "128 KiB params, %u elements each way "
             "(continuation records)", d_large.n_cmd);
    record("RPC round trip, 128 KiB control", t_large * 1e9, "ns",
           "DMA of the same bytes", t_large_dma * 1e9, r, "lower", 2.0, note);

done:
    if (!model_ok || b->rm.bad_elements) {
        fprintf(stderr, "rpc-bench: a timed exchange went wrong\n");
        return 1;
    }
    printf("(%llu RPCs answered, %llu message interrupts)\n",
           (unsigned long long)(b->rm.rpcs_received - rpcs), (unsigned long long)b->irqs);
    nova_falcon_free(&b->gsp);
    return 0;
}
