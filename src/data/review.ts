// The reviewers' queues (after Démarches Simplifiées' `columns/`): ONE definition per column — id,
// French label, SQL expression, filter, format — serves the table, its filters, its sorting and its
// CSV / XLSX exports. A queue is a where-clause over the reviewer's territory (académie or some of
// its départements; never a draft); filters and sorting come from the column definitions only, so a
// request can name no other SQL. Also: what the review page reads besides the dossier (assignment,
// follows, private notes, opinions, the current proposal).
import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import { STATE_DISPLAY, DOSSIER_STATES, displayOf } from '../domain/dossier/lifecycle';
import { formatParis } from '../domain/paris-time';
import { formatEuros } from '../domain/money';
import { foldText } from '../domain/text';
import type { Actor } from '../policies';
import type { Reader } from './dossier-facts';
import { formatScore, type PriorityScore } from '../domain/priority';
import { parseStoredPriority } from './priority';
import type { DecisionProposalTable, OpinionTable, PrivateNoteTable } from './schema';

// ---- queues ------------------------------------------------------------------------------------

export const QUEUES = [
  { key: 'a-prendre', label: 'À prendre' },
  { key: 'mes-dossiers', label: 'Mes dossiers' },
  { key: 'suivis', label: 'Suivis' },
  { key: 'decides', label: 'Décidés' },
  { key: 'tous', label: 'Tous' },
] as const;
export type QueueKey = (typeof QUEUES)[number]['key'];
export const isQueueKey = (v: string): v is QueueKey => QUEUES.some((q) => q.key === v);

/** States after the committee's decision. */
export const DECIDED_STATES = ['accepted', 'waiting_list', 'rejected', 'agreement_signed', 'advance_paid', 'instalment_paid', 'balance_paid', 'closed'] as const;
/** States a reviewer works on. */
const OPEN_STATES = ['submitted', 'under_review', 'returned_for_changes'] as const;

// ---- columns -----------------------------------------------------------------------------------

/** The tables a queue may join to `dossiers as d` (each on a unique key: a join never adds a row). */
export type JoinAlias = 'o' | 'c' | 'e' | 'ra' | 'ru' | 'dp';

export type ColumnFormat = 'text' | 'reference' | 'state' | 'cents' | 'integer' | 'datetime' | 'proposal' | 'score';

export type ColumnFilter =
  /** One or more of fixed values (a select / checkboxes). */
  | { readonly kind: 'choice'; readonly options: readonly (readonly [string, string])[]; readonly where?: (values: readonly string[]) => RawBuilder<SqlBool> }
  /** Contains the text (accents and case ignored when the column allows). */
  | { readonly kind: 'text'; readonly where: (text: string) => RawBuilder<SqlBool> }
  /** Between a minimum and a maximum (cents for amounts). */
  | { readonly kind: 'range' };

export interface ColumnDefinition {
  readonly id: string;
  /** French label: header of the table, of the export, label of the filter. */
  readonly label: string;
  /** The value, over the queue's aliases: d (dossiers), o (organisations), c (communes), e (epcis), ra/ru (assignment, reviewer), dp (proposal). */
  readonly sql: RawBuilder<unknown>;
  /** The aliases besides d that its value or its filter reads: a query joins only the tables it needs. */
  readonly joins?: readonly JoinAlias[];
  readonly format: ColumnFormat;
  readonly filter?: ColumnFilter;
  readonly sortable: boolean;
  /** Shown when the person chose no columns. */
  readonly default: boolean;
}

const raw = <T = unknown>(s: string): RawBuilder<T> => sql.raw<T>(s);
const like = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export const PROPOSAL_LABELS = { accept: 'Retenir', reject: 'Ne pas retenir', waiting_list: "Liste d'attente" } as const;

/**
 * The priority score of the committee (issue 5, « Waves within the envelope »), stored on the dossier
 * by src/data/priority.ts (migration 006-priority): the committee ranks by the same value; the table,
 * its filter (0 to 100), its sorting and the exports follow. NULL (shown « — », sorted last) for a
 * dossier whose score was never stored.
 */
export const PRIORITY_SQL: RawBuilder<number | null> = raw('d.priority_score');

