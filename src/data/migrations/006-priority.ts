// The priority score stored on the dossier (issue 5): the reviewers' queue filters and sorts on it,
// the committee ranks by it. `priority_score` is the 0..100 score of src/domain/priority.ts (one
// decimal), `priority_explanation` its PriorityScore as JSON (components, weights, facts: « Pourquoi
// ce rang ? »). Both are written by src/data/priority.ts `storePriorityScores`, which the commands
// that change what the score reads (any write on the dossier's schools, submission) and the demo
// generator call; NULL until then (the committee computes a missing one with the same function).
import type { Kysely } from 'kysely';
import type { Dialect } from '../db';

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('dossiers').addColumn('priority_score', 'real').execute();
  await db.schema.alterTable('dossiers').addColumn('priority_explanation', 'text').execute();
  await db.schema.createIndex('dossiers_academie_priority').on('dossiers').columns(['academie_code', 'priority_score']).execute();
}
