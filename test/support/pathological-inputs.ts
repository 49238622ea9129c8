/**
 * Text built to make naive secret patterns backtrack: the unit tests assert what is found in
 * each, `npm run bench` times them.
 */
export const PATHOLOGICAL_SECRET_INPUTS: [string, string][] = [
  ['sk- repeated', 'sk-'.repeat(200_000)],
  ['a long key-like run', 'sk-' + 'aB3'.repeat(200_000)],
  ['AKIA repeated', 'AKIA'.repeat(150_000)],
  ['eyJ with no dots', 'eyJ' + 'a'.repeat(600_000)],
  ['JWT-like dots', 'eyJaaaaaaaaaaaaa.'.repeat(40_000)],
  ['URL-like colons', 'https://' + 'a:'.repeat(300_000)],
  ['schemes with no host', 'ab://c:d'.repeat(80_000)],
  ['PEM headers with no end', '-----BEGIN PRIVATE KEY-----'.repeat(25_000)],
  ['PEM headers of other blocks', '-----BEGIN X-----'.repeat(40_000)],
];
