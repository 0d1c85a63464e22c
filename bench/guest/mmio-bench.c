/*
 * mmio-bench: what a CPU access to nova-gpu's BARs costs, measured from
 * inside the guest, against the same access to QEMU's pci-testdev in the
 * same VM. Run by the guest's /init with nova.bench=mmio, before any driver
 * is loaded (bench/mmio.sh); built static by tests/guest/mkinitramfs.sh.
 *
 * It finds nova-gpu (vendor 0x10de) and pci-testdev (1b36:0005) in sysfs,
 * enables them, maps their BARs through /sys/bus/pci/devices/X/resourceN
 * and times loops of volatile accesses:
 *
 *   BAR0 read          NV_PMC_BOOT_0 (PMC's register table, read-only)
 *                      against pci-testdev's BAR0; 32-bit, then 8-bit
 *   BAR0 write         NV_PBUS_SW_SCRATCH(0) (plain storage: nothing in
 *                      the model reads scratch 0) against pci-testdev
 *   BAR0 read / RAM    the same BOOT_0 read against a read of guest RAM
 *   BAR1 read          BAR1 through GPU page tables this program writes
 *                      through PRAMIN (virtual mode) against BAR1 in
 *                      physical mode (a direct window on VRAM, which the
 *                      CPU reaches as RAM). The device maps writable VRAM
 *                      into the guest once BAR1 has been read or written
 *                      through the GPU MMU often enough (bar1-direct: 1024
 *                      accesses), so those accesses are made before each
 *                      batch; a read-only page stays an MMIO access
 *                      through the GPU MMU, timed against the BAR0 read
 *                      (what the GPU MMU adds to an MMIO access)
 *   BAR1 rebind        a BAR1_BLOCK write (which drops the mappings) and
 *                      a read of 16 KiB of writable pages, 4 bytes at a
 *                      time (mapped again on the way), against the same
 *                      with the read-only ones (all MMIO): what a
 *                      mapping's life costs and saves
 *
 * pci-testdev's accesses have no effect as long as no test is selected
 * (a write to its offset 0 selects one; this program never writes there):
 * reads return 0, writes return at once. Its BAR0 takes 1-byte accesses
 * only (impl.max_access_size 1), so QEMU splits each of its 32-bit accesses
 * into four callbacks where nova-gpu's takes one: the 8-bit pair is the one
 * with one device callback on each side.
 *
 * Each figure is a number of rounds. A round times short batches (about
 * 1 ms each, sizes calibrated per side) of the figure's access and of its
 * baseline's in turn (each side first every other time), several of
 * each, and keeps each side's best batch:
 * the machine's other load (the host's other processes, the guest's timer
 * interrupt) only ever adds time, and a pair taken in turn sees the same
 * machine. The ratio is the median of the rounds' ratios; the ns figures
 * are the medians of the rounds' best costs per access (loop included).
 * Under TCG the guest's clock follows the host's.
 *
 * Output: "mmio-bench: ..." lines for people, one "BENCH {json}" line per
 * figure (bench/lib-bench.sh's record). Exit status 1 if a device is
 * missing or a check of what the BARs read fails.
 *
 * usage: mmio-bench [-q] [-o] [-a ACCEL]
 *   -q  quick: fewer, shorter rounds
 *   -o  the GPU is out of process (vfio-user): BAR1 is never mapped into
 *       the guest, every access is a message (tens of microseconds), so
 *       the figure of what bar1-direct's mappings cost is left out (its
 *       4096 reads a rebind would take minutes, and measure nothing)
 *   -a  the accelerator QEMU runs the guest with (default TCG), first in
 *       each record's note; under any other, the records' names end in
 *       " (ACCEL)" so that a run's TCG and KVM records stay apart
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "nova/regs.h"

#define SYSFS_PCI           "/sys/bus/pci/devices"
#define TESTDEV_VENDOR      0x1b36
#define TESTDEV_DEVICE      0x0005
/* an offset in pci-testdev's BAR0 that is not its test selector (0) */
#define TESTDEV_OFF         0x100

