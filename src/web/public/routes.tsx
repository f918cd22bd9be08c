// The public journey: home, school search, school / commune / EPCI pages, data and legal pages.
// Anonymous and read-only: no cookie, no session, no database write.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Db } from '../../data/db';
import {
  getCommune, getEpci, getSchool, latestImports, referenceCounts, searchSchools, SearchQueryError,
  MAX_QUERY_LENGTH,
} from '../../data/reference';
import { isValidUai, normalizeUai, isInseeCode } from '../../domain/identifiers';
import { authorize } from '../../policies';
import { pageContext } from '../context';
import { NotFoundPage } from '../errors';
import { sendPage } from '../render';
import { CommunePage } from './commune';
import { DataPage } from './data';
import { EpciPage } from './epci';
import { HomePage } from './home';
import { AccessibilityPage, LegalNoticePage, PersonalDataPage, SiteMapPage } from './legal';
import { SchoolPage } from './school';
import { SchoolSearchPage } from './schools';

/** The first value of a query parameter that may be repeated (?q=a&q=b). */
function firstString(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && typeof v[0] === 'string') return v[0];
  return undefined;
}

function pageNumber(v: unknown): number {
  const s = firstString(v);
  if (!s || !/^\d{1,6}$/.test(s)) return 1;
  return Math.max(1, Number(s));
}

export const publicRoutes: FastifyPluginAsync<{ db: Db }> = async (app, { db }) => {
  const readReference = (request: FastifyRequest) => authorize(request.user, 'read', 'reference');

  app.get('/', async (request, reply) => {
    readReference(request);
    const counts = await referenceCounts(db);
    return sendPage(reply, <HomePage ctx={pageContext(request)} counts={counts} />);
  });

  app.get('/ecoles', async (request, reply) => {
    readReference(request);
    const query = request.query as Record<string, unknown>;
    const q = (firstString(query.q) ?? '').trim();
    const ctx = pageContext(request);
    try {
      const result = await searchSchools(db, { q, page: pageNumber(query.page), perPage: 20 });
      return sendPage(reply, <SchoolSearchPage ctx={ctx} q={q} result={result} />);
    } catch (err) {
      if (!(err instanceof SearchQueryError)) throw err;
      return sendPage(reply, <SchoolSearchPage ctx={ctx} q={q.slice(0, MAX_QUERY_LENGTH)} result={null} error={err.message} />, 400);
    }
  });

  app.get('/ecoles/:uai', async (request, reply) => {
    readReference(request);
    const raw = (request.params as { uai: string }).uai;
    const uai = normalizeUai(raw);
    const ctx = pageContext(request);
    if (!isValidUai(uai)) {
      return sendPage(reply, <NotFoundPage ctx={ctx} detail={`« ${raw.slice(0, 40)} » n’est pas un UAI valide : un UAI compte 7 chiffres suivis d’une lettre clé, par exemple 0691092M.`} />, 404);
    }
    if (uai !== raw) return reply.redirect(`/ecoles/${uai}`, 301);
    const school = await getSchool(db, uai);
    if (!school) return sendPage(reply, <NotFoundPage ctx={ctx} detail={`Aucune école d’UAI ${uai} ne figure dans les données chargées.`} />, 404);
    return sendPage(reply, <SchoolPage ctx={ctx} school={school} />);
  });

  app.get('/communes/:insee', async (request, reply) => {
    readReference(request);
    const raw = (request.params as { insee: string }).insee;
    const code = raw.trim().toUpperCase();
    const ctx = pageContext(request);
    if (!isInseeCode(code)) {
      return sendPage(reply, <NotFoundPage ctx={ctx} detail={`« ${raw.slice(0, 40)} » n’est pas un code INSEE de commune : il compte 5 caractères, par exemple 35238.`} />, 404);
    }
    if (code !== raw) return reply.redirect(`/communes/${code}`, 301);
    const found = await getCommune(db, code);
    if (found.kind === 'alias') return reply.redirect(`/communes/${found.communeCode}`, 301);
    if (found.kind === 'missing') return sendPage(reply, <NotFoundPage ctx={ctx} detail={`Aucune commune de code INSEE ${code} ne figure dans les données chargées.`} />, 404);
    return sendPage(reply, <CommunePage ctx={ctx} commune={found.commune} />);
  });

  app.get('/epci/:siren', async (request, reply) => {
    readReference(request);
    const siren = (request.params as { siren: string }).siren;
    const ctx = pageContext(request);
    const epci = /^\d{9}$/.test(siren) ? await getEpci(db, siren) : null;
    if (!epci) {
      return sendPage(reply, <NotFoundPage ctx={ctx} detail={/^\d{9}$/.test(siren)
        ? `Aucune intercommunalité de SIREN ${siren} ne figure dans les données chargées.`
        : `« ${siren.slice(0, 40)} » n’est pas un SIREN : il compte 9 chiffres, par exemple 200054781.`} />, 404);
    }
    return sendPage(reply, <EpciPage ctx={ctx} epci={epci} />);
  });

  app.get('/donnees', async (request, reply) => {
    readReference(request);
    const [counts, imports] = await Promise.all([referenceCounts(db), latestImports(db, 10)]);
    return sendPage(reply, <DataPage ctx={pageContext(request)} counts={counts} imports={imports} />);
  });

  app.get('/accessibilite', async (request, reply) => sendPage(reply, <AccessibilityPage ctx={pageContext(request)} />));
  app.get('/mentions-legales', async (request, reply) => sendPage(reply, <LegalNoticePage ctx={pageContext(request)} />));
  app.get('/donnees-personnelles', async (request, reply) => sendPage(reply, <PersonalDataPage ctx={pageContext(request)} />));
  app.get('/plan-du-site', async (request, reply) => sendPage(reply, <SiteMapPage ctx={pageContext(request)} />));
};
