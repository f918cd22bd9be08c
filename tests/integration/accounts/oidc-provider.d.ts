// oidc-provider ships no types (and @types/oidc-provider is not installed): the little the OIDC test uses.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';
  interface Account { accountId: string; claims(): Promise<Record<string, unknown>> }
  export default class Provider {
    constructor(issuer: string, configuration: {
      clients: Array<Record<string, unknown>>;
      claims?: Record<string, string[]>;
      findAccount?: (ctx: unknown, sub: string) => Promise<Account | undefined>;
      pkce?: { required: () => boolean };
    });
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
  }
}
