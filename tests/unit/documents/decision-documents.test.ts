// The decision letter and the convention, read back with pdfjs-dist: applicant, schools, maximum
// amounts per volet in French, payment terms (30 % advance, 80 % before the balance, never above the
// maximum), signatures; tagged, in Marianne, reproducible (the digest the applicant accepts).
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderAgreement } from '../../../src/documents/agreement';
import type { DecisionDocumentInput } from '../../../src/documents/decision-documents';
import { renderDecisionLetter } from '../../../src/documents/decision-letter';
import { readPdf, roles, type ReadPdf } from './read-pdf';

const INPUT: DecisionDocumentInput = {
  call: { id: 'snee-2021', title: 'Socle numérique dans les écoles élémentaires (2021)', amountBasis: 'TTC' },
  academie: { code: '14', name: 'Rennes' },
  dossier: { reference: 'SNEE-2021-035-000123' },
  applicant: { name: 'Commune de Rennes', kind: 'commune', siren: '213502388', departement: 'Ille-et-Vilaine (35)', address: 'Hôtel de ville, place de la Mairie, 35000 Rennes' },
  signatory: { name: 'Claire Le Goff', capacity: 'adjointe au maire' },
  schools: [
    { uai: '0350592D', name: 'École élémentaire publique Joseph Lotte', commune: 'Rennes', classes: 9, pupils: 187 },
    { uai: '0350593E', name: 'École élémentaire publique Albert de Mun', commune: 'Rennes', classes: 10, pupils: 263 },
  ],
  allocation: { equipmentCents: 4_434_500, servicesCents: 365_000 },
  spending: { equipmentCents: 6_507_050, servicesCents: 730_000 },
  wave: { number: 2, decidedAt: '2021-06-15T08:00:00.000Z', decidedBy: 'Diane Décideuse' },
};

const sq = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('decision letter', () => {
  let pdf: ReadPdf;
  beforeAll(async () => { pdf = await readPdf(await renderDecisionLetter(INPUT)); });

  it('names the applicant, the wave and the maximum amount per volet in French', () => {
    const t = sq(pdf.text);
    expect(pdf.info.Title).toBe('Décision d’attribution de subvention — dossier SNEE-2021-035-000123');
    expect(t).toContain('Décision d’attribution de subvention');
    expect(t).toContain('Commune de Rennes');
    expect(t).toContain('vague 2 du comité de l’académie de Rennes, le 15 juin 2021 à 10 h 00');
    expect(t).toContain('Volet 1 — Équipement 44 345,00 €');
    expect(t).toContain('Volet 2 — Services et ressources numériques 3 650,00 €');
    expect(t).toContain('Montant maximum de subvention alloué : 47 995,00 € (montants TTC).');
    expect(t).toContain('0350592D École élémentaire publique Joseph Lotte Rennes 9 187');
    expect(t).toContain('une avance de 30 % au plus du montant maximum (soit 14 398,50 €)');
    expect(t).toContain('Voies et délais de recours');
    expect(t).toContain('Diane Décideuse');
  });

  it('is tagged, in Marianne', () => {
    expect(pdf.marked).toBe(true);
    expect(roles(pdf.pages[0].structure)).toEqual(expect.arrayContaining(['H1', 'Table', 'P']));
    expect(pdf.pages[0].fonts.some((f) => /Marianne/.test(f))).toBe(true);
  });
});

describe('convention', () => {
  let bytes: Buffer;
  let pdf: ReadPdf;
  beforeAll(async () => { bytes = await renderAgreement(INPUT); pdf = await readPdf(bytes); });

  it('states the parties, the schools, the maximum per volet and the obligations', () => {
    const t = sq(pdf.text);
    expect(t).toContain('Convention attributive de subvention');
    expect(t).toContain('représenté par la rectrice ou le recteur de l’académie de Rennes');
    expect(t).toContain('Bénéficiaire : Commune de Rennes');
    expect(t).toContain('Représenté par : Claire Le Goff, adjointe au maire');
    expect(t).toContain('0350593E École élémentaire publique Albert de Mun Rennes 10 263');
    expect(t).toContain('Volet 1 — Équipement 65 070,50 € 44 345,00 €');
    expect(t).toContain('Total 72 370,50 € 47 995,00 €');
    expect(t).toContain('Article 4 — Obligations du bénéficiaire');
  });

  it('gives the payment terms of décret 2018-514: advance ≤ 30 %, up to 80 %, balance on proof, never above the maximum', () => {
    const t = sq(pdf.text);
    expect(t).toContain('une avance au commencement du projet, de 30 % au plus du montant maximum, soit 14 398,50 € au plus');
    expect(t).toContain('ne pouvant dépasser ensemble 80 % du montant maximum, soit 38 396,00 €');
    expect(t).toContain('le solde sur présentation des factures');
    expect(t).toContain('recalculé selon les règles de l’appel à projets sur les dépenses éligibles réellement réalisées');
    expect(t).toContain('Il ne peut en aucun cas dépasser le montant maximum alloué (47 995,00 €)');
  });

  it('has a signatures block and is reproducible byte for byte (the digest accepted)', async () => {
    const t = sq(pdf.text);
    expect(t).toContain('Pour l’État Pour le bénéficiaire');
    expect(t).toContain('Claire Le Goff, adjointe au maire : acceptation en ligne sur la plateforme socle');
    const again = await renderAgreement(INPUT);
    const h = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    expect(h(again)).toBe(h(bytes));
  });
});
