/*
 * nova-gpu: the display engine (NV_PDISP and its channels), QEMU-free.
 *
 * What GSP-RM sets up for the driver (rm-disp.c in gsp-model/): the
 * display instance memory, each channel's pushbuffer and the channel
 * itself. What the driver then does directly: it writes methods into a
 * channel's pushbuffer and its PUT into the channel's user area in BAR0;
 * the engine fetches them (GET follows), keeps them in the channel's
 * assembly state and, on UPDATE, makes that state the armed one, writes
 * the notifier the driver asked for and tells the host the heads changed.
 * The host scans the armed state out (nova_disp_scanout) and runs the
 * heads' vblank.
 *
 * Channels, by nouveau's user index (chid.user): core 0, window w 1 + w,
 * window-immediate w 33 + w, cursor h 73 + h. The model keeps them in one
 * array, NOVA_DISP_CH_*.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef NOVA_DISP_H
#define NOVA_DISP_H

#include <stdbool.h>
#include <stdint.h>

#include "nova/chip.h"
#include "nova/fault-hook.h"
#include "nova/gsp-abi.h"
#include "nova/host.h"

#define NOVA_DISP_MAX_HEADS     4
#define NOVA_DISP_MAX_WINDOWS   (2 * NOVA_DISP_MAX_HEADS)   /* two per head */
#define NOVA_DISP_MAX_OUTPUTS   1   /* one SOR, one TMDS connector */
#define NOVA_DISP_EDID_MAX      2048    /* NV0073_CTRL_SPECIFIC_GET_EDID_MAX_EDID_BYTES */

/*
 * The CPU interrupt vector of the DISP stall interrupt: GSP-RM's interrupt
 * table gives it to MC_ENGINE_IDX_DISP, the host follows
 * nova_disp_intr_pending with it.
 */
#define NOVA_DISP_INTR_VECTOR   0x98

/* the host's work id for nova_disp_run (NovaHost.schedule) */
#define NOVA_WORK_DISP          5

typedef enum NovaDispChanKind {
    NOVA_DISP_KIND_CORE,
    NOVA_DISP_KIND_WNDW,
    NOVA_DISP_KIND_WIMM,
    NOVA_DISP_KIND_CURS,
} NovaDispChanKind;

#define NOVA_DISP_CH_CORE       0
#define NOVA_DISP_CH_WNDW(w)    (1 + (w))
#define NOVA_DISP_CH_WIMM(w)    (1 + NOVA_DISP_MAX_WINDOWS + (w))
#define NOVA_DISP_CH_CURS(h)    (1 + 2 * NOVA_DISP_MAX_WINDOWS + (h))
#define NOVA_DISP_CHANNELS      (1 + 2 * NOVA_DISP_MAX_WINDOWS + NOVA_DISP_MAX_HEADS)

/* method state a channel keeps (bytes of method space, from method 0) */
#define NOVA_DISP_CORE_MTHDS    0x8000u
#define NOVA_DISP_WNDW_MTHDS    0x1000u

/* the user areas in BAR0 (PUT @0, GET @4) */
#define NOVA_DISP_USER_CORE     0x680000u
#define NOVA_DISP_USER_WNDW     0x690000u   /* + w * 0x1000 */
#define NOVA_DISP_USER_WIMM     0x6b0000u   /* + w * 0x1000 */
#define NOVA_DISP_USER_CURS     0x6d8000u   /* + h * 0x1000 */

typedef struct NovaDispChannel {
    bool allocated;             /* RM allocated its class */
    bool pb_valid;              /* INTERNAL_DISPLAY_CHANNEL_PUSHBUFFER */
    uint32_t pb_aspace;         /* NOVA_ADDR_SYSMEM or NOVA_ADDR_FBMEM */
    uint64_t pb_addr, pb_limit;
    uint32_t hclass;
    uint32_t put, get;          /* byte offsets into the pushbuffer */
    bool stopped;               /* the channel hit an error: it fetches no more */
    uint32_t updates;           /* UPDATEs executed (for tests and info) */
} NovaDispChannel;

/* the fixed facts of the display, from the device's properties */
typedef struct NovaDispConfig {
    const NovaChip *chip;
    unsigned heads;             /* 1..NOVA_DISP_MAX_HEADS */
} NovaDispConfig;

typedef struct NovaDisp {
    NovaDispConfig cfg;
    const NovaHost *host;
    /* the monitor on output 0: its EDID (from the host) and whether it is plugged */
    uint8_t edid[NOVA_DISP_EDID_MAX];
    uint32_t edid_len;
    /* injected faults (docs/faults.md), armed by the host; kept across resets */
    struct {
        NovaFaultHook channel_error;    /* a core or window UPDATE stops its channel */
        NovaFaultHook vblank_lost;      /* a vblank raises no interrupt */
    } faults;

    /* run state: everything from here on is what nova_disp_reset() clears */
    bool connected;
    uint64_t inst_addr, inst_size;      /* INTERNAL_DISPLAY_WRITE_INST_MEM (VRAM) */
    uint32_t sor_assigned;              /* DFP_ASSIGN_SOR: bit per SOR */
    NovaDispChannel ch[NOVA_DISP_CHANNELS];
    /* method state: assembly (what the driver sent) and armed (what is shown) */
    uint32_t core_assy[NOVA_DISP_CORE_MTHDS / 4];
    uint32_t core_armed[NOVA_DISP_CORE_MTHDS / 4];
    uint32_t wndw_assy[NOVA_DISP_MAX_WINDOWS][NOVA_DISP_WNDW_MTHDS / 4];
    uint32_t wndw_armed[NOVA_DISP_MAX_WINDOWS][NOVA_DISP_WNDW_MTHDS / 4];
    /* window-immediate and cursor positions (SET_POINT_OUT, HOT_SPOT_POINT_OUT) */
    uint32_t wimm_point_assy[NOVA_DISP_MAX_WINDOWS], wimm_point[NOVA_DISP_MAX_WINDOWS];
    uint32_t curs_point_assy[NOVA_DISP_MAX_HEADS], curs_point[NOVA_DISP_MAX_HEADS];
    /* interrupts: per head, vblank pending (0x611c00) and enabled (0x611d80) */
    uint32_t head_intr[NOVA_DISP_MAX_HEADS];
    uint32_t head_intr_en[NOVA_DISP_MAX_HEADS];
    uint64_t vblanks[NOVA_DISP_MAX_HEADS];  /* counted, for info and tests */
    bool run_pending;           /* a run is scheduled */
} NovaDisp;

