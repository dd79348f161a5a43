/* trust-signer.c - adding a worker's key to the allowed-signers file */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "casectl/store/trust.h"

/* "TYPE BASE64" from the first line of a public key file, into OUT. */
static int key_line(const char *text, const char *keyfile, cc_buf *out)
{
	const char *p = text, *type, *data;
	size_t tl, dl;

	while (*p == ' ' || *p == '\t')
		p++;
	type = p;
	while (*p && !isspace((unsigned char)*p))
		p++;
	tl = (size_t)(p - type);
	while (*p == ' ' || *p == '\t')
		p++;
	data = p;
	while (*p && (isalnum((unsigned char)*p) || *p == '+' || *p == '/' || *p == '='))
		p++;
	dl = (size_t)(p - data);
	if (tl < 4 || (strncmp(type, "ssh-", 4) && strncmp(type, "ecdsa-", 6) &&
	    strncmp(type, "sk-", 3)) || dl < 16 || (*p && !isspace((unsigned char)*p)))
		return cc_error_set(CC_EINVALID, "'%s' is not an OpenSSH public key; give the "
			".pub file, e.g. '~/.ssh/id_ed25519.pub'", keyfile);
	for (const char *q = type; q < type + tl; q++)
		if (!isalnum((unsigned char)*q) && *q != '-' && *q != '@' && *q != '.')
			return cc_error_set(CC_EINVALID, "'%s' is not an OpenSSH public key",
				keyfile);
	return cc_buf_printf(out, "%.*s %.*s", (int)tl, type, (int)dl, data);
}

int cc_verify_add_signer(cc_store *s, const char *email, const char *keyfile)
{
	cc_buf line = CC_BUF_INIT, all = CC_BUF_INIT;
	char *key = NULL, *old = NULL;
	size_t klen = 0, olen = 0;
	cc_txn *t = NULL;
	cc_commit_info info = { "signer", NULL, "allowed signer added", NULL };
	const char *p;
	int err;

	if (!*email || strlen(email) > 254)
		return cc_error_set(CC_EUSAGE, "give the worker's email address");
	for (p = email; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == '"' || *p == ',' || *p == '#' ||
		    *p == 0x7f)
			return cc_error_set(CC_EINVALID, "email '%s' may not contain spaces, "
				"quotes, commas or '#'", email);
	if (!strchr(email, '@'))
		return cc_error_set(CC_EINVALID, "'%s' is not an email address", email);
	if ((err = cc_read_file(keyfile, &key, &klen)) != 0)
		return cc_error_set(err == CC_ENOMEM ? err : CC_ENOTFOUND,
			"cannot read key file '%s'", keyfile);
	if ((err = cc_buf_printf(&line, "%s ", email)) || (err = key_line(key, keyfile, &line)))
		goto out;
	if ((err = cc_txn_begin(&t, s)))
		goto out;
	err = cc_store_read(s, CC_ALLOWED_SIGNERS, &old, &olen);
	if (err == CC_ENOTFOUND) {
		cc_error_clear();
		err = cc_buf_puts(&all, "# ssh-keygen ALLOWED SIGNERS: EMAIL KEYTYPE KEY, one a line"
			" (see casectl-verify(1))\n");
	} else if (!err) {
		if (strstr(old, line.ptr + strlen(email) + 1)) {
			err = cc_error_set(CC_EINVALID, "the key in '%s' is already in '%s'",
				keyfile, CC_ALLOWED_SIGNERS);
			goto out;
		}
		err = cc_buf_put(&all, old, olen);
		if (!err && olen && old[olen - 1] != '\n')
			err = cc_buf_putc(&all, '\n');
	}
	if (!err)
		err = cc_buf_printf(&all, "%s\n", line.ptr);
	if (!err)
		err = cc_txn_put(t, CC_ALLOWED_SIGNERS, all.ptr, all.len);
	if (!err)
		err = cc_txn_commit(t, &info, NULL);
out:
	cc_txn_free(t);
	free(key);
	free(old);
	cc_buf_free(&line);
	cc_buf_free(&all);
	return err;
}
