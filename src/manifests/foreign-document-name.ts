/**
 * What findings on a document that is not a Vigil manifest name as their manifest and resource
 * (it has no metadata.name of Vigil's): the file, with the document's 1-based number when the
 * file holds several. Whoever reads the file again (remediation excerpts) finds the document by it.
 */
export function foreignDocumentName(file: string, index: number, documentsInFile: number): string {
  return documentsInFile > 1 ? `${file}#${index + 1}` : file;
}
