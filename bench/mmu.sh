#!/usr/bin/env bash
# Build the engine libraries (scripts/build-tools.sh) and run the GMMU
# benchmark: plain reads vs translate+read with a warm TLB and with a walk
# per access. Arguments go to mmu-bench: [4k|64k] [N].
set -euo pipefail
b=$(bash "$(dirname "$0")/../scripts/build-tools.sh")
exec "$b/bench/mmu-bench" "$@"
