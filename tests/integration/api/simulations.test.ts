// POST /api/v1/simulations: the `socle simulate` contract over HTTP (same output as simulate(), the
// CLI's error body with HTTP 400), stateless, JSON problems for every error; /api/v1/territoires on
// both databases; /api/openapi.json a valid OpenAPI 3.1 document whose schemas the answers satisfy.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSimulate } from '../../../src/cli/simulate';
import { simulate } from '../../../src/domain/funding';
import { dialects, freshDb, type TestDb } from '../../support/databases';
import { appOn, appOnImported } from '../web/support';

// JSON Schema 2020-12 validation with the Ajv 8 that Fastify itself ships (through @fastify/ajv-compiler):
// no new dependency for a test-only check.
const fromCompiler = createRequire(createRequire(import.meta.url).resolve('@fastify/ajv-compiler'));
type Validator = ((value: unknown) => boolean) & { errors?: unknown[] | null };
const { Ajv2020 } = fromCompiler('ajv/dist/2020') as {
  Ajv2020: new (opts: object) => { addSchema(schema: object): void; getSchema(ref: string): Validator | undefined };
};

interface Vector { name: string; input: unknown; expected: { grantCents: number; equipment: unknown; services: unknown; blocking: string[]; warnings: string[] } }
const vectors: Vector[] = JSON.parse(readFileSync(new URL('../../vectors/snee-2021-funding.json', import.meta.url), 'utf8')).vectors;

const codes = (findings: { code: string; severity: string }[], severity: string) =>
  [...new Set(findings.filter((f) => f.severity === severity).map((f) => f.code))].sort();

/** Inputs the contract refuses, as raw text: one per input rule, plus unreadable JSON. */
const school = { uai: '0350001L', commune: '35238', classes: 5, pupils: 120, equipmentCents: 2000000, servicesCents: 200000 };
const INVALID: Record<string, string> = {
  'not JSON': '{"call": "snee-2021",',
  'empty body': '',
  'not an object': '[1, 2]',
  'unknown call': JSON.stringify({ call: 'snee-2099', schools: [school] }),
  'no call': JSON.stringify({ schools: [school] }),
  'no school': JSON.stringify({ call: 'snee-2021', schools: [] }),
  'classes 0': JSON.stringify({ call: 'snee-2021', schools: [{ ...school, classes: 0 }] }),
  'pupils not an integer': JSON.stringify({ call: 'snee-2021', schools: [{ ...school, pupils: 12.5 }] }),
  'negative amount': JSON.stringify({ call: 'snee-2021', schools: [{ ...school, servicesCents: -1 }] }),
  'amount in euros as a string': JSON.stringify({ call: 'snee-2021', schools: [{ ...school, equipmentCents: '3500' }] }),
  'both total and lines': JSON.stringify({ call: 'snee-2021', schools: [{ ...school, equipment: [{ label: 'Tablette', quantity: 1, unitCents: 1 }] }] }),
  'neither total nor lines': JSON.stringify({ call: 'snee-2021', schools: [{ uai: '0350001L', classes: 1, pupils: 1, servicesCents: 0 }] }),
  'bad UAI check letter': JSON.stringify({ call: 'snee-2021', schools: [{ ...school, uai: '0350001A' }] }),
  'bad commune code': JSON.stringify({ call: 'snee-2021', schools: [{ ...school, commune: '3523' }] }),
  'UAI twice': JSON.stringify({ call: 'snee-2021', schools: [school, school] }),
  'unknown field': JSON.stringify({ call: 'snee-2021', schools: [{ ...school, budget: 1 }] }),
  'bad line': JSON.stringify({ call: 'snee-2021', schools: [{ uai: '0350001L', classes: 1, pupils: 1, servicesCents: 0, equipment: [{ label: '', quantity: 0, unitCents: 1 }] }] }),
};

