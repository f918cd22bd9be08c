// The applicant's journey on the web (issue 4): thin routes over the dossier commands
// (src/commands/dossier) and queries (src/data/dossiers). Every route needs a signed-in person and
// goes through src/policies: an unknown dossier is a 404 page, another's a 403 page. A form that is
// refused is shown again with the person's input, a French message per field and a summary (422);
// a conflicting change (409) says who changed what since the page was opened. The enhancement script
// posts the same forms with `x-socle-autosave: 1` and gets JSON back (revision, amounts and their
// explanation, as the command computed them after the change: the dossier is not read again).
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import {
  acceptSchoolInvitation, addSchools, attachFile, createDossier, deleteBudgetLine, DossierCommandError, DossierConflictError, inviteSchoolMember,
  loadDossier, loadDossierSnapshot, postMessage, readAttachment, removeSchool, revokeSchoolInvitation, saveBudgetLine, saveDiagnostic, saveProject, schoolInvitationState, signProject,
  submitDossier, updateSchool, withdrawDossier,
  type CommandEnv, type CommandOutcome, type DossierSnapshot, type DossierView, type SavedLine,
} from '../../commands/dossier';
import { readStoredFile } from '../../commands/storage';
import { acceptUploads, readMultipart } from '../plugins/uploads';
import type { Settings } from '../../config';
import type { Db } from '../../data/db';
import { callOf } from '../../data/dossier-facts';
import { referentialFor } from '../../data/dossier-referential';
import { territorySchools } from '../../data/dossier-territory';
import { listDossiersForUser, loadDossierAccess, loadVersion } from '../../data/dossiers';
import { organisationsOf } from '../../data/organisations';
import { getCall } from '../../domain/calls';
import { isDossierState, isEditable } from '../../domain/dossier/lifecycle';
import { Mailer } from '../../mail/mailer';
import { authorize, can, ForbiddenError, type Action, type Actor, type Subject } from '../../policies';
import type { DossierResource } from '../../policies/dossier';
import { serveAssets } from '../assets';
import { pageContext } from '../context';
import { NotFoundPage } from '../errors';
import { requireSignIn } from '../plugins/session';
import { sendPage } from '../render';
import { errorsOf, euros, explanationGroups, fieldHref, type Perms } from './components';
import {
  budgetFormOf, budgetInput, diagnosticInput, diagnosticValues, diagnosticValuesOf, FormError, headcountInput, projectFormOf, projectInput, str, strs,
  type FormBody,
} from './forms';
import {
  AttachmentsPage, BudgetPage, DiagnosticIndexPage, DiagnosticSchoolPage, DossierInvitationPage, MessagesPage, MyDossiersPage, OverviewPage, ProjectPage,
  SchoolsPage, SubmitPage, SummaryPage, TeamPage, VersionPage, VersionsPage, WithdrawPage, type Base, type Refused,
} from './pages';

export const CALL_ID = 'snee-2021';

/**
 * The platform's clock for the dossier commands. In the demo (SOCLE_DEMO=1) the 2021 call is
 * replayed: the clock starts on 15 March 2021, 9 h (Paris), inside the call's period, and runs from
 * the server's start; elsewhere it is the real time.
 */
export function demoClock(start = '2021-03-15T08:00:00.000Z'): () => Date {
  const origin = Date.now();
  const base = Date.parse(start);
  return () => new Date(base + (Date.now() - origin));
}

const NOTICES: Record<string, string> = {
  cree: 'Dossier créé : choisissez maintenant ses écoles.',
  ecoles: 'Écoles ajoutées au dossier.',
  retiree: 'École retirée du dossier.',
  effectifs: 'Effectifs enregistrés.',
  diagnostic: 'Diagnostic enregistré.',
  ligne: 'Ligne de budget enregistrée.',
  supprimee: 'Ligne de budget supprimée.',
  projet: 'Projet pédagogique enregistré.',
  piece: 'Pièce jointe ajoutée.',
  invitation: 'Invitation envoyée.',
  'invitation-annulee': 'Invitation annulée : son lien ne fonctionne plus.',
  cosigne: 'Projet cosigné.',
  depose: 'Dossier déposé : l’accusé de dépôt est disponible ci-dessous.',
  message: 'Message envoyé.',
  retire: 'Dossier retiré.',
  bienvenue: 'Vous avez rejoint le dossier.',
};

