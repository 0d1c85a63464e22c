/*
 * QTest for the nova-gpu device: PCI identity, BARs, the identification and
 * boot-status registers, PTIMER, PRAMIN, the interrupt tree with MSI and
 * INTx, and accesses a hostile guest might make.
 *
 * Built inside a QEMU tree by nova-gpu's scripts/build-qemu.sh.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/units.h"
#include "libqtest.h"
#include "qobject/qdict.h"
#include "qobject/qjson.h"
#include "libqos/pci-pc.h"
#include "hw/pci/pci_regs.h"
/*
 * nova-gpu's register layer, from QEMU's tree, where the overlay links it
 * (nova-gpu/include): the same declarations the device uses.
 */
#include "../../nova-gpu/include/nova/regs.h"
#include "../../nova-gpu/include/nova/le.h"
/* and its chip table, the one source of the chips' facts */
#include "../../nova-gpu/common/chip.c"
#include "nova-gpu-reset-values.h"

/* BAR0 offsets of the virtual-function registers (the layer's are relative) */
#define VFN(reg)            (NV_VIRTUAL_FUNCTION_BASE + A_##reg)
#define VFN_ADDR(reg, i)    (NV_VIRTUAL_FUNCTION_BASE + NV_REG_ADDR(reg, i))
/* where FWSEC-FRTS reports its error */
#define SCRATCH_FRTS \
    NV_REG_ADDR(NV_PBUS_SW_SCRATCH, NV_PBUS_SW_SCRATCH_FRTS_ERR)

#define NOVA_DEVFN          QPCI_DEVFN(4, 0)

#define ROM_BAR_ADDR        0xf8000000u

typedef struct Nova {
    QTestState *qts;
    QPCIBus *bus;
    QPCIDevice *dev;
    QPCIBar bar0, bar1, bar3;
    uint64_t bar0_size, bar1_size, bar3_size;
} Nova;

/* find the GPU at @devfn (bus << 8 | devfn), enable it, map its BARs */
static void nova_map(Nova *n, int devfn)
{
    n->dev = qpci_device_find(n->bus, devfn);
    g_assert(n->dev);
    qpci_device_enable(n->dev);
    /* Largest first, so the 512 MiB PCI hole holds all three. */
    n->bar1 = qpci_iomap(n->dev, 1, &n->bar1_size);
    n->bar0 = qpci_iomap(n->dev, 0, &n->bar0_size);
    n->bar3 = qpci_iomap(n->dev, 3, &n->bar3_size);
}

static void nova_start(Nova *n, const char *opts)
{
    n->qts = qtest_initf("-machine pc -vga none -nodefaults "
                         "-device nova-gpu,addr=04.0%s%s",
                         opts ? "," : "", opts ? opts : "");
    n->bus = qpci_new_pc(n->qts, NULL);
    nova_map(n, NOVA_DEVFN);
}

static void nova_stop(Nova *n)
{
    g_free(n->dev);
    qpci_free_pc(n->bus);
    qtest_quit(n->qts);
}

static uint32_t rd(Nova *n, uint32_t addr)
{
    return qpci_io_readl(n->dev, n->bar0, addr);
}

static void wr(Nova *n, uint32_t addr, uint32_t val)
{
    qpci_io_writel(n->dev, n->bar0, addr, val);
}

/*
 * Every register of the register layer reads, right after reset, what
 * nova-gpu-reset-values.h recorded (scripts/reset-values.py): a change to
 * the register layer or the units' tables that moves a value shows here.
 */
static void test_reset_values(const void *data)
{
    const NovaChip *c = data;
    g_autofree char *opt = g_strdup_printf("chip=%s", c->name);
    size_t i;
    Nova n;

    nova_start(&n, opt);
    for (i = 0; i < ARRAY_SIZE(nova_reset_values); i++) {
        uint32_t got = rd(&n, nova_reset_values[i].addr);

        if (got != nova_reset_values[i].val[c->id]) {
            g_test_message("%s (0x%06x): 0x%x, recorded 0x%x",
                           nova_reset_values[i].name, nova_reset_values[i].addr,
                           got, nova_reset_values[i].val[c->id]);
        }
        g_assert_cmphex(got, ==, nova_reset_values[i].val[c->id]);
    }
    nova_stop(&n);
}

static void test_identity(const void *data)
{
    const NovaChip *c = data;
    g_autofree char *opt = g_strdup_printf("chip=%s", c->name);
    uint32_t bar;
    Nova n;

    nova_start(&n, opt);

    g_assert_cmphex(qpci_config_readw(n.dev, PCI_VENDOR_ID), ==, 0x10de);
    g_assert_cmphex(qpci_config_readw(n.dev, PCI_DEVICE_ID), ==, c->pci_device_id);
    g_assert_cmphex(qpci_config_readw(n.dev, PCI_CLASS_DEVICE), ==, 0x0300);
    g_assert_cmphex(qpci_config_readb(n.dev, PCI_REVISION_ID), ==, 0xa1);
    g_assert_cmphex(qpci_config_readw(n.dev, PCI_SUBSYSTEM_VENDOR_ID), ==,
                    0x10de);
    g_assert_cmpuint(qpci_find_capability(n.dev, PCI_CAP_ID_MSI, 0), !=, 0);
    g_assert_cmpuint(qpci_find_capability(n.dev, PCI_CAP_ID_EXP, 0), !=, 0);

    g_assert_cmphex(n.bar0_size, ==, 16 * MiB);
    g_assert_cmphex(n.bar1_size, ==, 256 * MiB);
    g_assert_cmphex(n.bar3_size, ==, 32 * MiB);
    bar = qpci_config_readl(n.dev, PCI_BASE_ADDRESS_0);
    g_assert_cmphex(bar & 0xf, ==, PCI_BASE_ADDRESS_MEM_TYPE_32);
    bar = qpci_config_readl(n.dev, PCI_BASE_ADDRESS_1);
    g_assert_cmphex(bar & 0xf, ==,
                    PCI_BASE_ADDRESS_MEM_TYPE_64 | PCI_BASE_ADDRESS_MEM_PREFETCH);
    bar = qpci_config_readl(n.dev, PCI_BASE_ADDRESS_3);
    g_assert_cmphex(bar & 0xf, ==,
                    PCI_BASE_ADDRESS_MEM_TYPE_64 | PCI_BASE_ADDRESS_MEM_PREFETCH);

    g_assert_cmphex(rd(&n, A_NV_PMC_BOOT_0), ==, c->boot_0);
    g_assert_cmphex(rd(&n, A_NV_PMC_BOOT_42), ==, c->boot_42);
    g_assert_cmphex(rd(&n, A_NV_PMC_BOOT_1), ==, 0);
    /* The config-space mirror shows the same IDs. */
    g_assert_cmphex(rd(&n, NV_PCFG_BASE), ==, (uint32_t)c->pci_device_id << 16 | 0x10de);

    nova_stop(&n);
}

static void test_boot_status(const void *data)
{
    const NovaChip *c = data;
    g_autofree char *opt = g_strdup_printf("chip=%s,vram-size=6G", c->name);
    uint32_t lmr;
    Nova n;

    nova_start(&n, opt);
    /* devinit has finished: what both drivers poll for */
    g_assert_cmphex(rd(&n, A_NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_PRIV_LEVEL_MASK) & 1, ==, 1);
    g_assert_cmphex(rd(&n, A_NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_0_GFW_BOOT) & 0xff, ==, 0xff);
    /* FB size: 6 GiB through both encodings */
    lmr = rd(&n, A_NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE);
    g_assert_cmpuint((uint64_t)((lmr >> 4) & 0x3f) << (lmr & 0xf), ==, 6144);
    g_assert_cmpuint(rd(&n, A_NV_PGC6_AON_SECURE_SCRATCH_GROUP_42), ==,
                     c->fb_size_in_aon_scratch ? 6144 : 0);
    /* no WPR2 before FWSEC ran; FRTS error scratch clear */
    g_assert_cmphex(rd(&n, A_NV_PFB_PRI_MMU_WPR2_ADDR_HI), ==, 0);
    g_assert_cmphex(rd(&n, SCRATCH_FRTS), ==, 0);
    /* display fused off by default, in both layouts */
    g_assert_cmphex(rd(&n, A_NV_FUSE_STATUS_OPT_DISPLAY_GM107) & 1, ==, 1);
    g_assert_cmphex(rd(&n, A_NV_FUSE_STATUS_OPT_DISPLAY_GA100) & 1, ==, 1);
    /* the sysmem flush page reads back as written */
    wr(&n, A_NV_PFB_NISO_FLUSH_SYSMEM_ADDR_HI, 0x12);
    wr(&n, A_NV_PFB_NISO_FLUSH_SYSMEM_ADDR, 0x89abcd00);
    g_assert_cmphex(rd(&n, A_NV_PFB_NISO_FLUSH_SYSMEM_ADDR_HI), ==, 0x12);
    g_assert_cmphex(rd(&n, A_NV_PFB_NISO_FLUSH_SYSMEM_ADDR), ==, 0x89abcd00);
    nova_stop(&n);
}

static void test_display_property(void)
{
    Nova n;

    nova_start(&n, "chip=ga102,display=on");
    g_assert_cmphex(rd(&n, A_NV_FUSE_STATUS_OPT_DISPLAY_GA100) & 1, ==, 0);
    g_assert_cmphex(rd(&n, A_NV_FUSE_STATUS_OPT_DISPLAY_GM107) & 1, ==, 0);
    nova_stop(&n);
}

static uint64_t ptimer(Nova *n)
{
    uint32_t hi, lo, hi2;

    /* hi, lo, hi again, as the drivers read it */
    do {
        hi = rd(n, A_NV_PTIMER_TIME_1);
        lo = rd(n, A_NV_PTIMER_TIME_0);
        hi2 = rd(n, A_NV_PTIMER_TIME_1);
    } while (hi != hi2);
    return (uint64_t)hi << 32 | lo;
}

static void test_ptimer(void)
{
    Nova n;
    uint64_t t0, t1;

    nova_start(&n, NULL);
    /* Under qtest the virtual clock moves only when the test steps it. */
    t0 = ptimer(&n);
    qtest_clock_step(n.qts, 1234567);
    t1 = ptimer(&n);
    g_assert_cmpuint(t1 - t0, ==, 1234567);

    /* nouveau's init writes TIME_1, then TIME_0 */
    wr(&n, A_NV_PTIMER_TIME_1, 0x00000abc);
    wr(&n, A_NV_PTIMER_TIME_0, 0x10000000);
    t0 = ptimer(&n);
    g_assert_cmphex(t0, ==, 0x00000abc10000000ull);
    qtest_clock_step(n.qts, 1000);
    g_assert_cmphex(ptimer(&n), ==, 0x00000abc10000000ull + 1000);
    nova_stop(&n);
}

/*
 * UFLUSH_FB_FLUSH: nouveau (r570 before BAR2 is up) writes PENDING and polls
 * until PENDING and OUTSTANDING read 0. Every write is in VRAM at once, so
 * the flush is complete the moment it is asked for, and the poll ends.
 */
static void test_fb_flush(void)
{
    Nova n;

    nova_start(&n, NULL);
    g_assert_cmphex(rd(&n, A_NV_UFLUSH_FB_FLUSH), ==, 0);
    wr(&n, A_NV_UFLUSH_FB_FLUSH, NV_FIELD_MASK(NV_UFLUSH_FB_FLUSH, PENDING));
    g_assert_cmphex(rd(&n, A_NV_UFLUSH_FB_FLUSH) &
                    (NV_FIELD_MASK(NV_UFLUSH_FB_FLUSH, PENDING) |
                     NV_FIELD_MASK(NV_UFLUSH_FB_FLUSH, OUTSTANDING)), ==, 0);
    /* SEC2's debug-mode fuse: a production part */
    g_assert_cmphex(rd(&n, A_NV_PSEC_SCP_CTL_STAT) &
                    NV_FIELD_MASK(NV_PSEC_SCP_CTL_STAT, DEBUG_MODE), ==, 0);
    nova_stop(&n);
}

static void test_pramin(void)
{
    Nova n;
    uint32_t i;

    nova_start(&n, "vram-size=512M");
    /* window at VRAM 1 MiB: write a pattern */
    wr(&n, A_NV_PBUS_BAR0_WINDOW, 0x10);
    g_assert_cmphex(rd(&n, A_NV_PBUS_BAR0_WINDOW), ==, 0x10);
    for (i = 0; i < 64; i++) {
        wr(&n, NV_PRAMIN_BASE + 0x40 + 4 * i, 0xc0de0000 + i);
    }
    /* a window 64 KiB lower sees it 64 KiB further in */
    wr(&n, A_NV_PBUS_BAR0_WINDOW, 0x0f);
    for (i = 0; i < 64; i++) {
        g_assert_cmphex(rd(&n, NV_PRAMIN_BASE + 0x10040 + 4 * i), ==, 0xc0de0000 + i);
    }
    /* ...and so does BAR1, which shows VRAM from 0 */
    g_assert_cmphex(qpci_io_readl(n.dev, n.bar1, 0x100040), ==, 0xc0de0000);
    qpci_io_writel(n.dev, n.bar1, 0x100044, 0xfeedf00d);
    g_assert_cmphex(rd(&n, NV_PRAMIN_BASE + 0x10044), ==, 0xfeedf00d);
    /* byte and qword accesses through the window */
    g_assert_cmphex(qpci_io_readb(n.dev, n.bar0, NV_PRAMIN_BASE + 0x10045), ==, 0xf0);
    qpci_io_writeq(n.dev, n.bar0, NV_PRAMIN_BASE + 0x10048, 0x1122334455667788ull);
    g_assert_cmphex(rd(&n, NV_PRAMIN_BASE + 0x1004c), ==, 0x11223344);

    /* a window whose end passes the end of VRAM: reads 0, writes nothing */
    wr(&n, A_NV_PBUS_BAR0_WINDOW, (512 * MiB - 64 * KiB) >> 16);
    wr(&n, NV_PRAMIN_BASE + 0x8000, 0xabcdef01);
    g_assert_cmphex(rd(&n, NV_PRAMIN_BASE + 0x8000), ==, 0xabcdef01);
    wr(&n, NV_PRAMIN_BASE + 0x20000, 0xdeadbeef);
    g_assert_cmphex(rd(&n, NV_PRAMIN_BASE + 0x20000), ==, 0);
    wr(&n, A_NV_PBUS_BAR0_WINDOW, 0xffffff);
    g_assert_cmphex(rd(&n, NV_PRAMIN_BASE), ==, 0);
    g_assert_cmphex(rd(&n, A_NV_PMC_BOOT_0), ==, 0x172000a1);
    nova_stop(&n);
}

/* Map the expansion ROM BAR at a fixed address; returns its size. */
static uint32_t map_rom_bar(Nova *n)
{
    uint32_t size;

    qpci_config_writel(n->dev, PCI_ROM_ADDRESS, PCI_ROM_ADDRESS_MASK);
    size = ~(qpci_config_readl(n->dev, PCI_ROM_ADDRESS) & PCI_ROM_ADDRESS_MASK) + 1;
    qpci_config_writel(n->dev, PCI_ROM_ADDRESS,
                       ROM_BAR_ADDR | PCI_ROM_ADDRESS_ENABLE);
    return size;
}

static void test_vbios(const void *data)
{
    const NovaChip *c = data;
    g_autofree char *opt = g_strdup_printf("chip=%s", c->name);
    uint8_t bar[4096];
    uint32_t i, pcir, size, rom_size;
    Nova n;

    nova_start(&n, opt);
    /* PROM: the image chain starts at offset 0 with the PCI-AT image */
    g_assert_cmphex(rd(&n, NV_PROM_BASE) & 0xffff, ==, 0xaa55);
    pcir = rd(&n, NV_PROM_BASE + 0x18) & 0xffff;
    g_assert_cmphex(rd(&n, NV_PROM_BASE + pcir), ==, 0x52494350);      /* PCIR */
    g_assert_cmphex(rd(&n, NV_PROM_BASE + pcir + 4), ==,
                    (uint32_t)c->pci_device_id << 16 | 0x10de);
    /* the next image is FWSEC (code type 0xe0) and the last */
    size = (rd(&n, NV_PROM_BASE + pcir + 0x10) & 0xffff) * 512;
    pcir = size + (rd(&n, NV_PROM_BASE + size + 0x18) & 0xffff);
    g_assert_cmphex((rd(&n, NV_PROM_BASE + pcir + 0x14) >> 0) & 0xff, ==, 0xe0);
    g_assert_cmphex((rd(&n, NV_PROM_BASE + pcir + 0x14) >> 8) & 0x80, ==, 0x80);
    /* erased flash past the image, up to the end of the window */
    g_assert_cmphex(rd(&n, NV_PROM_BASE + 0x10000), ==, 0xffffffff);
    g_assert_cmphex(rd(&n, NV_PROM_BASE + 0xffffc), ==, 0xffffffff);
    /* the ROM is read-only */
    wr(&n, NV_PROM_BASE, 0);
    g_assert_cmphex(rd(&n, NV_PROM_BASE) & 0xffff, ==, 0xaa55);

    /* the expansion ROM BAR holds the same bytes */
    rom_size = map_rom_bar(&n);
    g_assert_cmpuint(rom_size, >=, 64 * KiB);
    qtest_memread(n.qts, ROM_BAR_ADDR, bar, sizeof(bar));
    for (i = 0; i < sizeof(bar); i += 4) {
        g_assert_cmphex(nova_ld32(bar + i), ==, rd(&n, NV_PROM_BASE + i));
    }
    nova_stop(&n);
}

/* romfile= replaces the generated VBIOS in the PROM window and the ROM BAR */
static void test_romfile(void)
{
    g_autofree char *path = NULL;
    g_autofree char *opt = NULL;
    uint8_t img[8192], bar[sizeof(img)];
    GError *err = NULL;
    uint32_t i;
    int fd;
    Nova n;

    for (i = 0; i < sizeof(img); i++) {
        img[i] = (uint8_t)(i * 7 + 3);
    }
    img[0] = 0x55;
    img[1] = 0xaa;
    fd = g_file_open_tmp("nova-gpu-rom-XXXXXX", &path, &err);
    g_assert_no_error(err);
    g_assert_cmpint(write(fd, img, sizeof(img)), ==, sizeof(img));
    close(fd);

    opt = g_strdup_printf("romfile=%s", path);
    nova_start(&n, opt);
    for (i = 0; i < sizeof(img); i += 4) {
        g_assert_cmphex(rd(&n, NV_PROM_BASE + i), ==, nova_ld32(img + i));
    }
    map_rom_bar(&n);
    qtest_memread(n.qts, ROM_BAR_ADDR, bar, sizeof(bar));
    g_assert(memcmp(bar, img, sizeof(img)) == 0);
    nova_stop(&n);
    unlink(path);
}

/*
 * The falcon boot flow through BAR0, as nouveau runs it on GA102: FWSEC-FRTS
 * DMA-loaded from guest memory into the GSP falcon, then booter_load on SEC2
 * with a WPR meta in guest memory.
 */
#define GUEST_FWSEC         0x200000
#define GUEST_BOOTER        0x300000
#define GUEST_META          0x310000

static uint32_t rom32(const uint8_t *rom, uint32_t off)
{
    return nova_ld32(rom + off);
}

static void falcon_reset(Nova *n, uint32_t base)
{
    wr(n, base + A_NV_PFALCON_FALCON_ENGINE, 1);
    wr(n, base + A_NV_PFALCON_FALCON_ENGINE, 0);
    g_assert_cmphex(rd(n, base + A_NV_PFALCON_FALCON_HWCFG2) & 0x1000, ==, 0);
    wr(n, base + A_NV_PFALCON_FALCON_DMACTL, 0);
    wr(n, base + A_NV_PFALCON_FBIF_TRANSCFG, 5);    /* coherent sysmem, physical */
}

static void falcon_dma(Nova *n, uint32_t base, uint64_t addr, uint32_t len,
                       bool imem)
{
    uint32_t pos;

    wr(n, base + A_NV_PFALCON_FALCON_DMATRFBASE, addr >> 8);
    wr(n, base + A_NV_PFALCON_FALCON_DMATRFBASE1, 0);
    for (pos = 0; pos < len; pos += 256) {
        wr(n, base + A_NV_PFALCON_FALCON_DMATRFMOFFS, pos);
        wr(n, base + A_NV_PFALCON_FALCON_DMATRFFBOFFS, pos);
        wr(n, base + A_NV_PFALCON_FALCON_DMATRFCMD, 0x600 | (imem ? 0x14 : 0));
        g_assert_cmphex(rd(n, base + A_NV_PFALCON_FALCON_DMATRFCMD) & 2, ==, 2);
    }
}

/* Start, and wait (in virtual time) for the halt the run brings. */
static void falcon_boot(Nova *n, uint32_t base, uint32_t m0, uint32_t m1)
{
    int i;

    wr(n, base + A_NV_PFALCON_FALCON_MAILBOX0, m0);
    wr(n, base + A_NV_PFALCON_FALCON_MAILBOX1, m1);
    wr(n, base + A_NV_PFALCON_FALCON_CPUCTL, 2);
    for (i = 0; i < 100 && !(rd(n, base + A_NV_PFALCON_FALCON_CPUCTL) & 0x10); i++) {
        qtest_clock_step(n->qts, 1000);
    }
    g_assert_cmphex(rd(n, base + A_NV_PFALCON_FALCON_CPUCTL) & 0x10, ==, 0x10);
}

#define FRTS_START 0x1ffe00000ull

typedef struct Fwsec {
    uint32_t desc, ucode, imem, dmem, ifo;
} Fwsec;

/*
 * Read the VBIOS through the PROM window and walk it as the drivers do:
 * image 0, BIT token 'p', falcon ucode table, FWSEC descriptor.
 */
static Fwsec fwsec_from_prom(Nova *n, uint8_t *rom, size_t len, unsigned version)
{
    uint32_t i, pcir, img0, table, ptr;
    Fwsec f;

    for (i = 0; i < len; i += 4) {
        uint32_t v = rd(n, NV_PROM_BASE + i);

        memcpy(rom + i, &v, 4);
    }
    pcir = rom32(rom, 0x18) & 0xffff;
    img0 = (rom32(rom, pcir + 0x10) & 0xffff) * 512;
    for (i = 0; i < img0 && memcmp(rom + i, "\xff\xb8" "BIT", 5); i++) {
    }
    g_assert_cmpuint(i, <, img0);
    ptr = rom32(rom, rom32(rom, i + 12 + 6 + 4) & 0xffff);     /* token 'p' */
    table = img0 + (ptr - img0);        /* FWSEC image follows image 0 */
    f.desc = img0 + rom32(rom, table + 4 + 2) - img0;
    g_assert_cmphex(rom32(rom, f.desc) & 0xff01, ==, (version << 8) | 1);
    f.ucode = f.desc + (rom32(rom, f.desc) >> 16);
    if (version == 3) {
        f.ifo = rom32(rom, f.desc + 0x0c);
        f.imem = rom32(rom, f.desc + 0x14);
        f.dmem = rom32(rom, f.desc + 0x20);
    } else {
        f.ifo = rom32(rom, f.desc + 0x10);
        f.imem = rom32(rom, f.desc + 0x18);
        f.dmem = rom32(rom, f.desc + 0x30);
    }
    return f;
}

