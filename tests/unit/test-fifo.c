/*
 * Unit tests: the submission engine (fifo/). Page tables, instance block,
 * USERD, GPFIFO rings and pushbuffers are built in the fake host's VRAM
 * and system memory the way nouveau lays them out; the tests ring the
 * doorbell, run the engine and look at memory, events and upcalls.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define FAKE_RAM_SIZE   (16u << 20)
#define FAKE_VRAM_SIZE  (48u << 20)

#include "nova/classes.h"
#include "nova/fifo.h"
#include "nova/le.h"
#include "nova/rm-objects.h"
#include "fake-host.h"
#include "tap.h"

/* VRAM layout */
#define INST        0x0000ull
#define PD3         0x1000ull
#define PD2         0x2000ull
#define PD1         0x3000ull
#define PD0         0x4000ull       /* 8 KiB: 512 dual entries */
#define SPT_B       0x6000ull       /* 4K pages of region B (system memory) */
#define SPT_C       0x7000ull       /* 4K pages of region C (VRAM, a hole) */
#define INST_SMALL  0x8000ull       /* an instance block with a small VA limit */
#define USERD(i)    (0x10000ull + (i) * NV_USERD_SIZE)
#define VRAM_A      0x800000ull     /* region A's memory: 32 MiB */
#define VRAM_C      0x400000ull

/* VA layout: A = 16 2 MiB pages, B = 512 scattered sysmem 4K pages, C = 4K VRAM pages */
#define VA_A        0x20000000ull
#define VA_B        0x22000000ull   /* PD0 index 16 */
#define VA_C        0x22200000ull   /* PD0 index 17 */
#define SYS_B       (FAKE_RAM_BASE + (8u << 20))
#define C_HOLE      5               /* region C's unmapped page */

#define RING(i)     (VA_A + (uint64_t)(i) * 0x1000)
#define PB(i)       (VA_A + 0x40000 + (uint64_t)(i) * 0x40000)
#define SEM         (VA_A + 0x100000)
#define DATA        (VA_A + 0x200000)

#define ENTRIES     8

static FakeHost fh;
static NovaFifo fifo;
static NovaMmuTlb tlb;
static NovaFifo *f = &fifo;
static uint32_t pb_off[8];          /* the next free dword of each channel's pushbuffer */
static uint32_t gp_put[8];

static void vput64(uint64_t off, uint64_t v)
{
    uint8_t b[8];

    nova_st64(b, v);
    fake_vram_write(&fh, off, b, 8);
}

static uint64_t a_off(uint64_t va)
{
    return VRAM_A + (va - VA_A);
}

static void va_put32(uint64_t va, uint32_t v)
{
    uint8_t b[4];

    nova_st32(b, v);
    fake_vram_write(&fh, a_off(va), b, 4);
}

static uint32_t va_get32(uint64_t va)
{
    uint8_t b[4];

    fake_vram_read(&fh, a_off(va), b, 4);
    return nova_ld32(b);
}

static uint64_t va_get64(uint64_t va)
{
    return va_get32(va) | (uint64_t)va_get32(va + 4) << 32;
}

static uint32_t vget32(uint64_t off)
{
    uint8_t b[4];

    fake_vram_read(&fh, off, b, 4);
    return nova_ld32(b);
}

static uint64_t pde(unsigned ap, uint64_t addr)
{
    return (addr >> 4) | ((uint64_t)ap << 1);
}

static uint64_t pte(NovaMmuAperture ap, uint64_t addr)
{
    return (addr >> 4) | ((uint64_t)ap << 1) | NV_MMU_VER2_PTE_VALID;
}

static void put_inst(uint64_t inst, uint64_t limit)
{
    vput64(inst + NV_RAMIN_PAGE_DIR_BASE, PD3 | NV_RAMIN_USE_VER2_PT_FORMAT |
           NV_RAMIN_BIG_PAGE_SIZE_64KB);
    vput64(inst + NV_RAMIN_ADR_LIMIT, limit);
}

static void build_tables(void)
{
    unsigned i;

    memset(fh.vram, 0, FAKE_VRAM_SIZE);
    memset(fh.ram, 0, FAKE_RAM_SIZE);
    put_inst(INST, (1ull << 49) - 1);
    put_inst(INST_SMALL, VA_A + 0x40000 + 0x1000 - 1);
    vput64(PD3 + 0 * 8, pde(1, PD2));
    vput64(PD2 + 0 * 8, pde(1, PD1));
    vput64(PD1 + 1 * 8, pde(1, PD0));
    for (i = 0; i < 16; i++) {
        vput64(PD0 + i * 16, pte(NOVA_MMU_APERTURE_VRAM, VRAM_A + i * (2u << 20)));
    }
    vput64(PD0 + 16 * 16 + 8, pde(1, SPT_B));
    vput64(PD0 + 17 * 16 + 8, pde(1, SPT_C));
    for (i = 0; i < 512; i++) {
        vput64(SPT_B + i * 8, pte(NOVA_MMU_APERTURE_SYS_COH, SYS_B + (511 - i) * 4096ull));
        if (i != C_HOLE) {
            vput64(SPT_C + i * 8, pte(NOVA_MMU_APERTURE_VRAM, VRAM_C + i * 4096ull));
        }
    }
}

static int reenter_mode;            /* what the callbacks do to the engine */
static uint32_t reenter_chid;

static void cb_channel_error(void *o, const NovaChannelError *err)
{
    fake_channel_error(o, err);
    if (reenter_mode == 1) {
        nova_fifo_reset(f);
    } else if (reenter_mode == 2) {
        nova_fifo_channel_free(f, err->chid);
    }
}

static void cb_nonstall(void *o, uint32_t engine_type)
{
    fake_nonstall_intr(o, engine_type);
    if (reenter_mode == 3) {
        nova_fifo_channel_free(f, reenter_chid);
    } else if (reenter_mode == 4) {
        nova_fifo_reset(f);
    } else if (reenter_mode == 5) {
        /* the interrupt handler rings a doorbell and the glue runs the engine at once */
        nova_fifo_doorbell(f, nova_fifo_token(1, reenter_chid));
        nova_fifo_run(f);
    }
}

/* a VRAM write that, the @dma_countdown-th time, frees channel 10 or resets */
static int dma_countdown, dma_mode;

static int cb_vram_write(void *o, uint64_t off, const void *buf, size_t len)
{
    int r = fake_vram_write(o, off, buf, len);

    if (dma_countdown && --dma_countdown == 0) {
        if (dma_mode == 1) {
            nova_fifo_channel_free(f, 10);
        } else {
            nova_fifo_reset(f);
        }
    }
    return r;
}

static void setup(NovaChipId chip, bool with_tlb)
{
    NovaFifoConfig cfg = {
        .chip = nova_chip_by_id(chip),
        .tlb = with_tlb ? &tlb : NULL,
        .huge_512m = chip != NOVA_CHIP_TU102,
    };

    if (!fh.ram) {
        fake_host_init(&fh);
    }
    fh.host.channel_error = cb_channel_error;
    fh.host.nonstall_intr = cb_nonstall;
    fh.host.vram_write = cb_vram_write;
    fh.host.vram_map = fake_vram_map;
    dma_countdown = 0;
    reenter_mode = 0;
    build_tables();
    nova_mmu_tlb_init(&tlb);
    nova_fifo_init(f, &cfg, &fh.host);
    memset(pb_off, 0, sizeof(pb_off));
    memset(gp_put, 0, sizeof(gp_put));
    fh.channel_errors = 0;
    fh.guest_errors = 0;
    memset(fh.events, 0, sizeof(fh.events));
    memset(fh.nonstall, 0, sizeof(fh.nonstall));
    memset(fh.scheduled_in, 0, sizeof(fh.scheduled_in));
    fh.now_ns = 1000;
}

static NovaChannelDesc desc(unsigned i, uint32_t chid)
{
    return (NovaChannelDesc) {
        .chid = chid, .runlist = 1, .engine_type = NV2080_ENGINE_TYPE_COPY0,
        .hclass = AMPERE_CHANNEL_GPFIFO_A, .client = 0xc1d00000 + i, .handle = 0xcafe0000 + i,
        .inst = INST, .inst_aperture = NOVA_MMU_APERTURE_VRAM,
        .userd = USERD(i), .userd_aperture = NOVA_MMU_APERTURE_VRAM,
        .gpfifo_va = RING(i), .gpfifo_entries = ENTRIES,
    };
}

/* channel @i (slot of the test, not of the engine) as chid 10 + i, scheduled */
static uint32_t chan(unsigned i)
{
    NovaChannelDesc d = desc(i, 10 + i);

    nova_fifo_channel_alloc(f, &d);
    nova_fifo_channel_schedule(f, 10 + i, true);
    gp_put[i] = 0;
    fake_vram_write(&fh, USERD(i) + NV_USERD_GP_PUT, (uint8_t[4]){ 0 }, 4);
    fake_vram_write(&fh, USERD(i) + NV_USERD_GP_GET, (uint8_t[4]){ 0 }, 4);
    return 10 + i;
}

static NovaChannel *ch_of(unsigned i)
{
    return nova_fifo_channel_find(f, 10 + i);
}

/* ---- pushbuffer building ---- */
static uint32_t pb[4096];
static unsigned pn;

static void p(uint32_t w)
{
    pb[pn++] = w;
}

static uint32_t hdr(unsigned op, unsigned subch, uint32_t mthd, unsigned count)
{
    return (uint32_t)op << 29 | count << 16 | subch << 13 | mthd >> 2;
}

static void inc(unsigned subch, uint32_t mthd, unsigned count)
{
    p(hdr(NVC56F_DMA_SEC_OP_INC_METHOD, subch, mthd, count));
}

static void m1(unsigned subch, uint32_t mthd, uint32_t data)
{
    inc(subch, mthd, 1);
    p(data);
}