export const COLUMNS: readonly ColumnDefinition[] = [
  { id: 'reference', label: 'Référence', sql: raw('d.reference'), format: 'reference', sortable: true, default: true,
    filter: { kind: 'text', where: (t) => sql<SqlBool>`lower(d.reference) like ${like(t.toLowerCase())} escape '\\'` } },
  { id: 'demandeur', label: 'Collectivité', sql: raw('o.name'), joins: ['o'], format: 'text', sortable: true, default: true,
    filter: { kind: 'text', where: (t) => sql<SqlBool>`lower(o.name) like ${like(t.toLowerCase())} escape '\\'` } },
  { id: 'departement', label: 'Département', sql: raw('d.departement_code'), format: 'text', sortable: true, default: true,
    filter: { kind: 'choice', options: [] } },
  { id: 'commune', label: 'Commune', sql: raw('coalesce(c.name, e.name)'), joins: ['c', 'e'], format: 'text', sortable: true, default: true,
    // Any commune of the dossier's schools (an EPCI's dossier spans several).
    filter: { kind: 'text', where: (t) => sql<SqlBool>`exists (select 1 from dossier_schools fs inner join schools fsc on fsc.uai = fs.uai inner join communes fc on fc.code = fsc.commune_code where fs.dossier_id = d.id and (fc.name_folded like ${like(foldText(t))} escape '\\' or fc.code = ${t.trim()}))` } },
  { id: 'etat', label: 'État', sql: raw('d.state'), format: 'state', sortable: true, default: true,
    filter: { kind: 'choice', options: DOSSIER_STATES.filter((s) => s !== 'draft').map((s) => [s, STATE_DISPLAY[s].label] as const) } },
  { id: 'ecoles', label: 'Écoles', sql: raw('d.school_count'), format: 'integer', sortable: true, default: true, filter: { kind: 'range' } },
  { id: 'depenses', label: 'Dépenses déclarées', sql: raw('(d.equipment_cents + d.services_cents)'), format: 'cents', sortable: true, default: false, filter: { kind: 'range' } },
  { id: 'subvention', label: 'Subvention calculée', sql: raw('d.grant_cents'), format: 'cents', sortable: true, default: true, filter: { kind: 'range' } },
  { id: 'subvention_equipement', label: 'Subvention équipement', sql: raw('d.equipment_grant_cents'), format: 'cents', sortable: true, default: false, filter: { kind: 'range' } },
  { id: 'subvention_services', label: 'Subvention services', sql: raw('d.services_grant_cents'), format: 'cents', sortable: true, default: false, filter: { kind: 'range' } },
  { id: 'priorite', label: 'Priorité', sql: PRIORITY_SQL, format: 'score', sortable: true, default: false, filter: { kind: 'range' } },
  { id: 'constats', label: 'Points bloquants', sql: raw('d.blocking_count'), format: 'integer', sortable: true, default: false,
    filter: { kind: 'choice', options: [['avec', 'Avec points bloquants'], ['sans', 'Sans point bloquant']],
      where: (v) => (v.includes('avec') && v.includes('sans') ? sql<SqlBool>`1 = 1` : v.includes('avec') ? sql<SqlBool>`d.blocking_count > 0` : sql<SqlBool>`d.blocking_count = 0`) } },
  { id: 'avis_attendus', label: 'Avis attendus',
    sql: raw('(select count(*) from opinions op where op.dossier_id = d.id and op.answered_at is null and op.closed_at is null)'),
    format: 'integer', sortable: true, default: false,
    filter: { kind: 'choice', options: [['oui', 'Avec un avis attendu'], ['non', 'Sans avis attendu']],
      where: (v) => (v.includes('oui') && v.includes('non') ? sql<SqlBool>`1 = 1`
        : v.includes('oui') ? sql<SqlBool>`exists (select 1 from opinions op2 where op2.dossier_id = d.id and op2.answered_at is null and op2.closed_at is null)`
          : sql<SqlBool>`not exists (select 1 from opinions op2 where op2.dossier_id = d.id and op2.answered_at is null and op2.closed_at is null)`) } },
  { id: 'proposition', label: 'Proposition', sql: raw('dp.kind'), joins: ['dp'], format: 'proposal', sortable: true, default: false,
    filter: { kind: 'choice', options: [...Object.entries(PROPOSAL_LABELS), ['aucune', 'Aucune proposition']],
      where: (v) => {
        const kinds = v.filter((x) => x in PROPOSAL_LABELS);
        const none = v.includes('aucune');
        if (kinds.length === 0) return none ? sql<SqlBool>`dp.kind is null` : sql<SqlBool>`1 = 0`;
        return none ? sql<SqlBool>`(dp.kind is null or dp.kind in (${sql.join(kinds)}))` : sql<SqlBool>`dp.kind in (${sql.join(kinds)})`;
      } } },
  { id: 'instructeur', label: 'Instructeur', sql: raw('ru.display_name'), joins: ['ru'], format: 'text', sortable: true, default: true,
    filter: { kind: 'text', where: (t) => sql<SqlBool>`lower(ru.display_name) like ${like(t.toLowerCase())} escape '\\'` } },
  { id: 'depose_le', label: 'Déposé le', sql: raw('d.submitted_at'), format: 'datetime', sortable: true, default: true },
  { id: 'modifie_le', label: 'Modifié le', sql: raw('d.updated_at'), format: 'datetime', sortable: true, default: false },
];

