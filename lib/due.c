/* due.c - what is due or overdue, across the store */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "casectl/case.h"
#include "casectl/consent.h"
#include "casectl/due.h"
#include "casectl/error.h"
#include "casectl/frontmatter.h"
#include "casectl/records.h"
#include "casectl/settings.h"
#include "casectl/sync.h"
#include "json-internal.h"

typedef struct {
	cc_due_item *v;
	size_t n, cap;
	cc_date today, horizon;
	const cc_settings *st;
	const cc_due_filter *f;
} collector;

static char *dup_or_null(const char *s)
{
	return s && *s ? strdup(s) : NULL;
}

/* Add an item for case C (NULL: caseload) due on DUE (ISO) if it falls
 * on or before the horizon. */
static int add(collector *col, const char *kind, const cc_case *c, const char *mname,
	const char *memail, const char *due, const char *what)
{
	cc_date d;
	cc_due_item *it;

	if (cc_date_parse_iso(due, &d)) {
		cc_error_clear();
		return 0; /* 'check' reports bad dates; due skips them */
	}
	if (cc_date_cmp(d, col->horizon) > 0)
		return 0;
	if (col->n == col->cap) {
		size_t ncap = col->cap ? col->cap * 2 : 32;
		cc_due_item *nv = realloc(col->v, ncap * sizeof(*nv));
		if (!nv)
			return cc_error_set(CC_ENOMEM, "out of memory");
		col->v = nv;
		col->cap = ncap;
	}
	it = &col->v[col->n];
	memset(it, 0, sizeof(*it));
	it->kind = kind;
	if (c) {
		memcpy(it->case_id, cc_case_id(c), CC_ID_LEN + 1);
		it->ref = dup_or_null(cc_case_get(c, "ref"));
	}
	it->manager = strdup(mname && *mname ? mname : "(no manager)");
	it->email = dup_or_null(memail);
	cc_date_format(d, it->due);
	it->days = (long)(cc_date_to_days(d) - cc_date_to_days(col->today));
	it->what = dup_or_null(what);
	if (!it->manager)
		return cc_error_set(CC_ENOMEM, "out of memory");
	col->n++;
	return 0;
}

static int read_doc(cc_store *s, const char *path, cc_doc **doc)
{
	char *buf;
	size_t len;
	int err;

	*doc = NULL;
	err = cc_store_read(s, path, &buf, &len);
	if (err == CC_ENOTFOUND) {
		cc_error_clear();
		return 0;
	}
	if (err)
		return err;
	if (cc_doc_parse(doc, buf, len, path)) {
		cc_warn("%s; skipped (see 'casectl check')", cc_error_msg());
		*doc = NULL;
	}
	free(buf);
	return 0;
}

#define CASE_ADD(kind, due, what) \
	add(col, kind, c, cc_case_get(c, "manager.name"), cc_case_get(c, "manager.email"), due, what)

static int plan_items(collector *col, cc_store *s, const cc_case *c)
{
	char path[256];
	cc_doc *plan;
	cc_node *goals, *g;
	const char *v, *st;
	size_t i;
	int err;

	cc_case_path(c, CC_PLAN_FILE, path, sizeof(path));
	if ((err = read_doc(s, path, &plan)) || !plan)
		return err;
	/* the plan's review usually is the case's: say it once */
	v = cc_map_str(cc_doc_root(plan), "review");
	if (v && !(cc_case_get(c, "review") && !strcmp(v, cc_case_get(c, "review"))) &&
	    (err = CASE_ADD("plan-review", v, NULL)))
		goto out;
	goals = cc_map_get(cc_doc_root(plan), "goals");
	for (i = 0; goals && i < cc_node_count(goals); i++) {
		g = cc_node_at(goals, i);
		if (cc_node_kind(g) != CC_NODE_MAP || !(v = cc_map_str(g, "due")))
			continue;
		st = cc_map_str(g, "status");
		if (st && (!strcmp(st, "achieved") || !strcmp(st, "dropped")))
			continue;
		if ((err = CASE_ADD("goal", v, cc_map_str(g, "id"))))
			goto out;
	}
out:
	cc_doc_free(plan);
	return err;
}

