/*
 * nova-gpu: what head 0 scans out, on a QEMU graphic console (display=on).
 *
 * The engine (disp/) says which window surface the head shows
 * (nova_disp_scanout); this file puts it on the console:
 *  - a pitch-linear surface in VRAM in a format pixman knows is shown in
 *    place: the console's surface points into VRAM, and an update redraws
 *    only the lines VRAM's dirty log (DIRTY_MEMORY_VGA) says were written,
 *    by the guest's CPU through BAR1 or by the device itself
 *    (nova_vram_written). Nothing is copied.
 *  - a block-linear surface in VRAM is detiled into a shadow surface, one
 *    row of blocks at a time, and only the rows whose VRAM was written.
 *  - a surface in system memory is read by DMA into the shadow, each
 *    update, and only the lines that differ are redrawn (system memory has
 *    no dirty log the device can see: the docs say so).
 * While no head shows a surface the console shows QEMU's placeholder.
 * The cursor is the console's cursor (dpy_cursor_define): the UI draws it.
 * The monitor's EDID comes from QEMU's generator (xres/yres). A resize of
 * the UI's window (ui_info), or the QOM property monitor-mode, is a new
 * monitor: a new EDID, and a hotplug event GSP-RM posts to the driver.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/log.h"
#include "ui/console.h"
#include "hw/display/edid.h"
#include "hw/pci/pci_device.h"
#include "nova-gpu.h"
#include "trace.h"

/* the head the console shows */
#define SCANOUT_HEAD        0
/*
 * The largest surface the console takes: the windows' own limit (8K); a
 * larger one, which a hostile guest can describe (SET_SIZE has 16 bits a
 * side), would make the shadow a multi-GiB allocation
 */
#define SCANOUT_MAX_SIDE    8192
/* a GOB: 64 bytes by 8 lines, 512 bytes (block-linear) */
#define GOB_BYTES_X         64
#define GOB_LINES           8
#define GOB_SIZE            512

typedef struct NovaScanout {
    QemuConsole *con;
    NovaDispSurface surf;       /* what is shown (valid when surf.active) */
    bool dirty_all;             /* the next update redraws everything */
    bool in_place;              /* the console's surface points into VRAM */
    bool placeholder;           /* the console shows "no signal" */
    uint8_t *line;              /* one line read from system memory */
    NovaDispSurface refused;    /* the last surface refused as too large (logged once) */
    NovaDispCursor curs;        /* the cursor the console was given */
    uint8_t *curs_img;          /* ...and its image's bytes then */
} NovaScanout;

static pixman_format_code_t scanout_pixman(NovaDispFormat f)
{
    switch (f) {
    case NOVA_DISP_FMT_A8R8G8B8:    /* the primary plane's alpha is not blended */
    case NOVA_DISP_FMT_X8R8G8B8:
        return PIXMAN_x8r8g8b8;
    case NOVA_DISP_FMT_R5G6B5:
        return PIXMAN_r5g6b5;
    case NOVA_DISP_FMT_A8B8G8R8:
    case NOVA_DISP_FMT_X8B8G8R8:
        return PIXMAN_x8b8g8r8;
    case NOVA_DISP_FMT_A2B10G10R10:
        return PIXMAN_x2b10g10r10;
    default:
        return 0;
    }
}

static void scanout_show_placeholder(NovaGpuState *s, uint32_t w, uint32_t h)
{
    NovaScanout *so = s->scanout;

    if (so->placeholder && !so->dirty_all) {
        return;
    }
    dpy_gfx_replace_surface(so->con, qemu_create_placeholder_surface(
        w ? w : 640, h ? h : 480, "nova-gpu: no signal"));
    so->placeholder = true;
    so->in_place = false;
    so->dirty_all = false;
}

/* the surface's bytes in VRAM, or NULL if any of it is outside (the host's check) */
static uint8_t *scanout_vram(NovaGpuState *s, uint64_t addr, uint64_t len)
{
    return s->host.vram_map(s->host.opaque, addr, len, false);
}

/* bytes a block-linear surface spans: whole rows of blocks */
static uint64_t bl_row_bytes(const NovaDispSurface *f)
{
    return (uint64_t)(f->pitch / GOB_BYTES_X) * GOB_SIZE << f->block_height_log2;
}

