/* link-rules.c - the status order of a link */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "casectl/model/link.h"

const char *const cc_link_status_names[] = {
	"proposed", "referred", "accepted", "active", "ended", "declined", NULL
};

static int status_index(const char *s)
{
	int i;

	for (i = 0; s && cc_link_status_names[i]; i++)
		if (!strcmp(s, cc_link_status_names[i]))
			return i;
	return -1;
}

/* The order: proposed 0 .. ended 4; declined (5) only from 0..2.  After
 * ended or declined, a new round starts as a new link would. */
static int allowed(int from, int to)
{
	if (to < 0)
		return 0;
	if (from < 0 || from >= 4)
		return to != 4;
	if (to == 5)
		return from <= 2;
	return to > from;
}

int cc_link_new_round(const char *from)
{
	return status_index(from) >= 4;
}

int cc_link_transition(const char *name, const char *from, const char *to)
{
	int f = from ? status_index(from) : -1, t = status_index(to), i, err = 0;
	cc_buf ok = CC_BUF_INIT;

	if (from && f < 0)
		return cc_error_set(CC_EINVALID, "link '%s' has an unknown status '%s'; fix "
			"it with 'casectl edit'", name, from);
	if (allowed(f, t))
		return 0;
	for (i = 0; !err && cc_link_status_names[i]; i++)
		if (allowed(f, i))
			err = cc_buf_printf(&ok, "%s%s", ok.len ? ", " : "",
				cc_link_status_names[i]);
	if (err)
		return err;
	if (t < 0)
		err = cc_error_set(CC_EUSAGE, "unknown link status '%s'; use one of: %s", to,
			"proposed, referred, accepted, active, ended, declined");
	else if (!from)
		err = cc_error_set(CC_EREFUSED, "a new link cannot start as '%s'; use one of: %s",
			to, cc_buf_cstr(&ok));
	else if (f >= 4)
		err = cc_error_set(CC_EREFUSED, "link '%s' is %s; a new round cannot start as "
			"'%s'; use one of: %s", name, from, to, cc_buf_cstr(&ok));
	else
		err = cc_error_set(CC_EREFUSED, "link '%s' is %s and cannot move to %s; "
			"it can move to: %s", name, from, to, cc_buf_cstr(&ok));
	cc_buf_free(&ok);
	return err;
}
