// Digest input of a frozen dossier version, and which co-signatures a change voids.
//
// `canonicalJson` gives one text per value: object keys sorted (by UTF-16 code units), no
// whitespace, numbers and strings as JSON.stringify writes them (the rules of RFC 8785, JCS, for
// the values a dossier holds). Its SHA-256 is therefore reproducible; hashing itself happens in
// src/commands (the domain imports no node: module).

import type { CoSignature } from './dossier/signers';
import { SIGNER_ROLE_LABELS } from './dossier/signers';

export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue | undefined };

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function write(value: unknown, path: string, out: string[]): void {
  if (value === null) {
    out.push('null');
    return;
  }
  switch (typeof value) {
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${path} is not a finite number`);
      out.push(JSON.stringify(value));
      return;
    case 'string':
      out.push(JSON.stringify(value));
      return;
    case 'object': {
      if (Array.isArray(value)) {
        out.push('[');
        value.forEach((v, i) => {
          if (i > 0) out.push(',');
          if (v === undefined) throw new TypeError(`canonicalJson: ${path}[${i}] is undefined`);
          write(v, `${path}[${i}]`, out);
        });
        out.push(']');
        return;
      }
      if (!isPlainObject(value)) throw new TypeError(`canonicalJson: ${path} is not a plain object`);
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record)
        .filter((k) => record[k] !== undefined)
        .sort();
      out.push('{');
      keys.forEach((k, i) => {
        if (i > 0) out.push(',');
        out.push(JSON.stringify(k), ':');
        write(record[k], `${path}.${k}`, out);
      });
      out.push('}');
      return;
    }
    default:
      throw new TypeError(`canonicalJson: ${path} has an unsupported type (${typeof value})`);
  }
}

/**
 * Canonical JSON: sorted keys, no whitespace. Properties set to `undefined` are left out (as
 * JSON.stringify does); `undefined` in an array, non-finite numbers, bigints, functions, dates and
 * other class instances are refused (a TypeError naming the path): store instants as ISO text.
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  write(value, '$', out);
  return out.join('');
}

// ---------------------------------------------------------------------------------------------
// Co-signatures voided by a change (issue 4, « construction conjointe »).

/** What the co-signers sign: the project's texts and objectives, the schools, each school's budget. */
export interface SignedContent {
  /** Project texts by name (e.g. `summary`, `lendingPlan`, `support`). */
  readonly texts: Readonly<Record<string, string>>;
  readonly objectives: readonly { readonly code: string; readonly text: string }[];
  /** UAIs of the dossier's schools. */
  readonly schools: readonly string[];
  /** Each school's budget (its lines, as stored), by UAI. Compared by canonical JSON. */
  readonly schoolBudgets: Readonly<Record<string, JsonValue>>;
}

/** Who made the change: only the applicant's changes void signatures. */
export type EditorKind = 'applicant' | 'school_team' | 'reviewer' | 'decider' | 'system';

export type VoidReason = 'PROJECT_CHANGED' | 'SCHOOLS_CHANGED' | 'SCHOOL_BUDGET_CHANGED';

export interface VoidedSignature {
  readonly signature: CoSignature;
  readonly reason: VoidReason;
  /** French, for the signer and the applicant. */
  readonly message: string;
}

export interface SignatureVoiding {
  readonly voided: readonly VoidedSignature[];
  readonly kept: readonly CoSignature[];
}

const REASON_TEXT: Readonly<Record<VoidReason, string>> = {
  PROJECT_CHANGED: 'le texte ou les objectifs du projet pédagogique ont été modifiés',
  SCHOOLS_CHANGED: 'la liste des écoles du dossier a été modifiée',
  SCHOOL_BUDGET_CHANGED: 'le budget de son école a été modifié',
};

function projectKey(c: SignedContent): string {
  const objectives = [...c.objectives].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return canonicalJson({ texts: c.texts, objectives });
}

const schoolsKey = (c: SignedContent): string => canonicalJson([...new Set(c.schools)].sort());

const budgetKey = (c: SignedContent, uai: string): string => canonicalJson(c.schoolBudgets[uai] ?? null);

/** What changed between two versions, as the voiding rule reads it. */
export function signedChanges(previous: SignedContent, next: SignedContent): { project: boolean; schools: boolean; schoolBudgets: string[] } {
  const uais = [...new Set([...Object.keys(previous.schoolBudgets), ...Object.keys(next.schoolBudgets)])].sort();
  return {
    project: projectKey(previous) !== projectKey(next),
    schools: schoolsKey(previous) !== schoolsKey(next),
    schoolBudgets: uais.filter((uai) => budgetKey(previous, uai) !== budgetKey(next, uai)),
  };
}

/**
 * The co-signatures a change voids. A change by the applicant to the project's texts or objectives,
 * or to the list of schools, voids every signature; a change to one school's budget voids the
 * signatures given for that school. A change by anyone else (a reviewer's adjustment) voids none.
 */
export function voidSignatures(previous: SignedContent, next: SignedContent, signatures: readonly CoSignature[], changedBy: EditorKind): SignatureVoiding {
  if (changedBy !== 'applicant') return { voided: [], kept: [...signatures] };
  const changes = signedChanges(previous, next);
  const global: VoidReason | undefined = changes.project ? 'PROJECT_CHANGED' : changes.schools ? 'SCHOOLS_CHANGED' : undefined;
  const voided: VoidedSignature[] = [];
  const kept: CoSignature[] = [];
  for (const signature of signatures) {
    const reason = global ?? (changes.schoolBudgets.includes(signature.uai) ? 'SCHOOL_BUDGET_CHANGED' : undefined);
    if (reason === undefined) {
      kept.push(signature);
      continue;
    }
    const who = `${signature.signerName ?? 'la personne'} (${SIGNER_ROLE_LABELS[signature.role]})`;
    voided.push({
      signature,
      reason,
      message: `La cosignature de ${who} pour l'école ${signature.uai} est annulée : ${REASON_TEXT[reason]} depuis sa signature. Le projet doit être signé à nouveau.`,
    });
  }
  return { voided, kept };
}
