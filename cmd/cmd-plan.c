/* cmd-plan.c - casectl plan: the individual plan, its view and its print */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "casectl/views/plan-view.h"
#include "casectl/views/view.h"
#include "casectl/ops/editor.h"
#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "casectl/ops/plan.h"
#include "cmd.h"

static const char usage[] =
	"plan CASE [--macro TEXT] [--goal TEXT --domain DOMAIN] [--step TEXT --under GOAL]\n"
	"                    [--measure M] [--due DATE] [--responsible WHO] [--checks WHO]\n"
	"                    [--cost AMOUNT] [--payer WHO] [--set GOAL [--text T] [--status S]]\n"
	"                    [--remove GOAL] [--crisis SITUATION --contact WHO --action WHAT]\n"
	"                    [--set-crisis K [--situation S]] [--remove-crisis K]\n"
	"                    [--agreed DATE] [--review DATE] [-m TEXT] [--force REASON]\n"
	"   or: casectl plan CASE [--format text|json]\n"
	"   or: casectl plan CASE --render [--at DATE|REV] [--to html|latex|man|commonmark] [-o FILE]";

enum {
	O_MACRO = 256, O_GOAL, O_STEP, O_SET, O_REMOVE, O_CRISIS, O_SET_CRISIS,
	O_REMOVE_CRISIS, O_DOMAIN, O_UNDER, O_MEASURE, O_DUE, O_RESPONSIBLE, O_CHECKS,
	O_COST, O_PAYER, O_TEXT, O_STATUS, O_SITUATION, O_CONTACT, O_ACTION, O_AGREED,
	O_REVIEW, O_FORCE, O_FORMAT, O_RENDER, O_TO, O_AT
};

