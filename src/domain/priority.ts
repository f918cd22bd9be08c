// The priority score of a dossier (issue 5): how much the call's aims — reducing inequalities
// between schools — point at it, computed from the data of its schools, with weights set per call as
// data. Each component is a value in 0..1 (1 = the most in need), the score is their weighted mean
// on 0..100; a component without data for any school of the dossier is left out and the weights of
// the others are scaled up (said in the explanation). Every score explains itself (« Pourquoi ce
// rang ? »): each component's value, its weight, its share of the score, and the facts behind it.
// Pure: no I/O; the data layer gathers the schools' facts.

export type PriorityComponentCode = 'education_priority' | 'low_ips' | 'baseline_distance' | 'small_communes';

export interface PriorityWeights {
  /** Share of the schools in REP / REP+ (éducation prioritaire). */
  readonly educationPriority: number;
  /** Low social index (IPS) of the schools, pupil-weighted. */
  readonly lowIps: number;
  /** Mean distance of the schools from the socle numérique de base, from the diagnostic. */
  readonly baselineDistance: number;
  /** Share of the schools in small communes. */
  readonly smallCommunes: number;
}

export interface PriorityParameters {
  readonly weights: PriorityWeights;
  /** IPS at or below which the IPS component is 1, and at or above which it is 0 (linear between). */
  readonly ipsLow: number;
  readonly ipsHigh: number;
  /** A commune is small below this population. */
  readonly smallCommunePopulation: number;
  /** Weight of a REP school relative to a REP+ school (1) in the éducation prioritaire share. */
  readonly repWeight: number;
}

/** Defaults of the 2021 call (a parameter of the call, never a constant of the code). */
export const DEFAULT_PRIORITY: PriorityParameters = {
  weights: { educationPriority: 3, lowIps: 3, baselineDistance: 3, smallCommunes: 1 },
  ipsLow: 80,
  ipsHigh: 120,
  smallCommunePopulation: 3500,
  repWeight: 0.75,
};

/** Priority parameters of each call, by call id; calls not listed use DEFAULT_PRIORITY. */
export const PRIORITY_BY_CALL: Readonly<Record<string, PriorityParameters>> = {
  'snee-2021': DEFAULT_PRIORITY,
};

export const priorityOf = (callId: string): PriorityParameters => PRIORITY_BY_CALL[callId] ?? DEFAULT_PRIORITY;

const SCORE = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });

/**
 * A score or its points in French, one decimal at most (« 65,1 »), as Intl's fr-FR writes it; the
 * stored scores (0 to 100, one decimal) without Intl, which the queues and the committee write by
 * the hundred.
 */
export function formatScore(n: number): string {
  const text = String(n);
  return /^\d{1,3}(\.\d)?$/.test(text) && !Object.is(n, -0) ? text.replace('.', ',') : SCORE.format(n);
}

/** What the score reads of one school of the dossier; null when the reference data does not say. */
export interface PrioritySchool {
  readonly uai: string;
  readonly name?: string;
  /** REP, REP+ or none (null: the directory that carries it is not loaded for this school). */
  readonly educationPriority: 'REP' | 'REP+' | 'none' | null;
  readonly ips: number | null;
  /** Pupils of the school (weights its IPS); 1 when unknown. */
  readonly pupils: number | null;
  readonly communePopulation: number | null;
  /** Distance from the socle (0..1) from the school's diagnostic; null without a diagnostic. */
  readonly distance: number | null;
}

export interface PriorityComponent {
  readonly code: PriorityComponentCode;
  /** French label of the component. */
  readonly label: string;
  /** The call's weight. */
  readonly weight: number;
  /** Value in 0..1; null when no school of the dossier has the data (the component is left out). */
  readonly value: number | null;
  /** Effective weight after leaving out the components without data (sums to 1 over those kept). */
  readonly share: number;
  /** Points it brings to the score (value × share × 100). */
  readonly points: number;
  /** French: the facts behind the value. */
  readonly detail: string;
}

export interface PriorityScore {
  /** 0..100, one decimal. */
  readonly score: number;
  readonly components: readonly PriorityComponent[];
  /** French sentences: how the score was computed. */
  readonly explanation: readonly string[];
}

const LABELS: Readonly<Record<PriorityComponentCode, string>> = {
  education_priority: 'Écoles en éducation prioritaire (REP, REP+)',
  low_ips: "Indice de position sociale (IPS) bas",
  baseline_distance: 'Éloignement du socle numérique de base (diagnostic)',
  small_communes: 'Écoles de petites communes',
};

const PCT = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 0 });
const DEC = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });
const INT = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });
const DEC2 = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });

const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);
const round1 = (x: number): number => Math.round(x * 10) / 10;

function educationPriority(schools: readonly PrioritySchool[], p: PriorityParameters): { value: number | null; detail: string } {
  const known = schools.filter((s) => s.educationPriority !== null);
  if (known.length === 0) return { value: null, detail: "Donnée non disponible pour les écoles du dossier (l'annuaire qui la porte n'est pas chargé)." };
  const repPlus = known.filter((s) => s.educationPriority === 'REP+').length;
  const rep = known.filter((s) => s.educationPriority === 'REP').length;
  const value = clamp01((repPlus + p.repWeight * rep) / known.length);
  return { value, detail: `${repPlus} école(s) en REP+, ${rep} en REP sur ${known.length} école(s) renseignée(s) (une école REP compte pour ${DEC2.format(p.repWeight)}).` };
}

