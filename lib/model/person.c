/* person.c - a person as records write one: "Name <email>" */
#include <stdlib.h>
#include <string.h>

#include "casectl/util/error.h"
#include "casectl/model/person.h"

static char *trimmed_dup(const char *s, size_t n)
{
	char *r;

	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (!n)
		return NULL;
	r = malloc(n + 1);
	if (r) {
		memcpy(r, s, n);
		r[n] = '\0';
	}
	return r;
}

int cc_person_split(const char *who, char **name, char **email)
{
	const char *lt = strchr(who, '<'), *gt = lt ? strchr(lt, '>') : NULL;

	*name = *email = NULL;
	if (lt && gt) {
		*name = trimmed_dup(who, (size_t)(lt - who));
		*email = trimmed_dup(lt + 1, (size_t)(gt - lt - 1));
	} else if (strchr(who, '@') && !strchr(who, ' ')) {
		*email = trimmed_dup(who, strlen(who));
	} else {
		*name = trimmed_dup(who, strlen(who));
	}
	if (!*name && !*email)
		return cc_error_set(CC_EINVALID, "'%s' is not a person; use 'Name <email>'", who);
	return 0;
}