/* The driver's copy of FWSEC in guest memory, with the FRTS command patched */
static void put_fwsec_frts(Nova *n, const uint8_t *rom, const Fwsec *f)
{
    uint32_t mapper, cmd_in;
    uint64_t dmem = GUEST_FWSEC + f->imem;

    qtest_memwrite(n->qts, GUEST_FWSEC, rom + f->ucode, f->imem + f->dmem);
    mapper = rom32(rom, f->ucode + f->imem + f->ifo + 8);
    cmd_in = rom32(rom, f->ucode + f->imem + mapper + 8);
    qtest_writel(n->qts, dmem + mapper + 0x2c, 0x15);
    qtest_writel(n->qts, dmem + cmd_in + 0x18, 1);
    qtest_writel(n->qts, dmem + cmd_in + 0x1c, 20);
    qtest_writel(n->qts, dmem + cmd_in + 0x20, FRTS_START >> 12);
    qtest_writel(n->qts, dmem + cmd_in + 0x24, 0x100);
    qtest_writel(n->qts, dmem + cmd_in + 0x28, 2);
}

/* A GspFwWprMeta whose layout agrees with FRTS at FRTS_START (8 GiB FB) */
static void put_wpr_meta(Nova *n, uint64_t wpr_start, uint64_t heap,
                         uint64_t heap_size)
{
    qtest_memset(n->qts, GUEST_META, 0, 256);
    qtest_writeq(n->qts, GUEST_META + 0x00, 0xdc3aae21371a60b3ull);
    qtest_writeq(n->qts, GUEST_META + 0x08, 1);
    qtest_writeq(n->qts, GUEST_META + 0x18, 0x40000);
    qtest_writeq(n->qts, GUEST_META + 0x28, 0x1000);
    qtest_writeq(n->qts, GUEST_META + 0x70, wpr_start);
    qtest_writeq(n->qts, GUEST_META + 0x78, heap);
    qtest_writeq(n->qts, GUEST_META + 0x80, heap_size);
    qtest_writeq(n->qts, GUEST_META + 0x98, FRTS_START);
    qtest_writeq(n->qts, GUEST_META + 0xa8, FRTS_START + 0x100000);
    qtest_writeq(n->qts, GUEST_META + 0xb0, 8ull << 30);
}

static void assert_wpr2(Nova *n, uint64_t start, uint64_t end)
{
    g_assert_cmphex(rd(n, A_NV_PFB_PRI_MMU_WPR2_ADDR_LO), ==, (uint32_t)(start >> 12) << 4);
    g_assert_cmphex(rd(n, A_NV_PFB_PRI_MMU_WPR2_ADDR_HI), ==, (uint32_t)(end >> 12) << 4);
}

static void test_falcon_boot(void)
{
    static uint8_t rom[8192];
    const uint8_t marker[] = "NOVA-GPU stand-in firmware: booter_load ga102";
    Fwsec f;
    Nova n;

    nova_start(&n, "chip=ga102");
    f = fwsec_from_prom(&n, rom, sizeof(rom), 3);
    put_fwsec_frts(&n, rom, &f);

    /* GA102: FWSEC DMA-loaded into the GSP falcon */
    falcon_reset(&n, NV_PGSP_BASE);
    falcon_dma(&n, NV_PGSP_BASE, GUEST_FWSEC, f.imem, true);
    falcon_dma(&n, NV_PGSP_BASE, GUEST_FWSEC + f.imem, f.dmem, false);
    wr(&n, NV_PGSP_BASE + A_NV_PFALCON_FALCON_BOOTVEC, 0);
    g_assert_cmphex(rd(&n, A_NV_PFB_PRI_MMU_WPR2_ADDR_HI), ==, 0);
    falcon_boot(&n, NV_PGSP_BASE, 0, 0);
    g_assert_cmphex(rd(&n, NV_PGSP_BASE + A_NV_PFALCON_FALCON_MAILBOX0), ==, 0);
    g_assert_cmphex(rd(&n, SCRATCH_FRTS) >> 16, ==, 0);
    assert_wpr2(&n, FRTS_START, FRTS_START + 0x100000);

    /* booter_load on SEC2: a stand-in image, and the WPR meta */
    qtest_memset(n.qts, GUEST_BOOTER, 0, 0x800);
    qtest_memwrite(n.qts, GUEST_BOOTER + 0x400, marker, sizeof(marker));
    put_wpr_meta(&n, 0x1f5b00000ull, 0x1f5c00000ull, 0x7d00000ull);
    falcon_reset(&n, NV_PSEC_BASE);
    falcon_dma(&n, NV_PSEC_BASE, GUEST_BOOTER, 0x400, true);
    falcon_dma(&n, NV_PSEC_BASE, GUEST_BOOTER + 0x400, 0x100, false);
    g_assert_cmphex(rd(&n, NV_PGSP_BASE + A_NV_PRISCV_RISCV_CPUCTL) & 0x80, ==, 0);
    falcon_boot(&n, NV_PSEC_BASE, GUEST_META, 0);
    g_assert_cmphex(rd(&n, NV_PSEC_BASE + A_NV_PFALCON_FALCON_MAILBOX0), ==, 0);
    g_assert_cmphex(rd(&n, NV_PGSP_BASE + A_NV_PRISCV_RISCV_CPUCTL) & 0x80, ==, 0x80);
    assert_wpr2(&n, 0x1f5b00000ull, FRTS_START + 0x100000);

    /* a booter_load whose WPR meta is junk fails with a mailbox error */
    qtest_writeq(n.qts, GUEST_META, 0);
    falcon_reset(&n, NV_PSEC_BASE);
    falcon_dma(&n, NV_PSEC_BASE, GUEST_BOOTER, 0x400, true);
    falcon_dma(&n, NV_PSEC_BASE, GUEST_BOOTER + 0x400, 0x100, false);
    falcon_boot(&n, NV_PSEC_BASE, GUEST_META, 0);
    g_assert_cmphex(rd(&n, NV_PSEC_BASE + A_NV_PFALCON_FALCON_MAILBOX0), !=, 0);
    nova_stop(&n);
}

/* PIO into IMEM (with tags) or DMEM through port 0, as gm200 falcons load */
static void falcon_pio(Nova *n, uint32_t base, bool imem, uint32_t dst,
                       const uint8_t *data, uint32_t len, uint32_t tag)
{
    uint32_t i;

    wr(n, base + (imem ? 0x180 : 0x1c0), (1u << 24) | dst);
    for (i = 0; i < len; i += 4) {
        if (imem && i % 256 == 0) {
            wr(n, base + 0x188, tag++);
        }
        wr(n, base + (imem ? 0x184 : 0x1c4), nova_ld32(data + i));
    }
}

/*
 * Turing: FWSEC-FRTS through the generic bootloader (PIO-loaded at the top of
 * IMEM, descriptor in DMEM, FWSEC fetched from guest memory), then a PIO
 * booter_load on SEC2; RISC-V state shows in RISCV_CORE_SWITCH_RISCV_STATUS.
 */
/*
 * Turing: FWSEC-FRTS through the generic bootloader (PIO-loaded at the top of
 * IMEM, descriptor in DMEM, FWSEC fetched from guest memory), then a PIO
 * booter_load on SEC2; RISC-V state shows in RISCV_CORE_SWITCH_RISCV_STATUS.
 */
/* TU102's FWSEC-FRTS: the generic bootloader by PIO, its descriptor, DMA */
static void tu102_fwsec_frts(Nova *n)
{
    static uint8_t rom[8192], bl[0x200], desc[84];
    uint32_t sec_base, sec_size;
    uint64_t data;
    Fwsec f;

    f = fwsec_from_prom(n, rom, sizeof(rom), 2);
    sec_base = rom32(rom, f.desc + 0x20);
    sec_size = rom32(rom, f.desc + 0x24);
    g_assert_cmphex(rom32(rom, f.desc + 0x28), ==, f.imem);   /* DMEM offset */
    put_fwsec_frts(n, rom, &f);

    falcon_reset(n, NV_PGSP_BASE);
    g_assert_cmphex(rd(n, NV_PGSP_BASE + A_NV_PFALCON_FALCON_DMACTL) & 6, ==, 0);   /* TU scrub poll */
    memset(bl, 0xb1, sizeof(bl));
    falcon_pio(n, NV_PGSP_BASE, true, 0x10000 - sizeof(bl), bl, sizeof(bl), 0xfd);
    wr(n, NV_PGSP_BASE + NV_REG_ADDR(NV_PFALCON_FBIF_TRANSCFG, 4), 5);
    memset(desc, 0, sizeof(desc));
    desc[32] = 4;                               /* ctx_dma */
    data = GUEST_FWSEC;
    memcpy(desc + 36, &data, 8);                /* code_dma_base */
    memcpy(desc + 48, &(uint32_t){ f.imem - sec_size }, 4);
    memcpy(desc + 52, &sec_base, 4);
    memcpy(desc + 56, &sec_size, 4);
    data = GUEST_FWSEC + f.imem;
    memcpy(desc + 64, &data, 8);                /* data_dma_base */
    memcpy(desc + 72, &f.dmem, 4);
    falcon_pio(n, NV_PGSP_BASE, false, 0, desc, sizeof(desc), 0);
    wr(n, NV_PGSP_BASE + A_NV_PFALCON_FALCON_BOOTVEC, 0xfd00);
    falcon_boot(n, NV_PGSP_BASE, 0, 0);
    g_assert_cmphex(rd(n, NV_PGSP_BASE + A_NV_PFALCON_FALCON_MAILBOX0), ==, 0);
    assert_wpr2(n, FRTS_START, FRTS_START + 0x100000);
}

/* TU102's booter_load: by PIO on SEC2; the GSP's RISC-V core starts */
static void tu102_booter_load(Nova *n)
{
    static uint8_t booter[0x800];
    const char marker[] = "NOVA-GPU stand-in firmware: booter_load tu102";

    memset(booter, 0, sizeof(booter));
    memcpy(booter, marker, sizeof(marker));
    put_wpr_meta(n, 0x1f7d00000ull, 0x1f7e00000ull, 0x6900000ull);
    falcon_reset(n, NV_PSEC_BASE);
    falcon_pio(n, NV_PSEC_BASE, true, 0, booter, 0x100, 0);
    falcon_pio(n, NV_PSEC_BASE, true, 0x100, booter + 0x100, 0x700, 1);
    g_assert_cmphex(rd(n, NV_PGSP_BASE + A_NV_PRISCV_RISCV_CORE_SWITCH_RISCV_STATUS) & 1, ==, 0);
    falcon_boot(n, NV_PSEC_BASE, GUEST_META, 0);
    g_assert_cmphex(rd(n, NV_PSEC_BASE + A_NV_PFALCON_FALCON_MAILBOX0), ==, 0);
    g_assert_cmphex(rd(n, NV_PGSP_BASE + A_NV_PRISCV_RISCV_CORE_SWITCH_RISCV_STATUS) & 1, ==, 1);   /* RISC-V active */
}

static void test_falcon_boot_tu102(void)
{
    Nova n;

    nova_start(&n, "chip=tu102");
    tu102_fwsec_frts(&n);
    tu102_booter_load(&n);
    nova_stop(&n);
}

/*
 * The whole boot through BAR0 and guest memory, as nova-core runs it on
 * GA102: FWSEC-FRTS, booter_load with the libos arguments in the GSP
 * mailboxes, then GSP-RM's boot messages in the status queue and an answer
 * to GET_GSP_STATIC_INFO after the doorbell.
 */
#define G_LIBOS     0x400000
#define G_RMARGS    0x401000
#define G_SHM       0x500000
#define G_CMDQ      (G_SHM + 0x1000)
#define G_STATQ     (G_SHM + 0x41000)

static uint32_t gsp_checksum(const uint8_t *b, size_t len)
{
    uint64_t x = 0;
    size_t i;

    for (i = 0; i < len; i++) {
        x ^= (uint64_t)b[i] << ((i % 8) * 8);
    }
    return (uint32_t)(x >> 32) ^ (uint32_t)x;
}

/* one queue element carrying an RPC (@payload NULL: zeros), up to 16 slots */
static void push_rpc_data(Nova *n, uint32_t fn, const void *payload,
                          uint32_t plen, uint32_t seq)
{
    static uint8_t el[0x10000];
    uint32_t wptr = qtest_readl(n->qts, G_CMDQ + 0x10);
    uint32_t total = 0x50 + plen, pages = (total + 0xfff) / 0x1000, i;

    g_assert_cmpuint(pages, <=, 16);
    memset(el, 0, sizeof(el));
    memcpy(el + 0x24, &seq, 4);
    memcpy(el + 0x28, &pages, 4);
    memcpy(el + 0x30, &(uint32_t){ 0x03000000 }, 4);
    memcpy(el + 0x34, &(uint32_t){ 0x43505256 }, 4);
    memcpy(el + 0x38, &(uint32_t){ 0x20 + plen }, 4);
    memcpy(el + 0x3c, &fn, 4);
    if (payload) {
        memcpy(el + 0x50, payload, plen);
    }
    memcpy(el + 0x20, &(uint32_t){ gsp_checksum(el, total) }, 4);
    for (i = 0; i < pages; i++) {
        qtest_memwrite(n->qts, G_CMDQ + 0x1000 + ((wptr + i) % 63) * 0x1000,
                       el + i * 0x1000, 0x1000);
    }
    qtest_writel(n->qts, G_CMDQ + 0x10, (wptr + pages) % 63);
}

static void push_rpc(Nova *n, uint32_t fn, uint32_t plen, uint32_t seq)
{
    push_rpc_data(n, fn, NULL, plen, seq);
}

/*
 * What a driver does up to GSP_INIT_DONE on ga102: its GSP structures in
 * guest memory, FWSEC-FRTS, the bare GSP start, booter_load; then GSP-RM's
 * boot messages are checked and consumed. @stat_pages, when not 0, is where
 * the shared block's status-queue pages are said to be (a hostile driver).
 */
/* a hostile driver's page list: page @shm_override_page (if not 0) elsewhere */
static unsigned shm_override_page;
static uint64_t shm_override_addr;

static void gsp_booter_load_dma(Nova *n);
static void gsp_boot_done(Nova *n, uint64_t stat_pages);

static void gsp_boot(Nova *n, uint64_t stat_pages)
{
    static uint8_t rom[8192];
    bool tu102 = rd(n, A_NV_PMC_BOOT_0) == nova_chip_by_id(NOVA_CHIP_TU102)->boot_0;
    uint32_t i;
    Fwsec f;

    /* the driver's GSP structures: libos args, RMARGS, shared block */
    qtest_memset(n->qts, G_LIBOS, 0, 0x2000);
    qtest_writeq(n->qts, G_LIBOS + 0, 0x524d41524753ull);        /* "RMARGS" */
    qtest_writeq(n->qts, G_LIBOS + 8, G_RMARGS);
    qtest_writeq(n->qts, G_LIBOS + 16, 0x1000);
    qtest_writeq(n->qts, G_RMARGS + 0x00, G_SHM);
    qtest_writel(n->qts, G_RMARGS + 0x08, 129);
    qtest_writeq(n->qts, G_RMARGS + 0x10, 0x1000);
    qtest_writeq(n->qts, G_RMARGS + 0x18, 0x41000);
    qtest_memset(n->qts, G_SHM, 0, 0x81000);
    for (i = 0; i < 129; i++) {
        qtest_writeq(n->qts, G_SHM + 8 * i,
                     shm_override_page && i == shm_override_page ? shm_override_addr :
                     stat_pages && i >= 0x41 ? stat_pages + 0x1000 * (i - 0x41) :
                     G_SHM + 0x1000 * i);
    }
    qtest_writel(n->qts, G_CMDQ + 0x04, 0x40000);
    qtest_writel(n->qts, G_CMDQ + 0x08, 0x1000);
    qtest_writel(n->qts, G_CMDQ + 0x0c, 63);
    qtest_writel(n->qts, G_CMDQ + 0x14, 1);
    qtest_writel(n->qts, G_CMDQ + 0x18, 0x20);
    qtest_writel(n->qts, G_CMDQ + 0x1c, 0x1000);

    /* FWSEC-FRTS, then the bare GSP start with the libos address */
    if (tu102) {
        tu102_fwsec_frts(n);
    } else {
        f = fwsec_from_prom(n, rom, sizeof(rom), 3);
        put_fwsec_frts(n, rom, &f);
        falcon_reset(n, NV_PGSP_BASE);
        falcon_dma(n, NV_PGSP_BASE, GUEST_FWSEC, f.imem, true);
        falcon_dma(n, NV_PGSP_BASE, GUEST_FWSEC + f.imem, f.dmem, false);
        falcon_boot(n, NV_PGSP_BASE, 0, 0);
    }
    falcon_reset(n, NV_PGSP_BASE);
    falcon_boot(n, NV_PGSP_BASE, G_LIBOS, 0);
    g_assert_cmphex(rd(n, NV_PGSP_BASE + A_NV_PFALCON_FALCON_MAILBOX0), ==, G_LIBOS);

    /* booter_load hands over to GSP-RM: by PIO on Turing, by DMA after */
    if (tu102) {
        tu102_booter_load(n);
    } else {
        gsp_booter_load_dma(n);
    }
    gsp_boot_done(n, stat_pages);
}

/* GA102 and later: booter_load by DMA on SEC2 */
static void gsp_booter_load_dma(Nova *n)
{
    const uint8_t marker[] = "NOVA-GPU stand-in firmware: booter_load ga102";

    qtest_memset(n->qts, GUEST_BOOTER, 0, 0x800);
    qtest_memwrite(n->qts, GUEST_BOOTER + 0x400, marker, sizeof(marker));
    put_wpr_meta(n, 0x1f5b00000ull, 0x1f5c00000ull, 0x7d00000ull);
    falcon_reset(n, NV_PSEC_BASE);
    falcon_dma(n, NV_PSEC_BASE, GUEST_BOOTER, 0x400, true);
    falcon_dma(n, NV_PSEC_BASE, GUEST_BOOTER + 0x400, 0x100, false);
    falcon_boot(n, NV_PSEC_BASE, GUEST_META, 0);
    g_assert_cmphex(rd(n, NV_PSEC_BASE + A_NV_PFALCON_FALCON_MAILBOX0), ==, 0);
}

/* GSP-RM's boot messages are there (unless the status queue was moved) */
static void gsp_boot_done(Nova *n, uint64_t stat_pages)
{
    if (stat_pages) {
        return;
    }
    /* GSP-RM's boot messages: the sequencer run, then INIT_DONE */
    g_assert_cmpuint(qtest_readl(n->qts, G_STATQ + 0x0c), ==, 63);
    g_assert_cmpuint(qtest_readl(n->qts, G_STATQ + 0x10), ==, 2);
    g_assert_cmphex(qtest_readl(n->qts, G_STATQ + 0x1000 + 0x3c), ==, 0x1002);
    g_assert_cmphex(qtest_readl(n->qts, G_STATQ + 0x2000 + 0x3c), ==, 0x1001);
    qtest_writel(n->qts, G_CMDQ + 0x20, 2);              /* consumed */

}

static void test_gsp_boot(void)
{
    char name[64];
    uint32_t i;
    Nova n;

    g_autofree char *tpath = g_strdup_printf("/tmp/nova-gpu-qtest-%d.jsonl", getpid());
    g_autofree char *topts = g_strdup_printf("chip=ga102,transcript=%s", tpath);
    g_autofree char *transcript = NULL;

    nova_start(&n, topts);
    gsp_boot(&n, 0);

    /* SET_SYSTEM_INFO (r570 size) and GET_GSP_STATIC_INFO, one doorbell */
    push_rpc(&n, 72, 928, 0);
    push_rpc(&n, 65, 1656, 1);
    wr(&n, NV_PGSP_BASE + A_NV_PGSP_QUEUE_HEAD, 0);
    for (i = 0; i < 100 && qtest_readl(n.qts, G_STATQ + 0x10) == 2; i++) {
        qtest_clock_step(n.qts, 1000);
    }
    g_assert_cmpuint(qtest_readl(n.qts, G_STATQ + 0x20), ==, 2);  /* both read */
    g_assert_cmpuint(qtest_readl(n.qts, G_STATQ + 0x10), ==, 3);  /* one reply */
    g_assert_cmphex(qtest_readl(n.qts, G_STATQ + 0x3000 + 0x3c), ==, 65);
    g_assert_cmphex(qtest_readl(n.qts, G_STATQ + 0x3000 + 0x40), ==, 0);
    qtest_memread(n.qts, G_STATQ + 0x3000 + 0x50 + 0x4ec, name, sizeof(name));
    name[sizeof(name) - 1] = 0;
    g_assert(g_str_has_prefix(name, "NVIDIA GeForce RTX 3090"));
    /* GSP-RM bound BAR1 to its instance block; BAR2 waits for UPDATE_BAR_PDE */
    g_assert_cmphex(rd(&n, VFN(NV_VIRTUAL_FUNCTION_PRIV_BAR1_BLOCK)) >> 31, ==, 1);
    g_assert_cmphex(rd(&n, VFN(NV_VIRTUAL_FUNCTION_PRIV_BAR2_BLOCK)), ==, 0);

    /* UNLOADING_GUEST_DRIVER: a reply, and the suspended bit in MAILBOX0 */
    qtest_writel(n.qts, G_CMDQ + 0x20, 3);              /* reply consumed */
    push_rpc(&n, 47, 8, 2);
    wr(&n, NV_PGSP_BASE + A_NV_PGSP_QUEUE_HEAD, 0);
    for (i = 0; i < 100 && qtest_readl(n.qts, G_STATQ + 0x10) == 3; i++) {
        qtest_clock_step(n.qts, 1000);
    }
    g_assert_cmphex(qtest_readl(n.qts, G_STATQ + 0x4000 + 0x3c), ==, 47);
    g_assert_cmphex(rd(&n, NV_PGSP_BASE + A_NV_PFALCON_FALCON_MAILBOX0) >> 31, ==, 1);
    nova_stop(&n);
    /* the transcript: every message, both ways, by name */
    g_assert(g_file_get_contents(tpath, &transcript, NULL, NULL));
    g_assert(strstr(transcript, "\"dir\": \"from-gsp\", \"function\": 4098, "
                    "\"name\": \"GSP_RUN_CPU_SEQUENCER\", \"seq\": 0"));
    g_assert(strstr(transcript, "\"name\": \"GSP_INIT_DONE\""));
    g_assert(strstr(transcript, "\"dir\": \"to-gsp\", \"function\": 65, "
                    "\"name\": \"GET_GSP_STATIC_INFO\""));
    g_assert(strstr(transcript, "\"name\": \"UNLOADING_GUEST_DRIVER\", \"seq\": 3"));
    unlink(tpath);
}