static uint32_t bl_row_lines(const NovaDispSurface *f)
{
    return GOB_LINES << f->block_height_log2;
}

static uint64_t surface_bytes(const NovaDispSurface *f)
{
    if (f->block_linear) {
        uint32_t rows = DIV_ROUND_UP(f->height, bl_row_lines(f));
        return bl_row_bytes(f) * rows;
    }
    return (uint64_t)f->pitch * (f->height - 1) + (uint64_t)f->width * f->bpp;
}

/* byte (xb, y) of a block-linear surface, from its start */
static uint64_t bl_offset(const NovaDispSurface *f, uint32_t xb, uint32_t y)
{
    uint32_t lines = bl_row_lines(f);
    uint64_t block = (uint64_t)(y / lines) * bl_row_bytes(f) +
                     (uint64_t)(xb / GOB_BYTES_X) * (GOB_SIZE << f->block_height_log2);
    uint32_t gy = y % lines;

    /* GOBs stack down a block; inside one, NVIDIA's 16-byte sectors */
    return block + (uint64_t)(gy / GOB_LINES) * GOB_SIZE +
           ((((xb % GOB_BYTES_X) >> 5) << 8) | (((gy >> 1) & 3) << 6) |
            (((xb >> 4) & 1) << 5) | ((gy & 1) << 4) | (xb & 15));
}

/*
 * Take the surface the armed state shows; a new one (a mode set, a page
 * flip to another buffer, a new format) replaces the console's surface.
 */
static void scanout_take(NovaGpuState *s)
{
    NovaScanout *so = s->scanout;
    NovaDispSurface f;
    pixman_format_code_t pf;
    DisplaySurface *ds;
    uint8_t *p;

    if (!nova_disp_scanout(&s->disp, SCANOUT_HEAD, &f) || !f.active ||
        !(pf = scanout_pixman(f.format)) || !surface_bytes(&f)) {
        so->surf.active = false;
        scanout_show_placeholder(s, 0, 0);
        return;
    }
    if (so->surf.active && !so->dirty_all && !memcmp(&f, &so->surf, sizeof(f))) {
        return;
    }
    if (f.width > SCANOUT_MAX_SIDE || f.height > SCANOUT_MAX_SIDE) {
        if (memcmp(&f, &so->refused, sizeof(f))) {
            qemu_log_mask(LOG_GUEST_ERROR, "nova-gpu: head %u scans out %ux%u: larger "
                          "than %ux%u, not shown\n", SCANOUT_HEAD, f.width, f.height,
                          SCANOUT_MAX_SIDE, SCANOUT_MAX_SIDE);
            so->refused = f;
        }
        so->surf.active = false;
        scanout_show_placeholder(s, 0, 0);
        return;
    }
    trace_nova_gpu_scanout(SCANOUT_HEAD, f.active, f.width, f.height, f.format,
                           f.block_linear, f.addr);
    so->surf = f;
    so->placeholder = false;
    so->dirty_all = true;
    g_free(so->line);
    so->line = NULL;
    p = f.aspace == NOVA_ADDR_FBMEM ? scanout_vram(s, f.addr, surface_bytes(&f)) : NULL;
    if (f.aspace == NOVA_ADDR_FBMEM && !p) {
        if (memcmp(&f, &so->refused, sizeof(f))) {
            qemu_log_mask(LOG_GUEST_ERROR, "nova-gpu: head %u scans out 0x%" PRIx64
                          "..+0x%" PRIx64 ": past VRAM\n", SCANOUT_HEAD, f.addr,
                          surface_bytes(&f));
            so->refused = f;
        }
        so->surf.active = false;
        scanout_show_placeholder(s, 0, 0);
        return;
    }
    so->in_place = p && !f.block_linear;
    if (so->in_place) {
        ds = qemu_create_displaysurface_from(f.width, f.height, pf, f.pitch, p);
    } else {
        /* a shadow in the surface's format, with pixels of its own */
        pixman_image_t *img = pixman_image_create_bits(pf, f.width, f.height, NULL,
                                                       ROUND_UP(f.width * f.bpp, 4));

        if (!img) {
            so->surf.active = false;            /* no memory for it: nothing shown */
            scanout_show_placeholder(s, 0, 0);
            return;
        }
        ds = qemu_create_displaysurface_pixman(img);
        pixman_image_unref(img);        /* the surface holds its own */
        so->line = g_malloc(f.width * f.bpp);
    }
    dpy_gfx_replace_surface(so->con, ds);
}

