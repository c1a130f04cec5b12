/* SPDX-License-Identifier: MIT */
/*
 * Scale data for benchmarks: writes N GDELT 1.0 events (58-column TSV, the
 * native daily-file form) to stdout by resampling real GDELT rows (the CSV
 * samples given as arguments). Each output row is a real row with a new
 * GLOBALEVENTID, a date spread over ten years, an article URL, and (for a
 * heavy-tailed share) an actor name varied so the number of distinct actors
 * grows with N as it does in GDELT. Countries, CAMEO codes, tone and the
 * pairing of actors and actions keep the samples' joint distribution.
 *
 *   gen_gdelt N SEED sample.csv... > events.tsv
 */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COLS 58

struct sample {
	char **rows;	/* row i, field j at rows[i * COLS + j] */
	size_t n, cap;
	char *cur[COLS];
	size_t nf;
	int header;
};

static void on_field(void *data, size_t len, void *ud)
{
	struct sample *s = ud;
	char *v = malloc(len + 1);

	memcpy(v, data ? data : "", data ? len : 0);
	v[data ? len : 0] = '\0';
	if (strcmp(v, "NA") == 0)
		v[0] = '\0';
	if (s->nf < COLS)
		s->cur[s->nf++] = v;
	else
		free(v);
}

static void on_row(int c, void *ud)
{
	struct sample *s = ud;
	size_t j;

	(void)c;
	if (s->header || s->nf != COLS) {
		s->header = 0;
		for (j = 0; j < s->nf; j++)
			free(s->cur[j]);
		s->nf = 0;
		return;
	}
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 4096;
		s->rows = realloc(s->rows, s->cap * COLS * sizeof(char *));
	}
	memcpy(s->rows + s->n * COLS, s->cur, sizeof(s->cur));
	s->n++;
	s->nf = 0;
}

static void load(struct sample *s, const char *path)
{
	struct csv_parser p;
	char buf[65536];
	size_t got;
	FILE *f = fopen(path, "rb");

	if (!f) {
		perror(path);
		exit(1);
	}
	csv_init(&p, CSV_APPEND_NULL);
	s->header = 1;
	while ((got = fread(buf, 1, sizeof(buf), f)) > 0)
		csv_parse(&p, buf, got, on_field, on_row, s);
	csv_fini(&p, on_field, on_row, s);
	csv_free(&p);
	fclose(f);
}

/* xorshift64*: fast, reproducible from the seed. */
static unsigned long long state;

static unsigned long long next(void)
{
	state ^= state >> 12;
	state ^= state << 25;
	state ^= state >> 27;
	return state * 2685821657736338717ULL;
}

/* 1 + a Zipf-like rank: many small numbers, a long tail of large ones. */
static unsigned long zipfish(unsigned long max)
{
	double u = (double)(next() >> 11) / 9007199254740992.0;

	return 1 + (unsigned long)((double)max * u * u * u);
}

int main(int argc, char **argv)
{
	struct sample s = { 0 };
	unsigned long long n, i;
	int a;

	if (argc < 4) {
		fprintf(stderr, "usage: gen_gdelt N SEED sample.csv...\n");
		return 2;
	}
	n = strtoull(argv[1], NULL, 10);
	state = strtoull(argv[2], NULL, 10) * 2654435761ULL + 1;
	for (a = 3; a < argc; a++)
		load(&s, argv[a]);
	if (!s.n) {
		fprintf(stderr, "gen_gdelt: no sample rows\n");
		return 1;
	}
	for (i = 0; i < n; i++) {
		char **r = s.rows + (next() % s.n) * COLS;
		unsigned long day = (unsigned long)(next() % 3650);
		unsigned y = 2010 + (unsigned)(day / 365);
		unsigned m = 1 + (unsigned)(day % 365) / 31;
		unsigned d = 1 + (unsigned)(day % 31) % 28;
		unsigned long variant = next() % 10 < 3 ?
			zipfish(n / 20 + 10) : 0;
		int j;

		/* The fields are written in column order. */
		printf("%llu\t%04u%02u%02u\t%04u%02u\t%04u\t%04u.%04u", 100000000ULL + i,
		       y, m, d, y, m, y, y, (m - 1) * 833 + d * 27);
		for (j = 5; j < COLS - 2; j++) {
			if (j == 6 && variant && r[6][0])
				printf("\t%s %lu", r[6], variant);
			else
				printf("\t%s", r[j]);
		}
		printf("\t%04u%02u%02u\thttps://news.example.org/%04u/%02u/%02u/"
		       "story-%llu\n", y, m, d, y, m, d, i % 400000);
	}
	return 0;
}
