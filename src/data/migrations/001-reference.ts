// Reference data: régions, académies, départements, communes (and their aliases), EPCI, schools,
// with an indexed school search (SQLite FTS5 trigram / PostgreSQL pg_trgm).
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../db';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema.createTable('regions')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createTable('academies')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('academic_region_code', 'text', (c) => c.notNull())
    .addColumn('academic_region_name', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createTable('departements')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('academie_code', 'text')
    .execute();
  await db.schema.createTable('epcis')
    .addColumn('siren', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_folded', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('population', 'integer')
    .execute();
  await db.schema.createTable('communes')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_folded', 'text', (c) => c.notNull())
    .addColumn('departement_code', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('siren', 'text')
    .addColumn('epci_siren', 'text')
    .addColumn('population', 'integer')
    .addColumn('postal_codes', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('communes_epci').on('communes').column('epci_siren').execute();
  await db.schema.createIndex('communes_name').on('communes').column('name_folded').execute();
  await db.schema.createTable('commune_aliases')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('commune_code', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createTable('schools')
    .addColumn('uai', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('sector', 'text', (c) => c.notNull())
    .addColumn('nature_code', 'text')
    .addColumn('nature_label', 'text')
    .addColumn('commune_code', 'text', (c) => c.notNull())
    .addColumn('departement_code', 'text', (c) => c.notNull())
    .addColumn('academie_code', 'text')
    .addColumn('pupils', 'integer')
    .addColumn('elementary_pupils', 'integer')
    .addColumn('classes', 'integer')
    .addColumn('ips', 'double precision')
    .addColumn('education_priority', 'text')
    .addColumn('siret', 'text')
    .addColumn('address', 'text')
    .addColumn('postal_code', 'text')
    .addColumn('latitude', 'double precision')
    .addColumn('longitude', 'double precision')
    .addColumn('opened_on', 'text')
    .addColumn('sources', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('schools_commune').on('schools').columns(['commune_code', 'name']).execute();
  await db.schema.createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('scope', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createTable('import_runs')
    .addColumn('id', dialect === 'postgres' ? 'serial' : 'integer', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text', (c) => c.notNull())
    .addColumn('inserted', 'integer', (c) => c.notNull())
    .addColumn('updated', 'integer', (c) => c.notNull())
    .addColumn('unchanged', 'integer', (c) => c.notNull())
    .addColumn('rejected', 'integer', (c) => c.notNull())
    .execute();

  if (dialect === 'sqlite') {
    // External-content FTS5 index with the trigram tokenizer: substring search on folded text.
    await sql`CREATE VIRTUAL TABLE schools_fts USING fts5(search_text, content='schools', content_rowid='rowid', tokenize='trigram')`.execute(db);
    await sql`CREATE TRIGGER schools_fts_ai AFTER INSERT ON schools BEGIN
      INSERT INTO schools_fts(rowid, search_text) VALUES (new.rowid, new.search_text); END`.execute(db);
    await sql`CREATE TRIGGER schools_fts_ad AFTER DELETE ON schools BEGIN
      INSERT INTO schools_fts(schools_fts, rowid, search_text) VALUES ('delete', old.rowid, old.search_text); END`.execute(db);
    await sql`CREATE TRIGGER schools_fts_au AFTER UPDATE OF search_text ON schools BEGIN
      INSERT INTO schools_fts(schools_fts, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
      INSERT INTO schools_fts(rowid, search_text) VALUES (new.rowid, new.search_text); END`.execute(db);
  } else {
    await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
    await sql`CREATE INDEX schools_search_trgm ON schools USING gin (search_text gin_trgm_ops)`.execute(db);
    await sql`CREATE INDEX communes_name_trgm ON communes USING gin (name_folded gin_trgm_ops)`.execute(db);
    await sql`CREATE INDEX epcis_name_trgm ON epcis USING gin (name_folded gin_trgm_ops)`.execute(db);
  }
}
