/* link.c - casectl link: create a link or move it along its statuses */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>

#include "casectl/util/text.h"
#include "casectl/model/action.h"
#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "casectl/util/id.h"
#include "casectl/model/link.h"
#include "casectl/model/records.h"
#include "casectl/ops/service.h"
#include "../model/link-int.h"
#include "../model/record-io-int.h"

typedef struct {
	cc_action *a;
	const cc_link_opts *o;
	char name[80];          /* file name without .md */
	char file[96];          /* "links/NAME.md" */
	cc_doc *link;           /* the existing link, or NULL */
	cc_doc *service;        /* the directory entry, or NULL (informal) */
	int informal;
	int new_round;          /* the link was ended or declined: a re-referral */
	long round;             /* the link's round, 1 for the first */
} link_ctx;

static int starts_informal(const char *s)
{
	return !strncasecmp(s, "informal-", 9);
}

static void set_name(link_ctx *c, const char *name)
{
	size_t i;

	snprintf(c->name, sizeof(c->name), "%s", name);
	for (i = 0; c->name[i]; i++)
		c->name[i] = (char)tolower((unsigned char)c->name[i]);
	snprintf(c->file, sizeof(c->file), "%s/%s.md", CC_DIR_LINKS, c->name);
}

/* An informal support by its name: the existing link whose name:
 * matches, or a fresh "informal-xxxx". */
static int find_informal(link_ctx *c)
{
	cc_store *s = cc_action_store(c->a);
	char dir[256], path[512], **names = NULL, found[80] = "";
	unsigned char rnd[4];
	size_t n = 0, i, hits = 0;
	int err, tries, k;

	cc_case_path(cc_action_case(c->a), CC_DIR_LINKS, dir, sizeof(dir));
	if ((err = cc_store_list(s, dir, &names, &n)))
		return err;
	for (i = 0; !err && i < n; i++) {
		cc_doc *doc = NULL;
		const char *v;
		size_t len = strlen(names[i]);
		if (!starts_informal(names[i]) || len < 4 || strcmp(names[i] + len - 3, ".md"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if ((err = cc__rio_doc(s, path, 0, &doc)))
			break;
		v = cc_map_str(cc_doc_root(doc), "name");
		if (v && cc_text_same(v, c->o->service) && hits++ == 0)
			snprintf(found, sizeof(found), "%.*s", (int)(len - 3), names[i]);
		cc_doc_free(doc);
	}
	cc_strv_free(names, n);
	if (err)
		return err;
	if (hits > 1)
		return cc_error_set(CC_EAMBIGUOUS, "several informal links of case '%s' have "
			"that name; give the link's ID (informal-xxxx) from 'casectl ecomap %s'",
			cc_action_id(c->a), cc_action_id(c->a));
	if (hits) {
		set_name(c, found);
		return 0;
	}
	for (tries = 0; tries < 16; tries++) {
		char nm[32];
		if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd))
			return cc_error_set(CC_EIO, "cannot read random bytes");
		strcpy(nm, "informal-");
		for (k = 0; k < 4; k++)
			nm[9 + k] = cc_id_alphabet[rnd[k] & 31];
		nm[13] = '\0';
		set_name(c, nm);
		cc_case_path(cc_action_case(c->a), c->file, path, sizeof(path));
		if ((err = cc_store_exists(s, path)) == 0)
			return 0;
		if (err < 0)
			return err;
	}
	return cc_error_set(CC_ERROR, "cannot find a free name for an informal link");
}

/* Which link the command is about, and its files. */
static int find_target(link_ctx *c)
{
	cc_store *s = cc_action_store(c->a);
	char slug[CC_SLUG_MAX];
	int err;

	if (starts_informal(c->o->service)) {
		c->informal = 1;
		set_name(c, c->o->service);
		if ((err = cc_action_read_doc(c->a, c->file, 1, &c->link)))
			return err;
		if (!c->link)
			return cc_error_set(CC_ENOTFOUND, "case '%s' has no link '%s'; run "
				"'casectl ecomap %s' to see its links", cc_action_id(c->a),
				c->name, cc_action_id(c->a));
		return 0;
	}
	if (c->o->informal) {
		c->informal = 1;
		if (!*c->o->service)
			return cc_error_set(CC_EUSAGE, "an informal support needs a name or "
				"a description");
		if ((err = find_informal(c)))
			return err;
		return cc_action_read_doc(c->a, c->file, 1, &c->link);
	}
	err = cc_service_resolve(s, c->o->service, slug);
	if (err == CC_ENOTFOUND)
		return cc_error_set(CC_ENOTFOUND, "no service '%s' in the directory; run "
			"'casectl service list' to see the services, or add --informal for "
			"a person who helps informally", c->o->service);
	if (err)
		return err;
	set_name(c, slug);
	if ((err = cc_service_load(s, slug, &c->service)))
		return err;
	return cc_action_read_doc(c->a, c->file, 1, &c->link);
}

