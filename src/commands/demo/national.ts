// `socle demo --national`: a realistic, deterministic national campaign of the 2021 call for load
// tests and demos. Synthetic dossiers (« données fictives ») on the real reference data: real
// communes and EPCI (their real SIREN) and real elementary / primary schools, spending distributed
// like the 2021 outcome, each dossier computed by the engine, its history in the hash chain; then the
// académies' side (./review.ts): dossiers taken for review, decision proposals, one or two waves per
// académie within its envelope (accepted with a convention, a few accepted by the applicant, the
// rest on the waiting list, the confirmed rejections rejected), each through the same rows and
// events as the commands. No e-mail is sent for the synthetic dossiers.
//
// Bulk path: the dossiers are built in memory by ./build.ts exactly as the commands would write them,
// then written in large batches in ONE transaction (SQLite: prepared statements on the raw handle;
// PostgreSQL: multi-row inserts); the priority scores are then stored by the commands' own function,
// and the académies' side, computed in memory from those stored scores, is written in a second
// transaction (new rows, and each changed dossier's state and revision). The campaign's people are synthetic users without password under
// the `national.demo.socle.invalid` domain (nobody can sign in as them); that domain also marks the
// campaign's rows, so `--reset` removes exactly them. A campaign already there is refused otherwise.
import fs from 'node:fs';
import path from 'node:path';
import type SQLite from 'better-sqlite3';
import { sql, type Transaction } from 'kysely';
import { getCall, type CallRegistry } from '../../domain/calls';
import { renderAgreement } from '../../documents/agreement';
import type { Db } from '../../data/db';
import { referentialFor } from '../../data/dossier-referential';
import { storeAllPriorityScores } from '../../data/priority';
import type { Database, DossierTable } from '../../data/schema';
import { ALLOCATED_STATES } from '../../data/waves';
import { decisionDocumentInput } from '../agreements';
import { removeStoredFile, sha256Hex, storeFile } from '../storage';
import { buildDossier, DEMO_DOMAIN, emptyRows, TABLE_ORDER, type BuildContext, type BuiltDossier, type DemoRows, type DemoState, type WrittenDossier } from './build';
import { OUTCOME_2021, planCampaign, type PlanTargets, type RefCommune, type RefEpci, type RefSchool } from './plan';
import type { Actor } from './chain';
import { createRng } from './random';
import { acceptConvention, planReview, type AcademieOutcome, type EnvelopeRead, type ReviewDossier } from './review';
import { personName } from './texts';

export const DEFAULT_SEED = 2021;
export const DEMO_CALL = 'snee-2021';

export interface NationalDemoOptions {
  /** Where files are stored (the fictitious deliberation PDF shared by the campaign). */
  readonly dataDir: string;
  readonly seed?: number;
  /** Delete the previous demo campaign first (otherwise a campaign already there is refused). */
  readonly reset?: boolean;
  readonly targets?: PlanTargets;
  readonly calls?: CallRegistry;
  /** Progress lines (French). */
  readonly log?: (line: string) => void;
  /** Instant recorded as the creation of the campaign's people and organisations (default: the end of the call). */
  readonly createdAt?: string;
  /** Conventions accepted by their applicant per académie (each renders its PDF, about 0.1 s): 1 by default. */
  readonly signedPerAcademie?: number;
}

/** States of the campaign's dossiers. */
export const DEMO_STATES = ['draft', 'submitted', 'returned_for_changes', 'under_review', 'waiting_list', 'accepted', 'agreement_signed', 'rejected'] as const;
export type DemoFinalState = (typeof DEMO_STATES)[number];

