// The review journey: queues at /instruction (with CSV and XLSX exports from the same column
// definitions), the review page of a dossier at /instruction/dossiers/:id and its actions, the
// comparison of two versions, the opinion file; and the expert's page /avis/:token. Routes stay
// thin: they read the form, authorize through src/policies, call a command, redirect (303).
import { PassThrough } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { DossierCommandError, loadDossier, type FieldError } from '../../commands/dossier';
import {
  addPrivateNote, adjustBudgetLine, answerOpinion, findOpinionByToken, proposeDecision, requestOpinion, returnForChanges, setFollow, takeDossier, withdrawOpinion,
} from '../../commands/review';
import { scopeLabel } from '../../commands/review/accounts';
import { reviewEnv } from '../../commands/review/jobs';
import { readStoredFile } from '../../commands/storage';
import { acceptUploads, readMultipart } from '../plugins/uploads';
import type { Settings } from '../../config';
import type { Db } from '../../data/db';
import { loadDossierAccess, loadVersion } from '../../data/dossiers';
import {
  cellValue, COLUMN_BY_ID, COLUMNS, DEFAULT_COLUMNS, formatValue, isQueueKey, loadReviewExtras, queueCounts, queuePage, queueRows,
  territoryDepartements, type ColumnDefinition, type FilterValue, type QueueQuery,
} from '../../data/review';
import { compareVersions, type VersionContent } from '../../domain/dossier/compare';
import { authorize, can, ForbiddenError } from '../../policies';
import { pageContext } from '../context';
import { parseEuros } from '../dossiers/forms';
import { NotFoundPage } from '../errors';
import { requireSignIn } from '../plugins/session';
import { sendPage } from '../render';
import { ComparePage, ExpertPage, QueuePageView, ReviewPage, type QueueLinkChanges, type QueueState, type ReviewPageProps } from './pages';

type Body = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);
const bodyOf = (request: FastifyRequest): Body => (request.body && typeof request.body === 'object' ? request.body as Body : {});
const PAGE_SIZE = 25;

const NOTICES: Record<string, string> = {
  pris: 'Dossier pris en charge', renvoye: 'Dossier renvoyé pour compléments : la collectivité est prévenue', suivi: 'Dossier suivi',
  'non-suivi': 'Vous ne suivez plus ce dossier', note: 'Note privée ajoutée', avis: "Demande d'avis envoyée", ligne: 'Ajustement enregistré : la subvention est recalculée',
  proposition: 'Proposition de décision enregistrée', 'avis-retire': 'Demande d’avis retirée : son lien ne fonctionne plus et l’expert est prévenu',
};

