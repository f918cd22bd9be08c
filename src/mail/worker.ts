// Delivery of e-mails by SMTP (nodemailer), as jobs claimed in the database, and the job worker
// that `socle serve` runs: an interval loop that stops when the server closes.
import crypto from 'node:crypto';
import os from 'node:os';
import type { Transporter } from 'nodemailer';
import type { Settings } from '../config';
import type { Db } from '../data/db';
import { runDueJobs, type JobHandler } from '../data/jobs';
import { getMail, markMailSent } from '../data/mails';
import { purgeExpiredSessions } from '../data/sessions';
import { MAIL_JOB } from './mailer';
import { reviewJobHandlers } from '../commands/review/jobs';

/** The handler of mail jobs: sends the stored mail by SMTP, then marks it sent. */
export function mailDelivery(db: Db, settings: Pick<Settings, 'smtpUrl' | 'mailFrom'>): JobHandler {
  if (!settings.smtpUrl) return async () => { throw new Error('SMTP_URL n’est pas réglé : le courriel reste dans la boîte d’envoi.'); };
  const smtpUrl = settings.smtpUrl;
  // nodemailer is loaded with the first mail to send, not by every server that starts.
  let transport: Promise<Transporter> | undefined;
  return async (job) => {
    const mail = await getMail(db.kysely, String(job.payload.mailId));
    if (!mail) return; // removed meanwhile: nothing to send
    if (mail.sentAt) return; // already sent (a previous attempt was cut after sending)
    transport ??= import('nodemailer').then((m) => m.default.createTransport(smtpUrl));
    await (await transport).sendMail({ from: settings.mailFrom, to: mail.to, subject: mail.subject, text: mail.text, messageId: `<${mail.id}@socle>` });
    await markMailSent(db.kysely, mail.id, new Date());
  };
}

export function jobHandlers(db: Db, settings: Settings): Record<string, JobHandler> {
  return { [MAIL_JOB]: mailDelivery(db, settings), ...reviewJobHandlers(db, settings) };
}

/** A name for this node in `jobs.claimed_by`. */
export const workerName = (): string => `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;

/** Runs the due jobs once (the `socle jobs` command). */
export async function runJobsOnce(db: Db, settings: Settings): Promise<{ done: number; failed: number }> {
  const result = await runDueJobs(db.kysely, jobHandlers(db, settings), workerName());
  await purgeExpiredSessions(db.kysely, new Date());
  return result;
}

export interface Worker { stop(): Promise<void>; runOnce(): Promise<{ done: number; failed: number }> }

/** Runs the due jobs every `intervalMs` (and purges expired sessions), until stopped. */
export function startWorker(db: Db, settings: Settings, opts: { intervalMs?: number; log?: (msg: string, extra?: object) => void } = {}): Worker {
  const name = workerName();
  const handlers = jobHandlers(db, settings);
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const runOnce = async () => {
    const result = await runDueJobs(db.kysely, handlers, name);
    await purgeExpiredSessions(db.kysely, new Date());
    return result;
  };
  const tick = () => {
    if (stopped) return;
    running = runOnce().then((r) => {
      if (r.failed) opts.log?.('jobs failed', r);
    }).catch((e: unknown) => opts.log?.('job worker error', { error: e instanceof Error ? e.message : String(e) }));
  };
  const timer = setInterval(tick, opts.intervalMs ?? 5_000);
  timer.unref();
  tick();
  return {
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
