/* template.c - look up templates compiled into the program */
#include <stdio.h>
#include <string.h>

#include "casectl/error.h"
#include "casectl/template.h"

struct cc_embedded {
	const char *path;
	const char *text;
};
extern const struct cc_embedded cc_embedded_templates[];

int cc_template_raw(const char *path, const char **out)
{
	const struct cc_embedded *e;

	for (e = cc_embedded_templates; e->path; e++)
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
