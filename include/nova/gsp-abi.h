/*
 * nova-gpu: the GSP-RM structures both ABIs share (r535.113.01 for nouveau
 * 6.12, r570.144 for nova-core 7.2), declared once, with their sizes and
 * offsets checked at compile time against the drivers' layouts (nouveau's
 * include/nvrm/535.113.01 headers, nova-core's r570_144 bindings, as
 * shared/spec records them). The code reads and writes them as
 * little-endian bytes at these offsets; the structs are the declaration.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef NOVA_GSP_ABI_H
#define NOVA_GSP_ABI_H

#include <stddef.h>
#include <stdint.h>

#define NOVA_PACKED __attribute__((packed))

/* GSP_MSG_QUEUE_ELEMENT, in front of every message in both directions */
typedef struct NOVA_PACKED NovaGspMsgElement {
    uint8_t auth_tag[16];
    uint8_t aad[16];
    uint32_t checksum;
    uint32_t seq;
    uint32_t elem_count;
    uint32_t pad;
} NovaGspMsgElement;

/* rpc_message_header_v03_00 */
typedef struct NOVA_PACKED NovaGspRpcHeader {
    uint32_t header_version;
    uint32_t signature;
    uint32_t length;            /* header + payload */
    uint32_t function;
    uint32_t rpc_result;
    uint32_t rpc_result_private;
    uint32_t sequence;
    uint32_t spare;
} NovaGspRpcHeader;

/* msgqTxHeader; msgqRxHeader (one read pointer) follows at rx_hdr_off */
typedef struct NOVA_PACKED NovaGspMsgqTxHeader {
    uint32_t version;
    uint32_t size;
    uint32_t msg_size;
    uint32_t msg_count;
    uint32_t write_ptr;
    uint32_t flags;
    uint32_t rx_hdr_off;
    uint32_t entry_off;
} NovaGspMsgqTxHeader;

typedef struct NOVA_PACKED NovaGspMsgqRxHeader {
    uint32_t read_ptr;
} NovaGspMsgqRxHeader;

/* LibosMemoryRegionInitArgument: one entry of the libos argument page */
typedef struct NOVA_PACKED NovaLibosMemoryRegion {
    uint64_t id8;
    uint64_t pa;
    uint64_t size;
    uint8_t kind;
    uint8_t loc;
    uint8_t pad[6];
} NovaLibosMemoryRegion;

/* GSP_ARGUMENTS_CACHED: the start of RMARGS */
typedef struct NOVA_PACKED NovaGspArgumentsCached {
    uint64_t shared_mem_phys_addr;
    uint32_t page_table_entry_count;
    uint32_t pad;
    uint64_t cmd_queue_offset;
    uint64_t stat_queue_offset;
} NovaGspArgumentsCached;

/* rpc_gsp_rm_control_v03_00, in front of a control's parameters */
typedef struct NOVA_PACKED NovaGspRmControl {
    uint32_t h_client;
    uint32_t h_object;
    uint32_t cmd;
    uint32_t status;
    uint32_t params_size;
    uint32_t flags;
} NovaGspRmControl;

/* rpc_run_cpu_sequencer_v17_00, then the command words */
typedef struct NOVA_PACKED NovaGspSequencer {
    uint32_t buffer_size_dword;
    uint32_t cmd_index;
    uint32_t reg_save_area[8];
} NovaGspSequencer;

/* GspFwWprMeta: the fields the model reads */
typedef struct NOVA_PACKED NovaGspFwWprMeta {
    uint64_t magic;
    uint64_t revision;
    uint64_t sysmem_addr_of_radix3_elf;
    uint64_t size_of_radix3_elf;
    uint64_t sysmem_addr_of_bootloader;
    uint64_t size_of_bootloader;
    uint64_t bootloader_code_offset;
    uint64_t bootloader_data_offset;
    uint64_t bootloader_manifest_offset;
    uint64_t sysmem_addr_of_signature;
    uint64_t size_of_signature;
    uint64_t gsp_fw_rsvd_start;
    uint64_t non_wpr_heap_offset;
    uint64_t non_wpr_heap_size;
    uint64_t gsp_fw_wpr_start;
    uint64_t gsp_fw_heap_offset;
    uint64_t gsp_fw_heap_size;
    uint64_t gsp_fw_offset;
    uint64_t boot_bin_offset;
    uint64_t frts_offset;
    uint64_t frts_size;
    uint64_t gsp_fw_wpr_end;
    uint64_t fb_size;
    uint64_t vga_workspace_offset;
    uint64_t vga_workspace_size;
    uint64_t boot_count;
    uint8_t rest[0x100 - 0xd0];
} NovaGspFwWprMeta;

