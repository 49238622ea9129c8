import { readDataFile } from './data-file';

export type CloudProvider = 'aws' | 'gcp' | 'azure';

/** Where a cloud region keeps its data: a country, or for a multi-region only the area (EEA) or nothing. */
export interface RegionLocation {
  region: string;
  country?: string;
  /** Set for multi-regions whose countries are unknown but all in the EEA. */
  area?: 'EEA';
  /** Why there is no country, for not-evaluated reasons and the docs. */
  description?: string;
}

interface CloudRegionsFile {
  checkedOn: string;
  aws: Record<string, string>;
  gcp: Record<string, string>;
  azure: Record<string, string>;
  multiRegions: Record<string, { country?: string; area?: 'EEA'; description: string }>;
}

let cached: CloudRegionsFile | undefined;

/** The country of a region or location as Terraform writes it; undefined when the table does not know it. */
export function locateRegion(provider: CloudProvider, region: string): RegionLocation | undefined {
  const table = (cached ??= readDataFile<CloudRegionsFile>('geography/cloud-regions.json'));
  const multi = Object.entries(table.multiRegions).find(
    ([name]) => name.toLowerCase() === region.toLowerCase(),
  );
  if (multi) return { region, ...multi[1] };
  // Azure writes "North Europe" as well as "northeurope"; GCP zones end in "-a".
  const key = provider === 'azure' ? region.toLowerCase().replace(/\s+/g, '') : region.toLowerCase();
  const country = table[provider][key] ?? table[provider][key.replace(/-[a-z]$/, '')];
  return country ? { region, country } : undefined;
}

export function cloudRegionsCheckedOn(): string {
  return (cached ??= readDataFile<CloudRegionsFile>('geography/cloud-regions.json')).checkedOn;
}