static void intr_arm(Nova *n, unsigned vector)
{
    wr(n, VFN_ADDR(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF_EN_SET, vector / 32), 1u << (vector % 32));
    wr(n, VFN(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_TOP_EN_SET), 0xf);
}

static void test_intr_tree(void)
{
    Nova n;

    nova_start(&n, NULL);
    /* a triggered vector is pending in its leaf, but enables gate TOP */
    wr(&n, VFN(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF_TRIGGER), 70);              /* leaf 2, bit 6 */
    g_assert_cmphex(rd(&n, VFN_ADDR(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF, 2)), ==, 1u << 6);
    g_assert_cmphex(rd(&n, VFN(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_TOP)), ==, 0);
    wr(&n, VFN_ADDR(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF_EN_SET, 2), 1u << 6);
    g_assert_cmphex(rd(&n, VFN_ADDR(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF_EN_SET, 2)), ==, 1u << 6);
    g_assert_cmphex(rd(&n, VFN(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_TOP)), ==, 1u << 1);   /* leaves 2,3 -> bit 1 */
    wr(&n, VFN_ADDR(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF_EN_CLEAR, 2), 1u << 6);
    g_assert_cmphex(rd(&n, VFN_ADDR(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF_EN_CLEAR, 2)), ==, 0);
    g_assert_cmphex(rd(&n, VFN(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_TOP)), ==, 0);
    /* write-1-to-clear */
    wr(&n, VFN_ADDR(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF, 2), 1u << 5);
    g_assert_cmphex(rd(&n, VFN_ADDR(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF, 2)), ==, 1u << 6);
    wr(&n, VFN_ADDR(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF, 2), 1u << 6);
    g_assert_cmphex(rd(&n, VFN_ADDR(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF, 2)), ==, 0);
    /* TOP enable */
    wr(&n, VFN(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_TOP_EN_SET), 0xff);
    g_assert_cmphex(rd(&n, VFN(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_TOP_EN_SET)), ==, 0xf);
    wr(&n, VFN(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_TOP_EN_CLEAR), 0x5);
    g_assert_cmphex(rd(&n, VFN(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_TOP_EN_CLEAR)), ==, 0xa);
    nova_stop(&n);
}

static void test_intr_intx(void)
{
    Nova n;

    nova_start(&n, NULL);
    intr_arm(&n, 3);
    g_assert_false(qpci_config_readw(n.dev, PCI_STATUS) & PCI_STATUS_INTERRUPT);
    wr(&n, VFN(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF_TRIGGER), 3);
    g_assert_true(qpci_config_readw(n.dev, PCI_STATUS) & PCI_STATUS_INTERRUPT);
    /* the driver's ISR: disarm the top, ack the leaf, rearm */
    wr(&n, VFN(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_TOP_EN_CLEAR), 0xf);
    g_assert_false(qpci_config_readw(n.dev, PCI_STATUS) & PCI_STATUS_INTERRUPT);
    wr(&n, VFN_ADDR(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF, 0), 1u << 3);
    wr(&n, VFN(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_TOP_EN_SET), 0xf);
    g_assert_false(qpci_config_readw(n.dev, PCI_STATUS) & PCI_STATUS_INTERRUPT);
    nova_stop(&n);
}

/*
 * MSI: point the message at guest RAM, so that each message is a visible
 * memory write the test can count.
 */
#define MSI_ADDR 0x100000
#define MSI_DATA 0x4321

/* MSI on, its message a write of @data to @addr */
static void msi_aim(Nova *n, uint64_t addr, uint16_t data)
{
    uint8_t cap = qpci_find_capability(n->dev, PCI_CAP_ID_MSI, 0);
    uint16_t flags = qpci_config_readw(n->dev, cap + PCI_MSI_FLAGS);

    g_assert(flags & PCI_MSI_FLAGS_64BIT);
    qpci_config_writel(n->dev, cap + PCI_MSI_ADDRESS_LO, (uint32_t)addr);
    qpci_config_writel(n->dev, cap + PCI_MSI_ADDRESS_HI, addr >> 32);
    qpci_config_writew(n->dev, cap + PCI_MSI_DATA_64, data);
    qpci_config_writew(n->dev, cap + PCI_MSI_FLAGS, flags | PCI_MSI_FLAGS_ENABLE);
}

static void msi_enable(Nova *n)
{
    msi_aim(n, MSI_ADDR, MSI_DATA);
}

static bool msi_sent(Nova *n)
{
    bool sent = qtest_readl(n->qts, MSI_ADDR) == MSI_DATA;

    qtest_writel(n->qts, MSI_ADDR, 0);
    return sent;
}

static void test_intr_msi(void)
{
    Nova n;

    nova_start(&n, NULL);
    msi_enable(&n);
    intr_arm(&n, 200);
    g_assert_false(msi_sent(&n));
    wr(&n, VFN(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF_TRIGGER), 200);
    g_assert_true(msi_sent(&n));
    /* still asserted: one message per edge, not per register write */
    wr(&n, VFN(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF_TRIGGER), 200);
    g_assert_false(msi_sent(&n));
    g_assert_false(qpci_config_readw(n.dev, PCI_STATUS) & PCI_STATUS_INTERRUPT);
    /* rearm while still pending: the device signals again */
    wr(&n, A_NV_XVE_MSI_EOI, 0);
    g_assert_true(msi_sent(&n));
    /* acked, then rearmed: silence */
    wr(&n, VFN_ADDR(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF, 6), 1u << 8);
    wr(&n, A_NV_XVE_MSI_EOI, 0);
    g_assert_false(msi_sent(&n));
    /* a new edge after the ack */
    wr(&n, VFN(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF_TRIGGER), 200);
    g_assert_true(msi_sent(&n));
    nova_stop(&n);
}

/* What a hostile or buggy guest might do: none of it may stop QEMU. */
static void test_junk_accesses(void)
{
    Nova n;
    uint32_t off;

    nova_start(&n, "vram-size=256M");
    /* narrow reads come from the dword */
    g_assert_cmphex(qpci_io_readb(n.dev, n.bar0, A_NV_PMC_BOOT_0 + 3), ==, 0x17);
    g_assert_cmphex(qpci_io_readw(n.dev, n.bar0, A_NV_PMC_BOOT_0 + 2), ==, 0x1720);
    /* read-only registers stay as they are */
    wr(&n, A_NV_PMC_BOOT_0, 0);
    wr(&n, A_NV_PMC_BOOT_42, 0);
    wr(&n, A_NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_0_GFW_BOOT, 0);
    g_assert_cmphex(rd(&n, A_NV_PMC_BOOT_0), ==, 0x172000a1);
    g_assert_cmphex(rd(&n, A_NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_0_GFW_BOOT), ==, 0xff);
    /* narrow and wide writes to 32-bit registers are refused */
    qpci_io_writeb(n.dev, n.bar0, A_NV_PBUS_BAR0_WINDOW, 0x55);
    qpci_io_writew(n.dev, n.bar0, A_NV_PBUS_BAR0_WINDOW + 2, 0x55);
    g_assert_cmphex(rd(&n, A_NV_PBUS_BAR0_WINDOW), ==, 0);
    qpci_io_writeq(n.dev, n.bar0, A_NV_PMC_BOOT_0, ~0ull);
    (void)qpci_io_readq(n.dev, n.bar0, A_NV_PTIMER_TIME_0);
    /* unaligned */
    (void)qpci_io_readl(n.dev, n.bar0, A_NV_PMC_BOOT_42 + 1);
    qpci_io_writel(n.dev, n.bar0, VFN(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF_TRIGGER) + 2, 5);
    /* unmodelled units read 0 */
    g_assert_cmphex(rd(&n, 0x400000), ==, 0);
    g_assert_cmphex(rd(&n, 0x110000), ==, 0);
    wr(&n, 0x400100, 0xffffffff);
    /* vectors past the tree */
    wr(&n, VFN(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF_TRIGGER), 0xfff);
    wr(&n, VFN(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF_TRIGGER), 256);
    for (off = 0; off < 8; off++) {
        g_assert_cmphex(rd(&n, VFN_ADDR(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF, off)), ==, 0);
    }
    wr(&n, VFN(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_TOP), 0xffffffff);
    /* a sweep of writes across every unit, one per 4 KiB page */
    for (off = 0; off < 16 * MiB; off += 4 * KiB) {
        wr(&n, off + 0xffc, 0xa5a5a5a5);
        (void)rd(&n, off + 0x10);
    }
    /* the last bytes of BAR0, and BAR3 */
    g_assert_cmphex(rd(&n, 16 * MiB - 4), ==, 0);
    qpci_io_writel(n.dev, n.bar3, 32 * MiB - 4, 1);
    g_assert_cmphex(qpci_io_readl(n.dev, n.bar3, 0), ==, 0);
    /* byte-wide VGA CRTC access, as nouveau's devinit does */
    qpci_io_writeb(n.dev, n.bar0, A_NV_PRMCIO_CRX__COLOR, 0x3f);
    qpci_io_writeb(n.dev, n.bar0, A_NV_PRMCIO_CR__COLOR, 0x57);
    qpci_io_writeb(n.dev, n.bar0, A_NV_PRMCIO_CRX__COLOR, 0x1f);
    qpci_io_writeb(n.dev, n.bar0, A_NV_PRMCIO_CRX__COLOR, 0x3f);
    g_assert_cmphex(qpci_io_readb(n.dev, n.bar0, A_NV_PRMCIO_CR__COLOR), ==, 0x57);

    /* still alive, and still the same GPU */
    g_assert_cmphex(rd(&n, A_NV_PMC_BOOT_0), ==, 0x172000a1);
    nova_stop(&n);
}

static void test_reset(void)
{
    Nova n;

    nova_start(&n, NULL);
    wr(&n, A_NV_PBUS_BAR0_WINDOW, 0x1234);
    intr_arm(&n, 1);
    wr(&n, VFN(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF_TRIGGER), 1);
    qtest_qmp_assert_success(n.qts, "{'execute': 'system_reset'}");
    qtest_qmp_eventwait(n.qts, "RESET");
    /* BARs are unprogrammed by the reset: map them again */
    qpci_device_enable(n.dev);
    n.bus->mmio_alloc_ptr = 0xE0000000;
    n.bar1 = qpci_iomap(n.dev, 1, NULL);
    n.bar0 = qpci_iomap(n.dev, 0, NULL);
    g_assert_cmphex(rd(&n, A_NV_PBUS_BAR0_WINDOW), ==, 0);
    g_assert_cmphex(rd(&n, VFN_ADDR(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF, 0)), ==, 0);
    g_assert_cmphex(rd(&n, VFN(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_TOP_EN_SET)), ==, 0);
    nova_stop(&n);
}


/* --- the GPU MMU: BAR1 and BAR2 through page tables the test writes ------------ */

#define T_INST      0x100000u   /* VRAM: instance block, then PD3..PT */
#define T_PD3       0x101000u
#define T_PD2       0x102000u
#define T_PD1       0x103000u
#define T_PD0       0x104000u
#define T_PT        0x105000u
#define T_PAGE_A    0x300000u   /* VRAM pages */
#define T_PAGE_B    0x302000u
#define T_PAGE_RO   0x301000u
#define G_PAGE      0x600000u   /* guest RAM page mapped at VA 0x1000 */
#define G_FAULTS    0x610000u   /* guest RAM fault buffer */

/* 32-bit VRAM access through the PRAMIN window */
static void vram_wr(Nova *n, uint64_t addr, uint32_t v)
{
    wr(n, A_NV_PBUS_BAR0_WINDOW, addr >> 16);
    wr(n, NV_PRAMIN_BASE + (addr & 0xffff), v);
}

static uint32_t vram_rd(Nova *n, uint64_t addr)
{
    wr(n, A_NV_PBUS_BAR0_WINDOW, addr >> 16);
    return rd(n, NV_PRAMIN_BASE + (addr & 0xffff));
}

static void vram_wr64(Nova *n, uint64_t addr, uint64_t v)
{
    vram_wr(n, addr, v);
    vram_wr(n, addr + 4, v >> 32);
}

/* Version-2 entries: a PDE to VRAM, a 4 KiB PTE (aperture 0 VRAM, 2 sysmem) */
static uint64_t pde(uint64_t table)
{
    return (table >> 4) | 2;
}

static uint64_t pte(uint64_t page, unsigned aperture, bool ro)
{
    return (page >> 4) | aperture << 1 | 1 | (ro ? 1u << 6 : 0);
}

static void build_tables(Nova *n)
{
    unsigned i;

    for (i = 0; i < 0x6000; i += 4) {
        vram_wr(n, T_INST + i, 0);
    }
    vram_wr64(n, T_INST + 0x200, T_PD3 | 1u << 10 | 1u << 11);  /* VER2, 64K */
    vram_wr64(n, T_INST + 0x208, 0xffffffffull);                 /* 4 GiB */
    vram_wr64(n, T_PD3, pde(T_PD2));
    vram_wr64(n, T_PD2, pde(T_PD1));
    vram_wr64(n, T_PD1, pde(T_PD0));
    vram_wr64(n, T_PD0 + 8, pde(T_PT));         /* dual PD0: small-page half */
    vram_wr64(n, T_PT + 0, pte(T_PAGE_A, 0, false));
    vram_wr64(n, T_PT + 8, pte(G_PAGE, 2, false));
    vram_wr64(n, T_PT + 16, pte(T_PAGE_RO, 0, true));
    vram_wr(n, T_PAGE_A, 0xaaaa0001);
    vram_wr(n, T_PAGE_B, 0xbbbb0002);
    vram_wr(n, T_PAGE_RO, 0x0dd00003);
    qtest_writel(n->qts, G_PAGE, 0x5a5a0004);
}

static void test_gmmu_bars(void)
{
    Nova n;
    unsigned i;

    nova_start(&n, "vram-size=512M");
    /* physical mode first: BAR1 and BAR2 are VRAM from 0 */
    build_tables(&n);
    g_assert_cmphex(qpci_io_readl(n.dev, n.bar1, T_PAGE_A), ==, 0xaaaa0001);
    g_assert_cmphex(qpci_io_readl(n.dev, n.bar3, T_PAGE_A), ==, 0xaaaa0001);

    /* bind both to the instance block: VA 0 is page A, 0x1000 guest RAM */
    wr(&n, VFN(NV_VIRTUAL_FUNCTION_PRIV_BAR1_BLOCK), 0x80000000u | T_INST >> 12);
    wr(&n, VFN(NV_VIRTUAL_FUNCTION_PRIV_BAR2_BLOCK), 0x80000000u | T_INST >> 12);
    g_assert_cmphex(rd(&n, VFN(NV_VIRTUAL_FUNCTION_PRIV_BAR1_BLOCK)), ==, 0x80000000u | T_INST >> 12);
    g_assert_cmphex(qpci_io_readl(n.dev, n.bar1, 0), ==, 0xaaaa0001);
    g_assert_cmphex(qpci_io_readl(n.dev, n.bar3, 0), ==, 0xaaaa0001);
    g_assert_cmphex(qpci_io_readl(n.dev, n.bar1, 0x1000), ==, 0x5a5a0004);
    qpci_io_writel(n.dev, n.bar1, 0x1008, 0x600dcafe);
    g_assert_cmphex(qtest_readl(n.qts, G_PAGE + 8), ==, 0x600dcafe);
    qpci_io_writeq(n.dev, n.bar3, 0x10, 0x0123456789abcdefull);
    g_assert_cmphex(vram_rd(&n, T_PAGE_A + 0x14), ==, 0x01234567);
    /* an access across the 4 KiB boundary between VRAM and guest RAM */
    qpci_io_writel(n.dev, n.bar1, 0xffe, 0x44332211);
    g_assert_cmphex(vram_rd(&n, T_PAGE_A + 0xffc) >> 16, ==, 0x2211);
    g_assert_cmphex(qtest_readl(n.qts, G_PAGE) & 0xffff, ==, 0x4433);

    /* remap VA 0 to page B: stale until invalidated, as on hardware */
    vram_wr64(&n, T_PT, pte(T_PAGE_B, 0, false));
    g_assert_cmphex(qpci_io_readl(n.dev, n.bar1, 0), ==, 0xaaaa0001);
    wr(&n, VFN(NV_VIRTUAL_FUNCTION_PRIV_MMU_INVALIDATE_PDB), T_PD3 >> 8);
    wr(&n, VFN(NV_VIRTUAL_FUNCTION_PRIV_MMU_INVALIDATE_UPPER_PDB), 0);
    wr(&n, VFN(NV_VIRTUAL_FUNCTION_PRIV_MMU_INVALIDATE), 0x80000001);               /* TRIGGER | ALL_VA */
    g_assert_cmphex(rd(&n, VFN(NV_VIRTUAL_FUNCTION_PRIV_MMU_INVALIDATE)) & 0x80000000, ==, 0);
    g_assert_cmphex(qpci_io_readl(n.dev, n.bar1, 0), ==, 0xbbbb0002);

    /* an unmapped page: reads 0, the snapshot registers and their vector */
    intr_arm(&n, 0x84);
    g_assert_cmphex(rd(&n, A_NV_PFB_PRI_MMU_INT_VECTOR_INFO_FAULT) & 0xffff, ==, 0x84);
    g_assert_cmphex(qpci_io_readl(n.dev, n.bar1, 0x5004), ==, 0);
    g_assert_cmphex(rd(&n, VFN(NV_VIRTUAL_FUNCTION_PRIV_MMU_FAULT_INFO)) & 0x8000001f, ==, 0x80000002); /* PTE */
    g_assert_cmphex(rd(&n, VFN(NV_VIRTUAL_FUNCTION_PRIV_MMU_FAULT_ADDR_LO)), ==, 0x5000);
    g_assert_cmphex(rd(&n, VFN(NV_VIRTUAL_FUNCTION_PRIV_MMU_FAULT_INST_LO)), ==, T_INST | 128);     /* BAR1 */
    g_assert_cmphex(rd(&n, VFN_ADDR(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF, 4)) & (1u << 4), ==, 1u << 4);
    wr(&n, VFN(NV_VIRTUAL_FUNCTION_PRIV_MMU_FAULT_STATUS), 0x80000000);
    g_assert_cmphex(rd(&n, VFN(NV_VIRTUAL_FUNCTION_PRIV_MMU_FAULT_INFO)) & 0x80000000, ==, 0);

    /* with a fault buffer in guest RAM: a write to the read-only page */
    qtest_memset(n.qts, G_FAULTS, 0, 0x1000);
    wr(&n, VFN(NV_VIRTUAL_FUNCTION_PRIV_MMU_FAULT_BUFFER_LO), G_FAULTS | 2);      /* sysmem */
    wr(&n, VFN(NV_VIRTUAL_FUNCTION_PRIV_MMU_FAULT_BUFFER_HI), 0);
    wr(&n, VFN(NV_VIRTUAL_FUNCTION_PRIV_MMU_FAULT_BUFFER_SIZE), 0x80000000u | 16); /* ENABLE, 16 */
    qpci_io_writel(n.dev, n.bar3, 0x2000, 0xbad0bad0);
    g_assert_cmphex(vram_rd(&n, T_PAGE_RO), ==, 0x0dd00003); /* dropped */
    g_assert_cmphex(rd(&n, VFN(NV_VIRTUAL_FUNCTION_PRIV_MMU_FAULT_BUFFER_PUT)), ==, 1);
    g_assert_cmphex(qtest_readl(n.qts, G_FAULTS + 8), ==, 0x2000);
    g_assert_cmphex(qtest_readl(n.qts, G_FAULTS + 0x1c) >> 31, ==, 1); /* VALID */
    /* fill the buffer: the 16th entry has no room, overflow is flagged */
    for (i = 0; i < 16; i++) {
        (void)qpci_io_readl(n.dev, n.bar1, 0x7000);
    }
    g_assert_cmphex(rd(&n, VFN(NV_VIRTUAL_FUNCTION_PRIV_MMU_FAULT_BUFFER_PUT)), ==, 15);
    g_assert_cmphex(rd(&n, VFN(NV_VIRTUAL_FUNCTION_PRIV_MMU_FAULT_BUFFER_GET)) >> 31, ==, 1);

    /* a block pointing past VRAM: unbound, every access faults, no crash */
    wr(&n, VFN(NV_VIRTUAL_FUNCTION_PRIV_BAR1_BLOCK), 0x80000000u | 0x0fffffff);
    g_assert_cmphex(qpci_io_readl(n.dev, n.bar1, 0), ==, 0);
    /* an instance block whose PD3 points at itself: bounded, faults */
    vram_wr64(&n, T_PD3, pde(T_PD3));
    wr(&n, VFN(NV_VIRTUAL_FUNCTION_PRIV_BAR2_BLOCK), 0x80000000u | T_INST >> 12);
    g_assert_cmphex(qpci_io_readl(n.dev, n.bar3, 0x40), ==, 0);
    g_assert_cmphex(rd(&n, A_NV_PMC_BOOT_0), ==, 0x172000a1);
    nova_stop(&n);
}

/* --- fault injection at run time, info nova-gpu, the transcript ----------------- */

static char *qom_get_str(QTestState *qts, const char *prop)
{
    QDict *r = qtest_qmp(qts, "{'execute': 'qom-get', 'arguments': "
                         "{'path': '/machine/peripheral/gpu0', 'property': %s}}", prop);
    char *v;

    g_assert(qdict_haskey(r, "return"));
    v = g_strdup(qdict_get_str(r, "return"));
    qobject_unref(r);
    return v;
}

/* the device-time counters of one entry point (QOM "device-time") */
static void device_time(QTestState *qts, const char *site, uint64_t *ns,
                        uint64_t *calls)
{
    QDict *r = qtest_qmp(qts, "{'execute': 'qom-get', 'arguments': "
                         "{'path': '/machine/peripheral/gpu0', "
                         "'property': 'device-time'}}");
    QDict *t, *sites, *one;

    g_assert(qdict_haskey(r, "return"));
    t = qdict_get_qdict(r, "return");
    sites = qdict_get_qdict(t, "sites");
    one = qdict_get_qdict(sites, site);
    g_assert(one);
    *ns = qdict_get_int(one, "ns");
    *calls = qdict_get_int(one, "calls");
    g_assert_cmpuint(qdict_get_int(t, "total-calls"), >=, *calls);
    g_assert(qdict_haskey(t, "timeline"));
    qobject_unref(r);
}

