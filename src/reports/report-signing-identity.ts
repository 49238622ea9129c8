import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AppConfig } from '../config/app-config';
import {
  checkSigningIdentity,
  createSigningIdentityInBackground,
  type SigningIdentity,
} from '../report-signing/signing-identity';

/** Where the key and certificate made at first start are kept (the key readable by its owner only). */
export function signingFolder(config: AppConfig): string {
  return path.join(config.dataDir, 'report-signing');
}

/**
 * The configured key and certificate (VIGIL_REPORT_SIGNING_KEY, VIGIL_REPORT_SIGNING_CERT),
 * read and checked at start so that a file that cannot be used stops the service there.
 */
export function loadConfiguredIdentity(files: { keyFile: string; certificateFile: string }): SigningIdentity {
  return checked(files);
}

/**
 * Without configured files: the key and self-signed certificate made at first start under the
 * data folder, and kept for every start after, so that reports stay verifiable with the same
 * certificate. Making a 3072-bit key takes a while: it runs off the event loop.
 */
export async function loadOrCreateIdentity(config: AppConfig, now: Date): Promise<SigningIdentity> {
  const folder = signingFolder(config);
  const files = {
    keyFile: path.join(folder, 'signing-key.pem'),
    certificateFile: path.join(folder, 'signing-certificate.pem'),
  };
  if (!fs.existsSync(files.keyFile)) await create(config, files, now);
  await waitForCertificate(files.certificateFile);
  return checked(files);
}

function checked(files: { keyFile: string; certificateFile: string }): SigningIdentity {
  const identity = {
    privateKeyPem: readPem(files.keyFile, 'VIGIL_REPORT_SIGNING_KEY'),
    certificatePem: readPem(files.certificateFile, 'VIGIL_REPORT_SIGNING_CERT'),
  };
  const problem = checkSigningIdentity(identity);
  if (problem) throw new Error(`${problem} (${files.keyFile}, ${files.certificateFile})`);
  return identity;
}

function readPem(file: string, setting: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the report signing file ${file} (${setting}): ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/**
 * Makes the pair once. The key is linked into place exclusively, so two starts racing on one
 * folder (tests) keep one pair: the loser drops its own and waits for the winner's certificate.
 */
async function create(
  config: AppConfig,
  files: { keyFile: string; certificateFile: string },
  now: Date,
): Promise<void> {
  fs.mkdirSync(path.dirname(files.keyFile), { recursive: true, mode: 0o700 });
  const identity = await createSigningIdentityInBackground(
    `Vigil report signing (${path.basename(config.dataDir)})`,
    now,
  );
  const suffix = `${process.pid}-${Date.now()}`;
  const keyTemp = `${files.keyFile}.${suffix}`;
  const certificateTemp = `${files.certificateFile}.${suffix}`;
  fs.writeFileSync(keyTemp, identity.privateKeyPem, { mode: 0o600 });
  fs.writeFileSync(certificateTemp, identity.certificatePem, { mode: 0o644 });
  try {
    fs.linkSync(keyTemp, files.keyFile);
    fs.renameSync(certificateTemp, files.certificateFile);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    fs.rmSync(keyTemp, { force: true });
    fs.rmSync(certificateTemp, { force: true });
  }
}

async function waitForCertificate(certificateFile: string): Promise<void> {
  for (let attempt = 0; attempt < 100 && !fs.existsSync(certificateFile); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
