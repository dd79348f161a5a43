/* cmd-resolve.c - casectl resolve: choose between the sides of a
 * conflict, or edit the conflicted files */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "casectl/util/buf.h"
#include "casectl/ops/editor.h"
#include "casectl/util/error.h"
#include "casectl/store/sync.h"
#include "cmd.h"

static const char usage[] = "resolve CASE (--edit | --ours | --theirs | KEY=VALUE...)";

static const char hint[] = "<!-- casectl resolve: keep what is right, delete the "
	"'conflict:' map and the <<<<<<< ||||||| ======= >>>>>>> lines, then save; "
	"an unchanged file aborts -->";

/* .git/casectl/RESOLVE-ID-NAME[-HASH].md: the file being edited, and
 * the text kept after a failure (HASH of the stored file, so that a
 * kept text is only offered again while the file is as it was). */
static int draft_name(cc_buf *b, const char *id, const cc_resolve_file *f, int kept)
{
	uint32_t h = 2166136261u;
	size_t i;
	int err;

	cc_buf_clear(b);
	if ((err = cc_buf_printf(b, "RESOLVE-%s-%s", id, f->name)))
		return err;
	for (i = 0; i < b->len; i++)
		if (b->ptr[i] == '/')
			b->ptr[i] = '-';
	b->len -= 3;    /* ".md" */
	for (i = 0; i < f->stored_len; i++)
		h = (h ^ (unsigned char)f->stored[i]) * 16777619u;
	return kept ? cc_buf_printf(b, "-%08x.md", (unsigned)h) : cc_buf_puts(b, ".md");
}

static char *kept_path(cc_store *s, const char *name)
{
	cc_buf p = CC_BUF_INIT;

	if (cc_buf_printf(&p, "%s/casectl/%s", cc_store_gitdir(s), name)) {
		cc_buf_free(&p);
		return NULL;
	}
	return cc_buf_detach(&p);
}

/* The text to edit: a text kept from an earlier try, or the file as
 * stored; then the hint line. */
static int draft(cc_store *s, const cc_resolve_file *f, const char *kept, cc_buf *out)
{
	char *path = kept_path(s, kept), *buf = NULL;
	size_t len;
	int err;

	cc_buf_clear(out);
	if (path && cc_read_file(path, &buf, &len) == 0) {
		fprintf(stderr, "hint: starting from the text you left in '%s'\n", path);
		err = cc_buf_put(out, buf, len);
	} else {
		cc_error_clear();
		err = cc_buf_put(out, f->stored, f->stored_len);
	}
	if (!err && out->len && out->ptr[out->len - 1] != '\n')
		err = cc_buf_puts(out, "\n");
	if (!err && !memmem(out->ptr, out->len, hint, sizeof(hint) - 1))
		err = cc_buf_printf(out, "%s\n", hint);
	free(path);
	free(buf);
	return err;
}

/* Remove the hint line from TEXT; returns the new length. */
static size_t strip_hint(char *text, size_t len)
{
	size_t n = sizeof(hint) - 1, i, end;

	for (i = 0; i + n <= len; i++) {
		if ((i && text[i - 1] != '\n') || memcmp(text + i, hint, n))
			continue;
		end = i + n;
		while (end < len && (text[end] == ' ' || text[end] == '\t' || text[end] == '\r'))
			end++;
		if (end < len && text[end] != '\n')
			continue;
		if (end < len)
			end++;
		memmove(text + i, text + end, len - end);
		return len - (end - i);
	}
	return len;
}

/* Keep every edited text, so that nothing the worker typed is lost. */
static void keep_all(cc_store *s, const char *id, cc_resolve_file *f, size_t n)
{
	cc_buf name = CC_BUF_INIT;
	char *path;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!f[i].text || draft_name(&name, id, &f[i], 1) ||
		    cc_editor_keep(s, name.ptr, f[i].text, f[i].text_len, &path))
			continue;
		fprintf(stderr, "hint: your text for '%s' is kept in '%s'; run 'casectl resolve "
			"%s --edit' to go on from it\n", f[i].name, path, id);
		free(path);
	}
	cc_buf_free(&name);
}