/* redraw lines [y0, y1) */
static void scanout_redraw(NovaScanout *so, uint32_t y0, uint32_t y1)
{
    if (y1 > y0) {
        trace_nova_gpu_scanout_redraw(y0, y1);
        dpy_gfx_update(so->con, 0, y0, so->surf.width, y1 - y0);
    }
}

/*
 * Lines are redrawn in runs: line @y is dirty or not; *first is where the
 * open run began (UINT32_MAX: none). A clean line, or the end (y ==
 * height, clean), redraws the run before it.
 */
static void redraw_run(NovaScanout *so, uint32_t y, bool dirty, uint32_t *first)
{
    if (dirty && *first == UINT32_MAX) {
        *first = y;
    } else if (!dirty && *first != UINT32_MAX) {
        scanout_redraw(so, *first, y);
        *first = UINT32_MAX;
    }
}

static void scanout_update_in_place(NovaGpuState *s)
{
    NovaScanout *so = s->scanout;
    NovaDispSurface *f = &so->surf;
    DirtyBitmapSnapshot *snap;
    uint32_t y, first = UINT32_MAX;

    snap = memory_region_snapshot_and_clear_dirty(&s->vram, f->addr, surface_bytes(f),
                                                  DIRTY_MEMORY_VGA);
    for (y = 0; y < f->height; y++) {
        bool d = so->dirty_all ||
                 memory_region_snapshot_get_dirty(&s->vram, snap,
                                                  f->addr + (uint64_t)y * f->pitch,
                                                  (uint64_t)f->width * f->bpp);
        redraw_run(so, y, d, &first);
    }
    redraw_run(so, f->height, false, &first);
    g_free(snap);
}

static void scanout_update_block_linear(NovaGpuState *s)
{
    NovaScanout *so = s->scanout;
    NovaDispSurface *f = &so->surf;
    DisplaySurface *ds = qemu_console_surface(so->con);
    uint8_t *src = memory_region_get_ram_ptr(&s->vram) + f->addr;
    uint8_t *dst = surface_data(ds);
    uint32_t stride = surface_stride(ds), lines = bl_row_lines(f);
    uint32_t row, rows = DIV_ROUND_UP(f->height, lines), xb, y, x16;
    uint64_t rb = bl_row_bytes(f);
    DirtyBitmapSnapshot *snap;

    snap = memory_region_snapshot_and_clear_dirty(&s->vram, f->addr, surface_bytes(f),
                                                  DIRTY_MEMORY_VGA);
    for (row = 0; row < rows; row++) {
        uint32_t y0 = row * lines, y1 = MIN(y0 + lines, f->height);

        if (!so->dirty_all &&
            !memory_region_snapshot_get_dirty(&s->vram, snap, f->addr + row * rb, rb)) {
            continue;
        }
        for (y = y0; y < y1; y++) {
            /* 16-byte sectors are contiguous in both layouts */
            for (xb = 0; xb < f->width * f->bpp; xb += 16) {
                x16 = MIN(16, f->width * f->bpp - xb);
                memcpy(dst + (size_t)y * stride + xb, src + bl_offset(f, xb, y), x16);
            }
        }
        scanout_redraw(so, y0, y1);
    }
    g_free(snap);
}

