/*
 * nova-kms: the display test's guest program (tests/guest/test-display.sh).
 * What a compositor does with KMS, reduced: find the connected connector,
 * its preferred mode, a CRTC and its primary plane; then, in XRGB8888 and
 * in RGB565, a dumb buffer with a known pattern put on the screen by one
 * atomic commit (a full mode set). After each commit it says so on the
 * console and waits for the host to have looked (a line on the control
 * port, argv[1]); at the end it counts vblanks with DRM_IOCTL_WAIT_VBLANK.
 *
 * Output, one line each, on stdout (the guest's console):
 *   NOVA-KMS: mode WxH clock=KHZ htotal=H vtotal=V vrefresh=R connector=ID crtc=ID plane=ID
 *   NOVA-KMS: shown format=XR24|RG16 width=W height=H pitch=P
 *   NOVA-KMS: cursor 64x64 at X,Y       (the legacy cursor ioctl, a 64x64 ARGB image)
 *   NOVA-KMS: vblank frames=N reply_us=U mono_us=M
 *   NOVA-KMS: done                      (exit 0)
 *   NOVA-KMS: error WHAT: STRERROR      (exit 1)
 *
 * The pattern (display-check.py computes the same, x < W, y < H):
 *   XRGB8888: r = x * 255 / (W - 1), g = y * 255 / (H - 1), b = (x ^ y) & 0xff
 *   RGB565:   r = x * 31 / (W - 1),  g = y * 63 / (H - 1),  b = (x ^ y) & 31
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "nova-kms-uapi.h"

#define MAX_OBJS 32         /* connectors, encoders, CRTCs, planes, properties */

static int drm = -1;

__attribute__((format(printf, 1, 2), noreturn))
static void fail(const char *fmt, ...)
{
    int e = errno;
    va_list ap;

    printf("NOVA-KMS: error ");
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf(": %s\n", strerror(e));
    fflush(stdout);
    exit(1);
}

static void xioctl(unsigned long req, void *arg, const char *what)
{
    int r;

    do {
        r = ioctl(drm, req, arg);
    } while (r < 0 && (errno == EINTR || errno == EAGAIN));
    if (r < 0) {
        fail("%s", what);
    }
}

static uint64_t ptr(const void *p)
{
    return (uintptr_t)p;
}

/* a property's id on an object, by name; 0 if it has none of that name */
static uint32_t prop_id(uint32_t obj, uint32_t type, const char *name, uint64_t *value)
{
    uint32_t ids[MAX_OBJS];
    uint64_t values[MAX_OBJS];
    struct drm_mode_obj_get_properties op = { .obj_id = obj, .obj_type = type };
    uint32_t i;

    xioctl(DRM_IOCTL_MODE_OBJ_GETPROPERTIES, &op, "OBJ_GETPROPERTIES (count)");
    if (op.count_props > MAX_OBJS) {
        errno = E2BIG;
        fail("object %u has %u properties", obj, op.count_props);
    }
    op.props_ptr = ptr(ids);
    op.prop_values_ptr = ptr(values);
    xioctl(DRM_IOCTL_MODE_OBJ_GETPROPERTIES, &op, "OBJ_GETPROPERTIES");
    for (i = 0; i < op.count_props && i < MAX_OBJS; i++) {
        struct drm_mode_get_property p = { .prop_id = ids[i] };

        xioctl(DRM_IOCTL_MODE_GETPROPERTY, &p, "GETPROPERTY");
        if (!strncmp(p.name, name, DRM_PROP_NAME_LEN)) {
            if (value) {
                *value = values[i];
            }
            return ids[i];
        }
    }
    return 0;
}

static uint32_t need_prop(uint32_t obj, uint32_t type, const char *name)
{
    uint32_t id = prop_id(obj, type, name, NULL);

    if (!id) {
        errno = ENOENT;
        fail("no property %s on object %u", name, obj);
    }
    return id;
}

/* the host has looked: a line on the control port (or 2 s without one) */
static void wait_host(int ctl)
{
    char c;

    if (ctl < 0) {
        sleep(2);
        return;
    }
    while (read(ctl, &c, 1) == 1 && c != '\n') {
    }
}

