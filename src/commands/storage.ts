// Files of dossiers on disk, under DATA_DIR (outside the web root; served only through a checked
// route): attachments and proofs of deposit. Paths stored in the database are relative to DATA_DIR.
// A file is written to a temporary name then renamed, so that a reader never sees half a file; the
// command that writes one registers its removal in case its transaction is rolled back.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

export function sha256Hex(bytes: Uint8Array | string): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

/** The absolute path of a stored file; refuses a relative path that would leave DATA_DIR. */
export function storedPath(dataDir: string, relative: string): string {
  const root = path.resolve(dataDir);
  const abs = path.resolve(root, relative);
  if (!abs.startsWith(root + path.sep)) throw new Error(`Chemin de fichier invalide : ${relative}`);
  return abs;
}

const SAFE = /^[A-Za-z0-9._-]+$/;

/** Writes bytes at DATA_DIR/<folder>/<dossierId>/<name>; returns the path relative to DATA_DIR. */
export async function storeFile(dataDir: string, folder: 'attachments' | 'proofs', dossierId: string, name: string, bytes: Uint8Array): Promise<string> {
  if (!SAFE.test(dossierId) || !SAFE.test(name)) throw new Error('Nom de fichier invalide.');
  const relative = path.join(folder, dossierId, name);
  const abs = storedPath(dataDir, relative);
  await fs.promises.mkdir(path.dirname(abs), { recursive: true });
  const tmp = `${abs}.${crypto.randomBytes(6).toString('hex')}.tmp`;
  await fs.promises.writeFile(tmp, bytes, { flag: 'wx' });
  await fs.promises.rename(tmp, abs);
  return relative;
}

export function removeStoredFile(dataDir: string, relative: string): void {
  try {
    fs.rmSync(storedPath(dataDir, relative), { force: true });
  } catch { /* already gone */ }
}

export async function readStoredFile(dataDir: string, relative: string): Promise<Buffer> {
  return fs.promises.readFile(storedPath(dataDir, relative));
}
