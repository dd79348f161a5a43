/*
 * casectl/util/id.h - case IDs.
 *
 * A case ID is 10 characters of lowercase Crockford base32
 * ("0123456789abcdefghjkmnpqrstvwxyz": no i, l, o or u), e.g.
 * "2jq7kq2mh3".  The first two characters count the months since
 * January 2020 (so IDs sort by the month they were opened, for 85
 * years); the other eight are 40 random bits from the kernel's CSPRNG.
 * Two offline clones opening cases collide only if they draw the same
 * 40 bits in the same month: with 100,000 cases opened in one single
 * month the chance of any collision is about n^2/2^41 = 0.45%, and with
 * the same 100,000 spread over ten years (833 a month) about 0.004%.
 * A clone never reuses an ID it can see, and sync reports a collision
 * as a conflict instead of merging two clients.
 *
 * IDs are safe as file names by construction.  User input is
 * normalised the Crockford way (upper case folded, i/l read as 1, o as
 * 0) and then checked strictly, so nothing else can reach a path.
 *
 * A case lives in cases/C2/C3/ID/ (C2, C3 = the third and fourth
 * characters): two levels of at most 32 folders keep every git tree
 * small, so a commit writes a few kilobytes even with 100,000 cases.
 */
#ifndef CASECTL_ID_H
#define CASECTL_ID_H

#include <stddef.h>
#include <stdint.h>

#define CC_ID_LEN 10
#define CC_ID_DIR_MAX 32 /* "cases/x/y/" + ID + NUL fits */

extern const char cc_id_alphabet[33];

/* A new ID for a case opened at UNIX_TIME. */
int cc_id_generate(char out[CC_ID_LEN + 1], int64_t unix_time);

/* 1 if ID is exactly a valid full ID. */
int cc_id_valid(const char *id);

/* Normalise user input IN (a full ID or a prefix) into OUT (lowercase
 * Crockford).  CC_EINVALID with a message naming the input when it is
 * empty, longer than an ID, or has a character outside the alphabet. */
int cc_id_normalize(const char *in, char out[CC_ID_LEN + 1]);

/* The store folder of a valid full ID: "cases/q/7/2jq7kq2mh3". */
int cc_id_dir(const char *id, char out[CC_ID_DIR_MAX]);

#endif