export const COLUMN_BY_ID: ReadonlyMap<string, ColumnDefinition> = new Map(COLUMNS.map((c) => [c.id, c]));
export const DEFAULT_COLUMNS: readonly string[] = COLUMNS.filter((c) => c.default).map((c) => c.id);

export type FilterValue =
  | { readonly kind: 'choice'; readonly values: readonly string[] }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'range'; readonly min?: number; readonly max?: number };

export interface QueueQuery {
  readonly queue: QueueKey;
  /** By column id; a filter naming an unknown column or the wrong kind is ignored. */
  readonly filters: Readonly<Record<string, FilterValue>>;
  readonly sort: { readonly column: string; readonly direction: 'asc' | 'desc' };
  readonly page: number;
  readonly pageSize: number;
}

export interface QueueRow {
  readonly id: string;
  /** Values by column id, as the database gives them (numbers normalised). */
  readonly values: Readonly<Record<string, string | number | null>>;
}

export interface QueuePage { readonly rows: readonly QueueRow[]; readonly total: number; readonly page: number; readonly pages: number }

/** The territory of a reviewer's scope as a where-clause; null when the scope names none. */
export function territoryWhere(scope: string | null): RawBuilder<SqlBool> | null {
  if (scope === null) return null;
  const [kind, value = ''] = scope.split(':');
  if (kind === 'academie' && value !== '') return sql<SqlBool>`d.academie_code = ${value}`;
  if (kind === 'departements') {
    const codes = value.split(',').map((v) => v.trim()).filter((v) => v !== '');
    if (codes.length > 0) return sql<SqlBool>`d.departement_code in (${sql.join(codes)})`;
  }
  return null;
}

/** The départements of a reviewer's territory (the département filter's options). */
export async function territoryDepartements(db: Reader, scope: string | null): Promise<{ code: string; name: string }[]> {
  if (scope === null) return [];
  const [kind, value = ''] = scope.split(':');
  let q = db.selectFrom('departements').select(['code', 'name']);
  if (kind === 'academie') q = q.where('academie_code', '=', value);
  else if (kind === 'departements') q = q.where('code', 'in', value.split(',').map((v) => v.trim()).filter((v) => v !== '').concat(['']));
  else return [];
  return q.orderBy('code').execute();
}

function queueWhere(queue: QueueKey, userId: string): RawBuilder<SqlBool> {
  switch (queue) {
    case 'a-prendre': return sql<SqlBool>`d.state = 'submitted'`;
    // Through the person's own rows (indexes on the user): no join, and the tab counts stay one pass over the territory.
    case 'mes-dossiers': return sql<SqlBool>`d.id in (select qa.dossier_id from review_assignments qa where qa.reviewer_id = ${userId}) and d.state in (${sql.join([...OPEN_STATES])})`;
    case 'suivis': return sql<SqlBool>`d.id in (select rf.dossier_id from review_follows rf where rf.user_id = ${userId})`;
    case 'decides': return sql<SqlBool>`d.state in (${sql.join([...DECIDED_STATES])})`;
    case 'tous': return sql<SqlBool>`1 = 1`;
  }
}

