/* SPDX-License-Identifier: GPL-2.0 */
/* stub: to be written */
#ifndef UTIL_INFOBLOCK_H
#define UTIL_INFOBLOCK_H
#endif