static int check_goal(link_ctx *c)
{
	cc_doc *plan = NULL;
	cc_node *goals;
	cc_buf known = CC_BUF_INIT;
	const char *id = cc_action_id(c->a);
	size_t i;
	int err = 0, found = 0;

	if (!c->o->goal)
		return 0;
	if ((err = cc_action_read_doc(c->a, CC_PLAN_FILE, 1, &plan)))
		return err;
	if (!plan)
		return cc_error_set(CC_EREFUSED, "case '%s' has no plan, so no goal '%s'; run "
			"'casectl plan %s' first, or link without --goal", id, c->o->goal, id);
	goals = cc_map_get(cc_doc_root(plan), "goals");
	for (i = 0; goals && cc_node_kind(goals) == CC_NODE_LIST &&
		    i < cc_node_count(goals); i++) {
		const char *g = cc_map_str(cc_node_at(goals, i), "id");
		if (!g)
			continue;
		if (!strcmp(g, c->o->goal))
			found = 1;
		cc_buf_printf(&known, "%s%s", known.len ? ", " : "", g);
	}
	if (!found)
		err = cc_error_set(CC_EREFUSED, "the plan of case '%s' has no goal '%s'%s%s",
			id, c->o->goal, known.len ? "; its goals are: " : " (it has no goals yet)",
			cc_buf_cstr(&known));
	cc_buf_free(&known);
	cc_doc_free(plan);
	return err;
}

/* The rules for a directory service (see link.h). */
static int check_service(link_ctx *c, const char *to)
{
	const char *basis = c->link ? cc_map_str(cc_doc_root(c->link), "legal-basis") : NULL;
	int err;

	if (!c->service || !to)
		return 0;
	if ((!c->link || c->new_round || !strcmp(to, "active")) && strcmp(to, "declined") &&
	    (err = cc__link_check_capacity(cc_action_store(c->a), c->name, c->service, to,
		    c->o->waitlist)))
		return err;
	if (!strcmp(to, "ended") || !strcmp(to, "declined") ||
	    (c->o->legal_basis && *c->o->legal_basis) || (basis && *basis))
		return 0;
	return cc__link_check_consent(cc_action_store(c->a), cc_case_dir(cc_action_case(c->a)),
		cc_action_id(c->a), cc_action_today(c->a), c->name, c->service);
}

/* Write the new or changed link into c->link. */
static int update(link_ctx *c, const char *to)
{
	cc_node *r, *hist, *h;
	char day[CC_DATE_STRLEN], num[24], *by = NULL;
	int err;

	snprintf(num, sizeof(num), "%ld", c->round);
	if (!c->link) {
		if ((err = cc_doc_new(&c->link)))
			return err;
		r = cc_doc_root(c->link);
		if ((err = c->informal ? cc_map_set_str(r, "name", c->o->service)
				       : cc_map_set_plain(r, "service", c->name)) ||
		    (err = cc_map_set_plain(r, "informal", c->informal ? "true" : "false")))
			return err;
	}
	r = cc_doc_root(c->link);
	if (c->o->goal && (err = cc_map_set_str(r, "goal", c->o->goal)))
		return err;
	if (to && (err = cc_map_set_plain(r, "status", to)))
		return err;
	if (c->new_round && (err = cc_map_set_plain(r, "round", num)))
		return err;
	if (!c->informal) {
		/* a new round waits for a place only when told so again */
		const char *w = c->o->waitlist ? "true" :
			c->new_round ? NULL : cc_map_str(r, "waitlist");
		if (to && !strcmp(to, "active"))
			w = "false";
		if ((err = cc_map_set_plain(r, "waitlist", w && !strcmp(w, "true") ? "true"
									       : "false")))
			return err;
	}
	if (c->o->legal_basis && *c->o->legal_basis &&
	    (err = cc_map_set_str(r, "legal-basis", c->o->legal_basis)))
		return err;
	if (!to)
		return 0;
	cc_date_format(cc_action_today(c->a), day);
	if ((err = cc__rio_worker(cc_action_store(c->a), &by)))
		return err;
	if (!(err = cc_map_child_list(r, "history", &hist)) &&
	    !(err = cc_list_append_map(hist, &h)) &&
	    !(err = cc_map_set_plain(h, "status", to)) &&
	    !(err = cc_map_set_plain(h, "date", day)) &&
	    !(err = cc_map_set_str(h, "by", by)) && c->round > 1)
		err = cc_map_set_plain(h, "round", num);
	free(by);
	return err;
}

