/*
 * Unit tests: the GSP-RM model driven through its queues by a test client
 * that does what nova-core and nouveau do (the project's spec, message
 * queue sections): shared memory with a PTE page, both queue headers,
 * checksummed elements, the doorbell.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "nova/gsp-rm.h"
#include "nova/le.h"
#include "nova/gsp-abi.h"
#include "fake-host.h"
#include "tap.h"

#define SHM         (FAKE_RAM_BASE + 0x100000)  /* 129 pages */
#define SHM_PAGES   129u
#define CMDQ        0x1000u
#define STATQ       0x41000u
#define LIBOS       (FAKE_RAM_BASE + 0x10000)
#define RMARGS      (FAKE_RAM_BASE + 0x11000)
#define SLOTS       63u

typedef struct Client {
    FakeHost fh;
    NovaFalcon gsp;
    NovaSecureRegs sec;
    NovaGspRm rm;
    NovaFifo fifo;      /* the host GSP-RM's channels go to (fifo/) */
    uint32_t seq;
    uint32_t rptr;      /* our read pointer of the status queue */
} Client;

static uint32_t rd32(Client *c, uint64_t a)
{
    uint8_t *p = c->fh.ram + (a - FAKE_RAM_BASE);

    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* configure GSP-RM without a host (cfg.fifo NULL; c->fifo is still set up, unused) */
static bool g_no_fifo;

/*
 * The engines configured once: the fake host with the upcalls of @up (may
 * be NULL), the GSP falcon, the fifo engine (no TLB), GSP-RM with BAR sizes
 * @bar1, @bar2 (0: 32 MiB) and the fifo engine as its host.
 */
static void client_setup(Client *c, const char *chip, const NovaHost *up,
                         uint64_t bar1, uint64_t bar2)
{
    const NovaChip *ch = nova_chip_by_name(chip);
    NovaFalconConfig fcfg = {
        .name = "GSP", .engine = NOVA_FALCON_GSP, .work = 0, .chip = ch,
        .secure = &c->sec,
    };
    NovaFifoConfig ffcfg = {
        .chip = ch, .tlb = NULL, .huge_512m = ch->id != NOVA_CHIP_TU102,
    };
    NovaGspRmConfig rcfg = {
        .chip = ch, .gsp = &c->gsp, .secure = &c->sec, .vram_size = FAKE_VRAM_SIZE,
        .bar_size = { 0, bar1, bar2 },
        .fifo = g_no_fifo ? NULL : &c->fifo,
    };
    uint32_t i;

    memset(c, 0, sizeof(*c));
    fake_host_init(&c->fh);
    if (up) {
        c->fh.host.falcon_intr = up->falcon_intr;
        c->fh.host.bar_bind = up->bar_bind;
        c->fh.host.tlb_invalidate = up->tlb_invalidate;
        c->fh.host.transcript = up->transcript;
        c->fh.host.defer = up->defer;
        c->fh.host.event_enabled = up->event_enabled;
    }
    nova_falcon_init(&c->gsp, &fcfg, &c->fh.host);
    nova_fifo_init(&c->fifo, &ffcfg, &c->fh.host);
    nova_gsp_rm_init(&c->rm, &rcfg, &c->fh.host);
    /* libos args: LOGINIT, RMARGS */
    fake_put64(&c->fh, LIBOS + 0, 0x4c4f47494e4954ull);
    fake_put64(&c->fh, LIBOS + 32, 0x524d41524753ull);
    fake_put64(&c->fh, LIBOS + 40, RMARGS);
    fake_put64(&c->fh, LIBOS + 48, 0x1000);
    fake_put64(&c->fh, RMARGS + 0x00, SHM);
    fake_put32(&c->fh, RMARGS + 0x08, SHM_PAGES);
    fake_put64(&c->fh, RMARGS + 0x10, CMDQ);
    fake_put64(&c->fh, RMARGS + 0x18, STATQ);
    for (i = 0; i < SHM_PAGES; i++) {
        fake_put64(&c->fh, SHM + 8 * i, SHM + 0x1000ull * i);
    }
    /* the driver's command queue header */
    fake_put32(&c->fh, SHM + CMDQ + 0x04, 0x40000);
    fake_put32(&c->fh, SHM + CMDQ + 0x08, 0x1000);
    fake_put32(&c->fh, SHM + CMDQ + 0x0c, SLOTS);
    fake_put32(&c->fh, SHM + CMDQ + 0x14, 1);
    fake_put32(&c->fh, SHM + CMDQ + 0x18, 0x20);
    fake_put32(&c->fh, SHM + CMDQ + 0x1c, 0x1000);
}

static void client_init(Client *c, const char *chip)
{
    client_setup(c, chip, NULL, 0, 0);
}

static void client_free(Client *c)
{
    nova_falcon_free(&c->gsp);
    fake_host_free(&c->fh);
}

/* Push one RPC into the command queue, as the drivers do, and ring. */
static void send_rpc(Client *c, uint32_t fn, const void *payload, uint32_t plen,
                     bool corrupt)
{
    uint32_t total = 0x50 + plen, pages = (total + 0xfff) / 0x1000, i;
    uint32_t wptr = rd32(c, SHM + CMDQ + 0x10);
    uint8_t *el = calloc(pages, 0x1000);

    memcpy(el + 0x24, &c->seq, 4);
    memcpy(el + 0x28, &pages, 4);
    memcpy(el + 0x30, &(uint32_t){ 0x03000000 }, 4);
    memcpy(el + 0x34, &(uint32_t){ 0x43505256 }, 4);
    memcpy(el + 0x38, &(uint32_t){ 0x20 + plen }, 4);
    memcpy(el + 0x3c, &fn, 4);
    memcpy(el + 0x40, &(uint32_t){ 0xffffffff }, 4);
    if (plen) {
        memcpy(el + 0x50, payload, plen);
    }
    memcpy(el + 0x20, &(uint32_t){ nova_gsp_checksum(el, total) ^ corrupt }, 4);
    for (i = 0; i < pages; i++) {
        memcpy(c->fh.ram + (SHM + CMDQ + 0x1000 + ((wptr + i) % SLOTS) * 0x1000ull
                            - FAKE_RAM_BASE), el + i * 0x1000, 0x1000);
    }
    free(el);
    c->seq++;
    fake_put32(&c->fh, SHM + CMDQ + 0x10, (wptr + pages) % SLOTS);
    nova_gsp_rm_process(&c->rm);    /* the doorbell's deferred work */
}

/* Receive one message: its function, result and payload length; false if none */
static bool recv_msg(Client *c, uint32_t *fn, uint32_t *res, uint32_t *plen,
                     uint8_t *payload, bool *sum_ok)
{
    uint32_t wptr = rd32(c, SHM + STATQ + 0x10), len, pages, i;
    uint8_t *el;

    if (wptr == c->rptr) {
        return false;
    }
    len = rd32(c, SHM + STATQ + 0x1000 + c->rptr * 0x1000ull + 0x38);
    pages = (0x30 + len + 0xfff) / 0x1000;
    el = calloc(pages, 0x1000);
    for (i = 0; i < pages; i++) {
        memcpy(el + i * 0x1000, c->fh.ram + (SHM + STATQ + 0x1000 +
               ((c->rptr + i) % SLOTS) * 0x1000ull - FAKE_RAM_BASE), 0x1000);
    }
    memcpy(fn, el + 0x3c, 4);
    memcpy(res, el + 0x40, 4);
    *plen = len - 0x20;
    if (payload) {
        memcpy(payload, el + 0x50, *plen);
    }
    *sum_ok = nova_gsp_checksum(el, 0x30 + len) == 0;
    free(el);
    c->rptr = (c->rptr + pages) % SLOTS;
    fake_put32(&c->fh, SHM + CMDQ + 0x20, c->rptr);
    return true;
}

static void test_nova_core_boot(void)
{
    static uint8_t sysinfo[928], payload[0x10000];
    uint8_t registry[117] = { 117, 0, 0, 0, 3 };
    uint32_t fn, res, plen;
    bool ok;
    Client c;

    client_init(&c, "ga102");
    nova_gsp_rm_boot(&c.rm, 0x1234000, LIBOS);
    TAP_EQ(c.rm.state, NOVA_GSP_RM_RUNNING, "boot: queues found");
    TAP_EQ(rd32(&c, SHM + STATQ + 0x0c), SLOTS, "boot: status queue header written");

    /* nova-core sends these after the GSP is up */
    send_rpc(&c, 72, sysinfo, sizeof(sysinfo), false);
    send_rpc(&c, 73, registry, sizeof(registry), false);
    TAP_EQ(rd32(&c, SHM + STATQ + 0x20), 2, "GSP read pointer advanced past both");
    TAP_EQ(c.rm.abi, NOVA_GSP_ABI_R570, "ABI from GspSystemInfo size: r570");
    TAP_EQ(c.rm.registry_entries, 3, "registry entries counted");

    TAP_OK(recv_msg(&c, &fn, &res, &plen, payload, &ok), "first message");
    TAP_EQ(fn, 0x1002, "first message: RUN_CPU_SEQUENCER");
    TAP_OK(ok, "sequencer message checksum");
    TAP_EQ(plen, 52, "sequencer: header and one REG_WRITE");
    TAP_OK(recv_msg(&c, &fn, &res, &plen, NULL, &ok), "second message");
    TAP_EQ(fn, 0x1001, "second message: GSP_INIT_DONE");
    TAP_EQ(plen, 0, "INIT_DONE has no payload");

    c.sec.sw_scratch[NOVA_GSP_SEQ_SCRATCH] = NOVA_GSP_SEQ_MAGIC;    /* ran it */
    send_rpc(&c, 65, payload, 1656, false);
    TAP_OK(recv_msg(&c, &fn, &res, &plen, payload, &ok), "static info reply");
    TAP_OK(fn == 65 && res == 0 && plen == 1656 && ok, "reply: function 65, OK, 1656 bytes");
    TAP_OK(!strncmp((char *)payload + 0x4ec, "NVIDIA GeForce RTX 3090", 23),
           "GPU name at gpuNameString");
    TAP_EQ(c.fh.guest_errors, 0, "no guest errors");

    send_rpc(&c, 7, NULL, 0, false);     /* MAP_MEMORY */
    TAP_OK(recv_msg(&c, &fn, &res, &plen, NULL, &ok) && fn == 7 &&
           res == NV_ERR_NOT_SUPPORTED, "unmodelled RPC: NV_ERR_NOT_SUPPORTED");

    send_rpc(&c, 47, payload, 8, false);
    TAP_OK(recv_msg(&c, &fn, &res, &plen, NULL, &ok) && fn == 47 && res == 0,
           "UNLOADING_GUEST_DRIVER answered");
    TAP_OK(c.gsp.mailbox0 & LIBOS_INTERRUPT_PROCESSOR_SUSPENDED,
           "suspended bit in GSP MAILBOX0");
    TAP_EQ(c.rm.state, NOVA_GSP_RM_SUSPENDED, "state: suspended");
    client_free(&c);
}

static void test_wrap_and_malformed(void)
{
    static uint8_t big[3 * 4096];
    uint32_t fn, res, plen, i;
    bool ok;
    int errs;
    Client c;

    client_init(&c, "ga102");
    nova_gsp_rm_boot(&c.rm, 0, LIBOS);
    while (recv_msg(&c, &fn, &res, &plen, NULL, &ok)) {
    }
    /* many 4-page RPCs: both queues wrap around several times */
    for (i = 0; i < 40; i++) {
        send_rpc(&c, 103, big, sizeof(big) - 0x100, false);
        if (!recv_msg(&c, &fn, &res, &plen, NULL, &ok) || !ok || fn != 103) {
            break;
        }
    }
    TAP_EQ(i, 40, "40 multi-page RPCs through wrapping queues");

    errs = c.fh.guest_errors;
    send_rpc(&c, 103, NULL, 0, true);
    TAP_OK(c.fh.guest_errors > errs, "bad checksum: guest error");
    TAP_OK(!recv_msg(&c, &fn, &res, &plen, NULL, &ok), "bad checksum: no reply");
    TAP_EQ(c.rm.bad_elements, 1, "bad checksum: counted");

    /* an element whose RPC length claims more than 16 pages */
    fake_put32(&c.fh, SHM + CMDQ + 0x1000 + rd32(&c, SHM + CMDQ + 0x10) * 0x1000ull
               + 0x38, 0x7fffffff);
    fake_put32(&c.fh, SHM + CMDQ + 0x10, (rd32(&c, SHM + CMDQ + 0x10) + 1) % SLOTS);
    nova_gsp_rm_process(&c.rm);
    TAP_EQ(c.rm.bad_elements, 2, "oversized length: skipped");
    TAP_EQ(rd32(&c, SHM + STATQ + 0x20), rd32(&c, SHM + CMDQ + 0x10),
           "oversized length: consumed");

    /* a write pointer past the ring */
    errs = c.fh.guest_errors;
    fake_put32(&c.fh, SHM + CMDQ + 0x10, 1000);
    nova_gsp_rm_process(&c.rm);
    TAP_OK(c.fh.guest_errors > errs, "write pointer out of range: guest error");
    client_free(&c);
}

static void test_bad_boot(void)
{
    uint32_t fn, res, plen;
    bool ok;
    Client c;

    client_init(&c, "ga102");
    nova_gsp_rm_boot(&c.rm, 0, 0xdead0000);
    TAP_EQ(c.rm.state, NOVA_GSP_RM_FAILED, "unreadable libos args: failed");
    client_free(&c);

    client_init(&c, "ga102");
    fake_put32(&c.fh, RMARGS + 0x08, 100000);
    nova_gsp_rm_boot(&c.rm, 0, LIBOS);
    TAP_EQ(c.rm.state, NOVA_GSP_RM_FAILED, "huge page count: failed");
    client_free(&c);

    client_init(&c, "ga102");
    fake_put64(&c.fh, RMARGS + 0x18, 0x7ffff000);
    nova_gsp_rm_boot(&c.rm, 0, LIBOS);
    TAP_EQ(c.rm.state, NOVA_GSP_RM_FAILED, "status queue outside shared memory: failed");
    client_free(&c);

    client_init(&c, "ga102");
    fake_put64(&c.fh, SHM + 8 * 65, 0xdead0000);    /* a queue page nobody maps */
    nova_gsp_rm_boot(&c.rm, 0, LIBOS);
    TAP_OK(!recv_msg(&c, &fn, &res, &plen, NULL, &ok) || c.fh.guest_errors > 0,
           "unmapped queue page: guest error, no crash");
    client_free(&c);
}

static void test_nouveau_abi(void)
{
    static uint8_t sysinfo[0x298], info[0x878], ctrl[0x18 + 0x814];
    uint32_t fn, res, plen;
    bool ok;
    Client c;

    client_init(&c, "tu102");
    /* nouveau queues its first two RPCs before the GSP starts */
    send_rpc(&c, 72, sysinfo, sizeof(sysinfo), false);
    nova_gsp_rm_boot(&c.rm, 0, LIBOS);
    TAP_EQ(c.rm.abi, NOVA_GSP_ABI_R535, "ABI from GspSystemInfo size: r535");
    TAP_EQ(c.rm.rpcs_received, 1, "queued RPC consumed at boot");
    while (recv_msg(&c, &fn, &res, &plen, NULL, &ok)) {
    }
    send_rpc(&c, 65, info, sizeof(info), false);
    TAP_OK(recv_msg(&c, &fn, &res, &plen, info, &ok) && fn == 65 && res == 0 &&
           plen == 0x878 && ok, "r535 static info: 0x878 bytes, OK");
    TAP_EQ(info[0x348], 1, "one FB region");
    TAP_OK(info[0x350 + 0x1c] == 1 && info[0x350 + 0x1d] == 1,
           "FB region usable as VRAM (compressed, ISO)");
    TAP_OK((info[0x868] | info[0x869] << 8 | info[0x86a] << 16 |
            (uint32_t)info[0x86b] << 24) == NOVA_RM_INTERNAL_CLIENT,
           "internal client handle");

    /* INTR_GET_KERNEL_TABLE on the internal subdevice */
    memset(ctrl, 0, sizeof(ctrl));
    memcpy(ctrl + 0, &(uint32_t){ NOVA_RM_INTERNAL_CLIENT }, 4);
    memcpy(ctrl + 4, &(uint32_t){ NOVA_RM_INTERNAL_SUBDEVICE }, 4);
    memcpy(ctrl + 8, &(uint32_t){ NV2080_CTRL_CMD_INTERNAL_INTR_GET_KERNEL_TABLE }, 4);
    memcpy(ctrl + 0x10, &(uint32_t){ 0x814 }, 4);
    send_rpc(&c, 76, ctrl, sizeof(ctrl), false);
    TAP_OK(recv_msg(&c, &fn, &res, &plen, ctrl, &ok) && fn == 76 && res == 0 &&
           plen == sizeof(ctrl), "control reply echoes header and params");
    TAP_EQ(ctrl[0x0c], NV_OK, "interrupt table: status OK");
    TAP_EQ(ctrl[0x18], 7, "interrupt table: GSP, GR0, CE0..CE4");
    TAP_OK(ctrl[0x18 + 4] == 49 && ctrl[0x18 + 4 + 8] == NOVA_GSP_INTR_VECTOR,
           "interrupt table: GSP on its stall vector");
    {
        const NovaEvent *ev = fake_last_event(&c.fh, NOVA_EV_RM_CONTROL);
        const NovaEvent *rpc = fake_last_event(&c.fh, NOVA_EV_RPC);

        TAP_OK(ev && ev->rm_control.cmd == NV2080_CTRL_CMD_INTERNAL_INTR_GET_KERNEL_TABLE &&
               ev->rm_control.object == NOVA_RM_INTERNAL_SUBDEVICE &&
               ev->rm_control.status == NV_OK && strstr(ev->rm_control.name, "INTR"),
               "event: the control, named, with its object and status");
        TAP_OK(rpc && rpc->rpc.function == 76 &&
               strcmp(rpc->rpc.fn, "GSP_RM_CONTROL") == 0 && rpc->rpc.length == sizeof(ctrl),
               "event: the RPC, named, with its payload length");
    }

    /* another control: not supported, in the control status */
    memcpy(ctrl + 8, &(uint32_t){ 0x20801234 }, 4);
    send_rpc(&c, 76, ctrl, sizeof(ctrl), false);
    TAP_OK(recv_msg(&c, &fn, &res, &plen, ctrl, &ok) && fn == 76 &&
           ctrl[0x0c] == NV_ERR_NOT_SUPPORTED, "unknown control: NV_ERR_NOT_SUPPORTED");
    /* a control shorter than its header */
    send_rpc(&c, 76, ctrl, 8, false);
    TAP_OK(recv_msg(&c, &fn, &res, &plen, NULL, &ok) &&
           res == NV_ERR_INVALID_PARAM_STRUCT, "truncated control refused");
    client_free(&c);
}


/* --- helpers for the RPCs with structures ----------------------------------- */

static uint32_t g_intr_calls;

static void count_intr(void *opaque, unsigned e)
{
    g_intr_calls++;
}

static uint32_t g_bar_block[3], g_invalidates;

static void hook_bar_bind(void *opaque, unsigned bar, uint32_t block)
{
    if (bar < 3) {
        g_bar_block[bar] = block;
    }
}

static void hook_tlb_invalidate(void *opaque)
{
    g_invalidates++;
}

static const NovaHost test_upcalls = {
    .falcon_intr = count_intr,
    .bar_bind = hook_bar_bind,
    .tlb_invalidate = hook_tlb_invalidate,
};

/* GSP_RM_ALLOC and its reply's status */
static uint32_t rm_alloc(Client *c, uint32_t client, uint32_t parent, uint32_t handle,
                         uint32_t hclass, const void *params, uint32_t psize)
{
    uint8_t m[0x20 + 0x200] = { 0 }, r[0x20 + 0x200];
    uint32_t fn, res, plen;
    bool ok;

    nova_st32(m, client);
    nova_st32(m + 4, parent);
    nova_st32(m + 8, handle);
    nova_st32(m + 0xc, hclass);
    nova_st32(m + 0x10, 0xffffffff);
    nova_st32(m + 0x14, psize);
    if (psize) {
        memcpy(m + 0x20, params, psize);
    }
    send_rpc(c, 103, m, 0x20 + psize, false);
    if (!recv_msg(c, &fn, &res, &plen, r, &ok) || fn != 103 || !ok || plen < 0x20) {
        return 0xdeadbeef;
    }
    return nova_ld32(r + 0x10);
}

static uint32_t rm_free(Client *c, uint32_t client, uint32_t handle)
{
    uint8_t m[0x10] = { 0 }, r[0x10];
    uint32_t fn, res, plen;
    bool ok;

    nova_st32(m, client);
    nova_st32(m + 8, handle);
    send_rpc(c, 10, m, sizeof(m), false);
    if (!recv_msg(c, &fn, &res, &plen, r, &ok) || fn != 10 || !ok) {
        return 0xdeadbeef;
    }
    return res;
}

/* GSP_RM_CONTROL: the status in the reply's control header */
static uint32_t rm_control(Client *c, uint32_t client, uint32_t handle, uint32_t cmd,
                           uint8_t *params, uint32_t psize)
{
    uint8_t *m = calloc(1, 0x18 + psize);
    uint32_t fn, res, plen, status = 0xdeadbeef;
    bool ok;

    nova_st32(m, client);
    nova_st32(m + 4, handle);
    nova_st32(m + 8, cmd);
    nova_st32(m + 0x10, psize);
    memcpy(m + 0x18, params, psize);
    send_rpc(c, 76, m, 0x18 + psize, false);
    if (recv_msg(c, &fn, &res, &plen, m, &ok) && fn == 76 && ok) {
        status = nova_ld32(m + 0xc);
        memcpy(params, m + 0x18, psize);
    }
    free(m);
    return status;
}

/* booted, with the upcalls of @up */
static void booted_client_with(Client *c, const char *chip, const NovaHost *up)
{
    uint32_t fn, res, plen;
    bool ok;

    client_setup(c, chip, up, 256u << 20, 16u << 20);
    nova_gsp_rm_boot(&c->rm, 0, LIBOS);
    while (recv_msg(c, &fn, &res, &plen, NULL, &ok)) {
    }
}

static void booted_client(Client *c, const char *chip)
{
    booted_client_with(c, chip, &test_upcalls);
}

/* nouveau's VMM sequence (spec 8.3), then the mistakes RM refuses */
static void test_rm_objects(void)
{
    uint8_t p[0x100] = { 0 };
    const uint32_t C = 0xc1d00000, D = 0xde1d0000, S = 0x5d1d0000, V = 0x90f10000;
    Client c;

    booted_client(&c, "ga102");
    TAP_EQ(c.rm.db.count, 3, "RM's internal client, device, subdevice exist");
    nova_st32(p, C);
    nova_st32(p + 4, 0xffffffff);
    TAP_EQ(rm_alloc(&c, C, C, C, NV01_ROOT, p, 0x6c), NV_OK, "alloc client");
    memset(p, 0, sizeof(p));
    nova_st32(p + 4, C);
    TAP_EQ(rm_alloc(&c, C, C, D, NV01_DEVICE_0, p, 0x38), NV_OK, "alloc device");
    memset(p, 0, sizeof(p));
    TAP_EQ(rm_alloc(&c, C, D, S, NV20_SUBDEVICE_0, p, 4), NV_OK, "alloc subdevice");
    nova_st32(p + 8, 0);
    p[8] = 0;
    TAP_EQ(rm_alloc(&c, C, D, V, FERMI_VASPACE_A, p, 0x30), NV_OK, "alloc VASPACE");
    TAP_EQ(c.rm.db.count, 7, "four more objects");

    /* COPY_SERVER_RESERVED_PDES with two levels */
    memset(p, 0, sizeof(p));
    nova_st32(p + 8, 0x20000000);
    nova_st32(p + 0x20, 2);
    nova_st32(p + 0x28, 0x123000);
    nova_st32(p + 0x28 + 8, 0x20);
    nova_st32(p + 0x28 + 0x10, 1);
    p[0x28 + 0x14] = 47;
    nova_st32(p + 0x40, 0x124000);
    p[0x40 + 0x14] = 38;
    TAP_EQ(rm_control(&c, C, V, NV90F1_CTRL_CMD_VASPACE_COPY_SERVER_RESERVED_PDES,
                      p, 0xb8), NV_OK, "COPY_SERVER_RESERVED_PDES");
    {
        NovaRmObject *o = nova_rm_find(&c.rm.db, C, V);

        TAP_OK(o && o->u.vaspace.pde_levels == 2 &&
               o->u.vaspace.pde[0].phys_addr == 0x123000 &&
               o->u.vaspace.pde[1].page_shift == 38,
               "the VASPACE keeps the driver's PDE levels");
    }
    nova_st32(p + 0x20, 7);
    TAP_EQ(rm_control(&c, C, V, NV90F1_CTRL_CMD_VASPACE_COPY_SERVER_RESERVED_PDES,
                      p, 0xb8), NV_ERR_INVALID_ARGUMENT, "seven PDE levels refused");

    /* mistakes, with RM's statuses */
    TAP_EQ(rm_alloc(&c, C, C, D, NV01_DEVICE_0, NULL, 0), NV_ERR_INSERT_DUPLICATE_NAME,
           "duplicate handle");
    TAP_EQ(rm_alloc(&c, C, C, 0x5d1d0001, NV20_SUBDEVICE_0, NULL, 0),
           NV_ERR_INVALID_OBJECT_PARENT, "subdevice under the client");
    TAP_EQ(rm_alloc(&c, C, 0x12345678, 0x90f10001, FERMI_VASPACE_A, NULL, 0),
           NV_ERR_INVALID_OBJECT_PARENT, "missing parent");
    TAP_EQ(rm_alloc(&c, 0xc1d00099, 0xc1d00099, D, NV01_DEVICE_0, NULL, 0),
           NV_ERR_INVALID_CLIENT, "unknown client");
    TAP_EQ(rm_alloc(&c, C, D, 0xabcd0000, 0xbeef, NULL, 0), NV_ERR_INVALID_CLASS,
           "unknown class");
    TAP_EQ(rm_alloc(&c, C, D, 0xf1f00000, 0xc56f, NULL, 0), NV_ERR_INVALID_PARAM_STRUCT,
           "channel class without its parameters");
    TAP_EQ(rm_alloc(&c, C, D, 0xc6700000, 0xc670, NULL, 0), NV_ERR_INVALID_CLASS,
           "display class with the display off (fused): not in the class list");
    nova_st32(p, 1);
    TAP_EQ(rm_alloc(&c, C, C, 0xde1d0001, NV01_DEVICE_0, p, 4), NV_ERR_INVALID_ARGUMENT,
           "second GPU's device");
    TAP_EQ(rm_control(&c, C, V, 0x20800a5c, p, 4), NV_ERR_NOT_SUPPORTED,
           "subdevice control on a VASPACE");
    TAP_EQ(rm_control(&c, C, 0x5d1d7777, 0x20800301, p, 8), NV_ERR_INVALID_OBJECT_HANDLE,
           "control on a missing object");
    TAP_EQ(rm_control(&c, C, S, 0x2080ffff, p, 8), NV_ERR_NOT_SUPPORTED,
           "unknown control");
    TAP_OK(fake_last_event(&c.fh, NOVA_EV_UNIMP_RM_CONTROL) &&
           fake_last_event(&c.fh, NOVA_EV_UNIMP_RM_CONTROL)->rm_control.cmd == 0x2080ffff,
           "unknown control: an unimplemented-control event");
    TAP_EQ(rm_control(&c, C, S, NV2080_CTRL_CMD_FIFO_GET_DEVICE_INFO_TABLE, p, 4),
           NV_ERR_INVALID_PARAM_STRUCT, "control params too short");
    TAP_EQ(rm_control(&c, C, S, NV2080_CTRL_CMD_FIFO_GET_DEVICE_INFO_TABLE, p, 12),
           NV_ERR_INVALID_PARAM_STRUCT, "device info table: the whole structure or nothing");
    nova_st32(p, 1);
    nova_st32(p + 4, 2);
    TAP_EQ(rm_control(&c, C, S, NV2080_CTRL_CMD_EVENT_SET_NOTIFICATION, p, 8), NV_OK,
           "event notification");

    /* free: one object, then the client with what it owns */
    TAP_EQ(rm_free(&c, C, V), NV_OK, "free VASPACE");
    TAP_EQ(rm_free(&c, C, V), NV_ERR_OBJECT_NOT_FOUND, "free it again");
    TAP_EQ(c.rm.db.count, 6, "VASPACE gone");
    TAP_EQ(rm_free(&c, C, C), NV_OK, "free the client");
    TAP_EQ(c.rm.db.count, 3, "client, device and subdevice gone; RM's own remain");
    TAP_EQ(rm_free(&c, C, C), NV_ERR_INVALID_CLIENT, "free a freed client");
    client_free(&c);
}

/* the database alone: its cap, and freeing a deep tree */
static void test_rm_db_limits(void)
{
    static NovaRmDb db;
    uint32_t i, st = NV_OK;

    nova_rm_db_init(&db, nova_chip_by_name("tu102"));
    nova_rm_alloc(&db, 1, 1, 1, NV01_ROOT, NULL, 0);
    nova_rm_alloc(&db, 1, 1, 2, NV01_DEVICE_0, NULL, 0);
    TAP_EQ(nova_rm_alloc(&db, 1, 2, 9, NV01_EVENT_KERNEL_CALLBACK_EX, NULL, 0),
           NV_ERR_INVALID_PARAM_STRUCT, "event without its parameters");
    /* a chain of events, each under the previous one */
    for (i = 0; i < NOVA_RM_MAX_OBJECTS && st == NV_OK; i++) {
        uint8_t ev[16] = { 0 };

        st = nova_rm_alloc(&db, 1, i ? 100 + i - 1 : 2, 100 + i,
                           NV01_EVENT_KERNEL_CALLBACK_EX, ev, sizeof(ev));
    }
    TAP_EQ(st, NV_ERR_INSUFFICIENT_RESOURCES, "the database is capped");
    TAP_EQ(db.count, NOVA_RM_MAX_OBJECTS, "full at the cap");
    TAP_EQ(nova_rm_free(&db, 1, 2), NV_OK, "free the device under a 1000-deep chain");
    TAP_EQ(db.count, 1, "only the client is left");
    TAP_OK(nova_rm_class_name(&db, FERMI_VASPACE_A) != NULL &&
           nova_rm_class_name(&db, 0x1234) == NULL, "class names");
}

/* Receive a message and the continuation records that follow it. */
static bool n_is_full(uint32_t plen, uint32_t records)
{
    return plen % NOVA_GSP_MAX_CHUNK == 0 && plen != 0;
}

static bool recv_rpc(Client *c, uint32_t *fn, uint32_t *res, uint32_t *plen,
                     uint8_t *payload, uint32_t cap, uint32_t *records)
{
    uint32_t f, r, n;
    bool ok, all_ok;

    if (!recv_msg(c, fn, res, plen, payload, &all_ok)) {
        return false;
    }
    *records = 0;
    while (*plen < cap && n_is_full(*plen, *records)) {
        if (!recv_msg(c, &f, &r, &n, payload + *plen, &ok) || f != 71) {
            return false;
        }
        all_ok &= ok;
        *plen += n;
        (*records)++;
    }
    return all_ok;
}

/* a control larger than one element goes in continuation records, both ways */
static void test_continuation(void)
{
    const uint32_t psize = 0x18000;      /* params: two elements' worth */
    const uint32_t total = 0x18 + psize, chunk = NOVA_GSP_MAX_CHUNK;
    uint8_t *m = calloc(1, total), *r = calloc(1, total + 0x1000);
    uint32_t fn, res, plen, records, i;
    int errs;
    bool ok;
    Client c;

    booted_client(&c, "ga102");
    nova_st32(m, NOVA_RM_INTERNAL_CLIENT);
    nova_st32(m + 4, NOVA_RM_INTERNAL_SUBDEVICE);
    nova_st32(m + 8, 0x2080ffff);
    nova_st32(m + 0x10, psize);
    for (i = 0x18; i < total; i++) {
        m[i] = i * 7;
    }
    send_rpc(&c, 76, m, chunk, false);
    TAP_OK(!recv_msg(&c, &fn, &res, &plen, NULL, &ok),
           "a full first element waits for its continuation");
    send_rpc(&c, 71, m + chunk, total - chunk, false);
    TAP_EQ(c.rm.continuations_in, 1, "one continuation record taken");
    TAP_OK(recv_rpc(&c, &fn, &res, &plen, r, total + 0x1000, &records),
           "reply received, checksums good");
    TAP_EQ(fn, 76, "reply to the control");
    TAP_EQ(plen, total, "reply carries all the parameters");
    TAP_EQ(records, 1, "reply split in one continuation record");
    TAP_EQ(c.rm.continuations_out, 1, "counted as sent");
    TAP_EQ(nova_ld32(r + 0xc), NV_ERR_NOT_SUPPORTED, "unknown control status");
    TAP_OK(!memcmp(r + 0x18, m + 0x18, psize), "parameters reassembled in order");

    /* a continuation record with nothing before it */
    errs = c.fh.guest_errors;
    send_rpc(&c, 71, m, 64, false);
    TAP_OK(c.fh.guest_errors > errs, "stray continuation: guest error");
    TAP_OK(!recv_msg(&c, &fn, &res, &plen, NULL, &ok), "stray continuation: no reply");

    /* a chain that ends on a full record closes when the next command comes */
    nova_st32(m + 0x10, 0);               /* size unknown from the header... */
    send_rpc(&c, 0x99, m, chunk, false);
    send_rpc(&c, 71, m, chunk, false);
    TAP_OK(!recv_msg(&c, &fn, &res, &plen, NULL, &ok), "open chain: no reply yet");
    send_rpc(&c, 7, NULL, 0, false);
    TAP_OK(recv_msg(&c, &fn, &res, &plen, NULL, &ok) && fn == 0x99 &&
           res == NV_ERR_NOT_SUPPORTED, "the chain's RPC answered first");
    TAP_OK(recv_msg(&c, &fn, &res, &plen, NULL, &ok) && fn == 7,
           "then the command that closed it");

    /* a chain past the model's cap is refused, not grown without bound */
    send_rpc(&c, 0x99, m, chunk, false);
    for (i = 0; i < NOVA_GSP_MAX_RPC_SIZE / chunk + 1; i++) {
        send_rpc(&c, 71, m, chunk, false);
    }
    TAP_OK(recv_msg(&c, &fn, &res, &plen, NULL, &ok) && fn == 0x99 &&
           res == NV_ERR_INSUFFICIENT_RESOURCES, "oversized chain refused");
    TAP_OK(c.rm.cont == NULL || c.rm.cont_len < NOVA_GSP_MAX_RPC_SIZE,
           "oversized chain: nothing kept past the cap");
    nova_gsp_rm_free(&c.rm);
    free(m);
    free(r);
    client_free(&c);
}

/* the message interrupt, BAR binding at boot, UPDATE_BAR_PDE */
static void test_intr_and_bars(void)
{
    uint8_t m[0x18] = { 0 }, e[8];
    uint32_t fn, res, plen, calls;
    uint64_t heap, inst;
    bool ok;
    Client c;

    g_intr_calls = 0;
    memset(g_bar_block, 0, sizeof(g_bar_block));
    booted_client(&c, "tu102");
    TAP_OK(c.gsp.irqmask & NV_FIELD_MASK(NV_PFALCON_FALCON_IRQSTAT, SWGEN0), "GSP-RM unmasks SWGEN0");
    TAP_OK(c.gsp.irqstat & NV_FIELD_MASK(NV_PFALCON_FALCON_IRQSTAT, SWGEN0), "boot messages raised SWGEN0");
    TAP_OK(g_intr_calls >= 2, "the interrupt output was signalled per message");
    TAP_OK(nova_falcon_irq_pending(&c.gsp), "interrupt pending toward the CPU");
    nova_falcon_write(&c.gsp, A_NV_PFALCON_FALCON_IRQSCLR, NV_FIELD_MASK(NV_PFALCON_FALCON_IRQSTAT, SWGEN0));
    TAP_OK(!nova_falcon_irq_pending(&c.gsp), "IRQSCLR drops it");
    calls = g_intr_calls;
    send_rpc(&c, 7, NULL, 0, false);
    TAP_OK(nova_falcon_irq_pending(&c.gsp) && g_intr_calls > calls,
           "a reply raises it again");
    recv_msg(&c, &fn, &res, &plen, NULL, &ok);

    heap = c.rm.non_wpr_heap;
    TAP_OK(g_bar_block[1] == (0x80000000u | (uint32_t)((heap + NOVA_GSP_RM_BAR1_INST) >> 12)),
           "BAR1 bound, virtual mode, to RM's instance block");
    TAP_EQ(g_bar_block[2], 0, "BAR2 left in physical mode until UPDATE_BAR_PDE");
    inst = heap + NOVA_GSP_RM_BAR2_INST;
    TAP_EQ(nova_ld32(c.fh.vram + inst + 0x200),
           (uint32_t)(heap + NOVA_GSP_RM_BAR2_PD) | (1u << 10) | (1u << 11),
           "BAR2 instance block: root, VER2, 64 KiB big pages, VRAM");
    TAP_EQ(nova_ld32(c.fh.vram + inst + 0x208), (16u << 20) - 1, "BAR2 limit");

    nova_st32(m, 1);
    nova_st32(m + 8, 0x00012342);     /* (PD >> 4) | VRAM */
    nova_st32(m + 0x10, 47);
    g_invalidates = 0;
    send_rpc(&c, 70, m, sizeof(m), false);
    TAP_OK(recv_msg(&c, &fn, &res, &plen, NULL, &ok) && fn == 70 && res == NV_OK,
           "UPDATE_BAR_PDE answered");
    memcpy(e, c.fh.vram + heap + NOVA_GSP_RM_BAR2_PD, 8);
    TAP_EQ(nova_ld32(e), 0x00012342, "entry written into BAR2's root");
    TAP_EQ(g_invalidates, 1, "and the TLB invalidated");
    TAP_OK(g_bar_block[2] == (0x80000000u | (uint32_t)((heap + NOVA_GSP_RM_BAR2_INST) >> 12)),
           "BAR2 now bound to its instance block");
    nova_st32(m + 0x10, 38);
    send_rpc(&c, 70, m, sizeof(m), false);
    TAP_OK(recv_msg(&c, &fn, &res, &plen, NULL, &ok) && res == NV_ERR_INVALID_ARGUMENT,
           "UPDATE_BAR_PDE below the root refused");
    nova_st32(m, 7);
    nova_st32(m + 0x10, 47);
    send_rpc(&c, 70, m, sizeof(m), false);
    TAP_OK(recv_msg(&c, &fn, &res, &plen, NULL, &ok) && res == NV_ERR_INVALID_ARGUMENT,
           "UPDATE_BAR_PDE for BAR type 7 refused");
    send_rpc(&c, 70, m, 8, false);
    TAP_OK(recv_msg(&c, &fn, &res, &plen, NULL, &ok) && res == NV_ERR_INVALID_PARAM_STRUCT,
           "short UPDATE_BAR_PDE refused");
    send_rpc(&c, 47, m, 8, false);
    TAP_OK(recv_msg(&c, &fn, &res, &plen, NULL, &ok) && fn == 47,
           "UNLOADING_GUEST_DRIVER answered");
    TAP_OK(g_bar_block[1] == 0 && g_bar_block[2] == 0,
           "unload: both BARs back to physical mode");
    client_free(&c);
}

static uint32_t g_transcript_in, g_transcript_out, g_last_out_fn, g_last_in_len;
static uint8_t g_last_in_params[8];
static uint64_t g_defer_ns;

static void hook_defer(void *opaque, uint64_t ns)
{
    g_defer_ns = ns;
}

static void hook_transcript(void *opaque, bool to_gsp, uint32_t fn, uint32_t seq,
                            uint32_t result, uint32_t length, const uint8_t *params)
{
    if (to_gsp) {
        g_transcript_in++;
        g_last_in_len = length;
        memcpy(g_last_in_params, params, length - 0x20 < 8 ? length - 0x20 : 8);
    } else {
        g_transcript_out++;
        g_last_out_fn = fn;
    }
}

/* every GSP-RM fault hook, its counts, and the transcript */
static void test_gsp_faults(void)
{
    static const NovaHost hooks = {
        .falcon_intr = count_intr,
        .transcript = hook_transcript,
        .defer = hook_defer,
    };
    uint8_t p[0x100] = { 0 };
    uint32_t fn, res, plen, before;
    bool ok;
    Client c;

    /* GSP_INIT_DONE withheld */
    client_setup(&c, "ga102", &hooks, 0, 0);
    g_transcript_out = 0;
    nova_fault_arm(&c.rm.faults.no_init_done, 0, 0, 1, 0);
    nova_gsp_rm_boot(&c.rm, 0, LIBOS);
    TAP_OK(recv_msg(&c, &fn, &res, &plen, NULL, &ok) && fn == 0x1002,
           "no_init_done: the sequencer still comes");
    TAP_OK(!recv_msg(&c, &fn, &res, &plen, NULL, &ok), "no_init_done: no INIT_DONE");
    TAP_EQ(c.rm.faults.no_init_done.hits, 1, "no_init_done: one hit");
    TAP_EQ(g_transcript_out, 1, "transcript: one message out");
    TAP_OK(!c.rm.faults.no_init_done.armed, "no_init_done once: spent");
    send_rpc(&c, 47, p, 8, false);
    TAP_OK(recv_msg(&c, &fn, &res, &plen, NULL, &ok) && fn == 47,
           "no_init_done: unload still answered");
    TAP_OK(c.gsp.mailbox0 & LIBOS_INTERRUPT_PROCESSOR_SUSPENDED,
           "no_init_done: unload sets the suspended bit");
    client_free(&c);

    booted_client_with(&c, "ga102", &hooks);

    /* a status for one function, a missing reply at its second occurrence */
    nova_fault_arm(&c.rm.faults.rpc_status, 0x51, 65, NOVA_FAULT_ALWAYS, 0);
    g_transcript_in = 0;
    send_rpc(&c, 65, NULL, 0, false);
    TAP_OK(recv_msg(&c, &fn, &res, &plen, NULL, &ok) && fn == 65 && res == 0x51 &&
           plen == 0, "rpc_status: GET_GSP_STATIC_INFO answered 0x51, no payload");
    TAP_EQ(g_transcript_in, 1, "transcript: the RPC in");
    TAP_EQ(g_last_out_fn, 65, "transcript: the reply out");
    send_rpc(&c, 7, (const uint8_t *)"\x11\x22\x33\x44\x55\x66\x77\x88", 8, false);
    TAP_OK(recv_msg(&c, &fn, &res, &plen, NULL, &ok) && fn == 7 && res == 0x56,
           "rpc_status: other functions unaffected");
    TAP_OK(g_last_in_len == 0x28 &&
           !memcmp(g_last_in_params, "\x11\x22\x33\x44\x55\x66\x77\x88", 8),
           "transcript: the RPC's length and parameters");
    nova_fault_clear(&c.rm.faults.rpc_status);
    nova_fault_arm(&c.rm.faults.rpc_no_reply, 0, 7, 1, 2);
    send_rpc(&c, 7, NULL, 0, false);
    TAP_OK(recv_msg(&c, &fn, &res, &plen, NULL, &ok), "rpc_no_reply @2: first answered");
    send_rpc(&c, 7, NULL, 0, false);
    TAP_OK(!recv_msg(&c, &fn, &res, &plen, NULL, &ok), "rpc_no_reply @2: second not");
    send_rpc(&c, 7, NULL, 0, false);
    TAP_OK(recv_msg(&c, &fn, &res, &plen, NULL, &ok), "rpc_no_reply @2: third answered");
    TAP_EQ(c.rm.faults.rpc_no_reply.hits, 1, "rpc_no_reply: one hit");

    /* a reply with a bad checksum */
    nova_fault_arm(&c.rm.faults.rpc_bad_checksum, 0, 0, 1, 0);
    send_rpc(&c, 7, NULL, 0, false);
    TAP_OK(recv_msg(&c, &fn, &res, &plen, NULL, &ok) && !ok,
           "rpc_bad_checksum: the reply does not check out");
    send_rpc(&c, 7, NULL, 0, false);
    TAP_OK(recv_msg(&c, &fn, &res, &plen, NULL, &ok) && ok, "rpc_bad_checksum: once");

    /* a lost interrupt */
    nova_falcon_write(&c.gsp, A_NV_PFALCON_FALCON_IRQSCLR, NV_FIELD_MASK(NV_PFALCON_FALCON_IRQSTAT, SWGEN0));
    nova_fault_arm(&c.rm.faults.lost_intr, 0, 0, 1, 0);
    send_rpc(&c, 7, NULL, 0, false);
    TAP_OK(recv_msg(&c, &fn, &res, &plen, NULL, &ok) &&
           !(c.gsp.irqstat & NV_FIELD_MASK(NV_PFALCON_FALCON_IRQSTAT, SWGEN0)), "lost_intr: reply posted, no SWGEN0");
    send_rpc(&c, 7, NULL, 0, false);
    TAP_OK(recv_msg(&c, &fn, &res, &plen, NULL, &ok) &&
           (c.gsp.irqstat & NV_FIELD_MASK(NV_PFALCON_FALCON_IRQSTAT, SWGEN0)), "lost_intr: once");

    /* a delayed RPC holds the queue until resume */
    nova_fault_arm(&c.rm.faults.rpc_delay, 5, 65, 1, 0);
    g_defer_ns = 0;
    send_rpc(&c, 65, NULL, 0, false);
    TAP_OK(!recv_msg(&c, &fn, &res, &plen, NULL, &ok), "rpc_delay: no reply yet");
    TAP_EQ(g_defer_ns, 5000000, "rpc_delay: resume asked for in 5 ms");
    send_rpc(&c, 7, NULL, 0, false);
    TAP_OK(!recv_msg(&c, &fn, &res, &plen, NULL, &ok), "rpc_delay: the queue waits");
    nova_gsp_rm_resume(&c.rm);
    TAP_OK(recv_msg(&c, &fn, &res, &plen, NULL, &ok) && fn == 65,
           "rpc_delay: the delayed RPC answered first");
    TAP_OK(recv_msg(&c, &fn, &res, &plen, NULL, &ok) && fn == 7,
           "rpc_delay: then the one behind it");
    TAP_EQ(c.rm.faults.rpc_delay.hits, 1, "rpc_delay: one hit");

    /* a crash at FREE: nothing more is consumed */
    nova_fault_arm(&c.rm.faults.crash, 0, 10, 1, 0);
    send_rpc(&c, 10, p, 0x10, false);
    TAP_EQ(c.rm.state, NOVA_GSP_RM_CRASHED, "crash: GSP-RM crashed");
    TAP_OK(!c.gsp.riscv_active, "crash: the RISC-V core stopped");
    TAP_OK(!recv_msg(&c, &fn, &res, &plen, NULL, &ok), "crash: no reply");
    before = rd32(&c, SHM + STATQ + 0x20);
    send_rpc(&c, 7, NULL, 0, false);
    TAP_EQ(rd32(&c, SHM + STATQ + 0x20), before, "crash: the queue is not consumed");
    TAP_OK(nova_gsp_function_name(103) && !strcmp(nova_gsp_function_name(103),
           "GSP_RM_ALLOC") && !nova_gsp_function_name(0x777), "function names");
    client_free(&c);
}

/*
 * GSP-RM's state as a migration stream can carry it, and as a reset leaves
 * it in the middle of work: the checks name what is out of range, and the
 * queues work (refuse) with no slot count instead of dividing by it.
 */
static void test_loaded_state(void)
{
    uint32_t fn, res, plen, count;
    bool ok;
    Client c;

    client_init(&c, "ga102");
    TAP_OK(nova_gsp_rm_invalid(&c.rm) == NULL, "power-on state: valid");
    nova_gsp_rm_boot(&c.rm, 0, LIBOS);
    while (recv_msg(&c, &fn, &res, &plen, NULL, &ok)) {
    }
    TAP_OK(nova_gsp_rm_invalid(&c.rm) == NULL, "booted state: valid");
    TAP_OK(nova_gsp_msg_count_ok(63) && !nova_gsp_msg_count_ok(64) &&
           !nova_gsp_msg_count_ok(1) && !nova_gsp_msg_count_ok(0xffffffffu),
           "slot counts: 2 to 63, no 32-bit wrap");

    c.rm.shm_pages = NOVA_GSP_MAX_SHM_PAGES + 1;
    TAP_OK(c.rm.shm_pages && nova_gsp_rm_invalid(&c.rm) &&
           !strcmp(nova_gsp_rm_invalid(&c.rm), "shared memory page count"),
           "a page count past the array: refused");
    c.rm.shm_pages = 129;
    count = c.rm.msg_count;
    c.rm.msg_count = 0xffffffffu;
    TAP_OK(!strcmp(nova_gsp_rm_invalid(&c.rm) ?: "", "queue slot count"),
           "a slot count that wraps: refused");
    c.rm.msg_count = count;
    c.rm.statq_off = 1ull << 40;
    TAP_OK(!strcmp(nova_gsp_rm_invalid(&c.rm) ?: "", "queue offsets"),
           "a queue past the shared memory: refused");
    c.rm.statq_off = STATQ;
    c.rm.db.count++;
    TAP_OK(!strcmp(nova_gsp_rm_invalid(&c.rm) ?: "", "RM object count"),
           "an object count that is not the objects': refused");
    c.rm.db.count--;
    c.rm.state = (NovaGspRmState)77;
    TAP_OK(!strcmp(nova_gsp_rm_invalid(&c.rm) ?: "", "GSP-RM state"),
           "an unknown state: refused");
    c.rm.state = NOVA_GSP_RM_RUNNING;

    /* no slot count while running (a reset landed mid-work): no division */
    c.rm.msg_count = 0;
    send_rpc(&c, 103, NULL, 0, false);
    nova_gsp_rm_mmu_fault_queued(&c.rm);
    TAP_OK(!recv_msg(&c, &fn, &res, &plen, NULL, &ok),
           "no slot count: nothing consumed or posted, and no crash");
    client_free(&c);
}

static bool g_events_on;

static bool gate_events(void *opaque, NovaEventId id)
{
    return g_events_on;
}

/*
 * The engine boundary: GSP-RM's unmask is signalled; a reset keeps config,
 * ops and armed faults; events are built only when the host wants them.
 */
static void test_boundary_and_events(void)
{
    static const NovaHost gated = {
        .falcon_intr = count_intr,
        .event_enabled = gate_events,
    };
    uint32_t fn, res, plen, n;
    bool ok;
    Client c;

    /* the interrupt mask GSP-RM sets at boot reaches the host at once */
    client_setup(&c, "ga102", &test_upcalls, 256u << 20, 16u << 20);
    nova_fault_arm(&c.rm.faults.lost_intr, 0, 0, NOVA_FAULT_ALWAYS, 0);
    nova_falcon_raise_irq(&c.gsp, NV_FIELD_MASK(NV_PFALCON_FALCON_IRQSTAT, SWGEN0));  /* pending, masked */
    g_intr_calls = 0;
    nova_gsp_rm_boot(&c.rm, 0, LIBOS);
    TAP_OK(g_intr_calls >= 1 && nova_falcon_irq_pending(&c.gsp),
           "unmask by GSP-RM signals the interrupt output (no message raised it)");
    TAP_OK(fake_last_event(&c.fh, NOVA_EV_GSP_RM_BOOTED) != NULL, "event: booted");
    TAP_OK(fake_last_event(&c.fh, NOVA_EV_RPC_INJECTED) &&
           strcmp(fake_last_event(&c.fh, NOVA_EV_RPC_INJECTED)->rpc_injected.what,
                  "lost_intr") == 0, "event: the injected fault, by name");

    /* reset: run state gone, config, ops and armed faults kept */
    nova_gsp_rm_reset(&c.rm);
    TAP_EQ(c.rm.state, NOVA_GSP_RM_OFF, "reset: GSP-RM off");
    TAP_EQ(c.rm.db.count, 0, "reset: no RM objects");
    TAP_OK(c.rm.faults.lost_intr.armed, "reset: the armed fault stays armed");
    TAP_OK(c.rm.cfg.bar_size[1] == (256u << 20) && c.rm.cfg.gsp == &c.gsp &&
           c.rm.host == &c.fh.host, "reset: config and ops kept");
    nova_fault_clear(&c.rm.faults.lost_intr);
    nova_gsp_rm_boot(&c.rm, 0, LIBOS);
    TAP_EQ(c.rm.state, NOVA_GSP_RM_RUNNING, "boots again after a reset");
    client_free(&c);

    /* events off: nothing recorded, not even guest errors */
    g_events_on = false;
    client_setup(&c, "ga102", &gated, 0, 0);
    nova_gsp_rm_boot(&c.rm, 0, LIBOS);
    while (recv_msg(&c, &fn, &res, &plen, NULL, &ok)) {
    }
    send_rpc(&c, 7, NULL, 0, false);
    TAP_EQ(c.fh.event_total, 0, "events off: none built");
    g_events_on = true;
    send_rpc(&c, 7, NULL, 0, false);
    n = c.fh.events[NOVA_EV_UNIMP_RPC];
    TAP_OK(n == 1 && c.fh.unimp == 1 &&
           strcmp(fake_last_event(&c.fh, NOVA_EV_UNIMP_RPC)->rpc.fn, "MAP_MEMORY") == 0,
           "events on: an unmodelled RPC is one unimplemented event");
    client_free(&c);
}


/* --- submission: engines, channels, GR context, RC (nouveau 6.12's r535 path) --- */

#define VMM_DEVICE      0xde1d0000u
#define VMM_SUBDEVICE   0x5d1d0000u
#define VMM_VASPACE     0x90f10000u
#define CHAN(chid)      (0xf1f00000u | (chid))

/* nouveau's RM objects of a VMM under client @cl (spec 8.3); true if all were made */
static bool vmm_objects(Client *c, uint32_t cl)
{
    uint8_t p[0x100] = { 0 };
    bool ok;

    nova_st32(p, cl);
    nova_st32(p + 4, 0xffffffff);
    ok = rm_alloc(c, cl, cl, cl, NV01_ROOT, p, 0x6c) == NV_OK;
    memset(p, 0, sizeof(p));
    nova_st32(p + 4, cl);
    ok &= rm_alloc(c, cl, cl, VMM_DEVICE, NV01_DEVICE_0, p, 0x38) == NV_OK;
    memset(p, 0, sizeof(p));
    ok &= rm_alloc(c, cl, VMM_DEVICE, VMM_SUBDEVICE, NV20_SUBDEVICE_0, p, 4) == NV_OK;
    ok &= rm_alloc(c, cl, VMM_DEVICE, VMM_VASPACE, FERMI_VASPACE_A, p, 0x30) == NV_OK;
    return ok;
}

/* nouveau 7.2's client VMMs: the driver keeps the root, RM records it */
static void test_external_page_directory(void)
{
    const uint32_t cl = 0xc1d00010;
    uint8_t p[0x20];
    NovaRmObject *vas;
    Client c;

    booted_client(&c, "ga102");
    TAP_OK(vmm_objects(&c, cl), "VMM objects for an external page directory");
    memset(p, 0, sizeof(p));
    nova_st64(p, 0x2000000);
    nova_st32(p + 8, 1u << 2);              /* PD3's entries */
    nova_st32(p + 0x10, VMM_VASPACE);
    TAP_EQ(rm_control(&c, cl, VMM_DEVICE, NV0080_CTRL_CMD_DMA_SET_PAGE_DIRECTORY, p, 0x20),
           NV_OK, "DMA_SET_PAGE_DIRECTORY on the device, naming its VA space");
    vas = nova_rm_find(&c.rm.db, cl, VMM_VASPACE);
    TAP_OK(vas && vas->u.vaspace.external && vas->u.vaspace.pd_phys == 0x2000000 &&
           vas->u.vaspace.pd_entries == 4 && vas->u.vaspace.pd_aperture == 0,
           "the VA space records the driver's root, entries and aperture (VIDMEM)");
    TAP_OK(nova_gsp_rm_invalid(&c.rm) == NULL, "a state a migration may carry");
    nova_st32(p + 0x10, VMM_SUBDEVICE);
    TAP_EQ(rm_control(&c, cl, VMM_DEVICE, NV0080_CTRL_CMD_DMA_SET_PAGE_DIRECTORY, p, 0x20),
           NV_ERR_INVALID_OBJECT_HANDLE, "naming something not a VA space: refused");
    nova_st32(p + 0x10, VMM_VASPACE);
    nova_st32(p + 0xc, 3);
    TAP_EQ(rm_control(&c, cl, VMM_DEVICE, NV0080_CTRL_CMD_DMA_SET_PAGE_DIRECTORY, p, 0x20),
           NV_ERR_INVALID_ARGUMENT, "aperture 3: refused");
    nova_st32(p + 0xc, 0);
    nova_st64(p, 0x2000800);
    TAP_EQ(rm_control(&c, cl, VMM_DEVICE, NV0080_CTRL_CMD_DMA_SET_PAGE_DIRECTORY, p, 0x20),
           NV_ERR_INVALID_ARGUMENT, "a root not page-aligned: refused");
    TAP_EQ(rm_control(&c, cl, VMM_DEVICE, NV0080_CTRL_CMD_DMA_SET_PAGE_DIRECTORY, p, 0x10),
           NV_ERR_INVALID_PARAM_STRUCT, "parameters shorter than the structure: refused");
    TAP_EQ(rm_control(&c, cl, VMM_VASPACE, NV0080_CTRL_CMD_DMA_SET_PAGE_DIRECTORY, p, 0x20),
           NV_ERR_NOT_SUPPORTED, "sent to the VA space, not the device: not its control");
    memset(p, 0, sizeof(p));
    nova_st32(p, VMM_VASPACE);
    TAP_EQ(rm_control(&c, cl, VMM_DEVICE, NV0080_CTRL_CMD_DMA_UNSET_PAGE_DIRECTORY, p, 8),
           NV_OK, "DMA_UNSET_PAGE_DIRECTORY");
    TAP_OK(!vas->u.vaspace.external && !vas->u.vaspace.pd_phys, "the root is forgotten");
    TAP_EQ(rm_control(&c, cl, VMM_DEVICE, NV0080_CTRL_CMD_DMA_UNSET_PAGE_DIRECTORY, p, 8),
           NV_ERR_INVALID_STATE, "unset twice: refused");
    vas->u.vaspace.external = 7;
    TAP_OK(nova_gsp_rm_invalid(&c.rm) != NULL, "a loaded flag that is not 0 or 1: invalid");
    vas->u.vaspace.external = 0;
    client_free(&c);
}

/* ALLOC_MEMORY of a memory list with @pages PTEs from @pfn; returns rpc_result */
static uint32_t alloc_memlist(Client *c, uint32_t cl, uint32_t handle, uint32_t cls,
                              uint32_t pages, uint32_t desc_len, uint64_t pfn, uint32_t send)
{
    uint8_t m[0x38 + 8 * 8] = { 0 };
    uint32_t fn, res = 0xdeadbeef, plen, i;
    bool ok;

    nova_st32(m, cl);
    nova_st32(m + 4, VMM_DEVICE);
    nova_st32(m + 8, handle);
    nova_st32(m + 0xc, cls);
    nova_st64(m + 0x20, (uint64_t)pages << 12);
    nova_st32(m + 0x28, pages);
    nova_st32(m + 0x30, desc_len << 16);
    for (i = 0; i < 8; i++) {
        nova_st64(m + 0x38 + 8 * i, pfn + i);
    }
    send_rpc(c, 4, m, send, false);
    if (!recv_msg(c, &fn, &res, &plen, NULL, &ok) || fn != 4) {
        return 0xdeadbeef;
    }
    return res;
}

/* nouveau 7.2's suspend (at every shutdown): channels off, memory list, FBSR_INIT */
static void test_suspend_fbsr(void)
{
    static uint8_t sysinfo[928];
    const uint32_t cl = 0xc1d00020;
    uint8_t p[0x20];
    uint32_t fn, res, plen;
    bool ok;
    Client c;

    client_setup(&c, "ga102", &test_upcalls, 256u << 20, 16u << 20);
    send_rpc(&c, 72, sysinfo, sizeof(sysinfo), false);
    nova_gsp_rm_boot(&c.rm, 0, LIBOS);
    while (recv_msg(&c, &fn, &res, &plen, NULL, &ok)) {
    }
    TAP_OK(c.rm.abi == NOVA_GSP_ABI_R570 && vmm_objects(&c, cl), "r570 client and device");
    TAP_EQ(alloc_memlist(&c, cl, 0xcaf00003, NV01_MEMORY_LIST_SYSTEM, 8, 8, 0x12340, 0x78),
           NV_OK, "ALLOC_MEMORY: a system memory list of 8 pages");
    TAP_OK(nova_rm_find(&c.rm.db, cl, 0xcaf00003) &&
           nova_rm_find(&c.rm.db, cl, 0xcaf00003)->u.memlist.pages == 8,
           "the list is an object with its pages");
    TAP_EQ(alloc_memlist(&c, cl, 0xcaf00004, NV01_MEMORY_LIST_SYSTEM, 8, 8, 0x12340, 0x70),
           NV_ERR_INVALID_ARGUMENT, "ALLOC_MEMORY: fewer PTEs than pages: refused");
    TAP_EQ(alloc_memlist(&c, cl, 0xcaf00004, NV01_MEMORY_LIST_SYSTEM, 8, 7, 0x12340, 0x78),
           NV_ERR_INVALID_ARGUMENT, "ALLOC_MEMORY: descriptor length not the page count: refused");
    TAP_EQ(alloc_memlist(&c, cl, 0xcaf00004, NV01_MEMORY_LIST_FBMEM, 2, 2, FAKE_VRAM_SIZE >> 12, 0x78),
           NV_ERR_INVALID_ARGUMENT, "ALLOC_MEMORY: an FB list past VRAM: refused");
    TAP_EQ(alloc_memlist(&c, cl, 0xcaf00004, NV01_MEMORY_LIST_FBMEM, 2, 2, 0x10, 0x78),
           NV_OK, "ALLOC_MEMORY: an FB list inside VRAM");
    TAP_EQ(alloc_memlist(&c, cl, 0xcaf00005, FERMI_VASPACE_A, 1, 1, 0x100, 0x78),
           NV_ERR_INVALID_CLASS, "ALLOC_MEMORY of a class that is no memory list: refused");
    TAP_EQ(alloc_memlist(&c, cl, 0xcaf00005, NV01_MEMORY_LIST_SYSTEM, 1, 1, 0x100, 0x30),
           NV_ERR_INVALID_PARAM_STRUCT, "ALLOC_MEMORY shorter than its structure: refused");

    memset(p, 0, sizeof(p));
    nova_st32(p, cl);
    nova_st32(p + 4, 0xcaf00003);
    TAP_EQ(rm_control(&c, NOVA_RM_INTERNAL_CLIENT, NOVA_RM_INTERNAL_SUBDEVICE,
                      NV2080_CTRL_CMD_INTERNAL_FBSR_INIT, p, 0x18), NV_OK,
           "FBSR_INIT (r570 layout) with the system memory list");
    nova_st32(p + 4, 0xcaf00004);
    TAP_EQ(rm_control(&c, NOVA_RM_INTERNAL_CLIENT, NOVA_RM_INTERNAL_SUBDEVICE,
                      NV2080_CTRL_CMD_INTERNAL_FBSR_INIT, p, 0x18), NV_ERR_INVALID_OBJECT_HANDLE,
           "FBSR_INIT with an FB list: refused");
    memset(p, 0, sizeof(p));
    p[0] = 1;
    TAP_EQ(rm_control(&c, NOVA_RM_INTERNAL_CLIENT, NOVA_RM_INTERNAL_SUBDEVICE,
                      NV2080_CTRL_CMD_INTERNAL_FIFO_TOGGLE_ACTIVE_CHANNEL_SCHEDULING, p, 1),
           NV_OK, "r570: channel scheduling off");
    p[0] = 0;
    TAP_EQ(rm_control(&c, NOVA_RM_INTERNAL_CLIENT, NOVA_RM_INTERNAL_SUBDEVICE,
                      NV2080_CTRL_CMD_INTERNAL_FIFO_TOGGLE_ACTIVE_CHANNEL_SCHEDULING, p, 1),
           NV_OK, "r570: and on again");
    TAP_OK(nova_gsp_rm_invalid(&c.rm) == NULL, "the memory lists are a state a migration may carry");
    c.rm.abi = NOVA_GSP_ABI_R535;
    TAP_EQ(rm_control(&c, NOVA_RM_INTERNAL_CLIENT, NOVA_RM_INTERNAL_SUBDEVICE,
                      NV2080_CTRL_CMD_INTERNAL_FIFO_TOGGLE_ACTIVE_CHANNEL_SCHEDULING, p, 1),
           NV_ERR_NOT_SUPPORTED, "r535: 0x20800ac3 is FBSR_SEND_REGION_INFO, not served");
    client_free(&c);
}

static void put_mem_desc(uint8_t *a, size_t off, uint64_t base, uint64_t size,
                         uint32_t space, uint32_t cache)
{
    nova_st64(a + off + offsetof(NovaRmMemDesc, base), base);
    nova_st64(a + off + offsetof(NovaRmMemDesc, size), size);
    nova_st32(a + off + offsetof(NovaRmMemDesc, address_space), space);
    nova_st32(a + off + offsetof(NovaRmMemDesc, cache_attrib), cache);
}

/* NV_CHANNEL_ALLOC_PARAMS as nouveau's r535_chan_alloc() fills them */
static void chan_params(uint8_t *a, uint32_t chid, uint32_t engine, bool priv,
                        uint64_t inst, uint64_t userd, uint64_t mthdbuf,
                        uint64_t gpfifo, uint32_t gpfifo_len)
{
    uint32_t flags = (priv ? NVOS04_FLAGS_PRIVILEGED_CHANNEL : 0) |
                     (chid % 8) << NVOS04_FLAGS_USERD_INDEX_SHIFT |
                     (chid / 8) << NVOS04_FLAGS_USERD_PAGE_SHIFT |
                     NVOS04_FLAGS_USERD_PAGE_FIXED;

    memset(a, 0, sizeof(NovaRmChannelAlloc));
    nova_st64(a + offsetof(NovaRmChannelAlloc, gp_fifo_offset), gpfifo);
    nova_st32(a + offsetof(NovaRmChannelAlloc, gp_fifo_entries), gpfifo_len / 8);
    nova_st32(a + offsetof(NovaRmChannelAlloc, flags), flags);
    nova_st32(a + offsetof(NovaRmChannelAlloc, h_va_space), VMM_VASPACE);
    nova_st32(a + offsetof(NovaRmChannelAlloc, engine_type), engine);
    put_mem_desc(a, offsetof(NovaRmChannelAlloc, instance_mem), inst, 0x1000, 2, 1);
    put_mem_desc(a, offsetof(NovaRmChannelAlloc, userd_mem), userd, 0x200, 2, 1);
    put_mem_desc(a, offsetof(NovaRmChannelAlloc, ramfc_mem), inst, 0x200, 2, 1);
    put_mem_desc(a, offsetof(NovaRmChannelAlloc, mthdbuf_mem), mthdbuf, 0x1000, 1, 0);
    /* PRIVILEGE USER/ADMIN, ERROR_NOTIFIER_TYPE NONE, ECC NONE */
    nova_st32(a + offsetof(NovaRmChannelAlloc, internal_flags),
              (priv ? 1 : 0) | 1 << 2 | 1 << 4);
}

static uint32_t alloc_channel(Client *c, uint32_t cl, uint32_t chid, uint32_t engine)
{
    uint8_t a[sizeof(NovaRmChannelAlloc)];

    chan_params(a, chid, engine, true, 0x40000 + chid * 0x1000, 0x80000 + chid * 0x200,
                0x300000, 0x10000000, 0x2000);
    return rm_alloc(c, cl, VMM_DEVICE, CHAN(chid), c->rm.cfg.chip->channel_class,
                    a, sizeof(a));
}

/* The fifo engine's channels alive (in any state but FREE) */
static uint32_t engine_channels(Client *c)
{
    uint32_t i, n = 0;

    for (i = 0; i < NOVA_FIFO_MAX_CHANNELS; i++) {
        n += c->fifo.ch[i].state != NOVA_CHAN_FREE;
    }
    return n;
}

/* The fifo engine's channel @chid's desc; an all-zero one if it has none */
static const NovaChannelDesc *engine_desc(Client *c, uint32_t chid)
{
    static const NovaChannelDesc none;
    const NovaChannel *e = nova_fifo_channel_find(&c->fifo, chid);

    return e ? &e->desc : &none;
}

/* Whether the fifo engine has channel @chid in @state */
static bool engine_chan_is(Client *c, uint32_t chid, NovaChannelState state)
{
    const NovaChannel *e = nova_fifo_channel_find(&c->fifo, chid);

    return e && e->state == state;
}

/* The device-info table as nouveau's r535_fifo_runl_ctor() reads it, per chip */
static void test_device_info(const char *chip)
{
    static NovaRmDeviceInfoParams t;
    const NovaChip *ch = nova_chip_by_name(chip);
    uint32_t i, runlists = 0, rl;
    uint8_t *p = (uint8_t *)&t;
    Client c;

    booted_client(&c, chip);
    memset(&t, 0xee, sizeof(t));
    nova_st32(p, 0);
    TAP_EQ(rm_control(&c, NOVA_RM_INTERNAL_CLIENT, NOVA_RM_INTERNAL_SUBDEVICE,
                      NV2080_CTRL_CMD_FIFO_GET_DEVICE_INFO_TABLE, p, sizeof(t)), NV_OK,
           "device info: answered");
    TAP_EQ(nova_ld32(p + 4), 6, "device info: GR0 and five copy engines");
    TAP_EQ(p[8], 0, "device info: no second page");
    for (i = 0; i < 6; i++) {
        const uint8_t *e = p + 0xc + i * 100;
        uint32_t type = nova_ld32(e + 4 * ENGINE_INFO_TYPE_RM_ENGINE_TYPE);
        uint32_t runl = nova_ld32(e + 4 * ENGINE_INFO_TYPE_RUNLIST);
        uint32_t pri = nova_ld32(e + 4 * ENGINE_INFO_TYPE_RUNLIST_PRI_BASE);

        TAP_EQ(type, i == 0 ? NV2080_ENGINE_TYPE_GR0 : NV2080_ENGINE_TYPE_COPY(i - 1),
               "device info: engine type (GR0, then COPY0..4)");
        if (ch->id == NOVA_CHIP_TU102 && i == 1) {
            /* Turing's GRCE: CE0 on GR0's runlist, its second engine */
            TAP_OK(runl == 0 && nova_ld32(e + 4 * ENGINE_INFO_TYPE_RUNLIST_ENGINE_ID) == 1,
                   "device info: Turing's CE0 on GR0's runlist (GRCE), engine 1 of it");
        } else {
            TAP_OK(runl < 32 && !(runlists & (1u << runl)) &&
                   nova_ld32(e + 4 * ENGINE_INFO_TYPE_RUNLIST_ENGINE_ID) == 0,
                   "device info: a runlist of its own");
        }
        runlists |= 1u << runl;
        TAP_OK(ch->falcon_ga102_regs ? pri != 0 : pri == 0,
               "device info: RUNLIST_PRI_BASE on Ampere and Ada only");
        TAP_OK(nova_gsp_rm_engine_runlist(&c.rm, type, &rl) && rl == runl,
               "device info: the runlist the glue is told");
        TAP_EQ(nova_ld32(e + 4 * ENGINE_INFO_TYPE_MMU_FAULT_ID), i == 0 ? 64 : 15 + i - 1,
               "device info: MMU fault ID");
        TAP_EQ(nova_ld32(e + 0x50), 1, "device info: one PBDMA");
        TAP_EQ(nova_ld32(e + 0x40), runl, "device info: the runlist's PBDMA");
        TAP_OK(nova_ld32(e + 4 * ENGINE_INFO_TYPE_ENG_DESC) != 0, "device info: ENG_DESC");
    }
    TAP_OK(!strcmp((char *)p + 0xc + 0x54, "GR0") &&
           !strcmp((char *)p + 0xc + 100 + 0x54, "CE0"), "device info: engine names");
    TAP_OK(!nova_gsp_rm_engine_runlist(&c.rm, NV2080_ENGINE_TYPE_COPY(5), &rl),
           "device info: no COPY5 on the chip");
    /* paging: page 1 does not exist, an index inside page 0 means page 0 */
    nova_st32(p, 32);
    TAP_EQ(rm_control(&c, NOVA_RM_INTERNAL_CLIENT, NOVA_RM_INTERNAL_SUBDEVICE,
                      NV2080_CTRL_CMD_FIFO_GET_DEVICE_INFO_TABLE, p, sizeof(t)),
           NV_ERR_INVALID_ARGUMENT, "device info: a page past the table");
    nova_st32(p, 5);
    TAP_OK(rm_control(&c, NOVA_RM_INTERNAL_CLIENT, NOVA_RM_INTERNAL_SUBDEVICE,
                      NV2080_CTRL_CMD_FIFO_GET_DEVICE_INFO_TABLE, p, sizeof(t)) == NV_OK &&
           nova_ld32(p + 4) == 6, "device info: baseIndex 5 is page 0");
    client_free(&c);
}

/* INTR_GET_KERNEL_TABLE's non-stall vectors, as nouveau's r535_gsp_intr_get_table() keeps them */
static void test_intr_vectors(void)
{
    static NovaRmIntrTable t;
    uint8_t *p = (uint8_t *)&t;
    uint32_t i, n, seen[8] = { 0 };
    bool distinct = true, bounded = true;
    Client c;

    booted_client(&c, "tu102");
    TAP_EQ(rm_control(&c, NOVA_RM_INTERNAL_CLIENT, NOVA_RM_INTERNAL_SUBDEVICE,
                      NV2080_CTRL_CMD_INTERNAL_INTR_GET_KERNEL_TABLE, p, sizeof(t)), NV_OK,
           "interrupt table answered");
    n = nova_ld32(p);
    TAP_EQ(n, 7, "interrupt table: GSP, GR0, CE0..CE4");
    for (i = 0; i < n; i++) {
        const uint8_t *e = p + 4 + 16 * i;
        uint32_t idx = nova_ld16(e), stall = nova_ld32(e + 8), ns = nova_ld32(e + 12);
        uint32_t v = idx == 49 ? stall : ns;

        if (idx == 82) {
            TAP_OK(ns == nova_gsp_rm_nonstall_vector(&c.rm, NV2080_ENGINE_TYPE_GR0) &&
                   stall == 0xffffffffu, "GR0 (MC_ENGINE_IDX 82): non-stall only");
        } else if (idx >= 15 && idx <= 19) {
            TAP_OK(ns == nova_gsp_rm_nonstall_vector(&c.rm, NV2080_ENGINE_TYPE_COPY(idx - 15)),
                   "CEn (MC_ENGINE_IDX 15 + n): its non-stall vector");
        }
        bounded &= v < 256 && v != 0x84 && v != 0x85 && v != 0x86;
        distinct &= !(seen[v / 32 % 8] & (1u << (v % 32)));
        seen[v / 32 % 8] |= 1u << (v % 32);
    }
    TAP_OK(bounded, "vectors in the tree, clear of the MMU fault vectors");
    TAP_OK(distinct, "no two sources share a vector");
    TAP_EQ(nova_gsp_rm_nonstall_vector(&c.rm, NV2080_ENGINE_TYPE_COPY(7)), 0xffffffffu,
           "no vector for an engine the chip lacks");
    client_free(&c);
}

/*
 * nouveau on r570 (Linux 7.2): the static info fields it reads at their
 * r570 offsets, the interrupt table's r570 engine numbers, and the
 * controls it asks instead of r535's static fields.
 */
static void test_nouveau_r570(void)
{
    static uint8_t sysinfo[928], info[0x678];
    static NovaRmIntrTable t;
    static uint8_t ctx[NOVA_KGR_CTX_BUFFERS_INFO_R570];
    NovaRmConstructedFalconInfo falcons;
    uint8_t p[0x28];
    uint32_t fn, res, plen, i, gpcs = 0, tpcs = 0, mask;
    bool ok;
    Client c;

    client_init(&c, "tu102");
    send_rpc(&c, 72, sysinfo, sizeof(sysinfo), false);
    nova_gsp_rm_boot(&c.rm, 0, LIBOS);
    TAP_EQ(c.rm.abi, NOVA_GSP_ABI_R570, "r570 nouveau: ABI from GspSystemInfo size");
    while (recv_msg(&c, &fn, &res, &plen, NULL, &ok)) {
    }
    c.sec.sw_scratch[NOVA_GSP_SEQ_SCRATCH] = NOVA_GSP_SEQ_MAGIC;
    send_rpc(&c, 65, info, sizeof(info), false);
    TAP_OK(recv_msg(&c, &fn, &res, &plen, info, &ok) && fn == 65 && res == 0 &&
           plen == 0x678 && ok, "r570 static info: 0x678 bytes, OK");
    TAP_EQ(nova_ld32(info + 0x640), NOVA_RM_INTERNAL_CLIENT, "r570: hInternalClient at 0x640");
    TAP_EQ(nova_ld32(info + 0x644), NOVA_RM_INTERNAL_DEVICE, "r570: hInternalDevice at 0x644");
    TAP_EQ(nova_ld32(info + 0x648), NOVA_RM_INTERNAL_SUBDEVICE,
           "r570: hInternalSubdevice at 0x648");
    TAP_EQ(nova_ld64(info + 0x600), c.rm.non_wpr_heap + NOVA_GSP_RM_BAR1_PD,
           "r570: bar1PdeBase at 0x600, RM's BAR1 root");
    TAP_EQ(nova_ld64(info + 0x608), c.rm.non_wpr_heap + NOVA_GSP_RM_BAR2_PD,
           "r570: bar2PdeBase at 0x608, RM's BAR2 root");
    TAP_OK(nova_ld32(info + 0x158) == 1 && nova_ld64(info + 0x160) == 0 &&
           nova_ld64(info + 0x168) == c.rm.non_wpr_heap - 1 &&
           info[0x160 + 0x1c] == 1 && info[0x160 + 0x1d] == 1,
           "r570: one FB region below RM's heap at 0x158, compressible, ISO");
    TAP_OK(!strncmp((char *)info + 0x4ec, "NVIDIA ", 7), "r570: GPU name kept");

    TAP_EQ(rm_control(&c, NOVA_RM_INTERNAL_CLIENT, NOVA_RM_INTERNAL_SUBDEVICE,
                      NV2080_CTRL_CMD_INTERNAL_INTR_GET_KERNEL_TABLE, (uint8_t *)&t,
                      sizeof(t)), NV_OK, "r570: interrupt table answered");
    TAP_OK(nova_ld16((uint8_t *)&t + 4) == 50 &&
           nova_ld32((uint8_t *)&t + 4 + 8) == NOVA_GSP_INTR_VECTOR,
           "r570: GSP is MC_ENGINE_IDX 50 on its stall vector");
    TAP_EQ(nova_ld16((uint8_t *)&t + 4 + 16), 84, "r570: GR0 is MC_ENGINE_IDX 84");

    /* r570_gsp_get_static_info: the GPC mask, then each GPC's TPCs */
    memset(p, 0, sizeof(p));
    TAP_EQ(rm_control(&c, NOVA_RM_INTERNAL_CLIENT, NOVA_RM_INTERNAL_SUBDEVICE,
                      NV2080_CTRL_CMD_GPU_GET_FERMI_GPC_INFO, p, 4), NV_OK, "GPC info answered");
    mask = nova_ld32(p);
    for (i = 0; i < 32; i++) {
        if (mask & (1u << i)) {
            memset(p, 0, sizeof(p));
            nova_st32(p, i);
            if (rm_control(&c, NOVA_RM_INTERNAL_CLIENT, NOVA_RM_INTERNAL_SUBDEVICE,
                           NV2080_CTRL_CMD_GPU_GET_FERMI_TPC_INFO, p, 8) == NV_OK) {
                gpcs++;
                tpcs += __builtin_popcount(nova_ld32(p + 4));
            }
        }
    }
    TAP_OK(gpcs == 6 && tpcs == 24, "six GPCs of four TPCs, as r535's static info says");
    nova_st32(p, 31);
    TAP_EQ(rm_control(&c, NOVA_RM_INTERNAL_CLIENT, NOVA_RM_INTERNAL_SUBDEVICE,
                      NV2080_CTRL_CMD_GPU_GET_FERMI_TPC_INFO, p, 8), NV_ERR_INVALID_ARGUMENT,
           "TPC info of a GPC that does not exist: refused");
    nova_st32(p, 0xffffffffu);
    TAP_EQ(rm_control(&c, NOVA_RM_INTERNAL_CLIENT, NOVA_RM_INTERNAL_SUBDEVICE,
                      NV2080_CTRL_CMD_GPU_GET_FERMI_TPC_INFO, p, 8), NV_ERR_INVALID_ARGUMENT,
           "TPC info of GPC 0xffffffff: refused");
    memset(p, 0, sizeof(p));
    TAP_EQ(rm_control(&c, NOVA_RM_INTERNAL_CLIENT, NOVA_RM_INTERNAL_SUBDEVICE,
                      NV2080_CTRL_CMD_GR_GET_ZCULL_INFO, p, sizeof(p)), NV_OK, "zcull info answered");
    TAP_OK(nova_ld32(p) && nova_ld32(p + 4) && nova_ld32(p + 0x1c),
           "zcull: alignments and a subregion count");
    memset(&falcons, 0xff, sizeof(falcons));
    TAP_EQ(rm_control(&c, NOVA_RM_INTERNAL_CLIENT, NOVA_RM_INTERNAL_SUBDEVICE,
                      NV2080_CTRL_CMD_GPU_GET_CONSTRUCTED_FALCON_INFO, (uint8_t *)&falcons,
                      sizeof(falcons)), NV_OK, "r570's constructed falcon info answered");
    TAP_EQ(falcons.num_constructed_falcons, 0, "no engine falcon context to allocate");

    /* context buffers: r570's larger parameters, and a short one refused */
    TAP_EQ(rm_control(&c, NOVA_RM_INTERNAL_CLIENT, NOVA_RM_INTERNAL_SUBDEVICE,
                      NV2080_CTRL_CMD_INTERNAL_STATIC_KGR_GET_CONTEXT_BUFFERS_INFO, ctx,
                      sizeof(ctx)), NV_OK, "r570 context buffer info answered");
    TAP_EQ(nova_ld32(ctx), 0x50000, "r570: GR0's main context image first");
    TAP_EQ(rm_control(&c, NOVA_RM_INTERNAL_CLIENT, NOVA_RM_INTERNAL_SUBDEVICE,
                      NV2080_CTRL_CMD_INTERNAL_STATIC_KGR_GET_CONTEXT_BUFFERS_INFO, ctx,
                      sizeof(NovaRmKgrCtxBuffersInfo)), NV_ERR_INVALID_PARAM_STRUCT,
           "r570: context buffer info in r535's size refused (the answer would not fit)");
    client_free(&c);
}

/*
 * nouveau's abi16CeWar: a copy object on every Turing channel, a graphics
 * one too, with no parameters. Turing's GRCE (CE0, on GR0's runlist) takes
 * it; on Ampere and Ada a graphics channel has no copy engine.
 */
static void test_grce(const char *chip)
{
    const uint32_t C = 0xc1d00030;
    bool turing = !strcmp(chip, "tu102");
    const NovaChip *ch = nova_chip_by_name(chip);
    const NovaRmObject *o;
    uint8_t p[8];
    Client c;

    booted_client(&c, chip);
    TAP_OK(vmm_objects(&c, C), "%s GRCE: VMM objects", chip);
    TAP_EQ(alloc_channel(&c, C, 20, NV2080_ENGINE_TYPE_GR0), NV_OK, "%s: a graphics channel", chip);
    TAP_EQ(rm_alloc(&c, C, CHAN(20), 0xcaf00000, ch->copy_class, NULL, 0),
           turing ? NV_OK : NV_ERR_INVALID_ARGUMENT,
           "%s: a copy object on it, no parameters: %s", chip,
           turing ? "the GRCE takes it" : "refused, no copy engine on GR's runlist");
    o = nova_rm_find(&c.rm.db, C, 0xcaf00000);
    TAP_OK(turing ? o && o->u.engine.engine_type == NV2080_ENGINE_TYPE_COPY0 : !o,
           "%s: %s", chip, turing ? "served by COPY0" : "no object");
    nova_st32(p, 1);
    nova_st32(p + 4, NV2080_ENGINE_TYPE_COPY0);
    TAP_EQ(rm_alloc(&c, C, CHAN(20), 0xcaf00001, ch->copy_class, p, 8),
           turing ? NV_OK : NV_ERR_INVALID_ARGUMENT, "%s: naming COPY0 on the graphics channel", chip);
    nova_st32(p + 4, NV2080_ENGINE_TYPE_COPY(1));
    TAP_EQ(rm_alloc(&c, C, CHAN(20), 0xcaf00002, ch->copy_class, p, 8), NV_ERR_INVALID_ARGUMENT,
           "%s: naming COPY1, on a runlist of its own: refused", chip);
    TAP_OK(nova_gsp_rm_invalid(&c.rm) == NULL, "%s: a state a migration may carry", chip);
    client_free(&c);
}

/* a CE channel as nouveau makes one: alloc, BIND, SCHEDULE, objects, FREE */
static void test_channels(const char *chip)
{
    const uint32_t C = 0xc1d00001;
    const NovaChip *ch = nova_chip_by_name(chip);
    uint8_t a[sizeof(NovaRmChannelAlloc)], p[0x40] = { 0 };
    const NovaChannelDesc *d;
    NovaChannelDesc filler;
    NovaChannel *e;
    uint32_t count, other3d, serial9, serial10, serial11, i, ce0_runlist = ~0u;
    Client c;

    booted_client(&c, chip);
    TAP_OK(vmm_objects(&c, C), "channel VMM: client, device, subdevice, VA space");
    TAP_EQ(engine_channels(&c), 0, "no channel on the host before the first alloc");
    TAP_EQ(alloc_channel(&c, C, 9, NV2080_ENGINE_TYPE_COPY0), NV_OK, "CE channel (chid 9)");
    TAP_OK(engine_channels(&c) == 1 && engine_chan_is(&c, 9, NOVA_CHAN_ALLOCATED),
           "the host is given the channel (allocated, not scheduled)");
    d = engine_desc(&c, 9);
    TAP_OK(nova_gsp_rm_engine_runlist(&c.rm, NV2080_ENGINE_TYPE_COPY0, &ce0_runlist) &&
           ce0_runlist == (ch->id == NOVA_CHIP_TU102 ? 0 : 1),
           "COPY0's runlist: 1, on Turing GR0's (the GRCE)");
    TAP_OK(d->chid == 9 && d->runlist == ce0_runlist && d->engine_type == NV2080_ENGINE_TYPE_COPY0 &&
           d->hclass == ch->channel_class && d->client == C && d->handle == CHAN(9),
           "desc: chid from USERD page/index, COPY0's runlist, class, RM name");
    TAP_OK(d->inst == 0x40000 + 9 * 0x1000 && d->inst_aperture == NOVA_MMU_APERTURE_VRAM &&
           d->userd == 0x80000 + 9 * 0x200 && d->userd_aperture == NOVA_MMU_APERTURE_VRAM,
           "desc: instance block and USERD in VRAM");
    TAP_OK(d->gpfifo_va == 0x10000000 && d->gpfifo_entries == 0x400 &&
           d->mthdbuf == 0x300000 && d->priv && d->error_notifier == 0,
           "desc: GPFIFO, method buffer, privileged, no notifier");

    /*
     * The alloc already gave the host COPY0: clear the engine's copy, so
     * that what BIND leaves there is what BIND handed the host for chid 9.
     */
    e = nova_fifo_channel_find(&c.fifo, 9);
    if (e) {
        e->desc.engine_type = NV2080_ENGINE_TYPE_NULL;
    }
    nova_st32(p, NV2080_ENGINE_TYPE_COPY0);
    TAP_EQ(rm_control(&c, C, CHAN(9), NVA06F_CTRL_CMD_BIND, p, 4), NV_OK, "BIND");
    TAP_OK(engine_desc(&c, 9)->engine_type == NV2080_ENGINE_TYPE_COPY0 &&
           engine_chan_is(&c, 9, NOVA_CHAN_ALLOCATED), "BIND reaches the host");
    nova_st32(p, NV2080_ENGINE_TYPE_GR0);
    TAP_EQ(rm_control(&c, C, CHAN(9), NVA06F_CTRL_CMD_BIND, p, 4), NV_ERR_INVALID_ARGUMENT,
           "BIND to another engine than the channel's");
    TAP_EQ(engine_desc(&c, 9)->engine_type, NV2080_ENGINE_TYPE_COPY0,
           "the refused BIND leaves the host's engine alone");
    p[0] = 1;
    TAP_EQ(rm_control(&c, C, CHAN(9), NVA06F_CTRL_CMD_GPFIFO_SCHEDULE, p, 2), NV_OK,
           "GPFIFO_SCHEDULE");
    TAP_OK(engine_chan_is(&c, 9, NOVA_CHAN_RUNNABLE), "scheduled on the host");
    TAP_EQ(rm_control(&c, C, CHAN(9), NVC36F_CTRL_CMD_GPFIFO_GET_WORK_SUBMIT_TOKEN, p, 4),
           NV_OK, "work-submit token");
    TAP_EQ(nova_ld32(p), nova_fifo_token(ce0_runlist, 9), "token: runlist << 16 | chid");
    TAP_EQ(rm_control(&c, C, VMM_VASPACE, NVA06F_CTRL_CMD_BIND, p, 4), NV_ERR_NOT_SUPPORTED,
           "a channel control on a VA space");

    /* copy objects */
    nova_st32(p, 1);
    nova_st32(p + 4, NV2080_ENGINE_TYPE_COPY0);
    TAP_EQ(rm_alloc(&c, C, CHAN(9), 0xb5000000, ch->copy_class, p, 8), NV_OK,
           "copy object on the CE channel");
    TAP_EQ(rm_alloc(&c, C, CHAN(9), 0xb5000001,
                    ch->copy_class == TURING_DMA_COPY_A ? AMPERE_DMA_COPY_B : TURING_DMA_COPY_A,
                    p, 8), NV_ERR_INVALID_CLASS, "another chip's copy class");
    TAP_EQ(rm_alloc(&c, C, VMM_DEVICE, 0xb5000002, ch->copy_class, p, 8),
           NV_ERR_INVALID_OBJECT_PARENT, "copy object under the device");
    TAP_EQ(rm_alloc(&c, C, CHAN(9), 0xb5000003, ch->copy_class, p, 4),
           NV_ERR_INVALID_PARAM_STRUCT, "copy parameters cut short");
    nova_st32(p + 4, NV2080_ENGINE_TYPE_COPY(5));
    TAP_EQ(rm_alloc(&c, C, CHAN(9), 0xb5000004, ch->copy_class, p, 8),
           NV_ERR_INVALID_ARGUMENT, "a copy engine the chip lacks");
    nova_st32(p + 4, NV2080_ENGINE_TYPE_COPY(1));
    TAP_EQ(rm_alloc(&c, C, CHAN(9), 0xb5000005, ch->copy_class, p, 8),
           NV_ERR_INVALID_ARGUMENT, "COPY1 on COPY0's channel");
    TAP_EQ(rm_alloc(&c, C, CHAN(9), 0x97000009, ch->threed_class, NULL, 0),
           NV_ERR_INVALID_ARGUMENT, "3D on a copy channel");

    /* a GR channel and its four classes */
    TAP_EQ(alloc_channel(&c, C, 10, NV2080_ENGINE_TYPE_GR0), NV_OK, "GR channel (chid 10)");
    TAP_OK(engine_chan_is(&c, 10, NOVA_CHAN_ALLOCATED) && engine_channels(&c) == 2,
           "the host is given the GR channel");
    TAP_OK(engine_desc(&c, 10)->runlist == 0 &&
           engine_desc(&c, 10)->engine_type == NV2080_ENGINE_TYPE_GR0 &&
           engine_desc(&c, 10)->handle == CHAN(10), "GR channel on GR0's runlist");
    TAP_OK(rm_alloc(&c, C, CHAN(10), 0x97000001, ch->threed_class, NULL, 0) == NV_OK &&
           rm_alloc(&c, C, CHAN(10), 0xc0000001, ch->compute_class, NULL, 0) == NV_OK &&
           rm_alloc(&c, C, CHAN(10), 0x2d000001, FERMI_TWOD_A, NULL, 0) == NV_OK &&
           rm_alloc(&c, C, CHAN(10), 0x40000001, KEPLER_INLINE_TO_MEMORY_B, NULL, 0) == NV_OK,
           "3D, compute, 2D and inline-to-memory on the GR channel");
    other3d = ch->threed_class == ADA_A ? AMPERE_B : ADA_A;
    TAP_EQ(rm_alloc(&c, C, CHAN(10), 0x97000002, other3d, NULL, 0), NV_ERR_INVALID_CLASS,
           "another chip's 3D class");

    /* usermode: under the subdevice */
    TAP_EQ(rm_alloc(&c, C, VMM_SUBDEVICE, 0xc3610000, ch->usermode_class, NULL, 0), NV_OK,
           "usermode under the subdevice");
    TAP_EQ(rm_alloc(&c, C, VMM_DEVICE, 0xc3610001, ch->usermode_class, NULL, 0),
           NV_ERR_INVALID_OBJECT_PARENT, "usermode under the device");

    /* channel mistakes: nothing reaches the host */
    count = engine_channels(&c);
    serial9 = nova_fifo_channel_find(&c.fifo, 9) ? nova_fifo_channel_find(&c.fifo, 9)->serial : 0;
    serial10 = nova_fifo_channel_find(&c.fifo, 10) ? nova_fifo_channel_find(&c.fifo, 10)->serial : 0;
    TAP_EQ(alloc_channel(&c, C, 9, NV2080_ENGINE_TYPE_COPY(1)), NV_ERR_INSERT_DUPLICATE_NAME,
           "channel handle taken");
    chan_params(a, 9, NV2080_ENGINE_TYPE_COPY(1), false, 0x50000, 0x90000, 0x300000, 0, 0x2000);
    TAP_EQ(rm_alloc(&c, C, VMM_DEVICE, CHAN(99), ch->channel_class, a, sizeof(a)),
           NV_ERR_IN_USE, "chid taken");
    chan_params(a, 4095, NV2080_ENGINE_TYPE_COPY(1), false, 0x50000, 0x90000, 0x300000, 0, 0x2000);
    TAP_EQ(rm_alloc(&c, C, VMM_DEVICE, CHAN(98), ch->channel_class, a, sizeof(a)),
           NV_ERR_INVALID_PARAMETER, "chid past the heap");
    chan_params(a, 11, NV2080_ENGINE_TYPE_COPY(9), false, 0x50000, 0x90000, 0x300000, 0, 0x2000);
    TAP_EQ(rm_alloc(&c, C, VMM_DEVICE, CHAN(11), ch->channel_class, a, sizeof(a)),
           NV_ERR_INVALID_ARGUMENT, "engine the chip lacks");
    chan_params(a, 11, NV2080_ENGINE_TYPE_COPY(1), false, 0x50000, 0x90000, 0x300000, 0, 0x2000);
    nova_st32(a + offsetof(NovaRmChannelAlloc, h_va_space), 0x90f1dead);
    TAP_EQ(rm_alloc(&c, C, VMM_DEVICE, CHAN(11), ch->channel_class, a, sizeof(a)),
           NV_ERR_OBJECT_NOT_FOUND, "VA space that does not exist");
    chan_params(a, 11, NV2080_ENGINE_TYPE_COPY(1), false, 0x50000, 0x90000, 0x300000, 0, 0x2000);
    put_mem_desc(a, offsetof(NovaRmChannelAlloc, instance_mem), 0x50000, 0x1000, 0, 1);
    TAP_EQ(rm_alloc(&c, C, VMM_DEVICE, CHAN(11), ch->channel_class, a, sizeof(a)),
           NV_ERR_INVALID_ARGUMENT, "instance block in no address space");
    chan_params(a, 11, NV2080_ENGINE_TYPE_COPY(1), false, 0x50000, 0x90000, 0x300000, 0, 0);
    TAP_EQ(rm_alloc(&c, C, VMM_DEVICE, CHAN(11), ch->channel_class, a, sizeof(a)),
           NV_ERR_INVALID_ARGUMENT, "no GPFIFO entries");
    chan_params(a, 11, NV2080_ENGINE_TYPE_COPY(1), false, 0x50000, 0x90000, 0x300000, 0, 0x2000);
    TAP_EQ(rm_alloc(&c, C, VMM_DEVICE, CHAN(11), ch->channel_class, a, 0x100),
           NV_ERR_INVALID_PARAM_STRUCT, "parameters cut short");
    TAP_EQ(rm_alloc(&c, C, VMM_SUBDEVICE, CHAN(11), ch->channel_class, a, sizeof(a)),
           NV_ERR_INVALID_OBJECT_PARENT, "channel under the subdevice");
    TAP_EQ(rm_alloc(&c, C, VMM_DEVICE, CHAN(11),
                    ch->channel_class == AMPERE_CHANNEL_GPFIFO_A ? 0xc86f : AMPERE_CHANNEL_GPFIFO_A,
                    a, sizeof(a)), NV_ERR_INVALID_CLASS, "a later chip's channel class");
    TAP_OK(engine_channels(&c) == count && !nova_fifo_channel_find(&c.fifo, 11) &&
           !nova_fifo_channel_find(&c.fifo, 4095), "refused channels never reach the host");
    TAP_OK(engine_chan_is(&c, 9, NOVA_CHAN_RUNNABLE) &&
           nova_fifo_channel_find(&c.fifo, 9)->serial == serial9 &&
           engine_desc(&c, 9)->handle == CHAN(9) &&
           engine_chan_is(&c, 10, NOVA_CHAN_ALLOCATED) &&
           nova_fifo_channel_find(&c.fifo, 10)->serial == serial10,
           "the host's channels 9 and 10 are left as they were");

    /* the host refuses: every one of its channel slots is taken (on its side only) */
    filler = *engine_desc(&c, 10);
    for (i = 0; engine_channels(&c) < NOVA_FIFO_MAX_CHANNELS && i < NOVA_FIFO_MAX_CHANNELS; i++) {
        filler.chid = 1000 + i;
        filler.client = filler.handle = 0;
        nova_fifo_channel_alloc(&c.fifo, &filler);
    }
    TAP_EQ(engine_channels(&c), NOVA_FIFO_MAX_CHANNELS, "the host's channels all taken");
    TAP_EQ(rm_alloc(&c, C, VMM_DEVICE, CHAN(11), ch->channel_class, a, sizeof(a)),
           NV_ERR_INSUFFICIENT_RESOURCES, "the host refuses: RM's alloc fails");
    TAP_OK(!nova_rm_find(&c.rm.db, C, CHAN(11)), "and the object is gone");
    TAP_OK(!nova_fifo_channel_find(&c.fifo, 11) &&
           engine_channels(&c) == NOVA_FIFO_MAX_CHANNELS &&
           engine_chan_is(&c, 9, NOVA_CHAN_RUNNABLE) && engine_chan_is(&c, 10, NOVA_CHAN_ALLOCATED),
           "the refused alloc leaves no channel on the host, and takes none of its others");
    TAP_OK(nova_gsp_rm_invalid(&c.rm) == NULL, "channels and objects: a valid state");
    for (i = 0; i < NOVA_FIFO_MAX_CHANNELS; i++) {
        nova_fifo_channel_free(&c.fifo, 1000 + i);
    }
    TAP_EQ(engine_channels(&c), count, "the host's own channels gone again");
    /* RM kept nothing of the refused alloc: the same chid and handle now go through */
    TAP_EQ(rm_alloc(&c, C, VMM_DEVICE, CHAN(11), ch->channel_class, a, sizeof(a)), NV_OK,
           "with room on the host, the same alloc succeeds");
    TAP_OK(engine_chan_is(&c, 11, NOVA_CHAN_ALLOCATED) && engine_desc(&c, 11)->handle == CHAN(11) &&
           engine_desc(&c, 11)->engine_type == NV2080_ENGINE_TYPE_COPY(1) && !engine_desc(&c, 11)->priv,
           "the host is given it");
    TAP_EQ(rm_free(&c, C, CHAN(11)), NV_OK, "free it");
    TAP_OK(!nova_fifo_channel_find(&c.fifo, 11) && engine_channels(&c) == count,
           "it leaves the host");
    /*
     * The host refuses another way: chid 11 is taken on its side only. RM
     * fails the alloc with the host's status, and does not free the host's
     * chid 11 (the channel it was refused is not the host's to free).
     */
    filler = *engine_desc(&c, 10);
    filler.chid = 11;
    filler.client = 0xc1d0dead;
    filler.handle = 0xf1f0dead;
    TAP_EQ(nova_fifo_channel_alloc(&c.fifo, &filler), NV_OK, "chid 11 taken on the host only");
    serial11 = nova_fifo_channel_find(&c.fifo, 11) ? nova_fifo_channel_find(&c.fifo, 11)->serial : 0;
    TAP_EQ(rm_alloc(&c, C, VMM_DEVICE, CHAN(11), ch->channel_class, a, sizeof(a)),
           NV_ERR_INSERT_DUPLICATE_NAME, "the host refuses a chid it holds: RM's alloc fails");
    TAP_OK(!nova_rm_find(&c.rm.db, C, CHAN(11)), "and the object is gone");
    TAP_OK(engine_chan_is(&c, 11, NOVA_CHAN_ALLOCATED) &&
           nova_fifo_channel_find(&c.fifo, 11)->serial == serial11 &&
           engine_desc(&c, 11)->handle == 0xf1f0dead && engine_channels(&c) == count + 1,
           "the host's own chid 11 is left alone");
    nova_fifo_channel_free(&c.fifo, 11);
    TAP_OK(nova_gsp_rm_invalid(&c.rm) == NULL && engine_channels(&c) == count,
           "channels and objects: still a valid state");

    /* FREE of the device takes the channels and their objects with it */
    count = c.rm.db.count;
    TAP_EQ(rm_free(&c, C, VMM_DEVICE), NV_OK, "free the channels' device");
    TAP_OK(!nova_fifo_channel_find(&c.fifo, 9) && !nova_fifo_channel_find(&c.fifo, 10) &&
           engine_channels(&c) == 0, "both channels leave the host");
    TAP_EQ(c.rm.db.count, count - 11, "device, subdevice, usermode, VA space, 2 channels, 5 objects");
    client_free(&c);
}

/* the r535 first-channel GR init (r535_gr_oneinit), as nouveau 6.12 sends it */
static void test_gr_golden(void)
{
    static uint8_t sysinfo[0x298];
    static NovaRmKgrCtxBuffersInfo kgr;
    static NovaRmPromoteCtx pc;
    static const uint16_t ids[] = { 0, 2, 3, 4, 5, 6, 9, 10, 11 };
    static const int used[] = { 0, 0x10, 0x11, 0x0d, 0x13, 0x14, 0x17, 0x18 };
    const uint32_t C = 0xc1d00002;
    uint8_t a[sizeof(NovaRmChannelAlloc)], *k = (uint8_t *)&kgr, *q = (uint8_t *)&pc;
    uint8_t pdes[0xb8] = { 0 };
    NovaRmObject *chan;
    bool sizes = true;
    uint32_t i;
    Client c;

    booted_client(&c, "ga102");
    send_rpc(&c, 72, sysinfo, sizeof(sysinfo), false);
    TAP_EQ(c.rm.abi, NOVA_GSP_ABI_R535, "golden: nouveau's ABI");
    TAP_OK(vmm_objects(&c, C), "golden VMM: client, device, subdevice, VA space");
    nova_st32(pdes + 0x20, 1);
    pdes[0x28 + 0x14] = 47;
    nova_st32(pdes + 0x28 + 0x10, 1);
    TAP_EQ(rm_control(&c, C, VMM_VASPACE, NV90F1_CTRL_CMD_VASPACE_COPY_SERVER_RESERVED_PDES,
                      pdes, sizeof(pdes)), NV_OK, "golden: COPY_SERVER_RESERVED_PDES");
    /* chid 0 (r535 reserves none), GR0, inst, USERD at +0x1000, mthdbuf at +0x2000 */
    chan_params(a, 0, NV2080_ENGINE_TYPE_GR0, true, 0x60000, 0x61000, 0x62000, 0, 0x1000);
    TAP_EQ(rm_alloc(&c, C, VMM_DEVICE, CHAN(0), AMPERE_CHANNEL_GPFIFO_A, a, sizeof(a)), NV_OK,
           "golden channel 0xf1f00000");
    TAP_OK(engine_channels(&c) == 1 && engine_chan_is(&c, 0, NOVA_CHAN_ALLOCATED) &&
           engine_desc(&c, 0)->chid == 0 && engine_desc(&c, 0)->handle == CHAN(0) &&
           engine_desc(&c, 0)->gpfifo_entries == 0x200, "golden channel on the host");

    TAP_EQ(rm_control(&c, NOVA_RM_INTERNAL_CLIENT, NOVA_RM_INTERNAL_SUBDEVICE,
                      NV2080_CTRL_CMD_INTERNAL_STATIC_KGR_GET_CONTEXT_BUFFERS_INFO,
                      k, sizeof(kgr)), NV_OK, "KGR context buffer info");
    for (i = 0; i < sizeof(used) / sizeof(used[0]); i++) {
        sizes &= nova_ld32(k + 8 * used[i]) != 0 && nova_ld32(k + 8 * used[i] + 4) != 0;
    }
    TAP_OK(sizes, "KGR: every buffer nouveau uses has a size and an alignment");
    TAP_EQ(nova_ld32(k + 0xc8), 0, "KGR: no second GR engine");

    memset(&pc, 0, sizeof(pc));
    nova_st32(q + offsetof(NovaRmPromoteCtx, engine_type), NV2080_ENGINE_TYPE_GR0);
    nova_st32(q + offsetof(NovaRmPromoteCtx, h_chan_client), C);
    nova_st32(q + offsetof(NovaRmPromoteCtx, h_object), CHAN(0));
    nova_st32(q + offsetof(NovaRmPromoteCtx, entry_count), 9);
    for (i = 0; i < 9; i++) {
        uint8_t *e = q + offsetof(NovaRmPromoteCtx, entries) + 32 * i;

        nova_st16(e + offsetof(NovaRmPromoteEntry, buffer_id), ids[i]);
        nova_st64(e + offsetof(NovaRmPromoteEntry, gpu_virt_addr), 0x100000000ull + i * 0x100000);
        if (ids[i] == 0 || ids[i] == 2 || ids[i] >= 9) {
            e[offsetof(NovaRmPromoteEntry, initialize)] = 1;
            nova_st64(e + offsetof(NovaRmPromoteEntry, gpu_phys_addr), 0x200000 + i * 0x10000);
            nova_st64(e + offsetof(NovaRmPromoteEntry, size), 0x10000);
            nova_st32(e + offsetof(NovaRmPromoteEntry, phys_attr), 4);
        }
    }
    TAP_EQ(rm_control(&c, C, VMM_SUBDEVICE, NV2080_CTRL_CMD_GPU_PROMOTE_CTX, q, sizeof(pc)),
           NV_OK, "PROMOTE_CTX of the golden context");
    chan = nova_rm_find(&c.rm.db, C, CHAN(0));
    TAP_OK(chan && chan->u.channel.promoted == 0xe7d && chan->u.channel.promotions == 1,
           "the channel keeps what was promoted");
    TAP_EQ(rm_alloc(&c, C, CHAN(0), 0x97000000, AMPERE_B, NULL, 0), NV_OK,
           "golden 3D object 0x97000000");

    /* PROMOTE_CTX mistakes */
    nova_st32(q + offsetof(NovaRmPromoteCtx, entry_count), 17);
    TAP_EQ(rm_control(&c, C, VMM_SUBDEVICE, NV2080_CTRL_CMD_GPU_PROMOTE_CTX, q, sizeof(pc)),
           NV_ERR_INVALID_ARGUMENT, "PROMOTE_CTX: 17 entries");
    nova_st32(q + offsetof(NovaRmPromoteCtx, entry_count), 9);
    nova_st32(q + offsetof(NovaRmPromoteCtx, h_object), VMM_VASPACE);
    TAP_EQ(rm_control(&c, C, VMM_SUBDEVICE, NV2080_CTRL_CMD_GPU_PROMOTE_CTX, q, sizeof(pc)),
           NV_ERR_INVALID_OBJECT_HANDLE, "PROMOTE_CTX: not a channel");
    nova_st32(q + offsetof(NovaRmPromoteCtx, h_object), CHAN(0));
    nova_st16(q + offsetof(NovaRmPromoteCtx, entries) + offsetof(NovaRmPromoteEntry, buffer_id), 13);
    TAP_EQ(rm_control(&c, C, VMM_SUBDEVICE, NV2080_CTRL_CMD_GPU_PROMOTE_CTX, q, sizeof(pc)),
           NV_ERR_INVALID_ARGUMENT, "PROMOTE_CTX: an unknown buffer");
    TAP_EQ(rm_control(&c, C, VMM_SUBDEVICE, NV2080_CTRL_CMD_GPU_PROMOTE_CTX, q, 0x30),
           NV_ERR_INVALID_PARAM_STRUCT, "PROMOTE_CTX cut short");
    TAP_EQ(rm_control(&c, C, VMM_SUBDEVICE, NV2080_CTRL_CMD_INTERNAL_KGR_INIT_BUG4208224_WAR,
                      q, 1), NV_ERR_NOT_SUPPORTED, "r570's scrubber control: not in r535");

    /* teardown, in nouveau's order */
    TAP_EQ(rm_free(&c, C, 0x97000000), NV_OK, "free the 3D object");
    TAP_EQ(rm_free(&c, C, CHAN(0)), NV_OK, "free the golden channel");
    TAP_OK(!nova_fifo_channel_find(&c.fifo, 0) && engine_channels(&c) == 0,
           "the host lets chid 0 go");
    TAP_OK(rm_free(&c, C, VMM_VASPACE) == NV_OK && rm_free(&c, C, VMM_SUBDEVICE) == NV_OK &&
           rm_free(&c, C, VMM_DEVICE) == NV_OK && rm_free(&c, C, C) == NV_OK,
           "free VA space, subdevice, device, client");
    TAP_EQ(c.rm.db.count, 3, "only RM's own objects remain");
    TAP_EQ(c.fh.guest_errors, 4, "the four refused promotions were guest errors, nothing else");
    client_free(&c);
}

/* RC_TRIGGERED and the error notifier */
static void test_rc_triggered(void)
{
    static uint8_t sysinfo[0x298];
    const uint32_t C = 0xc1d00003;
    uint8_t a[sizeof(NovaRmChannelAlloc)], m[0x40];
    NovaChannelError err = {
        .chid = 12, .runlist = 3, .engine_type = NV2080_ENGINE_TYPE_COPY(2),
        .client = C, .handle = CHAN(12), .exception = ROBUST_CHANNEL_CE_ERROR + 2,
        .what = "test", .info = 0,
    };
    uint32_t fn, res, plen, intrs;
    bool ok;
    Client c;

    booted_client(&c, "ad102");
    send_rpc(&c, 72, sysinfo, sizeof(sysinfo), false);
    TAP_OK(vmm_objects(&c, C), "RC: channel VMM");
    chan_params(a, 12, NV2080_ENGINE_TYPE_COPY(2), false, 0x70000, 0x71000, 0x300000, 0, 0x2000);
    nova_st32(a + offsetof(NovaRmChannelAlloc, internal_flags), 3 << 2);  /* notifier: MEMORY */
    put_mem_desc(a, offsetof(NovaRmChannelAlloc, error_notifier_mem), 0x72000, 0x10, 2, 0);
    TAP_EQ(rm_alloc(&c, C, VMM_DEVICE, CHAN(12), AMPERE_CHANNEL_GPFIFO_A, a, sizeof(a)), NV_OK,
           "channel with an error notifier in VRAM");
    TAP_OK(engine_chan_is(&c, 12, NOVA_CHAN_ALLOCATED) &&
           engine_desc(&c, 12)->error_notifier == 0x72000, "the host knows the notifier");
    intrs = g_intr_calls;
    nova_gsp_rm_rc_triggered(&c.rm, &err);
    TAP_OK(recv_msg(&c, &fn, &res, &plen, m, &ok) && ok && fn == NV_VGPU_MSG_EVENT_RC_TRIGGERED,
           "RC_TRIGGERED posted");
    TAP_EQ(plen, 0x14, "r535 rpc_rc_triggered_v17_02: 0x14 bytes");
    TAP_OK(nova_ld32(m) == NV2080_ENGINE_TYPE_COPY(2) && nova_ld32(m + 4) == 12 &&
           nova_ld32(m + 8) == ROBUST_CHANNEL_CE_ERROR + 2 && nova_ld32(m + 0xc) == 0,
           "engine, chid, exception, scope");
    TAP_OK(g_intr_calls > intrs, "with the GSP's interrupt");
    TAP_OK(nova_ld32(c.fh.vram + 0x72000 + 8) == ROBUST_CHANNEL_CE_ERROR + 2 &&
           nova_ld16(c.fh.vram + 0x72000 + 0xc) == NV2080_ENGINE_TYPE_COPY(2) &&
           nova_ld16(c.fh.vram + 0x72000 + 0xe) == 0xffff,
           "error notifier: info32 exception, info16 engine, status 0xffff");

    /* r570's layout of the same event */
    c.rm.abi = NOVA_GSP_ABI_R570;
    err.exception = ROBUST_CHANNEL_FIFO_ERROR_MMU_ERR_FLT;
    err.info = 0x123456789000ull;
    nova_gsp_rm_rc_triggered(&c.rm, &err);
    TAP_OK(recv_msg(&c, &fn, &res, &plen, m, &ok) && fn == NV_VGPU_MSG_EVENT_RC_TRIGGERED &&
           plen == 0x30 && nova_ld32(m + 0x10) == ROBUST_CHANNEL_FIFO_ERROR_MMU_ERR_FLT &&
           nova_ld32(m + 0x1c) == 0x56789000 && nova_ld32(m + 0x20) == 0x1234,
           "r570: exceptType at 0x10, the fault address after");
    /* a channel the RM does not know still gets its event; no notifier is written */
    err.chid = 77;
    nova_gsp_rm_rc_triggered(&c.rm, &err);
    TAP_OK(recv_msg(&c, &fn, &res, &plen, m, &ok) && nova_ld32(m + 4) == 77,
           "an unknown chid: reported as it came");
    client_free(&c);
}

/* without a host (cfg.fifo NULL) RM keeps its channels and answers alike */
static void test_no_host(void)
{
    uint8_t p[8] = { 0 };
    Client c;

    g_no_fifo = true;
    booted_client(&c, "tu102");
    g_no_fifo = false;
    TAP_OK(vmm_objects(&c, 0xc1d00004), "no host: VMM");
    TAP_EQ(alloc_channel(&c, 0xc1d00004, 16, NV2080_ENGINE_TYPE_COPY(4)), NV_OK,
           "no host: channel allocated");
    nova_st32(p, NV2080_ENGINE_TYPE_COPY(4));
    TAP_EQ(rm_control(&c, 0xc1d00004, CHAN(16), NVA06F_CTRL_CMD_BIND, p, 4), NV_OK,
           "no host: BIND");
    p[0] = 1;
    TAP_EQ(rm_control(&c, 0xc1d00004, CHAN(16), NVA06F_CTRL_CMD_GPFIFO_SCHEDULE, p, 2), NV_OK,
           "no host: GPFIFO_SCHEDULE");
    TAP_OK(c.rm.cfg.fifo == NULL && engine_channels(&c) == 0 &&
           c.fh.events[NOVA_EV_CHANNEL] == 0, "no host: the engine (not RM's) has no channel");
    TAP_EQ(rm_free(&c, 0xc1d00004, 0xc1d00004), NV_OK, "no host: free the client");
    TAP_OK(engine_channels(&c) == 0 && c.fh.events[NOVA_EV_CHANNEL] == 0 &&
           c.fifo.serial == 0, "no host: nothing called");
    client_free(&c);
}

/* a loaded channel the chip cannot have */
static void test_loaded_channels(void)
{
    NovaRmObject *o;
    Client c;

    booted_client(&c, "ga102");
    TAP_OK(vmm_objects(&c, 0xc1d00005) &&
           alloc_channel(&c, 0xc1d00005, 3, NV2080_ENGINE_TYPE_COPY(1)) == NV_OK &&
           alloc_channel(&c, 0xc1d00005, 4, NV2080_ENGINE_TYPE_COPY(2)) == NV_OK,
           "two channels");
    o = nova_rm_find(&c.rm.db, 0xc1d00005, CHAN(3));
    o->u.channel.chid = 5000;
    TAP_OK(!strcmp(nova_gsp_rm_invalid(&c.rm) ?: "", "RM channel ID"), "loaded: chid past the heap");
    o->u.channel.chid = 4;
    TAP_OK(!strcmp(nova_gsp_rm_invalid(&c.rm) ?: "", "RM channel ID held twice"),
           "loaded: a chid twice");
    o->u.channel.chid = 3;
    o->u.channel.runlist = 7;
    TAP_OK(!strcmp(nova_gsp_rm_invalid(&c.rm) ?: "", "RM channel engine or runlist"),
           "loaded: a runlist not the engine's");
    o->u.channel.runlist = 2;
    o->u.channel.userd_space = 9;
    TAP_OK(!strcmp(nova_gsp_rm_invalid(&c.rm) ?: "", "RM channel memory address space"),
           "loaded: USERD in no address space");
    o->u.channel.userd_space = 2;
    o->hclass = 0xc86f;             /* HOPPER_CHANNEL_GPFIFO_A: not in the model */
    TAP_OK(nova_gsp_rm_invalid(&c.rm) != NULL, "loaded: a class the model does not know");
    o->hclass = AMPERE_CHANNEL_GPFIFO_A;
    TAP_OK(nova_gsp_rm_invalid(&c.rm) == NULL, "mended: valid again");
    client_free(&c);
}

int main(void)
{
    uint8_t z[16] = { 0 };

    TAP_EQ(nova_gsp_checksum(z, sizeof(z)), 0, "checksum of zeros");
    z[0] = 1;
    z[12] = 2;
    TAP_EQ(nova_gsp_checksum(z, 13), 1 ^ 2, "checksum folds the high word onto the low");
    test_nova_core_boot();
    test_wrap_and_malformed();
    test_bad_boot();
    test_nouveau_abi();
    test_nouveau_r570();
    test_rm_objects();
    test_external_page_directory();
    test_suspend_fbsr();
    test_rm_db_limits();
    test_continuation();
    test_intr_and_bars();
    test_gsp_faults();
    test_loaded_state();
    test_boundary_and_events();
    test_device_info("tu102");
    test_device_info("ga102");
    test_device_info("ad102");
    test_intr_vectors();
    test_grce("tu102");
    test_grce("ga102");
    test_channels("tu102");
    test_channels("ga102");
    test_channels("ad102");
    test_gr_golden();
    test_rc_triggered();
    test_no_host();
    test_loaded_channels();
    return tap_done();
}
