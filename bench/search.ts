// Benchmark of the school search (issue 2): the page against a bare Fastify route running the same
// query, the query alone, and the server's memory after a restart and after the load.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { openDb } from '../src/data/db';
import { migrate } from '../src/data/migrate';
import { searchSchools } from '../src/data/reference';
import { importReference } from '../src/reference/import';
import type { BenchLine } from './lib';
import { rssMb, startServer } from './servers';

export const QUERY = 'jules ferry';
const DURATION = Number(process.env.BENCH_SECONDS ?? 5);

async function load(url: string): Promise<{ rps: number; p99: number; p50: number }> {
  await autocannon({ url, connections: 10, duration: 1 }); // warm-up
  const r = await autocannon({ url, connections: 10, duration: DURATION });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${url} : ${r.non2xx} réponses en erreur, ${r.errors} erreurs`);
  return { rps: r.requests.average, p99: r.latency.p99, p50: r.latency.p50 };
}

/** A SQLite DATA_DIR with the reference data imported, made once per bench run. */
export async function importedDataDir(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socle-bench-search-'));
  const db = openDb({ dataDir: dir });
  await migrate(db);
  await importReference(db);
  await db.close();
  return dir;
}

export async function benchSearch(dataDir: string): Promise<BenchLine[]> {
  const lines: BenchLine[] = [];
  const q = encodeURIComponent(QUERY);

  // The query alone, in process.
  const db = openDb({ dataDir });
  const first = await searchSchools(db, { q: QUERY });
  const times: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const t = performance.now();
    await searchSchools(db, { q: QUERY, page: 1 + (i % 3) });
    times.push(performance.now() - t);
  }
  await db.close();
  times.sort((a, b) => a - b);
  const p50 = times[Math.floor(times.length / 2)];
  lines.push({ name: `requête de recherche seule « ${QUERY} » (${first.total} résultats, ${first.rows.length} par page), p50`, value: Number(p50.toFixed(3)), unit: 'ms', target: '< 1 ms', met: p50 < 1 });

  const env = { DATA_DIR: dataDir, SOCLE_DEMO: '0', LOG_LEVEL: 'info' };
  const app = await startServer(['bin/socle.js', 'serve'], env);
  const rssStart = rssMb(app.pid);
  const page = await load(`${app.url}/ecoles?q=${q}`);
  const rssAfter = rssMb(app.pid);
  await app.stop();

  const bare = await startServer(['--import', 'tsx', 'bench/bare-server.ts'], env);
  const bareSearch = await load(`${bare.url}/search?q=${q}`);
  const fixed = await load(`${bare.url}/fixed`);
  await bare.stop();

  const share = page.rps / bareSearch.rps;
  lines.push({
    name: 'page de recherche /ecoles (10 connexions)', value: Math.round(page.rps), unit: 'req/s',
    baseline: { name: 'Fastify nu, même requête, JSON', value: Math.round(bareSearch.rps), unit: 'req/s' },
    ratio: share, target: '≥ 50 % de la référence', met: share >= 0.5,
  });
  lines.push({ name: 'page de recherche, latence p99', value: page.p99, unit: 'ms', baseline: { name: 'Fastify nu, même requête', value: bareSearch.p99, unit: 'ms' } });
  lines.push({ name: 'Fastify nu, chaîne fixe (échelle)', value: Math.round(fixed.rps), unit: 'req/s' });
  lines.push({ name: 'mémoire du serveur (RSS) après redémarrage sur base importée', value: rssStart, unit: 'Mo', target: '< 250 Mo', met: rssStart < 250 });
  lines.push({ name: 'mémoire du serveur (RSS) après le banc de recherche', value: rssAfter, unit: 'Mo', target: '< 250 Mo', met: rssAfter < 250 });
  return lines;
}
