// The scheduled work of the review: reminders of opinions before their deadline, run by the job
// worker (src/mail/worker.ts) once claimed in the database.
import type { Settings } from '../../config';
import type { Db } from '../../data/db';
import type { JobHandler } from '../../data/jobs';
import { Mailer } from '../../mail/mailer';
import type { CommandEnv } from '../dossier';
import { OPINION_REMINDER_JOB, sendOpinionReminder } from './index';

/** The command environment of the review's web routes and jobs: mails through the platform's mailer. */
export function reviewEnv(db: Db, settings: Pick<Settings, 'smtpUrl' | 'publicUrl' | 'dataDir'>, now: () => Date = () => new Date()): CommandEnv {
  const mailer = new Mailer(settings);
  return {
    kysely: db.kysely, dialect: db.dialect, dataDir: settings.dataDir, publicUrl: settings.publicUrl,
    notify: async (tx, mail) => { await mailer.send(tx, mail, now()); },
  };
}

export function reviewJobHandlers(db: Db, settings: Settings, now: () => Date = () => new Date()): Record<string, JobHandler> {
  const env = reviewEnv(db, settings, now);
  return {
    [OPINION_REMINDER_JOB]: async (job) => {
      const p = job.payload as { opinionId: string; reminder: string; url: string };
      await sendOpinionReminder(env, p, now());
    },
  };
}
