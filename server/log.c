/* SPDX-License-Identifier: MIT */
/* JSON-lines logging on stderr (see log.h). */
#include "log.h"

#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include "dates.h"

static enum log_level current = LOG_INFO;
static const char *const names[] = { "error", "warn", "info", "debug" };

void log_set_level(enum log_level level)
{
	current = level;
}

int log_enabled(enum log_level level)
{
	return level <= current;
}

int log_level_parse(const char *s, enum log_level *out)
{
	unsigned i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(s, names[i]) == 0) {
			*out = (enum log_level)i;
			return 0;
		}
	}
	return -1;
}

void log_line_begin(struct buf *b, enum log_level level)
{
	char ts[TIMESTAMP_SIZE];

	timestamp_now(ts);
	buf_printf(b, "{\"ts\":\"%s\",\"level\":\"%s\"", ts,
		   names[level]);
}

void log_line_end(struct buf *b)
{
	const char *p;
	size_t left;

	buf_puts(b, "}\n");
	p = b->ptr;
	left = b->len;
	while (left > 0) {
		ssize_t n = write(STDERR_FILENO, p, left);

		if (n <= 0)
			break;
		p += n;
		left -= (size_t)n;
	}
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	struct buf msg = BUF_INIT;
	va_list ap;

	if (!log_enabled(level))
		return;
	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	log_line_begin(&b, level);
	buf_puts(&b, ",\"msg\":");
	buf_json_string(&b, buf_str(&msg), msg.len);
	log_line_end(&b);
	buf_free(&msg);
	buf_free(&b);
}
