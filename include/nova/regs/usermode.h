/*
 * nova-gpu: the usermode region (NV_USERMODE, BAR0 0xbb0000 on Turing to
 * Ada: the virtual-function space + 0x30000), which the usermode class
 * (TURING_USERMODE_A / AMPERE_USERMODE_A) maps for user space: the work
 * submission doorbell and a copy of the GPU's time. dev_usermode.h.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef NOVA_REGS_USERMODE_H
#define NOVA_REGS_USERMODE_H

#include "units.h"

NV_REG32(NV_USERMODE_CFG0, 0xbb0000)
    NV_FIELD(NV_USERMODE_CFG0, USERMODE_CLASS_ID, 0, 16)
/* PTIMER's time: TIME_0 holds bits 31:5 of the nanoseconds, TIME_1 bits 60:32 */
NV_REG32(NV_USERMODE_TIME_0, 0xbb0080)
    NV_FIELD(NV_USERMODE_TIME_0, NSEC, 5, 27)
NV_REG32(NV_USERMODE_TIME_1, 0xbb0084)
    NV_FIELD(NV_USERMODE_TIME_1, NSEC, 0, 29)
/* a write of a work-submit token ((runlist << 16) | chid) schedules the channel */
NV_REG32(NV_USERMODE_NOTIFY_CHANNEL_PENDING, 0xbb0090)
    NV_FIELD(NV_USERMODE_NOTIFY_CHANNEL_PENDING, CHID, 0, 12)
    NV_FIELD(NV_USERMODE_NOTIFY_CHANNEL_PENDING, RUNLIST, 16, 16)

#endif
