// The committee of an académie (issue 5): GET /comite, POST /comite (« Recalculer » or « Décider la
// vague »), a dossier before the committee (« Pourquoi ce rang ? », /comite/dossiers/:id), previews
// of the decision letter and the convention before the decision.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { decisionDocumentInput } from '../../commands/agreements';
import { DossierCommandError } from '../../commands/dossier';
import { decideWave, WaveRefusedError } from '../../commands/waves';
import type { Settings } from '../../config';
import type { Db } from '../../data/db';
import { academieOfScope, loadCommittee, loadCommitteeEntry, loadWaveAccess } from '../../data/waves';
import { renderAgreement } from '../../documents/agreement';
import { renderDecisionLetter } from '../../documents/decision-letter';
import { envelopeUse } from '../../domain/waves';
import { Mailer } from '../../mail/mailer';
import { authorize, can, ForbiddenError } from '../../policies';
import { pageContext } from '../context';
import { NotFoundPage } from '../errors';
import { requireSignIn } from '../plugins/session';
import { sendPage } from '../render';
import { COMMITTEE_SCRIPT, CommitteeEntryPage, CommitteePage } from './pages';

const CALL_ID = 'snee-2021';
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v !== '' ? [v] : []);

export const committeeRoutes: FastifyPluginAsync<{ db: Db; settings: Settings }> = async (app, { db, settings }) => {
  const mailer = new Mailer(settings);
  const signedIn = { preHandler: requireSignIn };

  const academieOf = (request: FastifyRequest): string => {
    const code = academieOfScope(request.user?.scope ?? null);
    if (code === undefined) throw new ForbiddenError('read', 'wave');
    return code;
  };

  const page = async (request: FastifyRequest, reply: FastifyReply, sel: { retained?: string[]; rejected?: string[] }, extra: { notice?: string; error?: string; problems?: readonly string[] } = {}, status = 200) => {
    const academie = academieOf(request);
    const access = await loadWaveAccess(db.kysely, request.user, academie);
    authorize(request.user, 'read', 'wave', access);
    const view = await loadCommittee(db.kysely, CALL_ID, academie);
    const retained = new Set(sel.retained ?? view.candidates.filter((c) => c.proposal === 'accept').map((c) => c.dossierId));
    const rejected = new Set(sel.rejected ?? []);
    const use = envelopeUse(view.envelope.amountCents, view.committedCents, view.candidates.filter((c) => retained.has(c.dossierId)));
    return sendPage(reply, <CommitteePage ctx={pageContext(request)} view={view} selected={retained} rejected={rejected} use={use} canDecide={can(request.user, 'decide', 'wave', access)} {...extra} />, status);
  };

  app.get('/comite/comite.js', async (_request, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(COMMITTEE_SCRIPT));

  app.get('/comite', signedIn, async (request, reply) => {
    const done = (request.query as Record<string, unknown>).vague;
    return page(request, reply, {}, typeof done === 'string' && /^\d+$/.test(done) ? { notice: `Vague n° ${done} décidée` } : {});
  });

  app.get('/comite/dossiers/:id', signedIn, async (request, reply) => {
    const academie = academieOf(request);
    authorize(request.user, 'read', 'wave', await loadWaveAccess(db.kysely, request.user, academie));
    const id = (request.params as { id: string }).id;
    const entry = id.length <= 64 ? await loadCommitteeEntry(db.kysely, CALL_ID, academie, id) : undefined;
    if (entry === undefined) {
      return sendPage(reply, <NotFoundPage ctx={pageContext(request)} detail="Ce dossier n’est pas devant le comité de votre académie : il n’a pas de proposition de décision, ou il est déjà décidé." />, 404);
    }
    return sendPage(reply, <CommitteeEntryPage ctx={pageContext(request)} entry={entry} />);
  });

  app.post('/comite', signedIn, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const retained = list(body.retenu);
    const rejected = list(body.rejet);
    if (body.action !== 'decider') return page(request, reply, { retained, rejected });
    const academie = academieOf(request);
    const expected = Number(body.vague);
    try {
      const wave = await decideWave({
        kysely: db.kysely, dialect: db.dialect, dataDir: settings.dataDir, publicUrl: settings.publicUrl,
        notify: async (tx, mail) => { await mailer.send(tx, mail, new Date()); },
      }, request.user, { callId: CALL_ID, academieCode: academie, retained, rejected, expectedNumber: Number.isSafeInteger(expected) && expected > 0 ? expected : undefined }, new Date());
      return reply.redirect(`/comite?vague=${wave.number}`, 303);
    } catch (e) {
      if (e instanceof WaveRefusedError) return page(request, reply, { retained, rejected }, { error: e.message, problems: e.problems }, e.status);
      if (e instanceof DossierCommandError) return page(request, reply, { retained, rejected }, { error: e.message }, e.status);
      throw e;
    }
  });

  for (const [name, render] of [['lettre', renderDecisionLetter], ['convention', renderAgreement]] as const) {
    app.get(`/comite/apercu/:id/${name}.pdf`, signedIn, async (request, reply) => {
      const academie = academieOf(request);
      authorize(request.user, 'read', 'wave', await loadWaveAccess(db.kysely, request.user, academie));
      const id = (request.params as { id: string }).id;
      const view = await loadCommittee(db.kysely, CALL_ID, academie);
      const c = [...view.candidates, ...view.rejections].find((x) => x.dossierId === id);
      if (c === undefined) throw new ForbiddenError('read', 'wave');
      const input = (await decisionDocumentInput(db.kysely, id, {
        preview: { equipmentCents: c.equipmentMaxCents, servicesCents: c.servicesMaxCents, waveNumber: view.nextWaveNumber, decidedAt: new Date().toISOString(), decidedBy: request.user!.displayName ?? 'Le décideur de l’académie' },
      }))!;
      const bytes = await render(input);
      return reply.type('application/pdf').header('content-disposition', `inline; filename="apercu-${name}-${c.reference}.pdf"`).header('cache-control', 'private, no-store').send(bytes);
    });
  }
};
