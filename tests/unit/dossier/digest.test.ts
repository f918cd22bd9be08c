import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, signedChanges, voidSignatures, type SignedContent } from '../../../src/domain/digest';
import type { CoSignature } from '../../../src/domain/dossier/signers';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

describe('canonical JSON', () => {
  const version = {
    dossier: 'd-42',
    call: 'snee-2021',
    applicant: { siren: '213500010', name: 'Acigné' },
    schools: [
      { uai: '0350103X', classes: 12, pupils: 289, equipmentCents: 42_000_00 },
      { uai: '0350149X', classes: 3, pupils: 74, equipmentCents: 6_000_00 },
    ],
    objectives: ['FUNDAMENTALS', 'LENDING_POOL'],
    submittedAt: '2021-03-31T21:59:59.000Z',
    note: 'Écoles « Le Chevré » et Jean de la Varende\n',
  };

  it('sorts keys at every depth and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: [{ d: true, c: null }], é: 'x', Z: -0 })).toBe('{"Z":0,"a":[{"c":null,"d":true}],"b":1,"é":"x"}');
  });

  it('gives the same text, hence the same SHA-256, whatever the order the keys were built in', () => {
    const reordered = {
      note: version.note,
      submittedAt: version.submittedAt,
      schools: version.schools.map((s) => ({ equipmentCents: s.equipmentCents, pupils: s.pupils, classes: s.classes, uai: s.uai })),
      objectives: [...version.objectives],
      applicant: { name: 'Acigné', siren: '213500010' },
      call: 'snee-2021',
      dossier: 'd-42',
    };
    expect(canonicalJson(reordered)).toBe(canonicalJson(version));
    expect(sha256(canonicalJson(reordered))).toBe(sha256(canonicalJson(version)));
    expect(canonicalJson(version)).toBe(
      '{"applicant":{"name":"Acigné","siren":"213500010"},"call":"snee-2021","dossier":"d-42","note":"Écoles « Le Chevré » et Jean de la Varende\\n",' +
        '"objectives":["FUNDAMENTALS","LENDING_POOL"],"schools":[{"classes":12,"equipmentCents":4200000,"pupils":289,"uai":"0350103X"},' +
        '{"classes":3,"equipmentCents":600000,"pupils":74,"uai":"0350149X"}],"submittedAt":"2021-03-31T21:59:59.000Z"}',
    );
  });

  it('changes when any value changes, array order included', () => {
    const base = canonicalJson(version);
    expect(canonicalJson({ ...version, objectives: ['LENDING_POOL', 'FUNDAMENTALS'] })).not.toBe(base);
    expect(canonicalJson({ ...version, schools: [{ ...version.schools[0], pupils: 290 }, version.schools[1]] })).not.toBe(base);
  });

  it('leaves out undefined properties and refuses what JSON cannot say exactly', () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
    expect(() => canonicalJson({ a: [1, undefined] })).toThrow('$.a[1] is undefined');
    expect(() => canonicalJson({ amount: Number.NaN })).toThrow('$.amount is not a finite number');
    expect(() => canonicalJson({ at: new Date(0) })).toThrow('$.at is not a plain object');
    expect(() => canonicalJson({ n: 10n })).toThrow('unsupported type (bigint)');
  });
});

