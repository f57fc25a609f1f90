/* SPDX-License-Identifier: GPL-2.0 */
/* stub: to be written */
#ifndef UTIL_TOPOLOGY_H
#define UTIL_TOPOLOGY_H
#endif