/* system memory: no dirty log; read each line and redraw what changed */
static void scanout_update_sysmem(NovaGpuState *s)
{
    NovaScanout *so = s->scanout;
    NovaDispSurface *f = &so->surf;
    DisplaySurface *ds = qemu_console_surface(so->con);
    uint32_t stride = surface_stride(ds), len = f->width * f->bpp, y, first = UINT32_MAX;
    uint8_t *dst;
    bool d;

    for (y = 0; y < f->height; y++) {
        dst = (uint8_t *)surface_data(ds) + (size_t)y * stride;
        if (pci_dma_read(PCI_DEVICE(s), f->addr + (uint64_t)y * f->pitch, so->line, len)) {
            qemu_log_mask(LOG_GUEST_ERROR, "nova-gpu: head %u: scanout line %u at 0x%"
                          PRIx64 " unreadable\n", SCANOUT_HEAD, y,
                          f->addr + (uint64_t)y * f->pitch);
            memset(so->line, 0, len);
        }
        d = so->dirty_all || memcmp(dst, so->line, len);
        if (d) {
            memcpy(dst, so->line, len);
        }
        redraw_run(so, y, d, &first);
    }
    redraw_run(so, f->height, false, &first);
}

/*
 * The head's cursor as the console's cursor (the UI draws it; it is not
 * part of the surface, nor of a screendump): defined again when its image
 * or hot spot changes (the image is compared, at most 256 KiB), moved when
 * its position does.
 */
static void scanout_cursor(NovaGpuState *s)
{
    NovaScanout *so = s->scanout;
    g_autofree uint8_t *copy = NULL;
    const uint8_t *src = NULL;
    NovaDispCursor c;
    QEMUCursor *qc;
    size_t bytes, i;

    if (!nova_disp_cursor(&s->disp, SCANOUT_HEAD, &c)) {
        if (so->curs.enabled) {
            dpy_mouse_set(so->con, so->curs.x, so->curs.y, false);
            so->curs.enabled = false;
        }
        return;
    }
    bytes = (size_t)c.size * c.size * 4;
    if (c.aspace == NOVA_ADDR_FBMEM) {
        src = scanout_vram(s, c.addr, bytes);
    } else {
        copy = g_malloc(bytes);
        src = pci_dma_read(PCI_DEVICE(s), c.addr, copy, bytes) ? NULL : copy;
    }
    if (!src) {
        qemu_log_mask(LOG_GUEST_ERROR, "nova-gpu: head %u: cursor image at 0x%" PRIx64
                      " unreadable\n", SCANOUT_HEAD, c.addr);
        return;
    }
    if (!so->curs.enabled || so->curs.size != c.size || so->curs.hot_x != c.hot_x ||
        so->curs.hot_y != c.hot_y || memcmp(so->curs_img, src, bytes)) {
        qc = cursor_alloc(c.size, c.size);
        for (i = 0; i < (size_t)c.size * c.size; i++) {
            qc->data[i] = ldl_le_p(src + i * 4);        /* A8R8G8B8 */
        }
        qc->hot_x = c.hot_x;
        qc->hot_y = c.hot_y;
        dpy_cursor_define(so->con, qc);
        cursor_unref(qc);
        so->curs_img = g_realloc(so->curs_img, bytes);
        memcpy(so->curs_img, src, bytes);
        so->curs.enabled = false;       /* ...and place it below */
    }
    if (!so->curs.enabled || so->curs.x != c.x || so->curs.y != c.y) {
        dpy_mouse_set(so->con, c.x, c.y, true);
    }
    so->curs = c;
}

static void scanout_gfx_update(void *opaque)
{
    NovaGpuState *s = opaque;
    NovaScanout *so = s->scanout;

    if (s->gone) {
        return;
    }
    scanout_take(s);
    scanout_cursor(s);
    if (!so->surf.active) {
        return;
    }
    if (so->in_place) {
        scanout_update_in_place(s);
    } else if (so->surf.aspace == NOVA_ADDR_FBMEM) {
        scanout_update_block_linear(s);
    } else {
        scanout_update_sysmem(s);
    }
    so->dirty_all = false;
}

static void scanout_invalidate(void *opaque)
{
    NovaGpuState *s = opaque;

    s->scanout->dirty_all = true;
}

/* the monitor's EDID from QEMU's generator, given to the engine */
static void scanout_monitor(NovaGpuState *s)
{
    uint8_t edid[256];

    qemu_edid_generate(edid, sizeof(edid), &s->edid_info);
    nova_disp_set_monitor(&s->disp, edid, qemu_edid_size(edid), true);
    trace_nova_gpu_scanout_monitor(s->edid_info.prefx, s->edid_info.prefy, true);
}

