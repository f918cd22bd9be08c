import { describe, expect, it } from 'vitest';
import {
  FIELDS,
  blockingChecks,
  canSubmit,
  dossierChecks,
  findingField,
  missingSignatures,
  publicAidChecks,
  type DossierForChecks,
  type FundingFindingLike,
} from '../../../src/domain/dossier/checks';
import { transition } from '../../../src/domain/dossier/lifecycle';
import { OBJECTIVES, getObjective, isObjectiveCode, objectiveLabel } from '../../../src/domain/objectives';

const filled = { filled: true, unanswered: [], problems: [], atBaselineBefore: false, atBaselineAfter: true };

// Acigné (35): two real schools, a complete dossier.
const complete: DossierForChecks = {
  schools: [
    { uai: '0350103X', name: 'Le Chevré', diagnostic: filled },
    { uai: '0350149X', name: 'Jean de la Varende', diagnostic: filled },
  ],
  equipmentSpendingCents: 48_000_00,
  servicesSpendingCents: 6_000_00,
  supportText: "Formation des enseignants par l'ERUN de la circonscription au premier trimestre.",
  objectives: [
    { code: 'FUNDAMENTALS', text: 'Applications de lecture et de calcul en petits groupes.' },
    { code: 'LENDING_POOL', text: 'Les tablettes sont prêtées aux familles sans équipement.' },
  ],
  lendingPlan: 'Prêt sur demande de la famille, convention de prêt, 15 jours renouvelables.',
  deliberationAttached: true,
  organisation: {
    siret: '21350001000011',
    signatoryName: 'Yannick Dehée',
    signatoryCapacity: 'Maire',
    address: '1 place du Calvaire, 35690 Acigné',
    iban: 'FR76 3000 1007 9412 3456 7890 185',
  },
  signatures: [
    { uai: '0350103X', role: 'director', signer: 'u1', signedAt: '2021-03-01T09:00:00.000Z' },
    { uai: '0350149X', role: 'director', signer: 'u2', signedAt: '2021-03-02T09:00:00.000Z' },
  ],
  funding: { subsidisableCents: 48_000_00 + 6_000_00, grantCents: 33_600_00 + 3_000_00, otherPublicFunding: [] },
};

const codes = (d: DossierForChecks, findings: FundingFindingLike[] = [], params = {}) => dossierChecks(d, findings, params).map((i) => i.code);

