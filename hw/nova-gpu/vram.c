/*
 * nova-gpu: VRAM, and which of it migration sends.
 *
 * VRAM is a RAM region of QEMU's, so QEMU migrates it with the guest's RAM
 * (iteratively, dirty-tracked). A GPU's VRAM is large (8 GiB by default) and
 * a test guest touches a few MiB of it, yet QEMU's RAM migration visits every
 * page of every RAM block: reading an untouched page maps it, and each one
 * still goes out as a zero-page record. An idle 8 GiB device cost seconds per
 * GiB to save.
 *
 * So the device tells migration which VRAM pages the guest can have written,
 * through QEMU's RamDiscardManager, the interface virtio-mem uses to keep
 * unplugged memory out of migration. The manager is QEMU's own bitmap one
 * (RamBlockAttributes, a bit per host page, set = "populated"); migration
 * clears the dirty bits of every page that is not populated, so an unwritten
 * page costs a bit in that map and nothing else. A page becomes populated
 * before anything can write it:
 *
 *  - the device's own writes (PRAMIN, BAR1 and BAR2 through the GPU MMU,
 *    the falcons' DMA, GSP-RM's page tables, fault buffer entries) all go
 *    through nova_vram_written();
 *  - BAR1 in physical mode maps VRAM straight into the guest, which writes it
 *    without the device seeing: whenever BAR1 is mapped, its whole window
 *    (bar1-size, 256 MiB by default) counts as populated;
 *  - so do the runs of VRAM that BAR1 in virtual mode maps straight into the
 *    guest (gmmu.c, bar1-direct), from when each is mapped.
 *
 * Pages only become unpopulated when a saved state is loaded over a running
 * device (loadvm): pages the saved device had never written are then zeroed,
 * as they were in the saved VM. The map travels in the device's state.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/bitmap.h"
#include "qemu/madvise.h"
#include "system/ramblock.h"
#include "migration/vmstate.h"
#include "nova-gpu.h"
#include "trace.h"

static uint64_t vram_page_size(void)
{
    return qemu_real_host_page_size();
}

bool nova_vram_init(NovaGpuState *s, Error **errp)
{
    Error *err = NULL;

    /*
     * Sparse by design: reserve no swap for it (RAM_NORESERVE), so that a
     * 24 GiB board fits a small CI host. Where the host refuses that
     * (overcommit "never"), it is ordinary RAM.
     */
    if (!memory_region_init_ram_flags_nomigrate(&s->vram, OBJECT(s), "nova-gpu.vram",
                                                s->vram_size, RAM_NORESERVE, &err)) {
        error_free(err);
        if (!memory_region_init_ram_nomigrate(&s->vram, OBJECT(s), "nova-gpu.vram",
                                              s->vram_size, errp)) {
            return false;
        }
    }
    /*
     * No transparent huge pages (QEMU asks for them for every RAM block): a
     * boot writes VRAM sparsely (page tables, instance blocks, RM's
     * reserved area), and each first write to a 2 MiB region would have
     * the host zero (and perhaps compact memory for) the whole huge page
     * inside the device's access: tens of ms per probe, 4 KiB pages take
     * a fraction of it. Populated tracking is per host page anyway.
     */
    qemu_madvise(memory_region_get_ram_ptr(&s->vram), s->vram_size,
                 QEMU_MADV_NOHUGEPAGE);
    vmstate_register_ram(&s->vram, DEVICE(s));
    /* the map's bit count migrates as an int32 (VMSTATE_BITMAP) */
    if (s->vram_size / vram_page_size() > INT32_MAX) {
        error_setg(errp, "nova-gpu: vram-size %" PRIu64 " is more than this "
                   "host's pages can count", s->vram_size);
        return false;
    }
    s->vram_pages = s->vram_size / vram_page_size();
    s->vram_populated = ram_block_attributes_create(s->vram.ram_block);
    if (!s->vram_populated) {
        error_setg(errp, "nova-gpu: VRAM already has a RAM discard manager");
        return false;
    }
    return true;
}

/* Free a map a load left (one that failed before its post_load). */
static void vram_map_drop_loaded(NovaGpuState *s)
{
    if (s->vram_map_loaded) {
        g_free(s->vram_map);
        s->vram_map = NULL;
        s->vram_map_loaded = false;
    }
}

