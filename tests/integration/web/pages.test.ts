// The public pages on real reference data, through Fastify's inject, on SQLite and PostgreSQL.
import { describe, expect, it } from 'vitest';
import { uaiCheckLetter } from '../../../src/domain/identifiers';
import { dialects } from '../../support/databases';
import { appOnImported, resultCount, textOf } from './support';

describe.each(dialects)('public pages on %s', (dialect) => {
  const { get } = appOnImported(dialect);


  it('home explains the call, with dates, envelope, counts and a search form', async () => {
    const res = await get('/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const text = textOf(res.body);
    expect(res.body).toMatch(/^<!DOCTYPE html><html lang="fr">/);
    for (const s of ['Socle numérique', '14 janvier au 31 mars 2021', '105 M€', '115 M€', 'Volet 1', 'Volet 2', 'Volet 3', 'maternelles']) {
      expect(text).toContain(s);
    }
    expect(text).toMatch(/34\s969 communes/);
    expect(text).toMatch(/1\s255 EPCI/);
    expect(res.body).toContain('action="/ecoles"');
    expect(res.body).toContain('name="q"');
  });

  it('layout: skip links, Bloc marque, navigation, mandatory footer links and data attribution', async () => {
    const text = textOf((await get('/ecoles')).body);
    const html = (await get('/ecoles')).body;
    for (const s of ['Aller au contenu', 'Aller au menu', 'Aller au pied de page', 'République française', 'Accessibilité : non conforme', 'Mentions légales', 'Données personnelles']) {
      expect(text).toContain(s);
    }
    expect(text).toContain('Données : ministère de l’Éducation nationale (DEPP), Licence Ouverte 2.0 ; découpage administratif : Etalab');
    expect(html).toContain('id="contenu"');
    expect(html).toContain('id="navigation"');
    expect(html).toContain('id="footer"');
    expect(html).toContain('href="/donnees"');
    expect(html).toMatch(/<script type="module" src="\/dsfr\/dsfr\.module\.min\.js\?v=[\d.]+"><\/script>/);
    expect(html).toMatch(/<script nomodule src="\/dsfr\/dsfr\.nomodule\.min\.js\?v=[\d.]+"><\/script>/i);
  });

  it('search « jules ferry » finds many schools, 20 per page', async () => {
    const res = await get('/ecoles?q=jules+ferry');
    expect(res.statusCode).toBe(200);
    const total = resultCount(res.body);
    expect(total).toBeGreaterThan(100);
    const rows = res.body.match(/<a href="\/ecoles\/\d{7}[A-Z]">/g) ?? [];
    expect(rows).toHaveLength(20);
    expect(textOf(res.body)).toMatch(/JULES FERRY/);
    expect(res.body).toMatch(/<nav role="navigation" class="fr-pagination[ "]/);
  });

  it('accents and case are ignored', async () => {
    const a = resultCount((await get('/ecoles?q=' + encodeURIComponent('ECOLE ÉLÉMENTAIRE'))).body);
    const b = resultCount((await get('/ecoles?q=ecole+elementaire')).body);
    const c = resultCount((await get('/ecoles?q=' + encodeURIComponent('École  élémentaire !'))).body);
    expect(a).toBeGreaterThan(1000);
    expect(b).toBe(a);
    expect(c).toBe(a);
  });

  it('search by UAI (any case) and by commune name', async () => {
    const byUai = await get('/ecoles?q=0691092m');
    expect(resultCount(byUai.body)).toBe(1);
    expect(byUai.body).toContain('href="/ecoles/0691092M"');
    const byCommune = await get('/ecoles?q=' + encodeURIComponent('Denicé'));
    expect(byCommune.body).toContain('href="/ecoles/0691092M"');
    // A commune name ranks schools of that commune before those whose commune merely contains it.
    const rennes = await get('/ecoles?q=rennes');
    const first = /<tr><td[^>]*><a href="\/ecoles\/(\w+)">[^<]*<\/a><\/td><td>\w+<\/td><td><a href="\/communes\/(\w+)">/.exec(rennes.body);
    expect(first?.[2]).toBe('35238');
  });

  it('short terms fall back without an error', async () => {
    const res = await get('/ecoles?q=de');
    expect(res.statusCode).toBe(200);
    const mixed = await get('/ecoles?q=' + encodeURIComponent('st malo'));
    expect(mixed.statusCode).toBe(200);
    expect(resultCount(mixed.body)).toBeGreaterThan(0);
  });

  it('paginates: page 2 differs from page 1, the last page is reachable, out-of-range pages clamp', async () => {
    const p1 = await get('/ecoles?q=jules+ferry');
    const p2 = await get('/ecoles?q=jules+ferry&page=2');
    const uais = (html: string) => [...html.matchAll(/<tr><td[^>]*><a href="\/ecoles\/(\w+)">/g)].map((m) => m[1]);
    expect(uais(p2.body)).toHaveLength(20);
    expect(uais(p2.body).filter((u) => uais(p1.body).includes(u))).toEqual([]);
    expect(p2.body).toMatch(/aria-current="page" title="Page 2"/);
    expect(p2.body).toContain('href="/ecoles?q=jules+ferry&amp;page=3"');
    const total = resultCount(p1.body);
    const last = Math.ceil(total / 20);
    const pLast = await get(`/ecoles?q=jules+ferry&page=${last}`);
    expect(uais(pLast.body)).toHaveLength(total - (last - 1) * 20);
    const beyond = await get('/ecoles?q=jules+ferry&page=99999');
    expect(beyond.statusCode).toBe(200);
    expect(uais(beyond.body)).toEqual(uais(pLast.body));
    const junk = await get('/ecoles?q=jules+ferry&page=abc');
    expect(uais(junk.body)).toEqual(uais(p1.body));
    // Every school appears exactly once across the pages (stable order).
    const seen = new Set<string>();
    for (let p = 1; p <= last; p++) for (const u of uais((await get(`/ecoles?q=jules+ferry&page=${p}`)).body)) seen.add(u);
    expect(seen.size).toBe(total);
  });

  it('empty, no-result and too-long queries get clear French states', async () => {
    const empty = await get('/ecoles');
    expect(empty.statusCode).toBe(200);
    expect(textOf(empty.body)).toContain('Que cherchez-vous');
    const none = await get('/ecoles?q=zzqqxxww');
    expect(none.statusCode).toBe(200);
    expect(textOf(none.body)).toContain('Aucune école ne correspond à « zzqqxxww »');
    const long = await get('/ecoles?q=' + 'a'.repeat(500));
    expect(long.statusCode).toBe(400);
    expect(textOf(long.body)).toMatch(/La recherche est trop longue \(500 caractères\) : saisissez au plus \d+ caractères/);
    const repeated = await get('/ecoles?q=jules&q=ferry');
    expect(repeated.statusCode).toBe(200);
  });

  it('escapes what the visitor typed', async () => {
    const res = await get('/ecoles?q=' + encodeURIComponent('<script>alert(1)</script>'));
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('<script>alert');
    expect(res.body).not.toContain('</script> »');
    expect(res.body).toContain('&lt;script>alert(1)&lt;/script>');
  });

  it('a school page shows identity, territory, pupils and sources', async () => {
    const res = await get('/ecoles/0940166V');
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    for (const s of ['Henri Bassis', '0940166V', 'Public', 'REP', 'Champigny-sur-Marne', 'Métropole du Grand Paris', 'Val-de-Marne (94)', 'Créteil', 'Île-de-France', '262', '98,3', '21940017300221', 'Annuaire de l’éducation']) {
      expect(text).toContain(s);
    }
    expect(res.body).toContain('href="/communes/94017"');
    expect(res.body).toMatch(/href="\/epci\/\d{9}"/);
    const ips = await get('/ecoles/0691092M');
    expect(ips.statusCode).toBe(200);
    expect(textOf(ips.body)).toContain('Denicé');
    expect(ips.body).toContain('href="/communes/69074"');
    expect(textOf(ips.body)).toContain('Indices de position sociale dans les écoles, rentrée 2022');
  });

  it('a lower-case UAI redirects to the canonical page', async () => {
    const res = await get('/ecoles/0691092m');
    expect(res.statusCode).toBe(301);
    expect(res.headers.location).toBe('/ecoles/0691092M');
  });

  it('a commune page lists its schools, its EPCI, département and académie', async () => {
    const res = await get('/communes/35238');
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    for (const s of ['Rennes', 'Ille-et-Vilaine (35)', 'Rennes Métropole', 'Académie', 'Bretagne', 'Jules Isaac']) expect(text).toContain(s);
    expect(res.body).toContain('href="/ecoles/0351989X"');
    expect(res.body).toContain('href="/epci/243500139"');
    expect((res.body.match(/<tr><td[^>]*><a href="\/ecoles\//g) ?? []).length).toBeGreaterThan(50);
  });

  it('a commune without EPCI says so', async () => {
    const res = await get('/communes/22016');
    expect(res.statusCode).toBe(200);
    expect(textOf(res.body)).toContain('n’appartient à aucun EPCI');
  });

  it('alias codes redirect (301) to the current commune', async () => {
    for (const [alias, current] of [['75101', '75056'], ['13201', '13055'], ['01039', '01138']]) {
      const res = await get(`/communes/${alias}`);
      expect(res.statusCode, alias).toBe(301);
      expect(res.headers.location).toBe(`/communes/${current}`);
    }
    expect((await get('/communes/2a004')).headers.location).toBe('/communes/2A004');
  });

  it('an EPCI page lists member communes and their schools', async () => {
    const res = await get('/epci/243500139');
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    expect(text).toContain('Rennes Métropole');
    expect(text).toContain('Métropole');
    expect(text).toMatch(/43 communes membres/);
    for (const code of ['35238', '35001', '35024']) expect(res.body).toContain(`href="/communes/${code}"`);
    expect(res.body).toContain('href="/ecoles/0351989X"');
    // A very large EPCI lists its communes with their school counts.
    const mgp = await get('/epci/200054781');
    expect(mgp.statusCode).toBe(200);
    expect(mgp.body).toContain('href="/communes/75056"');
  });

  it('data, accessibility, legal and personal data pages', async () => {
    const data = textOf((await get('/donnees')).body);
    for (const s of ['Licence Ouverte 2.0', 'DEPP', 'Etalab', 'Derniers imports', 'Référentiel complet']) expect(data).toContain(s);
    const a11y = await get('/accessibilite');
    expect(a11y.statusCode).toBe(200);
    for (const s of ['RGAA', '4.1', 'non conforme', 'Défenseur des droits']) expect(textOf(a11y.body)).toContain(s);
    const legal = textOf((await get('/mentions-legales')).body);
    for (const s of ['ministère de l’Éducation nationale', 'DNE', 'Hébergement', 'À compléter par le déploiement', 'réservé aux sites internet des services de l’État']) {
      expect(legal).toContain(s);
    }
    expect((await get('/donnees-personnelles')).statusCode).toBe(200);
    expect((await get('/plan-du-site')).statusCode).toBe(200);
  });

  it('unknown or malformed identifiers and URLs are DSFR 404 pages, never 500', async () => {
    const unknownUai = '9999999' + uaiCheckLetter('9999999');
    for (const url of [
      `/ecoles/${unknownUai}`, '/ecoles/0691092A', '/ecoles/abc', '/ecoles/' + 'x'.repeat(300), '/ecoles/%E0%A4%A',
      '/communes/99999', '/communes/abc', '/communes/123456', '/epci/000000000', '/epci/123', '/epci/abcdefghi',
      '/nulle-part', '/ecoles/0691092M/plus',
    ]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type'], url).toBe('text/html; charset=utf-8');
      expect(textOf(res.body), url).toContain('Page non trouvée');
    }
  });

  it('/healthz answers ok', async () => {
    const res = await get('/healthz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });
});
