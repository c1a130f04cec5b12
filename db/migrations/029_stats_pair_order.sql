-- SPDX-License-Identifier: MIT
-- Migration 29: the pairs kept (migrations 18 and 22) in the order graphs
-- read them, heaviest first: one actor's partners from either side of a
-- pair, and one month's pairs. A graph of the top edges then reads as many
-- rows as it has edges, however many partners or pairs there are.
DROP INDEX stats_actor_pairs_b;
CREATE INDEX stats_actor_pairs_a_n ON stats_actor_pairs(a, n DESC, b);
CREATE INDEX stats_actor_pairs_b_n ON stats_actor_pairs(b, n DESC, a);
CREATE INDEX stats_actor_pair_months_n
  ON stats_actor_pair_months(m, n DESC, a, b);
