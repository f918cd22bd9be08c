// The simulation journey: the public simulator /simulateur and the JSON API under /api (which serves
// the simulator's live update and other tools). Registered by app.ts in one line.
import type { FastifyPluginAsync } from 'fastify';
import type { Db } from '../../data/db';
import { apiRoutes } from '../api';
import { simulatorPage } from './routes';

export const simulationRoutes: FastifyPluginAsync<{ db: Db }> = async (app, { db }) => {
  await app.register(apiRoutes, { db, prefix: '/api' });
  await app.register(simulatorPage, { db });
};
