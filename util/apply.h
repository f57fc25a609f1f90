/* SPDX-License-Identifier: GPL-2.0 */
/* stub: to be written */
#ifndef UTIL_APPLY_H
#define UTIL_APPLY_H
#endif