/* Waiting links: proposed, referred or accepted since their last change. */
static int link_items(collector *col, cc_store *s, const cc_case *c)
{
	char dir[256], path[512], due[CC_DATE_STRLEN];
	char **names;
	size_t n, i;
	cc_doc *doc;
	cc_node *hist, *last;
	const char *st, *when;
	cc_date d;
	int err;

	cc_case_path(c, CC_DIR_LINKS, dir, sizeof(dir));
	if ((err = cc_store_list(s, dir, &names, &n)))
		return err;
	for (i = 0; !err && i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if ((err = read_doc(s, path, &doc)) || !doc)
			continue;
		st = cc_map_str(cc_doc_root(doc), "status");
		hist = cc_map_get(cc_doc_root(doc), "history");
		last = hist && cc_node_count(hist) ? cc_node_at(hist, cc_node_count(hist) - 1) : NULL;
		when = last && cc_node_kind(last) == CC_NODE_MAP ? cc_map_str(last, "date") : NULL;
		if (st && when && (!strcmp(st, "proposed") || !strcmp(st, "referred") ||
				   !strcmp(st, "accepted")) && !cc_date_parse_iso(when, &d)) {
			cc_date_format(cc_date_add_duration(d, col->st->link_wait_limit, 1), due);
			const char *svc = cc_map_str(cc_doc_root(doc), "service");
			err = CASE_ADD("link", due, svc ? svc : names[i]);
		}
		cc_error_clear();
		cc_doc_free(doc);
	}
	cc_strv_free(names, n);
	return err;
}

/* The last contact: the newest journal file's date, else the opening. */
static int contact_item(collector *col, cc_store *s, const cc_case *c)
{
	char dir[256], due[CC_DATE_STRLEN], last[CC_DATE_STRLEN] = "";
	char **names;
	size_t n, i;
	const char *opened = cc_case_get(c, "opened");
	cc_date d;
	int err;

	cc_case_path(c, CC_DIR_JOURNAL, dir, sizeof(dir));
	if ((err = cc_store_list(s, dir, &names, &n)))
		return err;
	/* journal files are named by their date: the names sort by it */
	for (i = 0; i < n; i++)
		if (strlen(names[i]) >= 10 && strncmp(names[i], last, 10) > 0) {
			memcpy(last, names[i], 10);
			last[10] = '\0';
		}
	cc_strv_free(names, n);
	if (!*last && opened)
		snprintf(last, sizeof(last), "%s", opened);
	if (!*last || cc_date_parse_iso(last, &d)) {
		cc_error_clear();
		return 0;
	}
	cc_date_format(cc_date_add_duration(d, col->st->contact_gap_limit, 1), due);
	return CASE_ADD("contact", due, last);
}

static int consent_items(collector *col, cc_store *s, const cc_case *c)
{
	cc_consent *v;
	size_t n, i;
	int err;

	if ((err = cc_consents_load(s, cc_case_dir(c), col->today, &v, &n)))
		return err;
	for (i = 0; !err && i < n; i++)
		if (v[i].state == CC_CONSENT_ACTIVE && v[i].expires[0])
			err = CASE_ADD("consent", v[i].expires, v[i].id);
	cc_consents_free(v, n);
	return err;
}

static int is_manager(const cc_case *c, const char *who)
{
	const char *name = cc_case_get(c, "manager.name");
	const char *email = cc_case_get(c, "manager.email");

	return (name && !strcasecmp(name, who)) || (email && !strcasecmp(email, who));
}

typedef struct {
	char *name, *email;
	int open;
} load_row;

static int count_load(load_row **rows, size_t *n, const cc_case *c)
{
	const char *name = cc_case_get(c, "manager.name");
	const char *email = cc_case_get(c, "manager.email");
	size_t i;
	load_row *nr;

	for (i = 0; i < *n; i++)
		if ((email && (*rows)[i].email && !strcasecmp(email, (*rows)[i].email)) ||
		    (!email && name && !(*rows)[i].email && !strcmp(name, (*rows)[i].name))) {
			(*rows)[i].open++;
			return 0;
		}
	if (!(nr = realloc(*rows, (*n + 1) * sizeof(*nr))))
		return cc_error_set(CC_ENOMEM, "out of memory");
	*rows = nr;
	nr[*n].name = strdup(name ? name : "(no manager)");
	nr[*n].email = dup_or_null(email);
	nr[*n].open = 1;
	(*n)++;
	return nr[*n - 1].name ? 0 : cc_error_set(CC_ENOMEM, "out of memory");
}

