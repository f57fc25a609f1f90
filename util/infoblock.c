// SPDX-License-Identifier: GPL-2.0
/* stub: to be written */
#include "infoblock.h"
