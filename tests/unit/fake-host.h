/*
 * A NovaHost over plain arrays for the engine unit tests: guest RAM at
 * [FAKE_RAM_BASE, FAKE_RAM_BASE + FAKE_RAM_SIZE), a small VRAM, a record of
 * scheduled work, and a record of events: the last FAKE_EVENTS of them, a
 * count per id and per group (guest errors, unimplemented). Tests set the
 * other upcalls (falcon_intr, bar_bind, ...) in fh.host before they
 * initialise the engines.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef NOVA_FAKE_HOST_H
#define NOVA_FAKE_HOST_H

#include "nova/host.h"
#include "nova/fifo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* a test may define bigger FAKE_RAM_SIZE / FAKE_VRAM_SIZE before including */
#define FAKE_RAM_BASE   0x100000ull
#ifndef FAKE_RAM_SIZE
#define FAKE_RAM_SIZE   (4u << 20)
#endif
#ifndef FAKE_VRAM_SIZE
#define FAKE_VRAM_SIZE  (1u << 20)
#endif

#define FAKE_EVENTS     64

typedef struct FakeHost {
    NovaHost host;
    uint8_t *ram;
    uint8_t *vram;
    int scheduled[8];       /* count per work id */
    int guest_errors;       /* events of the guest-misuse group */
    int unimp;              /* events of the unimplemented group */
    int events[NOVA_EV__COUNT];             /* count per id */
    NovaEvent event_log[FAKE_EVENTS];       /* the last ones, a ring */
    unsigned event_total;
    bool verbose;
    /* the host (fifo/) upcalls */
    uint64_t now_ns;                        /* what now_ns returns; tests advance it */
    int scheduled_in[8];                    /* schedule_in count per work id */
    uint64_t last_schedule_in_ns;
    int nonstall[0x40];                     /* non-stall interrupts per engine type */
    int channel_errors;
    NovaChannelError last_channel_error;
    unsigned vram_maps;                     /* vram_map calls that gave a pointer */
} FakeHost;

static int fake_dma_read(void *o, uint64_t addr, void *buf, size_t len)
{
    FakeHost *f = o;

    if (addr < FAKE_RAM_BASE || addr - FAKE_RAM_BASE > FAKE_RAM_SIZE ||
        len > FAKE_RAM_SIZE - (addr - FAKE_RAM_BASE)) {
        return -1;
    }
    memcpy(buf, f->ram + (addr - FAKE_RAM_BASE), len);
    return 0;
}

static int fake_dma_write(void *o, uint64_t addr, const void *buf, size_t len)
{
    FakeHost *f = o;

    if (addr < FAKE_RAM_BASE || addr - FAKE_RAM_BASE > FAKE_RAM_SIZE ||
        len > FAKE_RAM_SIZE - (addr - FAKE_RAM_BASE)) {
        return -1;
    }
    memcpy(f->ram + (addr - FAKE_RAM_BASE), buf, len);
    return 0;
}

static int fake_vram_read(void *o, uint64_t off, void *buf, size_t len)
{
    FakeHost *f = o;

    if (off > FAKE_VRAM_SIZE || len > FAKE_VRAM_SIZE - off) {
        return -1;
    }
    memcpy(buf, f->vram + off, len);
    return 0;
}

static int fake_vram_write(void *o, uint64_t off, const void *buf, size_t len)
{
    FakeHost *f = o;

    if (off > FAKE_VRAM_SIZE || len > FAKE_VRAM_SIZE - off) {
        return -1;
    }
    memcpy(f->vram + off, buf, len);
    return 0;
}

/* VRAM is an array: a pointer into it, after the same bounds check */
static void *fake_vram_map(void *o, uint64_t off, uint64_t len, bool write)
{
    FakeHost *f = o;

    if (off > FAKE_VRAM_SIZE || len > FAKE_VRAM_SIZE - off) {
        return NULL;
    }
    f->vram_maps++;
    return f->vram + off;
}

static void fake_schedule(void *o, int work)
{
    FakeHost *f = o;

    if (work >= 0 && work < 8) {
        f->scheduled[work]++;
    }
}

static void fake_event(void *o, const NovaEvent *ev)
{
    FakeHost *f = o;

    if ((unsigned)ev->id >= NOVA_EV__COUNT) {
        return;
    }
    f->guest_errors += nova_event_group(ev->id) == NOVA_EVENT_GUEST_ERROR;
    f->unimp += nova_event_group(ev->id) == NOVA_EVENT_UNIMP;
    f->events[ev->id]++;
    f->event_log[f->event_total++ % FAKE_EVENTS] = *ev;
    if (f->verbose || getenv("NOVA_TEST_VERBOSE")) {
        printf("# event %d (group %d)\n", ev->id, nova_event_group(ev->id));
    }
}

static uint64_t fake_now_ns(void *o)
{
    return ((FakeHost *)o)->now_ns;
}

static void fake_schedule_in(void *o, int work, uint64_t ns)
{
    FakeHost *f = o;

    if (work >= 0 && work < 8) {
        f->scheduled_in[work]++;
    }
    f->last_schedule_in_ns = ns;
}

static void fake_nonstall_intr(void *o, uint32_t engine_type)
{
    FakeHost *f = o;

    if (engine_type < 0x40) {
        f->nonstall[engine_type]++;
    }
}

static void fake_channel_error(void *o, const NovaChannelError *err)
{
    FakeHost *f = o;

    f->channel_errors++;
    f->last_channel_error = *err;
}

/* The most recent event @id among the last FAKE_EVENTS, or NULL. */
static inline const NovaEvent *fake_last_event(const FakeHost *f, NovaEventId id)
{
    unsigned i, n = f->event_total < FAKE_EVENTS ? f->event_total : FAKE_EVENTS;

    for (i = 1; i <= n; i++) {
        const NovaEvent *ev = &f->event_log[(f->event_total - i) % FAKE_EVENTS];

        if (ev->id == id) {
            return ev;
        }
    }
    return NULL;
}

static inline void fake_host_init(FakeHost *f)
{
    memset(f, 0, sizeof(*f));
    f->ram = calloc(1, FAKE_RAM_SIZE);
    f->vram = calloc(1, FAKE_VRAM_SIZE);
    f->host = (NovaHost) {
        .opaque = f,
        .dma_read = fake_dma_read,
        .dma_write = fake_dma_write,
        .vram_read = fake_vram_read,
        .vram_write = fake_vram_write,
        .vram_map = fake_vram_map,
        .schedule = fake_schedule,
        .event = fake_event,
        .now_ns = fake_now_ns,
        .schedule_in = fake_schedule_in,
        .nonstall_intr = fake_nonstall_intr,
        .channel_error = fake_channel_error,
    };
}

static inline void fake_host_free(FakeHost *f)
{
    free(f->ram);
    free(f->vram);
}

static inline void fake_put32(FakeHost *f, uint64_t addr, uint32_t v)
{
    uint8_t b[4] = { v, v >> 8, v >> 16, v >> 24 };

    fake_dma_write(f, addr, b, 4);
}

static inline void fake_put64(FakeHost *f, uint64_t addr, uint64_t v)
{
    fake_put32(f, addr, v);
    fake_put32(f, addr + 4, v >> 32);
}

#endif
