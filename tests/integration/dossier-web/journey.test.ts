// The applicant's journey through the dossier pages, as a person without JavaScript does it (forms,
// 303 redirects), on both databases: create, schools, budget in French amounts, diagnostic, project,
// deliberation upload, a director invited who co-signs, blocking items fixed, submission, the proof
// of deposit. Bad input is refused with a French message naming the field (422) and stores nothing;
// a stale revision (409) says what changed and keeps the input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { loadDossier } from '../../../src/commands/dossier';
import { dialects, importedDb, type TestDb } from '../../support/databases';
import { addApplicant, addUser, fullDiagnostic, rowCounts, smallPdf, smallPng, RENNES, type Applicant } from '../dossier/support';
import { dossierApp, postMultipart, revisionOf, signedIn, textOf, type Browser } from './support';

const ALBERT_DE_MUN = '0350593E';
const JOSEPH_LOTTE = '0350592D';
const OTHER_COMMUNE = '0350122T';

describe.each(dialects)('dossier pages on %s', (dialect) => {
  let db: TestDb;
  let app: FastifyInstance;
  let rennes: Applicant;
  let clerk: Browser;
  let id: string;

  beforeAll(async () => {
    db = await importedDb(dialect);
    app = await dossierApp(db);
    rennes = await addApplicant(db, RENNES);
    clerk = await signedIn(app, db, rennes.editor);
  });
  afterAll(async () => { await app.close(); await db.close(); });

  it('lists no dossier yet and creates the one of the organisation', async () => {
    const list = await clerk.get('/dossiers');
    expect(list.statusCode).toBe(200);
    expect(textOf(list.body)).toContain('Créer le dossier de Commune de Rennes');
    const r = await clerk.post('/dossiers', { organisationId: rennes.organisationId, callId: 'snee-2021' });
    expect(r.statusCode).toBe(303);
    const m = /^\/dossiers\/([0-9a-f-]{36})\/ecoles\?fait=cree$/.exec(String(r.headers.location));
    expect(m).not.toBeNull();
    id = m![1];
    const again = await clerk.get('/dossiers');
    expect(textOf(again.body)).toMatch(/SNEE-2021-035-\d{6}/);
    expect(textOf(again.body)).not.toContain('Créer le dossier de Commune de Rennes');
  });

  it('lists the territory\'s schools and adds two; a school outside the territory is refused by name', async () => {
    const page = await clerk.get(`/dossiers/${id}/ecoles`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`value="${ALBERT_DE_MUN}"`);
    expect(textOf(page.body)).toContain('privé sous contrat');
    const before = await rowCounts(db);
    const bad = await clerk.post(`/dossiers/${id}/ecoles`, { revision: revisionOf(page.body), ecoles: OTHER_COMMUNE });
    expect(bad.statusCode).toBe(422);
    expect(textOf(bad.body)).toContain('hors du territoire de Commune de Rennes');
    expect(bad.body).toContain('fr-fieldset--error');
    expect(await rowCounts(db)).toEqual(before);
    const params = new URLSearchParams({ revision: revisionOf(page.body) });
    params.append('ecoles', ALBERT_DE_MUN);
    params.append('ecoles', JOSEPH_LOTTE);
    await clerk.get(`/dossiers/${id}/ecoles`);
    const ok = await app.inject({ method: 'POST', url: `/dossiers/${id}/ecoles`, payload: `${params.toString()}&_csrf=${encodeURIComponent(/name="_csrf" value="([^"]+)"/.exec(clerk.lastHtml)![1])}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: [...clerk.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    expect(ok.statusCode).toBe(303);
    const view = (await loadDossier(db.kysely, id))!;
    expect(view.schools.map((s) => s.uai)).toEqual([ALBERT_DE_MUN, JOSEPH_LOTTE]);
  });

  it('asks a reason when the headcount differs from the directory', async () => {
    const page = await clerk.get(`/dossiers/${id}/ecoles`);
    const r = await clerk.post(`/dossiers/${id}/ecoles/${ALBERT_DE_MUN}/effectifs`, { revision: revisionOf(page.body), classes: '10', eleves: '238', motif: '' });
    expect(r.statusCode).toBe(422);
    expect(textOf(r.body)).toContain('indiquez le motif de la modification');
    expect(r.body).toContain('value="238"');
    const ok = await clerk.post(`/dossiers/${id}/ecoles/${ALBERT_DE_MUN}/effectifs`, { revision: revisionOf(page.body), classes: '10', eleves: '238', motif: 'Une classe fermée.' });
    expect(ok.statusCode).toBe(303);
  });

  it('reads French amounts exactly; refuses what is not an amount, naming the field, storing nothing', async () => {
    const page = await clerk.get(`/dossiers/${id}/budget`);
    expect(page.statusCode).toBe(200);
    const before = await rowCounts(db);
    const line = { revision: revisionOf(page.body), uai: ALBERT_DE_MUN, volet: '1', categorie: 'CLASS_DISPLAY', libelle: 'VPI', quantite: '10', prixUnitaireHT: '2 000', prixUnitaireTTC: '2 400,00' };
    const bad = await clerk.post(`/dossiers/${id}/budget`, { ...line, prixUnitaireHT: '12,345', prixUnitaireTTC: '-3' });
    expect(bad.statusCode).toBe(422);
    const text = textOf(bad.body);
    expect(text).toContain('Le prix unitaire HT « 12,345 » n\'est pas un montant en euros');
    expect(bad.body).toContain('href="#champ-prixUnitaireHT"');
    expect(bad.body).toContain('value="12,345"');
    const neg = await clerk.post(`/dossiers/${id}/budget`, { ...line, prixUnitaireTTC: '-3' });
    expect(neg.statusCode).toBe(422);
    expect(textOf(neg.body)).toContain('Le prix unitaire TTC ne peut pas être négatif');
    const long = await clerk.post(`/dossiers/${id}/budget`, { ...line, libelle: 'x'.repeat(201) });
    expect(textOf(long.body)).toContain('Le libellé fait au plus 200 caractères');
    expect(await rowCounts(db)).toEqual(before);

    const ok = await clerk.post(`/dossiers/${id}/budget`, line);
    expect(ok.statusCode).toBe(303);
    const tablets = await clerk.post(`/dossiers/${id}/budget`, { ...line, uai: JOSEPH_LOTTE, categorie: 'SCHOOL_MOBILE_POOL', libelle: 'Tablettes', quantite: '30', prixUnitaireHT: '333,33', prixUnitaireTTC: '399,99' });
    expect(tablets.statusCode).toBe(303);
    const view = (await loadDossier(db.kysely, id))!;
    expect(view.lines.map((l) => [l.unit_ht_cents, l.unit_ttc_cents])).toEqual([[200_000, 240_000], [33_333, 39_999]]);
    // 24 000 € + 11 999,70 € of equipment at 70 %: the amounts box shows it on every page.
    const grant = Math.floor(0.7 * (2_400_000 + 1_199_970));
    expect(view.dossier.grant_cents).toBe(grant);
    const overview = await clerk.get(`/dossiers/${id}`);
    expect(textOf(overview.body)).toContain(`Subvention calculée : ${new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(grant / 100).replace(/[\u00a0\u202f]/g, ' ')}`);
    expect(textOf(overview.body)).toContain('Pourquoi ce montant ?');
    // The completeness list links each blocking item to its field.
    expect(overview.body).toContain(`href="/dossiers/${id}/budget#budget-services"`);
    expect(overview.body).toContain(`href="/dossiers/${id}/diagnostic/${ALBERT_DE_MUN}#ecole-${ALBERT_DE_MUN}-diagnostic"`);
  });

  it('answers the autosave script with JSON: the new revision and amounts', async () => {
    const page = await clerk.get(`/dossiers/${id}/budget`);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1];
    const r = await app.inject({
      method: 'POST', url: `/dossiers/${id}/budget`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-socle-autosave': '1', cookie: [...clerk.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      payload: new URLSearchParams({ _csrf: token, revision: revisionOf(page.body), uai: ALBERT_DE_MUN, volet: '2', categorie: 'SERVICES_ENT', libelle: 'ENT 2 ans', quantite: '1', prixUnitaireHT: '1 000', prixUnitaireTTC: '1 200' }).toString(),
    });
    expect(r.statusCode).toBe(200);
    const json = r.json() as { ok: boolean; revision: number; amounts: Record<string, string> };
    expect(json.ok).toBe(true);
    expect(json.revision).toBeGreaterThan(Number(revisionOf(page.body)));
    expect(json.amounts['services-spending'].replace(/[\u00a0\u202f]/g, ' ')).toBe('1 200,00 €');
    // Every figure of the answer is the one the page shows once reloaded; the new line's id comes back for the next saves.
    const reloaded = await clerk.get(`/dossiers/${id}/budget`);
    for (const [key, text] of Object.entries(json.amounts)) {
      const shown = new RegExp(`data-montant="${key}"[^>]*>([^<]*)<`).exec(reloaded.body)?.[1];
      expect({ key, shown }).toEqual({ key, shown: text });
    }
    // The explanation too: the same groups and steps as the reloaded page's « Pourquoi ce montant ? ».
    const explanation = (r.json() as { explanation: { title: string; steps: string[] }[] }).explanation;
    expect(explanation.map((g) => g.title)).toContain('Services et ressources numériques (volet 2)');
    const why = /<div data-explication[^>]*>([\s\S]*?)<\/details>/.exec(reloaded.body)![1];
    expect(textOf(why).trim()).toBe(textOf(explanation.map((g) => `<h3>${g.title}</h3><ul>${g.steps.map((t) => `<li>${t}</li>`).join('')}</ul>`).join('')).trim());
    const created = (await loadDossier(db.kysely, id))!.lines.find((l) => l.label === 'ENT 2 ans')!;
    expect((r.json() as { id: string }).id).toBe(created.id);
    expect(reloaded.body).toContain(`data-montant="line-${created.id}-amount"`);
  });

  it('refuses a stale autosave of a line with what changed since (409 JSON), storing nothing', async () => {
    const page = await clerk.get(`/dossiers/${id}/budget`);
    const stale = revisionOf(page.body);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1];
    const line = (await loadDossier(db.kysely, id))!.lines.find((l) => l.label === 'VPI')!;
    const form = { ligne: line.id, uai: ALBERT_DE_MUN, volet: '1', categorie: 'CLASS_DISPLAY', quantite: '10', prixUnitaireHT: '2 000', prixUnitaireTTC: '2 400' };
    // The administrator renames the line meanwhile (her own page, a fresh revision).
    const admin = await signedIn(app, db, rennes.admin);
    const hers = await admin.get(`/dossiers/${id}/budget`);
    const first = await admin.post(`/dossiers/${id}/budget`, { ...form, revision: revisionOf(hers.body), libelle: 'VPI salle 2' });
    expect(first.statusCode).toBe(303);
    const autosave = (fields: Record<string, string>) => app.inject({
      method: 'POST', url: `/dossiers/${id}/budget`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-socle-autosave': '1', cookie: [...clerk.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      payload: new URLSearchParams({ _csrf: token, ...fields }).toString(),
    });
    const before = await rowCounts(db);
    const r = await autosave({ ...form, revision: stale, libelle: 'VPI ancien' });
    expect(r.statusCode).toBe(409);
    expect(r.headers['content-type']).toContain('application/json');
    const json = r.json() as { ok: boolean; status: number; message: string; changes: { label: string; actorLabel: string; section: string; revision: number }[] };
    expect(json.ok).toBe(false);
    expect(json.status).toBe(409);
    expect(json.message).toContain('Admin Commune de Rennes');
    expect(json.changes).toHaveLength(1);
    expect(json.changes[0]).toMatchObject({ actorLabel: 'Admin Commune de Rennes', section: `school/${ALBERT_DE_MUN}/line/${line.id}` });
    expect(json.changes[0].label).toMatch(/ligne/i);
    expect(json.changes[0].revision).toBeGreaterThan(Number(stale));
    expect(await rowCounts(db)).toEqual(before);
    expect((await loadDossier(db.kysely, id))!.lines.find((l) => l.id === line.id)!.label).toBe('VPI salle 2');
    // Another line saved with the same stale revision does not conflict.
    const other = (await loadDossier(db.kysely, id))!.lines.find((l) => l.label === 'Tablettes')!;
    const ok = await autosave({ revision: stale, ligne: other.id, uai: JOSEPH_LOTTE, volet: '1', categorie: 'SCHOOL_MOBILE_POOL', libelle: 'Tablettes', quantite: '30', prixUnitaireHT: '333,33', prixUnitaireTTC: '399,99' });
    expect(ok.statusCode).toBe(200);
    expect((ok.json() as { ok: boolean }).ok).toBe(true);
  });

  it('tells a stale save what changed since, and keeps the input (409)', async () => {
    const page = await clerk.get(`/dossiers/${id}/projet`);
    const stale = revisionOf(page.body);
    const admin = await signedIn(app, db, rennes.admin);
    await admin.get(`/dossiers/${id}/projet`);
    const first = await admin.post(`/dossiers/${id}/projet`, { revision: stale, presentation: 'Version de l’administratrice', objectifs: 'DIGITAL_SKILLS', 'objectif-DIGITAL_SKILLS': 'Usages en classe.' });
    expect(first.statusCode).toBe(303);
    const second = await clerk.post(`/dossiers/${id}/projet`, { revision: stale, presentation: 'Ma version', planPret: 'Prêt des tablettes.' });
    expect(second.statusCode).toBe(409);
    const text = textOf(second.body);
    expect(text).toContain('Pendant que vous modifiiez, le dossier a changé');
    expect(text).toContain(`Projet pédagogique modifié par Admin Commune de Rennes`);
    expect(second.body).toContain('Ma version');
  });

  it('saves the diagnostic grid and shows the gap and « socle atteint après le projet »', async () => {
    const page = await clerk.get(`/dossiers/${id}/diagnostic/${ALBERT_DE_MUN}`);
    expect(page.statusCode).toBe(200);
    const form: Record<string, string> = { revision: revisionOf(page.body) };
    for (const e of fullDiagnostic()) {
      const key = e.alternative ? `${e.item}.${e.alternative}` : e.item;
      form[`diag.${key}.present`] = String(e.present);
      form[`diag.${key}.apporte`] = String(e.added);
    }
    const bad = await clerk.post(`/dossiers/${id}/diagnostic/${ALBERT_DE_MUN}`, { ...form, 'diag.CLASS_AUDIO.present': 'beaucoup' });
    expect(bad.statusCode).toBe(422);
    expect(textOf(bad.body)).toContain('la quantité présente est un nombre entier positif ou nul');
    const ok = await clerk.post(`/dossiers/${id}/diagnostic/${ALBERT_DE_MUN}`, form);
    expect(ok.statusCode).toBe(303);
    const after = await clerk.get(`/dossiers/${id}/diagnostic/${ALBERT_DE_MUN}`);
    expect(textOf(after.body)).toContain('Socle atteint après le projet');
  });

  it('uploads the deliberation (multipart), shows size and SHA-256, refuses a PNG named .pdf', async () => {
    const page = await clerk.get(`/dossiers/${id}/pieces`);
    expect(page.statusCode).toBe(200);
    const png = await postMultipart(clerk, `/dossiers/${id}/pieces`, { revision: revisionOf(page.body), type: 'deliberation' }, { field: 'fichier', name: 'deliberation.pdf', bytes: smallPng() });
    expect(png.statusCode).toBe(415);
    expect(textOf(png.body)).toContain('contenu est de type PNG');
    const pdf = await smallPdf();
    const ok = await postMultipart(clerk, `/dossiers/${id}/pieces`, { revision: revisionOf(page.body), type: 'deliberation' }, { field: 'fichier', name: 'Délibération.pdf', bytes: pdf });
    expect(ok.statusCode).toBe(303);
    const list = await clerk.get(`/dossiers/${id}/pieces`);
    const sha = (await import('node:crypto')).createHash('sha256').update(pdf).digest('hex');
    expect(list.body).toContain(sha);
    const href = new RegExp(`href="(/dossiers/${id}/pieces/[0-9a-f-]{36})"`).exec(list.body)![1];
    const dl = await clerk.get(href);
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-type']).toBe('application/pdf');
    expect(Buffer.from(dl.rawPayload).equals(pdf)).toBe(true);
  });

  it('invites a director who joins, fills her school, co-signs; the submission lists what blocks, then succeeds', async () => {
    const director = await addUser(db, 'Nadia Directrice', 'school');
    const team = await clerk.get(`/dossiers/${id}/equipe`);
    expect(team.statusCode).toBe(200);
    const badMail = await clerk.post(`/dossiers/${id}/equipe`, { uai: JOSEPH_LOTTE, role: 'director', courriel: 'pas-une-adresse' });
    expect(badMail.statusCode).toBe(422);
    expect(textOf(badMail.body)).toContain('Le courriel de la personne invitée est invalide');
    const inv = await clerk.post(`/dossiers/${id}/equipe`, { uai: JOSEPH_LOTTE, role: 'director', courriel: director.email! });
    expect(inv.statusCode).toBe(303);
    const token = await (async () => {
      const rows = await db.kysely.selectFrom('mails').selectAll().execute();
      const m = rows.map((r) => JSON.stringify(r)).find((t) => t.includes(director.email!) && t.includes('/dossiers/invitations/'));
      return /\/dossiers\/invitations\/([A-Za-z0-9_-]+)/.exec(m ?? '')?.[1];
    })();
    expect(token).toBeDefined();
    const nadia = await signedIn(app, db, director);
    const invitation = await nadia.get(`/dossiers/invitations/${token}`);
    expect(invitation.statusCode).toBe(200);
    const joined = await nadia.post(`/dossiers/invitations/${token}`, {});
    expect(joined.statusCode).toBe(303);
    expect(joined.headers.location).toBe(`/dossiers/${id}?fait=bienvenue`);
    // Her own school's diagnostic, not the other school's.
    const mine = await nadia.get(`/dossiers/${id}/diagnostic/${JOSEPH_LOTTE}`);
    expect(mine.statusCode).toBe(200);
    const form: Record<string, string> = { revision: revisionOf(mine.body) };
    for (const e of fullDiagnostic()) {
      const key = e.alternative ? `${e.item}.${e.alternative}` : e.item;
      form[`diag.${key}.present`] = String(e.present);
      form[`diag.${key}.apporte`] = String(e.added);
    }
    expect((await nadia.post(`/dossiers/${id}/diagnostic/${JOSEPH_LOTTE}`, form)).statusCode).toBe(303);
    expect((await nadia.post(`/dossiers/${id}/diagnostic/${ALBERT_DE_MUN}`, form)).statusCode).toBe(403);
    expect((await nadia.post(`/dossiers/${id}/budget`, { revision: form.revision, uai: JOSEPH_LOTTE, volet: '1', categorie: 'CLASS_DISPLAY', libelle: 'x', quantite: '1', prixUnitaireHT: '1', prixUnitaireTTC: '1' })).statusCode).toBe(403);

    // Submission refused: each blocking item listed with its link.
    const depot = await clerk.get(`/dossiers/${id}/depot`);
    const refused = await clerk.post(`/dossiers/${id}/depot`, { revision: revisionOf(depot.body) });
    expect(refused.statusCode).toBe(422);
    expect(textOf(refused.body)).toContain('Le dossier n’a pas été déposé');
    expect(refused.body).toContain(`href="/dossiers/${id}/projet#projet-pret"`);

    // The project, then the director's signature.
    const proj = await clerk.get(`/dossiers/${id}/projet`);
    const saved = await clerk.post(`/dossiers/${id}/projet`, {
      revision: revisionOf(proj.body), presentation: 'Équiper deux écoles.', objectifs: 'DIGITAL_SKILLS', 'objectif-DIGITAL_SKILLS': 'Usages en classe.',
      planPret: 'Prêt des tablettes aux familles.', accompagnement: 'Formation par l’ERUN.', 'financeur-0': '', 'montant-0': '',
    });
    expect(saved.statusCode).toBe(303);
    // Albert de Mun has no director yet: the clerk invites Nadia there too.
    await clerk.get(`/dossiers/${id}/equipe`);
    expect((await clerk.post(`/dossiers/${id}/equipe`, { uai: ALBERT_DE_MUN, role: 'director', courriel: director.email! })).statusCode).toBe(303);
    const rows = await db.kysely.selectFrom('mails').selectAll().execute();
    const tokens = rows.map((r) => JSON.stringify(r)).filter((t) => t.includes(director.email!)).map((t) => /\/dossiers\/invitations\/([A-Za-z0-9_-]+)/.exec(t)?.[1]).filter(Boolean);
    await nadia.get(`/dossiers/invitations/${tokens.at(-1)}`);
    expect((await nadia.post(`/dossiers/invitations/${tokens.at(-1)}`, {})).statusCode).toBe(303);
    for (const uai of [JOSEPH_LOTTE, ALBERT_DE_MUN]) {
      const p = await nadia.get(`/dossiers/${id}/equipe`);
      const s = await nadia.post(`/dossiers/${id}/signatures`, { revision: revisionOf(p.body), uai, role: 'director' });
      expect(s.statusCode).toBe(303);
    }
    const again = await clerk.get(`/dossiers/${id}/depot`);
    expect(textOf(again.body)).toContain('Aucun point bloquant');
    const ok = await clerk.post(`/dossiers/${id}/depot`, { revision: revisionOf(again.body) });
    expect(ok.statusCode).toBe(303);
    const done = await clerk.get(`/dossiers/${id}/depot`);
    expect(textOf(done.body)).toContain('Dossier déposé le');
    const pdf = await clerk.get(`/dossiers/${id}/versions/1/accuse-de-depot.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(Buffer.from(pdf.rawPayload).subarray(0, 5).toString()).toBe('%PDF-');
    const v = await clerk.get(`/dossiers/${id}/versions/1`);
    expect(textOf(v.body)).toContain('Version figée, en lecture seule');
    // Frozen: the budget form is gone.
    const budget = await clerk.get(`/dossiers/${id}/budget`);
    expect(budget.body).not.toContain('Ajouter la ligne');
  });
  it('posts a message with an attachment in the thread, and the thread shows it with its download link', async () => {
    const page = await clerk.get(`/dossiers/${id}/messages`);
    expect(page.statusCode).toBe(200);
    const quote = await smallPdf('Devis complémentaire des tablettes.');
    const r = await postMultipart(clerk, `/dossiers/${id}/messages`, { message: 'Voici le devis demandé pour les tablettes.' }, { field: 'fichier', name: 'Devis tablettes.pdf', bytes: quote });
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe(`/dossiers/${id}/messages?fait=message`);
    const thread = await clerk.get(`/dossiers/${id}/messages`);
    const text = textOf(thread.body);
    expect(text).toContain('Voici le devis demandé pour les tablettes.');
    expect(text).toContain('Pièce jointe : Devis tablettes.pdf');
    const href = new RegExp(`href="(/dossiers/${id}/pieces/[0-9a-f-]{36})"[^>]*>Devis tablettes.pdf`).exec(thread.body)?.[1];
    expect(href).toBeDefined();
    const dl = await clerk.get(href!);
    expect(dl.statusCode).toBe(200);
    expect(Buffer.from(dl.rawPayload).equals(quote)).toBe(true);
    // A PNG named .pdf is refused, and the text typed is kept.
    await clerk.get(`/dossiers/${id}/messages`);
    const before = await rowCounts(db);
    const bad = await postMultipart(clerk, `/dossiers/${id}/messages`, { message: 'Une photo.' }, { field: 'fichier', name: 'photo.pdf', bytes: smallPng() });
    expect(bad.statusCode).toBe(415);
    expect(bad.body).toContain('Une photo.');
    expect(await rowCounts(db)).toEqual(before);
  });

  it('withdraws the submitted dossier with a reason; without one, a French message names the field', async () => {
    const page = await clerk.get(`/dossiers/${id}/retrait`);
    expect(page.statusCode).toBe(200);
    const before = await rowCounts(db);
    const bare = await clerk.post(`/dossiers/${id}/retrait`, { motif: '   ' });
    expect(bare.statusCode).toBe(422);
    expect(textOf(bare.body)).toContain('Indiquez la raison du retrait du dossier.');
    expect(await rowCounts(db)).toEqual(before);
    expect((await loadDossier(db.kysely, id))!.dossier.state).toBe('submitted');
    await clerk.get(`/dossiers/${id}/retrait`);
    const ok = await clerk.post(`/dossiers/${id}/retrait`, { motif: 'Le conseil municipal a reporté le projet.' });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe(`/dossiers/${id}?fait=retire`);
    expect((await loadDossier(db.kysely, id))!.dossier.state).toBe('withdrawn');
    const events = await db.kysely.selectFrom('dossier_events').select(['kind', 'reason']).where('dossier_id', '=', id).where('kind', '=', 'withdrawn').execute();
    expect(events).toEqual([{ kind: 'withdrawn', reason: 'Le conseil municipal a reporté le projet.' }]);
    const overview = await clerk.get(`/dossiers/${id}?fait=retire`);
    expect(textOf(overview.body)).toContain('Dossier retiré.');
    // Withdrawn: a second withdrawal is refused.
    await clerk.get(`/dossiers/${id}`);
    const again = await clerk.post(`/dossiers/${id}/retrait`, { motif: 'Encore.' });
    expect(again.statusCode).toBe(409);
  });
});
