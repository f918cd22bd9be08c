// The baseline of the dossier benchmark: Fastify with no plugins (no session, no CSRF, no rendering),
// the same repository calls as the dossier page (`loadDossierAccess` + `loadDossier`) answered as
// JSON, and the same `saveBudgetLine` command as the budget form. The person acting is the user
// BENCH_USER_ID, read once at start.
import Fastify from 'fastify';
import { saveBudgetLine, type SaveBudgetLineInput } from '../src/commands/dossier/budget';
import { DossierConflictError, DossierCommandError, type CommandEnv } from '../src/commands/dossier/context';
import { openDb } from '../src/data/db';
import { loadDossier } from '../src/commands/dossier/view';
import { loadDossierAccess } from '../src/data/dossiers';
import { findUserById, toActor } from '../src/data/users';

const dataDir = process.env.DATA_DIR ?? 'var';
const db = openDb({ dataDir, databaseUrl: process.env.DATABASE_URL });
const user = await findUserById(db.kysely, process.env.BENCH_USER_ID ?? '');
if (!user) throw new Error(`utilisateur ${process.env.BENCH_USER_ID} introuvable`);
const actor = toActor(user);
const env: CommandEnv = { kysely: db.kysely, dialect: db.dialect, dataDir };

const app = Fastify({ logger: false });
app.get('/healthz', async () => ({ status: 'ok' }));
app.get<{ Params: { id: string } }>('/dossiers/:id', async (req, reply) => {
  const access = await loadDossierAccess(db.kysely, actor, req.params.id);
  if (access === undefined) return reply.code(404).send({ ok: false });
  return { access, view: await loadDossier(db.kysely, req.params.id, { explain: true }) };
});
app.post<{ Params: { id: string }; Body: Omit<SaveBudgetLineInput, 'dossierId'> }>('/dossiers/:id/budget', async (req, reply) => {
  try {
    const outcome = await saveBudgetLine(env, actor, { ...req.body, dossierId: req.params.id }, new Date());
    return { ok: true, revision: outcome.revision };
  } catch (e) {
    if (e instanceof DossierConflictError) return reply.code(409).send({ ok: false, changes: e.changes });
    if (e instanceof DossierCommandError) return reply.code(e.status).send({ ok: false, message: e.message });
    throw e;
  }
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
