// Submitting a dossier: refused after the call's closing instant and while a blocking item stands
// (each listed with its field); otherwise a version is frozen (canonical JSON and its SHA-256), the
// proof of deposit is rendered and stored under DATA_DIR, the state moves, the organisation's members
// are told. Withdrawing (with a reason) before the decision.
import { z } from 'zod';
import type { Selectable } from 'kysely';
import type { CallDefinition } from '../../domain/calls';
import { canonicalJson } from '../../domain/digest';
import { transition, type TransitionName } from '../../domain/dossier/lifecycle';
import { callOf, loadDossierFacts, parseJsonArray, type CoFunding, type DossierFacts, type ObjectiveText } from '../../data/dossier-facts';
import { computeDossier, type DossierComputed } from './compute';
import type { DossierTable } from '../../data/schema';
import { renderProofOfDeposit } from '../../documents/proof-of-deposit';
import { sha256Hex, storeFile } from '../storage';
import { DossierCommandError, dossierCommand, parseInput, removeOnRollback, sections, type CommandActor, type CommandEnv, type CommandOutcome } from './context';

const schema = z.strictObject({
  dossierId: z.string().min(1),
  revision: z.int({ error: 'Version du dossier manquante : rechargez la page.' }),
});
export type SubmitDossierInput = z.input<typeof schema>;

export interface SubmittedVersion { version: number; sha256: string; proofPath: string; submittedAt: string }

export async function submitDossier(env: CommandEnv, actor: CommandActor | null, input: SubmitDossierInput, now: Date | string): Promise<CommandOutcome<SubmittedVersion>> {
  const v = parseInput(schema, input);
  return dossierCommand(env, actor, v.dossierId, now, {
    subject: 'dossier', action: 'submit', revision: v.revision,
    // One submits what one saw: any change to the content since refuses it.
    conflicts: (s) => s !== sections.messages && s !== sections.members && s !== 'amounts',
  }, async ({ tx, dossier, actorLabel: label, now: at, onRollback, record }) => {
    const facts = (await loadDossierFacts(tx, dossier.id))!;
    const call = callOf(dossier.call_id, env.calls);
    const computed = computeDossier(facts, { calls: env.calls });
    const name: TransitionName = dossier.state === 'returned_for_changes' ? 'resubmit' : 'submit';
    const t = transition(dossier.state as never, name, { now: at, actor: 'applicant', periods: call.periods, findings: computed.checks });
    if (!t.ok) {
      const errors = t.refusals.flatMap((r) => (r.items ?? []).map((i) => ({ field: i.field ?? '', message: i.message })));
      throw new DossierCommandError(t.refusals[0].code, t.refusals.map((r) => r.message).join(' '), errors, t.refusals[0].code === 'NOT_ALLOWED_FROM_STATE' ? 409 : 422);
    }
    const previous = await tx.selectFrom('dossier_versions').select((eb) => eb.fn.max('number').as('n')).where('dossier_id', '=', dossier.id).executeTakeFirst();
    const version = Number(previous?.n ?? 0) + 1;
    const o = facts.organisation;
    const dep = await tx.selectFrom('departements').select(['name']).where('code', '=', o.departement_code).executeTakeFirst();
    const a = computed.amounts;
    const content = versionContent(call, dossier, version, at, label, facts, computed);
    const text = canonicalJson(content);
    const sha256 = sha256Hex(text);
    const pdf = await renderProofOfDeposit({
      call: { id: call.id, title: call.title },
      dossier: { reference: dossier.reference, version },
      applicant: { name: o.name, kind: o.kind, siren: o.siren, ...(dep ? { departement: `${dep.name} (${o.departement_code})` } : {}) },
      ...(o.signatory_name && o.signatory_capacity ? { signatory: { name: o.signatory_name, capacity: o.signatory_capacity } } : {}),
      schools: facts.schools.map((s, i) => ({
        uai: s.uai, name: s.name, commune: s.commune_name ?? s.commune_code, classes: s.classes ?? 0, pupils: s.pupils ?? 0,
        eligible: a.schools[i].eligible, privateUnderContract: s.private_school === 1,
        equipmentCents: a.schools[i].equipment.spendingCents, servicesCents: a.schools[i].services.spendingCents,
        grantCents: a.schools[i].equipment.grantCents + a.schools[i].services.grantCents,
      })),
      amounts: { equipment: a.equipment, services: a.services, grantCents: a.grantCents },
      digest: sha256,
      submittedAt: at,
      submittedBy: label,
      ...(env.publicUrl ? { verificationUrl: `${env.publicUrl.replace(/\/+$/, '')}/dossiers/${dossier.id}/versions` } : {}),
    });
    const proofPath = await storeFile(env.dataDir, 'proofs', dossier.id, `depot-v${version}.pdf`, pdf);
    removeOnRollback(env, onRollback, proofPath);
    await tx.insertInto('dossier_versions').values({ dossier_id: dossier.id, number: version, content: text, sha256, submitted_at: at, submitted_by: label, proof_path: proofPath }).execute();
    await tx.updateTable('dossiers').set({ state: t.to, submitted_at: at }).where('id', '=', dossier.id).execute();
    record({ kind: name === 'submit' ? 'submitted' : 'resubmitted', section: sections.state, fromState: t.from, toState: t.to, payload: { version, sha256 } });
    if (env.notify) {
      const members = await tx.selectFrom('memberships as m').innerJoin('users as u', 'u.id', 'm.user_id').select(['u.email'])
        .where('m.organisation_id', '=', dossier.organisation_id).where('u.disabled_at', 'is', null).execute();
      for (const m of members) {
        await env.notify(tx, {
          to: m.email,
          subject: `Dossier ${dossier.reference} déposé`,
          text: `Bonjour,\n\nLe dossier ${dossier.reference} de ${o.name} a été déposé par ${label} (version ${version}).\n` +
            `Subvention calculée : ${(a.grantCents / 100).toLocaleString('fr-FR', { style: 'currency', currency: 'EUR' })}.\n` +
            `Empreinte SHA-256 de la version déposée : ${sha256}\n\nL'accusé de dépôt est disponible sur la page du dossier.\n`,
        });
      }
    }
    return { version, sha256, proofPath, submittedAt: at };
  });
}

