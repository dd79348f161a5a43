/*
 * casectl/views/ecomap.h - the client's network as a Graphviz graph.
 *
 * The eco-map puts the client in the centre (layout twopi, root
 * "client") with an edge to everyone around: the case manager, the
 * team members of team.md (informal ones - family, friends, neighbours
 * - green ellipses; professionals blue boxes; a guardian with a double
 * border and "guardian" in its label) and the links of links/
 * (directory services as rounded boxes, informal supports as
 * ellipses), each link filled in the colour of its status:
 *   proposed  #eeeeee   referred  #fff3b0   accepted  #ffd59e
 *   active    #b7e4b0   ended     #d9d9d9 (dashed)
 *   declined  #f4b6b6 (dotted)
 * A link's edge is labelled with its goal (its ID and, when plan.md
 * has it, its text).  Every string is escaped for DOT.  Reading only;
 * a closed case has an eco-map too.
 */
#ifndef CASECTL_ECOMAP_H
#define CASECTL_ECOMAP_H

#include <stdio.h>

#include "casectl/util/buf.h"
#include "casectl/store/store.h"

/* Write the eco-map of the case INPUT as DOT to OUT. */
int cc_ecomap_write(cc_store *s, const char *case_input, FILE *out);

/* Append S to B as the inside of a DOT quoted string: '"' and '\'
 * escaped, a newline as the line break "\n", other control
 * characters as spaces. */
int cc_dot_escape(cc_buf *b, const char *s);

#endif
