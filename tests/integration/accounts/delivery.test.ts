// E-mail delivery by SMTP to a real SMTP server on loopback (smtp-server), as jobs; and the jobs
// table: two workers on two connections running at once never run the same job twice.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSettings } from '../../../src/config';
import { openDb, type Db } from '../../../src/data/db';
import { claimDueJobs, enqueueJob, runDueJobs, type Job } from '../../../src/data/jobs';
import { runJobsOnce } from '../../../src/mail/worker';
import { dialects, importedDb, type TestDb } from '../../support/databases';
import { accountsApp, Browser, STRONG } from './support';

interface Received { from: string; to: string[]; data: string }

async function startSmtp(): Promise<{ server: SMTPServer; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), data: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { server, url: `smtp://127.0.0.1:${port}`, received };
}

/** Quoted-printable soft breaks and =XX escapes undone, for reading the body. */
const decodeQp = (s: string) => s.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

describe.each(dialects)('mail and jobs on %s', (dialect) => {
  let db: TestDb;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  beforeAll(async () => {
    db = await importedDb(dialect);
    smtp = await startSmtp();
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => smtp?.server.close(() => resolve()));
    await db?.close();
  });

  it('the verification mail of a sign-up reaches the SMTP server with its link, once', async () => {
    const env = { SMTP_URL: smtp.url, MAIL_FROM: 'Socle <ne-pas-repondre@socle.test>' };
    const app = await accountsApp(db, env);
    try {
      const b = new Browser(app);
      await b.get('/inscription');
      expect((await b.post('/inscription', { displayName: 'Sam Smtp', email: 'sam@mairie.test', password: STRONG })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
    const mail = await db.kysely.selectFrom('mails').selectAll().where('to_address', '=', 'sam@mairie.test').executeTakeFirstOrThrow();
    expect(mail.sent_at).toBeNull();
    const job = await db.kysely.selectFrom('jobs').selectAll().where('dedupe_key', '=', `mail:${mail.id}`).executeTakeFirstOrThrow();
    expect(job.kind).toBe('mail.deliver');

    const settings = readSettings({ ...db.env, PUBLIC_URL: 'http://socle.test', ...env });
    expect(await runJobsOnce(db, settings)).toEqual({ done: 1, failed: 0 });
    expect(smtp.received).toHaveLength(1);
    const msg = smtp.received[0];
    expect(msg.from).toBe('ne-pas-repondre@socle.test');
    expect(msg.to).toEqual(['sam@mairie.test']);
    const body = decodeQp(msg.data);
    expect(body).toMatch(/Subject: (=\?UTF-8\?Q\?)?Confirmez[ _]votre[ _]adresse/i);
    const link = /http:\/\/socle\.test(\/compte\/verifier\/[A-Za-z0-9_-]+)/.exec(body)?.[1];
    expect(link).toBeDefined();
    expect(mail.body_text).toContain(`http://socle.test${link}`);
    expect((await db.kysely.selectFrom('mails').select('sent_at').where('id', '=', mail.id).executeTakeFirstOrThrow()).sent_at).not.toBeNull();
    // Nothing left to run: the mail is not sent twice.
    expect(await runJobsOnce(db, settings)).toEqual({ done: 0, failed: 0 });
    expect(smtp.received).toHaveLength(1);
  });

  it('an unreachable SMTP server: the job is released for a later attempt with its error', async () => {
    const settings = readSettings({ ...db.env, SMTP_URL: 'smtp://127.0.0.1:1', PUBLIC_URL: 'http://socle.test' });
    const now = new Date();
    await db.kysely.insertInto('mails').values({ id: '00000000-0000-4000-8000-0000000000aa', to_address: 'x@mairie.test', subject: 'S', body_text: 'B', created_at: now.toISOString(), sent_at: null }).execute();
    await enqueueJob(db.kysely, { kind: 'mail.deliver', payload: { mailId: '00000000-0000-4000-8000-0000000000aa' }, dedupeKey: 'mail:aa' }, now);
    expect(await runJobsOnce(db, settings)).toEqual({ done: 0, failed: 1 });
    const job = await db.kysely.selectFrom('jobs').selectAll().where('dedupe_key', '=', 'mail:aa').executeTakeFirstOrThrow();
    expect(job).toMatchObject({ attempts: 1, claimed_at: null, done_at: null, failed_at: null });
    expect(job.last_error).toBeTruthy();
    expect(job.run_at > now.toISOString()).toBe(true);
    await db.kysely.deleteFrom('jobs').where('dedupe_key', '=', 'mail:aa').execute();
  });

  it('two workers on two connections at once: each job runs exactly once', async () => {
    const now = new Date();
    for (let i = 0; i < 60; i++) await enqueueJob(db.kysely, { kind: 'test.count', payload: { n: i }, dedupeKey: `count:${i}` }, now);
    // Queuing the same reminder again does nothing (dedupe key).
    await enqueueJob(db.kysely, { kind: 'test.count', payload: { n: 0 }, dedupeKey: 'count:0' }, now);
    const second: Db = openDb({ dataDir: db.dataDir, databaseUrl: db.databaseUrl });
    const runs: Array<{ worker: string; n: number }> = [];
    const handler = (worker: string) => async (job: Job) => {
      runs.push({ worker, n: Number(job.payload.n) });
      await new Promise((r) => setTimeout(r, 1));
    };
    try {
      const loop = async (d: Db, worker: string) => {
        for (;;) {
          const r = await runDueJobs(d.kysely, { 'test.count': handler(worker) }, worker);
          if (r.done + r.failed === 0) return;
        }
      };
      await Promise.all([loop(db, 'nœud-a'), loop(second, 'nœud-b'), loop(db, 'nœud-c')]);
    } finally {
      await second.close();
    }
    expect(runs).toHaveLength(60);
    expect(new Set(runs.map((r) => r.n)).size).toBe(60);
    const rows = await db.kysely.selectFrom('jobs').select(['done_at', 'claimed_by']).where('kind', '=', 'test.count').execute();
    expect(rows.every((r) => r.done_at !== null)).toBe(true);
    expect(await claimDueJobs(db.kysely, 'nœud-d', new Date())).toEqual([]);
  });
});
