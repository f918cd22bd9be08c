// Benchmark of the funding engine: every one of the 30,059 schools of the reference data, one dossier
// per commune, on one core (one Node thread), against a hand-written TypeScript loop that produces the
// same outputs (per-school eligible amounts, per-commune and per-dossier grants, finding codes) with no
// explanation and no messages, measured in the same run. Run alone: node --import tsx bench/funding.ts

import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';
import { snee2021 } from '../src/domain/calls/snee-2021';
import { compileFunding, simulate, type DossierSchool, type FundingAmounts } from '../src/domain/funding';
import { printLines, type BenchLine } from './lib';

const SCHOOLS_CSV = fileURLToPath(new URL('../data/education/national/fr-en-ips-ecoles-ap2022_rentree2022.csv', import.meta.url));

/** A deterministic pseudo-random integer in [0, n) from a UAI and a salt. */
function fromUai(uai: string, salt: number, n: number): number {
  let h = Math.imul(Number(uai.slice(0, 7)) ^ salt, 0x9e3779b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return (h >>> 0) % n;
}

/** The schools of the reference data as dossiers, one per commune, with spending derived from the UAI. */
export function loadDossiers(file = SCHOOLS_CSV): DossierSchool[][] {
  const rows: Record<string, string>[] = parse(readFileSync(file), { delimiter: ';', bom: true, columns: true });
  const byCommune = new Map<string, DossierSchool[]>();
  for (const row of rows) {
    const uai = row.uai;
    const pupils = Math.max(1, Math.round(Number(row.effectifs)));
    const classes = Math.max(1, Math.round(pupils / 24));
    // Equipment: 0 for 1 school in 60, else 500 € to 6,000 € per class (below the minimum, under and above the cap).
    const equipmentCents = fromUai(uai, 1, 60) === 0 ? 0 : classes * (50_000 + fromUai(uai, 2, 550_001));
    // Services: 0 for 1 school in 40, else 0 to 30 € per pupil (around the cap of 20 €).
    const servicesCents = fromUai(uai, 3, 40) === 0 ? 0 : pupils * fromUai(uai, 4, 3_001);
    const commune = row.code_insee_de_la_commune;
    let dossier = byCommune.get(commune);
    if (dossier === undefined) byCommune.set(commune, (dossier = []));
    dossier.push({ uai, commune, classes, pupils, equipmentCents, servicesCents });
  }
  return [...byCommune.values()];
}

/** The baseline's outputs for one dossier. */
interface PlainResult {
  eligibleE: number[];
  communeGrants: Map<string, number>;
  grant: number;
  codes: string[];
}

/** §2 of DOMAIN.md as a plain loop with snee-2021's numbers written in. */
function baseline(schools: readonly DossierSchool[]): PlainResult {
  const eligibleE: number[] = [];
  const sums = new Map<string, number>();
  const codes: string[] = [];
  let declaredE = 0;
  let declaredS = 0;
  let services = 0;
  let pupils = 0;
  for (const s of schools) {
    declaredE += s.equipmentCents;
    declaredS += s.servicesCents;
    const key = s.commune ?? '';
    if (!sums.has(key)) sums.set(key, 0);
    if (s.equipmentCents < 350_000) {
      eligibleE.push(0);
      codes.push('SCHOOL_BELOW_MINIMUM');
      continue;
    }
    const cap = 350_000 * s.classes;
    let e = s.equipmentCents;
    if (e > cap) {
      e = cap;
      codes.push('EQUIPMENT_ABOVE_CLASS_CAP');
    }
    eligibleE.push(e);
    sums.set(key, sums.get(key)! + e);
    services += s.servicesCents;
    pupils += s.pupils;
  }
  const communeGrants = new Map<string, number>();
  let grant = 0;
  for (const [key, sum] of sums) {
    let base = sum;
    if (base > 100_000_000) {
      base = 100_000_000;
      codes.push('COMMUNE_ABOVE_TIER_TOP');
    }
    const low = base < 20_000_000 ? base : 20_000_000;
    const g = Math.floor((70 * low + 50 * (base - low)) / 100);
    communeGrants.set(key, g);
    grant += g;
  }
  if (services > 2_000 * pupils) {
    services = 2_000 * pupils;
    codes.push('SERVICES_ABOVE_PUPIL_CAP');
  }
  grant += Math.floor(services / 2);
  if (declaredE === 0) codes.push('MISSING_EQUIPMENT_VOLET');
  if (declaredS === 0) codes.push('MISSING_SERVICES_VOLET');
  return { eligibleE, communeGrants, grant, codes };
}

function agrees(a: FundingAmounts, b: PlainResult): boolean {
  if (a.grantCents !== b.grant) return false;
  if (a.schools.some((s, i) => s.equipment.eligibleCents !== b.eligibleE[i])) return false;
  if (a.communes.some((c) => c.grantCents !== b.communeGrants.get(c.commune ?? ''))) return false;
  const codesA = a.findings.map((f) => f.code).sort();
  const codesB = [...b.codes].sort();
  return codesA.length === codesB.length && codesA.every((c, i) => c === codesB[i]);
}

/** Median time in ms of `rounds` runs of `fn` after a warm-up. */
function median(fn: () => void, rounds: number): number {
  fn();
  fn();
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

export async function benchFunding(): Promise<BenchLine[]> {
  const dossiers = loadDossiers();
  const schoolCount = dossiers.reduce((n, d) => n + d.length, 0);
  const compute = compileFunding(snee2021.funding);
  const inputs = dossiers.map((schools) => ({ call: 'snee-2021', schools }));

  let sink = 0; // keeps the results alive so that no path is optimised away
  const engineMs = median(() => {
    for (const d of dossiers) sink += compute(d).grantCents;
  }, 9);
  const baselineMs = median(() => {
    for (const d of dossiers) sink += baseline(d).grant;
  }, 9);
  const fullMs = median(() => {
    for (const input of inputs) {
      const outcome = simulate(input);
      if (outcome.ok) sink += outcome.result.explanation.length;
    }
  }, 3);

  let disagreements = 0;
  let grantCents = 0;
  for (const d of dossiers) {
    const a = compute(d);
    grantCents += a.grantCents;
    if (!agrees(a, baseline(d))) disagreements++;
  }
  if (sink === -1) console.log(sink);

  const base = { name: 'boucle TypeScript écrite à la main, mêmes sorties, sans messages ni explication', value: round(baselineMs), unit: 'ms' };
  const ratio = engineMs / baselineMs;
  const what = `${schoolCount.toLocaleString('fr-FR')} écoles, ${dossiers.length.toLocaleString('fr-FR')} dossiers (un par commune), un cœur`;
  return [
    {
      name: `moteur de financement, montants et constats (${what})`,
      value: round(engineMs),
      unit: 'ms',
      baseline: base,
      ratio,
      target: 'ratio ≤ 10 et < 1 000 ms',
      met: ratio <= 10 && engineMs < 1_000,
    },
    {
      name: 'simulation complète (validation zod, messages, explication) des mêmes dossiers',
      value: round(fullMs),
      unit: 'ms',
      baseline: base,
      ratio: fullMs / baselineMs,
    },
    {
      name: `accord moteur / boucle de référence (subvention totale ${Math.round(grantCents / 100).toLocaleString('fr-FR')} €)`,
      value: disagreements,
      unit: 'dossiers en désaccord',
      target: '0',
      met: disagreements === 0,
    },
  ];
}

const round = (ms: number): number => Math.round(ms * 100) / 100;

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printLines(await benchFunding());
}