void nova_vram_exit(NovaGpuState *s)
{
    if (s->vram_populated) {
        ram_block_attributes_destroy(s->vram_populated);
        s->vram_populated = NULL;
    }
    vram_map_drop_loaded(s);
}

/* Pages [first, first + n) of the map become populated (@on) or not. */
static void vram_set_populated(NovaGpuState *s, uint64_t first, uint64_t n, bool on)
{
    uint64_t page = vram_page_size();

    trace_nova_gpu_vram_populate(first * page, n * page, on);
    ram_block_attributes_state_change(s->vram_populated, first * page, n * page, !on);
}

void nova_vram_written(NovaGpuState *s, uint64_t off, uint64_t len)
{
    uint64_t page = vram_page_size(), first, last;

    if (!len || !s->vram_populated) {
        return;     /* unplugged while at work: the map is gone */
    }
    memory_region_set_dirty(&s->vram, off, len);
    first = off / page;
    last = (off + len - 1) / page;
    /* the common case, a page written before: one bit test */
    if (find_next_zero_bit(s->vram_populated->bitmap, last + 1, first) > last) {
        return;
    }
    vram_set_populated(s, first, last - first + 1, true);
}

void nova_vram_bar1_check(NovaGpuState *s)
{
    if (pci_get_bar_addr(PCI_DEVICE(s), 1) != PCI_BAR_UNMAPPED) {
        /* the guest reaches [0, bar1-size) without trapping: see the top */
        nova_vram_written(s, 0, s->bar1_size);
    }
}

uint64_t nova_vram_populated_bytes(NovaGpuState *s)
{
    return bitmap_count_one(s->vram_populated->bitmap, s->vram_pages) *
           vram_page_size();
}

/* --- migration: the map rides in the device's state -------------------------------- */

static int vram_map_pre_save(void *opaque)
{
    NovaGpuState *s = opaque;

    s->vram_map = s->vram_populated->bitmap;
    return 0;
}

static int vram_map_post_save(void *opaque)
{
    NovaGpuState *s = opaque;

    s->vram_map = NULL;
    return 0;
}

static int vram_map_pre_load(void *opaque)
{
    NovaGpuState *s = opaque;

    vram_map_drop_loaded(s);
    s->vram_map = bitmap_new(s->vram_pages);
    s->vram_map_loaded = true;
    return 0;
}

/*
 * Make the device's map the loaded one. Pages the saved device had written
 * arrived with the RAM; pages it had not written but this one has are
 * zeroed, as they were in the saved VM.
 */
static int vram_map_post_load(void *opaque, int version_id)
{
    NovaGpuState *s = opaque;
    unsigned long *now = s->vram_populated->bitmap, *diff;
    uint64_t n = s->vram_pages, page = vram_page_size(), start, end;
    uint8_t *ram = memory_region_get_ram_ptr(&s->vram);
    int pass;

    diff = bitmap_new(n);
    for (pass = 0; pass < 2; pass++) {
        bool on = pass == 1;

        if (on) {
            bitmap_andnot(diff, s->vram_map, now, n);   /* loaded, not here */
        } else {
            bitmap_andnot(diff, now, s->vram_map, n);   /* here, not loaded */
        }
        for (start = find_first_bit(diff, n); start < n;
             start = find_next_bit(diff, n, end)) {
            end = find_next_zero_bit(diff, n, start);
            if (!on && ram_block_discard_range(s->vram.ram_block, start * page,
                                               (end - start) * page)) {
                memset(ram + start * page, 0, (end - start) * page);
            }
            vram_set_populated(s, start, end - start, on);
        }
    }
    g_free(diff);
    vram_map_drop_loaded(s);
    nova_vram_bar1_check(s);
    return 0;
}

/* always sent: a subsection without .needed is (vmstate_section_needed) */
const VMStateDescription vmstate_nova_vram_map = {
    .name = "nova-gpu/vram-populated",
    .version_id = 1,
    .minimum_version_id = 1,
    .pre_save = vram_map_pre_save,
    .post_save = vram_map_post_save,
    .pre_load = vram_map_pre_load,
    .post_load = vram_map_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_BITMAP(vram_map, NovaGpuState, 1, vram_pages),
        VMSTATE_END_OF_LIST()
    },
};
