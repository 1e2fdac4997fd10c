/** npm run fuzz: placeholder replaced by the fuzz suite (see test/faults). */
console.log('fuzz: not yet written');
process.exitCode = 1;
