// What every dossier command shares: its environment, its errors, input parsing with French
// messages naming the field, and `dossierCommand`, the frame of a write — in one transaction: lock
// the dossier (revision + 1), authorize, check the state and the version the person saw, change,
// void the co-signatures the change voids, recompute the amounts, record the events.
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { z } from 'zod';
import type { CallRegistry } from '../../domain/calls';
import { isEditable, isDossierState, stateLabel, formatParisInstant } from '../../domain/dossier/lifecycle';
import { voidSignatures, type SignedContent, type VoidedSignature } from '../../domain/digest';
import type { Dialect } from '../../data/db';
import { accessFor } from '../../data/dossiers';
import { loadDossierFacts, loadLinesOf, normaliseDossier, signedContentOf, type DossierFacts, type Reader } from '../../data/dossier-facts';
import { storePriorityScores } from '../../data/priority';
import type { Database, DossierTable } from '../../data/schema';
import { authorize, ForbiddenError, type Action, type Actor, type Subject } from '../../policies';
import type { DossierResource } from '../../policies/dossier';
import { appendEvents, EVENT_LABELS, type EventDraft, type EventKind } from '../events';
import { removeStoredFile } from '../storage';
import { activeSignatures, computeDossier, type DossierComputed } from './compute';

/** Sends an e-mail (the lead wires it to the mailer; it may queue a job in the same transaction). */
export type Notify = (tx: Transaction<Database>, mail: { to: string; subject: string; text: string }) => Promise<void>;

export interface CommandEnv {
  /** The database, or a transaction already open (the command then runs inside it). */
  readonly kysely: Kysely<Database> | Transaction<Database>;
  readonly dialect: Dialect;
  /** Files (attachments, proofs) are stored under it. */
  readonly dataDir: string;
  readonly notify?: Notify;
  /** The calls (the shipped ones by default). */
  readonly calls?: CallRegistry;
  /** Base URL of links written in e-mails (`https://socle.example.gouv.fr`). */
  readonly publicUrl?: string;
  /** Compute the explanation of the amounts with them (the web answers an autosave with it). */
  readonly explain?: boolean;
}

/** The person acting: a policy actor, with a display name for the history when known. */
export type CommandActor = Actor;

export interface FieldError { readonly field: string; readonly message: string }

/** A refused command: French message, the fields concerned; the web answers with `status`. */
export class DossierCommandError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly errors: readonly FieldError[] = [],
    readonly status: 400 | 403 | 404 | 409 | 410 | 413 | 415 | 422 = 422,
  ) {
    super(message);
    this.name = 'DossierCommandError';
  }
}

/** Input breaking the rules of a form (422), each error naming its field. */
export class DossierInputError extends DossierCommandError {
  constructor(errors: readonly FieldError[]) {
    super('INVALID_INPUT', errors.length === 1 ? errors[0].message : `${errors.length} champs à corriger : ${errors.map((e) => e.message).join(' ')}`, errors, 422);
    this.name = 'DossierInputError';
  }
}

export interface ChangeSince {
  readonly kind: string;
  readonly label: string;
  readonly section: string;
  readonly actorLabel: string;
  readonly at: string;
  readonly revision: number;
}

/** The dossier changed since the version the person saw, in the same section (409). */
export class DossierConflictError extends DossierCommandError {
  constructor(readonly changes: readonly ChangeSince[], readonly currentRevision: number) {
    const list = changes.map((c) => `${c.label} par ${c.actorLabel} le ${formatParisInstant(c.at)}`).join(' ; ');
    super(
      'CONFLICT',
      `Votre modification n'a pas été enregistrée : cette partie du dossier a été modifiée depuis que vous l'avez ouverte (${list}). ` +
        'Rechargez la page pour voir la version à jour, puis refaites votre modification.',
      [],
      409,
    );
    this.name = 'DossierConflictError';
  }
}

// Names of the form fields, in French, for the error paths (`lignes[3].quantite`).
const FIELD_NAMES: Readonly<Record<string, string>> = {
  dossierId: 'dossier', revision: 'revision', callId: 'appel', organisationId: 'collectivite',
  uais: 'ecoles', uai: 'uai', classes: 'classes', pupils: 'eleves', reason: 'motif',
  entries: 'diagnostic', item: 'element', alternative: 'variante', present: 'present', added: 'apporte', notPlanned: 'nonPrevu',
  lineId: 'ligne', volet: 'volet', category: 'categorie', label: 'libelle', quantity: 'quantite',
  unitHtCents: 'prixUnitaireHT', unitTtcCents: 'prixUnitaireTTC',
  summary: 'presentation', objectives: 'objectifs', code: 'code', text: 'texte', lendingPlan: 'planPret',
  supportText: 'accompagnement', coFunding: 'cofinancements', funder: 'financeur', amountCents: 'montant',
  kind: 'type', fileName: 'fichier', bytes: 'fichier', body: 'message', email: 'courriel', role: 'role', message: 'message', token: 'jeton',
};

