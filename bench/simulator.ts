// Benchmark of the simulator API (issue 3): requests/s and p99 of POST /api/v1/simulations on the real
// server (`node bin/socle.js serve` on an imported DATA_DIR: every plugin, content-type check, JSON
// problems) against a bare Fastify route (no plugin, Fastify's own JSON parser, no content-type check)
// running the same engine call, measured in the same run. Also the simulator page, for scale.
//
// Run alone: npm run bench -- simulator. With `--bare-server`, this file is that bare server.
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import type { BenchLine } from './lib';
import { startServer } from './servers';

const DURATION = Number(process.env.BENCH_SECONDS ?? 5);

/** A realistic dossier: an EPCI's 10 schools in 3 communes, one below the minimum, one above the class cap. */
export const DOSSIER = {
  call: 'snee-2021',
  schools: [
    { uai: '0352129Z', commune: '35006', classes: 12, pupils: 217, equipmentCents: 2_000_000, servicesCents: 300_000 },
    { uai: '0351633K', commune: '35006', classes: 12, pupils: 174, equipmentCents: 500_000, servicesCents: 100_000 },
    { uai: '0352230J', commune: '35014', classes: 7, pupils: 99, equipmentCents: 3_000_000, servicesCents: 150_000 },
    { uai: '0350121S', commune: '35014', classes: 7, pupils: 88, equipmentCents: 200_000, servicesCents: 50_000 },
    { uai: '0351176N', commune: '35016', classes: 4, pupils: 77, equipmentCents: 1_400_000, servicesCents: 154_000 },
    { uai: '0350122T', commune: '35016', classes: 6, pupils: 88, equipmentCents: 2_100_000, servicesCents: 176_000 },
    { commune: '35016', classes: 3, pupils: 60, equipmentCents: 1_050_000, servicesCents: 120_000 },
    { commune: '35016', classes: 2, pupils: 40, equipmentCents: 700_000, servicesCents: 80_000 },
    { commune: '35014', classes: 5, pupils: 110, equipmentCents: 1_750_000, servicesCents: 220_000 },
    { commune: '35006', classes: 9, pupils: 200, equipmentCents: 3_150_000, servicesCents: 400_000 },
  ],
};

interface Load { rps: number; p99: number; p50: number }

async function load(opts: { url: string; method?: 'GET' | 'POST'; body?: string; headers?: Record<string, string> }): Promise<Load> {
  const base = { url: opts.url, method: opts.method ?? 'GET', body: opts.body, headers: opts.headers, connections: 10 } as const;
  await autocannon({ ...base, duration: 1 }); // warm-up
  const r = await autocannon({ ...base, duration: DURATION });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${opts.url} : ${r.non2xx} réponses en erreur, ${r.errors} erreurs`);
  return { rps: r.requests.average, p99: r.latency.p99, p50: r.latency.p50 };
}

async function bareServer(): Promise<void> {
  const [{ default: Fastify }, { simulate }] = await Promise.all([import('fastify'), import('../src/domain/funding')]);
  const app = Fastify({ logger: false });
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.post('/simulations', async (request, reply) => {
    const outcome = simulate(request.body);
    return outcome.ok ? outcome.result : reply.code(400).send(outcome.error);
  });
  await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
}

export async function benchSimulator(dataDir?: string): Promise<BenchLine[]> {
  const dir = dataDir ?? (await (await import('./search')).importedDataDir());
  const body = JSON.stringify(DOSSIER);
  const json = { 'content-type': 'application/json' };
  const env = { DATA_DIR: dir, SOCLE_DEMO: '0', LOG_LEVEL: 'warn' };

  const real = await startServer(['bin/socle.js', 'serve'], env);
  let api: Load;
  let page: Load;
  try {
    const check = await fetch(`${real.url}/api/v1/simulations`, { method: 'POST', headers: json, body });
    if (check.status !== 200) throw new Error(`POST /api/v1/simulations : HTTP ${check.status}`);
    api = await load({ url: `${real.url}/api/v1/simulations`, method: 'POST', body, headers: json });
    const query = new URLSearchParams({ commune: '35006' });
    for (const s of DOSSIER.schools.slice(0, 2)) {
      query.append('uai', s.uai!);
      query.append('classes', String(s.classes));
      query.append('eleves', String(s.pupils));
      query.append('equipement', String(s.equipmentCents / 100));
      query.append('services', String(s.servicesCents / 100));
    }
    page = await load({ url: `${real.url}/simulateur?${query.toString()}` });
  } finally {
    await real.stop();
  }

  const bare = await startServer(['--import', 'tsx', 'bench/simulator.ts', '--bare-server'], env);
  let baseline: Load;
  try {
    baseline = await load({ url: `${bare.url}/simulations`, method: 'POST', body, headers: json });
  } finally {
    await bare.stop();
  }

  const share = api.rps / baseline.rps;
  return [
    {
      name: `API POST /api/v1/simulations, dossier de ${DOSSIER.schools.length} écoles (10 connexions)`, value: Math.round(api.rps), unit: 'req/s',
      baseline: { name: 'Fastify nu, même appel au moteur, JSON sans validation', value: Math.round(baseline.rps), unit: 'req/s' },
      ratio: share, target: '≥ 50 % de la référence', met: share >= 0.5,
    },
    {
      name: 'API POST /api/v1/simulations, latence p99', value: api.p99, unit: 'ms',
      baseline: { name: 'Fastify nu, même appel au moteur', value: baseline.p99, unit: 'ms' }, ratio: api.p99 / Math.max(baseline.p99, 1),
    },
    { name: 'page /simulateur d’une commune de 2 écoles, avec résultat (10 connexions)', value: Math.round(page.rps), unit: 'req/s' },
    { name: 'page /simulateur, latence p99', value: page.p99, unit: 'ms' },
  ];
}

if (process.argv.includes('--bare-server') && import.meta.url === pathToFileURL(process.argv[1]).href) await bareServer();