/* a top-level figure of the device-time counters ("nested-calls", ...) */
static uint64_t device_time_top(QTestState *qts, const char *key)
{
    QDict *r = qtest_qmp(qts, "{'execute': 'qom-get', 'arguments': "
                         "{'path': '/machine/peripheral/gpu0', "
                         "'property': 'device-time'}}");
    uint64_t v;

    g_assert(qdict_haskey(r, "return"));
    v = qdict_get_int(qdict_get_qdict(r, "return"), key);
    qobject_unref(r);
    return v;
}

static bool qom_set_str(QTestState *qts, const char *prop, const char *val)
{
    QDict *r = qtest_qmp(qts, "{'execute': 'qom-set', 'arguments': "
                         "{'path': '/machine/peripheral/gpu0', 'property': %s, "
                         "'value': %s}}", prop, val);
    bool ok = qdict_haskey(r, "return");

    qobject_unref(r);
    return ok;
}

static void test_fault_runtime(void)
{
    g_autofree char *armed = NULL, *spent = NULL, *none = NULL, *info = NULL;
    Nova n;

    nova_start(&n, "id=gpu0");
    /* armed over QMP: the next GSP reset never finishes scrubbing, once */
    g_assert(qom_set_str(n.qts, "fault-arm", "gsp-never-scrub:times=1;intr-lost"));
    armed = qom_get_str(n.qts, "faults");
    g_assert(strstr(armed, "gsp-never-scrub    armed times-left=1 hits=0"));
    g_assert(strstr(armed, "intr-lost          armed times=always hits=0"));
    wr(&n, NV_PGSP_BASE + A_NV_PFALCON_FALCON_ENGINE, 1);
    wr(&n, NV_PGSP_BASE + A_NV_PFALCON_FALCON_ENGINE, 0);
    g_assert_cmphex(rd(&n, NV_PGSP_BASE + A_NV_PFALCON_FALCON_HWCFG2) & 0x1000, ==, 0x1000);   /* stuck */
    spent = qom_get_str(n.qts, "faults");
    g_assert(strstr(spent, "gsp-never-scrub    spent hits=1"));
    falcon_reset(&n, NV_PGSP_BASE);                      /* the next reset completes */

    /* bad rules are refused with a message, the device unchanged */
    g_assert(!qom_set_str(n.qts, "fault-arm", "no-such-fault"));
    g_assert(!qom_set_str(n.qts, "fault-arm", "rpc-status:fn=103"));   /* no status */
    g_assert(!qom_set_str(n.qts, "fault-arm", "intr-lost=5"));
    g_assert(!qom_set_str(n.qts, "fault-arm", "intr-lost:when=now"));
    g_assert(!qom_set_str(n.qts, "fault-clear", "no-such-fault"));
    g_assert(qom_set_str(n.qts, "fault-arm", "rpc-no-reply:fn=65:nth=2"));

    /* info nova-gpu over HMP shows the falcons and the faults */
    info = qtest_hmp(n.qts, "info nova-gpu");
    g_assert(strstr(info, "gpu0: chip ga102"));
    g_assert(strstr(info, "falcon GSP  halted"));
    g_assert(strstr(info, "rpc-no-reply       armed fn=65 times=always passing=1 hits=0"));

    /* a corrupt VBIOS, in the PROM window and the ROM BAR, until cleared */
    g_assert_cmphex(qpci_io_readw(n.dev, n.bar0, NV_PROM_BASE), ==, 0xaa55);
    g_assert(qom_set_str(n.qts, "fault-arm", "vbios-corrupt"));
    g_assert_cmphex(qpci_io_readw(n.dev, n.bar0, NV_PROM_BASE), ==, 0);
    g_assert_cmphex(qpci_io_readw(n.dev, n.bar0, NV_PROM_BASE + 2), !=, 0);
    map_rom_bar(&n);
    g_assert_cmphex(qtest_readw(n.qts, ROM_BAR_ADDR), ==, 0);
    g_assert(qom_set_str(n.qts, "fault-clear", "vbios-corrupt"));
    g_assert_cmphex(qpci_io_readw(n.dev, n.bar0, NV_PROM_BASE), ==, 0xaa55);

    /* clear everything: armed faults gone, the spent one's count stays */
    g_assert(qom_set_str(n.qts, "fault-clear", "all"));
    none = qom_get_str(n.qts, "faults");
    g_assert(!strstr(none, "armed"));
    g_assert(strstr(none, "gsp-never-scrub    spent hits=1"));
    nova_stop(&n);
}

/* --- BAR1 direct: translated VRAM mapped into the guest -------------------------- */

#define T_RUN       0x310000u   /* VRAM of the run VA 0x10000..0x13fff maps */
#define DIRECT_AFTER 1024       /* NOVA_BAR1_DIRECT_AFTER */

static void bar1_virtual(Nova *n)
{
    wr(n, VFN(NV_VIRTUAL_FUNCTION_PRIV_BAR1_BLOCK), 0x80000000u | T_INST >> 12);
}

/* what info nova-gpu says of the direct mappings: "on, N of 16 mapped" */
static bool direct_says(Nova *n, const char *what)
{
    g_autofree char *state = qom_get_str(n->qts, "state");
    g_autofree char *want = g_strdup_printf("BAR1 direct: %s", what);

    if (!strstr(state, want)) {
        g_test_message("wanted \"%s\" in:\n%s", want, state);
        return false;
    }
    return true;
}

/* an alias of @len bytes of VRAM at @pa in the memory tree */
static bool mtree_has_direct(Nova *n, uint64_t pa, uint64_t len)
{
    g_autofree char *mtree = qtest_hmp(n->qts, "info mtree");
    g_autofree char *want = g_strdup_printf("@nova-gpu.vram %016" PRIx64 "-%016"
                                            PRIx64, pa, pa + len - 1);

    return strstr(mtree, want) && strstr(mtree, "alias nova-gpu.bar1-direct");
}

/* @count 32-bit reads of BAR1 at @va */
static void bar1_reads(Nova *n, uint64_t va, unsigned count)
{
    while (count--) {
        (void)qpci_io_readl(n->dev, n->bar1, va);
    }
}

static void invalidate(Nova *n, uint32_t pdb_lo, uint32_t ctrl)
{
    wr(n, VFN(NV_VIRTUAL_FUNCTION_PRIV_MMU_INVALIDATE_PDB), pdb_lo);
    wr(n, VFN(NV_VIRTUAL_FUNCTION_PRIV_MMU_INVALIDATE_UPPER_PDB), 0);
    wr(n, VFN(NV_VIRTUAL_FUNCTION_PRIV_MMU_INVALIDATE), ctrl);
}

/* build_tables, and VA 0x10000..0x13fff to T_RUN on, contiguous and writable */
static void build_run(Nova *n)
{
    unsigned i;

    build_tables(n);
    for (i = 0; i < 4; i++) {
        vram_wr64(n, T_PT + (0x10 + i) * 8, pte(T_RUN + i * 0x1000, 0, false));
        vram_wr(n, T_RUN + i * 0x1000, 0x7e570000 + i);
    }
}

static void test_gmmu_bar1_direct(void)
{
    Nova n;
    unsigned i;

    nova_start(&n, "vram-size=512M,id=gpu0");
    build_run(&n);
    bar1_virtual(&n);
    g_assert(direct_says(&n, "on, 0 of 16 mapped"));

    /* the MMIO path until enough accesses, then the run is mapped */
    bar1_reads(&n, 0x10000, DIRECT_AFTER - 1);
    g_assert(direct_says(&n, "on, 0 of 16 mapped"));
    g_assert_cmphex(qpci_io_readl(n.dev, n.bar1, 0x10000), ==, 0x7e570000);
    g_assert(direct_says(&n, "on, 1 of 16 mapped (mapped 1 times"));
    g_assert(mtree_has_direct(&n, T_RUN, 0x4000));  /* the 4 pages, no more */

    /* the same bytes either way: BAR1 to PRAMIN, PRAMIN to BAR1 */
    qpci_io_writel(n.dev, n.bar1, 0x11004, 0x5eed0001);
    g_assert_cmphex(vram_rd(&n, T_RUN + 0x1004), ==, 0x5eed0001);
    qpci_io_writeq(n.dev, n.bar1, 0x13ff8, 0x0123456789abcdefull);
    g_assert_cmphex(vram_rd(&n, T_RUN + 0x3ffc), ==, 0x01234567);
    vram_wr(&n, T_RUN + 0x2008, 0x5eed0002);
    g_assert_cmphex(qpci_io_readl(n.dev, n.bar1, 0x12008), ==, 0x5eed0002);
    g_assert_cmphex(qpci_io_readb(n.dev, n.bar1, 0x1200b), ==, 0x5e);
    /* across the run's end: the next page is unmapped, its half faults */
    g_assert_cmphex(qpci_io_readl(n.dev, n.bar1, 0x13ffe), ==, 0x0123);
    g_assert_cmphex(rd(&n, VFN(NV_VIRTUAL_FUNCTION_PRIV_MMU_FAULT_ADDR_LO)), ==, 0x14000);
    wr(&n, VFN(NV_VIRTUAL_FUNCTION_PRIV_MMU_FAULT_STATUS), 0x80000000);

    /* a PTE changed: the old page until the invalidate, as the TLB would */
    vram_wr64(&n, T_PT + 0x10 * 8, pte(T_PAGE_B, 0, false));
    g_assert_cmphex(qpci_io_readl(n.dev, n.bar1, 0x10000), ==, 0x7e570000);
    invalidate(&n, 0x200000u >> 8, 0x80000001);      /* another PDB: kept */
    g_assert(direct_says(&n, "on, 1 of 16 mapped"));
    g_assert_cmphex(qpci_io_readl(n.dev, n.bar1, 0x10000), ==, 0x7e570000);
    invalidate(&n, T_PD3 >> 8, 0x80000001);         /* BAR1's: dropped */
    g_assert(direct_says(&n, "on, 0 of 16 mapped"));
    g_assert(!mtree_has_direct(&n, T_RUN, 0x4000));
    g_assert_cmphex(qpci_io_readl(n.dev, n.bar1, 0x10000), ==, 0xbbbb0002);
    g_assert_cmphex(qpci_io_readl(n.dev, n.bar1, 0x11004), ==, 0x5eed0001);

    /* mapped again, now from 0x11000; an invalidate of all PDBs drops it */
    bar1_reads(&n, 0x11000, DIRECT_AFTER);
    g_assert(direct_says(&n, "on, 1 of 16 mapped"));
    g_assert(mtree_has_direct(&n, T_RUN + 0x1000, 0x3000));
    g_assert_cmphex(qpci_io_readl(n.dev, n.bar1, 0x10000), ==, 0xbbbb0002);
    invalidate(&n, 0, 0x80000003);                  /* ALL_PDB | ALL_VA */
    g_assert(direct_says(&n, "on, 0 of 16 mapped"));

    /* a read-only page is never mapped, and a write to it still faults */
    bar1_reads(&n, 0x2000, DIRECT_AFTER + 8);
    g_assert(direct_says(&n, "on, 0 of 16 mapped"));
    qpci_io_writel(n.dev, n.bar1, 0x2000, 0xbad0bad0);
    g_assert_cmphex(vram_rd(&n, T_PAGE_RO), ==, 0x0dd00003);
    g_assert_cmphex(rd(&n, VFN(NV_VIRTUAL_FUNCTION_PRIV_MMU_FAULT_INFO)) & 0x8000001f,
                    ==, 0x80000006);                /* RO_VIOLATION */
    wr(&n, VFN(NV_VIRTUAL_FUNCTION_PRIV_MMU_FAULT_STATUS), 0x80000000);

    /* rewriting BAR1_BLOCK drops them; so does arming mmu-fault */
    bar1_reads(&n, 0x11000, DIRECT_AFTER);
    g_assert(direct_says(&n, "on, 1 of 16 mapped"));
    bar1_virtual(&n);
    g_assert(direct_says(&n, "on, 0 of 16 mapped"));
    bar1_reads(&n, 0x11000, DIRECT_AFTER);
    g_assert(direct_says(&n, "on, 1 of 16 mapped"));
    g_assert(qom_set_str(n.qts, "fault-arm", "mmu-fault=0x12000:times=1"));
    g_assert(direct_says(&n, "on, 0 of 16 mapped"));
    g_assert_cmphex(qpci_io_readl(n.dev, n.bar1, 0x12008), ==, 0);    /* injected */
    g_assert_cmphex(qpci_io_readl(n.dev, n.bar1, 0x12008), ==, 0x5eed0002);
    wr(&n, VFN(NV_VIRTUAL_FUNCTION_PRIV_MMU_FAULT_STATUS), 0x80000000);

    /*
     * 16 at most, none evicted: pages 0x20000, 0x22000, ... map VRAM apart
     * (a run each); the 17th stays on the MMIO path and still works.
     */
    for (i = 0; i < 17; i++) {
        vram_wr64(&n, T_PT + (0x20 + 2 * i) * 8,
                  pte(0x320000 + 0x2000 * i, 0, false));
        vram_wr(&n, 0x320000 + 0x2000 * i, 0x1000 + i);
    }
    invalidate(&n, T_PD3 >> 8, 0x80000001);
    for (i = 0; i < 17; i++) {
        bar1_reads(&n, 0x20000 + 0x2000 * i, DIRECT_AFTER);
        g_assert(mtree_has_direct(&n, 0x320000 + 0x2000 * i, 0x1000) == (i < 16));
    }
    g_assert(direct_says(&n, "on, 16 of 16 mapped"));
    for (i = 0; i < 17; i++) {
        qpci_io_writel(n.dev, n.bar1, 0x20004 + 0x2000 * i, 0x2000 + i);
        g_assert_cmphex(vram_rd(&n, 0x320004 + 0x2000 * i), ==, 0x2000 + i);
    }
    g_assert(mtree_has_direct(&n, 0x320000, 0x1000));

    /* a reset drops them: BAR1 is VRAM from 0 again */
    qtest_qmp_assert_success(n.qts, "{'execute': 'system_reset'}");
    qtest_qmp_eventwait(n.qts, "RESET");
    g_assert(direct_says(&n, "on, 0 of 16 mapped"));
    qpci_device_enable(n.dev);
    n.bus->mmio_alloc_ptr = 0xE0000000;
    n.bar1 = qpci_iomap(n.dev, 1, NULL);
    n.bar0 = qpci_iomap(n.dev, 0, NULL);
    g_assert_cmphex(qpci_io_readl(n.dev, n.bar1, T_RUN + 0x1004), ==, 0x5eed0001);
    nova_stop(&n);
}

/* bar1-direct=off: every access stays an MMIO access through the GPU MMU */
static void test_gmmu_bar1_direct_off(void)
{
    Nova n;

    nova_start(&n, "vram-size=512M,id=gpu0,bar1-direct=off");
    build_run(&n);
    bar1_virtual(&n);
    bar1_reads(&n, 0x10000, DIRECT_AFTER + 8);
    g_assert(direct_says(&n, "off, 0 of 16 mapped (mapped 0 times"));
    g_assert(!mtree_has_direct(&n, T_RUN, 0x4000));
    qpci_io_writel(n.dev, n.bar1, 0x11004, 0x5eed0001);
    g_assert_cmphex(vram_rd(&n, T_RUN + 0x1004), ==, 0x5eed0001);
    vram_wr64(&n, T_PT + 0x10 * 8, pte(T_PAGE_B, 0, false));
    g_assert_cmphex(qpci_io_readl(n.dev, n.bar1, 0x10000), ==, 0x7e570000);
    invalidate(&n, T_PD3 >> 8, 0x80000001);
    g_assert_cmphex(qpci_io_readl(n.dev, n.bar1, 0x10000), ==, 0xbbbb0002);
    nova_stop(&n);
}

/* --- lifecycle: reset mid-boot, FLR, re-entrant DMA, hot-plug ------------------ */

/* BARs come back unprogrammed after a reset: map them again */
static void remap(Nova *n)
{
    qpci_device_enable(n->dev);
    n->bus->mmio_alloc_ptr = 0xE0000000;
    n->bar1 = qpci_iomap(n->dev, 1, NULL);
    n->bar0 = qpci_iomap(n->dev, 0, NULL);
    n->bar3 = qpci_iomap(n->dev, 3, NULL);
}

static void assert_power_on(Nova *n)
{
    g_autofree char *state = qom_get_str(n->qts, "state");

    g_assert(strstr(state, "GSP-RM off"));
    g_assert(strstr(state, "falcon GSP  halted    last run none          runs 0"));
    g_assert(strstr(state, "riscv stopped"));
    g_assert(strstr(state, "BAR1 block 0x00000000, BAR2 block 0x00000000"));
    g_assert(strstr(state, "RM objects 0"));
    g_assert_cmphex(rd(n, A_NV_PBUS_BAR0_WINDOW), ==, 0);
    g_assert_cmphex(rd(n, VFN(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_TOP_EN_SET)), ==, 0);
}

/* system_reset in the middle of the GSP boot, then a whole boot again */
static void test_reset_mid_boot(void)
{
    g_autofree char *state = NULL;
    Nova n;

    nova_start(&n, "id=gpu0");
    gsp_boot(&n, 0);
    push_rpc(&n, 72, 928, 0);               /* queued, doorbell not rung */
    state = qom_get_str(n.qts, "state");
    g_assert(strstr(state, "GSP-RM running"));
    qtest_qmp_assert_success(n.qts, "{'execute': 'system_reset'}");
    qtest_qmp_eventwait(n.qts, "RESET");
    remap(&n);
    assert_power_on(&n);
    gsp_boot(&n, 0);                        /* the driver probes again */
    nova_stop(&n);
}

/* a PCIe function-level reset does the same */
static void test_flr(void)
{
    uint16_t ctl;
    Nova n;

    nova_start(&n, "id=gpu0");
    g_assert(qpci_config_readl(n.dev, 0x78 + 4) & (1u << 28)); /* DEVCAP FLR */
    gsp_boot(&n, 0);
    wr(&n, A_NV_PBUS_BAR0_WINDOW, 0x42);
    ctl = qpci_config_readw(n.dev, 0x78 + 8);
    qpci_config_writew(n.dev, 0x78 + 8, ctl | 0x8000);          /* BCR_FLR */
    remap(&n);
    assert_power_on(&n);
    gsp_boot(&n, 0);
    nova_stop(&n);
}

/*
 * A driver that names BAR0 as its status-queue memory: GSP-RM's DMA must
 * not recurse into the device (QEMU's re-entrancy guard refuses it), so the
 * registers keep their values and GSP-RM fails to come up, as real
 * firmware would with unusable queues.
 */
static void test_dma_into_bar0(void)
{
    g_autofree char *state = NULL;
    Nova n;

    nova_start(&n, "id=gpu0");
    wr(&n, A_NV_PBUS_BAR0_WINDOW, 0x1234);
    gsp_boot(&n, n.bar0.addr);
    g_assert_cmphex(rd(&n, A_NV_PBUS_BAR0_WINDOW), ==, 0x1234);
    g_assert_cmphex(rd(&n, A_NV_PMC_BOOT_0), ==, 0x172000a1);
    state = qom_get_str(n.qts, "state");
    g_assert(strstr(state, "GSP-RM failed"));
    nova_stop(&n);
}

/* hot-plug behind a PCIe root port, unplug, plug again */
static void test_hotplug(void)
{
    QTestState *qts = qtest_init("-machine q35 -nodefaults -vga none "
                                 "-device pcie-root-port,id=rp0,bus=pcie.0,chassis=1");
    QDict *resp, *data;
    int round;

    for (round = 0; round < 2; round++) {
        qtest_qmp_device_add(qts, "nova-gpu", "gpu1",
                             "{'bus': 'rp0', 'chip': 'ad102', 'vram-size': 1073741824}");
        qtest_qmp_device_del_send(qts, "gpu1");
        qtest_system_reset_nowait(qts);
        for (;;) {
            resp = qtest_qmp_eventwait_ref(qts, "DEVICE_DELETED");
            data = qdict_get_qdict(resp, "data");
            if (data && qdict_haskey(data, "device") &&
                !strcmp(qdict_get_str(data, "device"), "gpu1")) {
                qobject_unref(resp);
                break;
            }
            qobject_unref(resp);
        }
    }
    qtest_quit(qts);
}

/* --- hostile guests on q35: DMA and MSI that come back as config writes -------- */

/*
 * q35 with its PCIe config window (ECAM) enabled, as every firmware leaves
 * it, so that the device's DMA and MSI can reach config space: its own, or
 * a root port's. With @root_port the GPU sits behind a pcie-root-port with
 * native hot-plug (bus 1), as a guest's firmware would have set the port up.
 */
#define ECAM_BASE           0xb0000000ull
#define ECAM(bus, devfn, off) \
    (ECAM_BASE + ((uint64_t)(bus) << 20) + ((uint64_t)(devfn) << 12) + (off))
#define RP_DEVFN            QPCI_DEVFN(5, 0)
#define NOVA_PCIE_CAP       0x78
#define GSP_INTR_VECTOR     0x9b    /* GSP-RM's messages: the GSP falcon's line */

