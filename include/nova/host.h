/*
 * nova-gpu: the host interface the engines run on.
 *
 * Engines (falcon/, later gsp-model/ and mmu/) reach guest memory, VRAM,
 * deferred work and logging only through this table, so that they contain
 * no QEMU code: hw/nova-gpu/host.c implements it over QEMU's DMA API, and
 * the unit tests over plain arrays.
 *
 * Every call that touches memory returns 0 on success and nonzero when the
 * access failed (an unmapped guest address, an offset past VRAM); engines
 * must check it, since all addresses come from the guest.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef NOVA_HOST_H
#define NOVA_HOST_H

#include <stddef.h>
#include <stdint.h>

typedef enum NovaLogLevel {
    NOVA_LOG_TRACE,         /* normal operation, for trace output */
    NOVA_LOG_GUEST_ERROR,   /* the guest did something hardware refuses */
    NOVA_LOG_UNIMP,         /* the model does not implement this */
} NovaLogLevel;

typedef struct NovaHost {
    void *opaque;
    /* bus-master access to guest (system) memory */
    int (*dma_read)(void *opaque, uint64_t addr, void *buf, size_t len);
    int (*dma_write)(void *opaque, uint64_t addr, const void *buf, size_t len);
    /* the GPU's own memory */
    int (*vram_read)(void *opaque, uint64_t off, void *buf, size_t len);
    int (*vram_write)(void *opaque, uint64_t off, const void *buf, size_t len);
    /* run engine work later, outside the register access that asked for it */
    void (*schedule)(void *opaque, int work);
    void (*log)(void *opaque, NovaLogLevel level, const char *msg);
} NovaHost;

/* printf-style logging through host->log */
void nova_host_log(const NovaHost *host, NovaLogLevel level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
