// The role × route matrix of the review, through the real application on both databases: each
// person (anonymous, applicant, school team, reviewer of Rennes, reviewer of Créteil, administrator,
// expert with an open or a closed opinion) on each route, with the status expected.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { answerOpinion, requestOpinion, takeDossier } from '../../../src/commands/review';
import { readSettings } from '../../../src/config';
import { createSession } from '../../../src/data/sessions';
import { buildApp } from '../../../src/web/app';
import { dialects, importedDb, type TestDb } from '../../support/databases';
import { Browser } from '../accounts/support';
import { addUser, envOf, submittedDossier, type Built } from './support';

type Who = 'anonymous' | 'applicant' | 'school' | 'rennes' | 'creteil' | 'admin';

describe.each(dialects)('review access matrix on %s', (dialect) => {
  let db: TestDb;
  let app: FastifyInstance;
  let dossier: Built;
  let openToken: string;
  let closedToken: string;
  let withdrawable: { opinionId: string; token: string };
  const browsers = {} as Record<Who, Browser>;

  beforeAll(async () => {
    db = await importedDb(dialect);
    const env = envOf(db);
    dossier = await submittedDossier(db, env, '35238');
    const rennes = await addUser(db, 'Instructrice Rennes', 'reviewer', 'academie:14');
    const creteil = await addUser(db, 'Instructeur Créteil', 'reviewer', 'academie:24');
    const admin = await addUser(db, 'Administratrice', 'applicant');
    await db.kysely.updateTable('users').set({ role: 'admin' }).where('id', '=', admin.id).execute();
    const now = new Date();
    await takeDossier(env, rennes, { dossierId: dossier.id }, now);
    const deadline = new Date(now.getTime() + 10 * 86_400_000).toISOString().slice(0, 10);
    openToken = (await requestOpinion(env, rennes, { dossierId: dossier.id, expertKind: 'erun', email: 'erun@ac-rennes.fr', question: 'Avis ?', deadline }, now)).result.token;
    closedToken = (await requestOpinion(env, rennes, { dossierId: dossier.id, expertKind: 'ien', email: 'ien@ac-rennes.fr', question: 'Avis ?', deadline }, now)).result.token;
    await answerOpinion(env, null, { token: closedToken, answer: 'yes', text: 'Favorable.' }, now);
    withdrawable = (await requestOpinion(env, rennes, { dossierId: dossier.id, expertKind: 'other', email: 'expert@example.org', question: 'Avis ?', deadline }, now)).result;
    app = await buildApp({ db, settings: readSettings({ ...db.env, SOCLE_DEMO: '0', PUBLIC_URL: 'http://socle.test' }), logger: false });
    const users: Record<Exclude<Who, 'anonymous'>, string> = { applicant: dossier.applicant.admin.id, school: dossier.director.id, rennes: rennes.id, creteil: creteil.id, admin: admin.id };
    browsers.anonymous = new Browser(app);
    for (const [who, id] of Object.entries(users)) {
      const b = new Browser(app);
      b.cookies.set('socle_session', (await createSession(db.kysely, id, new Date())).token);
      browsers[who as Who] = b;
    }
  }, 120_000);
  afterAll(async () => { await app?.close(); await db.close(); });

  const GET: [string, () => string, Record<Who, number>][] = [
    ['queues', () => '/instruction?file=tous', { anonymous: 303, applicant: 403, school: 403, rennes: 200, creteil: 200, admin: 403 }],
    ['CSV export', () => '/instruction/export.csv', { anonymous: 303, applicant: 403, school: 403, rennes: 200, creteil: 200, admin: 403 }],
    ['XLSX export', () => '/instruction/export.xlsx', { anonymous: 303, applicant: 403, school: 403, rennes: 200, creteil: 200, admin: 403 }],
    ['review page', () => `/instruction/dossiers/${dossier.id}`, { anonymous: 303, applicant: 403, school: 403, rennes: 200, creteil: 403, admin: 403 }],
    ['comparison', () => `/instruction/dossiers/${dossier.id}/comparer?de=1&a=1`, { anonymous: 303, applicant: 403, school: 403, rennes: 200, creteil: 403, admin: 403 }],
    ['reviewer accounts', () => '/admin/instructeurs', { anonymous: 303, applicant: 403, school: 403, rennes: 403, creteil: 403, admin: 200 }],
    ['expert, open opinion', () => `/avis/${openToken}`, { anonymous: 200, applicant: 200, school: 200, rennes: 200, creteil: 200, admin: 200 }],
    ['expert, closed opinion', () => `/avis/${closedToken}`, { anonymous: 410, applicant: 410, school: 410, rennes: 410, creteil: 410, admin: 410 }],
  ];

  for (const [name, url, expected] of GET) {
    it(`GET ${name}`, async () => {
      const got = {} as Record<Who, number>;
      for (const who of Object.keys(expected) as Who[]) got[who] = (await browsers[who].get(url())).statusCode;
      expect(got).toEqual(expected);
    });
  }

  it('POST a private note, a proposal, an adjustment: only the reviewer of the territory', async () => {
    const expected: Record<Who, number> = { anonymous: 303, applicant: 403, school: 403, rennes: 303, creteil: 403, admin: 403 };
    for (const [path, form] of [['notes', { note: 'Note.' }], ['proposition', { decision: 'waiting_list', motif: '' }], [`lignes/${dossier.lines.services}`, { mode: 'exclude', motif: 'Doublon.' }]] as const) {
      const got = {} as Record<Who, number>;
      for (const who of Object.keys(expected) as Who[]) {
        const b = browsers[who];
        if (who !== 'anonymous') await b.get('/compte');
        got[who] = (await b.post(`/instruction/dossiers/${dossier.id}/${path}`, form)).statusCode;
      }
      expect(got, path).toEqual(expected);
    }
  });

  it('POST the withdrawal of an opinion request: only the reviewers of the territory, then its link is gone (410)', async () => {
    const expected: Record<Who, number> = { anonymous: 303, applicant: 403, school: 403, creteil: 403, admin: 403, rennes: 303 };
    const got = {} as Record<Who, number>;
    for (const who of Object.keys(expected) as Who[]) {
      const b = browsers[who];
      if (who !== 'anonymous') await b.get('/compte');
      got[who] = (await b.post(`/instruction/dossiers/${dossier.id}/avis/${withdrawable.opinionId}/retrait`, {})).statusCode;
    }
    expect(got).toEqual(expected);
    const sent = await browsers.rennes.get(`/instruction/dossiers/${dossier.id}`);
    expect(sent.body).toContain('Demande retirée le');
    expect((await browsers.anonymous.get(`/avis/${withdrawable.token}`)).statusCode).toBe(410);
    // Withdrawn once: a second attempt is refused with the page and its French message.
    const again = await browsers.rennes.post(`/instruction/dossiers/${dossier.id}/avis/${withdrawable.opinionId}/retrait`, {});
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain("Cette demande d'avis est déjà retirée.");
  });

  it('never shows private notes, opinions or proposals to the applicant or the school team', async () => {
    const page = await browsers.rennes.get(`/instruction/dossiers/${dossier.id}`);
    expect(page.body).toContain('Note.');
    const notes = await db.kysely.selectFrom('private_notes').select('body').execute();
    expect(notes.map((n) => n.body)).toEqual(['Note.']);
    for (const who of ['applicant', 'school'] as const) {
      const r = await browsers[who].get(`/instruction/dossiers/${dossier.id}`);
      expect(r.statusCode).toBe(403);
      expect(r.body).not.toContain('Note.');
    }
    // The expert's page shows the question and the dossier, never the notes.
    const expert = await browsers.anonymous.get(`/avis/${openToken}`);
    expect(expert.body).toContain(dossier.reference);
    expect(expert.body).not.toContain('Note.');
  });
});
