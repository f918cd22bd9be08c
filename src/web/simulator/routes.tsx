// The simulator's routes: the page /simulateur and its own assets under /assets/simulateur/ (the
// script of the live update, the form parser it shares with the server, the print stylesheet).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyPluginAsync } from 'fastify';
import type { Db } from '../../data/db';
import { authorize } from '../../policies';
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

function loadAssets() {
  const out = new Map<string, { body: Buffer; type: string; etag: string }>();
  for (const [name, type] of Object.entries(ASSETS)) {
    const body = readFileSync(new URL(`./assets/${name}`, import.meta.url));
    out.set(name, { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"` });
  }
  return out;
}

export const simulatorPage: FastifyPluginAsync<{ db: Db }> = async (app, { db }) => {
  const assets = loadAssets();
  const url = (name: AssetName) => `/assets/simulateur/${name}?v=${assets.get(name)!.etag.slice(1, 9)}`;
  const assetUrls = { script: url('simulateur.js'), style: url('simulateur.css') };

  app.get('/assets/simulateur/:file', async (request, reply) => {
    const asset = assets.get((request.params as { file: string }).file);
    if (!asset) return reply.callNotFound();
    const versioned = typeof (request.query as Record<string, unknown>).v === 'string';
    reply.header('etag', asset.etag).header('cache-control', versioned ? 'public, max-age=31536000, immutable' : 'no-cache');
    if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send();
    return reply.type(asset.type).send(asset.body);
  });

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
