/* SPDX-License-Identifier: GPL-2.0 */
/* stub: to be written */
#ifndef UTIL_PLANNER_H
#define UTIL_PLANNER_H
#endif
