/* view.c - what show, list and log print */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "casectl/util/buf.h"
#include "casectl/util/date.h"
#include "casectl/util/error.h"
#include "casectl/views/summary.h"
#include "casectl/store/sync.h"
#include "casectl/views/view.h"
#include "../doc/json-int.h"
#include "view-int.h"

int cc_format_parse(const char *s, cc_format *out)
{
	if (!strcmp(s, "text"))
		*out = CC_FMT_TEXT;
	else if (!strcmp(s, "json"))
		*out = CC_FMT_JSON;
	else
		return cc_error_set(CC_EUSAGE, "unknown format '%s'; use text or json", s);
	return 0;
}

static int print_json_line(json_t *j, FILE *out)
{
	char *text;
	int err = cc__json_dump(j, &text);

	if (err)
		return err;
	fprintf(out, "%s\n", text);
	free(text);
	return 0;
}

static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

int cc_view_show(cc_store *s, const cc_case *c, const char *rev, cc_format f,
	FILE *out)
{
	const char *v, *body;
	size_t blen;

	if (f == CC_FMT_JSON) {
		json_t *j = cc__view_case_json(s, c, rev, NULL);
		int err = j ? print_json_line(j, out) : cc_error_set(CC_ENOMEM, "out of memory");
		json_decref(j);
		return err;
	}
	fprintf(out, "case %s", cc_case_id(c));
	if (rev)
		fprintf(out, "  as of commit %.10s", rev);
	if ((v = cc_case_get(c, "ref")) && *v)
		fprintf(out, "  (ref %s)", v);
	fprintf(out, "\n");
	fprintf(out, "client:    %s", or_dash(cc_case_get(c, "client.name")));
	if ((v = cc_case_get(c, "client.birth-date")) && *v)
		fprintf(out, ", born %s", v);
	fprintf(out, "\n");
	if ((v = cc_case_get(c, "client.contact")) && *v)
		fprintf(out, "contact:   %s\n", v);
	fprintf(out, "manager:   %s", or_dash(cc_case_get(c, "manager.name")));
	if ((v = cc_case_get(c, "manager.email")) && *v)
		fprintf(out, " <%s>", v);
	fprintf(out, "\n");
	fprintf(out, "status:    %s, phase %s\n", or_dash(cc_case_get(c, "status")),
		or_dash(cc_case_get(c, "phase")));
	if (cc_doc_conflicted(cc_case_doc(c)))
		fprintf(out, "conflict:  a sync kept two versions; run 'casectl resolve %s'\n",
			cc_case_id(c));
	fprintf(out, "opened:    %s\n", or_dash(cc_case_get(c, "opened")));
	if ((v = cc_case_get(c, "referral.source")) && *v) {
		fprintf(out, "referral:  %s", v);
		if ((v = cc_case_get(c, "referral.date")) && *v)
			fprintf(out, " on %s", v);
		if ((v = cc_case_get(c, "referral.reason")) && *v)
			fprintf(out, ": %s", v);
		fprintf(out, "\n");
	}
	fprintf(out, "review:    %s\n", or_dash(cc_case_get(c, "review")));
	if ((v = cc_case_get(c, "closed")) && *v)
		fprintf(out, "closed:    %s\n", v);
	body = cc_doc_body(cc_case_doc(c), &blen);
	if (blen) {
		fprintf(out, "\n");
		fwrite(body, 1, blen, out);
		if (body[blen - 1] != '\n')
			fputc('\n', out);
	}
	return 0;
}

/* --- list ------------------------------------------------------------ */

static int match_person(const cc_sum_case *c, const char *who)
{
	const char *name = c->field[CC_SUM_MANAGER_NAME];
	const char *email = c->field[CC_SUM_MANAGER_EMAIL];

	return (name && !strcasecmp(name, who)) || (email && !strcasecmp(email, who));
}

/* display width of UTF-8 text: code points, not bytes */
static size_t width(const char *s)
{
	size_t w = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}

static void pad(FILE *out, const char *s, size_t w)
{
	size_t n = width(s);
	fputs(s, out);
	while (n++ < w)
		fputc(' ', out);
}

#define NCOLS 6
static const char *const list_cols[NCOLS] = {
	"ID", "PHASE", "STATUS", "REVIEW", "MANAGER", "CLIENT"
};

/* The table's rows, copied (the summary lends a case at a time): in
 * blocks, each row NCOLS strings one after the other. */
