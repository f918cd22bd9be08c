// The académie's journey in Chromium (issue 5), on the demo server started by run.js (which passes
// its DATA_DIR in SOCLE_DATA_DIR and the printed demo accounts in SOCLE_DEMO_ACCOUNTS). Setup
// (tests/e2e/review-setup.ts, through the commands): three submitted dossiers of the académie of
// Rennes — the demo applicant's (Rennes) and two others, taken and proposed for acceptance by the
// demo reviewer. In the pages: the reviewer of Rennes takes the applicant's dossier and returns it
// for changes; the applicant joins a quote and submits again; an ERUN answers the opinion asked
// through the link of the outbox; the reviewer excludes a line with a reason and proposes to
// accept; the administrator sets the envelope to fit two dossiers; the committee (the demo reviewer,
// a decider in demo mode) decides wave 1: two accepted, one on the waiting list; the applicant
// downloads and accepts the convention; `socle audit verify` passes, then fails once the test alters
// a row of `dossier_events` in the SQLite file. axe-core finds no violation on any page visited.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { pdf } from './files';

const DATA_DIR = process.env.SOCLE_DATA_DIR;
const ACCOUNTS = process.env.SOCLE_DEMO_ACCOUNTS;
const ROOT = path.resolve(import.meta.dirname, '../..');
const REVIEWER = 'instructeur.rennes@demo.socle.invalid';
const APPLICANT = 'mairie.rennes@demo.socle.invalid';
const ADMIN = 'admin@demo.socle.invalid';

interface Setup { main: { id: string; reference: string }; others: { id: string; reference: string }[] }

function passwordOf(email: string): string {
  const accounts = JSON.parse(fs.readFileSync(ACCOUNTS!, 'utf8')) as { email: string; password: string }[];
  const a = accounts.find((x) => x.email === email);
  if (!a) throw new Error(`compte de démonstration introuvable : ${email}`);
  return a.password;
}

async function signedIn(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto('/connexion');
  await page.getByLabel('Adresse électronique').fill(email);
  await page.getByLabel('Mot de passe').fill(passwordOf(email));
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.getByRole('button', { name: 'Se déconnecter' }).first()).toBeAttached();
  return page;
}

function socle(...args: string[]) {
  return spawnSync(process.execPath, ['bin/socle.js', ...args], { cwd: ROOT, env: { ...process.env, DATA_DIR: DATA_DIR!, SOCLE_DEMO: '0' }, encoding: 'utf8' });
}

/**
 * Ticks (or unticks) a DSFR radio or checkbox as a user does, by clicking its box. The DSFR hides the input
 * (opacity 0) and draws the box in its label's ::before, over the input: a click there reaches the label
 * (hence `force`, which only skips Playwright's hit-target check; the click lands at the box's place), and
 * the state is then asserted.
 */
async function tick(input: Locator, on = true): Promise<void> {
  await input.click({ force: true });
  if (on) await expect(input).toBeChecked();
  else await expect(input).not.toBeChecked();
}

const euros = (cents: number) => (cents / 100).toFixed(2).replace('.', ',');

