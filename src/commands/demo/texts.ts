// Words of the synthetic campaign: names of fictitious people and the French texts of projects,
// budget lines and reviewers' messages. Every person and text here is invented.
import type { ObjectiveCode } from '../../domain/objectives';
import type { Rng } from './random';

const FIRST_NAMES = [
  'Camille', 'Dominique', 'Claude', 'Sophie', 'Nathalie', 'Isabelle', 'Sylvie', 'Catherine', 'Valérie', 'Sandrine',
  'Christophe', 'Stéphane', 'Philippe', 'Laurent', 'Frédéric', 'Olivier', 'Nicolas', 'Thierry', 'Éric', 'David',
  'Aurélie', 'Céline', 'Émilie', 'Julie', 'Marion', 'Anne', 'Hélène', 'Agnès', 'Martine', 'Véronique',
  'Julien', 'Sébastien', 'Mathieu', 'Guillaume', 'Jérôme', 'Pascal', 'Bruno', 'Yannick', 'Gaëlle', 'Maëlle',
  'Karim', 'Nadia', 'Samira', 'Mehdi', 'Léa', 'Manon', 'Thomas', 'Antoine', 'Pauline', 'Élodie',
];

const LAST_NAMES = [
  'Martin', 'Bernard', 'Thomas', 'Petit', 'Robert', 'Richard', 'Durand', 'Dubois', 'Moreau', 'Laurent',
  'Simon', 'Michel', 'Lefèvre', 'Leroy', 'Roux', 'David', 'Bertrand', 'Morel', 'Fournier', 'Girard',
  'Bonnet', 'Dupont', 'Lambert', 'Fontaine', 'Rousseau', 'Vincent', 'Muller', 'Lefebvre', 'Faure', 'André',
  'Mercier', 'Blanc', 'Guérin', 'Boyer', 'Garnier', 'Chevalier', 'François', 'Legrand', 'Gauthier', 'Garcia',
  'Perrin', 'Robin', 'Clément', 'Morin', 'Nicolas', 'Henry', 'Roussel', 'Mathieu', 'Gautier', 'Masson',
  'Le Gall', 'Le Goff', 'Kerjean', 'Etcheverry', 'Lopez', 'Benali', 'Haddad', 'Nguyen', 'Rakotomalala', 'Hoarau',
];

