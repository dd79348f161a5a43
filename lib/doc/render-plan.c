/* render-plan.c - the printable plan: one entry point for every format */

#include "casectl/util/error.h"
#include "render-int.h"

int cc_render_plan(const cc_render_input *in, cc_render_format f, char **out, size_t *len)
{
	cc_render_ctx r;
	cc_buf b = CC_BUF_INIT;
	size_t blen;
	int err;

	*out = NULL;
	*len = 0;
	if (!in || !in->plan)
		return cc_error_set(CC_EINVALID, "nothing to render: no plan");
	cc_doc_body(in->plan, &blen);
	if (blen > CC_RENDER_MAX_BODY)
		return cc_error_set(CC_EINVALID, "the text of the plan%s%s%s is %zu KiB; "
			"casectl renders at most %d KiB of Markdown; shorten it or move "
			"appendices to files of their own", in->case_id ? " of case '" : "",
			in->case_id ? in->case_id : "", in->case_id ? "'" : "",
			(blen + 1023) / 1024, CC_RENDER_MAX_BODY / 1024);
	if ((err = cc__render_ctx_init(&r, in)))
		return err;
	err = f == CC_RENDER_HTML ? cc__render_html(&r, &b) : cc__render_tree(&r, f, &b);
	cc__render_ctx_free(&r);
	if (!err) {
		*len = b.len;
		if (!(*out = cc_buf_detach(&b)))
			err = cc_error_set(CC_ENOMEM, "out of memory");
	}
	cc_buf_free(&b);
	return err;
}
