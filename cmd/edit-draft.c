/* edit-draft.c - the editor step of assess, monitor and evaluate */
#include <stdio.h>
#include <stdlib.h>

#include "casectl/ops/editor.h"
#include "casectl/util/error.h"
#include "cmd.h"
#include "edit-draft.h"

int cmd_edit_draft(cc_store *s, const char *name, const char *draft, size_t len,
	cmd_text_fn commit, void *payload)
{
	char *text = NULL, *kept = NULL;
	size_t n;
	int err;

	if ((err = cc_editor_edit_text(s, name, draft, len, &text, &n)))
		return cmd_fail(err);
	n = cc_editor_strip_hints(text, n);
	err = commit(s, text, n, payload);
	if (err && err != CC_ENOMEM) {
		fprintf(stderr, "error: %s\n", cc_error_msg());
		if (cc_editor_keep(s, name, text, n, &kept) == 0)
			fprintf(stderr, "hint: your text is kept in %s; copy what you need from "
				"it and run the command again\n", kept);
		free(kept);
		free(text);
		return err == CC_EUSAGE ? 2 : 1;
	}
	free(text);
	return err ? cmd_fail(err) : 0;
}
