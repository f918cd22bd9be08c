// The explanation of every amount (« Pourquoi ce montant ? »), built on demand by walking the same
// rules as the compiled path, step by step, with exact integer arithmetic (BigInt). A test checks that
// its figures agree with the compiled amounts.

import { ratePercent, type Rate } from '../money';
import type { FundingRules } from './rules';
import type { DossierSchool, ExplanationEntry } from './types';
import { capitalize, eur, formatRate, groupName, plural, schoolName } from './wording';
import { formatParis } from '../paris-time';

/** floor(Σ rateᵢ × centsᵢ) in BigInt, and whether the floor dropped a fraction of a cent. */
function exactRatedSum(parts: readonly { cents: number; rate: Rate }[]): { cents: number; rounded: boolean } {
  let numerator = 0n;
  let denominator = 1n;
  for (const p of parts) {
    const d = BigInt(p.rate.denominator);
    numerator = numerator * d + BigInt(p.cents) * BigInt(p.rate.numerator) * denominator;
    denominator *= d;
  }
  return { cents: Number(numerator / denominator), rounded: numerator % denominator !== 0n };
}

const FLOOR_NOTE = ' (arrondi au centime inférieur)';

export function explainFunding(rules: FundingRules, schools: readonly DossierSchool[]): ExplanationEntry[] {
  const entries: ExplanationEntry[] = [];
  const min = rules.minimumEquipmentPerSchoolCents;
  const perClass = rules.equipmentCapPerClassCents;

  // §2.1 and §2.2, school by school
  const retained: { school: DossierSchool; index: number; eligibleCents: number }[] = [];
  schools.forEach((school, index) => {
    const name = schoolName(school, index);
    const e = school.equipmentCents;
    if (e < min) {
      entries.push({
        rule: 'school-minimum',
        label: 'Minimum par école',
        inputs: { school: school.uai ?? null, schoolIndex: index, spendingCents: e, minimumCents: min },
        resultCents: 0,
        text:
          `${capitalize(name)} : ${eur(e)} d'équipement, moins que le minimum de ${eur(min)} par école ; ` +
          `elle est exclue des deux volets et ses dépenses ne comptent pas.`,
      });
      return;
    }
    const cap = perClass * school.classes;
    const eligible = Math.min(e, cap);
    retained.push({ school, index, eligibleCents: eligible });
    entries.push({
      rule: 'equipment-class-cap',
      label: 'Plafond par classe',
      inputs: { school: school.uai ?? null, schoolIndex: index, spendingCents: e, classes: school.classes, capPerClassCents: perClass, capCents: cap },
      resultCents: eligible,
      text:
        `${capitalize(name)} : ${eur(e)} d'équipement, plafond de ${plural(school.classes, 'classe')} × ${eur(perClass)} = ${eur(cap)}` +
        (e > cap ? ` dépassé ; ${eur(eligible)} retenus.` : ` respecté ; ${eur(eligible)} retenus.`),
    });
  });

  // §2.3 tiers, by commune (schools without one together) or over the dossier
  const groups = new Map<string, { commune: string | null; members: typeof retained }>();
  for (const r of retained) {
    const key = rules.equipmentTiers.scope === 'dossier' ? 'dossier' : (r.school.commune ?? '');
    const commune = rules.equipmentTiers.scope === 'dossier' ? null : (r.school.commune ?? null);
    if (!groups.has(key)) groups.set(key, { commune, members: [] });
    groups.get(key)!.members.push(r);
  }
  let equipmentGrant = 0;
  for (const group of groups.values()) {
    const who = rules.equipmentTiers.scope === 'dossier' ? 'le dossier' : groupName(group.commune);
    const sum = group.members.reduce((s, m) => s + m.eligibleCents, 0);
    const max = rules.equipmentTiers.maximumBaseCents;
    const base = Math.min(sum, max);
    entries.push({
      rule: 'equipment-base',
      label: rules.equipmentTiers.scope === 'dossier' ? 'Base du dossier' : 'Base de la commune',
      inputs: { commune: group.commune, schools: group.members.length, eligibleCents: sum, maximumCents: max },
      resultCents: base,
      text:
        `${capitalize(who)} : ${eur(sum)} d'équipement retenus pour ${plural(group.members.length, 'école')}` +
        (sum > max ? `, ramenés au maximum de ${eur(max)}.` : ` (maximum ${eur(max)} non atteint).`),
    });
    const parts: { cents: number; rate: Rate }[] = [];
    const inputs: Record<string, number | string | null> = { commune: group.commune, baseCents: base };
    let low = 0;
    rules.equipmentTiers.tiers.forEach((tier, t) => {
      const high = tier.upToCents ?? Infinity;
      if (base <= low) return;
      const part = Math.min(base, high) - low;
      parts.push({ cents: part, rate: tier.rate });
      inputs[`tier${t + 1}Cents`] = part;
      inputs[`tier${t + 1}RatePercent`] = ratePercent(tier.rate);
      low = high;
    });
    const { cents, rounded } = exactRatedSum(parts);
    equipmentGrant += cents;
    const formula = parts.length === 0 ? eur(0) : parts.map((p) => `${formatRate(p.rate)} × ${eur(p.cents)}`).join(' + ');
    entries.push({
      rule: 'equipment-tiers',
      label: 'Taux par tranche',
      inputs,
      resultCents: cents,
      text: `Subvention d'équipement pour ${who} : ${formula} = ${eur(cents)}${rounded ? FLOOR_NOTE : ''}.`,
    });
  }

  // §2.4 services, over the retained schools
  const perPupil = rules.servicesCapPerPupil.cents;
  const excluded = schools.length - retained.length;
  const excludedNote = excluded > 0 ? ` (hors ${plural(excluded, 'école exclue', 'écoles exclues')})` : '';
  let eligibleServices = 0;
  if (rules.servicesCapPerPupil.scope === 'school') {
    for (const { school, index } of retained) {
      const cap = perPupil * school.pupils;
      const counted = Math.min(school.servicesCents, cap);
      eligibleServices += counted;
      entries.push({
        rule: 'services-pupil-cap',
        label: 'Plafond par élève',
        inputs: { school: school.uai ?? null, schoolIndex: index, spendingCents: school.servicesCents, pupils: school.pupils, capPerPupilCents: perPupil, capCents: cap },
        resultCents: counted,
        text:
          `Services de ${schoolName(school, index)} : ${eur(school.servicesCents)}, plafond de ` +
          `${plural(school.pupils, 'élève')} × ${eur(perPupil)} = ${eur(cap)}` +
          (school.servicesCents > cap ? ` dépassé ; ${eur(counted)} retenus.` : ` respecté ; ${eur(counted)} retenus.`),
      });
    }
  } else {
    const declared = retained.reduce((s, r) => s + r.school.servicesCents, 0);
    const pupils = retained.reduce((s, r) => s + r.school.pupils, 0);
    const cap = perPupil * pupils;
    eligibleServices = Math.min(declared, cap);
    entries.push({
      rule: 'services-pupil-cap',
      label: 'Plafond par élève',
      inputs: { spendingCents: declared, pupils, capPerPupilCents: perPupil, capCents: cap },
      resultCents: eligibleServices,
      text:
        `Services des écoles retenues${excludedNote} : ${eur(declared)}, plafond de ${plural(pupils, 'élève')} × ` +
        `${eur(perPupil)} = ${eur(cap)}` +
        (declared > cap ? ` dépassé ; ${eur(eligibleServices)} retenus.` : ` respecté ; ${eur(eligibleServices)} retenus.`),
    });
  }
  const services = exactRatedSum([{ cents: eligibleServices, rate: rules.servicesRate }]);
  entries.push({
    rule: 'services-rate',
    label: 'Taux des services',
    inputs: { eligibleCents: eligibleServices, ratePercent: ratePercent(rules.servicesRate) },
    resultCents: services.cents,
    text: `Subvention des services : ${formatRate(rules.servicesRate)} × ${eur(eligibleServices)} = ${eur(services.cents)}${services.rounded ? FLOOR_NOTE : ''}.`,
  });

  // §2.5 total
  const total = equipmentGrant + services.cents;
  entries.push({
    rule: 'grant-total',
    label: 'Subvention totale',
    inputs: { equipmentGrantCents: equipmentGrant, servicesGrantCents: services.cents },
    resultCents: total,
    text: `Subvention totale : ${eur(equipmentGrant)} (équipement) + ${eur(services.cents)} (services et ressources) = ${eur(total)}.`,
  });
  return entries;
}