export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else {
      const name = FIELD_NAMES[String(key)] ?? String(key);
      out += out === '' ? name : `.${name}`;
    }
  }
  return out;
}

/** Parses input with a zod schema; throws DossierInputError listing every field in French. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const errors: FieldError[] = [];
  for (const issue of r.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const k of issue.keys) errors.push({ field: fieldPath([...issue.path, k]), message: `Champ inconnu : « ${k} ».` });
    } else {
      errors.push({ field: fieldPath(issue.path), message: issue.message });
    }
  }
  throw new DossierInputError(errors);
}

export const iso = (now: Date | string): string => (typeof now === 'string' ? new Date(now).toISOString() : now.toISOString());

/** Runs `fn` in a transaction (or in the caller's), removing the files it wrote if it fails. */
export async function inTransaction<T>(env: CommandEnv, fn: (tx: Transaction<Database>, onRollback: (undo: () => void) => void) => Promise<T>): Promise<T> {
  const undo: (() => void)[] = [];
  const onRollback = (u: () => void): void => { undo.push(u); };
  try {
    if (env.kysely.isTransaction) return await fn(env.kysely as Transaction<Database>, onRollback);
    return await env.kysely.transaction().execute((tx) => fn(tx, onRollback));
  } catch (e) {
    for (const u of undo.reverse()) {
      try { u(); } catch { /* best effort */ }
    }
    throw e;
  }
}

export function removeOnRollback(env: CommandEnv, onRollback: (undo: () => void) => void, relative: string): void {
  onRollback(() => removeStoredFile(env.dataDir, relative));
}

export async function actorLabel(tx: Transaction<Database>, actor: CommandActor): Promise<string> {
  if (actor.displayName) return actor.displayName;
  const u = await tx.selectFrom('users').select('display_name').where('id', '=', actor.id).executeTakeFirst();
  return u?.display_name ?? actor.id;
}

export interface CommandFrame {
  readonly tx: Transaction<Database>;
  readonly env: CommandEnv;
  readonly actor: CommandActor;
  readonly actorLabel: string;
  /** The dossier as locked, revision already increased. */
  readonly dossier: Selectable<DossierTable>;
  readonly access: DossierResource;
  readonly now: string;
  readonly onRollback: (undo: () => void) => void;
  /** Adds an event to record at the end of the command. */
  record(event: EventDraft): void;
}

export interface DossierCommandSpec {
  readonly subject: Subject;
  readonly action: Action;
  /** The school / role the permission is asked for. */
  readonly resource?: Pick<DossierResource, 'uai' | 'role'>;
  /** Refuse unless the applicant may edit the dossier's content in its state (draft, returned for changes). */
  readonly editable?: boolean;
  /** The revision the person saw; with `conflicts`, a change since in a conflicting section refuses the command. */
  readonly revision?: number;
  /** Which sections changed since `revision` refuse this command. */
  readonly conflicts?: (section: string) => boolean;
  /** The change may void co-signatures (applicant changes to project, schools, budget). */
  readonly voids?: boolean;
  /** Recompute the amounts and the completeness list (default true). */
  readonly refresh?: boolean;
  /**
   * Recompute the priority score with the amounts (default true). The score reads the schools'
   * reference data, headcounts and diagnostics: a command that changes none of them (a budget line)
   * says false and skips it.
   */
  readonly priority?: boolean;
}

/** The dossier as the command left it: its facts (read once after the change) and their computation. */
export interface DossierSnapshot {
  readonly facts: DossierFacts;
  readonly computed: DossierComputed;
}

export interface CommandOutcome<T> {
  readonly result: T;
  /** The dossier's revision after the command: the next write sends it back. */
  readonly revision: number;
  /** Co-signatures the change voided, with a French message for each. */
  readonly voided: readonly VoidedSignature[];
  /** When the command recomputed the amounts: the dossier after it (the autosave answers with it, no second read). */
  readonly snapshot?: DossierSnapshot;
}

