/* summary-stat.c - what the summary cache keys an entry on: the stat
 * of each file it was computed from */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "casectl/util/error.h"
#include "summary-int.h"

int64_t cc__sum_ts_ns(struct timespec t)
{
	return (int64_t)t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* An O_PATH descriptor of the folder of case ID (kept for the next
 * call), or -1 with errno set. */
static int case_fd(cc_summary *sm, const char *id)
{
	char dir[CC_ID_DIR_MAX];

	if (sm->casefd >= 0 && !strcmp(sm->caseid, id))
		return sm->casefd;
	if (sm->casefd >= 0)
		close(sm->casefd);
	sm->casefd = -1;
	sm->caseid[0] = '\0';
	if (sm->rootfd < 0 || strlen(id) != CC_ID_LEN || cc_id_dir(id, dir)) {
		cc_error_clear();
		errno = EINVAL;
		return -1;
	}
	sm->casefd = openat(sm->rootfd, dir, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (sm->casefd >= 0)
		memcpy(sm->caseid, id, CC_ID_LEN + 1);
	return sm->casefd;
}

void cc__sum_stat_take(cc_summary *sm, const char *id, const char *name, cc__sum_stat *out)
{
	struct stat st;
	int fd = case_fd(sm, id);

	out->mode = UINT32_MAX;
	out->size = out->mtime = out->ctime = 0;
	out->ino = 0;
	if (fd < 0 || fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW | (*name ? 0 : AT_EMPTY_PATH))) {
		if (errno == ENOENT)
			out->mode = 0;   /* absent (or no folder: nothing in it) */
		return;
	}
	out->mode = (uint32_t)st.st_mode;
	out->size = (int64_t)st.st_size;
	out->mtime = cc__sum_ts_ns(st.st_mtim);
	out->ctime = cc__sum_ts_ns(st.st_ctim);
	out->ino = (uint64_t)st.st_ino;
}
