// The header's tools (DSFR fr-header__tools): « Se connecter » for a visitor (a plain link: no
// cookie), the person's name and « Se déconnecter » (a POST form with its CSRF token) once signed in.
// The DSFR script copies these links into the mobile menu.
import { Form } from '../components/form';
import { usePage } from '../components/context';

export function UserMenu() {
  const { user, path } = usePage();
  return (
    <div class="fr-header__tools">
      <div class="fr-header__tools-links">
        <ul class="fr-btns-group">
          {user ? (
            <>
              <li><a class="fr-btn fr-icon-account-circle-line" href="/compte" aria-current={path === '/compte' ? 'page' : undefined}>{user.displayName ?? user.email ?? 'Mon compte'}</a></li>
              {user.role === 'admin' && <li><a class="fr-btn fr-icon-settings-5-line" href="/admin/organisations">Administration</a></li>}
              <li>
                <Form action="/deconnexion">
                  <button type="submit" class="fr-btn fr-icon-logout-box-r-line">Se déconnecter</button>
                </Form>
              </li>
            </>
          ) : (
            <li><a class="fr-btn fr-icon-account-circle-line" href="/connexion">Se connecter</a></li>
          )}
        </ul>
      </div>
    </div>
  );
}
