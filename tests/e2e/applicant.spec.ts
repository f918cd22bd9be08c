// The applicant's journey in Chromium, on the demo server (SOCLE_DEMO=1: mails stay in the outbox,
// claims are confirmed at once, the clock replays the 2021 call inside its period): a clerk signs up
// and claims Vitré, fills its legal details, creates the dossier with two real schools, invites a
// director who signs up and co-signs in another browser context, fills diagnostic and budget, fixes
// two blocking items one by one, submits, downloads the proof of deposit and reads its text.
// axe-core finds no violation on the pages of the journey.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { pdf } from './files';

const COMMUNE = { name: 'Vitré', insee: '35360', siren: '213503600' };
const SCHOOLS = ['0351838H', '0352434F'];
const PASSWORD = 'Correct-Cheval-42!';

function luhnSiret(siren: string): string {
  for (let nic = 10; nic < 100000; nic++) {
    const s = `${siren}${String(nic).padStart(5, '0')}`;
    let sum = 0;
    for (let i = 0; i < 14; i++) {
      let d = Number(s[13 - i]);
      if (i % 2 === 1) { d *= 2; if (d > 9) d -= 9; }
      sum += d;
    }
    if (sum % 10 === 0) return s;
  }
  throw new Error('no SIRET');
}

async function signUpAndIn(page: Page, name: string, email: string) {
  await page.goto('/inscription');
  await page.getByLabel('Prénom et nom').fill(name);
  await page.getByLabel('Adresse électronique').fill(email);
  await page.getByLabel('Mot de passe').fill(PASSWORD);
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Consultez votre messagerie');
  await page.goto('/boite-mail');
  await page.locator('article', { hasText: email }).filter({ hasText: 'Confirmez votre adresse' }).first().locator('a[href^="/compte/verifier/"]').click();
  await page.goto('/connexion');
  await page.getByLabel('Adresse électronique').fill(email);
  await page.getByLabel('Mot de passe').fill(PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.getByRole('banner')).toContainText(name);
}

const blocking = (page: Page) => page.locator('[data-completude] li');

