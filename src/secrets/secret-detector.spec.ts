import { PATHOLOGICAL_SECRET_INPUTS } from '../../test/support/pathological-inputs';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findSecrets, tokenTexts, type SecretHit } from './secret-detector';

// Test tokens are assembled at run time so that this file holds no literal that secret scanners
// (GitHub push protection, gitleaks) would take for a leaked credential.
const join2 = (...parts: string[]) => parts.join('');
const BODY36 = 'aB3dE5fG7hJ9kL2mN4pQ6rS8tU0vW1xY3z5A';
const tokens = {
  aws: join2('AKIA', 'Z7Q4', 'R2XW', 'M5KD', 'P3NB'),
  awsSession: join2('ASIA', 'Y6H2', 'T4LC', 'Q7VB', 'N5RD'),
  github: join2('ghp', '_', BODY36),
  githubOauth: join2('gho', '_', BODY36),
  githubFineGrained: join2(
    'github_pat',
    '_',
    '11ABCDEFG0',
    'aB3dE5fG7hJ9kL2mN4pQ6r_',
    'S8tU0vW1xY3z5A7cD9eF2gH4jK6lM8nP0qR2sT4uV6wX8yZ0aB2cD4eF6gH8jK0',
  ),
  gitlab: join2('glpat', '-', 'xK9mP2vQ7rT4wY6zA1bC'),
  slackBot: join2('xoxb', '-', '2418907431-5617049331872-', 'Hq7Lm2Xv9Rt4Wp6Zs1Kd3Nb8'),
  slackApp: join2('xapp', '-', '1-A05B7C9D1E2-6024718293-', 'f3a9c2e7b1d84f6a0c5e9b2d7a4f1c8e'),
  stripe: join2('sk', '_live_', '51Hq7Lm2Xv9Rt4Wp6Zs1Kd3Nb8'),
  stripeRestricted: join2('rk', '_live_', '51Hq7Lm2Xv9Rt4Wp6Zs1Kd3Nb8'),
  openai: join2(
    'sk',
    '-proj-',
    'Hq7Lm2Xv9Rt4Wp6Zs1Kd3Nb8Fg5Jc0Ay',
    'T3BlbkFJ',
    'Pe4Ui8Oa2Sd6Fg0Hj3Kl7Zx1Cv5Bn9Mq',
  ),
  openaiLegacy: join2('sk', '-', 'Hq7Lm2Xv9Rt4Wp6Zs1Kd3Nb8', 'T3BlbkFJ', 'Pe4Ui8Oa2Sd6Fg0Hj3Kl7Zx'),
  anthropic: join2(
    'sk',
    '-ant-api03-',
    'Hq7Lm2Xv9Rt4Wp6Zs1Kd3Nb8Fg5Jc0Ay-Pe4Ui8Oa2Sd6Fg0Hj3Kl7Zx1Cv5Bn9Mq',
    'AA',
  ),
  google: join2('AIza', 'SyD3xK9mP2vQ7rT4wY6zA1bC5eF8gH0jL2n'),
  jwt: [
    Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url'),
    Buffer.from('{"sub":"etl-bot","iat":1767225600}').toString('base64url'),
    'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
  ].join('.'),
};

const privateKeyPem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
  type: 'pkcs8',
  format: 'pem',
}) as string;
const rsaPrivateKeyPem = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({
  type: 'pkcs1',
  format: 'pem',
}) as string;
const certificatePem = readFileSync(
  join(__dirname, '..', 'certificates', 'fixtures', 'ec-p256-self-signed.pem'),
  'utf8',
);

