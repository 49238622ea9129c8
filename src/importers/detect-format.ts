import type { InputFormat } from './imported-estate';

/**
 * Which format a file is, from its content (extensions say nothing: all are .json or .yaml).
 * Looks at the opening of the text only, so the CLI can sort files before scanning them.
 */
export function detectInputFormat(text: string): InputFormat {
  const head = text.slice(0, 64 * 1024);
  if (/^\s*apiVersion:\s*["']?vigil\/v1/m.test(head) || /"apiVersion"\s*:\s*"vigil\/v1"/.test(head)) {
    return /^\s*kind:\s*["']?Overlay\b/m.test(head) || /"kind"\s*:\s*"Overlay"/.test(head)
      ? 'overlay'
      : 'vigil';
  }
  if (
    /"format_version"\s*:/.test(head) &&
    /"(terraform_version|planned_values|resource_changes|prior_state)"\s*:/.test(text)
  )
    return 'terraform-plan';
  if (/"(eventType|eventTime)"\s*:/.test(head) && /"(run|job|dataset|producer)"\s*:/.test(head))
    return 'openlineage';
  if (
    /^(system|dataset):\s*$/m.test(head) ||
    /"(fides_key|privacy_declarations|generate_results)"\s*:/.test(head)
  )
    return 'fides';
  return 'vigil';
}
