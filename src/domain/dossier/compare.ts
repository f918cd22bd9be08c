// What changed between two submitted versions of a dossier (the frozen canonical JSON,
// `socle.dossier/1`): schools added / removed / with other headcounts, budget lines added / removed /
// changed (by line id), amounts per volet, and the project's texts. Pure.

export interface VersionSchool { uai: string; name?: string; classes: number | null; pupils: number | null }
export interface VersionLine { id: string; uai: string; volet: number; category: string; label: string; quantity: number; unitHtCents: number; unitTtcCents: number }
export interface VersionContent {
  dossier: { version: number };
  project: { summary: string; lendingPlan: string; supportText: string; objectives: { code: string; text: string }[] };
  schools: VersionSchool[];
  lines: VersionLine[];
  amounts: { grantCents: number; equipment: { eligibleCents: number; grantCents: number }; services: { eligibleCents: number; grantCents: number } };
}

export interface Change<T> { readonly from: T; readonly to: T }

export interface VersionComparison {
  readonly schools: { added: VersionSchool[]; removed: VersionSchool[]; changed: { uai: string; name?: string; from: VersionSchool; to: VersionSchool }[] };
  readonly lines: { added: VersionLine[]; removed: VersionLine[]; changed: { id: string; label: string; fields: string[]; from: VersionLine; to: VersionLine }[] };
  readonly amounts: { key: 'grantCents' | 'equipmentGrantCents' | 'servicesGrantCents' | 'equipmentEligibleCents' | 'servicesEligibleCents'; label: string; from: number; to: number }[];
  readonly texts: { key: string; label: string; from: string; to: string }[];
  readonly unchanged: boolean;
}

const LINE_FIELDS: readonly (keyof VersionLine)[] = ['uai', 'volet', 'category', 'label', 'quantity', 'unitHtCents', 'unitTtcCents'];

export function compareVersions(a: VersionContent, b: VersionContent): VersionComparison {
  const schoolsA = new Map(a.schools.map((s) => [s.uai, s]));
  const schoolsB = new Map(b.schools.map((s) => [s.uai, s]));
  const schools: VersionComparison['schools'] = {
    added: b.schools.filter((s) => !schoolsA.has(s.uai)),
    removed: a.schools.filter((s) => !schoolsB.has(s.uai)),
    changed: b.schools.filter((s) => {
      const before = schoolsA.get(s.uai);
      return before !== undefined && (before.classes !== s.classes || before.pupils !== s.pupils);
    }).map((s) => ({ uai: s.uai, name: s.name, from: schoolsA.get(s.uai)!, to: s })),
  };
  const linesA = new Map(a.lines.map((l) => [l.id, l]));
  const linesB = new Map(b.lines.map((l) => [l.id, l]));
  const lines: VersionComparison['lines'] = {
    added: b.lines.filter((l) => !linesA.has(l.id)),
    removed: a.lines.filter((l) => !linesB.has(l.id)),
    changed: [],
  };
  for (const l of b.lines) {
    const before = linesA.get(l.id);
    if (before === undefined) continue;
    const fields = LINE_FIELDS.filter((f) => before[f] !== l[f]);
    if (fields.length > 0) lines.changed.push({ id: l.id, label: l.label, fields, from: before, to: l });
  }
  const amountPairs: [VersionComparison['amounts'][number]['key'], string, number, number][] = [
    ['equipmentEligibleCents', 'Dépenses subventionnables, équipement', a.amounts.equipment.eligibleCents, b.amounts.equipment.eligibleCents],
    ['servicesEligibleCents', 'Dépenses subventionnables, services', a.amounts.services.eligibleCents, b.amounts.services.eligibleCents],
    ['equipmentGrantCents', 'Subvention équipement', a.amounts.equipment.grantCents, b.amounts.equipment.grantCents],
    ['servicesGrantCents', 'Subvention services', a.amounts.services.grantCents, b.amounts.services.grantCents],
    ['grantCents', 'Subvention totale', a.amounts.grantCents, b.amounts.grantCents],
  ];
  const amounts = amountPairs.filter(([, , x, y]) => x !== y).map(([key, label, from, to]) => ({ key, label, from, to }));
  const objectives = (c: VersionContent) => c.project.objectives.map((o) => `${o.code} : ${o.text}`).join('\n');
  const textPairs: [string, string, string, string][] = [
    ['summary', 'Présentation du projet', a.project.summary, b.project.summary],
    ['objectives', 'Objectifs', objectives(a), objectives(b)],
    ['lendingPlan', 'Prêt aux familles', a.project.lendingPlan, b.project.lendingPlan],
    ['supportText', 'Accompagnement (volet 3)', a.project.supportText, b.project.supportText],
  ];
  const texts = textPairs.filter(([, , x, y]) => x !== y).map(([key, label, from, to]) => ({ key, label, from, to }));
  const unchanged = schools.added.length + schools.removed.length + schools.changed.length
    + lines.added.length + lines.removed.length + lines.changed.length + amounts.length + texts.length === 0;
  return { schools, lines, amounts, texts, unchanged };
}
