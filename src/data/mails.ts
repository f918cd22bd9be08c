// Every e-mail the platform sends is kept here: the demo's outbox reads it, SMTP delivery is a job
// that marks it sent.
import crypto from 'node:crypto';
import type { MailTable } from './schema';
import type { Exec } from './users';

export interface Mail { id: string; to: string; subject: string; text: string; createdAt: string; sentAt: string | null }

const toMail = (r: MailTable): Mail => ({ id: r.id, to: r.to_address, subject: r.subject, text: r.body_text, createdAt: r.created_at, sentAt: r.sent_at });

export async function insertMail(db: Exec, mail: { to: string; subject: string; text: string }, now: Date): Promise<Mail> {
  const row: MailTable = { id: crypto.randomUUID(), to_address: mail.to, subject: mail.subject, body_text: mail.text, created_at: now.toISOString(), sent_at: null };
  await db.insertInto('mails').values(row).execute();
  return toMail(row);
}

export async function getMail(db: Exec, id: string): Promise<Mail | undefined> {
  const r = await db.selectFrom('mails').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toMail(r) : undefined;
}

/** The latest mails, newest first (the demo's outbox). */
export async function listMails(db: Exec, opts: { limit?: number; to?: string } = {}): Promise<Mail[]> {
  let q = db.selectFrom('mails').selectAll();
  if (opts.to) q = q.where('to_address', '=', opts.to);
  const rows = await q.orderBy('created_at', 'desc').orderBy('id').limit(opts.limit ?? 50).execute();
  return rows.map(toMail);
}

export async function markMailSent(db: Exec, id: string, now: Date): Promise<void> {
  await db.updateTable('mails').set({ sent_at: now.toISOString() }).where('id', '=', id).execute();
}
