/*
 * nova-gpu: device time, the host time spent inside the device's own code
 * (nova-gpu.h, NovaDevTime), so that a benchmark can tell the device's share
 * of a driver's probe from the driver's own work.
 *
 * The clock is get_clock() (CLOCK_MONOTONIC through the vDSO, no system
 * call); an MMIO access pays two reads of it and a few additions. Bottom
 * halves, timers and config writes, which are rare and can be long, are
 * charged their CPU time (nova-gpu.h, NOVA_TIME_CPU_CLOCKED). The
 * counters run with count-device-time=on only (bench/boot.sh sets it):
 * otherwise the regions are the handlers' own, unwrapped, and an entry costs
 * one test of the flag. They are runtime statistics: kept across resets,
 * not migrated, and left out of the "state" property, which the migration
 * tests compare across a migration.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/visitor.h"
#include "nova-gpu.h"

static const char *const site_names[NOVA_TIME__COUNT] = {
    [NOVA_TIME_BAR0] = "bar0",
    [NOVA_TIME_BAR1] = "bar1",
    [NOVA_TIME_BAR2] = "bar2",
    [NOVA_TIME_CONFIG] = "config",
    [NOVA_TIME_BH_GSP_FALCON] = "bh-gsp-falcon",
    [NOVA_TIME_BH_SEC2_FALCON] = "bh-sec2-falcon",
    [NOVA_TIME_BH_GSP_RM] = "bh-gsp-rm",
    [NOVA_TIME_BH_FIFO] = "bh-fifo",
    [NOVA_TIME_BH_RESET] = "bh-reset",
    [NOVA_TIME_TIMER_GSP_RM] = "timer-gsp-rm",
    [NOVA_TIME_TIMER_FIFO] = "timer-fifo",
    [NOVA_TIME_BH_DISP] = "bh-disp",
    [NOVA_TIME_TIMER_DISP] = "timer-disp",
};

int64_t nova_time_thread_cpu(void)
{
    struct timespec ts;

    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)) {
        return 0;
    }
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* the outermost entry returned at @now: add it up, and to the timeline */
int64_t nova_time_account(NovaGpuState *s, int64_t now)
{
    NovaDevTime *t = &s->devtime;
    int64_t start = t->entered, wall, charge;

    if (now < start) {
        now = start;
    }
    wall = charge = now - start;
    if (NOVA_TIME_CPU_CLOCKED(t->site)) {
        charge = MIN(MAX(nova_time_thread_cpu() - t->entered_cpu, 0), wall);
    }
    t->ns[t->site] += charge;
    t->wall_ns[t->site] += wall;
    t->calls[t->site]++;
    if (!t->origin) {
        if (t->site != NOVA_TIME_BAR0) {
            return charge;
        }
        t->origin = start;
        t->bins = g_new0(uint32_t, NOVA_TIME_BINS);
    }
    t->last_end[t->site] = MAX(now - t->origin, 1);
    if (!t->first_end[t->site]) {
        t->first_end[t->site] = t->last_end[t->site];
    }
    /*
     * A long run (a falcon's) is spread over the bins it spans, its CPU
     * time pro rata of the elapsed time
     */
    while (start < now) {
        uint64_t bin = (uint64_t)(start - t->origin) >> NOVA_TIME_BIN_SHIFT;
        int64_t end;

        if (bin >= NOVA_TIME_BINS) {
            t->past_ns += charge == wall ? now - start :
                          (uint64_t)((double)(now - start) * charge / wall);
            break;
        }
        end = MIN(now, t->origin + (int64_t)((bin + 1) << NOVA_TIME_BIN_SHIFT));
        t->bins[bin] += charge == wall ? end - start :
                        (uint32_t)((double)(end - start) * charge / wall);
        t->nbins = MAX(t->nbins, bin + 1);
        start = end;
    }
    return charge;
}

/* --- MMIO: each region's handlers, timed --------------------------------------- */

