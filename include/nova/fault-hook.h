/*
 * nova-gpu: one armed fault in an engine. The QEMU glue (hw/nova-gpu/
 * fault.c) arms and clears hooks from the "fault" property and at run time;
 * the engine asks nova_fault_fire() at the point where the fault applies,
 * which also counts the hits a user can query.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef NOVA_FAULT_HOOK_H
#define NOVA_FAULT_HOOK_H

#include <stdbool.h>
#include <stdint.h>

#define NOVA_FAULT_ALWAYS UINT32_MAX

typedef struct NovaFaultHook {
    bool armed;
    uint32_t remaining;     /* fires left, or NOVA_FAULT_ALWAYS */
    uint32_t skip;          /* matching occurrences to let pass first */
    uint64_t value;         /* what the fault injects: a code, a status, a VA */
    uint32_t match;         /* what it applies to (an RPC function); 0: any */
    uint32_t hits;          /* times fired since armed */
} NovaFaultHook;

static inline void nova_fault_arm(NovaFaultHook *h, uint64_t value, uint32_t match,
                                  uint32_t times, uint32_t nth)
{
    h->armed = times != 0;
    h->remaining = times;
    h->skip = nth > 1 ? nth - 1 : 0;
    h->value = value;
    h->match = match;
    h->hits = 0;
}

static inline void nova_fault_clear(NovaFaultHook *h)
{
    h->armed = false;
}

/* An occurrence of what @h applies to: does the fault fire this time? */
static inline bool nova_fault_fire(NovaFaultHook *h)
{
    if (!h->armed) {
        return false;
    }
    if (h->skip) {
        h->skip--;
        return false;
    }
    h->hits++;
    if (h->remaining != NOVA_FAULT_ALWAYS && --h->remaining == 0) {
        h->armed = false;
    }
    return true;
}

/* The same for a hook that applies to one RPC function (match 0: all). */
static inline bool nova_fault_fire_for(NovaFaultHook *h, uint32_t what)
{
    return h->armed && (h->match == 0 || h->match == what) && nova_fault_fire(h);
}

#endif