static int edit(cc_store *s, const char *input)
{
	cc_problems probs = CC_PROBLEMS_INIT;
	cc_resolve_file *f = NULL;
	cc_buf name = CC_BUF_INIT, kept = CC_BUF_INIT, text = CC_BUF_INIT;
	char id[16] = "", *path;
	size_t n = 0, i;
	int err, rc;

	if ((err = cc_resolve_edit_files(s, input, id, &f, &n)))
		goto out;
	for (i = 0; !err && i < n; i++) {
		if ((err = draft_name(&name, id, &f[i], 0)) ||
		    (err = draft_name(&kept, id, &f[i], 1)) ||
		    (err = draft(s, &f[i], kept.ptr, &text)) ||
		    (err = cc_editor_edit_text(s, name.ptr, text.ptr, text.len, &f[i].text,
			    &f[i].text_len)))
			break;
		f[i].text_len = strip_hint(f[i].text, f[i].text_len);
	}
	if (!err)
		err = cc_resolve_edit_commit(s, id, f, n, &probs);
	if (!err) {
		for (i = 0; i < n; i++)   /* a text kept from an earlier try is used up */
			if (!draft_name(&kept, id, &f[i], 1) && (path = kept_path(s, kept.ptr))) {
				unlink(path);
				free(path);
			}
		printf("%s\n", id);
	}
out:
	if (err == CC_EINVALID && probs.n) {
		for (i = 0; i < probs.n; i++)
			fprintf(stderr, "%s\n", probs.items[i]);
		fprintf(stderr, "error: the conflict is not resolved yet; nothing committed\n");
		rc = 1;
	} else {
		rc = err ? cmd_fail(err) : 0;
	}
	if (err && err != CC_ENOMEM)
		keep_all(s, id, f, n);
	cc_problems_free(&probs);
	cc_buf_free(&name);
	cc_buf_free(&kept);
	cc_buf_free(&text);
	cc_resolve_files_free(f, n);
	return rc;
}

CMD(resolve)
{
	static const struct option opts[] = {
		{ "edit", no_argument, NULL, 'e' },
		{ "ours", no_argument, NULL, 'o' },
		{ "theirs", no_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	cc_store *s = NULL;
	const char *input;
	char id[16];
	int c, err, rc, mode = CC_RESOLVE_ASSIGN, editing = 0;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'e')
			editing = 1;
		else if (c == 'o' && mode != CC_RESOLVE_THEIRS)
			mode = CC_RESOLVE_OURS;
		else if (c == 't' && mode != CC_RESOLVE_OURS)
			mode = CC_RESOLVE_THEIRS;
		else if (c == 'o' || c == 't')
			return cmd_usage_error(usage, "--ours and --theirs exclude each other");
		else
			return cmd_usage(usage);
	}
	if (optind >= argc)
		return cmd_usage_error(usage, "which case? give its ID");
	input = argv[optind++];
	if (editing && (mode != CC_RESOLVE_ASSIGN || optind < argc))
		return cmd_usage_error(usage, "--edit cannot be given with --ours, --theirs "
			"or KEY=VALUE");
	if (mode != CC_RESOLVE_ASSIGN && optind < argc)
		return cmd_usage_error(usage, "KEY=VALUE cannot be given with --ours or --theirs");
	if (editing && (err = cc_editor_check("give --ours, --theirs or KEY=VALUE instead")))
		return cmd_fail(err);
	if (!editing && mode == CC_RESOLVE_ASSIGN && optind >= argc) {
		if (cc_editor_check(""))
			return cmd_usage_error(usage, "say how to resolve: --ours, --theirs or "
				"KEY=VALUE (or edit the file with 'casectl edit %s' and remove its "
				"conflict map); --edit opens the editor, on a terminal only", input);
		editing = 1;
	}
	if ((rc = cmd_open_store(ctx, &s)))
		return rc;
	if (editing) {
		rc = edit(s, input);
		cc_store_free(s);
		return rc;
	}
	err = cc_resolve(s, input, mode, argv + optind, (size_t)(argc - optind), id);
	if (!err)
		printf("%s\n", id);
	cc_store_free(s);
	return err ? cmd_fail(err) : 0;
}
