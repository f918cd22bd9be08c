// Benchmark of the dossier (issue 4) on the national demo campaign: a dossier of 10 schools and 80
// budget lines, its page through the real server (signed in as the organisation's clerk, through
// the real sign-in) against a bare Fastify route making the same repository calls; and saving budget
// lines by 10 concurrent users through the real autosave route (form + CSRF token + revision, JSON
// answer) against a bare route running the same command. Both pages are measured before any save:
// the saves lengthen the dossier's history, which the page reads whole.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { hashPassword } from '../src/commands/accounts/passwords';
import { deleteBudgetLine, saveBudgetLine } from '../src/commands/dossier/budget';
import { addSchools } from '../src/commands/dossier/schools';
import { territorySchools } from '../src/data/dossier-territory';
import { openDb, type Db } from '../src/data/db';
import { migrate } from '../src/data/migrate';
import { findUserById, toActor, updateUser } from '../src/data/users';
import type { BenchLine } from './lib';
import { importedDataDir } from './search';
import { ROOT, startServer, type Server } from './servers';

const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 10;
const SCHOOLS = 10;
const LINES = 80;
const PASSWORD = 'Banc-d-essai-2021!';

interface Picked { id: string; reference: string; organisationId: string; schools: number; lines: number }
interface LineRow { id: string; uai: string; volet: number; category: string; label: string; quantity: number; unit_ht_cents: number; unit_ttc_cents: number }

/** A copy of the imported DATA_DIR (the other parts keep theirs untouched) with the national demo campaign. */
async function campaignDir(importedDir: string): Promise<{ dir: string; seconds: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socle-bench-dossier-'));
  for (const f of fs.readdirSync(importedDir)) {
    const from = path.join(importedDir, f);
    if (fs.statSync(from).isFile()) fs.copyFileSync(from, path.join(dir, f));
  }
  const t = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/socle.js', 'demo', '--national', '--sans-comptes'], {
      cwd: ROOT, env: { ...process.env, DATA_DIR: dir, DATABASE_URL: '' }, stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d) => { err += d; });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`socle demo --national : code ${code}\n${err.slice(-2000)}`))));
  });
  return { dir, seconds: (performance.now() - t) / 1000 };
}

/**
 * The editable dossier (draft or returned for changes) closest to 10 schools and 80 lines: most
 * schools first (at most 10), then lines closest to 80. The national campaign has few dossiers of
 * 10 schools and those are submitted, so the bench usually completes one with the commands.
 */
async function candidates(db: Db): Promise<Picked[]> {
  const r = await sql<{ id: string; reference: string; organisation_id: string; schools: number; lines: number }>`
    select d.id, d.reference, d.organisation_id, s.n as schools, coalesce(l.n, 0) as lines
    from dossiers d
    join (select dossier_id, count(*) as n from dossier_schools group by dossier_id) s on s.dossier_id = d.id
    left join (select dossier_id, count(*) as n from budget_lines group by dossier_id) l on l.dossier_id = d.id
    where d.state in ('draft', 'returned_for_changes') and s.n <= ${SCHOOLS}
    order by s.n desc, abs(coalesce(l.n, 0) - ${LINES}), d.reference limit 50`.execute(db.kysely);
  return r.rows.map((row) => ({ id: row.id, reference: row.reference, organisationId: row.organisation_id, schools: Number(row.schools), lines: Number(row.lines) }));
}

const linesOf = async (db: Db, dossierId: string): Promise<LineRow[]> =>
  (await db.kysely.selectFrom('budget_lines').select(['id', 'uai', 'volet', 'category', 'label', 'quantity', 'unit_ht_cents', 'unit_ttc_cents'])
    .where('dossier_id', '=', dossierId).orderBy('created_at').orderBy('id').execute()).map((l) => ({ ...l, volet: Number(l.volet), quantity: Number(l.quantity), unit_ht_cents: Number(l.unit_ht_cents), unit_ttc_cents: Number(l.unit_ttc_cents) }));

const revisionOf = async (db: Db, dossierId: string): Promise<number> =>
  Number((await db.kysely.selectFrom('dossiers').select('revision').where('id', '=', dossierId).executeTakeFirstOrThrow()).revision);

/**
 * Picks the dossier and brings it to exactly 10 schools and 80 lines with the dossier commands
 * (addSchools with free schools of its territory, saveBudgetLine copying its lines, deleteBudgetLine).
 * Returns the dossier, its clerk and what was done.
 */
