# Pinned inputs. Every download is verified against these sums.

# QEMU source (Debian "+ds" upstream tarball; sid)
QEMU_VERSION=10.2.2
QEMU_POOL=pool/main/q/qemu/qemu_10.2.2+ds.orig.tar.xz
QEMU_SHA256=be05230fe47a6937cd29f28f562932c8125f9c93c2a82c625198f7a4aa601dfb

# Guest kernel for tests/guest/: Debian's generic amd64 flavour (has nouveau;
# the cloud flavour does not). bookworm-backports, so it comes from the same
# archive root as everything else (nova_mirror). GUEST_KREL is its `uname -r`.
GUEST_KERNEL_VERSION=6.12.95-1~bpo12+1
GUEST_KREL=6.12.95+deb12-amd64
GUEST_KERNEL_POOL=pool/main/l/linux/linux-image-6.12.95+deb12-amd64-unsigned_6.12.95-1~bpo12+1_amd64.deb
GUEST_KERNEL_SHA256=d1bfac79e7318f67e4b2dc13698090d822af87d9e2db79b18db53c36b7e8eddd

# NVIDIA firmware for the guest (bookworm-backports non-free-firmware): has the
# 535.113.01 GSP-RM files nouveau asks for on tu102/ga102/ad102.
GUEST_FIRMWARE_VERSION=20250410-2~bpo12+1
GUEST_FIRMWARE_POOL=pool/non-free-firmware/f/firmware-nonfree/firmware-nvidia-graphics_20250410-2~bpo12+1_all.deb
GUEST_FIRMWARE_SHA256=b0a9c7b89668095b0c44d197ac7a0cce280c1aca1b41bf4469a474282e37dfb0
