// A clerk's first steps in Chromium, on the demo server (SOCLE_DEMO=1: mails stay in the outbox,
// claims are confirmed at once): sign up, open the verification link from the outbox page, sign in,
// claim a real commune; axe-core finds no violation on any page.
import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe';

const COMMUNE = { name: 'Fougères', insee: '35115' };

test('sign up, verify from the outbox, sign in, claim a real commune', async ({ page }) => {
  const email = `agent.${Date.now()}@mairie-fougeres.test`;
  const password = 'Correct-Cheval-42!';

  await test.step('sign up', async () => {
    await page.goto('/');
    await page.getByRole('link', { name: 'Se connecter' }).first().click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Se connecter');
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Créer un compte' }).click();
    await expectNoAxeViolations(page);
    // A weak password is refused with a message naming the field.
    await page.getByLabel('Prénom et nom').fill('Fanny Fougères');
    await page.getByLabel('Adresse électronique').fill(email);
    await page.getByLabel('Mot de passe').fill('trop-court');
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    await expect(page.locator('.fr-error-text')).toContainText('au moins 12 caractères');
    await expectNoAxeViolations(page);
    await page.getByLabel('Mot de passe').fill(password);
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Consultez votre messagerie');
    await expectNoAxeViolations(page);
  });

  await test.step('open the verification link from the outbox', async () => {
    await page.goto('/boite-mail');
    await expectNoAxeViolations(page);
    const mail = page.locator('article', { hasText: email }).filter({ hasText: 'Confirmez votre adresse' }).first();
    await mail.locator('a[href^="/compte/verifier/"]').click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Adresse confirmée');
    await expectNoAxeViolations(page);
  });

  await test.step('sign in', async () => {
    await page.getByRole('link', { name: 'Se connecter' }).last().click();
    await page.getByLabel('Adresse électronique').fill(email);
    await page.getByLabel('Mot de passe').fill(password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await expect(page).toHaveURL(/\/compte$/);
    await expect(page.getByRole('banner')).toContainText('Fanny Fougères');
    await expect(page.getByRole('button', { name: 'Se déconnecter' }).first()).toBeAttached();
    await expectNoAxeViolations(page);
  });

  await test.step('claim a real commune', async () => {
    await page.getByRole('link', { name: 'Rechercher ma collectivité' }).click();
    await page.getByLabel('Nom ou SIREN de la collectivité').fill(COMMUNE.name);
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await expect(page.getByRole('table')).toContainText(`code INSEE ${COMMUNE.insee}`);
    await expectNoAxeViolations(page);
    await page.getByRole('row', { name: new RegExp(`code INSEE ${COMMUNE.insee}`) }).getByRole('button', { name: 'Représenter' }).click();
    await expect(page).toHaveURL(/\/organisations\/[0-9a-f-]{36}/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(COMMUNE.name);
    await expect(page.getByText('Confirmée', { exact: true })).toBeVisible(); // automatic in the demo
    await expect(page.getByText('votre rôle : Administrateur')).toBeVisible();
    await expectNoAxeViolations(page);
  });

  await test.step('sign out', async () => {
    await page.getByRole('button', { name: 'Se déconnecter' }).first().click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Se connecter');
    await expect(page.getByText('Vous êtes déconnecté')).toBeVisible();
  });
});
