// The bench compiles to bench-dist/, and tsc emits the src/ files it imports there too. Those
// copies lack what the build adds beside dist/ (the JSON Schemas, validators, paths to
// package.json and policies/): the bench runs the real build instead, dist/, linked in their place.
const fs = require('node:fs');
const path = require('node:path');

const copies = path.join(__dirname, '..', 'bench-dist', 'src');
fs.rmSync(copies, { recursive: true, force: true });
fs.symlinkSync(path.join('..', 'dist'), copies, 'dir');
