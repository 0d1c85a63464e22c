/*
 * nova-gpu: what the files of gsp-model/ share and nobody else needs: the
 * calls between the queue transport, the RPC handlers and the object
 * database (and nova/le.h for the guest's little-endian bytes).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef NOVA_GSP_RPC_UTIL_H
#define NOVA_GSP_RPC_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nova/gsp-rm.h"
#include "nova/le.h"

/* queue.c: shared-memory access through the driver's page list */
int nova_gsp_shm_access(NovaGspRm *rm, uint64_t off, void *buf, size_t len,
                        bool write);
/* queue.c: check the command queue header, write the status queue's */
int nova_gsp_queue_setup(NovaGspRm *rm);
/* queue.c: forget a half-received split RPC */
void nova_gsp_queue_reset(NovaGspRm *rm);
/* queue.c: post one message (split into continuation records if large) */
void nova_gsp_post(NovaGspRm *rm, uint32_t function, uint32_t result,
                   const void *payload, uint32_t plen);
/*
 * gsp-rm.c: if the RPC's @plen bytes are fewer than the @need its structure
 * takes, report the guest error @what, answer NV_ERR_INVALID_PARAM_STRUCT
 * and return true.
 */
bool nova_gsp_rpc_short(NovaGspRm *rm, uint32_t function, uint32_t plen,
                        uint32_t need, const char *what);
/* gsp-rm.c: one complete RPC from the driver, in the model's own copy (a handler may change it) */
void nova_gsp_dispatch(NovaGspRm *rm, uint32_t function, uint8_t *p,
                       uint32_t plen);
/* static-info.c: GET_GSP_STATIC_INFO */
void nova_gsp_static_info(NovaGspRm *rm);
/* rm-rpc.c: GSP_RM_ALLOC, FREE, GSP_RM_CONTROL */
void nova_gsp_rpc_alloc(NovaGspRm *rm, const uint8_t *p, uint32_t plen);
void nova_gsp_rpc_free(NovaGspRm *rm, const uint8_t *p, uint32_t plen);
/* (GSP_RM_CONTROL answers in place: its reply is the request's bytes, updated) */
void nova_gsp_rpc_control(NovaGspRm *rm, uint8_t *p, uint32_t plen);

/* rm-fifo.c: the host's side of channel @o; NV_OK without a host (cfg.fifo NULL) */
uint32_t nova_gsp_fifo_channel_alloc(NovaGspRm *rm, const NovaRmObject *o);
uint32_t nova_gsp_fifo_channel_bind(NovaGspRm *rm, const NovaRmObject *o,
                                    uint32_t engine_type);
uint32_t nova_gsp_fifo_channel_schedule(NovaGspRm *rm, const NovaRmObject *o, bool enable);
void nova_gsp_fifo_channel_free(NovaGspRm *rm, const NovaRmObject *o);

/* rm-submit.c: the controls of submission (rm-rpc.c's control table serves them) */
uint32_t nova_gsp_ctrl_device_info(NovaGspRm *rm, NovaRmObject *o, uint8_t *p);
uint32_t nova_gsp_ctrl_intr_table(NovaGspRm *rm, NovaRmObject *o, uint8_t *p);
uint32_t nova_gsp_ctrl_kgr_ctx_buffers(NovaGspRm *rm, NovaRmObject *o, uint8_t *p);
uint32_t nova_gsp_ctrl_promote_ctx(NovaGspRm *rm, NovaRmObject *o, uint8_t *p);
uint32_t nova_gsp_ctrl_kgr_bug4208224_war(NovaGspRm *rm, NovaRmObject *o, uint8_t *p);
uint32_t nova_gsp_ctrl_channel_bind(NovaGspRm *rm, NovaRmObject *o, uint8_t *p);
uint32_t nova_gsp_ctrl_channel_schedule(NovaGspRm *rm, NovaRmObject *o, uint8_t *p);
uint32_t nova_gsp_ctrl_work_submit_token(NovaGspRm *rm, NovaRmObject *o, uint8_t *p);
/* rm-suspend.c: what suspend asks of GSP-RM */
void nova_gsp_rpc_alloc_memory(NovaGspRm *rm, const uint8_t *p, uint32_t plen);
uint32_t nova_gsp_ctrl_fbsr_init(NovaGspRm *rm, NovaRmObject *o, uint8_t *p);
uint32_t nova_gsp_ctrl_toggle_channel_scheduling(NovaGspRm *rm, NovaRmObject *o, uint8_t *p);