#define NOVA_GSP_WPR_META_MAGIC     0xdc3aae21371a60b3ull
#define NOVA_GSP_WPR_META_REVISION  1u
/*
 * GspFwSRMeta's magic: a suspending driver starts booter_unload with this
 * structure's address in the mailboxes (nouveau's r535_gsp_fini), where a
 * plain unload has 0xff/0xff.
 */
#define NOVA_GSP_SR_META_MAGIC      0x8a3bb9e6c6c39d93ull

_Static_assert(sizeof(NovaGspMsgElement) == 0x30, "queue element header");
_Static_assert(offsetof(NovaGspMsgElement, checksum) == 0x20, "checksum");
_Static_assert(sizeof(NovaGspRpcHeader) == 0x20, "rpc header");
_Static_assert(offsetof(NovaGspRpcHeader, rpc_result) == 0x10, "rpc_result");
_Static_assert(sizeof(NovaGspMsgqTxHeader) == 0x20, "msgqTxHeader");
_Static_assert(offsetof(NovaGspMsgqTxHeader, write_ptr) == 0x10, "writePtr");
_Static_assert(sizeof(NovaLibosMemoryRegion) == 32, "libos entry");
_Static_assert(offsetof(NovaGspArgumentsCached, stat_queue_offset) == 0x18, "RMARGS");
_Static_assert(sizeof(NovaGspRmControl) == 0x18, "rm control header");
_Static_assert(sizeof(NovaGspSequencer) == 40, "sequencer header");
_Static_assert(sizeof(NovaGspFwWprMeta) == 256, "GspFwWprMeta");
_Static_assert(offsetof(NovaGspFwWprMeta, non_wpr_heap_offset) == 0x60, "nonWprHeap");
_Static_assert(offsetof(NovaGspFwWprMeta, gsp_fw_wpr_start) == 0x70, "gspFwWprStart");
_Static_assert(offsetof(NovaGspFwWprMeta, frts_offset) == 0x98, "frtsOffset");
_Static_assert(offsetof(NovaGspFwWprMeta, gsp_fw_wpr_end) == 0xa8, "gspFwWprEnd");
_Static_assert(offsetof(NovaGspFwWprMeta, fb_size) == 0xb0, "fbSize");


/* --- submission: channels, engines, GR context, RC (r535.113.01 unless noted) --- */

/* NV2080_CTRL_FIFO_DEVICE_ENTRY: one engine of FIFO_GET_DEVICE_INFO_TABLE */
#define NOVA_DEVINFO_DATA_TYPES     16      /* ENGINE_INFO_TYPE_* indices */
#define NOVA_DEVINFO_MAX_PBDMA      2
#define NOVA_DEVINFO_MAX_ENTRIES    32
typedef struct NOVA_PACKED NovaRmDeviceInfoEntry {
    uint32_t engine_data[NOVA_DEVINFO_DATA_TYPES];
    uint32_t pbdma_ids[NOVA_DEVINFO_MAX_PBDMA];
    uint32_t pbdma_fault_ids[NOVA_DEVINFO_MAX_PBDMA];
    uint32_t num_pbdmas;
    char engine_name[16];
} NovaRmDeviceInfoEntry;

/* NV2080_CTRL_FIFO_GET_DEVICE_INFO_TABLE_PARAMS */
typedef struct NOVA_PACKED NovaRmDeviceInfoParams {
    uint32_t base_index;
    uint32_t num_entries;
    uint8_t more;               /* NvBool bMore */
    uint8_t pad[3];
    NovaRmDeviceInfoEntry entries[NOVA_DEVINFO_MAX_ENTRIES];
} NovaRmDeviceInfoParams;

/* ENGINE_INFO_TYPE_*: the engineData[] indices (OpenRM's enum order) */
enum {
    ENGINE_INFO_TYPE_ENG_DESC = 0,
    ENGINE_INFO_TYPE_FIFO_TAG,
    ENGINE_INFO_TYPE_RM_ENGINE_TYPE,
    ENGINE_INFO_TYPE_RUNLIST,
    ENGINE_INFO_TYPE_MMU_FAULT_ID,
    ENGINE_INFO_TYPE_RC_MASK,
    ENGINE_INFO_TYPE_RESET,
    ENGINE_INFO_TYPE_INTR,
    ENGINE_INFO_TYPE_MC,
    ENGINE_INFO_TYPE_DEV_TYPE_ENUM,
    ENGINE_INFO_TYPE_INSTANCE_ID,
    ENGINE_INFO_TYPE_RUNLIST_PRI_BASE,
    ENGINE_INFO_TYPE_IS_HOST_DRIVEN_ENGINE,
    ENGINE_INFO_TYPE_RUNLIST_ENGINE_ID,
    ENGINE_INFO_TYPE_CHRAM_PRI_BASE,
};

