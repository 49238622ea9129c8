import { inspectCertificates } from '../certificates/certificate-inspector';
import { resolveCertificateSource } from '../certificates/certificate-source';
import type { InputProblem } from '../core/input-error';
import { locate } from '../yaml/document-locator';
import type { LoadedManifest } from '../manifests/manifest-loader';
import type { InspectedCertificate } from '../policies/evaluation-targets';

/** Reads a file a manifest references, by a path relative to the working folder; undefined if absent. */
export type CertificateFileReader = (path: string) => string | undefined;

/**
 * Reads and parses the transport certificates a manifest's flows reference. A reference that
 * cannot be read or parsed is an input error at the flow's `certificate` field.
 */
export function readCertificates(
  loaded: LoadedManifest,
  now: Date,
  readFile: CertificateFileReader = () => undefined,
  problems: InputProblem[],
): InspectedCertificate[] {
  const certificates: InspectedCertificate[] = [];
  (loaded.manifest.flows ?? []).forEach((flow, flowIndex) => {
    const reference = flow.transport?.certificate;
    if (reference === undefined) return;
    const problem = (message: string) =>
      problems.push({
        file: loaded.file,
        ...locate(loaded.document, `/flows/${flowIndex}/transport/certificate`),
        message: `flow '${flow.id}': ${message}`,
      });
    const source = resolveCertificateSource(reference, loaded.file, readFile);
    if ('error' in source) {
      problem(source.error);
      return;
    }
    try {
      // The leaf certificate is the one the flow's peer presents; the rest of a bundle is its chain.
      const [leaf] = inspectCertificates(source.pem, now);
      if (!leaf) problem('no certificate found in the PEM');
      else certificates.push({ flowIndex, facts: leaf, origin: source.origin, path: source.path });
    } catch (error) {
      problem((error as Error).message);
    }
  });
  return certificates;
}
