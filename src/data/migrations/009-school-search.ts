// SQLite's search reads a narrow copy of the schools' search keys (issue 2). The FTS5 trigram index
// finds a few hundred rowids; reading each match's folded text back from the wide `schools` rows
// cost as much as the index lookup itself (one B-tree page per row). `school_search` holds only
// rowid, UAI and folded text, so those rows sit many to a page; triggers keep it equal to
// `schools`, and the FTS5 index now takes its content from it. PostgreSQL keeps its pg_trgm index on
// `schools.search_text` and needs nothing here.
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../db';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  if (dialect !== 'sqlite') return;
  for (const t of ['schools_fts_ai', 'schools_fts_ad', 'schools_fts_au']) await sql`DROP TRIGGER ${sql.id(t)}`.execute(db);
  await sql`DROP TABLE schools_fts`.execute(db);

  await sql`CREATE TABLE school_search (rowid INTEGER PRIMARY KEY, uai TEXT NOT NULL, search_text TEXT NOT NULL)`.execute(db);
  await sql`INSERT INTO school_search (rowid, uai, search_text) SELECT rowid, uai, search_text FROM schools`.execute(db);
  await sql`CREATE TRIGGER school_search_ai AFTER INSERT ON schools BEGIN
    INSERT INTO school_search (rowid, uai, search_text) VALUES (new.rowid, new.uai, new.search_text); END`.execute(db);
  await sql`CREATE TRIGGER school_search_ad AFTER DELETE ON schools BEGIN
    DELETE FROM school_search WHERE rowid = old.rowid; END`.execute(db);
  await sql`CREATE TRIGGER school_search_au AFTER UPDATE OF uai, search_text ON schools BEGIN
    UPDATE school_search SET uai = new.uai, search_text = new.search_text WHERE rowid = old.rowid; END`.execute(db);

  // External-content FTS5 index with the trigram tokenizer: substring search on folded text.
  await sql`CREATE VIRTUAL TABLE schools_fts USING fts5(search_text, content='school_search', content_rowid='rowid', tokenize='trigram')`.execute(db);
  await sql`INSERT INTO schools_fts (schools_fts) VALUES ('rebuild')`.execute(db);
  await sql`CREATE TRIGGER schools_fts_ai AFTER INSERT ON school_search BEGIN
    INSERT INTO schools_fts (rowid, search_text) VALUES (new.rowid, new.search_text); END`.execute(db);
  await sql`CREATE TRIGGER schools_fts_ad AFTER DELETE ON school_search BEGIN
    INSERT INTO schools_fts (schools_fts, rowid, search_text) VALUES ('delete', old.rowid, old.search_text); END`.execute(db);
  await sql`CREATE TRIGGER schools_fts_au AFTER UPDATE OF search_text ON school_search BEGIN
    INSERT INTO schools_fts (schools_fts, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
    INSERT INTO schools_fts (rowid, search_text) VALUES (new.rowid, new.search_text); END`.execute(db);
}
