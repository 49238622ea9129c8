import { emptyResult, type ImportResult } from '../imported-estate';
import { readInputDocuments, withSecrets } from '../input-documents';
import { AWS_ATTACHMENT_MAPPERS, AWS_SYSTEM_MAPPERS } from './aws-resources';
import { GCP_AZURE_ATTACHMENT_MAPPERS, GCP_AZURE_SYSTEM_MAPPERS } from './gcp-azure-resources';
import { PlanContext } from './plan-context';
import { parsePlan } from './plan-resources';

const SYSTEM_MAPPERS = { ...AWS_SYSTEM_MAPPERS, ...GCP_AZURE_SYSTEM_MAPPERS };
const ATTACHMENT_MAPPERS = { ...AWS_ATTACHMENT_MAPPERS, ...GCP_AZURE_ATTACHMENT_MAPPERS };

/** The resource types the importer maps, for the docs and `vigil import --help`. */
export const TERRAFORM_RESOURCE_TYPES = [
  ...Object.keys(SYSTEM_MAPPERS),
  ...Object.keys(ATTACHMENT_MAPPERS),
].sort();

/**
 * `terraform show -json` output → systems (stores, keys) and grants (IAM). Terraform says where
 * data is kept and how it is protected, never what data it is: every system comes without data
 * categories, and the rules that need them report it as not evaluated.
 */
export function importTerraformPlan(file: string, text: string): ImportResult {
  const result = emptyResult('terraform-plan', file);
  const read = readInputDocuments(file, text);
  result.errors.push(...read.problems);
  const document = read.documents[0];
  if (!document) return result;
  result.documents.push(...withSecrets([document]));
  if (typeof document.value !== 'object' || document.value === null || Array.isArray(document.value)) {
    result.errors.push({ file, line: 1, column: 1, message: 'a Terraform plan is a JSON object' });
    return result;
  }
  const plan = parsePlan(document);
  result.errors.push(...plan.errors);
  if (plan.errors.length > 0) return result;
  const context = new PlanContext(plan.resources, plan.providerRegions);
  for (const resource of plan.resources) SYSTEM_MAPPERS[resource.type]?.(resource, context);
  for (const resource of plan.resources) ATTACHMENT_MAPPERS[resource.type]?.(resource, context);
  for (const system of context.systems.values()) {
    // The provider rotates its own keys: rotation is only a question for customer-managed keys.
    if (system.system.encryption?.keyManagement === 'provider-managed')
      system.expresses.add('encryption/keyRotationDays');
  }
  for (const item of context.systems.values()) result.systems.push(item);
  for (const item of context.grants) result.grants.push(item);
  result.warnings.push(...context.notes.map((note) => ({ ...note.at, message: note.message })));
  return result;
}
