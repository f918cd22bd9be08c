// The OpenAPI 3.1 document of the public API (GET /api/openapi.json). The examples are computed by
// the engine itself when the document is built, from inputs of the public vectors
// (tests/vectors/snee-2021-funding.json), so that they are always the true answers.
import { listCalls } from '../../domain/calls';
import { FINDING_CODES, simulate } from '../../domain/funding';
import { API_BODY_LIMIT, PROBLEM_TYPES } from './problems';

const cents = (description: string) => ({ type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description });
const count = (description: string) => ({ type: 'integer', minimum: 1, description });

const EXAMPLE_INPUTS = {
  'une-classe': {
    summary: 'Une classe au minimum : 2 450 € d’équipement',
    value: { call: 'snee-2021', schools: [{ uai: '0170382Y', commune: '17196', classes: 1, pupils: 25, equipmentCents: 350000, servicesCents: 50000 }] },
  },
  'petite-commune': {
    summary: 'Petite commune : 5 classes, 20 000 € d’équipement, 2 000 € de services',
    value: { call: 'snee-2021', schools: [{ uai: '0290734R', commune: '29298', classes: 5, pupils: 120, equipmentCents: 2000000, servicesCents: 200000 }] },
  },
  'en-lignes': {
    summary: 'Dépenses données en lignes plutôt qu’en totaux',
    value: {
      call: 'snee-2021',
      schools: [{
        uai: '0350001L', commune: '35238', classes: 3, pupils: 70,
        equipment: [{ label: 'Tablettes', category: 'tablette', quantity: 10, unitCents: 35000 }, { label: 'Vidéoprojecteur', quantity: 1, unitCents: 90000 }],
        services: [{ label: 'Ressources numériques (2 ans)', quantity: 1, unitCents: 120000 }],
      }],
    },
  },
} as const;

const INVALID_EXAMPLE = { call: 'snee-2021', schools: [{ uai: '0350001A', classes: 0, pupils: 20, equipmentCents: 350000, servicesCents: -5 }] };

function resultExamples() {
  const out: Record<string, { summary: string; value: unknown }> = {};
  for (const [key, example] of Object.entries(EXAMPLE_INPUTS)) {
    const outcome = simulate(example.value);
    if (!outcome.ok) throw new Error(`Exemple OpenAPI invalide « ${key} » : ${outcome.error.error}`);
    out[key] = { summary: example.summary, value: outcome.result };
  }
  return out;
}

function invalidExample() {
  const outcome = simulate(INVALID_EXAMPLE);
  if (outcome.ok) throw new Error('L’exemple d’entrée invalide de l’OpenAPI est accepté.');
  return { type: PROBLEM_TYPES.invalidInput, title: 'Entrée invalide', status: 400, ...outcome.error };
}

const problemSchema = (description: string) => ({
  type: 'object',
  description,
  required: ['type', 'title', 'status', 'error', 'fields'],
  properties: {
    type: { type: 'string', description: 'Type du problème (RFC 9457), un URN stable.' },
    title: { type: 'string', description: 'Intitulé court du problème, en français.' },
    status: { type: 'integer', description: 'Code HTTP.' },
    error: { type: 'string', description: 'Message en français : le même que celui de `socle simulate`.' },
    fields: {
      type: 'array',
      description: 'Un message par champ à corriger (vide quand le problème ne tient pas à un champ).',
      items: {
        type: 'object',
        required: ['path', 'message'],
        additionalProperties: false,
        properties: {
          path: { type: 'string', description: 'Chemin du champ, par exemple `schools[0].classes` ; vide pour l’entrée entière.' },
          message: { type: 'string', description: 'Ce qui ne va pas et comment le corriger, en français.' },
        },
      },
    },
  },
});

const jsonProblem = (description: string, example?: unknown) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Problem' }, ...(example ? { example } : {}) } },
});