describe('co-signatures voided by a change', () => {
  const before: SignedContent = {
    texts: { summary: 'Équiper les deux écoles élémentaires.', lendingPlan: 'Prêt de 15 jours.' },
    objectives: [
      { code: 'FUNDAMENTALS', text: 'Lecture et calcul.' },
      { code: 'LENDING_POOL', text: 'Tablettes prêtées aux familles.' },
    ],
    schools: ['0350103X', '0350149X'],
    schoolBudgets: {
      '0350103X': [{ label: 'TNI', quantity: 4, unitCents: 3_500_00 }],
      '0350149X': [{ label: 'Tablettes', quantity: 6, unitCents: 400_00 }],
    },
  };
  const signatures: CoSignature[] = [
    { uai: '0350103X', role: 'director', signer: 'u1', signerName: 'Anne Le Goff', signedAt: '2021-03-01T09:00:00.000Z' },
    { uai: '0350103X', role: 'erun', signer: 'u3', signedAt: '2021-03-01T10:00:00.000Z' },
    { uai: '0350149X', role: 'director', signer: 'u2', signedAt: '2021-03-02T09:00:00.000Z' },
  ];

  it("voids every signature when the applicant changes the project's text", () => {
    const after = { ...before, texts: { ...before.texts, lendingPlan: 'Prêt de 30 jours.' } };
    const { voided, kept } = voidSignatures(before, after, signatures, 'applicant');
    expect(kept).toEqual([]);
    expect(voided.map((v) => [v.signature.signer, v.reason])).toEqual([
      ['u1', 'PROJECT_CHANGED'],
      ['u3', 'PROJECT_CHANGED'],
      ['u2', 'PROJECT_CHANGED'],
    ]);
    expect(voided[0].message).toBe(
      "La cosignature de Anne Le Goff (directeur ou directrice d'école) pour l'école 0350103X est annulée : le texte ou les objectifs du projet pédagogique ont été modifiés depuis sa signature. Le projet doit être signé à nouveau.",
    );
  });

  it('voids every signature when an objective is added or its text changes, not when they are only reordered', () => {
    const added = { ...before, objectives: [...before.objectives, { code: 'INCLUSION', text: 'ULIS.' }] };
    expect(voidSignatures(before, added, signatures, 'applicant').voided).toHaveLength(3);
    const retexted = { ...before, objectives: [before.objectives[0], { code: 'LENDING_POOL', text: 'Ordinateurs prêtés.' }] };
    expect(voidSignatures(before, retexted, signatures, 'applicant').voided).toHaveLength(3);
    const reordered = { ...before, objectives: [before.objectives[1], before.objectives[0]] };
    expect(voidSignatures(before, reordered, signatures, 'applicant')).toEqual({ voided: [], kept: signatures });
  });

  it('voids every signature when the list of schools changes, not when it is only reordered', () => {
    const more = { ...before, schools: [...before.schools, '0350313A'] };
    const result = voidSignatures(before, more, signatures, 'applicant');
    expect(result.voided.map((v) => v.reason)).toEqual(['SCHOOLS_CHANGED', 'SCHOOLS_CHANGED', 'SCHOOLS_CHANGED']);
    expect(voidSignatures(before, { ...before, schools: ['0350149X', '0350103X'] }, signatures, 'applicant').voided).toEqual([]);
  });

  it("voids only the signatures of a school's team when that school's budget changes", () => {
    const after = { ...before, schoolBudgets: { ...before.schoolBudgets, '0350103X': [{ label: 'TNI', quantity: 5, unitCents: 3_500_00 }] } };
    expect(signedChanges(before, after)).toEqual({ project: false, schools: false, schoolBudgets: ['0350103X'] });
    const { voided, kept } = voidSignatures(before, after, signatures, 'applicant');
    expect(voided.map((v) => [v.signature.signer, v.reason])).toEqual([
      ['u1', 'SCHOOL_BUDGET_CHANGED'],
      ['u3', 'SCHOOL_BUDGET_CHANGED'],
    ]);
    expect(voided[1].message).toContain('le budget de son école a été modifié');
    expect(kept).toEqual([signatures[2]]);
  });

  it("keeps every signature after a reviewer's adjustment or a school team's edit", () => {
    const after = { ...before, schoolBudgets: { ...before.schoolBudgets, '0350149X': [{ label: 'Tablettes', quantity: 6, unitCents: 350_00 }] }, texts: { summary: 'Autre.' } };
    for (const by of ['reviewer', 'decider', 'school_team', 'system'] as const) expect(voidSignatures(before, after, signatures, by)).toEqual({ voided: [], kept: signatures });
  });

  it('keeps every signature when nothing they signed changed', () => {
    const same = JSON.parse(JSON.stringify(before)) as SignedContent;
    expect(voidSignatures(before, same, signatures, 'applicant')).toEqual({ voided: [], kept: signatures });
  });
});
