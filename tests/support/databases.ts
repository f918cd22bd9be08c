// Databases for integration tests, on both dialects, each test file with its own copy:
//
//   import { dialects, freshDb, importedDb } from '../support/databases';
//   describe.each(dialects)('%s', (dialect) => {
//     let db: TestDb;
//     beforeAll(async () => { db = await importedDb(dialect); });
//     afterAll(() => db.close());
//     …
//   });
//
// freshDb: a new empty database with the migrations applied (SQLite: a new temp DATA_DIR;
// PostgreSQL: CREATE DATABASE on the throwaway server started by tests/support/global-setup.ts).
// importedDb: a copy of the template that has the reference data imported (SQLite: the template
// file copied; PostgreSQL: CREATE DATABASE … TEMPLATE socle_template), ready in well under a second.
// close() closes the connections and deletes the copy.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { openDb, type Db } from '../../src/data/db';
import { migrate } from '../../src/data/migrate';
import { ENV, type SocleTestContext } from './context';

export const dialects = ['sqlite', 'postgres'] as const;
export type TestDialect = (typeof dialects)[number];

export interface TestDb extends Db {
  /** The DATA_DIR of this database (SQLite file location; a temp folder for PostgreSQL, for uploads). */
  dataDir: string;
  /** The DATABASE_URL of this database when on PostgreSQL. */
  databaseUrl?: string;
  /** The settings a `socle` child process needs to open the same database. */
  env: { DATA_DIR: string; DATABASE_URL?: string };
}

function context<K extends keyof SocleTestContext>(key: K): SocleTestContext[K] {
  let value: SocleTestContext[K] | undefined;
  try {
    value = inject(key);
  } catch { /* not inside a vitest worker */ }
  value ??= process.env[ENV[key]];
  if (!value) throw new Error('Ces aides ne servent que dans le projet vitest « integration » (tests/integration/, npm run test:integration), dont le globalSetup prépare les bases.');
  return value;
}

const root = () => context('socleTestRoot');

let counter = 0;
function uniqueName(): string {
  return `socle_t${process.pid}_${Date.now().toString(36)}_${(counter++).toString(36)}`;
}

/** A new empty folder under the run's temp dir (removed at the end of the run anyway). */
export function tempDir(prefix = 'dir'): string {
  return fs.mkdtempSync(path.join(root(), `${prefix}-`));
}

function pgUrl(database: string): string {
  const url = new URL(context('soclePgUrl'));
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: pgUrl('postgres') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function wrap(db: Db, dataDir: string, databaseUrl: string | undefined, cleanup: () => Promise<void>): TestDb {
  let closed: Promise<void> | undefined;
  return {
    ...db,
    dataDir,
    databaseUrl,
    env: databaseUrl ? { DATA_DIR: dataDir, DATABASE_URL: databaseUrl } : { DATA_DIR: dataDir },
    close: () => (closed ??= db.close().then(cleanup)),
  };
}

async function openSqlite(dataDir: string): Promise<TestDb> {
  const db = openDb({ dataDir });
  return wrap(db, dataDir, undefined, async () => fs.rmSync(dataDir, { recursive: true, force: true }));
}

async function openPostgres(template: string | null): Promise<TestDb> {
  const name = uniqueName();
  await admin((c) => c.query(template ? `CREATE DATABASE ${name} TEMPLATE ${template} STRATEGY FILE_COPY` : `CREATE DATABASE ${name}`));
  const databaseUrl = pgUrl(name);
  const dataDir = tempDir('pg-data');
  const db = openDb({ dataDir, databaseUrl });
  return wrap(db, dataDir, databaseUrl, async () => {
    await admin(async (c) => {
      // pg's pool.end() resolves before the server has seen every connection go: wait for the
      // backends to leave, so that FORCE only ever cuts connections a test forgot to close
      // (cutting a closing one makes pg throw an uncaught « terminating connection » error).
      for (let i = 0; i < 100; i++) {
        const { rows } = await c.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
        if (rows[0].n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    });
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
}

/** A new, empty database of this dialect; migrated unless `{ migrate: false }`. */
export async function freshDb(dialect: TestDialect, opts: { migrate?: boolean } = {}): Promise<TestDb> {
  const db = dialect === 'sqlite' ? await openSqlite(tempDir('sqlite')) : await openPostgres(null);
  if (opts.migrate !== false) {
    try {
      await migrate(db);
    } catch (e) {
      await db.close();
      throw e;
    }
  }
  return db;
}

/** A database of this dialect with the migrations applied and the real reference data imported: a private copy. */
export async function importedDb(dialect: TestDialect): Promise<TestDb> {
  if (dialect === 'postgres') return openPostgres(context('soclePgTemplate'));
  const dataDir = tempDir('sqlite');
  fs.copyFileSync(context('socleSqliteTemplate'), path.join(dataDir, 'socle.sqlite'), fs.constants.COPYFILE_FICLONE);
  return openSqlite(dataDir);
}
