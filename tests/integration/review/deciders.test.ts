// The administrator names the decider of an académie's committee on /admin/instructeurs, and takes
// the role back: only the administrator may, only for a reviewer of a whole académie, and the
// committee page follows (the « Décider la vague » button appears and goes).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { readSettings } from '../../../src/config';
import { createSession } from '../../../src/data/sessions';
import { buildApp } from '../../../src/web/app';
import { dialects, importedDb, type TestDb } from '../../support/databases';
import { Browser } from '../accounts/support';
import { addUser } from './support';

describe.each(dialects)('deciders of the committees on %s', (dialect) => {
  let db: TestDb;
  let app: FastifyInstance;
  let rennes: { id: string };
  let partial: { id: string };
  const browsers = {} as Record<'anonymous' | 'admin' | 'rennes' | 'applicant', Browser>;

  beforeAll(async () => {
    db = await importedDb(dialect);
    rennes = await addUser(db, 'Instructrice Rennes', 'reviewer', 'academie:14');
    partial = await addUser(db, 'Instructeur Morbihan', 'reviewer', 'departements:56');
    const admin = await addUser(db, 'Administratrice', 'applicant');
    await db.kysely.updateTable('users').set({ role: 'admin' }).where('id', '=', admin.id).execute();
    const applicant = await addUser(db, 'Agent communal', 'applicant');
    app = await buildApp({ db, settings: readSettings({ ...db.env, SOCLE_DEMO: '0', PUBLIC_URL: 'http://socle.test' }), logger: false });
    browsers.anonymous = new Browser(app);
    for (const [who, id] of [['admin', admin.id], ['rennes', rennes.id], ['applicant', applicant.id]] as const) {
      const b = new Browser(app);
      b.cookies.set('socle_session', (await createSession(db.kysely, id, new Date())).token);
      browsers[who] = b;
    }
  }, 120_000);
  afterAll(async () => { await app?.close(); await db.close(); });

  const deciders = () => db.kysely.selectFrom('deciders').select(['user_id', 'academie_code']).execute();

  it('refuses everyone but the administrator, and a form without its CSRF token', async () => {
    for (const [who, status] of [['anonymous', 303], ['rennes', 403], ['applicant', 403]] as const) {
      const b = browsers[who];
      if (who !== 'anonymous') await b.get('/compte');
      expect((await b.post(`/admin/instructeurs/${rennes.id}/decideur`, { decideur: 'oui' })).statusCode, who).toBe(status);
    }
    await browsers.admin.get('/admin/instructeurs');
    expect((await browsers.admin.post(`/admin/instructeurs/${rennes.id}/decideur`, { decideur: 'oui' }, { csrf: false })).statusCode).toBe(403);
    expect(await deciders()).toEqual([]);
  });

  it('makes a reviewer of the whole académie its decider, shown on the committee page, then takes it back', async () => {
    expect((await browsers.rennes.get('/comite')).body).not.toContain('Décider la vague');
    const list = await browsers.admin.get('/admin/instructeurs');
    expect(list.body).toContain('Désigner décideur');
    const granted = await browsers.admin.post(`/admin/instructeurs/${rennes.id}/decideur`, { decideur: 'oui' });
    expect(granted.statusCode).toBe(303);
    expect(await deciders()).toEqual([{ user_id: rennes.id, academie_code: '14' }]);
    expect((await browsers.admin.get('/admin/instructeurs?fait=decideur')).body).toContain('Décide pour le comité');
    expect((await browsers.rennes.get('/comite')).body).toContain('Décider la vague');

    await browsers.admin.get('/admin/instructeurs');
    expect((await browsers.admin.post(`/admin/instructeurs/${rennes.id}/decideur`, { decideur: 'non' })).statusCode).toBe(303);
    expect(await deciders()).toEqual([]);
    expect((await browsers.rennes.get('/comite')).body).not.toContain('Décider la vague');
  });

  it('refuses the role to a reviewer of some départements only, with the reason', async () => {
    await browsers.admin.get('/admin/instructeurs');
    const r = await browsers.admin.post(`/admin/instructeurs/${partial.id}/decideur`, { decideur: 'oui' });
    expect(r.statusCode).toBe(409);
    expect(r.body).toContain('Seul un instructeur de toute une académie peut décider');
    expect(await deciders()).toEqual([]);
  });
});
