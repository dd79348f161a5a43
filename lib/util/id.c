/* id.c - case IDs: generation, validation, store folders */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "casectl/util/error.h"
#include "casectl/util/id.h"

const char cc_id_alphabet[33] = "0123456789abcdefghjkmnpqrstvwxyz";

static int value_of(int c)
{
	const char *p;

	if (c >= 'A' && c <= 'Z')
		c += 'a' - 'A';
	if (c == 'i' || c == 'l')
		c = '1';
	else if (c == 'o')
		c = '0';
	if (c == '\0')
		return -1;
	p = strchr(cc_id_alphabet, c);
	return p ? (int)(p - cc_id_alphabet) : -1;
}

int cc_id_generate(char out[CC_ID_LEN + 1], int64_t unix_time)
{
	unsigned char rnd[5];
	uint64_t bits = 0;
	int64_t days, months;
	int i;
	ssize_t got;

	/* months since 2020-01 from the civil date of UNIX_TIME (UTC) */
	days = unix_time / 86400;
	{
		/* civil-from-days (H. Hinnant) */
		int64_t z = days + 719468;
		int64_t era = (z >= 0 ? z : z - 146096) / 146097;
		int64_t doe = z - era * 146097;
		int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
		int64_t y = yoe + era * 400;
		int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
		int64_t mp = (5 * doy + 2) / 153;
		int64_t m = mp < 10 ? mp + 3 : mp - 9;
		y += m <= 2;
		months = (y - 2020) * 12 + (m - 1);
	}
	if (months < 0)
		months = 0;
	if (months > 32 * 32 - 1)
		months = 32 * 32 - 1;

	do
		got = getrandom(rnd, sizeof(rnd), 0);
	while (got < 0 && errno == EINTR);
	if (got != (ssize_t)sizeof(rnd))
		return cc_error_set(CC_EIO, "cannot read random bytes: %s", strerror(errno));
	for (i = 0; i < 5; i++)
		bits = (bits << 8) | rnd[i];

	out[0] = cc_id_alphabet[(months >> 5) & 31];
	out[1] = cc_id_alphabet[months & 31];
	for (i = 9; i >= 2; i--) {
		out[i] = cc_id_alphabet[bits & 31];
		bits >>= 5;
	}
	out[CC_ID_LEN] = '\0';
	return 0;
}

int cc_id_valid(const char *id)
{
	size_t i;

	if (!id || strlen(id) != CC_ID_LEN)
		return 0;
	for (i = 0; i < CC_ID_LEN; i++)
		if (!id[i] || !strchr(cc_id_alphabet, id[i]))
			return 0;
	return 1;
}

int cc_id_normalize(const char *in, char out[CC_ID_LEN + 1])
{
	size_t i, n = strlen(in);
	int v;

	if (n == 0)
		return cc_error_set(CC_EINVALID, "empty case ID");
	if (n > CC_ID_LEN)
		return cc_error_set(CC_EINVALID,
			"'%.40s' is not a case ID: IDs have %d characters", in, CC_ID_LEN);
	for (i = 0; i < n; i++) {
		v = value_of((unsigned char)in[i]);
		if (v < 0)
			return cc_error_set(CC_EINVALID,
				"'%.40s' is not a case ID: only letters and digits "
				"of the ID alphabet are allowed", in);
		out[i] = cc_id_alphabet[v];
	}
	out[n] = '\0';
	return 0;
}

int cc_id_dir(const char *id, char out[CC_ID_DIR_MAX])
{
	if (!cc_id_valid(id))
		return cc_error_set(CC_EINVALID, "'%.40s' is not a valid case ID", id);
	snprintf(out, CC_ID_DIR_MAX, "cases/%c/%c/%s", id[2], id[3], id);
	return 0;
}
