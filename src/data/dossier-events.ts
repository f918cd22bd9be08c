// The hash chain of a dossier's history: each event's SHA-256 covers its fields and the previous
// event's hash, so that a row altered, removed or inserted afterwards breaks the chain.
// Appending is done by src/commands/events.ts; checking is here (`socle audit verify` uses it).
import crypto from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { canonicalJson } from '../domain/digest';
import type { Database, DossierEventTable } from './schema';

/** The `prev_hash` of a dossier's first event. */
export const GENESIS_HASH = '0'.repeat(64);

export type EventRow = DossierEventTable;

/** SHA-256 (hex) over the canonical JSON of the event's fields and `prev_hash` (the `hash` itself excluded). */
export function eventHash(e: Omit<EventRow, 'hash'>): string {
  const fields = {
    id: e.id,
    dossierId: e.dossier_id,
    seq: e.seq,
    revision: e.revision,
    at: e.at,
    actorId: e.actor_id,
    actorLabel: e.actor_label,
    kind: e.kind,
    section: e.section,
    fromState: e.from_state,
    toState: e.to_state,
    reason: e.reason,
    payload: e.payload,
    prevHash: e.prev_hash,
  };
  return crypto.createHash('sha256').update(canonicalJson(fields), 'utf8').digest('hex');
}

export interface BrokenLink {
  readonly dossierId: string;
  readonly seq: number;
  readonly eventId: string | null;
  /** French: what is wrong with this link. */
  readonly reason: string;
}

type Reader = Kysely<Database> | Transaction<Database>;

/**
 * Checks every chain (or one dossier's): numbering 1..n without gap, each `prev_hash` equal to the
 * previous event's hash, each `hash` recomputed from the row. Returns the first broken link, or null.
 */
export async function verifyEventChain(db: Reader, dossierId?: string): Promise<BrokenLink | null> {
  const PAGE = 5000;
  let after: { dossier: string; seq: number } | null = null;
  let current: string | null = null;
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  for (;;) {
    let q = db.selectFrom('dossier_events').selectAll();
    if (dossierId !== undefined) q = q.where('dossier_id', '=', dossierId);
    if (after !== null) {
      const a: { dossier: string; seq: number } = after;
      q = q.where((eb) => eb.or([eb('dossier_id', '>', a.dossier), eb.and([eb('dossier_id', '=', a.dossier), eb('seq', '>', a.seq)])]));
    }
    const rows = await q.orderBy('dossier_id').orderBy('seq').limit(PAGE).execute();
    for (const row of rows) {
      const seq = Number(row.seq);
      if (row.dossier_id !== current) {
        current = row.dossier_id;
        prevHash = GENESIS_HASH;
        expectedSeq = 1;
      }
      if (seq !== expectedSeq) {
        return { dossierId: row.dossier_id, seq: expectedSeq, eventId: null, reason: `Événement n° ${expectedSeq} manquant (trouvé n° ${seq}).` };
      }
      if (row.prev_hash !== prevHash) {
        return { dossierId: row.dossier_id, seq, eventId: row.id, reason: `L'événement n° ${seq} ne suit pas l'empreinte de l'événement précédent.` };
      }
      const recomputed = eventHash({ ...row, seq, revision: Number(row.revision) });
      if (recomputed !== row.hash) {
        return { dossierId: row.dossier_id, seq, eventId: row.id, reason: `L'événement n° ${seq} a été modifié : son empreinte ne correspond plus à son contenu.` };
      }
      prevHash = row.hash;
      expectedSeq = seq + 1;
    }
    if (rows.length < PAGE) return null;
    const last = rows[rows.length - 1];
    after = { dossier: last.dossier_id, seq: Number(last.seq) };
  }
}
