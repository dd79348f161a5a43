/*
 * fuzz_render.c - libFuzzer target for lib/render*.c
 *
 * Input: the text of a plan.md.  When it parses (cc_doc_parse), it is
 * rendered in all four formats with a case.md and a team.md whose
 * values are hostile; nothing may crash or leak, and the HTML must not
 * contain "<script" in any letter case (every value is escaped, the
 * Markdown body goes through cmark's safe mode).
 *
 * Build and run from the top of the tree (the templates are compiled
 * in, so build/gen/templates.c comes first):
 *
 *   make build/gen/templates.c && mkdir -p build/fuzz && clang -std=c11 -D_GNU_SOURCE \
 *     -Iinclude -Ilib -g -O1 -fsanitize=fuzzer,address,undefined \
 *     -fno-sanitize-recover=undefined tests/fuzz/fuzz_render.c lib/render*.c \
 *     lib/doc/frontmatter-*.c lib/doc/template.c lib/util/error.c lib/util/buf.c build/gen/templates.c \
 *     $(pkg-config --cflags --libs yaml-0.1 libcmark) -o build/fuzz/fuzz_render
 *   mkdir -p build/fuzz/render-corpus
 *   build/fuzz/fuzz_render -max_total_time=60 -max_len=16384 \
 *     build/fuzz/render-corpus tests/fuzz/corpus/render
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "casectl/util/error.h"
#include "casectl/doc/frontmatter.h"
#include "casectl/doc/render.h"

#define CHECK(cond)                                                     \
	do {                                                            \
		if (!(cond)) {                                          \
			fprintf(stderr, "%s:%d: check failed: %s (%s)\n", \
				__FILE__, __LINE__, #cond, cc_error_msg()); \
			abort();                                        \
		}                                                       \
	} while (0)

static const char case_md[] =
	"---\nid: 2jq7kq2mh3\nref: \"<script>r</script>\"\nclient:\n"
	"  name: \"<SCRIPT>alert(1)</SCRIPT>\"\n  birth-date: '\"><img src=x onerror=alert(1)>'\n"
	"manager:\n  name: javascript:alert(1)\n---\n";
static const char team_md[] =
	"---\nmembers:\n- id: T1\n  name: <script>t</script>\n  role: <ScRiPt>\n"
	"  contact: javascript:alert(1)\n  topics: [\"<script>\", b]\n  informal: true\n"
	"  guardian: true\n---\n";

static const char *langs[] = { "en", "cs", "de", "nb", "es", "ru" };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static cc_doc *cs, *team;
	cc_doc *plan = NULL;
	cc_render_input in;
	char *out;
	size_t len, i;
	int f, err;

	if (!cs) {
		CHECK(cc_doc_parse(&cs, case_md, strlen(case_md), "case.md") == 0);
		CHECK(cc_doc_parse(&team, team_md, strlen(team_md), "team.md") == 0);
	}
	if (cc_doc_parse(&plan, (const char *)data, size, "plan.md"))
		return 0;
	in = (cc_render_input){ "2jq7kq2mh3", cs, plan, team, langs[size % 6], NULL };
	for (f = CC_RENDER_HTML; f <= CC_RENDER_COMMONMARK; f++) {
		out = NULL;
		err = cc_render_plan(&in, (cc_render_format)f, &out, &len);
		if (err) {
			/* only the size limit (or memory) may refuse a parsed plan */
			CHECK(err == CC_EINVALID || err == CC_ENOMEM);
			CHECK(!out);
			continue;
		}
		CHECK(out && strlen(out) == len);
		if (f == CC_RENDER_HTML) {
			for (i = 0; i + 7 <= len; i++)
				CHECK(strncasecmp(out + i, "<script", 7) != 0);
			CHECK(!strncmp(out, "<!DOCTYPE html>", 15));
		}
		free(out);
	}
	cc_doc_free(plan);
	return 0;
}
