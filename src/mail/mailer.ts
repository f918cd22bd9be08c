// The platform's e-mail: every mail is stored in `mails` (in the caller's transaction: a command
// that fails sends nothing), and, when SMTP_URL is set, a delivery job is queued in the same
// transaction; the job worker sends it (src/mail/worker.ts). Without SMTP_URL, mail stays in the
// outbox, which the demo shows at /boite-mail.
import type { Settings } from '../config';
import { enqueueJob } from '../data/jobs';
import { insertMail, type Mail } from '../data/mails';
import type { Exec } from '../data/users';

export const MAIL_JOB = 'mail.deliver';

export interface OutgoingMail { to: string; subject: string; text: string }

export class Mailer {
  constructor(private readonly settings: Pick<Settings, 'smtpUrl' | 'publicUrl'>) {}

  /** An absolute link to a path of the platform, for a mail. */
  link(path: string): string {
    return `${this.settings.publicUrl}${path}`;
  }

  /** Whether mails leave the platform (SMTP) or stay in the outbox. */
  get delivers(): boolean {
    return this.settings.smtpUrl !== undefined;
  }

  async send(tx: Exec, mail: OutgoingMail, now: Date): Promise<Mail> {
    const stored = await insertMail(tx, mail, now);
    if (this.delivers) await enqueueJob(tx, { kind: MAIL_JOB, payload: { mailId: stored.id }, dedupeKey: `mail:${stored.id}` }, now);
    return stored;
  }
}
