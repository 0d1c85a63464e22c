/*
 * libFuzzer harness: GSP-RM over guest memory and RPCs the fuzzer controls.
 *
 * The first input byte picks how the rest is used:
 *   even: a driver's well-formed boot, then the input as a stream of RPCs
 *         (function, length, payload), each wrapped in a correctly
 *         checksummed element, so the fuzzer reaches the dispatcher, the
 *         object database, the controls and continuation records;
 *   odd:  raw bytes over the boot structures and the command queue, so
 *         it also reaches every malformed-structure path.
 * Faults can be armed from the input too. Nothing may crash, hang or touch
 * memory outside the fake RAM and VRAM.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "nova/gsp-rm.h"
#include "../unit/fake-host.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define LIBOS   (FAKE_RAM_BASE + 0x10000)
#define SHM     (FAKE_RAM_BASE + 0x100000)
#define CMDQ    (SHM + 0x1000)
#define STATQ   (SHM + 0x41000)
#define SLOTS   63u

/* functions worth choosing often: the ones the model handles */
static const uint32_t functions[] = {
    10, 47, 65, 70, 71, 72, 73, 76, 103, 4, 0x1001,
};

static void skeleton(FakeHost *fh)
{
    size_t i;

    memset(fh->ram, 0, FAKE_RAM_SIZE);
    memset(fh->vram, 0, FAKE_VRAM_SIZE);
    fake_put64(fh, LIBOS + 0, 0x524d41524753ull);      /* "RMARGS" */
    fake_put64(fh, LIBOS + 8, LIBOS + 0x1000);
    fake_put64(fh, LIBOS + 16, 0x1000);
    fake_put64(fh, LIBOS + 0x1000, SHM);
    fake_put32(fh, LIBOS + 0x1008, 129);
    fake_put64(fh, LIBOS + 0x1010, 0x1000);
    fake_put64(fh, LIBOS + 0x1018, 0x41000);
    for (i = 0; i < 129; i++) {
        fake_put64(fh, SHM + 8 * i, SHM + 0x1000 * i);
    }
    fake_put32(fh, CMDQ + 0x04, 0x40000);
    fake_put32(fh, CMDQ + 0x08, 0x1000);
    fake_put32(fh, CMDQ + 0x0c, SLOTS);
    fake_put32(fh, CMDQ + 0x14, 1);
    fake_put32(fh, CMDQ + 0x18, 0x20);
    fake_put32(fh, CMDQ + 0x1c, 0x1000);
}

static uint32_t rd32(FakeHost *fh, uint64_t a)
{
    uint32_t v;

    memcpy(&v, fh->ram + (a - FAKE_RAM_BASE), 4);
    return v;
}

/* One checksummed element, as a driver queues it; false when the queue is full. */
static bool push(FakeHost *fh, uint32_t seq, uint32_t fn, const uint8_t *p, uint32_t n)
{
    static uint8_t el[16 * 0x1000];
    uint32_t total = 0x50 + n, pages = (total + 0xfff) / 0x1000, i, sum;
    uint32_t wptr = rd32(fh, CMDQ + 0x10) % SLOTS, rptr = rd32(fh, STATQ + 0x20) % SLOTS;
    uint32_t free_slots = (rptr + SLOTS - wptr - 1) % SLOTS;

    if (pages > 16 || pages > free_slots) {
        return false;
    }
    memset(el, 0, pages * 0x1000);
    memcpy(el + 0x24, &seq, 4);
    memcpy(el + 0x28, &pages, 4);
    memcpy(el + 0x30, &(uint32_t){ 0x03000000 }, 4);
    memcpy(el + 0x34, &(uint32_t){ 0x43505256 }, 4);
    memcpy(el + 0x38, &(uint32_t){ 0x20 + n }, 4);
    memcpy(el + 0x3c, &fn, 4);
    memcpy(el + 0x50, p, n);
    sum = nova_gsp_checksum(el, total);
    memcpy(el + 0x20, &sum, 4);
    for (i = 0; i < pages; i++) {
        memcpy(fh->ram + (CMDQ + 0x1000 + ((wptr + i) % SLOTS) * 0x1000ull - FAKE_RAM_BASE),
               el + i * 0x1000, 0x1000);
    }
    fake_put32(fh, CMDQ + 0x10, (wptr + pages) % SLOTS);
    return true;
}

