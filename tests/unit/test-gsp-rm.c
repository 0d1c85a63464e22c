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
#include "fifo-absent.h"
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
    uint32_t seq;
    uint32_t rptr;      /* our read pointer of the status queue */
} Client;

static uint32_t rd32(Client *c, uint64_t a)
{
    uint8_t *p = c->fh.ram + (a - FAKE_RAM_BASE);

    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* configure GSP-RM without a host (cfg.fifo NULL) */
static bool g_no_fifo;

/*
 * The engines configured once: the fake host with the upcalls of @up (may
 * be NULL), the GSP falcon, GSP-RM with BAR sizes @bar1, @bar2 (0: 32 MiB).
 */
static void client_setup(Client *c, const char *chip, const NovaHost *up,
                         uint64_t bar1, uint64_t bar2)
{
    const NovaChip *ch = nova_chip_by_name(chip);
    NovaFalconConfig fcfg = {
        .name = "GSP", .engine = NOVA_FALCON_GSP, .work = 0, .chip = ch,
        .secure = &c->sec,
    };
    /* the recording host of fifo-absent.c, until fifo/ is merged */
    NovaGspRmConfig rcfg = {
        .chip = ch, .gsp = &c->gsp, .secure = &c->sec, .vram_size = FAKE_VRAM_SIZE,
        .bar_size = { 0, bar1, bar2 },
        .fifo = g_no_fifo ? NULL : (NovaFifo *)&fifo_absent,
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

    send_rpc(&c, 4, NULL, 0, false);     /* ALLOC_MEMORY */
    TAP_OK(recv_msg(&c, &fn, &res, &plen, NULL, &ok) && fn == 4 &&
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
    TAP_EQ(rm_alloc(&c, C, D, 0xc6700000, 0xc670, NULL, 0), NV_ERR_NOT_SUPPORTED,
           "display class: known, not backed");
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
    send_rpc(&c, 4, NULL, 0, false);
    TAP_OK(recv_msg(&c, &fn, &res, &plen, NULL, &ok) && fn == 0x99 &&
           res == NV_ERR_NOT_SUPPORTED, "the chain's RPC answered first");
    TAP_OK(recv_msg(&c, &fn, &res, &plen, NULL, &ok) && fn == 4,
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
    send_rpc(&c, 4, NULL, 0, false);
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
    send_rpc(&c, 4, (const uint8_t *)"\x11\x22\x33\x44\x55\x66\x77\x88", 8, false);
    TAP_OK(recv_msg(&c, &fn, &res, &plen, NULL, &ok) && fn == 4 && res == 0x56,
           "rpc_status: other functions unaffected");
    TAP_OK(g_last_in_len == 0x28 &&
           !memcmp(g_last_in_params, "\x11\x22\x33\x44\x55\x66\x77\x88", 8),
           "transcript: the RPC's length and parameters");
    nova_fault_clear(&c.rm.faults.rpc_status);
    nova_fault_arm(&c.rm.faults.rpc_no_reply, 0, 4, 1, 2);
    send_rpc(&c, 4, NULL, 0, false);
    TAP_OK(recv_msg(&c, &fn, &res, &plen, NULL, &ok), "rpc_no_reply @2: first answered");
    send_rpc(&c, 4, NULL, 0, false);
    TAP_OK(!recv_msg(&c, &fn, &res, &plen, NULL, &ok), "rpc_no_reply @2: second not");
    send_rpc(&c, 4, NULL, 0, false);
    TAP_OK(recv_msg(&c, &fn, &res, &plen, NULL, &ok), "rpc_no_reply @2: third answered");
    TAP_EQ(c.rm.faults.rpc_no_reply.hits, 1, "rpc_no_reply: one hit");

    /* a reply with a bad checksum */
    nova_fault_arm(&c.rm.faults.rpc_bad_checksum, 0, 0, 1, 0);
    send_rpc(&c, 4, NULL, 0, false);
    TAP_OK(recv_msg(&c, &fn, &res, &plen, NULL, &ok) && !ok,
           "rpc_bad_checksum: the reply does not check out");
    send_rpc(&c, 4, NULL, 0, false);
    TAP_OK(recv_msg(&c, &fn, &res, &plen, NULL, &ok) && ok, "rpc_bad_checksum: once");

    /* a lost interrupt */
    nova_falcon_write(&c.gsp, A_NV_PFALCON_FALCON_IRQSCLR, NV_FIELD_MASK(NV_PFALCON_FALCON_IRQSTAT, SWGEN0));
    nova_fault_arm(&c.rm.faults.lost_intr, 0, 0, 1, 0);
    send_rpc(&c, 4, NULL, 0, false);
    TAP_OK(recv_msg(&c, &fn, &res, &plen, NULL, &ok) &&
           !(c.gsp.irqstat & NV_FIELD_MASK(NV_PFALCON_FALCON_IRQSTAT, SWGEN0)), "lost_intr: reply posted, no SWGEN0");
    send_rpc(&c, 4, NULL, 0, false);
    TAP_OK(recv_msg(&c, &fn, &res, &plen, NULL, &ok) &&
           (c.gsp.irqstat & NV_FIELD_MASK(NV_PFALCON_FALCON_IRQSTAT, SWGEN0)), "lost_intr: once");

    /* a delayed RPC holds the queue until resume */
    nova_fault_arm(&c.rm.faults.rpc_delay, 5, 65, 1, 0);
    g_defer_ns = 0;
    send_rpc(&c, 65, NULL, 0, false);
    TAP_OK(!recv_msg(&c, &fn, &res, &plen, NULL, &ok), "rpc_delay: no reply yet");
    TAP_EQ(g_defer_ns, 5000000, "rpc_delay: resume asked for in 5 ms");
    send_rpc(&c, 4, NULL, 0, false);
    TAP_OK(!recv_msg(&c, &fn, &res, &plen, NULL, &ok), "rpc_delay: the queue waits");
    nova_gsp_rm_resume(&c.rm);
    TAP_OK(recv_msg(&c, &fn, &res, &plen, NULL, &ok) && fn == 65,
           "rpc_delay: the delayed RPC answered first");
    TAP_OK(recv_msg(&c, &fn, &res, &plen, NULL, &ok) && fn == 4,
           "rpc_delay: then the one behind it");
    TAP_EQ(c.rm.faults.rpc_delay.hits, 1, "rpc_delay: one hit");

    /* a crash at FREE: nothing more is consumed */
    nova_fault_arm(&c.rm.faults.crash, 0, 10, 1, 0);
    send_rpc(&c, 10, p, 0x10, false);
    TAP_EQ(c.rm.state, NOVA_GSP_RM_CRASHED, "crash: GSP-RM crashed");
    TAP_OK(!c.gsp.riscv_active, "crash: the RISC-V core stopped");
    TAP_OK(!recv_msg(&c, &fn, &res, &plen, NULL, &ok), "crash: no reply");
    before = rd32(&c, SHM + STATQ + 0x20);
    send_rpc(&c, 4, NULL, 0, false);
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
    send_rpc(&c, 4, NULL, 0, false);
    TAP_EQ(c.fh.event_total, 0, "events off: none built");
    g_events_on = true;
    send_rpc(&c, 4, NULL, 0, false);
    n = c.fh.events[NOVA_EV_UNIMP_RPC];
    TAP_OK(n == 1 && c.fh.unimp == 1 &&
           strcmp(fake_last_event(&c.fh, NOVA_EV_UNIMP_RPC)->rpc.fn, "ALLOC_MEMORY") == 0,
           "events on: an unmodelled RPC is one unimplemented event");
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
    test_rm_objects();
    test_rm_db_limits();
    test_continuation();
    test_intr_and_bars();
    test_gsp_faults();
    test_loaded_state();
    test_boundary_and_events();
    return tap_done();
}
