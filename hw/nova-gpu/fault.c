/*
 * nova-gpu: the "fault" property, arming the engines' fault hooks from the
 * command line so that driver CI can reproduce firmware failures:
 *
 *   -device nova-gpu,fault=fwsec-error=0x1234;booter-reject
 *
 * A semicolon-separated list of NAME or NAME=VALUE; docs/faults.md lists the
 * names. Each armed fault fires on every occurrence until the device is
 * recreated.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/cutils.h"
#include "nova-gpu.h"
#include "trace.h"

typedef struct FaultPoint {
    const char *name;
    bool takes_value;
    const char *help;
    void (*arm)(NovaGpuState *s, uint64_t value);
} FaultPoint;

static void arm_gsp_never_scrub(NovaGpuState *s, uint64_t v)
{
    s->falcon[NOVA_FALCON_GSP].faults.never_scrub = true;
}

static void arm_sec2_never_scrub(NovaGpuState *s, uint64_t v)
{
    s->falcon[NOVA_FALCON_SEC2].faults.never_scrub = true;
}

static void arm_gsp_never_halt(NovaGpuState *s, uint64_t v)
{
    s->falcon[NOVA_FALCON_GSP].faults.never_halt = true;
}

static void arm_sec2_never_halt(NovaGpuState *s, uint64_t v)
{
    s->falcon[NOVA_FALCON_SEC2].faults.never_halt = true;
}

static void arm_fwsec_error(NovaGpuState *s, uint64_t v)
{
    s->falcon[NOVA_FALCON_GSP].faults.fwsec_error = v;
}

static void arm_booter_reject(NovaGpuState *s, uint64_t v)
{
    s->falcon[NOVA_FALCON_SEC2].faults.booter_reject = true;
}

static const FaultPoint fault_points[] = {
    { "gsp-never-scrub", false, "GSP falcon scrubbing never finishes",
      arm_gsp_never_scrub },
    { "sec2-never-scrub", false, "SEC2 falcon scrubbing never finishes",
      arm_sec2_never_scrub },
    { "gsp-never-halt", false, "the GSP falcon never halts after a start",
      arm_gsp_never_halt },
    { "sec2-never-halt", false, "the SEC2 falcon never halts after a start",
      arm_sec2_never_halt },
    { "fwsec-error", true, "FWSEC-FRTS and -SB report this 16-bit error code",
      arm_fwsec_error },
    { "booter-reject", false, "booter_load rejects the WPR meta",
      arm_booter_reject },
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

bool nova_fault_arm_spec(NovaGpuState *s, const char *spec, Error **errp)
{
    g_auto(GStrv) rules = NULL;
    size_t i;

    if (!spec || !*spec) {
        return true;
    }
    rules = g_strsplit(spec, ";", -1);
    for (i = 0; rules[i]; i++) {
        g_auto(GStrv) kv = g_strsplit(g_strstrip(rules[i]), "=", 2);
        const FaultPoint *p;
        uint64_t value = 0;

        if (!kv[0] || !*kv[0]) {
            continue;
        }
        p = find_point(kv[0]);
        if (!p) {
            g_autoptr(GString) names = g_string_new(NULL);
            size_t j;

            for (j = 0; j < ARRAY_SIZE(fault_points); j++) {
                g_string_append_printf(names, "%s%s", j ? ", " : "",
                                       fault_points[j].name);
            }
            error_setg(errp, "nova-gpu: unknown fault '%s' (known: %s)",
                       kv[0], names->str);
            return false;
        }
        if (p->takes_value != (kv[1] != NULL)) {
            error_setg(errp, "nova-gpu: fault '%s' %s a value", p->name,
                       p->takes_value ? "needs" : "takes no");
            return false;
        }
        if (kv[1] && (qemu_strtou64(kv[1], NULL, 0, &value) || value == 0 ||
                      value > UINT16_MAX)) {
            error_setg(errp, "nova-gpu: fault '%s': '%s' is not a code "
                       "between 1 and 0xffff", p->name, kv[1]);
            return false;
        }
        p->arm(s, value);
        trace_nova_gpu_fault_armed(p->name, value);
    }
    return true;
}
