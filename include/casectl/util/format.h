/*
 * casectl/util/format.h - how a command prints: text for a person or
 * JSON for a script.  Every layer that declares a printer names it;
 * 'text' and 'json' are parsed by cc_format_parse (casectl/views/view.h).
 */
#ifndef CASECTL_UTIL_FORMAT_H
#define CASECTL_UTIL_FORMAT_H

typedef enum { CC_FMT_TEXT, CC_FMT_JSON } cc_format;

#endif
