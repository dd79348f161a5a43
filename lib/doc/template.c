/* template.c - look up templates compiled into the program */
#include <stdio.h>
#include <string.h>

#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "casectl/doc/template.h"

struct cc_embedded {
	const char *path;
	const char *text;
};
extern const struct cc_embedded cc__embedded_templates[];

int cc_template_raw(const char *path, const char **out)
{
	const struct cc_embedded *e;

	for (e = cc__embedded_templates; e->path; e++)
		if (!strcmp(e->path, path)) {
			*out = e->text;
			return 0;
		}
	return cc_error_set(CC_ENOTFOUND, "no template '%s'", path);
}

int cc_template_get(const char *lang, const char *name, const char **out)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", lang, name);
	if (cc_template_raw(path, out) == 0)
		return 0;
	snprintf(path, sizeof(path), "en/%s", name);
	return cc_template_raw(path, out);
}

int cc_template_fill(const char *path, cc_template_expand_fn expand, void *ctx,
	cc_buf *b)
{
	const char *t = NULL, *open, *close;
	size_t n;
	int err;

	if ((err = cc_template_raw(path, &t)))
		return err;
	while ((open = strstr(t, "{{")) != NULL) {
		if ((err = cc_buf_put(b, t, (size_t)(open - t))))
			return err;
		if (!(close = strstr(open + 2, "}}")))
			return cc_error_set(CC_EINVALID, "templates/%s: '{{' without '}}'", path);
		n = (size_t)(close - open - 2);
		t = close + 2;
		if (n && open[2] == '!')
			continue;
		err = expand(ctx, open + 2, n, b);
		if (err == CC_ENOTFOUND)
			return cc_error_set(CC_EINVALID, "templates/%s: unknown placeholder "
				"'{{%.*s}}'", path, (int)(n > 40 ? 40 : n), open + 2);
		if (err)
			return err;
	}
	return cc_buf_puts(b, t);
}
