import * as fs from 'node:fs';
import type { ManifestSource } from '../manifests/manifest-loader';
import { Scanner } from '../scanner/scanner';
import { collectManifestFiles } from './collect-files';
import { readConfigFile } from './config-file';

export interface PolicyOptions {
  policies: string[];
  module: string[];
  skip: string[];
  config?: string;
}

export function createScanner(options: PolicyOptions): Scanner {
  return new Scanner({
    policyFolders: options.policies,
    modules: options.module,
    skipRules: options.skip,
    parameters: options.config ? readConfigFile(options.config) : undefined,
  });
}

export function readSources(paths: string[]): ManifestSource[] {
  return collectManifestFiles(paths).map((path) => ({ path, content: fs.readFileSync(path) }));
}

/** Certificate files are read from disk, relative to the working folder like the manifests. */
export function readFileIfPresent(path: string): string | undefined {
  try {
    return fs.readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