function filterWhere(column: ColumnDefinition, value: FilterValue): RawBuilder<SqlBool> | null {
  const f = column.filter;
  if (f === undefined || f.kind !== value.kind) return null;
  if (value.kind === 'choice' && f.kind === 'choice') {
    const allowed = value.values.filter((v) => f.options.length === 0 || f.options.some(([o]) => o === v));
    if (allowed.length === 0) return null;
    return f.where ? f.where(allowed) : sql<SqlBool>`${column.sql} in (${sql.join(allowed)})`;
  }
  if (value.kind === 'text' && f.kind === 'text') {
    const t = value.text.trim();
    return t === '' ? null : f.where(t.slice(0, 100));
  }
  if (value.kind === 'range') {
    const parts: RawBuilder<SqlBool>[] = [];
    if (value.min !== undefined && Number.isFinite(value.min)) parts.push(sql<SqlBool>`${column.sql} >= ${value.min}`);
    if (value.max !== undefined && Number.isFinite(value.max)) parts.push(sql<SqlBool>`${column.sql} <= ${value.max}`);
    return parts.length === 0 ? null : sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
  }
  return null;
}

/** The joins a query needs: those of the columns it reads, with what they go through (c, e via o; ru via ra). */
function joinsOf(columns: readonly (ColumnDefinition | undefined)[]): Set<JoinAlias> {
  const out = new Set<JoinAlias>();
  for (const c of columns) for (const j of c?.joins ?? []) out.add(j);
  if (out.has('c') || out.has('e')) out.add('o');
  if (out.has('ru')) out.add('ra');
  return out;
}

function baseQuery(db: Reader, actor: Actor, query: Pick<QueueQuery, 'queue' | 'filters'>, read: readonly (ColumnDefinition | undefined)[] = []) {
  const territory = territoryWhere(actor.scope) ?? sql<SqlBool>`1 = 0`;
  const conditions: Expression<SqlBool>[] = [territory, sql<SqlBool>`d.state <> 'draft'`, queueWhere(query.queue, actor.id)];
  const filtered: ColumnDefinition[] = [];
  for (const [id, value] of Object.entries(query.filters)) {
    const column = COLUMN_BY_ID.get(id);
    if (column === undefined) continue;
    const w = filterWhere(column, value);
    if (w !== null) { conditions.push(w); filtered.push(column); }
  }
  const j = joinsOf([...read, ...filtered]);
  return db.selectFrom('dossiers as d')
    .$if(j.has('o'), (q) => q.innerJoin('organisations as o', 'o.id', 'd.organisation_id'))
    // Conditional joins keep the builder's type to `d`: a join on another alias is written in SQL.
    .$if(j.has('c'), (q) => q.leftJoin('communes as c', (jb) => jb.on(sql<SqlBool>`c.code = o.commune_code`)))
    .$if(j.has('e'), (q) => q.leftJoin('epcis as e', (jb) => jb.on(sql<SqlBool>`e.siren = o.epci_siren`)))
    .$if(j.has('ra'), (q) => q.leftJoin('review_assignments as ra', 'ra.dossier_id', 'd.id'))
    .$if(j.has('ru'), (q) => q.leftJoin('users as ru', (jb) => jb.on(sql<SqlBool>`ru.id = ra.reviewer_id`)))
    .$if(j.has('dp'), (q) => q.leftJoin('decision_proposals as dp', 'dp.dossier_id', 'd.id'))
    .where((eb) => eb.and(conditions));
}

const normalise = (column: ColumnDefinition, v: unknown): string | number | null => {
  if (v === null || v === undefined) return null;
  if (column.format === 'cents' || column.format === 'integer' || column.format === 'score') return Number(v);
  return String(v);
};

