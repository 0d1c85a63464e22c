/*
 * nouveau-submit: submission through nouveau's UAPI, the way NVK (Mesa's
 * src/nouveau: winsys/nouveau_context.c, vulkan/nvkmd/nouveau) does it,
 * against the emulated GPU. Run by the guest's /init with nova.submit=1
 * (tests/guest/test-submit.sh); built static by mkinitramfs.sh.
 *
 * One line per check on stdout: "NOVA-SUBMIT: ok NAME[: detail]" or
 * "NOVA-SUBMIT: FAIL NAME: why", then "NOVA-SUBMIT: done PASSED FAILED".
 * Exit status 1 if anything failed. It never hangs: every wait has a
 * timeout and alarm() guards each phase (a guard that fires prints a FAIL
 * line naming the phase, then the done line).
 *
 * The checks need a device that runs work (channels, the PBDMA, the copy
 * engine); without it CHANNEL_ALLOC fails (nouveau has no kernel channel:
 * -ENODEV) and the program stops there with FAIL lines.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "nouveau-submit-uapi.h"

/* --- the classes (NVIDIA's clc56f.h, clc5b5.h, clc7b5.h) ------------------ */
/* Volta+ method header: 31:29 SEC_OP, 28:16 count, 15:13 subchannel,
 * 11:0 method address in dwords */
#define SEC_OP_INC_METHOD       1u
#define SEC_OP_RESERVED6        6u       /* no such opcode: a PBDMA error */
#define HDR(op, subc, mthd, n)  (((op) << 29) | ((uint32_t)(n) << 16) | \
                                 ((subc) << 13) | ((mthd) >> 2))
/* host (the channel class), any subchannel */
#define HOST_SET_OBJECT         0x0000   /* 15:0 class, 20:16 engine */
#define HOST_NOP                0x0008
#define HOST_SEM_ADDR_LO        0x005c   /* then ADDR_HI, PAYLOAD_LO/HI, EXECUTE */
#define SEM_EXECUTE_RELEASE     0x1u
#define SEM_EXECUTE_RELEASE_WFI (1u << 20)
/* copy engine (c5b5 and c7b5 share these) */
#define CE_SET_SEMAPHORE_A      0x0240   /* then B, PAYLOAD */
#define CE_LAUNCH_DMA           0x0300
#define CE_OFFSET_IN_UPPER      0x0400   /* then IN_LOWER, OUT_UPPER/LOWER,
                                            PITCH_IN/OUT, LINE_LENGTH_IN, LINE_COUNT */
#define CE_SET_REMAP_CONST_A    0x0700
#define CE_SET_REMAP_COMPONENTS 0x0708
#define LAUNCH_NON_PIPELINED    2u
#define LAUNCH_FLUSH            (1u << 2)
#define LAUNCH_SEM_ONE_WORD     (1u << 3)
#define LAUNCH_SRC_PITCH        (1u << 7)
#define LAUNCH_DST_PITCH        (1u << 8)
#define LAUNCH_MULTI_LINE       (1u << 9)
#define LAUNCH_REMAP            (1u << 10)
#define REMAP_DST_X_CONST_A     4u
#define REMAP_COMPONENT_SIZE_4  (3u << 16)
#define TURING_DMA_COPY_A       0xc5b5
#define AMPERE_DMA_COPY_B       0xc7b5
/* the 3D classes: what a GR channel's first object is */
#define TURING_A                0xc597
#define AMPERE_B                0xc797
#define ADA_A                   0xc997
/* NVK's subchannel for the copy class; host methods go on 0 */
#define SUBC_COPY               4u

#define MiB                     (1ull << 20)
#define MAX_LINE                (1u << 17)
/* VM_INIT: the kernel manages [0, 64 GiB); the buffers are placed above */
#define KERNEL_VA_SIZE          (1ull << 36)

/* --- reporting ------------------------------------------------------------ */
static int passed, failed;
static const char *phase = "start";

