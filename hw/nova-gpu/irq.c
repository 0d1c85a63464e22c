/*
 * nova-gpu: interrupt delivery.
 *
 * The interrupt tree has one output level. With MSI enabled, a rising edge
 * sends one message; the driver acknowledges by writing NV_XVE_MSI_EOI, and
 * if the tree is still asserted then, another message goes out (so nothing
 * is lost between the driver's read of the leaves and its rearm). Without
 * MSI the level drives INTx directly.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "hw/pci/msi.h"
#include "nova-gpu.h"
#include "trace.h"

/*
 * An MSI is a DMA write to wherever the guest pointed it, the device's own
 * config space included: it goes out under the re-entrancy rule
 * (nova_io_begin in nova-gpu.h), never from an unplugged device.
 */
static void irq_msi_send(NovaGpuState *s)
{
    bool was = nova_io_begin(s);

    trace_nova_gpu_irq("msi", 1);
    msi_notify(PCI_DEVICE(s), 0);
    nova_io_end(s, was);
}

void nova_irq_update(NovaGpuState *s)
{
    PCIDevice *pdev = PCI_DEVICE(s);
    bool level = nova_intr_asserted(&s->intr);

    if (s->gone) {
        return;
    }
    if (msi_enabled(pdev)) {
        if (level && !s->irq_level) {
            s->irq_level = level;
            irq_msi_send(s);
            return;
        }
    } else if (level != s->irq_level) {
        trace_nova_gpu_irq("intx", level);
        pci_set_irq(pdev, level);
    }
    s->irq_level = level;
}

void nova_irq_msi_rearm(NovaGpuState *s)
{
    PCIDevice *pdev = PCI_DEVICE(s);

    trace_nova_gpu_msi_rearm(s->irq_level);
    /* unplugged: msi_uninit() removed MSI, so msi_enabled() is false */
    if (msi_enabled(pdev) && nova_intr_asserted(&s->intr)) {
        irq_msi_send(s);
    }
}
