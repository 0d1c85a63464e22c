/*
 * nova-gpu: fault injection. Driver CI arms faults so that the error paths
 * real hardware takes rarely become reproducible:
 *
 *   -device nova-gpu,fault=rpc-status=0x51:fn=103:nth=2:times=1;intr-lost
 *
 * A ';'-separated list of rules, each NAME[=VALUE] with optional
 * ':fn=FUNCTION' (RPC faults: which function; default any), ':nth=N' (let
 * the first N-1 occurrences pass) and ':times=N|always' (default always).
 * The same rules arm a running device through QOM, so through QMP and HMP:
 *
 *   qom-set /machine/peripheral/gpu0 fault-arm 'gsp-crash:fn=103'
 *   qom-set /machine/peripheral/gpu0 fault-clear all
 *   qom-get /machine/peripheral/gpu0 faults        (armed faults and hits)
 *
 * docs/faults.md lists every fault and the driver reactions the guest tests
 * check. The hooks themselves live in the engines (NovaFaultHook).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/cutils.h"
#include "nova-gpu.h"
#include "trace.h"

typedef enum FaultValue {
    VALUE_NONE,         /* NAME alone */
    VALUE_CODE16,       /* NAME=1..0xffff, required */
    VALUE_STATUS,       /* NAME=NV_STATUS, required */
    VALUE_ADDR,         /* NAME or NAME=ADDRESS */
    VALUE_MS,           /* NAME=1..600000 milliseconds, required */
} FaultValue;

typedef struct FaultPoint {
    const char *name;
    FaultValue value;
    bool per_function;  /* takes :fn= */
    const char *help;
    NovaFaultHook *(*hook)(NovaGpuState *s);
} FaultPoint;

#define HOOK(fn_name, expr) \
    static NovaFaultHook *fn_name(NovaGpuState *s) { return &(expr); }

HOOK(h_gsp_never_scrub, s->falcon[NOVA_FALCON_GSP].faults.never_scrub)
HOOK(h_sec2_never_scrub, s->falcon[NOVA_FALCON_SEC2].faults.never_scrub)
HOOK(h_gsp_never_halt, s->falcon[NOVA_FALCON_GSP].faults.never_halt)
HOOK(h_sec2_never_halt, s->falcon[NOVA_FALCON_SEC2].faults.never_halt)
HOOK(h_fwsec_error, s->falcon[NOVA_FALCON_GSP].faults.fwsec_error)
HOOK(h_booter_reject, s->falcon[NOVA_FALCON_SEC2].faults.booter_reject)
HOOK(h_intr_storm, s->falcon[NOVA_FALCON_GSP].faults.intr_storm)
HOOK(h_no_init_done, s->gsp_rm.faults.no_init_done)
HOOK(h_gsp_crash, s->gsp_rm.faults.crash)
HOOK(h_rpc_status, s->gsp_rm.faults.rpc_status)
HOOK(h_rpc_no_reply, s->gsp_rm.faults.rpc_no_reply)
HOOK(h_rpc_bad_checksum, s->gsp_rm.faults.rpc_bad_checksum)
HOOK(h_intr_lost, s->gsp_rm.faults.lost_intr)
HOOK(h_rpc_delay, s->gsp_rm.faults.rpc_delay)
HOOK(h_mmu_fault, s->gmmu.inject)
HOOK(h_vbios_corrupt, s->vbios_faults.corrupt)
HOOK(h_vbios_no_fwsec, s->vbios_faults.no_fwsec)
HOOK(h_channel_error, s->fifo.faults.channel_error)
HOOK(h_sem_release_drop, s->fifo.faults.sem_release_drop)
HOOK(h_nonstall_lost, s->fifo.faults.nonstall_lost)
HOOK(h_ce_stall, s->fifo.faults.ce_stall)
HOOK(h_disp_channel_error, s->disp.faults.channel_error)
HOOK(h_vblank_lost, s->disp.faults.vblank_lost)