/* NV2080_CTRL_INTERNAL_INTR_GET_KERNEL_TABLE_PARAMS: tableLen, 128 entries, subtree map */
#define NOVA_INTR_TABLE_MAX         128
typedef struct NOVA_PACKED NovaRmIntrEntry {
    uint16_t engine_idx;        /* MC_ENGINE_IDX_* */
    uint16_t pad;
    uint32_t pmc_intr_mask;
    uint32_t vector_stall;
    uint32_t vector_nonstall;
} NovaRmIntrEntry;

typedef struct NOVA_PACKED NovaRmIntrTable {
    uint32_t table_len;
    NovaRmIntrEntry table[NOVA_INTR_TABLE_MAX];
    uint8_t subtree_map[7][2];  /* per NV2080_INTR_CATEGORY: start, end */
    uint8_t pad[2];
} NovaRmIntrTable;

/* NV_MEMORY_DESC_PARAMS: memory the driver hands RM with a channel */
typedef struct NOVA_PACKED NovaRmMemDesc {
    uint64_t base;
    uint64_t size;
    uint32_t address_space;     /* 1: system memory, 2: FB (VRAM) */
    uint32_t cache_attrib;
} NovaRmMemDesc;

#define NOVA_ADDR_SYSMEM            1
#define NOVA_ADDR_FBMEM             2

/*
 * NV_CHANNEL_ALLOC_PARAMS (NV_CHANNELGPFIFO_ALLOCATION_PARAMETERS): 0x168
 * bytes in r535; r570 appends tpcConfigID (0x170 with padding), so the
 * fields read here sit at the same offsets in both.
 */
typedef struct NOVA_PACKED NovaRmChannelAlloc {
    uint32_t h_object_error;
    uint32_t h_object_buffer;
    uint64_t gp_fifo_offset;
    uint32_t gp_fifo_entries;
    uint32_t flags;             /* NVOS04_FLAGS_* */
    uint32_t h_context_share;
    uint32_t h_va_space;
    uint32_t h_userd_memory[8];
    uint64_t userd_offset[8];
    uint32_t engine_type;
    uint32_t cid;
    uint32_t sub_device_id;
    uint32_t h_object_ecc_error;
    NovaRmMemDesc instance_mem;
    NovaRmMemDesc userd_mem;
    NovaRmMemDesc ramfc_mem;
    NovaRmMemDesc mthdbuf_mem;
    uint32_t h_phys_channel_group;
    uint32_t internal_flags;    /* NV_KERNELCHANNEL_ALLOC_INTERNALFLAGS_* */
    NovaRmMemDesc error_notifier_mem;
    NovaRmMemDesc ecc_error_notifier_mem;
    uint32_t process_id;
    uint32_t sub_process_id;
    uint32_t encrypt_iv[3];
    uint32_t decrypt_iv[3];
    uint32_t hmac_nonce[8];
} NovaRmChannelAlloc;

/* NVOS04_FLAGS_*: the fields the model reads */
#define NVOS04_FLAGS_PRIVILEGED_CHANNEL         (1u << 5)
#define NVOS04_FLAGS_USERD_INDEX_SHIFT          8       /* 10:8 */
#define NVOS04_FLAGS_USERD_INDEX_MASK           0x7u
#define NVOS04_FLAGS_USERD_INDEX_FIXED          (1u << 11)
#define NVOS04_FLAGS_USERD_PAGE_SHIFT           12      /* 20:12 */
#define NVOS04_FLAGS_USERD_PAGE_MASK            0x1ffu
#define NVOS04_FLAGS_USERD_PAGE_FIXED           (1u << 21)
#define NOVA_CHID_PER_USERD_PAGE                8       /* 4 KiB / 512 B */
/* NV_KERNELCHANNEL_ALLOC_INTERNALFLAGS_ERROR_NOTIFIER_TYPE (3:2) */
#define NOVA_CHAN_ERROR_NOTIFIER_TYPE(f)        (((f) >> 2) & 3)
#define NOVA_ERROR_NOTIFIER_TYPE_MEMORY         3

