/* store-nettext.c - what a fetch or push shows a person: URLs without
 * their passwords, and the server's own messages ("remote: ...") made
 * safe for a terminal */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "store-net-int.h"

#define REDACTED "<redacted>"

int cc__redact(const char *text, cc_buf *out)
{
	const char *p = text;

	while (*p) {
		const char *s = strstr(p, "://"), *a, *end, *colon = NULL, *at = NULL;
		if (!s)
			break;
		a = s + 3;
		/* the authority: up to '/', '?', '#', a space or a quote */
		for (end = a; *end && !strchr("/?#\"' \t\r\n", *end); end++) {
			if (*end == '@')
				at = end;
		}
		if (at)
			colon = memchr(a, ':', (size_t)(at - a));
		if (colon) {
			if (cc_buf_put(out, p, (size_t)(colon + 1 - p)) || cc_buf_puts(out, REDACTED))
				return CC_ENOMEM;
			p = at;
		} else {
			if (cc_buf_put(out, p, (size_t)(end - p)))
				return CC_ENOMEM;
			p = end;
		}
	}
	return cc_buf_puts(out, p) ? CC_ENOMEM : 0;
}

char *cc__redact_dup(const char *text)
{
	cc_buf b = CC_BUF_INIT;

	if (cc_buf_puts(&b, "") || cc__redact(text, &b)) {
		cc_buf_free(&b);
		return NULL;
	}
	return cc_buf_detach(&b);
}

int cc__url_has_password(const char *url)
{
	char *r = cc__redact_dup(url);
	int has = r && strcmp(r, url) != 0;

	free(r);
	return has;
}

void cc__net_sideband(cc_net *c, const char *text, size_t len)
{
	/* enough for any hook's reason; a flood is cut */
	if (c->sideband.len < 16384)
		cc_buf_put(&c->sideband, text, len < 16384 ? len : 16384);
}

int cc__net_remote_lines(const cc_net *c, cc_buf *out)
{
	const char *p = c->sideband.ptr, *end = p + c->sideband.len;
	cc_buf line = CC_BUF_INIT;
	int err = 0;

	while (p && p < end && !err) {
		const char *q = p;
		cc_buf_clear(&line);
		/* progress overwrites itself with '\r': each is a line of its own */
		while (q < end && *q != '\n' && *q != '\r')
			q++;
		for (const char *r = p; r < q && !err; r++) {
			unsigned char ch = (unsigned char)*r;
			if (ch < 0x20 || ch == 0x7f)
				err = ch == '\t' ? cc_buf_putc(&line, ' ') :
					cc_buf_printf(&line, "^%c", ch == 0x7f ? '?' : ch + 0x40);
			else
				err = cc_buf_putc(&line, (char)ch);
		}
		while (line.len && line.ptr[line.len - 1] == ' ')
			line.ptr[--line.len] = '\0';
		/* a progress line ("Resolving deltas: 40% (2/5)") says nothing of why */
		if (!err && line.len && !strstr(line.ptr, "% (")) {
			cc_buf red = CC_BUF_INIT;
			err = cc__redact(line.ptr, &red);
			if (!err)
				err = cc_buf_printf(out, "%sremote: %s", out->len ? "\n" : "",
					red.ptr);
			cc_buf_free(&red);
		}
		p = q < end ? q + 1 : end;
	}
	cc_buf_free(&line);
	return err ? CC_ENOMEM : 0;
}

void cc__net_msg(cc_net *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->msg, sizeof(c->msg), fmt, ap);
	va_end(ap);
}

void cc__net_pick_line(const char *text, char *out, size_t size)
{
	static const char *const prefixes[] = { "ssh: ", "fatal: ", "error: ", "ERROR: " };
	const char *line, *next, *last = NULL;
	size_t len, lastlen = 0, i;

	out[0] = '\0';
	for (line = text; *line; line = next) {
		next = strchr(line, '\n');
		len = next ? (size_t)(next - line) : strlen(line);
		next = next ? next + 1 : line + len;
		while (len && (line[len - 1] == '\r' || line[len - 1] == ' '))
			len--;
		if (!len || !strncmp(line, "remote: ", 8))
			continue;
		for (i = 0; i < sizeof(prefixes) / sizeof(*prefixes); i++)
			if (!strncmp(line, prefixes[i], strlen(prefixes[i]))) {
				last = line;
				lastlen = len;
				goto found;
			}
		last = line;
		lastlen = len;
	}
found:
	if (last)
		snprintf(out, size, "%.*s", (int)lastlen, last);
	/* "unable to connect to HOST:" says why on the next line */
	if (last && lastlen && last[lastlen - 1] == ':' && (next = strchr(last, '\n')) &&
	    *++next && strncmp(next, "remote: ", 8)) {
		size_t have = strlen(out);
		snprintf(out + have, size - have, " %.*s", (int)strcspn(next, "\r\n"), next);
	}
	/* the line may come from the server: it must not drive the terminal */
	for (char *q = out; *q; q++)
		if ((unsigned char)*q < 0x20 || *q == 0x7f)
			*q = '?';
}