test('a clerk builds, gets co-signed and submits a dossier; the proof of deposit reads back', async ({ page, browser }: { page: Page; browser: Browser }) => {
  test.setTimeout(180_000);
  const stamp = Date.now();
  const clerkMail = `agent.${stamp}@mairie-vitre.test`;
  const directorMail = `direction.${stamp}@ac-rennes.test`;
  let dossierUrl = '';

  await test.step('the clerk signs up, claims Vitré and fills its legal details', async () => {
    await signUpAndIn(page, 'Valérie Vitré', clerkMail);
    await page.goto(`/organisations?q=${COMMUNE.name}`);
    await page.getByRole('row', { name: new RegExp(`code INSEE ${COMMUNE.insee}`) }).getByRole('button', { name: 'Représenter' }).click();
    await page.getByRole('link', { name: 'Modifier les coordonnées légales' }).click();
    await page.getByLabel('SIRET').fill(luhnSiret(COMMUNE.siren));
    await page.getByLabel('Nom du signataire').fill('Isabelle Le Callennec');
    await page.getByLabel('Qualité du signataire').fill('Maire');
    await page.getByLabel('IBAN').fill('FR76 3000 6000 0112 3456 7890 189');
    await page.getByLabel('Adresse postale').fill('Place du Château, 35500 Vitré');
    await page.getByRole('main').getByRole('button', { name: 'Enregistrer' }).click();
    await expect(page.getByText('Coordonnées légales enregistrées')).toBeVisible();
    // An invitation sent to a wrong address, then revoked by the administrator she is.
    await page.getByLabel('Adresse électronique du collègue').fill(`erreur.${stamp}@mairie-vitre.test`);
    await page.getByRole('button', { name: 'Envoyer l’invitation' }).click();
    await expect(page.getByText('Invitation envoyée')).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: `Annuler l’invitation de erreur.${stamp}@mairie-vitre.test` }).click();
    await expect(page.getByText('Invitation annulée : son lien ne fonctionne plus')).toBeVisible();
    await expect(page.getByText('Aucune invitation en attente.')).toBeVisible();
  });

  await test.step('creates the dossier with two real schools', async () => {
    await page.goto('/dossiers');
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: `Créer le dossier de ${COMMUNE.name}` }).click();
    await expect(page).toHaveURL(/\/dossiers\/[0-9a-f-]{36}\/ecoles/);
    dossierUrl = new URL(page.url()).pathname.replace(/\/ecoles$/, '');
    await expectNoAxeViolations(page);
    for (const uai of SCHOOLS) await page.locator(`label[for="ecole-${uai}"]`).click();
    await page.getByRole('button', { name: 'Ajouter les écoles cochées' }).click();
    await expect(page.getByText('Écoles ajoutées au dossier.')).toBeVisible();
    await expectNoAxeViolations(page);
  });

  await test.step('fills the diagnostic of each school', async () => {
    for (const uai of SCHOOLS) {
      await page.goto(`${dossierUrl}/diagnostic/${uai}`);
      const rows = ['CLASS_DISPLAY.VPI', 'CLASS_TEACHER_COMPUTER', 'CLASS_INTERNET', 'CLASS_AUDIO', 'CLASS_CAPTURE', 'SCHOOL_MOBILE_POOL', 'SCHOOL_MOBILE_MANAGEMENT',
        'SCHOOL_WIFI', 'SCHOOL_NETWORK', 'SCHOOL_BROADBAND', 'SCHOOL_FILTERING', 'DIRECTION_COMPUTER', 'DIRECTION_INTERNET', 'DIRECTION_PRINTER', 'SERVICES_ENT', 'SERVICES_RESOURCES'];
      for (const key of rows) {
        await page.locator(`[id="champ-diag.${key}.present"]`).fill('0');
        await page.locator(`[id="champ-diag.${key}.apporte"]`).fill('40');
      }
      await page.getByRole('button', { name: 'Enregistrer le diagnostic' }).click();
      await expect(page.getByText('Diagnostic enregistré.')).toBeVisible();
      await expect(page.getByText('Socle atteint après le projet').first()).toBeVisible();
    }
    await expectNoAxeViolations(page);
  });

  await test.step('fills the budget in French amounts; the amounts box follows', async () => {
    await page.goto(`${dossierUrl}/budget`);
    const add = async (uai: string, volet: '1' | '2', category: string, label: string, qty: string, ht: string, ttc: string) => {
      await page.getByLabel('École', { exact: true }).selectOption(uai);
      await page.getByLabel('Volet', { exact: true }).selectOption(volet);
      await page.getByLabel('Catégorie du référentiel').selectOption(category);
      await page.getByLabel('Libellé').fill(label);
      await page.getByLabel('Quantité').fill(qty);
      await page.getByLabel('Prix unitaire HT (€)').fill(ht);
      await page.getByLabel('Prix unitaire TTC (€)').fill(ttc);
      await page.getByRole('button', { name: 'Ajouter la ligne' }).click();
      await expect(page.getByText('Ligne de budget enregistrée.')).toBeVisible();
    };
    // A wrong amount first: refused with the field named.
    await page.getByLabel('Libellé').fill('VPI');
    await page.getByLabel('Quantité').fill('5');
    await page.getByLabel('Prix unitaire HT (€)').fill('2 000,999');
    await page.getByLabel('Prix unitaire TTC (€)').fill('2 400');
    await page.getByLabel('Catégorie du référentiel').selectOption('CLASS_DISPLAY');
    await expect(page.locator('[data-line-total]')).toHaveText('');
    await page.getByRole('button', { name: 'Ajouter la ligne' }).click();
    await expect(page.locator('.fr-error-text')).toContainText('Le prix unitaire HT « 2 000,999 » n\'est pas un montant en euros');
    await expectNoAxeViolations(page);
    await add(SCHOOLS[0], '1', 'CLASS_DISPLAY', 'Vidéoprojecteurs interactifs', '5', '2 000', '2 400,00');
    await add(SCHOOLS[1], '1', 'SCHOOL_MOBILE_POOL', 'Tablettes', '20', '300', '360');
    await add(SCHOOLS[0], '2', 'SERVICES_ENT', 'ENT deux ans', '1', '1 000', '1 200');
    await expect(page.locator('[data-montant="grant"]')).toHaveText(/\d/);
    await expectNoAxeViolations(page);
  });

  await test.step('with JavaScript, the budget saves itself as it is typed: a changed line, then a new one', async () => {
    // The automatic save of the budget form (a POST asking for JSON), awaited after a change.
    const autosaved = () => page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/budget') && r.request().headers()['x-socle-autosave'] === '1');
    await page.goto(`${dossierUrl}/budget`);
    const tablets = page.locator('tr', { hasText: 'Tablettes' });
    await expect(tablets.locator('[data-montant$="-amount"]')).toHaveText(/^7\s200,00\s€$/);
    await page.getByRole('link', { name: 'Modifier la ligne « Tablettes »' }).click();
    await expect(page.getByRole('heading', { name: 'Modifier la ligne « Tablettes »' })).toBeVisible();
    const form = page.locator('form#budget-ligne');
    const status = form.locator('[data-autosave-status]');
    // 25 tablets instead of 20, and no button pressed: the line and the amounts on the page follow.
    let saved = autosaved();
    await page.getByLabel('Quantité').fill('25');
    expect((await saved).status()).toBe(200);
    await expect(status).toContainText('Brouillon enregistré automatiquement');
    await expect(tablets.locator('[data-montant$="-quantity"]')).toHaveText('25');
    await expect(tablets.locator('[data-montant$="-amount"]')).toHaveText(/^9\s000,00\s€$/);
    await expect(page.locator(`[data-montant="school-${SCHOOLS[1]}-equipment"]`).first()).toHaveText(/^9\s000,00\s€$/);
    await expect(page.locator('[data-montants-etat]')).toContainText('Montants recalculés après l’enregistrement automatique');
    await expectNoAxeViolations(page);
    const grant = await page.locator('[data-montant="grant"]').textContent();
    const why = await page.locator('[data-explication]').textContent();
    expect(why).toContain('Subvention totale');
    // A reload reads it from the server: the same line, amounts and explanation.
    await page.goto(`${dossierUrl}/budget`);
    await expect(tablets.locator('[data-montant$="-quantity"]')).toHaveText('25');
    await expect(page.locator('[data-montant="grant"]')).toHaveText(grant!);
    await expect(page.locator('[data-explication]')).toHaveText(why!);

    // A new line saves itself once all its fields are filled (the label last here), then is changed in place: one line, not two.
    await page.getByLabel('École', { exact: true }).selectOption(SCHOOLS[0]);
    await page.getByLabel('Volet', { exact: true }).selectOption('1');
    await page.getByLabel('Catégorie du référentiel').selectOption('CLASS_AUDIO');
    await page.getByLabel('Quantité').fill('10');
    await page.getByLabel('Prix unitaire HT (€)').fill('20');
    await page.getByLabel('Prix unitaire TTC (€)').fill('24');
    saved = autosaved();
    await page.getByLabel('Libellé').fill('Casques audio');
    expect((await saved).status()).toBe(200);
    await expect(status).toContainText('Brouillon enregistré automatiquement');
    await expect(form.getByRole('button', { name: 'Enregistrer la ligne' })).toBeVisible();
    saved = autosaved();
    await page.getByLabel('Quantité').fill('12');
    expect((await saved).status()).toBe(200);
    await page.goto(`${dossierUrl}/budget`);
    const headsets = page.locator('tr', { hasText: 'Casques audio' });
    await expect(headsets).toHaveCount(1);
    await expect(headsets.locator('[data-montant$="-quantity"]')).toHaveText('12');
    await expect(headsets.locator('[data-montant$="-amount"]')).toHaveText(/^288,00\s€$/);
    await expectNoAxeViolations(page);
  });

  await test.step('uploads the deliberation and writes the project, leaving two blocking items', async () => {
    await page.goto(`${dossierUrl}/pieces`);
    await page.getByLabel('Type de pièce').selectOption('deliberation');
    await page.getByLabel('Fichier').setInputFiles({ name: 'deliberation.pdf', mimeType: 'application/pdf', buffer: await pdf('Délibération du conseil municipal de Vitré.') });
    await page.getByRole('button', { name: 'Joindre la pièce' }).click();
    await expect(page.getByText('Pièce jointe ajoutée.')).toBeVisible();
    await expectNoAxeViolations(page);
    await page.goto(`${dossierUrl}/projet`);
    await page.getByLabel('Présentation du projet').fill('Équiper les deux écoles publiques de Vitré.');
    await page.locator(`label[for="champ-objectif-choisi-DIGITAL_SKILLS"]`).click();
    await page.locator('[id="champ-objectif-DIGITAL_SKILLS"]').fill('Usages réguliers en classe.');
    await page.getByRole('button', { name: 'Enregistrer le projet' }).click();
    await expect(page.getByText('Projet pédagogique enregistré.')).toBeVisible();
    await expectNoAxeViolations(page);
  });

  await test.step('fixes two blocking items one by one from the completeness list', async () => {
    await page.goto(dossierUrl);
    await expectNoAxeViolations(page);
    const first = await blocking(page).count();
    await page.getByRole('link', { name: /plan de prêt des équipements mobiles/ }).click();
    await expect(page).toHaveURL(/\/projet#projet-pret$/);
    await page.getByLabel('Plan de prêt des équipements mobiles aux familles').fill('Prêt des tablettes aux familles non équipées, avec une convention.');
    await page.getByRole('button', { name: 'Enregistrer le projet' }).click();
    await page.goto(dossierUrl);
    await expect(blocking(page)).toHaveCount(first - 1);
    await page.getByRole('link', { name: /accompagnement prévu avec l'académie/ }).click();
    await expect(page).toHaveURL(/\/projet#projet-accompagnement$/);
    await page.getByLabel('Accompagnement prévu avec l’académie (volet 3)').fill('Formation des enseignants par l’ERUN de la circonscription.');
    await page.getByRole('button', { name: 'Enregistrer le projet' }).click();
    await page.goto(dossierUrl);
    await expect(blocking(page)).toHaveCount(first - 2);
  });

  await test.step('invites the director, who signs up in another context and co-signs for both schools', async () => {
    await page.goto(`${dossierUrl}/equipe`);
    for (const uai of SCHOOLS) {
      await page.getByLabel('École', { exact: true }).selectOption(uai);
      await page.getByLabel('Rôle', { exact: true }).selectOption('director');
      await page.getByLabel('Adresse électronique de la personne').fill(directorMail);
      await page.getByRole('button', { name: 'Envoyer l’invitation' }).click();
      await expect(page.getByText('Invitation envoyée.')).toBeVisible();
    }
    // A third invitation, to a wrong address: revoked from the team page.
    const wrong = `erreur.${stamp}@ac-rennes.test`;
    await page.getByLabel('École', { exact: true }).selectOption(SCHOOLS[0]);
    await page.getByLabel('Rôle', { exact: true }).selectOption('ien');
    await page.getByLabel('Adresse électronique de la personne').fill(wrong);
    await page.getByRole('button', { name: 'Envoyer l’invitation' }).click();
    await expect(page.getByText('Invitation envoyée.')).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: new RegExp(`Annuler l’invitation de ${wrong.replace(/\./g, '\\.')}`) }).click();
    await expect(page.getByText('Invitation annulée : son lien ne fonctionne plus.')).toBeVisible();
    await expect(page.getByRole('main')).not.toContainText(wrong);
    await expectNoAxeViolations(page);
    const context = await browser.newContext();
    const director = await context.newPage();
    await signUpAndIn(director, 'Denise Directrice', directorMail);
    await director.goto('/boite-mail');
    const links = await director.locator('article', { hasText: directorMail }).locator('a[href*="/dossiers/invitations/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
    expect(links.length).toBe(2);
    for (const link of links) {
      await director.goto(new URL(link, page.url()).pathname);
      await expectNoAxeViolations(director);
      await director.getByRole('button', { name: 'Accepter l’invitation' }).click();
      await expect(director.getByText('Vous avez rejoint le dossier.')).toBeVisible();
    }
    await director.goto(`${dossierUrl}/equipe`);
    for (let i = 0; i < SCHOOLS.length; i++) {
      await director.getByRole('button', { name: /Cosigner le projet pour/ }).first().click();
      await expect(director.getByText('Projet cosigné.')).toBeVisible();
    }
    await expectNoAxeViolations(director);
    await context.close();
  });

  await test.step('submits and reads the proof of deposit', async () => {
    await page.goto(`${dossierUrl}/depot`);
    await expect(page.getByText('Aucun point bloquant')).toBeVisible();
    await page.getByRole('button', { name: 'Déposer le dossier' }).click();
    await expect(page.getByText(/Dossier déposé le/)).toBeVisible();
    await expectNoAxeViolations(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Télécharger l’accusé de dépôt (PDF)' }).click()]);
    const file = await download.path();
    const fs = await import('node:fs');
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const doc = await getDocument({ data: new Uint8Array(fs.readFileSync(file)) }).promise;
    let text = '';
    for (let i = 1; i <= doc.numPages; i++) {
      const content = await (await doc.getPage(i)).getTextContent();
      text += content.items.map((it) => ('str' in it ? it.str : '')).join(' ');
    }
    expect(text).toContain('Vitré');
    expect(text).toContain(SCHOOLS[0]);
    expect(text).toMatch(/[0-9a-f]{64}|[0-9a-f]{32}/);
    await page.goto(`${dossierUrl}/versions/1`);
    await expect(page.getByText('Version figée, en lecture seule')).toBeVisible();
    await expectNoAxeViolations(page);
  });
});