bool nova_scanout_set_monitor(NovaGpuState *s, uint32_t w, uint32_t h, Error **errp)
{
    if (!s->display || !s->scanout) {
        error_setg(errp, "nova-gpu: no display (display=off)");
        return false;
    }
    /* what the EDID's detailed timing can carry (12 bits), and no toy sizes */
    if (w < 320 || h < 200 || w > 4095 || h > 4095) {
        error_setg(errp, "nova-gpu: monitor mode %ux%u out of range (320x200 to 4095x4095)",
                   w, h);
        return false;
    }
    if (w == s->edid_info.prefx && h == s->edid_info.prefy) {
        return true;
    }
    s->edid_info.prefx = w;
    s->edid_info.prefy = h;
    s->edid_info.maxx = MAX(s->edid_info.maxx, w);
    s->edid_info.maxy = MAX(s->edid_info.maxy, h);
    scanout_monitor(s);
    /* the driver hears of it as GSP-RM tells it: a hotplug of output 0 */
    nova_gsp_rm_disp_hotplug(&s->gsp_rm, 1, 0);
    return true;
}

/* the UI's window was resized: offer the guest a monitor of that size */
static void scanout_ui_info(void *opaque, uint32_t head, QemuUIInfo *info)
{
    NovaGpuState *s = opaque;

    if (head == 0 && info->width && info->height && !s->gone) {
        nova_scanout_set_monitor(s, info->width, info->height, NULL);
    }
}

static const GraphicHwOps scanout_ops = {
    .invalidate = scanout_invalidate,
    .gfx_update = scanout_gfx_update,
    .ui_info = scanout_ui_info,
};

void nova_scanout_changed(NovaGpuState *s)
{
    if (s->scanout) {
        s->scanout->dirty_all = true;
    }
}

bool nova_scanout_init(NovaGpuState *s, Error **errp)
{
    if (!s->display) {
        return true;
    }
    scanout_monitor(s);
    s->scanout = g_new0(NovaScanout, 1);
    s->scanout->con = graphic_console_init(DEVICE(s), 0, &scanout_ops, s);
    memory_region_set_log(&s->vram, true, DIRTY_MEMORY_VGA);
    s->scanout->dirty_all = true;
    scanout_show_placeholder(s, 0, 0);
    return true;
}

void nova_scanout_exit(NovaGpuState *s)
{
    if (!s->scanout) {
        return;
    }
    graphic_console_close(s->scanout->con);
    g_free(s->scanout->line);
    g_free(s->scanout->curs_img);
    g_free(s->scanout);
    s->scanout = NULL;
}

void nova_scanout_describe(NovaGpuState *s, GString *out)
{
    NovaDispSurface f;
    NovaDispCursor c;

    if (!s->scanout) {
        return;
    }
    if (nova_disp_cursor(&s->disp, SCANOUT_HEAD, &c)) {
        g_string_append_printf(out, "  cursor: head %u %ux%u hot spot (%u,%u) at (%d,%d), "
                               "image in %s at 0x%" PRIx64 "\n", SCANOUT_HEAD, c.size, c.size,
                               c.hot_x, c.hot_y, c.x, c.y,
                               c.aspace == NOVA_ADDR_FBMEM ? "VRAM" : "system memory", c.addr);
    }
    /* what the armed state shows now (the console takes it at its next update) */
    if (!nova_disp_scanout(&s->disp, SCANOUT_HEAD, &f) || !f.active ||
        !scanout_pixman(f.format)) {
        g_string_append_printf(out, "  scanout: head %u dark\n", SCANOUT_HEAD);
        return;
    }
    g_string_append_printf(out, "  scanout: head %u %ux%u format %u %s in %s at 0x%"
                           PRIx64 " pitch %u (%s)\n", SCANOUT_HEAD, f.width, f.height,
                           f.format, f.block_linear ? "block-linear" : "pitch-linear",
                           f.aspace == NOVA_ADDR_FBMEM ? "VRAM" : "system memory",
                           f.addr, f.pitch,
                           f.aspace != NOVA_ADDR_FBMEM ? "copied from system memory" :
                           f.block_linear ? "detiled" : "shown in place");
}
