// Waves within the envelope, on both databases: three dossiers of the académie of Rennes proposed
// for acceptance, an envelope that fits two → two accepted with the proposal's maximum per volet, one
// on the waiting list, the applicants told; a wave exceeding the envelope refused with nothing
// written; the convention accepted by the applicant (digest recorded) → agreement_signed; and
// `socle audit verify` passing, then failing once a row of the history is altered in the database.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptAgreement, agreementDocument } from '../../../src/commands/agreements';
import { decideWave, setEnvelope, WaveRefusedError } from '../../../src/commands/waves';
import { verifyEventChain } from '../../../src/data/dossiers';
import { loadCommittee, loadCommitteeEntry, loadDecision } from '../../../src/data/waves';
import { ForbiddenError, type Actor } from '../../../src/policies';
import { dialects, importedDb, type TestDb } from '../../support/databases';
import { addUser, envOf, IN_PERIOD } from '../dossier/support';
import { seedDossier, type Seeded } from './support';

const DECIDED_AT = '2021-06-15T08:00:00.000Z';
const ROOT = path.resolve(import.meta.dirname, '../../..');

async function counts(db: TestDb): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of ['waves', 'decisions', 'agreements', 'dossier_events'] as const) {
    out[t] = Number((await db.kysely.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  }
  const states = await db.kysely.selectFrom('dossiers').select('state').orderBy('reference').execute();
  out.underReview = states.filter((s) => s.state === 'under_review').length;
  return out;
}

function audit(db: TestDb): { status: number | null; stdout: string } {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/socle.js'), 'audit', 'verify'], {
    cwd: ROOT, env: { ...process.env, ...db.env, SOCLE_DEMO: '0' }, encoding: 'utf8', timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout + r.stderr };
}