async function prepare(db: Db, dataDir: string): Promise<{ picked: Picked; clerk: { id: string; email: string }; built: string[] }> {
  let picked: Picked | undefined;
  let free: string[] = [];
  for (const c of await candidates(db)) {
    const callId = (await db.kysely.selectFrom('dossiers').select('call_id').where('id', '=', c.id).executeTakeFirstOrThrow()).call_id;
    free = (await territorySchools(db.kysely, c.organisationId, callId)).filter((s) => s.heldBy === null).map((s) => s.uai);
    if (free.length >= SCHOOLS - c.schools && c.lines > 0) { picked = c; break; }
  }
  if (!picked) throw new Error(`aucun dossier modifiable ne peut compter ${SCHOOLS} écoles`);
  const clerk = await db.kysely.selectFrom('memberships as m').innerJoin('users as u', 'u.id', 'm.user_id').select(['u.id', 'u.email'])
    .where('m.organisation_id', '=', picked.organisationId).where('m.role', '=', 'admin').orderBy('m.created_at').executeTakeFirstOrThrow();
  const actor = toActor((await findUserById(db.kysely, clerk.id))!);
  const env = { kysely: db.kysely, dialect: db.dialect, dataDir };
  const dossierId = picked.id;
  const built: string[] = [];
  const added = free.slice(0, SCHOOLS - picked.schools);
  if (added.length > 0) {
    await addSchools(env, actor, { dossierId, revision: await revisionOf(db, dossierId), uais: added }, new Date());
    built.push(`${added.length} école(s) ajoutée(s) par addSchools`);
  }
  const copy = async (model: LineRow, uai: string) => saveBudgetLine(env, actor, {
    dossierId, revision: await revisionOf(db, dossierId), uai, volet: model.volet as 1 | 2, category: model.category,
    label: `${model.label} (complément)`, quantity: model.quantity, unitHtCents: model.unit_ht_cents, unitTtcCents: model.unit_ttc_cents,
  }, new Date());
  let lines = await linesOf(db, dossierId);
  const perSchool = Math.floor(LINES / SCHOOLS);
  let saved = 0;
  let deleted = 0;
  for (const [i, uai] of added.entries()) {
    for (let k = 0; k < perSchool; k++) { await copy(lines[(i * perSchool + k) % lines.length], uai); saved++; }
  }
  lines = await linesOf(db, dossierId);
  for (let i = 0; lines.length + i < LINES; i++) { await copy(lines[i % lines.length], lines[i % lines.length].uai); saved++; }
  // Too many: delete from the schools with the most lines.
  while ((lines = await linesOf(db, dossierId)).length > LINES) {
    const count = new Map<string, number>();
    for (const l of lines) count.set(l.uai, (count.get(l.uai) ?? 0) + 1);
    const fullest = [...count.entries()].sort((a, b) => b[1] - a[1])[0][0];
    const victim = lines.filter((l) => l.uai === fullest).at(-1)!;
    await deleteBudgetLine(env, actor, { dossierId, revision: await revisionOf(db, dossierId), lineId: victim.id }, new Date());
    deleted++;
  }
  if (saved > 0) built.push(`${saved} ligne(s) ajoutée(s) par saveBudgetLine`);
  if (deleted > 0) built.push(`${deleted} ligne(s) supprimée(s) par deleteBudgetLine`);
  const schools = await db.kysely.selectFrom('dossier_schools').select('uai').where('dossier_id', '=', dossierId).execute();
  if (schools.length !== SCHOOLS || lines.length !== LINES) throw new Error(`le dossier a ${schools.length} écoles et ${lines.length} lignes`);
  return { picked, clerk, built };
}

const cookieOf = (r: Response, name: string): string | undefined =>
  r.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith(`${name}=`));
const csrfOf = (html: string): string => {
  const input = /<input[^>]*name="_csrf"[^>]*>/.exec(html)?.[0];
  const token = input && /value="([^"]+)"/.exec(input)?.[1];
  if (!token) throw new Error('jeton CSRF introuvable dans la page');
  return token;
};

/** Signs in through the real form (GET then POST /connexion, double-submit CSRF): the session cookie. */
async function signIn(app: Server, email: string): Promise<string> {
  const page = await fetch(`${app.url}/connexion`);
  const csrfCookie = cookieOf(page, 'socle_csrf');
  if (!csrfCookie) throw new Error('pas de cookie CSRF sur /connexion');
  const r = await fetch(`${app.url}/connexion`, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
    body: new URLSearchParams({ _csrf: csrfOf(await page.text()), email, password: PASSWORD }).toString(),
  });
  const session = cookieOf(r, 'socle_session');
  if (r.status !== 303 || !session) throw new Error(`connexion refusée (${r.status})`);
  return session;
}

