// The funding rules of a call, as data. Each field is one rule of DOMAIN.md §2, in the same order,
// with its parameters; `compileFunding` turns them into a fast function and `explainFunding` walks
// them to say, in French, how every euro was computed.

import type { Cents, Rate } from '../money';

/** One tier of volet 1: `rate` applies to the part of the base up to `upToCents` (null: no bound). */
export interface EquipmentTier {
  readonly upToCents: Cents | null;
  readonly rate: Rate;
}

export interface FundingRules {
  /** Amounts are VAT included (TTC) or excluded (HT). */
  readonly amountBasis: 'TTC' | 'HT';
  /** Every grant is rounded down to the cent, once per tier group and once for volet 2. */
  readonly rounding: 'floor-cent';

  /** §2.1 A school whose volet 1 spending is below this is not eligible (excluded from both volets). */
  readonly minimumEquipmentPerSchoolCents: Cents;

  /** §2.2 Volet 1 eligible spending of a school: at most this amount per class. */
  readonly equipmentCapPerClassCents: Cents;

  /** §2.3 Volet 1 tiers, applied per commune (schools without a commune together) or per dossier. */
  readonly equipmentTiers: {
    readonly scope: 'commune' | 'dossier';
    /** The base of a group is its eligible spending, at most this. */
    readonly maximumBaseCents: Cents;
    /** Consecutive tiers of the base, the last one without bound. */
    readonly tiers: readonly EquipmentTier[];
  };

  /** §2.4 Volet 2 eligible spending: at most this per pupil, over the dossier or school by school. */
  readonly servicesCapPerPupil: {
    readonly cents: Cents;
    readonly scope: 'dossier' | 'school';
  };
  /** §2.4 Rate of volet 2, applied once to the dossier's eligible services. */
  readonly servicesRate: Rate;

  /** §2.6 A dossier must declare spending in both volets (blocking findings otherwise). */
  readonly bothVoletsRequired: boolean;
}

function isRate(rate: Rate): boolean {
  return (
    Number.isSafeInteger(rate.numerator) &&
    Number.isSafeInteger(rate.denominator) &&
    rate.denominator > 0 &&
    rate.numerator >= 0 &&
    rate.numerator <= rate.denominator
  );
}

const isAmount = (c: number): boolean => Number.isSafeInteger(c) && c >= 0;

/** Problems of a set of rules (a programming error in a call's definition, not a user's input). */
export function checkFundingRules(rules: FundingRules): string[] {
  const problems: string[] = [];
  if (!isAmount(rules.minimumEquipmentPerSchoolCents)) problems.push('minimumEquipmentPerSchoolCents');
  if (!isAmount(rules.equipmentCapPerClassCents)) problems.push('equipmentCapPerClassCents');
  if (!isAmount(rules.equipmentTiers.maximumBaseCents)) problems.push('equipmentTiers.maximumBaseCents');
  const tiers = rules.equipmentTiers.tiers;
  if (tiers.length === 0) problems.push('equipmentTiers.tiers: at least one tier');
  let previous = 0;
  tiers.forEach((tier, i) => {
    if (!isRate(tier.rate)) problems.push(`equipmentTiers.tiers[${i}].rate`);
    const last = i === tiers.length - 1;
    if (last !== (tier.upToCents === null)) problems.push(`equipmentTiers.tiers[${i}].upToCents: only the last tier is unbounded`);
    if (tier.upToCents !== null) {
      if (!isAmount(tier.upToCents) || tier.upToCents <= previous) problems.push(`equipmentTiers.tiers[${i}].upToCents: increasing amounts`);
      previous = tier.upToCents;
    }
  });
  if (!isAmount(rules.servicesCapPerPupil.cents)) problems.push('servicesCapPerPupil.cents');
  if (!isRate(rules.servicesRate)) problems.push('servicesRate');
  return problems;
}

export function assertFundingRules(rules: FundingRules): void {
  const problems = checkFundingRules(rules);
  if (problems.length > 0) throw new Error(`Invalid funding rules: ${problems.join('; ')}`);
}