/** A budget line a reviewer adjusted or excluded, with who did it and why. */
export interface LineAdjustment {
  readonly lineLabel: string;
  readonly uai: string;
  readonly volet: number;
  /** The line's declared amount on the call's basis. */
  readonly declaredCents: number;
  /** The eligible amount the reviewer set (null: excluded, or only excluded). */
  readonly eligibleCents: number | null;
  readonly excluded: boolean;
  readonly reason: string;
  readonly by: string;
  /** UTC ISO instant. */
  readonly at: string;
}

/** One explanation step per adjusted or excluded line: what was declared, what counts, who decided it and why. */
export function explainAdjustments(adjustments: readonly LineAdjustment[]): ExplanationEntry[] {
  return adjustments.map((a) => {
    const counted = a.excluded ? 0 : (a.eligibleCents ?? a.declaredCents);
    const what = `Ligne « ${a.lineLabel} » (école ${a.uai}, volet ${a.volet}) : ${eur(a.declaredCents)} déclarés`;
    const change = a.excluded ? 'exclue des dépenses subventionnables' : `montant éligible ramené à ${eur(counted)}`;
    return {
      rule: 'reviewer-adjustment' as const,
      label: a.excluded ? "Ligne exclue par l'instructeur" : "Montant éligible ajusté par l'instructeur",
      inputs: { school: a.uai, volet: a.volet, declaredCents: a.declaredCents, eligibleCents: counted, excluded: a.excluded ? 1 : 0, by: a.by, at: a.at },
      resultCents: counted,
      text: `${what}, ${change} par ${a.by} le ${formatParis(a.at, 'date')} : ${a.reason}`,
    };
  });
}

const SECTIONS: readonly { title: string; rules: readonly ExplanationEntry['rule'][] }[] = [
  { title: "Ajustements de l'instructeur", rules: ['reviewer-adjustment'] },
  { title: 'Équipement (volet 1)', rules: ['school-minimum', 'equipment-class-cap', 'equipment-base', 'equipment-tiers'] },
  { title: 'Services et ressources numériques (volet 2)', rules: ['services-pupil-cap', 'services-rate'] },
  { title: 'Total', rules: ['grant-total'] },
];

/** The explanation as French text, one section per volet, one line per step (« Pourquoi ce montant ? »). */
export function explanationText(entries: readonly ExplanationEntry[]): string {
  const lines: string[] = ['Pourquoi ce montant ?'];
  for (const section of SECTIONS) {
    const steps = entries.filter((e) => section.rules.includes(e.rule));
    if (steps.length === 0) continue;
    lines.push('', section.title, ...steps.map((e) => `- ${e.text}`));
  }
  return lines.join('\n');
}
