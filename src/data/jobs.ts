// The jobs table: scheduled work (e-mail delivery, reminders, exports). A node claims a job in the
// database before running it, with one conditional UPDATE, so that two nodes never run the same
// job; a claim left by a node that died is taken over after CLAIM_TIMEOUT_MS.
import type { Exec } from './users';

export const CLAIM_TIMEOUT_MS = 10 * 60_000;
export const MAX_ATTEMPTS = 5;

export interface Job { id: number; kind: string; payload: Record<string, unknown>; attempts: number }

/** Queues a job (in the caller's transaction). With a dedupe key, queuing it again does nothing. */
export async function enqueueJob(db: Exec, job: { kind: string; payload: Record<string, unknown>; dedupeKey?: string; runAt?: Date }, now: Date): Promise<void> {
  const q = db.insertInto('jobs').values({
    kind: job.kind, payload: JSON.stringify(job.payload), dedupe_key: job.dedupeKey ?? null,
    run_at: (job.runAt ?? now).toISOString(), claimed_at: null, claimed_by: null, done_at: null, last_error: null,
    failed_at: null, created_at: now.toISOString(),
  });
  await (job.dedupeKey ? q.onConflict((oc) => oc.column('dedupe_key').doNothing()) : q).execute();
}

/**
 * Claims up to `limit` due jobs for `worker`. Each candidate is claimed by an UPDATE that succeeds
 * only while the job is still unclaimed (or its claim is stale); a job another node claimed first
 * is skipped.
 */
export async function claimDueJobs(db: Exec, worker: string, now: Date, limit = 10): Promise<Job[]> {
  const nowIso = now.toISOString();
  const stale = new Date(now.getTime() - CLAIM_TIMEOUT_MS).toISOString();
  const candidates = await db.selectFrom('jobs').select(['id', 'kind', 'payload', 'attempts', 'claimed_at'])
    .where('done_at', 'is', null).where('failed_at', 'is', null).where('run_at', '<=', nowIso)
    .where((eb) => eb.or([eb('claimed_at', 'is', null), eb('claimed_at', '<', stale)]))
    .orderBy('run_at').orderBy('id').limit(limit).execute();
  const claimed: Job[] = [];
  for (const c of candidates) {
    const res = await db.updateTable('jobs').set({ claimed_at: nowIso, claimed_by: worker })
      .where('id', '=', c.id).where('done_at', 'is', null)
      .where((eb) => c.claimed_at === null ? eb('claimed_at', 'is', null) : eb('claimed_at', '=', c.claimed_at))
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 1) {
      claimed.push({ id: Number(c.id), kind: c.kind, payload: JSON.parse(c.payload) as Record<string, unknown>, attempts: Number(c.attempts) });
    }
  }
  return claimed;
}

export async function completeJob(db: Exec, id: number, worker: string, now: Date): Promise<void> {
  await db.updateTable('jobs').set({ done_at: now.toISOString(), last_error: null })
    .where('id', '=', id).where('claimed_by', '=', worker).execute();
}

/** Releases a failed job for a later attempt (backoff 1, 4, 9, 16 minutes), or gives up after MAX_ATTEMPTS. */
export async function failJob(db: Exec, job: Job, worker: string, error: string, now: Date): Promise<void> {
  const attempts = job.attempts + 1;
  const giveUp = attempts >= MAX_ATTEMPTS;
  await db.updateTable('jobs').set({
    attempts, last_error: error.slice(0, 1000), claimed_at: null, claimed_by: null,
    run_at: new Date(now.getTime() + attempts * attempts * 60_000).toISOString(),
    failed_at: giveUp ? now.toISOString() : null,
  }).where('id', '=', job.id).where('claimed_by', '=', worker).execute();
}

export type JobHandler = (job: Job) => Promise<void>;

/** Claims the due jobs and runs each with its handler; returns how many ran and how many failed. */
export async function runDueJobs(db: Exec, handlers: Record<string, JobHandler>, worker: string, now: () => Date = () => new Date()): Promise<{ done: number; failed: number }> {
  const jobs = await claimDueJobs(db, worker, now(), 20);
  let done = 0;
  let failed = 0;
  for (const job of jobs) {
    const handler = handlers[job.kind];
    try {
      if (!handler) throw new Error(`aucun traitement pour les tâches « ${job.kind} »`);
      await handler(job);
      await completeJob(db, job.id, worker, now());
      done++;
    } catch (e) {
      await failJob(db, job, worker, e instanceof Error ? e.message : String(e), now());
      failed++;
    }
  }
  return { done, failed };
}