async function selectRows(db: Reader, actor: Actor, query: QueueQuery, columns: readonly ColumnDefinition[], offset: number, limit: number): Promise<QueueRow[]> {
  const sortColumn = COLUMN_BY_ID.get(query.sort.column);
  const sortSql = sortColumn?.sortable ? sortColumn.sql : raw('d.submitted_at');
  const dir = query.sort.direction === 'desc' ? sql.raw('desc') : sql.raw('asc');
  const rows = await baseQuery(db, actor, query, [...columns, sortColumn])
    .select(['d.id as __id', ...columns.map((c) => c.sql.as(c.id))])
    // NULLs last in both directions, then a stable tie-break.
    .orderBy(sql`case when ${sortSql} is null then 1 else 0 end`)
    .orderBy(sql`${sortSql} ${dir}`)
    .orderBy('d.reference')
    .offset(offset).limit(limit)
    .execute() as Record<string, unknown>[];
  return rows.map((r) => ({ id: String(r.__id), values: Object.fromEntries(columns.map((c) => [c.id, normalise(c, r[c.id])])) }));
}

/** One page of a queue, with the total (for the pagination). */
export async function queuePage(db: Reader, actor: Actor, query: QueueQuery, columns: readonly ColumnDefinition[]): Promise<QueuePage> {
  const count = await baseQuery(db, actor, query).select(sql<number>`count(*)`.as('n')).executeTakeFirst();
  const total = Number(count?.n ?? 0);
  const pages = Math.max(1, Math.ceil(total / query.pageSize));
  const page = Math.min(Math.max(1, query.page), pages);
  const rows = await selectRows(db, actor, query, columns, (page - 1) * query.pageSize, query.pageSize);
  return { rows, total, page, pages };
}

/** Every row of a queue (all pages), in batches: what the exports write. */
export async function* queueRows(db: Reader, actor: Actor, query: QueueQuery, columns: readonly ColumnDefinition[], batch = 500): AsyncGenerator<QueueRow> {
  for (let offset = 0; ; offset += batch) {
    const rows = await selectRows(db, actor, query, columns, offset, batch);
    yield* rows;
    if (rows.length < batch) return;
  }
}

/** Counts of each queue for the tabs. */
export async function queueCounts(db: Reader, actor: Actor): Promise<Record<QueueKey, number>> {
  // One pass over the territory's dossiers (its index), one conditional sum per tab.
  const row = await baseQuery(db, actor, { queue: 'tous', filters: {} })
    .select(QUEUES.map((q) => sql<number>`sum(case when ${queueWhere(q.key, actor.id)} then 1 else 0 end)`.as(q.key)))
    .executeTakeFirst() as Record<string, unknown> | undefined;
  return Object.fromEntries(QUEUES.map((q) => [q.key, Number(row?.[q.key] ?? 0)])) as Record<QueueKey, number>;
}

// ---- formatting (table and exports share it) ---------------------------------------------------------


/** A value as text, in French (table cells and CSV). */
export function formatValue(column: ColumnDefinition, v: string | number | null, opts: { csv?: boolean } = {}): string {
  if (v === null) return opts.csv ? '' : '—';
  switch (column.format) {
    case 'cents': {
      const n = Number(v);
      // CSV: a plain decimal number with a comma (French Excel reads it as a number).
      if (opts.csv) return `${n < 0 ? '-' : ''}${Math.floor(Math.abs(n) / 100)},${String(Math.abs(n) % 100).padStart(2, '0')}`;
      return formatEuros(n);
    }
    case 'integer': return String(v);
    case 'score': return formatScore(Number(v));
    case 'state': return displayOf(String(v)).label;
    case 'proposal': return PROPOSAL_LABELS[String(v) as keyof typeof PROPOSAL_LABELS] ?? String(v);
    case 'datetime': return formatParis(String(v), 'short');
    default: return String(v);
  }
}

/** A value for a spreadsheet cell: numbers stay numbers (euros for amounts), instants become dates. */
export function cellValue(column: ColumnDefinition, v: string | number | null): string | number | Date | null {
  if (v === null) return null;
  if (column.format === 'cents') return Number(v) / 100;
  if (column.format === 'integer' || column.format === 'score') return Number(v);
  if (column.format === 'datetime') return new Date(String(v));
  return formatValue(column, v);
}

// ---- what the review page reads ----------------------------------------------------------------------