/* NVA06F_CTRL_BIND_PARAMS, NVA06F_CTRL_GPFIFO_SCHEDULE_PARAMS, NVC36F work-submit token */
typedef struct NOVA_PACKED NovaRmChannelBind {
    uint32_t engine_type;
} NovaRmChannelBind;

typedef struct NOVA_PACKED NovaRmChannelSchedule {
    uint8_t enable;
    uint8_t skip_submit;
} NovaRmChannelSchedule;

typedef struct NOVA_PACKED NovaRmWorkSubmitToken {
    uint32_t token;
} NovaRmWorkSubmitToken;

/* NVC0B5_ALLOCATION_PARAMETERS: a copy class object on a channel */
typedef struct NOVA_PACKED NovaRmCopyAlloc {
    uint32_t version;
    uint32_t engine_type;
} NovaRmCopyAlloc;

/*
 * NV2080_CTRL_INTERNAL_STATIC_GR_GET_CONTEXT_BUFFERS_INFO_PARAMS: 8 GR
 * engines of 25 buffers (r535). r570 adds GRAPHICS_SETUP (0x19) to each
 * engine's list, so its engines are 26 entries apart; the indices below it
 * are the same, and the model fills GR0 (engine 0) only.
 */
#define NOVA_KGR_CTX_BUFFERS        0x19    /* NV0080_CTRL_FIFO_GET_ENGINE_CONTEXT_PROPERTIES_ENGINE_ID_COUNT */
#define NOVA_KGR_CTX_BUFFERS_R570   0x1a
#define NOVA_KGR_CTX_BUFFERS_INFO_R570 (NOVA_KGR_MAX_ENGINES * NOVA_KGR_CTX_BUFFERS_R570 * 8)
#define NOVA_KGR_MAX_ENGINES        8
typedef struct NOVA_PACKED NovaRmCtxBufferInfo {
    uint32_t size;
    uint32_t alignment;
} NovaRmCtxBufferInfo;

typedef struct NOVA_PACKED NovaRmKgrCtxBuffersInfo {
    NovaRmCtxBufferInfo engine[NOVA_KGR_MAX_ENGINES][NOVA_KGR_CTX_BUFFERS];
} NovaRmKgrCtxBuffersInfo;

/* NV2080_CTRL_GPU_PROMOTE_CTX_PARAMS */
#define NOVA_PROMOTE_MAX_ENTRIES    16
typedef struct NOVA_PACKED NovaRmPromoteEntry {
    uint64_t gpu_phys_addr;
    uint64_t gpu_virt_addr;
    uint64_t size;
    uint32_t phys_attr;
    uint16_t buffer_id;         /* NV2080_CTRL_GPU_PROMOTE_CTX_BUFFER_ID_* */
    uint8_t initialize;
    uint8_t nonmapped;
} NovaRmPromoteEntry;

typedef struct NOVA_PACKED NovaRmPromoteCtx {
    uint32_t engine_type;
    uint32_t h_client;
    uint32_t chid;
    uint32_t h_chan_client;
    uint32_t h_object;
    uint32_t h_virt_memory;
    uint64_t virt_address;
    uint64_t size;
    uint32_t entry_count;
    uint32_t pad;
    NovaRmPromoteEntry entries[NOVA_PROMOTE_MAX_ENTRIES];
} NovaRmPromoteCtx;

/* NV0080_CTRL_DMA_SET_PAGE_DIRECTORY_PARAMS (both ABIs) */
typedef struct NOVA_PACKED NovaRmSetPageDirectory {
    uint64_t phys_address;
    uint32_t num_entries;
    uint32_t flags;             /* APERTURE 1:0, PRESERVE_PDES 2, ALL_CHANNELS 3, ... */
    uint32_t h_va_space;
    uint32_t ch_id;
    uint32_t sub_device_id;
    uint32_t pasid;
} NovaRmSetPageDirectory;
#define NOVA_SET_PAGE_DIRECTORY_APERTURE_MASK   0x3u    /* VIDMEM 0, SYSMEM_COH 1, NONCOH 2 */

/* NV0080_CTRL_DMA_UNSET_PAGE_DIRECTORY_PARAMS */
typedef struct NOVA_PACKED NovaRmUnsetPageDirectory {
    uint32_t h_va_space;
    uint32_t sub_device_id;
} NovaRmUnsetPageDirectory;

