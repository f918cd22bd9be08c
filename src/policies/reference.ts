// Who may read the public reference data (communes, EPCI, académies, schools): everyone.
// Importing it stays a CLI matter (no web rule for `import`).
import { allow, EVERYONE } from './policy';

allow(EVERYONE, 'read', 'reference');
