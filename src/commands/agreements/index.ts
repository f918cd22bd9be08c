// The decision letter and the convention of a decided dossier (issue 5): their input read from the
// database (the same for the committee's preview, the applicant's page and the acceptance), and the
// applicant's acceptance of the convention — who, when, and the SHA-256 of the PDF accepted, which
// must be the one the person saw — moving the dossier to `agreement_signed`.
import { z } from 'zod';
import { transition } from '../../domain/dossier/lifecycle';
import { callOf, loadSchoolsOf } from '../../data/dossier-facts';
import { loadDecision, type Reader } from '../../data/waves';
import type { CallRegistry } from '../../domain/calls';
import { renderAgreement } from '../../documents/agreement';
import type { DecisionDocumentInput } from '../../documents/decision-documents';
import { renderDecisionLetter } from '../../documents/decision-letter';
import { sha256Hex, storeFile } from '../storage';
import { DossierCommandError, dossierCommand, parseInput, removeOnRollback, sections, type CommandActor, type CommandEnv, type CommandOutcome } from '../dossier/context';

/** The documents' input for a dossier, with a maximum and a wave (an accepted decision, or a preview). */
export async function decisionDocumentInput(
  db: Reader,
  dossierId: string,
  opts: { calls?: CallRegistry; preview?: { equipmentCents: number; servicesCents: number; waveNumber: number; decidedAt: string; decidedBy: string } } = {},
): Promise<DecisionDocumentInput | undefined> {
  const d = await db.selectFrom('dossiers as d').innerJoin('organisations as o', 'o.id', 'd.organisation_id')
    .leftJoin('departements as dep', 'dep.code', 'o.departement_code')
    .leftJoin('academies as a', 'a.code', 'd.academie_code')
    .select(['d.id', 'd.call_id', 'd.reference', 'd.academie_code', 'd.equipment_cents', 'd.services_cents', 'a.name as academie_name',
      'o.name', 'o.kind', 'o.siren', 'o.address', 'o.signatory_name', 'o.signatory_capacity', 'o.departement_code', 'dep.name as departement_name'])
    .where('d.id', '=', dossierId).executeTakeFirst();
  if (d === undefined) return undefined;
  let allocation: { equipmentCents: number; servicesCents: number };
  let wave: DecisionDocumentInput['wave'];
  if (opts.preview) {
    allocation = { equipmentCents: opts.preview.equipmentCents, servicesCents: opts.preview.servicesCents };
    wave = { number: opts.preview.waveNumber, decidedAt: opts.preview.decidedAt, decidedBy: opts.preview.decidedBy };
  } else {
    const decided = await loadDecision(db, dossierId);
    if (decided?.agreement == null) return undefined;
    const a = decided.agreement;
    const decision = await db.selectFrom('decisions as x').innerJoin('waves as w', 'w.id', 'x.wave_id').select(['w.number', 'w.decided_at', 'w.decided_by_label'])
      .where('x.id', '=', a.decision_id).executeTakeFirstOrThrow();
    allocation = { equipmentCents: a.equipment_max_cents, servicesCents: a.services_max_cents };
    wave = { number: Number(decision.number), decidedAt: decision.decided_at, decidedBy: decision.decided_by_label };
  }
  const call = callOf(d.call_id, opts.calls);
  const schools = await loadSchoolsOf(db, dossierId);
  return {
    call: { id: call.id, title: call.title, amountBasis: call.funding.amountBasis },
    academie: { code: d.academie_code ?? '', name: d.academie_name ?? d.academie_code ?? '' },
    dossier: { reference: d.reference },
    applicant: {
      name: d.name, kind: d.kind, siren: d.siren,
      ...(d.departement_name ? { departement: `${d.departement_name} (${d.departement_code})` } : {}),
      ...(d.address ? { address: d.address } : {}),
    },
    ...(d.signatory_name && d.signatory_capacity ? { signatory: { name: d.signatory_name, capacity: d.signatory_capacity } } : {}),
    schools: schools.map((s) => ({ uai: s.uai, name: s.name, commune: s.commune_name ?? s.commune_code, classes: s.classes ?? 0, pupils: s.pupils ?? 0 })),
    allocation,
    spending: { equipmentCents: Number(d.equipment_cents), servicesCents: Number(d.services_cents) },
    wave,
  };
}

