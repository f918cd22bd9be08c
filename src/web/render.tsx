// Renders a JSX page to a complete HTML response. preact-render-to-string escapes every
// interpolated value by default; no route writes raw HTML.
import type { FastifyReply } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

export function renderDocument(page: VNode): string {
  return '<!DOCTYPE html>' + renderToString(page);
}

/**
 * Sends `page` as an HTML document with `status` (200 by default), as its UTF-8 bytes: given a string,
 * Fastify measures it (flattening and scanning it) and the socket encodes it again.
 */
export function sendPage(reply: FastifyReply, page: VNode, status = 200): FastifyReply {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .send(Buffer.from(renderDocument(page)));
}
