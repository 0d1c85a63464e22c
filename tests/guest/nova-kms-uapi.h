/*
 * The part of Linux's DRM UAPI (include/uapi/drm/drm.h, drm_mode.h) that
 * nova-kms.c uses: the guest image has no libdrm and the build machine no
 * DRM headers, so the layouts are declared here, as the kernel lays them
 * out on x86-64.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef NOVA_KMS_UAPI_H
#define NOVA_KMS_UAPI_H

#include <stdint.h>
#include <sys/ioctl.h>

#define DRM_IOCTL_BASE                  'd'
#define DRM_IOW(nr, type)               _IOW(DRM_IOCTL_BASE, nr, type)
#define DRM_IOWR(nr, type)              _IOWR(DRM_IOCTL_BASE, nr, type)

#define DRM_CLIENT_CAP_UNIVERSAL_PLANES 2
#define DRM_CLIENT_CAP_ATOMIC           3
#define DRM_DISPLAY_MODE_LEN            32
#define DRM_PROP_NAME_LEN               32
#define DRM_MODE_TYPE_PREFERRED         (1 << 3)
#define DRM_MODE_CONNECTED              1
#define DRM_MODE_OBJECT_CRTC            0xccccccccu
#define DRM_MODE_OBJECT_CONNECTOR       0xc0c0c0c0u
#define DRM_MODE_OBJECT_PLANE           0xeeeeeeeeu
#define DRM_MODE_ATOMIC_ALLOW_MODESET   0x0400
#define DRM_PLANE_TYPE_PRIMARY          1
#define DRM_VBLANK_RELATIVE             0x1

struct drm_set_client_cap {
    uint64_t capability;
    uint64_t value;
};

struct drm_mode_modeinfo {
    uint32_t clock;                 /* kHz */
    uint16_t hdisplay, hsync_start, hsync_end, htotal, hskew;
    uint16_t vdisplay, vsync_start, vsync_end, vtotal, vscan;
    uint32_t vrefresh;
    uint32_t flags;
    uint32_t type;
    char name[DRM_DISPLAY_MODE_LEN];
};

struct drm_mode_card_res {
    uint64_t fb_id_ptr, crtc_id_ptr, connector_id_ptr, encoder_id_ptr;
    uint32_t count_fbs, count_crtcs, count_connectors, count_encoders;
    uint32_t min_width, max_width, min_height, max_height;
};

struct drm_mode_get_connector {
    uint64_t encoders_ptr, modes_ptr, props_ptr, prop_values_ptr;
    uint32_t count_modes, count_props, count_encoders;
    uint32_t encoder_id, connector_id, connector_type, connector_type_id;
    uint32_t connection, mm_width, mm_height, subpixel, pad;
};

struct drm_mode_get_encoder {
    uint32_t encoder_id, encoder_type, crtc_id, possible_crtcs, possible_clones;
};

struct drm_mode_get_plane_res {
    uint64_t plane_id_ptr;
    uint32_t count_planes;
};

struct drm_mode_get_plane {
    uint32_t plane_id, crtc_id, fb_id, possible_crtcs, gamma_size, count_format_types;
    uint64_t format_type_ptr;
};

struct drm_mode_obj_get_properties {
    uint64_t props_ptr, prop_values_ptr;
    uint32_t count_props, obj_id, obj_type;
};

struct drm_mode_get_property {
    uint64_t values_ptr, enum_blob_ptr;
    uint32_t prop_id, flags;
    char name[DRM_PROP_NAME_LEN];
    uint32_t count_values, count_enum_blobs;
};

struct drm_mode_create_dumb {
    uint32_t height, width, bpp, flags;
    uint32_t handle, pitch;         /* out */
    uint64_t size;                  /* out */
};

struct drm_mode_map_dumb {
    uint32_t handle, pad;
    uint64_t offset;                /* out: for mmap */
};

