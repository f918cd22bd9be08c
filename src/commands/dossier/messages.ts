// The dossier's thread: the applicant, the school teams and the reviewers write to each other,
// with an optional file (checked by content like any attachment).
import crypto from 'node:crypto';
import { z } from 'zod';
import { storeAttachment } from './attachments';
import { dossierCommand, parseInput, sections, type CommandActor, type CommandEnv, type CommandOutcome } from './context';

const schema = z.strictObject({
  dossierId: z.string().min(1),
  body: z.string({ error: 'Écrivez votre message.' }).trim().min(1, { error: 'Écrivez votre message.' }).max(10_000, { error: 'Le message fait au plus 10 000 caractères.' }),
  file: z.strictObject({ fileName: z.string().min(1), bytes: z.custom<Uint8Array>((b) => b instanceof Uint8Array, { error: 'Choisissez un fichier.' }) }).optional(),
  revision: z.int().optional(),
});
export type PostMessageInput = z.input<typeof schema>;

export async function postMessage(env: CommandEnv, actor: CommandActor | null, input: PostMessageInput, now: Date | string): Promise<CommandOutcome<{ messageId: string; attachmentId: string | null }>> {
  const v = parseInput(schema, input);
  return dossierCommand(env, actor, v.dossierId, now, { subject: 'dossier_message', action: 'create', refresh: false }, async (frame) => {
    const { tx, dossier, actor: who, actorLabel: label, now: at, record } = frame;
    const attachment = v.file === undefined ? null : await storeAttachment(frame, 'message', v.file);
    const messageId = crypto.randomUUID();
    await tx.insertInto('messages').values({ id: messageId, dossier_id: dossier.id, author_id: who.id, author_label: label, body: v.body, at, attachment_id: attachment?.id ?? null }).execute();
    record({ kind: 'message_posted', section: sections.messages, payload: { messageId, attachmentId: attachment?.id ?? null, length: v.body.length } });
    return { messageId, attachmentId: attachment?.id ?? null };
  });
}
