// Opening the database: SQLite file under DATA_DIR (embedded default) or PostgreSQL (DATABASE_URL).
// Both speak the same Kysely schema; dialect differences stay in this folder.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import type { Database } from './schema';

export type Dialect = 'sqlite' | 'postgres';

export interface Db {
  kysely: Kysely<Database>;
  dialect: Dialect;
  /** The raw better-sqlite3 handle when on SQLite (bulk paths and benchmarks). */
  sqlite?: SQLite.Database;
  describe: string;
  close(): Promise<void>;
}

export interface DbOptions { dataDir: string; databaseUrl?: string }

export function openDb(opts: DbOptions): Db {
  if (opts.databaseUrl) {
    const types = {
      getTypeParser(oid: number, format?: 'text' | 'binary') {
        // counts (int8) and numerics arrive as strings from pg: numbers here, as on SQLite.
        if (oid === 20 || oid === 1700) return (v: string) => Number(v);
        return pg.types.getTypeParser(oid, format);
      },
    };
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10, types: types as pg.CustomTypesConfig });
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    const url = new URL(opts.databaseUrl);
    return {
      kysely, dialect: 'postgres',
      describe: `PostgreSQL ${url.hostname}:${url.port || 5432}${url.pathname}`,
      close: () => kysely.destroy(),
    };
  }
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const file = path.join(opts.dataDir, 'socle.sqlite');
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { kysely, dialect: 'sqlite', sqlite, describe: `SQLite ${file}`, close: () => kysely.destroy() };
}

/**
 * Kysely prepares each query's SQL anew (~13 µs against ~4 µs to run a small one): the statements of
 * the last few hundred distinct SQL texts are kept and reused. Kysely runs one query at a time on the
 * connection, so a cached statement is never busy when asked for again.
 */
function withStatementCache(sqlite: SQLite.Database, size = 500) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string): SQLite.Statement {
      let stmt = cache.get(sql);
      if (stmt === undefined) {
        stmt = sqlite.prepare(sql);
        if (cache.size >= size) cache.delete(cache.keys().next().value!);
      } else cache.delete(sql); // re-inserted below: the least recently used goes first
      cache.set(sql, stmt);
      return stmt;
    },
  };
}
