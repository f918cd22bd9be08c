// A demo dossier's history as the commands write it: each command increases the dossier's revision
// and appends its events to the dossier's hash chain, with the same rows and hash as
// src/commands/events.ts `appendEvents` (src/data/dossier-events.ts `eventHash`), ids drawn from the
// campaign's seeded generator. Used by ./build.ts (the applicant's commands, up to the submission)
// and ./review.ts (the académie's: take, propose, decide in a wave, and the convention's acceptance).
import crypto from 'node:crypto';
import { canonicalJson } from '../../domain/digest';
import { eventHash, GENESIS_HASH } from '../../data/dossier-events';
import type { DossierEventTable, DossierTable } from '../../data/schema';
import type { EventDraft } from '../events';

/** Who acts (a synthetic person of the campaign). */
export interface Actor { readonly id: string; readonly label: string }

/** The dossier row as it evolves, and the end of its chain. */
export interface DemoChain {
  readonly dossier: DossierTable;
  /** Number of the last event (0: none yet). */
  seq: number;
  /** Hash of the last event (GENESIS_HASH: none yet). */
  hash: string;
}

const str = JSON.stringify;
const strOrNull = (v: string | null): string => (v === null ? 'null' : JSON.stringify(v));
let hashed = 0;

/**
 * `eventHash` of src/data/dossier-events.ts on the demo's hot path (about 350,000 events): the same
 * canonical JSON written directly, keys in their sorted order, instead of through the generic
 * canonicalJson (four times faster). The first event and one in 4,096 are checked against
 * `eventHash` itself, so that a change there stops the demo instead of writing broken chains.
 */
export function demoEventHash(e: Omit<DossierEventTable, 'hash'>): string {
  const text = `{"actorId":${strOrNull(e.actor_id)},"actorLabel":${str(e.actor_label)},"at":${str(e.at)},"dossierId":${str(e.dossier_id)},` +
    `"fromState":${strOrNull(e.from_state)},"id":${str(e.id)},"kind":${str(e.kind)},"payload":${str(e.payload)},"prevHash":${str(e.prev_hash)},` +
    `"reason":${strOrNull(e.reason)},"revision":${str(e.revision)},"section":${str(e.section)},"seq":${str(e.seq)},"toState":${strOrNull(e.to_state)}}`;
  const hash = crypto.createHash('sha256').update(text, 'utf8').digest('hex');
  if ((hashed++ & 4095) === 0 && hash !== eventHash(e)) {
    throw new Error('Démonstration : l’empreinte des événements a changé (src/data/dossier-events.ts) : mettez à jour src/commands/demo/chain.ts.');
  }
  return hash;
}

export const newChain = (dossier: DossierTable): DemoChain => ({ dossier, seq: 0, hash: GENESIS_HASH });

/**
 * One command on the dossier: revision + 1, `updated_at`, and its events appended to `sink` in the
 * chain's order (a command with no event still counts a revision, as the commands' frame does).
 */
export function command(chain: DemoChain, actor: Actor, at: string, drafts: readonly EventDraft[], sink: DossierEventTable[], uuid: () => string): void {
  const d = chain.dossier;
  d.revision += 1;
  d.updated_at = at;
  for (const e of drafts) {
    chain.seq += 1;
    const row: Omit<DossierEventTable, 'hash'> = {
      id: uuid(), dossier_id: d.id, seq: chain.seq, revision: d.revision, at, actor_id: actor.id, actor_label: actor.label,
      kind: e.kind, section: e.section, from_state: e.fromState ?? null, to_state: e.toState ?? null, reason: e.reason ?? null,
      payload: canonicalJson(e.payload ?? {}), prev_hash: chain.hash,
    };
    const full = { ...row, hash: demoEventHash(row) };
    sink.push(full);
    chain.hash = full.hash;
  }
}
