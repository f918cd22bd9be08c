// The committee's page, the envelopes page and the applicant's convention page through HTTP, on both
// databases: recompute without JavaScript, a wave over the envelope refused (nothing written), a wave
// of two decided, the applicant sees « décidé en vague 1 », reads the PDFs and accepts the convention.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSettings } from '../../../src/config';
import { createSession } from '../../../src/data/sessions';
import { buildApp } from '../../../src/web/app';
import type { Actor } from '../../../src/policies';
import { dialects, importedDb, type TestDb } from '../../support/databases';
import { Browser } from '../accounts/support';
import { addUser, IN_PERIOD } from '../dossier/support';
import { seedDossier, type Seeded } from './support';

async function browserOf(app: FastifyInstance, db: TestDb, user: Actor): Promise<Browser> {
  const { token } = await createSession(db.kysely, user.id, new Date());
  const b = new Browser(app);
  b.cookies.set('socle_session', token);
  return b;
}

describe.each(dialects)('committee and convention pages on %s', (dialect) => {
  let db: TestDb;
  let app: FastifyInstance;
  let decider: Actor;
  let dossiers: Seeded[];

  beforeAll(async () => {
    db = await importedDb(dialect);
    app = await buildApp({ db, settings: readSettings({ ...db.env, LOG_LEVEL: 'info', SOCLE_DEMO: '0', PUBLIC_URL: 'http://socle.test' }), logger: false });
    const reviewer = await addUser(db, 'Ivan Instructeur', 'reviewer', 'academie:14');
    decider = await addUser(db, 'Diane Décideuse', 'reviewer', 'academie:14');
    await db.kysely.insertInto('deciders').values({ user_id: decider.id, academie_code: '14', granted_by: reviewer.id, granted_at: IN_PERIOD }).execute();
    await db.kysely.insertInto('envelopes').values({ call_id: 'snee-2021', academie_code: '14', amount_cents: 8_000_000, updated_by: reviewer.id, updated_at: IN_PERIOD }).execute();
    dossiers = [
      await seedDossier(db, 1, { kind: 'commune', code: '35238', siren: '213502388', name: 'Commune de Rennes', departement: '35' }, ['0350592D'], 4_000_000, 500_000, reviewer),
      await seedDossier(db, 2, { kind: 'commune', code: '35024', siren: '213500242', name: 'Commune de Betton', departement: '35' }, ['0350777E'], 3_000_000, 300_000, reviewer),
      await seedDossier(db, 3, { kind: 'commune', code: '35051', siren: '213500515', name: 'Commune de Cesson-Sévigné', departement: '35' }, ['0350122T'], 2_000_000, 200_000, reviewer),
    ];
  });
  afterAll(async () => { await app.close(); await db.close(); });

  it('shows the committee the proposals ranked, recomputes the envelope without JavaScript and refuses an overflow', async () => {
    const b = await browserOf(app, db, decider);
    const page = await b.get('/comite');
    expect(page.statusCode).toBe(200);
    for (const d of dossiers) expect(page.body).toContain(d.reference);
    expect(page.body).toContain('Pourquoi ce rang ?');
    const all = new URLSearchParams([['vague', '1'], ['action', 'recalculer'], ...dossiers.map((d) => ['retenu', d.id])]);
    const recalc = await app.inject({ method: 'POST', url: '/comite', payload: `${all.toString()}&_csrf=${encodeURIComponent(/name="_csrf" value="([^"]+)"/.exec(page.body)![1])}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `socle_session=${b.cookies.get('socle_session')}` } });
    expect(recalc.statusCode).toBe(200);
    expect(recalc.body).toContain('l’enveloppe est dépassée');
    all.set('action', 'decider');
    const refused = await app.inject({ method: 'POST', url: '/comite', payload: `${all.toString()}&_csrf=${encodeURIComponent(/name="_csrf" value="([^"]+)"/.exec(recalc.body)![1])}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `socle_session=${b.cookies.get('socle_session')}` } });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('La vague n’a pas été décidée');
    expect(Number((await db.kysely.selectFrom('waves').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(0);
    const two = new URLSearchParams([['vague', '1'], ['action', 'decider'], ['retenu', dossiers[0].id], ['retenu', dossiers[1].id]]);
    const ok = await app.inject({ method: 'POST', url: '/comite', payload: `${two.toString()}&_csrf=${encodeURIComponent(/name="_csrf" value="([^"]+)"/.exec(refused.body)![1])}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `socle_session=${b.cookies.get('socle_session')}` } });
    expect(ok.statusCode).toBe(303);
    const after = await b.get('/comite?vague=1');
    expect(after.body).toContain('Vague n° 1 décidée');
    expect(after.body).toMatch(/2 retenu\(s\) pour 78\s000,00\s€/);
  });

  it('previews the letter and the convention for the committee; another académie’s committee sees none of it', async () => {
    const b = await browserOf(app, db, decider);
    const pdf = await b.get(`/comite/apercu/${dossiers[2].id}/convention.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    // The list links each dossier to its page before the committee: « Pourquoi ce rang ? » and the previews.
    const list = await b.get('/comite');
    expect(list.body).toContain(`href="/comite/dossiers/${dossiers[2].id}"`);
    const entry = await b.get(`/comite/dossiers/${dossiers[2].id}`);
    expect(entry.statusCode).toBe(200);
    expect(entry.body).toContain(`Dossier ${dossiers[2].reference} devant le comité`);
    expect(entry.body).toContain('Pourquoi ce rang ?');
    expect(entry.body).toMatch(/Score de priorité : .* sur 100/);
    expect(entry.body).toContain('Composantes du score');
    expect(entry.body).toContain(`/comite/apercu/${dossiers[2].id}/convention.pdf`);
    // A decided dossier is no longer before the committee.
    expect((await b.get(`/comite/dossiers/${dossiers[0].id}`)).statusCode).toBe(404);
    const other = await addUser(db, 'Instructrice de Lyon', 'reviewer', 'academie:10');
    const lyon = await browserOf(app, db, other);
    const theirs = await lyon.get('/comite');
    expect(theirs.statusCode).toBe(200);
    expect(theirs.body).toContain('Comité de l’académie de Lyon');
    expect(theirs.body).not.toContain(dossiers[2].reference);
    expect((await lyon.get(`/comite/apercu/${dossiers[2].id}/convention.pdf`)).statusCode).toBe(403);
    expect((await lyon.get(`/comite/dossiers/${dossiers[2].id}`)).statusCode).toBe(404);
    const applicant = await browserOf(app, db, dossiers[2].applicant.admin);
    expect((await applicant.get('/comite')).statusCode).toBe(403);
    expect((await applicant.get(`/comite/dossiers/${dossiers[2].id}`)).statusCode).toBe(403);
  });

  it('escapes every value in the rows of the list (written in Preact’s precompiled form)', async () => {
    const { renderToString } = await import('preact-render-to-string');
    const { h } = await import('preact');
    const { CommitteePage } = await import('../../../src/web/committee/pages');
    const { envelopeUse } = await import('../../../src/domain/waves');
    const evil = '<script>alert("x")</script> & Cie';
    const c = {
      dossierId: 'id"><img src=x>', reference: 'REF<b>', state: 'under_review', proposal: 'accept' as const, equipmentMaxCents: 100, servicesMaxCents: 1, reason: null,
      rank: 1, organisationName: evil, departementCode: '35', schoolCount: 1, engineEquipmentCents: 100, engineServicesCents: 1, submittedAt: null, score: 50, proposedAt: null,
    };
    const view = { callId: 'snee-2021', academieCode: '14', academieName: 'Rennes', envelope: { amountCents: 1000, source: 'set' as const, updatedAt: null }, committedCents: 0,
      candidates: [c], rejections: [], withoutProposal: 0, nextWaveNumber: 1, waves: [] };
    const html = renderToString(h(CommitteePage, {
      ctx: { user: { id: 'u', role: 'reviewer', scope: 'academie:14' }, csrfToken: 't', path: '/comite' } as never,
      view, selected: new Set([c.dossierId]), rejected: new Set<string>(), use: envelopeUse(1000, 0, [c]), canDecide: true,
    }));
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x>');
    expect(html).not.toContain('REF<b>');
    expect(html).toContain('&lt;script>alert(&quot;x&quot;)&lt;/script> &amp; Cie');
    expect(html).toContain('value="id&quot;>&lt;img src=x>" checked data-total="101"');
  });

  it('lets the applicant see « décidé en vague 1 », download the documents and accept the convention', async () => {
    const a = dossiers[0];
    const b = await browserOf(app, db, a.applicant.admin);
    const page = await b.get(`/dossiers/${a.id}/convention`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('décidé en vague 1');
    expect((await b.get(`/dossiers/${a.id}/lettre-de-decision.pdf`)).headers['content-type']).toBe('application/pdf');
    const sha = /name="empreinte" value="([0-9a-f]{64})"/.exec(page.body)![1];
    const accepted = await b.post(`/dossiers/${a.id}/convention`, { empreinte: sha, accord: '1' });
    expect(accepted.statusCode).toBe(303);
    const row = await db.kysely.selectFrom('agreements').selectAll().where('dossier_id', '=', a.id).executeTakeFirstOrThrow();
    expect(row.accepted_sha256).toBe(sha);
    expect((await b.get(`/dossiers/${a.id}/convention`)).body).toContain('Convention acceptée');
    // Another applicant sees nothing of it.
    const c = await browserOf(app, db, dossiers[2].applicant.admin);
    expect((await c.get(`/dossiers/${a.id}/convention`)).statusCode).toBe(403);
  });
});
