// The simulator's routes: the page /simulateur and its own assets under /assets/simulateur/ (the
// script of the live update, the form parser it shares with the server, the print stylesheet).
import type { FastifyPluginAsync } from 'fastify';
import type { Db } from '../../data/db';
import { authorize } from '../../policies';
import { serveAssets } from '../assets';
import { pageContext } from '../context';
import { sendPage } from '../render';
import { SimulatorPage } from './page';
import { readState, Redirect } from './state';

const ASSETS = {
  'simulateur.js': 'text/javascript; charset=utf-8',
  'form.js': 'text/javascript; charset=utf-8',
  'simulateur.css': 'text/css; charset=utf-8',
} as const;
type AssetName = keyof typeof ASSETS;

export const simulatorPage: FastifyPluginAsync<{ db: Db }> = async (app, { db }) => {
  const url: (name: AssetName) => string = serveAssets(app, '/assets/simulateur', new URL('./assets/', import.meta.url), ASSETS);
  const assetUrls = { script: url('simulateur.js'), style: url('simulateur.css') };

  app.get('/simulateur', async (request, reply) => {
    authorize(request.user, 'create', 'simulation');
    const i = request.url.indexOf('?');
    const search = new URLSearchParams(i === -1 ? '' : request.url.slice(i + 1));
    const state = await readState(db, search);
    if (state instanceof Redirect) return reply.redirect(state.location, 303);
    const hasErrors = state.formErrors.length + state.fieldErrors.length > 0 || state.addError !== undefined || state.qError !== undefined;
    const status = state.territoryError ? 404 : hasErrors ? 400 : 200;
    const origin = `${request.protocol}://${request.host}`;
    return sendPage(reply, <SimulatorPage ctx={pageContext(request)} state={state} origin={origin} assets={assetUrls} />, status);
  });
};