static QPCIDevice *nova_start_q35(Nova *n, bool root_port)
{
    QPCIDevice *mch, *rp = NULL;

    n->qts = qtest_initf("-machine q35 -vga none -nodefaults %s "
                         "-device nova-gpu,id=gpu0,bar1-size=16M,count-device-time=on,%s",
                         root_port ? "-global ICH9-LPC.acpi-pci-hotplug-with-"
                                     "bridge-support=off "      /* native hot-plug */
                                     "-device pcie-root-port,id=rp0,bus=pcie.0,"
                                     "chassis=1,addr=05.0" : "",
                         root_port ? "bus=rp0" : "addr=04.0");
    n->bus = qpci_new_pc(n->qts, NULL);
    /* the MCH's PCIEXBAR: ECAM at 0xb0000000, 256 buses, enabled */
    mch = qpci_device_find(n->bus, 0);
    qpci_config_writel(mch, 0x64, 0);
    qpci_config_writel(mch, 0x60, ECAM_BASE | 1);
    g_free(mch);
    if (root_port) {
        rp = qpci_device_find(n->bus, RP_DEVFN);
        g_assert(rp);
        qpci_config_writeb(rp, PCI_PRIMARY_BUS, 0);
        qpci_config_writeb(rp, PCI_SECONDARY_BUS, 1);
        qpci_config_writeb(rp, PCI_SUBORDINATE_BUS, 1);
        /* the port forwards 0xe0000000-0xefffffff, where the BARs go */
        qpci_config_writew(rp, PCI_MEMORY_BASE, 0xe000);
        qpci_config_writew(rp, PCI_MEMORY_LIMIT, 0xeff0);
        qpci_config_writew(rp, PCI_PREF_MEMORY_BASE, 0xfff0);     /* closed */
        qpci_config_writew(rp, PCI_PREF_MEMORY_LIMIT, 0);
        qpci_config_writew(rp, PCI_COMMAND,
                           PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
    }
    nova_map(n, root_port ? 1 << 8 | QPCI_DEVFN(0, 0) : NOVA_DEVFN);
    return rp;
}

/*
 * GSP-RM's next message interrupts through MSI, aimed at @addr with @data:
 * nothing pending now, the GSP falcon's SWGEN0 and its vector enabled.
 */
static void gsp_msi_aim(Nova *n, uint64_t addr, uint16_t data)
{
    wr(n, NV_PGSP_BASE + A_NV_PFALCON_FALCON_IRQSCLR, 0xffffffff);
    wr(n, NV_PGSP_BASE + A_NV_PFALCON_FALCON_IRQMSET, NV_FIELD_MASK(NV_PFALCON_FALCON_IRQSTAT, SWGEN0));
    intr_arm(n, GSP_INTR_VECTOR);
    msi_aim(n, addr, data);
    g_assert_cmphex(rd(n, VFN(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_TOP)), ==, 0);
}

/*
 * Ring the doorbell; GSP-RM's reply resets the device (FLR), which must
 * happen once the work has returned: GSP-RM is off after it, and the
 * device at power-on, ready for the driver to boot it again.
 */
static void doorbell_until_reset(Nova *n)
{
    g_autofree char *state = NULL;
    int i;

    wr(n, NV_PGSP_BASE + A_NV_PGSP_QUEUE_HEAD, 0);
    for (i = 0; i < 100; i++) {
        qtest_clock_step(n->qts, 1000);
        g_free(state);
        state = qom_get_str(n->qts, "state");
        if (strstr(state, "GSP-RM off")) {
            break;
        }
    }
    g_assert(strstr(state, "GSP-RM off"));
}

static void reboot_after_reset(Nova *n)
{
    remap(n);
    assert_power_on(n);
    gsp_boot(n, 0);
}

/*
 * Defect: GSP-RM's reply MSI, aimed at the device's own Device Control
 * through ECAM with the FLR bit, reset the device in the middle of
 * nova_gsp_rm_process, which then divided by the zeroed slot count
 * (SIGFPE). The reset now waits until the work returns; QEMU lives, the
 * device comes back at power-on and boots again.
 */
static void test_flr_from_own_msi(void)
{
    Nova n;

    nova_start_q35(&n, false);
    gsp_boot(&n, 0);
    gsp_msi_aim(&n, ECAM(0, NOVA_DEVFN, NOVA_PCIE_CAP + PCI_EXP_DEVCTL),
                PCI_EXP_DEVCTL_BCR_FLR);
    push_rpc(&n, 72, 928, 0);
    push_rpc(&n, 65, 1656, 1);
    doorbell_until_reset(&n);
    /* both RPCs were consumed before the reset took effect */
    g_assert_cmpuint(qtest_readl(n.qts, G_STATQ + 0x20), ==, 2);
    /*
     * the FLR's config write came inside GSP-RM's bottom half: timed as part
     * of it, not again (device time counts the outermost entry only); the
     * reset it asked for ran in its own bottom half
     */
    {
        uint64_t ns, calls;

        g_assert_cmpuint(device_time_top(n.qts, "nested-calls"), >=, 1);
        device_time(n.qts, "bh-reset", &ns, &calls);
        g_assert_cmpuint(calls, ==, 1);
    }
    reboot_after_reset(&n);
    nova_stop(&n);
}

/*
 * Defect, second route: the status-queue page GSP-RM's reply goes to is
 * the device's own ECAM page, and the reply (a GSP_RM_CONTROL answer echoes
 * the driver's parameters) carries the FLR bit where Device Control is.
 * GSP-RM's own DMA reset the device under it. Now the reset waits, as above.
 */
static void test_reply_into_own_ecam(void)
{
    uint8_t ctl[0x38] = { 0 };
    Nova n;

    nova_start_q35(&n, false);
    /* slot 2 of the status queue (pages: PTEs, command queue, header, 0, 1, 2) */
    shm_override_page = 0x41 + 1 + 2;
    shm_override_addr = ECAM(0, NOVA_DEVFN, 0);
    gsp_boot(&n, 0);
    shm_override_page = 0;
    /* a control for no client: answered NV_ERR_INVALID_CLIENT, params echoed */
    memcpy(ctl + 0x10, &(uint32_t){ sizeof(ctl) - 0x18 }, 4);
    /* element offset 0x80 = Device Control (element 0x50 + control 0x18) */
    ctl[0x80 - 0x50 + 1] = PCI_EXP_DEVCTL_BCR_FLR >> 8;
    push_rpc_data(&n, 76, ctl, sizeof(ctl), 0);
    push_rpc(&n, 72, 928, 1);
    doorbell_until_reset(&n);
    reboot_after_reset(&n);
    nova_stop(&n);
}

/*
 * Defect: GSP-RM's MSI aimed at the root port's Slot Control, powering the
 * slot off, unplugs the device in the middle of its own BAR access: an
 * 8-byte BAR2 read across a 4 KiB boundary faults on its first half, GSP-RM
 * posts MMU_FAULT_QUEUED, its MSI unplugs the device, and the second half
 * used the TLB the unplug had freed. Now everything in-flight work touches
 * lives until the object goes, and the unplugged device issues nothing.
 */
static void test_unplug_from_own_msi(void)
{
    QPCIDevice *rp;
    QDict *r;
    uint8_t exp;
    Nova n;

    rp = nova_start_q35(&n, true);
    gsp_boot(&n, 0);
    exp = qpci_find_capability(rp, PCI_CAP_ID_EXP, 0);
    g_assert(exp);
    gsp_msi_aim(&n, ECAM(0, RP_DEVFN, exp + PCI_EXP_SLTCTL),
                PCI_EXP_SLTCTL_PWR_OFF | PCI_EXP_SLTCTL_PWR_IND_OFF);
    /* BAR2 virtual, through an instance block whose page tables map nothing */
    wr(&n, VFN(NV_VIRTUAL_FUNCTION_PRIV_BAR2_BLOCK), 0x80000000u | T_INST >> 12);
    qpci_io_readq(n.dev, n.bar3, 0xffc);
    /* the slot is off and the device gone; QEMU carries on */
    r = qtest_qmp(n.qts, "{'execute': 'qom-get', 'arguments': "
                  "{'path': '/machine/peripheral/gpu0', 'property': 'type'}}");
    g_assert(qdict_haskey(r, "error"));
    qobject_unref(r);
    g_assert_cmphex(qpci_config_readw(rp, PCI_VENDOR_ID), ==, 0x1b36);
    g_free(rp);
    nova_stop(&n);
}

/* --- migration ---------------------------------------------------------------- */

/*
 * Migrate to a file and wait until migration says it is over, however long
 * a loaded machine takes: nothing here is timed. The guard, ten minutes, is
 * only there so that a migration that never ends fails with the state it
 * was stuck in rather than at the runner's timeout. Returns query-migrate's
 * final answer (for its RAM counters).
 */
static QDict *migrate_to_file(QTestState *qts, const char *uri)
{
    gint64 guard = g_get_monotonic_time() + 600 * G_USEC_PER_SEC;

    qtest_qmp_assert_success(qts, "{'execute': 'migrate', 'arguments': {'uri': %s}}",
                             uri);
    for (;;) {
        QDict *r = qtest_qmp(qts, "{'execute': 'query-migrate'}");
        QDict *ret = qdict_get_qdict(r, "return");
        const char *status = ret && qdict_haskey(ret, "status") ?
                             qdict_get_str(ret, "status") : "(none)";

        if (!strcmp(status, "completed")) {
            qobject_ref(ret);
            qobject_unref(r);
            return ret;
        }
        if (!strcmp(status, "failed") || g_get_monotonic_time() > guard) {
            g_autoptr(GString) json = qobject_to_json(QOBJECT(r));

            g_test_message("migration %s: %s", !strcmp(status, "failed") ?
                           "failed" : "still not over after 10 minutes", json->str);
            g_assert_cmpstr(status, ==, "completed");
        }
        qobject_unref(r);
        g_usleep(10000);
    }
}

/*
 * Save the VM in the middle of the GSP bring-up (GSP-RM running, two RPCs
 * queued but the doorbell not rung yet), restore it in a new QEMU, and let
 * the driver carry on: the state is the same, and the RPCs are answered.
 */
static void test_migration(void)
{
    g_autofree char *path = g_strdup_printf("/tmp/nova-gpu-migration-%d", getpid());
    g_autofree char *uri = g_strdup_printf("file:%s", path);
    g_autofree char *before = NULL, *after = NULL;
    char name[64];
    Nova n, d;
    int i;

    nova_start(&n, "id=gpu0");
    /* VRAM the guest wrote: through BAR1 (physical until the boot) ... */
    qpci_io_writel(n.dev, n.bar1, 0x2340, 0x5eed1234);
    gsp_boot(&n, 0);
    /* ... and far past its window */
    vram_wr(&n, 7 * GiB + 0x1230, 0x600dcafe);
    wr(&n, A_NV_PBUS_BAR0_WINDOW, 0x77);
    push_rpc(&n, 72, 928, 0);
    push_rpc(&n, 65, 1656, 1);
    before = qom_get_str(n.qts, "state");
    qobject_unref(migrate_to_file(n.qts, uri));
    nova_stop(&n);

    d.qts = qtest_initf("-machine pc -vga none -nodefaults "
                        "-device nova-gpu,addr=04.0,id=gpu0 -incoming defer");
    d.bus = qpci_new_pc(d.qts, NULL);
    d.dev = qpci_device_find(d.bus, NOVA_DEVFN);
    g_assert(d.dev);
    /*
     * VRAM this device wrote that the saved one had not: the saved state
     * says it was never written, so it must read zero after the load
     */
    remap(&d);
    vram_wr(&d, 6 * GiB, 0xbadbad);
    qtest_qmp_assert_success(d.qts, "{'execute': 'migrate-incoming', "
                             "'arguments': {'uri': %s}}", uri);
    qtest_qmp_eventwait(d.qts, "RESUME");
    unlink(path);
    remap(&d);
    after = qom_get_str(d.qts, "state");
    g_assert_cmpstr(after, ==, before);
    g_assert_cmphex(rd(&d, A_NV_PBUS_BAR0_WINDOW), ==, 0x77);
    g_assert_cmphex(rd(&d, NV_PGSP_BASE + A_NV_PFALCON_FALCON_MAILBOX0), ==, G_LIBOS);
    g_assert_cmphex(vram_rd(&d, 0x2340), ==, 0x5eed1234);
    g_assert_cmphex(vram_rd(&d, 7 * GiB + 0x1230), ==, 0x600dcafe);
    g_assert_cmphex(vram_rd(&d, 6 * GiB), ==, 0);
    wr(&d, A_NV_PBUS_BAR0_WINDOW, 0x77);

    /* the driver rings the doorbell now: GSP-RM answers from restored state */
    wr(&d, NV_PGSP_BASE + A_NV_PGSP_QUEUE_HEAD, 0);
    for (i = 0; i < 100 && qtest_readl(d.qts, G_STATQ + 0x10) == 2; i++) {
        qtest_clock_step(d.qts, 1000);
    }
    g_assert_cmpuint(qtest_readl(d.qts, G_STATQ + 0x10), ==, 3);
    g_assert_cmphex(qtest_readl(d.qts, G_STATQ + 0x3000 + 0x3c), ==, 65);
    qtest_memread(d.qts, G_STATQ + 0x3000 + 0x50 + 0x4ec, name, sizeof(name));
    name[sizeof(name) - 1] = 0;
    g_assert(g_str_has_prefix(name, "NVIDIA GeForce RTX 3090"));
    nova_stop(&d);
}

/*
 * VRAM the guest wrote only through a BAR1 direct mapping, outside BAR1's
 * window (which counts as written anyway): it was marked written when it
 * was mapped, so it migrates; the destination has no mapping until its own
 * accesses make one.
 */
#define T_FAR       0x18000000u     /* 384 MiB: past a 16 MiB BAR1 */

static void test_migration_bar1_direct(void)
{
    g_autofree char *path = g_strdup_printf("/tmp/nova-gpu-migration-b1-%d", getpid());
    g_autofree char *uri = g_strdup_printf("file:%s", path);
    Nova n, d;
    unsigned i;

    nova_start(&n, "vram-size=512M,bar1-size=16M,id=gpu0");
    build_tables(&n);
    for (i = 0; i < 4; i++) {
        vram_wr64(&n, T_PT + (0x10 + i) * 8, pte(T_FAR + i * 0x1000, 0, false));
    }
    bar1_virtual(&n);
    bar1_reads(&n, 0x10000, DIRECT_AFTER);
    g_assert(direct_says(&n, "on, 1 of 16 mapped"));
    g_assert(mtree_has_direct(&n, T_FAR, 0x4000));
    qpci_io_writel(n.dev, n.bar1, 0x11004, 0x5eed0b1d);     /* RAM, not the device */
    qpci_io_writel(n.dev, n.bar1, 0x13ffc, 0x5eed0b1e);
    qobject_unref(migrate_to_file(n.qts, uri));
    nova_stop(&n);

    d.qts = qtest_initf("-machine pc -vga none -nodefaults -device nova-gpu,"
                        "addr=04.0,id=gpu0,vram-size=512M,bar1-size=16M "
                        "-incoming defer");
    d.bus = qpci_new_pc(d.qts, NULL);
    d.dev = qpci_device_find(d.bus, NOVA_DEVFN);
    g_assert(d.dev);
    qtest_qmp_assert_success(d.qts, "{'execute': 'migrate-incoming', "
                             "'arguments': {'uri': %s}}", uri);
    qtest_qmp_eventwait(d.qts, "RESUME");
    unlink(path);
    remap(&d);
    g_assert(direct_says(&d, "on, 0 of 16 mapped"));
    g_assert_cmphex(vram_rd(&d, T_FAR + 0x1004), ==, 0x5eed0b1d);
    g_assert_cmphex(vram_rd(&d, T_FAR + 0x3ffc), ==, 0x5eed0b1e);
    /* BAR1 is still in virtual mode there, through the MMU, then mapped again */
    g_assert_cmphex(qpci_io_readl(d.dev, d.bar1, 0x11004), ==, 0x5eed0b1d);
    bar1_reads(&d, 0x10000, DIRECT_AFTER);
    g_assert(direct_says(&d, "on, 1 of 16 mapped"));
    g_assert_cmphex(qpci_io_readl(d.dev, d.bar1, 0x13ffc), ==, 0x5eed0b1e);
    nova_stop(&d);
}

/* RAM pages (zero or not) a migration sent, from query-migrate's answer. */
static uint64_t migrated_pages(QDict *info)
{
    QDict *ram = qdict_get_qdict(info, "ram");

    g_assert(ram);
    return qdict_get_int(ram, "normal") + qdict_get_int(ram, "duplicate");
}

/*
 * Migrating an idle device costs what the guest can have written, not the
 * VRAM size: a 24 GiB board sends as many pages as a 256 MiB one, and its
 * saved state is no more than twice the size. Both have their BARs mapped,
 * as a guest's firmware leaves them, so BAR1's 256 MiB window counts as
 * written in both. (Counted, not timed.)
 */
static void test_migration_idle_vram(void)
{
    static const char *const sizes[] = { "256M", "24G" };
    uint64_t pages[2], bytes[2], written[2];
    size_t i;

    for (i = 0; i < ARRAY_SIZE(sizes); i++) {
        g_autofree char *opts = g_strdup_printf("id=gpu0,vram-size=%s", sizes[i]);
        g_autofree char *path = g_strdup_printf("/tmp/nova-gpu-idle-%d-%zu",
                                                getpid(), i);
        g_autofree char *uri = g_strdup_printf("file:%s", path);
        g_autofree char *state = NULL;
        const char *kib;
        struct stat st;
        QDict *info;
        Nova n;

        nova_start(&n, opts);
        state = qom_get_str(n.qts, "state");
        kib = strstr(state, "MiB (");
        g_assert(kib);
        written[i] = g_ascii_strtoull(kib + 5, NULL, 10);
        info = migrate_to_file(n.qts, uri);
        pages[i] = migrated_pages(info);
        qobject_unref(info);
        nova_stop(&n);
        g_assert_cmpint(stat(path, &st), ==, 0);
        bytes[i] = st.st_size;
        unlink(path);
        g_test_message("vram-size=%s: %" PRIu64 " KiB of VRAM written, %" PRIu64
                       " pages sent, %" PRIu64 " bytes saved", sizes[i], written[i],
                       pages[i], bytes[i]);
    }
    /* BAR1's window, all of the small board and 1% of the big one */
    g_assert_cmpuint(written[0], ==, 256 * KiB);
    g_assert_cmpuint(written[1], ==, 256 * KiB);
    g_assert_cmpuint(pages[1], <=, pages[0] + 256);
    g_assert_cmpuint(bytes[1], <=, 2 * bytes[0]);
}

/* QEMU's resident memory, in KiB (VmRSS of its /proc status) */
static uint64_t qemu_rss_kib(Nova *n)
{
    g_autofree char *path = g_strdup_printf("/proc/%d/status", (int)qtest_pid(n->qts));
    g_autofree char *text = NULL;
    const char *rss;

    g_assert(g_file_get_contents(path, &text, NULL, NULL));
    rss = strstr(text, "VmRSS:");
    g_assert(rss);
    return g_ascii_strtoull(rss + 6, NULL, 10);
}

/*
 * A 48 GiB board (AD102 boards carry up to 48) starts on a host with less
 * RAM than that, reports its size, and its VRAM works at both ends; QEMU's
 * resident memory stays within a few MiB of a 256 MiB board's (VRAM is
 * reserved without swap and touched only where written; what grows is
 * QEMU's dirty bitmaps, a bit per page per client). Counted, not timed.
 */
static void test_vram_48g(void)
{
    const uint64_t top = (48ull << 30) - 0x1000;
    uint64_t rss_small, rss_big;
    uint32_t lmr;
    Nova n;

    nova_start(&n, "vram-size=256M");
    vram_wr(&n, 0x1000, 0x5a5a0001);
    g_assert_cmphex(vram_rd(&n, 0x1000), ==, 0x5a5a0001);
    rss_small = qemu_rss_kib(&n);
    nova_stop(&n);

    nova_start(&n, "chip=ad102,vram-size=48G");
    lmr = rd(&n, A_NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE);
    g_assert_cmpuint((uint64_t)((lmr >> 4) & 0x3f) << (lmr & 0xf), ==, 48 * 1024);
    vram_wr(&n, 0x1000, 0x5a5a0001);
    vram_wr(&n, top, 0x5a5a0002);
    g_assert_cmphex(vram_rd(&n, 0x1000), ==, 0x5a5a0001);
    g_assert_cmphex(vram_rd(&n, top), ==, 0x5a5a0002);
    g_assert_cmphex(vram_rd(&n, top - 0x10000), ==, 0);
    rss_big = qemu_rss_kib(&n);
    nova_stop(&n);

    g_test_message("QEMU resident: %" PRIu64 " KiB with vram-size=256M, %" PRIu64
                   " KiB with 48G", rss_small, rss_big);
    g_assert_cmpuint(rss_big, <, rss_small + 32 * 1024);
}

/* a destination QEMU for @uri; returns once the load ended, with its status */
static char *migrate_in_opts(Nova *d, const char *uri, bool exit_on_error, const char *opts)
{
    QDict *r, *ret;
    char *status;

    d->qts = qtest_initf("-machine pc -vga none -nodefaults "
                         "-device nova-gpu,addr=04.0,id=gpu0%s -incoming defer", opts);
    d->bus = qpci_new_pc(d->qts, NULL);
    d->dev = qpci_device_find(d->bus, NOVA_DEVFN);
    g_assert(d->dev);
    qtest_qmp_assert_success(d->qts, "{'execute': 'migrate-incoming', "
                             "'arguments': {'uri': %s, 'exit-on-error': %i}}",
                             uri, exit_on_error);
    for (;;) {
        r = qtest_qmp(d->qts, "{'execute': 'query-migrate'}");
        ret = qdict_get_qdict(r, "return");
        if (ret && qdict_haskey(ret, "status") &&
            (!strcmp(qdict_get_str(ret, "status"), "completed") ||
             !strcmp(qdict_get_str(ret, "status"), "failed"))) {
            break;
        }
        qobject_unref(r);
        g_usleep(10000);
    }
    status = g_strdup_printf("%s: %s", qdict_get_str(ret, "status"),
                             qdict_haskey(ret, "error-desc") ?
                             qdict_get_str(ret, "error-desc") : "");
    qobject_unref(r);
    return status;
}

static char *migrate_in(Nova *d, const char *uri, bool exit_on_error)
{
    return migrate_in_opts(d, uri, exit_on_error, "");
}

/*
 * Defect: a driver that sent the first chunk of a split RPC and never the
 * rest made every migrate/savevm abort QEMU (the save was refused inside a
 * nested VMState, which QEMU asserts on) or, without the assert, blocked
 * migration for good. The part received now travels with the state: the
 * save completes, and on the destination the driver's continuation record
 * finishes the RPC.
 */
static void test_migration_split_rpc(void)
{
    g_autofree char *path = g_strdup_printf("/tmp/nova-gpu-split-%d", getpid());
    g_autofree char *uri = g_strdup_printf("file:%s", path);
    g_autofree char *status = NULL, *state = NULL;
    static uint8_t chunk[0x10000 - 0x50];
    uint8_t rest[0x68] = { 0 };
    Nova n, d;
    int i;

    nova_start(&n, "id=gpu0");
    gsp_boot(&n, 0);
    /* GSP_RM_CONTROL with 64 KiB of params: more than one element holds */
    memset(chunk, 0, sizeof(chunk));
    memcpy(chunk + 0x10, &(uint32_t){ 0x10000 }, 4);
    push_rpc_data(&n, 76, chunk, sizeof(chunk), 0);
    wr(&n, NV_PGSP_BASE + A_NV_PGSP_QUEUE_HEAD, 0);
    for (i = 0; i < 100 && qtest_readl(n.qts, G_STATQ + 0x20) != 16; i++) {
        qtest_clock_step(n.qts, 1000);
    }
    g_assert_cmpuint(qtest_readl(n.qts, G_STATQ + 0x20), ==, 16);  /* consumed */
    g_assert_cmpuint(qtest_readl(n.qts, G_STATQ + 0x10), ==, 2);   /* no answer */
    qobject_unref(migrate_to_file(n.qts, uri));
    nova_stop(&n);

    status = migrate_in(&d, uri, true);
    g_assert_cmpstr(status, ==, "completed: ");
    unlink(path);
    remap(&d);
    /* the rest, as a continuation record: the whole control is answered */
    push_rpc_data(&d, 71, rest, sizeof(rest), 1);
    wr(&d, NV_PGSP_BASE + A_NV_PGSP_QUEUE_HEAD, 0);
    for (i = 0; i < 100 && qtest_readl(d.qts, G_STATQ + 0x10) == 2; i++) {
        qtest_clock_step(d.qts, 1000);
    }
    g_assert_cmphex(qtest_readl(d.qts, G_STATQ + 0x3000 + 0x3c), ==, 76);
    /* the control's status (NV_ERR_INVALID_CLIENT) and the whole length */
    g_assert_cmphex(qtest_readl(d.qts, G_STATQ + 0x3000 + 0x50 + 0xc), ==, 0x23);
    g_assert_cmphex(qtest_readl(d.qts, G_STATQ + 0x3000 + 0x50 + 0x10), ==, 0x10000);
    state = qom_get_str(d.qts, "state");
    g_assert(strstr(state, "continuation records in 1"));
    nova_stop(&d);
}

/* where a big-endian pattern of @len bytes occurs in @buf, exactly once */
static size_t find_once(const uint8_t *buf, size_t size, const uint8_t *pat,
                        size_t len)
{
    size_t i, at = 0, hits = 0;

    for (i = 0; i + len <= size; i++) {
        if (!memcmp(buf + i, pat, len)) {
            at = i;
            hits++;
        }
    }
    g_assert_cmpuint(hits, ==, 1);
    return at;
}

/*
 * A migration stream is input. Save a device with GSP-RM running, change
 * one field of GSP-RM's state in the file, load it: the load fails with a
 * message naming the field, and QEMU (kept by exit-on-error=false) serves
 * "info nova-gpu" and a doorbell on what it holds. Before, a page count
 * past the 512-entry array made both read host memory as DMA addresses.
 */
static void test_migration_bad_stream(void)
{
    /* GSP-RM's wpr_meta and libos (GUEST_META, G_LIBOS) as the stream has them */
    static const uint8_t anchor[16] = { 0, 0, 0, 0, 0, 0x31, 0, 0,
                                        0, 0, 0, 0, 0, 0x40, 0, 0 };
    static const struct {
        const char *what;
        long off;                   /* from the anchor */
        unsigned len;
        uint64_t value;
    } cases[] = {
        { "GSP-RM state", -8, 4, 0x7f },
        { "GSP-RM ABI", -4, 4, 9 },
        { "shared memory page count", 24 + 4096, 4, 0x10000 },
        { "queue offsets", 24 + 4096 + 4, 8, 1ull << 40 },
        { "queue slot count", 24 + 4096 + 20, 4, 0xffffffffu },
        /*
         * each object: used, four handles, the class data as its 208 bytes
         * (NovaRmObject's union; the VA space's is the largest)
         */
        { "RM object count", 24 + 4096 + 28 + (1 + 16 + 208) * 1024, 4, 77 },
    };
    g_autofree char *path = g_strdup_printf("/tmp/nova-gpu-bad-%d", getpid());
    g_autofree char *bad = g_strdup_printf("/tmp/nova-gpu-bad-%d.edit", getpid());
    g_autofree char *uri = g_strdup_printf("file:%s", bad);
    g_autofree uint8_t *file = NULL;
    size_t size, at, i, j;
    Nova n;

    nova_start(&n, "id=gpu0");
    gsp_boot(&n, 0);
    push_rpc(&n, 72, 928, 0);
    {
        g_autofree char *save = g_strdup_printf("file:%s", path);

        qobject_unref(migrate_to_file(n.qts, save));
    }
    nova_stop(&n);
    g_assert(g_file_get_contents(path, (char **)&file, &size, NULL));
    unlink(path);
    at = find_once(file, size, anchor, sizeof(anchor));
    for (i = 0; i < ARRAY_SIZE(cases); i++) {
        g_autofree uint8_t *copy = g_memdup2(file, size);
        g_autofree char *status = NULL, *info = NULL;
        g_autofree char *expect = g_strdup_printf("invalid migration stream: "
                                                  "%s out of range", cases[i].what);
        Nova d;

        for (j = 0; j < cases[i].len; j++) {     /* big-endian, as VMState */
            copy[at + cases[i].off + j] =
                cases[i].value >> (8 * (cases[i].len - 1 - j));
        }
        g_assert(g_file_set_contents(bad, (char *)copy, size, NULL));
        status = migrate_in(&d, uri, false);
        g_test_message("%s: %s", cases[i].what, status);
        g_assert(g_str_has_prefix(status, "failed: "));
        g_assert(strstr(status, expect));
        info = qtest_hmp(d.qts, "info nova-gpu");
        g_assert(strstr(info, "chip ga102"));
        remap(&d);
        wr(&d, NV_PGSP_BASE + A_NV_PGSP_QUEUE_HEAD, 0);                 /* a doorbell on what it holds */
        qtest_clock_step(d.qts, 1000);
        g_assert_cmphex(rd(&d, A_NV_PMC_BOOT_0), ==, 0x172000a1);
        nova_stop(&d);
    }
    unlink(bad);
}

/* Invalid properties are refused with an error, not a crash: device_add. */
static void test_bad_properties(void)
{
    static const char *const bad[] = {
        "'chip': 'gk104'",
        "'vram-size': 0",
        "'vram-size': 1048576000",      /* 1000 MiB: not encodable */
        "'vram-size': 102400",          /* not whole MiB */
        "'bar1-size': 3145728",         /* not a power of two */
        "'vram-size': 536870912, 'bar1-size': 1073741824",
        "'romfile': '/nonexistent/nova-gpu.rom'",
        "'fault': 'no-such-fault'",     /* refused last in realize: unwinds it all */
    };
    QTestState *qts = qtest_init("-machine pc -vga none -nodefaults");
    size_t i;

    for (i = 0; i < ARRAY_SIZE(bad); i++) {
        g_autofree char *cmd = g_strdup_printf(
            "{'execute': 'device_add', 'arguments': "
            "{'driver': 'nova-gpu', 'id': 'bad%zu', %s}}", i, bad[i]);
        QDict *resp = qtest_qmp(qts, cmd);

        g_assert(qdict_haskey(resp, "error"));
        qobject_unref(resp);
    }
    /* and a good one still plugs in */
    qtest_qmp_assert_success(qts, "{'execute': 'device_add', 'arguments': "
                             "{'driver': 'nova-gpu', 'id': 'good', "
                             "'chip': 'ad102', 'vram-size': 1073741824}}");
    qtest_quit(qts);
}

/* --- submission: a mini driver, through GSP-RM's queues and the doorbell -------- */

/*
 * What a driver does to run work, reduced to one copy: RM objects through
 * the command queue (client, device, subdevice, VA space, channel, copy
 * object), the channel's page tables, GPFIFO ring and pushbuffer in VRAM
 * (written through PRAMIN), USERD's GP_PUT, then the doorbell; the copy
 * engine's bytes and the semaphores' payloads are checked in guest RAM.
 */
#define S_CLIENT        0xc1d00000u
#define S_DEVICE        0xde1d0000u
#define S_SUBDEVICE     0x5d1d0000u
#define S_VASPACE       0x90f10000u
#define S_CHID          9u
#define S_CHANNEL       (0xf1f00000u | S_CHID)
#define S_COPY          0xce000001u

/* VRAM: the instance block (its PD3 right after) and tables, USERD, buffers */
#define S_INST          0x200000u
#define S_USERD         0x210000u
#define S_GPFIFO        0x220000u   /* VA 0x1000 */
#define S_PUSH          0x221000u   /* VA 0x2000 */
#define S_SRC           0x230000u   /* VA 0x10000, 3 pages */
/* guest RAM: the destination and the semaphores */
#define S_DST           0x700000u   /* VA 0x20000, 3 pages */
#define S_SEM           0x710000u   /* VA 0x30000 */
#define S_COPY_LEN      (2 * 4096 + 1234)   /* across pages, not a multiple */

static uint32_t stat_read;      /* status-queue slots the mini driver consumed */

/* An RPC and its reply; returns the reply's payload (freed by the caller). */
static uint8_t *rpc_call(Nova *n, uint32_t fn, const void *payload, uint32_t plen,
                         uint32_t seq)
{
    uint32_t i, want = (stat_read + 1) % 63, len;
    uint8_t *r;

    push_rpc_data(n, fn, payload, plen, seq);
    wr(n, NV_PGSP_BASE + A_NV_PGSP_QUEUE_HEAD, 0);
    for (i = 0; i < 1000 && qtest_readl(n->qts, G_STATQ + 0x10) == stat_read; i++) {
        qtest_clock_step(n->qts, 1000);
    }
    g_assert_cmpuint(qtest_readl(n->qts, G_STATQ + 0x10), !=, stat_read);
    g_assert_cmphex(qtest_readl(n->qts, G_STATQ + 0x1000 + stat_read * 0x1000 + 0x3c),
                    ==, fn);
    len = qtest_readl(n->qts, G_STATQ + 0x1000 + stat_read * 0x1000 + 0x38) - 0x20;
    g_assert_cmpuint(len, <=, 0x1000 - 0x50);
    r = g_malloc0(len + 8);
    qtest_memread(n->qts, G_STATQ + 0x1000 + stat_read * 0x1000 + 0x50, r, len);
    stat_read = want;
    qtest_writel(n->qts, G_CMDQ + 0x20, stat_read);
    return r;
}

/* GSP_RM_ALLOC: returns the object's status */
static uint32_t rm_alloc(Nova *n, uint32_t parent, uint32_t handle, uint32_t cls,
                         const void *params, uint32_t size, uint32_t seq)
{
    g_autofree uint8_t *req = g_malloc0(0x20 + size);
    g_autofree uint8_t *r = NULL;

    nova_st32(req + 0x00, S_CLIENT);
    nova_st32(req + 0x04, parent);
    nova_st32(req + 0x08, handle);
    nova_st32(req + 0x0c, cls);
    nova_st32(req + 0x14, size);
    if (params) {
        memcpy(req + 0x20, params, size);
    }
    r = rpc_call(n, 103, req, 0x20 + size, seq);
    return nova_ld32(r + 0x10);
}

/* GSP_RM_CONTROL: returns the status; the answer's parameters in @params */
static uint32_t rm_control(Nova *n, uint32_t handle, uint32_t cmd, void *params,
                           uint32_t size, uint32_t seq)
{
    g_autofree uint8_t *req = g_malloc0(0x18 + size);
    g_autofree uint8_t *r = NULL;

    nova_st32(req + 0x00, S_CLIENT);
    nova_st32(req + 0x04, handle);
    nova_st32(req + 0x08, cmd);
    nova_st32(req + 0x10, size);
    memcpy(req + 0x18, params, size);
    r = rpc_call(n, 76, req, 0x18 + size, seq);
    memcpy(params, r + 0x18, size);
    return nova_ld32(r + 0x0c);
}

/* {base, size, addressSpace, cacheAttrib}: NV_MEMORY_DESC_PARAMS */
static void mem_desc(uint8_t *p, uint64_t base, uint64_t size, uint32_t space)
{
    nova_st64(p, base);
    nova_st64(p + 8, size);
    nova_st32(p + 0x10, space);
}

/*
 * The copy engine's runlist, from the device-info table as nouveau reads
 * it: engineData[2] is the RM engine type, [3] the runlist.
 */
static uint32_t copy_runlist(Nova *n, uint32_t *engine, uint32_t seq)
{
    static uint8_t t[0xc8c];
    uint32_t i, count;

    memset(t, 0, sizeof(t));
    g_assert_cmphex(rm_control(n, S_SUBDEVICE, 0x20801112, t, sizeof(t), seq), ==, 0);
    count = nova_ld32(t + 4);
    g_assert_cmpuint(count, >, 1);
    for (i = 0; i < count; i++) {
        const uint8_t *e = t + 0xc + i * 100;

        if (nova_ld32(e + 2 * 4) >= 9 && nova_ld32(e + 2 * 4) <= 18) {
            *engine = nova_ld32(e + 2 * 4);
            return nova_ld32(e + 3 * 4);
        }
    }
    g_assert_not_reached();
}

/* the channel's VA space: 4 KiB pages at @va, to VRAM or (sys) guest RAM */
static void map_pages(Nova *n, uint64_t va, uint64_t pa, unsigned count, bool sys)
{
    unsigned i;

    for (i = 0; i < count; i++) {
        vram_wr64(n, S_INST + 0x5000 + ((va >> 12) + i) * 8,
                  pte(pa + i * 0x1000, sys ? 2 : 0, false));
    }
}

static void channel_tables(Nova *n)
{
    unsigned i;

    for (i = 0; i < 0x6000; i += 4) {
        vram_wr(n, S_INST + i, 0);
    }
    vram_wr64(n, S_INST + 0x200, (S_INST + 0x1000) | 1u << 10 | 1u << 11);
    vram_wr64(n, S_INST + 0x208, 0xffffffffull);
    vram_wr64(n, S_INST + 0x1000, pde(S_INST + 0x2000));
    vram_wr64(n, S_INST + 0x2000, pde(S_INST + 0x3000));
    vram_wr64(n, S_INST + 0x3000, pde(S_INST + 0x4000));
    vram_wr64(n, S_INST + 0x4000 + 8, pde(S_INST + 0x5000));
    map_pages(n, 0x1000, S_GPFIFO, 1, false);
    map_pages(n, 0x2000, S_PUSH, 1, false);
    map_pages(n, 0x10000, S_SRC, 3, false);
    map_pages(n, 0x20000, S_DST, 3, true);
    map_pages(n, 0x30000, S_SEM, 1, true);
}

/* a method header: incrementing (SEC_OP 1), @count data words follow */
static uint32_t mthd(unsigned subch, uint32_t method, unsigned count)
{
    return 1u << 29 | count << 16 | subch << 13 | method >> 2;
}

/* where one channel's memory is: each channel its own USERD, ring and pushbuffer */
typedef struct SubmitChan {
    uint32_t chid, runlist, engine;
    uint32_t userd, gpfifo, push;       /* VRAM */
    uint64_t gpfifo_va, push_va;
    uint32_t put;                       /* GPFIFO entries written */
} SubmitChan;


/*
 * Boot GSP-RM, allocate the RM objects a driver needs before its first
 * channel, and write the VA space's tables: GSP-RM on r535 (nouveau 6.12's
 * SET_SYSTEM_INFO size).
 */
static void submit_objects(Nova *n)
{
    uint8_t root[0x6c] = { 0 }, dev[0x38] = { 0 }, sub[4] = { 0 }, vas[0x30] = { 0 };

    gsp_boot(n, 0);
    stat_read = 2;
    push_rpc(n, 72, 0x298, 10);          /* SET_SYSTEM_INFO: no reply */
    nova_st32(root, S_CLIENT);
    nova_st32(root + 4, 0xffffffff);
    g_assert_cmphex(rm_alloc(n, S_CLIENT, S_CLIENT, 0x0000, root, sizeof(root), 11), ==, 0);
    nova_st32(dev + 4, S_CLIENT);
    g_assert_cmphex(rm_alloc(n, S_CLIENT, S_DEVICE, 0x0080, dev, sizeof(dev), 12), ==, 0);
    g_assert_cmphex(rm_alloc(n, S_DEVICE, S_SUBDEVICE, 0x2080, sub, sizeof(sub), 13), ==, 0);
    g_assert_cmphex(rm_alloc(n, S_DEVICE, S_VASPACE, 0x90f1, vas, sizeof(vas), 14), ==, 0);
    channel_tables(n);
}

static void submit_setup(Nova *n, const NovaChip *chip, const char *extra)
{
    g_autofree char *opts = g_strdup_printf("chip=%s,id=gpu0%s", chip->name,
                                            extra ? extra : "");

    nova_start(n, opts);
    submit_objects(n);
}

/* A copy channel @chid (its USERD, ring and pushbuffer in slot @slot), scheduled. */
static void submit_channel(Nova *n, const NovaChip *chip, SubmitChan *c, uint32_t chid,
                           unsigned slot)
{
    uint8_t chan[0x168] = { 0 }, ce[8], ctl[8];
    uint32_t i;

    memset(c, 0, sizeof(*c));
    c->chid = chid;
    c->runlist = copy_runlist(n, &c->engine, 20 + slot);
    c->userd = S_USERD + slot * 0x200;
    c->gpfifo = S_GPFIFO + slot * 0x400;
    c->gpfifo_va = 0x1000 + slot * 0x400;
    c->push = S_PUSH + slot * 0x400;
    c->push_va = 0x2000 + slot * 0x400;
    for (i = 0; i < 0x200; i += 4) {
        vram_wr(n, c->userd + i, 0);
    }
    nova_st64(chan + 0x08, c->gpfifo_va);               /* gpFifoOffset */
    nova_st32(chan + 0x10, 8);                          /* gpFifoEntries */
    nova_st32(chan + 0x14, (chid % 8) << 8 | (chid / 8) << 12 | 1u << 21);
    nova_st32(chan + 0x1c, S_VASPACE);
    nova_st32(chan + 0x80, c->engine);
    mem_desc(chan + 0x90, S_INST, 0x1000, 2);           /* instanceMem */
    mem_desc(chan + 0xa8, c->userd, 0x200, 2);          /* userdMem */
    mem_desc(chan + 0xc0, S_INST, 0x200, 2);            /* ramfcMem */
    mem_desc(chan + 0xd8, 0x720000, 0x1000, 1);         /* mthdbufMem */
    g_assert_cmphex(rm_alloc(n, S_DEVICE, 0xf1f00000u | chid, chip->channel_class,
                             chan, sizeof(chan), 30 + slot), ==, 0);
    nova_st32(ctl, c->engine);
    g_assert_cmphex(rm_control(n, 0xf1f00000u | chid, 0xa06f0104, ctl, 4, 40 + slot), ==, 0);
    ctl[0] = 1;
    g_assert_cmphex(rm_control(n, 0xf1f00000u | chid, 0xa06f0103, ctl, 4, 50 + slot), ==, 0);
    nova_st32(ce, 1);
    nova_st32(ce + 4, c->engine);
    g_assert_cmphex(rm_alloc(n, 0xf1f00000u | chid, S_COPY + chid, chip->copy_class,
                             ce, sizeof(ce), 60 + slot), ==, 0);
}

/* Write @len dwords of pushbuffer at @off of the channel's, queue it as one entry. */
static void submit_queue(Nova *n, SubmitChan *c, uint32_t off, const uint32_t *push,
                         uint32_t len)
{
    uint32_t i, e = c->put % 8;

    for (i = 0; i < len; i++) {
        vram_wr(n, c->push + off + 4 * i, push[i]);
    }
    vram_wr(n, c->gpfifo + 8 * e, c->push_va + off);
    vram_wr(n, c->gpfifo + 8 * e + 4, len << 10);
    c->put++;
    vram_wr(n, c->userd + 0x8c, c->put % 8);            /* GP_PUT */
}

static void submit_ring(Nova *n, SubmitChan *c)
{
    wr(n, 0xbb0090, c->runlist << 16 | c->chid);        /* the doorbell */
}

/* ... and ring the doorbell */
static void submit_push(Nova *n, SubmitChan *c, uint32_t off, const uint32_t *push,
                        uint32_t len)
{
    submit_queue(n, c, off, push, len);
    submit_ring(n, c);
}

/* the copy: VRAM (VA 0x10000) to guest RAM (VA 0x20000), then two releases */
static uint32_t copy_push(const NovaChip *chip, uint32_t *push, uint32_t len,
                          uint32_t ce_payload, uint32_t host_payload)
{
    uint32_t p = 0;

    push[p++] = mthd(4, 0x0000, 1);             /* SET_OBJECT */
    push[p++] = chip->copy_class;
    push[p++] = mthd(4, 0x0240, 3);             /* SET_SEMAPHORE_A, _B, _PAYLOAD */
    push[p++] = 0;
    push[p++] = 0x30000;
    push[p++] = ce_payload;
    push[p++] = mthd(4, 0x0400, 4);             /* OFFSET_IN/OUT, upper and lower */
    push[p++] = 0;
    push[p++] = 0x10000;
    push[p++] = 0;
    push[p++] = 0x20000;
    push[p++] = mthd(4, 0x0418, 2);             /* LINE_LENGTH_IN, LINE_COUNT */
    push[p++] = len;
    push[p++] = 1;
    push[p++] = mthd(4, 0x0300, 1);             /* LAUNCH_DMA: non-pipelined, flush, */
    push[p++] = 2 | 1u << 2 | 1u << 3 | 1u << 7 | 1u << 8;  /* release, pitch both */
    push[p++] = mthd(0, 0x005c, 5);             /* SEM_ADDR_LO/HI, PAYLOAD_LO/HI, EXECUTE */
    push[p++] = 0x30010;
    push[p++] = 0;
    push[p++] = host_payload;
    push[p++] = 0;
    push[p++] = 1 | 1u << 20;                   /* RELEASE, RELEASE_WFI, 32-bit */
    push[p++] = mthd(0, 0x0020, 1);             /* NON_STALL_INTERRUPT */
    push[p++] = 0;
    return p;
}

/*
 * The vector GSP-RM's interrupt table gives @engine's non-stall interrupt,
 * found as nouveau finds it (entries of 16 bytes after tableLen: engineIdx,
 * pmcIntrMask, vectorStall, vectorNonStall; CEn is MC_ENGINE_IDX 15 + n).
 */
static uint32_t nonstall_vector(Nova *n, uint32_t engine)
{
    static uint8_t t[0x814];
    uint32_t i;

    memset(t, 0, sizeof(t));
    g_assert_cmphex(rm_control(n, S_SUBDEVICE, 0x20800a5c, t, sizeof(t), 90), ==, 0);
    for (i = 0; i < nova_ld32(t) && i < 128; i++) {
        if (nova_ld16(t + 4 + 16 * i) == 15 + engine - 9) {
            return nova_ld32(t + 4 + 16 * i + 12);
        }
    }
    g_assert_not_reached();
}

static void submit_data(Nova *n, uint8_t *src, uint32_t len, uint8_t seed)
{
    uint32_t i;

    for (i = 0; i < len; i++) {
        src[i] = i * 7 + (i >> 8) + seed;
    }
    for (i = 0; i < len; i += 4) {
        uint8_t w[4] = { 0 };       /* the last word may be partial */

        memcpy(w, src + i, MIN(4, len - i));
        vram_wr(n, S_SRC + i, nova_ld32(w));
    }
    qtest_memset(n->qts, S_DST, 0xee, 3 * 4096);
    qtest_memset(n->qts, S_SEM, 0, 4096);
}

/* step virtual time until guest RAM @addr holds @val (or give up) */
static void wait_for(Nova *n, uint64_t addr, uint32_t val)
{
    int i;

    for (i = 0; i < 2000 && qtest_readl(n->qts, addr) != val; i++) {
        qtest_clock_step(n->qts, 100000);           /* up to 200 ms */
    }
    g_assert_cmphex(qtest_readl(n->qts, addr), ==, val);
}

static void check_copied(Nova *n, const uint8_t *src, uint32_t len)
{
    g_autofree uint8_t *dst = g_malloc(len);

    qtest_memread(n->qts, S_DST, dst, len);
    g_assert(memcmp(src, dst, len) == 0);
    g_assert_cmphex(qtest_readb(n->qts, S_DST + len), ==, 0xee);
}

/* the status queue's next message, if GSP-RM posted one: its function, or 0 */
static uint32_t next_event(Nova *n, uint8_t *payload, uint32_t size)
{
    uint32_t fn, i;

    for (i = 0; i < 200 && qtest_readl(n->qts, G_STATQ + 0x10) == stat_read; i++) {
        qtest_clock_step(n->qts, 10000);
    }
    if (qtest_readl(n->qts, G_STATQ + 0x10) == stat_read) {
        return 0;
    }
    fn = qtest_readl(n->qts, G_STATQ + 0x1000 + stat_read * 0x1000 + 0x3c);
    qtest_memread(n->qts, G_STATQ + 0x1000 + stat_read * 0x1000 + 0x50, payload, size);
    stat_read = (stat_read + 1) % 63;
    qtest_writel(n->qts, G_CMDQ + 0x20, stat_read);
    return fn;
}

/*
 * Submission latency as a driver sees it through QEMU: a doorbell until
 * the host's semaphore release is in memory, against one bare BAR0 write
 * (both over the qtest protocol, so its cost is in both). Wall-clock
 * figures, reported and never asserted: the bench (bench/submit.sh) runs
 * this path alone and prints them.
 */
static void test_submit_latency(void)
{
    const NovaChip *chip = nova_chip_by_id(NOVA_CHIP_GA102);
    enum { ROUNDS = 200, POLLS = 1000000 };
    uint32_t push[8], p, i, k;
    gint64 t0, t_mmio, t_submit = 0;
    uint64_t reads = 0;
    SubmitChan c;
    Nova n;

    submit_setup(&n, chip, NULL);
    submit_channel(&n, chip, &c, S_CHID, 0);
    qtest_memset(n.qts, S_SEM, 0, 4096);

    t0 = g_get_monotonic_time();
    for (i = 0; i < ROUNDS; i++) {
        wr(&n, A_NV_PBUS_BAR0_WINDOW, i & 0xff);
    }
    t_mmio = g_get_monotonic_time() - t0;

    for (i = 1; i <= ROUNDS; i++) {
        p = 0;
        push[p++] = mthd(0, 0x005c, 5);     /* SEM_ADDR_LO/HI, PAYLOAD_LO/HI, EXECUTE */
        push[p++] = 0x30010;
        push[p++] = 0;
        push[p++] = i;
        push[p++] = 0;
        push[p++] = 1;                      /* RELEASE, 32-bit */
        submit_queue(&n, &c, (i % 8) * 0x40, push, p);  /* not timed */
        t0 = g_get_monotonic_time();
        submit_ring(&n, &c);
        for (k = 0; k < POLLS && qtest_readl(n.qts, S_SEM + 0x10) != i; k++) {
        }
        t_submit += g_get_monotonic_time() - t0;
        g_assert_cmpuint(k, <, POLLS);
        reads += k + 1;
    }
    /*
     * A ratio near 2 with one read per round means the release was in
     * memory by the first read after the doorbell: the device's share is
     * below one protocol round trip.
     */
    g_test_message("doorbell to semaphore release in memory: %.1f us; one BAR0 write: "
                   "%.1f us; ratio %.2f; reads of the semaphore per round %.2f "
                   "(all over the qtest protocol)",
                   (double)t_submit / ROUNDS, (double)t_mmio / ROUNDS,
                   (double)t_submit / MAX(t_mmio, 1), (double)reads / ROUNDS);
    nova_stop(&n);
}

static void test_submit(const void *data)
{
    const NovaChip *chip = data;
    g_autofree uint8_t *src = g_malloc(S_COPY_LEN);
    uint32_t push[32], p, bad[2], vector;
    uint8_t rc[0x14];
    g_autofree char *info = NULL;
    SubmitChan c, c2;
    Nova n;

    submit_setup(&n, chip, NULL);
    submit_channel(&n, chip, &c, S_CHID, 0);
    submit_data(&n, src, S_COPY_LEN, 0);
    p = copy_push(chip, push, S_COPY_LEN, 0xc0be0001, 0x5e3a0002);
    submit_push(&n, &c, 0, push, p);
    wait_for(&n, S_SEM + 0x10, 0x5e3a0002);
    g_assert_cmphex(qtest_readl(n.qts, S_SEM), ==, 0xc0be0001);
    g_assert_cmpuint(vram_rd(&n, c.userd + 0x88), ==, 1);          /* GP_GET */
    check_copied(&n, src, S_COPY_LEN);
    /* the non-stall interrupt, on the copy engine's vector */
    vector = nonstall_vector(&n, c.engine);
    g_assert_cmpuint(vector, <, 256);
    g_assert_cmphex(rd(&n, VFN_ADDR(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF, vector / 32)) &
                    (1u << vector % 32), !=, 0);
    info = qtest_hmp(n.qts, "info nova-gpu");
    g_assert(strstr(info, "chid 9 runlist"));
    g_assert(strstr(info, "runnable GP_GET 1 GP_PUT 1"));
    g_clear_pointer(&info, g_free);

    /* a malformed push: a method on a subchannel with no class. The channel
     * stops, GSP-RM reports RC_TRIGGERED for it, and nothing else stops */
    bad[0] = mthd(5, 0x0300, 1);
    bad[1] = 0;
    submit_push(&n, &c, 0x200, bad, 2);
    g_assert_cmphex(next_event(&n, rc, sizeof(rc)), ==, 0x1004);
    g_assert_cmpuint(nova_ld32(rc + 4), ==, S_CHID);               /* chid */
    g_assert_cmpuint(nova_ld32(rc + 0), ==, c.engine);             /* engine type */
    info = qtest_hmp(n.qts, "info nova-gpu");
    g_assert(strstr(info, "chid 9 runlist"));
    g_assert(strstr(info, " error GP_GET"));

    /* a new channel works after it */
    submit_channel(&n, chip, &c2, S_CHID + 1, 1);
    submit_data(&n, src, 4099, 0x40);
    p = copy_push(chip, push, 4099, 0xc0be0003, 0x5e3a0004);
    submit_push(&n, &c2, 0, push, p);
    wait_for(&n, S_SEM + 0x10, 0x5e3a0004);
    check_copied(&n, src, 4099);

    /* the channel-error fault: the next doorbell's channel stops, reported */
    g_assert(qom_set_str(n.qts, "fault-arm", "channel-error:times=1"));
    p = copy_push(chip, push, 64, 0xc0be0005, 0x5e3a0006);
    submit_push(&n, &c2, 0x100, push, p);
    g_assert_cmphex(next_event(&n, rc, sizeof(rc)), ==, 0x1004);
    g_assert_cmpuint(nova_ld32(rc + 4), ==, S_CHID + 1);
    g_assert_cmpuint(nova_ld32(rc + 8), ==, 32);                  /* PBDMA error */
    g_assert_cmphex(qtest_readl(n.qts, S_SEM + 0x10), ==, 0x5e3a0004);
    nova_stop(&n);
}

/*
 * Save and restore while a copy is held in the copy engine (the ce-stall
 * fault keeps it there for 50 ms of virtual time): the destination runs it
 * to the end, bytes and semaphores intact.
 */
static void test_submit_migration(void)
{
    const NovaChip *chip = nova_chip_by_id(NOVA_CHIP_GA102);
    g_autofree char *path = g_strdup_printf("/tmp/nova-gpu-submit-%d", getpid());
    g_autofree char *uri = g_strdup_printf("file:%s", path);
    g_autofree uint8_t *src = g_malloc(S_COPY_LEN);
    g_autofree char *status = NULL;
    uint32_t push[32], p;
    SubmitChan c;
    Nova n, d;

    submit_setup(&n, chip, ",fault=ce-stall=50");
    submit_channel(&n, chip, &c, S_CHID, 0);
    submit_data(&n, src, S_COPY_LEN, 3);
    p = copy_push(chip, push, S_COPY_LEN, 0xc0be0005, 0x5e3a0006);
    submit_push(&n, &c, 0, push, p);
    qtest_clock_step(n.qts, 1000000);                   /* 1 ms: held */
    g_assert_cmphex(qtest_readl(n.qts, S_SEM + 0x10), ==, 0);
    qobject_unref(migrate_to_file(n.qts, uri));
    nova_stop(&n);

    status = migrate_in(&d, uri, true);
    unlink(path);
    g_assert_cmpstr(status, ==, "completed: ");
    qtest_qmp_assert_success(d.qts, "{'execute': 'cont'}");
    wait_for(&d, S_SEM + 0x10, 0x5e3a0006);
    g_assert_cmphex(qtest_readl(d.qts, S_SEM), ==, 0xc0be0005);
    check_copied(&d, src, S_COPY_LEN);
    nova_stop(&d);
}

/*
 * A system reset or a function-level reset while a channel has work held:
 * the device comes back at power-on with no channel and no run pending,
 * and a driver that probes again submits on a new channel.
 */
static void test_submit_reset(const void *data)
{
    bool flr = data != NULL;
    const NovaChip *chip = nova_chip_by_id(NOVA_CHIP_GA102);
    g_autofree uint8_t *src = g_malloc(S_COPY_LEN);
    g_autofree char *info = NULL;
    uint32_t push[32], p;
    SubmitChan c;
    Nova n;

    submit_setup(&n, chip, ",fault=ce-stall=50:times=1");
    submit_channel(&n, chip, &c, S_CHID, 0);
    submit_data(&n, src, S_COPY_LEN, 5);
    p = copy_push(chip, push, S_COPY_LEN, 0xc0be0007, 0x5e3a0008);
    submit_push(&n, &c, 0, push, p);
    qtest_clock_step(n.qts, 1000000);
    if (flr) {
        uint16_t ctl = qpci_config_readw(n.dev, 0x78 + 8);

        qpci_config_writew(n.dev, 0x78 + 8, ctl | 0x8000);      /* BCR_FLR */
    } else {
        qtest_qmp_assert_success(n.qts, "{'execute': 'system_reset'}");
        qtest_qmp_eventwait(n.qts, "RESET");
    }
    qtest_clock_step(n.qts, 100000000);                 /* past the stall */
    g_assert_cmphex(qtest_readl(n.qts, S_SEM + 0x10), ==, 0);
    remap(&n);
    assert_power_on(&n);
    info = qtest_hmp(n.qts, "info nova-gpu");
    g_assert(strstr(info, "channels 0,"));

    /* the driver probes again: GSP-RM, objects, a channel, the copy */
    submit_objects(&n);
    submit_channel(&n, chip, &c, S_CHID, 0);
    submit_data(&n, src, S_COPY_LEN, 6);
    p = copy_push(chip, push, S_COPY_LEN, 0xc0be0009, 0x5e3a000a);
    submit_push(&n, &c, 0, push, p);
    wait_for(&n, S_SEM + 0x10, 0x5e3a000a);
    check_copied(&n, src, S_COPY_LEN);
    nova_stop(&n);
}

/*
 * What one BAR0 read costs through the qtest protocol (the protocol's round
 * trip is most of it) and, once the device times its own code, what of it
 * is spent in nova-gpu's handler. Wall-clock figures, printed and never
 * asserted (a loaded machine moves them).
 */
/* --- the display (display=on): GSP-RM's controls, the core and window channels ------ */

/*
 * What nouveau's r535 display path does, reduced: the display objects, the
 * controls it asks (heads, outputs, connection, EDID), the instance memory
 * with a context DMA in its hash table, a core and a window channel with
 * pushbuffers in VRAM; then a mode, a surface and UPDATE through the
 * pushbuffers, the notifier, the vblank interrupt and what the console
 * shows (a QMP screendump of a pattern written into VRAM).
 */
#define D_DISP          0xd1500000u
#define D_COMMON        0xd1500073u
#define D_CORE          0xd15c0000u
#define D_WNDW          0xd15e0000u
#define D_INST          0x400000u   /* 64 KiB: the hash table, then objects */
#define D_RAMHT_SIZE    0x2000u
#define D_CORE_PB       0x410000u
#define D_WNDW_PB       0x411000u
#define D_NOTIFY        0x412000u
#define D_FB            0x420000u
#define D_CURS          0x430000u   /* the cursor's image */
#define D_FB_BL         0x440000u   /* the pattern again, block-linear */
#define D_H_VRAM_BL     0xf0000002u /* VRAM with a block-linear kind (Ampere) */
#define D_CURSOR        0xd15a0000u
#define D_EVENT         0xd15e7e00u
#define D_H_NOTIFY      0xf0000000u     /* nouveau's sync buffer handle */
#define D_H_VRAM        0xf0000001u     /* ...and its whole-VRAM handle */
#define D_W             64u
#define D_H             32u

/* nouveau's nvkm_ramht_hash for a 0x2000-byte table (1024 entries) */
static uint32_t d_ramht_slot(uint32_t chid, uint32_t handle)
{
    uint32_t hash = 0;

    while (handle) {
        hash ^= handle & 0x3ff;
        handle >>= 10;
    }
    return (hash ^ chid << 6) & 0x3ff;
}

/* a context DMA over VRAM [start, limit] at @obj in the instance memory */
static void d_ctxdma(Nova *n, uint32_t chid, uint32_t handle, uint32_t obj,
                     uint64_t start, uint64_t limit)
{
    uint32_t slot = d_ramht_slot(chid, handle);

    vram_wr(n, D_INST + obj, 1);                    /* target: VRAM */
    vram_wr(n, D_INST + obj + 4, start >> 8);
    vram_wr(n, D_INST + obj + 8, 0);
    vram_wr(n, D_INST + obj + 0xc, limit >> 8);
    vram_wr(n, D_INST + obj + 0x10, 0);
    vram_wr(n, D_INST + slot * 8, handle);
    vram_wr(n, D_INST + slot * 8 + 4, chid << 25 | (obj >> 5) << 14);
}

/* INTERNAL_DISPLAY_CHANNEL_PUSHBUFFER, then the channel's RM_ALLOC */
static void d_channel(Nova *n, uint32_t hclass, uint32_t handle, uint32_t pb, uint32_t seq)
{
    uint8_t ctl[0x28] = { 0 }, args[0x20] = { 0 };

    nova_st32(ctl, 2);                              /* ADDR_FBMEM */
    nova_st64(ctl + 8, pb);
    nova_st64(ctl + 0x10, 0xfff);
    nova_st32(ctl + 0x1c, hclass);
    ctl[0x24] = 1;                                  /* valid */
    g_assert_cmphex(rm_control(n, S_SUBDEVICE, 0x20800a58, ctl, sizeof(ctl), seq), ==, 0);
    g_assert_cmphex(rm_alloc(n, D_DISP, handle, hclass, args, sizeof(args), seq + 1), ==, 0);
}

/* methods at @put of a pushbuffer: one incrementing header per (method, data) */
static uint32_t d_push(Nova *n, uint32_t pb, uint32_t put, const uint32_t (*m)[2],
                       unsigned count)
{
    unsigned i;

    for (i = 0; i < count; i++) {
        vram_wr(n, pb + put, 1u << 18 | m[i][0]);
        vram_wr(n, pb + put + 4, m[i][1]);
        put += 8;
    }
    return put;
}

static void d_wait_get(Nova *n, uint32_t user, uint32_t put)
{
    unsigned i;

    for (i = 0; i < 100 && rd(n, user + 4) != put; i++) {
        qtest_clock_step(n->qts, 100000);
    }
    g_assert_cmphex(rd(n, user + 4), ==, put);
}

/* a QMP screendump of the console, read back: the PPM's bytes (freed by the caller) */
static char *d_screendump(Nova *n, const char *path, gsize *len)
{
    char *ppm = NULL;

    qtest_qmp_assert_success(n->qts, "{'execute': 'screendump', "
                             "'arguments': {'filename': %s}}", path);
    g_assert(g_file_get_contents(path, &ppm, len, NULL));
    unlink(path);
    return ppm;
}

/* the 64x32 screendump @ppm shows @fb (x8r8g8b8) pixel for pixel */
static void d_check_pixels(const char *ppm, gsize len, const uint32_t *fb)
{
    static const char hdr[] = "P6\n64 32\n255\n";
    uint32_t x, y;

    g_assert(g_str_has_prefix(ppm, hdr));
    g_assert_cmpuint(len, ==, strlen(hdr) + D_W * D_H * 3);
    for (y = 0; y < D_H; y++) {
        for (x = 0; x < D_W; x++) {
            const uint8_t *px = (const uint8_t *)ppm + strlen(hdr) + (y * D_W + x) * 3;

            g_assert_cmphex(px[0] << 16 | px[1] << 8 | px[2], ==, fb[y * D_W + x]);
        }
    }
}

static void test_display(const void *data)
{
    const NovaChip *chip = data;
    uint8_t p[0x10 + 2048], sinfo[0x1c] = { 0 }, inst[0x18] = { 0 };
    uint32_t core[][2] = {
        { 0x208, D_H_NOTIFY },                      /* SET_CONTEXT_DMA_NOTIFIER */
        { 0x20c, 1u << 12 | 0x10 },                 /* SET_NOTIFIER_CONTROL: notify, +0x10 */
        { 0x300, 1 },                               /* SOR_SET_CONTROL(0): head 0 */
        { 0x2064, 40u << 16 | 80 },                 /* HEAD_SET_RASTER_SIZE */
        { 0x2058, D_H << 16 | D_W },                /* HEAD_SET_VIEWPORT_SIZE_OUT */
        { 0x200c, 80 * 40 * 50 },                   /* PIXEL_CLOCK: 50 Hz */
        { 0x1000, 0 },                              /* WINDOW_SET_CONTROL(0): head 0 */
        { 0x200, 0 },                               /* UPDATE */
    };
    uint32_t wndw[][2] = {
        { 0x240, D_H_VRAM },                        /* SET_CONTEXT_DMA_ISO(0) */
        { 0x260, D_FB >> 8 },                       /* SET_OFFSET(0) */
        { 0x224, D_H << 16 | D_W },                 /* SET_SIZE */
        { 0x228, 1u << 4 },                         /* SET_STORAGE: pitch-linear */
        { 0x22c, 0xe6 },                            /* SET_PARAMS: X8R8G8B8 */
        { 0x230, D_W * 4 / 64 },                    /* SET_PLANAR_STORAGE(0): pitch */
        { 0x200, 0 },                               /* UPDATE */
    };
    g_autofree char *path = g_strdup_printf("/tmp/nova-gpu-display-%d.ppm", getpid());
    g_autofree char *info = NULL, *ppm = NULL;
    g_autofree uint32_t *fb = g_new(uint32_t, D_W * D_H);
    uint32_t put, line0, x, y, frames;
    gsize len;
    Nova n;

    submit_setup(&n, chip, ",display=on,xres=1024,yres=768");
    g_assert_cmphex(rm_alloc(&n, S_DEVICE, D_DISP, chip->disp.root, NULL, 0, 40), ==, 0);
    g_assert_cmphex(rm_alloc(&n, S_DEVICE, D_COMMON, 0x0073, NULL, 0, 41), ==, 0);

    /* the controls: two windows and one head, one output, plugged, its EDID */
    g_assert_cmphex(rm_control(&n, S_SUBDEVICE, 0x20800a01, sinfo, sizeof(sinfo), 42), ==, 0);
    g_assert_cmphex(nova_ld32(sinfo + 4), ==, 0x3);             /* windowPresentMask */
    g_assert_cmpuint(nova_ld32(sinfo + 0xc), ==, 1);            /* numHeads */
    memset(p, 0, 0xc);
    g_assert_cmphex(rm_control(&n, D_COMMON, 0x730120, p, 0xc, 43), ==, 0);
    g_assert_cmphex(nova_ld32(p + 4), ==, 1);                   /* displayMask */
    memset(p, 0, 0x10);
    nova_st32(p + 8, 1);
    g_assert_cmphex(rm_control(&n, D_COMMON, 0x730122, p, 0x10, 44), ==, 0);
    g_assert_cmphex(nova_ld32(p + 8), ==, 1);                   /* connected */
    memset(p, 0, sizeof(p));
    nova_st32(p + 4, 1);
    nova_st32(p + 8, 2048);
    g_assert_cmphex(rm_control(&n, D_COMMON, 0x730245, p, sizeof(p), 45), ==, 0);
    g_assert_cmpuint(nova_ld32(p + 8), >=, 128);                /* bufferSize */
    g_assert_cmphex(nova_ld32(p + 0x10), ==, 0xffffff00);       /* the EDID header */
    /* the preferred mode is xres x yres (the first detailed timing) */
    g_assert_cmpuint(p[0x10 + 0x38] | (p[0x10 + 0x3a] >> 4) << 8, ==, 1024);
    g_assert_cmpuint(p[0x10 + 0x3b] | (p[0x10 + 0x3d] >> 4) << 8, ==, 768);
    /* a display ID that is not ours is refused */
    nova_st32(p + 4, 2);
    g_assert_cmphex(rm_control(&n, D_COMMON, 0x730245, p, sizeof(p), 46), !=, 0);

    /* hotplug: an event object for NV2080_NOTIFIERS_HOTPLUG on the subdevice,
     * as nouveau's; a new monitor posts it (POST_EVENT) with output 0 plugged */
    {
        uint8_t ev[0x18] = { 0 }, note[8] = { 0 }, post[0x28];

        nova_st32(ev, S_CLIENT);                    /* hParentClient */
        nova_st32(ev + 8, 0x007e);                  /* hClass */
        nova_st32(ev + 0xc, 1u << 30 | 1);          /* notifyIndex: RM client, HOTPLUG */
        g_assert_cmphex(rm_alloc(&n, S_SUBDEVICE, D_EVENT, 0x007e, ev, sizeof(ev), 60), ==, 0);
        nova_st32(note, 1);                         /* HOTPLUG */
        nova_st32(note + 4, 2);                     /* REPEAT */
        g_assert_cmphex(rm_control(&n, S_SUBDEVICE, 0x20800301, note, sizeof(note), 61),
                        ==, 0);
        g_assert(!qom_set_str(n.qts, "monitor-mode", "10x10"));     /* refused */
        g_assert(qom_set_str(n.qts, "monitor-mode", "800x600"));
        g_assert_cmphex(next_event(&n, post, sizeof(post)), ==, 0x1003);
        g_assert_cmphex(nova_ld32(post), ==, S_CLIENT);
        g_assert_cmphex(nova_ld32(post + 4), ==, D_EVENT);
        g_assert_cmpuint(nova_ld32(post + 8), ==, 1);                /* notifyIndex */
        g_assert_cmpuint(nova_ld32(post + 0x18), ==, 8);             /* eventDataSize */
        g_assert_cmphex(nova_ld32(post + 0x1d), ==, 1);              /* plugDisplayMask */
        g_assert_cmphex(nova_ld32(post + 0x21), ==, 0);              /* unplugDisplayMask */
        /* the new EDID's preferred mode */
        memset(p, 0, sizeof(p));
        nova_st32(p + 4, 1);
        nova_st32(p + 8, 2048);
        g_assert_cmphex(rm_control(&n, D_COMMON, 0x730245, p, sizeof(p), 62), ==, 0);
        g_assert_cmpuint(p[0x10 + 0x38] | (p[0x10 + 0x3a] >> 4) << 8, ==, 800);
        g_assert_cmpuint(p[0x10 + 0x3b] | (p[0x10 + 0x3d] >> 4) << 8, ==, 600);
    }

    /* instance memory with the two context DMAs; the channels */
    nova_st64(inst, D_INST);
    nova_st64(inst + 8, 0x10000);
    nova_st32(inst + 0x10, 2);
    g_assert_cmphex(rm_control(&n, S_SUBDEVICE, 0x20800a49, inst, sizeof(inst), 47), ==, 0);
    for (x = 0; x < D_RAMHT_SIZE; x += 4) {
        vram_wr(&n, D_INST + x, 0);
    }
    d_ctxdma(&n, 0, D_H_NOTIFY, D_RAMHT_SIZE, D_NOTIFY, D_NOTIFY + 0xfff);
    d_ctxdma(&n, 1, D_H_VRAM, D_RAMHT_SIZE + 0x20, 0, 0x7fffffff);
    vram_wr(&n, D_NOTIFY + 0x10, 0);
    d_channel(&n, chip->disp.core, D_CORE, D_CORE_PB, 48);
    d_channel(&n, chip->disp.wndw, D_WNDW, D_WNDW_PB, 50);

    /* the pattern, through PRAMIN (the guest test writes through BAR1) */
    for (y = 0; y < D_H; y++) {
        for (x = 0; x < D_W; x++) {
            fb[y * D_W + x] = (x * 4) << 16 | (y * 8) << 8 | ((x ^ y) & 0xff);
        }
    }
    for (x = 0; x < D_W * D_H; x++) {
        vram_wr(&n, D_FB + x * 4, fb[x]);
    }

    /* the window's surface, then the core's mode and UPDATE: the notifier */
    put = d_push(&n, D_WNDW_PB, 0, wndw, ARRAY_SIZE(wndw));
    wr(&n, 0x690000, put);
    d_wait_get(&n, 0x690000, put);
    put = d_push(&n, D_CORE_PB, 0, core, ARRAY_SIZE(core));
    wr(&n, 0x680000, put);
    d_wait_get(&n, 0x680000, put);
    g_assert_cmphex(vram_rd(&n, D_NOTIFY + 0x10) >> 30, ==, 2);    /* FINISHED */

    info = qtest_hmp(n.qts, "info nova-gpu");
    g_assert(strstr(info, "head 0: 64x32 (raster 80x40, 160000 Hz pixel clock)"));
    g_assert(strstr(info, "scanout: head 0 64x32"));
    g_assert(strstr(info, "(shown in place)"));
    g_clear_pointer(&info, g_free);

    /* the console shows the window: pixel for pixel */
    ppm = d_screendump(&n, path, &len);
    d_check_pixels(ppm, len, fb);

    /*
     * Block-linear: the same pattern tiled in GOBs (64 bytes x 8 lines, two
     * GOBs a block), shown from a second buffer; Turing's window says so in
     * SET_STORAGE, Ampere's by the surface's context DMA's kind
     */
    {
        bool turing = chip->disp.wndw == NVC57E_WINDOW_CHANNEL_DMA;
        uint32_t bl[][2] = {
            { 0x240, turing ? D_H_VRAM : D_H_VRAM_BL },    /* SET_CONTEXT_DMA_ISO(0) */
            { 0x260, D_FB_BL >> 8 },                        /* SET_OFFSET(0) */
            { 0x228, 1 },                                   /* SET_STORAGE: BL, 2 GOBs */
            { 0x230, D_W * 4 / 64 },                        /* pitch: 4 GOBs across */
            { 0x200, 0 },
        };
        uint32_t wput = 7 * 8, off;

        if (!turing) {
            d_ctxdma(&n, 1, D_H_VRAM_BL, D_RAMHT_SIZE + 0x60, 0, 0x7fffffff);
            vram_wr(&n, D_INST + D_RAMHT_SIZE + 0x60, 1u << 20 | 1);     /* kind */
        }
        for (y = 0; y < D_H; y++) {
            for (x = 0; x < D_W; x++) {
                uint32_t xb = x * 4, gy = y % 16;

                off = (y / 16) * (D_W * 4 / 64) * 1024 + (xb / 64) * 1024 + (gy / 8) * 512 +
                      (((xb % 64) >> 5) << 8 | ((gy >> 1) & 3) << 6 | ((xb >> 4) & 1) << 5 |
                       (gy & 1) << 4 | (xb & 15));
                vram_wr(&n, D_FB_BL + off, fb[y * D_W + x]);
            }
        }
        wput = d_push(&n, D_WNDW_PB, wput, bl, ARRAY_SIZE(bl));
        wr(&n, 0x690000, wput);
        d_wait_get(&n, 0x690000, wput);
        info = qtest_hmp(n.qts, "info nova-gpu");
        g_assert(strstr(info, "block-linear in VRAM"));
        g_clear_pointer(&info, g_free);
        g_free(ppm);
        ppm = d_screendump(&n, path, &len);
        d_check_pixels(ppm, len, fb);
    }

    /* a surface larger than any window's (9000 wide): not shown, no giant shadow */
    {
        uint32_t big[][2] = {
            { 0x240, D_H_VRAM }, { 0x260, D_FB >> 8 }, { 0x224, 100u << 16 | 9000 },
            { 0x228, 1u << 4 }, { 0x230, 563 }, { 0x200, 0 },
        };
        uint32_t wput = 7 * 8 + 5 * 8;

        wput = d_push(&n, D_WNDW_PB, wput, big, ARRAY_SIZE(big));
        wr(&n, 0x690000, wput);
        d_wait_get(&n, 0x690000, wput);
        g_free(ppm);
        ppm = d_screendump(&n, path, &len);
        g_assert(g_str_has_prefix(ppm, "P6\n640 480\n"));     /* the placeholder */
    }

    /* the cursor: its image and hot spot by the core channel, its position by
     * the cursor channel's PIO methods (the console's cursor shows it) */
    {
        uint32_t curs[][2] = {
            { 0x2088, D_H_VRAM },                   /* HEAD_SET_CONTEXT_DMA_CURSOR(0, 0) */
            { 0x2090, D_CURS >> 8 },                /* HEAD_SET_OFFSET_CURSOR(0, 0) */
            /* HEAD_SET_CONTROL_CURSOR: enable, A8R8G8B8, 64x64, hot spot (3, 5) */
            { 0x209c, 1u << 31 | 5u << 20 | 3u << 12 | 1u << 8 | 0xcf },
            { 0x200, 0 },
        };
        uint8_t pio[8] = { 0 };                     /* channelInstance 0: head 0 */

        d_ctxdma(&n, 0, D_H_VRAM, D_RAMHT_SIZE + 0x40, 0, 0x7fffffff);
        put = d_push(&n, D_CORE_PB, put, curs, ARRAY_SIZE(curs));
        wr(&n, 0x680000, put);
        d_wait_get(&n, 0x680000, put);
        g_assert_cmphex(rm_alloc(&n, D_DISP, D_CURSOR, chip->disp.curs, pio, sizeof(pio), 52),
                        ==, 0);
        g_assert_cmphex(rd(&n, 0x6d8000 + 0x8), ==, 0x1f);         /* FREE */
        wr(&n, 0x6d8000 + 0x208, 20u << 16 | 10);                   /* HOT_SPOT_POINT_OUT */
        wr(&n, 0x6d8000 + 0x200, 0);                                /* UPDATE */
        info = qtest_hmp(n.qts, "info nova-gpu");
        g_assert(strstr(info, "cursor: head 0 64x64 hot spot (3,5) at (10,20)"));
        g_clear_pointer(&info, g_free);
        /* the console takes it (no screendump shows a cursor) */
        g_free(d_screendump(&n, path, &len));
    }

    /* vblank: 50 Hz on the virtual clock, once its interrupt is enabled */
    g_assert_cmphex(rd(&n, 0x611800) & 2, ==, 0);
    wr(&n, 0x611d80, 2);
    line0 = rd(&n, 0x616330);
    qtest_clock_step(n.qts, 1000000);
    g_assert_cmpuint(rd(&n, 0x616330), !=, line0);                 /* the raster moves */
    qtest_clock_step(n.qts, 20000000);
    g_assert_cmphex(rd(&n, 0x611800) & 2, ==, 2);
    g_assert_cmphex(rd(&n, 0x611c00) & 2, ==, 2);
    g_assert_cmphex(rd(&n, VFN_ADDR(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF, 0x98 / 32)) &
                    (1u << (0x98 % 32)), !=, 0);
    wr(&n, 0x611800, 2);                                            /* write 1 to clear */
    g_assert_cmphex(rd(&n, 0x611800) & 2, ==, 0);
    /* a second's frames: 50 */
    info = qtest_hmp(n.qts, "info nova-gpu");
    g_assert(sscanf(strstr(info, "vblanks "), "vblanks %u", &frames) == 1);
    g_clear_pointer(&info, g_free);
    qtest_clock_step(n.qts, 1000000000);
    info = qtest_hmp(n.qts, "info nova-gpu");
    g_assert(sscanf(strstr(info, "vblanks "), "vblanks %u", &x) == 1);
    g_assert_cmpuint(x - frames, ==, 50);
    g_clear_pointer(&info, g_free);

    /* a hostile PUT past the pushbuffer: refused, the channel stays put */
    wr(&n, 0x680000, 0x2000);
    qtest_clock_step(n.qts, 1000000);
    g_assert_cmphex(rd(&n, 0x680004), ==, put);
    /* a method header with a count running past PUT stops the channel */
    vram_wr(&n, D_CORE_PB + put, 5u << 18 | 0x200);
    wr(&n, 0x680000, put + 8);
    qtest_clock_step(n.qts, 1000000);
    info = qtest_hmp(n.qts, "info nova-gpu");
    g_assert(strstr(info, "stopped (error)"));
    nova_stop(&n);
}

/*
 * Migration with the display on: the channels, the armed mode and surface,
 * the interrupt enables and the frame grid come back; the destination's
 * vblank goes on at the same rate, and its console shows the same pixels.
 * A destination without the display refuses the stream.
 */
static void test_display_migration(void)
{
    const NovaChip *chip = nova_chip_by_id(NOVA_CHIP_TU102);
    g_autofree char *path = g_strdup_printf("/tmp/nova-gpu-display-mig-%d", getpid());
    g_autofree char *uri = g_strdup_printf("file:%s", path);
    g_autofree char *status = NULL, *info = NULL;
    uint32_t core[][2] = {
        { 0x300, 1 }, { 0x2064, 40u << 16 | 80 }, { 0x2058, D_H << 16 | D_W },
        { 0x200c, 80 * 40 * 50 }, { 0x1000, 0 }, { 0x200, 0 },
    };
    uint32_t wndw[][2] = {
        { 0x240, D_H_VRAM }, { 0x260, D_FB >> 8 }, { 0x224, D_H << 16 | D_W },
        { 0x228, 1u << 4 }, { 0x22c, 0xe6 }, { 0x230, D_W * 4 / 64 }, { 0x200, 0 },
    };
    uint8_t inst[0x18] = { 0 };
    uint32_t put, x, v0, v1;
    Nova n, d;

    submit_setup(&n, chip, ",display=on");
    g_assert_cmphex(rm_alloc(&n, S_DEVICE, D_DISP, chip->disp.root, NULL, 0, 40), ==, 0);
    nova_st64(inst, D_INST);
    nova_st64(inst + 8, 0x10000);
    nova_st32(inst + 0x10, 2);
    g_assert_cmphex(rm_control(&n, S_SUBDEVICE, 0x20800a49, inst, sizeof(inst), 41), ==, 0);
    for (x = 0; x < D_RAMHT_SIZE; x += 4) {
        vram_wr(&n, D_INST + x, 0);
    }
    d_ctxdma(&n, 1, D_H_VRAM, D_RAMHT_SIZE + 0x20, 0, 0x7fffffff);
    d_channel(&n, chip->disp.core, D_CORE, D_CORE_PB, 42);
    d_channel(&n, chip->disp.wndw, D_WNDW, D_WNDW_PB, 44);
    for (x = 0; x < D_W * D_H; x++) {
        vram_wr(&n, D_FB + x * 4, 0x00a0b0c0 + x);
    }
    put = d_push(&n, D_WNDW_PB, 0, wndw, ARRAY_SIZE(wndw));
    wr(&n, 0x690000, put);
    d_wait_get(&n, 0x690000, put);
    put = d_push(&n, D_CORE_PB, 0, core, ARRAY_SIZE(core));
    wr(&n, 0x680000, put);
    d_wait_get(&n, 0x680000, put);
    wr(&n, 0x611d80, 2);
    qtest_clock_step(n.qts, 100000000);
    info = qtest_hmp(n.qts, "info nova-gpu");
    g_assert(sscanf(strstr(info, "vblanks "), "vblanks %u", &v0) == 1);
    g_clear_pointer(&info, g_free);
    qobject_unref(migrate_to_file(n.qts, uri));
    nova_stop(&n);

    /* a destination without the display cannot take the display's state */
    status = migrate_in_opts(&d, uri, false, ",chip=tu102");
    g_assert(g_str_has_prefix(status, "failed"));
    g_clear_pointer(&status, g_free);
    nova_stop(&d);

    status = migrate_in_opts(&d, uri, true, ",chip=tu102,display=on");
    unlink(path);
    g_assert_cmpstr(status, ==, "completed: ");
    qtest_qmp_assert_success(d.qts, "{'execute': 'cont'}");
    remap(&d);
    info = qtest_hmp(d.qts, "info nova-gpu");
    g_assert(strstr(info, "head 0: 64x32 (raster 80x40, 160000 Hz pixel clock)"));
    g_assert(strstr(info, "scanout: head 0 64x32"));
    g_assert(strstr(info, "display channel 0 (core, class 0xc57d): put 0x30 get 0x30, updates 1"));
    g_clear_pointer(&info, g_free);
    /* the interrupt enable came along: one second, 50 more frames */
    qtest_clock_step(d.qts, 1000000000);
    info = qtest_hmp(d.qts, "info nova-gpu");
    g_assert(sscanf(strstr(info, "vblanks "), "vblanks %u", &v1) == 1);
    g_assert_cmpuint(v1 - v0, >=, 50);
    g_assert_cmpuint(v1 - v0, <=, 51);
    g_assert_cmphex(rd(&d, 0x611800) & 2, ==, 2);
    /* and the core channel takes methods where it left off */
    put = d_push(&d, D_CORE_PB, put, core + 5, 1);
    wr(&d, 0x680000, put);
    d_wait_get(&d, 0x680000, put);
    nova_stop(&d);
}

/* display=off: GSP-RM refuses the display's classes, as a fused-off GPU's */
static void test_display_off(void)
{
    const NovaChip *chip = nova_chip_by_id(NOVA_CHIP_GA102);
    uint8_t p[0xc] = { 0 };
    Nova n;

    submit_setup(&n, chip, NULL);
    g_assert_cmphex(rm_alloc(&n, S_DEVICE, D_DISP, chip->disp.root, NULL, 0, 40), !=, 0);
    g_assert_cmphex(rm_control(&n, S_SUBDEVICE, 0x20800a01, p, sizeof(p), 41), !=, 0);
    /* the common object is there, but it knows of no display */
    g_assert_cmphex(rm_alloc(&n, S_DEVICE, D_COMMON, 0x0073, NULL, 0, 42), ==, 0);
    g_assert_cmphex(rm_control(&n, D_COMMON, 0x730120, p, sizeof(p), 43), !=, 0);
    nova_stop(&n);
}

static void test_mmio_read_cost(void)
{
    enum { READS = 5000 };
    uint64_t ns0, calls0, ns1, calls1;
    g_autofree char *info = NULL;
    gint64 t0, wall;
    uint32_t i;
    Nova n;

    nova_start(&n, "id=gpu0,count-device-time=on");
    for (i = 0; i < 1000; i++) {         /* warm up */
        rd(&n, A_NV_PMC_BOOT_0);
    }
    device_time(n.qts, "bar0", &ns0, &calls0);
    g_assert_cmpuint(calls0, >=, 1000);
    t0 = g_get_monotonic_time();
    for (i = 0; i < READS; i++) {
        rd(&n, A_NV_PMC_BOOT_0);
    }
    wall = g_get_monotonic_time() - t0;
    device_time(n.qts, "bar0", &ns1, &calls1);
    /* each read is one outermost entry (a qpci readl is one access) */
    g_assert_cmpuint(calls1 - calls0, ==, READS);
    g_test_message("BAR0 read through qtest: %.0f ns (%u reads), of which in "
                   "nova-gpu's handler (device time): %.1f ns",
                   wall * 1000.0 / READS, READS, (double)(ns1 - ns0) / READS);
    info = qtest_hmp(n.qts, "info nova-gpu");
    g_assert(strstr(info, "device time "));
    g_assert(strstr(info, " bar0 "));
    nova_stop(&n);

    /* a BAR2 write through the GPU MMU, as nouveau fills its objects */
    nova_start(&n, "vram-size=512M,id=gpu0,count-device-time=on");
    build_tables(&n);
    wr(&n, VFN(NV_VIRTUAL_FUNCTION_PRIV_BAR2_BLOCK), 0x80000000u | T_INST >> 12);
    for (i = 0; i < 1000; i++) {
        qpci_io_writel(n.dev, n.bar3, (i * 4) & 0xfff, i);
    }
    device_time(n.qts, "bar2", &ns0, &calls0);
    t0 = g_get_monotonic_time();
    for (i = 0; i < READS; i++) {
        qpci_io_writel(n.dev, n.bar3, (i * 4) & 0xfff, i);
    }
    wall = g_get_monotonic_time() - t0;
    device_time(n.qts, "bar2", &ns1, &calls1);
    g_assert_cmpuint(calls1 - calls0, ==, READS);
    g_test_message("BAR2 write through qtest: %.0f ns (%u writes), of which in "
                   "nova-gpu's handler (device time): %.1f ns",
                   wall * 1000.0 / READS, READS, (double)(ns1 - ns0) / READS);
    nova_stop(&n);
}

int main(int argc, char **argv)
{
    size_t i;

    g_test_init(&argc, &argv, NULL);
    for (i = 0; i < NOVA_CHIP__COUNT; i++) {
        const NovaChip *c = nova_chip_by_id(i);
        g_autofree char *p1 = g_strdup_printf("/nova-gpu/%s/identity", c->name);
        g_autofree char *p2 = g_strdup_printf("/nova-gpu/%s/boot-status",
                                              c->name);
        g_autofree char *p3 = g_strdup_printf("/nova-gpu/%s/vbios", c->name);
        g_autofree char *p4 = g_strdup_printf("/nova-gpu/%s/reset-values",
                                              c->name);
        g_autofree char *p5 = g_strdup_printf("/nova-gpu/%s/submit/copy", c->name);

        qtest_add_data_func(p1, c, test_identity);
        qtest_add_data_func(p2, c, test_boot_status);
        qtest_add_data_func(p3, c, test_vbios);
        qtest_add_data_func(p4, c, test_reset_values);
        qtest_add_data_func(p5, c, test_submit);
        {
            g_autofree char *p6 = g_strdup_printf("/nova-gpu/%s/display", c->name);

            qtest_add_data_func(p6, c, test_display);
        }
    }
    qtest_add_func("/nova-gpu/display-property", test_display_property);
    qtest_add_func("/nova-gpu/display-off", test_display_off);
    qtest_add_func("/nova-gpu/display-migration", test_display_migration);
    qtest_add_func("/nova-gpu/vram-48g", test_vram_48g);
    qtest_add_func("/nova-gpu/romfile", test_romfile);
    qtest_add_func("/nova-gpu/falcon/boot-flow", test_falcon_boot);
    qtest_add_func("/nova-gpu/falcon/boot-flow-tu102", test_falcon_boot_tu102);
    qtest_add_func("/nova-gpu/gsp-rm/boot", test_gsp_boot);
    qtest_add_func("/nova-gpu/ptimer", test_ptimer);
    qtest_add_func("/nova-gpu/pramin", test_pramin);
    qtest_add_func("/nova-gpu/fb-flush", test_fb_flush);
    qtest_add_func("/nova-gpu/intr/tree", test_intr_tree);
    qtest_add_func("/nova-gpu/intr/intx", test_intr_intx);
    qtest_add_func("/nova-gpu/intr/msi", test_intr_msi);
    qtest_add_func("/nova-gpu/junk-accesses", test_junk_accesses);
    qtest_add_func("/nova-gpu/reset", test_reset);
    qtest_add_func("/nova-gpu/gmmu/bars", test_gmmu_bars);
    qtest_add_func("/nova-gpu/gmmu/bar1-direct", test_gmmu_bar1_direct);
    qtest_add_func("/nova-gpu/gmmu/bar1-direct-off", test_gmmu_bar1_direct_off);
    qtest_add_func("/nova-gpu/faults/runtime", test_fault_runtime);
    qtest_add_func("/nova-gpu/lifecycle/reset-mid-boot", test_reset_mid_boot);
    qtest_add_func("/nova-gpu/lifecycle/flr", test_flr);
    qtest_add_func("/nova-gpu/lifecycle/dma-into-bar0", test_dma_into_bar0);
    qtest_add_func("/nova-gpu/lifecycle/hotplug", test_hotplug);
    qtest_add_func("/nova-gpu/hostile/flr-from-own-msi", test_flr_from_own_msi);
    qtest_add_func("/nova-gpu/hostile/reply-into-own-ecam",
                   test_reply_into_own_ecam);
    qtest_add_func("/nova-gpu/hostile/unplug-from-own-msi",
                   test_unplug_from_own_msi);
    qtest_add_func("/nova-gpu/lifecycle/migration", test_migration);
    qtest_add_func("/nova-gpu/lifecycle/migration-bar1-direct",
                   test_migration_bar1_direct);
    qtest_add_func("/nova-gpu/submit/migration", test_submit_migration);
    qtest_add_func("/nova-gpu/submit/latency", test_submit_latency);
    qtest_add_func("/nova-gpu/mmio/read-cost", test_mmio_read_cost);
    qtest_add_data_func("/nova-gpu/submit/reset", NULL, test_submit_reset);
    qtest_add_data_func("/nova-gpu/submit/flr", "flr", test_submit_reset);
    qtest_add_func("/nova-gpu/lifecycle/migration-idle-vram",
                   test_migration_idle_vram);
    qtest_add_func("/nova-gpu/lifecycle/migration-split-rpc",
                   test_migration_split_rpc);
    qtest_add_func("/nova-gpu/lifecycle/migration-bad-stream",
                   test_migration_bad_stream);
    qtest_add_func("/nova-gpu/bad-properties", test_bad_properties);
    return g_test_run();
}
