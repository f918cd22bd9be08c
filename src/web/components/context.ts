// What every component of a page may need to know about the request, without prop drilling:
// the current path (navigation state), the signed-in user and the CSRF token that every POST form
// carries.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Actor } from '../../policies';

export interface PageContext {
  path: string;
  user: Actor | null;
  /** Set for signed-in users and on the anonymous account forms; public pages have none (no cookie). */
  csrfToken?: string;
}

export const Page = createContext<PageContext>({ path: '/', user: null });
export const usePage = (): PageContext => useContext(Page);