/** Reads the queue's view (queue, filters, sort, columns, page) from the query string, through the column definitions only. */
export function queueStateOf(q: Record<string, unknown>): { state: QueueState; page: number } {
  const queue = isQueueKey(str(q.file)) ? str(q.file) as QueueState['queue'] : 'a-prendre';
  const filters: Record<string, FilterValue> = {};
  const raw: Record<string, string | string[]> = {};
  for (const c of COLUMNS) {
    const f = c.filter;
    if (!f) continue;
    if (f.kind === 'range') {
      const parse = (t: string) => (t.trim() === '' ? undefined : c.format === 'cents' ? parseEuros(t) : Number.isFinite(Number(t.replace(',', '.'))) ? Number(t.replace(',', '.')) : undefined);
      const minText = str(q[`${c.id}_min`]).slice(0, 30);
      const maxText = str(q[`${c.id}_max`]).slice(0, 30);
      const min = parse(minText);
      const max = parse(maxText);
      if (minText) raw[`${c.id}_min`] = minText;
      if (maxText) raw[`${c.id}_max`] = maxText;
      if (min !== undefined || max !== undefined) filters[c.id] = { kind: 'range', min, max };
    } else if (f.kind === 'text') {
      const t = str(q[c.id]).slice(0, 100);
      if (t.trim() !== '') { raw[c.id] = t; filters[c.id] = { kind: 'text', text: t }; }
    } else {
      const values = strs(q[c.id]).filter((v) => v !== '').slice(0, 20);
      if (values.length > 0) { raw[c.id] = values; filters[c.id] = { kind: 'choice', values }; }
    }
  }
  const chosen = strs(q.col).filter((id) => COLUMN_BY_ID.has(id));
  const columnIds = chosen.length > 0 ? chosen : DEFAULT_COLUMNS;
  const columns = COLUMNS.filter((c) => columnIds.includes(c.id));
  const sortColumn = COLUMN_BY_ID.get(str(q.tri))?.sortable ? str(q.tri) : 'depose_le';
  const direction = str(q.ordre) === 'desc' ? 'desc' : 'asc';
  const page = Math.max(1, Math.min(100_000, Number.parseInt(str(q.page), 10) || 1));
  // The view's parameters in a fixed order: file, filters, columns (encoded once), then sort and page,
  // the only ones a link changes (a queue page has about twenty links).
  const p = new URLSearchParams();
  p.set('file', queue);
  for (const [k, v] of Object.entries(raw)) for (const x of ([] as string[]).concat(v)) p.append(k, x);
  for (const id of chosen) p.append('col', id);
  const view = p.toString();
  const query = (changes: QueueLinkChanges) => {
    const shown = 'page' in changes ? changes.page : page > 1 ? page : null;
    return `${view}&tri=${encodeURIComponent(changes.tri ?? sortColumn)}&ordre=${changes.ordre ?? direction}${shown ? `&page=${shown}` : ''}`;
  };
  return { state: { queue, filters, raw, sort: { column: sortColumn, direction }, columns, query }, page };
}

const toQuery = (state: QueueState, page: number): QueueQuery => ({ queue: state.queue, filters: state.filters, sort: state.sort, page, pageSize: PAGE_SIZE });

const exportName = (state: QueueState, ext: string): string => `instruction-${state.queue}-${new Date().toISOString().slice(0, 10)}.${ext}`;