interface Loaded { view: DossierView; perms: Perms; access: DossierResource }

const body = (request: FastifyRequest): FormBody => (request.body && typeof request.body === 'object' ? request.body as FormBody : {});
const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;
const wantsJson = (request: FastifyRequest) => request.headers['x-socle-autosave'] === '1';

export const dossierRoutes: FastifyPluginAsync<{ db: Db; settings: Settings; clock?: () => Date }> = async (app, opts) => {
  const { db, settings } = opts;
  const mailer = new Mailer(settings);
  const now = opts.clock ?? (settings.demo ? demoClock() : () => new Date());
  const env: CommandEnv = {
    kysely: db.kysely, dialect: db.dialect, dataDir: settings.dataDir, publicUrl: settings.publicUrl, explain: true,
    notify: async (tx, mail) => { await mailer.send(tx, mail, now()); },
  };
  const scriptUrl = serveAssets(app, '/assets/dossiers', new URL('./assets/', import.meta.url), { 'dossier.js': 'text/javascript; charset=utf-8' })('dossier.js');
  const signedIn = { preHandler: requireSignIn };

  // Files come as multipart, read into a plain body before the CSRF check (src/web/plugins/uploads.ts);
  // an anonymous visitor's upload is not even read: requireSignIn sends them to sign in.
  await acceptUploads(app, 20);
  const readUpload = async (request: FastifyRequest) => { if (request.user) await readMultipart(request); };
  const upload = { preValidation: readUpload, preHandler: requireSignIn };

  // -- loading and answering ------------------------------------------------------------------

  const permsOf = (user: Actor, access: DossierResource): Perms => {
    const write = can(user, 'update', 'dossier', access);
    const editable = isDossierState(access.state) && isEditable(access.state);
    return {
      write, edit: write && editable, team: access.schoolRoles,
      message: can(user, 'create', 'dossier_message', access),
      attach: can(user, 'create', 'dossier_attachment', access),
      readAttachments: can(user, 'read', 'dossier_attachment', access),
      revokeInvitations: can(user, 'delete', 'dossier_invitation', access),
    };
  };

  /** The dossier of the URL, read through the policy: undefined once a 404 page is sent. */
  const load = async (request: FastifyRequest, reply: FastifyReply): Promise<Loaded | undefined> => {
    const id = idOf(request);
    const access = id.length <= 64 ? await loadDossierAccess(db.kysely, request.user, id) : undefined;
    if (access === undefined) {
      await sendPage(reply, <NotFoundPage ctx={pageContext(request)} detail="Ce dossier n’existe pas, ou son adresse est incomplète." />, 404);
      return undefined;
    }
    authorize(request.user, 'read', 'dossier', access);
    const view = (await loadDossier(db.kysely, id, { explain: true }))!;
    return { view, perms: permsOf(request.user!, access), access };
  };

  /** The policy first, before any validation: a stranger learns nothing from the form's messages; an unknown id answers like another's dossier. */
  const guard = async (request: FastifyRequest, action: Action, subject: Subject, extra: Partial<Pick<DossierResource, 'uai' | 'role'>> = {}) => {
    const id = idOf(request);
    const access = id.length <= 64 ? await loadDossierAccess(db.kysely, request.user, id) : undefined;
    if (access === undefined) throw new ForbiddenError(action, subject);
    authorize(request.user, action, subject, { ...access, ...extra } as never);
  };

  const noticeOf = (request: FastifyRequest): string | undefined => {
    const q = request.query as Record<string, unknown>;
    const n = NOTICES[str(q.fait)];
    const voided = Number(str(q.annulees));
    if (n && voided > 0) return `${n} Cette modification a annulé ${voided === 1 ? 'une cosignature' : `${voided} cosignatures`} : voyez la page « Équipes des écoles et cosignatures ».`;
    return n;
  };

  const base = (request: FastifyRequest, l: Loaded): Base => ({ ctx: pageContext(request), view: l.view, perms: l.perms, notice: noticeOf(request), scriptUrl });

  /** After a successful save: JSON for the script, else back to the section (303). */
  const saved = async (request: FastifyRequest, reply: FastifyReply, outcome: Pick<CommandOutcome<unknown>, 'revision' | 'voided' | 'snapshot'>, location: string, extra: Record<string, unknown> = {}) => {
    if (wantsJson(request)) {
      // The command's own computation of the dossier after the change; read it only for a command that does not recompute.
      const snapshot = outcome.snapshot ?? await loadDossierSnapshot(db.kysely, idOf(request), env);
      return reply.header('cache-control', 'no-store').send({ ok: true, revision: outcome.revision, voided: outcome.voided.map((v) => v.message), ...amountsJson(snapshot), ...extra });
    }
    const [path, hash] = location.split('#');
    const voided = outcome.voided.length > 0 ? `${path.includes('?') ? '&' : '?'}annulees=${outcome.voided.length}` : '';
    return reply.redirect(`${path}${voided}${hash ? `#${hash}` : ''}`, 303);
  };

  /**
   * Runs a command; on a refusal, answers JSON for the script or shows `again` with the errors
   * (fields mapped by `mapField`) and the status of the refusal.
   */
  const attempt = async <T,>(
    request: FastifyRequest, reply: FastifyReply, run: () => Promise<T>,
    again: (refused: Refused) => Promise<VNode | undefined>, mapField: (f: string) => string = (f) => f,
  ): Promise<{ ok: true; value: T } | { ok: false }> => {
    try {
      return { ok: true, value: await run() };
    } catch (e) {
      let refused: Refused; let status: number;
      if (e instanceof FormError) { refused = { errors: errorsOf(e.errors, mapField) }; status = 422; }
      else if (e instanceof DossierConflictError) { refused = { conflict: e.changes, message: e.message }; status = 409; }
      else if (e instanceof DossierCommandError) { refused = { errors: errorsOf(e.errors.filter((x) => x.field !== ''), mapField), message: e.message }; status = e.status; }
      else throw e;
      if (wantsJson(request)) {
        await reply.code(status).header('cache-control', 'no-store').send({ ok: false, status, message: refused.message ?? Object.values(refused.errors ?? {}).join(' '), errors: refused.errors ?? {}, changes: refused.conflict ?? [] });
        return { ok: false };
      }
      const page = await again(refused);
      if (page) await sendPage(reply, page, status);
      return { ok: false };
    }
  };

  // -- my dossiers, creation -------------------------------------------------------------------

  const myDossiers = async (request: FastifyRequest, reply: FastifyReply, error?: string, status = 200) => {
    const user = request.user!;
    const [dossiers, orgs] = await Promise.all([listDossiersForUser(db.kysely, user.id), organisationsOf(db.kysely, user.id)]);
    const creatable = orgs.filter((o) => (o.role === 'admin' || o.role === 'editor') && !dossiers.some((d) => d.organisationId === o.id && d.callId === CALL_ID))
      .map((o) => ({ id: o.id, name: o.name }));
    return sendPage(reply, <MyDossiersPage ctx={pageContext(request)} dossiers={dossiers} creatable={creatable} callTitle={getCall(CALL_ID)?.title ?? CALL_ID} error={error} demoNow={settings.demo ? now() : undefined} />, status);
  };

  app.get('/dossiers', signedIn, async (request, reply) => {
    authorize(request.user, 'read', 'account');
    return myDossiers(request, reply);
  });

  app.post('/dossiers', signedIn, async (request, reply) => {
    const b = body(request);
    try {
      const created = await createDossier(env, request.user, { callId: str(b.callId) || CALL_ID, organisationId: str(b.organisationId) }, now());
      return reply.redirect(`/dossiers/${created.id}/ecoles?fait=cree`, 303);
    } catch (e) {
      if (e instanceof DossierCommandError) return myDossiers(request, reply, e.message, e.status);
      throw e;
    }
  });

  // -- overview, summary ------------------------------------------------------------------------

  app.get('/dossiers/:id', signedIn, async (request, reply) => {
    const l = await load(request, reply);
    if (!l) return reply;
    return sendPage(reply, <OverviewPage {...base(request, l)} />);
  });

  app.get('/dossiers/:id/resume', signedIn, async (request, reply) => {
    const l = await load(request, reply);
    if (!l) return reply;
    return sendPage(reply, <SummaryPage {...base(request, l)} />);
  });

  /** The amounts, for the script (figures keyed like the page's data-montant attributes). */
  const amountsJson = ({ facts, computed }: DossierSnapshot) => {
    const a = computed.amounts;
    const amounts: Record<string, string> = {
      grant: euros(a.grantCents),
      'equipment-spending': euros(computed.equipmentDeclaredCents), 'equipment-eligible': euros(a.equipment.eligibleCents), 'equipment-grant': euros(a.equipment.grantCents),
      'services-spending': euros(computed.servicesDeclaredCents), 'services-eligible': euros(a.services.eligibleCents), 'services-grant': euros(a.services.grantCents),
    };
    computed.schools.forEach((s, i) => {
      const school = a.schools[i];
      amounts[`school-${s.uai}-equipment`] = euros(s.equipmentDeclaredCents);
      amounts[`school-${s.uai}-services`] = euros(s.servicesDeclaredCents);
      amounts[`school-${s.uai}-grant`] = euros(school.equipment.grantCents + school.services.grantCents);
    });
    const ids = { dossier: { id: facts.dossier.id }, organisation: { id: facts.organisation.id } };
    return {
      amounts,
      explanation: explanationGroups(computed.explanation ?? []),
      blocking: computed.checks.filter((c) => c.severity === 'blocking').map((c) => ({ message: c.message, href: fieldHref(ids, c.field) })),
    };
  };

  /** The saved line, for the script: its id (a new line is then edited in place) and its row's cells. */
  const lineJson = ({ result, snapshot }: CommandOutcome<SavedLine>) => {
    const line = snapshot?.facts.lines.find((l) => l.id === result.lineId);
    if (!snapshot || !line) return { id: result.lineId };
    const item = referentialFor(callOf(snapshot.facts.dossier.call_id).referentialVersion).items.find((i) => i.code === line.category);
    const key = `line-${line.id}`;
    return {
      id: result.lineId,
      line: {
        [`${key}-school`]: snapshot.facts.schools.find((s) => s.uai === line.uai)?.name ?? line.uai,
        [`${key}-category`]: item?.label ?? line.category,
        [`${key}-label`]: line.label,
        [`${key}-quantity`]: String(line.quantity),
        [`${key}-ht`]: euros(line.unit_ht_cents),
        [`${key}-ttc`]: euros(line.unit_ttc_cents),
        [`${key}-amount`]: euros(result.amountCents),
      },
    };
  };

  // -- schools ----------------------------------------------------------------------------------

  const schoolsPage = async (request: FastifyRequest, reply: FastifyReply, extra: Refused & { checked?: string[]; headcount?: { uai: string; classes: string; eleves: string; motif: string } } = {}) => {
    const l = await load(request, reply);
    if (!l) return undefined;
    const territory = l.perms.edit ? await territorySchools(db.kysely, l.view.organisation.id, l.view.dossier.call_id) : [];
    return <SchoolsPage {...base(request, l)} notice={extra.errors || extra.conflict || extra.message ? undefined : noticeOf(request)} territory={territory} {...extra} />;
  };

  app.get('/dossiers/:id/ecoles', signedIn, async (request, reply) => {
    const page = await schoolsPage(request, reply);
    return page ? sendPage(reply, page) : reply;
  });

  app.post('/dossiers/:id/ecoles', signedIn, async (request, reply) => {
    const b = body(request);
    const uais = strs(b.ecoles);
    const r = await attempt(request, reply, async () => await guard(request, 'update', 'dossier') ?? addSchools(env, request.user, { dossierId: idOf(request), revision: Number(str(b.revision)), uais }, now()),
      (refused) => schoolsPage(request, reply, { ...refused, checked: uais }), (f) => (f.startsWith('ecoles') ? 'ecoles' : f));
    if (r.ok) return saved(request, reply, r.value, `/dossiers/${idOf(request)}/ecoles?fait=ecoles`);
    return reply;
  });

  app.post('/dossiers/:id/ecoles/:uai/effectifs', signedIn, async (request, reply) => {
    const b = body(request);
    const uai = (request.params as { uai: string }).uai;
    const headcount = { uai, classes: str(b.classes), eleves: str(b.eleves), motif: str(b.motif) };
    const r = await attempt(request, reply, async () => await guard(request, 'update', 'dossier') ?? updateSchool(env, request.user, headcountInput(idOf(request), uai, b), now()),
      (refused) => schoolsPage(request, reply, { ...refused, headcount }));
    if (r.ok) return saved(request, reply, r.value, `/dossiers/${idOf(request)}/ecoles?fait=effectifs`);
    return reply;
  });

  app.post('/dossiers/:id/ecoles/:uai/retirer', signedIn, async (request, reply) => {
    const uai = (request.params as { uai: string }).uai;
    const r = await attempt(request, reply, async () => await guard(request, 'update', 'dossier') ?? removeSchool(env, request.user, { dossierId: idOf(request), revision: Number(str(body(request).revision)), uai }, now()),
      (refused) => schoolsPage(request, reply, refused));
    if (r.ok) return saved(request, reply, r.value, `/dossiers/${idOf(request)}/ecoles?fait=retiree`);
    return reply;
  });

  // -- diagnostic -------------------------------------------------------------------------------

  app.get('/dossiers/:id/diagnostic', signedIn, async (request, reply) => {
    const l = await load(request, reply);
    if (!l) return reply;
    return sendPage(reply, <DiagnosticIndexPage {...base(request, l)} />);
  });

  const diagnosticPage = async (request: FastifyRequest, reply: FastifyReply, refused: Refused & { values?: Record<string, string> } = {}) => {
    const l = await load(request, reply);
    if (!l) return undefined;
    const uai = (request.params as { uai: string }).uai;
    const school = l.view.schools.find((s) => s.uai === uai);
    if (!school) {
      await sendPage(reply, <NotFoundPage ctx={pageContext(request)} detail="Cette école ne figure pas dans le dossier." />, 404);
      return undefined;
    }
    const canEdit = isDossierState(l.view.dossier.state) && isEditable(l.view.dossier.state) && can(request.user, 'update', 'dossier_diagnostic', { ...l.access, uai });
    const values = refused.values ?? diagnosticValues(school.computed.entries);
    return <DiagnosticSchoolPage {...base(request, l)} notice={refused.errors || refused.conflict ? undefined : noticeOf(request)} uai={uai} values={values} canEdit={canEdit} {...refused} />;
  };

  app.get('/dossiers/:id/diagnostic/:uai', signedIn, async (request, reply) => {
    const page = await diagnosticPage(request, reply);
    return page ? sendPage(reply, page) : reply;
  });

  app.post('/dossiers/:id/diagnostic/:uai', signedIn, async (request, reply) => {
    const b = body(request);
    const uai = (request.params as { uai: string }).uai;
    const referential = referentialFor(getCall(CALL_ID)!.referentialVersion);
    let fieldOfEntry: string[] = [];
    const values = diagnosticValuesOf(b);
    const r = await attempt(request, reply, async () => {
      await guard(request, 'update', 'dossier_diagnostic', { uai });
      const parsed = diagnosticInput(idOf(request), uai, referential, b);
      fieldOfEntry = parsed.fieldOfEntry;
      return saveDiagnostic(env, request.user, parsed.input, now());
    }, (refused) => diagnosticPage(request, reply, { ...refused, values }), (f) => {
      const m = /^diagnostic\[(\d+)\]/.exec(f);
      return m ? (fieldOfEntry[Number(m[1])] ?? f) : f;
    });
    if (r.ok) return saved(request, reply, r.value, `/dossiers/${idOf(request)}/diagnostic/${uai}?fait=diagnostic`);
    return reply;
  });

  // -- budget -----------------------------------------------------------------------------------

  const budgetPage = async (request: FastifyRequest, reply: FastifyReply, extra: Refused & { form?: ReturnType<typeof budgetFormOf> } = {}) => {
    const l = await load(request, reply);
    if (!l) return undefined;
    const editing = str((request.query as Record<string, unknown>).ligne) || undefined;
    return <BudgetPage {...base(request, l)} notice={extra.errors || extra.conflict || extra.message ? undefined : noticeOf(request)} editing={editing} {...extra} />;
  };

  app.get('/dossiers/:id/budget', signedIn, async (request, reply) => {
    const page = await budgetPage(request, reply);
    return page ? sendPage(reply, page) : reply;
  });

  app.post('/dossiers/:id/budget', signedIn, async (request, reply) => {
    const b = body(request);
    const r = await attempt(request, reply, async () => {
      await guard(request, 'update', 'dossier');
      return saveBudgetLine(env, request.user, budgetInput(idOf(request), b), now());
    }, (refused) => budgetPage(request, reply, { ...refused, form: budgetFormOf(b) }), (f) => (f === 'ligne' ? '' : f));
    if (r.ok) return saved(request, reply, r.value, `/dossiers/${idOf(request)}/budget?fait=ligne`, lineJson(r.value));
    return reply;
  });

  app.post('/dossiers/:id/budget/:lineId/supprimer', signedIn, async (request, reply) => {
    const lineId = (request.params as { lineId: string }).lineId;
    const r = await attempt(request, reply, async () => await guard(request, 'update', 'dossier') ?? deleteBudgetLine(env, request.user, { dossierId: idOf(request), revision: Number(str(body(request).revision)), lineId }, now()),
      (refused) => budgetPage(request, reply, refused));
    if (r.ok) return saved(request, reply, r.value, `/dossiers/${idOf(request)}/budget?fait=supprimee`);
    return reply;
  });

  // -- project ----------------------------------------------------------------------------------

  const projectPage = async (request: FastifyRequest, reply: FastifyReply, extra: Refused & { form?: ReturnType<typeof projectFormOf> } = {}) => {
    const l = await load(request, reply);
    if (!l) return undefined;
    return <ProjectPage {...base(request, l)} notice={extra.errors || extra.conflict || extra.message ? undefined : noticeOf(request)} {...extra} />;
  };

  app.get('/dossiers/:id/projet', signedIn, async (request, reply) => {
    const page = await projectPage(request, reply);
    return page ? sendPage(reply, page) : reply;
  });

  app.post('/dossiers/:id/projet', signedIn, async (request, reply) => {
    const b = body(request);
    let fieldOf = (f: string) => f;
    const r = await attempt(request, reply, async () => {
      await guard(request, 'update', 'dossier');
      const parsed = projectInput(idOf(request), b);
      fieldOf = parsed.fieldOf;
      return saveProject(env, request.user, parsed.input, now());
    }, (refused) => projectPage(request, reply, { ...refused, form: projectFormOf(b) }), (f) => fieldOf(f));
    if (r.ok) return saved(request, reply, r.value, `/dossiers/${idOf(request)}/projet?fait=projet`);
    return reply;
  });

  // -- attachments ------------------------------------------------------------------------------

  app.get('/dossiers/:id/pieces', signedIn, async (request, reply) => {
    const l = await load(request, reply);
    if (!l) return reply;
    return sendPage(reply, <AttachmentsPage {...base(request, l)} />);
  });

  app.post('/dossiers/:id/pieces', upload, async (request, reply) => {
    const b = body(request);
    const file = b.fichier as { fileName: string; bytes: Uint8Array } | undefined;
    const kind = str(b.type);
    const r = await attempt(request, reply, async () => {
      await guard(request, 'create', 'dossier_attachment');
      if (!file) throw new FormError([{ field: 'fichier', message: 'Choisissez le fichier à joindre.' }]);
      return attachFile(env, request.user, { dossierId: idOf(request), kind: kind as 'quote', fileName: file.fileName, bytes: file.bytes }, now());
    }, async (refused) => {
      const l = await load(request, reply);
      return l ? <AttachmentsPage {...base(request, l)} notice={undefined} kind={kind} {...refused} /> : undefined;
    });
    if (r.ok) return saved(request, reply, r.value, `/dossiers/${idOf(request)}/pieces?fait=piece`);
    return reply;
  });

  app.get('/dossiers/:id/pieces/:attachmentId', signedIn, async (request, reply) => {
    const { attachmentId } = request.params as { attachmentId: string };
    const a = await readAttachment({ kysely: db.kysely, dataDir: settings.dataDir }, request.user, attachmentId);
    return reply.header('content-type', a.mime)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(a.name)}`)
      .header('cache-control', 'private, no-store')
      .header('x-content-sha256', a.sha256)
      .send(a.bytes);
  });

  // -- team, invitations, co-signatures --------------------------------------------------------

  const teamPage = async (request: FastifyRequest, reply: FastifyReply, extra: Refused & { invite?: { uai: string; role: string; email: string } } = {}) => {
    const l = await load(request, reply);
    if (!l) return undefined;
    return <TeamPage {...base(request, l)} notice={extra.errors || extra.conflict || extra.message ? undefined : noticeOf(request)} {...extra} />;
  };

  app.get('/dossiers/:id/equipe', signedIn, async (request, reply) => {
    const page = await teamPage(request, reply);
    return page ? sendPage(reply, page) : reply;
  });

  app.post('/dossiers/:id/equipe', signedIn, async (request, reply) => {
    const b = body(request);
    const invite = { uai: str(b.uai), role: str(b.role), email: str(b.courriel) };
    const r = await attempt(request, reply, async () => {
      await guard(request, 'update', 'dossier');
      return inviteSchoolMember(env, request.user, { dossierId: idOf(request), uai: invite.uai, role: invite.role as 'director', email: invite.email }, now());
    }, (refused) => teamPage(request, reply, { ...refused, invite }));
    if (r.ok) return saved(request, reply, r.value, `/dossiers/${idOf(request)}/equipe?fait=invitation`);
    return reply;
  });

  app.post('/dossiers/:id/equipe/:memberId/annuler', signedIn, async (request, reply) => {
    const memberId = (request.params as { memberId: string }).memberId;
    const r = await attempt(request, reply, async () => await guard(request, 'delete', 'dossier_invitation') ?? revokeSchoolInvitation(env, request.user, { dossierId: idOf(request), memberId }, now()),
      (refused) => teamPage(request, reply, refused));
    if (r.ok) return saved(request, reply, r.value, `/dossiers/${idOf(request)}/equipe?fait=invitation-annulee`);
    return reply;
  });

  app.post('/dossiers/:id/signatures', signedIn, async (request, reply) => {
    const b = body(request);
    const r = await attempt(request, reply, async () => await guard(request, 'create', 'dossier_signature', { uai: str(b.uai), role: str(b.role) as 'director' }) ?? signProject(env, request.user, { dossierId: idOf(request), revision: Number(str(b.revision)), uai: str(b.uai), role: str(b.role) as 'director' }, now()),
      (refused) => teamPage(request, reply, refused));
    if (r.ok) return saved(request, reply, r.value, `/dossiers/${idOf(request)}/equipe?fait=cosigne`);
    return reply;
  });

  app.get('/dossiers/invitations/:token', async (request, reply) => {
    const token = (request.params as { token: string }).token;
    // A revoked or spent link says so at once, without offering to accept it.
    const state = await schoolInvitationState(env, token, now());
    if (state.status !== 'valid') {
      return sendPage(reply, <DossierInvitationPage ctx={pageContext(request)} token={token} signedIn={request.user !== null} error={state.message} closed />, state.status === 'revoked' ? 410 : 404);
    }
    return sendPage(reply, <DossierInvitationPage ctx={pageContext(request)} token={token} signedIn={request.user !== null} />);
  });

  app.post('/dossiers/invitations/:token', signedIn, async (request, reply) => {
    const token = (request.params as { token: string }).token;
    try {
      const joined = await acceptSchoolInvitation(env, request.user, { token }, now());
      return reply.redirect(`/dossiers/${joined.dossierId}?fait=bienvenue`, 303);
    } catch (e) {
      if (!(e instanceof DossierCommandError)) throw e;
      return sendPage(reply, <DossierInvitationPage ctx={pageContext(request)} token={token} signedIn error={e.message} />, e.status);
    }
  });

  // -- submission, versions, withdrawal ---------------------------------------------------------

  app.get('/dossiers/:id/depot', signedIn, async (request, reply) => {
    const l = await load(request, reply);
    if (!l) return reply;
    return sendPage(reply, <SubmitPage {...base(request, l)} />);
  });

  app.post('/dossiers/:id/depot', signedIn, async (request, reply) => {
    await guard(request, 'submit', 'dossier');
    try {
      const out = await submitDossier(env, request.user, { dossierId: idOf(request), revision: Number(str(body(request).revision)) }, now());
      return await saved(request, reply, out, `/dossiers/${idOf(request)}/depot?fait=depose`);
    } catch (e) {
      if (!(e instanceof DossierCommandError)) throw e;
      const l = await load(request, reply);
      if (!l) return reply;
      // Each reason with a link to the field that fixes it; the closing instant has none.
      const reasons: { message: string; href?: string }[] = [];
      const closed = /Le dépôt des dossiers est clos[^.]*\./.exec(e.message);
      if (closed) reasons.push({ message: closed[0] });
      if (!(e instanceof DossierConflictError)) {
        for (const x of e.errors) reasons.push({ message: x.message, ...(x.field ? { href: fieldHref(l.view, x.field) } : {}) });
      }
      if (reasons.length === 0 && !(e instanceof DossierConflictError)) reasons.push({ message: e.message });
      return sendPage(reply, <SubmitPage {...base(request, l)} notice={undefined} conflict={e instanceof DossierConflictError ? e.changes : undefined} reasons={reasons} />, e.status);
    }
  });

  app.get('/dossiers/:id/versions', signedIn, async (request, reply) => {
    const l = await load(request, reply);
    if (!l) return reply;
    return sendPage(reply, <VersionsPage {...base(request, l)} />);
  });

  const version = async (request: FastifyRequest, reply: FastifyReply) => {
    const n = Number((request.params as { n: string }).n);
    const v = Number.isSafeInteger(n) && n >= 1 ? await loadVersion(db.kysely, idOf(request), n) : undefined;
    if (!v) await sendPage(reply, <NotFoundPage ctx={pageContext(request)} detail="Cette version du dossier n’existe pas." />, 404);
    return v;
  };

  app.get('/dossiers/:id/versions/:n', signedIn, async (request, reply) => {
    const l = await load(request, reply);
    if (!l) return reply;
    const v = await version(request, reply);
    if (!v) return reply;
    return sendPage(reply, <VersionPage {...base(request, l)} number={v.number} sha256={v.sha256} content={v.content} />);
  });

  app.get('/dossiers/:id/versions/:n/accuse-de-depot.pdf', signedIn, async (request, reply) => {
    const l = await load(request, reply);
    if (!l) return reply;
    const v = await version(request, reply);
    if (!v) return reply;
    const pdf = await readStoredFile(settings.dataDir, v.proof_path);
    return reply.header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="accuse-de-depot-${l.view.dossier.reference}-v${v.number}.pdf"`)
      .header('cache-control', 'private, no-store')
      .send(pdf);
  });

  app.get('/dossiers/:id/retrait', signedIn, async (request, reply) => {
    const l = await load(request, reply);
    if (!l) return reply;
    authorize(request.user, 'submit', 'dossier', l.access);
    return sendPage(reply, <WithdrawPage {...base(request, l)} />);
  });

  app.post('/dossiers/:id/retrait', signedIn, async (request, reply) => {
    const reason = str(body(request).motif);
    const r = await attempt(request, reply, async () => await guard(request, 'submit', 'dossier') ?? withdrawDossier(env, request.user, { dossierId: idOf(request), reason }, now()),
      async (refused) => {
        const l = await load(request, reply);
        return l ? <WithdrawPage {...base(request, l)} notice={undefined} reason={reason} {...refused} /> : undefined;
      });
    if (r.ok) return saved(request, reply, r.value, `/dossiers/${idOf(request)}?fait=retire`);
    return reply;
  });

  // -- messages ---------------------------------------------------------------------------------

  app.get('/dossiers/:id/messages', signedIn, async (request, reply) => {
    const l = await load(request, reply);
    if (!l) return reply;
    authorize(request.user, 'read', 'dossier_message', l.access);
    return sendPage(reply, <MessagesPage {...base(request, l)} />);
  });

  app.post('/dossiers/:id/messages', upload, async (request, reply) => {
    const b = body(request);
    const file = b.fichier as { fileName: string; bytes: Uint8Array } | undefined;
    const text = str(b.message);
    const r = await attempt(request, reply, async () => await guard(request, 'create', 'dossier_message') ?? postMessage(env, request.user, { dossierId: idOf(request), body: text, ...(file ? { file } : {}) }, now()),
      async (refused) => {
        const l = await load(request, reply);
        return l ? <MessagesPage {...base(request, l)} notice={undefined} body={text} {...refused} /> : undefined;
      });
    if (r.ok) return saved(request, reply, r.value, `/dossiers/${idOf(request)}/messages?fait=message`);
    return reply;
  });
};

