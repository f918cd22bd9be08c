// `socle demo --national [--seed N] [--reset] [--sans-comptes]`: fills the database with the national demo
// campaign (synthetic dossiers on the real reference data, reviewed and decided in waves by synthetic
// académies) and the handful of demo accounts.
import type { Command } from 'commander';
import { readSettings } from '../config';
import { openDb } from '../data/db';
import { migrate } from '../data/migrate';
import { resetDemoAccounts } from '../commands/demo-accounts';
import { checkDemoPreconditions, DEFAULT_SEED, DemoCampaignExistsError, DemoReferenceMissingError, generateNationalDemo, type NationalDemoReport } from '../commands/demo';
import { formatEuros } from '../domain/money';
import { formatParis } from '../domain/paris-time';

const say = (line = ''): void => { process.stderr.write(line + '\n'); };
const n = (v: number): string => v.toLocaleString('fr-FR');

function parseSeed(value: string): number {
  if (!/^\d{1,9}$/.test(value)) throw new Error(`La graine (--seed) est un entier positif de 1 à 9 chiffres (reçu « ${value} »).`);
  return Number(value);
}

const pct = (part: number, whole: number): string => `${(whole === 0 ? 0 : (100 * part) / whole).toLocaleString('fr-FR', { maximumFractionDigits: 0 })} %`;

export function describeDemo(r: NationalDemoReport): string[] {
  const rate = r.eligibleCents === 0 ? 0 : (100 * r.grantCents) / r.askedCents;
  const s = r.byState;
  const envelopes = r.academies.reduce((t, a) => t + a.envelopeCents, 0);
  const committed = r.academies.reduce((t, a) => t + a.committedCents, 0);
  const waves = r.academies.reduce((t, a) => t + a.waves.length, 0);
  return [
    'Données fictives de démonstration : dossiers, montants, textes, personnes, instructions et décisions sont inventés ;',
    'seules les collectivités (communes, EPCI et leur SIREN) et les écoles viennent des données de référence.',
    `Graine : ${r.seed} (la même graine redonne la même campagne).`,
    `Dossiers : ${n(r.dossiers)} (${n(r.byKind.commune)} communes, ${n(r.byKind.epci)} EPCI)`,
    `  brouillons ${n(s.draft)}, déposés ${n(s.submitted)}, à compléter ${n(s.returned_for_changes)}, en instruction ${n(s.under_review)} (dont ${n(r.proposals)} avec une proposition de décision)`,
    `  retenus ${n(s.accepted + s.agreement_signed)} (dont ${n(s.agreement_signed)} convention(s) acceptée(s)), liste d'attente ${n(s.waiting_list)}, non retenus ${n(s.rejected)}`,
    `Écoles : ${n(r.schools)} dans ${n(r.communes)} communes ; lignes de budget : ${n(r.lines)} ; événements d'historique : ${n(r.events)}`,
    `Dépenses présentées : ${formatEuros(r.askedCents)} (équipement ${formatEuros(r.equipmentCents)}, services ${formatEuros(r.servicesCents)}), ` +
      `soit ${formatEuros(Math.round(r.askedCents / Math.max(1, r.dossiers)))} par dossier en moyenne`,
    `Subvention calculée par le moteur : ${formatEuros(r.grantCents)} (${rate.toLocaleString('fr-FR', { maximumFractionDigits: 1 })} % des dépenses), ` +
      `dont ${formatEuros(r.demandCents)} pour les dossiers déposés`,
    `Plus gros dossier : ${r.largest.reference} (${r.largest.name}, ${n(r.largest.schools)} écoles) : ${formatEuros(r.largest.askedCents)} de dépenses, ${formatEuros(r.largest.grantCents)} de subvention`,
    `Enveloppes des académies : ${formatEuros(envelopes)}` +
      (r.demoEnvelopeCents > 0 ? ` (dont ${formatEuros(r.demoEnvelopeCents)} fixés par la démonstration : l'enveloppe de l'appel rapportée à la demande comme en 2021, 105 M€ pour environ 165 M€ demandés, répartie selon la demande de chaque académie, à ±10 % près)` : '') +
      ` ; ${n(waves)} vagues, ${formatEuros(committed)} alloués (${pct(committed, envelopes)}).`,
    'Vagues par académie (enveloppe ; vague : retenus / liste d\'attente / non retenus, montant alloué ; part de l\'enveloppe engagée) :',
    ...r.academies.map((a) => `  ${a.name} (${a.code}) : ${formatEuros(a.envelopeCents)} ; ` +
      (a.waves.length === 0 ? 'aucune vague' : a.waves.map((w) => `vague ${w.number} du ${formatParis(w.decidedAt, 'day')} : ${n(w.accepted)} / ${n(w.waiting)} / ${n(w.rejected)}, ${formatEuros(w.allocatedCents)}`).join(' ; ')) +
      ` ; ${pct(a.committedCents, a.envelopeCents)} engagés`),
    'Les dossiers déposés ont leur version figée (JSON canonique et SHA-256) mais pas d’accusé de dépôt PDF ; seules les conventions acceptées ont leur PDF.',
    'Aucun courriel n’est envoyé pour les dossiers fictifs (dépôt, compléments, décisions).',
    `Durée : ${r.seconds.toLocaleString('fr-FR', { maximumFractionDigits: 1 })} s`,
  ];
}

export function registerDemo(program: Command): void {
  program.command('demo')
    .description('Remplir la base avec une campagne de démonstration (données fictives sur les vraies communes, EPCI et écoles), ' +
      'puis créer ou renouveler les quelques comptes de démonstration.')
    .option('--national', 'campagne nationale : environ 7 200 dossiers et 12 700 écoles, répartis comme les résultats de 2021, instruits et décidés par vagues dans l’enveloppe de chaque académie')
    .option('--seed <N>', `graine du tirage : la même graine donne la même campagne (${DEFAULT_SEED} par défaut)`, parseSeed)
    .option('--reset', 'supprimer d’abord la campagne de démonstration déjà présente (sans cette option, elle est refusée)')
    .option('--sans-comptes', 'ne pas créer les comptes de démonstration')
    .action(async (opts: { national?: boolean; seed?: number; reset?: boolean; sansComptes?: boolean }) => {
      if (!opts.national) throw new Error('Précisez la campagne à créer : socle demo --national (voir socle demo --help).');
      const settings = readSettings();
      const db = openDb(settings);
      try {
        say(`Base de données : ${db.describe}`);
        const applied = await migrate(db);
        if (applied.length > 0) say(`Migrations appliquées : ${applied.join(', ')}`);
        // Refuse before touching anything (the demo accounts' passwords included).
        await checkDemoPreconditions(db, { reset: opts.reset });
        // The demo accounts first: the demo applicant's commune (Rennes) stays free for the demo journey.
        const accounts = opts.sansComptes ? [] : await resetDemoAccounts(db, new Date());
        say('Création de la campagne nationale de démonstration (données fictives)…');
        const report = await generateNationalDemo(db, { dataDir: settings.dataDir, seed: opts.seed, reset: opts.reset, log: say });
        say('');
        for (const line of describeDemo(report)) say(line);
        if (accounts.length > 0) {
          say('');
          say('Comptes de démonstration (mots de passe tirés au hasard à chaque lancement) :');
          for (const a of accounts) say(`  ${a.label.padEnd(36)} ${a.email.padEnd(40)} ${a.password}`);
        }
      } catch (e) {
        if (e instanceof DemoCampaignExistsError || e instanceof DemoReferenceMissingError) {
          say(e.message);
          process.exitCode = 1;
          return;
        }
        throw e;
      } finally {
        await db.close();
      }
    });
}