/* rm-gpu-info.c: the GPU's make-up; one GR topology for every chip */
#define NOVA_GR_GPCS            6
#define NOVA_GR_GPC_MASK        ((1u << NOVA_GR_GPCS) - 1)
#define NOVA_GR_TPC_MASK        0xfu    /* four TPCs in each GPC */
uint32_t nova_gsp_ctrl_gpc_info(NovaGspRm *rm, NovaRmObject *o, uint8_t *p);
uint32_t nova_gsp_ctrl_tpc_info(NovaGspRm *rm, NovaRmObject *o, uint8_t *p);
uint32_t nova_gsp_ctrl_zcull_info(NovaGspRm *rm, NovaRmObject *o, uint8_t *p);
uint32_t nova_gsp_ctrl_falcon_info(NovaGspRm *rm, NovaRmObject *o, uint8_t *p);
/* rm-submit.c: after the database took a channel, tell the host; undo if it refuses */
uint32_t nova_gsp_channel_alloced(NovaGspRm *rm, NovaRmObject *o);
/* rm-submit.c: FREE's visitor: a channel going away leaves the host */
void nova_gsp_object_gone(void *opaque, const NovaRmObject *o);

void nova_gsp_guest_error(NovaGspRm *rm, const char *what, uint64_t v);
/* a GSP-RM fault fired (@what: its name in docs/faults.md) at @function */
void nova_gsp_injected(NovaGspRm *rm, const char *what, uint32_t function,
                       uint64_t value);
/* nova_gsp_function_name(), "?" for a function the model does not name */
const char *nova_gsp_fn_name(uint32_t function);

/* rm-disp.c: the display's controls (the display on) and channels */
uint32_t nova_gsp_disp_write_inst_mem(NovaGspRm *rm, NovaRmObject *o, uint8_t *p);
uint32_t nova_gsp_disp_static_info(NovaGspRm *rm, NovaRmObject *o, uint8_t *p);
uint32_t nova_gsp_disp_ack(NovaGspRm *rm, NovaRmObject *o, uint8_t *p);
uint32_t nova_gsp_disp_channel_pushbuffer(NovaGspRm *rm, NovaRmObject *o, uint8_t *p);
uint32_t nova_gsp_disp_num_heads(NovaGspRm *rm, NovaRmObject *o, uint8_t *p);
uint32_t nova_gsp_disp_head_mask(NovaGspRm *rm, NovaRmObject *o, uint8_t *p);
uint32_t nova_gsp_disp_supported(NovaGspRm *rm, NovaRmObject *o, uint8_t *p);
uint32_t nova_gsp_disp_or_info(NovaGspRm *rm, NovaRmObject *o, uint8_t *p);
uint32_t nova_gsp_disp_connector_data(NovaGspRm *rm, NovaRmObject *o, uint8_t *p);
uint32_t nova_gsp_disp_connect_state(NovaGspRm *rm, NovaRmObject *o, uint8_t *p);
uint32_t nova_gsp_disp_dfp_info(NovaGspRm *rm, NovaRmObject *o, uint8_t *p);
uint32_t nova_gsp_disp_edid(NovaGspRm *rm, NovaRmObject *o, uint8_t *p);
uint32_t nova_gsp_disp_active(NovaGspRm *rm, NovaRmObject *o, uint8_t *p);
uint32_t nova_gsp_disp_assign_sor(NovaGspRm *rm, NovaRmObject *o, uint8_t *p);
uint32_t nova_gsp_disp_channel_alloced(NovaGspRm *rm, const NovaRmObject *o);
void nova_gsp_disp_channel_free(NovaGspRm *rm, const NovaRmObject *o);

#endif
