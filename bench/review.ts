// Benchmark of the académie's review (issue 5) on the national demo campaign: the committee view
// /comite of the largest académie and a queue page /instruction with filters (state, département,
// amount range, sorted by priority), each as requests/s at 10 concurrent reviewers (autocannon, 10
// connections) against a bare Fastify route (no plugin) running the same data-layer calls and
// returning their result as JSON, measured in the same run, in rounds alternating the page and its
// baseline (the machine's load drifts: both see the same); with p95 latencies against the targets.
// Setup: `socle demo --national --sans-comptes` into an imported DATA_DIR; the priority scores stored
// (src/data/priority.ts, timed); a reviewer of the académie, decider for its committee, created with
// the accounts' data code and a session as the sign-in makes it; when the demo has no proposals for
// the académie, its dossiers are taken and proposed through the review commands. The DATA_DIR made
// here is removed at the end.
//
// Run alone: npm run bench -- review. With `--bare-server`, this file is that bare server.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import type { BenchLine } from './lib';
import { ROOT, startServer } from './servers';

const DURATION = Number(process.env.BENCH_SECONDS ?? 6);
/** Each figure is measured in rounds alternating the page and its baseline, so that both see the same machine load. */
const ROUNDS = 3;
const CALL_ID = 'snee-2021';
/** The queue's columns: the default ones and the priority score. */
const QUEUE_COLUMNS = ['reference', 'demandeur', 'departement', 'commune', 'etat', 'ecoles', 'subvention', 'priorite', 'instructeur', 'depose_le'];
const RANGE_EUROS = { min: 2_000, max: 40_000 };

interface Load { rps: number; p95: number }
interface Target { url: string; cookie?: string }

function autocannonRound(t: Target, seconds: number, times?: number[]): Promise<autocannon.Result> {
  return new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url: t.url, connections: 10, headers: t.cookie ? { cookie: t.cookie } : {}, duration: seconds }, (err, result) => (err ? reject(err) : resolve(result)));
    if (times) instance.on('response', (_client, _status, _bytes, responseTime) => { times.push(responseTime); });
  }).then((r) => {
    if (r.non2xx > 0 || r.errors > 0) throw new Error(`${t.url} : ${r.non2xx} réponses en erreur, ${r.errors} erreurs`);
    return r;
  });
}

/**
 * The page and its baseline at 10 connections, in ROUNDS rounds alternating them (DURATION seconds
 * each in all, after a warm-up): requests/s over all rounds, and p95 over every response time kept
 * (autocannon's summary has p90 and p97.5, not p95).
 */
export async function paired(page: Target, bare: Target): Promise<{ page: Load; bare: Load }> {
  await autocannonRound(page, 1);
  await autocannonRound(bare, 1);
  const seconds = DURATION / ROUNDS;
  const acc = { page: { requests: 0, times: [] as number[] }, bare: { requests: 0, times: [] as number[] } };
  for (let i = 0; i < ROUNDS; i++) {
    for (const [key, t] of [['page', page], ['bare', bare]] as const) {
      const r = await autocannonRound(t, seconds, acc[key].times);
      acc[key].requests += r.requests.total;
    }
  }
  const result = (a: { requests: number; times: number[] }): Load => {
    const times = a.times.sort((x, y) => x - y);
    const p95 = times.length === 0 ? Number.NaN : Number(times[Math.min(times.length - 1, Math.floor(times.length * 0.95))].toFixed(1));
    return { rps: a.requests / DURATION, p95 };
  };
  return { page: result(acc.page), bare: result(acc.bare) };
}

