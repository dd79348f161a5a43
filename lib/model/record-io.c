/* record-io.c - reading records outside an action, the worker's name */
#include <stdlib.h>
#include <string.h>

#include "casectl/util/error.h"
#include "record-io-int.h"

int cc__rio_case(cc_store *s, const char *input, cc_case **out)
{
	char id[CC_ID_LEN + 1];
	int err;

	*out = NULL;
	if ((err = cc_case_resolve(s, input, id)))
		return err;
	return cc_case_load(s, id, out);
}

int cc__rio_doc(cc_store *s, const char *relpath, int missing_ok, cc_doc **doc)
{
	char *buf;
	size_t len;
	int err;

	*doc = NULL;
	err = cc_store_read(s, relpath, &buf, &len);
	if (err == CC_ENOTFOUND && missing_ok) {
		cc_error_clear();
		return 0;
	}
	if (err)
		return err;
	err = cc_doc_parse(doc, buf, len, relpath);
	free(buf);
	return err;
}

int cc__rio_doc_lenient(cc_store *s, const char *relpath, cc_doc **doc, int *clean)
{
	int err = cc__rio_doc(s, relpath, 1, doc);

	if (err == CC_ENOMEM)
		return err;
	if (err) {
		cc_warn("%s; skipped (see 'casectl check')", cc_error_msg());
		cc_error_clear();
		*doc = NULL;
		if (clean)
			*clean = 0;
	}
	return 0;
}

int cc__rio_worker(cc_store *s, char **out)
{
	char *name = NULL, *email = NULL;
	int err;

	*out = NULL;
	if ((err = cc_store_identity(s, &name, &email)))
		return err;
	if (name && *name) {
		*out = name;
		free(email);
	} else {
		*out = email;
		free(name);
	}
	return *out ? 0 : cc_error_set(CC_EIDENTITY, "no worker identity; set user.name");
}

int cc__rio_true(const char *s)
{
	return s && !strcmp(s, "true");
}
