/*
 * nova-gpu: what a user or CI can see of the device while it runs.
 *
 *   info nova-gpu                          (HMP) every nova-gpu device
 *   qom-get PATH state                     (QMP) the same text for one device
 *   qom-set PATH fault-arm RULES           arm faults (fault.c syntax)
 *   qom-set PATH fault-clear NAME|all      clear them
 *   qom-get PATH faults                    armed faults and their hits
 *   qom-get PATH device-time               host time in the device's code
 *   -device nova-gpu,transcript=FILE       every GSP message, as JSON lines
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/type-helpers.h"
#include "qemu/cutils.h"
#include "qobject/json-writer.h"
#include "qom/object.h"
#include "monitor/monitor.h"
#include "nova-gpu.h"
#include "trace.h"

/* A resource cap: the transcript stops growing here (one line says so). */
#define NOVA_TRANSCRIPT_MAX (256ull << 20)

static const char *channel_state_name(NovaChannelState st)
{
    switch (st) {
    case NOVA_CHAN_FREE:
        return "free";
    case NOVA_CHAN_ALLOCATED:
        return "allocated";
    case NOVA_CHAN_RUNNABLE:
        return "runnable";
    case NOVA_CHAN_ERROR:
        return "error";
    }
    return "?";
}

/* the channels: where each one's host stands, and what it did */
static void nova_fifo_describe(NovaGpuState *s, GString *out)
{
    NovaFifo *f = &s->fifo;
    unsigned i, n = 0;

    for (i = 0; i < NOVA_FIFO_MAX_CHANNELS; i++) {
        n += f->ch[i].state != NOVA_CHAN_FREE;
    }
    g_string_append_printf(out, "  channels %u, doorbells %u, runs %" PRIu64 "\n",
                           n, f->doorbells, f->runs);
    for (i = 0; i < NOVA_FIFO_MAX_CHANNELS; i++) {
        NovaChannel *ch = &f->ch[i];
        uint32_t put = 0;
        bool have_put;

        if (ch->state == NOVA_CHAN_FREE) {
            continue;
        }
        have_put = nova_fifo_channel_gp_put(f, ch, &put);
        g_string_append_printf(out, "    chid %u runlist %u engine 0x%x class 0x%04x "
                               "%s%s%s GP_GET %u GP_PUT ", ch->desc.chid,
                               ch->desc.runlist, ch->desc.engine_type,
                               ch->desc.hclass, channel_state_name(ch->state),
                               ch->pending ? " pending" : "",
                               ch->wait == NOVA_WAIT_ACQUIRE ? " acquiring" :
                               ch->wait == NOVA_WAIT_CE_STALL ? " stalled" : "",
                               ch->gp_get);
        if (have_put) {
            g_string_append_printf(out, "%u", put);
        } else {
            g_string_append(out, "?");
        }
        g_string_append_printf(out, " (of %u), entries %" PRIu64 " methods %" PRIu64
                               " copied %" PRIu64 " bytes, releases %" PRIu64
                               " acquires %" PRIu64 " errors %" PRIu64
                               ", graphics methods recorded %" PRIu64 "\n",
                               ch->desc.gpfifo_entries, ch->stats.entries,
                               ch->stats.methods, ch->stats.bytes,
                               ch->stats.releases, ch->stats.acquires,
                               ch->stats.errors, ch->gr.methods);
    }
}

