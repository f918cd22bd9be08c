// The national demo campaign (`socle demo --national`) on the real reference data, on both
// databases: the campaign's size and spending follow the 2021 outcome, every cached amount is the
// engine's, submitted versions hash to their digest; the académies' side — dossiers taken by a
// reviewer of their académie, decision proposals, one or two waves per académie within its envelope,
// the waiting list, conventions (a few accepted, their digest the convention's) — is what the
// commands write, the committed amounts are the sum of the conventions, and every history chain
// holds (`socle audit verify`); the real commands and pages carry on from the demo's rows (a returned
// dossier submitted again, a third wave decided, a convention accepted, the history page); a second
// run is refused unless --reset, and the same seed gives the same campaign (compared across the two
// fresh databases).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditVerify } from '../../../src/cli/audit';
import { readSettings } from '../../../src/config';
import { acceptAgreement, agreementDocument } from '../../../src/commands/agreements';
import { loadDossier, saveBudgetLine, signProject, submitDossier, type CommandActor } from '../../../src/commands/dossier';
import { DemoCampaignExistsError, DEMO_DOMAIN, demoCampaignSize, generateNationalDemo, type NationalDemoReport } from '../../../src/commands/demo';
import { decideWave } from '../../../src/commands/waves';
import { verifyEventChain } from '../../../src/data/dossier-events';
import { createSession } from '../../../src/data/sessions';
import { committedCents, envelopeOf, loadCommittee } from '../../../src/data/waves';
import { retainWithinEnvelope } from '../../../src/domain/waves';
import { buildApp } from '../../../src/web/app';
import { dialects, importedDb, type TestDb } from '../../support/databases';
import { Browser } from '../accounts/support';

const SEED = 7;
const CALL = 'snee-2021';
const fingerprints = new Map<string, string>();
const num = (v: unknown): number => Number(v);

/**
 * Everything a demo's identity holds: references, states, schools, amounts, revision and last event
 * hash of every dossier; envelopes, waves, decisions, conventions, proposals and who took each dossier.
 */
async function fingerprint(db: TestDb): Promise<string> {
  const k = db.kysely;
  const dossiers = await k.selectFrom('dossiers').select(['id', 'reference', 'state', 'revision', 'equipment_cents', 'services_cents', 'eligible_cents', 'grant_cents', 'blocking_count', 'priority_score'])
    .orderBy('reference').execute();
  const last = await k.selectFrom('dossier_events').select(['dossier_id', 'seq', 'hash']).orderBy('dossier_id').orderBy('seq').execute();
  const lastHash = new Map<string, string>();
  for (const e of last) lastHash.set(e.dossier_id, e.hash);
  const schools = await k.selectFrom('dossier_schools').select(['dossier_id', 'uai']).orderBy('dossier_id').orderBy('position').execute();
  const uais = new Map<string, string[]>();
  for (const s of schools) (uais.get(s.dossier_id) ?? uais.set(s.dossier_id, []).get(s.dossier_id)!).push(s.uai);
  const h = crypto.createHash('sha256');
  for (const d of dossiers) {
    h.update([d.reference, d.state, num(d.revision), num(d.equipment_cents), num(d.services_cents), num(d.eligible_cents), num(d.grant_cents),
      num(d.blocking_count), d.priority_score === null ? '' : num(d.priority_score), (uais.get(d.id) ?? []).join(','), lastHash.get(d.id)].join('|') + '\n');
  }
  for (const e of await k.selectFrom('envelopes').select(['academie_code', 'amount_cents', 'updated_at']).orderBy('academie_code').execute()) {
    h.update(`envelope|${e.academie_code}|${num(e.amount_cents)}|${e.updated_at}\n`);
  }
  for (const w of await k.selectFrom('waves').selectAll().orderBy('academie_code').orderBy('number').execute()) {
    h.update(['wave', w.id, w.academie_code, num(w.number), num(w.envelope_cents), num(w.committed_before_cents), num(w.allocated_cents),
      num(w.accepted_count), num(w.waiting_count), num(w.rejected_count), w.decided_by_label, w.decided_at].join('|') + '\n');
  }
  for (const x of await k.selectFrom('decisions as x').innerJoin('dossiers as d', 'd.id', 'x.dossier_id')
    .select(['x.id', 'd.reference', 'x.wave_number', 'x.kind', 'x.equipment_max_cents', 'x.services_max_cents', 'x.reason', 'x.priority_score']).orderBy('d.reference').orderBy('x.wave_number').execute()) {
    h.update(['decision', x.id, x.reference, num(x.wave_number), x.kind, x.equipment_max_cents, x.services_max_cents, x.reason, num(x.priority_score)].join('|') + '\n');
  }
  for (const a of await k.selectFrom('agreements').selectAll().orderBy('dossier_id').execute()) {
    h.update(['agreement', a.dossier_id, a.decision_id, num(a.equipment_max_cents), num(a.services_max_cents), a.issued_at, a.accepted_at, a.accepted_sha256, a.pdf_path].join('|') + '\n');
  }
  for (const p of await k.selectFrom('decision_proposals').selectAll().orderBy('dossier_id').execute()) {
    h.update(['proposal', p.dossier_id, p.kind, p.equipment_max_cents, p.services_max_cents, p.reason, p.proposed_by, p.proposed_at].join('|') + '\n');
  }
  for (const r of await k.selectFrom('review_assignments').selectAll().orderBy('dossier_id').execute()) h.update(`taken|${r.dossier_id}|${r.reviewer_id}|${r.taken_at}\n`);
  return h.digest('hex');
}

