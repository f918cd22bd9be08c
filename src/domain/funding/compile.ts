// Compiles a call's funding rules once into a plain function over a dossier's schools: the fast
// path that computes every amount and finding code (no messages, no explanation).

import { apportion, applyRate, commonDenominator, floorDiv, floorOfRatedSum } from '../money';
import { assertFundingRules, type FundingRules } from './rules';
import type { CommuneAmounts, DossierSchool, FundingAmounts, RawFinding, SchoolAmounts } from './types';

export type FundingFunction = (schools: readonly DossierSchool[]) => FundingAmounts;

interface TierGroup {
  readonly commune: string | null;
  readonly members: number[];
  sumCents: number;
}

const compiled = new WeakMap<FundingRules, FundingFunction>();

/** The compiled function of these rules, built once per rules object. */
export function compileFunding(rules: FundingRules): FundingFunction {
  let fn = compiled.get(rules);
  if (fn === undefined) {
    fn = build(rules);
    compiled.set(rules, fn);
  }
  return fn;
}

function build(rules: FundingRules): FundingFunction {
  assertFundingRules(rules);
  const minimum = rules.minimumEquipmentPerSchoolCents;
  const capPerClass = rules.equipmentCapPerClassCents;
  const maximumBase = rules.equipmentTiers.maximumBaseCents;
  const tiersPerCommune = rules.equipmentTiers.scope === 'commune';
  const capPerPupil = rules.servicesCapPerPupil.cents;
  const servicesCapPerSchool = rules.servicesCapPerPupil.scope === 'school';
  const servicesRate = rules.servicesRate;
  const bothVolets = rules.bothVoletsRequired;

  // Tiers over one common denominator: grant = floor(Σ numᵢ × partᵢ / D).
  const tiers = rules.equipmentTiers.tiers;
  const denominator = commonDenominator(tiers.map((t) => t.rate));
  const tierCount = tiers.length;
  const tierLow: number[] = [];
  const tierHigh: number[] = [];
  const tierNumerator: number[] = [];
  let low = 0;
  for (const t of tiers) {
    tierLow.push(low);
    tierHigh.push(t.upToCents ?? Infinity);
    tierNumerator.push(t.rate.numerator * (denominator / t.rate.denominator));
    low = t.upToCents ?? Infinity;
  }

  function tierGrant(base: number): number {
    let sum = 0;
    for (let t = 0; t < tierCount; t++) {
      if (base <= tierLow[t]) break;
      sum += ((base < tierHigh[t] ? base : tierHigh[t]) - tierLow[t]) * tierNumerator[t];
    }
    if (sum <= Number.MAX_SAFE_INTEGER) return floorDiv(sum, denominator);
    const parts = [];
    for (let t = 0; t < tierCount && base > tierLow[t]; t++) {
      parts.push({ cents: Math.min(base, tierHigh[t]) - tierLow[t], rate: tiers[t].rate });
    }
    return floorOfRatedSum(parts);
  }

  return function computeFunding(schools: readonly DossierSchool[]): FundingAmounts {
    const n = schools.length;
    const findings: RawFinding[] = [];
    const eligibleE = new Array<number>(n);
    const countedS = new Array<number>(n);
    const retained = new Array<boolean>(n);
    const groups: TierGroup[] = [];
    const groupOf = n > 16 ? new Map<string | null, TierGroup>() : null; // small dossiers: a linear search
    let spendingE = 0;
    let spendingS = 0;
    let retainedPupils = 0;
    let countedServices = 0;

    for (let i = 0; i < n; i++) {
      const s = schools[i];
      const e = s.equipmentCents;
      spendingE += e;
      spendingS += s.servicesCents;
      const commune = s.commune ?? null;
      let group: TierGroup | undefined;
      if (groupOf === null) {
        for (let g = 0; g < groups.length; g++) {
          if (groups[g].commune === commune) {
            group = groups[g];
            break;
          }
        }
      } else {
        group = groupOf.get(commune);
      }
      if (group === undefined) {
        group = { commune, members: [], sumCents: 0 };
        groupOf?.set(commune, group);
        groups.push(group);
      }
      // §2.1 minimum per school
      if (e < minimum) {
        retained[i] = false;
        eligibleE[i] = 0;
        countedS[i] = 0;
        findings.push({ code: 'SCHOOL_BELOW_MINIMUM', school: i });
        continue;
      }
      retained[i] = true;
      // §2.2 cap per class
      const cap = capPerClass * s.classes;
      if (e > cap) {
        eligibleE[i] = cap;
        findings.push({ code: 'EQUIPMENT_ABOVE_CLASS_CAP', school: i });
      } else {
        eligibleE[i] = e;
      }
      group.members.push(i);
      group.sumCents += eligibleE[i];
      // §2.4 services, capped here when the cap per pupil applies school by school
      let counted = s.servicesCents;
      if (servicesCapPerSchool) {
        const servicesCap = capPerPupil * s.pupils;
        if (counted > servicesCap) {
          counted = servicesCap;
          findings.push({ code: 'SERVICES_ABOVE_PUPIL_CAP', school: i });
        }
      }
      countedS[i] = counted;
      countedServices += counted;
      retainedPupils += s.pupils;
    }

    // §2.3 tiers, per commune or per dossier
    const grantShareE = new Array<number>(n);
    for (let i = 0; i < n; i++) grantShareE[i] = 0;
    const communes: CommuneAmounts[] = [];
    let eligibleEquipment = 0;
    let grantEquipment = 0;
    const share = (total: number, members: readonly number[]): void => {
      if (members.length === 1) {
        grantShareE[members[0]] = eligibleE[members[0]] === 0 ? 0 : total;
        return;
      }
      const weights = new Array<number>(members.length);
      for (let k = 0; k < members.length; k++) weights[k] = eligibleE[members[k]];
      const shares = apportion(total, weights);
      for (let k = 0; k < members.length; k++) grantShareE[members[k]] = shares[k];
    };
    if (tiersPerCommune) {
      for (const g of groups) {
        let base = g.sumCents;
        if (base > maximumBase) {
          base = maximumBase;
          findings.push({ code: 'COMMUNE_ABOVE_TIER_TOP', commune: g.commune });
        }
        const grant = tierGrant(base);
        share(grant, g.members);
        eligibleEquipment += base;
        grantEquipment += grant;
        communes.push({ commune: g.commune, retainedSchools: g.members.length, eligibleCents: g.sumCents, baseCents: base, grantCents: grant });
      }
    } else {
      let sum = 0;
      const members: number[] = [];
      for (const g of groups) {
        sum += g.sumCents;
        for (const i of g.members) members.push(i);
        communes.push({ commune: g.commune, retainedSchools: g.members.length, eligibleCents: g.sumCents, baseCents: null, grantCents: null });
      }
      let base = sum;
      if (base > maximumBase) {
        base = maximumBase;
        findings.push({ code: 'COMMUNE_ABOVE_TIER_TOP' });
      }
      grantEquipment = tierGrant(base);
      eligibleEquipment = base;
      share(grantEquipment, members.sort((a, b) => a - b));
    }

    // §2.4 services over the retained schools
    let eligibleServices = countedServices;
    if (!servicesCapPerSchool) {
      const servicesCap = capPerPupil * retainedPupils;
      if (eligibleServices > servicesCap) {
        eligibleServices = servicesCap;
        findings.push({ code: 'SERVICES_ABOVE_PUPIL_CAP' });
      }
    }
    const grantServices = applyRate(eligibleServices, servicesRate);
    const grantShareS = n === 1 ? [countedS[0] === 0 ? 0 : grantServices] : apportion(grantServices, countedS);

    // §2.6 both volets, over all the schools declared
    if (bothVolets && spendingE === 0) findings.push({ code: 'MISSING_EQUIPMENT_VOLET' });
    if (bothVolets && spendingS === 0) findings.push({ code: 'MISSING_SERVICES_VOLET' });

    const schoolAmounts: SchoolAmounts[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const s = schools[i];
      schoolAmounts[i] = {
        uai: s.uai,
        commune: s.commune,
        classes: s.classes,
        pupils: s.pupils,
        eligible: retained[i],
        equipment: { spendingCents: s.equipmentCents, eligibleCents: eligibleE[i], grantCents: grantShareE[i] },
        services: { spendingCents: s.servicesCents, eligibleCents: countedS[i], grantCents: grantShareS[i] },
      };
    }

    // §2.5 total
    return {
      grantCents: grantEquipment + grantServices,
      equipment: { spendingCents: spendingE, eligibleCents: eligibleEquipment, grantCents: grantEquipment },
      services: { spendingCents: spendingS, eligibleCents: eligibleServices, grantCents: grantServices },
      schools: schoolAmounts,
      communes,
      findings,
    };
  };
}
