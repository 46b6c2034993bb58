// Lists the emulator addon's C++ sources for binding.gyp: every .cc file under native/, recursively,
// except native/tf (the oneDNN backend's addon, a target of its own).
const fs = require('fs');
const path = require('path');

function walk(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.posix.join(dir, e.name);
    return e.isDirectory() ? (p === 'native/tf' ? [] : walk(p)) : e.name.endsWith('.cc') ? [p] : [];
  });
}

console.log(walk('native').sort().join(' '));
