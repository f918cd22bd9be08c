// The public reference pages in a real browser, on the real reference data: home, school search
// by part of a name, the school's page, its commune's page; axe-core finds no violation on any of them.
import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe';

// A real school of the national file: « ECOLE PRIMAIRE CLAUDEL DUMONTET », Villefranche-sur-Saône (69264).
// The only school whose name contains « claudel dumont ».
const SCHOOL = { uai: '0691123W', name: /claudel dumontet/i, query: 'claudel dumont' };
const COMMUNE = { insee: '69264', name: /villefranche/i };

test('home, school search, school page and its commune, all accessible', async ({ page }) => {
  await test.step('home page', async () => {
    const response = await page.goto('/');
    expect(response?.status()).toBe(200);
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    // DSFR header: the République française block in the banner.
    const banner = page.getByRole('banner');
    await expect(banner).toBeVisible();
    await expect(banner.locator('.fr-header__logo')).toContainText(/république\s*française/i);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expectNoAxeViolations(page);
  });

  await test.step('search a school by part of its name', async () => {
    await page.goto('/ecoles');
    // The search field, labelled « Rechercher une école… » (the form around it bears the same name).
    const search = page.getByRole('searchbox', { name: /^Rechercher une école/ }).first();
    await search.fill(SCHOOL.query);
    await search.press('Enter');
    await expect(page).toHaveURL(/\/ecoles\?(.*&)?q=claudel(\+|%20)dumont(&|$)/);
    const result = page.getByRole('link', { name: SCHOOL.name });
    await expect(result).toHaveCount(1);
    await expect(result).toHaveAttribute('href', new RegExp(`/ecoles/${SCHOOL.uai}$`));
    await expectNoAxeViolations(page);
    await result.click();
  });

  await test.step('the school page', async () => {
    await expect(page).toHaveURL(new RegExp(`/ecoles/${SCHOOL.uai}$`));
    await expect(page.getByRole('heading', { level: 1 })).toContainText(SCHOOL.name);
    await expect(page.getByText(SCHOOL.uai).first()).toBeVisible();
    await expectNoAxeViolations(page);
    const communeLink = page.locator(`a[href$="/communes/${COMMUNE.insee}"]`).first();
    await expect(communeLink).toContainText(COMMUNE.name);
    await communeLink.click();
  });

  await test.step('its commune page lists the school', async () => {
    await expect(page).toHaveURL(new RegExp(`/communes/${COMMUNE.insee}$`));
    await expect(page.getByRole('heading', { level: 1 })).toContainText(COMMUNE.name);
    await expect(page.locator(`a[href$="/ecoles/${SCHOOL.uai}"]`).first()).toBeVisible();
    await expectNoAxeViolations(page);
  });
});

test('an unknown school is a DSFR 404 page, accessible', async ({ page }) => {
  const response = await page.goto('/ecoles/0000000A');
  expect(response?.status()).toBe(404);
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.getByRole('banner').locator('.fr-header__logo')).toContainText(/république\s*française/i);
  await expectNoAxeViolations(page);
});