typedef struct Output {
    uint32_t connector, crtc, plane;
    struct drm_mode_modeinfo mode;
    uint32_t conn_crtc_id, crtc_mode_id, crtc_active;
    uint32_t plane_fb_id, plane_crtc_id, plane_src[4], plane_crtc[4];
} Output;

static void find_output(Output *o)
{
    uint32_t conns[MAX_OBJS], crtcs[MAX_OBJS], encs[MAX_OBJS], planes[MAX_OBJS];
    struct drm_mode_card_res res = { 0 };
    struct drm_mode_get_plane_res pres = { 0 };
    uint32_t i, j, crtc_index = MAX_OBJS;

    xioctl(DRM_IOCTL_MODE_GETRESOURCES, &res, "GETRESOURCES (count)");
    if (res.count_connectors > MAX_OBJS || res.count_crtcs > MAX_OBJS) {
        errno = E2BIG;
        fail("%u connectors, %u CRTCs", res.count_connectors, res.count_crtcs);
    }
    res.count_fbs = res.count_encoders = 0;
    res.connector_id_ptr = ptr(conns);
    res.crtc_id_ptr = ptr(crtcs);
    xioctl(DRM_IOCTL_MODE_GETRESOURCES, &res, "GETRESOURCES");

    memset(o, 0, sizeof(*o));
    for (i = 0; i < res.count_connectors && i < MAX_OBJS && !o->connector; i++) {
        struct drm_mode_modeinfo modes[MAX_OBJS];
        struct drm_mode_get_connector c = { .connector_id = conns[i] };

        xioctl(DRM_IOCTL_MODE_GETCONNECTOR, &c, "GETCONNECTOR (count)");
        if (c.connection != DRM_MODE_CONNECTED || !c.count_modes) {
            continue;
        }
        if (c.count_modes > MAX_OBJS) {
            c.count_modes = MAX_OBJS;
        }
        if (c.count_encoders > MAX_OBJS) {
            c.count_encoders = MAX_OBJS;
        }
        c.count_props = 0;
        c.modes_ptr = ptr(modes);
        c.encoders_ptr = ptr(encs);
        xioctl(DRM_IOCTL_MODE_GETCONNECTOR, &c, "GETCONNECTOR");
        o->mode = modes[0];
        for (j = 0; j < c.count_modes && j < MAX_OBJS; j++) {
            if (modes[j].type & DRM_MODE_TYPE_PREFERRED) {
                o->mode = modes[j];
                break;
            }
        }
        /* a CRTC one of its encoders can drive */
        for (j = 0; j < c.count_encoders && j < MAX_OBJS && crtc_index == MAX_OBJS; j++) {
            struct drm_mode_get_encoder e = { .encoder_id = encs[j] };
            uint32_t k;

            xioctl(DRM_IOCTL_MODE_GETENCODER, &e, "GETENCODER");
            for (k = 0; k < res.count_crtcs && k < 32; k++) {
                if (e.possible_crtcs & (1u << k)) {
                    crtc_index = k;
                    break;
                }
            }
        }
        if (crtc_index != MAX_OBJS) {
            o->connector = conns[i];
            o->crtc = crtcs[crtc_index];
        }
    }
    if (!o->connector) {
        errno = ENODEV;
        fail("no connected connector with a mode and a CRTC");
    }

    xioctl(DRM_IOCTL_MODE_GETPLANERESOURCES, &pres, "GETPLANERESOURCES (count)");
    if (pres.count_planes > MAX_OBJS) {
        pres.count_planes = MAX_OBJS;
    }
    pres.plane_id_ptr = ptr(planes);
    xioctl(DRM_IOCTL_MODE_GETPLANERESOURCES, &pres, "GETPLANERESOURCES");
    for (i = 0; i < pres.count_planes && i < MAX_OBJS && !o->plane; i++) {
        struct drm_mode_get_plane p = { .plane_id = planes[i] };
        uint64_t type = 0;

        xioctl(DRM_IOCTL_MODE_GETPLANE, &p, "GETPLANE");
        if ((p.possible_crtcs & (1u << crtc_index)) &&
            prop_id(planes[i], DRM_MODE_OBJECT_PLANE, "type", &type) &&
            type == DRM_PLANE_TYPE_PRIMARY) {
            o->plane = planes[i];
        }
    }
    if (!o->plane) {
        errno = ENODEV;
        fail("no primary plane for CRTC %u", o->crtc);
    }

    o->conn_crtc_id = need_prop(o->connector, DRM_MODE_OBJECT_CONNECTOR, "CRTC_ID");
    o->crtc_mode_id = need_prop(o->crtc, DRM_MODE_OBJECT_CRTC, "MODE_ID");
    o->crtc_active = need_prop(o->crtc, DRM_MODE_OBJECT_CRTC, "ACTIVE");
    o->plane_fb_id = need_prop(o->plane, DRM_MODE_OBJECT_PLANE, "FB_ID");
    o->plane_crtc_id = need_prop(o->plane, DRM_MODE_OBJECT_PLANE, "CRTC_ID");
    o->plane_src[0] = need_prop(o->plane, DRM_MODE_OBJECT_PLANE, "SRC_X");
    o->plane_src[1] = need_prop(o->plane, DRM_MODE_OBJECT_PLANE, "SRC_Y");
    o->plane_src[2] = need_prop(o->plane, DRM_MODE_OBJECT_PLANE, "SRC_W");
    o->plane_src[3] = need_prop(o->plane, DRM_MODE_OBJECT_PLANE, "SRC_H");
    o->plane_crtc[0] = need_prop(o->plane, DRM_MODE_OBJECT_PLANE, "CRTC_X");
    o->plane_crtc[1] = need_prop(o->plane, DRM_MODE_OBJECT_PLANE, "CRTC_Y");
    o->plane_crtc[2] = need_prop(o->plane, DRM_MODE_OBJECT_PLANE, "CRTC_W");
    o->plane_crtc[3] = need_prop(o->plane, DRM_MODE_OBJECT_PLANE, "CRTC_H");
}