/* VRAM layout of the BAR1 page tables (the qtest gmmu/bars uses the same) */
#define T_INST              0x100000u
#define T_PD3               0x101000u
#define T_PD2               0x102000u
#define T_PD1               0x103000u
#define T_PD0               0x104000u
#define T_PT                0x105000u
#define T_PAGE              0x300000u   /* VA 0 maps here, VA_RO read-only */
#define T_PAGES             4           /* ...and the pages after it */
#define VA_RO               0x4000u
#define T_MAGIC             0x6d6d696fu
/* what this program maps of BAR1: the page and the tables below it */
#define BAR1_MAP            (4u << 20)

static int quick;
static const char *accel = "TCG";
static int out_of_process;
static char name_suffix[40];

static void say(const char *fmt, ...)
{
    va_list ap;

    fputs("mmio-bench: ", stdout);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
    fflush(stdout);
}

static uint64_t now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + ts.tv_nsec;
}

/* --- devices -------------------------------------------------------------- */

typedef struct Dev {
    char path[300];
    int found;
} Dev;

static unsigned long read_hex(const char *dir, const char *file)
{
    char p[400], buf[32] = "";
    FILE *f;

    snprintf(p, sizeof(p), "%s/%s", dir, file);
    f = fopen(p, "r");
    if (!f) {
        return ~0ul;
    }
    if (!fgets(buf, sizeof(buf), f)) {
        buf[0] = 0;
    }
    fclose(f);
    return strtoul(buf, NULL, 0);
}

/* the first device with @vendor (and @device, unless it is ~0u) */
static void find_dev(Dev *d, unsigned vendor, unsigned device)
{
    DIR *dir = opendir(SYSFS_PCI);
    struct dirent *e;

    d->found = 0;
    if (!dir) {
        return;
    }
    while ((e = readdir(dir))) {
        char p[300];

        if (e->d_name[0] == '.') {
            continue;
        }
        snprintf(p, sizeof(p), "%s/%s", SYSFS_PCI, e->d_name);
        if (read_hex(p, "vendor") == vendor &&
            (device == ~0u || read_hex(p, "device") == device)) {
            memcpy(d->path, p, sizeof(d->path));
            d->found = 1;
            break;
        }
    }
    closedir(dir);
}

/* what pci_enable_device does: memory decoding on (no driver is bound) */
static void enable_dev(const Dev *d)
{
    char p[400];
    int fd;

    if (read_hex(d->path, "enable") == 1) {
        return;
    }
    snprintf(p, sizeof(p), "%s/enable", d->path);
    fd = open(p, O_WRONLY);
    if (fd < 0 || write(fd, "1", 1) != 1) {
        say("warning: %s: %s", p, strerror(errno));
    }
    if (fd >= 0) {
        close(fd);
    }
}

/* map @len bytes of BAR @bar (all of it when @len is 0) */
static volatile void *map_bar(const Dev *d, int bar, size_t len)
{
    char p[400];
    struct stat st;
    void *m;
    int fd;

    snprintf(p, sizeof(p), "%s/resource%d", d->path, bar);
    fd = open(p, O_RDWR | O_SYNC);
    if (fd < 0 || fstat(fd, &st) < 0) {
        say("FAIL: %s: %s", p, strerror(errno));
        exit(1);
    }
    if (!len || len > (size_t)st.st_size) {
        len = st.st_size;
    }
    m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (m == MAP_FAILED) {
        say("FAIL: mmap %s (%zu bytes): %s", p, len, strerror(errno));
        exit(1);
    }
    close(fd);
    return m;
}

/* --- the accesses ---------------------------------------------------------- */

/*
 * A batch: @n accesses at @p, nanoseconds it took. The sums keep nothing
 * from being optimised away (the pointers are volatile anyway).
 */
static volatile uint32_t sink;

static uint64_t rd32(volatile void *p, unsigned long n)
{
    volatile uint32_t *r = p;
    uint32_t s = 0;
    uint64_t t = now_ns();

    while (n--) {
        s += *r;
    }
    t = now_ns() - t;
    sink = s;
    return t;
}