test('the académie reviews, asks an opinion, decides a wave within its envelope; the convention is accepted; the audit sees a tampered row', async ({ browser }) => {
  test.skip(!DATA_DIR || !ACCOUNTS, 'needs the server started by tests/e2e/run.js (SOCLE_DATA_DIR, SOCLE_DEMO_ACCOUNTS)');
  test.setTimeout(240_000);
  let setup!: Setup;

  await test.step('setup: three submitted dossiers of the académie of Rennes, through the commands', async () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'tests/e2e/review-setup.ts'], { cwd: ROOT, env: { ...process.env, DATA_DIR: DATA_DIR! }, encoding: 'utf8' });
    expect(r.status, `review-setup.ts a échoué :\n${r.stderr}`).toBe(0);
    setup = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Setup;
  });
  const { main, others } = setup;
  const reviewUrl = `/instruction/dossiers/${main.id}`;
  const reviewer = await signedIn(browser, REVIEWER);
  /** The committee's box « retenu » of a dossier. */
  const retained = (id: string) => reviewer.locator(`input[name="retenu"][value="${id}"]`);
  const total = async (id: string) => Number(await retained(id).getAttribute('data-total'));
  const applicant = await signedIn(browser, APPLICANT);

  await test.step('the reviewer of Rennes takes the dossier from the queue and returns it for changes', async () => {
    await reviewer.goto('/instruction');
    await expect(reviewer.getByRole('main')).toContainText(main.reference);
    await expectNoAxeViolations(reviewer);
    await reviewer.goto(reviewUrl);
    await expectNoAxeViolations(reviewer);
    await reviewer.getByRole('button', { name: 'Prendre en charge' }).click();
    await expect(reviewer.getByText('Dossier pris en charge')).toBeVisible();
    await expectNoAxeViolations(reviewer);
    await reviewer.getByLabel('Demander des compléments à la collectivité').fill('Merci de joindre le devis des vidéoprojecteurs.');
    await reviewer.getByRole('button', { name: 'Renvoyer pour compléments' }).click();
    await expect(reviewer.getByText('Dossier renvoyé pour compléments')).toBeVisible();
    await expectNoAxeViolations(reviewer);
  });

  await test.step('the applicant sees the request, joins the quote and submits again', async () => {
    await applicant.goto(`/dossiers/${main.id}`);
    await expect(applicant.getByRole('main')).toContainText('Merci de joindre le devis');
    await expectNoAxeViolations(applicant);
    await applicant.goto(`/dossiers/${main.id}/pieces`);
    await applicant.getByLabel('Type de pièce').selectOption('quote');
    await applicant.getByLabel('Fichier').setInputFiles({ name: 'devis.pdf', mimeType: 'application/pdf', buffer: await pdf('Devis : 3 vidéoprojecteurs interactifs.') });
    await applicant.getByRole('button', { name: 'Joindre la pièce' }).click();
    await expect(applicant.getByRole('main')).toContainText('devis.pdf');
    await expectNoAxeViolations(applicant);
    await applicant.goto(`/dossiers/${main.id}/depot`);
    await expectNoAxeViolations(applicant);
    await applicant.getByRole('button', { name: 'Déposer à nouveau le dossier' }).click();
    await expect(applicant.getByRole('main')).toContainText('Version 2, empreinte SHA-256');
    await expectNoAxeViolations(applicant);
  });

  const erun = `erun.${Date.now()}@ac-rennes.test`;
  await test.step('the reviewer takes it again and asks an ERUN for an opinion', async () => {
    await reviewer.goto(reviewUrl);
    await reviewer.getByRole('button', { name: 'Prendre en charge' }).click();
    await expect(reviewer.getByText('Dossier pris en charge')).toBeVisible();
    const form = reviewer.getByRole('form', { name: 'Demander un avis' });
    await form.getByLabel('À qui').selectOption('erun');
    await form.getByLabel('Adresse électronique de l’expert').fill(erun);
    await form.getByLabel('Question posée').fill('Le plan d’équipement est-il cohérent avec les usages de l’école ?');
    const deadline = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    await form.getByLabel('Date limite').fill(deadline);
    await form.getByRole('button', { name: 'Envoyer la demande d’avis' }).click();
    await expect(reviewer.getByText("Demande d'avis envoyée")).toBeVisible();
    await expectNoAxeViolations(reviewer);
  });

  await test.step('the ERUN opens the link from the outbox and answers', async () => {
    const expert = await (await browser.newContext()).newPage();
    await expert.goto('/boite-mail');
    await expectNoAxeViolations(expert);
    const link = await expert.locator('article', { hasText: erun }).first().locator('a[href*="/avis/"]').first().getAttribute('href');
    expect(link).toBeTruthy();
    await expert.goto(new URL(link!, expert.url()).pathname);
    await expect(expert.getByRole('main')).toContainText('cohérent avec les usages');
    await expectNoAxeViolations(expert);
    await tick(expert.getByLabel('Favorable', { exact: true }));
    await expert.getByLabel('Motivation').fill('Projet cohérent : les enseignants sont formés aux usages du VPI.');
    await expert.getByRole('button', { name: 'Envoyer mon avis' }).click();
    await expect(expert.getByRole('main')).toContainText(/merci|enregistré/i);
    await expectNoAxeViolations(expert);
    await expert.context().close();
  });

  const ien = `ien.${Date.now()}@ac-rennes.test`;
  await test.step('the reviewer asks an IEN too, then withdraws the request: the IEN’s link says so', async () => {
    await reviewer.goto(reviewUrl);
    const form = reviewer.getByRole('form', { name: 'Demander un avis' });
    await form.getByLabel('À qui').selectOption('ien');
    await form.getByLabel('Adresse électronique de l’expert').fill(ien);
    await form.getByLabel('Question posée').fill('Le projet s’inscrit-il dans le plan numérique de la circonscription ?');
    await form.getByLabel('Date limite').fill(new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10));
    await form.getByRole('button', { name: 'Envoyer la demande d’avis' }).click();
    await expect(reviewer.getByText("Demande d'avis envoyée")).toBeVisible();
    await reviewer.getByRole('form', { name: `Retirer la demande d’avis adressée à ${ien}` }).getByRole('button', { name: 'Retirer la demande d’avis' }).click();
    await expect(reviewer.getByText('Demande d’avis retirée : son lien ne fonctionne plus')).toBeVisible();
    await expect(reviewer.getByRole('main')).toContainText('Demande retirée le');
    await expectNoAxeViolations(reviewer);
    const expert = await (await browser.newContext()).newPage();
    await expert.goto('/boite-mail');
    const link = await expert.locator('article', { hasText: ien }).filter({ hasText: 'Avis demandé' }).first().locator('a[href*="/avis/"]').first().getAttribute('href');
    expect(link).toBeTruthy();
    const res = await expert.goto(new URL(link!, expert.url()).pathname);
    expect(res?.status()).toBe(410);
    await expect(expert.getByRole('main')).toContainText('Cette demande d’avis a été retirée.');
    await expect(expert.getByRole('main')).not.toContainText('plan numérique de la circonscription');
    await expectNoAxeViolations(expert);
    await expert.context().close();
  });

  await test.step('the reviewer reads the opinion, excludes a line with a reason and proposes to accept', async () => {
    await reviewer.goto(reviewUrl);
    await expect(reviewer.getByRole('main')).toContainText('les enseignants sont formés');
    const line = reviewer.getByRole('form', { name: 'Ajuster la ligne Écrans de fond de classe' });
    await line.getByLabel('Action').selectOption('exclude');
    await line.getByLabel('Motif (obligatoire)').fill('Écrans de fond de classe hors du référentiel de l’appel pour cette école.');
    await line.getByRole('button', { name: 'Enregistrer l’ajustement' }).click();
    await expect(reviewer.getByText('Ajustement enregistré')).toBeVisible();
    await expect(reviewer.getByRole('main')).toContainText('(ligne exclue)');
    await expectNoAxeViolations(reviewer);
    const proposal = reviewer.getByRole('form', { name: 'Proposer une décision' });
    await tick(proposal.getByLabel('Retenir', { exact: true }));
    await proposal.getByRole('button', { name: 'Enregistrer la proposition' }).click();
    await expect(reviewer.getByText('Proposition de décision enregistrée')).toBeVisible();
    await expectNoAxeViolations(reviewer);
  });

  await test.step('the administrator sets the envelope of Rennes to fit two of the three dossiers', async () => {
    await reviewer.goto('/comite');
    const [a, b] = [await total(main.id), await total(others[0].id)];
    expect(a).toBeGreaterThan(0);
    const admin = await signedIn(browser, ADMIN);
    await admin.goto('/admin/enveloppes');
    await expectNoAxeViolations(admin);
    await admin.getByLabel('Montant en euros pour l’académie de Rennes').fill(euros(a + b));
    await admin.getByLabel('Motif', { exact: true }).nth(await admin.locator('input[name="academie"]').evaluateAll((els) => els.findIndex((e) => (e as HTMLInputElement).value === '14'))).fill('Enveloppe de la démonstration');
    await admin.getByRole('button', { name: 'Enregistrer l’enveloppe de l’académie de Rennes' }).click();
    await expect(admin.getByText('Enveloppe enregistrée')).toBeVisible();
    await expectNoAxeViolations(admin);
    await admin.context().close();
  });

  await test.step('the committee: three dossiers do not fit; two retained, one on the waiting list', async () => {
    await reviewer.goto('/comite');
    await expectNoAxeViolations(reviewer);
    for (const d of [main, ...others]) await expect(retained(d.id)).toBeChecked();
    // « Pourquoi ce rang ? »: the dossier's page before the committee explains its score and previews its letters.
    await reviewer.locator(`a[href="/comite/dossiers/${main.id}"]`).click();
    await expect(reviewer.getByRole('heading', { level: 1 })).toContainText(`Dossier ${main.reference} devant le comité`);
    await expect(reviewer.getByRole('main')).toContainText('Score de priorité');
    await expect(reviewer.getByRole('link', { name: /Convention du dossier .* \(PDF\)/ })).toBeVisible();
    await expectNoAxeViolations(reviewer);
    await reviewer.goto('/comite');
    await reviewer.getByRole('button', { name: 'Décider la vague n° 1' }).click();
    await expect(reviewer.getByRole('main')).toContainText('La vague n’a pas été décidée');
    await expectNoAxeViolations(reviewer);
    await tick(retained(others[1].id), false);
    // The envelope's use follows the boxes in the browser.
    const fits = (await total(main.id)) + (await total(others[0].id));
    await expect(reviewer.locator('#retenu-total')).toHaveText(new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(fits / 100));
    await reviewer.getByRole('button', { name: 'Décider la vague n° 1' }).click();
    await expect(reviewer.getByText('Vague n° 1 décidée')).toBeVisible();
    await expect(reviewer.getByRole('main')).toContainText('2 retenu(s)');
    await expect(reviewer.getByRole('main')).toContainText('1 sur liste d’attente');
    await expectNoAxeViolations(reviewer);
  });

  await test.step('the applicant downloads and accepts the convention', async () => {
    await applicant.goto(`/dossiers/${main.id}/convention`);
    await expect(applicant.getByRole('main')).toContainText('décidé en vague 1');
    await expectNoAxeViolations(applicant);
    const href = await applicant.getByRole('link', { name: 'Convention attributive de subvention (PDF)' }).getAttribute('href');
    const res = await applicant.request.get(href!);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toContain('application/pdf');
    expect((await res.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await tick(applicant.getByLabel('J’ai lu la convention et je l’accepte au nom de la collectivité.'));
    await applicant.getByRole('button', { name: 'Accepter la convention' }).click();
    await expect(applicant.getByText('Convention acceptée').first()).toBeVisible();
    await expectNoAxeViolations(applicant);
  });

  await test.step('`socle audit verify` passes, then fails after a row of dossier_events is altered', async () => {
    const ok = socle('audit', 'verify');
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain("Toutes les chaînes d'empreintes sont intactes");
    const sqlite = new Database(path.join(DATA_DIR!, 'socle.sqlite'));
    try {
      const changed = sqlite.prepare("UPDATE dossier_events SET reason = 'modifié hors de la plateforme' WHERE dossier_id = ? AND seq = 2").run(main.id);
      expect(changed.changes).toBe(1);
    } finally {
      sqlite.close();
    }
    const broken = socle('audit', 'verify');
    expect(broken.status).toBe(1);
    expect(broken.stdout).toContain(`CHAÎNE ROMPUE : dossier ${main.reference}, événement n° 2`);
  });

  await reviewer.context().close();
  await applicant.context().close();
});
