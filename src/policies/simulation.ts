// Who may simulate a grant (the public simulator /simulateur and POST /api/v1/simulations):
// everyone, signed in or not. A simulation is computed and returned, never stored.
import { allow, EVERYONE } from './policy';

allow(EVERYONE, 'create', 'simulation');