/** A manifest in the shape of the spec's manifest-v1.md, with nothing secret in it. */
function realisticManifest() {
  return {
    apiVersion: 'vigil/v1',
    kind: 'Integration',
    metadata: {
      name: 'support-assistant',
      owner: 'support-platform',
      description: 'Summarise support tickets with an external LLM; the token is read from Vault at runtime',
    },
    systems: [
      {
        id: 'zendesk',
        kind: 'saas',
        provider: 'Zendesk',
        environment: 'production',
        location: { country: 'DE', region: 'eu-central-1' },
        operator: 'processor',
        dataCategories: ['user.contact.email', 'user.name', 'user.content', 'user.authorization.credentials'],
        encryption: {
          atRest: true,
          algorithm: 'AES-256',
          keyManagement: 'customer-managed',
          keyRotationDays: 365,
          backupsEncrypted: true,
          keyUsers: ['etl-bot'],
        },
        exposure: 'private',
        retentionDays: 365,
        agreements: { dpa: true, transferMechanism: 'sccs', dpfCertified: false },
        governance: {
          ropa: true,
          dpia: 'completed',
          dpiaRef: 'https://wiki.example.com/dpia/support-assistant',
        },
        logging: { auditLog: true, retentionDays: 400 },
      },
      {
        id: 'openai',
        kind: 'ai-model',
        provider: 'OpenAI',
        environment: 'production',
        location: { country: 'US' },
        operator: 'processor',
        agreements: { dpa: true, transferMechanism: 'sccs', dpfCertified: true },
        ai: { trainsOnCustomerData: false, automatedDecisions: false, humanReview: true, retentionDays: 0 },
      },
    ],
    flows: [
      {
        id: 'tickets-to-llm',
        from: 'zendesk',
        to: 'openai',
        dataCategories: ['user.content', 'user.contact.email'],
        purpose: 'essential.service',
        lawfulBasis: 'contract',
        transforms: [{ type: 'pseudonymise', categories: ['user.contact.email'] }],
        mode: 'api',
        runAs: 'llm-connector',
        transport: { protocol: 'https', tlsMinVersion: '1.2', certificate: certificatePem },
      },
    ],
    access: [
      {
        id: 'etl-writer',
        principal: {
          type: 'service-account',
          name: 'etl-bot',
          external: false,
          dailyUse: false,
          lastUsedDays: 3,
        },
        system: 'zendesk',
        permissions: ['read', 'write'],
        mfa: false,
        credential: { type: 'access-key', rotationDays: 90, expiresAt: new Date('2027-01-01') },
      },
      {
        id: 'llm-connector-key',
        principal: { type: 'service-account', name: 'llm-connector' },
        system: 'openai',
        permissions: ['read'],
        credential: { type: 'api-key', rotationDays: 30, expiresAt: '2027-01-01' },
      },
    ],
  };
}

const at = (key: string, value: unknown) => findSecrets({ systems: [{ id: 'db', [key]: value }] });

