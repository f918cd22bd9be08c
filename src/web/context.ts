// Request-level types of the web application.
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../policies';
import type { PageContext } from './components/context';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user (plugins/session.ts); null for anonymous visitors. */
    user: Actor | null;
  }
}

/** The path of a request without its query string (for navigation state and logs). */
export const pathOf = (url: string): string => {
  const i = url.indexOf('?');
  return i === -1 ? url : url.slice(0, i);
};

export function pageContext(request: FastifyRequest): PageContext {
  return { path: pathOf(request.url), user: request.user ?? null, csrfToken: request.csrfToken ?? undefined };
}
