/*
 * casectl/model/person.h - a person as records write one: "Name <email>",
 * a bare name, or a bare email.
 */
#ifndef CASECTL_PERSON_H
#define CASECTL_PERSON_H

/* Split "Name <email>" (or a bare name, or a bare email) into its
 * parts; *name and *email malloc'd (either may be NULL). */
int cc_person_split(const char *who, char **name, char **email);

#endif
