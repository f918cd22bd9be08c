// Who applies in the national demo campaign, with which schools: real communes and EPCI of the
// reference data and their real elementary and primary schools (no pure maternelle), each school in
// one dossier only. Pure: reference rows and a seeded generator in, the plan out.
import type { Rng } from './random';

export interface RefSchool {
  uai: string;
  name: string;
  sector: 'public' | 'private';
  nature_label: string | null;
  commune_code: string;
  classes: number | null;
  pupils: number | null;
  elementary_pupils: number | null;
  education_priority: 'REP' | 'REP+' | null;
  ips: number | null;
}

export interface RefCommune {
  code: string;
  name: string;
  departement_code: string;
  siren: string | null;
  epci_siren: string | null;
  postal_codes: string;
}

export interface RefEpci { siren: string; name: string; type: string }

export interface PlannedDossier {
  kind: 'commune' | 'epci';
  siren: string;
  name: string;
  /** The commune for a commune, the member commune holding most of the dossier's schools for an EPCI. */
  seat: RefCommune;
  epciType: string | null;
  schools: RefSchool[];
  communes: number;
  /** A large city: always submitted, all its shown schools. */
  large: boolean;
}

export interface PlanTargets {
  /** Dossiers of the 2021 call: 7,182. */
  dossiers: number;
  /** Schools of the 2021 outcome: 12,670. */
  schools: number;
}

export const OUTCOME_2021: PlanTargets = { dossiers: 7_182, schools: 12_670 };

const isMaternelle = (label: string | null): boolean => (label ?? '').toUpperCase().includes('MATERNELLE');

/** Pupils of cycles 2–3 as the dossier commands prefill them. */
export const pupilsOf = (s: RefSchool): number | null => s.elementary_pupils ?? s.pupils;

export function planCampaign(
  rng: Rng,
  ref: { schools: readonly RefSchool[]; communes: readonly RefCommune[]; epcis: readonly RefEpci[] },
  taken: { sirens: ReadonlySet<string>; uais: ReadonlySet<string> },
  targets: PlanTargets = OUTCOME_2021,
): PlannedDossier[] {
  const communeByCode = new Map(ref.communes.map((c) => [c.code, c]));
  const epciBySiren = new Map(ref.epcis.map((e) => [e.siren, e]));
  // Free eligible schools by commune, in UAI order (the reference rows come sorted).
  const free = new Map<string, RefSchool[]>();
  for (const s of ref.schools) {
    if (taken.uais.has(s.uai) || isMaternelle(s.nature_label)) continue;
    const p = pupilsOf(s);
    if (p === null || p <= 0 || !communeByCode.has(s.commune_code)) continue;
    let list = free.get(s.commune_code);
    if (list === undefined) free.set(s.commune_code, (list = []));
    list.push(s);
  }
  const used = new Set<string>();
  const plans: PlannedDossier[] = [];
  let schoolCount = 0;
  const add = (p: PlannedDossier): void => {
    plans.push(p);
    schoolCount += p.schools.length;
  };
  const communeApplicant = (c: RefCommune): boolean => c.siren !== null && !taken.sirens.has(c.siren) && !used.has(c.code) && (free.get(c.code)?.length ?? 0) > 0;

  // 1. Large cities (the long tail above the tiers): the three largest always, then one in two of the next ones.
  const bySize = [...free.keys()].map((code) => communeByCode.get(code)!).filter(communeApplicant)
    .sort((a, b) => free.get(b.code)!.length - free.get(a.code)!.length || (a.code < b.code ? -1 : 1));
  const largeCount = Math.round((40 * targets.dossiers) / OUTCOME_2021.dossiers);
  bySize.slice(0, largeCount).forEach((c, i) => {
    if (i >= 3 && !rng.chance(0.5)) return;
    const all = free.get(c.code)!;
    const share = i < 3 ? 0.35 + rng.next() * 0.2 : 0.25 + rng.next() * 0.6;
    const n = Math.max(2, Math.round(all.length * share));
    used.add(c.code);
    add({ kind: 'commune', siren: c.siren!, name: c.name, seat: c, epciType: null, schools: rng.shuffle(all).slice(0, n), communes: 1, large: true });
  });

  // 2. Groupings (EPCI holding the school competence): about one dossier in twenty, 2 to 4 communes each.
  const members = new Map<string, RefCommune[]>();
  for (const c of ref.communes) {
    if (c.epci_siren === null || !free.has(c.code) || used.has(c.code)) continue;
    let list = members.get(c.epci_siren);
    if (list === undefined) members.set(c.epci_siren, (list = []));
    list.push(c);
  }
  const epciTarget = Math.round(targets.dossiers * 0.05);
  let epciCount = 0;
  for (const siren of rng.shuffle([...members.keys()].sort())) {
    if (epciCount >= epciTarget) break;
    const e = epciBySiren.get(siren);
    if (e === undefined || taken.sirens.has(siren)) continue;
    const candidates = members.get(siren)!.filter((c) => !used.has(c.code) && free.get(c.code)!.length <= 12);
    if (candidates.length < 2) continue;
    const chosen = rng.shuffle(candidates).slice(0, rng.int(2, Math.min(4, candidates.length)));
    const schools: RefSchool[] = [];
    let seat = chosen[0];
    let seatSchools = 0;
    for (const c of chosen) {
      used.add(c.code);
      const own = rng.shuffle(free.get(c.code)!).slice(0, rng.int(1, 2));
      schools.push(...own);
      if (own.length > seatSchools) { seat = c; seatSchools = own.length; }
    }
    epciCount += 1;
    add({ kind: 'epci', siren, name: e.name, seat, epciType: e.type, schools, communes: chosen.length, large: false });
  }

  // 3. Communes: the number of schools k of each dossier is drawn first (1 most often; its mean keeps
  //    the campaign on course for both targets), then a commune with at least k free schools, in a
  //    random order within each size.
  const SIZES = 6;
  const buckets: RefCommune[][] = Array.from({ length: SIZES }, () => []);
  for (const code of [...free.keys()].sort()) {
    const c = communeByCode.get(code)!;
    if (!communeApplicant(c)) continue;
    buckets[Math.min(free.get(code)!.length, SIZES) - 1].push(c);
  }
  const queues = buckets.map((b) => rng.shuffle(b));
  const heads = queues.map(() => 0);
  const nextCommune = (k: number): RefCommune | undefined => {
    for (let size = Math.min(k, SIZES); size >= 1; size--) {
      // The smallest commune that has k schools; failing that, the largest one left.
      for (let b = size - 1; b < SIZES; b++) {
        while (heads[b] < queues[b].length && used.has(queues[b][heads[b]].code)) heads[b] += 1;
        if (heads[b] < queues[b].length) return queues[b][heads[b]++];
      }
    }
    return undefined;
  };
  for (;;) {
    const remainingDossiers = targets.dossiers - plans.length;
    const remainingSchools = targets.schools - schoolCount;
    if (remainingDossiers <= 0 || remainingSchools <= 0) break;
    const mean = Math.max(1, remainingSchools / remainingDossiers);
    // 1 + a geometric number of further schools, of mean (mean − 1).
    let k = 1;
    while (k < 60 && rng.next() > 1 / mean) k += 1;
    const c = nextCommune(k);
    if (c === undefined) break;
    const all = free.get(c.code)!;
    k = Math.min(k, all.length, remainingSchools);
    used.add(c.code);
    add({ kind: 'commune', siren: c.siren!, name: c.name, seat: c, epciType: null, schools: rng.shuffle(all).slice(0, k), communes: 1, large: false });
  }
  return plans;
}
