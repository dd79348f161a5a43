/* service-int.h - what service.c and service-dir.c share (private to lib) */
#ifndef CASECTL_SERVICE_INT_H
#define CASECTL_SERVICE_INT_H

#include <stddef.h>

/* The store path of the service SLUG ("services/SLUG.md") into OUT. */
void cc__service_path(const char *slug, char *out, size_t size);

#endif
