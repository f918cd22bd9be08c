// The review of dossiers (issue 5, « Teams and queues » and « Reviewing a dossier »): who took a
// dossier, who follows it, reviewers' private notes, opinions asked of IEN / ERUN / anyone (a token
// link; reminders are jobs with a dedupe key, each marked sent here so that it goes out once), and
// the reviewer's decision proposal that the committee's waves consume (one current proposal per
// dossier; every proposal is also an event of the dossier's chain).
// Same conventions as 003: amounts bigint cents, flags 0/1, instants UTC ISO text.
import type { Kysely } from 'kysely';
import type { Dialect } from '../db';

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.createTable('review_assignments')
    .addColumn('dossier_id', 'text', (c) => c.primaryKey().references('dossiers.id').onDelete('cascade'))
    .addColumn('reviewer_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('taken_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('review_assignments_reviewer').on('review_assignments').column('reviewer_id').execute();

  await db.schema.createTable('review_follows')
    .addColumn('dossier_id', 'text', (c) => c.notNull().references('dossiers.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('review_follows_pk', ['dossier_id', 'user_id'])
    .execute();
  await db.schema.createIndex('review_follows_user').on('review_follows').column('user_id').execute();

  await db.schema.createTable('private_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('dossier_id', 'text', (c) => c.notNull().references('dossiers.id').onDelete('cascade'))
    .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('author_label', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('private_notes_dossier').on('private_notes').columns(['dossier_id', 'at']).execute();

  await db.schema.createTable('opinions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('dossier_id', 'text', (c) => c.notNull().references('dossiers.id').onDelete('cascade'))
    .addColumn('expert_kind', 'text', (c) => c.notNull())
    .addColumn('expert_email', 'text', (c) => c.notNull())
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('deadline_at', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('requested_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('requested_by_label', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('answer', 'text')
    .addColumn('answer_text', 'text')
    .addColumn('answered_at', 'text')
    .addColumn('answered_by_label', 'text')
    .addColumn('file_name', 'text')
    .addColumn('file_mime', 'text')
    .addColumn('file_size', 'bigint')
    .addColumn('file_sha256', 'text')
    .addColumn('file_path', 'text')
    .addColumn('closed_at', 'text')
    .execute();
  await db.schema.createIndex('opinions_dossier').on('opinions').columns(['dossier_id', 'requested_at']).execute();

  await db.schema.createTable('opinion_reminders')
    .addColumn('opinion_id', 'text', (c) => c.notNull().references('opinions.id').onDelete('cascade'))
    .addColumn('reminder', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('opinion_reminders_pk', ['opinion_id', 'reminder'])
    .execute();

  await db.schema.createTable('decision_proposals')
    .addColumn('dossier_id', 'text', (c) => c.primaryKey().references('dossiers.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('equipment_max_cents', 'bigint')
    .addColumn('services_max_cents', 'bigint')
    .addColumn('reason', 'text')
    .addColumn('proposed_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('proposed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('decision_proposals_kind').on('decision_proposals').column('kind').execute();
}