static void immd(unsigned subch, uint32_t mthd, uint32_t data)
{
    p((uint32_t)NVC56F_DMA_SEC_OP_IMMD_DATA_METHOD << 29 | data << 16 | subch << 13 | mthd >> 2);
}

/* Copy pb[0..pn) into channel @i's pushbuffer and queue it as one entry. */
static void queue_entry(unsigned i, uint32_t e0, uint32_t e1)
{
    NovaChannel *ch = ch_of(i);
    uint64_t e = RING(i) + (uint64_t)gp_put[i] * 8;
    unsigned entries = ch ? ch->desc.gpfifo_entries : ENTRIES;

    va_put32(e, e0);
    va_put32(e + 4, e1);
    gp_put[i] = (gp_put[i] + 1) % entries;
    fake_vram_write(&fh, USERD(i) + NV_USERD_GP_PUT, (uint8_t[4]){ gp_put[i] }, 4);
}

static void submit_nodb(unsigned i)
{
    uint64_t va = PB(i) + pb_off[i] * 4ull;
    unsigned k;

    for (k = 0; k < pn; k++) {
        va_put32(va + k * 4, pb[k]);
    }
    pb_off[i] = (pb_off[i] + pn + 15) & ~15u;
    if (pb_off[i] > 0xf000) {
        pb_off[i] = 0;
    }
    queue_entry(i, (uint32_t)va, (uint32_t)(va >> 32) | pn << 10);
    pn = 0;
}

static void submit(unsigned i)
{
    submit_nodb(i);
    nova_fifo_doorbell(f, nova_fifo_token(1, 10 + i));
}

/* run until nothing is pending, at most @max runs; returns the runs */
static int run_all(int max)
{
    int n = 0;
    unsigned i;
    bool pending;

    do {
        nova_fifo_run(f);
        n++;
        pending = false;
        for (i = 0; i < NOVA_FIFO_MAX_CHANNELS; i++) {
            pending |= f->ch[i].state == NOVA_CHAN_RUNNABLE && f->ch[i].pending &&
                       f->ch[i].wait == NOVA_WAIT_NONE;
        }
    } while (pending && n < max);
    return n;
}

static void release_old(unsigned subch, uint64_t va, uint32_t payload, bool four)
{
    inc(subch, NVC56F_SEMAPHOREA, 4);
    p(va >> 32);
    p((uint32_t)va);
    p(payload);
    p(NVC56F_SEMAPHORED_OPERATION_RELEASE | (four ? 1u << 24 : 0) | 1u << 20);
}

static void sem_exec(uint64_t va, uint64_t payload, uint32_t exec)
{
    inc(0, NVC56F_SEM_ADDR_LO, 5);
    p((uint32_t)va);
    p(va >> 32);
    p((uint32_t)payload);
    p(payload >> 32);
    p(exec);
}

/* ---- tests ---- */

static void test_lifecycle(void)
{
    NovaChannelDesc d;
    unsigned i;

    setup(NOVA_CHIP_TU102, false);
    d = desc(0, 5);
    TAP_EQ(nova_fifo_channel_alloc(f, &d), NV_OK, "alloc a channel");
    TAP_EQ(nova_fifo_channel_alloc(f, &d), NV_ERR_INSERT_DUPLICATE_NAME, "same chid again");
    d.chid = NOVA_FIFO_CHIDS;
    TAP_EQ(nova_fifo_channel_alloc(f, &d), NV_ERR_INVALID_ARGUMENT, "chid out of range");
    d = desc(0, 6);
    d.gpfifo_entries = 0;
    TAP_EQ(nova_fifo_channel_alloc(f, &d), NV_ERR_INVALID_ARGUMENT, "an empty ring");
    d = desc(0, 6);
    d.engine_type = 0x40;
    TAP_EQ(nova_fifo_channel_alloc(f, &d), NV_ERR_INVALID_ARGUMENT, "an engine that is none");
    d = desc(0, 6);
    d.userd_aperture = NOVA_MMU_APERTURE_PEER;
    TAP_EQ(nova_fifo_channel_alloc(f, &d), NV_ERR_INVALID_ARGUMENT, "a peer USERD");
    TAP_OK(fake_last_event(&fh, NOVA_EV_CHANNEL) &&
           !strcmp(fake_last_event(&fh, NOVA_EV_CHANNEL)->channel.what, "alloc"),
           "alloc event");
    for (i = 1; i < NOVA_FIFO_MAX_CHANNELS; i++) {
        d = desc(0, 100 + i);
        nova_fifo_channel_alloc(f, &d);
    }
    d = desc(0, 99);
    TAP_EQ(nova_fifo_channel_alloc(f, &d), NV_ERR_INSUFFICIENT_RESOURCES, "64 channels: full");
    TAP_EQ(nova_fifo_channel_bind(f, 7, NV2080_ENGINE_TYPE_GR0), NV_ERR_INVALID_OBJECT_HANDLE,
           "bind an unknown channel");
    TAP_EQ(nova_fifo_channel_bind(f, 5, 0x3f), NV_ERR_INVALID_ARGUMENT, "bind to no engine");
    TAP_EQ(nova_fifo_channel_bind(f, 5, NV2080_ENGINE_TYPE_GR0), NV_OK, "bind to GR0");
    TAP_EQ(nova_fifo_channel_schedule(f, 4000, true), NV_ERR_INVALID_OBJECT_HANDLE,
           "schedule an unknown channel");
    TAP_EQ(nova_fifo_channel_schedule(f, 5, true), NV_OK, "schedule");
    TAP_EQ(nova_fifo_channel_find(f, 5)->state, NOVA_CHAN_RUNNABLE, "runnable");
    nova_fifo_channel_free(f, 5);
    TAP_OK(!nova_fifo_channel_find(f, 5), "freed");
    TAP_OK(!strcmp(fake_last_event(&fh, NOVA_EV_CHANNEL)->channel.what, "free"), "free event");
    TAP_EQ(nova_fifo_channel_alloc(f, &(NovaChannelDesc){ 0 }), NV_ERR_INVALID_ARGUMENT,
           "a zero descriptor");
    d = desc(0, 5);
    TAP_EQ(nova_fifo_channel_alloc(f, &d), NV_OK, "a freed slot is reused");
    TAP_OK(nova_fifo_invalid(f) == NULL, "the state is valid");
}

static void test_doorbell(void)
{
    setup(NOVA_CHIP_TU102, false);
    chan(0);
    nova_fifo_doorbell(f, nova_fifo_token(1, 999));
    TAP_EQ(fh.events[NOVA_EV_UB_FIFO], 1, "doorbell for an unknown channel: guest error");
    nova_fifo_doorbell(f, nova_fifo_token(2, 10));
    TAP_EQ(fh.events[NOVA_EV_UB_FIFO], 2, "runlist mismatch: guest error");
    TAP_OK(!ch_of(0)->pending, "... and ignored");
    fh.scheduled[NOVA_WORK_FIFO] = 0;
    nova_fifo_doorbell(f, nova_fifo_token(1, 10));
    TAP_OK(ch_of(0)->pending, "a good doorbell: pending");
    TAP_EQ(fh.scheduled[NOVA_WORK_FIFO], 1, "... and the run scheduled");
    run_all(4);
    TAP_OK(!ch_of(0)->pending, "an empty ring: no longer pending");
}

static void test_basic_release(void)
{
    setup(NOVA_CHIP_TU102, false);
    chan(0);
    m1(1, NVC56F_SET_OBJECT, TURING_DMA_COPY_A);
    release_old(0, SEM, 0x1234, true);
    submit(0);
    run_all(4);
    TAP_EQ(va_get32(SEM), 0x1234, "SEMAPHORED 4-byte release written");
    TAP_EQ(vget32(USERD(0) + NV_USERD_GP_GET), 1, "GP_GET written back");
    TAP_EQ(vget32(USERD(0) + NV_USERD_TOP_LEVEL_GET), (uint32_t)PB(0) + 7 * 4,
           "TOP_LEVEL_GET: the pushbuffer consumed to the segment's end");
    TAP_EQ(vget32(USERD(0) + NV_USERD_TOP_LEVEL_GET_HI),
           (uint32_t)(PB(0) >> 32) | NV_USERD_TOP_LEVEL_GET_HI_VALID, "... valid, with the high bits");
    TAP_EQ(vget32(USERD(0) + NV_USERD_GET), (uint32_t)PB(0) + 7 * 4, "GET likewise");
    TAP_EQ(ch_of(0)->subch_class[1], TURING_DMA_COPY_A, "SET_OBJECT bound the CE");
    TAP_EQ(ch_of(0)->stats.entries, 1, "one entry counted");
    TAP_EQ(ch_of(0)->stats.methods, 5, "five methods counted");
    TAP_OK(fake_last_event(&fh, NOVA_EV_GPFIFO) &&
           fake_last_event(&fh, NOVA_EV_GPFIFO)->gpfifo.dwords == 7, "GPFIFO event");
    TAP_EQ(fh.guest_errors, 0, "no guest errors");
    TAP_EQ(fh.channel_errors, 0, "no channel errors");
}

