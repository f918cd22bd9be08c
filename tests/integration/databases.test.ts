// The test support itself, on both dialects: migrations apply on an empty database, a fresh
// database is empty and private to its test, and importedDb is a private copy of the real reference data.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/data/migrate';
import { dialects, freshDb, importedDb, type TestDb } from '../support/databases';

const count = async (db: TestDb, table: 'communes' | 'epcis' | 'academies' | 'schools') => {
  const row = await db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
};

describe.each(dialects)('%s', (dialect) => {
  describe('freshDb', () => {
    let db: TestDb;
    beforeAll(async () => { db = await freshDb(dialect); });
    afterAll(() => db?.close());

    it('has the migrations applied and no reference data', async () => {
      expect(db.dialect).toBe(dialect);
      expect(await count(db, 'communes')).toBe(0);
      expect(await count(db, 'schools')).toBe(0);
      // Applying the migrations again changes nothing.
      expect(await migrate(db)).toEqual([]);
    });

    it('is private: two fresh databases do not see each other', async () => {
      const other = await freshDb(dialect);
      try {
        await other.kysely.insertInto('regions').values({ code: '99', name: 'Région de test' }).execute();
        expect(await db.kysely.selectFrom('regions').selectAll().execute()).toEqual([]);
        expect(await other.kysely.selectFrom('regions').selectAll().execute()).toEqual([{ code: '99', name: 'Région de test' }]);
      } finally {
        await other.close();
      }
    });
  });

  it('migrates an empty database from scratch', async () => {
    const db = await freshDb(dialect, { migrate: false });
    try {
      expect((await migrate(db))[0]).toBe('001-reference');
      const tables = dialect === 'sqlite'
        ? await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table'`.execute(db.kysely)
        : await sql<{ name: string }>`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'`.execute(db.kysely);
      expect(tables.rows.map((r) => r.name)).toEqual(expect.arrayContaining(['communes', 'epcis', 'academies', 'schools', 'users']));
    } finally {
      await db.close();
    }
  });

  it('deletes the copy on close', async () => {
    const db = await freshDb(dialect);
    await db.close();
    await db.close(); // twice is fine
    await expect(db.kysely.selectFrom('regions').selectAll().execute()).rejects.toThrow();
  });

  describe('importedDb', () => {
    let db: TestDb;
    beforeAll(async () => { db = await importedDb(dialect); });
    afterAll(() => db?.close());

    it('holds the real reference data', async () => {
      expect(await count(db, 'communes')).toBe(34_969);
      expect(await count(db, 'epcis')).toBe(1_255);
      expect(await count(db, 'academies')).toBe(30);
      expect(await count(db, 'schools')).toBeGreaterThanOrEqual(30_059);
      const school = await db.kysely.selectFrom('schools').select(['name', 'commune_code']).where('uai', '=', '0691123W').executeTakeFirstOrThrow();
      expect(school.commune_code).toBe('69264');
      expect(school.name.toUpperCase()).toContain('DUMONTET');
    });

    it('is a private copy: changes do not leak into the next copy', async () => {
      await db.kysely.deleteFrom('schools').where('uai', '=', '0691123W').execute();
      const other = await importedDb(dialect);
      try {
        expect(await other.kysely.selectFrom('schools').select('uai').where('uai', '=', '0691123W').execute()).toHaveLength(1);
      } finally {
        await other.close();
      }
    });
  });
});