typedef struct Buffer {
    uint32_t handle, fb, pitch;
    uint64_t size;
} Buffer;

/* a dumb buffer the mode's size, filled with the pattern, and its framebuffer */
static void make_buffer(const Output *o, uint32_t format, Buffer *b)
{
    uint32_t w = o->mode.hdisplay, h = o->mode.vdisplay, x, y;
    bool rgb565 = format == DRM_FORMAT_RGB565;
    struct drm_mode_create_dumb cd = { .width = w, .height = h, .bpp = rgb565 ? 16 : 32 };
    struct drm_mode_map_dumb md = { 0 };
    struct drm_mode_fb_cmd2 fb = { .width = w, .height = h, .pixel_format = format };
    uint8_t *map;

    if (w < 2 || h < 2) {
        errno = EINVAL;
        fail("mode %ux%u", w, h);
    }
    xioctl(DRM_IOCTL_MODE_CREATE_DUMB, &cd, "CREATE_DUMB");
    if (cd.pitch < w * (rgb565 ? 2 : 4) || cd.size < (uint64_t)cd.pitch * h) {
        errno = EINVAL;
        fail("dumb buffer pitch %u size %llu", cd.pitch, (unsigned long long)cd.size);
    }
    md.handle = cd.handle;
    xioctl(DRM_IOCTL_MODE_MAP_DUMB, &md, "MAP_DUMB");
    map = mmap(NULL, cd.size, PROT_READ | PROT_WRITE, MAP_SHARED, drm, md.offset);
    if (map == MAP_FAILED) {
        fail("mmap of the dumb buffer");
    }
    for (y = 0; y < h; y++) {
        uint8_t *line = map + (size_t)y * cd.pitch;

        for (x = 0; x < w; x++) {
            if (rgb565) {
                uint16_t p = (x * 31 / (w - 1)) << 11 | (y * 63 / (h - 1)) << 5 |
                             ((x ^ y) & 31);
                memcpy(line + x * 2, &p, 2);
            } else {
                uint32_t p = (x * 255 / (w - 1)) << 16 | (y * 255 / (h - 1)) << 8 |
                             ((x ^ y) & 0xff);
                memcpy(line + x * 4, &p, 4);
            }
        }
    }
    munmap(map, cd.size);
    fb.handles[0] = cd.handle;
    fb.pitches[0] = cd.pitch;
    xioctl(DRM_IOCTL_MODE_ADDFB2, &fb, "ADDFB2");
    b->handle = cd.handle;
    b->fb = fb.fb_id;
    b->pitch = cd.pitch;
    b->size = cd.size;
}

