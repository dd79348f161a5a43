/* retention-view.c - what 'casectl retention' lists: the cases that
 * may be erased, and the holds */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "casectl/util/date.h"
#include "casectl/store/erase.h"
#include "casectl/views/retention-view.h"
#include "casectl/util/error.h"
#include "../model/retention-int.h"

int cc_retention_list(cc_store *s, int json, FILE *out, size_t *count)
{
	char **ids = NULL, until[CC_DATE_STRLEN], today[CC_DATE_STRLEN];
	size_t n = 0, i;
	cc_date d;
	int err;

	*count = 0;
	if ((err = cc_date_today(&d)) || (err = cc_case_ids(s, &ids, &n)))
		return err;
	cc_date_format(d, today);
	for (i = 0; !err && i < n; i++) {
		cc_case *c = NULL;
		const char *h, *why, *closed;
		int hold, due;

		if ((err = cc_case_load(s, ids[i], &c)))
			break;
		h = cc_case_get(c, "hold");
		hold = h && !strcmp(h, "true");
		why = cc_case_get(c, "hold-reason");
		closed = cc_case_get(c, "closed");
		if ((err = cc__retention_until(s, c, until))) {
			cc_case_free(c);
			break;
		}
		due = until[0] && strcmp(until, today) <= 0;
		if (due || hold) {
			(*count)++;
			if (json) {
				json_t *o = json_pack("{s:s, s:s, s:s?, s:s?, s:b, s:b, s:s?}",
					"id", ids[i], "status", cc_case_is_closed(c) ? "closed" : "open",
					"closed", closed, "until", until[0] ? until : NULL,
					"due", due, "hold", hold, "hold-reason", why);
				char *txt = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
				if (!txt)
					err = cc_error_set(CC_ENOMEM, "out of memory");
				else
					fprintf(out, "%s\n", txt);
				free(txt);
				json_decref(o);
			} else if (hold) {
				fprintf(out, "%s  hold: %s%s%s%s\n", ids[i], why ? why : "",
					due ? "  (kept until " : "", due ? until : "", due ? ")" : "");
			} else {
				fprintf(out, "%s  closed %s  kept until %s  may be erased\n", ids[i],
					closed, until);
			}
		}
		cc_case_free(c);
	}
	cc_strv_free(ids, n);
	return err;
}
