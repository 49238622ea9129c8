// Copies the non-TypeScript files that the compiled code reads (JSON Schemas) into dist/.
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
function copyJson(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const from = path.join(dir, entry.name);
    if (entry.isDirectory()) copyJson(from);
    else if (entry.name.endsWith('.json')) {
      const to = path.join(root, 'dist', path.relative(path.join(root, 'src'), from));
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.copyFileSync(from, to);
    }
  }
}
copyJson(path.join(root, 'src'));