void nova_gpu_describe(NovaGpuState *s, GString *out)
{
    NovaGspRm *rm = &s->gsp_rm;
    unsigned i;

    g_string_append_printf(out, "%s: chip %s, VRAM %" PRIu64 " MiB (%" PRIu64
                           " KiB written, migrated), BAR1 %" PRIu64 " MiB\n",
                           object_get_canonical_path_component(OBJECT(s)) ?:
                           "nova-gpu", s->chip->name, s->vram_size >> 20,
                           nova_vram_populated_bytes(s) >> 10, s->bar1_size >> 20);
    for (i = 0; i < ARRAY_SIZE(s->falcon); i++) {
        NovaFalcon *f = &s->falcon[i];

        g_string_append_printf(out, "  falcon %-4s %-9s last run %-13s runs %u "
                               "mailbox0 0x%08x mailbox1 0x%08x riscv %s\n",
                               f->name, nova_falcon_state_name(f->state),
                               nova_falcon_role_name(f->last_role), f->runs,
                               f->mailbox0, f->mailbox1,
                               f->riscv_active ? "active" : "stopped");
    }
    g_string_append_printf(out, "  GSP-RM %s, ABI %s, queue slots %u, "
                           "element seq %u\n", nova_gsp_rm_state_name(rm->state),
                           rm->abi == NOVA_GSP_ABI_R535 ? "r535" :
                           rm->abi == NOVA_GSP_ABI_R570 ? "r570" : "unknown",
                           rm->msg_count, rm->seq);
    {
        uint32_t cw, cr, sw, sr;

        if (nova_gsp_rm_queue_pointers(rm, &cw, &cr, &sw, &sr)) {
            g_string_append_printf(out, "  command queue write %u read %u, status "
                                   "queue write %u read %u%s\n", cw, cr, sw, sr,
                                   rm->delaying ? " (an RPC is being delayed)" : "");
        }
    }
    g_string_append_printf(out, "  RPCs received %u (not supported %u), messages "
                           "sent %u, bad elements %u, continuation records in %u "
                           "out %u\n", rm->rpcs_received, rm->rpcs_unsupported,
                           rm->messages_sent, rm->bad_elements,
                           rm->continuations_in, rm->continuations_out);
    g_string_append(out, "  RPCs by function:");
    for (i = 0; i < NOVA_GSP_FUNCTIONS; i++) {
        const char *n = nova_gsp_function_name(i);

        if (rm->by_function[i]) {
            if (n) {
                g_string_append_printf(out, " %s=%u", n, rm->by_function[i]);
            } else {
                g_string_append_printf(out, " %u=%u", i, rm->by_function[i]);
            }
        }
    }
    g_string_append_printf(out, "\n  RM objects %u (allocs %u, frees %u, refused %u)\n",
                           rm->db.count, rm->db.allocs, rm->db.frees,
                           rm->db.failures);
    g_string_append_printf(out, "  MMU: BAR1 block 0x%08x, BAR2 block 0x%08x, "
                           "faults %" PRIu64 ", TLB hits %" PRIu64 " misses %"
                           PRIu64 "\n", s->gmmu.bar_block[1], s->gmmu.bar_block[2],
                           s->gmmu.faults, s->gmmu.tlb->stats.hits,
                           s->gmmu.tlb->stats.misses);
    g_string_append_printf(out, "  BAR1 direct: %s, %u of %u mapped (mapped %"
                           PRIu64 " times, all dropped %" PRIu64 " times)\n",
                           s->bar1_direct ? "on" : "off", s->bar1_direct_n,
                           NOVA_BAR1_DIRECT_MAX, s->bar1_direct_installs,
                           s->bar1_direct_drops);
    nova_fifo_describe(s, out);
    nova_disp_describe(s, out);
    g_string_append_printf(out, "  interrupts: TOP 0x%x enabled 0x%x, line %d\n",
                           nova_intr_top(&s->intr), s->intr.top_en, s->irq_level);
    g_string_append(out, "  faults:\n");
    nova_fault_describe(s, out);
}

/* --- QOM properties: the QMP face ------------------------------------------------- */

static char *prop_get_state(Object *obj, Error **errp)
{
    g_autoptr(GString) out = g_string_new(NULL);

    nova_gpu_describe(NOVA_GPU(obj), out);
    return g_strdup(out->str);
}

static char *prop_get_faults(Object *obj, Error **errp)
{
    g_autoptr(GString) out = g_string_new(NULL);

    nova_fault_describe(NOVA_GPU(obj), out);
    return g_strdup(out->str);
}

static void prop_get_device_time(Object *obj, Visitor *v, const char *name,
                                 void *opaque, Error **errp)
{
    nova_time_visit(NOVA_GPU(obj), v, name, errp);
}

static void prop_set_fault_arm(Object *obj, const char *value, Error **errp)
{
    nova_fault_arm_spec(NOVA_GPU(obj), value, errp);
}

static void prop_set_fault_clear(Object *obj, const char *value, Error **errp)
{
    nova_gpu_fault_clear(NOVA_GPU(obj), value, errp);
}

static char *prop_get_monitor_mode(Object *obj, Error **errp)
{
    NovaGpuState *s = NOVA_GPU(obj);

    return g_strdup_printf("%ux%u", s->edid_info.prefx, s->edid_info.prefy);
}

static void prop_set_monitor_mode(Object *obj, const char *value, Error **errp)
{
    NovaGpuState *s = NOVA_GPU(obj);
    unsigned w, h;
    char end;

    if (sscanf(value, "%ux%u%c", &w, &h, &end) != 2) {
        error_setg(errp, "nova-gpu: monitor-mode must be WIDTHxHEIGHT, not '%s'", value);
        return;
    }
    nova_scanout_set_monitor(s, w, h, errp);
}

