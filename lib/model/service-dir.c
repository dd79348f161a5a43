/* service-dir.c - reading the store-wide service directory: finding a
 * service, loading it, and the count of places in use */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casectl/util/buf.h"
#include "casectl/model/case.h"
#include "casectl/util/date.h"
#include "casectl/util/error.h"
#include "casectl/model/records.h"
#include "casectl/model/service-dir.h"
#include "casectl/model/validate.h"
#include "../model/record-io-int.h"
#include "service-int.h"

void cc__service_path(const char *slug, char *out, size_t size)
{
	snprintf(out, size, "%s/%s.md", CC_DIR_SERVICES, slug);
}

/* The slugs of the directory, sorted.  Free with cc_strv_free. */
static int all_slugs(cc_store *s, char ***out, size_t *n)
{
	size_t i, k = 0, len;
	int err;

	if ((err = cc_store_list(s, CC_DIR_SERVICES, out, n)))
		return err;
	for (i = 0; i < *n; i++) {
		char *name = (*out)[i];
		len = strlen(name);
		if (len > 3 && !strcmp(name + len - 3, ".md")) {
			name[len - 3] = '\0';
			(*out)[k++] = name;
		} else {
			free(name);
		}
	}
	*n = k;
	return 0;
}

int cc_service_resolve(cc_store *s, const char *input, char slug[CC_SLUG_MAX])
{
	char want[CC_SLUG_MAX], **names;
	size_t n, i, len = strlen(input), hits = 0, first = 0;
	cc_buf msg = CC_BUF_INIT;
	int err;

	if (!len || len >= CC_SLUG_MAX)
		goto none;
	for (i = 0; i <= len; i++)
		want[i] = (char)tolower((unsigned char)input[i]);
	if ((err = all_slugs(s, &names, &n)))
		return err;
	for (i = 0; i < n; i++) {
		if (!strcmp(names[i], want)) {
			hits = 1;
			first = i;
			break;
		}
		if (!strncmp(names[i], want, len)) {
			if (!hits++)
				first = i;
			cc_buf_printf(&msg, "%s%s", msg.len ? ", " : "", names[i]);
		}
	}
	if (hits == 1)
		snprintf(slug, CC_SLUG_MAX, "%s", names[first]);
	else if (hits > 1)
		err = cc_error_set(CC_EAMBIGUOUS, "service '%s' is ambiguous; it matches: %s",
			input, cc_buf_cstr(&msg));
	cc_buf_free(&msg);
	cc_strv_free(names, n);
	if (hits)
		return err;
none:
	return cc_error_set(CC_ENOTFOUND, "no service '%s' in the directory; run "
		"'casectl service list' to see the services", input);
}

int cc_service_load(cc_store *s, const char *slug, cc_doc **doc)
{
	char path[CC_SLUG_MAX + 32];

	cc__service_path(slug, path, sizeof(path));
	return cc__rio_doc(s, path, 0, doc);
}

long cc_service_places(const cc_doc *doc)
{
	cc_node *cap = cc_map_get(cc_doc_root(doc), "capacity");
	const char *v = cap && cc_node_kind(cap) == CC_NODE_MAP ? cc_map_str(cap, "places") : NULL;
	char *end;
	long n;

	if (!v || !*v)
		return -1;
	n = strtol(v, &end, 10);
	return *end || n < 0 ? -1 : n;
}

/* Count the active link in LINKS_DIR/NAME if NAME is one of SLUGS. */
static void count_link(cc_store *s, const char *links_dir, const char *name,
	const char *const *slugs, size_t n, int *counts)
{
	char path[512], stem[CC_SLUG_MAX];
	size_t len = strlen(name), k;
	cc_doc *doc = NULL;
	const char *st;

	if (len < 4 || len - 3 >= CC_SLUG_MAX || strcmp(name + len - 3, ".md"))
		return;
	memcpy(stem, name, len - 3);
	stem[len - 3] = '\0';
	for (k = 0; k < n && strcmp(slugs[k], stem); k++)
		;
	if (k == n)
		return;
	snprintf(path, sizeof(path), "%s/%s", links_dir, name);
	if (cc__rio_doc(s, path, 0, &doc)) {
		cc_warn("%s; not counted as a place in use", cc_error_msg());
		return;
	}
	st = cc_map_str(cc_doc_root(doc), "status");
	if (st && !strcmp(st, "active") && !cc__rio_true(cc_map_str(cc_doc_root(doc), "informal")))
		counts[k]++;
	cc_doc_free(doc);
}

/* A closed case holds no places, whatever its links still say. */
static int holds_places(cc_store *s, const char *id)
{
	cc_case *c;
	int open;

	if (cc_case_load(s, id, &c)) {
		cc_error_clear();
		return 1; /* unreadable: count it rather than overbook */
	}
	open = !cc_case_is_closed(c);
	cc_case_free(c);
	return open;
}

int cc_service_places_in_use(cc_store *s, const char *const *slugs, size_t n,
	int *counts)
{
	char **ids = NULL, **names, dir[CC_ID_DIR_MAX], links[CC_ID_DIR_MAX + 16];
	size_t nids = 0, i, j, nn;
	int err;

	memset(counts, 0, n * sizeof(*counts));
	if (!n)
		return 0;
	if ((err = cc_case_ids(s, &ids, &nids)))
		return err;
	for (i = 0; !err && i < nids; i++) {
		if ((err = cc_id_dir(ids[i], dir)))
			break;
		snprintf(links, sizeof(links), "%s/%s", dir, CC_DIR_LINKS);
		if ((err = cc_store_list(s, links, &names, &nn)))
			break;
		if (nn && holds_places(s, ids[i]))
			for (j = 0; j < nn; j++)
				count_link(s, links, names[j], slugs, n, counts);
		cc_strv_free(names, nn);
	}
	cc_strv_free(ids, nids);
	return err;
}
