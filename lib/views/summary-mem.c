/* summary-mem.c - the two arenas the summary cache's entries live in */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "summary-int.h"

struct cc__sum_chunk {
	cc__sum_chunk *next;
	size_t used, size;
	max_align_t data[];
};

#define CHUNK_SIZE (64 * 1024)

void *cc__sum_alloc(cc_summary *sm, size_t size)
{
	cc__sum_chunk **head = &sm->mem[sm->part], *c = *head;
	size_t need = (size + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
	void *p;

	if (!c || c->size - c->used < need) {
		size_t sz = need > CHUNK_SIZE / 4 ? need : CHUNK_SIZE;
		if (!(c = malloc(sizeof(*c) + sz)))
			return NULL;
		c->size = sz;
		c->used = 0;
		if (need > CHUNK_SIZE / 4 && *head) {
			/* a big one: keep the current chunk for small ones */
			c->next = (*head)->next;
			(*head)->next = c;
		} else {
			c->next = *head;
			*head = c;
		}
	}
	p = (char *)c->data + c->used;
	c->used += need;
	memset(p, 0, size);
	return p;
}

/* Empty arena P, keeping one ordinary chunk for the next part. */
void cc__sum_arena_reset(cc_summary *sm, int p)
{
	cc__sum_chunk *c, *next, *keep = NULL;

	for (c = sm->mem[p]; c; c = next) {
		next = c->next;
		if (!keep && c->size == CHUNK_SIZE)
			keep = c;
		else
			free(c);
	}
	if (keep) {
		keep->used = 0;
		keep->next = NULL;
	}
	sm->mem[p] = keep;
}

char *cc__sum_strdup(cc_summary *sm, const char *s)
{
	size_t len;
	char *p;

	if (!s)
		return NULL;
	len = strlen(s);
	if ((p = cc__sum_alloc(sm, len + 1)))
		memcpy(p, s, len + 1);
	return p;
}