function lowIps(schools: readonly PrioritySchool[], p: PriorityParameters): { value: number | null; detail: string } {
  const known = schools.filter((s) => s.ips !== null);
  if (known.length === 0) return { value: null, detail: 'IPS non disponible pour les écoles du dossier.' };
  let weighted = 0;
  let total = 0;
  for (const s of known) {
    const w = s.pupils !== null && s.pupils > 0 ? s.pupils : 1;
    weighted += s.ips! * w;
    total += w;
  }
  const mean = weighted / total;
  const value = clamp01((p.ipsHigh - mean) / (p.ipsHigh - p.ipsLow));
  return { value, detail: `IPS moyen des écoles, pondéré par les effectifs : ${DEC.format(mean)} (1 à ${INT.format(p.ipsLow)} ou moins, 0 à ${INT.format(p.ipsHigh)} ou plus).` };
}

function baselineDistance(schools: readonly PrioritySchool[]): { value: number | null; detail: string } {
  const known = schools.filter((s) => s.distance !== null);
  if (known.length === 0) return { value: null, detail: "Aucun diagnostic d'école renseigné." };
  const mean = known.reduce((t, s) => t + s.distance!, 0) / known.length;
  return { value: clamp01(mean), detail: `Éloignement moyen du socle : ${PCT.format(mean)} des besoins non couverts aujourd'hui (${known.length} diagnostic(s)).` };
}

function smallCommunes(schools: readonly PrioritySchool[], p: PriorityParameters): { value: number | null; detail: string } {
  const known = schools.filter((s) => s.communePopulation !== null);
  if (known.length === 0) return { value: null, detail: 'Population des communes non disponible.' };
  const small = known.filter((s) => s.communePopulation! < p.smallCommunePopulation).length;
  return { value: small / known.length, detail: `${small} école(s) sur ${known.length} dans une commune de moins de ${INT.format(p.smallCommunePopulation)} habitants.` };
}

/** The priority score of a dossier from its schools' facts. */
export function priorityScore(schools: readonly PrioritySchool[], params: PriorityParameters = DEFAULT_PRIORITY): PriorityScore {
  const w = params.weights;
  const raw: { code: PriorityComponentCode; weight: number; value: number | null; detail: string }[] = [
    { code: 'education_priority', weight: w.educationPriority, ...educationPriority(schools, params) },
    { code: 'low_ips', weight: w.lowIps, ...lowIps(schools, params) },
    { code: 'baseline_distance', weight: w.baselineDistance, ...baselineDistance(schools) },
    { code: 'small_communes', weight: w.smallCommunes, ...smallCommunes(schools, params) },
  ];
  const kept = raw.filter((c) => c.value !== null && c.weight > 0);
  const totalWeight = kept.reduce((t, c) => t + c.weight, 0);
  const components: PriorityComponent[] = raw.map((c) => {
    const share = c.value === null || c.weight <= 0 || totalWeight === 0 ? 0 : c.weight / totalWeight;
    return { code: c.code, label: LABELS[c.code], weight: c.weight, value: c.value, share, points: (c.value ?? 0) * share * 100, detail: c.detail };
  });
  const score = round1(components.reduce((t, c) => t + c.points, 0));
  const explanation: string[] = [
    `Score de priorité : ${DEC.format(score)} sur 100, moyenne pondérée des composantes ci-dessous (chacune de 0 à 1, 1 signalant le besoin le plus fort).`,
    ...components.map((c) => c.value === null
      ? `${c.label} : non prise en compte (${c.detail})`
      : `${c.label} : valeur ${DEC2.format(c.value)} × poids ${DEC2.format(c.weight)} (soit ${PCT.format(c.share)} du score) = ${DEC.format(round1(c.points))} points. ${c.detail}`),
  ];
  const left = components.filter((c) => c.value === null && c.weight > 0);
  if (left.length > 0 && kept.length > 0) {
    explanation.push(`Faute de données, ${left.length === 1 ? 'une composante est laissée' : `${left.length} composantes sont laissées`} de côté : les poids des autres sont rapportés à leur total (${DEC.format(totalWeight)}).`);
  }
  if (kept.length === 0) explanation.push('Aucune donnée ne permet de calculer le score : il vaut 0.');
  return { score, components, explanation };
}

export interface Rankable {
  readonly reference: string;
  readonly score: number;
  /** UTC ISO instant of the (first) submission: the earlier comes first at equal score. */
  readonly submittedAt: string | null;
}

/** Code-point order: ISO instants and references are ASCII, and a collation would only cost time. */
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The order of the ranking: score (highest first), then earliest submission, then reference. */
function comparePriority(a: Rankable, b: Rankable): number {
  return b.score - a.score
    || byText(a.submittedAt ?? '\uffff', b.submittedAt ?? '\uffff')
    || byText(a.reference, b.reference);
}

/** Ranks by score (highest first), then earliest submission, then reference: a total, stable order. */
export function rankByPriority<T extends Rankable>(items: readonly T[]): (T & { rank: number })[] {
  return [...items].sort(comparePriority).map((x, i) => ({ ...x, rank: i + 1 }));
}
