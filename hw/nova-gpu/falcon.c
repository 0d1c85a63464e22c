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

static bool falcon_read(NovaGpuState *s, NovaFalconEngine e, hwaddr base,
                        hwaddr addr, uint32_t *val)
{
    return nova_falcon_read(&s->falcon[e], addr - base, val);
}

static bool falcon_write(NovaGpuState *s, NovaFalconEngine e, hwaddr base,
                         hwaddr addr, uint32_t val)
{
    NovaFalcon *f = &s->falcon[e];
    uint32_t off = addr - base;
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

static bool gsp_read(NovaGpuState *s, hwaddr addr, uint32_t *val)
{
    return falcon_read(s, NOVA_FALCON_GSP, NV_PGSP_BASE, addr, val);
}

static bool gsp_write(NovaGpuState *s, hwaddr addr, uint32_t val)
{
    return falcon_write(s, NOVA_FALCON_GSP, NV_PGSP_BASE, addr, val);
}

static const char *gsp_reg_name(hwaddr addr)
{
    return nova_falcon_reg_name(addr - NV_PGSP_BASE);
}

static bool sec2_read(NovaGpuState *s, hwaddr addr, uint32_t *val)
{
    return falcon_read(s, NOVA_FALCON_SEC2, NV_PSEC_BASE, addr, val);
}

static bool sec2_write(NovaGpuState *s, hwaddr addr, uint32_t val)
{
    return falcon_write(s, NOVA_FALCON_SEC2, NV_PSEC_BASE, addr, val);
}

static const char *sec2_reg_name(hwaddr addr)
{
    return nova_falcon_reg_name(addr - NV_PSEC_BASE);
}

const NovaUnitInfo nova_unit_gsp_falcon = {
    .name = "PGSP",
    .base = NV_PGSP_BASE,
    .size = NV_PGSP_SIZE,
    .read = gsp_read,
    .write = gsp_write,
    .reg_name = gsp_reg_name,
};

const NovaUnitInfo nova_unit_sec2_falcon = {
    .name = "PSEC",
    .base = NV_PSEC_BASE,
    .size = NV_PSEC_SIZE,
    .read = sec2_read,
    .write = sec2_write,
    .reg_name = sec2_reg_name,
};