describe.each(dialects)('waves within the envelope on %s', (dialect) => {
  let db: TestDb;
  let env: ReturnType<typeof envOf>;
  let admin: Actor;
  let decider: Actor;
  let reviewer: Actor;
  let dossiers: Seeded[];

  beforeAll(async () => {
    db = await importedDb(dialect);
    env = envOf(db);
    admin = { ...(await addUser(db, 'Administratrice nationale')), role: 'admin' };
    await db.kysely.updateTable('users').set({ role: 'admin' }).where('id', '=', admin.id).execute();
    reviewer = await addUser(db, 'Ivan Instructeur', 'reviewer', 'academie:14');
    decider = await addUser(db, 'Diane Décideuse', 'reviewer', 'academie:14');
    await db.kysely.insertInto('deciders').values({ user_id: decider.id, academie_code: '14', granted_by: admin.id, granted_at: IN_PERIOD }).execute();
    // Grants: A 45 000 €, B 33 000 €, C 22 000 € — an envelope of 80 000 € fits A and B.
    dossiers = [
      await seedDossier(db, 1, { kind: 'commune', code: '35238', siren: '213502388', name: 'Commune de Rennes', departement: '35' }, ['0350592D', '0350593E'], 4_000_000, 500_000, reviewer),
      await seedDossier(db, 2, { kind: 'commune', code: '35024', siren: '213500242', name: 'Commune de Betton', departement: '35' }, ['0350777E'], 3_000_000, 300_000, reviewer),
      await seedDossier(db, 3, { kind: 'commune', code: '35051', siren: '213500515', name: 'Commune de Cesson-Sévigné', departement: '35' }, ['0350122T'], 2_000_000, 200_000, reviewer),
    ];
  });
  afterAll(() => db.close());

  it('lets only the national administrator set the envelope, and keeps each change', async () => {
    await expect(setEnvelope(env, decider, { callId: 'snee-2021', academieCode: '14', amountCents: 8_000_000 }, DECIDED_AT)).rejects.toThrow(ForbiddenError);
    const r = await setEnvelope(env, admin, { callId: 'snee-2021', academieCode: '14', amountCents: 8_000_000, reason: 'Répartition nationale' }, DECIDED_AT);
    expect(r).toEqual({ fromCents: 0, toCents: 8_000_000 });
    const changes = await db.kysely.selectFrom('envelope_changes').selectAll().where('academie_code', '=', '14').execute();
    expect(changes.map((c) => [Number(c.to_cents), c.actor_label, c.reason])).toEqual([[8_000_000, 'Administratrice nationale', 'Répartition nationale']]);
  });

  it('lists the proposals ranked by priority score, each explaining itself', async () => {
    const view = await loadCommittee(db.kysely, 'snee-2021', '14');
    expect(view.envelope).toMatchObject({ amountCents: 8_000_000, source: 'set' });
    expect(view.candidates.map((c) => c.reference).sort()).toEqual(dossiers.map((d) => d.reference));
    expect(view.candidates.map((c) => c.rank)).toEqual([1, 2, 3]);
    for (let i = 1; i < view.candidates.length; i++) expect(view.candidates[i - 1].score).toBeGreaterThanOrEqual(view.candidates[i].score);
    // The list carries the stored score; its explanation is read on demand (« Pourquoi ce rang ? »).
    const entry = (await loadCommitteeEntry(db.kysely, 'snee-2021', '14', view.candidates[0].dossierId))!;
    expect(entry.candidate).toEqual(view.candidates[0]);
    expect(entry.priority.score).toBe(view.candidates[0].score);
    expect(entry.priority.explanation[0]).toMatch(/^Score de priorité : .* sur 100/);
    expect(await loadCommitteeEntry(db.kysely, 'snee-2021', '10', view.candidates[0].dossierId)).toBeUndefined();
    expect(view.nextWaveNumber).toBe(1);
  });

  it('refuses a wave that would exceed the envelope, writing nothing', async () => {
    const before = await counts(db);
    const e = await decideWave(env, decider, { callId: 'snee-2021', academieCode: '14', retained: dossiers.map((d) => d.id), expectedNumber: 1 }, DECIDED_AT).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(WaveRefusedError);
    expect((e as WaveRefusedError).message).toContain("dépasserait l'enveloppe de l'académie de");
    expect(await counts(db)).toEqual(before);
    expect(env.sent).toEqual([]);
  });

  it('refuses a reviewer who is not the decision maker', async () => {
    await expect(decideWave(env, reviewer, { callId: 'snee-2021', academieCode: '14', retained: [dossiers[0].id] }, DECIDED_AT)).rejects.toThrow(ForbiddenError);
  });

  it('decides a wave over three dossiers with an envelope that fits two: two accepted, one waiting', async () => {
    const [a, b, c] = dossiers;
    const wave = await decideWave(env, decider, { callId: 'snee-2021', academieCode: '14', retained: [a.id, b.id], expectedNumber: 1 }, DECIDED_AT);
    expect(wave).toMatchObject({ number: 1, allocatedCents: 7_800_000, remainingCents: 200_000 });
    expect([...wave.accepted].sort()).toEqual([a.id, b.id].sort());
    expect(wave.waiting).toEqual([c.id]);
    const states = await db.kysely.selectFrom('dossiers').select(['id', 'state']).execute();
    expect(Object.fromEntries(states.map((s) => [s.id, s.state]))).toMatchObject({ [a.id]: 'accepted', [b.id]: 'accepted', [c.id]: 'waiting_list' });
    const decidedA = (await loadDecision(db.kysely, a.id))!;
    expect(decidedA.decision).toMatchObject({ kind: 'accept', wave_number: 1, equipment_max_cents: 4_000_000, services_max_cents: 500_000 });
    expect(decidedA.agreement).toMatchObject({ equipment_max_cents: 4_000_000, services_max_cents: 500_000, accepted_at: null });
    const events = await db.kysely.selectFrom('dossier_events').selectAll().where('dossier_id', '=', a.id).orderBy('seq').execute();
    expect(events.at(-1)).toMatchObject({ kind: 'accepted', from_state: 'under_review', to_state: 'accepted', actor_label: 'Diane Décideuse' });
    expect(JSON.parse(events.at(-1)!.payload)).toMatchObject({ wave: 1, allocatedMaximum: { equipmentCents: { from: null, to: 4_000_000 } } });
    expect(await verifyEventChain(db.kysely)).toBeNull();
    // Each applicant's members are told (3 members per applicant).
    expect(env.sent.filter((m) => m.subject === `Dossier ${c.reference} : sur liste d'attente`)).toHaveLength(3);
    expect(env.sent.find((m) => m.subject === `Dossier ${a.reference} : retenu (vague 1)`)?.text).toMatch(/40\s000,00\s€/);
  });

  it('keeps the waiting dossier for the next wave and refuses it while the envelope is short', async () => {
    const c = dossiers[2];
    const view = await loadCommittee(db.kysely, 'snee-2021', '14');
    expect(view.candidates.map((x) => [x.reference, x.state])).toEqual([[c.reference, 'waiting_list']]);
    expect(view.committedCents).toBe(7_800_000);
    expect(view.nextWaveNumber).toBe(2);
    await expect(decideWave(env, decider, { callId: 'snee-2021', academieCode: '14', retained: [c.id], expectedNumber: 2 }, DECIDED_AT)).rejects.toThrow(WaveRefusedError);
    await expect(setEnvelope(env, admin, { callId: 'snee-2021', academieCode: '14', amountCents: 7_000_000 }, DECIDED_AT)).rejects.toThrow(/ne peut pas être inférieure aux 78\s000,00/);
    await setEnvelope(env, admin, { callId: 'snee-2021', academieCode: '14', amountCents: 10_000_000 }, DECIDED_AT);
    const w2 = await decideWave(env, decider, { callId: 'snee-2021', academieCode: '14', retained: [c.id], expectedNumber: 2 }, '2021-07-01T08:00:00.000Z');
    expect(w2).toMatchObject({ number: 2, accepted: [c.id], remainingCents: 0 });
    expect((await loadDecision(db.kysely, c.id))!.decision.wave_number).toBe(2);
  });

  it('lets an admin of the applicant accept the convention: agreement_signed, with who, when and the digest', async () => {
    const a = dossiers[0];
    const doc = (await agreementDocument(db.kysely, a.id))!;
    expect(doc.sha256).toMatch(/^[0-9a-f]{64}$/);
    await expect(acceptAgreement(env, a.applicant.editor, { dossierId: a.id, sha256: doc.sha256, consent: true }, '2021-06-20T10:00:00.000Z')).rejects.toThrow(ForbiddenError);
    await expect(acceptAgreement(env, a.applicant.admin, { dossierId: a.id, sha256: '0'.repeat(64), consent: true }, '2021-06-20T10:00:00.000Z')).rejects.toThrow(/a changé/);
    const out = await acceptAgreement(env, a.applicant.admin, { dossierId: a.id, sha256: doc.sha256, consent: true }, '2021-06-20T10:00:00.000Z');
    expect(out.result).toMatchObject({ sha256: doc.sha256, acceptedAt: '2021-06-20T10:00:00.000Z', acceptedBy: 'Admin Commune de Rennes' });
    const row = (await db.kysely.selectFrom('dossiers').select('state').where('id', '=', a.id).executeTakeFirstOrThrow());
    expect(row.state).toBe('agreement_signed');
    const agreement = (await loadDecision(db.kysely, a.id))!.agreement!;
    expect(agreement).toMatchObject({ accepted_by: a.applicant.admin.id, accepted_sha256: doc.sha256, accepted_at: '2021-06-20T10:00:00.000Z' });
    const last = await db.kysely.selectFrom('dossier_events').selectAll().where('dossier_id', '=', a.id).orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(last).toMatchObject({ kind: 'agreement_signed', to_state: 'agreement_signed' });
    expect(JSON.parse(last.payload)).toMatchObject({ sha256: doc.sha256 });
    // Accepting twice is refused.
    await expect(acceptAgreement(env, a.applicant.admin, { dossierId: a.id, sha256: doc.sha256, consent: true }, '2021-06-20T10:01:00.000Z')).rejects.toThrow(/Accepter la convention/);
  });

  it('`socle audit verify` passes, then fails naming the link after a row is altered in the database', async () => {
    const ok = audit(db);
    expect(ok.stdout).toContain('Toutes les chaînes d\'empreintes sont intactes');
    expect(ok.status).toBe(0);
    const b = dossiers[1];
    await db.kysely.updateTable('dossier_events').set({ reason: 'Montant modifié à la main' }).where('dossier_id', '=', b.id).where('seq', '=', 2).execute();
    const broken = audit(db);
    expect(broken.status).not.toBe(0);
    expect(broken.stdout).toContain(`CHAÎNE ROMPUE : dossier ${b.reference}, événement n° 2`);
    expect(broken.stdout).toContain('a été modifié');
  });
});