static void test_headers(void)
{
    setup(NOVA_CHIP_TU102, false);
    chan(0);
    /* non-incrementing: the last value stays */
    p(hdr(NVC56F_DMA_SEC_OP_NON_INC_METHOD, 0, NVC56F_SEMAPHOREC, 3));
    p(1); p(2); p(0x33);
    /* increment-once: SEMAPHOREA, then SEMAPHOREB twice */
    p(hdr(NVC56F_DMA_SEC_OP_ONE_INC, 0, NVC56F_SEMAPHOREA, 3));
    p(SEM >> 32); p(0xdead0000); p((uint32_t)SEM);
    /* immediate: RELEASE, 4 byte (0x1000002 does not fit 13 bits: use SEM_EXECUTE form below) */
    p(hdr(NVC56F_DMA_SEC_OP_INC_METHOD, 0, NVC56F_SEMAPHORED, 1));
    p(NVC56F_SEMAPHORED_OPERATION_RELEASE | 1u << 24);
    /* the pre-Volta forms: GRP0 incrementing (12:2 address, 28:18 count), GRP2 non-inc */
    p(0);                                           /* NOP */
    p(1u << 16);                                    /* SET_SUB_DEV_MASK: ignored */
    p(2u << 18 | NVC56F_SEM_PAYLOAD_LO);            /* GRP0 INC, count 2 */
    p(0x44); p(0);
    p(2u << 29 | 2u << 18 | NVC56F_SEM_ADDR_LO);    /* GRP2 NON_INC, count 2 */
    p(0xbad); p((uint32_t)SEM + 16);
    m1(0, NVC56F_SEM_ADDR_HI, SEM >> 32);
    immd(0, NVC56F_SEM_EXECUTE, NVC56F_SEM_EXECUTE_OPERATION_RELEASE);
    p(hdr(NVC56F_DMA_SEC_OP_END_PB_SEGMENT, 0, 0, 0));
    m1(0, NVC56F_SET_REFERENCE, 0x77);              /* after the end: not run */
    submit(0);
    run_all(4);
    TAP_EQ(va_get32(SEM), 0x33, "NON_INC and ONE_INC feed the right methods");
    TAP_EQ(va_get32(SEM + 16), 0x44, "GRP0/GRP2 forms and IMMD SEM_EXECUTE");
    TAP_EQ(vget32(USERD(0) + NV_USERD_REF), 0, "END_PB_SEGMENT ends the segment");
    TAP_EQ(fh.channel_errors, 0, "no errors");
    m1(0, NVC56F_SET_REFERENCE, 0x77);
    submit(0);
    run_all(4);
    TAP_EQ(vget32(USERD(0) + NV_USERD_REF), 0x77, "SET_REFERENCE writes USERD REF");

    /* a method sequence continued in the next entry */
    inc(0, NVC56F_SEM_ADDR_LO, 5);
    p((uint32_t)SEM + 32); p(SEM >> 32);
    submit_nodb(0);
    p(0x55); p(0); p(NVC56F_SEM_EXECUTE_OPERATION_RELEASE);
    submit(0);
    run_all(4);
    TAP_EQ(va_get32(SEM + 32), 0x55, "method data continues across GPFIFO entries");

    /* reserved header */
    p(6u << 29);
    submit(0);
    run_all(4);
    TAP_EQ(fh.last_channel_error.exception, ROBUST_CHANNEL_PBDMA_ERROR, "reserved header: PBDMA error");
    TAP_EQ(ch_of(0)->state, NOVA_CHAN_ERROR, "... the channel stopped");
}

static void test_wrap(void)
{
    unsigned k;

    setup(NOVA_CHIP_TU102, false);
    chan(0);
    for (k = 0; k < 3 * ENTRIES + 3; k++) {
        release_old(0, SEM, 100 + k, true);
        submit(0);
        if (k % 3 == 2) {
            run_all(4);
        }
    }
    run_all(4);
    TAP_EQ(va_get32(SEM), 100 + 3 * ENTRIES + 2, "the ring wrapped three times");
    TAP_EQ(vget32(USERD(0) + NV_USERD_GP_GET), (3 * ENTRIES + 3) % ENTRIES, "GP_GET wraps");
    TAP_EQ(ch_of(0)->stats.entries, 3 * ENTRIES + 3, "every entry taken");
    /* a control entry and an empty NOP entry */
    queue_entry(0, 0, NVC56F_GP_ENTRY1_OPCODE_NOP);
    nova_fifo_doorbell(f, nova_fifo_token(1, 10));
    run_all(4);
    TAP_EQ(ch_of(0)->state, NOVA_CHAN_RUNNABLE, "a NOP control entry is fine");
    fake_vram_write(&fh, USERD(0) + NV_USERD_GP_PUT, (uint8_t[4]){ ENTRIES }, 4);
    nova_fifo_doorbell(f, nova_fifo_token(1, 10));
    run_all(4);
    TAP_EQ(ch_of(0)->state, NOVA_CHAN_ERROR, "GP_PUT past the ring: channel error");
}

static void test_semaphores(void)
{
    uint64_t v;

    setup(NOVA_CHIP_GA102, false);
    chan(0);
    fh.now_ns = 0x123456789ull;
    release_old(0, SEM, 0xabc, false);
    sem_exec(SEM + 0x20, 0x1122334455667788ull, NVC56F_SEM_EXECUTE_OPERATION_RELEASE |
             1u << 24);
    sem_exec(SEM + 0x40, 0xfeedfacecafebeefull, NVC56F_SEM_EXECUTE_OPERATION_RELEASE |
             1u << 24 | 1u << 25 | 1u << 20);
    sem_exec(SEM + 0x60, 0x99, NVC56F_SEM_EXECUTE_OPERATION_RELEASE | 1u << 25);
    submit(0);
    run_all(4);
    TAP_EQ(va_get32(SEM), 0xabc, "16-byte release: payload");
    TAP_EQ(va_get32(SEM + 4), 0, "16-byte release: zero word");
    TAP_EQ(va_get64(SEM + 8), 0x123456789ull, "16-byte release: timestamp");
    TAP_EQ(va_get64(SEM + 0x20), 0x1122334455667788ull, "SEM_EXECUTE 64-bit release");
    TAP_EQ(va_get64(SEM + 0x28), 0, "... no timestamp");
    TAP_EQ(va_get64(SEM + 0x40), 0xfeedfacecafebeefull, "64-bit release with timestamp");
    TAP_EQ(va_get64(SEM + 0x48), 0x123456789ull, "... timestamp");
    TAP_EQ(va_get32(SEM + 0x60), 0x99, "32-bit release with timestamp");
    TAP_EQ(va_get64(SEM + 0x68), 0x123456789ull, "... timestamp");
    TAP_EQ(ch_of(0)->stats.releases, 4, "four releases counted");

    /* every acquire mode, satisfied */
    va_put32(SEM + 0x80, 5);
    va_put32(SEM + 0x84, 0);
    inc(0, NVC56F_SEMAPHOREA, 4);
    p(SEM >> 32); p((uint32_t)SEM + 0x80); p(5); p(NVC56F_SEMAPHORED_OPERATION_ACQUIRE);
    m1(0, NVC56F_SEMAPHOREC, 0xfffffffe);      /* 5 - (-2) >= 0: wraps */
    m1(0, NVC56F_SEMAPHORED, NVC56F_SEMAPHORED_OPERATION_ACQ_GEQ);
    m1(0, NVC56F_SEMAPHOREC, 4);
    m1(0, NVC56F_SEMAPHORED, NVC56F_SEMAPHORED_OPERATION_ACQ_AND);
    sem_exec(SEM + 0x80, 5, NVC56F_SEM_EXECUTE_OPERATION_ACQUIRE);
    sem_exec(SEM + 0x80, 4, NVC56F_SEM_EXECUTE_OPERATION_ACQ_STRICT_GEQ);
    sem_exec(SEM + 0x80, 0xfffffff0, NVC56F_SEM_EXECUTE_OPERATION_ACQ_CIRC_GEQ);
    sem_exec(SEM + 0x80, 1, NVC56F_SEM_EXECUTE_OPERATION_ACQ_AND);
    sem_exec(SEM + 0x80, 2, NVC56F_SEM_EXECUTE_OPERATION_ACQ_NOR);
    sem_exec(SEM + 0x80, 5, NVC56F_SEM_EXECUTE_OPERATION_ACQUIRE | 1u << 24);
    sem_exec(SEM + 0x80, 3, NVC56F_SEM_EXECUTE_OPERATION_REDUCTION |
             NVC56F_SEM_EXECUTE_REDUCTION_IADD << 27 | 1u << 31);
    submit(0);
    run_all(4);
    TAP_EQ(ch_of(0)->stats.acquires, 9, "every acquire mode satisfied");
    TAP_EQ(va_get32(SEM + 0x80), 8, "IADD reduction");
    TAP_EQ(ch_of(0)->wait, NOVA_WAIT_NONE, "not waiting");

    /* an unsatisfied acquire waits; another channel's release wakes it in the same run */
    chan(1);
    sem_exec(SEM + 0xa0, 7, NVC56F_SEM_EXECUTE_OPERATION_ACQ_STRICT_GEQ);
    sem_exec(SEM + 0xa4, 1, NVC56F_SEM_EXECUTE_OPERATION_RELEASE);
    submit(0);
    fh.scheduled_in[NOVA_WORK_FIFO] = 0;
    nova_fifo_run(f);
    TAP_EQ(ch_of(0)->wait, NOVA_WAIT_ACQUIRE, "acquire not satisfied: the channel waits");
    TAP_EQ(va_get32(SEM + 0xa4), 0, "... the methods after it wait too");
    TAP_EQ(fh.scheduled_in[NOVA_WORK_FIFO], 1, "... a poll is scheduled");
    TAP_EQ(fh.last_schedule_in_ns, NOVA_FIFO_ACQUIRE_POLL_NS, "... at the poll interval");
    nova_fifo_run(f);
    TAP_EQ(ch_of(0)->wait, NOVA_WAIT_ACQUIRE, "a poll with nothing changed: still waits");
    sem_exec(SEM + 0xa0, 7, NVC56F_SEM_EXECUTE_OPERATION_RELEASE);
    submit(1);
    nova_fifo_run(f);
    TAP_EQ(ch_of(0)->wait, NOVA_WAIT_NONE, "another channel's release satisfies it");
    TAP_EQ(va_get32(SEM + 0xa4), 1, "... and the channel went on");

    /* the timeout */
    sem_exec(SEM + 0xc0, 1, NVC56F_SEM_EXECUTE_OPERATION_ACQUIRE);
    submit(0);
    nova_fifo_run(f);
    fh.now_ns += NOVA_FIFO_ACQUIRE_TIMEOUT_NS - 1;
    nova_fifo_run(f);
    TAP_EQ(ch_of(0)->state, NOVA_CHAN_RUNNABLE, "just before the timeout: waiting");
    fh.now_ns += 1;
    nova_fifo_run(f);
    TAP_EQ(ch_of(0)->state, NOVA_CHAN_ERROR, "acquire timeout: channel error");
    TAP_EQ(fh.last_channel_error.exception, ROBUST_CHANNEL_SEMAPHORE_TIMEOUT, "... SEMAPHORE_TIMEOUT");
    TAP_EQ(fh.last_channel_error.info, SEM + 0xc0, "... at the semaphore");
    TAP_EQ(fh.last_channel_error.chid, 10, "... of the channel");
    TAP_EQ(fh.last_channel_error.handle, 0xcafe0000, "... with its RM handle");
    sem_exec(SEM + 0xe0, 3, NVC56F_SEM_EXECUTE_OPERATION_RELEASE);
    submit(1);
    run_all(4);
    TAP_EQ(va_get32(SEM + 0xe0), 3, "the other channel keeps running");
    v = fh.events[NOVA_EV_SEMAPHORE];
    TAP_OK(v >= 15, "semaphore events");
}

