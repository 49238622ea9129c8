import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Runs `command` in a fresh temporary folder holding `files`, and removes it afterwards. */
export function inFolderWith<T>(files: Record<string, Buffer | string>, command: (dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-report-'));
  try {
    for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
    return command(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The auditor's third-party check: `openssl cms -verify` exactly as the README shows it. */
export function opensslVerifies(report: Buffer, signature: Buffer, certificatePem: string): boolean {
  return inFolderWith({ report, 'report.p7s': signature, 'cert.pem': certificatePem }, (dir) => {
    try {
      execFileSync(
        'openssl',
        [
          'cms',
          '-verify',
          '-binary',
          '-inform',
          'DER',
          '-in',
          'report.p7s',
          '-content',
          'report',
          '-CAfile',
          'cert.pem',
          '-purpose',
          'any',
          '-out',
          os.devNull,
        ],
        { cwd: dir, stdio: 'pipe' },
      );
      return true;
    } catch {
      return false;
    }
  });
}