const withdrawSchema = z.strictObject({
  dossierId: z.string().min(1),
  reason: z.string({ error: 'Indiquez la raison du retrait du dossier.' }).trim().max(2000, { error: 'La raison fait au plus 2 000 caractères.' }),
  revision: z.int().optional(),
});
export type WithdrawDossierInput = z.input<typeof withdrawSchema>;

export async function withdrawDossier(env: CommandEnv, actor: CommandActor | null, input: WithdrawDossierInput, now: Date | string): Promise<CommandOutcome<null>> {
  const v = parseInput(withdrawSchema, input);
  return dossierCommand(env, actor, v.dossierId, now, { subject: 'dossier', action: 'submit', refresh: false }, async ({ tx, dossier, now: at, record }) => {
    const t = transition(dossier.state as never, 'withdraw', { now: at, actor: 'applicant', reason: v.reason });
    if (!t.ok) {
      const reasonMissing = t.refusals.find((r) => r.code === 'REASON_REQUIRED');
      throw new DossierCommandError(t.refusals[0].code, t.refusals.map((r) => r.message).join(' '), reasonMissing ? [{ field: 'motif', message: reasonMissing.message }] : [], reasonMissing ? 422 : 409);
    }
    await tx.updateTable('dossiers').set({ state: t.to }).where('id', '=', dossier.id).execute();
    record({ kind: 'withdrawn', section: sections.state, fromState: t.from, toState: t.to, reason: v.reason });
    return null;
  });
}

/** The canonical content of a frozen version (what its SHA-256 covers); also used by the national demo. */
export function versionContent(
  call: CallDefinition, dossier: Selectable<DossierTable>, version: number, at: string, label: string, facts: DossierFacts, computed: DossierComputed,
): Record<string, unknown> {
  const o = facts.organisation;
  const a = computed.amounts;
  return {
    format: 'socle.dossier/1',
    call: { id: call.id, title: call.title, referential: call.referentialVersion, amountBasis: call.funding.amountBasis },
    dossier: { id: dossier.id, reference: dossier.reference, version },
    submittedAt: at,
    submittedBy: label,
    applicant: {
      id: o.id, name: o.name, kind: o.kind, siren: o.siren, siret: o.siret, departement: o.departement_code,
      signatory: { name: o.signatory_name, capacity: o.signatory_capacity }, address: o.address,
    },
    project: {
      summary: dossier.project_summary,
      objectives: parseJsonArray<ObjectiveText>(dossier.objectives),
      lendingPlan: dossier.lending_plan,
      supportText: dossier.support_text,
      coFunding: parseJsonArray<CoFunding>(dossier.co_funding),
    },
    schools: facts.schools.map((s, i) => ({
      uai: s.uai, name: s.name, commune: s.commune_code, private: s.private_school === 1, classes: s.classes, pupils: s.pupils,
      headcountReason: s.headcount_reason, diagnostic: computed.schools[i].entries ?? null,
    })),
    lines: facts.lines.map((l) => ({ id: l.id, uai: l.uai, volet: l.volet, category: l.category, label: l.label, quantity: l.quantity, unitHtCents: l.unit_ht_cents, unitTtcCents: l.unit_ttc_cents })),
    signatures: facts.signatures.filter((s) => s.voided_at === null).map((s) => ({ uai: s.uai, role: s.role, signer: s.signer_name, signedAt: s.signed_at, contentSha256: s.content_sha256 })),
    attachments: facts.attachments.filter((x) => x.kind !== 'message').map((x) => ({ id: x.id, kind: x.kind, name: x.original_name, mime: x.mime, size: x.size, sha256: x.sha256 })),
    amounts: { grantCents: a.grantCents, equipment: a.equipment, services: a.services, schools: a.schools },
  };
}
