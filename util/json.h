/* SPDX-License-Identifier: GPL-2.0 */
/* stub: to be written */
#ifndef UTIL_JSON_H
#define UTIL_JSON_H
#endif
