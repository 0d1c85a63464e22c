#include "trace/trace-hw_nova_gpu.h"
