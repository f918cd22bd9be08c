// French messages of the findings, from the figures the rules read.

import type { FundingRules } from './rules';
import { capitalize, eur, groupName, plural, schoolName } from './wording';
import { SEVERITY, type DossierSchool, type Finding, type FundingAmounts, type RawFinding } from './types';

export function describeFindings(rules: FundingRules, schools: readonly DossierSchool[], amounts: FundingAmounts): Finding[] {
  return amounts.findings.map((f) => describeFinding(rules, schools, amounts, f));
}

function describeFinding(rules: FundingRules, schools: readonly DossierSchool[], amounts: FundingAmounts, f: RawFinding): Finding {
  const school = f.school === undefined ? undefined : schools[f.school];
  const where = {
    ...(school?.uai === undefined ? {} : { uai: school.uai }),
    ...(f.commune === undefined || f.commune === null ? {} : { commune: f.commune }),
    ...(f.school === undefined ? {} : { school: f.school }),
  };
  return { code: f.code, severity: SEVERITY[f.code], ...where, message: message(rules, schools, amounts, f) };
}

function message(rules: FundingRules, schools: readonly DossierSchool[], amounts: FundingAmounts, f: RawFinding): string {
  const school = f.school === undefined ? undefined : schools[f.school];
  const name = school === undefined ? '' : schoolName(school, f.school!);
  switch (f.code) {
    case 'SCHOOL_BELOW_MINIMUM':
      return (
        `${capitalize(name)} déclare ${eur(school!.equipmentCents)} d'équipement, moins que le minimum de ` +
        `${eur(rules.minimumEquipmentPerSchoolCents)} par école : elle est exclue des deux volets. ` +
        `Complétez son équipement ou retirez-la du dossier.`
      );
    case 'EQUIPMENT_ABOVE_CLASS_CAP': {
      const cap = rules.equipmentCapPerClassCents * school!.classes;
      return (
        `L'équipement de ${name} (${eur(school!.equipmentCents)}) dépasse le plafond de ` +
        `${eur(rules.equipmentCapPerClassCents)} par classe × ${plural(school!.classes, 'classe')} = ${eur(cap)} : ` +
        `seuls ${eur(cap)} sont subventionnables.`
      );
    }
    case 'COMMUNE_ABOVE_TIER_TOP': {
      const max = rules.equipmentTiers.maximumBaseCents;
      if (f.commune === undefined) {
        const sum = amounts.communes.reduce((s, c) => s + c.eligibleCents, 0);
        return `Les dépenses d'équipement retenues du dossier (${eur(sum)}) dépassent le maximum de ${eur(max)} : seuls ${eur(max)} sont subventionnables.`;
      }
      const group = amounts.communes.find((c) => c.commune === f.commune)!;
      return (
        `Les dépenses d'équipement retenues pour ${groupName(f.commune)} (${eur(group.eligibleCents)}) dépassent ` +
        `le maximum de ${eur(max)} : seuls ${eur(max)} sont subventionnables.`
      );
    }
    case 'SERVICES_ABOVE_PUPIL_CAP': {
      const perPupil = rules.servicesCapPerPupil.cents;
      if (school !== undefined) {
        const cap = perPupil * school.pupils;
        return (
          `Les services de ${name} (${eur(school.servicesCents)}) dépassent le plafond de ${eur(perPupil)} par élève × ` +
          `${plural(school.pupils, 'élève')} = ${eur(cap)} : seuls ${eur(cap)} sont subventionnables.`
        );
      }
      const declared = amounts.schools.reduce((s, x) => s + (x.eligible ? x.services.spendingCents : 0), 0);
      const pupils = amounts.schools.reduce((s, x) => s + (x.eligible ? x.pupils : 0), 0);
      return (
        `Les services des écoles retenues (${eur(declared)}) dépassent le plafond de ${eur(perPupil)} par élève × ` +
        `${plural(pupils, 'élève')} = ${eur(amounts.services.eligibleCents)} : seuls ${eur(amounts.services.eligibleCents)} sont subventionnables.`
      );
    }
    case 'MISSING_EQUIPMENT_VOLET':
      return "Le dossier ne déclare aucune dépense d'équipement (volet 1) : un dossier doit couvrir le volet 1 et le volet 2.";
    case 'MISSING_SERVICES_VOLET':
      return 'Le dossier ne déclare aucune dépense de services et ressources numériques (volet 2) : un dossier doit couvrir le volet 1 et le volet 2.';
  }
}
