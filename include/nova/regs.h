/*
 * nova-gpu: the register layer, every unit. Each register and field is
 * declared once, in its unit's header under include/nova/regs/, with
 * NVIDIA's names; everything else (the device, the engines, the tests)
 * refers to those declarations.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef NOVA_REGS_H
#define NOVA_REGS_H

#include "regs/field.h"
#include "regs/table.h"
#include "regs/units.h"
#include "regs/pmc.h"
#include "regs/pbus.h"
#include "regs/ptimer.h"
#include "regs/fuse.h"
#include "regs/xve.h"
#include "regs/pfb.h"
#include "regs/pgc6.h"
#include "regs/uflush.h"
#include "regs/display.h"
#include "regs/falcon.h"
#include "regs/psec.h"
#include "regs/vfn.h"
#include "regs/usermode.h"

#endif
