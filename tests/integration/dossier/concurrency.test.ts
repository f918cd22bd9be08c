// Two people editing the same dossier: a save on the same section since the revision one saw is
// refused with what changed (who, what, when); saves on disjoint sections (two lines) both succeed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSchools, createDossier, DossierConflictError, loadDossier, saveBudgetLine, saveProject } from '../../../src/commands/dossier';
import { verifyEventChain } from '../../../src/data/dossiers';
import { dialects, importedDb, type TestDb } from '../../support/databases';
import { addApplicant, envOf, IN_PERIOD, type Applicant } from './support';

describe.each(dialects)('concurrent edits on %s', (dialect) => {
  let db: TestDb;
  let env: ReturnType<typeof envOf>;
  let rennes: Applicant;
  let dossierId: string;
  let revision: number;

  beforeAll(async () => {
    db = await importedDb(dialect);
    env = envOf(db);
    rennes = await addApplicant(db, { kind: 'commune', code: '35238', siren: '213502388', name: 'Commune de Rennes', departement: '35' });
    const d = await createDossier(env, rennes.admin, { callId: 'snee-2021', organisationId: rennes.organisationId }, IN_PERIOD);
    dossierId = d.id;
    revision = (await addSchools(env, rennes.admin, { dossierId, revision: d.revision, uais: ['0350593E'] }, IN_PERIOD)).revision;
  });
  afterAll(() => db.close());

  const line = (label: string, quantity: number, lineId?: string) => ({
    dossierId, revision, ...(lineId ? { lineId } : {}), uai: '0350593E', volet: 1 as const, category: 'CLASS_DISPLAY', label, quantity, unitHtCents: 100_000, unitTtcCents: 120_000,
  });

  it('refuses the second save of the project made on the same revision, saying who changed what', async () => {
    const seen = revision;
    await saveProject(env, rennes.admin, { dossierId, revision: seen, summary: 'Version de la première personne.' }, '2021-03-01T09:00:00Z');
    const second = saveProject(env, rennes.editor, { dossierId, revision: seen, summary: 'Version de la seconde personne.' }, '2021-03-01T09:05:00Z');
    await expect(second).rejects.toThrow(DossierConflictError);
    await expect(second).rejects.toThrow(/Projet pédagogique modifié par Admin Commune de Rennes le 1 mars 2021 à 10:00:00/);
    expect((await loadDossier(db.kysely, dossierId))!.dossier.project_summary).toBe('Version de la première personne.');
    revision = (await loadDossier(db.kysely, dossierId))!.dossier.revision;
  });

  it('keeps both saves on two different lines made on the same revision, even at the same moment', async () => {
    const a = await saveBudgetLine(env, rennes.admin, line('Ligne A', 1), IN_PERIOD);
    const b = await saveBudgetLine(env, rennes.admin, { ...line('Ligne B', 1), revision: a.revision }, IN_PERIOD);
    const seen = b.revision;
    const [x, y] = await Promise.all([
      saveBudgetLine(env, rennes.admin, { ...line('Ligne A', 5, a.result.lineId), revision: seen }, IN_PERIOD),
      saveBudgetLine(env, rennes.editor, { ...line('Ligne B', 7, b.result.lineId), revision: seen }, IN_PERIOD),
    ]);
    expect(new Set([x.revision, y.revision]).size).toBe(2);
    const view = (await loadDossier(db.kysely, dossierId))!;
    expect(view.lines.map((l) => [l.label, l.quantity]).sort()).toEqual([['Ligne A', 5], ['Ligne B', 7]]);
    // The same line saved again on the old revision: refused, naming the change.
    await expect(saveBudgetLine(env, rennes.editor, { ...line('Ligne A', 9, a.result.lineId), revision: seen }, IN_PERIOD))
      .rejects.toThrow(/Ligne de budget modifiée par Admin Commune de Rennes/);
    expect(await verifyEventChain(db.kysely, dossierId)).toBeNull();
  });

  it('never forks the chain under concurrent writes', async () => {
    const seen = (await loadDossier(db.kysely, dossierId))!.dossier.revision;
    const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => saveBudgetLine(env, rennes.admin, { ...line(`Nouvelle ${i}`, 1), revision: seen }, IN_PERIOD)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(6);
    const view = (await loadDossier(db.kysely, dossierId))!;
    expect(view.lines).toHaveLength(8);
    expect(view.dossier.revision).toBe(seen + 6);
    expect(await verifyEventChain(db.kysely)).toBeNull();
  });
});