static void test_nonstall_memop(void)
{
    NovaMmuXlate x;
    NovaMmuFault flt;
    NovaMmuSpace s;
    uint32_t gen;

    setup(NOVA_CHIP_TU102, true);
    chan(0);
    m1(0, NVC56F_NON_STALL_INTERRUPT, 0);
    submit(0);
    run_all(4);
    TAP_EQ(fh.nonstall[NV2080_ENGINE_TYPE_COPY0], 1, "NON_STALL_INTERRUPT raises the engine's");
    TAP_OK(fake_last_event(&fh, NOVA_EV_NONSTALL) != NULL, "nonstall event");

    nova_mmu_space_from_inst(&s, &fh.host, NOVA_MMU_APERTURE_VRAM, INST, false);
    nova_mmu_tlb_translate(&tlb, &s, &fh.host, DATA, NOVA_MMU_READ, false, &x, &flt);
    gen = tlb.gen;
    inc(0, NVC56F_MEM_OP_A, 4);
    p(0); p(0); p(1); p(NVC56F_MEM_OP_D_OPERATION_MMU_TLB_INVALIDATE << 27);
    submit(0);
    run_all(4);
    TAP_OK(tlb.gen != gen, "MEM_OP MMU_TLB_INVALIDATE (all PDBs) invalidates the TLB");
    /* a targeted PDB: remap a page, invalidate that PDB, the copy sees the new page */
    vput64(PD0 + 1 * 16, pte(NOVA_MMU_APERTURE_VRAM, VRAM_A + 15 * (2u << 20)));
    nova_mmu_tlb_translate(&tlb, &s, &fh.host, DATA, NOVA_MMU_READ, false, &x, &flt);
    gen = tlb.gen;
    inc(0, NVC56F_MEM_OP_A, 4);
    p(0); p(0); p((uint32_t)(PD3 >> 12) << 12); p(NVC56F_MEM_OP_D_OPERATION_MMU_TLB_INVALIDATE << 27);
    m1(0, NVC56F_MEM_OP_D, NVC56F_MEM_OP_D_OPERATION_MEMBAR << 27);
    submit(0);
    run_all(4);
    TAP_OK(tlb.gen != gen || tlb.stats.misses > 0, "MEM_OP invalidate of one PDB");
    nova_mmu_tlb_translate(&tlb, &s, &fh.host, DATA, NOVA_MMU_READ, false, &x, &flt);
    TAP_EQ(x.pa, VRAM_A + 15 * (2u << 20), "... the new mapping is seen");
    TAP_EQ(fh.channel_errors, 0, "MEMBAR is a no-op");
}

/* CE helpers */
static void ce_bind(unsigned i, uint32_t cls)
{
    m1(1, NVC56F_SET_OBJECT, cls);
    (void)i;
}

static void ce_copy(uint64_t src, uint64_t dst, uint32_t len, uint32_t launch)
{
    inc(1, NVC5B5_OFFSET_IN_UPPER, 4);
    p(src >> 32); p((uint32_t)src); p(dst >> 32); p((uint32_t)dst);
    m1(1, NVC5B5_LINE_LENGTH_IN, len);
    m1(1, NVC5B5_LAUNCH_DMA, launch);
}

#define PITCH_1D    (1u << 0 | 1u << 7 | 1u << 8)   /* pipelined, pitch, pitch */

static void fill_pattern(uint8_t *p8, size_t n, unsigned seed)
{
    size_t k;

    for (k = 0; k < n; k++) {
        p8[k] = (uint8_t)(k * 7 + seed + (k >> 12));
    }
}

static void test_ce_copies(void)
{
    static uint8_t want[12u << 20];
    uint32_t len = (3u << 20) + 123;
    uint8_t *sys = fh.ram;
    unsigned k;
    bool ok;

    setup(NOVA_CHIP_TU102, false);
    chan(0);
    sys = fh.ram;
    /* 1D VRAM -> VRAM across 2 MiB pages, not a page multiple */
    fill_pattern(fh.vram + a_off(DATA + 0x1001), len, 1);
    ce_bind(0, TURING_DMA_COPY_A);
    ce_copy(DATA + 0x1001, DATA + (4u << 20) + 0x333, len, PITCH_1D);
    submit(0);
    run_all(8);
    TAP_OK(!memcmp(fh.vram + a_off(DATA + 0x1001), fh.vram + a_off(DATA + (4u << 20) + 0x333), len),
           "1D copy of 3 MiB + 123 bytes across 2 MiB pages");
    TAP_EQ(ch_of(0)->stats.bytes, len, "bytes counted");
    TAP_OK(fake_last_event(&fh, NOVA_EV_COPY) &&
           fake_last_event(&fh, NOVA_EV_COPY)->copy.bytes == len, "copy event");

    /* VRAM -> system memory through scattered 4K pages (region B) */
    ce_copy(DATA + 0x1001, VA_B + 0x10, 0x12345, PITCH_1D);
    submit(0);
    run_all(8);
    ok = true;
    for (k = 0; k < 0x12345; k++) {
        uint64_t va = 0x10 + k;
        uint64_t pa = (SYS_B - FAKE_RAM_BASE) + (511 - (va >> 12)) * 4096 + (va & 0xfff);

        ok &= sys[pa] == fh.vram[a_off(DATA + 0x1001) + k];
    }
    TAP_OK(ok, "VRAM to scattered system memory pages");
    /* and back, VA to VA the other way */
    ce_copy(VA_B + 0x10, DATA + (8u << 20), 0x12345, PITCH_1D);
    submit(0);
    run_all(8);
    TAP_OK(!memcmp(fh.vram + a_off(DATA + 0x1001), fh.vram + a_off(DATA + (8u << 20)), 0x12345),
           "system memory back to VRAM");

    /* physical: VRAM (local FB) to coherent system memory */
    m1(1, NVC5B5_SET_SRC_PHYS_MODE, NVC5B5_SET_PHYS_MODE_TARGET_LOCAL_FB);
    m1(1, NVC5B5_SET_DST_PHYS_MODE, NVC5B5_SET_PHYS_MODE_TARGET_COHERENT_SYSMEM);
    ce_copy(VRAM_A + 0x201001, FAKE_RAM_BASE + 0x20003, 0x5001, PITCH_1D | 1u << 12 | 1u << 13);
    submit(0);
    run_all(8);
    TAP_OK(!memcmp(fh.vram + VRAM_A + 0x201001, sys + 0x20003, 0x5001),
           "physical copy VRAM to system memory");

    /* 2D: 7 lines of 100 bytes, pitches 256 in, 128 out */
    inc(1, NVC5B5_PITCH_IN, 4);
    p(256); p(128); p(100); p(7);
    inc(1, NVC5B5_OFFSET_IN_UPPER, 4);
    p(DATA >> 32); p((uint32_t)DATA + 0x50000); p(DATA >> 32); p((uint32_t)DATA + 0x60000);
    m1(1, NVC5B5_LAUNCH_DMA, PITCH_1D | 1u << 9);
    fill_pattern(fh.vram + a_off(DATA + 0x50000), 0x1000, 9);
    memset(fh.vram + a_off(DATA + 0x60000), 0xee, 0x1000);
    submit(0);
    run_all(8);
    ok = true;
    for (k = 0; k < 7; k++) {
        ok &= !memcmp(fh.vram + a_off(DATA + 0x50000) + k * 256,
                      fh.vram + a_off(DATA + 0x60000) + k * 128, 100);
        ok &= fh.vram[a_off(DATA + 0x60000) + k * 128 + 100] == 0xee;
    }
    TAP_OK(ok, "2D copy with pitches, bytes between lines untouched");

    /* memset through remap: 4-byte constant, one component */
    memset(fh.vram + a_off(DATA + 0x70000), 0, 0x2000);
    inc(1, NVC5B5_SET_REMAP_CONST_A, 3);
    p(0xa5b6c7d8); p(0); p(4 | 3u << 16);
    ce_copy(0, DATA + 0x70004, 1000, PITCH_1D | 1u << 10);
    submit(0);
    run_all(8);
    ok = true;
    for (k = 0; k < 1000; k++) {
        ok &= va_get32(DATA + 0x70004 + k * 4) == 0xa5b6c7d8;
    }
    TAP_OK(ok && va_get32(DATA + 0x70004 + 4000) == 0, "memset: 1000 words, nothing after");
    /* remap swizzle: 2-byte components, src (X, Y) -> dst (Y, X, CONST_B, NO_WRITE) */
    va_put32(DATA + 0x80000, 0x22221111);
    va_put32(DATA + 0x90004, 0xffffffff);
    inc(1, NVC5B5_SET_REMAP_CONST_A, 3);
    p(0); p(0x3333); p(1 | 0 << 4 | 5 << 8 | 6 << 12 | 1u << 16 | 1u << 20 | 3u << 24);
    ce_copy(DATA + 0x80000, DATA + 0x90000, 1, PITCH_1D | 1u << 10);
    submit(0);
    run_all(8);
    TAP_EQ(va_get64(DATA + 0x90000), 0xffff333311112222ull, "remap swizzle, constant, no-write");

    /* a 12 MiB copy is split across runs by the byte budget */
    fill_pattern(want, sizeof(want), 3);
    memcpy(fh.vram + a_off(DATA + (2u << 20)), want, sizeof(want));
    ce_copy(DATA + (2u << 20), DATA + (16u << 20), sizeof(want), PITCH_1D);
    m1(1, NVC5B5_SET_SEMAPHORE_A, SEM >> 32);
    m1(1, NVC5B5_SET_SEMAPHORE_B, (uint32_t)SEM + 0x100);
    m1(1, NVC5B5_SET_SEMAPHORE_PAYLOAD, 0x600d);
    m1(1, NVC5B5_LAUNCH_DMA, 2u << 3 | 2u << 5);    /* no transfer: release + intr */
    submit(0);
    fh.scheduled_in[NOVA_WORK_FIFO] = 0;
    nova_fifo_run(f);
    TAP_OK(ch_of(0)->ce.active, "12 MiB copy: still running after one run");
    TAP_EQ(fh.scheduled_in[NOVA_WORK_FIFO], 1, "... the next slice is scheduled");
    TAP_EQ(fh.last_schedule_in_ns, NOVA_FIFO_TIMESLICE_NS, "... a timeslice later");
    TAP_EQ(va_get32(SEM + 0x100), 0, "... the semaphore after it not yet released");
    TAP_OK(run_all(8) >= 1 && !ch_of(0)->ce.active, "... finishes in the next run");
    TAP_OK(!memcmp(fh.vram + a_off(DATA + (16u << 20)), want, sizeof(want)),
           "12 MiB copy correct");
    TAP_EQ(va_get32(SEM + 0x100), 0x600d, "four-word semaphore released after the copy");
    TAP_EQ(va_get64(SEM + 0x108), fh.now_ns, "... with the timestamp");
    TAP_EQ(fh.nonstall[NV2080_ENGINE_TYPE_COPY0], 1, "NON_BLOCKING: the non-stall interrupt");
    TAP_EQ(fh.channel_errors, 0, "no channel errors");
}

