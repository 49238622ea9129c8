import * as fs from 'node:fs';
import { verifyReport } from '../report-signing/verify-report';
import { EXIT_FINDINGS, EXIT_PASSED } from './exit-codes';
import { UsageError } from './usage-error';

/**
 * `vigil report verify REPORT SIGNATURE [--cert CERT]`: checks a downloaded report against its
 * detached signature offline. Exit 0 when it verifies, 1 when it does not, 2 when a file cannot
 * be read.
 */
export function runReportVerify(
  reportFile: string,
  signatureFile: string,
  options: { cert?: string; format?: 'text' | 'json' },
): number {
  const report = readFile(reportFile, 'report');
  const signature = readFile(signatureFile, 'signature');
  const certificate =
    options.cert === undefined ? undefined : readFile(options.cert, 'certificate').toString('utf8');
  if (certificate !== undefined && !certificate.includes('-----BEGIN CERTIFICATE-----'))
    throw new UsageError(
      `${options.cert}: not a PEM certificate (GET /api/v1/reports/signing-certificate gives it)`,
    );
  const result = verifyReport(report, signature, certificate);
  if (options.format === 'json') {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return result.valid ? EXIT_PASSED : EXIT_FINDINGS;
  }
  if (!result.valid) {
    process.stdout.write(`INVALID: ${reportFile}: ${result.reason}\n  report SHA-256 ${result.sha256}\n`);
    return EXIT_FINDINGS;
  }
  const lines = [
    `valid: ${reportFile} is unchanged since it was signed`,
    `  report SHA-256  ${result.sha256}`,
    `  signed at       ${result.signingTime ?? 'unknown'}`,
    `  signer          ${result.signer!.subject.replace(/\n/g, ', ')}`,
    `  certificate     SHA-256 ${result.signer!.fingerprintSha256}, valid ${result.signer!.validFrom} to ${result.signer!.validTo}`,
    result.signerTrusted
      ? `  trusted         the signer is ${options.cert}`
      : "  not checked     who signed it: give the service's certificate with --cert (GET /api/v1/reports/signing-certificate)",
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return EXIT_PASSED;
}

function readFile(file: string, what: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    throw new UsageError(
      `cannot read the ${what} ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}
