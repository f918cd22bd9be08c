// Test helpers of the dossier's commands: users and organisations written directly (the accounts
// code is built in parallel), the command environment, a real small PDF, a full diagnostic.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import type { CommandActor, CommandEnv } from '../../../src/commands/dossier';
import type { TestDb } from '../../support/databases';

export const IN_PERIOD = '2021-03-01T09:00:00.000Z';
export const AFTER_CLOSING = '2021-04-01T06:00:00.000Z';

export async function addUser(db: TestDb, name: string, role: 'applicant' | 'school' | 'reviewer' = 'applicant', scope: string | null = null): Promise<CommandActor> {
  const id = crypto.randomUUID();
  const email = `${name.toLowerCase().replace(/[^a-z]+/g, '.')}.${id.slice(0, 6)}@test.socle.invalid`;
  await db.kysely.insertInto('users').values({ id, email, display_name: name, password_hash: null, role, scope, created_at: IN_PERIOD }).execute();
  return { id, role, scope, email, displayName: name };
}

export interface Applicant { organisationId: string; admin: CommandActor; editor: CommandActor; reader: CommandActor }

/** The commune of Rennes as an applicant (real SIREN and SIRET), the one most tests build on. */
export const RENNES = { kind: 'commune', code: '35238', siren: '213502388', siret: '21350238800001', name: 'Commune de Rennes', departement: '35' } as const;

export async function addApplicant(
  db: TestDb,
  org: { kind: 'commune' | 'epci'; code: string; siren: string; name: string; departement: string; siret?: string; complete?: boolean },
): Promise<Applicant> {
  const organisationId = crypto.randomUUID();
  const complete = org.complete ?? true;
  await db.kysely.insertInto('organisations').values({
    id: organisationId, kind: org.kind, commune_code: org.kind === 'commune' ? org.code : null, epci_siren: org.kind === 'epci' ? org.code : null,
    siren: org.siren, name: org.name, departement_code: org.departement, siret: complete ? (org.siret ?? null) : null,
    signatory_name: complete ? 'Claire Le Goff' : null, signatory_capacity: complete ? 'adjointe au maire' : null, iban: null,
    address: complete ? "Hôtel de ville, place de la Mairie" : null, confirmed_at: IN_PERIOD, confirmed_by: null, created_at: IN_PERIOD, updated_at: IN_PERIOD,
  }).execute();
  const admin = await addUser(db, `Admin ${org.name}`);
  const editor = await addUser(db, `Agent ${org.name}`);
  const reader = await addUser(db, `Lecteur ${org.name}`);
  for (const [u, role] of [[admin, 'admin'], [editor, 'editor'], [reader, 'reader']] as const) {
    await db.kysely.insertInto('memberships').values({ organisation_id: organisationId, user_id: u.id, role, created_at: IN_PERIOD }).execute();
  }
  return { organisationId, admin, editor, reader };
}

export interface SentMail { to: string; subject: string; text: string }

export function envOf(db: TestDb): CommandEnv & { sent: SentMail[] } {
  const sent: SentMail[] = [];
  return {
    kysely: db.kysely, dialect: db.dialect, dataDir: db.dataDir, publicUrl: 'https://socle.test',
    notify: async (_tx, mail) => { sent.push(mail); },
    sent,
  };
}

/** A real one-page PDF made with pdfkit. */
export function smallPdf(text = "Délibération du conseil municipal approuvant le projet « Socle numérique »."): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4' });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.text(text);
    doc.end();
  });
}

/** The 8-byte PNG signature and an IHDR chunk: enough for file-type to say PNG. */
export function smallPng(): Buffer {
  return Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a0d5a8e30000000049454e44ae426082', 'hex');
}

/** Every mandatory item of the référentiel answered: today nothing, the project brings what is needed. */
export function fullDiagnostic(): { item: string; alternative?: string; present: number; added: number }[] {
  const items = ['CLASS_TEACHER_COMPUTER', 'CLASS_INTERNET', 'CLASS_AUDIO', 'CLASS_CAPTURE', 'SCHOOL_MOBILE_POOL', 'SCHOOL_MOBILE_MANAGEMENT',
    'SCHOOL_WIFI', 'SCHOOL_NETWORK', 'SCHOOL_BROADBAND', 'SCHOOL_FILTERING', 'DIRECTION_COMPUTER', 'DIRECTION_INTERNET', 'DIRECTION_PRINTER',
    'SERVICES_ENT', 'SERVICES_RESOURCES'];
  return [{ item: 'CLASS_DISPLAY', alternative: 'VPI', present: 0, added: 40 }, ...items.map((item) => ({ item, present: 1, added: 40 }))];
}

/** Files stored under DATA_DIR/<folder>, recursively. */
export function storedFiles(db: TestDb, folder: 'attachments' | 'proofs'): string[] {
  const root = path.join(db.dataDir, folder);
  if (!fs.existsSync(root)) return [];
  return fs.readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

export async function rowCounts(db: TestDb): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of ['dossiers', 'dossier_schools', 'budget_lines', 'attachments', 'signatures', 'dossier_versions', 'dossier_events', 'messages', 'dossier_members'] as const) {
    const r = await db.kysely.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    out[t] = Number(r.n);
  }
  return out;
}