describe('findSecrets: known formats', () => {
  const cases: [string, string, SecretHit['kind'], string][] = [
    ['an AWS access key id', tokens.aws, 'aws-access-key-id', 'AKIA****'],
    ['an AWS temporary access key id', tokens.awsSession, 'aws-access-key-id', 'ASIA****'],
    ['a GitHub personal access token', tokens.github, 'github-token', 'ghp_****'],
    ['a GitHub OAuth token', tokens.githubOauth, 'github-token', 'gho_****'],
    ['a GitHub fine-grained token', tokens.githubFineGrained, 'github-token', 'github_pat_****'],
    ['a GitLab token', tokens.gitlab, 'gitlab-token', 'glpat-****'],
    ['a Slack bot token', tokens.slackBot, 'slack-token', 'xoxb-****'],
    ['a Slack app token', tokens.slackApp, 'slack-token', 'xapp-****'],
    ['a Stripe live secret key', tokens.stripe, 'stripe-live-key', 'sk_live_****'],
    ['a Stripe live restricted key', tokens.stripeRestricted, 'stripe-live-key', 'rk_live_****'],
    ['an OpenAI project key', tokens.openai, 'openai-api-key', 'sk-proj-****'],
    ['an OpenAI legacy key', tokens.openaiLegacy, 'openai-api-key', 'sk-****'],
    ['an Anthropic key', tokens.anthropic, 'anthropic-api-key', 'sk-ant-****'],
    ['a Google API key', tokens.google, 'google-api-key', 'AIza****'],
    ['a JWT', tokens.jwt, 'jwt', 'eyJ****'],
  ];

  it.each(cases)('finds %s in prose under any key', (_label, token, kind, masked) => {
    expect(at('x-notes', `CI clones with ${token} (rotate quarterly).`)).toEqual([
      { pointer: '/systems/0/x-notes', key: 'x-notes', kind, masked },
    ]);
  });

  it.each(cases)('finds %s as a whole value', (_label, token, kind, masked) => {
    expect(at('x-value', token)).toEqual([{ pointer: '/systems/0/x-value', key: 'x-value', kind, masked }]);
  });

  it('finds a PKCS#8 and a PKCS#1 private key block, masked to their header', () => {
    expect(at('x-deploy-key', privateKeyPem)).toEqual([
      {
        pointer: '/systems/0/x-deploy-key',
        key: 'x-deploy-key',
        kind: 'private-key',
        masked: '-----BEGIN PRIVATE KEY-----****',
      },
    ]);
    expect(at('privateKey', rsaPrivateKeyPem)).toEqual([
      {
        pointer: '/systems/0/privateKey',
        key: 'privateKey',
        kind: 'private-key',
        masked: '-----BEGIN RSA PRIVATE KEY-----****',
      },
    ]);
  });

  it('finds a private key bundled after a certificate, and nothing in the certificate', () => {
    expect(at('certificate', `${certificatePem}${privateKeyPem}`)).toEqual([
      {
        pointer: '/systems/0/certificate',
        key: 'certificate',
        kind: 'private-key',
        masked: '-----BEGIN PRIVATE KEY-----****',
      },
    ]);
  });

  it('does not search inside certificate blocks, but does search the text around them', () => {
    const lookalike = `-----BEGIN CERTIFICATE-----\nMIIB${'Qk'.repeat(30)}\n${tokens.google}\n-----END CERTIFICATE-----\n`;
    expect(at('certificate', lookalike)).toEqual([]);
    expect(at('x-notes', `before ${tokens.aws}\n${lookalike}after ${tokens.github}`)).toEqual([
      { pointer: '/systems/0/x-notes', key: 'x-notes', kind: 'aws-access-key-id', masked: 'AKIA****' },
      { pointer: '/systems/0/x-notes', key: 'x-notes', kind: 'github-token', masked: 'ghp_****' },
    ]);
  });

  it('finds a URL with a password, keeping user and host in the mask', () => {
    expect(at('x-dsn', 'postgres://etl:S3cr3t-Pa55@db.internal:5432/warehouse?sslmode=require')).toEqual([
      {
        pointer: '/systems/0/x-dsn',
        key: 'x-dsn',
        kind: 'url-credentials',
        masked: 'postgres://etl:****@db.internal:5432',
      },
    ]);
    expect(at('x-cache', 'redis://:hunter22@cache.internal:6379')).toEqual([
      {
        pointer: '/systems/0/x-cache',
        key: 'x-cache',
        kind: 'url-credentials',
        masked: 'redis://:****@cache.internal:6379',
      },
    ]);
  });

  it('reports two different secrets of one value separately, and a repeated one once', () => {
    expect(at('x-notes', `${tokens.aws} then ${tokens.github} and again ${tokens.github}`)).toEqual([
      { pointer: '/systems/0/x-notes', key: 'x-notes', kind: 'aws-access-key-id', masked: 'AKIA****' },
      { pointer: '/systems/0/x-notes', key: 'x-notes', kind: 'github-token', masked: 'ghp_****' },
    ]);
  });
});

