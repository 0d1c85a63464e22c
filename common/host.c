/*
 * nova-gpu: helpers over the host interface.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "nova/host.h"

#include <stdarg.h>
#include <stdio.h>

void nova_host_log(const NovaHost *host, NovaLogLevel level, const char *fmt, ...)
{
    char msg[256];
    va_list ap;

    if (!host || !host->log) {
        return;
    }
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    host->log(host->opaque, level, msg);
}
