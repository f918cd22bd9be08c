// The priority score in the reviewers' queue and the committee, on both databases: stored on the
// dossier (migration 006-priority) by the commands that change what it reads (schools, diagnostics,
// submission), equal to what src/domain/priority.ts computes from the schools' data, filtered and
// sorted in the queue through the column definition, ranked by the committee from the SAME stored
// value, and explained on the review page (« Pourquoi ce rang ? »).
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSchools, createDossier, saveDiagnostic } from '../../../src/commands/dossier';
import { proposeDecision, takeDossier } from '../../../src/commands/review';
import { readSettings } from '../../../src/config';
import { computePriorityScores } from '../../../src/data/priority';
import { COLUMN_BY_ID, queuePage, type QueueQuery } from '../../../src/data/review';
import { createSession } from '../../../src/data/sessions';
import { loadCommittee } from '../../../src/data/waves';
import type { PriorityScore } from '../../../src/domain/priority';
import { buildApp } from '../../../src/web/app';
import { Browser } from '../accounts/support';
import { addApplicant, fullDiagnostic } from '../dossier/support';
import { dialects, importedDb, type TestDb } from '../../support/databases';
import { addUser, envOf, IN_PERIOD, siretOf, submittedDossier, type Built } from './support';

const q = (over: Partial<QueueQuery> = {}): QueueQuery => ({ queue: 'tous', filters: {}, sort: { column: 'reference', direction: 'asc' }, page: 1, pageSize: 25, ...over });
const cols = (...ids: string[]) => ids.map((id) => COLUMN_BY_ID.get(id)!);