describe('findSecrets: literal values under secret-like keys', () => {
  it('finds a password under a password key, weak ones too', () => {
    for (const [key, value] of [
      ['password', 'Summer2024!'],
      ['db_password', 's3cr3tP4ss'],
      ['PASSWD', 'Tr0ub4dor&3'],
      ['adminPwd', 'hunter2024'],
    ]) {
      expect(at(key, value)).toEqual([
        { pointer: `/systems/0/${key}`, key, kind: 'password', masked: '****' },
      ]);
    }
  });

  it('finds random-looking values under token, secret and key names', () => {
    for (const [key, value] of [
      ['clientSecret', '8f14e45fceea167a5a36dedd4bea2543'],
      ['apiToken', 'd41d8cd98f00b204e9800998ecf8427e'], // 3.39 bits/char: a 32-hex key under the 3.5 of the brief
      ['api_key', 'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA=='],
      ['X-Auth-Token', 'c2f0e1a4-7b9d-4e3a-9f6b-2d8c5a1e7f34'],
      ['secretAccessKey', 'q8Jd/3kLmP0x+R7vT2wZ5yB9cN4fH6gA1sE8uI0o'],
      ['webhookSecret', 'whsec_9fK2mQ7xR4tW6zB1cV8nL3pD5sJ0hG'],
    ]) {
      expect(at(key, value)).toEqual([
        { pointer: `/systems/0/${key}`, key, kind: 'high-entropy', masked: '****' },
      ]);
    }
  });

  it('reads a bearer token under an Authorization header', () => {
    expect(
      findSecrets({ flows: [{ headers: { Authorization: 'Bearer 9fK2mQ7xR4tW6zB1cV8nL3pD5sJ0hG' } }] }),
    ).toEqual([
      {
        pointer: '/flows/0/headers/Authorization',
        key: 'Authorization',
        kind: 'high-entropy',
        masked: '****',
      },
    ]);
  });

  it('judges a generic `value` by the key that holds it or by its sibling name', () => {
    const document = {
      access: [
        { id: 'a', credential: { type: 'api-key', value: '9fK2mQ7xR4tW6zB1cV8nL3pD5sJ0hG' } },
        {
          id: 'b',
          env: [
            { name: 'DB_PASSWORD', value: 'Summer2024!' },
            { name: 'LOG_LEVEL', value: 'debug-verbose-mode' },
          ],
        },
        { id: 'c', options: { value: '9fK2mQ7xR4tW6zB1cV8nL3pD5sJ0hG' } },
      ],
    };
    expect(findSecrets(document)).toEqual([
      { pointer: '/access/0/credential/value', key: 'value', kind: 'high-entropy', masked: '****' },
      { pointer: '/access/1/env/0/value', key: 'value', kind: 'password', masked: '****' },
    ]);
  });

  it('prefers the known format over the key when both apply', () => {
    expect(at('token', tokens.github)).toEqual([
      { pointer: '/systems/0/token', key: 'token', kind: 'github-token', masked: 'ghp_****' },
    ]);
  });
});

