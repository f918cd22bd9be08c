// What a dossier's computation reads (its row, applicant, schools with their reference data, lines,
// signatures, attachments) in a fixed number of queries, normalised, with the rows' small helpers
// (a line's declared amount, what co-signers sign). The computation itself (the engine's amounts and
// findings, the diagnostics, the completeness list) is src/commands/dossier/compute.ts.
import type { Kysely, Selectable, Transaction } from 'kysely';
import { getCall, type CallDefinition, type CallRegistry } from '../domain/calls';
import type { SignedContent } from '../domain/digest';
import type {
  AttachmentTable, BudgetLineTable, Database, DossierSchoolTable, DossierTable, OrganisationTable, SignatureTable,
} from './schema';

export type Reader = Kysely<Database> | Transaction<Database>;

export interface ObjectiveText { readonly code: string; readonly text: string }
export interface CoFunding { readonly funder: string; readonly amountCents: number }

export interface DossierSchoolRow extends Selectable<DossierSchoolTable> {
  name: string;
  commune_code: string;
  commune_name: string | null;
  sector: 'public' | 'private';
  nature_label: string | null;
  education_priority: 'REP' | 'REP+' | null;
  ips: number | null;
  reference_classes: number | null;
  reference_pupils: number | null;
}

export interface DossierFacts {
  readonly dossier: Selectable<DossierTable>;
  readonly organisation: Selectable<OrganisationTable>;
  readonly schools: readonly DossierSchoolRow[];
  readonly lines: readonly Selectable<BudgetLineTable>[];
  readonly signatures: readonly Selectable<SignatureTable>[];
  readonly attachments: readonly Selectable<AttachmentTable>[];
  /** Names of the reviewers who adjusted lines, by user id (the explanation says who). */
  readonly adjusterNames?: ReadonlyMap<string, string>;
}

const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** pg returns bigint columns as numbers through db.ts; SQLite returns them as numbers: normalise anyway. */
export function normaliseDossier(d: Selectable<DossierTable>): Selectable<DossierTable> {
  return {
    ...d,
    number: num(d.number), revision: num(d.revision), school_count: num(d.school_count),
    equipment_cents: num(d.equipment_cents), services_cents: num(d.services_cents), eligible_cents: num(d.eligible_cents),
    equipment_grant_cents: num(d.equipment_grant_cents), services_grant_cents: num(d.services_grant_cents),
    grant_cents: num(d.grant_cents), blocking_count: num(d.blocking_count),
  };
}

export function normaliseLine(l: Selectable<BudgetLineTable>): Selectable<BudgetLineTable> {
  return {
    ...l, volet: num(l.volet), quantity: num(l.quantity), unit_ht_cents: num(l.unit_ht_cents), unit_ttc_cents: num(l.unit_ttc_cents),
    eligible_adjustment_cents: numOrNull(l.eligible_adjustment_cents), excluded: num(l.excluded),
  };
}

export async function loadSchoolsOf(db: Reader, dossierId: string): Promise<DossierSchoolRow[]> {
  const rows = await db.selectFrom('dossier_schools as ds')
    .innerJoin('schools as s', 's.uai', 'ds.uai')
    .leftJoin('communes as c', 'c.code', 's.commune_code')
    .selectAll('ds')
    .select([
      's.name', 's.commune_code', 'c.name as commune_name', 's.sector', 's.nature_label', 's.education_priority', 's.ips',
      's.classes as reference_classes', 's.elementary_pupils as reference_pupils',
    ])
    .where('ds.dossier_id', '=', dossierId)
    .orderBy('ds.position')
    .execute();
  return rows.map((r) => ({
    ...r,
    position: num(r.position), classes: numOrNull(r.classes), pupils: numOrNull(r.pupils),
    prefilled_classes: numOrNull(r.prefilled_classes), prefilled_pupils: numOrNull(r.prefilled_pupils),
    private_school: num(r.private_school), ips: numOrNull(r.ips),
    reference_classes: numOrNull(r.reference_classes), reference_pupils: numOrNull(r.reference_pupils),
  }));
}

