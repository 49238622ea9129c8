/**
 * The keys fideslang's models (ethyca/fideslang `models.py`, 2.x and 3.x) and the Fides API give
 * each resource. A key outside these lists, the renamed ones and the removed ones is an input
 * error with a "did you mean": a typo must not silently drop a field.
 */
export const SYSTEM_KEYS = [
  'fides_key',
  'organization_fides_key',
  'tags',
  'name',
  'description',
  'meta',
  'fidesctl_meta',
  'system_type',
  'egress',
  'ingress',
  'privacy_declarations',
  'administrating_department',
  'vendor_id',
  'previous_vendor_id',
  'vendor_deleted_date',
  'dataset_references',
  'processes_personal_data',
  'exempt_from_privacy_regulations',
  'reason_for_exemption',
  'uses_profiling',
  'legal_basis_for_profiling',
  'does_international_transfers',
  'legal_basis_for_transfers',
  'requires_data_protection_assessments',
  'dpa_location',
  'dpa_progress',
  'privacy_policy',
  'legal_name',
  'legal_address',
  'responsibility',
  'dpo',
  'joint_controller_info',
  'data_security_practices',
  'cookie_max_age_seconds',
  'uses_cookies',
  'cookie_refresh',
  'uses_non_cookie_access',
  'legitimate_interest_disclosure_url',
  'flexible_legal_basis_for_processing',
  'cookies',
  'user_id',
  'id',
  'created_at',
  'updated_at',
  'purposes',
  'special_purposes',
  'leg_int_purposes',
  'flexible_purposes',
  'features',
  'special_features',
  'data_declaration',
  'device_storage_disclosure_url',
  'overflow',
  'territorial_scope',
  'environments',
  'service_types',
  'domains',
  'logo',
  'gvl_version',
  'data_stewards',
  'system_groups',
  'hidden',
];

export const DECLARATION_KEYS = [
  'name',
  'data_categories',
  'data_use',
  'data_subjects',
  'dataset_references',
  'egress',
  'ingress',
  'features',
  'legal_basis_for_processing',
  'impact_assessment_location',
  'retention_period',
  'processes_special_category_data',
  'special_category_legal_basis',
  'data_shared_with_third_parties',
  'third_parties',
  'shared_categories',
  'flexible_legal_basis_for_processing',
  'cookies',
  'id',
  'system_id',
  'created_at',
  'updated_at',
];

export const DATA_FLOW_KEYS = ['fides_key', 'type', 'data_categories'];

export const DATASET_KEYS = [
  'fides_key',
  'organization_fides_key',
  'tags',
  'name',
  'description',
  'meta',
  'data_categories',
  'fides_meta',
  'collections',
  'retention',
  'third_country_transfers',
  'joint_controller',
];

export const COLLECTION_KEYS = [
  'name',
  'description',
  'data_categories',
  'retention',
  'fields',
  'fides_meta',
];

export const FIELD_KEYS = [
  'name',
  'description',
  'data_categories',
  'retention',
  'fides_meta',
  'fields',
  'tags',
];

/** Top-level resource lists of a Fides YAML file; only systems and datasets carry what Vigil checks. */
export const RESOURCE_LISTS = [
  'system',
  'dataset',
  'policy',
  'organization',
  'registry',
  'evaluation',
  'data_category',
  'data_use',
  'data_subject',
];

/** Renamed before fideslang 2.0 below a system or dataset (the system-level list is data/taxonomy/fideslang-1-renames.json). */
export const OLD_DATASET_KEYS: Record<string, string> = {
  data_qualifier: 'removed in fideslang 2.0 (no replacement)',
};
