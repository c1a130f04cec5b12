/* SPDX-License-Identifier: MIT */
/* API key storage and verification (see keys.h). */
#include "keys.h"

#include <sodium.h>
#include <string.h>

#include "dates.h"
#include "db.h"
#include "log.h"

#define KEY_PREFIX "dsk_"
#define KEY_ID_BYTES 8
#define SECRET_BYTES 32
#define HASH_BYTES 32
#define B64 sodium_base64_VARIANT_URLSAFE_NO_PADDING

static void hash_secret(const char *secret, unsigned char out[HASH_BYTES])
{
	crypto_generichash(out, HASH_BYTES, (const unsigned char *)secret,
			   strlen(secret), NULL, 0);
}

int keys_create(const char *name, char key[KEY_TEXT_SIZE])
{
	unsigned char id[KEY_ID_BYTES], secret[SECRET_BYTES], h[HASH_BYTES];
	char id_hex[KEY_ID_BYTES * 2 + 1], secret_b64[64], now[TIMESTAMP_SIZE];
	dbs *st;
	int rc;

	randombytes_buf(id, sizeof(id));
	randombytes_buf(secret, sizeof(secret));
	sodium_bin2hex(id_hex, sizeof(id_hex), id, sizeof(id));
	sodium_bin2base64(secret_b64, sizeof(secret_b64), secret,
			  sizeof(secret), B64);
	hash_secret(secret_b64, h);
	timestamp_now(now);
	st = db_stmt("INSERT INTO api_keys(name, key_id, hash, created_at)"
		     " VALUES (?, ?, ?, ?)");
	if (!st)
		return -1;
	dbs_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	dbs_bind_text(st, 2, id_hex, -1, SQLITE_TRANSIENT);
	dbs_bind_blob(st, 3, h, sizeof(h), SQLITE_TRANSIENT);
	dbs_bind_text(st, 4, now, -1, SQLITE_TRANSIENT);
	rc = dbs_step(st);
	db_done(st);
	sodium_memzero(secret, sizeof(secret));
	if (rc == SQLITE_CONSTRAINT_UNIQUE) {
		sodium_memzero(secret_b64, sizeof(secret_b64));
		return 1;
	}
	if (rc != SQLITE_DONE) {
		db_log_error("creating a key");
		return -1;
	}
	snprintf(key, KEY_TEXT_SIZE, KEY_PREFIX "%s_%s", id_hex, secret_b64);
	sodium_memzero(secret_b64, sizeof(secret_b64));
	return 0;
}

int keys_list(FILE *out)
{
	dbs *st = db_stmt("SELECT name, key_id, created_at,"
				   " revoked_at FROM api_keys ORDER BY name");
	int rc;

	if (!st)
		return -1;
	fprintf(out, "%-24s %-20s %-26s %s\n", "NAME", "KEY ID", "CREATED",
		"REVOKED");
	while ((rc = dbs_step(st)) == SQLITE_ROW)
		fprintf(out, "%-24s %-20s %-26s %s\n",
			dbs_column_text(st, 0), dbs_column_text(st, 1),
			dbs_column_text(st, 2),
			dbs_column_type(st, 3) == SQLITE_NULL ? "-" :
			(const char *)dbs_column_text(st, 3));
	db_done(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int keys_revoke(const char *name)
{
	char now[TIMESTAMP_SIZE];
	dbs *st = db_stmt("UPDATE api_keys SET revoked_at = ?"
				   " WHERE name = ? AND revoked_at IS NULL");
	int rc;

	if (!st)
		return -1;
	timestamp_now(now);
	dbs_bind_text(st, 1, now, -1, SQLITE_TRANSIENT);
	dbs_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
	rc = dbs_step(st);
	db_done(st);
	if (rc != SQLITE_DONE)
		return -1;
	return db_changes() == 1 ? 0 : 1;
}

int keys_verify(const char *token)
{
	unsigned char want[HASH_BYTES] = { 0 }, got[HASH_BYTES];
	char id_hex[KEY_ID_BYTES * 2 + 1];
	const char *secret;
	dbs *st;
	int rc, found = 0;

	if (strlen(token) >= KEY_TEXT_SIZE ||
	    strncmp(token, KEY_PREFIX, 4) != 0 ||
	    strlen(token) < 4 + KEY_ID_BYTES * 2 + 2 ||
	    token[4 + KEY_ID_BYTES * 2] != '_')
		return 0;
	memcpy(id_hex, token + 4, KEY_ID_BYTES * 2);
	id_hex[KEY_ID_BYTES * 2] = '\0';
	secret = token + 4 + KEY_ID_BYTES * 2 + 1;
	st = db_stmt("SELECT hash FROM api_keys WHERE key_id = ?"
		     " AND revoked_at IS NULL");
	if (!st)
		return -1;
	dbs_bind_text(st, 1, id_hex, -1, SQLITE_TRANSIENT);
	rc = dbs_step(st);
	if (rc == SQLITE_ROW && dbs_column_bytes(st, 0) == HASH_BYTES) {
		memcpy(want, dbs_column_blob(st, 0), HASH_BYTES);
		found = 1;
	}
	db_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return -1;
	/* Hash and compare even for an unknown id: the same work either way. */
	hash_secret(secret, got);
	return sodium_memcmp(want, got, HASH_BYTES) == 0 && found;
}
