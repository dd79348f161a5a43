/* validate-folder.c - 'casectl check' of a case folder as a whole: a
 * folder that lost its case.md is an incomplete case (a hand 'git rm',
 * a plain git merge), not something to pass over. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "casectl/util/id.h"
#include "casectl/model/validate.h"

#include "validate-rules-int.h"

/* 1 if RELPATH is a case folder "cases/A/B/ID". */
int cc__is_case_folder(const char *relpath)
{
	const char *p;

	if (strncmp(relpath, "cases/", 6))
		return 0;
	p = relpath + 6;
	return strlen(p) == 4 + CC_ID_LEN && p[1] == '/' && p[3] == '/' && !strchr(p + 4, '/');
}

int cc__check_case_folder(cc_store *s, const char *dir, cc_problems *out)
{
	cc_buf p = CC_BUF_INIT;
	int err;

	if ((err = cc_buf_printf(&p, "%s/case.md", dir)) != 0)
		goto out;
	if (cc_store_exists(s, p.ptr) != 1)
		err = cc_problems_add(out, "%s: the case folder has no case.md; the case is "
			"incomplete (see what removed it with 'git log --diff-filter=D --stat -- "
			"%s', and bring it back with 'git checkout COMMIT~ -- %s')", dir, dir, dir);
out:
	cc_buf_free(&p);
	return err;
}
