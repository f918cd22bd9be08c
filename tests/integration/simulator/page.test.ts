// The public simulator /simulateur on real reference data, on SQLite and PostgreSQL: choose a real
// commune, its two real schools prefilled, French amounts read exactly, the grant per volet and per
// school, the findings and « Pourquoi ce montant ? », a shareable URL, French messages next to the field.
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/domain/funding';
import { formatEuros } from '../../../src/domain/money';
import { dialects } from '../../support/databases';
import { appOnImported, textOf } from '../web/support';

// Argentré-du-Plessis (35006): two real schools in the reference data, with pupils and classes.
const COMMUNE = '35006';
const SCHOOLS = [
  { uai: '0352129Z', pupils: 217, classes: 12, name: 'Ecole primaire privée La Salle St Joseph' },
  { uai: '0351633K', pupils: 174, classes: 12, name: 'Ecole primaire publique Jean-Louis Etienne' },
];
const flat = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ').replace(/ ,/g, ',');

/** The value of the input of this id, as rendered ('' when empty), or undefined when there is no such input. */
function inputValue(html: string, id: string): string | undefined {
  const tag = new RegExp(`<input[^>]* id="${id}"[^>]*>`).exec(html)?.[0];
  if (tag === undefined) return undefined;
  return /\svalue="([^"]*)"/.exec(tag)?.[1].replace(/&amp;/g, '&') ?? '';
}
const resultHidden = (html: string) => /<section aria-labelledby="resultat-titre" id="resultat" class="fr-mt-6w" hidden[\s=>]/.test(html);
const eur = (cents: number) => flat(formatEuros(cents));

function simulatorUrl(values: { equipement: string; services: string; classes?: string; eleves?: string }[], extra = ''): string {
  const p = new URLSearchParams({ commune: COMMUNE });
  SCHOOLS.forEach((s, i) => {
    p.append('uai', s.uai);
    p.append('classes', values[i].classes ?? String(s.classes));
    p.append('eleves', values[i].eleves ?? String(s.pupils));
    p.append('equipement', values[i].equipement);
    p.append('services', values[i].services);
  });
  return `/simulateur?${p.toString()}${extra}`;
}