/* The copies of test_ce_map_same, on a fresh engine: @map offers vram_map or not. */
static void ce_map_run(bool map)
{
    setup(NOVA_CHIP_TU102, true);
    if (!map) {
        fh.host.vram_map = NULL;
    }
    fh.vram_maps = 0;
    chan(0);
    fill_pattern(fh.vram + a_off(DATA), 8u << 20, 5);
    fill_pattern(fh.ram + (SYS_B - FAKE_RAM_BASE), 2u << 20, 6);
    ce_bind(0, TURING_DMA_COPY_A);
    /* across 2 MiB pages, not aligned */
    ce_copy(DATA + 0x1001, DATA + (10u << 20) + 0x333, (3u << 20) + 123, PITCH_1D);
    /* overlapping, both ways, within one piece (longer overlaps are undefined, as on hardware) */
    ce_copy(DATA + 0x1000, DATA + 0x1800, 0x8000, PITCH_1D);
    ce_copy(DATA + 0x20800, DATA + 0x20000, 0x8000, PITCH_1D);
    /* VRAM to scattered system memory pages and back */
    ce_copy(DATA + 0x3001, VA_B + 0x10, 0x12345, PITCH_1D);
    ce_copy(VA_B + 0x20, DATA + (14u << 20) + 7, 0x23456, PITCH_1D);
    submit(0);
    /* physical VRAM to system memory and back */
    m1(1, NVC5B5_SET_SRC_PHYS_MODE, NVC5B5_SET_PHYS_MODE_TARGET_LOCAL_FB);
    m1(1, NVC5B5_SET_DST_PHYS_MODE, NVC5B5_SET_PHYS_MODE_TARGET_COHERENT_SYSMEM);
    ce_copy(VRAM_A + 0x201001, FAKE_RAM_BASE + 0x20003, 0x25001, PITCH_1D | 1u << 12 | 1u << 13);
    m1(1, NVC5B5_SET_SRC_PHYS_MODE, NVC5B5_SET_PHYS_MODE_TARGET_COHERENT_SYSMEM);
    m1(1, NVC5B5_SET_DST_PHYS_MODE, NVC5B5_SET_PHYS_MODE_TARGET_LOCAL_FB);
    ce_copy(FAKE_RAM_BASE + 0x20003, VRAM_A + (20u << 20) + 1, 0x25001,
            PITCH_1D | 1u << 12 | 1u << 13);
    submit(0);
    /* fills: a 4-byte constant; 12-byte elements straddling scattered pages */
    inc(1, NVC5B5_SET_REMAP_CONST_A, 3);
    p(0xa5b6c7d8); p(0); p(4 | 3u << 16);
    ce_copy(0, DATA + (6u << 20) + 4, 0x50001, PITCH_1D | 1u << 10);
    inc(1, NVC5B5_SET_REMAP_CONST_A, 3);
    p(0x11223344); p(0x55667788); p(4 | 5u << 4 | 4u << 8 | 3u << 16 | 2u << 24);
    ce_copy(0, VA_B + 0xff0, 2000, PITCH_1D | 1u << 10);
    submit(0);
    /* a swizzle (not a fill) */
    inc(1, NVC5B5_SET_REMAP_CONST_A, 3);
    p(0); p(0x3333); p(1 | 0 << 4 | 5 << 8 | 6 << 12 | 1u << 16 | 1u << 20 | 3u << 24);
    ce_copy(DATA + 0x80000, DATA + 0x90000, 0x3000, PITCH_1D | 1u << 10);
    /* last: a copy into region C's hole stops the channel part way */
    ce_copy(DATA, VA_C + 0x100, 8 * 4096, PITCH_1D);
    submit(0);
    run_all(16);
}

/* vram_map (bytes moved once) and the bounce buffer leave the same bytes */
static void test_ce_map_same(void)
{
    uint8_t *vram = malloc(FAKE_VRAM_SIZE), *ram = malloc(FAKE_RAM_SIZE);
    unsigned errors;

    ce_map_run(false);
    TAP_EQ(fh.vram_maps, 0, "bounce path: no VRAM mapped");
    TAP_EQ(fh.channel_errors, 1, "... the copy into the hole stopped the channel");
    memcpy(vram, fh.vram, FAKE_VRAM_SIZE);
    memcpy(ram, fh.ram, FAKE_RAM_SIZE);
    errors = fh.channel_errors;
    ce_map_run(true);
    TAP_OK(fh.vram_maps > 0, "mapped path: VRAM mapped");
    TAP_EQ(fh.channel_errors, errors, "... the same channel error");
    TAP_EQ(fh.last_channel_error.exception, ROBUST_CHANNEL_FIFO_ERROR_MMU_ERR_FLT,
           "... an MMU fault");
    TAP_OK(!memcmp(vram, fh.vram, FAKE_VRAM_SIZE), "... VRAM the same as the bounce path's");
    TAP_OK(!memcmp(ram, fh.ram, FAKE_RAM_SIZE), "... system memory the same");
    TAP_EQ(va_get32(DATA + (6u << 20) + 4 + 0x50000 * 4), 0xa5b6c7d8, "... the fill's last word");
    TAP_OK(va_get32(DATA + (6u << 20) + 4 + 0x50001 * 4) != 0xa5b6c7d8,
           "... and not the word after it");
    free(vram);
    free(ram);
}

static void test_ce_errors(void)
{
    setup(NOVA_CHIP_GA102, false);
    chan(0);
    chan(1);
    ce_bind(0, AMPERE_DMA_COPY_B);
    /* 64-bit payload semaphore on AMPERE_DMA_COPY_B */
    inc(1, NVC5B5_SET_SEMAPHORE_A, 4);
    p(SEM >> 32); p((uint32_t)SEM); p(0x11111111); p(0x22222222);
    m1(1, NVC5B5_LAUNCH_DMA, 1u << 3 | 1u << 27);
    submit(0);
    run_all(4);
    TAP_EQ(va_get64(SEM), 0x2222222211111111ull, "AMPERE_DMA_COPY_B: 64-bit one-word release");
    /* block-linear refused */
    ce_copy(DATA, DATA + 0x1000, 64, 1u << 0 | 1u << 8);
    submit(0);
    run_all(4);
    TAP_EQ(ch_of(0)->state, NOVA_CHAN_ERROR, "block-linear: channel error");
    TAP_EQ(fh.last_channel_error.exception, ROBUST_CHANNEL_CE_ERROR, "... CE error");
    /* a fault mid-copy: region C's hole */
    ce_bind(1, AMPERE_DMA_COPY_B);
    ce_copy(DATA, VA_C + 0x100, 8 * 4096, PITCH_1D);
    submit(1);
    run_all(4);
    TAP_EQ(ch_of(1)->state, NOVA_CHAN_ERROR, "copy into an unmapped page: channel error");
    TAP_EQ(fh.last_channel_error.exception, ROBUST_CHANNEL_FIFO_ERROR_MMU_ERR_FLT, "... MMU fault");
    TAP_EQ(fh.last_channel_error.info, VA_C + C_HOLE * 4096, "... at the hole");
    TAP_EQ(vget32(VRAM_C + 0x100), va_get32(DATA), "... the pages before it were written");
    /* TURING_DMA_COPY_A on GA102 is refused */
    chan(2);
    ce_bind(2, TURING_DMA_COPY_A);
    submit(2);
    run_all(4);
    TAP_EQ(ch_of(2)->state, NOVA_CHAN_ERROR, "SET_OBJECT of another chip's class: error");
}