static void report(int good, const char *name, const char *fmt, ...)
{
    char why[256] = "";
    va_list ap;

    if (fmt) {
        va_start(ap, fmt);
        vsnprintf(why, sizeof(why), fmt, ap);
        va_end(ap);
    }
    printf("NOVA-SUBMIT: %s %s%s%s\n", good ? "ok" : "FAIL", name,
           why[0] ? ": " : "", why);
    fflush(stdout);
    good ? passed++ : failed++;
}
#define OK(name, ...)   report(1, name, __VA_ARGS__)
#define FAIL(name, ...) report(0, name, __VA_ARGS__)

static int finish(void)
{
    printf("NOVA-SUBMIT: done %d %d\n", passed, failed);
    fflush(stdout);
    return failed ? 1 : 0;
}

/* A phase that does not end in time (a wait the kernel does not bound, a
 * stuck ioctl) ends the program with a FAIL line rather than a hang. */
static void on_alarm(int sig)
{
    (void)sig;
    printf("NOVA-SUBMIT: FAIL %s: no answer in time (alarm)\n", phase);
    failed++;
    _exit(finish());
}
static void guard(const char *name, unsigned seconds)
{
    phase = name;
    alarm(seconds);
}

/* --- the device ----------------------------------------------------------- */
static int fd = -1;

static int xioctl(int f, unsigned long req, void *arg)
{
    int r;

    do {
        r = ioctl(f, req, arg);
    } while (r < 0 && (errno == EINTR || errno == EAGAIN));
    return r < 0 ? -errno : 0;
}

typedef struct Bo {
    uint32_t handle, domain;
    uint64_t size, va, map_handle;
    uint8_t *map;
} Bo;

static uint64_t next_va = KERNEL_VA_SIZE;

/* GEM_NEW, mmap, and (f == fd) VM_BIND at the next free VA, synchronously */
static int bo_new(int f, uint64_t size, uint32_t domain, Bo *bo)
{
    struct drm_nouveau_gem_new req = { .info = { .size = size, .domain = domain } };
    int r = xioctl(f, DRM_IOCTL_NOUVEAU_GEM_NEW, &req);

    if (r)
        return r;
    memset(bo, 0, sizeof(*bo));
    bo->handle = req.info.handle;
    bo->domain = req.info.domain;
    bo->size = req.info.size;
    bo->map_handle = req.info.map_handle;
    bo->map = mmap(NULL, bo->size, PROT_READ | PROT_WRITE, MAP_SHARED, f,
                   (off_t)req.info.map_handle);
    if (bo->map == MAP_FAILED)
        return -errno;
    if (f != fd)
        return 0;
    /* 2 MiB apart: whatever page size nouveau gives the buffer */
    bo->va = next_va;
    next_va += (bo->size + 2 * MiB - 1) & ~(2 * MiB - 1);
    struct drm_nouveau_vm_bind_op op = {
        .op = DRM_NOUVEAU_VM_BIND_OP_MAP, .handle = bo->handle,
        .addr = bo->va, .range = bo->size,
    };
    struct drm_nouveau_vm_bind bind = { .op_count = 1, .op_ptr = (uintptr_t)&op };
    return xioctl(f, DRM_IOCTL_NOUVEAU_VM_BIND, &bind);
}

/* CHANNEL_ALLOC of a copy channel as NVK asks for one (fb_ctxdma_handle ~0,
 * tt_ctxdma_handle the engine), then the copy class on it through
 * GROBJ_ALLOC, abi16's path to nvif_object_ctor on the channel (it accepts
 * any class the channel lists). The object's handle is the user's and
 * becomes its RM handle, unique in the DRM client's RM client, so it is
 * named after its channel and class (Mesa's drivers name theirs
 * 0xbeef0000 | class, one channel each); nouveau frees it by that name. */
static int channel_on(int f, uint32_t engine, uint32_t copy_class, int *chan,
                      const char **step)
{
    struct drm_nouveau_channel_alloc req = {
        .fb_ctxdma_handle = ~0u, .tt_ctxdma_handle = engine,
    };
    int r = xioctl(f, DRM_IOCTL_NOUVEAU_CHANNEL_ALLOC, &req);

    *step = "CHANNEL_ALLOC";
    if (r)
        return r;
    *chan = req.channel;
    struct drm_nouveau_grobj_alloc obj = {
        .channel = req.channel, .handle = 0xbe000000u | (req.channel & 0xff) << 16 | (copy_class & 0xffff),
        .class = (int32_t)copy_class,
    };
    *step = "GROBJ_ALLOC";
    return xioctl(f, DRM_IOCTL_NOUVEAU_GROBJ_ALLOC, &obj);
}

