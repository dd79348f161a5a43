/* retention-int.h - the retention rule (private to lib: erase.c,
 * retention-view.c) */
#ifndef CASECTL_RETENTION_INT_H
#define CASECTL_RETENTION_INT_H

#include "casectl/model/case.h"
#include "casectl/util/date.h"

/* "YYYY-MM-DD" until which the closed case C must be kept; "" if open. */
int cc__retention_until(cc_store *s, const cc_case *c, char until[CC_DATE_STRLEN]);

#endif
