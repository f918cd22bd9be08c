// Every input rule of the contract has its French error message, naming the field's path.
// Input that breaks a rule is an input error (exit 2 / HTTP 400), never a finding.

import { describe, expect, it } from 'vitest';
import { runSimulate } from '../../../src/cli/simulate';
import { simulate, simulateText, type SimulationError } from '../../../src/domain/funding';

const school = (over: Record<string, unknown> = {}) => ({
  uai: '0350001L',
  commune: '35238',
  classes: 5,
  pupils: 120,
  equipmentCents: 2_000_000,
  servicesCents: 200_000,
  ...over,
});
const dossier = (...schools: unknown[]) => ({ call: 'snee-2021', schools });

function errorOf(input: unknown): SimulationError {
  const outcome = simulate(input);
  if (outcome.ok) throw new Error('expected an input error');
  return outcome.error;
}

/** The single field error of an input. */
function fieldError(input: unknown): { path: string; message: string } {
  const { fields } = errorOf(input);
  expect(fields).toHaveLength(1);
  return fields[0];
}

const MESSAGES = {
  classes: 'Le nombre de classes (cycles 2 et 3) doit être un entier supérieur ou égal à 1.',
  pupils: "Le nombre d'élèves doit être un entier supérieur ou égal à 1.",
  equipmentCents: "Les dépenses d'équipement (volet 1) sont un montant entier en centimes, positif ou nul (350000 pour 3 500 €).",
  servicesCents: 'Les dépenses de services (volet 2) sont un montant entier en centimes, positif ou nul (50000 pour 500 €).',
};