/* The round of the link in c->link: "round:", 1 when absent. */
static long link_round(const link_ctx *c)
{
	const char *v = c->link ? cc_map_str(cc_doc_root(c->link), "round") : NULL;
	char *end;
	long n = v ? strtol(v, &end, 10) : 1;

	return v && (*end || n < 1) ? 1 : n;
}

int cc_link(cc_store *s, const char *case_input, const cc_link_opts *o, char name[80])
{
	link_ctx c;
	const char *to, *from;
	int err;

	memset(&c, 0, sizeof(c));
	c.o = o;
	if (!o->service)
		return cc_error_set(CC_EUSAGE, "which service? give its slug or, with "
			"--informal, a name");
	if (o->status && (err = cc_link_transition("", NULL, o->status)) == CC_EUSAGE)
		return err;
	if ((err = cc_action_begin(&c.a, s, case_input, 0)) ||
	    (err = cc_action_phase(c.a, "link", NULL, o->force)) ||
	    (err = find_target(&c)))
		goto out;
	if (c.informal && o->waitlist) {
		err = cc_error_set(CC_EUSAGE, "--waitlist is for directory services; an "
			"informal support has no places");
		goto out;
	}
	from = c.link ? cc_map_str(cc_doc_root(c.link), "status") : NULL;
	c.round = link_round(&c);
	if (from && cc_link_new_round(from)) {
		/* ended or declined: link again for a new round (re-referral) */
		c.new_round = 1;
		c.round++;
	}
	to = o->status ? o->status : c.link && !c.new_round ? NULL : "proposed";
	if (c.link && !to && !o->goal && !o->legal_basis && !o->waitlist) {
		err = cc_error_set(CC_EREFUSED, "case '%s' already has the link '%s' (%s); "
			"move it with --status STATUS", cc_action_id(c.a), c.name,
			from ? from : "no status");
		goto out;
	}
	if ((to && (err = cc_link_transition(c.name, from, to))) ||
	    (err = check_goal(&c)) || (err = check_service(&c, to)) ||
	    (err = update(&c, to)))
		goto out;
	if (!cc_doc_modified(c.link)) {
		err = cc_error_set(CC_EINVALID, "nothing changed for link '%s'", c.name);
		goto out;
	}
	err = cc_action_put_doc(c.a, c.file, c.link);
	c.link = NULL;
	if (!err)
		err = c.new_round ? cc_action_commit(c.a, "link", "link to %s %s, round %ld",
					c.name, to, c.round)
		    : to ? cc_action_commit(c.a, "link", "link to %s %s", c.name, to)
			 : cc_action_commit(c.a, "link", "link to %s changed", c.name);
	if (!err)
		snprintf(name, 80, "%s", c.name);
out:
	cc_doc_free(c.link);
	cc_doc_free(c.service);
	cc_action_free(c.a);
	return err;
}

/* The open links of the case: every one not ended or declined. */
static int is_open(const char *status)
{
	return status && !cc_link_new_round(status);
}

int cc__links_end(cc_action *a, cc_buf *ended)
{
	static const cc_link_opts none = { NULL, NULL, 0, NULL, 0, NULL, NULL };
	cc_store *s = cc_action_store(a);
	char dir[256], **names = NULL;
	size_t n = 0, i, len;
	int err;

	cc_case_path(cc_action_case(a), CC_DIR_LINKS, dir, sizeof(dir));
	if ((err = cc_store_list(s, dir, &names, &n)))
		return err;
	for (i = 0; !err && i < n; i++) {
		link_ctx c;
		len = strlen(names[i]);
		if (len < 4 || strcmp(names[i] + len - 3, ".md") || len - 3 >= sizeof(c.name))
			continue;
		memset(&c, 0, sizeof(c));
		c.a = a;
		c.o = &none;
		snprintf(c.name, sizeof(c.name), "%.*s", (int)(len - 3), names[i]);
		snprintf(c.file, sizeof(c.file), "%s/%s", CC_DIR_LINKS, names[i]);
		if ((err = cc_action_read_doc(a, c.file, 1, &c.link)) || !c.link)
			continue;
		c.informal = cc__rio_true(cc_map_str(cc_doc_root(c.link), "informal"));
		c.round = link_round(&c);
		if (is_open(cc_map_str(cc_doc_root(c.link), "status")) &&
		    !(err = update(&c, "ended")) &&
		    !(err = cc_buf_printf(ended, "%s%s", ended->len ? ", " : "", c.name))) {
			err = cc_action_put_doc(a, c.file, c.link);
			c.link = NULL;
		}
		cc_doc_free(c.link);
	}
	cc_strv_free(names, n);
	return err;
}
