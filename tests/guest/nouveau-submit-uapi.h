/*
 * The slice of the kernel's UAPI that nouveau-submit.c uses, written for it
 * from Linux's include/uapi/drm/drm.h and include/uapi/drm/nouveau_drm.h
 * (the VM_INIT/VM_BIND/EXEC ABI is unchanged since 6.6, so 6.12's), because
 * the build host's linux-libc-dev (Debian 12: 6.1) has no drm/nouveau_drm.h
 * and a 6.1 drm.h. Only what the test needs; layouts are the ABI's.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef NOUVEAU_SUBMIT_UAPI_H
#define NOUVEAU_SUBMIT_UAPI_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define DRM_IOCTL_BASE              'd'
#define DRM_IOW(nr, t)              _IOW(DRM_IOCTL_BASE, nr, t)
#define DRM_IOWR(nr, t)             _IOWR(DRM_IOCTL_BASE, nr, t)
#define DRM_COMMAND_BASE            0x40

struct drm_gem_close { __u32 handle, pad; };
struct drm_syncobj_create { __u32 handle, flags; };
struct drm_syncobj_destroy { __u32 handle, pad; };
struct drm_syncobj_handle { __u32 handle, flags; __s32 fd; __u32 pad; };
struct drm_syncobj_wait {
    __u64 handles;
    __s64 timeout_nsec;             /* absolute, CLOCK_MONOTONIC */
    __u32 count_handles, flags, first_signaled, pad;
    __u64 deadline_nsec;
};
#define DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL        (1 << 0)
#define DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT (1 << 1)
#define DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_EXPORT_SYNC_FILE (1 << 0)

#define DRM_IOCTL_GEM_CLOSE         DRM_IOW(0x09, struct drm_gem_close)
#define DRM_IOCTL_SYNCOBJ_CREATE    DRM_IOWR(0xBF, struct drm_syncobj_create)
#define DRM_IOCTL_SYNCOBJ_DESTROY   DRM_IOWR(0xC0, struct drm_syncobj_destroy)
#define DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD DRM_IOWR(0xC1, struct drm_syncobj_handle)
#define DRM_IOCTL_SYNCOBJ_WAIT      DRM_IOWR(0xC3, struct drm_syncobj_wait)

/* nouveau */
#define NOUVEAU_GETPARAM_FB_SIZE        8
#define NOUVEAU_GETPARAM_CHIPSET_ID     11
#define NOUVEAU_GETPARAM_EXEC_PUSH_MAX  17
struct drm_nouveau_getparam { __u64 param, value; };

#define NOUVEAU_FIFO_ENGINE_GR      0x01
#define NOUVEAU_FIFO_ENGINE_CE      0x30
struct drm_nouveau_channel_alloc {
    __u32 fb_ctxdma_handle, tt_ctxdma_handle;
    __s32 channel;
    __u32 pushbuf_domains;
    __u32 notifier_handle;
    struct { __u32 handle, grclass; } subchan[8];
    __u32 nr_subchan;
};
struct drm_nouveau_channel_free { __s32 channel; };
struct drm_nouveau_grobj_alloc { __s32 channel; __u32 handle; __s32 class; };

#define NOUVEAU_GEM_DOMAIN_VRAM     (1 << 1)
#define NOUVEAU_GEM_DOMAIN_GART     (1 << 2)
struct drm_nouveau_gem_info {
    __u32 handle, domain;
    __u64 size, offset, map_handle;
    __u32 tile_mode, tile_flags;
};
struct drm_nouveau_gem_new {
    struct drm_nouveau_gem_info info;
    __u32 channel_hint, align;
};
struct drm_nouveau_gem_pushbuf_bo {
    __u64 user_priv;
    __u32 handle, read_domains, write_domains, valid_domains;
    struct { __u32 valid, domain; __u64 offset; } presumed;
};
struct drm_nouveau_gem_pushbuf_push { __u32 bo_index, pad; __u64 offset, length; };
struct drm_nouveau_gem_pushbuf {
    __u32 channel, nr_buffers;
    __u64 buffers;
    __u32 nr_relocs, nr_push;
    __u64 relocs, push;
    __u32 suffix0, suffix1;
    __u64 vram_available, gart_available;
};
struct drm_nouveau_gem_cpu_prep { __u32 handle, flags; };

struct drm_nouveau_sync { __u32 flags, handle; __u64 timeline_value; };
#define DRM_NOUVEAU_SYNC_SYNCOBJ    0x0
struct drm_nouveau_vm_init { __u64 kernel_managed_addr, kernel_managed_size; };
struct drm_nouveau_vm_bind_op {
    __u32 op, flags, handle, pad;
    __u64 addr, bo_offset, range;
};
#define DRM_NOUVEAU_VM_BIND_OP_MAP  0x0
struct drm_nouveau_vm_bind {
    __u32 op_count, flags, wait_count, sig_count;
    __u64 wait_ptr, sig_ptr, op_ptr;
};
struct drm_nouveau_exec_push { __u64 va; __u32 va_len, flags; };
struct drm_nouveau_exec {
    __u32 channel, push_count, wait_count, sig_count;
    __u64 wait_ptr, sig_ptr, push_ptr;
};

#define NV_IOWR(nr, t)  DRM_IOWR(DRM_COMMAND_BASE + (nr), t)
#define NV_IOW(nr, t)   DRM_IOW(DRM_COMMAND_BASE + (nr), t)
#define DRM_IOCTL_NOUVEAU_GETPARAM      NV_IOWR(0x00, struct drm_nouveau_getparam)
#define DRM_IOCTL_NOUVEAU_CHANNEL_ALLOC NV_IOWR(0x02, struct drm_nouveau_channel_alloc)
#define DRM_IOCTL_NOUVEAU_CHANNEL_FREE  NV_IOW(0x03, struct drm_nouveau_channel_free)
#define DRM_IOCTL_NOUVEAU_GROBJ_ALLOC   NV_IOW(0x04, struct drm_nouveau_grobj_alloc)
#define DRM_IOCTL_NOUVEAU_VM_INIT       NV_IOWR(0x10, struct drm_nouveau_vm_init)
#define DRM_IOCTL_NOUVEAU_VM_BIND       NV_IOWR(0x11, struct drm_nouveau_vm_bind)
#define DRM_IOCTL_NOUVEAU_EXEC          NV_IOWR(0x12, struct drm_nouveau_exec)
#define DRM_IOCTL_NOUVEAU_GEM_NEW       NV_IOWR(0x40, struct drm_nouveau_gem_new)
#define DRM_IOCTL_NOUVEAU_GEM_PUSHBUF   NV_IOWR(0x41, struct drm_nouveau_gem_pushbuf)
#define DRM_IOCTL_NOUVEAU_GEM_CPU_PREP  NV_IOW(0x42, struct drm_nouveau_gem_cpu_prep)
#define DRM_IOCTL_NOUVEAU_GEM_INFO      NV_IOWR(0x44, struct drm_nouveau_gem_info)

/* sync_file (linux/sync_file.h): a fence's status, < 0 its error */
struct sync_file_info {
    char name[32];
    __s32 status;
    __u32 flags, num_fences, pad;
    __u64 sync_fence_info;
};
#define SYNC_IOC_FILE_INFO  _IOWR('>', 4, struct sync_file_info)

#endif
