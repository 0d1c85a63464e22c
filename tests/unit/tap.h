/*
 * A minimal TAP producer for the engine unit tests: no dependency, so the
 * tests build wherever the engines build.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef NOVA_TAP_H
#define NOVA_TAP_H

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>

static int tap_count;
static int tap_failed;

/* Record one check; the message says what was expected. */
#define TAP_OK(cond, ...) tap_ok_((cond), __FILE__, __LINE__, __VA_ARGS__)

/* Compare two unsigned values and show both on failure. */
#define TAP_EQ(got, want, ...) do {                                          \
        uint64_t got_ = (got), want_ = (want);                               \
        if (!TAP_OK(got_ == want_, __VA_ARGS__)) {                           \
            printf("#   got 0x%" PRIx64 ", want 0x%" PRIx64 "\n",            \
                   got_, want_);                                             \
        }                                                                    \
    } while (0)

__attribute__((format(printf, 4, 5)))
static inline int tap_ok_(int cond, const char *file, int line,
                          const char *fmt, ...)
{
    va_list ap;

    tap_count++;
    printf("%s %d - ", cond ? "ok" : "not ok", tap_count);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    if (!cond) {
        tap_failed++;
        printf("#   at %s:%d\n", file, line);
    }
    return cond;
}

static inline int tap_done(void)
{
    printf("1..%d\n", tap_count);
    return tap_failed ? 1 : 0;
}

#endif
