// The public simulator in a real browser, on the real reference data: choose a real commune with two
// real schools (Argentré-du-Plessis, 35006), enter their spending, watch the grant update live, read
// « Pourquoi ce montant ? », submit, then open the shared link in a new page and find the same
// simulation. axe-core finds no violation on any of these pages.
import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe';

const COMMUNE = { insee: '35006', name: 'Argentré-du-Plessis' };
const SCHOOLS = [
  { uai: '0352129Z', name: /La Salle St Joseph/, pupils: '217', equipment: '20 000', services: '3 000' },
  { uai: '0351633K', name: /Jean-Louis Etienne/, pupils: '174', equipment: '5 000', services: '1 000' },
];
// 20 000 € + 5 000 € of equipment (both under 12 classes × 3 500 €): 70 % × 25 000 € = 17 500 €;
// services 4 000 € (under 391 pupils × 20 €): 50 % = 2 000 €; total 19 500 €.
const TOTAL = /19\s500,00\s€/;
const EQUIPMENT_STEP = /70\s%\s×\s25\s000,00\s€\s=\s17\s500,00\s€/;

const total = (page: Page) => page.locator('#resultat [data-value="grantCents"]');

test('simulate for a real commune with two real schools, read the explanation, share the URL', async ({ page, context }) => {
  await test.step('the simulator, then a search for the commune', async () => {
    const response = await page.goto('/simulateur');
    expect(response?.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Simuler la subvention');
    await expectNoAxeViolations(page);
    // A search field with suggestions (a <datalist>): its role is « combobox ».
    const search = page.getByRole('combobox', { name: /Commune ou intercommunalité/ });
    await search.fill('argentre');
    await search.press('Enter');
    await expect(page).toHaveURL(/\/simulateur\?q=argentre$/);
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: COMMUNE.name, exact: true }).click();
  });

  await test.step('its two schools are listed, pupils prefilled', async () => {
    await expect(page).toHaveURL(new RegExp(`/simulateur\\?commune=${COMMUNE.insee}$`));
    await expect(page.getByRole('heading', { level: 2, name: new RegExp(COMMUNE.name) })).toBeVisible();
    const groups = page.locator('fieldset[data-uai]');
    await expect(groups).toHaveCount(2);
    for (const s of SCHOOLS) {
      const group = page.getByRole('group', { name: s.name });
      await expect(group.getByLabel(/Nombre d’élèves/)).toHaveValue(s.pupils);
    }
    await expect(page.locator('#resultat')).toBeHidden();
    await expectNoAxeViolations(page);
  });

  await test.step('typing the spending updates the grant live (through the API)', async () => {
    for (const s of SCHOOLS) {
      const group = page.getByRole('group', { name: s.name });
      await group.getByLabel(/Équipement \(volet 1\)/).fill(s.equipment);
      await group.getByLabel(/Services et ressources \(volet 2\)/).fill(s.services);
    }
    await expect(page.locator('#resultat')).toBeVisible();
    await expect(total(page)).toHaveText(TOTAL);
    await expect(page).toHaveURL(/equipement=20(\+|%20)000/);
    await expectNoAxeViolations(page);
  });

  await test.step('an unreadable amount gets a French message next to its field', async () => {
    const field = page.getByRole('group', { name: SCHOOLS[1].name }).getByLabel(/Équipement \(volet 1\)/);
    await field.fill('5.000');
    await expect(page.locator('#equipement-1-erreur')).toContainText('au plus deux chiffres après la virgule');
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await field.fill(SCHOOLS[1].equipment);
    await expect(page.locator('#equipement-1-erreur')).toBeHidden();
  });

  let shared = '';
  await test.step('submitting gives the same result from the server, with the explanation', async () => {
    await page.getByRole('button', { name: 'Calculer la subvention' }).click();
    await expect(page).toHaveURL(/uai=0352129Z&classes=12&eleves=217&equipement=20(\+|%20)000/);
    await expect(total(page)).toHaveText(TOTAL);
    const why = page.locator('#pourquoi');
    await expect(why.getByRole('heading', { name: 'Pourquoi ce montant ?' })).toBeVisible();
    await expect(why).toContainText(EQUIPMENT_STEP);
    await expect(why).toContainText(/Subvention totale : 17\s500,00\s€ \(équipement\) \+ 2\s000,00\s€/);
    await expect(page.locator('#ecoles-resultat tbody tr:visible')).toHaveCount(2);
    await expectNoAxeViolations(page);
    shared = await page.getByLabel('Lien de cette simulation').inputValue();
    expect(shared).toMatch(new RegExp(`/simulateur\\?commune=${COMMUNE.insee}&uai=`));
  });

  await test.step('« Copier le lien » copies the shareable URL', async () => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.getByRole('button', { name: 'Copier le lien' }).click();
    await expect(page.getByText('Lien copié dans le presse-papiers.')).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(shared);
  });

  await test.step('the shared URL, opened in a new page, reproduces the simulation', async () => {
    const other = await context.newPage();
    const response = await other.goto(shared);
    expect(response?.status()).toBe(200);
    await expect(total(other)).toHaveText(TOTAL);
    await expect(other.locator('#pourquoi')).toContainText(EQUIPMENT_STEP);
    for (const s of SCHOOLS) {
      await expect(other.getByRole('group', { name: s.name }).getByLabel(/Équipement \(volet 1\)/)).toHaveValue(s.equipment);
    }
    await expectNoAxeViolations(other);
    await other.close();
  });
});

test('the simulator works without JavaScript', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`/simulateur?commune=${COMMUNE.insee}`);
  for (const s of SCHOOLS) {
    const group = page.getByRole('group', { name: s.name });
    await group.getByLabel(/Équipement \(volet 1\)/).fill(s.equipment);
    await group.getByLabel(/Services et ressources \(volet 2\)/).fill(s.services);
  }
  await page.getByRole('button', { name: 'Calculer la subvention' }).click();
  await expect(total(page)).toHaveText(TOTAL);
  await expect(page.locator('#pourquoi')).toContainText(EQUIPMENT_STEP);
  // Without JavaScript the copy and print buttons stay hidden; the link is there to copy by hand.
  await expect(page.getByRole('button', { name: 'Copier le lien' })).toBeHidden();
  await expect(page.getByLabel('Lien de cette simulation')).toHaveValue(/\/simulateur\?commune=35006&uai=0352129Z/);
  // (axe-core needs JavaScript in the page: the same server-rendered page is checked in the test above.)
  await context.close();
});