struct drm_mode_destroy_dumb {
    uint32_t handle;
};

struct drm_mode_fb_cmd2 {
    uint32_t fb_id, width, height, pixel_format, flags;
    uint32_t handles[4], pitches[4], offsets[4];
    uint64_t modifier[4];
};

struct drm_mode_create_blob {
    uint64_t data;
    uint32_t length;
    uint32_t blob_id;               /* out */
};

struct drm_mode_atomic {
    uint32_t flags, count_objs;
    uint64_t objs_ptr, count_props_ptr, props_ptr, prop_values_ptr, reserved, user_data;
};

struct drm_wait_vblank_request {
    uint32_t type;
    uint32_t sequence;
    unsigned long signal;
};

struct drm_wait_vblank_reply {
    uint32_t type;
    uint32_t sequence;
    long tval_sec, tval_usec;
};

struct drm_mode_cursor {
    uint32_t flags, crtc_id;
    int32_t x, y;
    uint32_t width, height, handle;
};
#define DRM_MODE_CURSOR_BO              0x01
#define DRM_MODE_CURSOR_MOVE            0x02

union drm_wait_vblank {
    struct drm_wait_vblank_request request;
    struct drm_wait_vblank_reply reply;
};

#define DRM_IOCTL_SET_CLIENT_CAP        DRM_IOW(0x0d, struct drm_set_client_cap)
#define DRM_IOCTL_WAIT_VBLANK           DRM_IOWR(0x3a, union drm_wait_vblank)
#define DRM_IOCTL_MODE_GETRESOURCES     DRM_IOWR(0xa0, struct drm_mode_card_res)
#define DRM_IOCTL_MODE_GETENCODER       DRM_IOWR(0xa6, struct drm_mode_get_encoder)
#define DRM_IOCTL_MODE_GETCONNECTOR     DRM_IOWR(0xa7, struct drm_mode_get_connector)
#define DRM_IOCTL_MODE_CURSOR           DRM_IOWR(0xa3, struct drm_mode_cursor)
#define DRM_IOCTL_MODE_GETPROPERTY      DRM_IOWR(0xaa, struct drm_mode_get_property)
#define DRM_IOCTL_MODE_RMFB             DRM_IOWR(0xaf, unsigned int)
#define DRM_IOCTL_MODE_CREATE_DUMB      DRM_IOWR(0xb2, struct drm_mode_create_dumb)
#define DRM_IOCTL_MODE_MAP_DUMB         DRM_IOWR(0xb3, struct drm_mode_map_dumb)
#define DRM_IOCTL_MODE_DESTROY_DUMB     DRM_IOWR(0xb4, struct drm_mode_destroy_dumb)
#define DRM_IOCTL_MODE_GETPLANERESOURCES DRM_IOWR(0xb5, struct drm_mode_get_plane_res)
#define DRM_IOCTL_MODE_GETPLANE         DRM_IOWR(0xb6, struct drm_mode_get_plane)
#define DRM_IOCTL_MODE_ADDFB2           DRM_IOWR(0xb8, struct drm_mode_fb_cmd2)
#define DRM_IOCTL_MODE_OBJ_GETPROPERTIES DRM_IOWR(0xb9, struct drm_mode_obj_get_properties)
#define DRM_IOCTL_MODE_ATOMIC           DRM_IOWR(0xbc, struct drm_mode_atomic)
#define DRM_IOCTL_MODE_CREATEPROPBLOB   DRM_IOWR(0xbd, struct drm_mode_create_blob)

#define DRM_FOURCC(a, b, c, d) \
    ((uint32_t)(a) | (uint32_t)(b) << 8 | (uint32_t)(c) << 16 | (uint32_t)(d) << 24)
#define DRM_FORMAT_XRGB8888             DRM_FOURCC('X', 'R', '2', '4')
#define DRM_FORMAT_RGB565               DRM_FOURCC('R', 'G', '1', '6')

#endif
