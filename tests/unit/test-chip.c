/*
 * Unit tests: the chip table, decoded the way the drivers decode it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "nova/chip.h"
#include "nova/regs/fuse.h"
#include "tap.h"

#include <string.h>

/* nouveau engine/device/base.c: chipset = (boot0 >> 20) & 0x1ff */
static unsigned nouveau_chipset(uint32_t boot0)
{
    return (boot0 >> 20) & 0x1ff;
}

/* nova-core regs.rs: chipset = (arch << 4) | impl from BOOT_42 */
static unsigned nova_core_chipset(uint32_t boot42)
{
    return (((boot42 >> 24) & 0x3f) << 4) | ((boot42 >> 20) & 0xf);
}

/*
 * The engine table: GR0 first, a copy engine for each bit of ce_mask, each
 * engine on a runlist and PBDMA of its own, non-stall vectors distinct and
 * clear of the GSP's (0x9b) and the MMU fault vectors (0x84..0x86).
 */
static void check_engines(const NovaChip *c)
{
    uint32_t i, runlists = 0, pbdmas = 0, ces = 0;
    uint64_t vectors[4] = { 0 };
    bool unique = true, clear = true;

    TAP_OK(c->num_engines >= 1 && c->num_engines <= NOVA_CHIP_MAX_ENGINES &&
           c->engines[0].engine_type == 0x01, "%s: GR0 first", c->name);
    for (i = 0; i < c->num_engines; i++) {
        const NovaChipEngine *e = &c->engines[i];
        uint32_t v = e->nonstall_vector;

        /* Turing's GRCE (CE0) shares GR0's runlist and PBDMA, as on hardware */
        bool grce = c->id == NOVA_CHIP_TU102 && e->engine_type == 0x09;

        unique &= e->runlist < 32 && e->pbdma < 32 && v < 256 &&
                  !(vectors[v / 64] & (1ull << (v % 64))) &&
                  (grce ? e->runlist == c->engines[0].runlist &&
                          e->pbdma == c->engines[0].pbdma
                        : !(runlists & (1u << e->runlist)) && !(pbdmas & (1u << e->pbdma)));
        runlists |= 1u << (e->runlist % 32);
        pbdmas |= 1u << (e->pbdma % 32);
        vectors[v / 64 % 4] |= 1ull << (v % 64);
        clear &= v != 0x9b && (v < 0x84 || v > 0x86);
        if (e->engine_type >= 0x09 && e->engine_type <= 0x12) {
            ces |= 1u << (e->engine_type - 0x09);
        }
        TAP_OK(nova_chip_engine(c, e->engine_type) == e, "%s: %s found by type",
               c->name, e->name);
    }
    TAP_OK(unique, "%s: runlists, PBDMAs, vectors: one an engine (Turing's GRCE on GR's)",
           c->name);
    TAP_OK(clear, "%s: vectors clear of the GSP's and the MMU's", c->name);
    TAP_EQ(ces, c->ce_mask, "%s: the copy engines are ce_mask's", c->name);
    TAP_OK(c->channel_class && c->usermode_class && c->copy_class && c->threed_class &&
           c->compute_class && c->twod_class == 0x902d && c->i2m_class == 0xa140,
           "%s: its classes", c->name);
}

int main(void)
{
    static const struct {
        const char *name;
        unsigned chipset;
    } want[] = {
        { "tu102", 0x162 }, { "ga102", 0x172 }, { "ad102", 0x192 },
    };
    size_t i;

    for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        const NovaChip *c = nova_chip_by_name(want[i].name);

        if (!TAP_OK(c != NULL, "%s is in the table", want[i].name)) {
            continue;
        }
        TAP_OK(strcmp(c->name, want[i].name) == 0, "%s: name", want[i].name);
        TAP_OK(nova_chip_by_id(c->id) == c, "%s: by id", want[i].name);
        TAP_EQ(nouveau_chipset(c->boot_0), want[i].chipset,
               "%s: nouveau decodes BOOT_0", want[i].name);
        TAP_OK((c->boot_0 & 0x1f000000) != 0,
               "%s: BOOT_0 valid for nouveau", want[i].name);
        TAP_OK(((c->boot_0 >> 8) & 1) == 0 && ((c->boot_0 >> 24) & 0x1f) >= 0xc,
               "%s: not pre-Fermi for nova-core", want[i].name);
        TAP_EQ(nova_core_chipset(c->boot_42), want[i].chipset,
               "%s: nova-core decodes BOOT_42", want[i].name);
        TAP_EQ(c->boot_0 & 0xff, c->pci_revision,
               "%s: BOOT_0 revision matches PCI", want[i].name);
        TAP_EQ((c->boot_42 >> 12) & 0xff, 0xa1,
               "%s: BOOT_42 revision A1", want[i].name);
        check_engines(c);
    }
    TAP_OK(nova_chip_engine(nova_chip_by_name("ga102"), 0x0e) == NULL,
           "no COPY5 on GA102");
    TAP_OK(nova_chip_engine(NULL, 0x01) == NULL, "no engines without a chip");
    TAP_OK(nova_chip_by_name("gk104") == NULL, "unknown name refused");
    TAP_OK(nova_chip_by_name(NULL) == NULL, "NULL name refused");
    TAP_OK(nova_chip_by_id(NOVA_CHIP__COUNT) == NULL, "id past the table");
    TAP_OK(nova_chip_by_id((NovaChipId)-1) == NULL, "negative id");
    TAP_OK(!nova_chip_by_name("tu102")->fb_size_in_aon_scratch,
           "Turing reports FB size through PFB only");
    TAP_EQ(nova_chip_by_name("ga102")->fuse_display_reg, A_NV_FUSE_STATUS_OPT_DISPLAY_GA100,
           "Ampere display fuse at the ga100 offset");
    TAP_EQ(nova_chip_by_name("tu102")->fuse_display_reg, A_NV_FUSE_STATUS_OPT_DISPLAY_GM107,
           "Turing display fuse at the gm107 offset");
    return tap_done();
}
