// globalSetup of the `integration` project: one throwaway PostgreSQL server for the whole run, and
// two templates with the reference data imported once (a SQLite file, a PostgreSQL template
// database). Each test file then gets its own copy in milliseconds (tests/support/databases.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDb } from '../../src/data/db';
import { migrate } from '../../src/data/migrate';
import { importReference } from '../../src/reference/import';
import { ENV, type SocleTestContext } from './context';
import { startPostgres } from './postgres';

export const PG_TEMPLATE = 'socle_template';

async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const out = await fn();
  console.log(`[tests] ${label} : ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return out;
}

async function buildSqliteTemplate(root: string): Promise<string> {
  const dataDir = path.join(root, 'sqlite-template');
  const db = openDb({ dataDir });
  try {
    await migrate(db);
    await importReference(db);
    db.sqlite!.exec('ANALYZE');
    // Fold the WAL into the main file so that copying socle.sqlite alone is a complete copy.
    db.sqlite!.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    await db.close();
  }
  return path.join(dataDir, 'socle.sqlite');
}

async function buildPgTemplate(urlFor: (db: string) => string): Promise<string> {
  const admin = new pg.Client({ connectionString: urlFor('postgres') });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${PG_TEMPLATE}`);
    const db = openDb({ dataDir: os.tmpdir(), databaseUrl: urlFor(PG_TEMPLATE) });
    try {
      await migrate(db);
      await importReference(db);
    } finally {
      await db.close();
    }
    const analyze = new pg.Client({ connectionString: urlFor(PG_TEMPLATE) });
    await analyze.connect();
    await analyze.query('VACUUM ANALYZE').finally(() => analyze.end());
    // No connection may stay open on a template while it is being copied.
    await admin.query(`ALTER DATABASE ${PG_TEMPLATE} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
  } finally {
    await admin.end();
  }
  return PG_TEMPLATE;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'socle-tests-'));
  const server = await timed('démarrage de PostgreSQL', () => startPostgres({ log: (l) => console.log(`[tests] ${l}`) }));
  // Also on Ctrl-C (the PostgreSQL server has its own handlers in startPostgres).
  const removeRoot = () => fs.rmSync(root, { recursive: true, force: true });
  process.once('exit', removeRoot);
  process.once('SIGINT', removeRoot);
  process.once('SIGTERM', removeRoot);
  const teardown = async () => {
    server.stop();
    removeRoot();
    process.off('exit', removeRoot);
    process.off('SIGINT', removeRoot);
    process.off('SIGTERM', removeRoot);
  };
  try {
    const [sqliteTemplate, pgTemplate] = await Promise.all([
      timed('modèle SQLite (migrations + import)', () => buildSqliteTemplate(root)),
      timed('modèle PostgreSQL (migrations + import)', () => buildPgTemplate(server.urlFor)),
    ]);
    const context: SocleTestContext = {
      socleTestRoot: root,
      soclePgUrl: server.url,
      socleSqliteTemplate: sqliteTemplate,
      soclePgTemplate: pgTemplate,
    };
    for (const [key, value] of Object.entries(context) as [keyof SocleTestContext, string][]) {
      project.provide(key, value);
      process.env[ENV[key]] = value;
    }
  } catch (e) {
    await teardown();
    throw e;
  }
  return teardown;
}
