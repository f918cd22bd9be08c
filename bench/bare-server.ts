// The baseline of the HTTP benchmarks: Fastify with no plugins, the same query, rows as JSON.
import Fastify from 'fastify';
import { openDb } from '../src/data/db';
import { searchSchools } from '../src/data/reference';

const db = openDb({ dataDir: process.env.DATA_DIR ?? 'var', databaseUrl: process.env.DATABASE_URL });
const app = Fastify({ logger: false });
app.get('/healthz', async () => ({ status: 'ok' }));
app.get('/fixed', async () => 'ok');
app.get<{ Querystring: { q?: string; page?: string } }>('/search', async (req) =>
  searchSchools(db, { q: req.query.q ?? '', page: Number(req.query.page ?? 1) }));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