describe('findSecrets: what is not a secret', () => {
  const notSecrets: [string, unknown][] = [
    ['password', '${DB_PASSWORD}'],
    ['token', '${{ secrets.GH_TOKEN }}'],
    ['apiKey', '{{ .Values.openai.apiKey }}'],
    ['password', '$DB_PASSWORD'],
    ['token', '<redacted>'],
    ['secret', '[REDACTED]'],
    ['password', 'changeme'],
    ['password', '********'],
    ['password', 'managed-by-vault'],
    ['password', 'vault-db-prod-2'],
    ['password', 'disabled'],
    ['token', 'YOUR_API_KEY_HERE'],
    ['apiKey', 'your-openai-api-key'],
    ['secret', 'vault:secret/data/warehouse#password'],
    ['clientSecret', 'vault://kv/prod/zendesk/client-secret'],
    ['token', 'env:OPENAI_API_KEY'],
    ['apiKey', 'op://Engineering/OpenAI/credential'],
    ['secret', 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:prod/db-AbCdEf'],
    ['secret', 'projects/acme-prod/secrets/db-password/versions/latest'],
    ['password', 'ENC[AES256_GCM,data:Tr7oQ9x=,iv:9Yq1ZbXwE0s=,tag:2xQ==,type:str]'],
    ['passwordFile', '/run/secrets/db_password'],
    ['token', '/var/run/secrets/kubernetes.io/serviceaccount/token'],
    ['secretRef', 'openai-prod-key-7f3a9c2e1b8d'],
    ['tokenUrl', 'https://auth.example.com/oauth2/v1/token'],
    ['token', 'https://login.example.com/oauth/token?audience=api'],
    ['credentials', 'user.authorization.credentials'],
    ['token', 'etl-bot-service-account'],
    ['secret', 'support-assistant-v2-prod'],
    ['token', 'llmConnectorServiceAccount'],
    ['token', '2027-01-01T00:00:00Z'],
    ['credential', certificatePem],
    ['certificate', certificatePem],
    ['token', 'rotated every 90 days by the platform team'],
    ['x-notes', 'Never paste a -----BEGIN PRIVATE KEY----- block into a manifest.'],
    ['x-notes', 'the sk-learn-pipeline-production-model-v2 job and the task-scheduler'],
    ['apiKey', 'sk-learn-pipeline-production-model-v2'],
    ['x-value', 'AKIAIOSFODNN7EXAMPLE'],
    ['secretAccessKey', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
    ['x-value', join2('ghp', '_', 'X'.repeat(36))],
    ['x-value', join2('sk', '_live_', 'x'.repeat(24))],
    ['x-value', join2('sk', '_test_', '51Hq7Lm2Xv9Rt4Wp6Zs1Kd3Nb8')],
    ['x-link', 'https://user@git.example.com/org/repo.git'],
    ['x-link', 'https://api.example.com:8443/v1/items'],
    ['x-dsn', 'postgres://etl:${DB_PASSWORD}@db.internal:5432/warehouse'],
    ['x-dsn', 'mysql://app:<password>@db.internal/app'],
    ['x-encoded', Buffer.from('{"auths":{"registry.example.com":{}}}').toString('base64')],
    [
      'x-header',
      `${Buffer.from('{"typ":"none"}').toString('base64url')}.eyJzdWIiOiJ4In0.c2lnbmF0dXJlc2lnbmF0dXJl`,
    ],
    ['token', 'aaaa1111bbbb2222'], // 2.0 bits/char: a filler, under the 3.0 threshold
    ['password', 'aaaa1111'], // 1.0 bit/char: under the 2.5 threshold
    ['keyRotationDays', 365],
    ['password', true],
  ];

  it.each(notSecrets)('does not flag %s: %p', (key, value) => {
    expect(at(key, value)).toEqual([]);
  });

  it('finds nothing in a realistic manifest', () => {
    expect(findSecrets(realisticManifest())).toEqual([]);
  });
});

describe('findSecrets: pointers', () => {
  it('points into nested arrays and escapes / and ~ in keys (RFC 6901)', () => {
    const manifest = realisticManifest() as Record<string, unknown> & ReturnType<typeof realisticManifest>;
    Object.assign(manifest.systems[1], {
      'x-notes': `deploy token ${tokens.gitlab}`,
      'x-team/ops~1': { tokens: ['not-a-secret', tokens.github] },
    });
    Object.assign(manifest.flows[0].transforms[0], {
      'x-hook': `https://bot:Pa55-w0rd-9@hooks.example.com/x`,
    });
    expect(findSecrets(manifest)).toEqual([
      { pointer: '/systems/1/x-notes', key: 'x-notes', kind: 'gitlab-token', masked: 'glpat-****' },
      {
        pointer: '/systems/1/x-team~1ops~01/tokens/1',
        key: 'tokens',
        kind: 'github-token',
        masked: 'ghp_****',
      },
      {
        pointer: '/flows/0/transforms/0/x-hook',
        key: 'x-hook',
        kind: 'url-credentials',
        masked: 'https://bot:****@hooks.example.com',
      },
    ]);
  });

  it('points at the root for a bare string, and at array items of a root array', () => {
    expect(findSecrets(tokens.aws)).toEqual([
      { pointer: '', key: '', kind: 'aws-access-key-id', masked: 'AKIA****' },
    ]);
    expect(findSecrets(['x', tokens.aws])).toEqual([
      { pointer: '/1', key: '', kind: 'aws-access-key-id', masked: 'AKIA****' },
    ]);
  });

  it('survives a document that contains itself (YAML aliases)', () => {
    const node: Record<string, unknown> = { 'x-notes': tokens.google };
    node.self = node;
    node.list = [node];
    expect(findSecrets(node)).toEqual([
      { pointer: '/x-notes', key: 'x-notes', kind: 'google-api-key', masked: 'AIza****' },
    ]);
  });
});

describe('findSecrets: inputs that make naive patterns backtrack', () => {
  // How long each takes is measured by `npm run bench` (hostile inputs), not asserted here.

  it.each(PATHOLOGICAL_SECRET_INPUTS)('finds no secret in %s', (_label, text) => {
    expect(findSecrets({ token: text, 'x-notes': text })).toEqual([]);
  });
});

describe('tokenTexts', () => {
  it('gives the known-format tokens within a value as written, for masking', () => {
    expect(tokenTexts(`key ${tokens.aws} and ${tokens.github} end`)).toEqual([tokens.aws, tokens.github]);
  });

  it('leaves out private keys (masked line by line) and literal values (the whole string)', () => {
    expect(tokenTexts(privateKeyPem)).toEqual([]);
    expect(tokenTexts('Summer2024!xyz')).toEqual([]);
  });
});
