/* SPDX-License-Identifier: MIT */
/*
 * CAMEO's quad classes, which follow from an event type's root code:
 * 1 verbal cooperation (roots 01-05), 2 material cooperation (06-09),
 * 3 verbal conflict (10-14), 4 material conflict (15-20). The seed gives
 * each event type its class by cameo_quad_class(); the summaries' cells
 * keep only the code, and CAMEO_QUAD_CLASS_SQL() reads the class from it
 * without a lookup per cell (a third of the time of a grouping by quad
 * class over 17,000 cells).
 */
#ifndef DOSSIER_CAMEO_H
#define DOSSIER_CAMEO_H

static inline int cameo_quad_class(int root)
{
	return root <= 5 ? 1 : root <= 9 ? 2 : root <= 14 ? 3 : 4;
}

/* The class of a column of codes (two to four digits; '' none: NULL). */
#define CAMEO_QUAD_CLASS_SQL(code) \
	"CASE WHEN " code " = '' THEN NULL WHEN " code " < '06' THEN 1" \
	" WHEN " code " < '10' THEN 2 WHEN " code " < '15' THEN 3" \
	" ELSE 4 END"

#endif