export interface RenderedDocument { readonly bytes: Buffer; readonly sha256: string; readonly fileName: string }

/** The convention of a decided dossier, as PDF bytes with their SHA-256 (reproducible). */
export async function agreementDocument(db: Reader, dossierId: string, calls?: CallRegistry): Promise<RenderedDocument | undefined> {
  const input = await decisionDocumentInput(db, dossierId, { calls });
  if (input === undefined) return undefined;
  const bytes = await renderAgreement(input);
  return { bytes, sha256: sha256Hex(bytes), fileName: `convention-${input.dossier.reference}.pdf` };
}

/** The decision letter of a decided dossier. */
export async function decisionLetterDocument(db: Reader, dossierId: string, calls?: CallRegistry): Promise<RenderedDocument | undefined> {
  const input = await decisionDocumentInput(db, dossierId, { calls });
  if (input === undefined) return undefined;
  const bytes = await renderDecisionLetter(input);
  return { bytes, sha256: sha256Hex(bytes), fileName: `decision-${input.dossier.reference}.pdf` };
}

const acceptSchema = z.strictObject({
  dossierId: z.string().min(1),
  /** SHA-256 of the convention the person saw (hidden field of the page). */
  sha256: z.string({ error: 'Empreinte de la convention manquante : rechargez la page.' }).regex(/^[0-9a-f]{64}$/, { error: 'Empreinte de la convention invalide : rechargez la page.' }),
  /** The box « J'accepte la convention au nom de la collectivité ». */
  consent: z.literal(true, { error: 'Cochez la case pour accepter la convention au nom de la collectivité.' }),
});

export interface AcceptedAgreement { readonly sha256: string; readonly acceptedAt: string; readonly acceptedBy: string; readonly pdfPath: string }

/** The applicant accepts the convention: `accepted` → `agreement_signed`, with who, when and the digest. */
export async function acceptAgreement(env: CommandEnv, actor: CommandActor | null, input: z.input<typeof acceptSchema>, now: Date | string): Promise<CommandOutcome<AcceptedAgreement>> {
  const v = parseInput(acceptSchema, input);
  return dossierCommand(env, actor, v.dossierId, now, { subject: 'agreement', action: 'submit', refresh: false }, async ({ tx, dossier, actor: who, actorLabel: label, now: at, onRollback, record }) => {
    const t = transition(dossier.state as never, 'sign_agreement', { now: at, actor: 'applicant' });
    if (!t.ok) throw new DossierCommandError(t.refusals[0].code, t.refusals.map((r) => r.message).join(' '), [], 409);
    const doc = await agreementDocument(tx, dossier.id, env.calls);
    if (doc === undefined) throw new DossierCommandError('NO_AGREEMENT', "Ce dossier n'a pas de convention à accepter.", [], 409);
    if (doc.sha256 !== v.sha256) {
      throw new DossierCommandError('AGREEMENT_CHANGED', "La convention a changé depuis que vous l'avez ouverte : relisez-la puis acceptez-la à nouveau.", [{ field: 'empreinte', message: 'La convention a changé.' }], 409);
    }
    const pdfPath = await storeFile(env.dataDir, 'proofs', dossier.id, `convention-${doc.sha256.slice(0, 16)}.pdf`, doc.bytes);
    removeOnRollback(env, onRollback, pdfPath);
    await tx.updateTable('agreements').set({ accepted_by: who.id, accepted_by_label: label, accepted_at: at, accepted_sha256: doc.sha256, pdf_path: pdfPath })
      .where('dossier_id', '=', dossier.id).execute();
    await tx.updateTable('dossiers').set({ state: t.to }).where('id', '=', dossier.id).execute();
    record({ kind: 'agreement_signed', section: sections.state, fromState: t.from, toState: t.to, payload: { sha256: doc.sha256, acceptedBy: label } });
    return { sha256: doc.sha256, acceptedAt: at, acceptedBy: label, pdfPath };
  });
}
