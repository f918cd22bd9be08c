// Forms with one file (attachments, an expert's answer): the multipart body is read into a plain
// object, fields and the file's bytes (`fichier`), before the CSRF check reads the token from it.
// The size limit is one byte above the attachments' maximum so that the command refuses a larger
// file with its French message rather than the parser with a generic one.
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { MAX_ATTACHMENT_BYTES } from '../../commands/storage';

export interface UploadedFile { fileName: string; bytes: Uint8Array }

/** Registers the multipart parser in this plugin's scope (once), for forms of up to `fields` fields. */
export async function acceptUploads(app: FastifyInstance, fields: number): Promise<void> {
  if (app.hasContentTypeParser('multipart/form-data')) return;
  await app.register(multipart, { throwFileSizeLimit: false, limits: { fileSize: MAX_ATTACHMENT_BYTES + 1, files: 1, fields, parts: fields + 1 } });
}

/** A `preValidation` hook: a multipart request's body becomes `{ ...fields, fichier?: UploadedFile }`. */
export async function readMultipart(request: FastifyRequest): Promise<void> {
  if (!request.isMultipart()) return;
  const out: Record<string, unknown> = {};
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      const bytes = await part.toBuffer();
      if (part.filename) out.fichier = { fileName: part.filename, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length) } satisfies UploadedFile;
    } else if (typeof part.value === 'string') {
      out[part.fieldname] = part.value;
    }
  }
  request.body = out;
}
