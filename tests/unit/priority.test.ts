// The priority score: each component from the schools' facts, the weights of the call, components
// without data left out (the others' weights scaled up), the explanation, and the ranking.
import { describe, expect, it } from 'vitest';
import { DEFAULT_PRIORITY, priorityScore, rankByPriority, type PrioritySchool } from '../../src/domain/priority';
import { planWave } from '../../src/domain/waves';

const school = (over: Partial<PrioritySchool> = {}): PrioritySchool => ({
  uai: '0350592D', educationPriority: 'none', ips: 100, pupils: 100, communePopulation: 220_000, distance: 0.5, ...over,
});

describe('priority score', () => {
  it('computes each component, its weight, its share and its points', () => {
    const s = priorityScore([school({ educationPriority: 'REP+', ips: 80, communePopulation: 1200, distance: 0.75 }), school({ educationPriority: 'REP', ips: 120, pupils: 100, communePopulation: 5000, distance: 0.25 })]);
    const by = Object.fromEntries(s.components.map((c) => [c.code, c]));
    expect(by.education_priority.value).toBeCloseTo((1 + 0.75) / 2);
    expect(by.low_ips.value).toBeCloseTo(0.5); // mean IPS 100 between 80 (1) and 120 (0)
    expect(by.baseline_distance.value).toBeCloseTo(0.5);
    expect(by.small_communes.value).toBeCloseTo(0.5);
    expect(by.education_priority.share).toBeCloseTo(0.3);
    expect(by.small_communes.share).toBeCloseTo(0.1);
    // 0.875×30 + 0.5×30 + 0.5×30 + 0.5×10 = 61.25 → 61.3
    expect(s.score).toBe(61.3);
    expect(s.explanation[0]).toBe('Score de priorité : 61,3 sur 100, moyenne pondérée des composantes ci-dessous (chacune de 0 à 1, 1 signalant le besoin le plus fort).');
    expect(s.explanation[1]).toMatch(/^Écoles en éducation prioritaire \(REP, REP\+\) : valeur 0,88 × poids 3 \(soit 30\s%\sdu score\) = 26,3 points\. 1 école\(s\) en REP\+, 1 en REP/);
  });

  it('weights the IPS by pupils, and clamps to 0..1', () => {
    const s = priorityScore([school({ ips: 60, pupils: 300 }), school({ ips: 140, pupils: 100 })]);
    expect(s.components.find((c) => c.code === 'low_ips')!.value).toBeCloseTo((120 - 80) / 40);
    expect(priorityScore([school({ ips: 150 })]).components.find((c) => c.code === 'low_ips')!.value).toBe(0);
  });

  it('leaves out a component without data and scales the others, saying so', () => {
    const s = priorityScore([school({ educationPriority: null, distance: null })]);
    const by = Object.fromEntries(s.components.map((c) => [c.code, c]));
    expect(by.education_priority.value).toBeNull();
    expect(by.education_priority.share).toBe(0);
    expect(by.low_ips.share).toBeCloseTo(3 / 4);
    expect(by.small_communes.share).toBeCloseTo(1 / 4);
    expect(s.explanation.at(-1)).toMatch(/2 composantes sont laissées de côté/);
    expect(priorityScore([]).score).toBe(0);
  });

  it('follows the weights set for the call', () => {
    const schools = [school({ communePopulation: 800, ips: 120, distance: 0 })];
    expect(priorityScore(schools).score).toBe(10); // every component known, only small communes at 1: weight 1 of 10
    expect(priorityScore(schools, { ...DEFAULT_PRIORITY, weights: { educationPriority: 0, lowIps: 0, baselineDistance: 0, smallCommunes: 1 } }).score).toBe(100);
  });

  it('ranks by score, then earliest submission, then reference', () => {
    const ranked = rankByPriority([
      { id: 'a', reference: 'R-3', score: 40, submittedAt: '2021-03-02T00:00:00Z' },
      { id: 'b', reference: 'R-2', score: 70, submittedAt: '2021-03-05T00:00:00Z' },
      { id: 'c', reference: 'R-1', score: 40, submittedAt: '2021-03-01T00:00:00Z' },
      { id: 'd', reference: 'R-0', score: 40, submittedAt: '2021-03-01T00:00:00Z' },
    ]);
    expect(ranked.map((r) => [r.id, r.rank])).toEqual([['b', 1], ['d', 2], ['c', 3], ['a', 4]]);
  });
});

describe('wave plan', () => {
  const candidates = [
    { dossierId: 'a', reference: 'A', state: 'under_review', proposal: 'accept' as const, equipmentMaxCents: 4_000_000, servicesMaxCents: 500_000, reason: null },
    { dossierId: 'b', reference: 'B', state: 'under_review', proposal: 'accept' as const, equipmentMaxCents: 3_000_000, servicesMaxCents: 300_000, reason: null },
    { dossierId: 'c', reference: 'C', state: 'waiting_list', proposal: null, equipmentMaxCents: 2_000_000, servicesMaxCents: 200_000, reason: null },
    { dossierId: 'd', reference: 'D', state: 'under_review', proposal: 'reject' as const, equipmentMaxCents: 0, servicesMaxCents: 0, reason: 'Hors critères.' },
  ];
  it('accepts the ticked, puts the others under review on the waiting list, keeps the waiting ones, rejects the confirmed', () => {
    const p = planWave({ envelopeCents: 8_000_000, committedCents: 0, candidates, retained: ['a', 'b'], rejected: ['d'] });
    expect(p.problems).toEqual([]);
    expect(p.outcomes.map((o) => [o.dossierId, o.kind])).toEqual([['a', 'accept'], ['b', 'accept'], ['c', 'unchanged'], ['d', 'reject']]);
    expect(p.use).toEqual({ envelopeCents: 8_000_000, committedCents: 0, selectedCents: 7_800_000, remainingCents: 200_000, fits: true });
  });
  it('refuses a wave over the envelope, saying by how much', () => {
    const p = planWave({ envelopeCents: 8_000_000, committedCents: 500_000, candidates, retained: ['a', 'b'], rejected: [] });
    expect(p.use.fits).toBe(false);
    expect(p.problems[0]).toMatch(/dépasserait l'enveloppe de l'académie de 3\s000,00\s€/);
  });
});
