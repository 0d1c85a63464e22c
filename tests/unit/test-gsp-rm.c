/*
 * Unit tests: the GSP-RM model driven through its queues by a test client
 * that does what nova-core and nouveau do (the project's spec, message
 * queue sections): shared memory with a PTE page, both queue headers,
 * checksummed elements, the doorbell.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "nova/gsp-rm.h"
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
    NovaFalconEnv env;
    NovaGspRm rm;
    uint32_t seq;
    uint32_t rptr;      /* our read pointer of the status queue */
} Client;

static uint32_t rd32(Client *c, uint64_t a)
{
    uint8_t *p = c->fh.ram + (a - FAKE_RAM_BASE);

    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static void client_init(Client *c, const char *chip)
{
    uint32_t i;

    memset(c, 0, sizeof(*c));
    fake_host_init(&c->fh);
    c->env.host = &c->fh.host;
    c->env.secure = &c->sec;
    nova_falcon_init(&c->gsp, "GSP", NOVA_FALCON_GSP, 0, nova_chip_by_name(chip),
                     &c->env);
    nova_gsp_rm_init(&c->rm, &c->fh.host, nova_chip_by_name(chip), &c->gsp,
                     &c->sec, 8ull << 30);
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

    send_rpc(&c, 103, NULL, 0, false);
    TAP_OK(recv_msg(&c, &fn, &res, &plen, NULL, &ok) && fn == 103 &&
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
    TAP_EQ(ctrl[0x18], 1, "interrupt table: one entry");
    TAP_OK(ctrl[0x18 + 4] == 49 && ctrl[0x18 + 4 + 8] == NOVA_GSP_INTR_VECTOR,
           "interrupt table: GSP on its stall vector");

    /* another control: not supported, in the control status */
    memcpy(ctrl + 8, &(uint32_t){ 0x20801234 }, 4);
    send_rpc(&c, 76, ctrl, sizeof(ctrl), false);
    TAP_OK(recv_msg(&c, &fn, &res, &plen, ctrl, &ok) && fn == 76 &&
           ctrl[0x0c] == NV_ERR_NOT_SUPPORTED, "unknown control: NV_ERR_NOT_SUPPORTED");
    /* a control shorter than its header */
    send_rpc(&c, 76, ctrl, 8, false);
    TAP_OK(recv_msg(&c, &fn, &res, &plen, NULL, &ok) && res == NV_ERR_NOT_SUPPORTED,
           "truncated control refused");
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
    return tap_done();
}
