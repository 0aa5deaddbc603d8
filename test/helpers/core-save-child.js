'use strict';
// A child process for test/model/core-save.test.ts, over the compiled package (dist/).
//   node core-save-child.js grow <path> <n> <xfsz>   opens <path> 'a' with CORE (backing store),
//     adds /big (n float64), closes; prints {"closed":true} or {"error","name","isOpen"}.
//     xfsz: 'ignore' (Node's default: a write past the file size limit fails with EFBIG) or
//     'default' (SIGXFSZ's own action: the kernel kills the process in that write)
//   node core-save-child.js exit <path>   creates <path> with CORE and exits without close()
const h5 = require('../../dist');

const [task, p, n, xfsz] = process.argv.slice(2);
if (xfsz === 'default') {
  // libuv puts back SIG_DFL when the last listener goes.
  const listener = () => {};
  process.on('SIGXFSZ', listener);
  process.off('SIGXFSZ', listener);
}

if (task === 'grow') {
  const f = h5.openFile(p, 'a', { driver: 'H5FD_CORE' });
  f.createArray(
    '/',
    'big',
    Float64Array.from({ length: Number(n) }, (_, i) => i),
  );
  try {
    f.close();
    console.log(JSON.stringify({ closed: true }));
  } catch (err) {
    console.log(JSON.stringify({ error: err.message, name: err.name, isOpen: f.isOpen }));
  }
} else if (task === 'exit') {
  const f = h5.openFile(p, 'w', { driver: 'H5FD_CORE', title: 'Left open' });
  f.createArray('/', 'data', Float64Array.of(7, 8, 9));
  process.exit(0);
}