static void free_buffer(Buffer *b)
{
    struct drm_mode_destroy_dumb dd = { .handle = b->handle };

    xioctl(DRM_IOCTL_MODE_RMFB, &b->fb, "RMFB");
    xioctl(DRM_IOCTL_MODE_DESTROY_DUMB, &dd, "DESTROY_DUMB");
}

/* one atomic commit: the mode on the CRTC, the connector on it, @fb on its plane */
static void commit(const Output *o, uint32_t mode_blob, uint32_t fb)
{
    uint32_t w = o->mode.hdisplay, h = o->mode.vdisplay;
    uint32_t objs[3] = { o->connector, o->crtc, o->plane };
    uint32_t counts[3] = { 1, 2, 10 };
    uint32_t props[13] = {
        o->conn_crtc_id,
        o->crtc_mode_id, o->crtc_active,
        o->plane_fb_id, o->plane_crtc_id,
        o->plane_src[0], o->plane_src[1], o->plane_src[2], o->plane_src[3],
        o->plane_crtc[0], o->plane_crtc[1], o->plane_crtc[2], o->plane_crtc[3],
    };
    uint64_t values[13] = {
        o->crtc,
        mode_blob, 1,
        fb, o->crtc,
        0, 0, (uint64_t)w << 16, (uint64_t)h << 16,
        0, 0, w, h,
    };
    struct drm_mode_atomic a = {
        .flags = DRM_MODE_ATOMIC_ALLOW_MODESET,
        .count_objs = 3,
        .objs_ptr = ptr(objs),
        .count_props_ptr = ptr(counts),
        .props_ptr = ptr(props),
        .prop_values_ptr = ptr(values),
    };

    xioctl(DRM_IOCTL_MODE_ATOMIC, &a, "ATOMIC commit");
}

static uint64_t mono_us(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000 + t.tv_nsec / 1000;
}

/* wait @n vblanks on the CRTC: the sequence and the kernel's time stamp */
static void wait_vblank(uint32_t n, uint32_t *seq, uint64_t *us)
{
    union drm_wait_vblank v = { .request = { .type = DRM_VBLANK_RELATIVE, .sequence = n } };

    xioctl(DRM_IOCTL_WAIT_VBLANK, &v, "WAIT_VBLANK");
    *seq = v.reply.sequence;
    *us = (uint64_t)v.reply.tval_sec * 1000000 + v.reply.tval_usec;
}