/* Groups by manager, the group with the most urgent item first; items
 * by urgency inside.  group_days holds each item's group minimum. */
static const long *group_days;
static const cc_due_item *group_base;

static int cmp_item(const void *a, const void *b)
{
	const cc_due_item *x = a, *y = b;
	long gx = group_days[x - group_base], gy = group_days[y - group_base];
	int r;

	if (gx != gy)
		return gx < gy ? -1 : 1;
	if ((r = strcasecmp(x->manager, y->manager)))
		return r;
	if (x->days != y->days)
		return x->days < y->days ? -1 : 1;
	if ((r = strcmp(x->kind, y->kind)))
		return r;
	return strcmp(x->case_id, y->case_id);
}

int cc_due_collect(cc_store *s, const cc_due_filter *f, cc_due_item **items, size_t *n)
{
	collector col;
	cc_settings st;
	load_row *load = NULL;
	size_t nload = 0, nids = 0, i;
	char **ids = NULL, today_s[CC_DATE_STRLEN], count[32];
	int err;

	memset(&col, 0, sizeof(col));
	*items = NULL;
	*n = 0;
	if ((err = cc_settings_load(s, &st)) || (err = cc_date_today(&col.today)))
		return err;
	col.st = &st;
	col.f = f;
	col.horizon = cc_date_add_duration(col.today, f->within, 1);
	if ((err = cc_case_ids(s, &ids, &nids)))
		return err;
	for (i = 0; !err && i < nids; i++) {
		cc_case *c;
		const char *v;
		int closed;

		if (cc_case_load(s, ids[i], &c)) {
			cc_warn("%s; skipped (see 'casectl check')", cc_error_msg());
			continue;
		}
		closed = cc_case_is_closed(c);
		if (!closed)
			err = count_load(&load, &nload, c);
		if (err || (f->manager && !is_manager(c, f->manager))) {
			cc_case_free(c);
			continue;
		}
		if (cc_doc_conflicted(cc_case_doc(c))) {   /* a sync left a conflict */
			cc_date_format(col.today, today_s);
			err = add(&col, "conflict", c, cc_case_get(c, "manager.name"),
				cc_case_get(c, "manager.email"), today_s, NULL);
		}
		if (err) {
			cc_case_free(c);
			continue;
		}
		if (closed) {
			if ((v = cc_case_get(c, "follow-up")))
				err = add(&col, "follow-up", c, cc_case_get(c, "manager.name"),
					cc_case_get(c, "manager.email"), v, NULL);
		} else {
			if ((v = cc_case_get(c, "review")))
				err = add(&col, "review", c, cc_case_get(c, "manager.name"),
					cc_case_get(c, "manager.email"), v, NULL);
			if (!err)
				err = plan_items(&col, s, c);
			if (!err)
				err = link_items(&col, s, c);
			if (!err)
				err = contact_item(&col, s, c);
			if (!err)
				err = consent_items(&col, s, c);
		}
		cc_case_free(c);
	}
	cc_date_format(col.today, today_s);
	for (i = 0; i < nload; i++) {
		if (!err && load[i].open > st.caseload_limit &&
		    (!f->manager || !strcasecmp(f->manager, load[i].name) ||
		     (load[i].email && !strcasecmp(f->manager, load[i].email)))) {
			snprintf(count, sizeof(count), "%d/%d", load[i].open, st.caseload_limit);
			err = add(&col, "caseload", NULL, load[i].name, load[i].email, today_s, count);
		}
		free(load[i].name);
		free(load[i].email);
	}
	free(load);
	cc_strv_free(ids, nids);
	if (err) {
		cc_due_free(col.v, col.n);
		return err;
	}
	if (col.n > 1) {
		/* Each item's group (manager) gets its earliest day: a table of
		 * the few managers, not every pair of items (10,000 cases give
		 * 50,000 items; pairs took minutes). */
		long *g = malloc(col.n * sizeof(*g)), *md = malloc(col.n * sizeof(*md));
		const char **mn = malloc(col.n * sizeof(*mn));
		size_t k, nm = 0;
		if (!g || !md || !mn) {
			free(g);
			free(md);
			free(mn);
			cc_due_free(col.v, col.n);
			return cc_error_set(CC_ENOMEM, "out of memory");
		}
		for (i = 0; i < col.n; i++) {
			for (k = 0; k < nm && strcasecmp(mn[k], col.v[i].manager); k++)
				;
			if (k == nm) {
				mn[nm] = col.v[i].manager;
				md[nm++] = col.v[i].days;
			} else if (col.v[i].days < md[k]) {
				md[k] = col.v[i].days;
			}
		}
		for (i = 0; i < col.n; i++) {
			for (k = 0; k < nm && strcasecmp(mn[k], col.v[i].manager); k++)
				;
			g[i] = md[k];
		}
		free(md);
		free(mn);
		group_days = g;
		group_base = col.v;
		qsort(col.v, col.n, sizeof(*col.v), cmp_item);
		free(g);
	}
	*items = col.v;
	*n = col.n;
	return 0;
}

