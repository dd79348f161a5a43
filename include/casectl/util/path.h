/*
 * casectl/util/path.h - paths inside a store (lib/util/path.c).
 */
#ifndef CASECTL_UTIL_PATH_H
#define CASECTL_UTIL_PATH_H

/* 1 if RELPATH is a safe store path: non-empty, relative, components
 * separated by single '/', no "." or ".." component, no component
 * starting with ".git", no control characters or backslashes, at most
 * 4096 bytes, valid UTF-8.  0 otherwise. */
int cc_path_valid(const char *relpath);

#endif
