/* merge-foreign.c - a record changed on both sides whose other side is
 * not a record at all (binary data, text that is not UTF-8, front
 * matter that does not parse, a file too large to merge): a text merge
 * would mix it into ours, or leave nothing.  Ours is kept whole, and a
 * conflict entry for the whole file says what the other side sent and
 * where it stays (the merge's second parent), so that 'casectl resolve
 * --ours' or '--edit' settles it like any other conflict. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casectl/util/error.h"
#include "merge-int.h"

#define MERGE_MAX (8u << 20)

/* Why TEXT is not a record, in WHY; 0 when it is one. */
static int foreign(const char *path, const char *text, size_t len, char *why, size_t size)
{
	cc_doc *d = NULL;

	if (len > MERGE_MAX)
		snprintf(why, size, "a file of %zu bytes, too large to merge", len);
	else if (memchr(text, '\0', len))
		snprintf(why, size, "binary data (%zu bytes)", len);
	else if (!cc_utf8_valid(text, len, NULL))
		snprintf(why, size, "text that is not valid UTF-8 (%zu bytes)", len);
	else if (cc_doc_parse(&d, text, len, path) != 0)
		snprintf(why, size, "not a record (%s)", cc_error_msg());
	else
		why[0] = '\0';
	cc_doc_free(d);
	cc_error_clear();
	return why[0] != '\0';
}

int cc__merge_foreign(const char *path, const char *ours, size_t ours_len,
	const char *theirs, size_t theirs_len, const char *label, cc_buf *out,
	int *conflicted, int *done)
{
	char why[1200], *bytes = NULL;
	cc_buf msg = CC_BUF_INIT;
	cc_doc *od = NULL;
	cc_node *c, *e;
	size_t n = strlen(path), len;
	int err;

	*done = 0;
	if (n <= 3 || strcmp(path + n - 3, ".md") ||
	    !foreign(path, theirs, theirs_len, why, sizeof(why)))
		return 0;
	if (cc_doc_parse(&od, ours, ours_len, path) != 0) {
		cc_error_clear();       /* neither is a record: merged as text */
		return 0;
	}
	if (cc_buf_printf(&msg, "not taken: %s sent %s; it stays in the history as the "
	    "second parent of the merge", label, why)) {
		err = cc_error_set(CC_ENOMEM, "out of memory");
		goto out;
	}
	if ((err = cc_map_child_map(cc_doc_root(od), CC_CONFLICT_KEY, &c)) != 0 ||
	    (err = cc_map_child_map(c, CC_CONFLICT_WHOLE, &e)) != 0 ||
	    (err = cc_map_set_str(e, "ours", "this version, kept in place")) != 0 ||
	    (err = cc_map_set_str(e, "theirs", msg.ptr)) != 0 ||
	    (err = cc_doc_emit(od, &bytes, &len)) != 0)
		goto out;
	if ((err = cc_buf_put(out, bytes, len)) != 0)
		goto out;
	*conflicted = 1;
	*done = 1;
out:
	free(bytes);
	cc_buf_free(&msg);
	cc_doc_free(od);
	return err;
}