export async function loadLinesOf(db: Reader, dossierId: string): Promise<Selectable<BudgetLineTable>[]> {
  const rows = await db.selectFrom('budget_lines').selectAll().where('dossier_id', '=', dossierId)
    .orderBy('created_at').orderBy('id').execute();
  return rows.map(normaliseLine);
}

/** Everything the computation reads, in six queries. */
export async function loadDossierFacts(db: Reader, dossierId: string): Promise<DossierFacts | undefined> {
  const dossier = await db.selectFrom('dossiers').selectAll().where('id', '=', dossierId).executeTakeFirst();
  if (dossier === undefined) return undefined;
  const organisation = await db.selectFrom('organisations').selectAll().where('id', '=', dossier.organisation_id).executeTakeFirstOrThrow();
  const schools = await loadSchoolsOf(db, dossierId);
  const lines = await loadLinesOf(db, dossierId);
  const signatures = await db.selectFrom('signatures').selectAll().where('dossier_id', '=', dossierId).orderBy('signed_at').execute();
  const attachments = await db.selectFrom('attachments').selectAll().where('dossier_id', '=', dossierId).orderBy('uploaded_at').execute();
  const adjusters = [...new Set(lines.map((l) => l.adjusted_by).filter((x): x is string => x !== null))];
  const adjusterNames = new Map<string, string>();
  if (adjusters.length > 0) {
    for (const u of await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', adjusters).execute()) adjusterNames.set(u.id, u.display_name);
  }
  return {
    adjusterNames,
    dossier: normaliseDossier(dossier),
    organisation,
    schools,
    lines,
    signatures,
    attachments: attachments.map((a) => ({ ...a, size: num(a.size) })),
  };
}

export function parseJsonArray<T>(text: string | null): T[] {
  if (text === null || text === '') return [];
  const v = JSON.parse(text) as unknown;
  return Array.isArray(v) ? (v as T[]) : [];
}

export function callOf(callId: string, calls?: CallRegistry): CallDefinition {
  const call = getCall(callId, calls);
  if (call === undefined) throw new Error(`Appel à projets inconnu : ${callId}`);
  return call;
}

/** A line's declared amount on the call's basis (TTC or HT). */
export function lineAmount(line: Pick<BudgetLineTable, 'quantity' | 'unit_ht_cents' | 'unit_ttc_cents'>, basis: 'TTC' | 'HT'): number {
  return line.quantity * (basis === 'TTC' ? line.unit_ttc_cents : line.unit_ht_cents);
}

/** What co-signers sign: the project's texts and objectives, the schools, each school's budget as declared. */
export function signedContentOf(
  dossier: Pick<DossierTable, 'project_summary' | 'objectives' | 'support_text' | 'lending_plan'>,
  schools: readonly Pick<DossierSchoolTable, 'uai'>[],
  lines: readonly Selectable<BudgetLineTable>[],
): SignedContent {
  const budgets: Record<string, { id: string; volet: number; category: string; label: string; quantity: number; unitHtCents: number; unitTtcCents: number }[]> = {};
  for (const s of schools) budgets[s.uai] = [];
  for (const l of [...lines].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    (budgets[l.uai] ??= []).push({
      id: l.id, volet: l.volet, category: l.category, label: l.label, quantity: l.quantity, unitHtCents: l.unit_ht_cents, unitTtcCents: l.unit_ttc_cents,
    });
  }
  return {
    texts: { summary: dossier.project_summary, lendingPlan: dossier.lending_plan, support: dossier.support_text },
    objectives: parseJsonArray<ObjectiveText>(dossier.objectives),
    schools: schools.map((s) => s.uai),
    schoolBudgets: budgets,
  };
}