const NOT_EDITABLE = (state: string): string =>
  `Le dossier est à l'état « ${isDossierState(state) ? stateLabel(state) : state} » : il ne peut plus être modifié. ` +
  (state === 'submitted' || state === 'under_review' ? "S'il faut le corriger, l'instructeur peut vous le renvoyer pour compléments." : '');

/** The frame of every write on an existing dossier (see the file's head). */
export async function dossierCommand<T>(
  env: CommandEnv,
  actor: CommandActor | null,
  dossierId: string,
  now: Date | string,
  spec: DossierCommandSpec,
  body: (frame: CommandFrame) => Promise<T>,
): Promise<CommandOutcome<T>> {
  if (actor === null) throw new ForbiddenError(spec.action, spec.subject);
  const at = iso(now);
  return inTransaction(env, async (tx, onRollback) => {
    // Lock the row (PostgreSQL: until the end of the transaction; SQLite: one writer at a time).
    const locked = typeof dossierId === 'string' && dossierId.length <= 64
      ? await tx.updateTable('dossiers').set((eb) => ({ revision: eb('revision', '+', 1), updated_at: at }))
        .where('id', '=', dossierId).returningAll().executeTakeFirst()
      : undefined;
    // An unknown id answers like another's dossier: nothing tells whether it exists.
    if (locked === undefined) throw new ForbiddenError(spec.action, spec.subject);
    const dossier = normaliseDossier(locked);
    const access = await accessFor(tx, actor, dossier, dossier.id);
    authorize(actor, spec.action, spec.subject, { ...access, ...spec.resource });
    if (spec.editable && !(isDossierState(dossier.state) && isEditable(dossier.state))) {
      throw new DossierCommandError('NOT_EDITABLE', NOT_EDITABLE(dossier.state), [], 409);
    }
    if (spec.revision !== undefined) await checkRevision(tx, dossier, spec.revision, spec.conflicts ?? (() => false));
    const label = await actorLabel(tx, actor);
    const events: EventDraft[] = [];
    // Only the applicant's changes void co-signatures, and only signatures standing now can be voided:
    // with none (a draft being built), nothing to compare.
    const voidsSignatures = spec.voids === true && (access.membership === 'admin' || access.membership === 'editor')
      && await hasActiveSignature(tx, dossier.id);
    const before = voidsSignatures ? await signedNow(tx, dossier) : undefined;
    const frame: CommandFrame = { tx, env, actor, actorLabel: label, dossier, access, now: at, onRollback, record: (e) => { events.push(e); } };
    const result = await body(frame);
    let voided: readonly VoidedSignature[] = [];
    let snapshot: DossierSnapshot | undefined;
    // The dossier after the change, read once: it gives the signed content to compare and what the amounts are computed on.
    const facts = before !== undefined || spec.refresh !== false ? (await loadDossierFacts(tx, dossier.id))! : undefined;
    if (before !== undefined && facts !== undefined) {
      const after = signedContentOf(facts.dossier, facts.schools, facts.lines);
      const outcome = voidSignatures(before, after, activeSignatures(facts), 'applicant');
      voided = outcome.voided;
      const voidedIds = new Map<string, string>();
      for (const v of outcome.voided) {
        const row = facts.signatures.find((s) => s.voided_at === null && s.uai === v.signature.uai && s.role === v.signature.role && s.user_id === v.signature.signer)!;
        await tx.updateTable('signatures').set({ voided_at: at, voided_reason: v.message }).where('id', '=', row.id).execute();
        voidedIds.set(row.id, v.message);
        events.push({ kind: 'signature_voided', section: `school/${row.uai}/signature`, reason: v.message, payload: { signatureId: row.id, uai: row.uai, role: row.role, signer: row.signer_name, cause: v.reason } });
      }
      if (voidedIds.size > 0) {
        const signatures = facts.signatures.map((s) => (voidedIds.has(s.id) ? { ...s, voided_at: at, voided_reason: voidedIds.get(s.id)! } : s));
        snapshot = refreshed({ ...facts, signatures }, env);
      }
    }
    if (spec.refresh !== false && facts !== undefined) {
      snapshot ??= refreshed(facts, env);
      events.push(...(await storeAmounts(tx, snapshot)));
      // The snapshot is the dossier as the command leaves it: its row with the amounts just stored.
      snapshot = { ...snapshot, facts: { ...snapshot.facts, dossier: { ...snapshot.facts.dossier, ...snapshot.computed.cache } } };
      // What changes the amounts (schools, headcounts, diagnostics, submission) may change the priority score.
      if (spec.priority !== false) await storePriorityScores(tx, [dossier.id], env.calls);
    }
    await appendEvents(tx, dossier.id, dossier.revision, { id: actor.id, label }, at, events);
    return { result, revision: dossier.revision, voided, ...(spec.refresh !== false && snapshot !== undefined ? { snapshot } : {}) };
  });
}