static uint64_t rd8(volatile void *p, unsigned long n)
{
    volatile uint8_t *r = p;
    uint32_t s = 0;
    uint64_t t = now_ns();

    while (n--) {
        s += *r;
    }
    t = now_ns() - t;
    sink = s;
    return t;
}

static uint64_t wr32(volatile void *p, unsigned long n)
{
    volatile uint32_t *r = p;
    uint32_t v = 0;
    uint64_t t = now_ns();

    while (n--) {
        *r = v++;
    }
    return now_ns() - t;
}

/* guest RAM: a 64 KiB buffer read through, a dword at a time */
#define RAM_WORDS           (64u * 1024 / 4)
static uint32_t ram_buf[RAM_WORDS];

static uint64_t rd_ram(volatile void *p, unsigned long n)
{
    volatile uint32_t *r = p;
    uint32_t s = 0;
    unsigned i = 0;
    uint64_t t = now_ns();

    while (n--) {
        s += r[i];
        i = (i + 1) & (RAM_WORDS - 1);
    }
    t = now_ns() - t;
    sink = s;
    return t;
}

typedef uint64_t (*BatchFn)(volatile void *p, unsigned long n);

typedef struct Side {
    BatchFn fn;
    volatile void *p;
    void (*before)(void);   /* run before each batch (BAR1's mode switch) */
    unsigned long n;        /* accesses per batch, from calibrate() */
} Side;

static uint64_t run_side(Side *s, unsigned long n)
{
    if (s->before) {
        s->before();
    }
    return s->fn(s->p, n);
}

/* the best of three batches of @n */
static uint64_t best_of_3(Side *s, unsigned long n)
{
    uint64_t t = run_side(s, n), u;
    int i;

    for (i = 0; i < 2; i++) {
        u = run_side(s, n);
        t = u < t ? u : t;
    }
    return t;
}

