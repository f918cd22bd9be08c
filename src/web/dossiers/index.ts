// The applicant's journey (issue 4): the dossier pages. Registered by app.ts in one line.
export { dossierRoutes, demoClock } from './routes';