function run(args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => { err += d; });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(' ')} : code ${code}\n${err.slice(-2000)}`))));
  });
}

interface Setup { academie: string; academieName: string; departement: string; userId: string; token: string; dossiers: number; proposed: number; createdProposals: boolean; scoreSeconds: number; scored: number }

export async function setup(dataDir: string): Promise<Setup> {
  const [{ openDb }, { storeAllPriorityScores }, { insertUser }, { createSession }, { proposeDecision, takeDossier }] = await Promise.all([
    import('../src/data/db'), import('../src/data/priority'), import('../src/data/users'), import('../src/data/sessions'), import('../src/commands/review'),
  ]);
  const db = openDb({ dataDir });
  try {
    const t0 = performance.now();
    const scored = await storeAllPriorityScores(db.kysely, { callId: CALL_ID });
    const scoreSeconds = (performance.now() - t0) / 1000;
    const largest = await db.kysely.selectFrom('dossiers as d').innerJoin('academies as a', 'a.code', 'd.academie_code')
      .select(['d.academie_code', 'a.name', sql<number>`count(*)`.as('n')]).where('d.call_id', '=', CALL_ID).where('d.state', '<>', 'draft')
      .groupBy(['d.academie_code', 'a.name']).orderBy(sql`count(*)`, 'desc').limit(1).executeTakeFirstOrThrow();
    const academie = largest.academie_code!;
    const dep = await db.kysely.selectFrom('dossiers').select(['departement_code', sql<number>`count(*)`.as('n')]).where('academie_code', '=', academie)
      .where('state', '<>', 'draft').groupBy('departement_code').orderBy(sql`count(*)`, 'desc').limit(1).executeTakeFirstOrThrow();
    const now = new Date();
    const user = await insertUser(db.kysely, { email: `instructeur.bench.${academie}@ac-bench.invalid`, displayName: `Instructeur du banc (${largest.name})`, passwordHash: null, role: 'reviewer', scope: `academie:${academie}` }, now);
    await db.kysely.insertInto('deciders').values({ user_id: user.id, academie_code: academie, granted_by: user.id, granted_at: now.toISOString() }).execute();
    const { token } = await createSession(db.kysely, user.id, now);
    const existing = await db.kysely.selectFrom('decision_proposals as p').innerJoin('dossiers as d', 'd.id', 'p.dossier_id')
      .select(sql<number>`count(*)`.as('n')).where('d.academie_code', '=', academie).executeTakeFirst();
    let createdProposals = false;
    if (Number(existing?.n ?? 0) === 0) {
      // The demo has no proposals yet: the reviewer takes the académie's submitted dossiers and proposes, as in the platform.
      createdProposals = true;
      const env = { kysely: db.kysely, dialect: db.dialect, dataDir };
      const actor = { id: user.id, role: 'reviewer' as const, scope: `academie:${academie}`, displayName: user.display_name };
      const ids = await db.kysely.selectFrom('dossiers').select(['id', 'equipment_grant_cents']).where('academie_code', '=', academie).where('call_id', '=', CALL_ID)
        .where('state', 'in', ['submitted', 'under_review']).orderBy('reference').execute();
      let i = 0;
      for (const d of ids) {
        await takeDossier(env, actor, { dossierId: d.id }, now).catch(() => undefined);
        const k = i++ % 10;
        await proposeDecision(env, actor, k === 9 ? { dossierId: d.id, kind: 'reject', reason: 'Projet sans lien avec le socle numérique.' }
          : k === 8 ? { dossierId: d.id, kind: 'waiting_list' } : { dossierId: d.id, kind: 'accept' }, now);
      }
    }
    const proposed = await db.kysely.selectFrom('decision_proposals as p').innerJoin('dossiers as d', 'd.id', 'p.dossier_id')
      .select(sql<number>`count(*)`.as('n')).where('d.academie_code', '=', academie).executeTakeFirst();
    return { academie, academieName: largest.name, departement: dep.departement_code, userId: user.id, token, dossiers: Number(largest.n), proposed: Number(proposed?.n ?? 0), createdProposals, scoreSeconds, scored };
  } finally {
    await db.close();
  }
}

export function queueUrl(s: Pick<Setup, 'departement'>): string {
  const p = new URLSearchParams({ file: 'tous', etat: 'under_review', departement: s.departement, subvention_min: String(RANGE_EUROS.min), subvention_max: String(RANGE_EUROS.max), tri: 'priorite', ordre: 'desc' });
  for (const c of QUEUE_COLUMNS) p.append('col', c);
  return `/instruction?${p.toString()}`;
}

/** The baseline: Fastify without plugins; the same data-layer calls as the two pages, as JSON. */
async function bareServer(): Promise<void> {
  const [{ default: Fastify }, { openDb }, review, waves, { scopeLabel }] = await Promise.all([
    import('fastify'), import('../src/data/db'), import('../src/data/review'), import('../src/data/waves'), import('../src/commands/review/accounts'),
  ]);
  const db = openDb({ dataDir: process.env.DATA_DIR ?? 'var', databaseUrl: process.env.DATABASE_URL });
  const academie = process.env.BENCH_ACADEMIE!;
  const actor = { id: process.env.BENCH_USER!, role: 'reviewer' as const, scope: `academie:${academie}` };
  const columns = review.COLUMNS.filter((c) => QUEUE_COLUMNS.includes(c.id));
  const app = Fastify({ logger: false });
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/comite', async () => {
    const access = await waves.loadWaveAccess(db.kysely, actor, academie);
    const view = await waves.loadCommittee(db.kysely, CALL_ID, academie);
    return { access, view };
  });
  app.get('/instruction', async () => {
    const query = {
      queue: 'tous' as const, sort: { column: 'priorite', direction: 'desc' as const }, page: 1, pageSize: 25,
      filters: {
        etat: { kind: 'choice' as const, values: ['under_review'] },
        departement: { kind: 'choice' as const, values: [process.env.BENCH_DEPARTEMENT!] },
        subvention: { kind: 'range' as const, min: RANGE_EUROS.min * 100, max: RANGE_EUROS.max * 100 },
      },
    };
    const [page, counts, departements, territory] = await Promise.all([
      review.queuePage(db.kysely, actor, query, columns), review.queueCounts(db.kysely, actor),
      review.territoryDepartements(db.kysely, actor.scope), scopeLabel(db.kysely, actor.scope),
    ]);
    return { page, counts, departements, territory };
  });
  await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
}

export async function benchReview(dataDir?: string): Promise<BenchLine[]> {
  const dir = dataDir ?? (await (await import('./search')).importedDataDir());
  try {
    return await measure(dir);
  } finally {
    // A DATA_DIR made here (about 500 MB with the national demo) is removed; one given is left as it is.
    if (dataDir === undefined) fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function measure(dir: string): Promise<BenchLine[]> {
  const env = { DATA_DIR: dir, SOCLE_DEMO: '0', LOG_LEVEL: 'warn' };
  const t0 = performance.now();
  await run(['bin/socle.js', 'demo', '--national', '--sans-comptes'], env);
  const demoSeconds = (performance.now() - t0) / 1000;
  const s = await setup(dir);
  const cookie = `socle_session=${s.token}`;
  const queue = queueUrl(s);

  // Both servers run at once (one is idle while the other is measured).
  const real = await startServer(['bin/socle.js', 'serve'], env);
  let bare: Awaited<ReturnType<typeof startServer>> | undefined;
  let committee: Load; let page: Load; let bareCommittee: Load; let bareQueue: Load; let rows = ''; let candidates = ''; let committeeKb = 0;
  try {
    bare = await startServer(['--import', 'tsx', 'bench/review.ts', '--bare-server'], { ...env, BENCH_ACADEMIE: s.academie, BENCH_USER: s.userId, BENCH_DEPARTEMENT: s.departement });
    for (const url of ['/comite', queue]) {
      const r = await fetch(real.url + url, { headers: { cookie }, redirect: 'manual' });
      if (r.status !== 200) throw new Error(`GET ${url} : HTTP ${r.status}`);
      const html = await r.text();
      if (url === '/comite') {
        candidates = String((html.match(/name="retenu"/g) ?? []).length);
        committeeKb = Math.round(Buffer.byteLength(html) / 1024);
      } else rows = String((html.match(/<tr/g) ?? []).length - 1);
    }
    ({ page: committee, bare: bareCommittee } = await paired({ url: `${real.url}/comite`, cookie }, { url: `${bare.url}/comite` }));
    ({ page, bare: bareQueue } = await paired({ url: real.url + queue, cookie }, { url: `${bare.url}/instruction` }));
  } finally {
    await real.stop();
    await bare?.stop();
  }

  const c = committee.rps / bareCommittee.rps;
  const q = page.rps / bareQueue.rps;
  return [
    { name: `campagne de démonstration nationale (socle demo --national --sans-comptes)`, value: Number(demoSeconds.toFixed(1)), unit: 's' },
    { name: `scores de priorité enregistrés (storeAllPriorityScores, ${s.scored} dossiers)`, value: Number(s.scoreSeconds.toFixed(1)), unit: 's' },
    { name: `académie la plus grande : ${s.academieName} (${s.academie}), ${s.dossiers} dossiers déposés, ${s.proposed} propositions${s.createdProposals ? ' créées par le banc (prendre + proposer)' : ' de la démo'}, ${candidates} dossiers à cocher au comité (page de ${committeeKb} Ko ; « Pourquoi ce rang ? » sur la page de chaque dossier)`, value: s.dossiers, unit: 'dossiers' },
    {
      name: `page du comité /comite (10 connexions)`, value: Math.round(committee.rps), unit: 'req/s',
      baseline: { name: 'Fastify nu, mêmes appels (loadWaveAccess, loadCommittee), JSON', value: Math.round(bareCommittee.rps), unit: 'req/s' },
      ratio: c, target: '≥ 50 % de la référence', met: c >= 0.5,
    },
    {
      name: 'page du comité, latence p95', value: committee.p95, unit: 'ms',
      baseline: { name: 'Fastify nu, mêmes appels', value: bareCommittee.p95, unit: 'ms' }, ratio: committee.p95 / Math.max(bareCommittee.p95, 1),
      target: '< 200 ms', met: committee.p95 < 200,
    },
    {
      name: `file /instruction filtrée (en instruction, département ${s.departement}, subvention ${RANGE_EUROS.min}–${RANGE_EUROS.max} €, tri par priorité ; ${rows} lignes) (10 connexions)`, value: Math.round(page.rps), unit: 'req/s',
      baseline: { name: 'Fastify nu, mêmes appels (queuePage, queueCounts, territoryDepartements, scopeLabel), JSON', value: Math.round(bareQueue.rps), unit: 'req/s' },
      ratio: q, target: '≥ 50 % de la référence', met: q >= 0.5,
    },
    {
      name: 'file /instruction filtrée, latence p95', value: page.p95, unit: 'ms',
      baseline: { name: 'Fastify nu, mêmes appels', value: bareQueue.p95, unit: 'ms' }, ratio: page.p95 / Math.max(bareQueue.p95, 1),
      target: '< 100 ms', met: page.p95 < 100,
    },
  ];
}

if (process.argv.includes('--bare-server') && import.meta.url === pathToFileURL(process.argv[1]).href) await bareServer();