export const reviewRoutes: FastifyPluginAsync<{ db: Db; settings: Settings; now?: () => Date }> = async (app, { db, settings, now = () => new Date() }) => {
  const env = reviewEnv(db, settings, now);
  const signedIn = { preHandler: requireSignIn };

  // ---- queues -----------------------------------------------------------------------------------

  app.get('/instruction', signedIn, async (request, reply) => {
    const user = request.user!;
    authorize(user, 'read', 'review_queue');
    const { state, page } = queueStateOf(request.query as Record<string, unknown>);
    const [result, counts, departements, territory] = await Promise.all([
      queuePage(db.kysely, user, toQuery(state, page), state.columns),
      queueCounts(db.kysely, user),
      territoryDepartements(db.kysely, user.scope),
      scopeLabel(db.kysely, user.scope),
    ]);
    return sendPage(reply, <QueuePageView ctx={pageContext(request)} state={state} page={result} counts={counts} departements={departements} territory={territory} />);
  });

  app.get('/instruction/export.csv', signedIn, async (request, reply) => {
    const user = request.user!;
    authorize(user, 'read', 'review_queue');
    const { state } = queueStateOf(request.query as Record<string, unknown>);
    const csv = stringify({ delimiter: ';', bom: true, record_delimiter: 'windows' });
    void (async () => {
      try {
        csv.write(state.columns.map((c) => c.label));
        for await (const row of queueRows(db.kysely, user, toQuery(state, 1), state.columns)) {
          if (!csv.write(state.columns.map((c) => formatValue(c, row.values[c.id], { csv: true })))) await new Promise((r) => csv.once('drain', r));
        }
        csv.end();
      } catch (e) {
        csv.destroy(e as Error);
      }
    })();
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${exportName(state, 'csv')}"`).send(csv);
  });

  app.get('/instruction/export.xlsx', signedIn, async (request, reply) => {
    const user = request.user!;
    authorize(user, 'read', 'review_queue');
    const { state } = queueStateOf(request.query as Record<string, unknown>);
    const out = new PassThrough();
    const { default: ExcelJS } = await import('exceljs'); // ~25 MB, loaded with the first export
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    workbook.creator = 'Socle numérique';
    const sheet = workbook.addWorksheet('Dossiers', { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = state.columns.map((c: ColumnDefinition) => ({
      header: c.label, key: c.id, width: c.format === 'text' ? 32 : 18,
      style: c.format === 'cents' ? { numFmt: '#,##0.00 "€"' } : c.format === 'datetime' ? { numFmt: 'dd/mm/yyyy hh:mm' } : {},
    }));
    sheet.getRow(1).font = { bold: true };
    void (async () => {
      try {
        for await (const row of queueRows(db.kysely, user, toQuery(state, 1), state.columns)) {
          sheet.addRow(Object.fromEntries(state.columns.map((c) => [c.id, cellValue(c, row.values[c.id])]))).commit();
        }
        sheet.commit();
        await workbook.commit();
      } catch (e) {
        out.destroy(e as Error);
      }
    })();
    return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${exportName(state, 'xlsx')}"`).send(out);
  });

  // ---- the review page --------------------------------------------------------------------------

  const idOf = (request: FastifyRequest): string => (request.params as { id: string }).id;

  /** Loads the dossier for its reviewer: 404 when unknown, 403 unless `review` is allowed. */
  const loadForReview = async (request: FastifyRequest, reply: FastifyReply) => {
    const id = idOf(request);
    const access = id.length <= 64 ? await loadDossierAccess(db.kysely, request.user, id) : undefined;
    if (access === undefined) {
      await sendPage(reply, <NotFoundPage ctx={pageContext(request)} detail="Ce dossier n’existe pas." />, 404);
      return undefined;
    }
    authorize(request.user, 'review', 'dossier', access);
    return access;
  };

  const reviewPage = async (request: FastifyRequest, reply: FastifyReply, extra: Partial<ReviewPageProps> = {}, status = 200) => {
    const access = await loadForReview(request, reply);
    if (!access) return reply;
    const user = request.user!;
    const id = idOf(request);
    const [view, extras] = await Promise.all([loadDossier(db.kysely, id), loadReviewExtras(db.kysely, id, user.id, now())]);
    const asked = Number.parseInt(str((request.query as Record<string, unknown>).version), 10);
    const number = view!.versions.some((v) => v.number === asked) ? asked : view!.versions.at(-1)?.number;
    const stored = number === undefined ? undefined : await loadVersion(db.kysely, id, number);
    const version = stored === undefined ? null : { number: stored.number, content: JSON.parse(stored.content) as VersionContent, sha256: stored.sha256, submittedAt: stored.submitted_at, submittedBy: stored.submitted_by };
    const notice = NOTICES[str((request.query as Record<string, unknown>).fait)];
    return sendPage(reply, <ReviewPage ctx={pageContext(request)} view={view!} extras={extras} version={version} notice={status === 200 ? notice : undefined}
      perms={{
        review: can(user, 'review', 'dossier', access), note: can(user, 'create', 'review_note', access), opinion: can(user, 'create', 'opinion', access),
        withdrawOpinion: can(user, 'delete', 'opinion', access),
        propose: can(user, 'create', 'decision_proposal', access), message: can(user, 'create', 'dossier_message', access),
      }} {...extra} />, status);
  };

  app.get('/instruction/dossiers/:id', signedIn, async (request, reply) => reviewPage(request, reply));

  app.get('/instruction/dossiers/:id/comparer', signedIn, async (request, reply) => {
    const access = await loadForReview(request, reply);
    if (!access) return reply;
    const q = request.query as Record<string, unknown>;
    const id = idOf(request);
    const from = Number.parseInt(str(q.de), 10);
    const to = Number.parseInt(str(q.a), 10);
    const [a, b] = await Promise.all([Number.isSafeInteger(from) ? loadVersion(db.kysely, id, from) : undefined, Number.isSafeInteger(to) ? loadVersion(db.kysely, id, to) : undefined]);
    if (!a || !b) return sendPage(reply, <NotFoundPage ctx={pageContext(request)} detail="Ces versions du dossier n’existent pas." />, 404);
    const view = (await loadDossier(db.kysely, id, { explain: false }))!;
    const diff = compareVersions(JSON.parse(a.content) as VersionContent, JSON.parse(b.content) as VersionContent);
    return sendPage(reply, <ComparePage ctx={pageContext(request)} view={view} from={from} to={to} diff={diff} />);
  });

  app.get('/instruction/dossiers/:id/avis/:opinionId/fichier', signedIn, async (request, reply) => {
    const id = idOf(request);
    const access = id.length <= 64 ? await loadDossierAccess(db.kysely, request.user, id) : undefined;
    if (access === undefined) return sendPage(reply, <NotFoundPage ctx={pageContext(request)} />, 404);
    authorize(request.user, 'read', 'opinion', access);
    const o = await db.kysely.selectFrom('opinions').select(['file_path', 'file_mime', 'file_name'])
      .where('id', '=', (request.params as { opinionId: string }).opinionId).where('dossier_id', '=', id).executeTakeFirst();
    if (!o?.file_path) return sendPage(reply, <NotFoundPage ctx={pageContext(request)} detail="Cet avis n’a pas de fichier." />, 404);
    const bytes = await readStoredFile(settings.dataDir, o.file_path);
    return reply.type(o.file_mime ?? 'application/octet-stream')
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(o.file_name ?? 'avis')}`)
      .header('x-content-type-options', 'nosniff').send(bytes);
  });

  /** Runs a review action; a refused command re-renders the page with its French message and the form's values. */
  const action = (path: string, form: string, done: string, anchor: string, run: (request: FastifyRequest, body: Body) => Promise<unknown>, rename: Record<string, string> = {}) => {
    app.post(`/instruction/dossiers/:id/${path}`, signedIn, async (request, reply) => {
      const body = bodyOf(request);
      try {
        await run(request, body);
      } catch (e) {
        if (e instanceof FormError || e instanceof DossierCommandError) {
          const fields: readonly FieldError[] = e instanceof FormError ? e.errors : e.errors;
          const errors = Object.fromEntries(fields.map((f) => [rename[f.field] ?? f.field, f.message]));
          const values = Object.fromEntries(Object.entries(body).filter(([k]) => k !== '_csrf').map(([k, v]) => [k, str(v)]));
          const status = e instanceof FormError ? 422 : e.status;
          if (status === 404) return sendPage(reply, <NotFoundPage ctx={pageContext(request)} />, 404);
          return reviewPage(request, reply, { form, error: e.message, errors, values }, status);
        }
        throw e;
      }
      return reply.redirect(`/instruction/dossiers/${idOf(request)}?fait=${done}#${anchor}`, 303);
    });
  };

  const euros = (text: string, field: string, label: string): number | undefined => {
    if (text.trim() === '') return undefined;
    const cents = parseEuros(text);
    if (cents === undefined) throw new FormError([{ field, message: `${label} : « ${text} » n’est pas un montant en euros (exemple : 1 234,56).` }]);
    return cents;
  };

  action('prendre', 'prendre', 'pris', 'actions', (request) => takeDossier(env, request.user, { dossierId: idOf(request) }, now()));
  action('suivre', 'suivre', 'suivi', 'actions', async (request, body) => {
    await setFollow(env, request.user, { dossierId: idOf(request), follow: str(body.suivre) !== '0' }, now());
  });
  action('complements', 'complements', 'renvoye', 'actions', (request, body) => returnForChanges(env, request.user, { dossierId: idOf(request), message: str(body.message) }, now()));
  action('notes', 'note', 'note', 'notes', (request, body) => addPrivateNote(env, request.user, { dossierId: idOf(request), body: str(body.note) }, now()), { message: 'note' });
  action('avis', 'avis', 'avis', 'avis', (request, body) => requestOpinion(env, request.user, {
    dossierId: idOf(request), expertKind: str(body.expert) as 'erun', email: str(body.courriel), question: str(body.question), deadline: str(body.echeance),
  }, now()), { expertKind: 'type', deadline: 'echeance', email: 'courriel' });
  action('avis/:opinionId/retrait', 'retrait', 'avis-retire', 'avis', (request) => withdrawOpinion(env, request.user, {
    dossierId: idOf(request), opinionId: (request.params as { opinionId: string }).opinionId,
  }, now()));
  action('lignes/:lineId', 'ligne', 'ligne', 'budget', async (request, body) => {
    const mode = str(body.mode) as 'adjust';
    const eligibleCents = mode === 'adjust' ? euros(str(body.montantEligible), 'montantEligible', 'Montant éligible') : undefined;
    await adjustBudgetLine(env, request.user, { dossierId: idOf(request), lineId: (request.params as { lineId: string }).lineId, mode, eligibleCents, reason: str(body.motif) }, now());
  });
  action('proposition', 'proposition', 'proposition', 'proposition', async (request, body) => {
    const kind = str(body.decision) as 'accept';
    await proposeDecision(env, request.user, {
      dossierId: idOf(request), kind,
      ...(kind === 'accept' ? {
        equipmentMaxCents: euros(str(body.maximumEquipement), 'maximumEquipement', 'Maximum équipement'),
        servicesMaxCents: euros(str(body.maximumServices), 'maximumServices', 'Maximum services'),
      } : {}),
      reason: str(body.motif),
    }, now());
  });

  // ---- the expert -------------------------------------------------------------------------------

  // The expert's answer may carry a file: multipart read into a plain body before the CSRF check.
  await acceptUploads(app, 10);

  const expertPage = async (request: FastifyRequest, reply: FastifyReply, extra: { error?: string; errors?: Record<string, string>; values?: Record<string, string>; done?: boolean } = {}, status?: number) => {
    const token = (request.params as { token: string }).token;
    const opinion = await findOpinionByToken(db.kysely, token, now());
    if (opinion === undefined) return sendPage(reply, <NotFoundPage ctx={pageContext(request)} detail="Ce lien d’avis n’existe pas : vérifiez l’adresse reçue par courriel." />, 404);
    const open = can(request.user, 'read', 'opinion_answer', { open: opinion.status === 'open' });
    let version: VersionContent | null = null;
    if (open) {
      const last = await db.kysely.selectFrom('dossier_versions').select((eb) => eb.fn.max('number').as('n')).where('dossier_id', '=', opinion.dossierId).executeTakeFirst();
      const stored = last?.n == null ? undefined : await loadVersion(db.kysely, opinion.dossierId, Number(last.n));
      version = stored ? JSON.parse(stored.content) as VersionContent : null;
    }
    reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
    return sendPage(reply, <ExpertPage ctx={pageContext(request)} token={token} opinion={opinion} version={version} {...extra} />, status ?? (open || extra.done ? 200 : 410));
  };

  app.get('/avis/:token', async (request, reply) => {
    const done = str((request.query as Record<string, unknown>).fait) === 'merci';
    return expertPage(request, reply, { done });
  });

  app.post('/avis/:token', { preValidation: readMultipart }, async (request, reply) => {
    const token = (request.params as { token: string }).token;
    const body = bodyOf(request);
    const file = body.fichier as { fileName: string; bytes: Uint8Array } | undefined;
    try {
      await answerOpinion(env, request.user, { token, answer: str(body.avis) as 'yes', text: str(body.texte), ...(file ? { file } : {}) }, now());
    } catch (e) {
      if (e instanceof ForbiddenError) return expertPage(request, reply, {}, 410);
      if (e instanceof DossierCommandError) {
        const rename: Record<string, string> = { answer: 'avis', text: 'texte' };
        const errors = Object.fromEntries(e.errors.map((f) => [rename[f.field] ?? f.field, f.message]));
        return expertPage(request, reply, { error: e.message, errors, values: { avis: str(body.avis), texte: str(body.texte) } }, e.status === 404 ? 404 : e.status);
      }
      throw e;
    }
    return reply.redirect(`/avis/${token}?fait=merci`, 303);
  });
};

/** A form value that cannot be read (an amount), reported before any command runs. */
class FormError extends Error {
  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => e.message).join(' '));
  }
}