export interface OpinionView extends Omit<OpinionTable, 'token_hash' | 'file_path'> {
  readonly status: 'open' | 'answered' | 'expired' | 'withdrawn';
  readonly hasFile: boolean;
}

export function opinionStatus(o: Pick<OpinionTable, 'answered_at' | 'closed_at' | 'deadline_at'>, now: Date): OpinionView['status'] {
  if (o.answered_at !== null) return 'answered';
  if (o.closed_at !== null) return 'withdrawn';
  if (o.deadline_at <= now.toISOString()) return 'expired';
  return 'open';
}

export interface ReviewExtras {
  readonly assignment: { reviewerId: string; reviewerName: string; takenAt: string } | null;
  readonly following: boolean;
  readonly notes: readonly PrivateNoteTable[];
  readonly opinions: readonly OpinionView[];
  readonly proposal: (DecisionProposalTable & { proposedByName: string }) | null;
  /** The stored priority score with its explanation, and its rank among the académie's dossiers of the call (drafts aside). */
  readonly priority: { readonly score: PriorityScore; readonly rank: number; readonly of: number } | null;
}

async function priorityRank(db: Reader, dossierId: string): Promise<ReviewExtras['priority']> {
  const d = await db.selectFrom('dossiers').select(['call_id', 'academie_code', 'priority_score', 'priority_explanation']).where('id', '=', dossierId).executeTakeFirst();
  const score = parseStoredPriority(d?.priority_explanation ?? null);
  if (d === undefined || score === null || d.priority_score === null) return null;
  const r = await db.selectFrom('dossiers')
    .select((eb) => [eb.fn.countAll<number>().as('n'), sql<number>`sum(case when priority_score > ${Number(d.priority_score)} then 1 else 0 end)`.as('above')])
    .where('call_id', '=', d.call_id).where('academie_code', d.academie_code === null ? 'is' : '=', d.academie_code).where('state', '<>', 'draft')
    .where('priority_score', 'is not', null)
    .executeTakeFirst();
  return { score, rank: Number(r?.above ?? 0) + 1, of: Number(r?.n ?? 0) };
}

export async function loadReviewExtras(db: Reader, dossierId: string, userId: string, now: Date): Promise<ReviewExtras> {
  const [assignment, follow, notes, opinions, proposal, priority] = await Promise.all([
    db.selectFrom('review_assignments as ra').innerJoin('users as u', 'u.id', 'ra.reviewer_id')
      .select(['ra.reviewer_id', 'u.display_name', 'ra.taken_at']).where('ra.dossier_id', '=', dossierId).executeTakeFirst(),
    db.selectFrom('review_follows').select('user_id').where('dossier_id', '=', dossierId).where('user_id', '=', userId).executeTakeFirst(),
    db.selectFrom('private_notes').selectAll().where('dossier_id', '=', dossierId).orderBy('at').orderBy('id').execute(),
    db.selectFrom('opinions').selectAll().where('dossier_id', '=', dossierId).orderBy('requested_at').orderBy('id').execute(),
    db.selectFrom('decision_proposals as dp').innerJoin('users as u', 'u.id', 'dp.proposed_by').selectAll('dp').select('u.display_name')
      .where('dp.dossier_id', '=', dossierId).executeTakeFirst(),
    priorityRank(db, dossierId),
  ]);
  return {
    assignment: assignment ? { reviewerId: assignment.reviewer_id, reviewerName: assignment.display_name, takenAt: assignment.taken_at } : null,
    following: follow !== undefined,
    notes,
    opinions: opinions.map(({ token_hash: _t, file_path, ...o }) => ({
      ...o, file_size: o.file_size === null ? null : Number(o.file_size), status: opinionStatus(o, now), hasFile: file_path !== null,
    })),
    proposal: proposal ? {
      dossier_id: proposal.dossier_id, kind: proposal.kind, reason: proposal.reason, proposed_by: proposal.proposed_by, proposed_at: proposal.proposed_at,
      equipment_max_cents: proposal.equipment_max_cents === null ? null : Number(proposal.equipment_max_cents),
      services_max_cents: proposal.services_max_cents === null ? null : Number(proposal.services_max_cents),
      proposedByName: proposal.display_name,
    } : null,
    priority,
  };
}