static inline void timed_io_charge(NovaTimedIo *io, int64_t ns)
{
    if (ns >= 0) {
        io->ns += ns;
        io->calls++;
    }
}

static uint64_t timed_read(void *opaque, hwaddr addr, unsigned size)
{
    NovaTimedIo *io = opaque;
    uint64_t val;

    nova_time_enter(io->s, io->site);
    val = io->inner->read(io->opaque, addr, size);
    timed_io_charge(io, nova_time_leave(io->s));
    return val;
}

static void timed_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    NovaTimedIo *io = opaque;

    nova_time_enter(io->s, io->site);
    io->inner->write(io->opaque, addr, val, size);
    timed_io_charge(io, nova_time_leave(io->s));
}

void nova_time_init_io(NovaGpuState *s, NovaTimedIo *io, MemoryRegion *mr,
                       NovaTimeSite site, const MemoryRegionOps *ops,
                       void *opaque, const char *name, uint64_t size)
{
    if (!s->count_device_time) {
        memory_region_init_io(mr, OBJECT(s), ops, opaque, name, size);
        return;
    }
    /* the wrappers forward plain accesses only */
    g_assert(ops->read && ops->write);
    g_assert(!ops->read_with_attrs && !ops->write_with_attrs);
    io->s = s;
    io->site = site;
    io->inner = ops;
    io->opaque = opaque;
    io->ops = *ops;     /* sizes, endianness, alignment: the region's own */
    io->ops.read = timed_read;
    io->ops.write = timed_write;
    memory_region_init_io(mr, OBJECT(s), &io->ops, io, name, size);
}

/* --- what a user sees ----------------------------------------------------------- */

static uint64_t time_total(NovaDevTime *t, uint64_t *calls)
{
    uint64_t ns = 0;
    unsigned i;

    *calls = 0;
    for (i = 0; i < NOVA_TIME__COUNT; i++) {
        ns += t->ns[i];
        *calls += t->calls[i];
    }
    return ns;
}

void nova_time_describe(NovaGpuState *s, GString *out)
{
    NovaDevTime *t = &s->devtime;
    uint64_t calls, ns = time_total(t, &calls);
    unsigned i;

    if (!s->count_device_time) {
        g_string_append(out, "  device time: not counted (count-device-time=on counts it)\n");
        return;
    }
    g_string_append_printf(out, "  device time %" PRIu64 " us in %" PRIu64
                           " entries (%" PRIu64 " nested, not timed again); not "
                           "migrated\n   ", ns / 1000, calls, t->nested);
    for (i = 0; i < NOVA_TIME__COUNT; i++) {
        if (t->calls[i]) {
            g_string_append_printf(out, " %s %" PRIu64 " us/%" PRIu64,
                                   site_names[i], t->ns[i] / 1000, t->calls[i]);
        }
    }
    g_string_append(out, "\n    BAR0 by unit:");
    for (i = 0; i < NOVA_MAX_UNITS; i++) {
        NovaUnit *u = &s->units[i];

        if (u->info && u->io.calls) {
            g_string_append_printf(out, " %s %" PRIu64 " us/%" PRIu64,
                                   u->info->name, u->io.ns / 1000, u->io.calls);
        }
    }
    if (s->bar0_unassigned_io.calls) {
        g_string_append_printf(out, " unmodelled %" PRIu64 " us/%" PRIu64,
                               s->bar0_unassigned_io.ns / 1000,
                               s->bar0_unassigned_io.calls);
    }
    g_string_append(out, "\n");
}

static bool visit_sites(NovaDevTime *t, Visitor *v, Error **errp)
{
    unsigned i;
    bool ok;

    for (i = 0; i < NOVA_TIME__COUNT; i++) {
        if (!visit_start_struct(v, site_names[i], NULL, 0, errp)) {
            return false;
        }
        ok = visit_type_uint64(v, "ns", &t->ns[i], errp) &&
             visit_type_uint64(v, "wall-ns", &t->wall_ns[i], errp) &&
             visit_type_uint64(v, "calls", &t->calls[i], errp) &&
             visit_type_int64(v, "first-end-ns", &t->first_end[i], errp) &&
             visit_type_int64(v, "last-end-ns", &t->last_end[i], errp) &&
             visit_check_struct(v, errp);
        visit_end_struct(v, NULL);
        if (!ok) {
            return false;
        }
    }
    return true;
}

