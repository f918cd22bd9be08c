// The priority score of each dossier, stored on the dossier (migration 006-priority): gathered from
// its schools' reference data (REP / REP+, IPS, commune population) and diagnostics, computed by the
// pure src/domain/priority.ts with the weights of the dossier's call, and written with its
// explanation (JSON) so that the reviewers' queue filters and sorts on a column and the committee
// ranks by the same stored value. Who writes it: the dossier commands' frame (any write that
// recomputes the amounts: schools, headcounts, diagnostics, submission), the national demo, and
// `storeAllPriorityScores` after a reference import changes the schools' data.
import type { Kysely, Transaction } from 'kysely';
import { diagnoseSchool, type DiagnosticEntry } from '../domain/baseline';
import type { CallRegistry } from '../domain/calls';
import { priorityOf, priorityScore, type PriorityScore, type PrioritySchool } from '../domain/priority';
import { callOf } from './dossier-facts';
import { referentialFor } from './dossier-referential';
import type { Database } from './schema';

export type Reader = Kysely<Database> | Transaction<Database>;

const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const CHUNK = 500;

/** The schools' facts the priority score reads, for many dossiers in four queries. */
export async function prioritySchools(db: Reader, dossierIds: readonly string[], calls?: CallRegistry): Promise<Map<string, PrioritySchool[]>> {
  const out = new Map<string, PrioritySchool[]>();
  if (dossierIds.length === 0) return out;
  const rows: { dossier_id: string; uai: string; name: string; education_priority: 'REP' | 'REP+' | null; ips: number | null; pupils: number | null; ref_pupils: number | null; classes: number | null; ref_classes: number | null; population: number | null; diagnostic: string | null; call_id: string; annuaire: string }[] = [];

  for (let i = 0; i < dossierIds.length; i += CHUNK) {
    const part = dossierIds.slice(i, i + CHUNK);
    rows.push(...await db.selectFrom('dossier_schools as ds')
      .innerJoin('schools as s', 's.uai', 'ds.uai')
      .leftJoin('communes as c', 'c.code', 's.commune_code')
      .select(['ds.dossier_id', 'ds.uai', 's.name', 's.education_priority', 's.ips', 'ds.pupils', 's.elementary_pupils as ref_pupils', 'ds.classes',
        's.classes as ref_classes', 'c.population', 'ds.diagnostic', 'ds.call_id', 's.sources as annuaire'])
      .where('ds.dossier_id', 'in', part).orderBy('ds.dossier_id').orderBy('ds.position').execute());
  }
  for (const r of rows) {
    const call = callOf(r.call_id, calls);
    let distance: number | null = null;
    if (r.diagnostic !== null) {
      const entries = JSON.parse(r.diagnostic) as DiagnosticEntry[];
      if (entries.length > 0) {
        distance = diagnoseSchool(referentialFor(call.referentialVersion), { uai: r.uai, classes: numOrNull(r.classes) ?? numOrNull(r.ref_classes) ?? 1, entries }).distance;
      }
    }
    // REP / REP+ is known only where the full directory (annuaire) was imported for the school.
    const hasAnnuaire = /annuaire/.test(r.annuaire);
    const list = out.get(r.dossier_id) ?? [];
    list.push({
      uai: r.uai, name: r.name,
      educationPriority: r.education_priority ?? (hasAnnuaire ? 'none' : null),
      ips: numOrNull(r.ips), pupils: numOrNull(r.pupils) ?? numOrNull(r.ref_pupils), communePopulation: numOrNull(r.population), distance,
    });
    out.set(r.dossier_id, list);
  }
  return out;
}

/** The priority score of each dossier (with the weights of its call), computed now from the data. */
export async function computePriorityScores(db: Reader, dossierIds: readonly string[], calls?: CallRegistry): Promise<Map<string, PriorityScore>> {
  const out = new Map<string, PriorityScore>();
  if (dossierIds.length === 0) return out;
  const callOfDossier = new Map<string, string>();
  for (let i = 0; i < dossierIds.length; i += CHUNK) {
    const rows = await db.selectFrom('dossiers').select(['id', 'call_id']).where('id', 'in', dossierIds.slice(i, i + CHUNK)).execute();
    for (const r of rows) callOfDossier.set(r.id, r.call_id);
  }
  const facts = await prioritySchools(db, dossierIds, calls);
  for (const id of dossierIds) {
    const callId = callOfDossier.get(id);
    if (callId === undefined) continue;
    out.set(id, priorityScore(facts.get(id) ?? [], priorityOf(callId)));
  }
  return out;
}

/** Computes and stores the priority score and its explanation of each dossier; returns the scores. */
export async function storePriorityScores(db: Reader, dossierIds: readonly string[], calls?: CallRegistry): Promise<Map<string, PriorityScore>> {
  const scores = await computePriorityScores(db, dossierIds, calls);
  for (const [id, p] of scores) {
    await db.updateTable('dossiers').set({ priority_score: p.score, priority_explanation: JSON.stringify(p) }).where('id', '=', id).execute();
  }
  return scores;
}

/** Every dossier's score (of one call, or all), in batches: after the demo or a reference import. Returns how many. */
export async function storeAllPriorityScores(db: Kysely<Database>, opts: { callId?: string; calls?: CallRegistry } = {}): Promise<number> {
  let q = db.selectFrom('dossiers').select('id').orderBy('id');
  if (opts.callId !== undefined) q = q.where('call_id', '=', opts.callId);
  const ids = (await q.execute()).map((r) => r.id);
  for (let i = 0; i < ids.length; i += CHUNK) {
    const part = ids.slice(i, i + CHUNK);
    await db.transaction().execute((tx) => storePriorityScores(tx, part, opts.calls));
  }
  return ids.length;
}

/** The stored explanation, or null when the score was never stored (or does not read back). */
export function parseStoredPriority(json: string | null): PriorityScore | null {
  if (json === null) return null;
  try {
    const p = JSON.parse(json) as PriorityScore;
    return typeof p.score === 'number' && Array.isArray(p.components) && Array.isArray(p.explanation) ? p : null;
  } catch {
    return null;
  }
}

/** The stored priority of one dossier (the review page's « Pourquoi ce rang ? »). */
export async function loadPriority(db: Reader, dossierId: string): Promise<PriorityScore | null> {
  const r = await db.selectFrom('dossiers').select('priority_explanation').where('id', '=', dossierId).executeTakeFirst();
  return parseStoredPriority(r?.priority_explanation ?? null);
}