/* accesses per batch for a batch of about @target_ns */
static void calibrate(Side *s, uint64_t target_ns)
{
    unsigned long n = 64;
    uint64_t t;

    for (;;) {
        t = best_of_3(s, n);
        if (t >= target_ns / 4 || n >= (1ul << 30)) {
            break;
        }
        n *= 2;
    }
    if (t == 0) {
        t = 1;
    }
    n = (unsigned long)((double)n * target_ns / t);
    s->n = n < 16 ? 16 : n;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

static double median(double *v, unsigned n)
{
    qsort(v, n, sizeof(*v), cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

#define MAX_ROUNDS 64

/*
 * One figure, @a against its baseline @b: rounds of batches of each in
 * turn, each round's best of each side; prints the record. @target: the
 * ratio the project aims for, 0 for none.
 */
static void figure(const char *name, Side *a, const char *baseline, Side *b,
                   double target, const char *note)
{
    unsigned rounds = quick ? 9 : 21, turns = quick ? 8 : 16, i, k;
    uint64_t batch_ns = 1000000;
    double va[MAX_ROUNDS], vb[MAX_ROUNDS], r[MAX_ROUNDS];
    double ma, mb, mr, lo, hi;
    char tgt[32] = "";

    calibrate(a, batch_ns);
    calibrate(b, batch_ns);
    run_side(a, a->n / 4);  /* warm: the translated loop, the TLBs */
    run_side(b, b->n / 4);
    for (i = 0; i < rounds; i++) {
        uint64_t ta = UINT64_MAX, tb = UINT64_MAX, t;

        /* a then b, b then a, ...: neither side always goes first */
        for (k = 0; k < turns; k++) {
            Side *first = k & 1 ? b : a, *second = k & 1 ? a : b;
            uint64_t *t1 = k & 1 ? &tb : &ta, *t2 = k & 1 ? &ta : &tb;

            t = run_side(first, first->n);
            *t1 = t < *t1 ? t : *t1;
            t = run_side(second, second->n);
            *t2 = t < *t2 ? t : *t2;
        }
        va[i] = (double)ta / a->n;
        vb[i] = (double)tb / b->n;
        r[i] = va[i] / vb[i];
    }
    ma = median(va, rounds);
    mb = median(vb, rounds);
    mr = median(r, rounds);
    lo = r[0];
    hi = r[rounds - 1];
    say("%s: %.1f ns, %s: %.1f ns, ratio %.3f (rounds %.3f..%.3f; %u rounds "
        "of the best of %u batches a side, %lu and %lu accesses a batch)",
        name, ma, baseline, mb, mr, lo, hi, rounds, turns, a->n, b->n);
    /* the targets are the in-QEMU device's: out of process, a message is the floor */
    if (target > 0 && !out_of_process) {
        snprintf(tgt, sizeof(tgt), ", \"target\": %g", target);
    }
    printf("BENCH {\"group\": \"mmio\", \"name\": \"%s%s\", \"value\": %.2f, "
           "\"unit\": \"ns\", \"baseline\": \"%s\", \"baseline_value\": %.2f, "
           "\"ratio\": %.4f, \"better\": \"lower\"%s, \"note\": \"%s; %s; "
           "%u rounds\"}\n",
           name, name_suffix, ma, baseline, mb, mr, tgt, accel, note, rounds);
    fflush(stdout);
}

/* --- BAR1 through page tables --------------------------------------------- */

static volatile uint8_t *bar0;

static void reg_wr(uint32_t off, uint32_t v)
{
    *(volatile uint32_t *)(bar0 + off) = v;
}

static uint32_t reg_rd(uint32_t off)
{
    return *(volatile uint32_t *)(bar0 + off);
}

/* VRAM through the PRAMIN window (NV_PBUS_BAR0_WINDOW places it) */
static void vram_wr32(uint32_t addr, uint32_t v)
{
    reg_wr(A_NV_PBUS_BAR0_WINDOW, addr >> 16);
    reg_wr(NV_PRAMIN_BASE + (addr & 0xffff), v);
}

static void vram_wr64(uint32_t addr, uint64_t v)
{
    vram_wr32(addr, (uint32_t)v);
    vram_wr32(addr + 4, (uint32_t)(v >> 32));
}

/* version-2 entries (docs/mmu.md): a PDE to VRAM, a valid 4 KiB VRAM PTE */
static uint64_t pde_vram(uint32_t table)
{
    return (uint64_t)(table >> 4) | 1u << 1;
}

static uint64_t pte_vram(uint32_t page)
{
    return (uint64_t)(page >> 4) | 1;
}

/* the same, READ_ONLY: the device never maps it into the guest */
static uint64_t pte_vram_ro(uint32_t page)
{
    return pte_vram(page) | 1u << 6;
}

#define BAR1_BLOCK_ADDR \
    (NV_VIRTUAL_FUNCTION_BASE + A_NV_VIRTUAL_FUNCTION_PRIV_BAR1_BLOCK)
#define BAR1_BLOCK_VIRTUAL \
    (NV_FIELD_MASK(NV_VIRTUAL_FUNCTION_PRIV_BAR1_BLOCK, MODE) | T_INST >> 12)

static void bar1_physical(void)
{
    reg_wr(BAR1_BLOCK_ADDR, 0);
}

static void bar1_virtual(void)
{
    reg_wr(BAR1_BLOCK_ADDR, BAR1_BLOCK_VIRTUAL);
}

/* set by main: BAR1 */
static volatile uint8_t *bar1;

/* more than the accesses after which the device maps BAR1 VRAM directly */
#define BAR1_DIRECT_AFTER   1100

/* virtual mode, and the reads of VA 0 that map its page into the guest */
static void bar1_virtual_mapped(void)
{
    unsigned i;

    bar1_virtual();
    for (i = 0; i < BAR1_DIRECT_AFTER; i++) {
        sink = *(volatile uint32_t *)bar1;
    }
}

/* a batch of @n rebinds of BAR1, each followed by a read of the pages at @p */
static uint64_t rebind_rd_page(volatile void *p, unsigned long n)
{
    volatile uint32_t *r = p;
    uint32_t s = 0;
    uint64_t t = now_ns();
    unsigned i;

    while (n--) {
        reg_wr(BAR1_BLOCK_ADDR, BAR1_BLOCK_VIRTUAL);
        for (i = 0; i < T_PAGES * 0x1000 / 4; i++) {
            s += r[i];
        }
    }
    t = now_ns() - t;
    sink = s;
    return t;
}

/*
 * An instance block and five levels of tables in VRAM that map VA 0 (BAR1
 * offset 0) and the T_PAGES - 1 pages after it to VRAM T_PAGE on, as the
 * qtest gmmu/bars builds them, and VA_RO on to the same pages read-only.
 */
static void build_tables(void)
{
    uint32_t a;

    for (a = T_INST; a < T_PT + 0x1000; a += 4) {
        vram_wr32(a, 0);
    }
    vram_wr64(T_INST + 0x200, T_PD3 | 1u << 10 | 1u << 11);  /* VER2, 64 KiB */
    vram_wr64(T_INST + 0x208, 0xffffffffull);                 /* 4 GiB */
    vram_wr64(T_PD3, pde_vram(T_PD2));
    vram_wr64(T_PD2, pde_vram(T_PD1));
    vram_wr64(T_PD1, pde_vram(T_PD0));
    vram_wr64(T_PD0 + 8, pde_vram(T_PT));       /* dual PDE: small-page half */
    for (a = 0; a < T_PAGES; a++) {
        vram_wr64(T_PT + a * 8, pte_vram(T_PAGE + a * 0x1000));
        vram_wr64(T_PT + (VA_RO / 0x1000 + a) * 8, pte_vram_ro(T_PAGE + a * 0x1000));
    }
    vram_wr32(T_PAGE, T_MAGIC);
}

/* --- main ------------------------------------------------------------------ */

int main(int argc, char **argv)
{
    volatile uint8_t *tbar0;
    Dev gpu, tdev;
    uint32_t boot0, scratch0, block0, window0, v_phys, v_virt, v_ro;
    int opt, bad = 0;

    while ((opt = getopt(argc, argv, "qoa:")) != -1) {
        switch (opt) {
        case 'q': quick = 1; break;
        case 'o': out_of_process = 1; break;
        case 'a': accel = optarg; break;
        default:
            fprintf(stderr, "usage: mmio-bench [-q] [-o] [-a ACCEL]\n");
            return 2;
        }
    }
    if (strcmp(accel, "TCG")) {
        snprintf(name_suffix, sizeof(name_suffix), " (%s)", accel);
    }

    find_dev(&gpu, 0x10de, ~0u);
    find_dev(&tdev, TESTDEV_VENDOR, TESTDEV_DEVICE);
    say("nova-gpu %s, pci-testdev %s", gpu.found ? gpu.path : "none",
        tdev.found ? tdev.path : "none");
    if (!gpu.found || !tdev.found) {
        say("FAIL: both devices are needed");
        return 1;
    }
    enable_dev(&gpu);
    enable_dev(&tdev);
    bar0 = map_bar(&gpu, 0, 0);
    tbar0 = map_bar(&tdev, 0, 0);
    bar1 = map_bar(&gpu, 1, BAR1_MAP);

    boot0 = reg_rd(A_NV_PMC_BOOT_0);
    say("NV_PMC_BOOT_0 0x%08x, pci-testdev +0x%x: 0x%08x", boot0, TESTDEV_OFF,
        *(volatile uint32_t *)(tbar0 + TESTDEV_OFF));
    if (boot0 == 0 || boot0 == 0xffffffffu) {
        say("FAIL: BAR0 does not answer");
        return 1;
    }
    scratch0 = reg_rd(NV_REG_ADDR(NV_PBUS_SW_SCRATCH, 0));

    /* BAR0, each side through one MMIO access */
    {
        Side a = { .fn = rd32, .p = bar0 + A_NV_PMC_BOOT_0 };
        Side b = { .fn = rd32, .p = tbar0 + TESTDEV_OFF };

        figure("BAR0 read", &a, "pci-testdev BAR0 read", &b, 1.1,
               "NV_PMC_BOOT_0; pci-testdev's is 4 1-byte callbacks");
    }
    {
        Side a = { .fn = rd8, .p = bar0 + A_NV_PMC_BOOT_0 };
        Side b = { .fn = rd8, .p = tbar0 + TESTDEV_OFF };

        figure("BAR0 read, 8-bit", &a, "pci-testdev BAR0 8-bit read", &b, 1.1,
               "one callback each side");
    }
    {
        Side a = { .fn = wr32, .p = bar0 + NV_REG_ADDR(NV_PBUS_SW_SCRATCH, 0) };
        Side b = { .fn = wr32, .p = tbar0 + TESTDEV_OFF };

        figure("BAR0 write", &a, "pci-testdev BAR0 write", &b, 0,
               "NV_PBUS_SW_SCRATCH(0); pci-testdev's is 4 1-byte callbacks");
    }
    reg_wr(NV_REG_ADDR(NV_PBUS_SW_SCRATCH, 0), scratch0);
    {
        Side a = { .fn = rd32, .p = bar0 + A_NV_PMC_BOOT_0 };
        Side b = { .fn = rd_ram, .p = ram_buf };

        figure("BAR0 read against RAM", &a, "guest RAM read", &b, 0,
               "for scale, no target");
    }

    /* BAR1: physical mode, then through the page tables */
    block0 = reg_rd(BAR1_BLOCK_ADDR);
    window0 = reg_rd(A_NV_PBUS_BAR0_WINDOW);
    if (block0 != 0) {
        say("FAIL: BAR1 is bound already (BAR1_BLOCK 0x%08x): a driver ran?",
            block0);
        return 1;
    }
    build_tables();
    v_phys = *(volatile uint32_t *)(bar1 + T_PAGE);
    bar1_virtual();
    v_virt = *(volatile uint32_t *)bar1;
    v_ro = *(volatile uint32_t *)(bar1 + VA_RO);
    bar1_physical();
    say("BAR1 physical +0x%x: 0x%08x, virtual +0: 0x%08x, +0x%x (read-only): "
        "0x%08x (want 0x%08x)", T_PAGE, v_phys, v_virt, VA_RO, v_ro, T_MAGIC);
    if (v_phys != T_MAGIC || v_virt != T_MAGIC || v_ro != T_MAGIC) {
        say("FAIL: BAR1 does not read what PRAMIN wrote");
        bad = 1;
    } else {
        Side a = { .fn = rd32, .p = bar1, .before = bar1_virtual_mapped };
        Side b = { .fn = rd32, .p = bar1 + T_PAGE, .before = bar1_physical };

        figure("BAR1 read via page tables", &a, "BAR1 read, physical mode", &b,
               0, "mapped into the guest (bar1-direct) by reads before each "
               "batch; physical mode is RAM to the CPU");
        /* what the GPU MMU adds to an MMIO access: against a register */
        a = (Side){ .fn = rd32, .p = bar1 + VA_RO, .before = bar1_virtual };
        b = (Side){ .fn = rd32, .p = bar0 + A_NV_PMC_BOOT_0 };
        figure("BAR1 read via page tables, against BAR0", &a,
               "BAR0 read", &b, 0, "a read-only page: the MMIO path; GPU TLB "
               "hits; what the GPU MMU adds");
        /* what a mapping's life costs: a bind drops it, the reads make it */
        if (!out_of_process) {
            bar1_virtual();
            a = (Side){ .fn = rebind_rd_page, .p = bar1 };
            b = (Side){ .fn = rebind_rd_page, .p = bar1 + VA_RO };
            figure("BAR1 rebind and 16 KiB read", &a,
                   "BAR1 rebind and 16 KiB read, MMIO path", &b, 0,
                   "per rebind: a BAR1_BLOCK write, then 4096 32-bit reads of "
                   "pages mapped on the way (bar1-direct) against read-only "
                   "pages'; what dropping and making a mapping cost");
        }
    }
    bar1_physical();
    reg_wr(A_NV_PBUS_BAR0_WINDOW, window0);
    say("done");
    return bad;
}