/* rpc_alloc_memory_v13_01: a memory list, then pteDesc's pageCount PTEs */
typedef struct NOVA_PACKED NovaRmAllocMemory {
    uint32_t h_client;
    uint32_t h_device;
    uint32_t h_memory;
    uint32_t h_class;           /* NV01_MEMORY_LIST_SYSTEM or _FBMEM */
    uint32_t flags;             /* NVOS02_FLAGS_* */
    uint32_t pte_adjust;
    uint32_t format;
    uint32_t pad;
    uint64_t length;
    uint32_t page_count;
    uint32_t pad2;              /* struct pte_desc is 8-aligned (its PTE array) */
    uint32_t pte_desc;          /* idr 1:0, length 31:16 */
    uint32_t pad3;
    /* uint64_t pte[page_count]: page frame numbers */
} NovaRmAllocMemory;

/* NV2080_CTRL_INTERNAL_FBSR_INIT_PARAMS as r570 has it (r535's is another) */
typedef struct NOVA_PACKED NovaRmFbsrInitR570 {
    uint32_t h_client;
    uint32_t h_sys_mem;
    uint8_t entering_gcoff;
    uint8_t pad[7];
    uint64_t sysmem_addr_of_sr_data;
} NovaRmFbsrInitR570;

/* NV2080_CTRL_GPU_GET_FERMI_GPC_INFO_PARAMS */
typedef struct NOVA_PACKED NovaRmGpcInfo {
    uint32_t gpc_mask;
} NovaRmGpcInfo;

/* NV2080_CTRL_GPU_GET_FERMI_TPC_INFO_PARAMS: the driver names the GPC */
typedef struct NOVA_PACKED NovaRmTpcInfo {
    uint32_t gpc_id;
    uint32_t tpc_mask;
} NovaRmTpcInfo;

/* NV2080_CTRL_GR_GET_ZCULL_INFO_PARAMS */
typedef struct NOVA_PACKED NovaRmZcullInfo {
    uint32_t width_align_pixels;
    uint32_t height_align_pixels;
    uint32_t pixel_squares_by_aliquots;
    uint32_t aliquot_total;
    uint32_t zcull_region_byte_multiplier;
    uint32_t zcull_region_header_size;
    uint32_t zcull_subregion_header_size;
    uint32_t subregion_count;
    uint32_t subregion_width_align_pixels;
    uint32_t subregion_height_align_pixels;
} NovaRmZcullInfo;

/* NV2080_CTRL_GPU_GET_CONSTRUCTED_FALCON_INFO_PARAMS (the INTERNAL_ form's count comes first too) */
#define NOVA_RM_MAX_CONSTRUCTED_FALCONS 0x40
typedef struct NOVA_PACKED NovaRmConstructedFalcon {
    uint32_t eng_desc;
    uint32_t ctx_attr;
    uint32_t ctx_buffer_size;
    uint32_t addr_space_list;
    uint32_t register_base;
} NovaRmConstructedFalcon;

typedef struct NOVA_PACKED NovaRmConstructedFalconInfo {
    uint32_t num_constructed_falcons;
    NovaRmConstructedFalcon table[NOVA_RM_MAX_CONSTRUCTED_FALCONS];
} NovaRmConstructedFalconInfo;

/* rpc_rc_triggered_v17_02 as r535 has it */
typedef struct NOVA_PACKED NovaRmRcTriggeredR535 {
    uint32_t nv2080_engine_type;
    uint32_t chid;
    uint32_t except_type;
    uint32_t scope;
    uint16_t partition_attribution_id;
    uint16_t pad;
} NovaRmRcTriggeredR535;

/* rpc_rc_triggered_v17_02 as r570 has it (same name, more fields) */
typedef struct NOVA_PACKED NovaRmRcTriggeredR570 {
    uint32_t nv2080_engine_type;
    uint32_t chid;
    uint32_t gfid;
    uint32_t except_level;
    uint32_t except_type;
    uint32_t scope;
    uint16_t partition_attribution_id;
    uint16_t pad;
    uint32_t mmu_fault_addr_lo;
    uint32_t mmu_fault_addr_hi;
    uint32_t mmu_fault_type;
    uint8_t callback_needed;
    uint8_t pad2[3];
    uint32_t rc_journal_buffer_size;
} NovaRmRcTriggeredR570;

/* NvNotification: what RM writes to a channel's error notifier */
typedef struct NOVA_PACKED NovaNvNotification {
    uint32_t time_hi;           /* timeStamp.nanoseconds[0]: RM puts the high word here */
    uint32_t time_lo;           /* timeStamp.nanoseconds[1] */
    uint32_t info32;            /* the exception (ROBUST_CHANNEL_*) */
    uint16_t info16;            /* the NV2080 engine type */
    uint16_t status;            /* 0xffff: an error */
} NovaNvNotification;