describe.each(dialects)('the simulator on %s', (dialect) => {
  const { get } = appOnImported(dialect);

  it('starts with a territory search form that works without JavaScript', async () => {
    const res = await get('/simulateur');
    expect(res.statusCode).toBe(200);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.body).toMatch(/<form method="get" action="\/simulateur"[^>]*role="search"/);
    expect(res.body).toContain('name="q"');
    expect(textOf(res.body)).toContain('Simuler la subvention');
    expect(res.body).toMatch(/<script type="module" src="\/assets\/simulateur\/simulateur\.js\?v=\w+"><\/script>/);
  });

  it('a search lists matching communes and EPCI to choose from; a suggestion or a code goes straight to it', async () => {
    const res = await get('/simulateur?q=argentre');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`href="/simulateur?commune=${COMMUNE}"`);
    expect(res.body).toContain('href="/simulateur?commune=53007"');
    expect(textOf(res.body)).toMatch(/Argentré-du-Plessis – commune, Ille-et-Vilaine \(35\)/);
    const epci = await get('/simulateur?q=rennes+metropole');
    expect(epci.body).toContain('href="/simulateur?epci=243500139"');
    for (const q of ['Argentré-du-Plessis (35006)', '35006']) {
      const r = await get(`/simulateur?q=${encodeURIComponent(q)}`);
      expect(r.statusCode).toBe(303);
      expect(r.headers.location).toBe(`/simulateur?commune=${COMMUNE}`);
    }
    const none = await get('/simulateur?q=zzzqqq');
    expect(textOf(none.body)).toContain('Aucune commune ni intercommunalité ne correspond à « zzzqqq »');
  });

  it('a commune lists its real schools with pupils and classes prefilled and empty amounts', async () => {
    const res = await get(`/simulateur?commune=${COMMUNE}`);
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    expect(text).toContain('Argentré-du-Plessis');
    for (const [i, s] of SCHOOLS.entries()) {
      expect(text).toContain(s.name);
      expect(res.body).toContain(`<input type="hidden" name="uai" value="${s.uai}"/>`);
      expect(inputValue(res.body, `classes-${i}`)).toBe(String(s.classes));
      expect(inputValue(res.body, `eleves-${i}`)).toBe(String(s.pupils));
      expect(inputValue(res.body, `equipement-${i}`)).toBe('');
      expect(inputValue(res.body, `services-${i}`)).toBe('');
    }
    expect(resultHidden(res.body)).toBe(true);
  });

  it('the submitted form shows the grant per volet and per school, findings and the explanation, exactly', async () => {
    const res = await get(simulatorUrl([{ equipement: '20 000', services: '3 000' }, { equipement: '2500', services: '1500,50' }]));
    expect(res.statusCode).toBe(200);
    const outcome = simulate({
      call: 'snee-2021',
      schools: [
        { uai: '0352129Z', commune: COMMUNE, classes: 12, pupils: 217, equipmentCents: 2_000_000, servicesCents: 300_000 },
        { uai: '0351633K', commune: COMMUNE, classes: 12, pupils: 174, equipmentCents: 250_000, servicesCents: 150_050 },
      ],
    });
    if (!outcome.ok) throw new Error(outcome.error.error);
    const r = outcome.result;
    const text = flat(textOf(res.body));
    expect(r.grantCents).toBe(1_550_000);
    expect(text).toContain(`Subvention totale ${eur(r.grantCents)}`);
    expect(text).toContain(`Équipement (volet 1) ${eur(r.equipment.grantCents)} Dépenses ${eur(r.equipment.spendingCents)}, éligibles ${eur(r.equipment.eligibleCents)}`);
    expect(text).toContain(`Services et ressources (volet 2) ${eur(r.services.grantCents)} Dépenses ${eur(r.services.spendingCents)}`);
    expect(text).toContain(`Non (sous le minimum)`);
    expect(res.body).toContain('data-code="SCHOOL_BELOW_MINIMUM"');
    expect(text).toContain('Pourquoi ce montant ?');
    for (const e of r.explanation) expect(text).toContain(flat(e.text));
    // The share link reproduces the simulation.
    expect(resultHidden(res.body)).toBe(false);
    const link = inputValue(res.body, 'lien');
    expect(link).toMatch(/^http:\/\/localhost(:\d+)?\/simulateur\?commune=35006&uai=0352129Z&/);
    const again = await get(new URL(link!).pathname + new URL(link!).search);
    expect(flat(textOf(again.body))).toContain(`Subvention totale ${eur(r.grantCents)}`);
  });

  it('French amounts are read into exact cents: « 3 500,07 € » is 350 007 cents', async () => {
    const res = await get(simulatorUrl([{ equipement: '3 500,07 €', services: '0,01' }, { equipement: '', services: '' }]));
    expect(res.statusCode).toBe(200);
    const text = flat(textOf(res.body));
    expect(text).toContain(`Dépenses ${eur(350_007)}`);
    expect(text).toContain(`Dépenses ${eur(1)}`);
    expect(text).toContain('1 école sans montant saisi n’est pas comptée');
  });

  it('an unreadable amount gets a French message naming the field, next to it, and no result', async () => {
    const res = await get(simulatorUrl([{ equipement: '3.500', services: 'beaucoup' }, { equipement: '-5', services: '10', classes: '0' }]));
    expect(res.statusCode).toBe(400);
    const text = textOf(res.body);
    expect(text).toMatch(/^Erreur : Simuler la subvention/);
    const field = /<input[^>]* id="equipement-0"[^>]*>/.exec(res.body)![0];
    expect(field).toContain('aria-invalid="true"');
    expect(field).toContain('aria-describedby="equipement-0-erreur"');
    expect(res.body).toContain('<p class="fr-error-text" id="equipement-0-erreur">Équipement (volet 1) – Ecole primaire privée La Salle St Joseph : au plus deux chiffres après la virgule');
    expect(text).toContain('Services et ressources (volet 2) – Ecole primaire privée La Salle St Joseph : « beaucoup » n’est pas un montant en euros');
    expect(text).toContain('Équipement (volet 1) – Ecole primaire publique Jean-Louis Etienne : le montant ne peut pas être négatif');
    expect(text).toContain('Nombre de classes – Ecole primaire publique Jean-Louis Etienne : saisissez un nombre entier supérieur ou égal à 1');
    expect(res.body).toContain('href="#equipement-0"');
    expect(resultHidden(res.body)).toBe(true);
    // What was typed is given back to be corrected.
    expect(inputValue(res.body, 'services-0')).toBe('beaucoup');
    expect(inputValue(res.body, 'equipement-1')).toBe('-5');
  });

  it('long inputs and missing counts are French messages, never a 500', async () => {
    const long = '9'.repeat(5000);
    const res = await get(simulatorUrl([{ equipement: long, services: '1', classes: '' }, { equipement: '1e6', services: '' }]));
    expect(res.statusCode).toBe(400);
    const text = textOf(res.body);
    expect(text).toContain('montant trop long');
    expect(text).toContain('« 1e6 » n’est pas un montant en euros');
    expect(res.body).not.toContain(long);
    const missing = await get(simulatorUrl([{ equipement: '5000', services: '500', classes: '', eleves: '' }, { equipement: '', services: '' }]));
    expect(missing.statusCode).toBe(400);
    expect(textOf(missing.body)).toContain('indiquez le nombre de classes');
    expect(textOf(missing.body)).toContain('indiquez le nombre d’élèves');
    const huge = await get(simulatorUrl([{ equipement: '1 000 000 000 000', services: '1' }, { equipement: '', services: '' }]));
    expect(textOf(huge.body)).toContain('montant trop élevé');
    for (const url of ['/simulateur?commune=99999', '/simulateur?epci=12', `/simulateur?q=${'x'.repeat(3000)}`, '/simulateur?uai=bad&classes=1', '/simulateur?commune=35006&commune=%FF']) {
      const r = await get(url);
      expect(r.statusCode, url).toBeLessThan(500);
      expect(r.headers['content-type'], url).toBe('text/html; charset=utf-8');
    }
  });

  it('a school is added by its UAI, with its data prefilled; a wrong UAI gets a message', async () => {
    const res = await get(`/simulateur?commune=${COMMUNE}&ajout=0350121s`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<input type="hidden" name="uai" value="0350121S"/>');
    expect(inputValue(res.body, 'eleves-2')).toBe('88');
    expect(inputValue(res.body, 'lien')).toContain('uai=0350121S');
    const bad = await get(`/simulateur?commune=${COMMUNE}&ajout=0350121A`);
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad.body)).toContain('« 0350121A » n’est pas un UAI valide');
    const twice = await get(`/simulateur?commune=${COMMUNE}&ajout=0352129Z`);
    expect(textOf(twice.body)).toContain('L’école 0352129Z figure déjà dans la liste');
  });

  it('an EPCI lists the schools of its member communes, each with its own commune for the tiers', async () => {
    // Vitré Communauté (200039022): 62 schools, among them those of Argentré-du-Plessis and Bais (35014).
    const res = await get('/simulateur?epci=200039022');
    expect(res.statusCode).toBe(200);
    expect(res.body.match(/<input type="hidden" name="uai"/g)).toHaveLength(62);
    expect(res.body).toMatch(/data-uai="0352129Z" data-commune="35006"/);
    expect(res.body).toMatch(/data-uai="0350121S" data-commune="35014"/);
  });

  it('an EPCI with more schools than one simulation takes lists its communes to simulate instead', async () => {
    const res = await get('/simulateur?epci=200054781'); // Métropole du Grand Paris, about 2 000 schools
    expect(res.statusCode).toBe(200);
    expect(textOf(res.body)).toContain('Trop d’écoles pour une seule simulation');
    expect(res.body).toContain('href="/simulateur?commune=75056"');
    expect(res.body).not.toContain('name="uai"');
  });

  it('serves its script, the shared parser and the stylesheet with their types', async () => {
    for (const [file, type] of [['simulateur.js', 'text/javascript'], ['form.js', 'text/javascript'], ['simulateur.css', 'text/css']]) {
      const res = await get(`/assets/simulateur/${file}`);
      expect(res.statusCode, file).toBe(200);
      expect(res.headers['content-type']).toBe(`${type}; charset=utf-8`);
      expect(res.headers.etag).toBeTruthy();
    }
    expect((await get('/assets/simulateur/simulateur.css')).body).toContain('@media print');
    expect((await get('/assets/simulateur/nothing.js')).statusCode).toBe(404);
  });
});