describe('input errors of a simulation', () => {
  it('accepts a valid dossier', () => {
    expect(simulate(dossier(school())).ok).toBe(true);
  });

  it('refuses text that is not JSON, and empty input', () => {
    const notJson = simulateText('{ "call": ');
    expect(notJson.ok).toBe(false);
    if (!notJson.ok) {
      expect(notJson.error.fields[0].path).toBe('');
      expect(notJson.error.fields[0].message).toMatch(/^Le texte reçu n'est pas du JSON valide/);
      expect(notJson.error.error).toMatch(/^Entrée invalide : Le texte reçu n'est pas du JSON valide/);
    }
    const empty = simulateText('  \n');
    expect(!empty.ok && empty.error.fields[0].message).toBe(
      'Aucune donnée reçue : donnez un objet JSON (fichier --input ou entrée standard).',
    );
  });

  it('refuses input that is not an object', () => {
    for (const input of [[], 42, 'snee-2021', null]) {
      expect(fieldError(input)).toEqual({ path: '', message: 'L\'entrée est un objet JSON { "call": …, "schools": [ … ] }.' });
    }
  });

  it('requires a known call', () => {
    expect(fieldError({ schools: [school()] })).toEqual({
      path: 'call',
      message: "Champ obligatoire manquant. Indiquez l'appel à projets : « call » est un identifiant, par exemple « snee-2021 ».",
    });
    expect(fieldError({ call: 2021, schools: [school()] }).message).toBe(
      "Indiquez l'appel à projets : « call » est un identifiant, par exemple « snee-2021 ».",
    );
    const unknown = errorOf({ call: 'snee-2099', schools: [school()] });
    expect(unknown.fields).toEqual([{ path: 'call', message: 'Appel à projets inconnu : « snee-2099 ». Appels disponibles : snee-2021.' }]);
    expect(unknown.error).toBe('Entrée invalide, call : Appel à projets inconnu : « snee-2099 ». Appels disponibles : snee-2021.');
  });

  it('requires at least one school', () => {
    const message = 'Donnez au moins une école : « schools » est une liste non vide.';
    expect(fieldError({ call: 'snee-2021', schools: [] })).toEqual({ path: 'schools', message });
    expect(fieldError({ call: 'snee-2021', schools: {} })).toEqual({ path: 'schools', message });
    expect(fieldError({ call: 'snee-2021' })).toEqual({ path: 'schools', message: `Champ obligatoire manquant. ${message}` });
    expect(fieldError(dossier(school(), 'école'))).toEqual({
      path: 'schools[1]',
      message: 'Chaque école est un objet { uai, commune, classes, pupils, equipmentCents, servicesCents }.',
    });
  });

  it.each([0, -1, 1.5, '5', null])('refuses %j classes', (classes) => {
    expect(fieldError(dossier(school({ classes })))).toEqual({ path: 'schools[0].classes', message: MESSAGES.classes });
  });

  it.each([0, -3, 2.5, '120'])('refuses %j pupils', (pupils) => {
    expect(fieldError(dossier(school(), school({ uai: '0350002M', pupils })))).toEqual({ path: 'schools[1].pupils', message: MESSAGES.pupils });
  });

  it('names a missing count', () => {
    const { classes: _c, ...noClasses } = school();
    expect(fieldError(dossier(noClasses))).toEqual({ path: 'schools[0].classes', message: `Champ obligatoire manquant. ${MESSAGES.classes}` });
  });

  it.each([-1, 10.5, '350000', 2 ** 60])('refuses %j as an amount of either volet', (cents) => {
    expect(fieldError(dossier(school({ equipmentCents: cents })))).toEqual({ path: 'schools[0].equipmentCents', message: MESSAGES.equipmentCents });
    expect(fieldError(dossier(school({ servicesCents: cents })))).toEqual({ path: 'schools[0].servicesCents', message: MESSAGES.servicesCents });
  });

  it('accepts zero amounts (they make findings, not input errors)', () => {
    const outcome = simulate(dossier(school({ equipmentCents: 0, servicesCents: 0 })));
    expect(outcome.ok).toBe(true);
    if (outcome.ok) expect(outcome.result.findings.map((f) => f.code)).toEqual(['SCHOOL_BELOW_MINIMUM', 'MISSING_EQUIPMENT_VOLET', 'MISSING_SERVICES_VOLET']);
  });

  it('requires each volet as a total or as lines, not both, not neither', () => {
    const line = { label: 'Vidéoprojecteur', category: 'CLASS_DISPLAY', quantity: 1, unitCents: 100_000 };
    expect(fieldError(dossier(school({ equipment: [line] })))).toEqual({
      path: 'schools[0].equipment',
      message: "Donnez les dépenses d'équipement (volet 1) soit en total (« equipmentCents »), soit en lignes (« equipment »), pas les deux.",
    });
    expect(fieldError(dossier(school({ services: [line] })))).toEqual({
      path: 'schools[0].services',
      message: 'Donnez les dépenses de services et ressources (volet 2) soit en total (« servicesCents »), soit en lignes (« services »), pas les deux.',
    });
    const { equipmentCents: _e, servicesCents: _s, ...neither } = school();
    expect(errorOf(dossier(neither)).fields).toEqual([
      { path: 'schools[0].equipmentCents', message: "Dépenses d'équipement (volet 1) manquantes : donnez « equipmentCents » (en centimes) ou des lignes « equipment »." },
      { path: 'schools[0].servicesCents', message: 'Dépenses de services et ressources (volet 2) manquantes : donnez « servicesCents » (en centimes) ou des lignes « services ».' },
    ]);
  });

  it('checks every field of a line', () => {
    const { equipmentCents: _e, ...withoutTotal } = school();
    const withLine = (line: unknown) => dossier({ ...withoutTotal, equipment: [line] });
    const ok = { label: 'Tablette', category: 'SCHOOL_MOBILE_POOL', quantity: 12, unitCents: 30_000 };
    expect(fieldError(withLine({ ...ok, label: ' ' }))).toEqual({ path: 'schools[0].equipment[0].label', message: 'Le libellé de la ligne est un texte non vide.' });
    expect(fieldError(withLine({ ...ok, category: 3 }))).toEqual({
      path: 'schools[0].equipment[0].category',
      message: 'La catégorie de la ligne est un texte (par exemple un code du référentiel).',
    });
    expect(fieldError(withLine({ ...ok, quantity: 0 }))).toEqual({ path: 'schools[0].equipment[0].quantity', message: 'La quantité est un entier supérieur ou égal à 1.' });
    expect(fieldError(withLine({ ...ok, unitCents: -5 }))).toEqual({
      path: 'schools[0].equipment[0].unitCents',
      message: 'Le prix unitaire est un montant entier en centimes, positif ou nul.',
    });
    expect(fieldError(withLine({ ...ok, price: 3 }))).toEqual({ path: 'schools[0].equipment[0].price', message: 'Champ inconnu : « price ».' });
    expect(fieldError(withLine({ ...ok, quantity: 2 ** 40, unitCents: 2 ** 40 }))).toEqual({
      path: 'schools[0].equipment[0]',
      message: 'Montant de la ligne trop élevé (quantité × prix unitaire).',
    });
    expect(fieldError(dossier({ ...withoutTotal, equipment: 'beaucoup' }))).toEqual({
      path: 'schools[0].equipment',
      message: 'Les lignes sont une liste de { label, category, quantity, unitCents }.',
    });
  });

  it('checks the UAI check letter and the commune code', () => {
    expect(fieldError(dossier(school({ uai: '0350001A' })))).toEqual({
      path: 'schools[0].uai',
      message: 'UAI « 0350001A » invalide : la lettre de contrôle de 0350001 est L.',
    });
    expect(fieldError(dossier(school({ uai: '35001L' })))).toEqual({
      path: 'schools[0].uai',
      message: 'UAI invalide : 7 chiffres suivis de la lettre de contrôle (par exemple 0350001L).',
    });
    const communeMessage = 'Code commune INSEE invalide : 5 caractères (par exemple 35238, ou 2A004 en Corse).';
    for (const commune of ['3523', '352380', 'Rennes', 35238]) {
      expect(fieldError(dossier(school({ commune })))).toEqual({ path: 'schools[0].commune', message: communeMessage });
    }
    expect(simulate(dossier(school({ commune: '2A004', uai: '6200001G' }))).ok).toBe(true);
    expect(simulate(dossier(school({ commune: undefined, uai: undefined }))).ok).toBe(true);
  });

  it('refuses the same UAI twice', () => {
    expect(fieldError(dossier(school(), school({ uai: '0350002M' }), school()))).toEqual({
      path: 'schools[2].uai',
      message: "UAI « 0350001L » déjà donnée pour schools[0] : une école ne figure qu'une fois dans un dossier.",
    });
  });

  it('refuses unknown fields of a school (a misspelt amount is not silently zero)', () => {
    const { equipmentCents: _e, ...rest } = school();
    const error = errorOf(dossier({ ...rest, equipementCents: 2_000_000 }));
    expect(error.fields).toContainEqual({ path: 'schools[0].equipementCents', message: 'Champ inconnu : « equipementCents ».' });
  });

  it('refuses a dossier whose amounts add up beyond exact integers', () => {
    const big = Number.MAX_SAFE_INTEGER - 1;
    expect(fieldError(dossier(school({ equipmentCents: big }), school({ uai: '0350002M', equipmentCents: big })))).toEqual({
      path: 'schools',
      message: 'La somme des montants du dossier est trop élevée.',
    });
  });

  it('lists every field at once and says how many', () => {
    const error = errorOf(dossier(school({ classes: 0, pupils: 0 })));
    expect(error.error).toBe('Entrée invalide : 2 champs à corriger (voir « fields »).');
    expect(error.fields.map((f) => f.path)).toEqual(['schools[0].classes', 'schools[0].pupils']);
  });

  it('gives the CLI status 2 with exactly {error, fields} on standard output', async () => {
    const { exitCode, stdout } = await runSimulate(JSON.stringify(dossier(school({ classes: 0 }))));
    expect(exitCode).toBe(2);
    expect(JSON.parse(stdout)).toEqual({
      error: `Entrée invalide, schools[0].classes : ${MESSAGES.classes}`,
      fields: [{ path: 'schools[0].classes', message: MESSAGES.classes }],
    });
    const notJson = await runSimulate('pas du json');
    expect(notJson.exitCode).toBe(2);
    expect(Object.keys(JSON.parse(notJson.stdout))).toEqual(['error', 'fields']);
  });
});

describe('schools given as lines', () => {
  it('totals Σ quantity × unitCents for each volet, like the same totals', () => {
    const lines = dossier({
      uai: '0350001L',
      commune: '35238',
      classes: 5,
      pupils: 120,
      equipment: [
        { label: 'Vidéoprojecteur interactif', category: 'CLASS_DISPLAY', quantity: 5, unitCents: 250_000 },
        { label: 'Ordinateur portable enseignant', category: 'CLASS_TEACHER_COMPUTER', quantity: 5, unitCents: 150_000 },
      ],
      services: [{ label: 'ENT, deux ans', category: 'SERVICES_ENT', quantity: 2, unitCents: 60_000 }],
    });
    const totals = dossier(school({ equipmentCents: 2_000_000, servicesCents: 120_000 }));
    const a = simulate(lines);
    const b = simulate(totals);
    expect(a.ok && b.ok).toBe(true);
    if (a.ok && b.ok) {
      expect(a.result.equipment.spendingCents).toBe(2_000_000);
      expect(a.result.services.spendingCents).toBe(120_000);
      expect(a.result.grantCents).toBe(b.result.grantCents);
    }
  });

  it('mixes a total for one volet and lines for the other, and empty lines count as zero', () => {
    const outcome = simulate(dossier({ classes: 1, pupils: 20, equipmentCents: 350_000, services: [] }));
    expect(outcome.ok).toBe(true);
    if (outcome.ok) {
      expect(outcome.result.services.spendingCents).toBe(0);
      expect(outcome.result.findings.map((f) => f.code)).toEqual(['MISSING_SERVICES_VOLET']);
    }
  });
});
