/* SPDX-License-Identifier: GPL-2.0 */
/* stub: to be written */
#ifndef UTIL_GEOMETRY_H
#define UTIL_GEOMETRY_H
#endif