static const struct option opts[] = {
	{ "macro", required_argument, NULL, O_MACRO },
	{ "goal", required_argument, NULL, O_GOAL },
	{ "step", required_argument, NULL, O_STEP },
	{ "set", required_argument, NULL, O_SET },
	{ "remove", required_argument, NULL, O_REMOVE },
	{ "crisis", required_argument, NULL, O_CRISIS },
	{ "set-crisis", required_argument, NULL, O_SET_CRISIS },
	{ "remove-crisis", required_argument, NULL, O_REMOVE_CRISIS },
	{ "domain", required_argument, NULL, O_DOMAIN },
	{ "under", required_argument, NULL, O_UNDER },
	{ "measure", required_argument, NULL, O_MEASURE },
	{ "due", required_argument, NULL, O_DUE },
	{ "responsible", required_argument, NULL, O_RESPONSIBLE },
	{ "checks", required_argument, NULL, O_CHECKS },
	{ "cost", required_argument, NULL, O_COST },
	{ "payer", required_argument, NULL, O_PAYER },
	{ "text", required_argument, NULL, O_TEXT },
	{ "status", required_argument, NULL, O_STATUS },
	{ "situation", required_argument, NULL, O_SITUATION },
	{ "contact", required_argument, NULL, O_CONTACT },
	{ "action", required_argument, NULL, O_ACTION },
	{ "agreed", required_argument, NULL, O_AGREED },
	{ "review", required_argument, NULL, O_REVIEW },
	{ "message", required_argument, NULL, 'm' },
	{ "force", required_argument, NULL, O_FORCE },
	{ "format", required_argument, NULL, O_FORMAT },
	{ "render", no_argument, NULL, O_RENDER },
	{ "to", required_argument, NULL, O_TO },
	{ "at", required_argument, NULL, O_AT },
	{ "output", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

/* Which item options each field option may follow (bits of kinds). */
#define K(kind) (1u << (kind))
#define GOALS (K(CC_PLAN_MACRO) | K(CC_PLAN_GOAL) | K(CC_PLAN_STEP) | K(CC_PLAN_SET))
#define STEPS (K(CC_PLAN_STEP) | K(CC_PLAN_SET))
#define CRISES (K(CC_PLAN_CRISIS) | K(CC_PLAN_SET_CRISIS))

static const struct {
	int opt;
	const char *name;
	unsigned fits;
	const char *after;
} fields[] = {
	{ O_DOMAIN, "domain", K(CC_PLAN_GOAL) | K(CC_PLAN_SET), "--goal or --set" },
	{ O_UNDER, "under", K(CC_PLAN_STEP), "--step" },
	{ O_MEASURE, "measure", GOALS, "--macro, --goal, --step or --set" },
	{ O_DUE, "due", GOALS, "--macro, --goal, --step or --set" },
	{ O_RESPONSIBLE, "responsible", GOALS, "--macro, --goal, --step or --set" },
	{ O_STATUS, "status", GOALS, "--macro, --goal, --step or --set" },
	{ O_CHECKS, "checks", STEPS, "--step or --set" },
	{ O_COST, "cost", STEPS, "--step or --set" },
	{ O_PAYER, "payer", STEPS, "--step or --set" },
	{ O_TEXT, "text", K(CC_PLAN_SET), "--set" },
	{ O_SITUATION, "situation", K(CC_PLAN_SET_CRISIS), "--set-crisis" },
	{ O_CONTACT, "contact", CRISES, "--crisis or --set-crisis" },
	{ O_ACTION, "action", CRISES, "--crisis or --set-crisis" },
	{ 0, NULL, 0, NULL }
};

static const char **field_slot(cc_plan_op *op, int opt)
{
	switch (opt) {
	case O_DOMAIN: return &op->domain;
	case O_UNDER: return &op->id;
	case O_MEASURE: return &op->measure;
	case O_DUE: return &op->due;
	case O_RESPONSIBLE: return &op->responsible;
	case O_STATUS: return &op->status;
	case O_CHECKS: return &op->checks;
	case O_COST: return &op->cost;
	case O_PAYER: return &op->payer;
	case O_TEXT: return &op->text;
	case O_SITUATION: return &op->situation;
	case O_CONTACT: return &op->contact;
	default: return &op->action;
	}
}

/* Set a field of the last item; 0 or an exit status. */
static int field(cc_plan_op *cur, int opt, const char *arg)
{
	const char **slot;
	size_t i;

	for (i = 0; fields[i].opt != opt; i++)
		;
	if (!cur || !(fields[i].fits & K(cur->kind)))
		return cmd_usage_error(usage, "--%s belongs after %s, to the item it describes",
			fields[i].name, fields[i].after);
	slot = field_slot(cur, opt);
	if (*slot)
		return cmd_usage_error(usage, "--%s is given twice for one item", fields[i].name);
	*slot = arg;
	return 0;
}

/* A --set or --set-crisis that sets nothing is a mistake. */
static int check_ops(const cc_plan_op *ops, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const cc_plan_op *o = &ops[i];
		if (o->kind == CC_PLAN_SET && !o->text && !o->domain && !o->measure && !o->due &&
		    !o->responsible && !o->checks && !o->cost && !o->payer && !o->status)
			return cmd_usage_error(usage, "--set %s changes nothing; add --text, "
				"--measure, --due, --responsible, --status ...", o->id);
		if (o->kind == CC_PLAN_SET_CRISIS && !o->situation && !o->contact && !o->action)
			return cmd_usage_error(usage, "--set-crisis %s changes nothing; add "
				"--situation, --contact or --action", o->id);
	}
	return 0;
}

static int write_out(const char *path, const char *data, size_t len)
{
	int err = cc_write_output(path ? path : "-", data, len);

	return err ? cmd_fail(err) : 0;
}

static int render(cc_store *s, const char *input, const char *to, const char *output,
	const char *at)
{
	cc_render_format f = CC_RENDER_HTML;
	char *out = NULL;
	size_t len;
	int err, rc;

	if (to && (err = cc_render_format_parse(to, &f)))
		return cmd_fail(err);
	if ((err = at ? cc_plan_render_at(s, input, at, f, &out, &len)
		      : cc_plan_render(s, input, f, &out, &len)))
		return cmd_fail(err);
	rc = write_out(output ? output : "-", out, len);
	free(out);
	return rc;
}

static int edit(cc_store *s, const char *input, const char *force)
{
	char id[CC_ID_LEN + 1], *draft = NULL, *text = NULL, *kept = NULL;
	size_t draft_len, len;
	int existed = 0, err;

	if ((err = cc_plan_draft(s, input, force, id, &draft, &draft_len, &existed)) ||
	    (err = cc_editor_edit_text(s, "PLAN.md", draft, draft_len, &text, &len)))
		goto out;
	/* a new plan's hints go; a plan's own comments stay */
	if (!existed)
		len = cc_editor_strip_hints(text, len);
	err = cc_plan_commit_text(s, id, existed ? draft : NULL, draft_len, text, len, force);
	if (err && err != CC_EABORTED && err != CC_ENOMEM &&
	    !cc_editor_keep(s, "PLAN-rejected.md", text, len, &kept)) {
		int rc = cmd_fail(err);
		fprintf(stderr, "hint: nothing was written; your text is kept in '%s'\n", kept);
		free(kept);
		free(draft);
		free(text);
		return rc;
	}
out:
	free(draft);
	free(text);
	return err ? cmd_fail(err) : 0;
}

CMD(plan)
{
	cc_plan_change ch = { 0 };
	cc_plan_op *ops, *cur = NULL;
	cc_format fmt = CC_FMT_TEXT;
	cc_store *s = NULL;
	const char *format = NULL, *to = NULL, *output = NULL, *at = NULL;
	char *added = NULL;
	int c, err, rc = 0, do_render = 0;
	size_t n = 0;

	if (!(ops = calloc((size_t)argc + 1, sizeof(*ops)))) {
		fprintf(stderr, "error: out of memory\n");
		return 1;
	}
	while (!rc && (c = getopt_long(argc, argv, "m:o:h", opts, NULL)) != -1) {
		switch (c) {
		case O_MACRO: case O_GOAL: case O_STEP: case O_SET: case O_REMOVE:
		case O_CRISIS: case O_SET_CRISIS: case O_REMOVE_CRISIS:
			cur = &ops[n++];
			cur->kind = (cc_plan_op_kind)(c - O_MACRO);
			if (c == O_MACRO || c == O_GOAL || c == O_STEP)
				cur->text = optarg;
			else if (c == O_CRISIS)
				cur->situation = optarg;
			else
				cur->id = optarg;
			break;
		case O_AGREED: ch.agreed = optarg; break;
		case O_REVIEW: ch.review = optarg; break;
		case 'm': ch.message = optarg; break;
		case O_FORCE: ch.force = optarg; break;
		case O_FORMAT: format = optarg; break;
		case O_RENDER: do_render = 1; break;
		case O_TO: to = optarg; break;
		case O_AT: at = optarg; break;
		case 'o': output = optarg; break;
		case '?': case 'h': rc = cmd_usage(usage); break;
		default: rc = field(cur, c, optarg); break;
		}
	}
	if (rc)
		goto out;
	ch.ops = ops;
	ch.n_ops = n;
	if (argc - optind != 1) {
		rc = cmd_usage_error(usage, argc == optind ? "which case? give its ID"
							    : "too many arguments");
		goto out;
	}
	if (n || ch.agreed || ch.review || ch.message) {
		if (do_render || format || to || output || at) {
			rc = cmd_usage_error(usage, "changes to the plan do not mix with "
				"--render, --at, --to, -o or --format");
			goto out;
		}
		if ((rc = check_ops(ops, n)))
			goto out;
	} else if (ch.force && (do_render || format || !isatty(STDIN_FILENO))) {
		rc = cmd_usage_error(usage, "--force REASON goes with changes to the plan "
			"(or with the editor, on a terminal)");
		goto out;
	} else if (!do_render && (to || output || at)) {
		rc = cmd_usage_error(usage, "--to, --at and -o go with --render");
		goto out;
	} else if (do_render && format) {
		rc = cmd_usage_error(usage, "--render chooses its format with --to, not --format");
		goto out;
	} else if (format && (err = cc_format_parse(format, &fmt))) {
		rc = cmd_fail(err);
		goto out;
	}
	if ((rc = cmd_open_store(ctx, &s)))
		goto out;
	if (do_render) {
		rc = render(s, argv[optind], to, output, at);
	} else if (n || ch.agreed || ch.review || ch.message) {
		if ((err = cc_plan_apply(s, argv[optind], &ch, &added)))
			rc = cmd_fail(err);
		else
			fputs(added, stdout);
	} else if (format || !isatty(STDIN_FILENO)) {
		/* no changes and no terminal: show the plan, read-only */
		if ((err = cc_plan_view(s, argv[optind], fmt, stdout)))
			rc = cmd_fail(err);
	} else {
		rc = edit(s, argv[optind], ch.force);
	}
out:
	free(added);
	free(ops);
	cc_store_free(s);
	return rc;
}
