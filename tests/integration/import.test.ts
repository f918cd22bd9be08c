// The reference import on both databases: counts, idempotence, row rejections, refused files.
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referenceCounts } from '../../src/data/reference';
import { uaiCheckLetter } from '../../src/domain/identifiers';
import { ImportFileError } from '../../src/reference/files';
import { importReference, importSchoolsFile } from '../../src/reference/import';
import { dialects, freshDb, importedDb, tempDir, type TestDb } from '../support/databases';

const count = async (db: TestDb, table: 'communes' | 'epcis' | 'academies' | 'schools' | 'departements') =>
  Number((await db.kysely.selectFrom(table).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);

const ANNUAIRE_HEADER = 'Identifiant_de_l_etablissement;Nom_etablissement;Type_etablissement;Statut_public_prive;Adresse_1;Code_postal;Code_commune;Appartenance_Education_Prioritaire;SIREN_SIRET;latitude;longitude;code_nature;libelle_nature;Type_contrat_prive;etat';

describe.each(dialects)('reference import on %s', (dialect) => {
  describe('into an empty database', () => {
    let db: TestDb;
    beforeAll(async () => { db = await freshDb(dialect); }, 120_000);
    afterAll(() => db.close());

    it('imports every current commune, EPCI, académie and school of the shipped data', async () => {
      const report = await importReference(db);
      expect(report.rejections).toEqual([]);
      expect(await count(db, 'communes')).toBe(34_969);
      expect(await count(db, 'epcis')).toBe(1_255);
      expect(await count(db, 'academies')).toBe(30);
      expect(await count(db, 'schools')).toBeGreaterThanOrEqual(30_059);
      // A school of a Paris arrondissement is attached to the current commune of Paris.
      const paris = await db.kysely.selectFrom('schools').select(sql<number>`count(*)`.as('n')).where('commune_code', '=', '75056').executeTakeFirstOrThrow();
      expect(Number(paris.n)).toBeGreaterThan(300);
      // The annuaire of Ille-et-Vilaine enriches the national row: REP, SIRET, coordinates, classes.
      const school = await db.kysely.selectFrom('schools').selectAll().where('uai', '=', '0350122T').executeTakeFirstOrThrow();
      expect(school).toMatchObject({ commune_code: '35016', departement_code: '35', academie_code: '14', siret: '21350016800025' });
      expect(school.latitude).toBeCloseTo(47.9861449, 6);
    }, 120_000);

    it('changes nothing when run again on the same files', async () => {
      const again = await importReference(db);
      for (const [table, c] of Object.entries(again.tables)) {
        expect({ table, inserted: c.inserted, updated: c.updated }).toEqual({ table, inserted: 0, updated: 0 });
      }
    }, 120_000);
  });

  describe('annuaire files', () => {
    let db: TestDb;
    beforeAll(async () => { db = await importedDb(dialect); });
    afterAll(() => db.close());

    it('merges the JSON export of the Val-de-Marne annuaire by UAI without changing anything already known', async () => {
      const report = await importSchoolsFile(db, path.resolve('data/education/dep094/fr-en-annuaire-education_094_ecoles-publiques_2026-05-27.json'));
      expect(report.tables.schools).toEqual({ inserted: 0, updated: 0, unchanged: 613 });
    });

    it('reports rejected rows with file, line and reason, and imports the good ones; a newer row updates what changed', async () => {
      const file = path.join(tempDir('annuaire'), 'annuaire.csv');
      fs.writeFileSync(file, '\ufeff' + [
        ANNUAIRE_HEADER,
        '0350122A;Mauvaise lettre;Ecole;Public;;;35016;;;;;;;;OUVERT',
        '0350122T;Ecole primaire publique les Lucioles;Ecole;Public;6 rue PHILIPPE;35580;35016;REP;21350016800026;;;1151;ECOLE DE NIVEAU ELEMENTAIRE;SANS OBJET;OUVERT',
        '0350122T;Ecole primaire publique les Lucioles;Ecole;Public;6 rue PHILIPPE;35580;99999;REP;;;;1151;ECOLE DE NIVEAU ELEMENTAIRE;SANS OBJET;OUVERT',
        '0350122T;Ecole primaire publique des Lucioles;Ecole;Public;6 rue PHILIPPE;35580;35016;REP;21350016800025;47.98;-1.93;1151;ECOLE DE NIVEAU ELEMENTAIRE;SANS OBJET;OUVERT',
        '0351000X;Collège;Collège;Public;;;35238;;;;;;;;OUVERT',
      ].join('\r\n'));
      const report = await importSchoolsFile(db, file);
      expect(report.rejections).toEqual([
        { file: 'annuaire.csv', line: 2, reason: 'UAI « 0350122A » invalide (lettre de contrôle ou forme)' },
        { file: 'annuaire.csv', line: 3, reason: 'SIRET « 21350016800026 » invalide (clé de Luhn)' },
        { file: 'annuaire.csv', line: 4, reason: 'commune INSEE « 99999 » inconnue' },
      ]);
      expect(report.tables.schools).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
      const school = await db.kysely.selectFrom('schools').selectAll().where('uai', '=', '0350122T').executeTakeFirstOrThrow();
      expect(school.name).toBe('Ecole primaire publique des Lucioles');
      expect(school.education_priority).toBe('REP');
    });

    it('refuses a file of the wrong shape with a clear message and keeps the previous content', async () => {
      const before = await count(db, 'schools');
      const file = path.join(tempDir('bad'), 'communes.csv');
      fs.writeFileSync(file, 'code;nom\n35238;Rennes\n');
      await expect(importSchoolsFile(db, file)).rejects.toThrow(ImportFileError);
      await expect(importSchoolsFile(db, file)).rejects.toThrow(/colonnes attendues absentes : Identifiant_de_l_etablissement/);
      expect(await count(db, 'schools')).toBe(before);
    });

    it('the counts shown on the home and data pages follow each import', async () => {
      const before = await referenceCounts(db);
      expect(before.schools).toBe(await count(db, 'schools'));
      const uai = `0359998${uaiCheckLetter('0359998')}`;
      const file = path.join(tempDir('nouvelle'), 'annuaire.csv');
      fs.writeFileSync(file, '\ufeff' + [
        ANNUAIRE_HEADER,
        `${uai};Ecole élémentaire publique des Tests;Ecole;Public;1 rue des Tests;35000;35238;;;;;1151;ECOLE DE NIVEAU ELEMENTAIRE;SANS OBJET;OUVERT`,
      ].join('\r\n'));
      expect((await importSchoolsFile(db, file)).tables.schools).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
      const after = await referenceCounts(db);
      expect(after).toEqual({ ...before, schools: before.schools + 1, publicSchools: before.publicSchools + 1 });
    });
  });
});
