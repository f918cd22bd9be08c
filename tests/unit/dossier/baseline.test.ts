import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  baselineAfterDisplay,
  diagnoseDossier,
  diagnoseSchool,
  expectedQuantity,
  findItem,
  formatDistance,
  parseReferential,
  type DiagnosticEntry,
  type SchoolDiagnosticInput,
} from '../../../src/domain/baseline';

const referential = parseReferential(JSON.parse(fs.readFileSync(new URL('../../../data/referentiel/snee-2021.json', import.meta.url), 'utf8')));
const item = (code: string) => findItem(referential, code)!;

/** Everything present except what is listed. */
function entries(overrides: Record<string, DiagnosticEntry[] | 'skip'>, classes: number): DiagnosticEntry[] {
  const out: DiagnosticEntry[] = [];
  for (const i of referential.items) {
    const o = overrides[i.code];
    if (o === 'skip') continue;
    if (o !== undefined) out.push(...o);
    else out.push({ item: i.code, present: expectedQuantity(i, classes), added: 0 });
  }
  return out;
}

// École élémentaire publique Le Chevré, Acigné (35): 12 classes, 289 pupils (rentrée 2022).
// Projectors in 8 classes, the project brings 4 TNI; speakers in 4 classes; no mobile pool, no Wi-Fi,
// no ENT nor resources: the project brings them. The document camera (optional) is not planned.
const acigne: SchoolDiagnosticInput = {
  uai: '0350103X',
  name: 'École élémentaire publique Le Chevré',
  classes: 12,
  entries: entries(
    {
      CLASS_DISPLAY: [
        { item: 'CLASS_DISPLAY', alternative: 'VIDEOPROJECTEUR', present: 8, added: 0 },
        { item: 'CLASS_DISPLAY', alternative: 'TNI', present: 0, added: 4 },
      ],
      CLASS_AUDIO: [{ item: 'CLASS_AUDIO', present: 4, added: 8 }],
      CLASS_DOCUMENT_CAMERA: [{ item: 'CLASS_DOCUMENT_CAMERA', present: 0, added: 0, notPlanned: true }],
      SCHOOL_MOBILE_POOL: [{ item: 'SCHOOL_MOBILE_POOL', present: 0, added: 36 }],
      SCHOOL_MOBILE_MANAGEMENT: [{ item: 'SCHOOL_MOBILE_MANAGEMENT', present: 0, added: 1 }],
      SCHOOL_WIFI: [{ item: 'SCHOOL_WIFI', present: 0, added: 1 }],
      SERVICES_ENT: [{ item: 'SERVICES_ENT', present: 0, added: 1 }],
      SERVICES_RESOURCES: [{ item: 'SERVICES_RESOURCES', present: 0, added: 1 }],
    },
    12,
  ),
};

// École primaire publique Jean de la Varende, Bovel (35): 3 classes, 74 pupils. One projector for
// three classes and no more planned; the project brings 6 tablets out of the 9 expected.
const bovel: SchoolDiagnosticInput = {
  uai: '0350149X',
  name: 'École primaire publique Jean de la Varende',
  classes: 3,
  entries: entries(
    {
      CLASS_DISPLAY: [{ item: 'CLASS_DISPLAY', alternative: 'VIDEOPROJECTEUR', present: 1, added: 0, notPlanned: true }],
      SCHOOL_MOBILE_POOL: [{ item: 'SCHOOL_MOBILE_POOL', present: 0, added: 6 }],
    },
    3,
  ),
};

