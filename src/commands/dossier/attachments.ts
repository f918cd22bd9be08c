// Attachments: quotes, the council's deliberation, other documents, and files of messages.
// The type is read from the content (magic bytes, `file-type`), never from the name: PDF, PNG,
// JPEG, ODT, DOCX only, at most 20 MB. Stored under DATA_DIR with size and SHA-256; the row and the
// file are both written or neither (the file is removed when the transaction fails).
import crypto from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import { z } from 'zod';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../data/schema';
import { accessFor } from '../../data/dossiers';
import { authorize, ForbiddenError } from '../../policies';
import { MAX_ATTACHMENT_BYTES, readStoredFile, sha256Hex, storeFile } from '../storage';
import { DossierCommandError, dossierCommand, parseInput, removeOnRollback, sections, type CommandActor, type CommandEnv, type CommandFrame, type CommandOutcome } from './context';

export const ACCEPTED_TYPES: Readonly<Record<string, string>> = {
  'application/pdf': 'PDF',
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
  'application/vnd.oasis.opendocument.text': 'ODT',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'DOCX',
};

export const ATTACHMENT_KIND_LABELS = { quote: 'Devis', deliberation: "Délibération de l'assemblée", other: 'Autre pièce', message: 'Pièce jointe à un message' } as const;

const MAX_NAME = 200;

export interface FileInput { readonly fileName: string; readonly bytes: Uint8Array }

export interface StoredAttachment { id: string; mime: string; size: number; sha256: string }

/** Checks a file by its content and stores it with its row; used by attachFile and postMessage. */
export async function storeAttachment(frame: CommandFrame, kind: 'quote' | 'deliberation' | 'other' | 'message', file: FileInput): Promise<StoredAttachment> {
  const { tx, env, dossier, actor, now, onRollback, record } = frame;
  const bytes = file.bytes;
  const name = [...file.fileName.trim()].map((c) => (c.charCodeAt(0) < 32 || c === '/' || c === '\\' ? '_' : c)).join('').slice(0, MAX_NAME) || 'fichier';
  if (bytes.length === 0) throw new DossierCommandError('EMPTY_FILE', 'Le fichier est vide : choisissez un autre fichier.', [{ field: 'fichier', message: 'Le fichier est vide.' }], 422);
  if (bytes.length > MAX_ATTACHMENT_BYTES) {
    const mb = (bytes.length / (1024 * 1024)).toLocaleString('fr-FR', { maximumFractionDigits: 1 });
    const message = `Le fichier « ${name} » fait ${mb} Mo : la taille maximale est de 20 Mo.`;
    throw new DossierCommandError('FILE_TOO_LARGE', message, [{ field: 'fichier', message }], 413);
  }
  const detected = await fileTypeFromBuffer(bytes);
  if (detected === undefined || ACCEPTED_TYPES[detected.mime] === undefined) {
    const what = detected === undefined ? "son contenu n'est pas celui d'un document reconnu" : `son contenu est de type ${detected.ext.toUpperCase()}`;
    const message = `Le fichier « ${name} » n'est pas accepté : ${what}. Formats acceptés : PDF, PNG, JPEG, ODT, DOCX.`;
    throw new DossierCommandError('FILE_TYPE_REFUSED', message, [{ field: 'fichier', message }], 415);
  }
  // The content decides; a name announcing another type (a PNG named .pdf) is refused rather than trusted or renamed.
  const ext = /\.([A-Za-z0-9]{1,5})$/.exec(name)?.[1].toLowerCase();
  const NAMED: Readonly<Record<string, string>> = { pdf: 'pdf', png: 'png', jpg: 'jpg', jpeg: 'jpg', odt: 'odt', docx: 'docx' };
  if (ext !== undefined && NAMED[ext] !== undefined && NAMED[ext] !== (detected.ext === 'jpeg' ? 'jpg' : detected.ext)) {
    const message = `Le fichier « ${name} » porte l'extension .${ext} mais son contenu est de type ${ACCEPTED_TYPES[detected.mime]} : vérifiez que vous joignez le bon document.`;
    throw new DossierCommandError('FILE_TYPE_MISMATCH', message, [{ field: 'fichier', message }], 415);
  }
  const id = crypto.randomUUID();
  const sha256 = sha256Hex(bytes);
  const storagePath = await storeFile(env.dataDir, 'attachments', dossier.id, id, bytes);
  removeOnRollback(env, onRollback, storagePath);
  await tx.insertInto('attachments').values({
    id, dossier_id: dossier.id, kind, original_name: name, mime: detected.mime, size: bytes.length, sha256,
    storage_path: storagePath, uploaded_by: actor.id, uploaded_at: now,
  }).execute();
  record({ kind: 'attachment_added', section: sections.attachments, payload: { attachmentId: id, kind, name, mime: detected.mime, size: bytes.length, sha256 } });
  return { id, mime: detected.mime, size: bytes.length, sha256 };
}

const schema = z.strictObject({
  dossierId: z.string().min(1),
  kind: z.enum(['quote', 'deliberation', 'other'], { error: 'Choisissez le type de pièce : devis, délibération ou autre.' }),
  fileName: z.string({ error: 'Choisissez un fichier.' }).min(1, { error: 'Choisissez un fichier.' }),
  bytes: z.custom<Uint8Array>((b) => b instanceof Uint8Array, { error: 'Choisissez un fichier.' }),
  revision: z.int().optional(),
});
export type AttachFileInput = z.input<typeof schema>;

export async function attachFile(env: CommandEnv, actor: CommandActor | null, input: AttachFileInput, now: Date | string): Promise<CommandOutcome<StoredAttachment>> {
  const v = parseInput(schema, input);
  return dossierCommand(env, actor, v.dossierId, now, { subject: 'dossier_attachment', action: 'create', editable: true },
    (frame) => storeAttachment(frame, v.kind, { fileName: v.fileName, bytes: v.bytes }));
}

export interface AttachmentDownload { id: string; name: string; mime: string; size: number; sha256: string; bytes: Buffer }

/** An attachment's bytes, for those allowed to read the dossier's attachments. */
export async function readAttachment(env: Pick<CommandEnv, 'kysely' | 'dataDir'>, actor: CommandActor | null, attachmentId: string): Promise<AttachmentDownload> {
  const db = env.kysely as Kysely<Database> | Transaction<Database>;
  const a = await db.selectFrom('attachments as a').innerJoin('dossiers as d', 'd.id', 'a.dossier_id')
    .select(['a.id', 'a.original_name', 'a.mime', 'a.size', 'a.sha256', 'a.storage_path', 'd.id as dossier_id', 'd.organisation_id', 'd.state', 'd.departement_code', 'd.academie_code'])
    .where('a.id', '=', attachmentId).executeTakeFirst();
  if (a === undefined || actor === null) throw new ForbiddenError('read', 'dossier_attachment');
  authorize(actor, 'read', 'dossier_attachment', await accessFor(db, actor, a, a.dossier_id));
  return { id: a.id, name: a.original_name, mime: a.mime, size: Number(a.size), sha256: a.sha256, bytes: await readStoredFile(env.dataDir, a.storage_path) };
}