describe('objectives', () => {
  it('are the ten objectives of the call, with stable codes and French labels', () => {
    expect(OBJECTIVES.map((o) => o.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(new Set(OBJECTIVES.map((o) => o.code)).size).toBe(10);
    expect(objectiveLabel('INCLUSION')).toBe('Une école plus inclusive');
    expect(getObjective('LENDING_POOL')?.number).toBe(10);
    expect(isObjectiveCode('PEACE')).toBe(false);
  });
});

describe('completeness list', () => {
  it('is empty for a complete dossier, which can be submitted', () => {
    const items = dossierChecks(complete, []);
    expect(items).toEqual([]);
    expect(canSubmit(items)).toBe(true);
  });

  it('lists every missing piece of an empty dossier, each with the field that fixes it', () => {
    const empty: DossierForChecks = {
      schools: [],
      equipmentSpendingCents: 0,
      servicesSpendingCents: 0,
      supportText: '',
      objectives: [],
      lendingPlan: ' ',
      deliberationAttached: false,
      organisation: {},
      signatures: [],
      funding: { subsidisableCents: 0, grantCents: 0, otherPublicFunding: [] },
    };
    const items = dossierChecks(empty, []);
    expect(items.map((i) => [i.code, i.severity, i.field])).toEqual([
      ['NO_SCHOOL', 'blocking', 'ecoles'],
      ['MISSING_EQUIPMENT_VOLET', 'blocking', 'budget-equipement'],
      ['MISSING_SERVICES_VOLET', 'blocking', 'budget-services'],
      ['MISSING_SUPPORT', 'blocking', 'projet-accompagnement'],
      ['NO_OBJECTIVE', 'blocking', 'projet-objectifs'],
      ['MISSING_LENDING_PLAN', 'blocking', 'projet-pret'],
      ['MISSING_DELIBERATION', 'blocking', 'pieces-deliberation'],
      ['MISSING_SIGNATORY', 'blocking', 'organisation-signataire'],
      ['MISSING_SIRET', 'blocking', 'organisation-siret'],
      ['MISSING_ADDRESS', 'blocking', 'organisation-adresse'],
      ['MISSING_IBAN', 'warning', 'organisation-iban'],
    ]);
    expect(items.find((i) => i.code === 'MISSING_DELIBERATION')!.message).toBe(
      "Joignez la délibération de l'assemblée (conseil municipal ou communautaire) qui approuve le projet.",
    );
    expect(canSubmit(items)).toBe(false);
  });

  it("takes the engine's findings, links each to its field, and does not repeat a missing volet", () => {
    const findings: FundingFindingLike[] = [
      { code: 'SCHOOL_BELOW_MINIMUM', severity: 'blocking', uai: '0350149X', message: "L'école 0350149X déclare 3 000,00 € d'équipement…" },
      { code: 'COMMUNE_ABOVE_TIER_TOP', severity: 'warning', commune: '35001', message: 'Au-delà du plafond.' },
      { code: 'MISSING_SERVICES_VOLET', severity: 'blocking', message: 'Le dossier ne déclare aucune dépense de services…' },
    ];
    const items = dossierChecks({ ...complete, servicesSpendingCents: 0 }, findings);
    expect(items).toEqual([
      { code: 'SCHOOL_BELOW_MINIMUM', severity: 'blocking', uai: '0350149X', field: 'ecole-0350149X-budget', message: findings[0].message },
      { code: 'COMMUNE_ABOVE_TIER_TOP', severity: 'warning', commune: '35001', field: 'budget-equipement', message: 'Au-delà du plafond.' },
      { code: 'MISSING_SERVICES_VOLET', severity: 'blocking', field: 'budget-services', message: findings[2].message },
    ]);
    expect(findingField({ code: 'SOMETHING_NEW' })).toBe('budget');
  });

  it("asks for each school's diagnostic, and warns when a school is already at the socle or stays below it", () => {
    const items = dossierChecks(
      {
        ...complete,
        schools: [
          { uai: '0350103X', name: 'Le Chevré' },
          { uai: '0350149X', diagnostic: { ...filled, filled: false, unanswered: ['SCHOOL_WIFI', 'SCHOOL_NETWORK'], problems: [{ message: 'Les quantités de « Haut-parleurs et microphone » doivent être des nombres entiers positifs ou nuls.' }] } },
          { uai: '0350313A', diagnostic: { ...filled, atBaselineBefore: true } },
          { uai: '0351165B', diagnostic: { ...filled, atBaselineAfter: false } },
        ],
        signatures: ['0350103X', '0350149X', '0350313A', '0351165B'].map((uai) => ({ uai, role: 'director' as const, signer: uai, signedAt: '2021-03-01T09:00:00.000Z' })),
      },
      [],
    );
    expect(items.map((i) => [i.code, i.severity, i.field])).toEqual([
      ['DIAGNOSTIC_INCOMPLETE', 'blocking', 'ecole-0350103X-diagnostic'],
      ['DIAGNOSTIC_INCOMPLETE', 'blocking', 'ecole-0350149X-diagnostic'],
      ['SCHOOL_ALREADY_AT_BASELINE', 'warning', 'ecole-0350313A-diagnostic'],
      ['SCHOOL_BELOW_BASELINE_AFTER', 'warning', 'ecole-0351165B-diagnostic'],
    ]);
    expect(items[0].message).toBe("Remplissez le diagnostic de l'école Le Chevré (0350103X) avec son équipe.");
    expect(items[1].message).toBe(
      "Complétez le diagnostic de l'école 0350149X : 2 éléments obligatoires sans réponse ; les quantités de « Haut-parleurs et microphone » doivent être des nombres entiers positifs ou nuls.",
    );
  });

  it('wants a text for each objective chosen, and only the ten objectives', () => {
    const items = dossierChecks({ ...complete, objectives: [{ code: 'INCLUSION', text: '  ' }, { code: 'PEACE', text: 'x' }] }, []);
    expect(items.map((i) => [i.code, i.field])).toEqual([
      ['OBJECTIVE_TEXT_MISSING', 'projet-objectif-inclusion'],
      ['UNKNOWN_OBJECTIVE', 'projet-objectifs'],
    ]);
    expect(items[0].message).toBe('Décrivez comment le projet poursuit l\'objectif « Une école plus inclusive ».');
  });

  it('checks the legal details: SIRET by its key, IBAN by its key', () => {
    const items = dossierChecks({ ...complete, organisation: { ...complete.organisation, siret: '21350001000012', iban: 'FR76 3000 1007 9412 3456 7890 186' } }, []);
    expect(items.map((i) => [i.code, i.severity, i.field])).toEqual([
      ['INVALID_SIRET', 'blocking', 'organisation-siret'],
      ['INVALID_IBAN', 'blocking', 'organisation-iban'],
    ]);
  });

  it('needs the co-signature of the director of each school, or of the roles the call requires', () => {
    const oneMissing = { ...complete, signatures: [complete.signatures[0], { ...complete.signatures[1], role: 'erun' as const }] };
    const items = dossierChecks(oneMissing, []);
    expect(items).toEqual([
      {
        code: 'MISSING_SIGNATURE',
        severity: 'blocking',
        uai: '0350149X',
        field: 'ecole-0350149X-signatures',
        message: "Le projet pédagogique de l'école Jean de la Varende (0350149X) attend la cosignature de son directeur ou directrice d'école : invitez-le ou relancez-le.",
      },
    ]);
    expect(missingSignatures(complete.schools, complete.signatures, ['director', 'ien'])).toEqual([
      { uai: '0350103X', role: 'ien' },
      { uai: '0350149X', role: 'ien' },
    ]);
    expect(codes(complete, [], { requiredSignerRoles: ['director', 'ien'] })).toEqual(['MISSING_SIGNATURE', 'MISSING_SIGNATURE']);
    expect(codes(complete, [], { requiredSignerRoles: [] })).toEqual([]);
  });

  it('feeds the submission: blocking items refuse it, missing signatures reported apart', () => {
    const items = dossierChecks({ ...complete, deliberationAttached: false, signatures: [complete.signatures[0]] }, []);
    const result = transition('draft', 'submit', { now: '2021-03-31T21:00:00.000Z', actor: 'applicant', periods: [{ opensAt: '2021-01-13T23:00:00.000Z', closesAt: '2021-03-31T21:59:59.000Z' }], findings: items });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.refusals.map((r) => r.code)).toEqual(['BLOCKING_FINDINGS', 'MISSING_SIGNATURES']);
    expect(result.refusals[0].items!.map((i) => i.field)).toEqual([FIELDS.deliberation]);
    expect(blockingChecks(items)).toHaveLength(2);
  });
});

describe('public co-funding limits (décret 2018-514)', () => {
  // 100 000 € of subsidisable spending, 70 000 € of State grant.
  const base = { subsidisableCents: 100_000_00, grantCents: 70_000_00 };

  it('lets the applicant keep exactly 20 % when other public co-funders are declared', () => {
    expect(publicAidChecks({ ...base, otherPublicFunding: [{ funder: "Département d'Ille-et-Vilaine", amountCents: 10_000_00 }] })).toEqual([]);
  });

  it('refuses one cent less than 20 % at the applicant’s charge', () => {
    const items = publicAidChecks({ ...base, otherPublicFunding: [{ funder: 'Région Bretagne', amountCents: 10_000_01 }] });
    expect(items.map((i) => [i.code, i.severity, i.field])).toEqual([['OWN_SHARE_BELOW_MINIMUM', 'blocking', 'budget-cofinancements']]);
    expect(items[0].message).toMatch(/au moins 20 % de la dépense subventionnable \(100\s000,00\s€\) à sa charge ; il lui en reste 19\s999,99\s€/);
  });

  it('without other co-funders, only the 100 % limit applies', () => {
    expect(publicAidChecks({ subsidisableCents: 100_000_00, grantCents: 100_000_00, otherPublicFunding: [] })).toEqual([]);
    const over = publicAidChecks({ subsidisableCents: 100_000_00, grantCents: 100_000_01, otherPublicFunding: [] });
    expect(over.map((i) => i.code)).toEqual(['PUBLIC_AID_ABOVE_SPENDING']);
  });

  it('refuses public aid above the spending with co-funders too, and malformed amounts', () => {
    expect(publicAidChecks({ ...base, otherPublicFunding: [{ funder: 'Région', amountCents: 40_000_00 }] }).map((i) => i.code)).toEqual(['PUBLIC_AID_ABOVE_SPENDING']);
    expect(publicAidChecks({ ...base, otherPublicFunding: [{ funder: 'Région', amountCents: 10.5 }] }).map((i) => i.code)).toEqual(['CO_FUNDING_INVALID']);
    expect(publicAidChecks({ ...base, otherPublicFunding: [{ funder: '', amountCents: 100 }] }).map((i) => i.code)).toEqual(['CO_FUNDING_INVALID']);
  });

  it('is part of the completeness list, linked to the co-funding section', () => {
    const items = dossierChecks({ ...complete, funding: { ...complete.funding, otherPublicFunding: [{ funder: 'Région Bretagne', amountCents: 10_000_00 }] } }, []);
    expect(items.map((i) => [i.code, i.field])).toEqual([['OWN_SHARE_BELOW_MINIMUM', 'budget-cofinancements']]);
  });
});
