/*
 * casectl/model/link.h - linking the client to services and informal supports.
 *
 * One file per link, changed in place (records.h): links/SLUG.md for a
 * service of the directory, links/informal-xxxx.md for an informal
 * support (family, a neighbour, a volunteer), whose name or description
 * stays inside the file ("name:") and never reaches a path or a commit
 * message.
 *
 * Status: proposed -> referred -> accepted -> active -> ended, or
 * declined from proposed, referred or accepted.  Forward moves may skip
 * steps; moving back and repeating the status are refused (CC_EREFUSED,
 * naming the allowed next states).  After ended or declined the link
 * starts a new round (a re-referral): any status a new link may start
 * with, in the same file, with "round: N" (2, 3, ...; absent means 1)
 * and its waitlist reset.  Each status a link takes is appended to its
 * history as { status, date, by } and, from round 2 on, "round: N", so
 * the history keeps every earlier round.
 *
 * Rules, checked before anything is written:
 *   - phase: the case must have reached planning (cc_phase_allows
 *     "link"; --force REASON overrides and is recorded); the first link
 *     moves planning -> linking;
 *   - the goal, when given, must be an id of plan.md's goals;
 *   - capacity (directory services): a new link, or a move to active,
 *     is refused when the service's active links already fill its
 *     capacity.places, unless WAITLIST: then the link is kept at
 *     proposed or referred with waitlist: true;
 *   - consent (directory services, every status but ended and
 *     declined): an active consent of the client whose "to" names the
 *     service's organisation or name must exist, unless the link has a
 *     legal basis (LEGAL_BASIS, recorded as legal-basis:).  Neither
 *     capacity nor consent can be overridden with --force.
 * Commit: action "link", summary "link to SLUG STATUS" (or "link to
 * informal-xxxx STATUS").
 */
#ifndef CASECTL_LINK_H
#define CASECTL_LINK_H

#include "casectl/store/store.h"

typedef struct {
	const char *service;     /* a slug (or a prefix of one), "informal-xxxx",
	                          * or with INFORMAL a person or description */
	const char *goal;        /* a goal id of plan.md, or NULL */
	int informal;
	const char *status;      /* NULL: a new link is proposed */
	int waitlist;
	const char *legal_basis; /* NULL unless sharing rests on a legal basis */
	const char *force;       /* --force REASON, or NULL */
} cc_link_opts;

extern const char *const cc_link_status_names[]; /* NULL-terminated, in order */

/* Whether a link may move from status FROM to TO (FROM NULL: a new
 * link).  Returns 0 or CC_EREFUSED with a message listing the allowed
 * next states. */
int cc_link_transition(const char *name, const char *from, const char *to);

/* Whether a move away from status FROM starts a new round (FROM is
 * ended or declined). */
int cc_link_new_round(const char *from);

/* Create a link or move an existing one.  NAME receives the link's
 * name, the file name without ".md" ("home-care-p7",
 * "informal-k3xz"). */
int cc_link(cc_store *s, const char *case_input, const cc_link_opts *o, char name[80]);

#endif
