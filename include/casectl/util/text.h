/*
 * casectl/util/text.h - values that are safe to store and to print.
 *
 * A control character is a C0 control (U+0000-U+001F), DEL (U+007F), a
 * C1 control (U+0080-U+009F) or a bidirectional embedding, override or
 * isolate (U+202A-U+202E, U+2066-U+2069).  Printed raw, ESC and BEL
 * (and the C1 CSI) drive the terminal of whoever reads the output, also
 * through cron mail; the bidirectional ones reorder what is shown.
 *
 * Input: a single-line value may hold none of them (a newline neither:
 * it would add a line to a table or the cron mail); multi-line text
 * (a record's body, close-note and reopen-reason, validate-text.c) may
 * hold newline and tab, and a carriage return right before a newline.  Every record
 * a command writes is checked by cc_validate_doc, which uses this rule,
 * so one rule covers every option of every command and 'casectl check'.
 *
 * Output: cc_text_escape writes every control character as \uXXXX (the
 * JSON escape, so that JSON stays valid JSON with the same meaning) and
 * every byte that is not UTF-8 as \xNN.  casectl's standard output and
 * standard error go through cc_text_stream, so every human output
 * (views, messages that quote values) is escaped by this one function.
 */
#ifndef CASECTL_TEXT_H
#define CASECTL_TEXT_H

#include <stddef.h>
#include <stdio.h>

#include "casectl/util/buf.h"

/* The first control character in S (LEN bytes) that a value may not
 * hold (MULTILINE: newline, tab and CR before a newline are allowed).
 * Returns 1 and sets *off (its byte offset) and *cp (its code point),
 * or 0 when there is none.  Bytes that are not UTF-8 are not looked at
 * here (the front-matter parser refuses them). */
int cc_text_find_control(const char *s, size_t len, int multiline, size_t *off,
	unsigned long *cp);

/* CC_EINVALID "WHAT has the control character U+001B (...)" when S may
 * not be stored, else 0. */
int cc_text_check(const char *what, const char *s, int multiline);

/* Append S (LEN bytes) to B with control characters escaped as \uXXXX
 * and non-UTF-8 bytes as \xNN; newline and tab are kept when
 * KEEP_LINES (and a carriage return right before a newline). */
int cc_text_escape(cc_buf *b, const char *s, size_t len, int keep_lines);

/* A new stream that writes to FD through cc_text_escape (newlines and
 * tabs kept).  BUFFERING is _IOFBF, _IOLBF or _IONBF.  Returns NULL
 * when it cannot be made. */
FILE *cc_text_stream(int fd, int buffering);

/* A and B equal ignoring ASCII case and surrounding blanks: 0 when they
 * differ, 1 when they are equal and not blank, -1 when both are blank. */
int cc_text_same(const char *a, const char *b);

#endif