static void test_errors(void)
{
    NovaChannelDesc d;

    setup(NOVA_CHIP_TU102, false);
    chan(0);
    chan(1);
    m1(0, 0x3c, 0);
    submit(0);
    sem_exec(SEM, 1, NVC56F_SEM_EXECUTE_OPERATION_RELEASE);
    submit(1);
    run_all(4);
    TAP_EQ(ch_of(0)->state, NOVA_CHAN_ERROR, "an undefined host method: channel error");
    TAP_EQ(fh.last_channel_error.info, 0x3c, "... reports the method");
    TAP_OK(fh.events[NOVA_EV_UB_FIFO] >= 1, "... a guest error event");
    TAP_OK(fh.events[NOVA_EV_CHANNEL_ERROR] == 1, "... a channel error event");
    TAP_EQ(va_get32(SEM), 1, "the other channel kept running");
    TAP_EQ(nova_fifo_channel_schedule(f, 10, true), NV_ERR_INVALID_STATE,
           "a channel in error cannot be rescheduled");
    nova_fifo_channel_free(f, 10);

    chan(0);
    m1(3, 0x200, 0);
    submit(0);
    run_all(4);
    TAP_EQ(ch_of(0)->state, NOVA_CHAN_ERROR, "method on a subchannel with no object");
    nova_fifo_channel_free(f, 10);

    chan(0);
    queue_entry(0, 0, NVC56F_GP_ENTRY1_OPCODE_ILLEGAL);
    nova_fifo_doorbell(f, nova_fifo_token(1, 10));
    run_all(4);
    TAP_EQ(ch_of(0)->state, NOVA_CHAN_ERROR, "ILLEGAL GPFIFO entry");
    nova_fifo_channel_free(f, 10);

    chan(0);
    queue_entry(0, 0x1000, 4u << 10);      /* VA 0x1000: not mapped */
    nova_fifo_doorbell(f, nova_fifo_token(1, 10));
    run_all(4);
    TAP_EQ(fh.last_channel_error.exception, ROBUST_CHANNEL_FIFO_ERROR_MMU_ERR_FLT,
           "pushbuffer fetch fault: MMU error");
    TAP_EQ(fh.last_channel_error.info, 0x1000, "... at the segment");
    nova_fifo_channel_free(f, 10);

    d = desc(0, 10);
    d.inst = INST_SMALL;
    nova_fifo_channel_alloc(f, &d);
    nova_fifo_channel_schedule(f, 10, true);
    gp_put[0] = 0;
    queue_entry(0, (uint32_t)PB(0), 0x800u << 10);  /* 8 KiB past a 4 KiB limit */
    nova_fifo_doorbell(f, nova_fifo_token(1, 10));
    run_all(4);
    TAP_EQ(ch_of(0)->state, NOVA_CHAN_ERROR, "segment past the VA limit: GPFIFO error");
    nova_fifo_channel_free(f, 10);

    d = desc(0, 10);
    d.gpfifo_va = 0x7000;                  /* unmapped ring */
    nova_fifo_channel_alloc(f, &d);
    nova_fifo_channel_schedule(f, 10, true);
    fake_vram_write(&fh, USERD(0) + NV_USERD_GP_PUT, (uint8_t[4]){ 1 }, 4);
    fake_vram_write(&fh, USERD(0) + NV_USERD_GP_GET, (uint8_t[4]){ 0 }, 4);
    nova_fifo_doorbell(f, nova_fifo_token(1, 10));
    run_all(4);
    TAP_EQ(fh.last_channel_error.info, 0x7000, "GPFIFO fetch fault at the ring");
    TAP_EQ(ch_of(1)->state, NOVA_CHAN_RUNNABLE, "the other channel is untouched");
}

static void test_gr(void)
{
    setup(NOVA_CHIP_TU102, false);
    chan(0);
    nova_fifo_channel_bind(f, 10, NV2080_ENGINE_TYPE_GR0);
    m1(0, NVC56F_SET_OBJECT, TURING_A);
    m1(1, NVC56F_SET_OBJECT, TURING_COMPUTE_A);
    m1(2, NVC56F_SET_OBJECT, FERMI_TWOD_A);
    m1(0, 0x1234, 5);
    m1(0, NVC597_BEGIN, 1);
    m1(0, NVC597_END, 0);
    m1(1, NVC5C0_SEND_PCAS_A, 0);
    m1(2, 0x240, 0);
    inc(0, NVC597_SET_REPORT_SEMAPHORE_A, 4);
    p(SEM >> 32); p((uint32_t)SEM + 0x200); p(0xf00d);
    p(NVC597_SET_REPORT_SEMAPHORE_D_OPERATION_RELEASE | 1u << 28);
    inc(1, NVC597_SET_REPORT_SEMAPHORE_A, 4);
    p(SEM >> 32); p((uint32_t)SEM + 0x210); p(0xbeef);
    p(NVC597_SET_REPORT_SEMAPHORE_D_OPERATION_RELEASE);
    inc(0, NVC597_SET_REPORT_SEMAPHORE_C, 2);
    p(0xf00d); p(NVC597_SET_REPORT_SEMAPHORE_D_OPERATION_ACQUIRE | 1u << 16);
    submit(0);
    fh.now_ns = 4242;
    run_all(4);
    TAP_EQ(va_get32(SEM + 0x200), 0xf00d, "3D one-word report semaphore");
    TAP_EQ(va_get32(SEM + 0x210), 0xbeef, "compute four-word report: payload");
    TAP_EQ(va_get64(SEM + 0x218), 4242, "... timestamp");
    TAP_EQ(ch_of(0)->gr.draws, 2, "draws recorded");
    TAP_EQ(ch_of(0)->gr.dispatches, 1, "dispatches recorded");
    TAP_EQ(ch_of(0)->gr.methods, 5, "methods recorded");
    TAP_OK(fh.events[NOVA_EV_UNIMP_METHOD] == 3, "draws and dispatches traced as unimplemented");
    TAP_EQ(ch_of(0)->state, NOVA_CHAN_RUNNABLE, "3D acquire (GE) satisfied");
    m1(0, NVC56F_SET_OBJECT, AMPERE_B);
    submit(0);
    run_all(4);
    TAP_EQ(ch_of(0)->state, NOVA_CHAN_ERROR, "AMPERE_B on TU102 refused");
}

static void test_budget(void)
{
    unsigned k;
    int runs;

    setup(NOVA_CHIP_TU102, false);
    chan(0);
    chan(1);
    /* 3 entries of 4000 NOPs each, then a release: more than one run's budget */
    for (k = 0; k < 3; k++) {
        p(hdr(NVC56F_DMA_SEC_OP_NON_INC_METHOD, 0, NVC56F_NOP, 4000));
        pn += 4000;
        memset(pb + 1, 0, 4000 * 4);
        submit_nodb(0);
    }
    sem_exec(SEM + 0x300, 9, NVC56F_SEM_EXECUTE_OPERATION_RELEASE);
    submit(0);
    sem_exec(SEM + 0x304, 8, NVC56F_SEM_EXECUTE_OPERATION_RELEASE);
    submit(1);
    fh.scheduled_in[NOVA_WORK_FIFO] = 0;
    nova_fifo_run(f);
    TAP_EQ(fh.scheduled_in[NOVA_WORK_FIFO], 1, "a long pushbuffer: run returns and reschedules");
    TAP_EQ(va_get32(SEM + 0x304), 8, "... the other channel got its turn");
    TAP_EQ(va_get32(SEM + 0x300), 0, "... the long one is not done");
    runs = run_all(10);
    TAP_EQ(va_get32(SEM + 0x300), 9, "... and finishes later");
    TAP_OK(runs >= 1, "... in later runs");

    /* a ring the guest keeps full of entries jumping to the same segment */
    p(hdr(NVC56F_DMA_SEC_OP_NON_INC_METHOD, 0, NVC56F_NOP, 2000));
    pn += 2000;
    memset(pb + 1, 0, 2000 * 4);
    submit_nodb(0);
    for (k = 0; k < 20; k++) {
        nova_fifo_run(f);
        queue_entry(0, (uint32_t)PB(0), 2001u << 10);
        nova_fifo_doorbell(f, nova_fifo_token(1, 10));
    }
    TAP_OK(ch_of(0)->pending, "an endless stream: each run returns, work stays pending");
    TAP_EQ(fh.channel_errors, 0, "no errors");
}