static bool visit_io(NovaTimedIo *io, const char *name, Visitor *v, Error **errp)
{
    bool ok;

    if (!visit_start_struct(v, name, NULL, 0, errp)) {
        return false;
    }
    ok = visit_type_uint64(v, "ns", &io->ns, errp) &&
         visit_type_uint64(v, "calls", &io->calls, errp) &&
         visit_check_struct(v, errp);
    visit_end_struct(v, NULL);
    return ok;
}

/* BAR0's time by unit (the units' names, and "unmodelled") */
static bool visit_bar0_units(NovaGpuState *s, Visitor *v, Error **errp)
{
    unsigned i;

    for (i = 0; i < NOVA_MAX_UNITS; i++) {
        if (s->units[i].info &&
            !visit_io(&s->units[i].io, s->units[i].info->name, v, errp)) {
            return false;
        }
    }
    return visit_io(&s->bar0_unassigned_io, "unmodelled", v, errp);
}

static bool visit_timeline(NovaDevTime *t, Visitor *v, Error **errp)
{
    uint32_t i;
    uint64_t x;

    for (i = 0; i < t->nbins; i++) {
        if (!t->bins[i]) {
            continue;
        }
        x = i;
        if (!visit_type_uint64(v, NULL, &x, errp)) {
            return false;
        }
        x = t->bins[i];
        if (!visit_type_uint64(v, NULL, &x, errp)) {
            return false;
        }
    }
    return true;
}

/*
 * {"total-ns", "total-calls", "nested-calls",
 *  "sites": {"bar0": {"ns", "wall-ns", "calls", "first-end-ns", "last-end-ns"}, ...},
 *  "bar0-units": {"pmc": {"ns", "calls"}, ..., "unmodelled": {...}},
 *  "timeline-bin-ns", "timeline-past-ns",
 *  "timeline": [bin, ns, bin, ns, ...]}   (the bins that are not zero)
 */
void nova_time_visit(NovaGpuState *s, Visitor *v, const char *name, Error **errp)
{
    NovaDevTime *t = &s->devtime;
    uint64_t calls, ns = time_total(t, &calls), bin_ns = 1ull << NOVA_TIME_BIN_SHIFT;
    bool ok;

    if (!visit_start_struct(v, name, NULL, 0, errp)) {
        return;
    }
    ok = visit_type_uint64(v, "total-ns", &ns, errp) &&
         visit_type_uint64(v, "total-calls", &calls, errp) &&
         visit_type_uint64(v, "nested-calls", &t->nested, errp);
    if (ok && visit_start_struct(v, "sites", NULL, 0, errp)) {
        ok = visit_sites(t, v, errp) && visit_check_struct(v, errp);
        visit_end_struct(v, NULL);
    } else {
        ok = false;
    }
    if (ok && visit_start_struct(v, "bar0-units", NULL, 0, errp)) {
        ok = visit_bar0_units(s, v, errp) && visit_check_struct(v, errp);
        visit_end_struct(v, NULL);
    } else {
        ok = false;
    }
    ok = ok && visit_type_uint64(v, "timeline-bin-ns", &bin_ns, errp) &&
         visit_type_uint64(v, "timeline-past-ns", &t->past_ns, errp);
    if (ok && visit_start_list(v, "timeline", NULL, 0, errp)) {
        ok = visit_timeline(t, v, errp) && visit_check_list(v, errp);
        visit_end_list(v, NULL);
    } else {
        ok = false;
    }
    if (ok) {
        visit_check_struct(v, errp);
    }
    visit_end_struct(v, NULL);
}

void nova_time_free(NovaGpuState *s)
{
    g_free(s->devtime.bins);
    s->devtime.bins = NULL;
}