export interface NationalDemoReport {
  readonly seed: number;
  readonly dossiers: number;
  /** Every state of DEMO_STATES, with 0 for those no dossier is in. */
  readonly byState: Readonly<Record<DemoFinalState, number>>;
  /** Dossiers under review with a decision proposal not decided yet (for the next wave). */
  readonly proposals: number;
  /** Each académie's envelope and waves (académies with submitted dossiers, by code). */
  readonly academies: readonly AcademieOutcome[];
  /** Sum of the envelopes the demo set (académies without a set envelope nor a default of the call). */
  readonly demoEnvelopeCents: number;
  /** Engine grant of the dossiers submitted (returned ones included): what the envelopes are set against. */
  readonly demandCents: number;
  readonly byKind: { readonly commune: number; readonly epci: number };
  readonly schools: number;
  readonly communes: number;
  readonly lines: number;
  readonly events: number;
  readonly users: number;
  /** Declared spending, volets 1 + 2. */
  readonly askedCents: number;
  readonly equipmentCents: number;
  readonly servicesCents: number;
  readonly eligibleCents: number;
  readonly grantCents: number;
  /** The largest dossier's declared spending and reference. */
  readonly largest: { readonly reference: string; readonly name: string; readonly schools: number; readonly askedCents: number; readonly grantCents: number };
  /** Rows removed by `--reset` (dossiers). */
  readonly removedDossiers: number;
  readonly seconds: number;
}

/** A campaign is already in the database (French message for the CLI). */
export class DemoCampaignExistsError extends Error {
  constructor(readonly dossiers: number) {
    super(
      `Une campagne nationale de démonstration est déjà dans la base (${dossiers.toLocaleString('fr-FR')} dossiers fictifs) : ` +
        'rien n’a été ajouté. Relancez avec --reset pour la supprimer et la recréer, ou utilisez une autre base (DATA_DIR, DATABASE_URL).',
    );
    this.name = 'DemoCampaignExistsError';
  }
}

/** The reference data is missing: `socle import reference` (or `socle start`) first. */
export class DemoReferenceMissingError extends Error {
  constructor() {
    super('Les données de référence (communes, EPCI, écoles) sont absentes : lancez d’abord « socle import reference » (ou « socle start »).');
    this.name = 'DemoReferenceMissingError';
  }
}

const DEMO_EMAILS = `%@${DEMO_DOMAIN}`;

/** Number of dossiers of the demo campaign in the database (0: none). */
export async function demoCampaignSize(db: Db): Promise<number> {
  const r = await db.kysely.selectFrom('dossiers as d').innerJoin('users as u', 'u.id', 'd.created_by')
    .select((eb) => eb.fn.countAll().as('n')).where('u.email', 'like', DEMO_EMAILS).executeTakeFirst();
  const users = await db.kysely.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).where('email', 'like', DEMO_EMAILS).executeTakeFirst();
  const n = Number(r?.n ?? 0);
  return n === 0 && Number(users?.n ?? 0) > 0 ? -1 : n;
}

/** Refuses early (before anything is written) when the reference data is missing or a campaign is there without `reset`. */
export async function checkDemoPreconditions(db: Db, opts: { reset?: boolean }): Promise<void> {
  const schools = await db.kysely.selectFrom('schools').select('uai').limit(1).execute();
  if (schools.length === 0) throw new DemoReferenceMissingError();
  const existing = await demoCampaignSize(db);
  if (existing !== 0 && !opts.reset) throw new DemoCampaignExistsError(Math.max(existing, 0));
}

