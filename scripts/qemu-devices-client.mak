# The devices of the stock QEMU that the tests and the bench plug the
# out-of-process GPU into (NOVA_VARIANT=client of scripts/build-qemu.sh: the
# pinned source without nova-gpu, configured --without-default-devices):
# the two machines the guests boot, the PCIe root port, the vfio-user client
# and pci-testdev (bench/mmio.sh's baseline), and nothing else, so that this
# second QEMU costs a fresh machine half a cold build, not a whole one.
# build-qemu.sh copies it into that tree's configs/devices/x86_64-softmmu/ as
# nova-vfu-client.mak.
CONFIG_I440FX=y
CONFIG_Q35=y
CONFIG_PCIE_PORT=y
CONFIG_VFIO_PCI=y
CONFIG_VFIO_USER=y
CONFIG_PCI_TESTDEV=y
# QEMU 10.2's x86 ACPI selects ACPI_CXL, whose tables call into hw/cxl, which
# calls the CXL type 3 device: without these three the link fails.
CONFIG_PXB=y
CONFIG_CXL=y
CONFIG_CXL_MEM_DEVICE=y