const actorOf = (u: { id: string; role: string; scope: string | null; display_name: string }): CommandActor =>
  ({ id: u.id, role: u.role as CommandActor['role'], scope: u.scope, displayName: u.display_name });

describe.each(dialects)('national demo campaign on %s', (dialect) => {
  let db: TestDb;
  let report: NationalDemoReport;
  const env = () => ({ kysely: db.kysely, dialect: db.dialect, dataDir: db.dataDir });

  beforeAll(async () => {
    db = await importedDb(dialect);
    report = await generateNationalDemo(db, { dataDir: db.dataDir, seed: SEED });
    // The time is printed (benchmarks hold the real targets).
    process.stdout.write(`[demo ${dialect}] ${report.dossiers} dossiers, ${report.schools} écoles, ${report.lines} lignes, ${report.events} événements en ${report.seconds.toFixed(1)} s\n`);
    // The identity of the generated campaign, before the tests below carry on with the commands.
    fingerprints.set(dialect, await fingerprint(db));
  }, 600_000);
  afterAll(() => db?.close());

  it('has the size of the 2021 call: about 7,000 dossiers and 12,700 real schools, each in one dossier only', async () => {
    expect(report.dossiers).toBeGreaterThanOrEqual(6_800);
    expect(report.dossiers).toBeLessThanOrEqual(7_400);
    expect(report.schools).toBeGreaterThanOrEqual(12_200);
    expect(report.schools).toBeLessThanOrEqual(13_200);
    expect(report.communes).toBeGreaterThan(7_000);
    const rows = await db.kysely.selectFrom('dossier_schools as ds').innerJoin('schools as s', 's.uai', 'ds.uai')
      .select(['ds.uai', 's.nature_label']).execute();
    expect(rows).toHaveLength(report.schools);
    expect(new Set(rows.map((r) => r.uai)).size).toBe(rows.length);
    expect(rows.filter((r) => (r.nature_label ?? '').includes('MATERNELLE'))).toEqual([]);
    expect(num((await db.kysely.selectFrom('dossiers').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(report.dossiers);
    // Real applicants: the SIREN of the reference data.
    const wrongSiren = await db.kysely.selectFrom('organisations as o')
      .leftJoin('communes as c', (j) => j.onRef('c.code', '=', 'o.commune_code').onRef('c.siren', '=', 'o.siren'))
      .leftJoin('epcis as e', 'e.siren', 'o.epci_siren')
      .select('o.siren').where((eb) => eb.and([eb('c.code', 'is', null), eb('e.siren', 'is', null)])).execute();
    expect(wrongSiren).toEqual([]);
    expect(report.byKind.epci).toBeGreaterThan(100);
  });

  it('spends like the 2021 outcome: about 28,600 € per dossier, large cities above the tiers', async () => {
    const mean = report.askedCents / report.dossiers;
    expect(mean).toBeGreaterThan(2_860_000 * 0.9);
    expect(mean).toBeLessThan(2_860_000 * 1.1);
    expect(report.grantCents / report.askedCents).toBeGreaterThan(0.45);
    expect(report.grantCents / report.askedCents).toBeLessThan(0.6);
    // At least one commune with more than 1,000,000 € of equipment in one dossier (the tier's top).
    expect(report.largest.askedCents).toBeGreaterThan(100_000_000);
    const totals = await db.kysely.selectFrom('dossiers').select((eb) => [eb.fn.sum<number>('equipment_cents').as('e'), eb.fn.sum<number>('services_cents').as('s'), eb.fn.sum<number>('grant_cents').as('g')]).executeTakeFirstOrThrow();
    expect(num(totals.e) + num(totals.s)).toBe(report.askedCents);
    expect(num(totals.g)).toBe(report.grantCents);
  });

  it('has dossiers in every state of the review, each submitted one with its frozen version and each returned one with its message', async () => {
    const s = report.byState;
    expect(s.draft).toBeGreaterThan(100);
    expect(s.submitted).toBeGreaterThan(200);
    expect(s.returned_for_changes).toBeGreaterThan(100);
    expect(s.under_review).toBeGreaterThan(300);
    expect(report.proposals).toBeGreaterThan(100);
    expect(report.proposals).toBeLessThan(s.under_review);
    expect(s.waiting_list).toBeGreaterThan(300);
    expect(s.accepted).toBeGreaterThan(2_500);
    expect(s.agreement_signed).toBeGreaterThanOrEqual(20);
    expect(s.rejected).toBeGreaterThan(30);
    const states = await db.kysely.selectFrom('dossiers').select(['state']).select((eb) => eb.fn.countAll().as('n')).groupBy('state').execute();
    expect(Object.fromEntries(states.map((x) => [x.state, num(x.n)]))).toEqual(Object.fromEntries(Object.entries(s).filter(([, n]) => n > 0)));
    const versions = await db.kysely.selectFrom('dossier_versions').select(['dossier_id', 'content', 'sha256']).execute();
    expect(versions).toHaveLength(report.dossiers - s.draft);
    for (const v of versions.slice(0, 300)) expect(crypto.createHash('sha256').update(v.content, 'utf8').digest('hex')).toBe(v.sha256);
    const messages = await db.kysely.selectFrom('messages').select('dossier_id').execute();
    expect(messages).toHaveLength(s.returned_for_changes);
    // Submitted dossiers have no blocking item left, as submitDossier requires.
    const blocked = await db.kysely.selectFrom('dossiers').select('reference').where('state', '!=', 'draft').where('blocking_count', '>', 0).execute();
    expect(blocked).toEqual([]);
  });

  it('has each dossier taken by a reviewer of its académie, proposals as proposeDecision makes them, and a decision row for each decided state', async () => {
    const k = db.kysely;
    const taken = await k.selectFrom('dossiers as d').innerJoin('review_assignments as ra', 'ra.dossier_id', 'd.id').innerJoin('users as u', 'u.id', 'ra.reviewer_id')
      .leftJoin('review_follows as f', (j) => j.onRef('f.dossier_id', '=', 'd.id').onRef('f.user_id', '=', 'u.id'))
      .select(['d.state', 'd.academie_code', 'u.role', 'u.scope', 'u.email', 'f.user_id as follower']).execute();
    const s = report.byState;
    expect(taken).toHaveLength(report.dossiers - s.draft - s.submitted);
    for (const t of taken) {
      expect({ role: t.role, scope: t.scope, follows: t.follower !== null }).toEqual({ role: 'reviewer', scope: `academie:${t.academie_code}`, follows: true });
      expect(t.email.endsWith(`@${DEMO_DOMAIN}`)).toBe(true);
    }
    // Proposals: the engine's maximum per volet for an acceptance, a motivation for a rejection.
    const proposals = await k.selectFrom('decision_proposals as p').innerJoin('dossiers as d', 'd.id', 'p.dossier_id')
      .select(['p.kind', 'p.equipment_max_cents', 'p.services_max_cents', 'p.reason', 'd.state', 'd.equipment_grant_cents', 'd.services_grant_cents']).execute();
    expect(new Set(proposals.map((p) => p.kind))).toEqual(new Set(['accept', 'reject', 'waiting_list']));
    for (const p of proposals) {
      if (p.kind === 'accept') expect([num(p.equipment_max_cents), num(p.services_max_cents)]).toEqual([num(p.equipment_grant_cents), num(p.services_grant_cents)]);
      else expect([p.equipment_max_cents, p.services_max_cents, (p.reason ?? '').length > 20]).toEqual([null, null, true]);
      expect(p.state).not.toBe('submitted');
    }
    expect(proposals.filter((p) => p.state === 'under_review')).toHaveLength(report.proposals);
    // The latest decision of each decided dossier says its state; each acceptance has its convention with the same maxima.
    const decisions = await k.selectFrom('decisions as x').innerJoin('dossiers as d', 'd.id', 'x.dossier_id').leftJoin('agreements as a', 'a.decision_id', 'x.id')
      .select(['x.dossier_id', 'x.kind', 'x.wave_number', 'x.reason', 'x.equipment_max_cents', 'x.services_max_cents', 'd.state', 'a.equipment_max_cents as ae', 'a.services_max_cents as as', 'a.accepted_sha256'])
      .orderBy('x.dossier_id').orderBy('x.wave_number').execute();
    const latest = new Map(decisions.map((x) => [x.dossier_id, x]));
    const expected: Record<string, string> = { accepted: 'accept', agreement_signed: 'accept', waiting_list: 'waiting_list', rejected: 'reject' };
    expect(latest.size).toBe(s.accepted + s.agreement_signed + s.waiting_list + s.rejected);
    for (const x of latest.values()) {
      expect(x.kind).toBe(expected[x.state]);
      if (x.kind === 'accept') {
        expect([num(x.ae), num(x.as)]).toEqual([num(x.equipment_max_cents), num(x.services_max_cents)]);
        expect(x.accepted_sha256 !== null).toBe(x.state === 'agreement_signed');
      }
      if (x.kind === 'reject') expect((x.reason ?? '').length).toBeGreaterThan(20);
    }
    expect(num((await k.selectFrom('agreements').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(s.accepted + s.agreement_signed);
    // Dossiers first on the waiting list, then retained by a later wave.
    expect(decisions.filter((x) => x.kind === 'waiting_list' && latest.get(x.dossier_id)!.kind === 'accept').length).toBeGreaterThan(0);
  });

  it('decides one or two waves per académie within its envelope; the committed amounts are the sum of the conventions', async () => {
    const k = db.kysely;
    expect(report.academies.length).toBeGreaterThanOrEqual(25);
    expect(report.academies.some((a) => a.waves.length === 2)).toBe(true);
    expect(report.academies.some((a) => a.waves.length === 1)).toBe(true);
    // Envelopes set like 2021: well below the demand, so that the waiting list is real.
    const envelopes = report.academies.reduce((t, a) => t + a.envelopeCents, 0);
    expect(report.demoEnvelopeCents).toBe(envelopes);
    expect(envelopes / report.demandCents).toBeGreaterThan(0.55);
    expect(envelopes / report.demandCents).toBeLessThan(0.7);
    let allCommitted = 0;
    for (const a of report.academies) {
      const envelope = await envelopeOf(k, CALL, a.code);
      expect({ code: a.code, amount: envelope.amountCents, source: envelope.source }).toEqual({ code: a.code, amount: a.envelopeCents, source: 'set' });
      const committed = await committedCents(k, CALL, a.code);
      expect(committed).toBe(a.committedCents);
      expect(committed).toBeLessThanOrEqual(envelope.amountCents);
      const waves = await k.selectFrom('waves').selectAll().where('call_id', '=', CALL).where('academie_code', '=', a.code).orderBy('number').execute();
      expect(waves.map((w) => num(w.number))).toEqual(a.waves.map((_, i) => i + 1));
      let before = 0;
      for (const w of waves) {
        expect([num(w.envelope_cents), num(w.committed_before_cents)]).toEqual([envelope.amountCents, before]);
        const ds = await k.selectFrom('decisions').select(['kind', 'equipment_max_cents', 'services_max_cents']).where('wave_id', '=', w.id).execute();
        const accepted = ds.filter((x) => x.kind === 'accept');
        expect(accepted.reduce((t, x) => t + num(x.equipment_max_cents) + num(x.services_max_cents), 0)).toBe(num(w.allocated_cents));
        expect([accepted.length, ds.filter((x) => x.kind === 'waiting_list').length, ds.filter((x) => x.kind === 'reject').length])
          .toEqual([num(w.accepted_count), num(w.waiting_count), num(w.rejected_count)]);
        before += num(w.allocated_cents);
      }
      expect(before).toBe(committed);
      allCommitted += committed;
    }
    const agreements = await k.selectFrom('agreements').select((eb) => [eb.fn.sum<number>('equipment_max_cents').as('e'), eb.fn.sum<number>('services_max_cents').as('s')]).executeTakeFirstOrThrow();
    expect(num(agreements.e) + num(agreements.s)).toBe(allCommitted);
    // Most of the envelopes are used, and what did not fit waits.
    expect(allCommitted / envelopes).toBeGreaterThan(0.75);
  }, 60_000);

  it('ranks each wave by the stored priority score: the retained rank above those put on the waiting list', async () => {
    const rows = await db.kysely.selectFrom('decisions as x').innerJoin('dossiers as d', 'd.id', 'x.dossier_id')
      .select(['x.kind', 'x.wave_number', 'x.priority_score', 'd.priority_score as stored']).execute();
    for (const r of rows) expect(num(r.priority_score)).toBeCloseTo(num(r.stored), 3);
    const mean = (kind: string): number => {
      const list = rows.filter((r) => r.wave_number === 1 && r.kind === kind).map((r) => num(r.priority_score));
      return list.reduce((t, x) => t + x, 0) / list.length;
    };
    expect(mean('accept')).toBeGreaterThan(mean('waiting_list'));
  });

  it('caches exactly the amounts the engine recomputes (sample of 200 dossiers)', async () => {
    const ids = await db.kysely.selectFrom('dossiers').select('id').orderBy('reference').execute();
    const step = Math.floor(ids.length / 200);
    for (let i = 0; i < 200; i++) {
      const view = (await loadDossier(db.kysely, ids[i * step].id, { explain: false }))!;
      const d = view.dossier;
      expect({
        school_count: d.school_count, equipment_cents: num(d.equipment_cents), services_cents: num(d.services_cents), eligible_cents: num(d.eligible_cents),
        equipment_grant_cents: num(d.equipment_grant_cents), services_grant_cents: num(d.services_grant_cents), grant_cents: num(d.grant_cents), blocking_count: num(d.blocking_count),
      }).toEqual(view.computed.cache);
    }
  }, 120_000);

  it('records every dossier’s history in the hash chain, the académies’ commands included: `socle audit verify` passes', async () => {
    const audit = await auditVerify(db);
    expect(audit.broken).toBeNull();
    expect(audit.events).toBe(report.events);
    const kinds = await db.kysely.selectFrom('dossier_events').select(['kind']).select((eb) => eb.fn.countAll().as('n')).groupBy('kind').execute();
    const count = Object.fromEntries(kinds.map((x) => [x.kind, num(x.n)]));
    const s = report.byState;
    expect(count.accepted).toBe(num((await db.kysely.selectFrom('decisions').select((eb) => eb.fn.countAll().as('n')).where('kind', '=', 'accept').executeTakeFirstOrThrow()).n));
    expect(count.agreement_signed).toBe(s.agreement_signed);
    expect(count.rejected).toBe(s.rejected);
    expect(count.put_on_waiting_list).toBeGreaterThanOrEqual(s.waiting_list);
    expect(count.taken_for_review).toBe(report.dossiers - s.draft - s.submitted);
    expect(count.decision_proposed).toBeGreaterThan(s.accepted);
  }, 120_000);

  it('keeps the digest of the convention as rendered for each convention accepted, with its PDF stored', async () => {
    const signed = await db.kysely.selectFrom('agreements').select(['dossier_id', 'accepted_sha256', 'pdf_path']).where('accepted_sha256', 'is not', null).orderBy('dossier_id').limit(3).execute();
    expect(signed).toHaveLength(3);
    for (const a of signed) {
      const doc = (await agreementDocument(db.kysely, a.dossier_id))!;
      expect(doc.sha256).toBe(a.accepted_sha256);
      expect(crypto.createHash('sha256').update(fs.readFileSync(path.join(db.dataDir, a.pdf_path!))).digest('hex')).toBe(a.accepted_sha256);
    }
  }, 60_000);

  it('shows the decisions in the applicant’s history and the committee’s page', async () => {
    const app: FastifyInstance = await buildApp({ db, settings: readSettings({ ...db.env, LOG_LEVEL: 'info', SOCLE_DEMO: '0', PUBLIC_URL: 'http://socle.test' }), logger: false });
    try {
      const d = await db.kysely.selectFrom('dossiers').select(['id', 'created_by', 'academie_code']).where('state', '=', 'agreement_signed').orderBy('reference').executeTakeFirstOrThrow();
      const clerk = new Browser(app);
      clerk.cookies.set('socle_session', (await createSession(db.kysely, d.created_by, new Date())).token);
      const page = await clerk.get(`/dossiers/${d.id}`);
      expect(page.statusCode).toBe(200);
      for (const label of ['Instruction prise en charge', 'Dossier retenu', 'Convention acceptée']) expect(page.body).toContain(label);
      expect(page.body).not.toContain('Décision proposée');
      const decider = await db.kysely.selectFrom('deciders').select('user_id').where('academie_code', '=', d.academie_code!).executeTakeFirstOrThrow();
      const committee = new Browser(app);
      committee.cookies.set('socle_session', (await createSession(db.kysely, decider.user_id, new Date())).token);
      const view = await committee.get('/comite');
      expect(view.statusCode).toBe(200);
      expect(view.body).toContain('vague');
    } finally {
      await app.close();
    }
  }, 60_000);

  it('lets the commands carry on: the applicant edits a returned dossier and submits it again', async () => {
    const d = await db.kysely.selectFrom('dossiers as d').innerJoin('users as u', 'u.id', 'd.created_by')
      .select(['d.id', 'd.revision', 'u.id as user_id', 'u.display_name', 'u.role', 'u.scope']).where('d.state', '=', 'returned_for_changes').orderBy('d.reference').executeTakeFirstOrThrow();
    const clerk = actorOf({ id: d.user_id, role: d.role, scope: d.scope, display_name: d.display_name });
    const school = await db.kysely.selectFrom('dossier_schools').select('uai').where('dossier_id', '=', d.id).orderBy('position').executeTakeFirstOrThrow();
    const line = await saveBudgetLine(env(), clerk, {
      dossierId: d.id, revision: num(d.revision), uai: school.uai, volet: 2, category: 'SERVICES_RESOURCES', label: 'Ressources complémentaires', quantity: 1, unitHtCents: 10_000, unitTtcCents: 12_000,
    }, '2021-05-20T08:00:00.000Z');
    // The line voided the school's co-signature: the director signs again before the new submission.
    const director = await db.kysely.selectFrom('signatures as s').innerJoin('users as u', 'u.id', 's.user_id').select(['u.id', 'u.display_name', 'u.role', 'u.scope'])
      .where('s.dossier_id', '=', d.id).where('s.uai', '=', school.uai).executeTakeFirstOrThrow();
    const signed = await signProject(env(), actorOf(director), { dossierId: d.id, revision: line.revision, uai: school.uai, role: 'director' }, '2021-05-20T09:00:00.000Z');
    const out = await submitDossier(env(), clerk, { dossierId: d.id, revision: signed.revision }, '2021-05-21T08:00:00.000Z');
    expect(out.result.version).toBe(2);
    expect((await loadDossier(db.kysely, d.id))!.dossier.state).toBe('submitted');
    expect(await verifyEventChain(db.kysely, d.id)).toBeNull();
  }, 60_000);

  it('lets the committee decide its next wave and an applicant accept its convention with the real commands', async () => {
    const k = db.kysely;
    // The académie with the fewest dossiers to decide that has some.
    const counts = await k.selectFrom('dossiers').select(['academie_code']).select((eb) => eb.fn.countAll().as('n'))
      .where((eb) => eb.or([eb('state', '=', 'waiting_list'), eb('state', '=', 'under_review')])).groupBy('academie_code').execute();
    const a = report.academies.filter((x) => counts.some((c) => c.academie_code === x.code)).sort((x, y) =>
      num(counts.find((c) => c.academie_code === x.code)!.n) - num(counts.find((c) => c.academie_code === y.code)!.n) || (x.code < y.code ? -1 : 1))[0];
    const committee = await loadCommittee(k, CALL, a.code);
    expect(committee.committedCents).toBe(a.committedCents);
    expect(committee.nextWaveNumber).toBe(a.waves.length + 1);
    expect(committee.candidates.length + committee.rejections.length).toBeGreaterThan(0);
    const decider = await k.selectFrom('deciders as x').innerJoin('users as u', 'u.id', 'x.user_id').select(['u.id', 'u.role', 'u.scope', 'u.display_name'])
      .where('x.academie_code', '=', a.code).executeTakeFirstOrThrow();
    const retained = retainWithinEnvelope(committee.candidates, committee.envelope.amountCents, committee.committedCents);
    const wave = await decideWave(env(), actorOf(decider), {
      callId: CALL, academieCode: a.code, retained, rejected: committee.rejections.map((c) => c.dossierId), expectedNumber: committee.nextWaveNumber,
    }, '2021-09-01T08:00:00.000Z');
    expect(wave.number).toBe(a.waves.length + 1);
    expect(await committedCents(k, CALL, a.code)).toBe(a.committedCents + wave.allocatedCents);
    expect(await committedCents(k, CALL, a.code)).toBeLessThanOrEqual(committee.envelope.amountCents);
    for (const id of [...wave.accepted, ...wave.waiting, ...wave.rejected]) expect(await verifyEventChain(k, id)).toBeNull();
    // An applicant accepts the convention of a dossier the demo accepted.
    const d = await k.selectFrom('dossiers as d').innerJoin('users as u', 'u.id', 'd.created_by').select(['d.id', 'u.id as uid', 'u.role', 'u.scope', 'u.display_name'])
      .where('d.state', '=', 'accepted').orderBy('d.reference').executeTakeFirstOrThrow();
    const doc = (await agreementDocument(k, d.id))!;
    await acceptAgreement(env(), actorOf({ id: d.uid, role: d.role, scope: d.scope, display_name: d.display_name }), { dossierId: d.id, sha256: doc.sha256, consent: true }, '2021-09-02T08:00:00.000Z');
    expect((await k.selectFrom('dossiers').select('state').where('id', '=', d.id).executeTakeFirstOrThrow()).state).toBe('agreement_signed');
    expect(await verifyEventChain(k, d.id)).toBeNull();
  }, 120_000);

  it('refuses a second campaign in the same database, with a French message', async () => {
    const again = generateNationalDemo(db, { dataDir: db.dataDir, seed: SEED });
    await expect(again).rejects.toThrow(DemoCampaignExistsError);
    await expect(again).rejects.toThrow(/déjà dans la base.*--reset/);
    expect(fs.existsSync(path.join(db.dataDir, 'demo', 'deliberation-fictive.pdf'))).toBe(true);
  }, 60_000);
});

describe('determinism', () => {
  it('gives the same campaign on two fresh databases with the same seed: states, amounts, history hashes, envelopes, waves, decisions and conventions', () => {
    expect(fingerprints.get('sqlite')).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprints.get('postgres')).toBe(fingerprints.get('sqlite'));
  });
});

describe('--reset on a small campaign', () => {
  let db: TestDb;
  beforeAll(async () => { db = await importedDb('sqlite'); });
  afterAll(() => db?.close());

  it('deletes the previous demo campaign (waves, envelopes and conventions included) and writes it again, leaving other dossiers and organisations alone', async () => {
    const small = { dossiers: 60, schools: 110 };
    const first = await generateNationalDemo(db, { dataDir: db.dataDir, seed: 3, targets: small });
    expect(first.dossiers).toBe(60);
    expect(first.academies.reduce((n, a) => n + a.waves.length, 0)).toBeGreaterThan(0);
    await expect(generateNationalDemo(db, { dataDir: db.dataDir, seed: 3, targets: small })).rejects.toThrow(DemoCampaignExistsError);
    const before = await fingerprint(db);
    const counts = async () => Promise.all((['waves', 'envelopes', 'envelope_changes', 'deciders', 'decisions', 'agreements'] as const)
      .map(async (t) => num((await db.kysely.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)));
    const rowsBefore = await counts();
    const second = await generateNationalDemo(db, { dataDir: db.dataDir, seed: 3, targets: small, reset: true });
    expect(second.removedDossiers).toBe(60);
    expect(second.dossiers).toBe(60);
    expect(await fingerprint(db)).toBe(before);
    expect(await counts()).toEqual(rowsBefore);
    expect(await verifyEventChain(db.kysely)).toBeNull();
    const users = await db.kysely.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(num(users.n)).toBe(second.users);
  }, 120_000);
});

describe('a failure while writing the académies’ side', () => {
  let db: TestDb;
  beforeAll(async () => { db = await importedDb('sqlite'); });
  afterAll(() => db?.close());

  it('leaves no campaign behind, so that the command can simply be run again', async () => {
    const small = { dossiers: 60, schools: 110 };
    // The accepted conventions' PDFs cannot be stored: `proofs` is a file, not a folder.
    const proofs = path.join(db.dataDir, 'proofs');
    fs.rmSync(proofs, { recursive: true, force: true });
    fs.writeFileSync(proofs, 'pas un dossier');
    await expect(generateNationalDemo(db, { dataDir: db.dataDir, seed: 3, targets: small })).rejects.toThrow();
    expect(await demoCampaignSize(db)).toBe(0);
    const dossiers = await db.kysely.selectFrom('dossiers').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(num(dossiers.n)).toBe(0);

    fs.rmSync(proofs);
    const report = await generateNationalDemo(db, { dataDir: db.dataDir, seed: 3, targets: small });
    expect(report).toMatchObject({ dossiers: 60, removedDossiers: 0 });
    expect(await verifyEventChain(db.kysely)).toBeNull();
  }, 120_000);
});
