/* report-svg.c - the inline SVG charts of the HTML report
 *
 * Plain SVG 1.1 shapes and text, styled by the report's CSS classes; no
 * scripts, no links, no external references.  Every label that comes
 * from the store is shortened (whole UTF-8 characters) and then escaped
 * with cc_html_escape, which is also valid XML escaping.
 */
#include <stdio.h>
#include <string.h>

#include "casectl/util/error.h"
#include "casectl/doc/render.h"
#include "report-int.h"

#define W 640.0          /* drawing width */
#define LABEL_W 150.0    /* room for row labels on the left */
#define ROW_H 24.0
#define LABEL_MAX 22     /* characters of a label shown */

static int M(cc_buf *b, const char *s)
{
	return cc_buf_puts(b, s);
}

/* Append S escaped, cut to LABEL_MAX characters with an ellipsis. */
static int label(cc_buf *b, const char *s)
{
	char cut[LABEL_MAX * 4 + 4];
	size_t i = 0, chars = 0;

	if (!s)
		return 0;
	for (; s[i] && i < sizeof(cut) - 4; i++) {
		if (((unsigned char)s[i] & 0xC0) != 0x80 && ++chars > LABEL_MAX)
			break;
		cut[i] = s[i];
	}
	cut[i] = '\0';
	if (s[i]) {
		while (i > 0 && ((unsigned char)cut[i - 1] & 0xC0) == 0xC0) /* a cut lead byte */
			cut[--i] = '\0';
		strcpy(cut + i, "\xe2\x80\xa6");
	}
	return cc_html_escape(b, cut);
}

/* A "nice" axis step (1, 2 or 5 times a power of ten) for MAX over about 5 ticks. */
static double nice_step(double max)
{
	double step = 1, raw = max / 5;

	while (step * 10 <= raw)
		step *= 10;
	if (step * 5 <= raw)
		return step * 5;
	if (step * 2 <= raw)
		return step * 2;
	return step;
}

/* Open an <svg> of height H with an accessible title. */
static int svg_open(cc_buf *b, double h, const char *title)
{
	int err = cc_buf_printf(b, "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" "
		"viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" role=\"img\"><title>",
		W, h, W, h);
	if (!err && !(err = cc_html_escape(b, title)))
		err = M(b, "</title>\n");
	return err;
}

static int svg_close(cc_buf *b, const char *caption)
{
	int err = M(b, "</svg><figcaption>");
	if (!err && !(err = cc_html_escape(b, caption)))
		err = M(b, "</figcaption></figure>\n");
	return err;
}

/* Vertical grid lines and tick labels from X0 to X1 for 0..MAX, in a
 * plot from Y0 to Y1; returns the scale (pixels per unit) in *k. */
static int axis(cc_buf *b, double x0, double x1, double y0, double y1, double max,
	const char *unit, double *k)
{
	double step, v;
	char t[32];
	int err = 0;

	if (max <= 0)
		max = 1;
	step = nice_step(max);
	max = step * (double)(long)((max + step - 1e-9) / step);
	*k = (x1 - x0) / max;
	for (v = 0; !err && v <= max + 1e-9; v += step) {
		double x = x0 + v * *k;
		cc__report_num(v, t, sizeof(t));
		err = cc_buf_printf(b, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
			"y2=\"%.1f\"/><text class=\"tick\" x=\"%.1f\" y=\"%.1f\" "
			"text-anchor=\"middle\">%s%s</text>\n", x, y0, x, y1, x, y1 + 13, t, unit);
	}
	return err;
}

/* --- time in each phase: box plots -------------------------------------- */

int cc__svg_phases(cc_buf *b, const cc_rdata *d)
{
	double max = 0, k, y, h = 20 + ROW_H * CC_PHASE_CLOSED + 24;
	double x0 = 110, x1 = W - 70;
	char t[32];
	int p, err;

	for (p = 0; p < CC_PHASE_CLOSED; p++)
		if (d->phases[p].done_st.count && d->phases[p].done_st.max > max)
			max = d->phases[p].done_st.max;
	if ((err = svg_open(b, h, "Days in each phase: min, quartiles, median, max")) ||
	    (err = axis(b, x0, x1, 10, h - 24, max, " d", &k)))
		return err;
	for (p = 0; !err && p < CC_PHASE_CLOSED; p++) {
		const cc_rstats *s = &d->phases[p].done_st;
		y = 10 + ROW_H * p + ROW_H / 2;
		err = cc_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
			x0 - 8, y + 4, cc_phase_name((cc_phase)p));
		if (err)
			break;
		if (!s->count) {
			err = cc_buf_printf(b, "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\">"
				"no completed stays</text>\n", x0 + 4, y + 4);
			continue;
		}
		cc__report_num(s->median, t, sizeof(t));
		err = cc_buf_printf(b, "<line class=\"whisker\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
			"y2=\"%.1f\"/><rect class=\"box\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
			"height=\"%.1f\"/><line class=\"median\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
			"y2=\"%.1f\"/><text x=\"%.1f\" y=\"%.1f\">%s d</text>\n",
			x0 + s->min * k, y, x0 + s->max * k, y,
			x0 + s->q1 * k, y - 7, (s->q3 - s->q1) * k + 0.01, 14.0,
			x0 + s->median * k, y - 8, x0 + s->median * k, y + 8,
			x0 + s->max * k + 6, y + 4, t);
	}
	if (!err)
		err = svg_close(b, "Boxes from the first to the third quartile, a thick line at "
			"the median, whiskers from the shortest to the longest stay (days).");
	return err;
}