void cc_due_free(cc_due_item *items, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(items[i].ref);
		free(items[i].manager);
		free(items[i].email);
		free(items[i].what);
	}
	free(items);
}

static void describe(const cc_due_item *it, char *out, size_t size)
{
	const char *w = it->what ? it->what : "";

	if (!strcmp(it->kind, "review"))
		snprintf(out, size, "case review");
	else if (!strcmp(it->kind, "plan-review"))
		snprintf(out, size, "plan review");
	else if (!strcmp(it->kind, "goal"))
		snprintf(out, size, "goal %s is not achieved", w);
	else if (!strcmp(it->kind, "follow-up"))
		snprintf(out, size, "follow-up contact after closing");
	else if (!strcmp(it->kind, "consent"))
		snprintf(out, size, "consent %s expires", w);
	else if (!strcmp(it->kind, "link"))
		snprintf(out, size, "link to %s is still waiting", w);
	else if (!strcmp(it->kind, "contact"))
		snprintf(out, size, "no contact since %s", w);
	else if (!strcmp(it->kind, "conflict"))
		snprintf(out, size, "sync conflict: run 'casectl resolve %s'", it->case_id);
	else if (!strcmp(it->kind, "caseload"))
		snprintf(out, size, "%s open cases: over the caseload limit", w);
	else
		snprintf(out, size, "%s", it->kind);
}

static void when_text(long days, char out[32])
{
	if (days < 0)
		snprintf(out, 32, "overdue %ldd", -days);
	else if (days == 0)
		snprintf(out, 32, "due today");
	else
		snprintf(out, 32, "due in %ldd", days);
}

int cc_due_print(const cc_due_item *items, size_t n, cc_format f, FILE *out)
{
	char text[256], when[32];
	size_t i;
	int err = 0;

	for (i = 0; i < n && !err; i++) {
		const cc_due_item *it = &items[i];
		describe(it, text, sizeof(text));
		if (f == CC_FMT_JSON) {
			json_t *j = json_object(), *m = json_object();
			char *s;
			json_object_set_new(m, "name", json_string(it->manager));
			json_object_set_new(m, "email", it->email ? json_string(it->email) : json_null());
			json_object_set_new(j, "manager", m);
			json_object_set_new(j, "case", it->case_id[0] ? json_string(it->case_id) : json_null());
			json_object_set_new(j, "ref", it->ref ? json_string(it->ref) : json_null());
			json_object_set_new(j, "kind", json_string(it->kind));
			json_object_set_new(j, "due", json_string(it->due));
			json_object_set_new(j, "days", json_integer(it->days));
			json_object_set_new(j, "what", it->what ? json_string(it->what) : json_null());
			json_object_set_new(j, "message", json_string(text));
			if (!(err = cc_json_dump(j, &s))) {
				fprintf(out, "%s\n", s);
				free(s);
			}
			json_decref(j);
			continue;
		}
		if (i == 0 || strcasecmp(items[i - 1].manager, it->manager))
			fprintf(out, "%s%s%s%s%s\n", i ? "\n" : "", it->manager,
				it->email ? " <" : "", it->email ? it->email : "", it->email ? ">" : "");
		when_text(it->days, when);
		fprintf(out, "  %-12s %-10s  %s  %s%s%s%s\n", when,
			it->case_id[0] ? it->case_id : "-", it->due, text,
			it->ref ? " (ref " : "", it->ref ? it->ref : "", it->ref ? ")" : "");
	}
	return err;
}
