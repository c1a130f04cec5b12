/* SPDX-License-Identifier: MIT */
/* Signed keyset cursors (see cursor.h). */
#include "cursor.h"

#include <jansson.h>
#include <sodium.h>
#include <string.h>

#include "db.h"
#include "xalloc.h"

#define MAC_BYTES 16
#define MAX_CURSOR 8192
#define B64 sodium_base64_VARIANT_URLSAFE_NO_PADDING

static void mac(unsigned char out[MAC_BYTES], const unsigned char *msg,
		size_t len)
{
	crypto_generichash(out, MAC_BYTES, msg, len, db_cursor_key(),
			   DB_CURSOR_KEY_BYTES);
}

static void append_b64(struct buf *out, const unsigned char *bin, size_t n)
{
	size_t sz = sodium_base64_encoded_len(n, B64);
	char *text = xmalloc(sz);

	sodium_bin2base64(text, sz, bin, n, B64);
	buf_puts(out, text);
	free(text);
}

void cursor_encode(struct buf *out, const char *resource, const char *sort,
		   const struct value *v, sqlite3_int64 pk)
{
	unsigned char tag[MAC_BYTES];
	json_t *arr, *val;
	char *payload;

	val = v->is_int ? json_integer(v->i) : v->is_real ? json_real(v->d) :
		json_string(v->text);
	/* query.c keeps sort values UTF-8; never pass NULL to "o". */
	if (!val)
		val = json_string("");
	arr = json_pack("[s, s, o, I]", resource, sort, val, (json_int_t)pk);
	payload = json_dumps(arr, JSON_COMPACT);
	json_decref(arr);
	mac(tag, (const unsigned char *)payload, strlen(payload));
	append_b64(out, (const unsigned char *)payload, strlen(payload));
	buf_putc(out, '.');
	append_b64(out, tag, sizeof(tag));
	free(payload);
}

static int invalid(struct problem *err, const char *why)
{
	return problem_param(err, PROB_INVALID_CURSOR, "cursor",
			     "cursor %s; use the links.next URL of a page "
			     "as it was returned", why);
}

int cursor_decode(const char *text, const char *resource, const char *sort,
		  struct value *v, sqlite3_int64 *pk, struct problem *err)
{
	unsigned char payload[MAX_CURSOR], tag[MAC_BYTES], want[MAC_BYTES];
	size_t plen, tlen, len = strlen(text);
	const char *dot = strchr(text, '.');
	json_t *arr = NULL, *val;
	const char *end;
	int ret = -1;

	if (len > MAX_CURSOR || !dot)
		return invalid(err, "is malformed");
	if (sodium_base642bin(payload, sizeof(payload) - 1, text,
			      (size_t)(dot - text), NULL, &plen, &end,
			      B64) != 0 || end != dot ||
	    sodium_base642bin(tag, sizeof(tag), dot + 1, strlen(dot + 1),
			      NULL, &tlen, &end, B64) != 0 ||
	    *end != '\0' || tlen != MAC_BYTES)
		return invalid(err, "is malformed");
	mac(want, payload, plen);
	if (sodium_memcmp(want, tag, MAC_BYTES) != 0)
		return invalid(err, "was altered or issued by another "
			       "database");
	arr = json_loadb((const char *)payload, plen, 0, NULL);
	if (!json_is_array(arr) || json_array_size(arr) != 4 ||
	    !json_is_string(json_array_get(arr, 0)) ||
	    !json_is_string(json_array_get(arr, 1)) ||
	    !json_is_integer(json_array_get(arr, 3))) {
		invalid(err, "is malformed");
		goto out;
	}
	if (strcmp(json_string_value(json_array_get(arr, 0)), resource) != 0 ||
	    strcmp(json_string_value(json_array_get(arr, 1)), sort) != 0) {
		problem_param(err, PROB_INVALID_CURSOR, "cursor",
			      "cursor was issued for /%s sorted by %s, not "
			      "/%s sorted by %s",
			      json_string_value(json_array_get(arr, 0)),
			      json_string_value(json_array_get(arr, 1)),
			      resource, sort);
		goto out;
	}
	memset(v, 0, sizeof(*v));
	val = json_array_get(arr, 2);
	if (json_is_integer(val)) {
		v->is_int = 1;
		v->i = json_integer_value(val);
	} else if (json_is_real(val)) {
		v->is_real = 1;
		v->d = json_real_value(val);
	} else if (json_is_string(val) &&
		   json_string_length(val) < sizeof(v->text)) {
		memcpy(v->text, json_string_value(val),
		       json_string_length(val) + 1);
	} else {
		invalid(err, "is malformed");
		goto out;
	}
	*pk = json_integer_value(json_array_get(arr, 3));
	ret = 0;
out:
	json_decref(arr);
	return ret;
}