static void test_reentry(void)
{
    setup(NOVA_CHIP_TU102, false);
    chan(0);
    chan(1);
    reenter_mode = 1;                   /* channel_error resets the engine */
    m1(0, 0x3c, 0);
    sem_exec(SEM, 1, NVC56F_SEM_EXECUTE_OPERATION_RELEASE);
    submit(0);
    sem_exec(SEM + 4, 1, NVC56F_SEM_EXECUTE_OPERATION_RELEASE);
    submit(1);
    run_all(4);
    TAP_EQ(fh.channel_errors, 1, "channel error that resets the engine: reported once");
    TAP_OK(!ch_of(0) && !ch_of(1), "... every channel is gone");
    TAP_OK(nova_fifo_invalid(f) == NULL, "... the state is consistent");
    TAP_EQ(va_get32(SEM), 0, "... nothing ran after it");

    setup(NOVA_CHIP_TU102, false);
    chan(0);
    chan(1);
    reenter_mode = 2;                   /* channel_error frees the channel */
    m1(0, 0x3c, 0);
    submit(0);
    sem_exec(SEM + 4, 2, NVC56F_SEM_EXECUTE_OPERATION_RELEASE);
    submit(1);
    run_all(4);
    TAP_OK(!ch_of(0), "channel error that frees the channel: freed");
    TAP_EQ(va_get32(SEM + 4), 2, "... the other channel ran");

    setup(NOVA_CHIP_TU102, false);
    chan(0);
    reenter_mode = 3;                   /* the non-stall interrupt frees the channel */
    reenter_chid = 10;
    m1(0, NVC56F_NON_STALL_INTERRUPT, 0);
    sem_exec(SEM + 8, 3, NVC56F_SEM_EXECUTE_OPERATION_RELEASE);
    submit(0);
    run_all(4);
    TAP_OK(!ch_of(0), "nonstall handler freed the channel");
    TAP_EQ(va_get32(SEM + 8), 0, "... nothing ran after it");
    TAP_OK(nova_fifo_invalid(f) == NULL, "... the state is consistent");
    chan(0);
    TAP_EQ(ch_of(0)->gp_get, 0, "a new channel in the slot starts clean");

    setup(NOVA_CHIP_TU102, false);
    chan(0);
    reenter_mode = 4;                   /* the non-stall interrupt resets the engine */
    m1(1, NVC56F_SET_OBJECT, TURING_DMA_COPY_A);
    ce_copy(DATA, DATA + 0x1000, 16, PITCH_1D | 2u << 5);
    ce_copy(DATA, DATA + 0x2000, 16, PITCH_1D);
    submit(0);
    va_put32(DATA, 0x12345678);
    run_all(4);
    TAP_EQ(va_get32(DATA + 0x1000), 0x12345678, "reset from the CE's interrupt: the copy happened");
    TAP_EQ(va_get32(DATA + 0x2000), 0, "... nothing after it");
    TAP_OK(!ch_of(0) && nova_fifo_invalid(f) == NULL, "... the engine is reset and consistent");

    setup(NOVA_CHIP_TU102, false);
    chan(0);
    chan(1);
    reenter_mode = 5;                   /* the interrupt re-enters nova_fifo_run */
    reenter_chid = 11;
    m1(0, NVC56F_NON_STALL_INTERRUPT, 0);
    sem_exec(SEM + 0x10, 4, NVC56F_SEM_EXECUTE_OPERATION_RELEASE);
    submit(0);
    sem_exec(SEM + 0x14, 5, NVC56F_SEM_EXECUTE_OPERATION_RELEASE);
    submit_nodb(1);
    run_all(4);
    TAP_EQ(va_get32(SEM + 0x10), 4, "a nested run returns at once, the outer one goes on");
    TAP_EQ(va_get32(SEM + 0x14), 5, "... and the doorbell rung inside is served");
}

static void test_reentry_dma(void)
{
    unsigned mode;

    for (mode = 1; mode <= 2; mode++) {
        setup(NOVA_CHIP_TU102, true);
        /* the bounce path: every 64 KiB goes through vram_write, which re-enters */
        fh.host.vram_map = NULL;
        chan(0);
        chan(1);
        m1(1, NVC56F_SET_OBJECT, TURING_DMA_COPY_A);
        memset(fh.vram + a_off(DATA), 0x5a, 4u << 20);
        ce_copy(DATA, DATA + (8u << 20), 4u << 20, PITCH_1D);
        sem_exec(SEM, 1, NVC56F_SEM_EXECUTE_OPERATION_RELEASE);
        submit(0);
        sem_exec(SEM + 4, 2, NVC56F_SEM_EXECUTE_OPERATION_RELEASE);
        submit(1);
        dma_countdown = 10;
        dma_mode = mode;
        run_all(8);
        TAP_EQ(fh.vram[a_off(DATA + (8u << 20)) + 9 * 65536], 0x5a,
               "%s inside a copy's DMA: what was written stays", mode == 1 ? "free" : "reset");
        TAP_EQ(fh.vram[a_off(DATA + (8u << 20)) + 10 * 65536], 0,
               "... the copy stopped there");
        TAP_EQ(va_get32(SEM), 0, "... nothing after it ran");
        TAP_OK(!ch_of(0) && nova_fifo_invalid(f) == NULL, "... the state is consistent");
        if (mode == 1) {
            TAP_EQ(va_get32(SEM + 4), 2, "... the other channel ran");
        } else {
            TAP_OK(!ch_of(1), "... the reset took every channel");
        }
    }
}

static void test_faults(void)
{
    setup(NOVA_CHIP_TU102, false);
    chan(0);
    chan(1);
    nova_fault_arm(&f->faults.channel_error, 0, 0, 1, 2);
    sem_exec(SEM, 1, NVC56F_SEM_EXECUTE_OPERATION_RELEASE);
    submit(0);
    TAP_EQ(ch_of(0)->state, NOVA_CHAN_RUNNABLE, "channel_error fault: the 1st doorbell passes");
    sem_exec(SEM + 4, 1, NVC56F_SEM_EXECUTE_OPERATION_RELEASE);
    submit(1);
    TAP_EQ(ch_of(1)->state, NOVA_CHAN_ERROR, "... the 2nd doorbell's channel errors");
    TAP_EQ(f->faults.channel_error.hits, 1, "... one hit");
    run_all(4);
    TAP_EQ(va_get32(SEM), 1, "... the first channel ran");

    nova_fault_arm(&f->faults.sem_release_drop, 0, 0, 1, 1);
    nova_fifo_reset(f);
    TAP_OK(f->faults.sem_release_drop.armed, "a reset keeps armed faults");
    chan(0);
    gp_put[0] = 0;
    sem_exec(SEM + 0x10, 5, NVC56F_SEM_EXECUTE_OPERATION_RELEASE);
    sem_exec(SEM + 0x14, 6, NVC56F_SEM_EXECUTE_OPERATION_RELEASE);
    submit(0);
    run_all(4);
    TAP_EQ(va_get32(SEM + 0x10), 0, "sem_release_drop: the release is not written");
    TAP_EQ(va_get32(SEM + 0x14), 6, "... the next one is");

    nova_fault_arm(&f->faults.nonstall_lost, 0, 0, 1, 1);
    m1(0, NVC56F_NON_STALL_INTERRUPT, 0);
    m1(0, NVC56F_NON_STALL_INTERRUPT, 0);
    submit(0);
    run_all(4);
    TAP_EQ(fh.nonstall[NV2080_ENGINE_TYPE_COPY0], 1, "nonstall_lost: one of two interrupts lost");

    nova_fault_arm(&f->faults.ce_stall, 5, 0, 1, 1);
    m1(1, NVC56F_SET_OBJECT, TURING_DMA_COPY_A);
    va_put32(DATA, 0xabcdef);
    ce_copy(DATA, DATA + 0x3000, 4, PITCH_1D);
    submit(0);
    run_all(4);
    TAP_EQ(ch_of(0)->wait, NOVA_WAIT_CE_STALL, "ce_stall: the channel holds");
    TAP_EQ(fh.last_schedule_in_ns, 5000000, "... and is woken when the stall ends");
    TAP_EQ(va_get32(DATA + 0x3000), 0, "... the copy has not happened");
    fh.now_ns += 4999999;
    nova_fifo_run(f);
    TAP_EQ(va_get32(DATA + 0x3000), 0, "... still holding before 5 ms");
    fh.now_ns += 1;
    nova_fifo_run(f);
    TAP_EQ(va_get32(DATA + 0x3000), 0xabcdef, "... after 5 ms the copy completes");
    TAP_EQ(ch_of(0)->wait, NOVA_WAIT_NONE, "... and the channel goes on");
}

static void test_invalid(void)
{
    setup(NOVA_CHIP_TU102, false);
    chan(0);
    TAP_OK(nova_fifo_invalid(f) == NULL, "a good state");
    ch_of(0)->gp_get = ENTRIES;
    TAP_OK(nova_fifo_invalid(f) != NULL, "GP_GET past the ring");
    ch_of(0)->gp_get = 0;
    ch_of(0)->mthd_subch = 8;
    TAP_OK(nova_fifo_invalid(f) != NULL, "subchannel out of range");
    ch_of(0)->mthd_subch = 0;
    ch_of(0)->seg_pos = 5;
    TAP_OK(nova_fifo_invalid(f) != NULL, "segment position past its length");
    ch_of(0)->seg_pos = 0;
    ch_of(0)->subch_class[2] = 0x1234;
    TAP_OK(nova_fifo_invalid(f) != NULL, "unknown class on a subchannel");
    ch_of(0)->subch_class[2] = 0;
    ch_of(0)->desc.chid = 5000;
    TAP_OK(nova_fifo_invalid(f) != NULL, "chid out of range");
    f->ch[0].desc.chid = 10;
    f->ch[0].state = 9;
    TAP_OK(nova_fifo_invalid(f) != NULL, "channel state out of range");
    f->ch[0].state = NOVA_CHAN_RUNNABLE;
    f->ch[0].wait = 7;
    TAP_OK(nova_fifo_invalid(f) != NULL, "wait out of range");
    f->ch[0].wait = 0;
    f->ch[0].desc.engine_type = 0x99;
    TAP_OK(nova_fifo_invalid(f) != NULL, "engine type out of range");
    f->ch[0].desc.engine_type = NV2080_ENGINE_TYPE_COPY0;
    f->rr_next = 64;
    TAP_OK(nova_fifo_invalid(f) != NULL, "round-robin slot out of range");
    f->rr_next = 0;
    chan(1);
    f->ch[1].desc.chid = 10;
    TAP_OK(nova_fifo_invalid(f) != NULL, "duplicate chid");
    f->ch[1].desc.chid = 11;
    f->ch[0].pending = true;
    fh.scheduled[NOVA_WORK_FIFO] = 0;
    nova_fifo_post_load(f);
    TAP_EQ(fh.scheduled[NOVA_WORK_FIFO], 1, "post_load reschedules pending work");
}