/** Removes the demo campaign: its dossiers (and everything under them), waves, envelopes it set, organisations and synthetic people. */
export async function deleteDemoCampaign(db: Db, dataDir?: string): Promise<number> {
  const files: string[] = [];
  const removed = await db.kysely.transaction().execute(async (tx) => {
    const demoUsers = tx.selectFrom('users').select('id').where('email', 'like', DEMO_EMAILS);
    // The conventions the campaign's applicants accepted (PDF files under DATA_DIR).
    for (const a of await tx.selectFrom('agreements').select('pdf_path').where('pdf_path', 'is not', null).where('accepted_by', 'in', demoUsers).execute()) files.push(a.pdf_path!);
    const removed = await tx.deleteFrom('dossiers').where('created_by', 'in', demoUsers).executeTakeFirst();
    // The campaign's waves (their decisions went with the dossiers) and the envelopes it set.
    await tx.deleteFrom('waves').where('decided_by', 'in', demoUsers).execute();
    await tx.deleteFrom('envelopes').where('updated_by', 'in', demoUsers).execute();
    await tx.deleteFrom('envelope_changes').where('actor_id', 'in', demoUsers).execute();
    await tx.deleteFrom('deciders').where('user_id', 'in', demoUsers).execute();
    // Organisations whose only members are synthetic and that hold no dossier any more.
    const orgs = await tx.selectFrom('memberships as m').innerJoin('users as u', 'u.id', 'm.user_id').select('m.organisation_id')
      .where('u.email', 'like', DEMO_EMAILS).execute();
    const ids = [...new Set(orgs.map((o) => o.organisation_id))];
    for (let i = 0; i < ids.length; i += 5000) {
      const chunk = ids.slice(i, i + 5000);
      const keep = new Set((await tx.selectFrom('memberships as m').innerJoin('users as u', 'u.id', 'm.user_id').select('m.organisation_id')
        .where('m.organisation_id', 'in', chunk).where('u.email', 'not like', DEMO_EMAILS).execute()).map((r) => r.organisation_id));
      for (const r of await tx.selectFrom('dossiers').select('organisation_id').where('organisation_id', 'in', chunk).execute()) keep.add(r.organisation_id);
      const gone = chunk.filter((id) => !keep.has(id));
      if (gone.length > 0) {
        await tx.deleteFrom('memberships').where('organisation_id', 'in', gone).execute();
        await tx.deleteFrom('organisations').where('id', 'in', gone).execute();
      }
    }
    await tx.deleteFrom('memberships').where('user_id', 'in', demoUsers).execute();
    await tx.deleteFrom('users').where('email', 'like', DEMO_EMAILS).execute();
    return Number(removed.numDeletedRows);
  });
  if (dataDir !== undefined) for (const f of files) removeStoredFile(dataDir, f);
  return removed;
}

