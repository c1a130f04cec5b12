/* SPDX-License-Identifier: MIT */
/*
 * Loading the data shipped in the binary (assets.h): ISO countries, the
 * CAMEO taxonomy with Goldstein weights, and the seed knowledge base drawn
 * from the source articles. Runs on this thread's connection.
 */
#ifndef DOSSIER_SEED_H
#define DOSSIER_SEED_H

/*
 * Loads everything in one transaction when the database holds no
 * countries yet; does nothing otherwise. Returns 0, or -1 (logged) with
 * nothing written.
 */
int seed_if_empty(void);

#endif
