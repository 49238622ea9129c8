import { loadManifests, type ManifestSource } from '../manifests/manifest-loader';
import { loadGeography } from '../reference-data/geography';
import type { ComplianceReport } from './report-model';

type Facts = Pick<ComplianceReport, 'deprecatedTaxonomyKeys'> & {
  adequacyScopesReliedOn: ComplianceReport['referenceData']['adequacyScopesReliedOn'];
};

const DEPRECATED = /'([^']+)' is deprecated since fideslang [^;]+(?:; use '([^']+)' instead)?/;

/**
 * What the report says about the manifests themselves: the partial adequacy decisions (CA, JP)
 * its systems rely on, which hold only within their scope, and the deprecated taxonomy keys
 * still in use. Read from the stored manifests of the scans, as the scanner reads them.
 */
export function manifestFacts(manifests: ManifestSource[], on: Date): Facts {
  const loaded = loadManifests(manifests);
  const geography = loadGeography();
  const scopes = new Map<string, Facts['adequacyScopesReliedOn'][number]>();
  for (const { manifest } of loaded.manifests) {
    for (const system of manifest.systems ?? []) {
      const country = system.location?.country;
      if (!country || geography.isInEEA(country)) continue;
      const decision = geography.adequacyFor(country, on);
      if (!decision?.scope) continue;
      const entry = scopes.get(decision.country) ?? {
        country: decision.country,
        name: decision.name,
        scope: decision.scope,
        systems: [],
      };
      if (!entry.systems.includes(system.id)) entry.systems.push(system.id);
      scopes.set(decision.country, entry);
    }
  }
  const deprecated = new Map<string, Facts['deprecatedTaxonomyKeys'][number]>();
  for (const warning of loaded.warnings) {
    const match = DEPRECATED.exec(warning.message);
    if (!match) continue;
    const entry = deprecated.get(match[1]) ?? { key: match[1], replacement: match[2] ?? null, files: [] };
    if (!entry.files.includes(warning.file)) entry.files.push(warning.file);
    deprecated.set(match[1], entry);
  }
  return {
    adequacyScopesReliedOn: [...scopes.values()]
      .map((entry) => ({ ...entry, systems: entry.systems.sort() }))
      .sort((a, b) => a.country.localeCompare(b.country)),
    deprecatedTaxonomyKeys: [...deprecated.values()]
      .map((entry) => ({ ...entry, files: entry.files.sort() }))
      .sort((a, b) => a.key.localeCompare(b.key)),
  };
}
