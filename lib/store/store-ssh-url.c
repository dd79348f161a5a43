/* store-ssh-url.c - ssh URLs as git reads them: ssh://[USER@]HOST[:PORT]/PATH
 * (also git+ssh://, ssh+git://; "/~user" paths are "~user"), and the
 * scp-like [USER@]HOST:PATH when no folder of that name exists; and the
 * remote command "git-upload-pack 'PATH'" quoted as git quotes it.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "casectl/util/buf.h"
#include "store-net-int.h"

static const char *const schemes[] = { "ssh://", "git+ssh://", "ssh+git://" };

static const char *after_scheme(const char *url)
{
	size_t i;

	for (i = 0; i < sizeof(schemes) / sizeof(*schemes); i++)
		if (!strncasecmp(url, schemes[i], strlen(schemes[i])))
			return url + strlen(schemes[i]);
	return NULL;
}

int cc__ssh_url(const char *url)
{
	const char *colon, *slash;
	struct stat st;

	if (after_scheme(url))
		return 1;
	if (strstr(url, "://") || !(colon = strchr(url, ':')) || colon == url)
		return 0;
	slash = strchr(url, '/');
	/* "host:path", as git reads it; a local folder wins */
	return (!slash || slash > colon) && !(stat(url, &st) == 0 && S_ISDIR(st.st_mode));
}

void cc__ssh_target_free(cc_ssh_target *t)
{
	free(t->user);
	free(t->host);
	free(t->port);
	free(t->path);
	memset(t, 0, sizeof(*t));
}

/* Split [USER@]HOST[:PORT] (HOST may be "[v6]"); with ALLOW_PORT 0 the
 * whole rest is the host. */
static int split_authority(const char *a, size_t len, int allow_port, cc_ssh_target *t)
{
	const char *at = NULL, *h, *end = a + len, *p, *hend;
	size_t i;

	for (i = 0; i < len; i++)
		if (a[i] == '@')
			at = a + i;
	if (at && !(t->user = strndup(a, (size_t)(at - a))))
		return -1;
	h = at ? at + 1 : a;
	if (*h == '[') {
		if (!(hend = memchr(h, ']', (size_t)(end - h))))
			return -1;
		t->host = strndup(h + 1, (size_t)(hend - h - 1));
		p = hend + 1;
	} else {
		hend = allow_port ? memchr(h, ':', (size_t)(end - h)) : NULL;
		if (!hend)
			hend = end;
		t->host = strndup(h, (size_t)(hend - h));
		p = hend;
	}
	if (!t->host)
		return -1;
	if (p < end) {
		if (*p != ':' || p + 1 == end || !allow_port)
			return -1;
		for (i = 1; p + i < end; i++)
			if (p[i] < '0' || p[i] > '9')
				return -1;
		if (!(t->port = strndup(p + 1, (size_t)(end - p - 1))))
			return -1;
	}
	return 0;
}

int cc__ssh_parse(const char *url, cc_ssh_target *t)
{
	const char *rest = after_scheme(url), *slash, *colon, *br;
	int rc;

	memset(t, 0, sizeof(*t));
	if (rest) {
		if (!(slash = strchr(rest, '/')))
			return -1;
		rc = split_authority(rest, (size_t)(slash - rest), 1, t);
		/* "ssh://host/~user/x" is "~user/x", as for git */
		if (!rc && !(t->path = strdup(slash[1] == '~' ? slash + 1 : slash)))
			rc = -1;
	} else {
		/* "[v6]:path" and "user@[v6]:path" */
		colon = strchr(url, ':');
		if ((br = strchr(url, '[')) && colon && br < colon && strstr(br, "]:"))
			colon = strstr(br, "]:") + 1;
		rc = colon ? split_authority(url, (size_t)(colon - url), 0, t) : -1;
		if (!rc && !(t->path = strdup(colon + 1)))
			rc = -1;
	}
	if (!rc && (!*t->host || t->host[0] == '-' || (t->user && t->user[0] == '-') ||
		    !*t->path || strpbrk(t->host, " \t\r\n")))
		rc = -1;
	if (rc)
		cc__ssh_target_free(t);
	return rc;
}

/* "git-upload-pack 'PATH'", quoted for the remote shell as git does. */
int cc__ssh_command(cc_buf *b, const char *cmd, const char *path)
{
	const char *p;
	int rc = cc_buf_printf(b, "%s '", cmd);

	for (p = path; !rc && *p; p++) {
		if (*p == '\'' || *p == '!')
			rc = cc_buf_printf(b, "'\\%c'", *p);
		else
			rc = cc_buf_putc(b, *p);
	}
	return rc || cc_buf_putc(b, '\'') ? -1 : 0;
}
