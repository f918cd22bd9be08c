// A realistic submitted dossier of the commune of Rennes with two of its real elementary schools
// (UAI, names, classes and pupils of the 2020 school year from data/education/dep035). Amounts follow
// the 2021 rules (DOMAIN.md §2): Albert de Mun's equipment is capped at 10 × 3 500 €; volet 1 grant
// 70 % × 63 350 € = 44 345 €; volet 2 grant 50 % × 7 300 € = 3 650 €; total 47 995 €.
import type { ProofOfDepositInput } from '../../../src/documents/proof-of-deposit';

export const RENNES_PROOF: ProofOfDepositInput = {
  call: { id: 'snee-2021', title: 'Socle numérique dans les écoles élémentaires (2021)' },
  dossier: { reference: 'SNEE-2021-035-000123', version: 2 },
  applicant: { name: 'Commune de Rennes', kind: 'commune', siren: '213502388', departement: 'Ille-et-Vilaine (35)' },
  signatory: { name: 'Claire Le Goff', capacity: 'adjointe au maire déléguée à l’éducation' },
  schools: [
    {
      uai: '0350592D',
      name: 'École élémentaire publique Joseph Lotte',
      commune: 'Rennes',
      classes: 9,
      pupils: 187,
      eligible: true,
      equipmentCents: 2_835_000,
      servicesCents: 320_000,
      grantCents: 2_144_500,
    },
    {
      uai: '0350593E',
      name: 'École élémentaire publique Albert de Mun',
      commune: 'Rennes',
      classes: 10,
      pupils: 263,
      eligible: true,
      equipmentCents: 3_672_050,
      servicesCents: 410_000,
      grantCents: 2_655_000,
    },
  ],
  amounts: {
    equipment: { spendingCents: 6_507_050, eligibleCents: 6_335_000, grantCents: 4_434_500 },
    services: { spendingCents: 730_000, eligibleCents: 730_000, grantCents: 365_000 },
    grantCents: 4_799_500,
  },
  digest: '3f1c9a7be2d84f06a5c1e9b0d7f2364c8a1e5b9d0c7f3a2e6b4d8c1f0a9e7b53',
  // 18:42:17 in Paris (UTC+2 since 28 March 2021).
  submittedAt: '2021-03-31T16:42:17.000Z',
  submittedBy: 'Claire Le Goff',
};
