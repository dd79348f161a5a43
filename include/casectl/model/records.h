/*
 * casectl/model/records.h - the records of a case folder: formats and names.
 *
 * This is the contract every lifecycle module reads and writes; the
 * reference for people is casectl-case(5).  Keys are written in the
 * order listed.  "by" is the worker's name (user.name).  Lists of
 * maps carry a stable "id" so that people, scripts and merges can refer
 * to one item.  Dates are YYYY-MM-DD.
 * Files that only accumulate are one file each, named
 * FOLDER/YYYY-MM-DD-xxxx.md (cc_action_event_name), so two workers
 * adding them offline never conflict.
 *
 * case.md                  the intake record and the case's state (case.h);
 *                          later phases add (closure.h): closed (date),
 *                          close-reason, close-note, follow-up (date),
 *                          reopened (date), reopen-reason,
 *                          handovers: [ { date, from, to, reason } ]
 *                          (from, to: "Name <email>"); status closed
 *                          if and only if phase closed
 *
 * assessments/DATE-x.md    one per (re)assessment; earlier ones stay
 *   date, by, with-client (bool),
 *   needs: { client: [str], professional: [str] },
 *   resources: { personal: [str], social: [str], community: [str] },
 *   strengths: [str], works: [str], risks: [str], domains: [str]
 *   needs at least one need; domains: lowercase-with-dashes
 *   (housing, health, income, family, daily-living, work, education,
 *   legal, addiction, mental-health, or others)
 *   body: free notes
 *
 * plan.md                  the individual plan (one per case, changed in place)
 *   agreed (date the client agreed / signed), review (next review date),
 *   goals: [ { id, level: macro|meso|micro, domain (meso), text, measure,
 *              due, responsible, checks (micro), cost (micro, number),
 *              payer (micro), status } ]
 *     ids: G0 the macro (impact) goal; G1, G2 ... meso goals, one per
 *     life domain; G1.1, G1.2 ... micro goals = the steps under G1.
 *     status: open | achieved | partly | not-achieved | dropped
 *     SMART: every goal needs text, measure and due.
 *   crisis: [ { id: K1.., situation, contact, action } ]
 *   body: free text (the plan in the client's words, appendices)
 *
 * team.md                  the responsibility group and contact overview
 *   members: [ { id: T1.., name, role, organisation, contact,
 *                topics: [str], informal (bool), guardian (bool) } ]
 *
 * consent/DATE-x.md        one per grant or withdrawal
 *   id (grant only: "C" + the file's 4-character suffix, upper case), action:
 *   grant|withdraw, consent (withdraw: the id withdrawn), date, by,
 *   to (organisation or role that may receive), what (what may be
 *   shared), expires (optional date)
 *
 * links/NAME.md            one per link of the case, changed in place
 *   NAME is the service's slug for directory services, or
 *   "informal-xxxx" for informal supports (no personal names in paths)
 *   service (slug) or name (informal), informal (bool), goal, status:
 *   proposed|referred|accepted|active|ended|declined, waitlist (bool),
 *   legal-basis (when linked without a covering consent),
 *   history: [ { status, date, by } ]
 *
 * journal/DATE-x.md        one per contact or meeting (monitor)
 *   date, kind: visit|phone|message|consultation|conference|feedback,
 *   by, with: [str], minutes (int), client-present (bool),
 *   absent-reason, progress: [ { goal, state } ], next-review (date)
 *   state: not-started|on-track|behind|blocked|done
 *   minutes: 0..1440; kind conference needs client-present: true or
 *   an absent-reason; each progress goal at most once
 *   body: the note
 *
 * evaluations/DATE-x.md    one per evaluation
 *   date, by, decision: continue|replan|step-down|refer|close,
 *   outcomes: [ { goal, outcome: achieved|partly|not-achieved|dropped } ],
 *   client-view, worker-view
 *   each outcome goal at most once; 'evaluate' also writes the
 *   outcome to that goal's status in plan.md
 *   body: free text
 *
 * services/SLUG.md         the service directory (store-wide, not per case)
 *   name, organisation, contact, area, offers: [str],
 *   capacity: { places (int), updated (date) }
 *   SLUG: lowercase ASCII letters, digits and '-', from the name
 *   (never "informal-...", which names informal links).
 */
#ifndef CASECTL_RECORDS_H
#define CASECTL_RECORDS_H

#define CC_PLAN_FILE "plan.md"
#define CC_TEAM_FILE "team.md"
#define CC_DIR_ASSESSMENTS "assessments"
#define CC_DIR_CONSENT "consent"
#define CC_DIR_LINKS "links"
#define CC_DIR_JOURNAL "journal"
#define CC_DIR_EVALUATIONS "evaluations"
#define CC_DIR_SERVICES "services"

#endif
