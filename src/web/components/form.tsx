// Forms: GET forms (search) need nothing; POST forms carry the CSRF hidden field as soon as the
// session plugin provides a token (applicant issue). Every form of the application goes through here.
import type { ComponentChildren } from 'preact';
import { usePage } from './context';

export function CsrfField() {
  const { csrfToken } = usePage();
  return csrfToken ? <input type="hidden" name="_csrf" value={csrfToken} /> : null;
}

export function Form(props: {
  action: string; method?: 'get' | 'post'; id?: string; class?: string; role?: 'search';
  'aria-label'?: string; noValidate?: boolean; children: ComponentChildren;
}) {
  const { method = 'post', children, ...rest } = props;
  return (
    <form method={method} {...rest}>
      {method === 'post' && <CsrfField />}
      {children}
    </form>
  );
}