/* What a head scans out: one window's surface (the host converts it). */
typedef enum NovaDispFormat {
    NOVA_DISP_FMT_NONE,
    NOVA_DISP_FMT_A8R8G8B8,
    NOVA_DISP_FMT_X8R8G8B8,
    NOVA_DISP_FMT_R5G6B5,
    NOVA_DISP_FMT_A8B8G8R8,
    NOVA_DISP_FMT_X8B8G8R8,
    NOVA_DISP_FMT_A2B10G10R10,
} NovaDispFormat;

typedef struct NovaDispSurface {
    bool active;                /* a window with a surface is shown */
    uint32_t aspace;            /* NOVA_ADDR_FBMEM or NOVA_ADDR_SYSMEM */
    uint64_t addr;              /* the first pixel */
    uint64_t limit;             /* the ctxdma's last byte (address) */
    uint32_t width, height;     /* the window's size */
    uint32_t pitch;             /* bytes per line (pitch-linear) */
    bool block_linear;
    uint32_t block_height_log2; /* gobs per block (block-linear) */
    NovaDispFormat format;
    uint32_t bpp;               /* bytes per pixel */
} NovaDispSurface;

/* A head's cursor: a square A8R8G8B8 image, and where its hot spot is. */
typedef struct NovaDispCursor {
    bool enabled;
    uint32_t aspace;            /* NOVA_ADDR_FBMEM or NOVA_ADDR_SYSMEM */
    uint64_t addr;              /* the image: size x size pixels, 4 bytes each */
    uint32_t size;              /* 32, 64, 128 or 256 */
    uint32_t hot_x, hot_y;      /* the hot spot inside the image */
    int32_t x, y;               /* the hot spot on the screen */
} NovaDispCursor;

typedef struct NovaDispMode {
    bool active;                /* the head is lit */
    uint32_t width, height;     /* active area (viewport out) */
    uint32_t htotal, vtotal;    /* raster size */
    uint64_t pixel_hz;
} NovaDispMode;

void nova_disp_init(NovaDisp *d, const NovaDispConfig *cfg, const NovaHost *host);
void nova_disp_reset(NovaDisp *d);
/* the monitor's EDID (len <= NOVA_DISP_EDID_MAX); plugged or not */
void nova_disp_set_monitor(NovaDisp *d, const uint8_t *edid, uint32_t len, bool connected);

/* GSP-RM's side */
uint32_t nova_disp_channel_index(const NovaDisp *d, uint32_t hclass, uint32_t inst,
                                 NovaDispChanKind *kind);
uint32_t nova_disp_set_inst_mem(NovaDisp *d, uint64_t addr, uint64_t size, uint32_t aspace);
uint32_t nova_disp_set_pushbuf(NovaDisp *d, uint32_t hclass, uint32_t inst, bool valid,
                               uint32_t aspace, uint64_t addr, uint64_t limit);
uint32_t nova_disp_chan_alloc(NovaDisp *d, uint32_t hclass, uint32_t inst, uint32_t put);
void nova_disp_chan_free(NovaDisp *d, uint32_t hclass, uint32_t inst);
/* the kind of channel NOVA_DISP_CH_*() index @ch is */
NovaDispChanKind nova_disp_kind_of(uint32_t ch);

/* BAR0: the user areas and the interrupt registers (offset from BAR0) */
bool nova_disp_read(NovaDisp *d, uint32_t addr, uint32_t *val);
bool nova_disp_write(NovaDisp *d, uint32_t addr, uint32_t val);
/* the DISP interrupt's level: some head has an enabled interrupt pending */
bool nova_disp_intr_pending(const NovaDisp *d);

/* the work a PUT write scheduled (NOVA_WORK_DISP) */
void nova_disp_run(NovaDisp *d);
/* the host's vblank tick on @head */
void nova_disp_vblank(NovaDisp *d, unsigned head);

/* what the host shows */
bool nova_disp_mode(const NovaDisp *d, unsigned head, NovaDispMode *m);
bool nova_disp_scanout(NovaDisp *d, unsigned head, NovaDispSurface *s);
bool nova_disp_cursor(NovaDisp *d, unsigned head, NovaDispCursor *c);

/* NULL if the state a migration stream brought is consistent, else why not */
const char *nova_disp_invalid(const NovaDisp *d);

#endif