export function buildOpenApiDocument(): Record<string, unknown> {
  const calls = listCalls().map((c) => c.id);
  const line = {
    type: 'object',
    required: ['label', 'quantity', 'unitCents'],
    additionalProperties: false,
    properties: {
      label: { type: 'string', minLength: 1, description: 'Libellé de la dépense.' },
      category: { type: 'string', description: 'Catégorie (par exemple un code du référentiel).' },
      quantity: count('Quantité.'),
      unitCents: cents('Prix unitaire en centimes.'),
    },
  };
  const volet = {
    type: 'object',
    required: ['spendingCents', 'eligibleCents', 'grantCents'],
    properties: {
      spendingCents: cents('Dépenses déclarées, en centimes.'),
      eligibleCents: cents('Montant éligible après plafonds, en centimes.'),
      grantCents: cents('Subvention, en centimes.'),
    },
  };
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    info: {
      title: 'API du socle numérique',
      version: '1.0.0',
      summary: 'Simuler la subvention de l’appel à projets « Socle numérique dans les écoles élémentaires ».',
      description:
        'Le même contrat que la commande `socle simulate` : les mêmes règles, le même JSON en entrée et en sortie, ' +
        'les mêmes messages d’erreur. Tous les montants sont des entiers en centimes d’euros. Sans état : ni cookie, ' +
        'ni session, ni jeton CSRF ; rien n’est enregistré.',
      license: { name: 'Licence Ouverte 2.0', url: 'https://github.com/etalab/licence-ouverte/blob/master/LO.md' },
    },
    servers: [{ url: '/', description: 'Ce serveur' }],
    tags: [{ name: 'simulations', description: 'Calcul de la subvention d’un dossier' }],
    paths: {
      '/api/v1/simulations': {
        post: {
          operationId: 'createSimulation',
          tags: ['simulations'],
          summary: 'Simuler la subvention d’un dossier',
          description:
            'Calcule, pour les écoles d’un dossier, la subvention par volet, par école et par commune, les constats ' +
            '(bloquants ou avertissements) et l’explication de chaque montant (« Pourquoi ce montant ? »). ' +
            `Corps JSON de ${Math.round(API_BODY_LIMIT / 1024)} Kio au plus.`,
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/SimulationInput' }, examples: EXAMPLE_INPUTS } },
          },
          responses: {
            200: {
              description: 'La simulation.',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/SimulationResult' }, examples: resultExamples() } },
            },
            400: jsonProblem('Entrée invalide (règles ci-dessus, JSON illisible, appel inconnu) : le corps d’erreur de `socle simulate`, avec `type`, `title` et `status` en plus.', invalidExample()),
            413: jsonProblem('Corps de requête trop volumineux.'),
            415: jsonProblem('Le corps n’est pas envoyé en `application/json`.'),
            500: jsonProblem('Erreur interne (sans détail technique).'),
          },
        },
      },
    },
    components: {
      schemas: {
        SimulationInput: {
          type: 'object',
          required: ['call', 'schools'],
          additionalProperties: false,
          properties: {
            call: { type: 'string', enum: calls, description: 'Identifiant de l’appel à projets.' },
            schools: {
              type: 'array',
              minItems: 1,
              description: 'Les écoles du dossier ; une UAI au plus une fois.',
              items: { $ref: '#/components/schemas/SchoolInput' },
            },
          },
        },
        SchoolInput: {
          type: 'object',
          required: ['classes', 'pupils'],
          additionalProperties: false,
          description: 'Une école : chaque volet en total (`equipmentCents`, `servicesCents`) ou en lignes (`equipment`, `services`), pas les deux.',
          properties: {
            uai: { type: 'string', pattern: '^[0-9]{7}[A-Z]$', description: 'UAI de l’école (lettre de contrôle vérifiée) ; une étiquette, non recherchée.' },
            name: { type: 'string', description: 'Nom de l’école (étiquette).' },
            commune: { type: 'string', pattern: '^([0-9]{5}|2[AB][0-9]{3})$', description: 'Code INSEE de la commune ; les écoles sont groupées par ce code pour les tranches.' },
            classes: count('Nombre de classes de cycles 2 et 3.'),
            pupils: count('Nombre d’élèves.'),
            equipmentCents: cents('Dépenses d’équipement (volet 1), en centimes.'),
            servicesCents: cents('Dépenses de services et ressources (volet 2) sur deux ans, en centimes.'),
            equipment: { type: 'array', items: { $ref: '#/components/schemas/SpendingLine' }, description: 'Lignes du volet 1, au lieu de `equipmentCents`.' },
            services: { type: 'array', items: { $ref: '#/components/schemas/SpendingLine' }, description: 'Lignes du volet 2, au lieu de `servicesCents`.' },
          },
          allOf: [
            { not: { required: ['equipmentCents', 'equipment'] } },
            { not: { required: ['servicesCents', 'services'] } },
            { anyOf: [{ required: ['equipmentCents'] }, { required: ['equipment'] }] },
            { anyOf: [{ required: ['servicesCents'] }, { required: ['services'] }] },
          ],
        },
        SpendingLine: line,
        Volet: volet,
        SimulationResult: {
          type: 'object',
          required: ['call', 'amountBasis', 'grantCents', 'equipment', 'services', 'schools', 'communes', 'findings', 'explanation'],
          properties: {
            call: { type: 'string' },
            amountBasis: { type: 'string', enum: ['TTC', 'HT'], description: 'Base des montants.' },
            grantCents: cents('Subvention totale, en centimes.'),
            equipment: { $ref: '#/components/schemas/Volet', description: 'Volet 1 ; `eligibleCents` est la somme des bases des communes.' },
            services: { $ref: '#/components/schemas/Volet', description: 'Volet 2 ; `eligibleCents` est le montant après plafond par élève.' },
            schools: { type: 'array', items: { $ref: '#/components/schemas/SchoolResult' } },
            communes: { type: 'array', items: { $ref: '#/components/schemas/CommuneResult' } },
            findings: { type: 'array', items: { $ref: '#/components/schemas/Finding' } },
            explanation: { type: 'array', items: { $ref: '#/components/schemas/ExplanationEntry' } },
          },
        },
        SchoolResult: {
          type: 'object',
          required: ['classes', 'pupils', 'eligible', 'equipment', 'services'],
          properties: {
            uai: { type: 'string' },
            commune: { type: 'string' },
            classes: { type: 'integer' },
            pupils: { type: 'integer' },
            eligible: { type: 'boolean', description: 'Faux quand l’école est sous le minimum d’équipement : elle est exclue des deux volets.' },
            equipment: { $ref: '#/components/schemas/Volet' },
            services: { $ref: '#/components/schemas/Volet' },
          },
        },
        CommuneResult: {
          type: 'object',
          required: ['commune', 'retainedSchools', 'eligibleCents', 'baseCents', 'grantCents'],
          properties: {
            commune: { type: ['string', 'null'], description: 'Code INSEE ; null pour les écoles données sans commune.' },
            retainedSchools: { type: 'integer', minimum: 0 },
            eligibleCents: cents('Somme des montants éligibles des écoles retenues.'),
            baseCents: { type: ['integer', 'null'], minimum: 0, description: 'Base de la commune (null quand les tranches portent sur le dossier).' },
            grantCents: { type: ['integer', 'null'], minimum: 0, description: 'Subvention d’équipement de la commune.' },
          },
        },
        Finding: {
          type: 'object',
          required: ['code', 'severity', 'message'],
          properties: {
            code: { type: 'string', enum: [...FINDING_CODES] },
            severity: { type: 'string', enum: ['blocking', 'warning'] },
            uai: { type: 'string' },
            commune: { type: 'string' },
            school: { type: 'integer', minimum: 0, description: 'Rang de l’école concernée dans `schools`.' },
            message: { type: 'string', description: 'Message en français.' },
          },
        },
        ExplanationEntry: {
          type: 'object',
          required: ['rule', 'label', 'inputs', 'resultCents', 'text'],
          properties: {
            rule: { type: 'string', enum: ['school-minimum', 'equipment-class-cap', 'equipment-base', 'equipment-tiers', 'services-pupil-cap', 'services-rate', 'grant-total'] },
            label: { type: 'string' },
            inputs: { type: 'object', additionalProperties: { type: ['number', 'string', 'null'] } },
            resultCents: { type: 'integer' },
            text: { type: 'string', description: 'L’étape en une phrase, en français.' },
          },
        },
        Problem: problemSchema('Erreur : problème JSON (RFC 9457) portant aussi les clés `error` et `fields` de `socle simulate`.'),
      },
    },
  };
}
