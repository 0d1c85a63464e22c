/*
 * nova-gpu: the GSP (BAR0 0x110000) and SEC2 (0x840000) falcons, PFALCON
 * and PFALCON2 (RISC-V, BROM) together. The engine is falcon/; this file
 * maps its registers.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "nova-gpu.h"
#include "trace.h"

/* Both falcons' units share these: the address says which falcon it is. */
static NovaFalconEngine falcon_at(hwaddr addr, uint32_t *off)
{
    bool sec2 = addr >= NV_PSEC_BASE;

    *off = addr - (sec2 ? NV_PSEC_BASE : NV_PGSP_BASE);
    return sec2 ? NOVA_FALCON_SEC2 : NOVA_FALCON_GSP;
}

static bool falcon_read(NovaGpuState *s, hwaddr addr, uint32_t *val)
{
    uint32_t off;
    NovaFalconEngine e = falcon_at(addr, &off);

    return nova_falcon_read(&s->falcon[e], off, val);
}

static bool falcon_write(NovaGpuState *s, hwaddr addr, uint32_t val)
{
    uint32_t off;
    NovaFalconEngine e = falcon_at(addr, &off);
    NovaFalcon *f = &s->falcon[e];
    NovaFalconState before = f->state;
    bool ok = nova_falcon_write(f, off, val);

    if (f->state != before) {
        trace_nova_gpu_falcon_state(f->name, nova_falcon_state_name(before),
                                    nova_falcon_state_name(f->state));
    }
    if (e == NOVA_FALCON_GSP && off == A_NV_PGSP_QUEUE_HEAD) {
        nova_host_doorbell(s);
    }
    return ok;
}

static const char *falcon_reg_name(hwaddr addr)
{
    uint32_t off;

    falcon_at(addr, &off);
    return nova_falcon_reg_name(off);
}

const NovaUnitInfo nova_unit_gsp_falcon = {
    .name = "PGSP",
    .base = NV_PGSP_BASE,
    .size = NV_PGSP_SIZE,
    .read = falcon_read,
    .write = falcon_write,
    .reg_name = falcon_reg_name,
};

/* SEC2's own registers beside its falcon's (the falcon engine has the rest) */
static const NovaRegRow sec2_rows[] = {
    /* a production part: HS firmware is production-signed (DEBUG_MODE 0) */
    NV_ROW(NV_PSEC_SCP_CTL_STAT, .ro = NV_READ_ONLY),
};

const NovaUnitInfo nova_unit_sec2_falcon = {
    .name = "PSEC",
    .base = NV_PSEC_BASE,
    .size = NV_PSEC_SIZE,
    .rows = sec2_rows,
    .nrows = ARRAY_SIZE(sec2_rows),
    .read = falcon_read,
    .write = falcon_write,
    .reg_name = falcon_reg_name,
};