/* --- a value per month: vertical bars ----------------------------------- */

int cc__svg_months(cc_buf *b, const char *title, const char *const *months,
	const long *v, size_t n)
{
	double h = 200, x0 = 40, x1 = W - 10, y0 = 15, y1 = h - 40, max = 0, k, step, bw, y;
	char t[32];
	size_t i, every;
	int err;

	for (i = 0; i < n; i++)
		if ((double)v[i] > max)
			max = (double)v[i];
	if (max <= 0)
		max = 1;
	step = nice_step(max);
	max = step * (double)(long)((max + step - 1e-9) / step);
	k = (y1 - y0) / max;
	if ((err = svg_open(b, h, title)))
		return err;
	for (y = 0; !err && y <= max + 1e-9; y += step) {
		cc__report_num(y, t, sizeof(t));
		err = cc_buf_printf(b, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
			"y2=\"%.1f\"/><text class=\"tick\" x=\"%.1f\" y=\"%.1f\" "
			"text-anchor=\"end\">%s</text>\n", x0, y1 - y * k, x1, y1 - y * k,
			x0 - 4, y1 - y * k + 4, t);
	}
	bw = n ? (x1 - x0) / (double)n : 0;
	every = n > 12 ? (n + 11) / 12 : 1;     /* at most about 12 month labels */
	for (i = 0; !err && i < n; i++) {
		double x = x0 + bw * (double)i, bh = (double)v[i] * k;
		err = cc_buf_printf(b, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
			"height=\"%.1f\"/>", x + bw * 0.15, y1 - bh, bw * 0.7, bh);
		if (!err && n <= 24)
			err = cc_buf_printf(b, "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" "
				"text-anchor=\"middle\">%ld</text>", x + bw / 2, y1 - bh - 3, v[i]);
		if (!err && i % every == 0) {
			err = cc_buf_printf(b, "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" "
				"text-anchor=\"middle\">", x + bw / 2, y1 + 14);
			if (!err && !(err = label(b, months[i])))
				err = M(b, "</text>");
		}
		if (!err)
			err = M(b, "\n");
	}
	if (!err)
		err = cc_buf_printf(b, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
			"y2=\"%.1f\"/>", x0, y1, x1, y1);
	if (!err)
		err = svg_close(b, title);
	return err;
}

/* --- stacked horizontal bars ------------------------------------------- */

int cc__svg_bars(cc_buf *b, const char *title, const cc_rbar *rows, size_t nrows,
	const char *const *cats, int ncats, int percent, long limit)
{
	double legend = ncats > 1 ? 22 : 0;
	double h = 10 + legend + ROW_H * (double)(nrows ? nrows : 1) + 24;
	double x0 = LABEL_W, x1 = W - 50, y0 = 10 + legend, k, max = 0, x, lx;
	size_t i;
	int c, err;

	for (i = 0; i < nrows; i++) {
		long t = 0;
		for (c = 0; c < ncats; c++)
			t += rows[i].n[c];
		if ((double)t > max)
			max = (double)t;
	}
	if (limit > 0 && (double)limit > max)
		max = (double)limit;
	if (percent)
		max = 100;
	if ((err = svg_open(b, h, title)))
		return err;
	for (c = 0, lx = x0; ncats > 1 && !err && c < ncats; c++) {
		err = cc_buf_printf(b, "<rect class=\"c%d\" x=\"%.1f\" y=\"4\" width=\"10\" "
			"height=\"10\"/><text x=\"%.1f\" y=\"13\">%s</text>", c % 6, lx, lx + 14,
			cats[c]);
		lx += 24 + 7.0 * (double)strlen(cats[c]);
	}
	if (!err)
		err = axis(b, x0, x1, y0, h - 24, max, percent ? "%" : "", &k);
	if (!err && percent)
		k = (x1 - x0) / 100.0;
	for (i = 0; !err && i < nrows; i++) {
		double y = y0 + ROW_H * (double)i + 4, total = 0;
		long t = 0;
		for (c = 0; c < ncats; c++)
			t += rows[i].n[c];
		total = percent ? (t ? 100.0 / (double)t : 0) : 1;
		if ((err = cc_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">",
				x0 - 8, y + 12)) || (err = label(b, rows[i].label)) ||
		    (err = M(b, "</text>")))
			break;
		for (c = 0, x = x0; !err && c < ncats; c++) {
			double wd = (double)rows[i].n[c] * total * k;
			if (wd <= 0)
				continue;
			if (ncats > 1)
				err = cc_buf_printf(b, "<rect class=\"c%d\" x=\"%.1f\" y=\"%.1f\" "
					"width=\"%.1f\" height=\"16\"/>", c % 6, x, y, wd);
			else
				err = cc_buf_printf(b, "<rect class=\"bar%s\" x=\"%.1f\" y=\"%.1f\" "
					"width=\"%.1f\" height=\"16\"/>",
					limit > 0 && t > limit ? " over" : "", x, y, wd);
			x += wd;
		}
		if (!err)
			err = cc_buf_printf(b, "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\">%ld</text>\n",
				(percent ? x1 : x) + 5, y + 12, t);
	}
	if (!err && limit > 0)
		err = cc_buf_printf(b, "<line class=\"limit\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
			"y2=\"%.1f\"/>", x0 + (double)limit * k, y0 - 2, x0 + (double)limit * k,
			h - 24);
	if (!err)
		err = svg_close(b, title);
	return err;
}