void nova_monitor_init(NovaGpuState *s)
{
    Object *o = OBJECT(s);

    object_property_add_str(o, "state", prop_get_state, NULL);
    object_property_set_description(o, "state", "engines, queues, counters and "
                                    "armed faults, as 'info nova-gpu' shows them");
    object_property_add_str(o, "faults", prop_get_faults, NULL);
    object_property_set_description(o, "faults", "armed faults and their hits");
    object_property_add(o, "device-time", "NovaDeviceTime", prop_get_device_time,
                        NULL, NULL, NULL);
    object_property_set_description(o, "device-time", "host time spent in the "
                                    "device's handlers, bottom halves and timers, "
                                    "by entry point, and per ~1 ms since the first "
                                    "BAR0 access (not migrated; docs/faults.md)");
    object_property_add_str(o, "fault-arm", NULL, prop_set_fault_arm);
    object_property_set_description(o, "fault-arm", "arm faults at run time "
                                    "(the 'fault' property's syntax)");
    object_property_add_str(o, "fault-clear", NULL, prop_set_fault_clear);
    object_property_set_description(o, "fault-clear", "clear a fault by name, or 'all'");
    object_property_add_str(o, "monitor-mode", prop_get_monitor_mode, prop_set_monitor_mode);
    object_property_set_description(o, "monitor-mode", "display=on: the monitor's "
                                    "preferred mode, WIDTHxHEIGHT; setting it is a new "
                                    "monitor, announced to the driver as a hotplug (as a "
                                    "resize of the UI's window is)");
}

/* --- HMP: info nova-gpu ------------------------------------------------------------- */

static int describe_one(Object *obj, void *opaque)
{
    if (object_dynamic_cast(obj, TYPE_NOVA_GPU) && DEVICE(obj)->realized) {
        nova_gpu_describe(NOVA_GPU(obj), opaque);
        /* not in the "state" property: it is not migrated */
        nova_time_describe(NOVA_GPU(obj), opaque);
    }
    return 0;
}

static HumanReadableText *hmp_info_nova_gpu(Error **errp)
{
    g_autoptr(GString) out = g_string_new(NULL);

    object_child_foreach_recursive(object_get_root(), describe_one, out);
    if (!out->len) {
        g_string_append(out, "no nova-gpu device\n");
    }
    return human_readable_text_from_str(out);
}

void nova_monitor_register(void)
{
    monitor_register_hmp_info_hrt("nova-gpu", hmp_info_nova_gpu);
}

/* --- the RPC transcript -------------------------------------------------------------- */

bool nova_transcript_open(NovaGpuState *s, Error **errp)
{
    if (!s->transcript_path || !*s->transcript_path) {
        return true;
    }
    s->transcript = fopen(s->transcript_path, "w");
    if (!s->transcript) {
        error_setg_errno(errp, errno, "nova-gpu: cannot write the transcript %s",
                         s->transcript_path);
        return false;
    }
    s->transcript_bytes = 0;
    return true;
}

void nova_transcript_close(NovaGpuState *s)
{
    if (s->transcript) {
        fclose(s->transcript);
        s->transcript = NULL;
    }
}

void nova_transcript_record(NovaGpuState *s, bool to_gsp, uint32_t function,
                            uint32_t seq, uint32_t result, uint32_t length,
                            const uint8_t *params)
{
    const char *name = nova_gsp_function_name(function);
    uint32_t plen = length > NOVA_GSP_RPC_HDR ? length - NOVA_GSP_RPC_HDR : 0;
    g_autoptr(GString) hex = NULL;
    JSONWriter *w;
    size_t len;

    if (!s->transcript || s->transcript_bytes >= NOVA_TRANSCRIPT_MAX) {
        return;
    }
    /* the RPC's parameters in hex: replayable, and what the fuzz seeds are made of */
    hex = qemu_hexdump_line(NULL, params, plen, 0, 0);
    w = json_writer_new(false);
    json_writer_start_object(w, NULL);
    json_writer_int64(w, "ns", nova_host_now_ns());
    json_writer_str(w, "dir", to_gsp ? "to-gsp" : "from-gsp");
    json_writer_uint64(w, "function", function);
    json_writer_str(w, "name", name ? name : "?");
    json_writer_uint64(w, "seq", seq);
    json_writer_uint64(w, "result", result);
    json_writer_uint64(w, "length", length);
    json_writer_str(w, "params", hex->str);
    json_writer_end_object(w);
    len = strlen(json_writer_get(w));
    fprintf(s->transcript, "%s\n", json_writer_get(w));
    json_writer_free(w);
    s->transcript_bytes += len + 1;
    if (s->transcript_bytes >= NOVA_TRANSCRIPT_MAX) {
        fputs("{\"truncated\": true}\n", s->transcript);
    }
    fflush(s->transcript);
}