export function personName(rng: Rng): string {
  return `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
}

/** Objectives' texts: how the project pursues each objective (one of a few wordings). */
const OBJECTIVE_TEXTS: Readonly<Record<ObjectiveCode, readonly string[]>> = {
  FUNDAMENTALS: [
    'Les tablettes et les ressources de lecture et de calcul permettent des ateliers en petits groupes et une différenciation au quotidien en CP et CE1.',
    'Les applications d’entraînement à la fluence et au calcul mental sont utilisées en ateliers tournants ; les enseignants suivent les progrès de chaque élève.',
  ],
  INCLUSION: [
    'Les outils numériques (synthèse vocale, agrandissement, casques) accompagnent les élèves à besoins éducatifs particuliers, en lien avec l’ULIS et les AESH.',
    'Les équipements mobiles facilitent l’adaptation des supports pour les élèves en situation de handicap ou allophones.',
  ],
  DIGITAL_SKILLS: [
    'Un parcours de compétences numériques du CP au CM2, aligné sur le cadre de référence (CRCN), avec une attestation Pix en fin de CM2.',
    'Initiation à la programmation, à la recherche d’informations et à la citoyenneté numérique dans chaque classe du cycle 3.',
  ],
  OUT_OF_SCHOOL_SUPPORT: [
    'L’aide aux devoirs du soir s’appuie sur l’ENT et sur les ressources en ligne, accessibles depuis la maison.',
    'Les élèves retrouvent leurs exercices et les capsules vidéo des enseignants sur l’ENT en dehors du temps scolaire.',
  ],
  FAMILIES: [
    'L’ENT devient le canal unique d’information entre l’école et les familles (cahier de liaison numérique, messagerie, actualités).',
    'Des ateliers parents sont organisés pour accompagner les familles dans l’usage de l’ENT et des outils de suivi.',
  ],
  EDUCATIONAL_ACTIVITIES: [
    'Le projet s’inscrit dans le projet éducatif de territoire (PEDT) : les animateurs périscolaires utilisent les équipements lors d’ateliers numériques.',
    'Les activités périscolaires prolongent les apprentissages avec des ateliers de robotique et de création multimédia.',
  ],
  DIGITAL_USES: [
    'Les classes produisent des reportages photo et vidéo, des podcasts et des livres numériques partagés avec les familles.',
    'Les usages numériques sont intégrés au projet d’école : classe inversée, travail collaboratif, correspondance scolaire en visioconférence.',
  ],
  ENT: [
    'Déploiement de l’ENT du premier degré de l’académie pour l’ensemble des classes, des enseignants et des familles.',
    'Mise en place d’une plateforme collaborative commune aux écoles du territoire, interconnectée avec l’ENT du collège de secteur.',
  ],
  BASELINE_EVERYWHERE: [
    'Toutes les écoles élémentaires de la collectivité atteignent le socle numérique de base à l’issue du projet.',
    'Le projet complète les équipements existants pour que chaque classe dispose du socle numérique de base.',
  ],
  LENDING_POOL: [
    'La flotte mobile peut être prêtée aux familles non équipées en cas de fermeture de classe, selon une convention de prêt.',
    'Un parc de tablettes est réservé au prêt aux familles en cas de besoin, avec un registre tenu par la direction d’école.',
  ],
};

export function objectiveText(rng: Rng, code: ObjectiveCode): string {
  return rng.pick(OBJECTIVE_TEXTS[code]);
}

export function projectSummary(rng: Rng, applicant: string, schools: number, communes: number): string {
  const scope = schools === 1 ? 'de son école élémentaire' : `de ses ${schools} écoles${communes > 1 ? ` réparties sur ${communes} communes` : ''}`;
  const opening = rng.pick([
    `${applicant} engage un projet d’équipement numérique ${scope}, construit avec les équipes pédagogiques à partir d’un diagnostic partagé.`,
    `Le projet de ${applicant} vise à doter ${schools === 1 ? 'son école' : 'ses écoles'} du socle numérique de base, en concertation avec les directeurs d’école, l’IEN et l’ERUN de la circonscription.`,
    `À la suite des périodes de confinement, ${applicant} souhaite réduire la fracture numérique en équipant ${scope.replace(/^de /, '')}.`,
  ]);
  const middle = rng.pick([
    'Chaque classe sera équipée d’un système de projection collective et d’un ordinateur pour l’enseignant ; une flotte de tablettes sera partagée entre les classes.',
    'Le câblage et le Wi-Fi seront mis à niveau afin que toutes les classes disposent d’un accès à Internet fiable ; des équipements mobiles compléteront l’ensemble.',
    'Les équipements existants, vieillissants, seront remplacés par des écrans numériques interactifs et des ordinateurs portables pour les enseignants.',
  ]);
  const closing = rng.pick([
    'Les services numériques (ENT, ressources pédagogiques) sont prévus pour deux années scolaires.',
    'L’abonnement à l’ENT et aux ressources numériques couvre les deux prochaines années scolaires.',
    'Un comité de suivi réunissant la collectivité et les équipes se réunira chaque trimestre.',
  ]);
  return `${opening} ${middle} ${closing}`;
}

export function lendingPlan(rng: Rng): string {
  return rng.pick([
    'Les tablettes de la flotte mobile peuvent être prêtées aux familles non équipées sur demande de la direction d’école, avec une convention de prêt signée par les responsables légaux.',
    'En cas de fermeture de classe ou de besoin identifié par l’enseignant, la collectivité prête un équipement mobile configuré, pour la durée nécessaire, contre une attestation de remise.',
    'Un tiers de la flotte mobile est réservé au prêt aux familles ; la direction d’école tient le registre des prêts et des retours.',
  ]);
}

export function supportText(rng: Rng): string {
  return rng.pick([
    'Formation des enseignants à la prise en main des équipements par l’ERUN de la circonscription (deux demi-journées), puis accompagnement dans les classes.',
    'Animations pédagogiques de circonscription consacrées aux usages du numérique ; accompagnement individualisé par l’ERUN et l’équipe de la DRANE.',
    'Parcours de formation hybride M@gistère, complété par des ateliers de prise en main animés par l’ERUN à l’installation des équipements.',
  ]);
}

export function returnMessage(rng: Rng, schoolName: string): string {
  return rng.pick([
    `Bonjour, merci de joindre les devis correspondant aux équipements prévus pour l’école ${schoolName} et de préciser le nombre de classes concernées.`,
    `Bonjour, le budget de l’école ${schoolName} prévoit des équipements au-delà du plafond par classe : pouvez-vous confirmer les quantités ou les ajuster ?`,
    'Bonjour, merci de préciser le plan de formation (volet 3) avec l’ERUN de la circonscription et le calendrier de déploiement des équipements.',
    'Bonjour, la délibération jointe ne mentionne pas le montant du projet : merci de joindre la délibération complète du conseil.',
  ]);
}

/** Budget lines by item of the référentiel: labels (per alternative when the item has them) and unit prices TTC in euros. */
export const LINE_CATALOGUE: Readonly<Record<string, readonly { label: string; min: number; max: number; alternative?: string }[]>> = {
  CLASS_DISPLAY: [
    { alternative: 'VIDEOPROJECTEUR', label: 'Vidéoprojecteur à focale courte avec support mural et pose', min: 900, max: 1_600 },
    { alternative: 'VPI', label: 'Vidéoprojecteur interactif (VPI) avec tableau blanc et pose', min: 2_200, max: 3_400 },
    { alternative: 'TNI', label: 'Tableau numérique interactif (TNI) avec installation', min: 2_800, max: 4_200 },
    { alternative: 'ENI', label: 'Écran numérique interactif (ENI) 75 pouces sur pied mobile', min: 3_200, max: 5_200 },
  ],
  CLASS_TEACHER_COMPUTER: [{ label: "Ordinateur portable de l'enseignant", min: 650, max: 1_150 }],
  CLASS_INTERNET: [{ label: 'Prise réseau et point de connexion dans la classe', min: 150, max: 450 }],
  CLASS_AUDIO: [{ label: 'Enceintes amplifiées et microphone', min: 120, max: 380 }],
  CLASS_DOCUMENT_CAMERA: [{ label: 'Visualiseur (caméra de documents)', min: 90, max: 260 }],
  CLASS_CAPTURE: [{ label: 'Appareil photo et caméra numérique partagés', min: 180, max: 450 }],
  SCHOOL_MOBILE_POOL: [
    { label: 'Tablette tactile avec coque de protection', min: 280, max: 520 },
    { label: "Ordinateur portable pour les élèves", min: 380, max: 650 },
  ],
  SCHOOL_MOBILE_MANAGEMENT: [{ label: 'Classe mobile : chariot de rangement et de recharge, licence de gestion (MDM)', min: 1_200, max: 2_600 }],
  SCHOOL_WIFI: [{ label: "Borne d'accès Wi-Fi avec interrupteur de coupure, pose comprise", min: 1_200, max: 3_600 }],
  SCHOOL_NETWORK: [{ label: 'Câblage courants faibles et baie de brassage', min: 1_500, max: 7_000 }],
  SCHOOL_BROADBAND: [{ label: 'Raccordement de l’école au très haut débit (fibre)', min: 600, max: 2_500 }],
  SCHOOL_FILTERING: [{ label: 'Pare-feu et solution de filtrage des contenus', min: 400, max: 1_400 }],
  DIRECTION_COMPUTER: [{ label: 'Ordinateur de la direction d’école', min: 700, max: 1_200 }],
  DIRECTION_INTERNET: [{ label: 'Raccordement réseau du bureau de la direction', min: 150, max: 500 }],
  DIRECTION_PRINTER: [{ label: 'Copieur-imprimante-scanner en réseau', min: 600, max: 2_200 }],
  SERVICES_ENT: [{ label: 'Abonnement à l’ENT pour deux années scolaires (par élève)', min: 4, max: 9 }],
  SERVICES_RESOURCES: [{ label: 'Ressources numériques pédagogiques, licences pour deux années scolaires', min: 400, max: 2_400 }],
  SERVICES_OTHER: [{ label: 'Service de partage des travaux d’élèves et de communication avec les familles (deux ans)', min: 200, max: 900 }],
};

/** A reviewer's motivation of a proposal not to retain a dossier (shown to the applicant with the decision). */
export function rejectReason(rng: Rng): string {
  return rng.pick([
    'Les écoles du projet disposent déjà pour l’essentiel du socle numérique de base : le projet relève du renouvellement d’équipements récents, hors des priorités de l’appel à projets.',
    'Le volet 2 (services et ressources numériques) se limite à un abonnement sans usage pédagogique décrit ; le projet ne répond pas aux objectifs de l’appel à projets.',
    'Le projet pédagogique n’a pas été construit avec les équipes des écoles : le diagnostic partagé et les objectifs validés par l’équipe pédagogique font défaut.',
    'Les devis joints ne correspondent pas aux équipements décrits dans le budget, malgré la demande de compléments ; le dossier ne peut pas être retenu en l’état.',
  ]);
}

/** A reviewer's reason for proposing the waiting list. */
export function waitingReason(rng: Rng): string {
  return rng.pick([
    'Projet recevable, de priorité moindre au regard de l’enveloppe de l’académie : à réexaminer lors d’une vague suivante.',
    'Écoles déjà bien équipées selon le diagnostic : à retenir si l’enveloppe le permet après les projets prioritaires.',
    'Dossier complet ; le calendrier de travaux annoncé permet d’attendre la vague suivante.',
  ]);
}
