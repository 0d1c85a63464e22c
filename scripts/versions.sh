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

# --- nova-core guest (tests/guest/build-kernel.sh) -----------------------------
# Linux source: Debian's upstream tarball of linux 7.2.8-1 (sid), the newest
# 7.x the pool serves (`apt-get source --print-uris linux=7.2.8-1`).
NOVA_KERNEL_VERSION=7.2.8
NOVA_KERNEL_POOL=pool/main/l/linux/linux_7.2.8.orig.tar.xz
NOVA_KERNEL_SHA256=08f058f9de8d487e32a5c9e2855ee7e35bee1a047e77d37ba797d734c0cc07b3

# Rust for the kernel (7.2 needs rustc >= 1.85, bindgen >= 0.71.1,
# libclang >= 17). rustc and libclang are bookworm packages installed by
# setup-apt.sh (rustc-web: 1.85 in bookworm, 1.96 in bookworm-security;
# libclang1-19). bookworm's bindgen is 0.60, so bindgen is trixie's binary
# package, unpacked (never installed) under $NOVA_CACHE and run through
# trixie's own dynamic loader and libc, which it needs (glibc >= 2.39).
NOVA_BINDGEN_VERSION=0.71.1-6
NOVA_BINDGEN_POOL=pool/main/r/rust-bindgen-cli/bindgen_0.71.1-6_amd64.deb
NOVA_BINDGEN_SHA256=c06f6bc10891c310b718bb949aa84bb541dc5376b20ce8416417e81eedeb9281
NOVA_BINDGEN_LIBC_VERSION=2.41-12+deb13u5
NOVA_BINDGEN_LIBC_POOL=pool/main/g/glibc/libc6_2.41-12+deb13u5_amd64.deb
NOVA_BINDGEN_LIBC_SHA256=b59b0625cd1a791375d40dab23a4d5d3d0641e3d0a773501becdc3725b7f99cf
# bindgen < 0.72.1 with libclang 22 makes the kernel warn; use 19.
NOVA_LIBCLANG_DIR=/usr/lib/llvm-19/lib

# NVIDIA firmware for nova-core (sid non-free-firmware): has the 570.144
# GSP-RM files nova-core requests, including tu102's gen_bootloader.
NOVA_FIRMWARE_VERSION=20260916-1
NOVA_FIRMWARE_POOL=pool/non-free-firmware/f/firmware-nonfree/firmware-nvidia-graphics_20260916-1_all.deb
NOVA_FIRMWARE_SHA256=438dea065c930a4626c9cb711635149507471307f9d7ede9b981c61f963e0d68
