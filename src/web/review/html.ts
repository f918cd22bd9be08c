// Long pages of the académie's journey (the committee's candidates: hundreds of rows; the queues).
// `html`: a repeated row written in Preact's precompiled JSX form — `jsxTemplate`, what the
// `precompile` JSX transform emits, which preact-render-to-string serialises by concatenating strings
// instead of walking one element per tag: about three times faster for the same markup. Escaping
// stays the default: every interpolated value goes through Preact's `jsxEscape` (a VNode or an array
// of them is rendered as JSX would, a string or a number is escaped); only the literal parts of the
// template are markup. Attribute values are always written between double quotes (`"`, `&`, `<` are
// escaped). For the rows of a long list only; the rest of a page stays JSX. `sendLongPage`: sends
// such a page as bytes.
import type { FastifyReply } from 'fastify';
import type { VNode } from 'preact';
import { jsxEscape, jsxTemplate } from 'preact/jsx-runtime';
import { renderDocument } from '../render';

export function html(strings: TemplateStringsArray, ...values: unknown[]): VNode {
  // The call site's strings array is the template (constant per call site, as the transform hoists it).
  return jsxTemplate(strings as readonly string[] as string[], ...values.map((v) => jsxEscape(v)));
}

/**
 * Sends a page as `sendPage` (../render.tsx) does, but as its UTF-8 bytes: Fastify takes their length
 * as is, where a string of several hundred kilobytes is first measured (flattened and scanned) and then
 * encoded again on the socket. For the long lists (the committee, the queues).
 */
export function sendLongPage(reply: FastifyReply, page: VNode, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(Buffer.from(renderDocument(page)));
}
