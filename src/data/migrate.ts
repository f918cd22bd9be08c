// Runs the migrations in order; each one is told the dialect so that search indexes can differ.
import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './db';
import * as m001 from './migrations/001-reference';
import * as m002 from './migrations/002-accounts';
import * as m003 from './migrations/003-dossiers';
import * as m004 from './migrations/004-review';
import * as m005 from './migrations/005-waves';
import * as m006 from './migrations/006-priority';
import * as m009 from './migrations/009-school-search';

const ALL: Record<string, { up: (db: never, dialect: Db['dialect']) => Promise<void> }> = {
  '001-reference': m001,
  '002-accounts': m002,
  '003-dossiers': m003,
  '004-review': m004,
  '005-waves': m005,
  '006-priority': m006,
  '009-school-search': m009,
};

export async function migrate(db: Db): Promise<string[]> {
  const provider: MigrationProvider = {
    async getMigrations() {
      const out: Record<string, Migration> = {};
      for (const [name, m] of Object.entries(ALL)) {
        out[name] = { up: (k) => m.up(k as never, db.dialect) };
      }
      return out;
    },
  };
  const migrator = new Migrator({ db: db.kysely, provider, migrationTableName: 'socle_migrations', migrationLockTableName: 'socle_migrations_lock' });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
