// The reviewer's first transitions (issue 5 builds the rest): take a submitted dossier, return it
// for changes with a message (posted in the thread, the applicant's members told).
import crypto from 'node:crypto';
import { z } from 'zod';
import { transition } from '../../domain/dossier/lifecycle';
import { DossierCommandError, dossierCommand, parseInput, sections, type CommandActor, type CommandEnv, type CommandOutcome } from './context';

const takeSchema = z.strictObject({ dossierId: z.string().min(1), revision: z.int().optional() });

export async function takeForReview(env: CommandEnv, actor: CommandActor | null, input: z.input<typeof takeSchema>, now: Date | string): Promise<CommandOutcome<null>> {
  const v = parseInput(takeSchema, input);
  return dossierCommand(env, actor, v.dossierId, now, { subject: 'dossier', action: 'review', refresh: false }, async ({ tx, dossier, now: at, record }) => {
    const t = transition(dossier.state as never, 'take', { now: at, actor: 'reviewer' });
    if (!t.ok) throw new DossierCommandError(t.refusals[0].code, t.refusals.map((r) => r.message).join(' '), [], 409);
    await tx.updateTable('dossiers').set({ state: t.to }).where('id', '=', dossier.id).execute();
    record({ kind: 'taken_for_review', section: sections.state, fromState: t.from, toState: t.to });
    return null;
  });
}

const returnSchema = z.strictObject({
  dossierId: z.string().min(1),
  message: z.string({ error: 'Écrivez le message à la collectivité.' }).trim().max(10_000, { error: 'Le message fait au plus 10 000 caractères.' }),
  revision: z.int().optional(),
});

export async function returnForChanges(env: CommandEnv, actor: CommandActor | null, input: z.input<typeof returnSchema>, now: Date | string): Promise<CommandOutcome<{ messageId: string }>> {
  const v = parseInput(returnSchema, input);
  return dossierCommand(env, actor, v.dossierId, now, { subject: 'dossier', action: 'review', refresh: false }, async ({ tx, dossier, actor: who, actorLabel: label, now: at, record }) => {
    const t = transition(dossier.state as never, 'return_for_changes', { now: at, actor: 'reviewer', reason: v.message });
    if (!t.ok) {
      const missing = t.refusals.find((r) => r.code === 'REASON_REQUIRED');
      throw new DossierCommandError(t.refusals[0].code, t.refusals.map((r) => r.message).join(' '), missing ? [{ field: 'message', message: missing.message }] : [], missing ? 422 : 409);
    }
    await tx.updateTable('dossiers').set({ state: t.to }).where('id', '=', dossier.id).execute();
    const messageId = crypto.randomUUID();
    await tx.insertInto('messages').values({ id: messageId, dossier_id: dossier.id, author_id: who.id, author_label: label, body: v.message, at, attachment_id: null }).execute();
    record({ kind: 'returned_for_changes', section: sections.state, fromState: t.from, toState: t.to, reason: v.message, payload: { messageId } });
    if (env.notify) {
      const members = await tx.selectFrom('memberships as m').innerJoin('users as u', 'u.id', 'm.user_id').select('u.email')
        .where('m.organisation_id', '=', dossier.organisation_id).where('u.disabled_at', 'is', null).execute();
      for (const m of members) {
        await env.notify(tx, { to: m.email, subject: `Dossier ${dossier.reference} : compléments demandés`, text: `Bonjour,\n\nL'instructeur demande des compléments sur le dossier ${dossier.reference} :\n\n${v.message}\n\nModifiez le dossier puis déposez-le à nouveau.\n` });
      }
    }
    return { messageId };
  });
}
