/*
 * nova-gpu disp/: the display channels' methods the model executes or
 * reads back, under OpenRM's names (nouveau's nvhw/class/clc37d.h,
 * clc57d.h, clc37e.h, clc57e.h, clc37b.h, clc37a.h). Turing's C57x, Ampere's
 * C67x and Ada's C77D core share these offsets.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef NOVA_DISP_METHODS_H
#define NOVA_DISP_METHODS_H

/* core channel (C37D family) */
#define NVC37D_UPDATE                               0x0200
#define NVC37D_SET_CONTEXT_DMA_NOTIFIER             0x0208
#define NVC37D_SET_NOTIFIER_CONTROL                 0x020c
#define NVC37D_SET_NOTIFIER_CONTROL_OFFSET(v)       ((v) & 0xff0)   /* 11:4, 16-byte units */
#define NVC37D_SET_NOTIFIER_CONTROL_NOTIFY(v)       (((v) >> 12) & 1)
#define NVC37D_SOR_SET_CONTROL(a)                   (0x0300 + (a) * 0x20)
#define NVC37D_SOR_SET_CONTROL_OWNER_MASK(v)        ((v) & 0xff)
#define NVC37D_WINDOW_SET_CONTROL(a)                (0x1000 + (a) * 0x80)
#define NVC37D_WINDOW_SET_CONTROL_OWNER(v)          ((v) & 0xf)
#define NVC37D_HEAD_SET_CONTROL_OUTPUT_RESOURCE(a)  NOVA_DISP_CORE_OUTPUT_RESOURCE(a)
#define NVC37D_HEAD_SET_PIXEL_CLOCK_FREQUENCY(a)    (0x200c + (a) * 0x400)
#define NVC37D_HEAD_SET_PIXEL_CLOCK_FREQUENCY_HERTZ(v)  ((v) & 0x7fffffff)
#define NVC37D_HEAD_SET_VIEWPORT_SIZE_OUT(a)        (0x2058 + (a) * 0x400)
#define NVC37D_HEAD_SET_RASTER_SIZE(a)              (0x2064 + (a) * 0x400)
#define NVC37D_HEAD_SET_CONTEXT_DMA_CURSOR(a, b)    (0x2088 + (a) * 0x400 + (b) * 4)
#define NVC37D_HEAD_SET_OFFSET_CURSOR(a, b)         (0x2090 + (a) * 0x400 + (b) * 4)
#define NVC37D_HEAD_SET_CONTROL_CURSOR(a)           (0x209c + (a) * 0x400)
#define NVC37D_HEAD_SET_CONTROL_CURSOR_ENABLE(v)    ((v) >> 31)
#define NVC37D_HEAD_SET_CONTROL_CURSOR_SIZE(v)      (((v) >> 8) & 3)    /* 32 << n pixels */
#define NVC37D_HEAD_SET_CONTROL_CURSOR_FORMAT(v)    ((v) & 0xff)
#define NVC37D_HEAD_SET_CONTROL_CURSOR_HOT_SPOT_X(v) (((v) >> 12) & 0xff)
#define NVC37D_HEAD_SET_CONTROL_CURSOR_HOT_SPOT_Y(v) (((v) >> 20) & 0xff)
/* 14:0 and 30:16 of the raster and viewport sizes */
#define NVC37D_SIZE_WIDTH(v)                        ((v) & 0x7fff)
#define NVC37D_SIZE_HEIGHT(v)                       (((v) >> 16) & 0x7fff)

/* window channel (C37E family; the surface methods are C57E's) */
#define NVC37E_UPDATE                               0x0200
#define NVC37E_SET_SEMAPHORE_CONTROL                0x020c
#define NVC37E_SET_SEMAPHORE_CONTROL_OFFSET(v)      ((v) & 0xff)        /* 4-byte units */
#define NVC37E_SET_SEMAPHORE_ACQUIRE                0x0210
#define NVC37E_SET_SEMAPHORE_RELEASE                0x0214
#define NVC37E_SET_CONTEXT_DMA_SEMAPHORE            0x0218
#define NVC37E_SET_CONTEXT_DMA_NOTIFIER             0x021c
#define NVC37E_SET_NOTIFIER_CONTROL                 0x0220
#define NVC37E_SET_NOTIFIER_CONTROL_OFFSET(v)       ((v) & 0xff0)
#define NVC57E_SET_SIZE                             0x0224
#define NVC57E_SET_STORAGE                          0x0228
#define NVC57E_SET_STORAGE_BLOCK_HEIGHT(v)          ((v) & 0xf)     /* log2 gobs */
#define NVC57E_SET_STORAGE_MEMORY_LAYOUT_PITCH(v)   (((v) >> 4) & 1)
#define NVC57E_SET_PARAMS                           0x022c
#define NVC57E_SET_PARAMS_FORMAT(v)                 ((v) & 0xff)
#define NVC57E_SET_PARAMS_FORMAT_R5G6B5             0xe8
#define NVC57E_SET_PARAMS_FORMAT_A8R8G8B8           0xcf
#define NVC57E_SET_PARAMS_FORMAT_X8R8G8B8           0xe6
#define NVC57E_SET_PARAMS_FORMAT_A8B8G8R8           0xd5
#define NVC57E_SET_PARAMS_FORMAT_X8B8G8R8           0xf9
#define NVC57E_SET_PARAMS_FORMAT_A2B10G10R10        0xd1
#define NVC57E_SET_PLANAR_STORAGE(b)                (0x0230 + (b) * 4)
#define NVC57E_SET_PLANAR_STORAGE_PITCH(v)          ((v) & 0x1fff)  /* 64-byte units */
#define NVC57E_SET_CONTEXT_DMA_ISO(b)               (0x0240 + (b) * 4)
#define NVC57E_SET_OFFSET(b)                        (0x0260 + (b) * 4)  /* >> 8 */
#define NVC57E_SET_POINT_IN(b)                      (0x0290 + (b) * 4)
#define NVC57E_SET_SIZE_IN                          0x0298
#define NVC57E_SET_SIZE_OUT                         0x02a4
/* 15:0 and 31:16 of the window's sizes and points */
#define NVC57E_LO(v)                                ((v) & 0xffff)
#define NVC57E_HI(v)                                ((v) >> 16)

/* window-immediate channel (C37B) */
#define NVC37B_UPDATE                               0x0200
#define NVC37B_SET_POINT_OUT(b)                     (0x0208 + (b) * 4)

/* cursor channel (C37A, PIO: BAR0 writes into its user area) */
#define NV507A_FREE                                 0x0008
#define NV507A_FREE_COUNT_MAX                       0x1f
#define NVC37A_UPDATE                               0x0200
#define NVC37A_SET_CURSOR_HOT_SPOT_POINT_OUT(b)     (0x0208 + (b) * 4)

/* the notifiers' word 0 (NV_DISP_NOTIFIER__0_STATUS, 31:30) */
#define NV_DISP_NOTIFIER_SIZE                       16
#define NV_DISP_NOTIFIER__0_STATUS_BEGUN            1u
#define NV_DISP_NOTIFIER__0_STATUS_FINISHED         2u

#endif
