import * as fs from 'node:fs';
import type { ManifestSource } from '../manifests/manifest-loader';
import { Scanner, type PolicySelection } from '../scanner/scanner';
import { collectManifestFiles } from './collect-files';
import { readConfigFile } from './config-file';

export interface PolicyOptions {
  policies: string[];
  module: string[];
  skip: string[];
  config?: string;
}

export function policySelection(options: PolicyOptions): PolicySelection {
  const config = options.config ? readConfigFile(options.config) : undefined;
  return {
    policyFolders: options.policies,
    modules: options.module,
    skipRules: options.skip,
    parameters: config?.parameters,
    parametersOrigin: config?.origin,
  };
}

export function createScanner(options: PolicyOptions): Scanner {
  return new Scanner(policySelection(options));
}

export function readSources(paths: string[]): ManifestSource[] {
  return readSourceFiles(collectManifestFiles(paths));
}

export function readSourceFiles(files: string[]): ManifestSource[] {
  return files.map((path) => ({ path, content: fs.readFileSync(path) }));
}
