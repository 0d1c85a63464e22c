# The devices of nova-gpu's sanitizer build of QEMU (NOVA_VARIANT=asan,
# configured --without-default-devices): what the qtests, the guest tests and
# generic-fuzz use, and nothing else, since every device QEMU compiles costs
# twice the time under clang's sanitizers. scripts/overlay-qemu.sh links this
# file into QEMU's configs/devices/x86_64-softmmu/ as nova-gpu-tests.mak.
CONFIG_I440FX=y
CONFIG_Q35=y
CONFIG_PCIE_PORT=y
CONFIG_NOVA_GPU=y
# QEMU 10.2's x86 ACPI selects ACPI_CXL, whose tables call into hw/cxl, which
# calls the CXL type 3 device: without these three the link fails.
CONFIG_PXB=y
CONFIG_CXL=y
CONFIG_CXL_MEM_DEVICE=y