static const FaultPoint fault_points[] = {
    { "vbios-corrupt", VALUE_NONE, false,
      "the VBIOS has no 0x55AA signature (PROM window and ROM BAR)", h_vbios_corrupt },
    { "vbios-no-fwsec", VALUE_NONE, false,
      "the VBIOS's first image is marked last: no FWSEC image is found",
      h_vbios_no_fwsec },
    { "gsp-never-scrub", VALUE_NONE, false,
      "GSP falcon scrubbing never finishes", h_gsp_never_scrub },
    { "sec2-never-scrub", VALUE_NONE, false,
      "SEC2 falcon scrubbing never finishes", h_sec2_never_scrub },
    { "gsp-never-halt", VALUE_NONE, false,
      "the GSP falcon never halts after a start", h_gsp_never_halt },
    { "sec2-never-halt", VALUE_NONE, false,
      "the SEC2 falcon never halts after a start", h_sec2_never_halt },
    { "fwsec-error", VALUE_CODE16, false,
      "FWSEC-FRTS and -SB report this 16-bit error code", h_fwsec_error },
    { "booter-reject", VALUE_NONE, false,
      "booter_load rejects the WPR meta", h_booter_reject },
    { "gsp-no-init-done", VALUE_NONE, false,
      "GSP-RM never sends GSP_INIT_DONE", h_no_init_done },
    { "gsp-crash", VALUE_NONE, true,
      "GSP-RM crashes at the RPC: stops consuming, its RISC-V core halts", h_gsp_crash },
    { "rpc-status", VALUE_STATUS, true,
      "the RPC is answered with this NV_STATUS and no payload", h_rpc_status },
    { "rpc-no-reply", VALUE_NONE, true,
      "the RPC is consumed and never answered", h_rpc_no_reply },
    { "rpc-bad-checksum", VALUE_NONE, true,
      "the RPC's reply carries a bad checksum", h_rpc_bad_checksum },
    { "rpc-delay", VALUE_MS, true,
      "GSP-RM takes the RPC (and what follows it) this many ms late", h_rpc_delay },
    { "intr-lost", VALUE_NONE, false,
      "a message from GSP-RM raises no interrupt", h_intr_lost },
    { "intr-storm", VALUE_NONE, false,
      "clearing the GSP's message interrupt leaves it pending", h_intr_storm },
    { "mmu-fault", VALUE_ADDR, false,
      "a translated BAR access (at this VA, or any) faults", h_mmu_fault },
    { "channel-error", VALUE_NONE, false,
      "the channel a doorbell names stops with a PBDMA error (RC) at its next run "
      "(:nth= counts doorbells)", h_channel_error },
    { "sem-release-drop", VALUE_NONE, false,
      "a semaphore release (host, copy engine or graphics) is not written",
      h_sem_release_drop },
    { "nonstall-lost", VALUE_NONE, false,
      "a non-stall interrupt (fences) is not raised", h_nonstall_lost },
    { "ce-stall", VALUE_MS, false,
      "the copy engine holds the channel this many ms at LAUNCH_DMA", h_ce_stall },
    { "disp-channel-error", VALUE_NONE, false,
      "display=on: a core or window channel stops at its next UPDATE, arming nothing "
      "and writing no notifier", h_disp_channel_error },
    { "vblank-lost", VALUE_NONE, false,
      "display=on: a head's vblank raises no interrupt (:times= frames)", h_vblank_lost },
};

static const FaultPoint *find_point(const char *name)
{
    size_t i;

    for (i = 0; i < ARRAY_SIZE(fault_points); i++) {
        if (!strcmp(fault_points[i].name, name)) {
            return &fault_points[i];
        }
    }
    return NULL;
}

static char *known_names(void)
{
    GString *names = g_string_new(NULL);
    size_t i;

    for (i = 0; i < ARRAY_SIZE(fault_points); i++) {
        g_string_append_printf(names, "%s%s", i ? ", " : "", fault_points[i].name);
    }
    return g_string_free(names, false);
}

static bool parse_u64(const char *what, const char *rule, const char *v,
                      uint64_t *out, Error **errp)
{
    if (!v || qemu_strtou64(v, NULL, 0, out)) {
        error_setg(errp, "nova-gpu: fault '%s': %s '%s' is not a number", rule,
                   what, v ? v : "");
        return false;
    }
    return true;
}