static int channel_new(int f, uint32_t copy_class, int *chan, const char **step)
{
    return channel_on(f, NOUVEAU_FIFO_ENGINE_CE, copy_class, chan, step);
}

/* --- pushbuffers ---------------------------------------------------------- */
typedef struct Push {
    uint32_t *p;
    uint32_t n;
} Push;

static void mthd(Push *p, uint32_t subc, uint32_t m, uint32_t count, ...)
{
    va_list ap;

    p->p[p->n++] = HDR(SEC_OP_INC_METHOD, subc, m, count);
    va_start(ap, count);
    for (uint32_t i = 0; i < count; i++)
        p->p[p->n++] = va_arg(ap, uint32_t);
    va_end(ap);
}

static uint32_t copy_class, threed_class;

static void set_object(Push *p)
{
    mthd(p, SUBC_COPY, HOST_SET_OBJECT, 1, copy_class);
}

/* host semaphore release: payload at va, after the work before it */
static void host_release(Push *p, uint64_t va, uint32_t payload)
{
    mthd(p, 0, HOST_SEM_ADDR_LO, 5, (uint32_t)va, (uint32_t)(va >> 32) & 0xff,
         payload, 0u, SEM_EXECUTE_RELEASE | SEM_EXECUTE_RELEASE_WFI);
}

/* a pitch copy (lines == 0: one line, 1D) with the CE's own semaphore
 * release (sem_va != 0) when it is done */
static void ce_copy(Push *p, uint64_t src, uint64_t dst, uint32_t len,
                    uint32_t lines, uint32_t pitch_in, uint32_t pitch_out,
                    uint64_t sem_va, uint32_t payload)
{
    uint32_t launch = LAUNCH_NON_PIPELINED | LAUNCH_FLUSH | LAUNCH_SRC_PITCH |
                      LAUNCH_DST_PITCH;

    mthd(p, SUBC_COPY, CE_OFFSET_IN_UPPER, 8, (uint32_t)(src >> 32),
         (uint32_t)src, (uint32_t)(dst >> 32), (uint32_t)dst, pitch_in,
         pitch_out, len, lines ? lines : 1u);
    if (lines)
        launch |= LAUNCH_MULTI_LINE;
    if (sem_va) {
        mthd(p, SUBC_COPY, CE_SET_SEMAPHORE_A, 3, (uint32_t)(sem_va >> 32),
             (uint32_t)sem_va, payload);
        launch |= LAUNCH_SEM_ONE_WORD;
    }
    mthd(p, SUBC_COPY, CE_LAUNCH_DMA, 1, launch);
}

/* memset of n32 dwords with value: the remap unit's constant, no source */
static void ce_fill(Push *p, uint64_t dst, uint32_t n32, uint32_t value)
{
    mthd(p, SUBC_COPY, CE_SET_REMAP_CONST_A, 1, value);
    mthd(p, SUBC_COPY, CE_SET_REMAP_COMPONENTS, 1,
         REMAP_DST_X_CONST_A | REMAP_COMPONENT_SIZE_4);
    mthd(p, SUBC_COPY, CE_OFFSET_IN_UPPER + 8, 2, (uint32_t)(dst >> 32), (uint32_t)dst);
    mthd(p, SUBC_COPY, CE_OFFSET_IN_UPPER + 0x18, 2, n32, 1u);
    mthd(p, SUBC_COPY, CE_LAUNCH_DMA, 1, LAUNCH_NON_PIPELINED | LAUNCH_FLUSH |
         LAUNCH_SRC_PITCH | LAUNCH_DST_PITCH | LAUNCH_REMAP);
}

static Bo pushbo, sem, gsrc, vram, gdst;
static uint32_t syncobj;
/* A wait that timed out: the device runs no work, so the checks after it
 * fail at once rather than each wait its time out too (the whole program
 * must end well inside the boot's hang guard). */
static int stalled;