/** A small, valid PDF saying what it is: the fictitious deliberation every demo dossier attaches. */
function deliberationPdf(): Buffer {
  const text = 'Deliberation fictive - donnees de demonstration (socle demo --national)';
  const stream = `BT /F1 12 Tf 56 780 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => { offsets.push(out.length); out += `${i + 1} 0 obj\n${o}\nendobj\n`; });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

// ---------------------------------------------------------------------------------------------
// Writing

interface Writer {
  write(rows: DemoRows): Promise<void>;
  /** The state, revision and last change of dossiers already written. */
  update(dossiers: readonly DossierTable[]): Promise<void>;
}

function sqliteWriter(db: Db): Writer {
  const sqlite = db.sqlite!;
  const statements = new Map<string, SQLite.Statement<unknown[]>>();
  return {
    async write(rows) {
      for (const table of TABLE_ORDER) {
        const list = rows[table] as unknown as Record<string, unknown>[];
        if (list.length === 0) continue;
        const columns = Object.keys(list[0]);
        const key = `${table}:${columns.join(',')}`;
        let stmt = statements.get(key);
        if (stmt === undefined) {
          stmt = sqlite.prepare<unknown[]>(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
          statements.set(key, stmt);
        }
        for (const r of list) stmt.run(...columns.map((c) => r[c]));
      }
    },
    async update(dossiers) {
      const stmt = sqlite.prepare<unknown[]>('UPDATE "dossiers" SET "state" = ?, "revision" = ?, "updated_at" = ? WHERE "id" = ?');
      for (const d of dossiers) stmt.run(d.state, d.revision, d.updated_at, d.id);
    },
  };
}

function postgresWriter(tx: Transaction<Database>): Writer {
  return {
    async write(rows) {
      for (const table of TABLE_ORDER) {
        const list = rows[table] as unknown as Record<string, unknown>[];
        if (list.length === 0) continue;
        const per = Math.max(1, Math.floor(30_000 / Object.keys(list[0]).length));
        for (let i = 0; i < list.length; i += per) {
          await tx.insertInto(table).values(list.slice(i, i + per) as never).execute();
        }
      }
    },
    async update(dossiers) {
      for (let i = 0; i < dossiers.length; i += 5000) {
        const values = dossiers.slice(i, i + 5000).map((d) => sql`(${d.id}, ${d.state}, ${d.revision}::integer, ${d.updated_at})`);
        await sql`update dossiers as d set state = v.state, revision = v.revision, updated_at = v.updated_at
          from (values ${sql.join(values)}) as v(id, state, revision, updated_at) where d.id = v.id`.execute(tx);
      }
    },
  };
}

async function inOneTransaction<T>(db: Db, fn: (w: Writer) => Promise<T>): Promise<T> {
  if (db.dialect === 'sqlite' && db.sqlite !== undefined) {
    const sqlite = db.sqlite;
    // A larger page cache while the indexes grow (random UUID keys): the default 2 MB thrashes.
    const cache = sqlite.pragma('cache_size', { simple: true }) as number;
    sqlite.pragma('cache_size = -262144');
    sqlite.exec('BEGIN IMMEDIATE');
    try {
      const out = await fn(sqliteWriter(db));
      sqlite.exec('COMMIT');
      return out;
    } catch (e) {
      if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
      throw e;
    } finally {
      sqlite.pragma(`cache_size = ${Number(cache)}`);
    }
  }
  return db.kysely.transaction().execute((tx) => fn(postgresWriter(tx)));
}

// ---------------------------------------------------------------------------------------------

/** Fills the database with the national demo campaign; returns what was written. */
export async function generateNationalDemo(db: Db, opts: NationalDemoOptions): Promise<NationalDemoReport> {
  const started = performance.now();
  const log = opts.log ?? (() => {});
  const seed = opts.seed ?? DEFAULT_SEED;
  const call = getCall(DEMO_CALL, opts.calls);
  if (call === undefined) throw new Error(`Appel à projets inconnu : ${DEMO_CALL}.`);

  let removedDossiers = 0;
  const existing = await demoCampaignSize(db);
  if (existing !== 0) {
    if (!opts.reset) throw new DemoCampaignExistsError(Math.max(existing, 0));
    removedDossiers = await deleteDemoCampaign(db, opts.dataDir);
    log(`Campagne de démonstration précédente supprimée (${removedDossiers.toLocaleString('fr-FR')} dossiers).`);
  }

  // The reference data, in a fixed order (determinism).
  const [schools, communes, epcis, departements, orgs, held, max] = await Promise.all([
    db.kysely.selectFrom('schools').select(['uai', 'name', 'sector', 'nature_label', 'commune_code', 'classes', 'pupils', 'elementary_pupils', 'education_priority', 'ips'])
      .orderBy('uai').execute() as Promise<RefSchool[]>,
    db.kysely.selectFrom('communes').select(['code', 'name', 'departement_code', 'siren', 'epci_siren', 'postal_codes']).orderBy('code').execute() as Promise<RefCommune[]>,
    db.kysely.selectFrom('epcis').select(['siren', 'name', 'type']).orderBy('siren').execute() as Promise<RefEpci[]>,
    db.kysely.selectFrom('departements').select(['code', 'academie_code']).execute(),
    db.kysely.selectFrom('organisations').select('siren').execute(),
    db.kysely.selectFrom('dossier_schools').select('uai').where('call_id', '=', call.id).execute(),
    db.kysely.selectFrom('dossiers').select((eb) => eb.fn.max('number').as('n')).where('call_id', '=', call.id).executeTakeFirst(),
  ]);
  if (schools.length === 0 || communes.length === 0) throw new DemoReferenceMissingError();
  for (const s of schools) {
    s.classes = s.classes === null ? null : Number(s.classes);
    s.pupils = s.pupils === null ? null : Number(s.pupils);
    s.elementary_pupils = s.elementary_pupils === null ? null : Number(s.elementary_pupils);
    s.ips = s.ips === null ? null : Number(s.ips);
  }
  const academieByDep = new Map(departements.map((d) => [d.code, d.academie_code]));
  const communeNames = new Map(communes.map((c) => [c.code, c.name]));

  const rng = createRng(seed);
  const plans = planCampaign(rng.fork('plan'), { schools, communes, epcis }, { sirens: new Set(orgs.map((o) => o.siren)), uais: new Set(held.map((h) => h.uai)) }, opts.targets ?? OUTCOME_2021);
  log(`Plan : ${plans.length.toLocaleString('fr-FR')} dossiers, ${plans.reduce((s, p) => s + p.schools.length, 0).toLocaleString('fr-FR')} écoles.`);

  // The fictitious deliberation, one file for the whole campaign.
  const pdf = deliberationPdf();
  const relative = path.join('demo', 'deliberation-fictive.pdf');
  fs.mkdirSync(path.join(opts.dataDir, 'demo'), { recursive: true });
  fs.writeFileSync(path.join(opts.dataDir, relative), pdf);

  const createdAt = opts.createdAt ?? call.periods[0].opensAt;
  const reviewerRng = rng.fork('reviewers');
  const reviewers = new Map<string, Actor>();
  const ctx: BuildContext = {
    call,
    referential: referentialFor(call.referentialVersion),
    academieOf: (dep) => academieByDep.get(dep) ?? null,
    communeName: (code) => communeNames.get(code) ?? null,
    reviewerOf: (academie, rows) => {
      const key = academie ?? 'national';
      let r = reviewers.get(key);
      if (r === undefined) {
        r = { id: reviewerRng.uuid(), label: `${personName(reviewerRng)} (instruction, académie ${key})` };
        reviewers.set(key, r);
        rows.users.push({
          id: r.id, email: `instruction-ac${key.toLowerCase()}@${DEMO_DOMAIN}`, display_name: r.label, password_hash: null, role: 'reviewer',
          scope: academie === null ? null : `academie:${academie}`, created_at: createdAt, email_verified_at: createdAt, oidc_issuer: null, oidc_subject: null, disabled_at: null,
        });
      }
      return r;
    },
    deliberation: { path: relative, size: pdf.length, sha256: sha256Hex(pdf) },
    createdAt,
  };

  // States: the large cities submitted; otherwise about 5 % drafts, 7 % returned for changes.
  const dossierRng = rng.fork('dossiers');
  const built: BuiltDossier[] = plans.map((p) => {
    const own = dossierRng.fork(p.siren);
    const state: DemoState = p.large ? 'submitted' : own.weighted<DemoState>(['draft', 'submitted', 'returned_for_changes'], [5, 88, 7]);
    return buildDossier(ctx, own, p, state);
  });
  // Numbers in the order of creation, as createDossier gives them.
  built.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
  const first = Number(max?.n ?? 0) + 1;

  const totals = {
    byState: Object.fromEntries(DEMO_STATES.map((st) => [st, 0])) as Record<DemoFinalState, number>, byKind: { commune: 0, epci: 0 },
    schools: 0, lines: 0, events: 0, users: 0, asked: 0, equipment: 0, services: 0, eligible: 0, grant: 0, demand: 0,
    largest: { reference: '', name: '', schools: 0, askedCents: -1, grantCents: 0 },
  };
  const communesCovered = new Set<string>();
  // The submitted dossiers as written (row and end of chain), for the académies' side.
  const submitted: WrittenDossier[] = [];
  const returnedDemand = new Map<string, number>();
  const BATCH = 400;
  await inOneTransaction(db, async (writer) => {
    for (let i = 0; i < built.length; i += BATCH) {
      const rows = emptyRows();
      built.slice(i, i + BATCH).forEach((b, j) => {
        const w = b.write(first + i + j, rows);
        const d = w.chain.dossier;
        if (d.state === 'submitted') submitted.push(w);
        else if (d.state === 'returned_for_changes' && d.academie_code !== null) returnedDemand.set(d.academie_code, (returnedDemand.get(d.academie_code) ?? 0) + d.grant_cents);
      });
      for (const d of rows.dossiers) {
        totals.byState[d.state as DemoState] += 1;
        const asked = d.equipment_cents + d.services_cents;
        totals.asked += asked;
        totals.equipment += d.equipment_cents;
        totals.services += d.services_cents;
        totals.eligible += d.eligible_cents;
        totals.grant += d.grant_cents;
        if (d.state !== 'draft') totals.demand += d.grant_cents;
        if (asked > totals.largest.askedCents) {
          const b = built.find((x) => x.id === d.id)!;
          totals.largest = { reference: d.reference, name: b.plan.name, schools: d.school_count, askedCents: asked, grantCents: d.grant_cents };
        }
      }
      for (const o of rows.organisations) totals.byKind[o.kind] += 1;
      for (const b of built.slice(i, i + BATCH)) for (const s of b.plan.schools) communesCovered.add(s.commune_code);
      totals.schools += rows.dossier_schools.length;
      totals.lines += rows.budget_lines.length;
      totals.events += rows.dossier_events.length;
      totals.users += rows.users.length;
      await writer.write(rows);
      log(`  ${Math.min(i + BATCH, built.length).toLocaleString('fr-FR')} / ${built.length.toLocaleString('fr-FR')} dossiers écrits`);
    }
  });
  // The académies' side is written in a second transaction: should anything fail from here, the
  // campaign written above is deleted again (files included), leaving the database as it was, so
  // that the command can simply be run again.
  const stored: string[] = [];
  let review: ReturnType<typeof planReview>;
  try {
    // The priority score the reviewers' queues sort on and the committees rank by, stored as the commands store it.
    await storeAllPriorityScores(db.kysely, { callId: call.id, calls: opts.calls });
    log('  scores de priorité enregistrés');

    // The académies' side: review, proposals, waves within the envelopes, conventions.
    // The stored score, as the committee reads it (loadCommittee ranks by `priority_score`).
    const scores = new Map<string, number>();
    const ids = submitted.map((w) => w.chain.dossier.id);
    for (let i = 0; i < ids.length; i += 1000) {
      const rows = await db.kysely.selectFrom('dossiers').select(['id', 'priority_score']).where('id', 'in', ids.slice(i, i + 1000)).execute();
      for (const r of rows) if (r.priority_score !== null) scores.set(r.id, Number(r.priority_score));
    }
    const reviewDossiers: ReviewDossier[] = submitted.map((w) => {
      const score = scores.get(w.chain.dossier.id);
      if (score === undefined) throw new Error(`Démonstration : score de priorité absent pour le dossier ${w.chain.dossier.reference}.`);
      return { ...w, score };
    });
    const [academies, setEnvelopes, committed, lastWaves] = await Promise.all([
      db.kysely.selectFrom('academies').select(['code', 'name']).orderBy('code').execute(),
      db.kysely.selectFrom('envelopes').select(['academie_code', 'amount_cents']).where('call_id', '=', call.id).execute(),
      db.kysely.selectFrom('agreements as a').innerJoin('dossiers as d', 'd.id', 'a.dossier_id')
        .select((eb) => ['d.academie_code', eb.fn.sum<number>('a.equipment_max_cents').as('e'), eb.fn.sum<number>('a.services_max_cents').as('s')])
        .where('d.call_id', '=', call.id).where('d.state', 'in', [...ALLOCATED_STATES]).groupBy('d.academie_code').execute(),
      db.kysely.selectFrom('waves').select((eb) => ['academie_code', eb.fn.max('number').as('n')]).where('call_id', '=', call.id).groupBy('academie_code').execute(),
    ]);
    const envelopes = new Map<string, EnvelopeRead>();
    for (const a of academies) {
      const set = setEnvelopes.find((e) => e.academie_code === a.code);
      const byDefault = call.envelope.perAcademyCents[a.code] ?? 0;
      if (set !== undefined) envelopes.set(a.code, { amountCents: Number(set.amount_cents), source: 'set' });
      else if (byDefault > 0) envelopes.set(a.code, { amountCents: byDefault, source: 'default' });
    }
    const demandByAcademie = new Map<string, number>();
    for (const w of submitted) {
      const d = w.chain.dossier;
      if (d.academie_code !== null) demandByAcademie.set(d.academie_code, (demandByAcademie.get(d.academie_code) ?? 0) + d.grant_cents);
    }
    for (const [code, grant] of returnedDemand) demandByAcademie.set(code, (demandByAcademie.get(code) ?? 0) + grant);
    review = planReview({
      call, rng: rng.fork('review'), createdAt, academies: new Map(academies.map((a) => [a.code, a.name])),
      reviewerOf: (academie, rows) => ctx.reviewerOf(academie, rows),
      envelopes, demandByAcademie,
      committedBefore: new Map(committed.filter((c) => c.academie_code !== null).map((c) => [c.academie_code!, Number(c.e) + Number(c.s)])),
      lastWave: new Map(lastWaves.map((w) => [w.academie_code, Number(w.n)])),
      signedPerAcademie: opts.signedPerAcademie ?? 1,
    }, reviewDossiers);
    // The conventions accepted: rendered from the dossier's data as agreementDocument does (the same
    // input it will read back once the decision is written), stored as acceptAgreement stores them.
    for (const signer of review.signers) {
      const id = signer.dossier.chain.dossier.id;
      const input = await decisionDocumentInput(db.kysely, id, { calls: opts.calls, preview: signer.preview });
      if (input === undefined) throw new Error(`Démonstration : convention du dossier ${signer.dossier.chain.dossier.reference} introuvable.`);
      const bytes = await renderAgreement(input);
      const digest = sha256Hex(bytes);
      const pdfPath = await storeFile(opts.dataDir, 'proofs', id, `convention-${digest.slice(0, 16)}.pdf`, bytes);
      stored.push(pdfPath);
      acceptConvention(review, signer, { sha256: digest, pdfPath });
    }
    log(`  conventions acceptées : ${review.signers.length.toLocaleString('fr-FR')} (PDF enregistrés)`);
    await inOneTransaction(db, async (writer) => {
      await writer.write(review.rows);
      await writer.update(review.changed);
    });
  } catch (e) {
    for (const f of stored) removeStoredFile(opts.dataDir, f);
    await deleteDemoCampaign(db, opts.dataDir).catch(() => undefined);
    throw e;
  }
  for (const d of review.changed) {
    totals.byState.submitted -= 1;
    totals.byState[d.state as DemoFinalState] += 1;
  }
  totals.events += review.rows.dossier_events.length;
  totals.users += review.rows.users.length;
  const proposed = new Set(review.rows.decision_proposals.map((p) => p.dossier_id));
  log(`  instruction et vagues écrites (${review.academies.reduce((n, a) => n + a.waves.length, 0)} vagues dans ${review.academies.length} académies)`);

  return {
    seed,
    dossiers: built.length,
    byState: totals.byState,
    proposals: review.changed.filter((d) => d.state === 'under_review' && proposed.has(d.id)).length,
    academies: review.academies,
    demoEnvelopeCents: review.demoEnvelopeCents,
    demandCents: totals.demand,
    byKind: totals.byKind,
    schools: totals.schools,
    communes: communesCovered.size,
    lines: totals.lines,
    events: totals.events,
    users: totals.users,
    askedCents: totals.asked,
    equipmentCents: totals.equipment,
    servicesCents: totals.services,
    eligibleCents: totals.eligible,
    grantCents: totals.grant,
    largest: totals.largest,
    removedDossiers,
    seconds: (performance.now() - started) / 1000,
  };
}