async function hasActiveSignature(tx: Transaction<Database>, dossierId: string): Promise<boolean> {
  const row = await tx.selectFrom('signatures').select('id').where('dossier_id', '=', dossierId).where('voided_at', 'is', null).limit(1).executeTakeFirst();
  return row !== undefined;
}

const refreshed = (facts: DossierFacts, env: Pick<CommandEnv, 'calls' | 'explain'>): DossierSnapshot =>
  ({ facts, computed: computeDossier(facts, { calls: env.calls, explain: env.explain === true }) });

/** The dossier read and computed as a command leaves it (for an answer after a command that does not recompute). */
export async function loadDossierSnapshot(db: Reader, dossierId: string, env: Pick<CommandEnv, 'calls' | 'explain'>): Promise<DossierSnapshot> {
  return refreshed((await loadDossierFacts(db, dossierId))!, env);
}

async function signedNow(tx: Transaction<Database>, dossier: Selectable<DossierTable>): Promise<SignedContent> {
  const schools = await tx.selectFrom('dossier_schools').select(['uai', 'position']).where('dossier_id', '=', dossier.id).orderBy('position').execute();
  const lines = await loadLinesOf(tx, dossier.id);
  return signedContentOf(dossier, schools, lines);
}

/** Refuses when an event since `revision` touched a conflicting section, saying what changed. */
async function checkRevision(tx: Transaction<Database>, dossier: Selectable<DossierTable>, revision: number, conflicts: (section: string) => boolean): Promise<void> {
  const current = dossier.revision - 1;
  if (!Number.isSafeInteger(revision) || revision < 1 || revision > current) {
    throw new DossierInputError([{ field: 'revision', message: `Version du dossier inconnue (${String(revision)}) : rechargez la page.` }]);
  }
  if (revision === current) return;
  const since = await tx.selectFrom('dossier_events').select(['kind', 'section', 'actor_label', 'at', 'revision'])
    .where('dossier_id', '=', dossier.id).where('revision', '>', revision).orderBy('seq').execute();
  const hits = since.filter((e) => e.kind !== 'amounts_recomputed' && conflicts(e.section));
  if (hits.length > 0) {
    throw new DossierConflictError(
      hits.map((e) => ({ kind: e.kind, label: EVENT_LABELS[e.kind as EventKind] ?? e.kind, section: e.section, actorLabel: e.actor_label, at: e.at, revision: Number(e.revision) })),
      current,
    );
  }
}

/** Recomputes the engine's amounts and the completeness list; returns the event when an amount changed. */
export async function refreshAmounts(tx: Transaction<Database>, dossierId: string, calls?: CallRegistry): Promise<EventDraft[]> {
  return storeAmounts(tx, await loadDossierSnapshot(tx, dossierId, { calls }));
}

/** Writes the cached amounts of a computed dossier (when they changed); returns the event when an amount changed. */
async function storeAmounts(tx: Transaction<Database>, { facts, computed }: DossierSnapshot): Promise<EventDraft[]> {
  const before = facts.dossier;
  const after = computed.cache;
  if ((Object.keys(after) as (keyof typeof after)[]).some((k) => before[k] !== after[k])) {
    await tx.updateTable('dossiers').set(after).where('id', '=', before.id).execute();
  }
  const changed: Record<string, { from: number; to: number }> = {};
  for (const k of ['equipment_cents', 'services_cents', 'eligible_cents', 'equipment_grant_cents', 'services_grant_cents', 'grant_cents'] as const) {
    if (before[k] !== after[k]) changed[k] = { from: before[k], to: after[k] };
  }
  if (Object.keys(changed).length === 0) return [];
  return [{ kind: 'amounts_recomputed', section: 'amounts', payload: changed }];
}

/** Section helpers for `conflicts`. */
export const sections = {
  project: 'project',
  schools: 'schools',
  school: (uai: string): string => `school/${uai}`,
  headcount: (uai: string): string => `school/${uai}/headcount`,
  diagnostic: (uai: string): string => `school/${uai}/diagnostic`,
  line: (uai: string, id: string): string => `school/${uai}/line/${id}`,
  signature: (uai: string): string => `school/${uai}/signature`,
  attachments: 'attachments',
  members: 'members',
  messages: 'messages',
  state: 'state',
} as const;
