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

/* shorthand: the offset of a field of the element + RPC header pair */
#define NOVA_GSP_RPC_OFF(field) \
    (sizeof(NovaGspMsgElement) + offsetof(NovaGspRpcHeader, field))

#endif