int main(int argc, char **argv)
{
    static const struct { uint32_t fourcc; const char *name; } formats[] = {
        { DRM_FORMAT_XRGB8888, "XR24" },
        { DRM_FORMAT_RGB565, "RG16" },
    };
    struct drm_set_client_cap cap;
    struct drm_mode_create_blob blob;
    Buffer buf[2];
    Output o;
    uint32_t seq0, seq1, i;
    uint64_t us0, us1, m0, m1;
    int ctl = -1;

    setvbuf(stdout, NULL, _IOLBF, 0);
    alarm(300);             /* whatever happens, the program ends */
    drm = open("/dev/dri/card0", O_RDWR | O_CLOEXEC);
    if (drm < 0) {
        fail("open /dev/dri/card0");
    }
    if (argc > 1) {
        struct termios t;

        ctl = open(argv[1], O_RDWR | O_NOCTTY);
        if (ctl < 0) {
            fail("open %s", argv[1]);
        }
        if (tcgetattr(ctl, &t) == 0) {
            cfmakeraw(&t);
            cfsetspeed(&t, B115200);
            tcsetattr(ctl, TCSANOW, &t);
        }
    }
    cap = (struct drm_set_client_cap) { DRM_CLIENT_CAP_UNIVERSAL_PLANES, 1 };
    xioctl(DRM_IOCTL_SET_CLIENT_CAP, &cap, "SET_CLIENT_CAP UNIVERSAL_PLANES");
    cap = (struct drm_set_client_cap) { DRM_CLIENT_CAP_ATOMIC, 1 };
    xioctl(DRM_IOCTL_SET_CLIENT_CAP, &cap, "SET_CLIENT_CAP ATOMIC");

    find_output(&o);
    printf("NOVA-KMS: mode %ux%u clock=%u htotal=%u vtotal=%u vrefresh=%u connector=%u "
           "crtc=%u plane=%u\n", o.mode.hdisplay, o.mode.vdisplay, o.mode.clock,
           o.mode.htotal, o.mode.vtotal, o.mode.vrefresh, o.connector, o.crtc, o.plane);
    blob = (struct drm_mode_create_blob) { .data = ptr(&o.mode), .length = sizeof(o.mode) };
    xioctl(DRM_IOCTL_MODE_CREATEPROPBLOB, &blob, "CREATEPROPBLOB (mode)");

    for (i = 0; i < 2; i++) {
        make_buffer(&o, formats[i].fourcc, &buf[i]);
        commit(&o, blob.blob_id, buf[i].fb);
        /* the previous buffer is off the screen now */
        if (i) {
            free_buffer(&buf[i - 1]);
        }
        printf("NOVA-KMS: shown format=%s width=%u height=%u pitch=%u\n", formats[i].name,
               o.mode.hdisplay, o.mode.vdisplay, buf[i].pitch);
        wait_host(ctl);
    }

    /* a cursor through the legacy ioctl (a compositor's cursor plane) */
    {
        struct drm_mode_create_dumb cd = { .width = 64, .height = 64, .bpp = 32 };
        struct drm_mode_map_dumb md = { 0 };
        struct drm_mode_cursor cur = {
            .flags = DRM_MODE_CURSOR_BO | DRM_MODE_CURSOR_MOVE, .crtc_id = o.crtc,
            .x = 100, .y = 50, .width = 64, .height = 64,
        };
        uint32_t *img;

        xioctl(DRM_IOCTL_MODE_CREATE_DUMB, &cd, "CREATE_DUMB (cursor)");
        md.handle = cd.handle;
        xioctl(DRM_IOCTL_MODE_MAP_DUMB, &md, "MAP_DUMB (cursor)");
        img = mmap(NULL, cd.size, PROT_READ | PROT_WRITE, MAP_SHARED, drm, md.offset);
        if (img == MAP_FAILED || cd.pitch != 64 * 4) {
            fail("cursor buffer (pitch %u)", cd.pitch);
        }
        for (i = 0; i < 64 * 64; i++) {
            img[i] = 0xff000000u | (i * 4) << 8 | (i & 63) << 2;   /* opaque */
        }
        munmap(img, cd.size);
        cur.handle = cd.handle;
        xioctl(DRM_IOCTL_MODE_CURSOR, &cur, "CURSOR");
        printf("NOVA-KMS: cursor 64x64 at %d,%d\n", cur.x, cur.y);
        wait_host(ctl);
    }

    /* vblank: one to line up with, then 60 counted */
    wait_vblank(1, &seq0, &us0);
    m0 = mono_us();
    wait_vblank(60, &seq1, &us1);
    m1 = mono_us();
    printf("NOVA-KMS: vblank frames=%u reply_us=%llu mono_us=%llu\n", seq1 - seq0,
           (unsigned long long)(us1 - us0), (unsigned long long)(m1 - m0));
    free_buffer(&buf[1]);
    printf("NOVA-KMS: done\n");
    return 0;
}
