// Tells binding.gyp whether the oneDNN backend's addon can be built here, and with which flags:
// `found` prints 1 or 0, `cflags` / `libs` print what to compile and link with. The probe builds
// and links a one-line program against oneDNN and OpenBLAS, found through pkg-config where it knows
// them (OpenBLAS) and the compiler's default paths otherwise (Debian's libdnnl-dev has no .pc file).
const { execSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

function pkg(args) {
  try {
    return execSync(`pkg-config ${args}`, { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    return '';
  }
}

const blasCflags = pkg('--cflags openblas');
const blasLibs = pkg('--libs openblas') || '-lopenblas';
const dnnlLibs = pkg('--libs dnnl') || '-ldnnl';
const cflags = [pkg('--cflags dnnl'), blasCflags, '-fopenmp'].filter(Boolean).join(' ');
const libs = [dnnlLibs, blasLibs, '-fopenmp'].join(' ');

function found() {
  if (process.env.ATARI_RL_NO_ONEDNN) return false;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onednn-probe-'));
  const src = path.join(dir, 'probe.cc');
  fs.writeFileSync(src, '#include <oneapi/dnnl/dnnl.hpp>\n#include <cblas.h>\nint main() { dnnl::engine e(dnnl::engine::kind::cpu, 0); float a = 1, c = 0; cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, 1, 1, 1, 1.f, &a, 1, &a, 1, 0.f, &c, 1); return c == 1 ? 0 : 1; }\n');
  try {
    execSync(`${process.env.CXX || 'c++'} -std=c++17 ${cflags} ${src} -o ${path.join(dir, 'probe')} ${libs}`, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const what = process.argv[2];
if (what === 'found') {
  const ok = found();
  if (!ok) process.stderr.write('atari-rl: oneDNN or OpenBLAS not found, building without the onednn backend (Debian/Ubuntu: apt-get install libdnnl-dev libopenblas-dev, then npm install)\n');
  console.log(ok ? 1 : 0);
} else if (what === 'cflags') console.log(cflags);
else if (what === 'libs') console.log(libs);
else if (what === 'sources') console.log(fs.readdirSync('native/tf').filter((f) => f.endsWith('.cc')).sort().map((f) => `native/tf/${f}`).join(' '));
else {
  console.error('usage: node scripts/onednn-probe.cjs found|cflags|libs|sources');
  process.exit(1);
}