/* The driver reads everything GSP-RM posted, so the status queue never fills. */
static void drain(FakeHost *fh)
{
    fake_put32(fh, CMDQ + 0x20, rd32(fh, STATQ + 0x10));
}

static void rpc_stream(FakeHost *fh, NovaGspRm *rm, const uint8_t *d, size_t n)
{
    uint32_t seq = 0;

    while (n >= 3) {
        uint32_t fn = d[0] & 0x80 ? functions[d[0] % (sizeof(functions) / sizeof(functions[0]))]
                                  : d[0];
        uint32_t len = d[1] | (d[2] & 0x3f) << 8;    /* up to 16 KiB */
        bool ring = d[2] & 0x40, fault = d[2] & 0x80;

        d += 3;
        n -= 3;
        if (fault && n >= 2) {
            /* arm one of GSP-RM's faults for this function, once */
            NovaFaultHook *h[] = {
                &rm->faults.rpc_status, &rm->faults.rpc_no_reply,
                &rm->faults.rpc_bad_checksum, &rm->faults.lost_intr,
                &rm->faults.crash, &rm->faults.rpc_delay,
            };

            nova_fault_arm(h[d[0] % 6], d[1] ? d[1] : 1, fn, 1, 1);
            d += 2;
            n -= 2;
        }
        len = len < n ? len : (uint32_t)n;
        if (!push(fh, seq++, fn, d, len)) {
            nova_gsp_rm_process(rm);
            drain(fh);
            if (!push(fh, seq++, fn, d, len)) {
                break;
            }
        }
        d += len;
        n -= len;
        if (ring) {
            nova_gsp_rm_process(rm);
            drain(fh);
            nova_gsp_rm_resume(rm);
            drain(fh);
        }
    }
    nova_gsp_rm_process(rm);
    drain(fh);
    nova_gsp_rm_resume(rm);
    nova_gsp_rm_mmu_fault_queued(rm);
}

static void defer(void *opaque, uint64_t ns)
{
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static FakeHost fh;
    static bool init;
    NovaSecureRegs sec = { 0 };
    NovaFalcon gsp;
    NovaGspRm rm;
    const NovaChip *chip = nova_chip_by_name("ga102");
    NovaFalconConfig fcfg = {
        .name = "GSP", .engine = NOVA_FALCON_GSP, .work = 0, .chip = chip,
        .secure = &sec,
    };
    NovaGspRmConfig rcfg = {
        .chip = chip, .gsp = &gsp, .secure = &sec, .vram_size = FAKE_VRAM_SIZE,
    };

    if (!init) {
        fake_host_init(&fh);
        fh.host.defer = defer;
        init = true;
    }
    if (size < 1) {
        return 0;
    }
    skeleton(&fh);
    if (nova_falcon_init(&gsp, &fcfg, &fh.host)) {
        return 0;
    }
    nova_gsp_rm_init(&rm, &rcfg, &fh.host);
    if (data[0] & 1) {
        /* raw: over the boot structures, then over the command queue */
        size_t n = size - 1, first = n < 0x2000 ? n : 0x2000;

        memcpy(fh.ram + (LIBOS - FAKE_RAM_BASE), data + 1, first);
        if (n > first) {
            size_t rest = n - first;

            memcpy(fh.ram + (CMDQ - FAKE_RAM_BASE), data + 1 + first,
                   rest < 0x40000 ? rest : 0x40000);
        }
        nova_gsp_rm_boot(&rm, 0, LIBOS);
        nova_gsp_rm_process(&rm);
        nova_gsp_rm_process(&rm);
    } else {
        /* a driver: a good boot, then the input's RPCs */
        nova_gsp_rm_boot(&rm, 0, LIBOS);
        drain(&fh);
        rpc_stream(&fh, &rm, data + 1, size - 1);
    }
    nova_gsp_rm_free(&rm);
    nova_falcon_free(&gsp);
    return 0;
}