async function load(url: string, headers: Record<string, string>): Promise<{ rps: number; p99: number; p50: number }> {
  await autocannon({ url, headers, connections: CONNECTIONS, duration: 1 }); // warm-up
  const r = await autocannon({ url, headers, connections: CONNECTIONS, duration: DURATION });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${url} : ${r.non2xx} réponses en erreur, ${r.errors} erreurs`);
  return { rps: r.requests.average, p99: r.latency.p99, p50: r.latency.p50 };
}

const euros = (cents: number) => (cents / 100).toFixed(2).replace('.', ',');
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];

/**
 * 10 users at once, each saving its own line (of its own school) again and again, each save sending
 * the revision the previous answer gave (as the autosave script does): latencies measured per request.
 */
async function saves(send: (user: number, revision: number, quantity: number) => Promise<Response>, start: number, seconds: number) {
  const times: number[] = [];
  let failed = 0;
  let failure = '';
  const until = Date.now() + seconds * 1000;
  await Promise.all(Array.from({ length: CONNECTIONS }, async (_, user) => {
    let revision = start;
    for (let n = 0; Date.now() < until; n++) {
      const t = performance.now();
      const r = await send(user, revision, 1 + (n % 2));
      const json = await r.json() as { ok: boolean; revision?: number; message?: string };
      times.push(performance.now() - t);
      if (r.status === 200 && json.ok && typeof json.revision === 'number') revision = json.revision;
      else { failed++; failure ||= `${r.status} ${JSON.stringify(json).slice(0, 300)}`; }
    }
  }));
  if (failed > 0) throw new Error(`${failed} enregistrements refusés, par exemple : ${failure}`);
  times.sort((a, b) => a - b);
  return { count: times.length, rps: times.length / seconds, p50: percentile(times, 0.5), p95: percentile(times, 0.95), p99: percentile(times, 0.99) };
}

/**
 * `importedDir`: a DATA_DIR with the reference data (made here when absent). BENCH_DOSSIER_DATA_DIR
 * names a DATA_DIR that already holds the national campaign (kept afterwards), to iterate faster.
 */
export async function benchDossier(importedDir?: string): Promise<BenchLine[]> {
  const lines: BenchLine[] = [];
  const given = process.env.BENCH_DOSSIER_DATA_DIR;
  let dir: string;
  if (given) dir = given;
  else {
    const made = await campaignDir(importedDir ?? await importedDataDir());
    dir = made.dir;
    lines.push({ name: 'campagne nationale de démonstration (socle demo --national --sans-comptes)', value: Number(made.seconds.toFixed(1)), unit: 's', target: '< 60 s', met: made.seconds < 60 });
  }

  const db = openDb({ dataDir: dir });
  await migrate(db); // the code may be ahead of the campaign's DATA_DIR (BENCH_DOSSIER_DATA_DIR)
  const { picked, clerk, built } = await prepare(db, dir);
  console.log(`Dossier ${picked.reference} : ${picked.schools} écoles et ${picked.lines} lignes dans la campagne${built.length > 0 ? ` ; porté à ${SCHOOLS} écoles et ${LINES} lignes : ${built.join(', ')}` : ''}.`);
  await updateUser(db.kysely, clerk.id, { password_hash: await hashPassword(PASSWORD) });
  const budget = await linesOf(db, picked.id);
  // One line of each school (one user per school); volet 1 or 2, as found.
  const mine = [...new Set(budget.map((l) => l.uai))].map((uai) => budget.find((l) => l.uai === uai)!);
  while (mine.length < CONNECTIONS) mine.push(budget.find((l) => !mine.includes(l))!);
  await db.close();

  const env = { DATA_DIR: dir, SOCLE_DEMO: '0', LOG_LEVEL: 'info', DATABASE_URL: '' };
  const pagePath = `/dossiers/${picked.id}`;
  let app: Server | undefined;
  let bare: Server | undefined;
  try {
    app = await startServer(['bin/socle.js', 'serve'], env);
    const cookie = await signIn(app, clerk.email);
    const first = await fetch(app.url + pagePath, { headers: { cookie } });
    const html = await first.text();
    if (first.status !== 200 || !html.includes(picked.reference)) throw new Error(`page du dossier : ${first.status}`);
    const csrf = csrfOf(html);
    const page = await load(app.url + pagePath, { cookie });
    await app.stop();
    app = undefined;

    // Both pages on the same dossier: the bare page before any save adds to its history (the page loads it whole).
    bare = await startServer(['--import', 'tsx', 'bench/bare-dossier.ts'], { ...env, BENCH_USER_ID: clerk.id });
    const barePage = await load(bare.url + pagePath, {});
    await bare.stop();
    bare = undefined;

    // The session and its CSRF token live in the database: they hold across the restart.
    app = await startServer(['bin/socle.js', 'serve'], env);
    const startRevision = await revisionFrom(dir, picked.id);
    const realSaves = await saves((user, revision, quantity) => {
      const l = mine[user];
      return fetch(`${app!.url}${pagePath}/budget`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', 'x-socle-autosave': '1' },
        body: new URLSearchParams({
          _csrf: csrf, revision: String(revision), ligne: l.id, uai: l.uai, volet: String(l.volet), categorie: l.category, libelle: l.label,
          quantite: String(quantity), prixUnitaireHT: euros(l.unit_ht_cents), prixUnitaireTTC: euros(l.unit_ttc_cents),
        }).toString(),
      });
    }, startRevision, DURATION);
    await app.stop();
    app = undefined;

    bare = await startServer(['--import', 'tsx', 'bench/bare-dossier.ts'], { ...env, BENCH_USER_ID: clerk.id });
    const bareSaves = await saves((user, revision, quantity) => {
      const l = mine[user];
      return fetch(`${bare!.url}${pagePath}/budget`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          revision, lineId: l.id, uai: l.uai, volet: l.volet, category: l.category, label: l.label,
          quantity, unitHtCents: l.unit_ht_cents, unitTtcCents: l.unit_ttc_cents,
        }),
      });
    }, await revisionFrom(dir, picked.id), DURATION);

    const what = `dossier ${picked.reference}, ${SCHOOLS} écoles, ${LINES} lignes`;
    const share = page.rps / barePage.rps;
    lines.push({
      name: `page du dossier /dossiers/:id (${what}, ${Math.round(html.length / 1024)} Ko, connecté, ${CONNECTIONS} connexions)`, value: Math.round(page.rps), unit: 'req/s',
      baseline: { name: 'Fastify nu, loadDossierAccess + loadDossier, JSON', value: Math.round(barePage.rps), unit: 'req/s' },
      ratio: share, target: '≥ 50 % de la référence', met: share >= 0.5,
    });
    lines.push({ name: 'page du dossier, latence p99', value: page.p99, unit: 'ms', baseline: { name: 'Fastify nu, mêmes appels', value: barePage.p99, unit: 'ms' }, ratio: page.p99 / barePage.p99 });
    lines.push({
      name: `enregistrement d'une ligne de budget, ${CONNECTIONS} utilisateurs simultanés (une ligne chacun, route réelle en autosave : formulaire + CSRF + révision, ${realSaves.count} enregistrements), p95`,
      value: Number(realSaves.p95.toFixed(1)), unit: 'ms',
      baseline: { name: 'Fastify nu, même commande saveBudgetLine', value: Number(bareSaves.p95.toFixed(1)), unit: 'ms' },
      ratio: realSaves.p95 / bareSaves.p95, target: '< 100 ms sur SQLite', met: realSaves.p95 < 100,
    });
    lines.push({ name: "enregistrement d'une ligne, p50", value: Number(realSaves.p50.toFixed(1)), unit: 'ms', baseline: { name: 'Fastify nu', value: Number(bareSaves.p50.toFixed(1)), unit: 'ms' } });
    lines.push({ name: 'enregistrements par seconde (10 utilisateurs)', value: Math.round(realSaves.rps), unit: 'enr./s', baseline: { name: 'Fastify nu', value: Math.round(bareSaves.rps), unit: 'enr./s' }, ratio: realSaves.rps / bareSaves.rps });
  } finally {
    await app?.stop();
    await bare?.stop();
  }
  if (!given) fs.rmSync(dir, { recursive: true, force: true });
  return lines;
}

async function revisionFrom(dir: string, dossierId: string): Promise<number> {
  const db = openDb({ dataDir: dir });
  try { return await revisionOf(db, dossierId); } finally { await db.close(); }
}