describe('référentiel', () => {
  it('reads the shipped snee-2021 référentiel: 18 items, 16 mandatory, volets 1 and 2', () => {
    expect(referential.id).toBe('snee-2021');
    expect(referential.items).toHaveLength(18);
    expect(referential.items.filter((i) => i.mandatory)).toHaveLength(16);
    expect(referential.items.filter((i) => i.volet === 2).map((i) => i.code)).toEqual(['SERVICES_ENT', 'SERVICES_RESOURCES', 'SERVICES_OTHER']);
  });

  it('refuses a malformed référentiel, saying where', () => {
    const bad = { id: 'x', title: 'X', items: [{ ...item('CLASS_AUDIO') }, { ...item('CLASS_AUDIO'), per: { class: 0 } }] };
    expect(() => parseReferential(bad)).toThrow(/items\.1\.per/);
    const twice = { id: 'x', title: 'X', items: [item('CLASS_AUDIO'), item('CLASS_AUDIO')] };
    expect(() => parseReferential(twice)).toThrow("Code d'élément en double : CLASS_AUDIO");
  });

  it('counts the expected quantity per class, per school, and by the mobile-pool ratio (a parameter)', () => {
    expect(expectedQuantity(item('CLASS_TEACHER_COMPUTER'), 12)).toBe(12);
    expect(expectedQuantity(item('SCHOOL_WIFI'), 12)).toBe(1);
    expect(expectedQuantity(item('DIRECTION_PRINTER'), 1)).toBe(1);
    // 12 devices for 4 classes, rounded up.
    expect(expectedQuantity(item('SCHOOL_MOBILE_POOL'), 4)).toBe(12);
    expect(expectedQuantity(item('SCHOOL_MOBILE_POOL'), 12)).toBe(36);
    expect(expectedQuantity(item('SCHOOL_MOBILE_POOL'), 1)).toBe(3);
    expect(expectedQuantity(item('SCHOOL_MOBILE_POOL'), 5)).toBe(15);
    const ratios = { SCHOOL_MOBILE_POOL: { classes: 4, devices: 15 } };
    expect(expectedQuantity(item('SCHOOL_MOBILE_POOL'), 12, { ratios })).toBe(45);
    expect(expectedQuantity(item('SCHOOL_MOBILE_POOL'), 3, { ratios })).toBe(12); // 11.25 → 12
  });
});

