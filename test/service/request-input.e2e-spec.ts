import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { createTestApp, TEST_TOKEN, type TestApp } from '../support/test-app';

const supportAssistant = fs.readFileSync(
  path.join(__dirname, '..', '..', 'examples', 'support-assistant.yaml'),
  'utf8',
);

let t: TestApp;
let base: string;
beforeAll(async () => {
  t = await createTestApp();
  base = await t.listen();
});
afterAll(async () => t.close());

async function storedScans(): Promise<number> {
  const [{ n }] = await t.dataSource.query('SELECT count(*)::int AS n FROM scans');
  return n;
}

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
}

/** A JSON body as raw bytes, so that a test can put in what JSON.stringify would not. */
async function postScanBytes(
  body: Buffer,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: ErrorBody }> {
  const response = await fetch(`${base}/api/v1/scans`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TEST_TOKEN}`, 'content-type': 'application/json', ...headers },
    body: new Uint8Array(body),
  });
  return { status: response.status, body: (await response.json()) as ErrorBody };
}

describe('request bodies at the door', () => {
  it('refuses a body that is not UTF-8 instead of storing U+FFFD, and stores nothing', async () => {
    const before = await storedScans();
    const json = JSON.stringify({
      project: 'utf8',
      manifests: [{ path: 'a.yaml', content: `${supportAssistant}\n# caf\u00e9\n` }],
    });
    // é in Latin-1: a lone 0xE9 byte is not UTF-8.
    const body = Buffer.from(json.replace('caf\u00e9', 'cafXX'), 'utf8');
    body[body.indexOf('cafXX') + 3] = 0xe9;
    body[body.indexOf('cafXX') + 4] = 0x20;
    const response = await postScanBytes(body);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'body is not valid UTF-8',
    });
    expect(await storedScans()).toBe(before);
  });

  it('refuses a U+0000 in a value or a key at any depth, naming its path', async () => {
    const before = await storedScans();
    const inPath = await t
      .api()
      .post('/api/v1/scans')
      .send({
        project: 'nul',
        manifests: [
          { path: 'ok.yaml', content: supportAssistant },
          { path: 'a\u0000.yaml', content: 'x' },
        ],
      })
      .expect(400);
    expect(inPath.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(inPath.body.message).toBe(
      'body: manifests[1].path contains the character U+0000, which cannot be stored: remove it',
    );
    const inKey = await postScanBytes(Buffer.from('{"project":"nul","manifests":[],"x":{"a\\u0000b":1}}'));
    expect(inKey.status).toBe(400);
    expect(inKey.body.message).toMatch(/^body: x\["a\\u0000b"\] contains the character U\+0000/);
    expect(await storedScans()).toBe(before);
  });

  it('keeps an escaped backslash before u0000 as the text it is', async () => {
    // "\\u0000" is a backslash and five letters, not U+0000: the validation pipe judges the body.
    const response = await postScanBytes(Buffer.from('{"project":"a\\\\u0000","manifests":[]}'));
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body.message)).not.toMatch(/U\+0000/);
  });

  it('refuses a U+0000 in a PATCH note with 400, not a database error', async () => {
    const response = await t
      .api()
      .patch('/api/v1/findings/00000000-0000-4000-8000-000000000000')
      .send({ note: 'see \u0000 here' })
      .expect(400);
    expect(response.body.message).toMatch(/^body: note contains the character U\+0000/);
  });

  it('answers a compressed body with 415 before reading it', async () => {
    const body = gzipSync(
      JSON.stringify({ project: 'gzip', manifests: [{ path: 'a.yaml', content: supportAssistant }] }),
    );
    const response = await postScanBytes(body, { 'content-encoding': 'gzip' });
    expect(response.status).toBe(415);
    expect(response.body).toEqual({
      statusCode: 415,
      error: 'Unsupported Media Type',
      message: "Content-Encoding 'gzip' is not supported: send the body uncompressed",
    });
    const identity = await postScanBytes(
      Buffer.from(
        JSON.stringify({ project: 'identity', manifests: [{ path: 'a.yaml', content: supportAssistant }] }),
      ),
      { 'content-encoding': 'identity' },
    );
    expect(identity.status).toBe(201);
  });

  it('still refuses a body over the upload limit', async () => {
    const small = await createTestApp({ maxUploadBytes: 2048 });
    try {
      const response = await small
        .api()
        .post('/api/v1/scans')
        .send({ project: 'big', manifests: [{ path: 'a.yaml', content: 'x'.repeat(4096) }] })
        .expect(413);
      expect(response.body).toMatchObject({ statusCode: 413 });
    } finally {
      await small.close();
    }
  });
});

describe('query strings at the door', () => {
  it.each(['project', 'module', 'rule', 'resource', 'assignee', 'q'])(
    'answers %%00 in %s with 400 naming the parameter',
    async (name) => {
      const response = await t.api().get(`/api/v1/findings?${name}=a%00b`).expect(400);
      expect(response.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: `query parameter ${name} contains the character U+0000, which cannot be stored: remove it`,
      });
    },
  );

  it('names a repeated parameter by its position', async () => {
    const response = await t.api().get('/api/v1/findings?rule=ENC-001&rule=%00').expect(400);
    expect(response.body.message).toMatch(/^query parameter rule\[1\] contains the character U\+0000/);
  });
});
