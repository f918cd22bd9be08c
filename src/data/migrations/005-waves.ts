// Waves within the envelope (issue 5): each académie's envelope for a call (set by the national
// administrator, every change kept in `envelope_changes`), the committee's waves, each decision on a
// dossier kept as a row (who, when, why, maximum amount per volet, wave), and the convention
// (State–collectivité agreement) with its acceptance by the applicant: who, when, and the SHA-256
// of the PDF accepted. A reviewer decides for their académie's committee only when listed in `deciders`.
// Amounts are bigint cents; instants UTC ISO text; flags 0/1 integers.
import type { Kysely } from 'kysely';
import type { Dialect } from '../db';

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  // The académie's decision makers: reviewers (scope `academie:NN`) who may run its committee's waves.
  await db.schema.createTable('deciders')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('academie_code', 'text', (c) => c.notNull())
    .addColumn('granted_by', 'text', (c) => c.notNull())
    .addColumn('granted_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('deciders_pk', ['user_id', 'academie_code'])
    .execute();

  await db.schema.createTable('envelopes')
    .addColumn('call_id', 'text', (c) => c.notNull())
    .addColumn('academie_code', 'text', (c) => c.notNull())
    .addColumn('amount_cents', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('envelopes_pk', ['call_id', 'academie_code'])
    .execute();

  await db.schema.createTable('envelope_changes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('call_id', 'text', (c) => c.notNull())
    .addColumn('academie_code', 'text', (c) => c.notNull())
    .addColumn('from_cents', 'bigint')
    .addColumn('to_cents', 'bigint', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('envelope_changes_academie').on('envelope_changes').columns(['call_id', 'academie_code', 'at']).execute();

  await db.schema.createTable('waves')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('call_id', 'text', (c) => c.notNull())
    .addColumn('academie_code', 'text', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('envelope_cents', 'bigint', (c) => c.notNull())
    /** Allocated before this wave (earlier waves), and by it. */
    .addColumn('committed_before_cents', 'bigint', (c) => c.notNull())
    .addColumn('allocated_cents', 'bigint', (c) => c.notNull())
    .addColumn('accepted_count', 'integer', (c) => c.notNull())
    .addColumn('waiting_count', 'integer', (c) => c.notNull())
    .addColumn('rejected_count', 'integer', (c) => c.notNull())
    .addColumn('decided_by', 'text', (c) => c.notNull())
    .addColumn('decided_by_label', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text', (c) => c.notNull())
    // Two committees deciding « wave N » at once: one of them fails.
    .addUniqueConstraint('waves_number', ['call_id', 'academie_code', 'number'])
    .execute();

  await db.schema.createTable('decisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('dossier_id', 'text', (c) => c.notNull().references('dossiers.id').onDelete('cascade'))
    .addColumn('wave_id', 'text', (c) => c.notNull().references('waves.id'))
    .addColumn('wave_number', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('equipment_max_cents', 'bigint')
    .addColumn('services_max_cents', 'bigint')
    .addColumn('reason', 'text')
    .addColumn('priority_score', 'real')
    .addColumn('decided_by', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('decisions_dossier').on('decisions').columns(['dossier_id', 'decided_at']).execute();
  await db.schema.createIndex('decisions_wave').on('decisions').column('wave_id').execute();

  await db.schema.createTable('agreements')
    .addColumn('dossier_id', 'text', (c) => c.primaryKey().references('dossiers.id').onDelete('cascade'))
    .addColumn('decision_id', 'text', (c) => c.notNull().references('decisions.id'))
    .addColumn('equipment_max_cents', 'bigint', (c) => c.notNull())
    .addColumn('services_max_cents', 'bigint', (c) => c.notNull())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('accepted_by', 'text')
    .addColumn('accepted_by_label', 'text')
    .addColumn('accepted_at', 'text')
    /** SHA-256 of the convention PDF the applicant accepted, and where it is kept (under DATA_DIR). */
    .addColumn('accepted_sha256', 'text')
    .addColumn('pdf_path', 'text')
    .execute();
}