describe('diagnostic of a school', () => {
  it('computes each gap: Acigné reaches the socle with the project', () => {
    const d = diagnoseSchool(referential, acigne);
    const row = (code: string) => d.items.find((i) => i.item === code)!;
    expect(row('CLASS_DISPLAY')).toMatchObject({ expected: 12, present: 8, added: 4, gapBefore: 4, gapAfter: 0, status: 'added' });
    expect(row('CLASS_AUDIO')).toMatchObject({ expected: 12, present: 4, added: 8, gapBefore: 8, gapAfter: 0, status: 'added' });
    expect(row('CLASS_TEACHER_COMPUTER')).toMatchObject({ expected: 12, gapBefore: 0, status: 'present' });
    expect(row('SCHOOL_MOBILE_POOL')).toMatchObject({ expected: 36, gapBefore: 36, gapAfter: 0, status: 'added' });
    expect(row('CLASS_DOCUMENT_CAMERA')).toMatchObject({ mandatory: false, gapAfter: 12, status: 'not_planned' });
    expect(d.filled).toBe(true);
    expect(d.atBaselineBefore).toBe(false);
    expect(d.atBaselineAfter).toBe(true);
    expect(d.missingBefore).toEqual(['CLASS_DISPLAY', 'CLASS_AUDIO', 'SCHOOL_MOBILE_POOL', 'SCHOOL_MOBILE_MANAGEMENT', 'SCHOOL_WIFI', 'SERVICES_ENT', 'SERVICES_RESOURCES']);
    expect(d.missingAfter).toEqual([]);
    // 16 mandatory needs; missing: 4/12 display + 8/12 audio + 5 whole items = 6 needs.
    expect(d.mandatoryNeeds).toBe(16);
    expect(d.distance).toBeCloseTo(6 / 16, 12);
    expect(formatDistance(d.distance)).toMatch(/^38\s%$/); // French no-break space
    expect(baselineAfterDisplay(d)).toEqual({ label: 'Socle atteint après le projet', badge: 'success' });
  });

  it('says when the socle is not reached after the project: Bovel keeps two gaps, one declared not planned', () => {
    const d = diagnoseSchool(referential, bovel);
    const row = (code: string) => d.items.find((i) => i.item === code)!;
    expect(row('CLASS_DISPLAY')).toMatchObject({ expected: 3, present: 1, gapAfter: 2, status: 'not_planned' });
    expect(row('SCHOOL_MOBILE_POOL')).toMatchObject({ expected: 9, added: 6, gapAfter: 3, status: 'partial' });
    expect(d.filled).toBe(true);
    expect(d.atBaselineAfter).toBe(false);
    expect(d.missingAfter).toEqual(['CLASS_DISPLAY', 'SCHOOL_MOBILE_POOL']);
    expect(d.distance).toBeCloseTo((2 / 3 + 1) / 16, 12);
    expect(baselineAfterDisplay(d)).toEqual({ label: 'Socle non atteint après le projet (2 éléments manquants)', badge: 'warning' });
  });

  it('counts an alternatives group as one need: 2 VPI and 1 TNI equip 3 classes', () => {
    const school: SchoolDiagnosticInput = {
      uai: '0350149X',
      classes: 3,
      entries: entries(
        {
          CLASS_DISPLAY: [
            { item: 'CLASS_DISPLAY', alternative: 'VPI', present: 2, added: 0 },
            { item: 'CLASS_DISPLAY', alternative: 'TNI', present: 1, added: 0 },
          ],
        },
        3,
      ),
    };
    const d = diagnoseSchool(referential, school);
    const display = d.items.find((i) => i.item === 'CLASS_DISPLAY')!;
    expect(display).toMatchObject({ expected: 3, present: 3, gapBefore: 0, status: 'present' });
    expect(display.alternatives).toEqual([
      { code: 'VIDEOPROJECTEUR', present: 0, added: 0 },
      { code: 'VPI', present: 2, added: 0 },
      { code: 'TNI', present: 1, added: 0 },
      { code: 'ENI', present: 0, added: 0 },
    ]);
    expect(d.atBaselineBefore).toBe(true);
    expect(d.distance).toBe(0);
    expect(baselineAfterDisplay(d).label).toBe('Socle déjà atteint avant le projet');
  });

  it('is not filled while a mandatory item is unanswered or an entry is malformed; missing counts as absent', () => {
    const d = diagnoseSchool(referential, { ...bovel, entries: entries({ SCHOOL_WIFI: 'skip', SERVICES_OTHER: 'skip' }, 3) });
    expect(d.filled).toBe(false);
    expect(d.unanswered).toEqual(['SCHOOL_WIFI']); // the optional SERVICES_OTHER is not required
    expect(d.items.find((i) => i.item === 'SCHOOL_WIFI')).toMatchObject({ answered: false, status: 'unanswered', gapBefore: 1 });
    expect(d.atBaselineAfter).toBe(false);

    const malformed = diagnoseSchool(referential, {
      ...bovel,
      entries: [
        ...bovel.entries,
        { item: 'CLASS_DISPLAY', alternative: 'TABLEAU_NOIR', present: 1, added: 0 },
        { item: 'CLASS_FAX', present: 1, added: 0 },
        { item: 'CLASS_AUDIO', present: -1, added: 0 },
      ],
    });
    expect(malformed.filled).toBe(false);
    expect(malformed.problems.map((p) => p.message)).toEqual([
      "« TABLEAU_NOIR » n'est pas une variante de l'élément « Système de projection collective fixe (vidéoprojecteur, VPI, TNI ou ENI) ».",
      "L'élément « CLASS_FAX » n'existe pas dans le référentiel snee-2021.",
      'Les quantités de « Haut-parleurs et microphone » doivent être des nombres entiers positifs ou nuls.',
    ]);
    // The malformed entries are ignored: the display still counts 1 projector.
    expect(malformed.items.find((i) => i.item === 'CLASS_DISPLAY')!.present).toBe(1);
  });
});

describe('diagnostic of a dossier', () => {
  it('sums up the schools', () => {
    const { schools, summary } = diagnoseDossier(referential, [acigne, bovel]);
    expect(schools.map((s) => s.atBaselineAfter)).toEqual([true, false]);
    expect(summary).toMatchObject({ schools: 2, filled: 2, atBaselineBefore: 0, atBaselineAfter: 1, allAtBaselineAfter: false });
    expect(summary.averageDistance).toBeCloseTo((6 / 16 + (2 / 3 + 1) / 16) / 2, 12);
    expect(summary.items.find((i) => i.item === 'SCHOOL_MOBILE_POOL')).toMatchObject({ expected: 45, present: 0, added: 42, gapBefore: 45, gapAfter: 3 });
    expect(diagnoseDossier(referential, []).summary).toMatchObject({ schools: 0, allAtBaselineAfter: false, averageDistance: 0 });
  });
});