_Static_assert(sizeof(NovaRmDeviceInfoEntry) == 100, "NV2080_CTRL_FIFO_DEVICE_ENTRY");
_Static_assert(sizeof(NovaRmDeviceInfoParams) == 0xc8c, "GET_DEVICE_INFO_TABLE params");
_Static_assert(offsetof(NovaRmDeviceInfoParams, entries) == 0xc, "device info entries");
_Static_assert(sizeof(NovaRmIntrTable) == 0x814, "INTR_GET_KERNEL_TABLE params");
_Static_assert(sizeof(NovaRmMemDesc) == 24, "NV_MEMORY_DESC_PARAMS");
_Static_assert(offsetof(NovaRmChannelAlloc, h_va_space) == 0x1c, "hVASpace");
_Static_assert(offsetof(NovaRmChannelAlloc, engine_type) == 0x80, "engineType");
_Static_assert(offsetof(NovaRmChannelAlloc, instance_mem) == 0x90, "instanceMem");
_Static_assert(offsetof(NovaRmChannelAlloc, mthdbuf_mem) == 0xd8, "mthdbufMem");
_Static_assert(offsetof(NovaRmChannelAlloc, internal_flags) == 0xf4, "internalFlags");
_Static_assert(offsetof(NovaRmChannelAlloc, error_notifier_mem) == 0xf8, "errorNotifierMem");
_Static_assert(sizeof(NovaRmChannelAlloc) == 0x168, "NV_CHANNEL_ALLOC_PARAMS (r535)");
_Static_assert(sizeof(NovaRmCopyAlloc) == 8, "NVC0B5_ALLOCATION_PARAMETERS");
_Static_assert(sizeof(NovaRmKgrCtxBuffersInfo) == 0x640, "KGR_GET_CONTEXT_BUFFERS_INFO params");
_Static_assert(NOVA_KGR_CTX_BUFFERS_INFO_R570 == 0x680, "KGR_GET_CONTEXT_BUFFERS_INFO params (r570)");
_Static_assert(sizeof(NovaRmSetPageDirectory) == 0x20, "DMA_SET_PAGE_DIRECTORY params");
_Static_assert(sizeof(NovaRmUnsetPageDirectory) == 8, "DMA_UNSET_PAGE_DIRECTORY params");
_Static_assert(offsetof(NovaRmAllocMemory, pte_desc) == 0x30, "rpc_alloc_memory_v13_01 pteDesc");
_Static_assert(sizeof(NovaRmAllocMemory) == 0x38, "rpc_alloc_memory_v13_01 before its PTEs");
_Static_assert(sizeof(NovaRmFbsrInitR570) == 0x18, "INTERNAL_FBSR_INIT params (r570)");
_Static_assert(sizeof(NovaRmGpcInfo) == 4, "GET_FERMI_GPC_INFO params");
_Static_assert(sizeof(NovaRmTpcInfo) == 8, "GET_FERMI_TPC_INFO params");
_Static_assert(sizeof(NovaRmZcullInfo) == 0x28, "GR_GET_ZCULL_INFO params");
_Static_assert(sizeof(NovaRmConstructedFalconInfo) == 0x504, "GET_CONSTRUCTED_FALCON_INFO params");
_Static_assert(sizeof(NovaRmPromoteEntry) == 32, "PROMOTE_CTX_BUFFER_ENTRY");
_Static_assert(offsetof(NovaRmPromoteCtx, entry_count) == 0x28, "entryCount");
_Static_assert(offsetof(NovaRmPromoteCtx, entries) == 0x30, "promoteEntry");
_Static_assert(sizeof(NovaRmPromoteCtx) == 0x230, "PROMOTE_CTX params");
_Static_assert(sizeof(NovaRmRcTriggeredR535) == 0x14, "rpc_rc_triggered_v17_02 (r535)");
_Static_assert(sizeof(NovaRmRcTriggeredR570) == 0x30, "rpc_rc_triggered_v17_02 (r570)");
_Static_assert(sizeof(NovaNvNotification) == 16, "NvNotification");

/* shorthand: the offset of a field of the element + RPC header pair */
#define NOVA_GSP_RPC_OFF(field) \
    (sizeof(NovaGspMsgElement) + offsetof(NovaGspRpcHeader, field))

#endif