typedef struct row_block {
	struct row_block *next;
	size_t used, size;
	char data[];
} row_block;

typedef struct {
	row_block *head, *tail;
	size_t w[NCOLS];
} table;

static int table_add(table *t, const char *const r[NCOLS])
{
	size_t len[NCOLS], total = 0, k;
	row_block *b = t->tail;

	for (k = 0; k < NCOLS; k++) {
		size_t wk = width(r[k]);
		if (wk > t->w[k])
			t->w[k] = wk;
		total += (len[k] = strlen(r[k]) + 1);
	}
	if (!b || b->size - b->used < total) {
		size_t size = total > 64 * 1024 ? total : 64 * 1024;
		if (!(b = malloc(sizeof(*b) + size)))
			return cc_error_set(CC_ENOMEM, "out of memory");
		b->next = NULL;
		b->used = 0;
		b->size = size;
		if (t->tail)
			t->tail->next = b;
		else
			t->head = b;
		t->tail = b;
	}
	for (k = 0; k < NCOLS; k++) {
		memcpy(b->data + b->used, r[k], len[k]);
		b->used += len[k];
	}
	return 0;
}

static void table_row(const table *t, const char *const r[NCOLS], FILE *out)
{
	size_t k;

	for (k = 0; k < NCOLS - 1; k++) {
		pad(out, r[k], t->w[k]);
		fputs("  ", out);
	}
	fputs(r[NCOLS - 1], out);
	fputc('\n', out);
}

static void table_print(const table *t, FILE *out)
{
	const row_block *b;
	const char *r[NCOLS];
	size_t at, k;

	if (!t->head)
		return;
	table_row(t, list_cols, out);
	for (b = t->head; b; b = b->next)
		for (at = 0; at < b->used;) {
			for (k = 0; k < NCOLS; k++) {
				r[k] = b->data + at;
				at += strlen(r[k]) + 1;
			}
			table_row(t, r, out);
		}
}

static void table_free(table *t)
{
	row_block *b, *next;

	for (b = t->head; b; b = next) {
		next = b->next;
		free(b);
	}
}

int cc_view_list(cc_store *s, const cc_list_filter *flt, cc_format f, FILE *out)
{
	char *me_name = NULL, *me_mail = NULL;
	table t = { NULL, NULL, { 0 } };
	size_t n = 0, i, k;
	cc_summary *sm = NULL;
	int err;

	if (flt->mine && (err = cc_store_identity(s, &me_name, &me_mail)))
		return err;
	if ((err = cc_summary_open(s, &sm)))
		goto out;
	n = cc_summary_count(sm);
	for (k = 0; k < NCOLS; k++)
		t.w[k] = strlen(list_cols[k]);
	for (i = 0; i < n; i++) {
		const cc_sum_case *c;
		const char *r[NCOLS];
		if ((err = cc_summary_case(sm, i, &c))) {
			if (err == CC_ENOMEM)
				goto out;
			cc_warn("%s", cc_error_msg());
			err = 0;
			continue;
		}
		if ((flt->status && strcmp(or_dash(c->field[CC_SUM_STATUS]), flt->status)) ||
		    (flt->phase && strcmp(or_dash(c->field[CC_SUM_PHASE]), flt->phase)) ||
		    (flt->manager && !match_person(c, flt->manager)) ||
		    (flt->mine && !((me_mail && match_person(c, me_mail)) ||
			    (!me_mail && me_name && match_person(c, me_name)))))
			continue;
		if (f == CC_FMT_JSON) {
			fprintf(out, "%s\n", c->json);
			continue;
		}
		r[0] = cc_summary_id(sm, i);
		r[1] = or_dash(c->field[CC_SUM_PHASE]);
		r[2] = c->conflicted ? "CONFLICT" /* sync */ : or_dash(c->field[CC_SUM_STATUS]);
		r[3] = or_dash(c->field[CC_SUM_REVIEW]);
		r[4] = or_dash(c->field[CC_SUM_MANAGER_NAME]);
		r[5] = or_dash(c->field[CC_SUM_CLIENT_NAME]);
		if ((err = table_add(&t, r)))
			goto out;
	}
	table_print(&t, out);
	cc_summary_save(sm);
out:
	cc_summary_free(sm);
	table_free(&t);
	free(me_name);
	free(me_mail);
	return err;
}

