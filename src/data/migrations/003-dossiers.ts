// Dossiers of a call (issue 4) and what issue 5 builds on: their schools (a school in one dossier
// per call), budget lines (with the reviewer's adjustment columns), school-team members,
// co-signatures, attachments, messages, frozen versions, and the hash-chained event log.
// Same code on both dialects: amounts are bigint cents (read back as numbers), flags are 0/1
// integers, instants are UTC ISO text, structured values are JSON text.
import type { Kysely } from 'kysely';
import type { Dialect } from '../db';

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.createTable('dossiers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('call_id', 'text', (c) => c.notNull())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('project_summary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('objectives', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('support_text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('lending_plan', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('co_funding', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('school_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('equipment_cents', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('services_cents', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('eligible_cents', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('equipment_grant_cents', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('services_grant_cents', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('grant_cents', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('blocking_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('departement_code', 'text', (c) => c.notNull())
    .addColumn('academie_code', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text')
    .addUniqueConstraint('dossiers_call_organisation', ['call_id', 'organisation_id'])
    .addUniqueConstraint('dossiers_call_number', ['call_id', 'number'])
    .execute();
  await db.schema.createIndex('dossiers_queue').on('dossiers').columns(['call_id', 'state', 'departement_code']).execute();
  await db.schema.createIndex('dossiers_academie').on('dossiers').columns(['academie_code', 'state']).execute();

  await db.schema.createTable('dossier_schools')
    .addColumn('dossier_id', 'text', (c) => c.notNull().references('dossiers.id').onDelete('cascade'))
    .addColumn('call_id', 'text', (c) => c.notNull())
    .addColumn('uai', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('classes', 'integer')
    .addColumn('pupils', 'integer')
    .addColumn('prefilled_classes', 'integer')
    .addColumn('prefilled_pupils', 'integer')
    .addColumn('headcount_reason', 'text')
    .addColumn('private_school', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('diagnostic', 'text')
    .addColumn('diagnostic_updated_at', 'text')
    .addColumn('diagnostic_updated_by', 'text')
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('dossier_schools_pk', ['dossier_id', 'uai'])
    // A school is in one dossier only per call.
    .addUniqueConstraint('dossier_schools_call_uai', ['call_id', 'uai'])
    .execute();

  await db.schema.createTable('budget_lines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('dossier_id', 'text', (c) => c.notNull().references('dossiers.id').onDelete('cascade'))
    .addColumn('uai', 'text', (c) => c.notNull())
    .addColumn('volet', 'integer', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('unit_ht_cents', 'bigint', (c) => c.notNull())
    .addColumn('unit_ttc_cents', 'bigint', (c) => c.notNull())
    .addColumn('eligible_adjustment_cents', 'bigint')
    .addColumn('excluded', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('adjustment_reason', 'text')
    .addColumn('adjusted_by', 'text')
    .addColumn('adjusted_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('budget_lines_dossier').on('budget_lines').columns(['dossier_id', 'uai']).execute();

  await db.schema.createTable('dossier_members')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('dossier_id', 'text', (c) => c.notNull().references('dossiers.id').onDelete('cascade'))
    .addColumn('uai', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('invited_by', 'text', (c) => c.notNull())
    .addColumn('invited_at', 'text', (c) => c.notNull())
    .addColumn('joined_at', 'text')
    .addUniqueConstraint('dossier_members_unique', ['dossier_id', 'uai', 'role', 'email'])
    .execute();
  await db.schema.createIndex('dossier_members_user').on('dossier_members').column('user_id').execute();

  await db.schema.createTable('signatures')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('dossier_id', 'text', (c) => c.notNull().references('dossiers.id').onDelete('cascade'))
    .addColumn('uai', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('signer_name', 'text', (c) => c.notNull())
    .addColumn('signed_at', 'text', (c) => c.notNull())
    .addColumn('content_sha256', 'text', (c) => c.notNull())
    .addColumn('voided_at', 'text')
    .addColumn('voided_reason', 'text')
    .execute();
  await db.schema.createIndex('signatures_dossier').on('signatures').columns(['dossier_id', 'uai']).execute();

  await db.schema.createTable('attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('dossier_id', 'text', (c) => c.notNull().references('dossiers.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('original_name', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('storage_path', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.notNull())
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('attachments_dossier').on('attachments').columns(['dossier_id', 'kind']).execute();

  await db.schema.createTable('messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('dossier_id', 'text', (c) => c.notNull().references('dossiers.id').onDelete('cascade'))
    .addColumn('author_id', 'text', (c) => c.notNull())
    .addColumn('author_label', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('attachment_id', 'text', (c) => c.references('attachments.id'))
    .execute();
  await db.schema.createIndex('messages_dossier').on('messages').columns(['dossier_id', 'at']).execute();

  await db.schema.createTable('dossier_versions')
    .addColumn('dossier_id', 'text', (c) => c.notNull().references('dossiers.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addColumn('submitted_by', 'text', (c) => c.notNull())
    .addColumn('proof_path', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('dossier_versions_pk', ['dossier_id', 'number'])
    .execute();

  await db.schema.createTable('dossier_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('dossier_id', 'text', (c) => c.notNull().references('dossiers.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('section', 'text', (c) => c.notNull())
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text')
    .addColumn('reason', 'text')
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    // Two writers appending the same link: one of them fails, the chain never forks.
    .addUniqueConstraint('dossier_events_seq', ['dossier_id', 'seq'])
    .execute();
  await db.schema.createIndex('dossier_events_revision').on('dossier_events').columns(['dossier_id', 'revision']).execute();
}