static int64_t now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int syncobj_wait(uint32_t h, int seconds)
{
    struct drm_syncobj_wait w = {
        .handles = (uintptr_t)&h, .count_handles = 1,
        .timeout_nsec = now_ns() + (int64_t)seconds * 1000000000,
        .flags = DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL | DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT,
    };
    return xioctl(fd, DRM_IOCTL_SYNCOBJ_WAIT, &w);
}

/* the fence's status as its sync_file tells it: 1 signalled, < 0 its error */
static int fence_status(uint32_t h)
{
    struct drm_syncobj_handle e = {
        .handle = h, .flags = DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_EXPORT_SYNC_FILE, .fd = -1,
    };
    struct sync_file_info info = { .status = 0 };
    int r = xioctl(fd, DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD, &e);

    if (r)
        return 1000 + r;   /* distinguishable from a fence status */
    r = xioctl(e.fd, SYNC_IOC_FILE_INFO, &info);
    close(e.fd);
    return r ? 1000 + r : info.status;
}

/* EXEC the push (at the start of the push buffer) on chan, signalling the
 * syncobj; wait for it (seconds); 0 or -errno, *what says which step */
static int submit(int chan, Push *p, int seconds, const char **what)
{
    struct drm_nouveau_exec_push ep = { .va = pushbo.va, .va_len = p->n * 4 };
    struct drm_nouveau_sync sig = { .flags = DRM_NOUVEAU_SYNC_SYNCOBJ, .handle = syncobj };
    struct drm_nouveau_exec ex = {
        .channel = (uint32_t)chan, .push_count = 1, .push_ptr = (uintptr_t)&ep,
        .sig_count = 1, .sig_ptr = (uintptr_t)&sig,
    };
    int r;

    *what = "not submitted: an earlier wait timed out";
    if (stalled)
        return -ECANCELED;
    *what = "EXEC";
    r = xioctl(fd, DRM_IOCTL_NOUVEAU_EXEC, &ex);
    if (r)
        return r;
    *what = "SYNCOBJ_WAIT";
    r = syncobj_wait(syncobj, seconds);
    stalled = r == -ETIME;
    return r;
}

static Push push_begin(void)
{
    Push p = { .p = (uint32_t *)pushbo.map, .n = 0 };

    set_object(&p);
    return p;
}

static volatile uint32_t *sems(void) { return (volatile uint32_t *)sem.map; }

static void pattern(uint8_t *b, uint64_t n, uint32_t seed)
{
    for (uint64_t i = 0; i < n; i++) {
        seed = seed * 1103515245u + 12345u;
        b[i] = (uint8_t)(seed >> 16);
    }
}