/* One rule: NAME[=VALUE][:fn=N][:nth=N][:times=N|always] */
static bool arm_rule(NovaGpuState *s, const char *rule, Error **errp)
{
    g_auto(GStrv) parts = g_strsplit(rule, ":", -1);
    g_auto(GStrv) kv = g_strsplit(parts[0], "=", 2);
    uint64_t value = 0, fn = 0, nth = 1, times = NOVA_FAULT_ALWAYS;
    const FaultPoint *p = find_point(kv[0]);
    size_t i;

    if (!p) {
        g_autofree char *names = known_names();

        error_setg(errp, "nova-gpu: unknown fault '%s' (known: %s)", kv[0], names);
        return false;
    }
    if (kv[1] && p->value == VALUE_NONE) {
        error_setg(errp, "nova-gpu: fault '%s' takes no value", p->name);
        return false;
    }
    if (!kv[1] && (p->value == VALUE_CODE16 || p->value == VALUE_STATUS ||
                   p->value == VALUE_MS)) {
        error_setg(errp, "nova-gpu: fault '%s' needs a value", p->name);
        return false;
    }
    if (kv[1] && !parse_u64("value", p->name, kv[1], &value, errp)) {
        return false;
    }
    if (p->value == VALUE_CODE16 && (value == 0 || value > UINT16_MAX)) {
        error_setg(errp, "nova-gpu: fault '%s': '%s' is not a code between 1 "
                   "and 0xffff", p->name, kv[1]);
        return false;
    }
    if (p->value == VALUE_MS && (value == 0 || value > 600000)) {
        error_setg(errp, "nova-gpu: fault '%s': '%s' is not a delay between 1 "
                   "and 600000 ms", p->name, kv[1]);
        return false;
    }
    if (p->value == VALUE_STATUS && (value == 0 || value > UINT32_MAX)) {
        error_setg(errp, "nova-gpu: fault '%s': '%s' is not an error status",
                   p->name, kv[1]);
        return false;
    }
    for (i = 1; parts[i]; i++) {
        g_auto(GStrv) opt = g_strsplit(parts[i], "=", 2);

        if (!strcmp(opt[0], "fn") && p->per_function) {
            if (!parse_u64("fn", p->name, opt[1], &fn, errp)) {
                return false;
            }
        } else if (!strcmp(opt[0], "nth")) {
            if (!parse_u64("nth", p->name, opt[1], &nth, errp)) {
                return false;
            }
        } else if (!strcmp(opt[0], "times")) {
            if (opt[1] && !strcmp(opt[1], "always")) {
                times = NOVA_FAULT_ALWAYS;
            } else if (!parse_u64("times", p->name, opt[1], &times, errp)) {
                return false;
            }
        } else {
            error_setg(errp, "nova-gpu: fault '%s': unknown option '%s' (%s)",
                       p->name, opt[0], p->per_function ? "fn, nth, times" :
                       "nth, times");
            return false;
        }
    }
    if (times == 0 || times > NOVA_FAULT_ALWAYS || nth == 0 || nth > UINT32_MAX ||
        fn > UINT32_MAX) {
        error_setg(errp, "nova-gpu: fault '%s': times, nth and fn must be "
                   "between 1 and 2^32-1", p->name);
        return false;
    }
    /* mmu-fault with no address: any page, told apart from VA 0 by match */
    nova_fault_arm(p->hook(s), value, p->value == VALUE_ADDR ? !kv[1] : fn,
                   times, nth);
    trace_nova_gpu_fault_armed(p->name, value);
    if (p->hook == h_mmu_fault) {
        /* BAR1 accesses must reach the MMU again to meet it */
        nova_gmmu_bar1_direct_drop(s, "mmu-fault armed");
    }
    nova_prom_faults_changed(s);
    return true;
}

bool nova_fault_arm_spec(NovaGpuState *s, const char *spec, Error **errp)
{
    g_auto(GStrv) rules = NULL;
    size_t i;

    if (!spec || !*spec) {
        return true;
    }
    rules = g_strsplit(spec, ";", -1);
    for (i = 0; rules[i]; i++) {
        const char *r = g_strstrip(rules[i]);

        if (*r && !arm_rule(s, r, errp)) {
            return false;
        }
    }
    return true;
}

bool nova_gpu_fault_clear(NovaGpuState *s, const char *name, Error **errp)
{
    const FaultPoint *p;
    size_t i;

    if (!strcmp(name, "all")) {
        for (i = 0; i < ARRAY_SIZE(fault_points); i++) {
            nova_fault_clear(fault_points[i].hook(s));
        }
        trace_nova_gpu_fault_cleared("all");
        nova_prom_faults_changed(s);
        return true;
    }
    p = find_point(name);
    if (!p) {
        g_autofree char *names = known_names();

        error_setg(errp, "nova-gpu: unknown fault '%s' (known: all, %s)", name, names);
        return false;
    }
    nova_fault_clear(p->hook(s));
    trace_nova_gpu_fault_cleared(p->name);
    nova_prom_faults_changed(s);
    return true;
}

void nova_fault_describe(NovaGpuState *s, GString *out)
{
    bool any = false;
    size_t i;

    for (i = 0; i < ARRAY_SIZE(fault_points); i++) {
        const FaultPoint *p = &fault_points[i];
        NovaFaultHook *h = p->hook(s);

        if (!h->armed && !h->hits) {
            continue;
        }
        any = true;
        g_string_append_printf(out, "  %-18s %s", p->name,
                               h->armed ? "armed" : "spent");
        if (p->value == VALUE_ADDR ? !h->match : p->value != VALUE_NONE) {
            g_string_append_printf(out, " value=0x%" PRIx64, h->value);
        }
        if (p->per_function && h->match) {
            g_string_append_printf(out, " fn=%u", h->match);
        }
        if (h->armed) {
            if (h->remaining == NOVA_FAULT_ALWAYS) {
                g_string_append(out, " times=always");
            } else {
                g_string_append_printf(out, " times-left=%u", h->remaining);
            }
            if (h->skip) {
                g_string_append_printf(out, " passing=%u", h->skip);
            }
        }
        g_string_append_printf(out, " hits=%u\n", h->hits);
    }
    if (!any) {
        g_string_append(out, "  (none)\n");
    }
}
