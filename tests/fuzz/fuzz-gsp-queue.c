/*
 * libFuzzer harness: GSP-RM's queue handling over guest memory the fuzzer
 * controls. The input fills a fake guest RAM (libos arguments, RMARGS, the
 * PTE page, both queues); the model boots from it and runs its command
 * queue, as it does on a doorbell. Nothing it does may crash, hang or touch
 * memory outside the fake RAM.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "nova/gsp-rm.h"
#include "../unit/fake-host.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define LIBOS (FAKE_RAM_BASE + 0x10000)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static FakeHost fh;
    static bool init;
    NovaFalconEnv env = { 0 };
    NovaSecureRegs sec = { 0 };
    NovaFalcon gsp;
    NovaGspRm rm;
    const NovaChip *chip = nova_chip_by_name("ga102");
    size_t i;

    if (!init) {
        fake_host_init(&fh);
        init = true;
    }
    memset(fh.ram, 0, FAKE_RAM_SIZE);
    /*
     * A plausible skeleton, so the fuzzer reaches the queues: RMARGS in the
     * libos page, and the shared block's pages in place. The input then
     * overwrites any of it, from the libos page on.
     */
    fake_put64(&fh, LIBOS + 0, 0x524d41524753ull);
    fake_put64(&fh, LIBOS + 8, LIBOS + 0x1000);
    fake_put64(&fh, LIBOS + 16, 0x1000);
    fake_put64(&fh, LIBOS + 0x1000, FAKE_RAM_BASE + 0x100000);
    fake_put32(&fh, LIBOS + 0x1008, 129);
    fake_put64(&fh, LIBOS + 0x1010, 0x1000);
    fake_put64(&fh, LIBOS + 0x1018, 0x41000);
    for (i = 0; i < 129; i++) {
        fake_put64(&fh, FAKE_RAM_BASE + 0x100000 + 8 * i,
                   FAKE_RAM_BASE + 0x100000 + 0x1000 * i);
    }
    fake_put32(&fh, FAKE_RAM_BASE + 0x101008, 0x1000);
    fake_put32(&fh, FAKE_RAM_BASE + 0x10100c, 63);
    fake_put32(&fh, FAKE_RAM_BASE + 0x10101c, 0x1000);
    /* the input: split between the boot structures and the command queue */
    memcpy(fh.ram + 0x10000, data, size < 0x2000 ? size : 0x2000);
    if (size > 0x2000) {
        size_t rest = size - 0x2000;

        memcpy(fh.ram + 0x101000, data + 0x2000, rest < 0x80000 ? rest : 0x80000);
    }
    env.host = &fh.host;
    env.secure = &sec;
    if (nova_falcon_init(&gsp, "GSP", NOVA_FALCON_GSP, 0, chip, &env)) {
        return 0;
    }
    nova_gsp_rm_init(&rm, &fh.host, chip, &gsp, &sec, 8ull << 30);
    nova_gsp_rm_boot(&rm, 0, LIBOS);
    nova_gsp_rm_process(&rm);
    nova_gsp_rm_process(&rm);
    nova_falcon_free(&gsp);
    return 0;
}
