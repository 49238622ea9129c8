import type { SystemKind } from '../../manifests/manifest';

/** A namespace or URI without the user and password it may carry (those are reported as AC-011, never used as names). */
export function withoutCredentials(uri: string): string {
  return uri.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/i, '$1');
}

/** A system id from a namespace (and dataset name): `postgres://db:5432` → `postgres-db-5432`. */
export function systemIdOf(namespace: string, dataset?: string): string {
  const text = withoutCredentials(dataset === undefined ? namespace : `${namespace}/${dataset}`);
  const id = text
    .replace(/:\/\//, '-')
    .replace(/[^A-Za-z0-9._:-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+|-+$/g, '');
  return id === '' ? 'lineage' : id.slice(0, 200);
}

/** The kind of store a namespace's scheme names (OpenLineage naming conventions, `naming.md`). */
export function kindOfScheme(uri: string): SystemKind | undefined {
  const scheme =
    /^([a-z][a-z0-9+.-]*):/i.exec(uri)?.[1]?.toLowerCase() ?? (uri === 'bigquery' ? 'bigquery' : undefined);
  if (!scheme) return undefined;
  if (
    /^(postgres|postgresql|mysql|mariadb|sqlserver|mssql|oracle|db2|mongodb|cassandra|dynamodb|teradata|sqlite)$/.test(
      scheme,
    )
  )
    return 'database';
  if (/^(bigquery|snowflake|redshift|databricks|trino|presto|hive|athena|synapse|clickhouse)$/.test(scheme))
    return 'warehouse';
  if (/^(s3|s3a|s3n|gs|gcs|abfs|abfss|wasb|wasbs|azurite)$/.test(scheme)) return 'object-store';
  if (/^(hdfs|file|dbfs|sftp|ftp)$/.test(scheme)) return 'file-share';
  if (/^(kafka|pubsub|kinesis|pulsar|rabbitmq)$/.test(scheme)) return 'queue';
  return 'service';
}