/* first byte where a and b differ, or -1 */
static int64_t differs(const uint8_t *a, const uint8_t *b, uint64_t n)
{
    for (uint64_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return (int64_t)i;
    return -1;
}

/* copy len bytes gsrc+so -> dst+do by the CE, the CE's and the host's
 * semaphores released after it; check payloads and bytes (and that the
 * bytes either side are untouched) */
static uint32_t seqno = 1;
static int copy_check(int chan, const char *name, Bo *src, uint64_t so,
                      Bo *dst, uint64_t dof, uint32_t len)
{
    const char *what;
    Push p = push_begin();
    uint32_t want = seqno++;
    int64_t at;
    int r;

    memset(dst->map, 0x5a, dst->size);
    sems()[0] = sems()[1] = 0;
    /* in lines of at most 128 KiB, as NVK splits a buffer copy
     * (nvk_CmdCopyBuffer2), several launches in one push; the semaphore
     * with the last */
    for (uint32_t off = 0; off < len; off += MAX_LINE) {
        uint32_t n = len - off < MAX_LINE ? len - off : MAX_LINE;
        int last = off + n == len;

        ce_copy(&p, src->va + so + off, dst->va + dof + off, n, 0, 0, 0,
                last ? sem.va : 0, want);
    }
    host_release(&p, sem.va + 4, want ^ 0xffff0000u);
    guard(name, 60);
    r = submit(chan, &p, 20, &what);
    alarm(0);
    if (r) {
        FAIL(name, "%s: %s", what, strerror(-r));
        return -1;
    }
    if (sems()[0] != want || sems()[1] != (want ^ 0xffff0000u)) {
        FAIL(name, "semaphores %#x %#x, want %#x %#x", sems()[0], sems()[1],
             want, want ^ 0xffff0000u);
        return -1;
    }
    at = differs(src->map + so, dst->map + dof, len);
    if (at >= 0) {
        FAIL(name, "byte %lld of %u differs (%#x, want %#x)", (long long)at, len,
             dst->map[dof + at], src->map[so + at]);
        return -1;
    }
    if ((dof && dst->map[dof - 1] != 0x5a) || dst->map[dof + len] != 0x5a) {
        FAIL(name, "bytes outside the copy written");
        return -1;
    }
    OK(name, "%u bytes, CE and host semaphores %#x", len, want);
    return 0;
}

static void copies(int chan)
{
    static const uint32_t sizes[] = { 4099, 3 * MiB + 17 };
    char name[64];

    for (unsigned i = 0; i < 2; i++) {
        pattern(gsrc.map, gsrc.size, sizes[i]);
        snprintf(name, sizeof(name), "copy-%u-gart-to-vram", sizes[i]);
        /* unaligned both sides: the CE copies bytes */
        if (copy_check(chan, name, &gsrc, 1, &vram, 3, sizes[i]))
            continue;
        /* and back, the CE reading VRAM; compared through BAR1's mapping */
        snprintf(name, sizeof(name), "copy-%u-vram-to-gart", sizes[i]);
        copy_check(chan, name, &vram, 3, &gdst, 5, sizes[i]);
    }
}

/* 2D: 37 lines of 100 bytes, source pitch 128, destination pitch 160 */
static void copy_2d(int chan)
{
    const uint32_t w = 100, h = 37, pin = 128, pout = 160;
    const char *what;
    Push p = push_begin();
    uint32_t want = seqno++;
    int r;

    pattern(gsrc.map, pin * h, 2024);
    memset(gdst.map, 0x5a, pout * h + 64);
    ce_copy(&p, gsrc.va, gdst.va, w, h, pin, pout, sem.va, want);
    guard("copy-2d", 60);
    r = submit(chan, &p, 20, &what);
    alarm(0);
    if (r) {
        FAIL("copy-2d", "%s: %s", what, strerror(-r));
        return;
    }
    for (uint32_t y = 0; y < h; y++) {
        if (memcmp(gsrc.map + y * pin, gdst.map + y * pout, w)) {
            FAIL("copy-2d", "line %u differs", y);
            return;
        }
        for (uint32_t x = w; x < pout; x++)
            if (gdst.map[y * pout + x] != 0x5a) {
                FAIL("copy-2d", "line %u: byte %u past the line written", y, x);
                return;
            }
    }
    if (sems()[0] != want) {
        FAIL("copy-2d", "semaphore %#x, want %#x", sems()[0], want);
        return;
    }
    OK("copy-2d", "%ux%u, pitches %u -> %u", w, h, pin, pout);
}

static void fill(int chan)
{
    const uint32_t n32 = 1027, value = 0xdeadbeef;
    const char *what;
    Push p = push_begin();
    uint32_t *d = (uint32_t *)(gdst.map + 8);
    int r;

    memset(gdst.map, 0x5a, 8 + n32 * 4 + 8);
    ce_fill(&p, gdst.va + 8, n32, value);
    guard("memset-remap-const", 60);
    r = submit(chan, &p, 20, &what);
    alarm(0);
    if (r) {
        FAIL("memset-remap-const", "%s: %s", what, strerror(-r));
        return;
    }
    for (uint32_t i = 0; i < n32; i++)
        if (d[i] != value) {
            FAIL("memset-remap-const", "dword %u is %#x", i, d[i]);
            return;
        }
    if (gdst.map[7] != 0x5a || gdst.map[8 + n32 * 4] != 0x5a) {
        FAIL("memset-remap-const", "bytes outside the fill written");
        return;
    }
    OK("memset-remap-const", "%u dwords", n32);
}

/* 1000 submissions, each a 64-byte copy and both releases; each waited for
 * and its payloads checked, so the sequence is checked in order */
static void loop(int chan)
{
    const uint32_t n = 1000, len = 64;
    const char *what;
    int r;

    pattern(gsrc.map, n * len, 7);
    memset(gdst.map, 0, n * len);
    guard("loop-1000", 300);
    for (uint32_t i = 0; i < n; i++) {
        Push p = push_begin();

        ce_copy(&p, gsrc.va + i * len, gdst.va + i * len, len, 0, 0, 0,
                sem.va, 0x10000 + i);
        host_release(&p, sem.va + 4, i);
        r = submit(chan, &p, 20, &what);
        if (r) {
            alarm(0);
            FAIL("loop-1000", "submission %u: %s: %s", i, what, strerror(-r));
            return;
        }
        if (sems()[0] != 0x10000 + i || sems()[1] != i) {
            alarm(0);
            FAIL("loop-1000", "submission %u: semaphores %#x %#x", i, sems()[0], sems()[1]);
            return;
        }
    }
    alarm(0);
    if (differs(gsrc.map, gdst.map, n * len) >= 0) {
        FAIL("loop-1000", "copied bytes differ");
        return;
    }
    OK("loop-1000", "%u submissions in order", n);
}

/* A push with an opcode the host does not have (SEC_OP 6): the channel
 * must stop with an error, and nouveau then (nouveau_chan.c, _exec.c)
 * kills it: its fences end with -ENODEV and EXEC on it fails with
 * -ENODEV (what NVK reads as VK_ERROR_DEVICE_LOST). Its own job timeout
 * (10 s) kills it too if the device never reports the error, so the fence
 * is waited for longer than that. */
static void bad_push(int chan)
{
    const char *what;
    Push p = push_begin();
    struct drm_nouveau_exec empty = { .channel = (uint32_t)chan };
    int r, st;

    p.p[p.n++] = HDR(SEC_OP_RESERVED6, 0u, 0x100u, 1u);
    p.p[p.n++] = 0;
    guard("bad-push", 120);
    r = submit(chan, &p, 60, &what);
    if (r) {
        alarm(0);
        FAIL("bad-push-fence", "%s: %s", what, strerror(-r));
        return;
    }
    st = fence_status(syncobj);
    if (st < 0)
        OK("bad-push-fence", "fence error %d", st);
    else
        FAIL("bad-push-fence", "fence status %d, want an error", st);
    /* the kill event may come after the fence: ask for up to 30 s */
    for (int i = 0; i < 300; i++) {
        r = xioctl(fd, DRM_IOCTL_NOUVEAU_EXEC, &empty);
        if (r == -ENODEV)
            break;
        usleep(100000);
    }
    alarm(0);
    if (r == -ENODEV)
        OK("bad-push-channel-killed", "EXEC on it: ENODEV");
    else
        FAIL("bad-push-channel-killed", "EXEC on it: %s, want ENODEV", r ? strerror(-r) : "ok");
}

/* TTM's move path: a buffer that may live in VRAM or GART, filled through
 * its mapping, is validated into the other domain by the old pushbuf ioctl
 * (on a second, legacy client: a VM_BIND client may not use it). nouveau
 * moves it with its own copy channel (drm->ttm.move; the host test checks
 * "MM: using COPY" so that the move is not the CPU fallback); GEM_INFO
 * must report the new domain and the mapping the same bytes. */
static void ttm_move(void)
{
    int f = open("/dev/dri/renderD128", O_RDWR | O_CLOEXEC);
    int chan;
    const char *step;
    Bo t, pb;
    uint8_t *want;
    int r;

    guard("ttm-move", 120);
    if (f < 0) {
        FAIL("ttm-move", "open: %s", strerror(errno));
        return;
    }
    r = channel_new(f, copy_class, &chan, &step);
    if (!r)
        r = bo_new(f, 2 * MiB, NOUVEAU_GEM_DOMAIN_VRAM | NOUVEAU_GEM_DOMAIN_GART, &t);
    if (!r)
        r = bo_new(f, 4096, NOUVEAU_GEM_DOMAIN_GART, &pb);
    if (r) {
        FAIL("ttm-move", "legacy client setup: %s", strerror(-r));
        close(f);
        return;
    }
    /* created in VRAM (the first place TTM tries), so that both steps
     * below are moves: validation into the domain a buffer is in moves
     * nothing */
    if (t.domain != NOUVEAU_GEM_DOMAIN_VRAM) {
        FAIL("ttm-move-vram-to-gart", "buffer created in domain %#x, not VRAM", t.domain);
        close(f);
        return;
    }
    want = malloc(t.size);
    pattern(want, t.size, 99);
    memcpy(t.map, want, t.size);
    ((uint32_t *)pb.map)[0] = HDR(SEC_OP_INC_METHOD, 0u, HOST_NOP, 1u);
    ((uint32_t *)pb.map)[1] = 0;
    for (int step_i = 0; step_i < 2; step_i++) {
        uint32_t to = step_i == 0 ? NOUVEAU_GEM_DOMAIN_GART : NOUVEAU_GEM_DOMAIN_VRAM;
        const char *name = to == NOUVEAU_GEM_DOMAIN_GART ? "ttm-move-vram-to-gart"
                                                         : "ttm-move-gart-to-vram";
        struct drm_nouveau_gem_pushbuf_bo bos[2] = {
            { .handle = t.handle, .read_domains = to, .valid_domains = to },
            { .handle = pb.handle, .read_domains = NOUVEAU_GEM_DOMAIN_GART,
              .valid_domains = NOUVEAU_GEM_DOMAIN_GART },
        };
        struct drm_nouveau_gem_pushbuf_push ps = { .bo_index = 1, .length = 8 };
        struct drm_nouveau_gem_pushbuf req = {
            .channel = (uint32_t)chan, .nr_buffers = 2, .buffers = (uintptr_t)bos,
            .nr_push = 1, .push = (uintptr_t)&ps,
        };
        struct drm_nouveau_gem_cpu_prep prep = { .handle = t.handle };
        struct drm_nouveau_gem_info info = { .handle = t.handle };
        uint8_t *m;

        r = xioctl(f, DRM_IOCTL_NOUVEAU_GEM_PUSHBUF, &req);
        if (!r)
            r = xioctl(f, DRM_IOCTL_NOUVEAU_GEM_CPU_PREP, &prep);
        if (!r)
            r = xioctl(f, DRM_IOCTL_NOUVEAU_GEM_INFO, &info);
        if (r) {
            FAIL(name, "%s", strerror(-r));
            break;
        }
        if (info.domain != to) {
            FAIL(name, "domain %#x after validation, want %#x", info.domain, to);
            break;
        }
        /* a fresh mapping: the old one was unmapped by the move */
        m = mmap(NULL, t.size, PROT_READ, MAP_SHARED, f, (off_t)info.map_handle);
        if (m == MAP_FAILED) {
            FAIL(name, "mmap: %s", strerror(errno));
            break;
        }
        if (differs(want, m, t.size) >= 0)
            FAIL(name, "contents changed by the move");
        else
            OK(name, "%llu bytes", (unsigned long long)t.size);
        munmap(m, t.size);
    }
    alarm(0);
    free(want);
    close(f);
}

int main(int argc, char **argv)
{
    const char *node = argc > 1 ? argv[1] : "/dev/dri/renderD128";
    struct drm_nouveau_getparam gp[3] = {
        { .param = NOUVEAU_GETPARAM_CHIPSET_ID }, { .param = NOUVEAU_GETPARAM_FB_SIZE },
        { .param = NOUVEAU_GETPARAM_EXEC_PUSH_MAX },
    };
    struct drm_nouveau_vm_init vi = { .kernel_managed_size = KERNEL_VA_SIZE };
    struct drm_syncobj_create sc = { 0 };
    const char *step;
    int chan, chan2, chan3, r;

    signal(SIGALRM, on_alarm);
    guard("open", 30);
    fd = open(node, O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        FAIL("open", "%s: %s", node, strerror(errno));
        return finish();
    }
    OK("open", "%s", node);

    guard("getparam", 30);
    for (int i = 0; i < 3; i++)
        if ((r = xioctl(fd, DRM_IOCTL_NOUVEAU_GETPARAM, &gp[i]))) {
            FAIL("getparam", "param %llu: %s", (unsigned long long)gp[i].param, strerror(-r));
            return finish();
        }
    switch (gp[0].value & 0x1f0) {
    case 0x160: copy_class = TURING_DMA_COPY_A; threed_class = TURING_A; break;
    case 0x170: copy_class = AMPERE_DMA_COPY_B; threed_class = AMPERE_B; break;
    case 0x190: copy_class = AMPERE_DMA_COPY_B; threed_class = ADA_A; break;
    default:
        FAIL("getparam", "chipset %#llx: not TU10x, GA10x or AD10x",
             (unsigned long long)gp[0].value);
        return finish();
    }
    if (!gp[1].value || !gp[2].value) {
        FAIL("getparam", "VRAM %llu, exec push max %llu", (unsigned long long)gp[1].value,
             (unsigned long long)gp[2].value);
        return finish();
    }
    OK("getparam", "chipset %#llx, VRAM %llu MiB, exec push max %llu, copy class %#x",
       (unsigned long long)gp[0].value, (unsigned long long)(gp[1].value >> 20),
       (unsigned long long)gp[2].value, copy_class);

    guard("vm-init", 30);
    if ((r = xioctl(fd, DRM_IOCTL_NOUVEAU_VM_INIT, &vi))) {
        FAIL("vm-init", "%s", strerror(-r));
        return finish();
    }
    OK("vm-init", "kernel VA [0, %#llx)", (unsigned long long)KERNEL_VA_SIZE);

    guard("channel-alloc", 60);
    if ((r = channel_new(fd, copy_class, &chan, &step))) {
        FAIL("channel-alloc", "%s: %s", step, strerror(-r));
        return finish();
    }
    OK("channel-alloc", "channel %d, class %#x on subchannel %u", chan, copy_class, SUBC_COPY);

    guard("buffers", 60);
    if ((r = bo_new(fd, 64 * 1024, NOUVEAU_GEM_DOMAIN_GART, &pushbo)) ||
        (r = bo_new(fd, 64 * 1024, NOUVEAU_GEM_DOMAIN_GART, &sem)) ||
        (r = bo_new(fd, 4 * MiB, NOUVEAU_GEM_DOMAIN_GART, &gsrc)) ||
        (r = bo_new(fd, 4 * MiB, NOUVEAU_GEM_DOMAIN_VRAM, &vram)) ||
        (r = bo_new(fd, 4 * MiB, NOUVEAU_GEM_DOMAIN_GART, &gdst)) ||
        (r = xioctl(fd, DRM_IOCTL_SYNCOBJ_CREATE, &sc))) {
        FAIL("buffers", "GEM_NEW/VM_BIND/SYNCOBJ_CREATE: %s", strerror(-r));
        return finish();
    }
    syncobj = sc.handle;
    OK("buffers", "VRAM and GART buffers bound from VA %#llx", (unsigned long long)KERNEL_VA_SIZE);

    copies(chan);
    copy_2d(chan);
    r = fence_status(syncobj);
    if (r == 1)
        OK("syncobj-signalled", "fence status 1");
    else
        FAIL("syncobj-signalled", "fence status %d", r);
    fill(chan);
    loop(chan);

    /* a second channel takes the bad push; the first and a new one go on */
    guard("channel-alloc-2", 60);
    if ((r = channel_new(fd, copy_class, &chan2, &step))) {
        FAIL("bad-push", "second channel: %s: %s", step, strerror(-r));
    } else {
        bad_push(chan2);
        pattern(gsrc.map, 8192, 5);
        copy_check(chan, "first-channel-unaffected", &gsrc, 0, &gdst, 0, 8192);
        guard("channel-alloc-3", 60);
        if ((r = channel_new(fd, copy_class, &chan3, &step)))
            FAIL("new-channel-after-error", "%s: %s", step, strerror(-r));
        else
            copy_check(chan3, "new-channel-after-error", &gsrc, 0, &gdst, 0, 8192);
    }

    ttm_move();

    /*
     * A graphics channel and its 3D object, as a GL or Vulkan context
     * starts: GR's first user. nouveau then initialises GR (on Turing with
     * GSP-RM r570: the scrubber channel and INTERNAL_KGR_INIT_BUG4208224_WAR).
     */
    guard("gr-channel", 60);
    if ((r = channel_on(fd, NOUVEAU_FIFO_ENGINE_GR, threed_class, &chan3, &step)))
        FAIL("gr-channel", "%s: %s", step, strerror(-r));
    else
        OK("gr-channel", "channel %d, class %#x", chan3, threed_class);
    alarm(0);
    return finish();
}