/* --- log ------------------------------------------------------------- */

struct log_ctx {
	cc_store *s;
	const cc_log_filter *flt;
	const char *relpath;
	cc_format f;
	FILE *out;
	long shown;
};

/* The subject without its "ACTION ID: " head. */
static const char *summary_of(const cc_log_entry *e)
{
	const char *colon = strstr(e->subject, ": ");
	return colon ? colon + 2 : e->subject;
}

static void format_time(int64_t t, int tz, char out[48], int with_time)
{
	int64_t lt = t + (int64_t)tz * 60;
	int64_t days = lt >= 0 ? lt / 86400 : (lt - 86399) / 86400;
	int64_t sec = lt - days * 86400;
	char day[CC_DATE_STRLEN];
	int atz = tz < 0 ? -tz : tz;

	cc_date_format(cc_date_from_days(days), day);
	if (with_time)
		snprintf(out, 48, "%sT%02d:%02d:%02d%c%02d:%02d", day, (int)(sec / 3600),
			(int)(sec / 60 % 60), (int)(sec % 60), tz < 0 ? '-' : '+',
			(atz / 60) % 100, atz % 60);
	else
		snprintf(out, 48, "%s", day);
}

static int contains_nocase(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; hay && *hay; hay++)
		if (!strncasecmp(hay, needle, n))
			return 1;
	return n == 0;
}

static int log_one(const cc_log_entry *e, void *payload)
{
	struct log_ctx *ctx = payload;
	const cc_log_filter *flt = ctx->flt;
	char when[48], day[48];
	const char *action = e->action ? e->action : "commit";
	cc_buf patch = CC_BUF_INIT;
	int err = 0;

	format_time(e->time, e->tz_minutes, day, 0);
	if ((flt->since && strcmp(day, flt->since) < 0) ||
	    (flt->until && strcmp(day, flt->until) > 0) ||
	    (flt->action && strcmp(action, flt->action)) ||
	    (flt->author && !contains_nocase(e->author_name, flt->author) &&
		    !contains_nocase(e->author_email, flt->author)))
		return 0;
	if (flt->max && ctx->shown >= flt->max)
		return 1; /* stop the walk, no error */
	ctx->shown++;
	if (flt->patch && (err = cc_store_diff(ctx->s, NULL, e->oid, ctx->relpath, &patch)))
		return err;
	if (ctx->f == CC_FMT_JSON) {
		json_t *j = json_object();
		format_time(e->time, e->tz_minutes, when, 1);
		json_object_set_new(j, "commit", json_string(e->oid));
		json_object_set_new(j, "date", json_string(when));
		json_object_set_new(j, "author", json_string(e->author_name));
		json_object_set_new(j, "email", json_string(e->author_email));
		json_object_set_new(j, "action", json_string(action));
		json_object_set_new(j, "case", e->case_id ? json_string(e->case_id) : json_null());
		json_object_set_new(j, "summary", json_string(e->action ? summary_of(e) : e->subject));
		if (flt->patch)
			json_object_set_new(j, "patch", json_string(cc_buf_cstr(&patch)));
		err = print_json_line(j, ctx->out);
		json_decref(j);
	} else {
		fprintf(ctx->out, "%.7s  %s  %-10s  %-10s  %s  (%s)\n", e->oid, day, action,
			e->case_id ? e->case_id : "-", e->action ? summary_of(e) : e->subject,
			e->author_name);
		if (flt->patch && patch.len)
			fprintf(ctx->out, "\n%s\n", patch.ptr);
	}
	cc_buf_free(&patch);
	return err;
}

int cc_view_log_peek(const char *dir, const char *input, const cc_log_filter *flt,
	cc_format f, FILE *out)
{
	struct log_ctx ctx = { NULL, flt, NULL, f, out, 0 };

	if (flt->patch)
		return 1;
	return cc_store_log_peek(dir, input, log_one, &ctx);
}

int cc_view_log(cc_store *s, const cc_log_filter *flt, cc_format f, FILE *out)
{
	struct log_ctx ctx = { s, flt, NULL, f, out, 0 };
	char dir[CC_ID_DIR_MAX];
	int err;

	if (flt->id) {
		if ((err = cc_id_dir(flt->id, dir)))
			return err;
		ctx.relpath = dir;
	}
	err = cc_store_log(s, ctx.relpath, log_one, &ctx);
	return err > 0 ? 0 : err;
}