describe.each(dialects)('priority score on %s', (dialect) => {
  let db: TestDb;
  let env: ReturnType<typeof envOf>;
  let rennes: Built; let betton: Built;
  let reviewer: Awaited<ReturnType<typeof addUser>>;
  let app: FastifyInstance | undefined;
  const T1 = '2021-04-10T08:00:00.000Z';

  const stored = async (id: string) => {
    const r = await db.kysely.selectFrom('dossiers').select(['priority_score', 'priority_explanation']).where('id', '=', id).executeTakeFirstOrThrow();
    return { score: r.priority_score === null ? null : Number(r.priority_score), explanation: r.priority_explanation === null ? null : JSON.parse(r.priority_explanation) as PriorityScore };
  };

  beforeAll(async () => {
    db = await importedDb(dialect);
    env = envOf(db);
    rennes = await submittedDossier(db, env, '35238');
    betton = await submittedDossier(db, env, '35024');
    reviewer = await addUser(db, 'Instructrice Rennes', 'reviewer', 'academie:14');
  }, 120_000);
  afterAll(async () => { await app?.close(); await db.close(); });

  it('stores on submission the score src/domain/priority.ts computes from the schools, with its explanation', async () => {
    const computed = await computePriorityScores(db.kysely, [rennes.id, betton.id]);
    for (const d of [rennes, betton]) {
      const s = await stored(d.id);
      const c = computed.get(d.id)!;
      expect(s.score).toBe(c.score);
      expect(s.explanation).toEqual(JSON.parse(JSON.stringify(c)));
      // A full diagnostic is read: the distance component is counted.
      expect(s.explanation!.components.find((x) => x.code === 'baseline_distance')!.value).not.toBeNull();
      expect(s.explanation!.explanation[0]).toMatch(/^Score de priorité : .* sur 100/);
    }
  });

  it('recomputes the stored score when the schools or their diagnostic change', async () => {
    const c = await db.kysely.selectFrom('communes').select(['code', 'name', 'siren', 'departement_code']).where('code', '=', '35024').executeTakeFirstOrThrow();
    const other = await addApplicant(db, { kind: 'epci', code: '243500139', siren: '243500139', siret: siretOf('243500139'), name: 'Rennes Métropole', departement: c.departement_code });
    const created = await createDossier(env, other.editor, { callId: 'snee-2021', organisationId: other.organisationId }, IN_PERIOD);
    const school = await db.kysely.selectFrom('schools').select('uai').where('commune_code', '=', '35024').where('uai', '<>', betton.uai)
      .where((eb) => eb.or([eb('nature_label', 'is', null), eb('nature_label', 'not like', '%MATERNELLE%')])).orderBy('uai').executeTakeFirstOrThrow();
    const added = await addSchools(env, other.editor, { dossierId: created.id, revision: created.revision, uais: [school.uai] }, IN_PERIOD);
    const before = await stored(created.id);
    expect(before.score).not.toBeNull();
    expect(before.explanation!.components.find((x) => x.code === 'baseline_distance')!.value).toBeNull();
    await saveDiagnostic(env, other.editor, { dossierId: created.id, revision: added.revision, uai: school.uai, entries: fullDiagnostic() }, IN_PERIOD);
    const after = await stored(created.id);
    expect(after.explanation!.components.find((x) => x.code === 'baseline_distance')!.value).toBeGreaterThan(0);
    expect(after.score).toBe((await computePriorityScores(db.kysely, [created.id])).get(created.id)!.score);
    expect(after.explanation).not.toEqual(before.explanation);
  });

  it('shows, filters and sorts the queue on the stored score through the column definition', async () => {
    const page = await queuePage(db.kysely, reviewer, q({ sort: { column: 'priorite', direction: 'desc' } }), cols('reference', 'priorite'));
    const scores = page.rows.map((r) => r.values.priorite);
    expect(scores.every((s) => typeof s === 'number')).toBe(true);
    expect(scores).toEqual([...scores].sort((a, b) => Number(b) - Number(a)));
    for (const r of page.rows) expect(r.values.priorite).toBe((await stored(r.id)).score);
    const top = Number(scores[0]);
    const filtered = await queuePage(db.kysely, reviewer, q({ filters: { priorite: { kind: 'range', min: top } } }), cols('reference', 'priorite'));
    expect(filtered.rows.length).toBeGreaterThan(0);
    expect(filtered.rows.every((r) => Number(r.values.priorite) >= top)).toBe(true);
    const none = await queuePage(db.kysely, reviewer, q({ filters: { priorite: { kind: 'range', min: 100.1 } } }), cols('reference'));
    expect(none.total).toBe(0);
  });

  it('ranks the committee by the same stored value as the queue', async () => {
    for (const d of [rennes, betton]) {
      await takeDossier(env, reviewer, { dossierId: d.id }, T1);
      await proposeDecision(env, reviewer, { dossierId: d.id, kind: 'waiting_list' }, T1);
    }
    // Whatever is stored is what both read: give Betton the top score.
    const lifted = { ...(await stored(betton.id)).explanation!, score: 99.9 };
    await db.kysely.updateTable('dossiers').set({ priority_score: 99.9, priority_explanation: JSON.stringify(lifted) }).where('id', '=', betton.id).execute();
    const committee = await loadCommittee(db.kysely, 'snee-2021', '14');
    expect(committee.candidates.map((c) => c.reference).slice(0, 2)).toEqual([betton.reference, rennes.reference]);
    expect(committee.candidates[0].score).toBe(99.9);
    expect(committee.candidates[1].score).toBe((await stored(rennes.id)).score);
    const queue = await queuePage(db.kysely, reviewer, q({ sort: { column: 'priorite', direction: 'desc' } }), cols('reference', 'priorite'));
    expect(queue.rows[0]).toEqual({ id: betton.id, values: { reference: betton.reference, priorite: 99.9 } });
    // A score never stored (a dossier written before migration 006) is computed with the same function.
    await db.kysely.updateTable('dossiers').set({ priority_score: null, priority_explanation: null }).where('id', '=', rennes.id).execute();
    const again = await loadCommittee(db.kysely, 'snee-2021', '14');
    expect(again.candidates.find((c) => c.reference === rennes.reference)!.score).toBe((await computePriorityScores(db.kysely, [rennes.id])).get(rennes.id)!.score);
  });

  it('explains the score and the rank on the review page (« Pourquoi ce rang ? »)', async () => {
    app = await buildApp({ db, settings: readSettings({ ...db.env, SOCLE_DEMO: '0', PUBLIC_URL: 'http://socle.test' }), logger: false });
    const b = new Browser(app);
    b.cookies.set('socle_session', (await createSession(db.kysely, reviewer.id, new Date())).token);
    const page = await b.get(`/instruction/dossiers/${betton.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Pourquoi ce rang ?');
    expect(page.body).toMatch(/99,9 sur 100<\/strong>,\s*rang 1 sur \d+ dossier/);
    expect(page.body).toContain('Écoles en éducation prioritaire (REP, REP+)');
    const queue = await b.get('/instruction?file=tous&col=reference&col=priorite&tri=priorite&ordre=desc');
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain('99,9');
  });
});