describe('POST /api/v1/simulations', () => {
  let db: TestDb;
  let app: FastifyInstance;
  beforeAll(async () => {
    db = await freshDb('sqlite');
    app = await appOn(db);
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  const post = (payload: string, contentType: string | null = 'application/json') =>
    app.inject({ method: 'POST', url: '/api/v1/simulations', payload, headers: contentType ? { 'content-type': contentType } : {} });

  it.each(vectors.map((v) => [v.name, v] as const))('vector « %s »: the same answer as simulate()', async (_name, v) => {
    const res = await post(JSON.stringify(v.input));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['set-cookie']).toBeUndefined();
    const body = res.json();
    const outcome = simulate(v.input);
    if (!outcome.ok) throw new Error(outcome.error.error);
    expect(body).toEqual(JSON.parse(JSON.stringify(outcome.result)));
    expect(body.grantCents).toBe(v.expected.grantCents);
    expect(body.equipment).toEqual(v.expected.equipment);
    expect(body.services).toEqual(v.expected.services);
    expect(codes(body.findings, 'blocking')).toEqual(v.expected.blocking);
    expect(codes(body.findings, 'warning')).toEqual(v.expected.warnings);
  });

  it.each(Object.entries(INVALID))('%s: HTTP 400 with the body `socle simulate` prints', async (_name, text) => {
    const res = await post(text);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['set-cookie']).toBeUndefined();
    const cli = await runSimulate(text);
    expect(cli.exitCode).toBe(2);
    const expected = JSON.parse(cli.stdout) as { error: string; fields: unknown[] };
    const body = res.json();
    expect({ error: body.error, fields: body.fields }).toEqual(expected);
    expect(expected.fields.length).toBeGreaterThan(0);
    // What the problem format adds, and nothing else.
    expect(Object.keys(body).sort()).toEqual(['error', 'fields', 'status', 'title', 'type']);
    expect(body).toMatchObject({ type: 'urn:socle:probleme:entree-invalide', title: 'Entrée invalide', status: 400 });
    expect(res.body).not.toMatch(/at \w+ \(|node_modules|\.ts:\d+/);
  });

  it('a charset parameter is accepted; another content type is 415 with a French JSON error', async () => {
    expect((await post(JSON.stringify(vectors[0].input), 'application/json; charset=utf-8')).statusCode).toBe(200);
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonp', null]) {
      const res = await post(JSON.stringify(vectors[0].input), type);
      expect(res.statusCode, String(type)).toBe(415);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.json()).toMatchObject({ status: 415, error: expect.stringContaining('Content-Type: application/json'), fields: [] });
    }
  });

  it('a body over 1 Mio is 413 in JSON, never read whole', async () => {
    const big = JSON.stringify({ call: 'snee-2021', schools: Array.from({ length: 12_000 }, (_, i) => ({ ...school, uai: undefined, name: `École ${i}` })) });
    expect(big.length).toBeGreaterThan(1024 * 1024);
    const res = await post(big);
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ status: 413, error: expect.stringMatching(/trop volumineuse|dépasse/), fields: [] });
  });

  it('is stateless: no cookie, no CSRF token asked, not cached', async () => {
    const res = await app.inject({
      method: 'POST', url: '/api/v1/simulations', payload: JSON.stringify(vectors[1].input),
      headers: { 'content-type': 'application/json', cookie: 'socle_session=whatever; _csrf=x', origin: 'https://elsewhere.example' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('unknown API routes and methods answer a JSON 404, not an HTML page', async () => {
    for (const [method, url] of [['GET', '/api/v1/simulations'], ['GET', '/api/v2/simulations'], ['DELETE', '/api/v1/simulations']] as const) {
      const res = await app.inject({ method, url });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.json()).toMatchObject({ status: 404, fields: [] });
    }
  });

  describe('GET /api/openapi.json', () => {
    let doc: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    let ajv: InstanceType<typeof Ajv2020>;
    beforeAll(async () => {
      const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      doc = JSON.parse(res.body);
      ajv = new Ajv2020({ strict: false, allErrors: true });
      ajv.addSchema({ $id: 'socle', components: doc.components });
    });
    const validate = (schema: string, value: unknown) => {
      const fn = ajv.getSchema(`socle#/components/schemas/${schema}`)!;
      const ok = fn(value);
      return ok ? [] : fn.errors;
    };

    it('is OpenAPI 3.1 and describes POST /api/v1/simulations with its answers', () => {
      expect(doc.openapi).toBe('3.1.0');
      expect(doc.info.title).toBeTruthy();
      const op = doc.paths['/api/v1/simulations'].post;
      expect(op.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/SimulationInput');
      expect(Object.keys(op.responses).sort()).toEqual(['200', '400', '413', '415', '500']);
      // Every $ref points at a schema that exists.
      const refs = [...JSON.stringify(doc).matchAll(/"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1]);
      expect(refs.length).toBeGreaterThan(10);
      for (const ref of refs) expect(doc.components.schemas[ref], ref).toBeDefined();
    });

    it('its examples and the answers to every vector satisfy its schemas', async () => {
      const op = doc.paths['/api/v1/simulations'].post;
      for (const [name, ex] of Object.entries<{ value: unknown }>(op.requestBody.content['application/json'].examples)) {
        expect(validate('SimulationInput', ex.value), name).toEqual([]);
        expect((await post(JSON.stringify(ex.value))).json()).toEqual(op.responses['200'].content['application/json'].examples[name].value);
      }
      for (const v of vectors) {
        expect(validate('SimulationInput', v.input), v.name).toEqual([]);
        expect(validate('SimulationResult', (await post(JSON.stringify(v.input))).json()), v.name).toEqual([]);
      }
      const error = op.responses['400'].content['application/json'].example;
      expect(validate('Problem', error)).toEqual([]);
      for (const text of Object.values(INVALID)) expect(validate('Problem', (await post(text)).json())).toEqual([]);
    });

    it('its input schema refuses what the contract refuses', () => {
      for (const name of ['no school', 'classes 0', 'negative amount', 'both total and lines', 'neither total nor lines', 'unknown field', 'unknown call']) {
        expect(validate('SimulationInput', JSON.parse(INVALID[name])), name).not.toEqual([]);
      }
    });
  });
});

describe.each(dialects)('GET /api/v1/territoires on %s', (dialect) => {
  const { get } = appOnImported(dialect);

  it('suggests communes and EPCI by name, accents and case ignored, with the link to simulate', async () => {
    const res = await get('/api/v1/territoires?q=ARGENTRE');
    expect(res.statusCode).toBe(200);
    expect(res.headers['set-cookie']).toBeUndefined();
    const { results } = res.json();
    expect(results).toContainEqual(expect.objectContaining({ type: 'commune', code: '35006', name: 'Argentré-du-Plessis', label: 'Argentré-du-Plessis (35006)', url: '/simulateur?commune=35006' }));
    const epci = (await get('/api/v1/territoires?q=rennes+metropole')).json().results;
    expect(epci[0]).toMatchObject({ type: 'epci', code: '243500139', url: '/simulateur?epci=243500139' });
    const byCode = (await get('/api/v1/territoires?q=35006')).json().results;
    expect(byCode[0]).toMatchObject({ type: 'commune', code: '35006' });
  });

  it('a too long query is a French 400 problem; a one-letter query suggests nothing', async () => {
    const res = await get(`/api/v1/territoires?q=${'a'.repeat(500)}`);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ status: 400, error: expect.stringContaining('au plus 80 caractères') });
    expect((await get('/api/v1/territoires?q=a')).json().results).toEqual([]);
  });
});