static void test_more_semaphores(void)
{
    NovaChannelDesc d;

    setup(NOVA_CHIP_AD102, false);
    chan(0);
    chan(1);
    /* the old form's reduction and an unsatisfied ACQ_GEQ woken by a release */
    va_put32(SEM, 10);
    inc(0, NVC56F_SEMAPHOREA, 4);
    p(SEM >> 32); p((uint32_t)SEM); p(3);
    p(NVC56F_SEMAPHORED_OPERATION_REDUCTION | NVC56F_SEM_EXECUTE_REDUCTION_IMIN << 27 | 1u << 31);
    m1(0, NVC56F_SEMAPHOREC, 20);
    m1(0, NVC56F_SEMAPHORED, NVC56F_SEMAPHORED_OPERATION_ACQ_GEQ);
    release_old(0, SEM + 0x10, 0x77, true);
    submit(0);
    run_all(4);
    TAP_EQ(va_get32(SEM), 3, "SEMAPHORED reduction (unsigned IMIN)");
    TAP_EQ(ch_of(0)->wait, NOVA_WAIT_ACQUIRE, "SEMAPHORED ACQ_GEQ not satisfied: waits");
    sem_exec(SEM, 25, NVC56F_SEM_EXECUTE_OPERATION_RELEASE);
    submit(1);
    run_all(4);
    TAP_EQ(va_get32(SEM + 0x10), 0x77, "... released by the other channel, it goes on");
    /* INC and DEC wrap at the payload */
    va_put32(SEM + 0x20, 4);
    va_put32(SEM + 0x24, 0);
    sem_exec(SEM + 0x20, 4, NVC56F_SEM_EXECUTE_OPERATION_REDUCTION |
             NVC56F_SEM_EXECUTE_REDUCTION_INC << 27 | 1u << 31);
    sem_exec(SEM + 0x24, 9, NVC56F_SEM_EXECUTE_OPERATION_REDUCTION |
             NVC56F_SEM_EXECUTE_REDUCTION_DEC << 27 | 1u << 31);
    submit(0);
    run_all(4);
    TAP_EQ(va_get32(SEM + 0x20), 0, "INC wraps to 0 at the payload");
    TAP_EQ(va_get32(SEM + 0x24), 9, "DEC wraps to the payload below 0");

    /* CE: four-word 64-bit release, a reduction, the blocking interrupt, render enable */
    fh.now_ns = 777;
    m1(1, NVC56F_SET_OBJECT, AMPERE_DMA_COPY_B);
    m1(1, NVC5B5_SET_RENDER_ENABLE_C, 1);
    inc(1, NVC5B5_SET_SEMAPHORE_A, 4);
    p(SEM >> 32); p((uint32_t)SEM + 0x40); p(0x89abcdef); p(0x01234567);
    m1(1, NVC5B5_LAUNCH_DMA, 2u << 3 | 1u << 27 | 1u << 5);
    va_put32(SEM + 0x60, 5);
    inc(1, NVC5B5_SET_SEMAPHORE_A, 4);
    p(SEM >> 32); p((uint32_t)SEM + 0x60); p(6); p(0);
    m1(1, NVC5B5_LAUNCH_DMA, 1u << 3 | NVC56F_SEM_EXECUTE_REDUCTION_IADD << 14 | 1u << 19);
    submit(0);
    run_all(4);
    TAP_EQ(va_get64(SEM + 0x40), 0x0123456789abcdefull, "CE four-word release, 64-bit payload");
    TAP_EQ(va_get64(SEM + 0x48), 777, "... timestamp");
    TAP_EQ(va_get32(SEM + 0x60), 11, "CE semaphore reduction (IADD)");
    TAP_EQ(fh.events[NOVA_EV_UNIMP_METHOD], 2, "render enable and blocking interrupt traced");
    TAP_EQ(fh.channel_errors, 0, "no errors so far");

    /* GR: TRAP is GR's exception */
    m1(2, NVC56F_SET_OBJECT, ADA_COMPUTE_A);
    m1(2, NVC597_SET_REPORT_SEMAPHORE_D, NVC597_SET_REPORT_SEMAPHORE_D_OPERATION_TRAP);
    submit(0);
    run_all(4);
    TAP_EQ(fh.last_channel_error.exception, ROBUST_CHANNEL_GR_EXCEPTION, "report TRAP: GR exception");

    /* a release to an unmapped VA is an MMU fault */
    sem_exec(0x5000, 1, NVC56F_SEM_EXECUTE_OPERATION_RELEASE);
    submit(1);
    run_all(4);
    TAP_EQ(fh.last_channel_error.exception, ROBUST_CHANNEL_FIFO_ERROR_MMU_ERR_FLT,
           "release to an unmapped VA: MMU fault");
    TAP_EQ(fh.last_channel_error.info, 0x5000, "... at the semaphore");

    /* USERD outside memory */
    d = desc(2, 12);
    d.userd = FAKE_VRAM_SIZE;
    nova_fifo_channel_alloc(f, &d);
    nova_fifo_channel_schedule(f, 12, true);
    nova_fifo_doorbell(f, nova_fifo_token(1, 12));
    run_all(4);
    TAP_EQ(nova_fifo_channel_find(f, 12)->state, NOVA_CHAN_ERROR, "USERD outside memory: error");
    TAP_OK(nova_fifo_invalid(f) == NULL, "the state is valid after all of it");
    {
        NovaFifoTotals t;

        nova_fifo_totals(f, &t);
        TAP_EQ(t.channels, 3, "totals: three channels");
        TAP_EQ(t.errored, 3, "totals: all three in error");
        TAP_OK(t.stats.releases >= 5 && t.stats.methods > 20, "totals: counters summed");
    }
}

/* Each acquire mode with a value that does not satisfy it: the channel waits. */
static void test_acquire_unsatisfied(void)
{
    static const struct { uint32_t exec; uint64_t mem, payload; const char *what; } t[] = {
        { NVC56F_SEM_EXECUTE_OPERATION_ACQUIRE, 5, 6, "ACQUIRE 5 == 6" },
        { NVC56F_SEM_EXECUTE_OPERATION_ACQ_STRICT_GEQ, 0xfffffff0, 0xfffffff1, "STRICT_GEQ" },
        { NVC56F_SEM_EXECUTE_OPERATION_ACQ_STRICT_GEQ, 5, 0xfffffff0,
          "STRICT_GEQ does not wrap" },
        { NVC56F_SEM_EXECUTE_OPERATION_ACQ_CIRC_GEQ, 0xfffffff0, 5, "CIRC_GEQ wraps" },
        { NVC56F_SEM_EXECUTE_OPERATION_ACQ_AND, 0xf0, 0x0f, "ACQ_AND" },
        { NVC56F_SEM_EXECUTE_OPERATION_ACQ_NOR, 0xffff0000, 0x0000ffff, "ACQ_NOR" },
        { NVC56F_SEM_EXECUTE_OPERATION_ACQUIRE | 1u << 24, 5, 5ull | 1ull << 32,
          "64-bit ACQUIRE compares the high word" },
    };
    unsigned k;

    for (k = 0; k < sizeof(t) / sizeof(t[0]); k++) {
        setup(NOVA_CHIP_TU102, false);
        chan(0);
        va_put32(SEM, (uint32_t)t[k].mem);
        va_put32(SEM + 4, 0);
        sem_exec(SEM, t[k].payload, t[k].exec);
        submit(0);
        run_all(2);
        TAP_EQ(ch_of(0)->wait, NOVA_WAIT_ACQUIRE, "%s: not satisfied", t[k].what);
    }
    /* an acquire on an unmapped VA is an MMU fault */
    sem_exec(0x9000, 1, NVC56F_SEM_EXECUTE_OPERATION_ACQUIRE);
    chan(1);
    submit(1);
    run_all(2);
    TAP_EQ(fh.last_channel_error.exception, ROBUST_CHANNEL_FIFO_ERROR_MMU_ERR_FLT,
           "acquire on an unmapped VA: MMU fault");
    /* MEM_OP targeted invalidate by VA */
    {
        NovaMmuSpace s;
        NovaMmuXlate x;
        NovaMmuFault flt;
        uint64_t va = DATA + 0x10000;

        setup(NOVA_CHIP_TU102, true);
        chan(0);
        nova_mmu_space_from_inst(&s, &fh.host, NOVA_MMU_APERTURE_VRAM, INST, false);
        nova_mmu_tlb_translate(&tlb, &s, &fh.host, va, NOVA_MMU_READ, false, &x, &flt);
        vput64(PD0 + 1 * 16, pte(NOVA_MMU_APERTURE_VRAM, VRAM_A + 14 * (2u << 20)));
        inc(0, NVC56F_MEM_OP_A, 4);
        p((uint32_t)(va >> 12) << 12); p((uint32_t)(va >> 32)); p((uint32_t)PD3);
        p(NVC56F_MEM_OP_D_OPERATION_MMU_TLB_INVALIDATE_TARGETED << 27);
        submit(0);
        run_all(2);
        nova_mmu_tlb_translate(&tlb, &s, &fh.host, va, NOVA_MMU_READ, false, &x, &flt);
        TAP_EQ(x.pa, VRAM_A + 14 * (2u << 20) + 0x10000,
               "MEM_OP targeted invalidate: the new mapping is seen");
    }
}

int main(void)
{
    test_lifecycle();
    test_doorbell();
    test_basic_release();
    test_headers();
    test_wrap();
    test_semaphores();
    test_nonstall_memop();
    test_ce_copies();
    test_ce_map_same();
    test_ce_errors();
    test_errors();
    test_gr();
    test_budget();
    test_reentry();
    test_reentry_dma();
    test_faults();
    test_more_semaphores();
    test_acquire_unsatisfied();
    test_invalid();
    fake_host_free(&fh);
    return tap_done();
}
